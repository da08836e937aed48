// The packet path: frames on simulated links (with the NIC's multicast and unicast filter),
// IPv6 input, output through the routing table and neighbour resolution, forwarding, and the
// ICMPv6 errors a router or host sends (RFC 8200, RFC 4443).
import {
  embedScope,
  isLinkLocal,
  isMulticast,
  isUnspecified,
  multicastMac,
  needsZone,
  parseIp6,
  formatMac,
  type Ip6Text,
} from '../addr/index.js';
import { IN6_IFF, LOOP_DELAY_MS, ND6_IFF, RTF } from './constants.js';
import { isMember } from './groups.js';
import { listeners } from './links.js';
import { linkNamed, nodeNamed } from './lookup.js';
import { randomBelow } from './rng.js';
import { ifaceByIndex } from './iface.js';
import { icmp6Input } from './icmp.js';
import { resolveAndSend } from './nd.js';
import { schedule } from './queue.js';
import { originated, transmit } from './tx.js';
import { selectSource } from './select.js';
import { cloneLocalRoute, localRouteLookup } from './nblocal.js';
import type { Addr, Icmp6, Iface, Node, Packet, Route, Timer, World } from './types.js';

/** Sends to a multicast group, or to a unicast next hop through neighbour resolution. */
function linkOutput(w: World, node: Node, ifp: Iface, pkt: Packet, nexthop: Ip6Text): void {
  const dst = parseIp6(pkt.dst);
  if (isMulticast(dst)) {
    transmit(w, node, ifp, { srcMac: ifp.lladdr ?? '', dstMac: formatMac(multicastMac(dst)), pkt });
    return;
  }
  resolveAndSend(w, node, ifp, pkt, nexthop);
}

export function onDeliver(w: World, t: Extract<Timer, { kind: 'deliver' }>): void {
  const { frame } = t;
  // The NIC's filter: a group the interface has joined, or its MAC (links.ts keeps both lists).
  const multicast = frame.dstMac.startsWith('33:33:');
  const heard = listeners(w, t.link, multicast ? { group: frame.pkt.dst } : { mac: frame.dstMac });
  const loss = linkNamed(w, t.link)?.faults.loss ?? 0;
  // ip6Input may change memberships (and so the list): deliver to the list as it was.
  for (const { node, ifp } of [...heard]) {
    if (ifp.link !== t.link || !ifp.up || (node.name === t.fromNode && ifp.index === t.fromIf)) continue;
    if (ifp.nd6 & ND6_IFF.IFDISABLED) continue;
    if (multicast ? !isMember(ifp, frame.pkt.dst) : frame.dstMac !== ifp.lladdr) continue;
    // Each receiver loses the frame on its own draw (in ten-thousandths, from the world's seed).
    if (loss > 0 && randomBelow(w, 10_000) < loss * 100) continue;
    ip6Input(w, node, ifp, frame.pkt, frame.srcMac);
  }
}

export function onLoop(w: World, t: Extract<Timer, { kind: 'loop' }>): void {
  const node = nodeNamed(w, t.node);
  const ifp = node && ifaceByIndex(node, t.ifindex);
  if (node && ifp) ip6Input(w, node, ifp, t.pkt, ifp.lladdr ?? '');
}

/** The address of ours a packet is for: a link-local one on the arrival interface, else any. */
export function ownAddress(node: Node, ifp: Iface | null, dst: string): { ifp: Iface; a: Addr } | null {
  if (isLinkLocal(parseIp6(dst))) {
    const a = ifp?.addrs.find((x) => x.addr === dst);
    return ifp && a ? { ifp, a } : null;
  }
  for (const i of node.ifaces) {
    const a = i.addrs.find((x) => x.addr === dst);
    if (a) return { ifp: i, a };
  }
  return null;
}

const UNUSABLE = IN6_IFF.TENTATIVE | IN6_IFF.DUPLICATED | IN6_IFF.DETACHED;

