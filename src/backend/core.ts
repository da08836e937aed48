// What both backends and the simulated backend's pieces share (docs/architecture.md, "Backends"):
// the helpers each once, in a module that imports no backend, so none imports sim.ts back.
import { compareIp6, embedScope, formatIp6, isLinkLocal, needsZone, parseIp6, type Ip6 } from '../addr/index.js';
import type { Op } from '../errno.js';
import { EngineError } from '../engine/errors.js';
import type { Node } from '../engine/types.js';
import type { NeighborView } from '../views/index.js';
import { BackendError, type IfconfigChange, OpError, type ScopedAddr } from './types.js';

/** The longest a single command may move the virtual clock. */
export const MAX_ADVANCE_MS = 366 * 86_400_000;

/** Whole seconds from now until `at` (ms), never negative, rounded up as the kernels' timers are; null stays null. */
export function secondsLeft(at: number | null, now: number): number | null {
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Runs an engine operation; its refusal becomes the request's failure, OpError(op, errno). */
export function asOp<T>(op: Op, fn: () => T, subject: (e: EngineError) => string = () => ''): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof EngineError) throw new OpError(op, e.code, subject(e));
    throw e;
  }
}

/**
 * The interface index a typed address's zone names (by name or number), as getaddrinfo and
 * in6_setscope resolve it; an address without a zone gets `unzoned`. An unknown zone fails as
 * getaddrinfo does.
 */
export function zoneOf(ifaces: readonly { name: string; index: number }[], a: ScopedAddr, unzoned = 0): number {
  if (a.zone === null) return unzoned;
  const ifp = ifaces.find((i) => (typeof a.zone === 'number' ? i.index === a.zone : i.name === a.zone));
  if (!ifp) throw new OpError('getaddrinfo', 'EAI_NONAME', `${a.addr}%${a.zone}`);
  return ifp.index;
}

/** zoneOf on a simulated node: a scoped address without a zone takes the ND default interface (ndp -I). */
export const nodeZone = (node: Node, a: ScopedAddr): number =>
  zoneOf(node.ifaces, a, a.zone === null && scopedNeedsZone(a) ? node.ndDefaultIf : 0);

/** The zone ndp and netstat print beside an address: the interface's name for a link-local one. */
export const zoneText = (addr: string, ifname: string): string | null => (isLinkLocal(parseIp6(addr)) ? ifname : null);

/** ndp -a's row for one of the node's own addresses: permanent, state R, with the interface's MAC. */
export function ownAddressRow(addr: string, ifname: string, lladdr: string | null): NeighborView {
  return {
    addr,
    zone: zoneText(addr, ifname),
    lladdr,
    ifname,
    expire: null,
    state: 'R',
    router: false,
    proxy: false,
    probes: 0,
    local: true,
  };
}

/** One interface's ndp -a rows, own addresses and cache entries together, in address order. */
export function interfaceRows(rows: NeighborView[]): NeighborView[] {
  return rows
    .map((v) => ({ key: parseIp6(v.addr), v }))
    .sort((x, y) => compareIp6(x.key, y.key))
    .map((r) => r.v);
}

/**
 * NetBSD's ndp -a order: its LLINFO routes in radix order, across interfaces, the interface's
 * index embedded in a link-local key as the kernel keeps it.
 */
export function radixRows(rows: NeighborView[], indexOf: (ifname: string) => number): NeighborView[] {
  const key = (v: NeighborView): Ip6 => embedScope(parseIp6(v.addr), v.zone === null ? 0 : indexOf(v.zone));
  return rows
    .map((v) => ({ key: key(v), v }))
    .sort((x, y) => compareIp6(x.key, y.key))
    .map((r) => r.v);
}

/** Does a scoped address need its zone (link-local or multicast of link scope)? */
const scopedNeedsZone = (a: ScopedAddr): boolean => needsZone(parseIp6(a.addr));

/** 'ifconfig NAME create' and nothing else: on an existing NAME that is EEXIST, not a change. */
export const isOnlyCreate = (c: IfconfigChange): boolean =>
  c.up === null &&
  c.mtu === null &&
  c.lladdr === null &&
  c.description === undefined &&
  !c.nd6Set &&
  !c.nd6Clear &&
  !c.addr &&
  !c.destroy;

/** rtsol on an interface that does not take router advertisements (rtsold's ifconfig()). */
export const notAccepting = (ifname: string): BackendError =>
  new BackendError(
    `${ifname}: router advertisements are not accepted here (accept_rtadv off, IPv6 disabled, or forwarding on)`,
  );

/**
 * ifconfig's eui64 keyword (af_inet6.c's setip6eui64): the address takes the interface id of the
 * interface's link-local address. Refused before any request when an interface id is already
 * there (EINVAL) or there is no link-local address to take one from (EADDRNOTAVAIL).
 */
export function withEui64(addr: string, linkLocal: string | null): string {
  const a = parseIp6(addr);
  if (a.subarray(8).some((x) => x !== 0)) throw new OpError('eui64', 'EINVAL');
  if (linkLocal === null) throw new OpError('eui64', 'EADDRNOTAVAIL');
  a.set(parseIp6(linkLocal).subarray(8), 8);
  return formatIp6(a);
}
