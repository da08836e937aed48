// ndp on Linux: the neighbour cache over rtnetlink (proxy entries from their own dump), the
// default routers from the routes router advertisements installed, the prefix list from the
// prefix routes and SLAAC's addresses, ND parameters from /proc. What Linux has no knob for is
// refused (exit 69).
import * as fs from 'node:fs';
import { isLinkLocal, parseIp6, parseMac, prefixContains } from '../../addr/index.js';
import type { NdIfView, NeighborView, PingEvent, PrefixView, RouterView } from '../../views/index.js';
import {
  BackendError,
  OpError,
  type NdBackend,
  type NdListing,
  type PingRequest,
  type PingStart,
  type ScopedAddr,
} from '../types.js';
import type { KLink, KNeigh, KNeighParms, KRoute, Rtnl } from './rtnl.js';
import { INFINITE_LIFETIME } from '../../proto.js';
import {
  ND6_KNOBS,
  applyNd6,
  enableProxyNdp,
  nd6FlagsOf,
  readConf,
  refuseNd6,
  uptimeCs,
  writeConfNumber,
  writeNeigh,
} from './sysctl.js';
import type { Errno } from '../../errno.js';
import { interfaceRows, notAccepting, ownAddressRow, radixRows, secondsLeft, zoneOf, zoneText } from '../core.js';

const LETTER: [string, string][] = [
  ['incomplete', 'I'],
  ['reachable', 'R'],
  ['stale', 'S'],
  ['delay', 'D'],
  ['probe', 'P'],
  ['permanent', 'R'],
];

const unavailable = (what: string): BackendError =>
  new BackendError(`${what} is not available with --backend linux`, true);

/** include/net/if_inet6.h */
const IF_RA_OTHERCONFIG = 0x80;
const IF_RA_MANAGED = 0x40;

export class LinuxNd implements NdBackend {
  constructor(private readonly nl: Rtnl) {}

  async neighbors(listing: NdListing = 'freebsd'): Promise<NeighborView[]> {
    const links = await this.nl.links();
    const addrs = await this.nl.addrs();
    const cache = await this.nl.neighbors();
    const parms = await this.nl.neighborParms();
    const out: NeighborView[] = [];
    for (const l of links) {
      if (l.flags.loopback || !l.mac) continue;
      const rows: NeighborView[] = [];
      // NetBSD lists every own address (its local route exists from the start).
      for (const a of addrs)
        if (a.index === l.index && (listing === 'netbsd' || (!a.flags.tentative && !a.flags.dadfailed)))
          rows.push(ownAddressRow(a.addr, l.name, l.mac));
      // A FAILED entry is one FreeBSD would have freed when resolution gave up: not listed.
      for (const n of cache)
        if (n.index === l.index && !n.state.noarp && !n.state.failed)
          rows.push(
            view(
              n,
              l,
              parms.find((p) => p.index === l.index),
            ),
          );
      out.push(...interfaceRows(rows));
    }
    return listing === 'netbsd' ? radixRows(out, (name) => links.find((l) => l.name === name)?.index ?? 0) : out;
  }

  /** The interface for a neighbour: its zone, or the interface of the on-link route covering it. */
  private async locate(a: ScopedAddr): Promise<KLink> {
    const links = await this.nl.links();
    if (a.zone !== null) {
      const index = zoneOf(links, a);
      return links.find((x) => x.index === index) as KLink;
    }
    const bytes = parseIp6(a.addr);
    let best: { plen: number; oif: number } | null = null;
    for (const r of await this.nl.routes()) {
      if (r.table !== 254 || r.gateway || r.type !== 'UNICAST' || (best && r.plen <= best.plen)) continue;
      if (prefixContains({ addr: parseIp6(r.dst), len: r.plen }, bytes)) best = { plen: r.plen, oif: r.oif };
    }
    const l = best && links.find((x) => x.index === best.oif);
    if (!l || l.flags.loopback) throw new OpError('locate', 'EHOSTUNREACH', a.addr);
    return l;
  }

  async deleteNeighbor(a: ScopedAddr): Promise<NeighborView> {
    const l = await this.locate(a);
    const n = (await this.nl.neighbors()).find((x) => x.index === l.index && x.addr === a.addr && !x.state.noarp);
    if (!n) throw new OpError('delete', 'ENOENT', a.addr);
    await this.nl.call('delete', () => this.nl.delNeighbor(l.index, parseIp6(a.addr), n.proxy));
    return view(n, l, undefined);
  }

