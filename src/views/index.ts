// View types: what each listing shows. Backends produce them, renderers print them (text and JSON
// from the same value, so they never disagree). Imports nothing of ours.

export interface AddrView {
  /** Canonical text without zone. */
  addr: string;
  /** Interface name for scoped addresses (fe80::1%em0), else null. */
  zone: string | null;
  plen: number;
  /** IN6_IFF_* bits. */
  flags: number;
  scopeid: number;
  /** The far end of a point-to-point link, else null. */
  dest: string | null;
  /** Configured lifetimes in seconds, null when infinite. */
  pltime: number | null;
  vltime: number | null;
  /** Remaining lifetimes in whole seconds (clamped at 0), null when infinite. */
  pltimeLeft: number | null;
  vltimeLeft: number | null;
}

export interface IfaceView {
  name: string;
  index: number;
  /** IFF_* bits. */
  flags: number;
  metric: number;
  mtu: number;
  /** IFCAP_* bits for the options= line. */
  options: number;
  description: string | null;
  lladdr: string | null;
  addrs: AddrView[];
  /** Interface groups other than 'all'. */
  groups: string[];
  media: string | null;
  status: 'active' | 'no carrier' | null;
  /** ND6_IFF_* bits (DEFAULTIF included when it is the ND default interface). */
  nd6: number;
}

/** What a DAD wait found for one address. */
export interface DadReport {
  ifname: string;
  addr: string;
  /**
   * tentative: the interface is down, DAD waits for it; detached: no carrier, DAD has not
   * started; gone: the address was removed before DAD finished; timeout: still tentative when
   * the wait (waited seconds) ran out.
   */
  state: 'ok' | 'duplicated' | 'tentative' | 'detached' | 'gone' | 'timeout';
  holder: string | null;
  waited?: number;
}

export interface SimNodeView {
  name: string;
  hostname: string;
  forwarding: boolean;
  /** addrs: ADDR/LEN, with %IF on link-local ones. */
  interfaces: {
    name: string;
    index: number;
    type: string;
    up: boolean;
    lladdr: string | null;
    link: string | null;
    addrs: string[];
  }[];
}

export interface SimView {
  clock: { mode: 'virtual' | 'real'; now: number };
  seed: number;
  nodes: SimNodeView[];
  links: {
    name: string;
    members: string[];
    faults: { loss: number; delay: number; mtu: number | null; down: boolean };
    capture: string | null;
  }[];
}

export interface LogView {
  node: string;
  entries: { at: number; msg: string }[];
}

/** One route as netstat and route(8) show it. */
export interface RouteView {
  /** Destination network (masked), canonical, without zone. */
  dst: string;
  plen: number;
  /** Interface name printed after % for a scoped destination, else null. */
  dstZone: string | null;
  gateway: { kind: 'addr'; addr: string; zone: string | null } | { kind: 'link'; index: number; name: string | null };
  /** RTF_* bits as the table holds them. */
  flags: number;
  ifname: string;
  /** Seconds left, null when the route does not expire. */
  expire: number | null;
  /** Route MTU if set, else the interface's. */
  mtu: number;
  weight: number;
}

export interface RouteGetView {
  route: RouteView;
  /** The source address RFC 6724 selection picks for the destination, if any. */
  source: string | null;
  sourceRule: string | null;
}

/** One change route monitor reports. */
export type MonitorEvent = { at: number; op: 'add' | 'delete' } & (
  | { kind: 'route'; route: RouteView }
  | { kind: 'addr'; addr: string; plen: number; ifname: string }
  | { kind: 'iface'; index: number; ifname: string; up: boolean; running: boolean; mtu: number }
  | { kind: 'neigh'; addr: string; zone: string | null; state: string; lladdr: string | null; ifname: string }
);

/** netstat -s: FreeBSD's ip6stat and icmp6stat fields the simulation counts. */
export interface StatsView {
  ip6: {
    total: number;
    delivered: number;
    forward: number;
    cantforward: number;
    localout: number;
    noroute: number;
    badscope: number;
    notmember: number;
    nxthist: Record<string, number>;
    sourcesNone: number;
    sourcesRule: number[];
  };
  icmp6: {
    error: number;
    outhist: Record<string, number>;
    inhist: Record<string, number>;
    unreachNoroute: number;
    unreachAdmin: number;
    unreachBeyondscope: number;
    unreachAddr: number;
    unreachNoport: number;
    packetTooBig: number;
    timeExceedTransit: number;
    reflect: number;
    badns: number;
    badna: number;
    badrs: number;
    badra: number;
  };
}

