// route(8) and netstat -r over rtnetlink. The main table (254) holds what route(8) and the
// kernel add; the local table (255) holds the node's own addresses, which FreeBSD shows as UHS
// host routes through the loopback. Lookups are done on the dump, as the radix tree would, so
// that route get names the matching prefix (the kernel's RTM_GETROUTE answers with a /128).
// route monitor subscribes to the kernel's route, address, neighbour and link groups.
import {
  applyMask,
  compareIp6,
  embedScope,
  formatIp6,
  isLinkLocal,
  needsZone,
  parseIp6,
  prefixContains,
} from '../../addr/index.js';
import type { MonitorEvent, RouteGetView, RouteView } from '../../views/index.js';
import { OpError, type RouteBackend, type RouteRequest, type ScopedAddr, RTM } from '../types.js';
import type { KLink, KNeigh, KRoute, Rtnl } from './rtnl.js';
import { RTF } from '../../flags.js';
import { zoneOf } from '../core.js';

const NEIGH_STATE: [string, string][] = [
  ['incomplete', 'INCOMPLETE'],
  ['reachable', 'REACHABLE'],
  ['stale', 'STALE'],
  ['delay', 'DELAY'],
  ['probe', 'PROBE'],
  ['failed', 'FAILED'],
  ['permanent', 'REACHABLE'],
  ['noarp', 'REACHABLE'],
];

export class LinuxRoutes implements RouteBackend {
  constructor(private readonly nl: Rtnl) {}

  private async table(): Promise<{ links: KLink[]; routes: KRoute[] }> {
    const links = await this.nl.links();
    const routes = (await this.nl.routes()).filter(shown);
    return { links, routes: sorted(routes) };
  }

  async listRoutes(): Promise<RouteView[]> {
    const { links, routes } = await this.table();
    return routes.map((r) => view(r, links));
  }

  async changeRoute(req: RouteRequest): Promise<RouteView> {
    const links = await this.nl.links();
    const index = (name: string): number => {
      const l = links.find((x) => x.name === name);
      if (!l) throw new OpError('lookup', 'ENXIO', name);
      return l.index;
    };
    const zone = (a: ScopedAddr): number => zoneOf(links, a);
    const dst = applyMask(parseIp6(req.dst.addr), req.plen);
    const g = req.gateway;
    const gateway = g?.kind === 'addr' ? parseIp6(g.addr.addr) : null;
    if (gateway && needsZone(gateway) && g?.kind === 'addr' && g.addr.zone === null)
      throw new OpError(RTM[req.op], 'EINVAL', req.dst.addr);
    const oif = g?.kind === 'iface' ? index(g.name) : g?.kind === 'addr' ? zone(g.addr) : 0;
    const ifp = req.ifp === null ? oif : index(req.ifp);
    const type = req.flags & RTF.BLACKHOLE ? 'BLACKHOLE' : req.flags & RTF.REJECT ? 'UNREACHABLE' : 'UNICAST';
    const op = RTM[req.op];
    const existing = (await this.nl.routes()).find(
      (r) =>
        r.table === 254 &&
        r.plen === req.plen &&
        r.dst === formatIp6(dst) &&
        (!zone(req.dst) || r.oif === zone(req.dst)),
    );
    if (req.op === 'delete') {
      if (!existing || (gateway && existing.gateway !== formatIp6(gateway)))
        throw new OpError(op, 'ESRCH', req.dst.addr);
      await this.nl.call(op, () => this.nl.removeRoute(dst, req.plen, gateway, existing.oif));
      return view(existing, links);
    }
    if (req.op === 'change' && !existing) throw new OpError(op, 'ESRCH', req.dst.addr);
    if (!g && type === 'UNICAST') throw new OpError(op, 'EINVAL', req.dst.addr);
    // An own address as gateway (rc.d's ::1 -reject) is an interface route, as on FreeBSD.
    try {
      await this.nl.call(op, () =>
        this.nl.setRoute(
          dst,
          req.plen,
          { gateway: type === 'UNICAST' ? gateway : null, oif: type === 'UNICAST' ? ifp : 1 },
          { type, mtu: req.mtu, replace: req.op === 'change', expire: req.expire },
        ),
      );
    } catch (e) {
      // A gateway on no connected network: Linux says EHOSTUNREACH, FreeBSD's rt_getifa_fib
      // ENETUNREACH (as the simulated stack does).
      if (e instanceof OpError && e.errno === 'EHOSTUNREACH') throw new OpError(op, 'ENETUNREACH', e.subject);
      throw e;
    }
    const made = (await this.nl.routes()).find(
      (r) => r.table === 254 && r.plen === req.plen && r.dst === formatIp6(dst),
    );
    if (!made) throw new OpError(op, 'ESRCH', req.dst.addr);
    return view(made, links);
  }

