// ndp, ping6 and rtsol on the simulated stack. Waiting (ping intervals, rtsol's retries) goes
// through SimBackend.waitUntil: one transaction on a virtual clock, real sleeps outside the lock.
import { canonical, isLinkLocal, needsZone, parseIp6, prefixOf, type Ip6Text } from '../addr/index.js';
import * as E from '../engine/index.js';
import type { NdIfView, NeighborView, PingEvent, PrefixView, RouterView } from '../views/index.js';
import type { SimBackend } from './sim.js';
import {
  MAX_ADVANCE_MS,
  interfaceRows,
  nodeZone,
  notAccepting,
  ownAddressRow,
  radixRows,
  secondsLeft,
  zoneText,
} from './core.js';
import {
  BackendError,
  OpError,
  type NdBackend,
  type NdListing,
  type PingRequest,
  type PingStart,
  type ScopedAddr,
} from './types.js';
import type { Errno } from '../errno.js';

const LETTER: Record<E.NdState, string> = { INCOMPLETE: 'I', REACHABLE: 'R', STALE: 'S', DELAY: 'D', PROBE: 'P' };
const TEMP_ENTRY_MS = 20 * 60 * 1000;

export class SimNd implements NdBackend {
  constructor(private readonly sim: SimBackend) {}

  async neighbors(listing: NdListing = 'freebsd'): Promise<NeighborView[]> {
    return this.sim.view((w) => neighborViews(w, this.sim.node(w), listing));
  }

  async deleteNeighbor(a: ScopedAddr, listing: NdListing = 'freebsd'): Promise<NeighborView> {
    return this.sim.tx((w) => {
      const node = this.sim.node(w);
      const zone = nodeZone(node, a);
      // NetBSD's RTM_DELETE of an own address's entry deletes its local route.
      const own = listing === 'netbsd' ? ownAddressIn(node, a.addr, zone) : null;
      if (own?.ifp.lladdr && !E.isUnrouted(own.ifp, own.a)) {
        E.dropLocalRoute(own.ifp, own.a);
        return ownAddressRow(own.a.addr, own.ifp.name, own.ifp.lladdr);
      }
      const ifp = E.neighborIface(node, a.addr, zone);
      if (!ifp) throw new OpError('locate', 'EHOSTUNREACH', a.addr);
      const n = E.findNeighbor(ifp, a.addr);
      if (!n) throw new OpError('delete', 'ENOENT', a.addr);
      const v = neighborView(w, ifp, n);
      E.removeNeighbor(w, node, ifp, n, listing === 'netbsd');
      return v;
    });
  }

  async flushNeighbors(listing: NdListing = 'freebsd'): Promise<{ view: NeighborView; errno: Errno | null }[]> {
    return this.sim.tx((w) => {
      const node = this.sim.node(w);
      // NetBSD's ndp -c deletes the RTF_CLONED routes only: the cache's learned entries.
      const listed = neighborViews(w, node, listing);
      const chosen = listing === 'netbsd' ? listed.filter((v) => !v.local && !v.static) : listed;
      return chosen.map((view) => {
        // An own address is no cache entry to delete (nd6's LLE_IFADDR): EPERM, as FreeBSD says.
        if (view.local) return { view, errno: 'EPERM' };
        const ifp = node.ifaces.find((i) => i.name === view.ifname);
        const n = ifp && E.findNeighbor(ifp, view.addr);
        if (!ifp || !n) return { view, errno: 'ENOENT' };
        E.removeNeighbor(w, node, ifp, n, listing === 'netbsd');
        return { view, errno: null };
      });
    });
  }

  async setNeighbor(
    a: ScopedAddr,
    lladdr: string,
    temp: boolean,
    proxy: boolean,
    listing: NdListing = 'freebsd',
  ): Promise<void> {
    this.sim.tx((w) => {
      const node = this.sim.node(w);
      const zone = nodeZone(node, a);
      // NetBSD: an own address already has its LLINFO (local) route.
      if (listing === 'netbsd' && ownAddressIn(node, a.addr, zone)) throw new OpError('set', 'EEXIST', a.addr);
      const ifp = E.neighborIface(node, a.addr, zone);
      if (!ifp) throw new OpError('locate', 'EHOSTUNREACH', a.addr);
      if (!ifp.lladdr) throw new OpError('set', 'EINVAL', a.addr);
      if (listing === 'netbsd' && E.findNeighbor(ifp, a.addr)) throw new OpError('set', 'EEXIST', a.addr);
      E.setStaticNeighbor(w, node, ifp, canonical(a.addr), lladdr, proxy, temp ? TEMP_ENTRY_MS : null);
    });
  }