/** One neighbour cache entry as ndp -a shows it (the node's own addresses included). */
export interface NeighborView {
  addr: string;
  /** Interface name for a link-local neighbour (printed after %), else null. */
  zone: string | null;
  lladdr: string | null;
  ifname: string;
  /** Seconds left in the current state; null: permanent. */
  expire: number | null;
  /** N I R S D P (FreeBSD's letters). */
  state: string;
  router: boolean;
  proxy: boolean;
  /** NS sent in the current state. */
  probes: number;
  /** One of the node's own addresses (listed permanent; the kernel refuses to delete it). */
  local?: boolean;
  /** An ndp -s entry (NetBSD's ndp -c leaves it, as it is not cloned). */
  static?: boolean;
}

export interface PrefixView {
  prefix: string;
  plen: number;
  zone: string | null;
  ifname: string;
  raOnlink: boolean;
  raAutonomous: boolean;
  onlink: boolean;
  detached: boolean;
  /** Seconds as advertised or configured; null: infinity. */
  vltime: number | null;
  pltime: number | null;
  /** Seconds until it expires; null: never. */
  expire: number | null;
  refs: number;
  advertisers: { addr: string; zone: string | null; state: 'reachable' | 'unreachable' | 'no neighbor state' }[];
}

export interface RouterView {
  addr: string;
  zone: string;
  ifname: string;
  managed: boolean;
  other: boolean;
  pref: string;
  /** Seconds left; null: never. */
  expire: number | null;
}

/** ndp -i: an interface's ND parameters. */
export interface NdIfView {
  ifname: string;
  linkmtu: number;
  maxmtu: number;
  curhlim: number;
  basereachable: number;
  /** Seconds. */
  reachable: number;
  retrans: number;
  /** ND6_IFF_* bits. */
  flags: number;
}

/** What ping6 hears back for one request. */
export type PingEvent =
  | {
      kind: 'reply';
      from: string;
      zone: string | null;
      seq: number;
      hlim: number;
      bytes: number;
      /** Milliseconds; null when the request carried no timestamp (too few data bytes). */
      rtt: number | null;
      dup: boolean;
    }
  | { kind: 'error'; from: string; zone: string | null; bytes: number; icmpType: number; code: number };

/** One interface's multicast memberships as ifmcstat shows them. */
export interface McastIfView {
  ifname: string;
  index: number;
  /** The inet6 header's address (groups of interfaces without one are not shown). */
  linkLocal: string | null;
  lladdr: string | null;
  mld: { version: number; flags: number; rv: number; qi: number; qri: number; uri: number };
  /** Newest join first (the kernel's list order). */
  groups: { group: string; scoped: boolean; mode: 'include' | 'exclude'; sources: string[]; mac: string | null }[];
  /** Every membership in the kernel's list order: inet6 groups (by index in groups) and link-layer ones. */
  memberships: ({ kind: 'inet6'; group: number } | { kind: 'link'; mac: string })[];
}

/** NetBSD's ifmcstat of one interface: what its sysctls answer. */
export interface NbMcastIfView {
  ifname: string;
  index: number;
  /** net.inet6.multicast: the address the records hang on (in this interface's zone), null when there are none. */
  address: string | null;
  /** Each record with the interface whose zone the kernel embedded in it. */
  groups: { group: string; refs: number; ifname: string; index: number }[];
  /** net.inet6.multicast_kludge: the kludge records of every other interface (the kernel's test is inverted). */
  kludge: NbMcastIfView['groups'];
  /** net.sdl: the link address, null when there is none. */
  lladdr: string | null;
  /** net.ether.multicast: one range per MAC, newest first. */
  ether: { mac: string; refs: number }[];
}

/**
 * One route of NetBSD's table (netstat -r, route get under the netbsd profile): the world's
 * table as NetBSD's pre-lltable kernel would hold it (backend/nbroutes.ts).
 */
export interface NbRouteView {
  /** The key: address without zone, its prefix length (128 for a host route). */
  dst: string;
  plen: number;
  /** Interface name printed after % (link-local keys), else null. */
  dstZone: string | null;
  gateway:
    | { kind: 'addr'; addr: string; zone: string | null }
    | { kind: 'link'; index: number }
    | { kind: 'mac'; mac: string }
    | { kind: 'name'; name: string };
  /** NetBSD RTF_* bits (NB_RTF). */
  flags: number;
  /** rmx_mtu, 0 when unset. */
  mtu: number;
  ifname: string;
  /** The route's interface address (route get's local addr), null when it has none. */
  ifa: { addr: string; zone: string | null } | null;
}

/** A route NetBSD's route flush deleted, with its key as the kernel dumps it (zone in bytes 2-3). */
export interface NbFlushedView {
  route: NbRouteView;
  key: string;
}

/** One row of the address-selection policy table (ip6addrctl). */
export interface PolicyView {
  prefix: string;
  plen: number;
  precedence: number;
  label: number;
  use: number;
}

/** addrsel: one destination in RFC 6724 order. */
export interface AddrselView {
  destination: string;
  source: string | null;
  /** How the source was chosen (the rule of the last comparison). */
  sourceRule: string | null;
  precedence: number | null;
  label: number | null;
  /** The rule that put it after the previous destination (null for the first). */
  after: string | null;
}
