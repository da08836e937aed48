// An interface's link-local addresses, looked up by the modules that send from them, and the
// groups an address joins (a leaf: it imports no other engine module, so addrs, groups, ra and
// nbmulti all use it without a cycle).
import {
  ALL_NODES_TEXT,
  NODE_LOCAL_ALL_NODES_TEXT,
  formatIp6,
  isLinkLocal,
  nodeInformationGroup,
  parseIp6,
  solicitedNode,
  type Ip6Text,
} from '../addr/index.js';
import { IN6_IFF } from './constants.js';
import type { Addr, Iface } from './types.js';

/** The interface's link-local address, in whatever state. */
export function linkLocalOf(ifp: Iface): Addr | undefined {
  return ifp.addrs.find((a) => isLinkLocal(parseIp6(a.addr)));
}

/**
 * The interface's link-local address that may be a packet's source: neither tentative nor
 * duplicated (RAs, RSs and MLD reports go out from it, nd6_rtr.c and mld6.c).
 */
export function usableLinkLocal(ifp: Iface): Addr | undefined {
  return ifp.addrs.find((a) => isLinkLocal(parseIp6(a.addr)) && !(a.flags & (IN6_IFF.TENTATIVE | IN6_IFF.DUPLICATED)));
}

/**
 * The groups an address joins when added, in the kernel's order (FreeBSD's
 * in6_update_ifa_join_mc, NetBSD's in6_update_ifa1): its solicited-node group, link-local
 * all-nodes, the host name's node-information groups of the forms given (none without a host
 * name), interface-local all-nodes.
 */
export function addressGroups(hostname: string, addr: Ip6Text, niForms: readonly ('rfc4620' | 'old')[]): Ip6Text[] {
  const ni = niForms.flatMap((f) => {
    const g = nodeInformationGroup(hostname, f);
    return g ? [formatIp6(g)] : [];
  });
  return [formatIp6(solicitedNode(parseIp6(addr))), ALL_NODES_TEXT, ...ni, NODE_LOCAL_ALL_NODES_TEXT];
}
