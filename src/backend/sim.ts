// The simulated backend: every operation is one state-file transaction on the engine. A command's
// life: lock, load, advance to now, apply, (wait), save, unlock.
import { canonical, formatIp6, formatMac, multicastMac, needsZone, parseIp6 } from '../addr/index.js';
import * as E from '../engine/index.js';
import {
  begin,
  transact,
  statePath,
  peek,
  stamp,
  setLockWaitNotice,
  describeHolder,
  type Transaction,
} from '../store/index.js';
import { SimRoutes } from './simroutes.js';
import { SimNd } from './simnd.js';
import { SimPolicy } from './simpolicy.js';
import { kernelOrder } from './mcast.js';
import { writeCaptured } from './capture.js';
import type {
  DadReport,
  IfaceView,
  McastIfView,
  NbFlushedView,
  NbMcastIfView,
  NbRouteView,
  StatsView,
} from '../views/index.js';
import {
  BackendError,
  OpError,
  type AddrChange,
  type ScopedAddr,
  type Backend,
  type DadMode,
  type IfconfigChange,
  type IfconfigOutcome,
  type WaitResult,
} from './types.js';
import { asOp, isOnlyCreate, secondsLeft, withEui64, zoneOf } from './core.js';

export interface SimOptions {
  state?: string;
  node?: string;
  /** Wall clock in ms (injectable for tests). */
  wallNow?: () => number;
  /** Real-clock sleeps (injectable for tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Told once when a command has waited about a second for another's lock. */
  onLockWait?: ((message: string) => void) | undefined;
}

/** The longest time one command moves the clock by (sim advance, ndp -A's wait): 366 days. */

/** The world a command finds when no state file exists yet: the default, virtual clock, seed 1. */
export function defaultWorld(wallNow: number): E.World {
  return E.createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow });
}

export class SimBackend implements Backend {
  readonly file: string;
  readonly routes: SimRoutes = new SimRoutes(this);
  readonly nd: SimNd = new SimNd(this);
  readonly policy: SimPolicy = new SimPolicy(this);
  private readonly wallNow: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  private readonly openedNode: string | undefined;

  constructor(private readonly o: SimOptions = {}) {
    this.file = statePath(o.state);
    this.openedNode = o.node;
    this.wallNow = o.wallNow ?? Date.now;
    this.sleep = o.sleep ?? sleepLong;
    const say = o.onLockWait;
    if (say) setLockWaitNotice((file, holder) => say(`waiting for ${file}, locked by ${describeHolder(holder)}`));
  }

  selectNode(name: string | undefined): void {
    this.o.node = name ?? this.openedNode;
  }

  /** Whether a batch holds the world open (and whether its file existed when it began). */
  get inBatch(): Transaction | null {
    return this.open;
  }

  /** The transaction a batch holds open, if any. */
  private open: Transaction | null = null;
  private changedInBatch = false;

  private inOpen<T>(fn: (w: E.World) => T): T {
    const w = (this.open as Transaction).world;
    E.advance(w, this.now(w));
    return fn(w);
  }

  /** One transaction with the world caught up to now (inside a batch, the batch's). */
  tx<T>(fn: (w: E.World) => T): T {
    if (this.open) {
      this.changedInBatch = true;
      return this.inOpen(fn);
    }
    let frames: E.CapturedFrame[] = [];
    const result = transact(
      this.file,
      () => defaultWorld(this.wallNow()),
      (w) => {
        E.advance(w, this.now(w));
        const out = fn(w);
        frames = E.takeCaptured(w);
        return out;
      },
    );
    if (frames.length) writeCaptured(frames);
    return result;
  }

  /**
   * Runs many operations as one transaction: one lock, one load, one save (ndp -f). Only for
   * operations that do not sleep; a failure that escapes `fn` saves nothing.
   */
  async batch<T>(fn: () => Promise<T>): Promise<T> {
    if (this.open) return fn();
    this.open = begin(this.file, () => defaultWorld(this.wallNow()));
    this.changedInBatch = false;
    try {
      const result = await fn();
      // Only listings ran: like a listing alone, that creates no state file.
      if (this.changedInBatch || this.open.existed) {
        const frames = E.takeCaptured(this.open.world);
        this.open.commit();
        if (frames.length) writeCaptured(frames);
      }
      return result;
    } finally {
      this.open.end();
      this.open = null;
    }
  }

