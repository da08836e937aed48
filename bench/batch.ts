// ip6kit -batch against the same lines run one command each (docs/batch.md). Two workloads:
// ROUTES `route add` lines (target: 100,000 in under 10 s), and a NODES-host topology (ten links,
// each host one interface and one address). Line by line is run on a prefix of each workload
// (every command loads and saves the whole world, so the full run would take hours) and the same
// prefix is also run as a batch, so the ratio compares the same work. Prints seconds and ratios.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'ip6kit');
const ROUTES = Number(process.env.ROUTES ?? 100_000);
const NODES = Number(process.env.NODES ?? 1_000);
const SAMPLE = Number(process.env.SAMPLE ?? 150);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-bench-batch-'));

function routeLines(n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++)
    out.push(`route add -inet6 2001:db8:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::/64 fe80::1%em0`);
  return out;
}

function topologyLines(nodes: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < 10; k++) out.push(`sim link add l${k}`);
  for (let i = 0; i < nodes; i++) {
    const k = i % 10;
    out.push(
      `sim node add h${i}`,
      `sim attach h${i} em0 l${k}`,
      `-N h${i} ifconfig em0 inet6 2001:db8:${k}::${(i + 1).toString(16)} prefixlen 64`,
    );
  }
  return out;
}

let runs = 0;
function seconds(fn: (env: NodeJS.ProcessEnv) => void): number {
  const env = { ...process.env, IP6KIT_STATE: path.join(dir, `w${runs++}`, 'state.json') };
  const t0 = process.hrtime.bigint();
  fn(env);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function asBatch(lines: string[]): number {
  const file = path.join(dir, `b${runs}.batch`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return seconds((env) => execFileSync(bin, ['-batch', file], { env, stdio: 'ignore' }));
}

function oneByOne(lines: string[]): number {
  return seconds((env) => {
    for (const l of lines) execFileSync(bin, l.split(' '), { env, stdio: 'ignore' });
  });
}

function compare(name: string, lines: string[]): void {
  const sample = lines.slice(0, SAMPLE);
  const single = oneByOne(sample);
  const batched = asBatch(sample);
  const whole = asBatch(lines);
  console.log(
    `${name}: ${lines.length} lines as one batch ${whole.toFixed(2)} s ` +
      `(${((whole / lines.length) * 1e6).toFixed(0)} us/line)`,
  );
  console.log(
    `  first ${sample.length} lines: one by one ${single.toFixed(2)} s, as a batch ${batched.toFixed(2)} s ` +
      `(${(single / batched).toFixed(0)}x)`,
  );
}

compare('route add', routeLines(ROUTES));
compare('topology', topologyLines(NODES));
fs.rmSync(dir, { recursive: true, force: true });
