// Router advertisements: the router side (rtadvd's role: periodic RAs, answers to RS, withdrawn
// prefixes), and the host side (nd6_rtr.c): default router list, prefix list, SLAAC with the
// RFC 4862 5.5.3(e) two-hour rule, RFC 4941 temporary addresses, RA parameters.
import {
  ALL_NODES_TEXT,
  ALL_ROUTERS_TEXT,
  UNSPECIFIED_TEXT,
  applyMask,
  formatIp6,
  isLinkLocal,
  parseIp6,
  prefixOf,
  type Ip6Text,
} from '../addr/index.js';
import { addAddress, deleteAddress, setLifetimes } from './addrs.js';
import {
  IN6_IFF,
  INFINITE_LIFETIME,
  MAX_INITIAL_RTR_ADVERT_INTERVAL_MS,
  MAX_INITIAL_RTR_ADVERTISEMENTS,
  MAX_RA_DELAY_TIME_MS,
  MIN_DELAY_BETWEEN_RAS_MS,
  ND6_IFF,
  ND_MAX_OPTIONS,
  RTF,
  TEMP_PREFERRED_LIFETIME_S,
  TEMP_VALID_LIFETIME_S,
  TWO_HOURS_S,
  DEFAULT_HLIM,
  REGEN_ADVANCE_S,
  MAX_TEMP_DESYNC_FACTOR_S,
  IPV6_MMTU,
} from './constants.js';
import { ifaceByIndex, interfaceId } from './iface.js';
import { klog } from './log.js';
import { cacheLladdr, computeReachable } from './nd.js';
import { originated, transmit } from './tx.js';
import { disarm, nextSeq, pending, schedule } from './queue.js';
import { randomBelow, randomBytes } from './rng.js';
import { holdRoute, releaseRoute } from './routes.js';
import { nodeNamed } from './lookup.js';
import type {
  Addr,
  DefaultRouter,
  Icmp6,
  Iface,
  Node,
  NdPrefix,
  Packet,
  PrefixInfo,
  RtadvConfig,
  Timer,
  World,
} from './types.js';
import { usableLinkLocal } from './ifaddr.js';

const seconds = (s: number): number | null => (s >= INFINITE_LIFETIME ? null : s);

// ---- the router side -------------------------------------------------------------------------

/** What a router is told to advertise: its configuration less the bookkeeping. */
export type RtadvRequest = Omit<RtadvConfig, 'withdrawn' | 'sent' | 'lastAt' | 'gen'>;

/**
 * Starts, changes or (null) stops advertising on an interface. Prefixes dropped from the
 * configuration are advertised with zero lifetimes for two hours, so hosts deprecate them.
 */
export function configureRtadv(w: World, node: Node, ifp: Iface, req: RtadvRequest | null): void {
  const old = ifp.rtadv;
  const gen = (old?.gen ?? 0) + 1;
  if (!req) {
    if (old) sendRa(w, node, ifp, { ...old, routerLifetime: 0, gen });
    ifp.rtadv = null;
    return;
  }
  const now = w.clock.now;
  const key = (p: PrefixInfo): string => `${p.prefix}/${p.plen}`;
  const kept = new Set(req.prefixes.map(key));
  const withdrawn = [
    ...(old?.withdrawn ?? []),
    ...(old?.prefixes ?? []).map((p) => ({ ...p, until: now + TWO_HOURS_S * 1000 })),
  ].filter((p) => !kept.has(key(p)) && p.until > now);
  ifp.rtadv = { ...req, withdrawn, sent: 0, lastAt: old?.lastAt ?? null, gen };
  schedule(w, { at: now, kind: 'ra-send', node: node.name, ifindex: ifp.index, gen, solicited: false });
}

