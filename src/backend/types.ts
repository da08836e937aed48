import type { ProfileName } from '../render/profile.js';
import type { Errno, Op } from '../errno.js';
// The seam between what the tools want and how it is done: the simulated stack or Linux.
import type {
  AddrselView,
  DadReport,
  IfaceView,
  McastIfView,
  NbMcastIfView,
  NbFlushedView,
  NbRouteView,
  PolicyView,
  MonitorEvent,
  NdIfView,
  NeighborView,
  PingEvent,
  PrefixView,
  RouterView,
  RouteGetView,
  RouteView,
  StatsView,
} from '../views/index.js';

/** A failed kernel request: which request (FreeBSD's ioctl name) and the errno it got. */
export class OpError extends Error {
  constructor(
    readonly op: Op,
    readonly errno: Errno,
    readonly subject: string = '',
  ) {
    super(`${op}: ${errno}${subject ? ` (${subject})` : ''}`);
    this.name = 'OpError';
  }
}

/** The routing message each route request is (route(8) names its failures by it). */
export const RTM: Record<RouteRequest['op'], Op> = { add: 'RTM_ADD', change: 'RTM_CHANGE', delete: 'RTM_DELETE' };

/** Anything else a backend refuses (no such node, damaged state, unavailable kernel interface). */
export class BackendError extends Error {
  /** unavailable: the backend cannot run here at all (exit 69). */
  constructor(
    message: string,
    readonly unavailable = false,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}

export interface AddrChange {
  /** Canonical address text (zone removed). */
  addr: string;
  /** null: keep the existing length on update, else 64. */
  plen: number | null;
  /** The far end of a point-to-point link (ifconfig gif0 inet6 A B prefixlen 128). */
  dest: string | null;
  eui64: boolean;
  remove: boolean;
  alias: boolean;
  flagsSet: number;
  flagsClear: number;
  pltime: number | null | undefined;
  vltime: number | null | undefined;
}

/** One ifconfig invocation, parsed: applied as one transaction, address change last. */
export interface IfconfigChange {
  ifname: string;
  create: boolean;
  destroy: boolean;
  up: boolean | null;
  mtu: number | null;
  lladdr: string | null;
  description: string | null | undefined;
  nd6Set: number;
  nd6Clear: number;
  addr: AddrChange | null;
}

/** wait: block for DAD and remove a duplicate; keep: block, keep it marked duplicated; nowait: return at once. */
export type DadMode = 'wait' | 'keep' | 'nowait';

export interface IfconfigOutcome {
  /** Names a 'create' made (epair makes two). */
  created: string[];
  dad: DadReport | null;
}

export interface WaitResult {
  reports: DadReport[];
  timedOut: boolean;
}

/** An address as typed: a zone by name (fe80::1%em0) or index (fe80::1%1, KAME's fe80:1::1). */
export interface ScopedAddr {
  addr: string;
  zone: string | number | null;
}

/** One route(8) add, change or delete, parsed. */
export interface RouteRequest {
  op: 'add' | 'change' | 'delete';
  dst: ScopedAddr;
  plen: number;
  gateway: { kind: 'addr'; addr: ScopedAddr } | { kind: 'iface'; name: string } | null;
  /** RTF bits asked for: STATIC, REJECT, BLACKHOLE, PROTO1, PROTO2. */
  flags: number;
  ifp: string | null;
  mtu: number;
  /** Seconds from now. */
  expire: number | null;
}

/** The routing operations; a backend without them makes route and netstat -r unavailable. */
export interface RouteBackend {
  listRoutes(): Promise<RouteView[]>;
  /**
   * The same routes in the same order, made as they are read (netstat -r on a large table prints
   * as it goes and stops when its reader does). Optional: listRoutes stands in.
   */
  routeStream?(): Iterable<RouteView>;
  changeRoute(req: RouteRequest): Promise<RouteView>;
  /** With a prefix length: that exact route (route get default, route get P/LEN); else longest match. */
  getRoute(dst: ScopedAddr, plen: number | null): Promise<RouteGetView>;
  flushRoutes(): Promise<RouteView[]>;
  /** route monitor: reports each change (routes, addresses, interfaces) until aborted. */
  monitor(onEvent: (e: MonitorEvent) => void, signal: AbortSignal): Promise<void>;
}

export interface PingRequest {
  dst: ScopedAddr;
  /** null: until interrupted. */
  count: number | null;
  /** Seconds between requests. */
  interval: number;
  src: string | null;
  ifname: string | null;
  hlim: number | null;
  /** Data bytes after the ICMPv6 header. */
  size: number;
  /** -t: seconds after which ping stops whatever it has received; null: none. */
  timeout: number | null;
  /** -W: how long to wait for a reply after the last request when none came (ms). */
  waittime: number;
  /** -o: stop after the first reply. */
  once: boolean;
}

export interface PingStart {
  src: string;
  /** The destination as resolved, with its zone name for a scoped one. */
  dst: string;
}

/**
 * Whose listing: FreeBSD's lltable (own usable addresses and the cache, by interface) or NetBSD's
 * LLINFO host routes (every own address, routed at once, and the cache, in radix order).
 */
export type NdListing = 'freebsd' | 'netbsd';

/** Neighbor Discovery: ndp, ping6, rtsol. */
export interface NdBackend {
  neighbors(listing?: NdListing): Promise<NeighborView[]>;
  /**
   * ndp -d: the entry removed (ENOENT when none; EHOSTUNREACH when no interface fits). Under
   * NetBSD's listing an own address's entry is its local route, which goes (nblocal.ts).
   */
  deleteNeighbor(addr: ScopedAddr, listing?: NdListing): Promise<NeighborView>;
  /**
   * ndp -c: every entry of the listing, in its order, with the errno its deletion met (null:
   * deleted); NetBSD's deletes only the cloned entries (not own addresses, not ndp -s ones).
   */
  flushNeighbors(listing?: NdListing): Promise<{ view: NeighborView; errno: Errno | null }[]>;
  /** ndp -s; NetBSD's RTM_ADD never overwrites: EEXIST where an entry or an own address is. */
  setNeighbor(addr: ScopedAddr, lladdr: string, temp: boolean, proxy: boolean, listing?: NdListing): Promise<void>;
  prefixes(): Promise<PrefixView[]>;
  flushPrefixes(): Promise<void>;
  routers(): Promise<RouterView[]>;
  flushRouters(): Promise<void>;
  ifinfo(
    ifname: string,
    set: { nd6Set: number; nd6Clear: number; basereachable?: number; retrans?: number; curhlim?: number } | null,
  ): Promise<NdIfView>;
  /** ndp -I: read (undefined), set (a name) or clear (null) the default interface. */
  defaultIf(set?: string | null): Promise<string | null>;
  /** The node's clock as milliseconds since the epoch (the world's on a virtual clock). */
  clock(): Promise<number>;
  /** ndp -A in a virtual world: move the clock on. */
  wait(seconds: number): Promise<void>;
  ping(
    req: PingRequest,
    onStart: (s: PingStart) => void,
    onEvent: (e: PingEvent) => void,
    signal: AbortSignal,
  ): Promise<{ transmitted: number }>;
  /**
   * rtsol's set-up of one interface, before any is solicited (rtsold's ifconfig()): it exists and,
   * unless forced, takes advertisements. Throws as rtsol would; changes nothing.
   */
  rtsolCheck(ifname: string, force: boolean): Promise<void>;
  /** rtsol: solicit and wait for an advertisement; true when one came. */
  rtsol(ifname: string): Promise<boolean>;
}

/** ip6addrctl's table, and the selection it drives. */
export interface PolicyBackend {
  list(): Promise<PolicyView[]>;
  add(e: Omit<PolicyView, 'use'>): Promise<void>;
  delete(prefix: string, plen: number): Promise<void>;
  /** RFC 6724 destination ordering for getaddrinfo's role; IPv4 as ::ffff:a.b.c.d. */
  order(destinations: ScopedAddr[], ipv4Source: string | null): Promise<AddrselView[]>;
}

export interface Backend {
  readonly routes?: RouteBackend;
  readonly policy?: PolicyBackend;
  readonly nd?: NdBackend;
  /** ifmcstat: multicast memberships per interface. */
  multicast?(): Promise<McastIfView[]>;
  /** ifmcstat under the netbsd profile: NetBSD's per-address records. */
  netbsdMulticast?(): Promise<NbMcastIfView[]>;
  /** netstat -r and route get under the netbsd profile: NetBSD's table, in radix order. */
  netbsdRoutes?(): Promise<NbRouteView[]>;
  /**
   * route flush under the netbsd profile: the routes with GATEWAY, STATIC or LLINFO and every
   * flag of `only`, in table order, deleted when apply is set (route -t only prints them).
   */
  netbsdFlush?(only: number, apply: boolean): Promise<NbFlushedView[]>;
  /** route get under the netbsd profile: RTM_GET in that table (plen null: the best match). */
  netbsdRouteGet?(dst: ScopedAddr, plen: number | null): Promise<NbRouteView | null>;
  /** netstat -s counters, where the backend keeps them. */
  stats?(): Promise<StatsView>;
  listInterfaces(): Promise<IfaceView[]>;
  /** Runs many operations as one transaction where the backend has transactions (ndp -f). */
  batch?<T>(fn: () => Promise<T>): Promise<T>;
  /** The node later operations act on (undefined: the one the backend was opened with). */
  selectNode?(name: string | undefined): void;
  applyIfconfig(change: IfconfigChange, mode: DadMode): Promise<IfconfigOutcome>;
  /** ifconfig -w / -W: wait for DAD on every address, then for carrier on up interfaces. */
  waitSettled(dadSeconds: number, detachedSeconds: number | null): Promise<WaitResult>;
}

export interface GlobalOptions {
  state?: string;
  node?: string;
  backend: 'sim' | 'linux';
  json: boolean;
  color: boolean;
  /** Whose text to print (render/profile.ts). */
  profile: ProfileName;
}

export type { RtadvRequest, PrefixInfo } from '../engine/index.js';