  /**
   * A listing: the world caught up to now in memory, never saved. On a real clock the timers that
   * fell due run again, identically, in the next command that saves.
   */
  view<T>(fn: (w: E.World) => T): T {
    if (this.open) return this.inOpen(fn);
    return peek(this.file, (saved) => {
      const w = saved ?? defaultWorld(this.wallNow());
      E.advance(w, this.now(w));
      return fn(w);
    });
  }

  /** A read-only look at the world as saved (the default world when there is no file yet). */
  peek<T>(fn: (w: E.World) => T): T {
    return peek(this.file, (w) => fn(w ?? defaultWorld(this.wallNow())));
  }

  /** Changes whenever a command saves the world. */
  stamp(): string | null {
    return stamp(this.file);
  }

  now(w: E.World): number {
    return w.clock.mode === 'real' ? Math.max(w.clock.now, this.wallNow() - w.clock.wallOrigin) : w.clock.now;
  }

  node(w: E.World): E.Node {
    const name = this.o.node ?? process.env.IP6KIT_NODE;
    if (name === undefined || name === '') {
      const first = w.nodes[0];
      if (!first) throw new BackendError('the world has no nodes (ip6kit sim node add NAME)');
      return first;
    }
    const n = E.nodeNamed(w, name);
    if (!n) throw new BackendError(`no node named ${name}`);
    return n;
  }

  async multicast(): Promise<McastIfView[]> {
    return this.view((w) =>
      this.node(w)
        .ifaces.map((i) => mcastView(i))
        .sort((a, b) => a.index - b.index),
    );
  }

  async netbsdMulticast(): Promise<NbMcastIfView[]> {
    return this.view((w) => netbsdMcastViews(this.node(w)));
  }

  async netbsdRoutes(): Promise<NbRouteView[]> {
    const { netbsdRouteViews } = await import('./nbroutes.js');
    return this.view((w) => netbsdRouteViews(this.node(w)));
  }

  async netbsdFlush(only: number, apply: boolean): Promise<NbFlushedView[]> {
    const { netbsdFlush } = await import('./nbroutes.js');
    return apply
      ? this.tx((w) => netbsdFlush(w, this.node(w), only, true))
      : this.view((w) => netbsdFlush(w, this.node(w), only, false));
  }

  async netbsdRouteGet(dst: ScopedAddr, plen: number | null): Promise<NbRouteView | null> {
    const { netbsdLookup, netbsdRouteViews } = await import('./nbroutes.js');
    return this.view((w) => {
      const node = this.node(w);
      // A numeric zone is taken as given (getaddrinfo does not check it), a name must exist.
      const zone = typeof dst.zone === 'number' ? dst.zone : zoneOf(node.ifaces, dst);
      const indexOf = (name: string): number => node.ifaces.find((i) => i.name === name)?.index ?? 0;
      return netbsdLookup(netbsdRouteViews(node), indexOf, { addr: dst.addr, zone }, plen);
    });
  }

  async stats(): Promise<StatsView> {
    return this.view((w) => structuredClone(this.node(w).stats));
  }

  async listInterfaces(): Promise<IfaceView[]> {
    return this.view((w) => {
      const node = this.node(w);
      return node.ifaces.map((i) => ifaceView(w, node, i)).sort((a, b) => a.index - b.index);
    });
  }