export function ip6Input(w: World, node: Node, ifp: Iface, pkt: Packet, srcMac: string): void {
  const st = node.stats.ip6;
  st.total++;
  const dst = parseIp6(pkt.dst);
  if (isMulticast(dst)) {
    if (!isMember(ifp, pkt.dst)) {
      st.notmember++;
      return;
    }
    deliver(w, node, ifp, pkt, srcMac);
    return;
  }
  const own = ownAddress(node, ifp, pkt.dst);
  // An address whose local route the netbsd profile's route flush or ndp -d took is ours again
  // only once a lookup clones the route back (nblocal.ts); otherwise the lookup's route decides.
  const via = own ? cloneLocalRoute(node, own.ifp, own.a) : undefined;
  if (own && via === 'local') {
    // A tentative address takes part in DAD and nothing else (RFC 4862 5.4).
    if (own.a.flags & UNUSABLE && pkt.body.type !== 'NS' && pkt.body.type !== 'NA') return;
    deliver(w, node, ifp, pkt, srcMac);
    return;
  }
  if (node.knobs.forwarding === 0) {
    st.cantforward++;
    return;
  }
  forward(w, node, ifp, pkt, via === 'local' ? undefined : via);
}

function deliver(w: World, node: Node, ifp: Iface, pkt: Packet, srcMac: string): void {
  node.stats.ip6.delivered++;
  icmp6Input(w, node, ifp, pkt, srcMac);
}

/** ip6_forward: hop limit, scope, the route (found here unless given), then the next link. */
function forward(w: World, node: Node, inIfp: Iface, pkt: Packet, route?: Route | null): void {
  const st = node.stats.ip6;
  const src = parseIp6(pkt.src);
  const dst = parseIp6(pkt.dst);
  if (isMulticast(src) || isUnspecified(src) || needsZone(dst)) {
    st.cantforward++;
    return;
  }
  if (pkt.hlim <= 1) {
    st.cantforward++;
    icmp6Error(w, node, inIfp, pkt, 3, 0);
    return;
  }
  const r = route === undefined ? node.rib.lookup(dst) : route;
  if (!r || r.flags & RTF.REJECT) {
    st.noroute++;
    st.cantforward++;
    icmp6Error(w, node, inIfp, pkt, 1, r ? 1 : 0);
    return;
  }
  if (r.flags & RTF.BLACKHOLE) return;
  const out = ifaceByIndex(node, r.ifindex);
  if (!out?.up || out.type === 'loop') {
    st.cantforward++;
    return;
  }
  if (isLinkLocal(src) && out !== inIfp) {
    st.badscope++;
    st.cantforward++;
    icmp6Error(w, node, inIfp, pkt, 1, 2);
    return;
  }
  st.forward++;
  const nexthop = 'addr' in r.gateway ? r.gateway.addr : pkt.dst;
  linkOutput(w, node, out, { ...pkt, hlim: pkt.hlim - 1 }, nexthop);
}

export type OutputError = 'EHOSTUNREACH' | 'ENETDOWN' | 'EADDRNOTAVAIL';

export interface OutputOptions {
  /** The interface a scoped destination (or multicast) leaves by. */
  ifp?: Iface;
}

/**
 * ip6_output for a packet this node originates: own addresses loop back, multicast goes out
 * of the given interface, anything else follows the longest matching route.
 */
