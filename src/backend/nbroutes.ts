// NetBSD's routing table for the netbsd profile (netstat -r, route show, route get): the world's
// table as the kernel of the tree the profile was read from would hold it. That kernel predates
// NetBSD's lltable, so besides the routes FreeBSD also has it keeps (docs/profiles.md):
// - each address's local route (net/route.c rt_ifa_addlocal): a host route with the interface's
//   link address as gateway, LLINFO off loopback and point-to-point links, moved to lo0 by
//   nd6_rtrequest (nd6_useloopback) or p2p_rtrequest; ::1 instead has in6_ifinit's host route
//   to its destination (itself);
// - prefix routes that clone (nd6_prefix_onlink: CLONING and link#N where neighbours need a
//   cache; elsewhere through the interface's address);
// - one cloned host route per neighbour cache entry (nd6_rtrequest RTM_RESOLVE: LLINFO,
//   CLONED, the neighbour's MAC once known, else link#N), ndp -s entries as static ones;
// - ff01::/32 and ff02::/32 cloning routes per interface through its first address
//   (in6_update_ifa1), which stay after the address goes;
// - a route whose interface address is on lo0 carries lo0's MTU (if_loop.c lortrequest).
// Addresses are routed as soon as they exist, tentative or not (in6_ifinit does not wait for
// DAD). Rows come in the order of the radix tree: by key bytes with the zone embedded, a more
// specific mask first among equal keys.
import {
  applyMask,
  compareIp6,
  embedScope,
  formatIp6,
  isLinkLocal,
  needsZone,
  parseIp6,
  prefixOf,
  type Ip6,
} from '../addr/index.js';
import * as E from '../engine/index.js';
import { NB_RTF, RTF } from '../flags.js';
import type { NbFlushedView, NbRouteView } from '../views/index.js';
import { ownAddressIn } from './simnd.js';

type Row = NbRouteView & { key: Ip6 };

/** FreeBSD's flags of a route someone added, as NetBSD's route(8) and kernel would set them. */
const KEPT_FLAGS: readonly (readonly [number, number])[] = [
  [RTF.UP, NB_RTF.UP],
  [RTF.GATEWAY, NB_RTF.GATEWAY],
  [RTF.HOST, NB_RTF.HOST],
  [RTF.REJECT, NB_RTF.REJECT],
  [RTF.BLACKHOLE, NB_RTF.BLACKHOLE],
  [RTF.DYNAMIC, NB_RTF.DYNAMIC],
  [RTF.MODIFIED, NB_RTF.MODIFIED],
  [RTF.XRESOLVE, NB_RTF.XRESOLVE],
  [RTF.STATIC, NB_RTF.STATIC],
  [RTF.PROTO1, NB_RTF.PROTO1],
  [RTF.PROTO2, NB_RTF.PROTO2],
];

const needsCache = (ifp: E.Iface): boolean => ifp.type !== 'loop' && ifp.type !== 'gif' && ifp.type !== 'tun';

/** The radix key: link-local unicast and link- and interface-local multicast carry their zone in bytes 2-3. */
function keyOf(addr: string, zone: number): Ip6 {
  const b = parseIp6(addr);
  return needsZone(b) ? embedScope(b, zone) : b;
}

/** The address a prefix route of the interface goes through (nd6_prefix_onlink: a ready link-local first). */
function prefixIfa(ifp: E.Iface): E.Addr | undefined {
  const notReady = E.IN6_IFF.TENTATIVE | E.IN6_IFF.DUPLICATED | E.IN6_IFF.ANYCAST;
  return ifp.addrs.find((a) => isLinkLocal(parseIp6(a.addr)) && !(a.flags & notReady)) ?? ifp.addrs[0];
}

