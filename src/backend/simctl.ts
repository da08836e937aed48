// Operations of the 'sim' tool: building and driving worlds (nodes, links, clock, log).
import { canonical, isLinkLocal, parseDuration, parseIp6 } from '../addr/index.js';
import * as E from '../engine/index.js';
import { lock, load, saveWorld } from '../store/index.js';
import { startCaptureFile } from './capture.js';
import { buildWorld, exportWorld } from '../topology/index.js';
import type { Doc } from '../schema/index.js';
import type { LogView, SimView } from '../views/index.js';
import { BackendError } from './types.js';
import type { SimBackend } from './sim.js';
import { MAX_ADVANCE_MS } from './core.js';

/** Events fired between two looks at the signal and the progress line. */
const ADVANCE_SLICE = 2000;

export interface AdvanceProgress {
  start: number;
  now: number;
  target: number;
  events: number;
}

export interface InitOptions {
  clock: E.ClockMode;
  seed: number;
  bare: boolean;
  force: boolean;
}

function engineCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof E.EngineError)) throw e;
    if (e.code === 'EEXIST') throw new BackendError(`${e.detail} already exists`);
    if (e.code === 'ENOENT') throw new BackendError(`no ${e.detail}`);
    if (e.code === 'ENXIO') throw new BackendError(`no interface ${e.detail}`);
    throw new BackendError(e.detail);
  }
}

export class SimControl {
  constructor(readonly sim: SimBackend) {}

  init(o: InitOptions): void {
    this.replaceWorld(E.createWorld({ clock: o.clock, seed: o.seed, bare: o.bare, wallNow: Date.now() }), o.force);
  }

  /** A new world in place of the state file's, which must not exist unless `force`. */
  private replaceWorld(w: E.World, force: boolean): void {
    const exists = (): BackendError => new BackendError(`${this.sim.file} already exists (use --force to replace it)`);
    const open = this.sim.inBatch;
    if (open) {
      // Inside a batch the file is already locked and loaded: the new world replaces the open one.
      this.sim.tx((cur) => {
        if (open.existed && !force) throw exists();
        Object.assign(cur, w);
      });
      open.existed = true;
      return;
    }
    const release = lock(this.sim.file);
    try {
      if (!force) {
        let found = false;
        try {
          found = load(this.sim.file) !== null;
        } catch {
          found = true;
        }
        if (found) throw exists();
      }
      saveWorld(this.sim.file, w);
    } finally {
      release();
    }
  }

  /** sim export: the world as a topology document. */
  exportTopology(): Doc<'topology'> {
    return this.sim.view((w) => exportWorld(w));
  }

  /**
   * sim import: the world a topology builds (checked whole before anything is written) replaces
   * the current one, which must not exist unless `force`. Capture files start empty.
   */
  importTopology(t: Doc<'topology'>, force: boolean): void {
    const w = buildWorld(t, Date.now());
    this.replaceWorld(w, force);
    for (const l of w.links) if (l.capture) startCaptureFile(l.capture);
  }

  reset(): void {
    this.sim.tx((w) => {
      const fresh = E.createWorld({ clock: w.clock.mode, seed: w.seed, bare: false, wallNow: Date.now() });
      Object.assign(w, fresh);
    });
  }

  show(): SimView {
    return this.sim.view((w) => ({
      clock: { mode: w.clock.mode, now: w.clock.now },
      seed: w.seed,
      nodes: w.nodes.map((n) => ({
        name: n.name,
        hostname: n.hostname,
        forwarding: n.knobs.forwarding !== 0,
        interfaces: n.ifaces.map((i) => ({
          name: i.name,
          index: i.index,
          type: i.type,
          up: i.up,
          lladdr: i.lladdr,
          link: i.link,
          addrs: i.addrs.map((a) => `${a.addr}${isLinkLocal(parseIp6(a.addr)) ? `%${i.name}` : ''}/${a.plen}`),
        })),
      })),
      links: w.links.map((l) => ({
        name: l.name,
        members: w.nodes.flatMap((n) => n.ifaces.filter((i) => i.link === l.name).map((i) => `${n.name}:${i.name}`)),
        faults: { ...l.faults },
        capture: l.capture,
      })),
    }));
  }

