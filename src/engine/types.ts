// The world as it is saved: plain JSON data, no closures. Instants are milliseconds on the
// world clock and are named ...At / ...Until. Addresses are kept in canonical text.

import type { Ip6Text } from '../addr/index.js';
import type { RtadvSettings } from '../proto.js';
import type { Rib } from './rib.js';
import type { Stats } from './stats.js';

export const SCHEMA_VERSION = 5;

export type ClockMode = 'virtual' | 'real';

export interface Clock {
  mode: ClockMode;
  /** Milliseconds since the world began. */
  now: number;
  /** Real mode: the wall-clock time (ms since the epoch) that corresponds to now = 0. */
  wallOrigin: number;
}

export interface World {
  schemaVersion: number;
  clock: Clock;
  seed: number;
  /** State of the seeded generator: the only randomness in the engine. */
  rng: number;
  /** Next sequence number for timers and object ids: same-instant timers fire in this order. */
  seq: number;
  timers: Timer[];
  nodes: Node[];
  links: Link[];
}

export interface Link {
  name: string;
  /** The pcap file every frame put on the link is appended to, or null (sim capture). */
  capture: string | null;
  faults: LinkFaults;
}

/** What the link does to frames (sim link set): deterministic from the world's seed. */
export interface LinkFaults {
  /** Percent of deliveries lost, drawn per receiver. */
  loss: number;
  /** Milliseconds added to the link's own delay. */
  delay: number;
  /** Largest IPv6 packet carried, or null for any. */
  mtu: number | null;
  /** Nothing is delivered (the NICs keep their carrier: a broken switch, not an unplugged cable). */
  down: boolean;
}

/** net.inet6.ip6 variables: each a plain int (SYSCTL_INT in in6_proto.c); a switch is on when non-zero. */
export interface Knobs {
  /** net.inet6.ip6.forwarding */
  forwarding: number;
  /** net.inet6.ip6.accept_rtadv: ACCEPT_RTADV on new interfaces */
  accept_rtadv: number;
  /** net.inet6.ip6.auto_linklocal: AUTO_LINKLOCAL on new interfaces */
  auto_linklocal: number;
  /** net.inet6.ip6.dad_count: DupAddrDetectTransmits */
  dad_count: number;
  /** net.inet6.ip6.use_tempaddr (RFC 4941) */
  use_tempaddr: number;
  /** net.inet6.ip6.prefer_tempaddr */
  prefer_tempaddr: number;
}

export interface LogEntry {
  at: number;
  msg: string;
}

export interface Node {
  name: string;
  hostname: string;
  knobs: Knobs;
  ifaces: Iface[];
  nextIndex: number;
  /** The routing table (rib.ts); the store keeps it apart from the JSON when it is large. */
  rib: Rib;
  policy: PolicyEntry[];
  log: LogEntry[];
  stats: Stats;
  /** The default router list (ndp -r), best first. */
  routers: DefaultRouter[];
  /** Prefixes learned from RAs (ndp -p adds those of manual addresses). */
  prefixes: NdPrefix[];
  /** ndp -I: the ND default interface index, 0 when none. */
  ndDefaultIf: number;
  /** Open ICMPv6 sockets (ping6): what arrives for their identifier. */
  sockets: IcmpSocket[];
}

export type NdState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE';

/** A neighbour cache entry (nd6.c's llentry). */
export interface Neighbor {
  addr: Ip6Text;
  lladdr: string | null;
  state: NdState;
  router: boolean;
  /** ndp -s: never expires (unless temp). */
  static: boolean;
  /** ndp -s ... proxy: we answer NS for this address. */
  proxy: boolean;
  /** When the state's timer fires (null: never). */
  timerAt: number | null;
  /** NS sent in the current state. */
  asked: number;
  /** Packets waiting for resolution. */
  held: Packet[];
}

/** Per-interface ND parameters (ndp -i). */
export interface NdIfInfo {
  basereachable: number;
  /** The randomised ReachableTime (ms). */
  reachable: number;
  retrans: number;
  curhlim: number;
  /** MTU from an RA's MTU option, 0 when none. */
  linkmtu: number;
  /**
   * The world's event sequence (World.seq) when the interface last accepted a router
   * advertisement: rtsol waits for one later than its own solicitation.
   */
  lastRaSeq: number | null;
}

