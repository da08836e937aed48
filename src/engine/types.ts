// The world as it is saved: plain JSON data, no closures. Instants are milliseconds on the
// world clock and are named ...At / ...Until. Addresses are kept in canonical text.

import type { Rib } from './rib.js';
import type { Stats } from './stats.js';

export const SCHEMA_VERSION = 2;

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
}

export interface Knobs {
  /** net.inet6.ip6.forwarding */
  forwarding: boolean;
  /** net.inet6.ip6.accept_rtadv: ACCEPT_RTADV on new interfaces */
  accept_rtadv: boolean;
  /** net.inet6.ip6.auto_linklocal: AUTO_LINKLOCAL on new interfaces */
  auto_linklocal: boolean;
  /** net.inet6.ip6.dad_count: DupAddrDetectTransmits */
  dad_count: number;
  /** net.inet6.ip6.use_tempaddr (RFC 4941) */
  use_tempaddr: boolean;
  /** net.inet6.ip6.prefer_tempaddr */
  prefer_tempaddr: boolean;
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
  addr: string;
  plen: number;
  /** IN6_IFF_* bits. */
  flags: number;
  origin: AddrOrigin;
  /** Configured lifetimes in seconds; null is infinite. */
  pltime: number | null;
  vltime: number | null;
  preferredUntil: number | null;
  validUntil: number | null;
  dad: DadState | null;
  outcome: DadOutcome | null;
  /** Multicast groups this address holds a reference on. */
  memberships: string[];
}

export interface Group {
  group: string;
  refs: number;
}

export interface Route {
  dst: string;
  plen: number;
  /** Interface index for scoped destinations (fe80::%em0/64), else 0. */
  zone: number;
  /** A gateway address (with its zone index), or the interface itself (link#N). */
  gateway: { addr: string; zone: number } | { link: number };
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
  prefix: string;
  plen: number;
  precedence: number;
  label: number;
  use: number;
}

/** A message on a link: what DAD needs of ND (RFC 4861 4.3, 4.4). */
export type NdMessage =
  | { type: 'NS'; src: string; target: string; srcMac: string | null }
  | { type: 'NA'; target: string; mac: string; solicited: boolean; override: boolean; router: boolean };

export type Timer =
  | { at: number; seq: number; kind: 'dad-probe'; node: string; ifindex: number; addrId: number }
  | { at: number; seq: number; kind: 'dad-finish'; node: string; ifindex: number; addrId: number }
  | { at: number; seq: number; kind: 'deliver'; link: string; fromNode: string; fromIf: number; msg: NdMessage }
  | { at: number; seq: number; kind: 'preferred-end'; node: string; ifindex: number; addrId: number }
  | { at: number; seq: number; kind: 'valid-end'; node: string; ifindex: number; addrId: number }
  | { at: number; seq: number; kind: 'route-expire'; node: string; dst: string; plen: number; zone: number };

export type TimerKind = Timer['kind'];
