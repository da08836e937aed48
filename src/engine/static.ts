// Routes from route(8): add, change, delete, get, flush, and per-route expiry. The interface a
// gateway resolves to follows FreeBSD's rules: a scoped gateway names its interface, an address
// of our own makes an interface route, anything else must be on a connected prefix.
import { embedScope, formatIp6, isLinkLocal, needsZone, parseIp6, prefixOf } from '../addr/index.js';
import { ND6_IFF, RTF } from './constants.js';
import { EngineError } from './errors.js';
import { ifaceByIndex } from './iface.js';
import { schedule } from './queue.js';
import type { RouteKey } from './rib.js';
import { nodeNamed } from './lookup.js';
import type { Iface, Node, Route, Timer, World } from './types.js';

export type GatewaySpec =
  | { kind: 'addr'; addr: string; zone: number }
  /** -interface: the route points at the interface itself (link#N). */
  | { kind: 'iface'; ifindex: number };

export interface StaticRouteRequest extends RouteKey {
  gateway: GatewaySpec | null;
  /** RTF bits the command asked for (HOST, STATIC, REJECT, BLACKHOLE, PROTO1, PROTO2). */
  flags: number;
  /** -ifp: force the outgoing interface. */
  ifp: number | null;
  mtu: number;
  /** Seconds from now; null: never. */
  expire: number | null;
}

/** The interface that holds an address of ours, if any. */
function ownerOf(node: Node, addr: string): Iface | undefined {
  return node.ifaces.find((i) => i.addrs.some((a) => a.addr === addr));
}

/** FreeBSD's ifa_ifwithroute: the interface and flags a gateway gives a route. */
function resolveGateway(
  node: Node,
  g: GatewaySpec,
): { gateway: Route['gateway']; ifindex: number; gatewayFlag: number } {
  if (g.kind === 'iface') {
    if (!ifaceByIndex(node, g.ifindex)) throw new EngineError('ENXIO', String(g.ifindex));
    return { gateway: { link: g.ifindex }, ifindex: g.ifindex, gatewayFlag: 0 };
  }
  const bytes = parseIp6(g.addr);
  const addr = formatIp6(bytes);
  if (needsZone(bytes) && g.zone === 0) throw new EngineError('EINVAL', 'a link-local gateway needs a zone');
  const own = ownerOf(node, g.addr);
  if (own && (!isLinkLocal(bytes) || own.index === g.zone))
    return { gateway: { addr, zone: g.zone }, ifindex: own.index, gatewayFlag: 0 };
  if (g.zone) {
    const ifp = ifaceByIndex(node, g.zone);
    if (!ifp) throw new EngineError('ENXIO', String(g.zone));
    return { gateway: { addr, zone: g.zone }, ifindex: ifp.index, gatewayFlag: RTF.GATEWAY };
  }
  const via = node.rib.lookup(bytes);
  if (!via || via.flags & (RTF.GATEWAY | RTF.REJECT | RTF.BLACKHOLE)) throw new EngineError('ENETUNREACH', g.addr);
  return { gateway: { addr, zone: 0 }, ifindex: via.ifindex, gatewayFlag: RTF.GATEWAY };
}

function build(w: World, node: Node, req: StaticRouteRequest, old: Route | null): Route {
  if (!req.gateway) throw new EngineError('EINVAL', 'gateway required');
  const g = resolveGateway(node, req.gateway);
  const ifindex = req.ifp ?? g.ifindex;
  if (!ifaceByIndex(node, ifindex)) throw new EngineError('ENXIO', String(ifindex));
  return {
    dst: prefixOf(req.dst, req.plen),
    plen: req.plen,
    zone: req.zone,
    gateway: g.gateway,
    ifindex,
    flags: RTF.UP | g.gatewayFlag | (req.plen === 128 ? RTF.HOST : 0) | req.flags,
    refs: old?.refs ?? 0,
    mtu: req.mtu,
    expireAt: req.expire === null ? null : w.clock.now + req.expire * 1000,
  };
}

function armExpiry(w: World, node: Node, r: Route): void {
  if (r.expireAt !== null)
    schedule(w, { at: r.expireAt, kind: 'route-expire', node: node.name, dst: r.dst, plen: r.plen, zone: r.zone });
}

/** route add: EEXIST if the key is taken (by any route, the stack's own included). */
export function addStaticRoute(w: World, node: Node, req: StaticRouteRequest): Route {
  if (node.rib.get(req)) throw new EngineError('EEXIST', req.dst);
  const r = build(w, node, req, null);
  node.rib.set(r);
  armExpiry(w, node, r);
  return r;
}

/** route change: ESRCH if there is no route with this key. */
export function changeStaticRoute(w: World, node: Node, req: StaticRouteRequest): Route {
  const old = node.rib.get(req);
  if (!old) throw new EngineError('ESRCH', req.dst);
  const r = build(w, node, { ...req, gateway: req.gateway ?? gatewaySpecOf(old) }, old);
  node.rib.set(r);
  armExpiry(w, node, r);
  return r;
}

const gatewaySpecOf = (r: Route): GatewaySpec =>
  'link' in r.gateway ? { kind: 'iface', ifindex: r.gateway.link } : { kind: 'addr', ...r.gateway };

/** route delete: ESRCH if absent, or if a gateway was given and the route has another. */
export function deleteStaticRoute(node: Node, key: RouteKey, gateway: GatewaySpec | null): Route {
  const r = node.rib.get(key);
  if (!r) throw new EngineError('ESRCH', key.dst);
  if (
    gateway?.kind === 'addr' &&
    !('addr' in r.gateway && r.gateway.addr === gateway.addr && (gateway.zone === 0 || r.gateway.zone === gateway.zone))
  ) {
    throw new EngineError('ESRCH', key.dst);
  }
  node.rib.delete(key);
  return r;
}

/** route flush: every route with a gateway goes (FreeBSD's flushroutes). */
export function flushGatewayRoutes(node: Node): Route[] {
  const gone = [...node.rib.entries()].filter((r) => r.flags & RTF.GATEWAY);
  for (const r of gone) node.rib.delete(r);
  return gone;
}

/** route get / forwarding: the longest match for an address; a scoped one carries its zone. */
export function routeLookup(node: Node, addr: string, zone: number): Route | null {
  return node.rib.lookup(embedScope(parseIp6(addr), zone));
}

/** The interface a route sends through, if it is up and has IPv6 on. */
export function usableIface(node: Node, r: Route): Iface | null {
  const ifp = ifaceByIndex(node, r.ifindex);
  return ifp?.up && !(ifp.nd6 & ND6_IFF.IFDISABLED) ? ifp : null;
}

export function onRouteExpire(w: World, t: Extract<Timer, { kind: 'route-expire' }>): void {
  const node = nodeNamed(w, t.node);
  const r = node?.rib.get(t);
  if (node && r && r.expireAt === t.at) node.rib.delete(r);
}