  async applyIfconfig(c: IfconfigChange, mode: DadMode): Promise<IfconfigOutcome> {
    type Outcome = { created: string[]; pending: Pending | null; running: boolean; dad?: DadReport | null };
    // On a virtual clock nothing sleeps: the change, the DAD wait and its outcome are one
    // transaction, so a failure anywhere leaves no tentative address behind.
    const applied: Outcome = this.tx((w) => {
      const got: Outcome = applyChange(w, this.node(w), c);
      if (w.clock.mode === 'virtual' && got.pending && mode !== 'nowait' && got.running) {
        const done = (x: E.World): boolean =>
          !((findPending(x, got.pending as Pending)?.flags ?? 0) & E.IN6_IFF.TENTATIVE);
        // What fell due at this instant first (DAD's first probe schedules its finish), as a
        // separate transaction's catch-up would.
        E.advance(w, w.clock.now);
        E.runUntil(w, () => done(w), lastTimer(w));
        got.dad = dadOutcome(w, got.pending as Pending, mode);
      }
      return got;
    });
    if (applied.dad !== undefined) return { created: applied.created, dad: applied.dad };
    // A tentative address on a down interface waits for up: nothing to wait for now.
    if (!applied.pending || mode === 'nowait' || !applied.running)
      return {
        created: applied.created,
        dad: applied.pending ? report(applied.pending, applied.pending.state, null) : null,
      };
    const pending = applied.pending;
    await this.waitUntil((w) => !((findPending(w, pending)?.flags ?? 0) & E.IN6_IFF.TENTATIVE), Infinity);
    return { created: applied.created, dad: this.tx((w) => dadOutcome(w, pending, mode)) };
  }

  async waitSettled(dadSeconds: number, detachedSeconds: number | null): Promise<WaitResult> {
    const start = this.tx((w) => w.clock.now);
    // An interface with IPv6 disabled runs no DAD: its tentative addresses are not waited for.
    const enabled = (i: E.Iface): boolean => !(i.nd6 & E.ND6_IFF.IFDISABLED);
    const tentative = (w: E.World): boolean =>
      this.node(w).ifaces.some((i) => enabled(i) && i.addrs.some((a) => a.flags & E.IN6_IFF.TENTATIVE));
    // NetBSD: -w 0 waits without limit; in the simulation that is until nothing more can happen.
    const dadLimit = dadSeconds === 0 ? Infinity : start + dadSeconds * 1000;
    let timedOut = !(await this.waitUntil((w) => !tentative(w), dadLimit));
    if (!timedOut && detachedSeconds !== null) {
      // NetBSD: addresses of up interfaces stay detached until carrier comes (then DAD runs).
      const attached = (w: E.World): boolean =>
        this.node(w).ifaces.every(
          (i) => !i.up || i.addrs.every((a) => !(a.flags & (E.IN6_IFF.DETACHED | E.IN6_IFF.TENTATIVE))),
        );
      const limit = this.tx((w) => w.clock.now) + detachedSeconds * 1000;
      timedOut = !(await this.waitUntil(attached, detachedSeconds === 0 ? Infinity : limit));
    }
    const reports = this.tx((w) => {
      const out: DadReport[] = [];
      for (const i of this.node(w).ifaces) {
        for (const a of i.addrs) {
          const state = addrState(a);
          // A duplicate is told wherever it is; tentative addresses of a disabled interface wait for nothing.
          if (!enabled(i) && state !== 'duplicated') continue;
          if (state === 'ok' || (state === 'detached' && (detachedSeconds === null || !i.up))) continue;
          out.push({
            ifname: i.name,
            addr: a.addr,
            state,
            holder: a.outcome?.kind === 'duplicate' ? a.outcome.holder : null,
          });
        }
      }
      return out;
    });
    return { reports, timedOut };
  }

  /**
   * Waits until `done` holds or the world clock reaches `limit`. Virtual clock: runs the timers
   * in one transaction. Real clock: sleeps between transactions, never holding the lock.
   */
  async waitUntil(done: (w: E.World) => boolean, limit: number): Promise<boolean> {
    for (;;) {
      const step = this.tx((w) => {
        if (w.clock.mode === 'virtual') {
          const end = limit === Infinity ? lastTimer(w) : limit;
          return { ok: E.runUntil(w, () => done(w), end), sleepMs: 0 };
        }
        if (done(w)) return { ok: true, sleepMs: 0 };
        const now = w.clock.now;
        const next = Math.min(E.nextDeadline(w) ?? Infinity, limit);
        return { ok: false, sleepMs: next === Infinity || now >= limit ? -1 : Math.max(1, next - now) };
      });
      if (step.ok || step.sleepMs <= 0) return step.ok;
      await this.sleep(step.sleepMs);
    }
  }
}

/** setTimeout takes at most 2^31-1 ms (longer fires at once): sleep in pieces. */
async function sleepLong(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= 0x7fffffff) await new Promise((r) => setTimeout(r, Math.min(left, 0x7fffffff)));
}

const lastTimer = (w: E.World): number => E.lastDeadline(w) ?? w.clock.now;

