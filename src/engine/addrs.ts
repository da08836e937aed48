// Interface addresses: add (in6_update_ifa), delete (in6_purgeaddr), lifetimes, and the routes
// and multicast memberships each address owns.
import { formatIp6, isLinkLocal, linkLocalFromIid, parseIp6, prefixOf, type Ip6Text } from '../addr/index.js';
import { IFF, IN6_IFF, MAX_RTR_SOLICITATION_DELAY_MS, ND6_IFF, RTF } from './constants.js';
import { startDad, doesDad } from './dad.js';
import { EngineError } from './errors.js';
import { joinGroup, leaveGroup } from './groups.js';
import { DRIVERS, hasCarrier, interfaceId, loopbackOf } from './iface.js';
import { disarm, schedule, nextSeq } from './queue.js';
import { nbAddressAdded, nbAddressDeleting } from './nbmulti.js';
import { holdRoute, releaseRoute } from './routes.js';
import { randomBelow } from './rng.js';
import { nodeNamed } from './lookup.js';
import type { Addr, AddrOrigin, Iface, Node, Timer, World } from './types.js';
import { addressGroups, linkLocalOf } from './ifaddr.js';

/** Flags an address may be created with (ifconfig's words, and temporary for RFC 4941). */
const SETTABLE_FLAGS =
  IN6_IFF.ANYCAST |
  IN6_IFF.TENTATIVE |
  IN6_IFF.DEPRECATED |
  IN6_IFF.AUTOCONF |
  IN6_IFF.TEMPORARY |
  IN6_IFF.PREFER_SOURCE |
  IN6_IFF.NODAD;

export interface AddrRequest {
  addr: Ip6Text;
  plen: number;
  flags: number;
  /** Seconds; null is infinite. */
  pltime: number | null;
  vltime: number | null;
  origin: AddrOrigin;
  /** Update an existing address in place ('alias') rather than re-create it. */
  update: boolean;
  /** KAME delays DAD of automatically created addresses by a random 0..1 s. */
  dadDelay: boolean;
  /** Point-to-point destination: only on IFF_POINTOPOINT interfaces, with prefix length 128. */
  dest?: Ip6Text | null;
}

const zoneOf = (ifp: Iface, addr: string): number => (isLinkLocal(parseIp6(addr)) ? ifp.index : 0);

/** A usable address owns its host route via the loopback and its prefix route (when shorter than /128). */
export function installAddrRoutes(node: Node, ifp: Iface, a: Addr): void {
  const lo = loopbackOf(node) ?? ifp;
  const zone = zoneOf(ifp, a.addr);
  holdRoute(node, {
    dst: a.addr,
    plen: 128,
    zone,
    gateway: { link: ifp.index },
    ifindex: lo.index,
    flags: RTF.UP | RTF.HOST | RTF.STATIC | RTF.PINNED,
  });
  if (a.dest)
    holdRoute(node, {
      dst: a.dest,
      plen: 128,
      zone: zoneOf(ifp, a.dest),
      gateway: { link: ifp.index },
      ifindex: ifp.index,
      flags: RTF.UP | RTF.HOST | RTF.PINNED,
    });
  if (a.plen < 128 && !(ifp.nd6 & ND6_IFF.DONT_SET_IFROUTE)) {
    const dst = prefixOf(a.addr, a.plen);
    holdRoute(node, {
      dst,
      plen: a.plen,
      zone,
      gateway: { link: ifp.index },
      ifindex: ifp.index,
      flags: RTF.UP | RTF.PINNED,
    });
  }
}

function releaseAddrRoutes(node: Node, ifp: Iface, a: Addr): void {
  const zone = zoneOf(ifp, a.addr);
  releaseRoute(node, { dst: a.addr, plen: 128, zone });
  if (a.dest) releaseRoute(node, { dst: a.dest, plen: 128, zone: zoneOf(ifp, a.dest) });
  if (a.plen < 128) releaseRoute(node, { dst: prefixOf(a.addr, a.plen), plen: a.plen, zone });
}

/** Only an address DAD has cleared on the link is usable and routed (seed 001). */
export const hasRoutes = (a: Addr): boolean =>
  (a.flags & (IN6_IFF.TENTATIVE | IN6_IFF.DUPLICATED | IN6_IFF.DETACHED)) === 0;

export function dropMemberships(w: World, node: Node, ifp: Iface, a: Addr): void {
  for (const g of a.memberships) leaveGroup(ifp, g, { w, node });
  a.memberships = [];
}

/**
 * in6_update_ifa_join_mc: both node-information groups, as icmp6_nodeinfo_oldmcprefix is 1 by
 * default.
 */
function joinMemberships(w: World, node: Node, ifp: Iface, a: Addr): void {
  a.memberships = addressGroups(node.hostname, a.addr, ['rfc4620', 'old']);
  for (const g of a.memberships) joinGroup(ifp, g, { w, node });
}

