// The schema migration chain: each step turns version N into N+1. A newer file is refused.
import { RTF } from './constants.js';
import { EngineError } from './errors.js';
import { Rib } from './rib.js';
import { defaultNdInfo } from './iface.js';
import { emptyStats } from './stats.js';
import { SCHEMA_VERSION, type Route, type World } from './types.js';

type Step = (w: Record<string, unknown>) => Record<string, unknown>;

type V1Route = Omit<Route, 'mtu'>;

/** MIGRATIONS[n] upgrades a version-n world to n+1. */
const MIGRATIONS: Record<number, Step> = {
  // 2: routes move from a JSON array into the table format (rib.ts); rc.d's reject routes are
  // static (refs 0) and unscoped, as route(8) adds them; netstat -s counters start at 0;
  // neighbour caches, ND parameters, router and prefix lists start empty.
  1: (w) => ({
    ...w,
    // Frames in flight had another shape; DAD does not need them to finish.
    timers: (w.timers as { kind: string }[]).filter((t) => t.kind !== 'deliver'),
    nodes: (
      w.nodes as {
        name: string;
        routes: V1Route[];
        ifaces: { name: string; groups: { group: string; refs: number }[] }[];
      }[]
    ).map(({ routes, ...n }) => {
      const rib = Rib.empty();
      for (const r of routes) {
        const isStatic = (r.flags & RTF.REJECT) !== 0;
        rib.set({ ...r, zone: isStatic ? 0 : r.zone, refs: isStatic ? 0 : r.refs, mtu: 0 });
      }
      const ifaces = n.ifaces.map((i) => ({
        ...i,
        addrs: (i as unknown as { addrs: object[] }).addrs.map((a) => ({ ...a, dest: null })),
        groups: i.groups.map((g) => ({ ...g, sockets: [] })),
        neighbors: [],
        ndi: defaultNdInfo(w.seed as number, n.name, i.name),
        rtadv: null,
      }));
      return {
        ...n,
        ifaces,
        rib: rib.toJSON(),
        stats: emptyStats(),
        routers: [],
        prefixes: [],
        ndDefaultIf: 0,
        sockets: [],
      };
    }),
  }),
  // 3: addresses carry their creation time (a temporary's lifetimes are capped from it; for an
  // older file "now" is the best guess); temporaries are regenerated at deprecation, so the
  // temp-regen timers go; the last RA is remembered by event sequence, not time.
  // 4: links have a capture file and faults.
  3: (w) => ({
    ...w,
    links: (w.links as { name: string }[]).map((l) => ({
      ...l,
      capture: null,
      faults: { loss: 0, delay: 0, mtu: null, down: false },
    })),
  }),
  // 5: a large world's nodes may be records in a file beside the state file (the store reads
  // them); the net.inet6.ip6 switches are the ints the kernel keeps (true and false were 1 and 0).
  4: (w) => ({
    ...w,
    nodes: (w.nodes as { knobs: Record<string, number | boolean> }[]).map((n) => ({
      ...n,
      knobs: Object.fromEntries(Object.entries(n.knobs).map(([k, v]) => [k, Number(v)])),
    })),
  }),
  2: (w) => ({
    ...w,
    timers: (w.timers as { kind: string }[]).filter((t) => t.kind !== 'temp-regen'),
    nodes: (w.nodes as { ifaces: { addrs: object[]; ndi: object }[]; prefixes: object[] }[]).map((n) => ({
      ...n,
      prefixes: n.prefixes.map((p, i) => ({ seq: i, ...p })),
      ifaces: n.ifaces.map(({ ndi, ...i }) => {
        const { lastRaAt: _lastRaAt, ...rest } = ndi as { lastRaAt?: unknown };
        return {
          ...i,
          ndi: { ...rest, lastRaSeq: null },
          addrs: i.addrs.map((a) => ({ createdAt: (w.clock as { now: number }).now, ...a })),
        };
      }),
    })),
  }),
};

export function migrate(raw: Record<string, unknown>): World {
  let v = raw.schemaVersion;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new EngineError('EINVAL', 'no schemaVersion');
  if (v > SCHEMA_VERSION)
    throw new EngineError('EINVAL', `schemaVersion ${v} is newer than this ip6kit (${SCHEMA_VERSION})`);
  let w = raw;
  while ((v as number) < SCHEMA_VERSION) {
    const step = MIGRATIONS[v as number];
    if (!step) throw new EngineError('EINVAL', `no migration from schemaVersion ${v}`);
    w = { ...step(w), schemaVersion: (v as number) + 1 };
    v = w.schemaVersion;
  }
  return w as unknown as World;
}