  async prefixes(): Promise<PrefixView[]> {
    return this.sim.view((w) => prefixViews(w, this.sim.node(w)));
  }

  async flushPrefixes(): Promise<void> {
    this.sim.tx((w) => E.flushPrefixes(w, this.sim.node(w)));
  }

  async routers(): Promise<RouterView[]> {
    return this.sim.view((w) => {
      const node = this.sim.node(w);
      return node.routers.map((r) => {
        const name = E.ifaceByIndex(node, r.ifindex)?.name ?? '';
        return {
          addr: r.addr,
          zone: name,
          ifname: name,
          managed: r.managed,
          other: r.other,
          pref: r.pref,
          expire: left(w, r.expireAt),
        };
      });
    });
  }

  async flushRouters(): Promise<void> {
    this.sim.tx((w) => E.flushRouters(w, this.sim.node(w)));
  }

  async ifinfo(ifname: string, set: Parameters<NdBackend['ifinfo']>[1]): Promise<NdIfView> {
    return this.sim.tx((w) => {
      const node = this.sim.node(w);
      const ifp = node.ifaces.find((i) => i.name === ifname);
      if (!ifp) throw new OpError('SIOCGIFINFO_IN6', 'ENXIO', ifname);
      if (set) {
        if (set.nd6Set || set.nd6Clear) E.setNd6Flags(w, node, ifp, set.nd6Set, set.nd6Clear);
        if (set.basereachable !== undefined) {
          ifp.ndi.basereachable = set.basereachable;
          ifp.ndi.reachable = E.computeReachable(w, set.basereachable);
        }
        if (set.retrans !== undefined) ifp.ndi.retrans = set.retrans;
        if (set.curhlim !== undefined) ifp.ndi.curhlim = set.curhlim;
      }
      const d = ifp.ndi;
      return {
        ifname,
        linkmtu: d.linkmtu,
        maxmtu: ifp.mtu,
        curhlim: d.curhlim,
        basereachable: d.basereachable,
        reachable: Math.floor(d.reachable / 1000),
        retrans: d.retrans,
        flags: ifp.nd6,
      };
    });
  }

  async defaultIf(set?: string | null): Promise<string | null> {
    return this.sim.tx((w) => {
      const node = this.sim.node(w);
      if (set === null) node.ndDefaultIf = 0;
      else if (set !== undefined) {
        const ifp = node.ifaces.find((i) => i.name === set);
        if (!ifp) throw new OpError('SIOCSDEFIFACE_IN6', 'ENXIO', set);
        node.ndDefaultIf = ifp.index;
      }
      return E.ifaceByIndex(node, node.ndDefaultIf)?.name ?? null;
    });
  }

  async clock(): Promise<number> {
    return this.sim.tx((w) => w.clock.wallOrigin + w.clock.now);
  }

  async wait(seconds: number): Promise<void> {
    if (seconds * 1000 > MAX_ADVANCE_MS)
      throw new BackendError(`cannot wait ${seconds} s: at most ${MAX_ADVANCE_MS / 1000} s at once`);
    await this.sim.waitUntil(() => false, this.sim.tx((w) => w.clock.now) + seconds * 1000);
  }

