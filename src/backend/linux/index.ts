// The Linux backend: the same operations over rtnetlink (the netlink package, loaded only here,
// behind rtnl.ts). Flag mapping: tentative -> tentative, dadfailed -> duplicated, deprecated ->
// deprecated, temporary (IFA_F_SECONDARY) -> temporary; nodad is never shown, as on FreeBSD.
import { isLinkLocal, needsZone, parseIp6, parseMac } from '../../addr/index.js';
import { INFINITE_LIFETIME, IPV6_MMTU } from '../../proto.js';
import type { DadReport, IfaceView, McastIfView, StatsView } from '../../views/index.js';
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
import { ND6_KNOBS, applyNd6, keepAddressesOnDown, nd6FlagsOf, readConf, refuseNd6, uptimeCs } from './sysctl.js';
import { LinuxRoutes } from './routes.js';
import { linuxMulticast } from './mcast.js';
import { LinuxPolicy } from './policy.js';
import { LinuxNd } from './nd.js';
import { readSnmp6 } from './snmp6.js';
import { IFF, IN6_IFF } from '../../flags.js';
import { keyed } from '../../table.js';
import { isOnlyCreate, withEui64 } from '../core.js';

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
  autoconf: IN6_IFF.AUTOCONF,
};
/** RFC 4861 10: RetransTimer's default, when the kernel does not say. */
const RETRANS_TIMER_MS = 1000;
/** RFC 8200 5: the smallest link MTU IPv6 runs on. */

/**
 * How long a blocking add waits for the kernel's DAD verdict: its probes (dad_transmits, one
 * RetransTimer apart), the random delay before the first (up to a second), and a second to spare.
 */
function dadBudgetMs(ifname: string, retransMs: number): number {
  const probes = Number(readConf(ifname, ['dad_transmits']).dad_transmits ?? 1);
  return (Number.isFinite(probes) ? probes : 1) * retransMs + 2000;
}

/**
 * FreeBSD's cloners and the Linux kinds that are the same thing: an epair is a veth pair (both
 * ends go with either), a bridge a bridge. lo, gif, tap and tun clones have no such kind.
 */
const CLONE_KINDS: Record<string, 'veth' | 'bridge'> = keyed({ epair: 'veth', bridge: 'bridge' });
const NOT_ON_LINUX_CLONERS = new Set(['lo', 'gif', 'tap', 'tun']);

