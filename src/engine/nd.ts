// Neighbor Discovery (RFC 4861) as nd6.c and nd6_nbr.c run it: the neighbour cache with its
// states and timers, address resolution with held packets, NUD, neighbour solicitations and
// advertisements (DAD's included), static and proxy entries.
import {
  ALL_NODES_TEXT,
  UNSPECIFIED_TEXT,
  formatIp6,
  formatMac,
  isUnspecified,
  multicastMac,
  parseIp6,
  solicitedNode,
  type Ip6Text,
} from '../addr/index.js';
import {
  DELAY_FIRST_PROBE_TIME_MS,
  IN6_IFF,
  MAX_MULTICAST_SOLICIT,
  MAX_UNICAST_SOLICIT,
  ND6_GCTIMER_MS,
  ND6_MAXQUEUELEN,
  ND6_IFF,
  RTF,
} from './constants.js';
import { dadDuplicated } from './dad.js';
import { joinGroup, leaveGroup } from './groups.js';
import { nbJoin, nbLeave } from './nbmulti.js';
import { ifaceByIndex } from './iface.js';
import { icmp6Error, ownAddress, sourceFor } from './net.js';
import { originated, transmit } from './tx.js';
import { disarm, schedule } from './queue.js';
import { forgetRouter } from './ra.js';
import { randomBelow } from './rng.js';
import { nodeNamed } from './lookup.js';
import type { Icmp6, Iface, Neighbor, Node, NdState, Packet, Timer, World } from './types.js';

export function findNeighbor(ifp: Iface, addr: string): Neighbor | undefined {
  return ifp.neighbors.find((n) => n.addr === addr);
}

/** ND_COMPUTE_RTIME: ReachableTime is BaseReachableTime times a random factor in [0.5, 1.5). */
export function computeReachable(w: World, base: number): number {
  return Math.floor((base * (512 + randomBelow(w, 1024))) / 1024);
}

function setState(w: World, node: Node, ifp: Iface, n: Neighbor, state: NdState, timerMs: number | null): void {
  n.state = state;
  n.asked = state === 'PROBE' || state === 'INCOMPLETE' ? n.asked : 0;
  n.timerAt = timerMs === null ? null : w.clock.now + timerMs;
  const key = { kind: 'nd', node: node.name, ifindex: ifp.index, addr: n.addr } as const;
  if (n.timerAt !== null) schedule(w, { at: n.timerAt, ...key });
  else disarm(w, key);
}

function newNeighbor(ifp: Iface, addr: Ip6Text): Neighbor {
  const n: Neighbor = {
    addr,
    lladdr: null,
    state: 'INCOMPLETE',
    router: false,
    static: false,
    proxy: false,
    timerAt: null,
    asked: 0,
    held: [],
  };
  ifp.neighbors.push(n);
  return n;
}

/**
 * nd6_free: the entry goes, and a router with it from the default router list. keepRouter is
 * NetBSD's RTM_DELETE of the entry's route (nd6_rtrequest), which frees the entry only.
 */
export function removeNeighbor(w: World, node: Node, ifp: Iface, n: Neighbor, keepRouter = false): void {
  ifp.neighbors.splice(ifp.neighbors.indexOf(n), 1);
  disarm(w, { kind: 'nd', node: node.name, ifindex: ifp.index, addr: n.addr });
  if (n.proxy) {
    const g = formatIp6(solicitedNode(parseIp6(n.addr)));
    leaveGroup(ifp, g, { w, node });
    nbLeave(ifp, g);
  }
  if (n.router && !keepRouter) forgetRouter(w, node, ifp, n.addr);
}

/** Sends what waited for resolution, now that the link-layer address is known. */
function flushHeld(w: World, node: Node, ifp: Iface, n: Neighbor): void {
  const held = n.held;
  n.held = [];
  for (const pkt of held) transmit(w, node, ifp, { srcMac: ifp.lladdr ?? '', dstMac: n.lladdr as string, pkt });
}

/** A neighbour solicitation: multicast to the solicited-node group, or unicast for NUD. */
export function sendNS(
  w: World,
  node: Node,
  ifp: Iface,
  target: Ip6Text,
  opts: { src?: Ip6Text; unicastMac?: string },
): void {
  const src = opts.src ?? sourceFor(node, target, ifp);
  if (!src) return;
  const body: Icmp6 = { type: 'NS', target, slla: src === '::' ? null : ifp.lladdr };
  if (opts.unicastMac) {
    const pkt = { src, dst: target, hlim: 255, body };
    originated(node, pkt);
    transmit(w, node, ifp, { srcMac: ifp.lladdr ?? '', dstMac: opts.unicastMac, pkt });
    return;
  }
  const group = solicitedNode(parseIp6(target));
  const pkt = { src, dst: formatIp6(group), hlim: 255, body };
  originated(node, pkt);
  transmit(w, node, ifp, { srcMac: ifp.lladdr ?? '', dstMac: formatMac(multicastMac(group)), pkt });
}

