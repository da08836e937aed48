// Own addresses without their local route, which only the netbsd profile's route flush and
// ndp -d cause (docs/profiles.md). NetBSD's kernel of the profile's tree reaches an own address through a
// local host route (rt_ifa_addlocal); flushroutes deletes it with every other LLINFO route and
// nothing adds it back until a lookup for the address clones one: nd6_rtrequest (RTM_RESOLVE)
// finds the clone's key among the addresses of the cloning route's interface and turns the
// clone into the local route again (lo0, the interface's MAC, RTF_LOCAL, not RTF_CLONED).
// Until then the address is not ours to ip6_input, which takes a packet only through a host
// route via the loopback interface, and ip6_output sends to it as to anyone else.
import { applyMask, embedScope, formatIp6, isLinkLocal, parseIp6 } from '../addr/index.js';
import { ND6_IFF, RTF } from './constants.js';
import type { Addr, Iface, Node, Route } from './types.js';

export const isUnrouted = (ifp: Iface, a: Addr): boolean => ifp.nbMulti.unrouted.includes(a.addr);

/** route flush or ndp -d under the netbsd profile: the address's local route is deleted. */
export function dropLocalRoute(ifp: Iface, a: Addr): void {
  if (!isUnrouted(ifp, a)) ifp.nbMulti.unrouted.push(a.addr);
}

/** The longest match shorter than a host route (the address's own host route is the one gone). */
function bestShorterRoute(node: Node, key: Uint8Array): Route | null {
  for (let plen = 127; plen >= 0; plen--) {
    const r = node.rib.get({ dst: formatIp6(applyMask(key, plen)), plen, zone: 0 });
    if (r) return r;
  }
  return null;
}

/**
 * The lookup for an own address of ifp: 'local' when its local route is there, or when the best
 * match is a cloning route of ifp, whose clone would be the local route again; otherwise the
 * route found, or null. Changes nothing (cloneLocalRoute does).
 */
export function localRouteLookup(node: Node, ifp: Iface, a: Addr): 'local' | Route | null {
  if (!isUnrouted(ifp, a)) return 'local';
  const bytes = parseIp6(a.addr);
  const r = bestShorterRoute(node, embedScope(bytes, isLinkLocal(bytes) ? ifp.index : 0));
  // NetBSD's table holds the address's own prefix as a cloning route from the start
  // (nd6_prefix_onlink); the world's table only once DAD is done.
  const ownPrefix = a.plen < 128 && !(ifp.nd6 & ND6_IFF.DONT_SET_IFROUTE) ? a.plen : -1;
  const cloning =
    r === null || r.plen < ownPrefix
      ? ownPrefix >= 0
      : r.refs > 0 && r.plen < 128 && !(r.flags & RTF.GATEWAY) && r.ifindex === ifp.index;
  return cloning ? 'local' : r;
}

/**
 * rtalloc1 with cloning (ip6_input's and ip6_output's lookups): as localRouteLookup, and a
 * 'local' answer for an address without its local route brings the route back for good.
 */
export function cloneLocalRoute(node: Node, ifp: Iface, a: Addr): 'local' | Route | null {
  const r = localRouteLookup(node, ifp, a);
  if (r === 'local' && isUnrouted(ifp, a)) ifp.nbMulti.unrouted = ifp.nbMulti.unrouted.filter((x) => x !== a.addr);
  return r;
}
