// The Linux backend: the same operations over rtnetlink (the netlink package, loaded only here,
// behind rtnl.ts). Flag mapping: tentative -> tentative, dadfailed -> duplicated, deprecated ->
// deprecated, temporary (IFA_F_SECONDARY) -> temporary; nodad is never shown, as on FreeBSD.
import { parseIp6, needsZone } from '../../addr/index.js';
import type { DadReport, IfaceView, McastIfView } from '../../views/index.js';
import {
  BackendError,
  OpError,
  type Backend,
  type DadMode,
  type IfconfigChange,
  type IfconfigOutcome,
  type WaitResult,
} from '../types.js';
import { Rtnl, type KAddr, type KLink } from './rtnl.js';
import { ND6_KNOBS, applyNd6, nd6FlagsOf, readConf } from './sysctl.js';
import { LinuxRoutes } from './routes.js';
import { linuxMulticast } from './mcast.js';
import { LinuxNd } from './nd.js';
import { IFF, IN6_IFF } from '../../flags.js';

/** FreeBSD IFF_* bit for each Linux link flag the netlink package names. */
const IFF_FROM_LINUX: Record<string, number> = {
  up: IFF.UP,
  broadcast: IFF.BROADCAST,
  loopback: IFF.LOOPBACK,
  pointopoint: IFF.POINTOPOINT,
  running: IFF.RUNNING,
  noarp: IFF.NOARP,
  multicast: IFF.MULTICAST,
  lowerUp: IFF.LOWER_UP,
};
/** FreeBSD IN6_IFF_* bit for each Linux address flag (a "secondary" address is a temporary one). */
const IN6_FROM_LINUX: Record<string, number> = {
  tentative: IN6_IFF.TENTATIVE,
  dadfailed: IN6_IFF.DUPLICATED,
  deprecated: IN6_IFF.DEPRECATED,
  secondary: IN6_IFF.TEMPORARY,
};
const INFINITE = 0xffffffff;
/** How long a blocking add waits for the kernel's DAD verdict at most. */
const DAD_VERDICT_MS = 15_000;

export async function openLinux(): Promise<Backend> {
  if (process.platform !== 'linux')
    throw new BackendError(`the Linux backend is unavailable on ${process.platform}`, true);
  try {
    return new LinuxBackend(await Rtnl.open());
  } catch (e) {
    throw new BackendError(`the Linux backend is unavailable: ${(e as Error).message.split('\n')[0]}`, true);
  }
}

function bits(flags: Record<string, boolean | undefined> | undefined, table: Record<string, number>): number {
  let v = 0;
  for (const [k, on] of Object.entries(flags ?? {})) if (on) v |= table[k] ?? 0;
  return v;
}

const isTentative = (a: KAddr): boolean => Boolean(a.flags.tentative) && !a.flags.dadfailed;

class LinuxBackend implements Backend {
  readonly routes: LinuxRoutes;
  readonly nd: LinuxNd;

  constructor(private readonly nl: Rtnl) {
    this.routes = new LinuxRoutes(nl);
    this.nd = new LinuxNd(nl);
  }

  async multicast(): Promise<McastIfView[]> {
    const links = await this.nl.links();
    return linuxMulticast(links, await this.nl.addrs());
  }

  async listInterfaces(): Promise<IfaceView[]> {
    // One dump at a time per socket: a second concurrent dump breaks the first.
    const links = await this.nl.links();
    const addrs = await this.nl.addrs();
    return links.map((l) =>
      ifaceViewOf(
        l,
        addrs.filter((a) => a.index === l.index),
        readConf(l.name, [...ND6_KNOBS]),
      ),
    );
  }

  private async link(name: string): Promise<KLink> {
    const l = (await this.nl.links()).find((x) => x.name === name);
    if (!l) throw new OpError('lookup', 'ENXIO', name);
    return l;
  }

