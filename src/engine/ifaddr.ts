// An interface's link-local addresses, looked up by the modules that send from them (a leaf: it
// imports no other engine module, so addrs, groups and ra all use it without a cycle).
import { isLinkLocal, parseIp6 } from '../addr/index.js';
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