function checkLifetimes(req: AddrRequest): void {
  if (req.plen < 1 || req.plen > 128) throw new EngineError('EINVAL', 'prefix length');
  // in6_validate_ifra: preferred lifetime must not exceed valid lifetime (null is infinite).
  const pl = req.pltime ?? Infinity;
  const vl = req.vltime ?? Infinity;
  if (pl > vl) throw new EngineError('EINVAL', 'pltime > vltime');
}

export function setLifetimes(
  w: World,
  node: Node,
  ifp: Iface,
  a: Addr,
  pltime: number | null,
  vltime: number | null,
): void {
  const now = w.clock.now;
  a.pltime = pltime;
  a.vltime = vltime;
  a.preferredUntil = pltime === null ? null : now + pltime * 1000;
  a.validUntil = vltime === null ? null : now + vltime * 1000;
  if (pltime === 0) a.flags |= IN6_IFF.DEPRECATED;
  const ref = { node: node.name, ifindex: ifp.index, addrId: a.id };
  if (a.preferredUntil !== null && pltime !== 0) schedule(w, { at: a.preferredUntil, kind: 'preferred-end', ...ref });
  else disarm(w, { kind: 'preferred-end', ...ref });
  if (a.validUntil !== null) schedule(w, { at: a.validUntil, kind: 'valid-end', ...ref });
  else disarm(w, { kind: 'valid-end', ...ref });
}

/** Adds or updates an address; returns it (tentative while DAD runs). Validates before changing anything. */
export function addAddress(w: World, node: Node, ifp: Iface, req: AddrRequest): Addr {
  checkLifetimes(req);
  // in6_update_ifa: a destination needs a point-to-point interface and a /128.
  if (req.dest && (!(DRIVERS[ifp.type].baseFlags & IFF.POINTOPOINT) || req.plen !== 128))
    throw new EngineError('EINVAL', 'destination address');
  const existing = ifp.addrs.find((x) => x.addr === req.addr);
  if (existing && req.update) {
    // SIOCAIFADDR_IN6 on an existing address: same prefix length required (FreeBSD addr6.sh).
    if (existing.plen !== req.plen) throw new EngineError('EINVAL', 'prefix length change');
    const keep = existing.flags & (IN6_IFF.TENTATIVE | IN6_IFF.DUPLICATED | IN6_IFF.DETACHED);
    existing.flags = (req.flags & SETTABLE_FLAGS & ~IN6_IFF.TENTATIVE) | keep;
    setLifetimes(w, node, ifp, existing, req.pltime, req.vltime);
    return existing;
  }
  if (existing) deleteAddr(w, node, ifp, existing);
  // in6_addifaddr: adding an address to an IFDISABLED interface turns IPv6 back on, and on an
  // up interface nd6_ioctl's in6_if_up then gives it its link-local address, after this one.
  // The clearing fails, silently here, while a link-local address is duplicated.
  const enabling = (ifp.nd6 & ND6_IFF.IFDISABLED) !== 0 && !linkLocalDuplicated(ifp);
  if (enabling) ifp.nd6 &= ~ND6_IFF.IFDISABLED;
  const a: Addr = {
    id: nextSeq(w),
    addr: req.addr,
    plen: req.plen,
    flags: req.flags & SETTABLE_FLAGS & ~IN6_IFF.TENTATIVE,
    origin: req.origin,
    createdAt: w.clock.now,
    pltime: null,
    vltime: null,
    preferredUntil: null,
    validUntil: null,
    dad: null,
    outcome: null,
    memberships: [],
    dest: req.dest ?? null,
  };
  ifp.addrs.push(a);
  joinMemberships(w, node, ifp, a);
  nbAddressAdded(node, ifp, a);
  setLifetimes(w, node, ifp, a, req.pltime, req.vltime);
  if (doesDad(node, ifp, req.flags) && !hasCarrier(ifp)) {
    // NetBSD's rule (RFC 4862 5.3): no DAD without a link; it starts when carrier comes.
    a.flags |= IN6_IFF.DETACHED;
  } else if (doesDad(node, ifp, req.flags)) {
    a.flags |= IN6_IFF.TENTATIVE;
    startDad(w, node, ifp, a, req.dadDelay ? randomBelow(w, MAX_RTR_SOLICITATION_DELAY_MS) : 0);
  } else {
    a.outcome = { kind: 'skipped' };
    installAddrRoutes(node, ifp, a);
  }
  if (enabling && ifp.up) enableInet6(w, node, ifp);
  return a;
}

/**
 * nd6_ioctl, ifdisabled 0->1: with DAD in use every address turns tentative again (losing its
 * routes until DAD passes), and DAD in flight stops, as nd6_dad_timer cancels it on a disabled
 * interface.
 */