  async getRoute(dst: ScopedAddr, plen: number | null): Promise<RouteGetView> {
    const { links, routes } = await this.table();
    const bytes = parseIp6(dst.addr);
    const z = zoneOf(links, dst);
    let best: KRoute | null = null;
    for (const r of routes) {
      if (plen !== null ? r.plen !== plen : best && r.plen <= best.plen) continue;
      if (!prefixContains({ addr: parseIp6(r.dst), len: r.plen }, bytes)) continue;
      if (isLinkLocal(parseIp6(r.dst)) && r.plen >= 10 && z && r.oif !== z && r.table !== 255) continue;
      best = r;
      if (plen !== null) break;
    }
    if (!best) throw new OpError('RTM_GET', 'ESRCH', dst.addr);
    let source: string | null = null;
    try {
      source = (await this.nl.lookup(bytes, z))?.prefsrc ?? null;
    } catch {
      source = null; // no route for the kernel: no source to show
    }
    return { route: view(best, links), source, sourceRule: source ? 'the kernel (RTA_PREFSRC)' : null };
  }

  async flushRoutes(): Promise<RouteView[]> {
    const { links, routes } = await this.table();
    const gone: RouteView[] = [];
    for (const r of routes) {
      if (r.table !== 254 || !r.gateway) continue;
      await this.nl.call('RTM_DELETE', () =>
        this.nl.removeRoute(parseIp6(r.dst), r.plen, parseIp6(r.gateway as string), r.oif),
      );
      gone.push(view(r, links));
    }
    return gone;
  }

  /** Kernel routing messages as they come (one subscription, no polling) until aborted. */
  async monitor(onEvent: (e: MonitorEvent) => void, signal: AbortSignal): Promise<void> {
    let links = await this.nl.links();
    const name = (i: number): string => links.find((l) => l.index === i)?.name ?? `if${i}`;
    // Linux announces an address again when DAD ends (its flags change); FreeBSD's RTM_NEWADDR
    // comes once, when it is added. Known addresses are not announced twice.
    const key = (a: { index: number; addr: string }): string => `${a.index} ${a.addr}`;
    const known = new Set((await this.nl.addrs()).map(key));
    // A neighbour's delete reaches us in state FAILED whatever it was; FreeBSD reports the state
    // the entry had, which is the last one we saw.
    const stateOf = (n: KNeigh): string => NEIGH_STATE.find(([s]) => n.state[s])?.[1] ?? 'NONE';
    const lastState = new Map((await this.nl.neighbors()).map((n) => [key(n), stateOf(n)]));
    const close = this.nl.watchAll((k) => {
      const at = Date.now();
      const op = k.add ? 'add' : 'delete';
      if (k.kind === 'link') {
        links = [
          ...links.filter((l) => l.index !== k.index),
          { index: k.index, name: k.name, type: '', flags: { up: k.up }, mtu: k.mtu, mac: null },
        ];
        onEvent({ at, op, kind: 'iface', index: k.index, ifname: k.name, up: k.up, running: k.running, mtu: k.mtu });
      } else if (k.kind === 'route') {
        if (shown(k.route)) onEvent({ at, op, kind: 'route', route: view(k.route, links) });
      } else if (k.kind === 'addr') {
        if (k.add === known.has(key(k.addr))) return;
        if (k.add) known.add(key(k.addr));
        else known.delete(key(k.addr));
        onEvent({ at, op, kind: 'addr', addr: k.addr.addr, plen: k.addr.plen, ifname: name(k.addr.index) });
      } else {
        const n = k.neigh;
        // FAILED is Linux's last word on an entry before it goes; FreeBSD has no such state and
        // reports only the delete.
        if (k.add && n.state.failed) return;
        // FreeBSD's names; a permanent (static) entry is reachable there.
        const state = k.add ? stateOf(n) : (lastState.get(key(n)) ?? 'NONE');
        if (k.add) lastState.set(key(n), state);
        else lastState.delete(key(n));
        onEvent({
          at,
          op,
          kind: 'neigh',
          addr: n.addr,
          zone: isLinkLocal(parseIp6(n.addr)) ? name(n.index) : null,
          state,
          lladdr: n.lladdr,
          ifname: name(n.index),
        });
      }
    });
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    close();
  }
}