export function netbsdRouteViews(node: E.Node): NbRouteView[] {
  const lo = node.ifaces.find((i) => i.type === 'loop');
  const rows = new Map<string, Row>();
  const zoneName = (ifp: E.Iface, addr: string): string | null => (isLinkLocal(parseIp6(addr)) ? ifp.name : null);
  const ifaOf = (ifp: E.Iface, a: E.Addr | undefined): NbRouteView['ifa'] =>
    a ? { addr: a.addr, zone: zoneName(ifp, a.addr) } : null;
  const put = (r: Omit<Row, 'key'>, zone: number): void => {
    const key = keyOf(r.dst, zone);
    const id = `${formatIp6(key)}/${r.plen}`;
    if (!rows.has(id)) rows.set(id, { ...r, key });
  };
  const loMtu = (ifp: E.Iface | undefined): number => (ifp && ifp.type === 'loop' ? ifp.mtu : 0);
  const byIndex = (i: number): E.Iface | undefined => node.ifaces.find((x) => x.index === i);

  for (const ifp of node.ifaces) {
    const ifaZone = (addr: string): number => (isLinkLocal(parseIp6(addr)) ? ifp.index : 0);
    for (const a of ifp.addrs) {
      const here = { addr: a.addr, zone: zoneName(ifp, a.addr) };
      if (ifp.type === 'loop' && a.origin === 'loopback') {
        put(
          {
            dst: a.addr,
            plen: 128,
            dstZone: null,
            gateway: { kind: 'addr', ...here },
            flags: NB_RTF.UP | NB_RTF.HOST,
            mtu: ifp.mtu,
            ifname: ifp.name,
            ifa: here,
          },
          0,
        );
      } else {
        if (a.dest) {
          const zone = ifaZone(a.dest);
          put(
            {
              dst: a.dest,
              plen: 128,
              dstZone: zone ? ifp.name : null,
              gateway: { kind: 'addr', ...here },
              flags: NB_RTF.UP | NB_RTF.HOST,
              mtu: loMtu(ifp),
              ifname: ifp.name,
              ifa: here,
            },
            zone,
          );
        }
        const cache = needsCache(ifp);
        // route flush or ndp -d may have deleted it (nblocal.ts).
        if (!E.isUnrouted(ifp, a))
          put(
            {
              dst: a.addr,
              plen: 128,
              dstZone: here.zone,
              // if_sadl: nd6_rtrequest puts the MAC in it where there is one; elsewhere link_ntoa
              // prints the interface's name.
              gateway: !cache
                ? { kind: 'name', name: ifp.name }
                : ifp.lladdr
                  ? { kind: 'mac', mac: ifp.lladdr }
                  : { kind: 'link', index: ifp.index },
              flags: NB_RTF.UP | NB_RTF.HOST | NB_RTF.LOCAL | (cache ? NB_RTF.LLINFO : 0),
              mtu: loMtu(ifp),
              ifname: lo?.name ?? ifp.name,
              ifa: here,
            },
            ifaZone(a.addr),
          );
      }
      if (a.plen < 128 && !(ifp.nd6 & E.ND6_IFF.DONT_SET_IFROUTE)) prefixRow(ifp, prefixOf(a.addr, a.plen), a.plen);
    }
  }

  function prefixRow(ifp: E.Iface, dst: string, plen: number): void {
    const via = prefixIfa(ifp);
    const cache = needsCache(ifp);
    const zone = isLinkLocal(parseIp6(dst)) ? ifp.index : 0;
    put(
      {
        dst,
        plen,
        dstZone: zone ? ifp.name : null,
        gateway:
          cache || !via
            ? { kind: 'link', index: ifp.index }
            : { kind: 'addr', addr: via.addr, zone: zoneName(ifp, via.addr) },
        flags: NB_RTF.UP | (cache ? NB_RTF.CLONING : 0),
        mtu: loMtu(ifp),
        ifname: ifp.name,
        ifa: ifaOf(ifp, via),
      },
      zone,
    );
  }

  for (const r of node.rib.entries()) {
    const out = byIndex(r.ifindex);
    if (!out) continue;
    // Prefixes from router advertisements (and any other route the stack holds for a prefix).
    if (r.refs > 0) {
      if (r.plen < 128) prefixRow(out, r.dst, r.plen);
      continue;
    }
    let flags = 0;
    for (const [fb, nb] of KEPT_FLAGS) if (r.flags & fb) flags |= nb;
    const gw = r.gateway;
    if ('addr' in gw) flags |= NB_RTF.GATEWAY; // route(8) sets it for a gateway address
    const ifa =
      'addr' in gw
        ? (out.addrs.find((a) => a.addr === gw.addr) ??
          (isLinkLocal(parseIp6(gw.addr)) ? out.addrs.find((a) => isLinkLocal(parseIp6(a.addr))) : undefined) ??
          out.addrs.find(
            (a) => compareIp6(applyMask(parseIp6(a.addr), a.plen), applyMask(parseIp6(gw.addr), a.plen)) === 0,
          ) ??
          out.addrs[0])
        : prefixIfa(out);
    put(
      {
        dst: r.dst,
        plen: r.plen,
        dstZone: r.zone ? (byIndex(r.zone)?.name ?? null) : null,
        gateway:
          'addr' in gw
            ? { kind: 'addr', addr: gw.addr, zone: gw.zone ? (byIndex(gw.zone)?.name ?? null) : null }
            : { kind: 'link', index: gw.link },
        flags,
        mtu: out.type === 'loop' ? out.mtu : r.mtu,
        ifname: out.name,
        ifa: ifaOf(out, ifa),
      },
      r.zone,
    );
  }

  for (const ifp of node.ifaces) {
    if (!needsCache(ifp)) continue;
    for (const n of ifp.neighbors) {
      const zone = isLinkLocal(parseIp6(n.addr)) ? ifp.index : 0;
      const key = keyOf(n.addr, zone);
      // The cloning route it came from gives it its interface address.
      const parent = [...rows.values()]
        .filter((r) => r.plen < 128 && r.ifname === ifp.name && compareIp6(applyMask(key, r.plen), r.key) === 0)
        .sort((x, y) => y.plen - x.plen)[0];
      const flags = n.static
        ? NB_RTF.UP | NB_RTF.HOST | NB_RTF.LLINFO | NB_RTF.STATIC | (n.proxy ? NB_RTF.ANNOUNCE : 0)
        : NB_RTF.UP | NB_RTF.HOST | NB_RTF.LLINFO | NB_RTF.CLONED;
      put(
        {
          dst: n.addr,
          plen: 128,
          dstZone: zone ? ifp.name : null,
          gateway: n.lladdr ? { kind: 'mac', mac: n.lladdr } : { kind: 'link', index: ifp.index },
          flags,
          mtu: 0,
          ifname: ifp.name,
          ifa: parent?.ifa ?? ifaOf(ifp, prefixIfa(ifp)),
        },
        zone,
      );
    }
  }

  for (const ifp of node.ifaces) {
    const via = ifp.nbMulti.routeVia;
    if (via === null) continue;
    const cache = needsCache(ifp);
    const through = { addr: via, zone: zoneName(ifp, via) };
    for (const group of ['ff01::', 'ff02::']) {
      const key = keyOf(group, ifp.index);
      const linkLocal = group === 'ff02::';
      put(
        {
          // The interface-local key keeps its embedded zone in print (inet6_getscopeid leaves it).
          dst: linkLocal ? group : formatIp6(key),
          plen: 32,
          dstZone: linkLocal ? ifp.name : null,
          gateway: cache ? { kind: 'link', index: ifp.index } : { kind: 'addr', ...through },
          flags: NB_RTF.UP | NB_RTF.CLONING,
          mtu: loMtu(ifp),
          ifname: ifp.name,
          ifa: through,
        },
        ifp.index,
      );
    }
  }

  return [...rows.values()]
    .sort((x, y) => compareIp6(x.key, y.key) || y.plen - x.plen)
    .map(({ key: _, ...view }) => view);
}