/** nd6_resolve: send now, or hold the packet and start (or continue) resolution. */
export function resolveAndSend(w: World, node: Node, ifp: Iface, pkt: Packet, nexthop: Ip6Text): void {
  let n = findNeighbor(ifp, nexthop);
  if (!n) {
    n = newNeighbor(ifp, nexthop);
    n.held.push(pkt);
    n.asked = 1;
    setState(w, node, ifp, n, 'INCOMPLETE', ifp.ndi.retrans);
    const own = ifp.addrs.find((a) => a.addr === pkt.src && !(a.flags & (IN6_IFF.TENTATIVE | IN6_IFF.DUPLICATED)));
    sendNS(w, node, ifp, nexthop, own ? { src: own.addr } : {});
    return;
  }
  if (n.state === 'INCOMPLETE' || !n.lladdr) {
    if (n.held.length >= ND6_MAXQUEUELEN) n.held.shift();
    n.held.push(pkt);
    return;
  }
  if (n.state === 'STALE' && !n.static) setState(w, node, ifp, n, 'DELAY', DELAY_FIRST_PROBE_TIME_MS);
  transmit(w, node, ifp, { srcMac: ifp.lladdr ?? '', dstMac: n.lladdr, pkt });
}

export function onNdTimer(w: World, t: Extract<Timer, { kind: 'nd' }>): void {
  const node = nodeNamed(w, t.node);
  const ifp = node && ifaceByIndex(node, t.ifindex);
  const n = ifp && findNeighbor(ifp, t.addr);
  if (!node || !ifp || !n || n.timerAt !== t.at) return;
  if (n.static) {
    removeNeighbor(w, node, ifp, n); // ndp -s ... temp ran out
    return;
  }
  switch (n.state) {
    case 'INCOMPLETE':
      if (n.asked < MAX_MULTICAST_SOLICIT) {
        n.asked++;
        setState(w, node, ifp, n, 'INCOMPLETE', ifp.ndi.retrans);
        sendNS(w, node, ifp, n.addr, {});
        return;
      }
      // Resolution failed: what was forwarded earns its sender an address-unreachable error.
      for (const pkt of n.held) if (!ownAddress(node, ifp, pkt.src)) icmp6Error(w, node, ifp, pkt, 1, 3);
      removeNeighbor(w, node, ifp, n);
      return;
    case 'REACHABLE':
      setState(w, node, ifp, n, 'STALE', ND6_GCTIMER_MS);
      return;
    case 'STALE':
      removeNeighbor(w, node, ifp, n);
      return;
    case 'DELAY':
      n.asked = 1;
      setState(w, node, ifp, n, 'PROBE', ifp.ndi.retrans);
      sendNS(w, node, ifp, n.addr, { unicastMac: n.lladdr ?? '' });
      return;
    case 'PROBE':
      if (n.asked < MAX_UNICAST_SOLICIT) {
        n.asked++;
        setState(w, node, ifp, n, 'PROBE', ifp.ndi.retrans);
        sendNS(w, node, ifp, n.addr, { unicastMac: n.lladdr ?? '' });
        return;
      }
      removeNeighbor(w, node, ifp, n);
  }
}

/**
 * nd6_cache_lladdr: what a source link-layer option in an NS, RS or RA tells us. A new or
 * changed address makes the entry STALE; static entries are never touched.
 */
export function cacheLladdr(
  w: World,
  node: Node,
  ifp: Iface,
  addr: Ip6Text,
  lladdr: string,
  isRouter: boolean | null,
): void {
  let n = findNeighbor(ifp, addr);
  if (n?.static) return;
  if (!n) n = newNeighbor(ifp, addr);
  const changed = n.lladdr !== lladdr;
  const wasIncomplete = n.state === 'INCOMPLETE';
  n.lladdr = lladdr;
  if (isRouter !== null) n.router = isRouter;
  if (changed || wasIncomplete) {
    n.asked = 0;
    setState(w, node, ifp, n, 'STALE', ND6_GCTIMER_MS);
  }
  if (wasIncomplete) flushHeld(w, node, ifp, n);
}