  async ping(
    req: PingRequest,
    onStart: (s: PingStart) => void,
    onEvent: (e: PingEvent) => void,
    signal: AbortSignal,
  ): Promise<{ transmitted: number }> {
    const open = this.sim.tx((w) => {
      if (req.count === null && req.timeout === null && !req.once && w.clock.mode === 'virtual')
        throw new BackendError('on a virtual clock ping6 needs -c COUNT or -t TIMEOUT: nothing else would stop it');
      return openPing(w, this.sim.node(w), req);
    });
    onStart({ src: open.srcText, dst: open.dstText });
    const seen = new Set<number>();
    let transmitted = 0;
    let tmax = 0;
    const sock = (w: E.World): E.IcmpSocket | undefined => this.sim.node(w).sockets.find((s) => s.ident === open.ident);
    const drain = (): void => {
      const events = this.sim.tx((w) => {
        const s = sock(w);
        const rx = s ? s.rx.splice(0) : [];
        return rx.map((m) => pingEvent(this.sim.node(w), m, req.size, seen));
      });
      for (const e of events) {
        if (e.kind === 'reply') tmax = Math.max(tmax, e.rtt ?? 0);
        onEvent(e);
      }
    };
    const arrived = (w: E.World): boolean => (sock(w)?.rx.length ?? 0) > 0;
    // -t: nothing runs past the alarm; -o: the first reply ends it.
    const alarm = req.timeout === null ? Infinity : open.start + req.timeout * 1000;
    const done = (): boolean =>
      signal.aborted || (req.once && seen.size > 0) || this.sim.tx((w) => w.clock.now) >= alarm;
    try {
      let next = open.start;
      while (!done() && (req.count === null || transmitted < req.count)) {
        // Until the next request is due, print replies as they come.
        while (!done() && (await this.sim.waitUntil(arrived, Math.min(next, alarm)))) drain();
        if (done()) break;
        this.sim.tx((w) => sendEcho(w, this.sim.node(w), open, req, transmitted));
        transmitted++;
        next += req.interval * 1000;
        drain();
        if (req.count !== null && transmitted >= req.count) break;
      }
      // After the last request: two round trips (at least a second) if anything came back, else -W.
      const end = Math.min(
        alarm,
        this.sim.tx((w) => w.clock.now) +
          (seen.size ? Math.max(1000, Math.floor((2 * tmax) / 1000) * 1000) : req.waittime),
      );
      while (!done() && seen.size < transmitted && (await this.sim.waitUntil(arrived, end))) drain();
      drain();
    } finally {
      this.sim.tx((w) => {
        const node = this.sim.node(w);
        node.sockets = node.sockets.filter((s) => s.ident !== open.ident);
      });
    }
    return { transmitted };
  }

  async rtsolCheck(ifname: string, force: boolean): Promise<void> {
    this.sim.view((w) => {
      const node = this.sim.node(w);
      const ifp = node.ifaces.find((x) => x.name === ifname);
      if (!ifp) throw new OpError('lookup', 'ENXIO', ifname);
      if (!force && !E.acceptsRa(node, ifp)) throw notAccepting(ifname);
    });
  }

  async rtsol(ifname: string): Promise<boolean> {
    for (let i = 0; i < E.MAX_RTR_SOLICITATIONS; i++) {
      const start = this.sim.tx((w) => {
        const node = this.sim.node(w);
        const ifp = node.ifaces.find((x) => x.name === ifname);
        if (!ifp) throw new OpError('lookup', 'ENXIO', ifname);
        if (!E.acceptsRa(node, ifp)) throw notAccepting(ifname);
        if (!E.sendRs(w, node, ifp)) throw new BackendError(`${ifname}: interface is down`);
        return { at: w.clock.now, seq: E.nextSeq(w), index: ifp.index };
      });
      const heard = (w: E.World): boolean =>
        (E.ifaceByIndex(this.sim.node(w), start.index)?.ndi.lastRaSeq ?? -1) > start.seq;
      if (await this.sim.waitUntil(heard, start.at + E.RTR_SOLICITATION_INTERVAL_MS)) return true;
    }
    return false;
  }
}

const left = (w: E.World, at: number | null): number | null => secondsLeft(at, w.clock.now);

/** The node's own address addr, in zone's interface when one is given (E.ownAddress's rule). */
export const ownAddressIn = (node: E.Node, addr: string, zone: number): { ifp: E.Iface; a: E.Addr } | null =>
  E.ownAddress(node, zone ? (E.ifaceByIndex(node, zone) ?? null) : null, addr);

function neighborView(w: E.World, ifp: E.Iface, n: E.Neighbor): NeighborView {
  return {
    addr: n.addr,
    zone: zoneText(n.addr, ifp.name),
    lladdr: n.lladdr,
    ifname: ifp.name,
    expire: secondsLeft(n.timerAt, w.clock.now),
    state: LETTER[n.state],
    router: n.router,
    proxy: n.proxy,
    ...(n.static ? { static: true } : {}),
    probes: n.state === 'INCOMPLETE' || n.state === 'PROBE' ? n.asked : 0,
  };
}