  nodeAdd(name: string, hostname: string | undefined, router: boolean): void {
    this.sim.tx((w) => engineCall(() => E.addNode(w, name, { hostname: hostname ?? name, router, bare: false })));
  }

  nodeDel(name: string): void {
    this.sim.tx((w) => engineCall(() => E.delNode(w, name)));
  }

  linkAdd(name: string): void {
    this.sim.tx((w) => engineCall(() => E.addLink(w, name)));
  }

  linkSet(name: string, change: Partial<E.LinkFaults>): void {
    this.sim.tx((w) => engineCall(() => E.setLinkFaults(w, name, change)));
  }

  linkDel(name: string): void {
    this.sim.tx((w) => engineCall(() => E.delLink(w, name)));
  }

  /** Captures the link's frames into `file` (absolute; made empty now) from the next frame on. */
  captureStart(link: string, file: string): void {
    this.sim.tx((w) => {
      engineCall(() => E.findLink(w, link));
      startCaptureFile(file);
      E.setCapture(w, link, file);
    });
  }

  captureStop(link: string): string {
    return this.sim.tx((w) =>
      engineCall(() => {
        const l = E.findLink(w, link);
        if (!l.capture) throw new E.EngineError('EINVAL', `link ${link} is not being captured`);
        const file = l.capture;
        E.setCapture(w, link, null);
        return file;
      }),
    );
  }

  /** The capture file of a link (the current one, or the last one stopped is not remembered). */
  captureFile(link: string): string | null {
    return this.sim.view((w) => engineCall(() => E.findLink(w, link).capture));
  }

  captures(): { link: string; file: string }[] {
    return this.sim.view((w) => w.links.flatMap((l) => (l.capture ? [{ link: l.name, file: l.capture }] : [])));
  }

  attach(node: string, ifname: string, link: string, lladdr: string | null): void {
    this.sim.tx((w) => engineCall(() => E.attach(w, node, ifname, link, lladdr)));
  }

  detach(node: string, ifname: string): void {
    this.sim.tx((w) => engineCall(() => E.detach(w, node, ifname)));
  }

  /** sysctl: read every knob, or set name=value pairs (old: the value it had before). */
  sysctl(nodeName: string, settings: string[]): { name: string; value: number; old?: number }[] {
    return this.sysctlOf(nodeName, settings);
  }

  /** The same for a node by name, or (undefined) the one the command acts on. */
  sysctlOf(nodeName: string | undefined, settings: string[]): { name: string; value: number; old?: number }[] {
    // Reading changes nothing: a listing's transaction, which never writes.
    const run = settings.length ? this.sim.tx.bind(this.sim) : this.sim.view.bind(this.sim);
    return run((w) =>
      engineCall(() => {
        const node = nodeName === undefined ? this.sim.node(w) : E.findNode(w, nodeName);
        if (!settings.length) return Object.keys(E.SYSCTLS).map((name) => ({ name, value: E.getSysctl(node, name) }));
        // Validate every setting before changing any, so a bad one leaves the state untouched.
        const parsed = settings.map((s) => {
          const m = /^([^=]+)(?:=(.*))?$/.exec(s) as RegExpExecArray;
          const name = m[1] as string;
          E.getSysctl(node, name);
          if (m[2] !== undefined && !/^-?\d+$/.test(m[2]))
            throw new E.EngineError('EINVAL', `${name}: ${m[2]}: invalid integer`);
          const value = m[2] === undefined ? null : Number(m[2]);
          if (value !== null) E.checkSysctl(node, name, value);
          return { name, value };
        });
        return parsed.map((p) => {
          if (p.value === null) return { name: p.name, value: E.getSysctl(node, p.name) };
          // sysctl(8) prints what it reads back after the write.
          const old = E.setSysctl(w, node, p.name, p.value);
          return { name: p.name, old, value: E.getSysctl(node, p.name) };
        });
      }),
    );
  }

