// Flag tables (docs/architecture.md, "Tables"): each family of kernel flag bits written once, one
// row per bit with the names each tool gives it, as iproute2's ifa_flag_data[] does. Parsing,
// printing, JSON and completions all read these rows; the engine's bit constants (IFF.UP,
// RTF.GATEWAY, ...) are derived from them. Values are FreeBSD's ABI (net/if.h, netinet6/in6_var.h,
// netinet6/nd6.h, net/route.h); this module imports nothing, so every layer may use it.

export interface FlagRow {
  readonly bit: number;
  /** The header's name without its prefix: printb's word in ifconfig and route(8). */
  readonly name: string;
  /** The lower-case keyword a tool reads and prints (ifconfig's inet6 and nd6 words, route's modifiers). */
  readonly word?: string;
  /** netstat -r's letter. */
  readonly letter?: string;
}

type Bits<R extends readonly FlagRow[]> = { readonly [K in R[number]['name']]: number };
const bitsOf = <R extends readonly FlagRow[]>(rows: R): Bits<R> =>
  Object.fromEntries(rows.map((r) => [r.name, r.bit])) as Bits<R>;

/** Interface flags (net/if.h IFF_*), in bit order. */
export const IFF_ROWS = [
  { bit: 0x1, name: 'UP' },
  { bit: 0x2, name: 'BROADCAST' },
  { bit: 0x4, name: 'DEBUG' },
  { bit: 0x8, name: 'LOOPBACK' },
  { bit: 0x10, name: 'POINTOPOINT' },
  { bit: 0x20, name: 'NEEDSEPOCH' },
  { bit: 0x40, name: 'RUNNING' },
  { bit: 0x80, name: 'NOARP' },
  { bit: 0x100, name: 'PROMISC' },
  { bit: 0x200, name: 'ALLMULTI' },
  { bit: 0x400, name: 'DRV_OACTIVE' },
  { bit: 0x800, name: 'SIMPLEX' },
  { bit: 0x1000, name: 'LINK0' },
  { bit: 0x2000, name: 'LINK1' },
  { bit: 0x4000, name: 'LINK2' },
  { bit: 0x8000, name: 'MULTICAST' },
  { bit: 0x10000, name: 'CANTCONFIG' },
  { bit: 0x20000, name: 'PPROMISC' },
  { bit: 0x40000, name: 'MONITOR' },
  { bit: 0x80000, name: 'STATICARP' },
  { bit: 0x100000, name: 'STICKYARP' },
  { bit: 0x200000, name: 'DYING' },
  { bit: 0x400000, name: 'RENAMING' },
  { bit: 0x800000, name: 'NOGROUP' },
  { bit: 0x1000000, name: 'LOWER_UP' },
] as const satisfies readonly FlagRow[];
export const IFF = bitsOf(IFF_ROWS);

/**
 * Address flags (netinet6/in6_var.h IN6_IFF_*), in bit order, which is the order ifconfig prints
 * their words in. NODAD has no word: it is a request, never shown.
 */
export const IN6_IFF_ROWS = [
  { bit: 0x01, name: 'ANYCAST', word: 'anycast' },
  { bit: 0x02, name: 'TENTATIVE', word: 'tentative' },
  { bit: 0x04, name: 'DUPLICATED', word: 'duplicated' },
  { bit: 0x08, name: 'DETACHED', word: 'detached' },
  { bit: 0x10, name: 'DEPRECATED', word: 'deprecated' },
  { bit: 0x20, name: 'NODAD' },
  { bit: 0x40, name: 'AUTOCONF', word: 'autoconf' },
  { bit: 0x80, name: 'TEMPORARY', word: 'temporary' },
  { bit: 0x100, name: 'PREFER_SOURCE', word: 'prefer_source' },
] as const satisfies readonly FlagRow[];
export const IN6_IFF = bitsOf(IN6_IFF_ROWS);

/** Per-interface ND flags (netinet6/nd6.h ND6_IFF_*) with ifconfig's nd6 keywords, in bit order. */
export const ND6_IFF_ROWS = [
  { bit: 0x1, name: 'PERFORMNUD', word: 'nud' },
  { bit: 0x2, name: 'ACCEPT_RTADV', word: 'accept_rtadv' },
  { bit: 0x4, name: 'PREFER_SOURCE', word: 'prefer_source' },
  { bit: 0x8, name: 'IFDISABLED', word: 'ifdisabled' },
  { bit: 0x10, name: 'DONT_SET_IFROUTE' },
  { bit: 0x20, name: 'AUTO_LINKLOCAL', word: 'auto_linklocal' },
  { bit: 0x40, name: 'NO_RADR', word: 'no_radr' },
  { bit: 0x80, name: 'NO_PREFER_IFACE', word: 'no_prefer_iface' },
  { bit: 0x100, name: 'NO_DAD', word: 'no_dad' },
  { bit: 0x8000, name: 'DEFAULTIF', word: 'defaultif' },
] as const satisfies readonly FlagRow[];
export const ND6_IFF = bitsOf(ND6_IFF_ROWS);

/**
 * ndp -i's words, in the order ndp.c prints them; ndp reads the same words to set them. IFDISABLED
 * is "disabled" there, not ifconfig's "ifdisabled".
 */
