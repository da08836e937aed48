// route(8) and netstat -r on the simulated stack: one transaction per command, views out.
import { firstGroupOf, isLinkLocal, isMulticast, parseIp6 } from '../addr/index.js';
import * as E from '../engine/index.js';
import type { MonitorEvent, RouteGetView, RouteView } from '../views/index.js';
import type { SimBackend } from './sim.js';
import { asOp, nodeZone, secondsLeft } from './core.js';
import { OpError, type RouteBackend, type RouteRequest, type ScopedAddr, RTM } from './types.js';

/** How often route monitor looks at the state file (a command saves it atomically). */
const POLL_MS = 50;

export class SimRoutes implements RouteBackend {
  constructor(private readonly sim: SimBackend) {}

  async listRoutes(): Promise<RouteView[]> {
    return this.sim.view((w) => {
      const node = this.sim.node(w);
      return [...node.rib.entries()].map((r) => routeView(w, node, r));
    });
  }

  routeStream(): Iterable<RouteView> {
    return this.sim.view((w) => {
      const node = this.sim.node(w);
      const rib = node.rib;
      return (function* () {
        for (const r of rib.entries()) yield routeView(w, node, r);
      })();
    });
  }

  async changeRoute(req: RouteRequest): Promise<RouteView> {
    return this.sim.tx((w) => {
      const node = this.sim.node(w);
      const key = { dst: req.dst.addr, plen: req.plen, zone: nodeZone(node, req.dst) };
      const gateway = req.gateway && gatewaySpec(node, req.gateway);
      const ifp = req.ifp === null ? null : ifaceIndex(node, req.ifp);
      const full: E.StaticRouteRequest = { ...key, gateway, flags: req.flags, ifp, mtu: req.mtu, expire: req.expire };
      const r = asOp(
        RTM[req.op],
        () =>
          req.op === 'add'
            ? E.addStaticRoute(w, node, full)
            : req.op === 'change'
              ? E.changeStaticRoute(w, node, full)
              : E.deleteStaticRoute(node, key, gateway),
        () => req.dst.addr,
      );
      return routeView(w, node, r);
    });
  }

  async getRoute(dst: ScopedAddr, plen: number | null): Promise<RouteGetView> {
    return this.sim.tx((w) => {
      const node = this.sim.node(w);
      const zone = nodeZone(node, dst);
      const r = plen === null ? E.routeLookup(node, dst.addr, zone) : node.rib.get({ dst: dst.addr, plen, zone });
      if (!r) throw new OpError('RTM_GET', 'ESRCH', dst.addr);
      const out = E.usableIface(node, r);
      const src = E.selectSource(node, parseIp6(dst.addr), zone ? (E.ifaceByIndex(node, zone) ?? out) : out);
      return { route: routeView(w, node, r), source: src ? src.addr.addr : null, sourceRule: src?.rule ?? null };
    });
  }

