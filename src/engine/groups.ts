// Multicast membership per interface (in6_mcast.c, mld6.c). The stack's own users of a group
// (solicited-node groups of addresses, all-nodes, all-routers while forwarding, proxy entries)
// hold reference counts, each an any-source join (EXCLUDE {}); application sockets hold a
// filter each. The interface's state per group merges them as RFC 3810 5.1 says, and every
// change of that state goes out as an MLDv2 report on the link.
import {
  ALL_MLDV2_ROUTERS_TEXT,
  UNSPECIFIED_TEXT,
  canonical,
  formatMac,
  multicastMac,
  multicastScope,
  parseIp6,
  type Ip6Text,
} from '../addr/index.js';
import { ND6_IFF } from './constants.js';
import { groupState } from './groupstate.js';
import { membershipChanged } from './links.js';
import { nbJoin, nbLeave } from './nbmulti.js';
import { originated, transmit } from './tx.js';
import type { Group, Iface, Node, Packet, World } from './types.js';
import { MLD_IFF } from '../flags.js';
import { usableLinkLocal } from './ifaddr.js';

/** Interface-, link- and site-local all-routers: every interface of a forwarding node holds them. */
export const ALL_ROUTERS: readonly Ip6Text[] = ['ff01::2', 'ff02::2', 'ff05::2'].map(canonical);

/** MLDv2 defaults (mld6.c): robustness, query, query response and unsolicited report intervals. */
export const MLD_DEFAULTS = { rv: 2, qi: 125, qri: 10, uri: 3 } as const;

/** What a stack user changes goes out at once when the caller can send (it has the world). */
export interface Reporter {
  w: World;
  node: Node;
}

function group(ifp: Iface, addr: Ip6Text): Group {
  let g = ifp.groups.find((x) => x.group === addr);
  if (!g) {
    g = { group: addr, refs: 0, sockets: [] };
    ifp.groups.push(g);
  }
  return g;
}

const stateKey = (s: ReturnType<typeof groupState>): string => (s ? `${s.mode}:${s.sources.join(',')}` : 'none');

/** Applies a change to a group and reports the new state if it differs. */
function change(ifp: Iface, addr: Ip6Text, fn: (g: Group) => void, r?: Reporter): void {
  const g = group(ifp, addr);
  const was = groupState(g);
  const before = stateKey(was);
  fn(g);
  const after = groupState(g);
  if (!after && g.refs <= 0 && !g.sockets.length) ifp.groups.splice(ifp.groups.indexOf(g), 1);
  if ((was === null) !== (after === null)) membershipChanged(ifp, addr, after !== null);
  if (r && stateKey(after) !== before) report(r.w, r.node, ifp, addr, after);
}

export function joinGroup(ifp: Iface, addr: Ip6Text, r?: Reporter): void {
  change(ifp, addr, (g) => g.refs++, r);
}

export function leaveGroup(ifp: Iface, addr: Ip6Text, r?: Reporter): void {
  if (!ifp.groups.some((x) => x.group === addr)) return;
  change(ifp, addr, (g) => (g.refs = Math.max(0, g.refs - 1)), r);
}

/** A socket's filter on a group (IPV6_JOIN_GROUP, MCAST_JOIN_SOURCE_GROUP, ...); null leaves. */
export function setSocketFilter(
  ifp: Iface,
  addr: Ip6Text,
  socket: number,
  filter: { mode: 'include' | 'exclude'; sources: Ip6Text[] } | null,
  r?: Reporter,
): void {
  const had = ifp.groups.some((g) => g.group === addr && g.sockets.some((s) => s.socket === socket));
  if (!had && filter) nbJoin(ifp, addr);
  else if (had && !filter) nbLeave(ifp, addr);
  change(
    ifp,
    addr,
    (g) => {
      g.sockets = g.sockets.filter((s) => s.socket !== socket);
      if (filter) g.sockets.push({ socket, mode: filter.mode, sources: [...new Set(filter.sources)].sort() });
    },
    r,
  );
}

export function isMember(ifp: Iface, addr: string): boolean {
  const g = ifp.groups.find((x) => x.group === addr);
  return g !== undefined && groupState(g) !== null;
}

/** The MLD flags of an interface: loopback is silent, USEALLOW is on everywhere. */
export const mldFlags = (ifp: Iface): number => (ifp.type === 'loop' ? MLD_IFF.SILENT : 0) | MLD_IFF.USEALLOW;

/**
 * An MLDv2 state-change report (RFC 3810 6.1) to ff02::16: CHANGE_TO_EXCLUDE or _INCLUDE with the
 * new source list. Not for interface-local groups, all-nodes, silent interfaces or without a link.
 */
function report(w: World, node: Node, ifp: Iface, addr: Ip6Text, state: ReturnType<typeof groupState>): void {
  const bytes = parseIp6(addr);
  if (multicastScope(bytes) === 'interface' || addr === 'ff02::1') return;
  if (mldFlags(ifp) & MLD_IFF.SILENT || !ifp.up || !ifp.link || ifp.nd6 & ND6_IFF.IFDISABLED) return;
  const ll = usableLinkLocal(ifp);
  // Leaving is a change to INCLUDE {}.
  const type = state?.mode === 'exclude' ? 'TO_EX' : 'TO_IN';
  const pkt: Packet = {
    src: ll?.addr ?? UNSPECIFIED_TEXT,
    dst: ALL_MLDV2_ROUTERS_TEXT,
    hlim: 1,
    body: { type: 'MLD_REPORT', records: [{ type, group: addr, sources: state?.sources ?? [] }] },
  };
  originated(node, pkt);
  transmit(w, node, ifp, { srcMac: ifp.lladdr ?? '', dstMac: formatMac(multicastMac(parseIp6('ff02::16'))), pkt });
}

/** An interface coming up reports every group it holds (its joins were silent while down). */
export function reportAll(w: World, node: Node, ifp: Iface): void {
  for (const g of ifp.groups) report(w, node, ifp, g.group, groupState(g));
}