function raBody(w: World, ifp: Iface, cfg: RtadvConfig): Extract<Icmp6, { type: 'RA' }> {
  const live = cfg.withdrawn
    .filter((p) => p.until > w.clock.now)
    .map(({ until: _until, ...p }) => ({ ...p, pltime: 0, vltime: 0 }));
  return {
    type: 'RA',
    curhlim: DEFAULT_HLIM,
    managed: cfg.managed,
    other: cfg.other,
    routerLifetime: cfg.routerLifetime,
    reachable: 0,
    retrans: 0,
    slla: ifp.lladdr,
    mtu: cfg.mtu,
    prefixes: [...cfg.prefixes, ...live],
  };
}

function sendRa(w: World, node: Node, ifp: Iface, cfg: RtadvConfig): boolean {
  const ll = usableLinkLocal(ifp);
  if (!ll || !ifp.up) return false;
  const pkt: Packet = { src: ll.addr, dst: ALL_NODES_TEXT, hlim: 255, body: raBody(w, ifp, cfg) };
  originated(node, pkt);
  transmit(w, node, ifp, { srcMac: ifp.lladdr ?? '', dstMac: '33:33:00:00:00:01', pkt });
  return true;
}

export function onRaSend(w: World, t: Extract<Timer, { kind: 'ra-send' }>): void {
  const node = nodeNamed(w, t.node);
  const ifp = node && ifaceByIndex(node, t.ifindex);
  const cfg = ifp?.rtadv;
  if (!node || !ifp || !cfg || cfg.gen !== t.gen || node.knobs.forwarding === 0) return;
  cfg.withdrawn = cfg.withdrawn.filter((p) => p.until > w.clock.now);
  if (sendRa(w, node, ifp, cfg)) {
    cfg.sent++;
    cfg.lastAt = w.clock.now;
  }
  if (t.solicited) return;
  // RFC 4861 6.2.4: the first few at most MAX_INITIAL_RTR_ADVERT_INTERVAL apart.
  let next = cfg.minInterval * 1000 + randomBelow(w, Math.max(1, (cfg.maxInterval - cfg.minInterval) * 1000));
  if (cfg.sent < MAX_INITIAL_RTR_ADVERTISEMENTS) next = Math.min(next, MAX_INITIAL_RTR_ADVERT_INTERVAL_MS);
  schedule(w, {
    at: w.clock.now + next,
    kind: 'ra-send',
    node: node.name,
    ifindex: ifp.index,
    gen: cfg.gen,
    solicited: false,
  });
}

/** RFC 4861 6.2.6: answer an RS after a random delay, no sooner than MIN_DELAY_BETWEEN_RAS. */
export function rsInput(w: World, node: Node, ifp: Iface, pkt: Packet, body: Extract<Icmp6, { type: 'RS' }>): void {
  if (node.knobs.forwarding === 0) return;
  if (body.slla && pkt.src !== '::') cacheLladdr(w, node, ifp, pkt.src, body.slla, false);
  const cfg = ifp.rtadv;
  if (!cfg) return;
  let at = w.clock.now + randomBelow(w, MAX_RA_DELAY_TIME_MS);
  if (cfg.lastAt !== null) at = Math.max(at, cfg.lastAt + MIN_DELAY_BETWEEN_RAS_MS);
  // One answer serves every solicitation that arrives before it goes out (rtadvd's ra_timer).
  const key = { kind: 'ra-send', node: node.name, ifindex: ifp.index, gen: cfg.gen, solicited: true } as const;
  const queued = pending(w, key);
  if (queued && queued.at <= at && (queued as { gen: number }).gen === cfg.gen) return;
  schedule(w, { at, ...key });
}

/** rtsol: one router solicitation from the interface's link-local address. */
export function sendRs(w: World, node: Node, ifp: Iface): boolean {
  const ll = usableLinkLocal(ifp);
  if (!ifp.up || ifp.nd6 & ND6_IFF.IFDISABLED) return false;
  const src = ll?.addr ?? UNSPECIFIED_TEXT;
  const pkt: Packet = { src, dst: ALL_ROUTERS_TEXT, hlim: 255, body: { type: 'RS', slla: ll ? ifp.lladdr : null } };
  originated(node, pkt);
  transmit(w, node, ifp, { srcMac: ifp.lladdr ?? '', dstMac: '33:33:00:00:00:02', pkt });
  return true;
}