  async monitor(onEvent: (e: MonitorEvent) => void, signal: AbortSignal): Promise<void> {
    let seen: string | null | undefined;
    let prev: Snapshot | null = null;
    while (!signal.aborted) {
      const now = this.sim.stamp();
      if (now !== seen) {
        seen = now;
        const next = this.sim.peek((w) => snapshot(w, this.sim.node(w)));
        if (prev) for (const e of diffSnapshots(prev, next)) onEvent(e);
        prev = next;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  async flushRoutes(): Promise<RouteView[]> {
    return this.sim.tx((w) => {
      const node = this.sim.node(w);
      return E.flushGatewayRoutes(node).map((r) => routeView(w, node, r));
    });
  }
}

interface Snapshot {
  at: number;
  routes: Map<string, RouteView>;
  addrs: Map<string, { addr: string; plen: number; ifname: string; flags: number }>;
  ifaces: Map<number, { index: number; ifname: string; up: boolean; running: boolean; mtu: number }>;
  neighbors: Map<string, { addr: string; zone: string | null; state: string; lladdr: string | null; ifname: string }>;
}

function snapshot(w: E.World, node: E.Node): Snapshot {
  const s: Snapshot = {
    at: w.clock.wallOrigin + w.clock.now,
    routes: new Map(),
    addrs: new Map(),
    ifaces: new Map(),
    neighbors: new Map(),
  };
  for (const r of node.rib.entries()) s.routes.set(`${r.dst}/${r.plen}%${r.zone}`, routeView(w, node, r));
  for (const i of node.ifaces) {
    s.ifaces.set(i.index, { index: i.index, ifname: i.name, up: i.up, running: E.hasCarrier(i), mtu: i.mtu });
    for (const a of i.addrs)
      s.addrs.set(`${i.name} ${a.addr}/${a.plen}`, { addr: a.addr, plen: a.plen, ifname: i.name, flags: a.flags });
    for (const n of i.neighbors) {
      const zone = isLinkLocal(parseIp6(n.addr)) ? i.name : null;
      s.neighbors.set(`${i.name} ${n.addr}`, { addr: n.addr, zone, state: n.state, lladdr: n.lladdr, ifname: i.name });
    }
  }
  return s;
}

/** The netlink messages a kernel would have sent between two states, in its usual order. */
function diffSnapshots(a: Snapshot, b: Snapshot): MonitorEvent[] {
  const out: MonitorEvent[] = [];
  const at = b.at;
  const same = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);
  for (const [k, i] of b.ifaces) if (!same(a.ifaces.get(k), i)) out.push({ at, op: 'add', kind: 'iface', ...i });
  for (const [k, i] of a.ifaces) if (!b.ifaces.has(k)) out.push({ at, op: 'delete', kind: 'iface', ...i });
  for (const [k, x] of b.addrs)
    if (!same(a.addrs.get(k), x))
      out.push({ at, op: 'add', kind: 'addr', addr: x.addr, plen: x.plen, ifname: x.ifname });
  for (const [k, x] of a.addrs)
    if (!b.addrs.has(k)) out.push({ at, op: 'delete', kind: 'addr', addr: x.addr, plen: x.plen, ifname: x.ifname });
  for (const [k, r] of b.routes) {
    const old = a.routes.get(k);
    // Remaining expiry counts down by itself; only a new deadline is news.
    if (!old || !same({ ...old, expire: null }, { ...r, expire: null }))
      out.push({ at, op: 'add', kind: 'route', route: r });
  }
  for (const [k, r] of a.routes) if (!b.routes.has(k)) out.push({ at, op: 'delete', kind: 'route', route: r });
  for (const [k, n] of b.neighbors) if (!same(a.neighbors.get(k), n)) out.push({ at, op: 'add', kind: 'neigh', ...n });
  for (const [k, n] of a.neighbors) if (!b.neighbors.has(k)) out.push({ at, op: 'delete', kind: 'neigh', ...n });
  return out;
}

function ifaceIndex(node: E.Node, name: string): number {
  const ifp = node.ifaces.find((i) => i.name === name);
  if (!ifp) throw new OpError('lookup', 'ENXIO', name);
  return ifp.index;
}

function gatewaySpec(node: E.Node, g: NonNullable<RouteRequest['gateway']>): E.GatewaySpec {
  if (g.kind === 'iface') return { kind: 'iface', ifindex: ifaceIndex(node, g.name) };
  return { kind: 'addr', addr: g.addr.addr, zone: nodeZone(node, g.addr) };
}

const ifname = (node: E.Node, index: number): string | null => E.ifaceByIndex(node, index)?.name ?? null;

function routeView(w: E.World, node: E.Node, r: E.Route): RouteView {
  const out = E.ifaceByIndex(node, r.ifindex);
  // Scoped unicast destinations show the interface the route leaves by (netlink's scope); a
  // scoped multicast one shows its zone only when the route has one.
  const head = firstGroupOf(r.dst);
  let dstZone: string | null = null;
  if (isLinkLocal(head)) dstZone = out?.name ?? null;
  else if (isMulticast(head) && r.zone) dstZone = ifname(node, r.zone);
  return {
    dst: r.dst,
    plen: r.plen,
    dstZone,
    gateway:
      'link' in r.gateway
        ? { kind: 'link', index: r.gateway.link, name: ifname(node, r.gateway.link) }
        : { kind: 'addr', addr: r.gateway.addr, zone: r.gateway.zone ? ifname(node, r.gateway.zone) : null },
    flags: r.flags,
    ifname: out?.name ?? '',
    expire: secondsLeft(r.expireAt, w.clock.now),
    mtu: r.mtu || (out?.mtu ?? 0),
    weight: 1,
  };
}