export const NDP_IFINFO_WORDS: readonly (readonly [number, string])[] = [
  [ND6_IFF.IFDISABLED, 'disabled'],
  [ND6_IFF.PERFORMNUD, 'nud'],
  [ND6_IFF.ACCEPT_RTADV, 'accept_rtadv'],
  [ND6_IFF.AUTO_LINKLOCAL, 'auto_linklocal'],
  [ND6_IFF.NO_PREFER_IFACE, 'no_prefer_iface'],
];

/**
 * Route flags (net/route.h RTF_*). The rows with a letter come first, in the order netstat's
 * rt_flags table prints them; word is libxo's name there and route(8)'s modifier where it has one.
 */
export const RTF_ROWS = [
  { bit: 0x1, name: 'UP', letter: 'U', word: 'up' },
  { bit: 0x2, name: 'GATEWAY', letter: 'G', word: 'gateway' },
  { bit: 0x4, name: 'HOST', letter: 'H', word: 'host' },
  { bit: 0x8, name: 'REJECT', letter: 'R', word: 'reject' },
  { bit: 0x10, name: 'DYNAMIC', letter: 'D', word: 'dynamic' },
  { bit: 0x20, name: 'MODIFIED', letter: 'M', word: 'modified' },
  { bit: 0x40, name: 'DONE', letter: 'd', word: 'done' },
  { bit: 0x200, name: 'XRESOLVE', letter: 'X', word: 'xresolve' },
  { bit: 0x800, name: 'STATIC', letter: 'S', word: 'static' },
  { bit: 0x8000, name: 'PROTO1', letter: '1', word: 'proto1' },
  { bit: 0x4000, name: 'PROTO2', letter: '2', word: 'proto2' },
  { bit: 0x40000, name: 'PROTO3', letter: '3', word: 'proto3' },
  { bit: 0x1000, name: 'BLACKHOLE', letter: 'B', word: 'blackhole' },
  { bit: 0x400000, name: 'BROADCAST', letter: 'b', word: 'broadcast' },
  { bit: 0x400, name: 'LLINFO', letter: 'L', word: 'llinfo' },
  { bit: 0x10000, name: 'PRCLONING' },
  { bit: 0x20000, name: 'WASCLONED' },
  { bit: 0x80000, name: 'FIXEDMTU' },
  { bit: 0x100000, name: 'PINNED' },
  { bit: 0x200000, name: 'LOCAL' },
  { bit: 0x800000, name: 'MULTICAST' },
  { bit: 0x10000000, name: 'STICKY' },
] as const satisfies readonly FlagRow[];
export const RTF = bitsOf(RTF_ROWS);

/**
 * NetBSD's route flags (sys/net/route.h of the tree the netbsd profile was read from), which
 * differ from FreeBSD's above 0x80: CLONING, CLONED and LOCAL exist, and a pre-lltable kernel
 * keeps neighbours and own addresses as routes. Rows in netstat's bits[] order (rtutil.c);
 * name is route(8)'s routeflags word, where it has one (ANNOUNCE has none there, LOCAL no letter).
 */
export const NB_RTF_ROWS = [
  { bit: 0x1, name: 'UP', letter: 'U' },
  { bit: 0x2, name: 'GATEWAY', letter: 'G' },
  { bit: 0x4, name: 'HOST', letter: 'H' },
  { bit: 0x8, name: 'REJECT', letter: 'R' },
  { bit: 0x1000, name: 'BLACKHOLE', letter: 'B' },
  { bit: 0x10, name: 'DYNAMIC', letter: 'D' },
  { bit: 0x20, name: 'MODIFIED', letter: 'M' },
  { bit: 0x40, name: 'DONE', letter: 'd' },
  { bit: 0x80, name: 'MASK_PRESENT', letter: 'm' },
  { bit: 0x100, name: 'CLONING', letter: 'C' },
  { bit: 0x200, name: 'XRESOLVE', letter: 'X' },
  { bit: 0x400, name: 'LLINFO', letter: 'L' },
  { bit: 0x800, name: 'STATIC', letter: 'S' },
  { bit: 0x8000, name: 'PROTO1', letter: '1' },
  { bit: 0x4000, name: 'PROTO2', letter: '2' },
  { bit: 0x2000, name: 'CLONED', letter: 'c' },
  { bit: 0x20000, name: 'ANNOUNCE', letter: 'p' },
  { bit: 0x40000, name: 'LOCAL' },
] as const satisfies readonly FlagRow[];
export const NB_RTF = bitsOf(NB_RTF_ROWS);

/** MLD per-interface flags (netinet6/mld6_var.h MLIF_*), as ifmcstat prints them. */
export const MLD_IFF = { SILENT: 0x1, USEALLOW: 0x2 } as const;

/** route(8)'s flag modifiers: the words a route command sets a bit with. */
export const ROUTE_MODIFIER_FLAGS: ReadonlySet<string> = new Set([
  'reject',
  'blackhole',
  'proto1',
  'proto2',
  'xresolve',
  'static',
]);

/** The bit a row's word names, or undefined. */
export function bitOfWord(rows: readonly FlagRow[], word: string): number | undefined {
  return rows.find((r) => r.word === word)?.bit;
}