export interface DefaultRouter {
  addr: Ip6Text;
  ifindex: number;
  managed: boolean;
  other: boolean;
  pref: 'medium' | 'high' | 'low' | 'rsv';
  expireAt: number;
}

export interface NdPrefix {
  prefix: Ip6Text;
  plen: number;
  ifindex: number;
  /** The RA's L and A flags. */
  raOnlink: boolean;
  raAutonomous: boolean;
  /** The prefix route is installed. */
  onlink: boolean;
  /** Seconds as advertised (0xffffffff infinite). */
  vltime: number;
  pltime: number;
  /** null: never. */
  expireAt: number | null;
  advertisers: { addr: Ip6Text; ifindex: number }[];
  /**
   * From World.seq when the prefix entered the list, so that it orders with addresses' ids
   * (ndp -p lists newest first, as FreeBSD's LIST_INSERT_HEAD).
   */
  seq: number;
}

/** A router's advertisement configuration for one interface (the rtadvd role). */
export interface RtadvConfig extends RtadvSettings {
  prefixes: PrefixInfo[];
  /** Prefixes taken out of the configuration: advertised with zero lifetimes until withdrawnUntil. */
  withdrawn: (PrefixInfo & { until: number })[];
  /** RAs sent so far (the first few go out at short intervals). */
  sent: number;
  lastAt: number | null;
  /** Bumped on every (re)configuration so that stale send timers do nothing. */
  gen: number;
}

export interface IcmpSocket {
  ident: number;
  rx: { at: number; src: Ip6Text; hlim: number; ifindex: number; body: Icmp6 }[];
}

export interface PrefixInfo {
  prefix: Ip6Text;
  plen: number;
  onlink: boolean;
  autonomous: boolean;
  /** Seconds (0xffffffff infinite). */
  vltime: number;
  pltime: number;
}

/** The ICMPv6 messages the simulation carries (RFC 4443, 4861). */
export type Icmp6 =
  | { type: 'NS'; target: Ip6Text; slla: string | null }
  | { type: 'NA'; target: Ip6Text; tlla: string | null; router: boolean; solicited: boolean; override: boolean }
  | { type: 'RS'; slla: string | null }
  | {
      type: 'RA';
      curhlim: number;
      managed: boolean;
      other: boolean;
      routerLifetime: number;
      reachable: number;
      retrans: number;
      slla: string | null;
      mtu: number | null;
      prefixes: PrefixInfo[];
    }
  | { type: 'ECHO' | 'ECHO_REPLY'; ident: number; seq: number; size: number; sentAt: number }
  | { type: 'MLD_REPORT'; records: { type: 'TO_EX' | 'TO_IN'; group: Ip6Text; sources: Ip6Text[] }[] }
  /** Destination unreachable (1) or time exceeded (3), quoting the offending packet. */
  | {
      type: 'ERROR';
      icmpType: 1 | 3;
      code: number;
      orig: { src: Ip6Text; dst: Ip6Text; ident: number | null; seq: number | null };
    };

export interface Packet {
  src: Ip6Text;
  dst: Ip6Text;
  hlim: number;
  body: Icmp6;
}

export interface Frame {
  srcMac: string;
  dstMac: string;
  pkt: Packet;
}

export type IfType = 'loop' | 'ether' | 'gif' | 'tun' | 'tap' | 'epair' | 'bridge';

export interface Iface {
  name: string;
  index: number;
  type: IfType;
  /** Administratively up (IFF_UP). */
  up: boolean;
  mtu: number;
  lladdr: string | null;
  /** The simulated link this interface is plugged into (carrier), if any. */
  link: string | null;
  /** ND6_IFF_* bits. */
  nd6: number;
  description: string | null;
  addrs: Addr[];
  groups: Group[];
  neighbors: Neighbor[];
  ndi: NdIfInfo;
  rtadv: RtadvConfig | null;
  /** What NetBSD's kernel keeps for the interface (nbmulti.ts, nblocal.ts). */
  nbMulti: NbMulti;
}

/**
 * What NetBSD's kernel keeps per interface and FreeBSD's does not (nbmulti.ts): its in6_multi
 * list, head first, its Ethernet multicast list, where its ff0x cloning routes came from, and
 * which own addresses have lost their local route.
 */
