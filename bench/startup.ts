// Start-up cost: 'ip6kit ifconfig -a' on a fresh world against 'node -e 0', side by side in one
// run (DESIGN.md, Performance: target within 1.5x). Prints medians and the ratio; not a test.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'ip6kit');
const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-bench-')), 'state.json');
const env = { ...process.env, IP6KIT_STATE: state };
execFileSync(bin, ['sim', 'init', '--seed', '1'], { env });

function median(cmd: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    execFileSync(cmd, args, { env, stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

const runs = Number(process.env.RUNS ?? 21);
const rows: [string, number][] = [];
// Interleave the measurements so that machine noise hits both alike.
let base = 0;
let tool = 0;
let add = 0;
for (let round = 0; round < 3; round++) {
  base += median(process.execPath, ['-e', '0'], runs);
  tool += median(bin, ['ifconfig', '-a'], runs);
  add += median(bin, ['ifconfig', 'em0', 'inet6', `2001:db8::${round + 1}`, '--no-wait'], 1);
}
rows.push(['node -e 0', base / 3], ['ip6kit ifconfig -a', tool / 3], ['ip6kit ifconfig em0 inet6 ADDR', add / 3]);
for (const [name, ms] of rows)
  console.log(`${name.padEnd(32)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / (base / 3)).toFixed(2)}x`);