// ---- the host side ---------------------------------------------------------------------------

/** Whether this interface processes RAs: a host (not forwarding) with accept_rtadv on. */
export function acceptsRa(node: Node, ifp: Iface): boolean {
  return node.knobs.forwarding === 0 && (ifp.nd6 & ND6_IFF.ACCEPT_RTADV) !== 0 && !(ifp.nd6 & ND6_IFF.IFDISABLED);
}

export function raInput(w: World, node: Node, ifp: Iface, pkt: Packet, body: Extract<Icmp6, { type: 'RA' }>): void {
  if (!acceptsRa(node, ifp) || !isLinkLocal(parseIp6(pkt.src))) return;
  const ndi = ifp.ndi;
  // The event sequence, not the time: an RA at the very instant of a solicitation may predate it.
  ndi.lastRaSeq = nextSeq(w);
  if (body.curhlim) ndi.curhlim = body.curhlim;
  if (body.reachable && body.reachable !== ndi.basereachable) {
    ndi.basereachable = body.reachable;
    ndi.reachable = computeReachable(w, body.reachable);
  }
  if (body.retrans) ndi.retrans = body.retrans;
  updateRouter(w, node, ifp, pkt.src, body);
  // KAME honours the first ND_MAX_OPTIONS options: source link-layer, MTU, then the prefixes.
  let budget = ND_MAX_OPTIONS;
  if (body.slla && budget-- > 0) cacheLladdr(w, node, ifp, pkt.src, body.slla, true);
  if (body.mtu !== null && budget-- > 0 && body.mtu >= IPV6_MMTU && body.mtu <= ifp.mtu) ndi.linkmtu = body.mtu;
  for (const p of body.prefixes) {
    if (budget-- <= 0) {
      klog(w, node, `nd6_ra_input: too many options in RA from ${pkt.src}, the rest ignored`);
      break;
    }
    prefixInput(w, node, ifp, pkt.src, p);
  }
  installDefault(node);
}

function updateRouter(w: World, node: Node, ifp: Iface, addr: Ip6Text, body: Extract<Icmp6, { type: 'RA' }>): void {
  const i = node.routers.findIndex((r) => r.addr === addr && r.ifindex === ifp.index);
  if (body.routerLifetime === 0) {
    if (i >= 0) removeRouterAt(w, node, i);
    return;
  }
  const r: DefaultRouter = {
    addr,
    ifindex: ifp.index,
    managed: body.managed,
    other: body.other,
    pref: 'medium',
    expireAt: w.clock.now + body.routerLifetime * 1000,
  };
  if (i >= 0) node.routers[i] = r;
  else node.routers.push(r);
  schedule(w, { at: r.expireAt, kind: 'router-expire', node: node.name, ifindex: ifp.index, addr });
}

function removeRouterAt(w: World, node: Node, i: number): void {
  const [r] = node.routers.splice(i, 1);
  if (!r) return;
  disarm(w, { kind: 'router-expire', node: node.name, ifindex: r.ifindex, addr: r.addr });
  const d = node.rib.get({ dst: '::', plen: 0, zone: 0 });
  if (d && !(d.flags & RTF.STATIC) && 'addr' in d.gateway && d.gateway.addr === r.addr && d.gateway.zone === r.ifindex)
    node.rib.delete(d);
}

/** ndp -R: the default router list empties, and the default route it gave goes. */
export function flushRouters(w: World, node: Node): void {
  while (node.routers.length) removeRouterAt(w, node, 0);
}