  /** The rtadvd role: start, change (req) or stop (null) advertising on a router's interface. */
  rtadvd(nodeName: string, ifname: string, req: E.RtadvRequest | null): void {
    this.sim.tx((w) =>
      engineCall(() => {
        const node = E.findNode(w, nodeName);
        const ifp = E.findIface(node, ifname);
        if (req && node.knobs.forwarding === 0) {
          throw new E.EngineError(
            'EINVAL',
            `${nodeName} does not forward; a router does (ip6kit sim sysctl ${nodeName} net.inet6.ip6.forwarding=1)`,
          );
        }
        E.configureRtadv(w, node, ifp, req);
      }),
    );
  }

  /** A simulated application joins or leaves a group on an interface (a socket's filter). */
  mcast(
    nodeName: string | undefined,
    ifname: string,
    group: string,
    socket: number,
    filter: { mode: 'include' | 'exclude'; sources: string[] } | null,
  ): void {
    this.sim.tx((w) =>
      engineCall(() => {
        const node = nodeName ? E.findNode(w, nodeName) : this.sim.node(w);
        const ifp = E.findIface(node, ifname);
        const g = ifp.groups.find((x) => x.group === group);
        if (!filter && !g?.sockets.some((s) => s.socket === socket))
          throw new E.EngineError('EINVAL', `socket ${socket} is not a member of ${group} on ${ifname}`);
        const sources = filter && { mode: filter.mode, sources: filter.sources.map(canonical) };
        E.setSocketFilter(ifp, canonical(group), socket, sources, { w, node });
      }),
    );
  }

  /**
   * Moves the clock on; on a real clock it shifts the world's origin so that time jumps. One
   * transaction, run in slices of events so that progress can be told and an interrupt (the
   * signal) stops it at the virtual time reached, which is then saved: the world is consistent
   * between any two events.
   */
  async advance(
    duration: string,
    o: { signal?: AbortSignal; progress?: (p: AdvanceProgress) => void } = {},
  ): Promise<{ now: number; interrupted: boolean }> {
    const ms = parseDuration(duration);
    if (!Number.isFinite(ms)) throw new BackendError(`cannot advance by ${duration}`);
    if (ms > MAX_ADVANCE_MS)
      throw new BackendError(`cannot advance by ${duration}: at most ${MAX_ADVANCE_MS / 86_400_000} days at once`);
    return this.sim.batch(async () => {
      const start = this.sim.tx((w) => w.clock.now);
      const target = start + ms;
      // A real clock jumps by what was run: its origin moves back by that much at the end.
      const jumped = (now: number): void =>
        this.sim.tx((w) => {
          if (w.clock.mode === 'real') w.clock.wallOrigin -= now - start;
        });
      let events = 0;
      for (;;) {
        const step = this.sim.tx((w) => ({ fired: E.advanceSome(w, target, ADVANCE_SLICE), now: w.clock.now }));
        events += step.fired;
        if (step.now >= target) {
          jumped(step.now);
          return { now: step.now, interrupted: false };
        }
        o.progress?.({ start, now: step.now, target, events });
        // Let a signal in between slices.
        await new Promise((r) => setImmediate(r));
        if (o.signal?.aborted) {
          jumped(step.now);
          return { now: step.now, interrupted: true };
        }
      }
    });
  }

  log(nodeName: string | undefined): LogView {
    return this.sim.view((w) => {
      const node = nodeName ? w.nodes.find((n) => n.name === nodeName) : this.sim.node(w);
      if (!node) throw new BackendError(`no node named ${nodeName}`);
      return { node: node.name, entries: node.log.map((e) => ({ ...e })) };
    });
  }
}
