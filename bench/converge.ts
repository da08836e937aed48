// A link with 1,000 hosts converges after one router advertisement: every host has its SLAAC
// address through DAD, in well under a second of wall time, and the cost grows linearly with the
// hosts (frames reach only the NICs that accept them). In process,
// on the virtual clock; prints the wall time of each phase. Not a test.
import { canonical } from '../src/addr/index.js';
import {
  addNode,
  advance,
  attach,
  configureRtadv,
  createWorld,
  findIface,
  IN6_IFF,
  settle,
  type World,
  RTADV_DEFAULTS,
} from '../src/engine/index.js';
import { encode, decode } from '../src/store/index.js';

/** Builds a link of `hosts` hosts and a router, sends one RA, and runs until every host converged. */
function run(HOSTS: number): { built: number; wall: number; ok: boolean } {
  let t0 = performance.now();
  const w: World = createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
  const r = addNode(w, 'r', { hostname: 'r', router: true, bare: false });
  attach(w, 'r', 'em0', 'lan0', '52:54:00:00:00:01');
  for (let i = 1; i < HOSTS; i++) {
    addNode(w, `h${i}`, { hostname: `h${i}`, router: false, bare: false });
    attach(w, `h${i}`, 'em0', 'lan0', null);
  }
  settle(w);
  const built = performance.now() - t0;

  t0 = performance.now();
  configureRtadv(w, r, findIface(r, 'em0'), {
    prefixes: [
      { prefix: canonical('2001:db8:1::'), plen: 64, onlink: true, autonomous: true, vltime: 2592000, pltime: 604800 },
    ],
    ...RTADV_DEFAULTS,
  });
  const start = w.clock.now;
  // Run the clock until every host's autoconfigured address has passed DAD (the next RA is minutes away).
  const hosts = w.nodes.filter((n) => n.name !== 'r');
  // A host whose generated MAC collides with another's (24 random bits: likely among 10,000)
  // ends with a duplicated link-local address and no SLAAC: it has converged too.
  const converged = (): boolean =>
    hosts.every((n) =>
      findIface(n, 'em0').addrs.some((a) => a.flags === IN6_IFF.AUTOCONF || a.flags & IN6_IFF.DUPLICATED),
    );
  let steps = 0;
  while (!converged() && w.timers.length && (w.timers[0] as { at: number }).at < start + 60_000) {
    advance(w, (w.timers[0] as { at: number }).at);
    steps++;
  }
  const wall = performance.now() - t0;
  const ok = converged();
  const dupes = hosts.filter((n) => findIface(n, 'em0').addrs.some((a) => a.flags & IN6_IFF.DUPLICATED)).length;

  t0 = performance.now();
  const text = encode(w);
  const reread = decode('bench', text);
  const io = performance.now() - t0;

  console.log(`${HOSTS} hosts and a router on one link: built and settled in ${built.toFixed(0)} ms`);
  console.log(
    `one RA -> ${ok ? 'every host has its SLAAC address through DAD' : 'NOT converged'} after ` +
      `${((w.clock.now - start) / 1000).toFixed(3)} s of virtual time`,
  );
  console.log(`  wall time ${wall.toFixed(0)} ms (target < 1000 ms), ${steps} clock steps, ${dupes} duplicates`);
  console.log(
    `state file: ${(text.length / 1e6).toFixed(1)} MB, encode + decode ${io.toFixed(0)} ms ` +
      `(${reread.nodes.length} nodes)`,
  );
  return { built, wall, ok };
}

const sizes = process.env.HOSTS ? [Number(process.env.HOSTS)] : [1000, 5000, 10000];
const results = sizes.map((n) => ({ n, ...run(n) }));
const base = results[0] as { wall: number; n: number };
console.log('hosts   build ms   converge ms   ratio to the first (hosts ratio)');
for (const r of results)
  console.log(
    `${String(r.n).padStart(5)} ${r.built.toFixed(0).padStart(10)} ${r.wall.toFixed(0).padStart(13)}   ` +
      `${(r.wall / base.wall).toFixed(1)}x (${r.n / base.n}x)${r.ok ? '' : '  NOT converged'}`,
  );