/** A neighbour stopped being a router (NA without R) or went away. */
export function forgetRouter(w: World, node: Node, ifp: Iface, addr: string): void {
  const i = node.routers.findIndex((r) => r.addr === addr && r.ifindex === ifp.index);
  if (i >= 0) {
    removeRouterAt(w, node, i);
    installDefault(node);
  }
}

export function onRouterExpire(w: World, t: Extract<Timer, { kind: 'router-expire' }>): void {
  const node = nodeNamed(w, t.node);
  if (!node) return;
  const i = node.routers.findIndex((r) => r.addr === t.addr && r.ifindex === t.ifindex && r.expireAt === t.at);
  if (i >= 0) removeRouterAt(w, node, i);
  installDefault(node);
}

/** defrouter_select: the default route goes through the first router of the list. */
function installDefault(node: Node): void {
  const best = node.routers[0];
  const d = node.rib.get({ dst: '::', plen: 0, zone: 0 });
  if (d && d.flags & RTF.STATIC) return; // route add default wins, as on FreeBSD
  if (!best) return;
  if (d && 'addr' in d.gateway && d.gateway.addr === best.addr && d.gateway.zone === best.ifindex) return;
  node.rib.set({
    dst: UNSPECIFIED_TEXT,
    plen: 0,
    zone: 0,
    gateway: { addr: best.addr, zone: best.ifindex },
    ifindex: best.ifindex,
    flags: RTF.UP | RTF.GATEWAY,
    refs: 0,
    mtu: 0,
    expireAt: null,
  });
}

function findPrefix(node: Node, ifp: Iface, p: { prefix: string; plen: number }): NdPrefix | undefined {
  return node.prefixes.find((x) => x.prefix === p.prefix && x.plen === p.plen && x.ifindex === ifp.index);
}

/** ndp -P (SIOCSPFXFLUSH_IN6): the prefixes go, and with them the addresses autoconfigured from them. */
export function flushPrefixes(w: World, node: Node): void {
  for (const pr of [...node.prefixes]) {
    const ifp = ifaceByIndex(node, pr.ifindex);
    for (const a of [...(ifp?.addrs ?? [])])
      if (a.flags & IN6_IFF.AUTOCONF && inPrefix(a, pr)) deleteAddress(w, node, ifp as Iface, a.addr);
    removePrefix(w, node, pr);
  }
}

function removePrefix(w: World, node: Node, pr: NdPrefix): void {
  node.prefixes.splice(node.prefixes.indexOf(pr), 1);
  disarm(w, { kind: 'prefix-expire', node: node.name, ifindex: pr.ifindex, prefix: pr.prefix, plen: pr.plen });
  if (pr.onlink) releaseRoute(node, { dst: pr.prefix, plen: pr.plen, zone: 0 });
}

/** prelist_update: RFC 4861 6.3.4 for the on-link part, RFC 4862 5.5.3 for the autonomous one. */
function prefixInput(w: World, node: Node, ifp: Iface, router: Ip6Text, info: PrefixInfo): void {
  const bytes = parseIp6(info.prefix);
  if (isLinkLocal(bytes) || info.plen > 128 || info.pltime > info.vltime) return;
  const p = { ...info, prefix: formatIp6(applyMask(bytes, info.plen)) };
  const now = w.clock.now;
  if (p.onlink) {
    let pr = findPrefix(node, ifp, p);
    if (p.vltime === 0) {
      if (pr) removePrefix(w, node, pr);
    } else {
      if (!pr) {
        pr = {
          prefix: p.prefix,
          plen: p.plen,
          ifindex: ifp.index,
          raOnlink: true,
          raAutonomous: p.autonomous,
          onlink: true,
          vltime: p.vltime,
          pltime: p.pltime,
          expireAt: null,
          advertisers: [],
          seq: nextSeq(w),
        };
        node.prefixes.push(pr);
        holdRoute(node, {
          dst: p.prefix,
          plen: p.plen,
          zone: 0,
          gateway: { link: ifp.index },
          ifindex: ifp.index,
          flags: RTF.UP,
        });
      }
      pr.raAutonomous = p.autonomous;
      pr.vltime = p.vltime;
      pr.pltime = p.pltime;
      const vl = seconds(p.vltime);
      pr.expireAt = vl === null ? null : now + vl * 1000;
      if (!pr.advertisers.some((a) => a.addr === router && a.ifindex === ifp.index))
        pr.advertisers.push({ addr: router, ifindex: ifp.index });
      if (pr.expireAt !== null)
        schedule(w, {
          at: pr.expireAt,
          kind: 'prefix-expire',
          node: node.name,
          ifindex: ifp.index,
          prefix: pr.prefix,
          plen: pr.plen,
        });
      else disarm(w, { kind: 'prefix-expire', node: node.name, ifindex: ifp.index, prefix: pr.prefix, plen: pr.plen });
    }
  }
  if (p.autonomous) slaac(w, node, ifp, p);
}

