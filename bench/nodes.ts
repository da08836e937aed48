// Cost by the work, not the world (issue 18, item 1): the same command on a fresh world and on a
// world of 3,001 nodes (one per link, each with an address), side by side in interleaved rounds.
// Targets: a read-only command within 1.3x, a mutating one within 1.6x of the fresh world's.
// A routed world (a router per link, timers in the queue) is measured beside them, no target.
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

// A busier world, for the record: ROUTED links each with a host and a router advertising a
// prefix, so the queue holds a few timers per node (and it lives in the index).
const ROUTED = Number(process.env.ROUTED ?? 1000);
const scratch = path.join(dir, 'scratch.json');
run(scratch, ['sim', 'init', '--seed', '1']);
run(scratch, ['sim', 'node', 'add', 'r', '--router']);
run(scratch, ['sim', 'attach', 'r', 'em0', 'lan0']);
run(scratch, ['-N', 'r', 'ifconfig', 'em0', 'inet6', '2001:db8::1/64']);
run(scratch, ['sim', 'rtadvd', 'r', 'em0', '--prefix', '2001:db8::/64']);
const pair = JSON.parse(run(scratch, ['sim', 'export']));
const [routedHost, router] = pair.nodes;
pair.links = [];
pair.nodes = [];
for (let i = 0; i < ROUTED; i++) {
  pair.links.push({ name: `l${i}` });
  for (const [from, name] of [
    [routedHost, `h${i}`],
    [router, `r${i}`],
  ]) {
    const n = structuredClone(from);
    n.name = name;
    n.hostname = name;
    const nic = n.interfaces.find((f: { name: string }) => f.name === 'em0');
    nic.link = `l${i}`;
    delete nic.ether;
    if (nic.rtadvd) {
      nic.addresses = [{ address: `2001:db8:${i.toString(16)}::1`, prefixlen: 64 }];
      nic.rtadvd.prefixes[0].prefix = `2001:db8:${i.toString(16)}::/64`;
    }
    pair.nodes.push(n);
  }
}
const routedTopo = path.join(dir, 'routed.topology.json');
fs.writeFileSync(routedTopo, JSON.stringify(pair, null, 1));
const routed = path.join(dir, 'routed.json');
run(routed, ['sim', 'import', routedTopo]);
const routedTimers = (JSON.parse(fs.readFileSync(routed, 'utf8')).timers as unknown[]).length;
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
  [`${2 * ROUTED} routed nodes: ifconfig em0`, routed, () => ['-N', 'h5', 'ifconfig', 'em0']],
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
console.log(`${2 * ROUTED} routed nodes: ${routedTimers} pending timers in the index`);
// Each case beside its baseline on the fresh world, and the target where there is one.
const versus: [number | null, string][] = [
  [null, ''],
  [0, ' (target 1.3x)'],
  [null, ''],
  [2, ' (target 1.6x)'],
  [0, ' (no target)'],
];
cases.forEach(([name], i) => {
  const [base, target] = versus[i] as [number | null, string];
  const ratio = base === null ? '' : `  ${((ms[i] as number) / (ms[base] as number)).toFixed(2)}x${target}`;
  console.log(`${name.padEnd(42)} ${(ms[i] as number).toFixed(1).padStart(7)} ms${ratio}`);
});
fs.rmSync(dir, { recursive: true, force: true });
