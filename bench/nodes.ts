// Cost by the work, not the world (issue 18, item 1): the same command on a fresh world and on a
// world of 3,001 nodes (one per link, each with an address), side by side in interleaved rounds.
// Targets: a read-only command within 1.3x, a mutating one within 1.6x of the fresh world's.
// Not a test. docs/state-files.md (node records) says how a command reads only what it touches.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'ip6kit');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-bench-'));
const fresh = path.join(dir, 'fresh.json');
const big = path.join(dir, 'big.json');
const NODES = Number(process.env.NODES ?? 3001);

const run = (state: string, args: string[]): string =>
  execFileSync(bin, args, { env: { ...process.env, IP6KIT_STATE: state }, encoding: 'utf8' });

run(fresh, ['sim', 'init', '--seed', '1']);
// The big world: the default host's configuration, once per node, each on a link of its own.
const template = JSON.parse(run(fresh, ['sim', 'export']));
const host = template.nodes[0];
template.links = [];
template.nodes = [];
for (let i = 0; i < NODES; i++) {
  const n = structuredClone(host);
  n.name = `h${i}`;
  n.hostname = `h${i}`;
  const nic = n.interfaces.find((f: { name: string }) => f.name === 'em0');
  nic.link = `l${i}`;
  delete nic.ether;
  nic.addresses = [{ address: `2001:db8:${i.toString(16)}::1`, prefixlen: 64 }];
  template.links.push({ name: `l${i}` });
  template.nodes.push(n);
}
const topo = path.join(dir, 'big.topology.json');
fs.writeFileSync(topo, JSON.stringify(template, null, 1));
let t0 = process.hrtime.bigint();
run(big, ['sim', 'import', topo]);
const importMs = Number(process.hrtime.bigint() - t0) / 1e6;
const sizes = [big, ...fs.readdirSync(`${big}.nodes`).map((f) => path.join(`${big}.nodes`, f))].map(
  (f) => fs.statSync(f).size,
);

const runs = Number(process.env.RUNS ?? 21);
const cases: [string, string, (round: number) => string[]][] = [
  ['fresh: ifconfig em0', fresh, () => ['-N', 'host', 'ifconfig', 'em0']],
  [`${NODES} nodes: ifconfig em0`, big, () => ['-N', 'h5', 'ifconfig', 'em0']],
  ['fresh: ifconfig em0 inet6 ADDR', fresh, (r) => ['-N', 'host', 'ifconfig', 'em0', 'inet6', `2001:db8:f::${r + 1}`]],
  [
    `${NODES} nodes: ifconfig em0 inet6 ADDR`,
    big,
    (r) => ['-N', 'h7', 'ifconfig', 'em0', 'inet6', `2001:db8:f::${r + 1}`],
  ],
];
const times: number[][] = cases.map(() => []);
for (let round = 0; round < runs; round++)
  cases.forEach(([, state, args], i) => {
    t0 = process.hrtime.bigint();
    run(state, args(round));
    times[i]?.push(Number(process.hrtime.bigint() - t0) / 1e6);
  });
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = times.map(median);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const records = sizes.slice(1).reduce((a, b) => a + b, 0);
console.log(
  `${NODES} nodes: index ${mb(sizes[0] as number)}, records ${mb(records)} (sim import ${importMs.toFixed(0)} ms)`,
);
cases.forEach(([name], i) => {
  const base = ms[i - (i % 2)] as number;
  const ratio = i % 2 ? `  ${((ms[i] as number) / base).toFixed(2)}x (target ${i < 2 ? '1.3' : '1.6'}x)` : '';
  console.log(`${name.padEnd(42)} ${(ms[i] as number).toFixed(1).padStart(7)} ms${ratio}`);
});
fs.rmSync(dir, { recursive: true, force: true });