/**
 * The route RTM_GET answers (rtrequest1 RTM_GET, rn_lookup): with a mask, the route of exactly
 * that key and mask; without, the longest match. Host routes come first among equal keys.
 */
export function netbsdLookup(
  rows: readonly NbRouteView[],
  ifaceIndex: (name: string) => number,
  dst: { addr: string; zone: number },
  plen: number | null,
): NbRouteView | null {
  const target = keyOf(dst.addr, dst.zone);
  let best: NbRouteView | null = null;
  for (const r of rows) {
    const key = keyOf(r.dst, r.dstZone ? ifaceIndex(r.dstZone) : 0);
    if (plen !== null && r.plen !== plen) continue;
    if (compareIp6(applyMask(target, r.plen), key) !== 0) continue;
    if (!best || r.plen > best.plen) best = r;
  }
  return best;
}

/**
 * route flush (sbin/route route.c flushroutes): every route with GATEWAY, STATIC or LLINFO and
 * all the flags of `only` (parse_show_opts), deleted one by one in dump order when apply is
 * set. Each kind goes the way RTM_DELETE takes it: a route someone added leaves the table, a
 * neighbour's cloned route frees its cache entry (not its default-router entry:
 * nd6_rtrequest), an ndp -s entry with it, and an own address's local route is gone until a
 * lookup clones it back (nblocal.ts).
 */
export function netbsdFlush(w: E.World, node: E.Node, only: number, apply: boolean): NbFlushedView[] {
  const indexOf = (name: string | null): number => (name ? (node.ifaces.find((i) => i.name === name)?.index ?? 0) : 0);
  const flushed = netbsdRouteViews(node).filter(
    (r) => (r.flags & only) === only && r.flags & (NB_RTF.GATEWAY | NB_RTF.STATIC | NB_RTF.LLINFO),
  );
  const out: NbFlushedView[] = [];
  for (const r of flushed) {
    const zone = indexOf(r.dstZone);
    out.push({ route: r, key: formatIp6(keyOf(r.dst, zone)) });
    if (!apply) continue;
    if (r.flags & NB_RTF.LOCAL) {
      const own = ownAddressIn(node, r.dst, zone);
      if (own) E.dropLocalRoute(own.ifp, own.a);
    } else if (r.flags & NB_RTF.LLINFO) {
      const ifp = node.ifaces.find((i) => i.name === r.ifname);
      const n = ifp && E.findNeighbor(ifp, r.dst);
      if (ifp && n) E.removeNeighbor(w, node, ifp, n, true);
    } else node.rib.delete({ dst: r.dst, plen: r.plen, zone });
  }
  return out;
}