  async flushNeighbors(listing: NdListing = 'freebsd'): Promise<{ view: NeighborView; errno: Errno | null }[]> {
    const links = await this.nl.links();
    const cache = await this.nl.neighbors();
    const out: { view: NeighborView; errno: Errno | null }[] = [];
    for (const view of await this.neighbors(listing)) {
      // NetBSD's ndp -c deletes the learned entries only.
      if (listing === 'netbsd' && (view.local || view.static)) continue;
      if (view.local) {
        out.push({ view, errno: 'EPERM' });
        continue;
      }
      const l = links.find((x) => x.name === view.ifname);
      const n = l && cache.find((x) => x.index === l.index && x.addr === view.addr && !x.state.noarp);
      if (!l || !n) {
        out.push({ view, errno: 'ENOENT' });
        continue;
      }
      try {
        await this.nl.call('delete', () => this.nl.delNeighbor(n.index, parseIp6(n.addr), n.proxy));
        out.push({ view, errno: null });
      } catch (e) {
        if (!(e instanceof OpError)) throw e;
        out.push({ view, errno: e.errno });
      }
    }
    return out;
  }

  /** temp is accepted and ignored, as FreeBSD's netlink ndp does. */
  async setNeighbor(
    a: ScopedAddr,
    lladdr: string,
    _temp: boolean,
    proxy: boolean,
    listing: NdListing = 'freebsd',
  ): Promise<void> {
    const l = await this.locate(a);
    if (listing === 'netbsd' && (await this.neighbors('netbsd')).some((v) => v.addr === a.addr && v.ifname === l.name))
      throw new OpError('set', 'EEXIST', a.addr);
    // A published entry is answered for only with proxy_ndp on (FreeBSD answers for it at once).
    if (proxy) enableProxyNdp(l.name);
    await this.nl.call('set', () => this.nl.setNeighbor(l.index, parseIp6(a.addr), parseMac(lladdr), proxy));
  }

  /** The default router list: the default routes router advertisements installed (proto ra). */
  private async raDefaults(): Promise<KRoute[]> {
    return (await this.nl.routes()).filter((r) => r.table === 254 && r.plen === 0 && r.protocol === 'RA' && r.gateway);
  }

  async routers(): Promise<RouterView[]> {
    const links = await this.nl.links();
    return (await this.raDefaults()).map((r) => {
      const l = links.find((x) => x.index === r.oif);
      const name = l?.name ?? `if${r.oif}`;
      // Linux keeps the last advertisement's M and O bits per interface (IFLA_INET6_FLAGS),
      // FreeBSD per router: every router on an interface shows that interface's.
      const flags = l?.inet6Flags ?? 0;
      return {
        addr: r.gateway as string,
        zone: name,
        ifname: name,
        managed: (flags & IF_RA_MANAGED) !== 0,
        other: (flags & IF_RA_OTHERCONFIG) !== 0,
        pref: r.pref,
        expire: r.expires,
      };
    });
  }

  async ifinfo(ifname: string, set: Parameters<NdBackend['ifinfo']>[1]): Promise<NdIfView> {
    const l = (await this.nl.links()).find((x) => x.name === ifname);
    if (!l) throw new OpError('SIOCGIFINFO_IN6', 'ENXIO', ifname);
    if (set) {
      // SIOCSIFINFO_IN6 through the knobs that hold each setting.
      refuseNd6(set.nd6Set, set.nd6Clear, 'disabled');
      applyNd6(ifname, set.nd6Set, set.nd6Clear);
      if (set.basereachable !== undefined) writeNeigh(ifname, 'base_reachable_time_ms', set.basereachable);
      if (set.retrans !== undefined) writeNeigh(ifname, 'retrans_time_ms', set.retrans);
      if (set.curhlim !== undefined) writeConfNumber(ifname, 'hop_limit', set.curhlim);
    }
    const p = (await this.nl.neighborParms()).find((x) => x.index === l.index);
    const conf = readConf(ifname, [...ND6_KNOBS, 'hop_limit', 'mtu']);
    let base: number | null = null;
    try {
      base = Number(fs.readFileSync(`/proc/sys/net/ipv6/neigh/${ifname}/base_reachable_time_ms`, 'utf8'));
    } catch {
      /* keep the kernel's current ReachableTime */
    }
    return ndIfViewOf(l, p ?? null, conf, base);
  }