/**
 * The cache plus the node's own addresses (permanent, state R): FreeBSD's usable ones by
 * interface, then address; NetBSD's all of them (each has its local route at once) in radix order.
 */
function neighborViews(w: E.World, node: E.Node, listing: NdListing): NeighborView[] {
  const out: NeighborView[] = [];
  for (const ifp of [...node.ifaces].sort((a, b) => a.index - b.index)) {
    if (ifp.type === 'loop' || !ifp.lladdr) continue;
    const rows: NeighborView[] = [];
    for (const a of ifp.addrs) {
      const unusable = a.flags & (E.IN6_IFF.TENTATIVE | E.IN6_IFF.DUPLICATED | E.IN6_IFF.DETACHED);
      if (unusable && listing === 'freebsd') continue;
      // NetBSD lists an own address by its local route, which route flush may have taken.
      if (listing === 'netbsd' && E.isUnrouted(ifp, a)) continue;
      rows.push(ownAddressRow(a.addr, ifp.name, ifp.lladdr));
    }
    for (const n of ifp.neighbors) rows.push(neighborView(w, ifp, n));
    out.push(...interfaceRows(rows));
  }
  return listing === 'netbsd' ? radixRows(out, (name) => E.findIface(node, name).index) : out;
}

/** RA prefixes, then the prefixes of configured addresses (ndp -p shows both, as FreeBSD does). */
/**
 * The prefix list, newest first: FreeBSD keeps one list (nd6_prelist_add inserts at the head)
 * holding the prefixes RAs announced and those of manually configured addresses.
 */
function prefixViews(w: E.World, node: E.Node): PrefixView[] {
  const out: (PrefixView & { born: number })[] = [];
  const refs = (ifp: E.Iface, prefix: string, plen: number): number =>
    ifp.addrs.filter((a) => a.plen === plen && prefixOf(a.addr, plen) === prefix).length;
  const life = (s: number): number | null => (s >= E.INFINITE_LIFETIME ? null : s);
  for (const pr of node.prefixes) {
    const ifp = E.ifaceByIndex(node, pr.ifindex);
    if (!ifp) continue;
    out.push({
      prefix: pr.prefix,
      plen: pr.plen,
      zone: null,
      ifname: ifp.name,
      raOnlink: pr.raOnlink,
      raAutonomous: pr.raAutonomous,
      onlink: pr.onlink,
      detached: false,
      vltime: life(pr.vltime),
      pltime: life(pr.pltime),
      expire: left(w, pr.expireAt),
      refs: refs(ifp, pr.prefix, pr.plen),
      advertisers: pr.advertisers.map((a) => {
        const n = E.findNeighbor(ifp, a.addr);
        const state = !n ? 'no neighbor state' : n.state === 'INCOMPLETE' ? 'unreachable' : 'reachable';
        return { addr: a.addr, zone: ifp.name, state };
      }),
      born: pr.seq,
    });
  }
  for (const ifp of [...node.ifaces].sort((a, b) => a.index - b.index)) {
    const seen = new Set<string>();
    for (const a of ifp.addrs) {
      if (a.plen >= 128 || a.flags & E.IN6_IFF.AUTOCONF) continue;
      const prefix = prefixOf(a.addr, a.plen);
      const key = `${prefix}/${a.plen}`;
      if (
        seen.has(key) ||
        node.prefixes.some((p) => p.prefix === prefix && p.plen === a.plen && p.ifindex === ifp.index)
      )
        continue;
      seen.add(key);
      out.push({
        prefix,
        plen: a.plen,
        zone: isLinkLocal(parseIp6(prefix)) ? ifp.name : null,
        ifname: ifp.name,
        raOnlink: true,
        raAutonomous: false,
        onlink: E.hasRoutes(a),
        detached: false,
        vltime: a.vltime,
        pltime: a.pltime,
        expire: left(w, a.validUntil),
        refs: refs(ifp, prefix, a.plen),
        advertisers: [],
        // the prefix came with the first address of it (ids come from the same sequence)
        born: Math.min(
          ...ifp.addrs
            .filter((x) => x.plen === a.plen && !(x.flags & E.IN6_IFF.AUTOCONF) && prefixOf(x.addr, a.plen) === prefix)
            .map((x) => x.id),
        ),
      });
    }
  }
  return out.sort((a, b) => b.born - a.born).map(({ born: _born, ...v }) => v);
}

