// Duplicate Address Detection (RFC 4862 5.4) as KAME runs it, with seed 001's corrections: a
// tentative address holds only its multicast memberships; routes appear when DAD succeeds; a
// duplicate drops its memberships at once.
import { formatIp6, parseIp6, isLinkLocal, solicitedNode } from '../addr/index.js';
import { isMember } from './groups.js';
import { countIcmp6In, countIcmp6Out, ICMP6_TYPE } from './stats.js';
import { IN6_IFF, ND6_IFF, RETRANS_TIMER_MS } from './constants.js';
import { ifaceByIndex } from './iface.js';
import { klog } from './log.js';
import { schedule } from './queue.js';
import { installAddrRoutes, dropMemberships } from './addrs.js';
import type { Addr, Iface, NdMessage, Node, Timer, World } from './types.js';

/** Whether an address added to this interface goes through DAD (nd6.c in6if_do_dad). */
export function doesDad(node: Node, ifp: Iface, flags: number): boolean {
  if (flags & (IN6_IFF.ANYCAST | IN6_IFF.NODAD)) return false;
  if (ifp.type === 'loop') return false;
  if (ifp.nd6 & (ND6_IFF.NO_DAD | ND6_IFF.IFDISABLED)) return false;
  return node.knobs.dad_count > 0;
}

/** Starts (or restarts) DAD; the first NS goes out after delayMs. A down interface waits for up. */
export function startDad(w: World, node: Node, ifp: Iface, a: Addr, delayMs: number): void {
  a.dad = null;
  if (!ifp.up) return;
  a.dad = { probesLeft: node.knobs.dad_count, nsOut: 0, nsIn: 0, naIn: 0 };
  schedule(w, { at: w.clock.now + delayMs, kind: 'dad-probe', node: node.name, ifindex: ifp.index, addrId: a.id });
}

function lookup(w: World, t: { node: string; ifindex: number; addrId: number }): { node: Node; ifp: Iface; a: Addr } | null {
  const node = w.nodes.find((n) => n.name === t.node);
  const ifp = node && ifaceByIndex(node, t.ifindex);
  const a = ifp?.addrs.find((x) => x.id === t.addrId);
  return node && ifp && a && a.dad && a.flags & IN6_IFF.TENTATIVE ? { node, ifp, a } : null;
}

export function send(w: World, node: Node, ifp: Iface, msg: NdMessage): void {
  if (!ifp.link || !ifp.up) return;
  countIcmp6Out(node, msg.type === 'NS' ? ICMP6_TYPE.NS : ICMP6_TYPE.NA);
  schedule(w, { at: w.clock.now, kind: 'deliver', link: ifp.link, fromNode: node.name, fromIf: ifp.index, msg });
}

export function onDadProbe(w: World, t: Extract<Timer, { kind: 'dad-probe' }>): void {
  const hit = lookup(w, t);
  if (!hit || !hit.a.dad) return;
  const { node, ifp, a } = hit;
  const dad = a.dad as NonNullable<Addr['dad']>;
  // RFC 4862 5.4.2: NS from the unspecified address to the solicited-node group, no SLLA option.
  send(w, node, ifp, { type: 'NS', src: '::', target: a.addr, srcMac: null });
  dad.nsOut++;
  dad.probesLeft--;
  const kind = dad.probesLeft > 0 ? 'dad-probe' : 'dad-finish';
  schedule(w, { at: w.clock.now + RETRANS_TIMER_MS, kind, node: node.name, ifindex: ifp.index, addrId: a.id });
}

export function onDadFinish(w: World, t: Extract<Timer, { kind: 'dad-finish' }>): void {
  const hit = lookup(w, t);
  if (hit) dadSucceeded(w, hit.node, hit.ifp, hit.a);
}

export function dadSucceeded(w: World, node: Node, ifp: Iface, a: Addr): void {
  a.flags &= ~IN6_IFF.TENTATIVE;
  a.dad = null;
  a.outcome = { kind: 'succeeded', at: w.clock.now };
  installAddrRoutes(node, ifp, a);
  klog(w, node, `${ifp.name}: DAD complete for ${a.addr} - no duplicates found`);
}

/** nd6_dad_duplicated, with seed 001's rule that a duplicate leaves its groups at once. */
export function dadDuplicated(w: World, node: Node, ifp: Iface, a: Addr, holder: string | null): void {
  const dad = a.dad ?? { nsOut: 0, nsIn: 0, naIn: 0 };
  klog(w, node, `${ifp.name}: DAD detected duplicate IPv6 address ${a.addr}: NS in/out/loopback=${dad.nsIn}/${dad.nsOut}/0, NA in=${dad.naIn}`);
  a.flags = (a.flags & ~IN6_IFF.TENTATIVE) | IN6_IFF.DUPLICATED;
  a.dad = null;
  a.outcome = { kind: 'duplicate', at: w.clock.now, holder };
  dropMemberships(ifp, a);
  klog(w, node, `${ifp.name}: DAD complete for ${a.addr} - duplicate found`);
  klog(w, node, `${ifp.name}: manual intervention required`);
  if (isLinkLocal(parseIp6(a.addr))) {
    // A duplicated hardware-derived link-local means the MAC itself is duplicated.
    ifp.nd6 |= ND6_IFF.IFDISABLED;
    klog(w, node, `${ifp.name}: possible hardware address duplication detected, disable IPv6`);
  }
}

/** A message arrives at every other interface on the link (RFC 4861 7.2.3, 7.2.5; RFC 4862 5.4.3, 5.4.4). */
export function onDeliver(w: World, t: Extract<Timer, { kind: 'deliver' }>): void {
  for (const node of w.nodes) {
    for (const ifp of node.ifaces) {
      if (ifp.link !== t.link || !ifp.up || (node.name === t.fromNode && ifp.index === t.fromIf)) continue;
      if (ifp.nd6 & ND6_IFF.IFDISABLED) continue;
      receive(w, node, ifp, t.msg);
    }
  }
}

function receive(w: World, node: Node, ifp: Iface, msg: NdMessage): void {
  // An NS goes to the target's solicited-node group, an unsolicited NA to all-nodes: the NIC
  // filter passes it only to members.
  const group = msg.type === 'NS' ? formatIp6(solicitedNode(parseIp6(msg.target))) : 'ff02::1';
  if (!isMember(ifp, group)) return;
  countIcmp6In(node, msg.type === 'NS' ? ICMP6_TYPE.NS : ICMP6_TYPE.NA);
  const a = ifp.addrs.find((x) => x.addr === msg.target);
  if (!a || a.flags & IN6_IFF.DUPLICATED) return;
  const tentative = (a.flags & IN6_IFF.TENTATIVE) !== 0;
  if (msg.type === 'NS') {
    if (tentative) {
      // 5.4.3: someone else is doing DAD for our tentative address (only counts while ours runs).
      if (a.dad && msg.src === '::') {
        a.dad.nsIn++;
        dadDuplicated(w, node, ifp, a, msg.srcMac);
      }
      return;
    }
    // 7.2.4: defend the address; a DAD NS (from ::) is answered to all-nodes, unsolicited.
    const dadProbe = msg.src === '::';
    send(w, node, ifp, {
      type: 'NA',
      target: a.addr,
      mac: ifp.lladdr ?? '',
      solicited: !dadProbe,
      override: (a.flags & IN6_IFF.ANYCAST) === 0,
      router: node.knobs.forwarding,
    });
    return;
  }
  if (tentative && a.dad) {
    a.dad.naIn++;
    dadDuplicated(w, node, ifp, a, msg.mac || null);
  }
}