export interface NbMulti {
  inet6: { group: Ip6Text; refs: number }[];
  ether: { mac: string; refs: number }[];
  /**
   * The address whose arrival installed the interface's ff01::/32 and ff02::/32 cloning routes
   * (in6_update_ifa1, first address only); they stay when it goes. Null before any address.
   */
  routeVia: Ip6Text | null;
  /**
   * Addresses of this interface whose local route the netbsd profile's route flush or ndp -d
   * deleted and no lookup has cloned back yet (nblocal.ts).
   */
  unrouted: Ip6Text[];
}

export type AddrOrigin = 'manual' | 'linklocal' | 'loopback' | 'autoconf';

/** How DAD ended for an address (gVisor's closed set). */
export type DadOutcome =
  | { kind: 'succeeded'; at: number }
  | { kind: 'duplicate'; at: number; holder: string | null }
  | { kind: 'skipped' };

export interface DadState {
  probesLeft: number;
  nsOut: number;
  nsIn: number;
  naIn: number;
}

export interface Addr {
  /** Unique within the world: timers refer to it, so a re-created address ignores old timers. */
  id: number;
  addr: Ip6Text;
  plen: number;
  /** IN6_IFF_* bits. */
  flags: number;
  origin: AddrOrigin;
  /** When the address was made (ia6_createtime): a temporary's lifetimes are capped from it. */
  createdAt: number;
  /** Configured lifetimes in seconds; null is infinite. */
  pltime: number | null;
  vltime: number | null;
  preferredUntil: number | null;
  validUntil: number | null;
  dad: DadState | null;
  outcome: DadOutcome | null;
  /** Multicast groups this address holds a reference on. */
  memberships: Ip6Text[];
  /** The far end of a point-to-point link (a host route goes to it), else null. */
  dest: Ip6Text | null;
}

export interface Group {
  group: Ip6Text;
  /** Stack users (addresses, all-nodes, all-routers, proxy entries): each an any-source join. */
  refs: number;
  /** Application sockets' filters (ip6kit sim mcast). */
  sockets: { socket: number; mode: 'include' | 'exclude'; sources: Ip6Text[] }[];
}

export interface Route {
  dst: Ip6Text;
  plen: number;
  /** Interface index for scoped destinations (fe80::%em0/64), else 0. */
  zone: number;
  /** A gateway address (with its zone index), or the interface itself (link#N). */
  gateway: { addr: Ip6Text; zone: number } | { link: number };
  /** Outgoing interface index. */
  ifindex: number;
  /** RTF_* bits. */
  flags: number;
  /** How many addresses need this stack-owned route; 0 for a static route (route add). */
  refs: number;
  /** Route MTU (route -mtu); 0 means the interface's. */
  mtu: number;
  expireAt: number | null;
}

export interface PolicyEntry {
  prefix: Ip6Text;
  plen: number;
  precedence: number;
  label: number;
  use: number;
}

export type Timer =
  | { at: number; seq: number; kind: 'dad-probe'; node: string; ifindex: number; addrId: number }
  | { at: number; seq: number; kind: 'dad-finish'; node: string; ifindex: number; addrId: number }
  | { at: number; seq: number; kind: 'deliver'; link: string; fromNode: string; fromIf: number; frame: Frame }
  | { at: number; seq: number; kind: 'loop'; node: string; ifindex: number; pkt: Packet }
  | { at: number; seq: number; kind: 'nd'; node: string; ifindex: number; addr: Ip6Text }
  | { at: number; seq: number; kind: 'ra-send'; node: string; ifindex: number; gen: number; solicited: boolean }
  | { at: number; seq: number; kind: 'router-expire'; node: string; ifindex: number; addr: Ip6Text }
  | { at: number; seq: number; kind: 'prefix-expire'; node: string; ifindex: number; prefix: Ip6Text; plen: number }
  | { at: number; seq: number; kind: 'preferred-end'; node: string; ifindex: number; addrId: number }
  | { at: number; seq: number; kind: 'valid-end'; node: string; ifindex: number; addrId: number }
  | { at: number; seq: number; kind: 'route-expire'; node: string; dst: Ip6Text; plen: number; zone: number };

export type TimerKind = Timer['kind'];