export function onPrefixExpire(w: World, t: Extract<Timer, { kind: 'prefix-expire' }>): void {
  const node = nodeNamed(w, t.node);
  const ifp = node && ifaceByIndex(node, t.ifindex);
  const pr = node && ifp && findPrefix(node, ifp, t);
  if (node && pr && pr.expireAt === t.at) removePrefix(w, node, pr);
}

const inPrefix = (a: Addr, p: { prefix: string; plen: number }): boolean =>
  a.plen === p.plen && prefixOf(a.addr, p.plen) === p.prefix;

/** RFC 4862 5.5.3: create the address, or update its lifetimes under the two-hour rule (e). */
function slaac(w: World, node: Node, ifp: Iface, p: PrefixInfo): void {
  const iidLen = 64;
  if (p.plen + iidLen !== 128) {
    klog(
      w,
      node,
      `in6_ifadd: ${ifp.name} has interface identifier of 64 bits, prefix ${p.prefix}/${p.plen} has ${p.plen} - ` +
        `ignored`,
    );
    return;
  }
  const mine = ifp.addrs.filter((a) => a.flags & IN6_IFF.AUTOCONF && inPrefix(a, p));
  if (mine.length) {
    for (const a of mine) updateLifetimes(w, node, ifp, a, p);
    return;
  }
  if (p.vltime === 0) return;
  const addr = withIid(p.prefix, interfaceId(node, ifp));
  const pub = addAddress(w, node, ifp, {
    addr,
    plen: p.plen,
    flags: IN6_IFF.AUTOCONF,
    pltime: seconds(p.pltime),
    vltime: seconds(p.vltime),
    origin: 'autoconf',
    update: false,
    dadDelay: true,
  });
  // RFC 4941 3.3 (2): a new public address comes with a new temporary one.
  if (node.knobs.use_tempaddr !== 0) makeTemporary(w, node, ifp, pub, true);
}

function withIid(prefix: string, iid: Uint8Array): Ip6Text {
  const a = parseIp6(prefix);
  a.set(iid, 8);
  return formatIp6(a);
}

/**
 * The node's DESYNC_FACTOR (RFC 4941 3.5): FreeBSD draws ip6_desync_factor once at boot, below
 * MAX_TEMP_DESYNC_FACTOR. Here it is derived from the seed and the node's name, so it needs no
 * state and stays the same for the node's life.
 */
