// Conformance: FreeBSD's and NetBSD's own test scripts for these tools, ported under
// test/conformance/ (each script names its source and rewrites the cases in our commands), run
// through the multicall shims against simulated nodes. One test per case; cases that need what
// the simulation does not model are listed with the reason and skipped.
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(root, 'test', 'conformance');
const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-conf-'));
execFileSync(path.join(root, 'bin', 'ip6kit'), ['shims', path.join(bin, 'bin')]);
fs.symlinkSync(path.join(root, 'bin', 'ip6kit'), path.join(bin, 'bin', 'ip6kit'));

let ported = 0;
let passed = 0;
let skipped = 0;
for (const script of fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.sh') && f !== 'lib.sh')
  .sort()) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-conf-home-'));
  const r = spawnSync('sh', [path.join(dir, script)], {
    encoding: 'utf8',
    cwd: home,
    env: {
      PATH: `${path.join(bin, 'bin')}:${process.env.PATH}`,
      HOME: home,
      IP6KIT_STATE: path.join(home, 'state.json'),
      NO_COLOR: '1',
      LC_ALL: 'C',
      TZ: 'UTC',
    },
  });
  const lines = r.stdout.split('\n');
  test(`${script}: runs`, (t) => {
    if (r.status !== 0) t.diagnostic(r.stderr);
  });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const ok = /^ok (\S+)/.exec(line);
    const bad = /^not ok (\S+)/.exec(line);
    const skip = /^skip (\S+): (.*)$/.exec(line);
    if (ok) {
      ported++;
      passed++;
      test(`${script}: ${ok[1]}`, () => {});
    } else if (bad) {
      ported++;
      const why: string[] = [];
      while (lines[i + 1]?.startsWith('# ')) why.push((lines[++i] as string).slice(2));
      test(`${script}: ${bad[1]}`, () => {
        throw new Error(why.join('\n'));
      });
    } else if (skip) {
      skipped++;
      test(`${script}: ${skip[1]}`, { skip: `not ported: ${skip[2]}` }, () => {});
    }
  }
}
test('conformance summary', () => {
  console.log(`# conformance: ${ported} cases ported, ${passed} passing, ${skipped} not ported`);
});
