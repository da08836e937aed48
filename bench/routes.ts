// Full-table scale (DESIGN.md, Performance; issue 18): one `route add` and one `route get` in a
// world with a full IPv6 table against the same command in an empty world (target within 1.1x,
// peak memory near the empty world's: a lookup reads only the blocks it visits), and in-process
// longest-prefix match on that table (target >= 1M/s; 5M/s aimed). Prints ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rib } from '../src/engine/index.js';
import { buildRouteWorld, fullTable } from './tables.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'ip6kit');
const COUNT = Number(process.env.ROUTES ?? 200_000);

function median(env: NodeJS.ProcessEnv, args: string[][], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(bin, args[i % args.length] as string[], { env, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-bench-'));
const empty = path.join(dir, 'empty.json');
const full = path.join(dir, 'full.json');
buildRouteWorld(empty, 0);
let t0 = Date.now();
buildRouteWorld(full, COUNT);
console.log(
  `built a ${COUNT}-route world in ${Date.now() - t0} ms ` +
    `(${(fs.statSync(`${full}.rib/host.1.base`).size / 1e6).toFixed(1)} MB base, ${fs.statSync(full).size} B JSON)`,
);

const runs = Number(process.env.RUNS ?? 15);
const adds = (tag: string): string[][] =>
  Array.from({ length: runs }, (_, i) => [
    'route',
    '-q',
    'add',
    '-inet6',
    `2001:db8:${tag}:${i.toString(16)}::/64`,
    'fe80::1%em0',
  ]);
const gets = [['route', '-n', 'get', '-inet6', '2001:db8::1']];
const rows: [string, number, number][] = [];
let addE = 0;
let addF = 0;
let getE = 0;
let getF = 0;
// Interleaved rounds, so that machine noise hits both worlds alike.
for (let round = 0; round < 3; round++) {
  addE += median({ ...process.env, IP6KIT_STATE: empty }, adds(`e${round}`), runs);
  addF += median({ ...process.env, IP6KIT_STATE: full }, adds(`f${round}`), runs);
  getE += median({ ...process.env, IP6KIT_STATE: empty }, gets, runs);
  getF += median({ ...process.env, IP6KIT_STATE: full }, gets, runs);
}
rows.push(['route add', addE / 3, addF / 3], ['route get', getE / 3, getF / 3]);
/** Peak resident memory of one run, in MB (GNU time's %M), or NaN where there is no GNU time. */
function peakMb(state: string, args: string[]): number {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', bin, ...args], {
    env: { ...process.env, IP6KIT_STATE: state },
    encoding: 'utf8',
  });
  return Number((r.stderr ?? '').trim().split('\n').pop()) / 1024;
}
console.log(
  `${'command'.padEnd(12)} ${'empty'.padStart(9)} ${`${COUNT} routes`.padStart(14)}  ratio (target <= 1.1x)  peak MB`,
);
for (const [name, e, f] of rows) {
  const args = name === 'route get' ? (gets[0] as string[]) : (adds('m')[0] as string[]);
  console.log(
    `${name.padEnd(12)} ${e.toFixed(1).padStart(6)} ms ${f.toFixed(1).padStart(11)} ms  ${(f / e).toFixed(2)}x` +
      `${''.padStart(16)}${peakMb(empty, args).toFixed(0)} / ${peakMb(full, args).toFixed(0)}`,
  );
}

// In process: both lookup paths over the same table.
const rib = Rib.empty();
for (const r of fullTable(COUNT)) if (!rib.get(r)) rib.set(r);
rib.compact();
t0 = Date.now();
const lpm = rib.compile();
console.log(`compiled ${rib.size} routes into ${lpm.intervals} intervals in ${Date.now() - t0} ms`);
const N = 2_000_000;
const q = new Uint32Array(N * 4);
let s = 12345;
for (let i = 0; i < q.length; i++) {
  s = (Math.imul(s, 1103515245) + 12345) >>> 0;
  q[i] = i % 4 === 0 ? (0x20000000 | (s & 0x0fffffff)) >>> 0 : s;
}
let hits = 0;
t0 = performance.now();
for (let i = 0; i < N; i++)
  if (lpm.lookupWords(q[i * 4] as number, q[i * 4 + 1] as number, q[i * 4 + 2] as number, q[i * 4 + 3] as number) >= 0)
    hits++;
const compiled = N / ((performance.now() - t0) / 1000);
const M = 20_000;
const bytes = new Uint8Array(16);
const view = new DataView(bytes.buffer);
t0 = performance.now();
for (let i = 0; i < M; i++) {
  for (let k = 0; k < 4; k++) view.setUint32(k * 4, q[i * 4 + k] as number);
  rib.lookup(bytes);
}
const inPlace = M / ((performance.now() - t0) / 1000);
console.log(
  `LPM compiled (elementary intervals): ${(compiled / 1e6).toFixed(2)} M lookups/s (target >= 1M/s; ${hits} of ` +
    `${N} matched)`,
);
console.log(`LPM in place (bisection per length): ${(inPlace / 1e3).toFixed(0)} k lookups/s (what one route get uses)`);
fs.rmSync(dir, { recursive: true, force: true });