export function disableInet6(w: World, node: Node, ifp: Iface): void {
  for (const a of ifp.addrs) {
    a.dad = null;
    disarm(w, { kind: 'dad-probe', node: node.name, ifindex: ifp.index, addrId: a.id });
  }
  if (node.knobs.dad_count === 0 || ifp.nd6 & ND6_IFF.NO_DAD || ifp.type === 'loop') return;
  for (const a of ifp.addrs) {
    if (a.flags & (IN6_IFF.DUPLICATED | IN6_IFF.DETACHED | IN6_IFF.ANYCAST | IN6_IFF.NODAD)) continue;
    if (hasRoutes(a)) releaseAddrRoutes(node, ifp, a);
    a.flags |= IN6_IFF.TENTATIVE;
  }
}

/**
 * in6_if_up once ifdisabled is cleared on an up interface: DAD, after a random delay, for every
 * tentative address, then the link-local address if there is none.
 */
export function enableInet6(w: World, node: Node, ifp: Iface): void {
  for (const a of ifp.addrs)
    if (a.flags & IN6_IFF.TENTATIVE && !a.dad) startDad(w, node, ifp, a, randomBelow(w, MAX_RTR_SOLICITATION_DELAY_MS));
  ensureLinkLocal(w, node, ifp);
}

function deleteAddr(w: World, node: Node, ifp: Iface, a: Addr): void {
  const ref = { node: node.name, ifindex: ifp.index, addrId: a.id };
  for (const kind of ['dad-probe', 'preferred-end', 'valid-end'] as const) disarm(w, { kind, ...ref });
  if (hasRoutes(a)) releaseAddrRoutes(node, ifp, a);
  dropMemberships(w, node, ifp, a);
  nbAddressDeleting(node, ifp, a);
  ifp.addrs.splice(ifp.addrs.indexOf(a), 1);
}

export function deleteAddress(w: World, node: Node, ifp: Iface, addr: string): Addr {
  const a = ifp.addrs.find((x) => x.addr === addr);
  if (!a) throw new EngineError('EADDRNOTAVAIL', addr);
  deleteAddr(w, node, ifp, a);
  return a;
}

export function linkLocalDuplicated(ifp: Iface): boolean {
  return ifp.addrs.some((a) => a.flags & IN6_IFF.DUPLICATED && isLinkLocal(parseIp6(a.addr)));
}

/** in6_ifattach: the link-local address an interface gets when it comes up (seed 000: every time). */
export function ensureLinkLocal(w: World, node: Node, ifp: Iface): void {
  if (!(ifp.nd6 & ND6_IFF.AUTO_LINKLOCAL) || ifp.nd6 & ND6_IFF.IFDISABLED || linkLocalOf(ifp)) return;
  const addr = formatIp6(linkLocalFromIid(interfaceId(node, ifp)));
  addAddress(w, node, ifp, {
    addr,
    plen: 64,
    flags: 0,
    pltime: null,
    vltime: null,
    origin: 'linklocal',
    update: false,
    dadDelay: true,
  });
}

function lifetimeTarget(
  w: World,
  t: { node: string; ifindex: number; addrId: number },
): { node: Node; ifp: Iface; a: Addr } | null {
  const node = nodeNamed(w, t.node);
  const ifp = node?.ifaces.find((i) => i.index === t.ifindex);
  const a = ifp?.addrs.find((x) => x.id === t.addrId);
  return node && ifp && a ? { node, ifp, a } : null;
}

/** nd6_timer's deprecation; `regen` runs when a temporary has just become deprecated. */
export function onPreferredEnd(
  w: World,
  t: Extract<Timer, { kind: 'preferred-end' }>,
  regen: (node: Node, ifp: Iface, a: Addr) => void,
): void {
  const hit = lifetimeTarget(w, t);
  if (!hit || hit.a.preferredUntil !== t.at) return;
  const was = hit.a.flags;
  hit.a.flags |= IN6_IFF.DEPRECATED;
  if (was & IN6_IFF.TEMPORARY && !(was & IN6_IFF.DEPRECATED)) regen(hit.node, hit.ifp, hit.a);
}

/** nd6_timer's expiry: an expiring temporary first gets a successor (`regen`), then goes. */
export function onValidEnd(
  w: World,
  t: Extract<Timer, { kind: 'valid-end' }>,
  regen: (node: Node, ifp: Iface, a: Addr) => void,
): void {
  const hit = lifetimeTarget(w, t);
  if (!hit || hit.a.validUntil !== t.at) return;
  if (hit.a.flags & IN6_IFF.TEMPORARY) regen(hit.node, hit.ifp, hit.a);
  deleteAddr(w, hit.node, hit.ifp, hit.a);
}