interface OpenPing {
  ident: number;
  src: Ip6Text;
  srcText: string;
  dstText: string;
  dst: Ip6Text;
  ifindex: number;
  start: number;
}

/** ping6's setup: the outgoing interface and source (its UDP connect), and the socket. */
function openPing(w: E.World, node: E.Node, req: PingRequest): OpenPing {
  const dstBytes = parseIp6(req.dst.addr);
  let ifp: E.Iface | null = null;
  if (req.ifname !== null) {
    ifp = node.ifaces.find((i) => i.name === req.ifname) ?? null;
    if (!ifp) throw new OpError('if_nametoindex', 'ENXIO', req.ifname);
  }
  // A scoped destination without a zone takes -I's interface, else the ND default one.
  const scoped = needsZone(dstBytes);
  const zone = scoped ? (req.dst.zone === null && ifp ? ifp.index : nodeZone(node, req.dst)) : 0;
  const out = E.outgoingInterface(node, req.dst.addr, zone);
  if (out === 'EHOSTUNREACH' || out === 'ENETUNREACH') throw new OpError('connect', out, req.dst.addr);
  if (scoped) ifp = E.ifaceByIndex(node, zone) ?? null;
  else if (out !== 'local') ifp ??= out;
  let src = req.src === null ? null : canonical(req.src);
  if (src !== null) {
    if (!node.ifaces.some((i) => i.addrs.some((a) => a.addr === src))) throw new OpError('bind', 'EADDRNOTAVAIL', src);
  } else {
    src = E.selectSource(node, dstBytes, ifp, true)?.addr.addr ?? null;
    if (!src) throw new OpError('connect', 'EADDRNOTAVAIL', req.dst.addr);
  }
  const ident = E.randomIdent(w);
  node.sockets.push({ ident, rx: [] });
  const dstText = needsZone(dstBytes) && ifp ? `${req.dst.addr}%${ifp.name}` : req.dst.addr;
  // getsockname after the connect: a link-local source carries its zone.
  const srcIf = ifp ?? node.ifaces.find((i) => i.addrs.some((a) => a.addr === src));
  const srcText = isLinkLocal(parseIp6(src)) && srcIf ? `${src}%${srcIf.name}` : src;
  return { ident, src, srcText, dstText, dst: canonical(req.dst.addr), ifindex: ifp?.index ?? 0, start: w.clock.now };
}

function sendEcho(w: E.World, node: E.Node, o: OpenPing, req: PingRequest, seq: number): void {
  const ifp = E.ifaceByIndex(node, o.ifindex);
  const hlim = req.hlim ?? ifp?.ndi.curhlim ?? E.DEFAULT_HLIM;
  const body: E.Icmp6 = { type: 'ECHO', ident: o.ident, seq, size: req.size, sentAt: w.clock.now };
  E.ip6Output(w, node, { src: o.src, dst: o.dst, hlim, body }, ifp ? { ifp } : {});
}

function pingEvent(node: E.Node, m: E.IcmpSocket['rx'][number], size: number, seen: Set<number>): PingEvent {
  const ifp = E.ifaceByIndex(node, m.ifindex);
  const zone = isLinkLocal(parseIp6(m.src)) ? (ifp?.name ?? null) : null;
  if (m.body.type === 'ECHO_REPLY') {
    const dup = seen.has(m.body.seq);
    seen.add(m.body.seq);
    return {
      kind: 'reply',
      from: m.src,
      zone,
      seq: m.body.seq,
      hlim: m.hlim,
      bytes: 8 + size,
      rtt: m.at - m.body.sentAt,
      dup,
    };
  }
  const b = m.body as Extract<E.Icmp6, { type: 'ERROR' }>;
  return { kind: 'error', from: m.src, zone, bytes: 48 + 8 + size, icmpType: b.icmpType, code: b.code };
}