  /**
   * Linux keeps no prefix list; what it keeps of one is read back. Each prefix route of an
   * interface (proto kernel, no gateway) is a prefix: one a router advertised has an expiry or
   * addresses SLAAC made in it (IFA_PROTO kernel_ra), and its advertisers are the interface's
   * default routers from advertisements (Linux does not record which router sent which
   * prefix). Lifetimes are the SLAAC address's as advertised (what is left plus the time since
   * the advertisement refreshed it), else what the route has left; ref counts the addresses in
   * the prefix. Newest first, as FreeBSD lists them, by the addresses' creation stamps.
   */
  async prefixes(): Promise<PrefixView[]> {
    const links = await this.nl.links();
    const routes = await this.nl.routes();
    const addrs = await this.nl.addrs();
    const neighbors = await this.nl.neighbors();
    const now = uptimeCs();
    const routers = routes.filter((r) => r.table === 254 && r.plen === 0 && r.protocol === 'RA' && r.gateway);
    const out: (PrefixView & { born: number })[] = [];
    for (const r of routes) {
      if (r.table !== 254 || r.gateway || r.type !== 'UNICAST' || r.plen === 0 || r.plen >= 128) continue;
      if (r.protocol !== 'KERNEL' && r.protocol !== 'RA') continue;
      const l = links.find((x) => x.index === r.oif);
      if (!l || l.type === 'LOOPBACK') continue;
      const prefix = { addr: parseIp6(r.dst), len: r.plen };
      const inside = addrs.filter(
        (a) => a.index === r.oif && a.plen === r.plen && prefixContains(prefix, parseIp6(a.addr)),
      );
      const slaac = inside.find((a) => a.autoconf && !a.flags.secondary);
      const advertised = r.expires !== null || slaac !== undefined;
      const life = (left: number, tstamp: number): number | null =>
        left === INFINITE_LIFETIME ? null : left + Math.max(0, Math.floor((now - tstamp) / 100));
      const manual = inside.find((a) => a.flags.permanent);
      const from = slaac ?? manual;
      out.push({
        prefix: r.dst,
        plen: r.plen,
        zone: isLinkLocal(prefix.addr) ? l.name : null,
        ifname: l.name,
        raOnlink: true,
        raAutonomous: slaac !== undefined,
        onlink: true,
        detached: false,
        vltime: from ? life(from.vltime, from.tstamp) : r.expires,
        pltime: from ? life(from.pltime, from.tstamp) : r.expires,
        expire: r.expires ?? (from && from.vltime !== INFINITE_LIFETIME ? from.vltime : null),
        refs: inside.length,
        advertisers: advertised
          ? routers
              .filter((d) => d.oif === r.oif)
              .map((d) => {
                const n = neighbors.find((x) => x.index === r.oif && x.addr === d.gateway);
                const state = !n
                  ? ('no neighbor state' as const)
                  : n.state.incomplete || n.state.failed
                    ? ('unreachable' as const)
                    : ('reachable' as const);
                return { addr: d.gateway as string, zone: l.name, state };
              })
          : [],
        born: Math.min(...inside.map((a) => a.cstamp), Number.MAX_SAFE_INTEGER),
      });
    }
    return out.sort((a, b) => b.born - a.born).map(({ born: _born, ...v }) => v);
  }

  /**
   * SIOCSPFXFLUSH_IN6 as nd6.c runs it: every prefix a router advertised goes, with the addresses
   * SLAAC made in it and its route; manual prefixes stay. The next advertisement brings them back.
   */
  async flushPrefixes(): Promise<void> {
    for (const p of await this.prefixes()) {
      if (!p.advertisers.length && !p.raAutonomous) continue;
      const l = (await this.nl.links()).find((x) => x.name === p.ifname);
      if (!l) continue;
      for (const a of await this.nl.addrs())
        if (
          a.index === l.index &&
          a.plen === p.plen &&
          a.autoconf &&
          prefixContains({ addr: parseIp6(p.prefix), len: p.plen }, parseIp6(a.addr))
        )
          await this.nl.call('SIOCSPFXFLUSH_IN6', () => this.nl.delAddr(l.index, parseIp6(a.addr), a.plen));
      // Deleting the last SLAAC address may have taken the route with it.
      await this.nl
        .call('SIOCSPFXFLUSH_IN6', () => this.nl.removeRoute(parseIp6(p.prefix), p.plen, null, l.index))
        .catch((e: unknown) => {
          if (!(e instanceof OpError && e.errno === 'ESRCH')) throw e;
        });
    }
  }