interface Pending {
  nodeName: string;
  ifindex: number;
  ifname: string;
  addrId: number;
  addr: string;
  state: 'tentative' | 'detached';
}

const findPending = (w: E.World, p: Pending): E.Addr | undefined =>
  E.nodeNamed(w, p.nodeName)
    ?.ifaces.find((i) => i.index === p.ifindex)
    ?.addrs.find((a) => a.id === p.addrId);

/** How DAD ended for the address a command added; a blocking add removes a duplicate again. */
function dadOutcome(w: E.World, p: Pending, mode: DadMode): DadReport | null {
  const a = findPending(w, p);
  if (!a) return null;
  if (!(a.flags & E.IN6_IFF.DUPLICATED)) return report(p, a.flags & E.IN6_IFF.TENTATIVE ? 'tentative' : 'ok', null);
  const holder = a.outcome?.kind === 'duplicate' ? a.outcome.holder : null;
  if (mode === 'wait') {
    const node = E.findNode(w, p.nodeName);
    E.deleteAddress(w, node, E.ifaceByIndex(node, p.ifindex) as E.Iface, a.addr);
  }
  return report(p, 'duplicated', holder);
}

function addrState(a: E.Addr): DadReport['state'] {
  if (a.flags & E.IN6_IFF.DUPLICATED) return 'duplicated';
  if (a.flags & E.IN6_IFF.TENTATIVE) return 'tentative';
  if (a.flags & E.IN6_IFF.DETACHED) return 'detached';
  return 'ok';
}

function report(p: Pending, state: DadReport['state'], holder: string | null): DadReport {
  return { ifname: p.ifname, addr: p.addr, state, holder };
}

function applyChange(
  w: E.World,
  node: E.Node,
  c: IfconfigChange,
): { created: string[]; pending: Pending | null; running: boolean } {
  let created: string[] = [];
  let ifp = node.ifaces.find((i) => i.name === c.ifname);
  if (c.create && !ifp) {
    const made = asOp(
      'SIOCIFCREATE2',
      () => E.cloneCreate(w, node, c.ifname),
      () => c.ifname,
    );
    created = made.map((i) => i.name);
    ifp = made[0] as E.Iface;
  } else if (c.create && isOnlyCreate(c)) {
    throw new OpError('SIOCIFCREATE2', 'EEXIST', c.ifname);
  }
  if (!ifp) throw new OpError('lookup', 'ENXIO', c.ifname);
  if (c.destroy) {
    asOp('SIOCIFDESTROY', () => E.cloneDestroy(w, node, ifp as E.Iface));
    return { created, pending: null, running: false };
  }
  if (c.description !== undefined) ifp.description = c.description;
  if (c.mtu !== null) asOp('SIOCSIFMTU', () => E.setMtu(ifp as E.Iface, c.mtu as number));
  if (c.lladdr !== null) asOp('SIOCSIFLLADDR', () => E.setLladdr(w, ifp as E.Iface, c.lladdr as string));
  if (c.nd6Set || c.nd6Clear) E.setNd6Flags(w, node, ifp, c.nd6Set, c.nd6Clear);
  if (c.up !== null) E.setUp(w, node, ifp, c.up);
  if (!c.addr) return { created, pending: null, running: false };
  const a = applyAddr(w, node, ifp, c.addr);
  const unsettled = a ? addrState(a) : null;
  const pending =
    a && (unsettled === 'tentative' || unsettled === 'detached')
      ? { nodeName: node.name, ifindex: ifp.index, ifname: ifp.name, addrId: a.id, addr: a.addr, state: unsettled }
      : null;
  return { created, pending, running: a?.dad != null };
}