/** Main-table routes, and local-table host routes of own addresses; not multicast or anycast. */
function shown(r: KRoute): boolean {
  if (r.table === 254) return r.type !== 'MULTICAST';
  return r.table === 255 && r.type === 'LOCAL' && r.plen === 128;
}

/** FreeBSD's radix order: key bytes with a link-local route's interface in bytes 2-3, longer first. */
function sorted(routes: KRoute[]): KRoute[] {
  const key = (r: KRoute): Uint8Array => embedScope(parseIp6(r.dst), isLinkLocal(parseIp6(r.dst)) ? r.oif : 0);
  return routes
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => compareIp6(a.k, b.k) || b.r.plen - a.r.plen)
    .map((x) => x.r);
}

function view(r: KRoute, links: KLink[]): RouteView {
  const name = (i: number): string => links.find((l) => l.index === i)?.name ?? `if${i}`;
  const lo = links.find((l) => l.flags.loopback)?.index ?? 1;
  const local = r.table === 255;
  let flags = RTF.UP;
  if (r.gateway) flags |= RTF.GATEWAY;
  if (r.plen === 128) flags |= RTF.HOST;
  if (r.protocol === 'STATIC' || r.protocol === 'BOOT' || local) flags |= RTF.STATIC;
  if (r.type === 'UNREACHABLE' || r.type === 'PROHIBIT') flags |= RTF.REJECT;
  if (r.type === 'BLACKHOLE') flags |= RTF.BLACKHOLE;
  if (local || r.protocol === 'KERNEL') flags |= RTF.PINNED;
  const out = local ? lo : r.oif || lo;
  const dst = parseIp6(r.dst);
  const link = links.find((l) => l.index === out);
  // A reject or blackhole route has no next hop on Linux; FreeBSD's goes to ::1 (rc.d adds them
  // with ::1 as the gateway), which netstat prints.
  const discard = flags & (RTF.REJECT | RTF.BLACKHOLE);
  return {
    dst: r.dst,
    plen: r.plen,
    dstZone: isLinkLocal(dst) ? name(local ? lo : r.oif) : null,
    gateway: r.gateway
      ? { kind: 'addr', addr: r.gateway, zone: needsZone(parseIp6(r.gateway)) ? name(r.oif) : null }
      : discard
        ? { kind: 'addr', addr: '::1', zone: null }
        : { kind: 'link', index: out, name: name(out) },
    flags,
    ifname: name(out),
    // Routes a router advertisement installed expire with the router or prefix; FreeBSD keeps
    // that lifetime in the default router and prefix lists (ndp -r, -p), not on the route.
    expire: r.protocol === 'RA' ? null : r.expires,
    mtu: r.mtu || (link?.mtu ?? 0),
    weight: 1,
  };
}
