// NetBSD's multicast records (netinet6/mld6.c, in6.c), kept beside FreeBSD's per-interface
// groups (groups.ts) because NetBSD's ifmcstat prints their order and reference counts, and
// those follow other rules (docs/profiles.md):
// - a new record hangs on the interface's first IPv6 address, at the head of its list
//   (in6_addmulti); with no IPv6 address the join fails (EADDRNOTAVAIL) and nothing is kept;
// - deleting that address moves every record, one by one from the head, to the head of the new
//   first address's list, or of the interface's kludge list when none is left (in6_savemkludge);
//   the next address added takes the kludge list the same way (in6_restoremkludge). Records
//   only ever hang on the first address, so each move reverses the one list;
// - every address added joins its solicited-node group, ff02::1, the node-information group of
//   the host name and ff01::1 (in6_update_ifa1), and keeps them while duplicated: only its
//   deletion leaves them;
// - the forwarding switch joins nothing (FreeBSD's all-routers groups are not NetBSD's);
// - each new record adds its MAC to the Ethernet list (ether_addmulti: head insert, a count per
//   MAC), which moves never reorder;
// - the interface's first address also installs the ff01::/32 and ff02::/32 cloning routes
//   through itself, which no deletion removes (netstat -r under netbsd shows them).
import { formatIp6, formatMac, multicastMac, parseIp6, solicitedNode, type Ip6Text } from '../addr/index.js';
import { addressGroups } from './ifaddr.js';
import type { Addr, Iface, NbMulti, Node } from './types.js';

/** in6_update_ifa1's groups: only the older node-information form exists in NetBSD 7. */
export const nbAddressGroups = (node: Node, a: Addr): Ip6Text[] => addressGroups(node.hostname, a.addr, ['old']);

/**
 * A state file written before ip6kit kept the records lacks them: the store has them rebuilt
 * when it reads the node, as if each holder had joined in turn, oldest address first.
 */
export function fillNbMulti(node: Node): void {
  for (const ifp of node.ifaces) {
    const saved = (ifp as { nbMulti?: Partial<NbMulti> }).nbMulti;
    if (saved) {
      if (saved.routeVia === undefined) saved.routeVia = ifp.addrs[0]?.addr ?? null;
      saved.unrouted ??= [];
      continue;
    }
    ifp.nbMulti = { inet6: [], ether: [], routeVia: ifp.addrs[0]?.addr ?? null, unrouted: [] };
    for (const a of ifp.addrs) for (const g of nbAddressGroups(node, a)) nbJoin(ifp, g);
    for (const g of ifp.groups) for (const _ of g.sockets) nbJoin(ifp, g.group);
    for (const n of ifp.neighbors) if (n.proxy) nbJoin(ifp, formatIp6(solicitedNode(parseIp6(n.addr))));
  }
}

const macOf = (ifp: Iface, group: Ip6Text): string | null =>
  ifp.lladdr === null ? null : formatMac(multicastMac(parseIp6(group)));

/** in6_addmulti: a reference on the record, or a new record at the head of the list. */
export function nbJoin(ifp: Iface, group: Ip6Text): void {
  const m = ifp.nbMulti;
  if (!ifp.addrs.length) return;
  const r = m.inet6.find((x) => x.group === group);
  if (r) {
    r.refs++;
    return;
  }
  m.inet6.unshift({ group, refs: 1 });
  const mac = macOf(ifp, group);
  if (mac === null) return;
  const e = m.ether.find((x) => x.mac === mac);
  if (e) e.refs++;
  else m.ether.unshift({ mac, refs: 1 });
}

/** in6_delmulti: the last reference frees the record and its share of the Ethernet entry. */
export function nbLeave(ifp: Iface, group: Ip6Text): void {
  const m = ifp.nbMulti;
  const i = m.inet6.findIndex((x) => x.group === group);
  const r = m.inet6[i];
  if (!r || --r.refs > 0) return;
  m.inet6.splice(i, 1);
  const mac = macOf(ifp, group);
  const j = m.ether.findIndex((x) => x.mac === mac);
  const e = m.ether[j];
  if (e && --e.refs === 0) m.ether.splice(j, 1);
}

/**
 * After an address is linked: the first address takes the kludge list (in6_ifinit's
 * in6_restoremkludge), then the address joins its groups.
 */
export function nbAddressAdded(node: Node, ifp: Iface, a: Addr): void {
  if (ifp.addrs.length === 1) ifp.nbMulti.inet6.reverse();
  ifp.nbMulti.routeVia ??= a.addr;
  for (const g of nbAddressGroups(node, a)) nbJoin(ifp, g);
}

/** in6_purgeaddr, before the address is unlinked: it leaves its groups; if it is the first, the list moves. */
export function nbAddressDeleting(node: Node, ifp: Iface, a: Addr): void {
  for (const g of nbAddressGroups(node, a).reverse()) nbLeave(ifp, g);
  if (ifp.addrs[0] === a) ifp.nbMulti.inet6.reverse();
  ifp.nbMulti.unrouted = ifp.nbMulti.unrouted.filter((x) => x !== a.addr);
}