export function desyncFactor(w: World, node: Node): number {
  let h = 0x811c9dc5 ^ w.seed;
  for (const c of `desync ${node.name}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h % MAX_TEMP_DESYNC_FACTOR_S;
}

const secondsLeft = (w: World, until: number | null): number =>
  until === null ? INFINITE_LIFETIME : Math.max(0, Math.floor((until - w.clock.now) / 1000));

/**
 * in6_tmpifadd: a temporary address beside a public one, with a random interface id. Its valid
 * lifetime is the public address's remaining one, at most TEMP_VALID_LIFETIME; its preferred
 * lifetime the public's remaining one, at most TEMP_PREFERRED_LIFETIME - DESYNC_FACTOR. None is
 * made when that preferred lifetime would not outlast REGEN_ADVANCE.
 */
function makeTemporary(w: World, node: Node, ifp: Iface, pub: Addr, dadDelay: boolean): void {
  const vl = Math.min(secondsLeft(w, pub.validUntil), TEMP_VALID_LIFETIME_S);
  const pl =
    pub.flags & IN6_IFF.DEPRECATED
      ? 0
      : Math.min(secondsLeft(w, pub.preferredUntil), TEMP_PREFERRED_LIFETIME_S - desyncFactor(w, node));
  if (pl <= REGEN_ADVANCE_S) return;
  const iid = randomBytes(w, 8);
  iid[0] = (iid[0] as number) & ~0x02;
  const prefix = prefixOf(pub.addr, pub.plen);
  addAddress(w, node, ifp, {
    addr: withIid(prefix, iid),
    plen: pub.plen,
    flags: IN6_IFF.AUTOCONF | IN6_IFF.TEMPORARY,
    pltime: pl,
    vltime: vl,
    origin: 'autoconf',
    update: false,
    dadDelay,
  });
}

/**
 * regen_tmpaddr: a temporary that has just become deprecated, or is expiring, gets a successor
 * made from a still-preferred public address of its prefix, unless another temporary of that
 * prefix is still preferred. (FreeBSD regenerates at deprecation, in nd6_timer, not
 * REGEN_ADVANCE before it as RFC 4941 3.4 suggests; REGEN_ADVANCE only bounds creation.)
 */
export function regenTemporary(w: World, node: Node, ifp: Iface, old: Addr): void {
  if (node.knobs.use_tempaddr === 0) return;
  const p = { prefix: prefixOf(old.addr, old.plen), plen: old.plen };
  let pub: Addr | null = null;
  for (const a of ifp.addrs) {
    if (a === old || !(a.flags & IN6_IFF.AUTOCONF) || !inPrefix(a, p)) continue;
    const preferred = !(a.flags & IN6_IFF.DEPRECATED);
    if (a.flags & IN6_IFF.TEMPORARY) {
      if (preferred) return;
    } else if (preferred) pub = a;
  }
  if (pub) makeTemporary(w, node, ifp, pub, false);
}

function updateLifetimes(w: World, node: Node, ifp: Iface, a: Addr, p: PrefixInfo): void {
  const remaining = a.validUntil === null ? Infinity : Math.max(0, Math.round((a.validUntil - w.clock.now) / 1000));
  const received = p.vltime >= INFINITE_LIFETIME ? Infinity : p.vltime;
  let vl: number;
  if (received > TWO_HOURS_S || received > remaining) vl = received;
  else if (remaining <= TWO_HOURS_S) vl = remaining;
  else vl = TWO_HOURS_S;
  let pl = p.pltime >= INFINITE_LIFETIME ? Infinity : p.pltime;
  if (a.flags & IN6_IFF.TEMPORARY) {
    // prelist_update: an RA never takes a temporary past TEMP_*_LIFETIME - DESYNC_FACTOR from
    // its creation (RFC 4941 3.3 (1)).
    const age = Math.floor((w.clock.now - a.createdAt) / 1000);
    const cap = (limit: number): number => Math.max(0, limit - age - desyncFactor(w, node));
    vl = Math.min(vl, cap(TEMP_VALID_LIFETIME_S));
    pl = Math.min(pl, cap(TEMP_PREFERRED_LIFETIME_S));
  }
  pl = Math.min(pl, vl);
  const toLife = (x: number): number | null => (x === Infinity ? null : x);
  setLifetimes(w, node, ifp, a, toLife(pl), toLife(vl));
  if (pl > 0) a.flags &= ~IN6_IFF.DEPRECATED;
}