/** nd6_ns_input (RFC 4861 7.2.3, 7.2.4; RFC 4862 5.4.3). */
export function nsInput(w: World, node: Node, ifp: Iface, pkt: Packet, body: Extract<Icmp6, { type: 'NS' }>): void {
  const dad = isUnspecified(parseIp6(pkt.src));
  const a = ifp.addrs.find((x) => x.addr === body.target);
  const proxy = ifp.neighbors.find((n) => n.proxy && n.addr === body.target);
  if (!a && !proxy) return;
  if (a && a.flags & IN6_IFF.DUPLICATED) return;
  if (a && a.flags & (IN6_IFF.TENTATIVE | IN6_IFF.DETACHED)) {
    // Someone else is doing DAD for our tentative address (only counts while ours runs).
    if (dad && a.dad) {
      a.dad.nsIn++;
      dadDuplicated(w, node, ifp, a, null);
    }
    return;
  }
  if (!dad && body.slla) cacheLladdr(w, node, ifp, pkt.src, body.slla, null);
  const anycast = a ? (a.flags & IN6_IFF.ANYCAST) !== 0 : false;
  const reply: Icmp6 = {
    type: 'NA',
    target: body.target,
    tlla: proxy ? proxy.lladdr : ifp.lladdr,
    router: node.knobs.forwarding !== 0,
    solicited: !dad,
    override: !anycast && !proxy,
  };
  const src = a ? a.addr : sourceFor(node, pkt.src === UNSPECIFIED_TEXT ? ALL_NODES_TEXT : pkt.src, ifp);
  if (!src) return;
  if (dad) {
    // A DAD probe is answered to all-nodes (RFC 4861 7.2.4).
    const out = { src, dst: ALL_NODES_TEXT, hlim: 255, body: reply };
    originated(node, out);
    transmit(w, node, ifp, { srcMac: ifp.lladdr ?? '', dstMac: '33:33:00:00:00:01', pkt: out });
    return;
  }
  const out = { src, dst: pkt.src, hlim: 255, body: reply };
  originated(node, out);
  resolveAndSend(w, node, ifp, out, pkt.src);
}

/** nd6_na_input (RFC 4861 7.2.5, 7.2.6; RFC 4862 5.4.4). */
export function naInput(w: World, node: Node, ifp: Iface, body: Extract<Icmp6, { type: 'NA' }>, srcMac: string): void {
  const a = ifp.addrs.find((x) => x.addr === body.target);
  if (a) {
    if (a.flags & IN6_IFF.TENTATIVE && a.dad) {
      a.dad.naIn++;
      dadDuplicated(w, node, ifp, a, body.tlla ?? (srcMac || null));
    }
    return;
  }
  const n = findNeighbor(ifp, body.target);
  if (!n || n.static) return;
  if (n.state === 'INCOMPLETE') {
    if (!body.tlla) return;
    n.lladdr = body.tlla;
    n.router = body.router;
    n.asked = 0;
    if (body.solicited) setState(w, node, ifp, n, 'REACHABLE', ifp.ndi.reachable);
    else setState(w, node, ifp, n, 'STALE', ND6_GCTIMER_MS);
    flushHeld(w, node, ifp, n);
    return;
  }
  const llchange = body.tlla !== null && body.tlla !== n.lladdr;
  if (!body.override && llchange) {
    if (n.state === 'REACHABLE') setState(w, node, ifp, n, 'STALE', ND6_GCTIMER_MS);
    return;
  }
  if (body.tlla) n.lladdr = body.tlla;
  if (body.solicited) setState(w, node, ifp, n, 'REACHABLE', ifp.ndi.reachable);
  else if (llchange) setState(w, node, ifp, n, 'STALE', ND6_GCTIMER_MS);
  if (n.router && !body.router) forgetRouter(w, node, ifp, n.addr);
  n.router = body.router;
}

/** ndp -s: a static (optionally proxy) entry; a proxy entry answers NS, so it joins the group. */
export function setStaticNeighbor(
  w: World,
  node: Node,
  ifp: Iface,
  addr: Ip6Text,
  lladdr: string,
  proxy: boolean,
  tempMs: number | null,
): void {
  const old = findNeighbor(ifp, addr);
  if (old) removeNeighbor(w, node, ifp, old);
  const n = newNeighbor(ifp, addr);
  n.lladdr = lladdr;
  n.static = true;
  n.proxy = proxy;
  setState(w, node, ifp, n, 'REACHABLE', tempMs);
  if (proxy) {
    const g = formatIp6(solicitedNode(parseIp6(addr)));
    joinGroup(ifp, g, { w, node });
    nbJoin(ifp, g);
  }
}

/** The interface a neighbour address belongs to: its zone, else an on-link prefix (nd6_is_addr_neighbor). */
export function neighborIface(node: Node, addr: string, zone: number): Iface | null {
  if (zone) return ifaceByIndex(node, zone) ?? null;
  const r = node.rib.lookup(parseIp6(addr));
  if (!r || r.flags & (RTF.GATEWAY | RTF.REJECT)) return null;
  const ifp = ifaceByIndex(node, r.ifindex);
  return ifp && ifp.type !== 'loop' && !(ifp.nd6 & ND6_IFF.IFDISABLED) ? ifp : null;
}