function applyAddr(w: E.World, node: E.Node, ifp: E.Iface, c: AddrChange): E.Addr | null {
  let addr = c.addr;
  if (c.eui64)
    addr = withEui64(
      addr,
      E.linkLocalOf(ifp)?.addr ?? (ifp.addrs.length === 0 ? formatIp6(llFromNode(node, ifp)) : null),
    );
  if (c.remove) {
    asOp('SIOCDIFADDR', () => E.deleteAddress(w, node, ifp, addr));
    return null;
  }
  const existing = ifp.addrs.find((a) => a.addr === addr);
  const plen = c.plen ?? (existing && c.alias ? existing.plen : 64);
  const base = existing && c.alias ? existing.flags : 0;
  const flags = (base | c.flagsSet) & ~c.flagsClear;
  const pltime = c.pltime === undefined ? (existing && c.alias ? existing.pltime : null) : c.pltime;
  const vltime = c.vltime === undefined ? (existing && c.alias ? existing.vltime : null) : c.vltime;
  return asOp('SIOCAIFADDR', () =>
    E.addAddress(w, node, ifp, {
      addr: canonical(addr),
      plen,
      flags,
      pltime,
      vltime,
      origin: 'manual',
      update: c.alias,
      dadDelay: false,
      dest: c.dest === null ? null : canonical(c.dest),
    }),
  );
}

function llFromNode(node: E.Node, ifp: E.Iface): Uint8Array {
  const iid = E.interfaceId(node, ifp);
  const a = new Uint8Array(16);
  a[0] = 0xfe;
  a[1] = 0x80;
  a.set(iid, 8);
  return a;
}

function ifaceView(w: E.World, node: E.Node, i: E.Iface): IfaceView {
  const drv = E.DRIVERS[i.type];
  const now = w.clock.now;
  const left = (until: number | null): number | null => secondsLeft(until, now);
  const etherLike = drv.hasMac && i.type !== 'loop';
  return {
    name: i.name,
    index: i.index,
    flags: E.ifFlags(i),
    metric: 0,
    mtu: i.mtu,
    options: drv.caps,
    description: i.description,
    lladdr: etherLike ? i.lladdr : null,
    addrs: i.addrs.map((a) => {
      const scoped = needsZone(parseIp6(a.addr));
      return {
        addr: a.addr,
        zone: scoped ? i.name : null,
        plen: a.plen,
        flags: a.flags,
        scopeid: scoped ? i.index : 0,
        dest: a.dest,
        pltime: a.pltime,
        vltime: a.vltime,
        pltimeLeft: left(a.preferredUntil),
        vltimeLeft: left(a.validUntil),
      };
    }),
    groups: drv.group ? [drv.group] : [],
    media: drv.media,
    status: etherLike ? (E.hasCarrier(i) ? 'active' : 'no carrier') : null,
    nd6: i.nd6 | (node.ndDefaultIf === i.index ? E.ND6_IFF.DEFAULTIF : 0),
  };
}

/** ifmcstat's three sysctls per interface, in interface order; kludge lists newest interface first. */
function netbsdMcastViews(node: E.Node): NbMcastIfView[] {
  const ifaces = [...node.ifaces].sort((a, b) => a.index - b.index);
  const records = (i: E.Iface): NbMcastIfView['groups'] =>
    i.nbMulti.inet6.map((r) => ({ group: r.group, refs: r.refs, ifname: i.name, index: i.index }));
  const kludges = ifaces.filter((i) => !i.addrs.length).reverse();
  return ifaces.map((i) => {
    const first = i.addrs[0];
    const onAddress = first !== undefined && i.nbMulti.inet6.length > 0;
    return {
      ifname: i.name,
      index: i.index,
      address: onAddress ? first.addr : null,
      groups: onAddress ? records(i) : [],
      kludge: kludges.filter((k) => k !== i).flatMap(records),
      lladdr: i.lladdr,
      ether: i.lladdr === null ? [] : i.nbMulti.ether.map((e) => ({ ...e })),
    };
  });
}

function mcastView(i: E.Iface): McastIfView {
  const ll = E.linkLocalOf(i);
  const groups: McastIfView['groups'] = [];
  for (const g of [...i.groups].reverse()) {
    const st = E.groupState(g);
    if (!st) continue;
    const bytes = parseIp6(g.group);
    groups.push({
      group: g.group,
      scoped: needsZone(bytes),
      mode: st.mode,
      sources: st.sources,
      mac: i.type === 'loop' ? null : formatMac(multicastMac(bytes)),
    });
  }
  return {
    ifname: i.name,
    index: i.index,
    linkLocal: ll?.addr ?? null,
    lladdr: i.lladdr,
    mld: { version: 2, flags: E.mldFlags(i), ...E.MLD_DEFAULTS },
    groups,
    memberships: kernelOrder(groups),
  };
}