  async applyIfconfig(c: IfconfigChange, mode: DadMode): Promise<IfconfigOutcome> {
    if (c.create || c.destroy) throw new BackendError('create and destroy are not supported by the Linux backend');
    if (c.lladdr !== null || c.description !== undefined)
      throw new BackendError('ether, lladdr and description are not supported by the Linux backend');
    const l = await this.link(c.ifname);
    if (c.mtu !== null) await this.nl.call('SIOCSIFMTU', () => this.nl.setMtu(l.index, c.mtu as number));
    applyNd6(l.name, c.nd6Set, c.nd6Clear);
    if (c.up !== null) await this.nl.call('SIOCSIFFLAGS', () => this.nl.setUp(l.index, c.up as boolean));
    const a = c.addr;
    if (!a) return { created: [], dad: null };
    if (a.eui64) throw new BackendError('eui64 is not supported by the Linux backend');
    if (a.dest) throw new BackendError('point-to-point destination addresses are not supported by the Linux backend');
    const bytes = parseIp6(a.addr);
    if (a.remove) {
      const have = (await this.nl.addrs()).find((x) => x.index === l.index && x.addr === a.addr);
      if (!have) throw new OpError('SIOCDIFADDR', 'EADDRNOTAVAIL');
      await this.nl.call('SIOCDIFADDR', () => this.nl.delAddr(l.index, bytes, have.plen));
      return { created: [], dad: null };
    }
    const events = mode === 'nowait' ? null : await this.nl.watchAddrs();
    try {
      const verdict = events?.until(
        (x) => x.index === l.index && x.addr === a.addr && (!isTentative(x) || Boolean(x.flags.dadfailed)),
        DAD_VERDICT_MS,
      );
      await this.nl.call('SIOCAIFADDR', () =>
        this.nl.addAddr(l.index, bytes, a.plen ?? 64, {
          pltime: a.pltime ?? INFINITE,
          vltime: a.vltime ?? INFINITE,
          nodad: false,
        }),
      );
      if (!verdict) return { created: [], dad: { ifname: l.name, addr: a.addr, state: 'tentative', holder: null } };
      // The kernel may have finished DAD (or skipped it) before our subscription saw anything.
      const now = (await this.nl.addrs()).find((x) => x.index === l.index && x.addr === a.addr);
      const got = now && !isTentative(now) ? now : await verdict;
      if (!got) return { created: [], dad: { ifname: l.name, addr: a.addr, state: 'tentative', holder: null } };
      if (!got.flags.dadfailed)
        return { created: [], dad: { ifname: l.name, addr: a.addr, state: 'ok', holder: null } };
      // dadfailed: Linux keeps the address and its prefix route; seed 001 wants no trace.
      if (mode === 'wait') await this.nl.delAddr(l.index, bytes, got.plen);
      return { created: [], dad: { ifname: l.name, addr: a.addr, state: 'duplicated', holder: null } };
    } finally {
      events?.close();
    }
  }

  async waitSettled(dadSeconds: number, detachedSeconds: number | null): Promise<WaitResult> {
    const limit = dadSeconds === 0 ? Infinity : dadSeconds * 1000;
    const events = await this.nl.watchAddrs();
    let timedOut = false;
    try {
      if ((await this.nl.addrs()).some(isTentative)) {
        timedOut = !(await events.untilState(async () => !(await this.nl.addrs()).some(isTentative), limit));
      }
    } finally {
      events.close();
    }
    if (!timedOut && detachedSeconds !== null) {
      const links = await this.nl.links();
      const addrs = await this.nl.addrs();
      timedOut = links.some((l) => l.flags.up && !l.flags.lowerUp && addrs.some((a) => a.index === l.index));
    }
    const links = await this.nl.links();
    const reports: DadReport[] = [];
    for (const a of await this.nl.addrs()) {
      const state = a.flags.dadfailed ? 'duplicated' : a.flags.tentative ? 'tentative' : null;
      if (state)
        reports.push({
          ifname: links.find((l) => l.index === a.index)?.name ?? String(a.index),
          addr: a.addr,
          state,
          holder: null,
        });
    }
    return { reports, timedOut };
  }
}

/**
 * ifconfig's view of a link from what the kernel reports: its RTM_NEWLINK, its RTM_NEWADDRs and
 * its conf knobs. Pure, so recorded dumps replay it (test/linux-replay.test.ts).
 */
export function ifaceViewOf(l: KLink, addrs: KAddr[], conf: Record<string, string>): IfaceView {
  const ether = l.type === 'ETHER';
  const flags = bits(l.flags, IFF_FROM_LINUX) | (ether ? IFF.SIMPLEX : 0);
  return {
    name: l.name,
    index: l.index,
    flags,
    metric: 0,
    mtu: l.mtu,
    options: 0,
    description: null,
    lladdr: ether ? l.mac : null,
    addrs: addrs.map((a) => {
      const scoped = needsZone(parseIp6(a.addr));
      const pl = a.pltime === INFINITE ? null : a.pltime;
      const vl = a.vltime === INFINITE ? null : a.vltime;
      return {
        // Linux keeps 'tentative' beside 'dadfailed'; KAME's duplicated address is no longer tentative.
        addr: a.addr,
        zone: scoped ? l.name : null,
        plen: a.plen,
        flags: bits({ ...a.flags, tentative: isTentative(a) }, IN6_FROM_LINUX),
        scopeid: scoped ? l.index : 0,
        dest: null,
        // The kernel reports remaining lifetimes only: they stand for the configured ones too.
        pltime: pl,
        vltime: vl,
        pltimeLeft: pl,
        vltimeLeft: vl,
      };
    }),
    groups: [],
    media: null,
    status: ether ? (l.flags.lowerUp ? 'active' : 'no carrier') : null,
    nd6: nd6FlagsOf(conf, l.type === 'LOOPBACK'),
  };
}