  /** SIOCSRTRFLUSH_IN6: the routers are forgotten (their routes deleted) until they advertise again. */
  async flushRouters(): Promise<void> {
    for (const r of await this.raDefaults())
      await this.nl.call('RTM_DELETE', () =>
        this.nl.removeRoute(parseIp6('::'), 0, parseIp6(r.gateway as string), r.oif),
      );
  }

  async defaultIf(): Promise<string | null> {
    throw unavailable('the ND default interface (ndp -I)');
  }

  async clock(): Promise<number> {
    return Date.now();
  }

  async wait(seconds: number): Promise<void> {
    await new Promise((r) => setTimeout(r, seconds * 1000));
  }

  async ping(
    req: PingRequest,
    onStart: (s: PingStart) => void,
    onEvent: (e: PingEvent) => void,
    signal: AbortSignal,
  ): Promise<{ transmitted: number }> {
    const { linuxPing } = await import('./ping.js');
    return linuxPing(this.nl, await this.nl.links(), req, onStart, onEvent, signal);
  }

  async rtsolCheck(ifname: string, force: boolean): Promise<void> {
    const l = (await this.nl.links()).find((x) => x.name === ifname);
    if (!l) throw new OpError('lookup', 'ENXIO', ifname);
    if (force) return;
    const conf = readConf(ifname, ['accept_ra', 'disable_ipv6', 'forwarding']);
    // The kernel takes advertisements with accept_ra 1 on a host, 2 on a router too.
    const ra = Number(conf.accept_ra);
    if (conf.disable_ipv6 === '1' || ra <= 0 || (ra === 1 && conf.forwarding === '1')) throw notAccepting(ifname);
  }

  async rtsol(ifname: string): Promise<boolean> {
    await this.rtsolCheck(ifname, true);
    return (await import('./rtsol.js')).linuxRtsol(ifname);
  }
}

/** What is left of the entry's current state, from the kernel's ages and the device's timers. */
function view(n: KNeigh, l: KLink, p: KNeighParms | undefined): NeighborView {
  // A proxy entry has no state of its own; FreeBSD shows published entries as R.
  const letter = n.proxy ? 'R' : (LETTER.find(([k]) => n.state[k])?.[1] ?? 'N');
  const left = (ms: number): number => secondsLeft(ms, 0) as number;
  let expire: number | null = null;
  if (!n.state.permanent && !n.proxy && p) {
    if (n.state.reachable) expire = left(p.reachable - n.confirmedAgo);
    else if (n.state.delay) expire = left(p.delayProbe - n.updatedAgo);
    else if (n.state.probe || n.state.incomplete) expire = left(p.retrans - n.updatedAgo);
    else expire = left(p.gcStale - n.usedAgo);
  }
  return {
    addr: n.addr,
    zone: zoneText(n.addr, l.name),
    // Linux answers for a proxied address with the interface's own address.
    lladdr: n.proxy ? l.mac : n.lladdr,
    ifname: l.name,
    expire,
    state: letter,
    router: n.router,
    proxy: n.proxy,
    // ndp -s made it (a proxy entry too): NetBSD's ndp -c leaves it.
    ...(n.state.permanent || n.proxy ? { static: true } : {}),
    probes: n.state.incomplete || n.state.probe ? n.probes : 0,
  };
}

/**
 * ndp -i's view of a link from what the kernel reports (pure, replayed by test/linux-replay.test.ts):
 * the link, its neighbour parameters, its conf knobs and neigh/IF/base_reachable_time_ms.
 */
export function ndIfViewOf(
  l: KLink,
  p: KNeighParms | null,
  conf: Record<string, string>,
  baseReachable: number | null,
): NdIfView {
  const base = baseReachable ?? p?.reachable ?? 30000;
  return {
    ifname: l.name,
    // conf/IF/mtu is the IPv6 MTU, which an RA's MTU option sets; while it is the device's,
    // nothing was learned and KAME's linkmtu is 0.
    linkmtu: conf.mtu !== undefined && Number(conf.mtu) !== l.mtu ? Number(conf.mtu) : 0,
    maxmtu: l.mtu,
    curhlim: Number(conf.hop_limit ?? 64),
    basereachable: base,
    reachable: Math.floor((p?.reachable ?? base) / 1000),
    retrans: p?.retrans ?? 1000,
    flags: nd6FlagsOf(conf, l.type === 'LOOPBACK'),
  };
}
