// Duplicate Address Detection (RFC 4862 5.4) as KAME runs it, with seed 001's corrections: a
// tentative address holds only its multicast memberships; routes appear when DAD succeeds; a
// duplicate drops its memberships at once.
import { UNSPECIFIED_TEXT, parseIp6, isLinkLocal } from '../addr/index.js';
import { IN6_IFF, ND6_IFF } from './constants.js';
import { ifaceByIndex } from './iface.js';
import { klog } from './log.js';
import { schedule } from './queue.js';
import { installAddrRoutes, dropMemberships } from './addrs.js';
import { nodeNamed } from './lookup.js';
import type { Addr, Iface, Node, Timer, World } from './types.js';
import { sendNS } from './nd.js';

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
  // nd6_dad_start: no DAD while down or IPv6 is disabled; the address stays tentative.
  if (!ifp.up || ifp.nd6 & ND6_IFF.IFDISABLED) return;
  a.dad = { probesLeft: node.knobs.dad_count, nsOut: 0, nsIn: 0, naIn: 0 };
  schedule(w, { at: w.clock.now + delayMs, kind: 'dad-probe', node: node.name, ifindex: ifp.index, addrId: a.id });
}

function lookup(
  w: World,
  t: { node: string; ifindex: number; addrId: number },
): { node: Node; ifp: Iface; a: Addr } | null {
  const node = nodeNamed(w, t.node);
  const ifp = node && ifaceByIndex(node, t.ifindex);
  const a = ifp?.addrs.find((x) => x.id === t.addrId);
  return node && ifp && a?.dad && a.flags & IN6_IFF.TENTATIVE ? { node, ifp, a } : null;
}

export function onDadProbe(w: World, t: Extract<Timer, { kind: 'dad-probe' }>): void {
  const hit = lookup(w, t);
  if (!hit?.a.dad) return;
  const { node, ifp, a } = hit;
  const dad = a.dad as NonNullable<Addr['dad']>;
  // RFC 4862 5.4.2: NS from the unspecified address to the solicited-node group, no SLLA option.
  sendNS(w, node, ifp, a.addr, { src: UNSPECIFIED_TEXT });
  dad.nsOut++;
  dad.probesLeft--;
  const kind = dad.probesLeft > 0 ? 'dad-probe' : 'dad-finish';
  schedule(w, { at: w.clock.now + ifp.ndi.retrans, kind, node: node.name, ifindex: ifp.index, addrId: a.id });
}

export function onDadFinish(w: World, t: Extract<Timer, { kind: 'dad-finish' }>): void {
  const hit = lookup(w, t);
  if (hit) dadSucceeded(w, hit.node, hit.ifp, hit.a);
}

function dadSucceeded(w: World, node: Node, ifp: Iface, a: Addr): void {
  a.flags &= ~IN6_IFF.TENTATIVE;
  a.dad = null;
  a.outcome = { kind: 'succeeded', at: w.clock.now };
  installAddrRoutes(node, ifp, a);
  klog(w, node, `${ifp.name}: DAD complete for ${a.addr} - no duplicates found`);
}

/** nd6_dad_duplicated, with seed 001's rule that a duplicate leaves its groups at once. */
export function dadDuplicated(w: World, node: Node, ifp: Iface, a: Addr, holder: string | null): void {
  const dad = a.dad ?? { nsOut: 0, nsIn: 0, naIn: 0 };
  klog(
    w,
    node,
    `${ifp.name}: DAD detected duplicate IPv6 address ${a.addr}: NS in/out/loopback=${dad.nsIn}/${dad.nsOut}/0, ` +
      `NA in=${dad.naIn}`,
  );
  a.flags = (a.flags & ~IN6_IFF.TENTATIVE) | IN6_IFF.DUPLICATED;
  a.dad = null;
  a.outcome = { kind: 'duplicate', at: w.clock.now, holder };
  dropMemberships(w, node, ifp, a);
  klog(w, node, `${ifp.name}: DAD complete for ${a.addr} - duplicate found`);
  klog(w, node, `${ifp.name}: manual intervention required`);
  if (isLinkLocal(parseIp6(a.addr))) {
    // A duplicated hardware-derived link-local means the MAC itself is duplicated.
    ifp.nd6 |= ND6_IFF.IFDISABLED;
    klog(w, node, `${ifp.name}: possible hardware address duplication detected, disable IPv6`);
  }
}