export function ip6Output(w: World, node: Node, pkt: Packet, o: OutputOptions = {}): OutputError | null {
  const dst = parseIp6(pkt.dst);
  originated(node, pkt);
  if (isMulticast(dst)) {
    if (!o.ifp) return 'EADDRNOTAVAIL';
    linkOutput(w, node, o.ifp, pkt, pkt.dst);
    return null;
  }
  const own = ownAddress(node, o.ifp ?? null, pkt.dst);
  const via = own ? cloneLocalRoute(node, own.ifp, own.a) : undefined;
  if (own && via === 'local') {
    schedule(w, { at: w.clock.now + LOOP_DELAY_MS, kind: 'loop', node: node.name, ifindex: own.ifp.index, pkt });
    return null;
  }
  const zone = needsZone(dst) ? (o.ifp?.index ?? 0) : 0;
  if (needsZone(dst) && !zone) return 'EADDRNOTAVAIL';
  const r = via === undefined || via === 'local' ? node.rib.lookup(embedScope(dst, zone)) : via;
  if (!r || r.flags & RTF.REJECT) {
    node.stats.ip6.noroute++;
    return 'EHOSTUNREACH';
  }
  if (r.flags & RTF.BLACKHOLE) return null;
  const out = ifaceByIndex(node, r.ifindex);
  if (!out || out.type === 'loop') return 'EHOSTUNREACH';
  if (!out.up || out.nd6 & ND6_IFF.IFDISABLED) return 'ENETDOWN';
  linkOutput(w, node, out, pkt, 'addr' in r.gateway ? r.gateway.addr : pkt.dst);
  return null;
}

/**
 * Where a packet to dst would go (in6_selectif): our own address ('local'), the interface a
 * route (or, for a scoped destination, the zone) leaves by, or why it cannot go: a reject or
 * blackhole network route is ENETUNREACH (rc's fe80::/10 reject route catches a link-local
 * destination without its zone), a host one or no route at all EHOSTUNREACH.
 */
export function outgoingInterface(
  node: Node,
  dst: string,
  zone: number,
): Iface | 'local' | 'EHOSTUNREACH' | 'ENETUNREACH' {
  const bytes = parseIp6(dst);
  const zoneIf = zone ? (ifaceByIndex(node, zone) ?? null) : null;
  const own = ownAddress(node, zoneIf, dst);
  const via = own ? localRouteLookup(node, own.ifp, own.a) : undefined;
  if (own && via === 'local') return 'local';
  if (needsZone(bytes) && zoneIf) return zoneIf;
  const r = via === undefined || via === 'local' ? node.rib.lookup(embedScope(bytes, zone)) : via;
  if (!needsZone(bytes) && r && !(r.flags & RTF.REJECT)) return ifaceByIndex(node, r.ifindex) ?? 'EHOSTUNREACH';
  return r && r.flags & (RTF.REJECT | RTF.BLACKHOLE) && !(r.flags & RTF.HOST) ? 'ENETUNREACH' : 'EHOSTUNREACH';
}

/** The source this node uses towards dst (leaving by ifp when known), or null. */
export function sourceFor(node: Node, dst: Ip6Text, ifp: Iface | null): Ip6Text | null {
  return selectSource(node, parseIp6(dst), ifp, true)?.addr.addr ?? null;
}

/** icmp6_error: never about an error, a multicast destination or an unspecified source. */
export function icmp6Error(w: World, node: Node, ifp: Iface, orig: Packet, icmpType: 1 | 3, code: number): void {
  const src = parseIp6(orig.src);
  if (orig.body.type === 'ERROR' || isMulticast(parseIp6(orig.dst)) || isUnspecified(src) || isMulticast(src)) return;
  const st = node.stats.icmp6;
  st.error++;
  if (icmpType === 3) st.timeExceedTransit++;
  else if (code === 0) st.unreachNoroute++;
  else if (code === 1) st.unreachAdmin++;
  else if (code === 2) st.unreachBeyondscope++;
  else if (code === 3) st.unreachAddr++;
  const from = sourceFor(node, orig.src, ifp);
  if (!from) return;
  const echo = orig.body.type === 'ECHO' || orig.body.type === 'ECHO_REPLY' ? orig.body : null;
  const body: Icmp6 = {
    type: 'ERROR',
    icmpType,
    code,
    orig: { src: orig.src, dst: orig.dst, ident: echo?.ident ?? null, seq: echo?.seq ?? null },
  };
  ip6Output(w, node, { src: from, dst: orig.src, hlim: ifp.ndi.curhlim, body }, { ifp });
}
