// Start-up cost: ip6kit commands on a fresh world against 'node -e 0', side by side in one run
// (issue 18's target: ifconfig -a within 1.15x). Each round runs every command once, starting at
// another one each round, so that a noisy machine slows all of them alike; prints medians and
// each one's ratio to node -e 0.
// Not a test. docs/startup.md says what the launcher does to get there.
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

const commands: [string, string, string[]][] = [
  ['node -e 0', process.execPath, ['-e', '0']],
  ['ip6kit --version', bin, ['--version']],
  ['ip6kit ifconfig -a', bin, ['ifconfig', '-a']],
  ['ip6kit netstat -rn', bin, ['netstat', '-rn']],
  ['ip6kit ndp -an', bin, ['ndp', '-an']],
];
const runs = Number(process.env.RUNS ?? 61);
const times: number[][] = commands.map(() => []);
// Each round starts at another command: a command's place in the round moves its time too.
for (let round = 0; round < runs; round++)
  for (let k = 0; k < commands.length; k++) {
    const i = (round + k) % commands.length;
    const [, cmd, args] = commands[i] as [string, string, string[]];
    const t0 = process.hrtime.bigint();
    execFileSync(cmd, args, { env, stdio: 'ignore' });
    times[i]?.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const base = median(times[0] ?? []);
commands.forEach(([name], i) => {
  const ms = median(times[i] ?? []);
  console.log(`${name.padEnd(24)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / base).toFixed(2)}x`);
});
// A blocking add on the virtual clock, once per round of three (each one adds an address).
let add = 0;
for (let i = 1; i <= 3; i++) {
  const t0 = process.hrtime.bigint();
  execFileSync(bin, ['ifconfig', 'em0', 'inet6', `2001:db8::${i}`], { env, stdio: 'ignore' });
  add += Number(process.hrtime.bigint() - t0) / 1e6;
}
console.log(
  `${'ip6kit ifconfig em0 ADDR'.padEnd(24)} ${(add / 3).toFixed(1).padStart(7)} ms  ${(add / 3 / base).toFixed(2)}x`,
);
