// netstat -rn on a large table (issue 18): the whole listing and its first lines (| head -5),
// beside the same commands on an empty world, wall time and peak memory, medians of interleaved
// runs. ROUTES (default 300000) and RUNS (default 5) size it.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRouteWorld } from './tables.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ip6kit');
const COUNT = Number(process.env.ROUTES ?? 300_000);
const RUNS = Number(process.env.RUNS ?? 5);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-listing-'));
const empty = path.join(dir, 'empty.json');
const full = path.join(dir, 'full.json');
buildRouteWorld(empty, 0);
buildRouteWorld(full, COUNT);

/** Wall ms and peak RSS (MB) of one shell pipeline, through /usr/bin/time. */
function measure(state: string, pipeline: string): { ms: number; mb: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', `"${bin}" ${pipeline}`], {
    env: { ...process.env, IP6KIT_STATE: state },
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const kb = Number(/(\d+)\s*$/.exec(r.stderr)?.[1] ?? 0);
  return { ms, mb: kb / 1024 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const cases: [string, string][] = [
  ['netstat -rn', 'netstat -rn > /dev/null'],
  ['netstat -rn | head -5', 'netstat -rn | head -5 > /dev/null'],
  ['netstat -rn --json', '--json netstat -rn > /dev/null'],
];
execFileSync(bin, ['netstat', '-rn'], { env: { ...process.env, IP6KIT_STATE: full }, stdio: 'ignore' });
console.log(`netstat -rn, ${COUNT} routes against an empty world (medians of ${RUNS})`);
for (const [name, pipeline] of cases) {
  const big: { ms: number; mb: number }[] = [];
  const small: { ms: number; mb: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    big.push(measure(full, pipeline));
    small.push(measure(empty, pipeline));
  }
  const [b, s] = [median(big.map((x) => x.ms)), median(small.map((x) => x.ms))];
  const [bm, sm] = [median(big.map((x) => x.mb)), median(small.map((x) => x.mb))];
  console.log(
    `  ${name.padEnd(24)} ${b.toFixed(0).padStart(6)} ms ${bm.toFixed(0).padStart(4)} MB | empty ` +
      `${s.toFixed(0).padStart(4)} ms ${sm.toFixed(0).padStart(3)} MB | ${(b / s).toFixed(2)}x`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