/** What ifconfig may ask that Linux cannot do: refused (exit 69) rather than done otherwise. */
function refuseUnmapped(c: IfconfigChange): void {
  const no = (what: string): never => {
    throw new BackendError(`${what} is not available with --backend linux`, true);
  };
  const cloner = c.create ? /^([a-z]+?)\d*$/.exec(c.ifname)?.[1] : undefined;
  if (cloner && NOT_ON_LINUX_CLONERS.has(cloner)) no(`creating ${cloner} interfaces`);
  refuseNd6(c.nd6Set, c.nd6Clear, 'ifdisabled');
  const a = c.addr;
  if (!a) return;
  if (a.dest) no('point-to-point destination addresses');
  for (const [bit, word] of [
    [IN6_IFF.ANYCAST, 'anycast'],
    [IN6_IFF.PREFER_SOURCE, 'prefer_source'],
    [IN6_IFF.AUTOCONF, 'autoconf'],
    [IN6_IFF.TENTATIVE, 'tentative'],
  ] as const)
    if ((a.flagsSet | a.flagsClear) & bit) no(`the ${word} address flag`);
}

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
  readonly policy: LinuxPolicy;

  constructor(private readonly nl: Rtnl) {
    this.routes = new LinuxRoutes(nl);
    this.nd = new LinuxNd(nl);
    this.policy = new LinuxPolicy(nl);
  }

  async stats(): Promise<StatsView> {
    return readSnmp6();
  }

  async multicast(): Promise<McastIfView[]> {
    const links = await this.nl.links();
    return linuxMulticast(links, await this.nl.addrs());
  }

  async listInterfaces(): Promise<IfaceView[]> {
    // One dump at a time per socket: a second concurrent dump breaks the first.
    const links = await this.nl.links();
    // The clock is read just before the dump, as the kernel counts the lifetimes it reports.
    const now = uptimeCs();
    const addrs = await this.nl.addrs();
    return links.map((l) =>
      ifaceViewOf(
        l,
        addrs.filter((a) => a.index === l.index),
        readConf(l.name, [...ND6_KNOBS]),
        now,
      ),
    );
  }

  private async link(name: string): Promise<KLink> {
    const l = (await this.nl.links()).find((x) => x.name === name);
    if (!l) throw new OpError('lookup', 'ENXIO', name);
    return l;
  }

  /** SIOCIFCREATE2: the next free unit unless one is named; an epair is epairNa and epairNb. */
  private async clone(c: IfconfigChange): Promise<string[]> {
    const links = await this.nl.links();
    if (links.some((l) => l.name === c.ifname)) {
      if (isOnlyCreate(c)) throw new OpError('SIOCIFCREATE2', 'EEXIST', c.ifname);
      return [];
    }
    const m = /^([a-z]+?)(\d*)$/.exec(c.ifname);
    const kind = m ? CLONE_KINDS[m[1] as string] : undefined;
    if (!m || !kind) throw new OpError('SIOCIFCREATE2', 'EINVAL', c.ifname);
    const base = m[1] as string;
    const names = (unit: number): string[] =>
      kind === 'veth' ? [`${base}${unit}a`, `${base}${unit}b`] : [`${base}${unit}`];
    const taken = (unit: number): boolean => names(unit).some((n) => links.some((l) => l.name === n));
    let unit = m[2] === '' ? 0 : Number(m[2]);
    if (m[2] === '') while (taken(unit)) unit++;
    else if (taken(unit)) throw new OpError('SIOCIFCREATE2', 'EEXIST', c.ifname);
    const made = names(unit);
    // veth_newlink registers the peer first: naming b the device and a its peer gives epairNa
    // the lower index, so listings show a before b, as FreeBSD's do.
    const [first, second] = made.length === 2 ? [made[1], made[0]] : [made[0], null];
    await this.nl.call('SIOCIFCREATE2', () => this.nl.createLink(first as string, kind, second ?? null));
    return made;
  }

  /** SIOCIFDESTROY: only what a cloner makes; a veth takes its peer with it, as an epair does. */
  private async destroy(l: KLink): Promise<void> {
    if (l.kind !== 'veth' && l.kind !== 'bridge') throw new OpError('SIOCIFDESTROY', 'EINVAL', l.name);
    await this.nl.call('SIOCIFDESTROY', () => this.nl.deleteLink(l.index));
  }

  async applyIfconfig(c: IfconfigChange, mode: DadMode): Promise<IfconfigOutcome> {
    refuseUnmapped(c);
    const created = c.create ? await this.clone(c) : [];
    const l = await this.link(created[0] ?? c.ifname);
    if (c.destroy) {
      await this.destroy(l);
      return { created, dad: null };
    }
    // KAME refuses an MTU IPv6 cannot run on (the simulated stack does too); Linux would accept
    // it and tear IPv6 down on the interface, addresses and all.
    if (c.mtu !== null && c.mtu < IPV6_MMTU) throw new OpError('SIOCSIFMTU', 'EINVAL', c.ifname);
    if (c.mtu !== null) await this.nl.call('SIOCSIFMTU', () => this.nl.setMtu(l.index, c.mtu as number));
    if (c.description !== undefined)
      await this.nl.call('SIOCSIFDESCR', () => this.nl.setAlias(l.index, c.description ?? ''));
    if (c.lladdr !== null) {
      // Only Ethernet-like links have a six-byte address to set (FreeBSD: EINVAL elsewhere).
      if (l.type !== 'ETHER') throw new OpError('SIOCSIFLLADDR', 'EINVAL', c.ifname);
      const mac = parseMac(c.lladdr);
      await this.nl.call('SIOCSIFLLADDR', () => this.nl.setMac(l.index, mac));
    }
    applyNd6(l.name, c.nd6Set, c.nd6Clear);
    // FreeBSD keeps an interface's addresses across down and up; Linux only with this knob.
    if (c.up === false) keepAddressesOnDown(l.name);
    if (c.up !== null) await this.nl.call('SIOCSIFFLAGS', () => this.nl.setUp(l.index, c.up as boolean));
    const asked = c.addr;
    if (!asked) return { created, dad: null };
    const ll = asked.eui64
      ? (await this.nl.addrs()).find((x) => x.index === l.index && isLinkLocal(parseIp6(x.addr)))
      : undefined;
    const a = asked.eui64 ? { ...asked, addr: withEui64(asked.addr, ll?.addr ?? null) } : asked;
    const bytes = parseIp6(a.addr);
    const have = (await this.nl.addrs()).find((x) => x.index === l.index && x.addr === a.addr);
    if (a.remove) {
      if (!have) throw new OpError('SIOCDIFADDR', 'EADDRNOTAVAIL');
      await this.nl.call('SIOCDIFADDR', () => this.nl.delAddr(l.index, bytes, have.plen));
      return { created, dad: null };
    }
    const plen = a.plen ?? (have && a.alias ? have.plen : 64);
    // The kernel's replace keeps the old length: a new one is a new address.
    if (have && have.plen !== plen) await this.nl.call('SIOCDIFADDR', () => this.nl.delAddr(l.index, bytes, have.plen));
    const deprecated = Boolean(a.flagsSet & IN6_IFF.DEPRECATED);
    const events = mode === 'nowait' ? null : await this.nl.watchAddrs();
    try {
      const budget = dadBudgetMs(l.name, await this.retransMs(l.index));
      const verdict = events?.until(
        (x) => x.index === l.index && x.addr === a.addr && (Boolean(x.flags.deleted) || !isTentative(x)),
        budget,
      );
      await this.nl.call('SIOCAIFADDR', () =>
        this.nl.addAddr(l.index, bytes, plen, {
          // deprecated: preferred lifetime 0, as in6_update_ifa makes it.
          pltime: deprecated ? 0 : (a.pltime ?? INFINITE_LIFETIME),
          vltime: a.vltime ?? INFINITE_LIFETIME,
          nodad: false,
        }),
      );
      if (!verdict) return { created, dad: this.report(l, a.addr, 'tentative') };
      return { created, dad: await this.dadOutcome(l, a.addr, plen, verdict, budget, mode) };
    } finally {
      events?.close();
    }
  }

  private report(l: KLink, addr: string, state: DadReport['state'], waited?: number): DadReport {
    return { ifname: l.name, addr, state, holder: null, ...(waited !== undefined ? { waited } : {}) };
  }

  /**
   * What became of an address after it was added: DAD passed, failed, cannot run yet (the link is
   * down, or has no carrier), the address went away while DAD ran, or the wait ran out.
   */
  private async dadOutcome(
    l: KLink,
    addr: string,
    plen: number,
    verdict: Promise<KAddr | null>,
    budget: number,
    mode: DadMode,
  ): Promise<DadReport> {
    const link = (await this.nl.links()).find((x) => x.index === l.index);
    const now = (await this.nl.addrs()).find((x) => x.index === l.index && x.addr === addr);
    if (now && isTentative(now) && !link?.flags.up) return this.report(l, addr, 'tentative');
    if (now && isTentative(now) && !link?.flags.lowerUp) return this.report(l, addr, 'detached');
    // The kernel may have finished DAD (or skipped it) before our subscription saw anything.
    const got = now && !isTentative(now) ? now : await verdict;
    if (!got) return this.report(l, addr, 'timeout', Math.ceil(budget / 1000));
    if (got.flags.deleted) return this.report(l, addr, 'gone');
    if (!got.flags.dadfailed) {
      // Losing the carrier stops Linux's DAD and clears the tentative flag without a verdict; it
      // probes again when the carrier returns. KAME calls that address detached.
      const after = (await this.nl.links()).find((x) => x.index === l.index);
      return this.report(l, addr, after && !after.flags.lowerUp ? 'detached' : 'ok');
    }
    // dadfailed: Linux keeps the address and its prefix route; seed 001 wants no trace.
    if (mode === 'wait') await this.nl.delAddr(l.index, parseIp6(addr), plen);
    return this.report(l, addr, 'duplicated');
  }

  private async retransMs(index: number): Promise<number> {
    return (await this.nl.neighborParms()).find((p) => p.index === index)?.retrans ?? RETRANS_TIMER_MS;
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
 * ifconfig's view of a link from what the kernel reports: its RTM_NEWLINK, its RTM_NEWADDRs, its
 * conf knobs and the time since boot (hundredths of a second, as the address timestamps count).
 * Pure, so recorded dumps replay it (test/linux-replay.test.ts).
 */
export function ifaceViewOf(l: KLink, addrs: KAddr[], conf: Record<string, string>, uptimeCs: number): IfaceView {
  const ether = l.type === 'ETHER';
  const flags = bits(l.flags, IFF_FROM_LINUX) | (ether ? IFF.SIMPLEX : 0);
  return {
    name: l.name,
    index: l.index,
    flags,
    metric: 0,
    mtu: l.mtu,
    options: 0,
    description: l.alias ?? null,
    lladdr: ether ? l.mac : null,
    addrs: inKameOrder(addrs).map((a) => {
      const scoped = needsZone(parseIp6(a.addr));
      // The kernel reports what is left of each lifetime since the address was last updated;
      // what was configured is that plus the time since then (inet6_fill_ifaddr).
      const since = Math.max(0, Math.floor((uptimeCs - a.tstamp) / 100));
      const pl = a.pltime === INFINITE_LIFETIME ? null : a.pltime;
      const vl = a.vltime === INFINITE_LIFETIME ? null : a.vltime;
      return {
        // Linux keeps 'tentative' beside 'dadfailed'; KAME's duplicated address is no longer tentative.
        addr: a.addr,
        zone: scoped ? l.name : null,
        plen: a.plen,
        flags: bits({ ...a.flags, tentative: isTentative(a), autoconf: a.autoconf }, IN6_FROM_LINUX),
        scopeid: scoped ? l.index : 0,
        dest: null,
        // A lifetime run out is reported as 0 whatever it was: then 0 is all there is to say.
        pltime: pl === null || pl === 0 ? pl : pl + since,
        vltime: vl === null || vl === 0 ? vl : vl + since,
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

/**
 * An interface's addresses as KAME lists them: the link-local one first, then in the order they
 * were added (Linux dumps the newest first and the link-local last; cstamp gives the order).
 */
function inKameOrder(addrs: KAddr[]): KAddr[] {
  const ll = (a: KAddr): number => (isLinkLocal(parseIp6(a.addr)) ? 0 : 1);
  return [...addrs].sort((x, y) => ll(x) - ll(y) || x.cstamp - y.cstamp);
}
