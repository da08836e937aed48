// Protocol constants and KAME defaults, each with its source. Times are in milliseconds.
export { INFINITE_LIFETIME, IPV6_MMTU } from '../proto.js';

/** RFC 4861 10: RETRANS_TIMER, the default RetransTimer. */
export const RETRANS_TIMER_MS = 1000;
/** RFC 4862 5.1: DupAddrDetectTransmits default (net.inet6.ip6.dad_count). */
export const DAD_TRANSMITS = 1;
/** RFC 4861 10: MAX_RTR_SOLICITATION_DELAY; KAME delays DAD of auto-configured addresses by up to this. */
export const MAX_RTR_SOLICITATION_DELAY_MS = 1000;
/** RFC 4861 10: REACHABLE_TIME. */
export const REACHABLE_TIME_MS = 30_000;
/** RFC 4861 10: MAX_MULTICAST_SOLICIT, MAX_UNICAST_SOLICIT, DELAY_FIRST_PROBE_TIME. */
export const MAX_MULTICAST_SOLICIT = 3;
export const MAX_UNICAST_SOLICIT = 3;
export const DELAY_FIRST_PROBE_TIME_MS = 5000;
/** nd6.c V_nd6_gctimer: a STALE entry is collected after a day. */
export const ND6_GCTIMER_MS = 86_400_000;
/** nd6.c V_nd6_maxqueuelen: packets held per INCOMPLETE entry. */
export const ND6_MAXQUEUELEN = 16;
/** RFC 4861 10: router constants (rtadvd's defaults). */
export const MAX_INITIAL_RTR_ADVERT_INTERVAL_MS = 16_000;
export const MAX_INITIAL_RTR_ADVERTISEMENTS = 3;
export const MIN_DELAY_BETWEEN_RAS_MS = 3000;
export const MAX_RA_DELAY_TIME_MS = 500;
export const RTR_SOLICITATION_INTERVAL_MS = 4000;
export const MAX_RTR_SOLICITATIONS = 3;
/** RFC 4862 5.5.3 (e): the two-hour rule. */
export const TWO_HOURS_S = 7200;
/** RFC 4941 3.5 (FreeBSD net.inet6.ip6.temppltime / tempvltime, regen advance). */
export const TEMP_PREFERRED_LIFETIME_S = 86_400;
export const TEMP_VALID_LIFETIME_S = 604_800;
export const REGEN_ADVANCE_S = 5;
/** RFC 4941 MAX_DESYNC_FACTOR as FreeBSD sets it (MAX_TEMP_DESYNC_FACTOR, 600 s). */
export const MAX_TEMP_DESYNC_FACTOR_S = 600;
/** KAME honours at most this many options in one RA (seed 003). */
export const ND_MAX_OPTIONS = 10;
/** One-way delay of a simulated link, and of the loopback. */
export const LINK_DELAY_MS = 0.25;
export const LOOP_DELAY_MS = 0.01;
/** The default hop limit (net.inet6.ip6.hlim). */
export const DEFAULT_HLIM = 64;

/** Default MTUs by interface type (if_ethersubr.c ETHERMTU, if_loop.c LOMTU, if_gif.c GIF_MTU). */
export const ETHERMTU = 1500;
export const LOMTU = 16384;
export const GIF_MTU = 1280;
/** IFNAMSIZ - 1: the longest interface name. */
export const IFNAME_MAX = 15;

// The flag families (IFF, IN6_IFF, ND6_IFF, RTF) are written once, as rows, in src/flags.ts.
export { IFF, IN6_IFF, ND6_IFF, RTF } from '../flags.js';
