// Golden tests: each test/golden/NAME.sh runs real commands (through the multicall shims) against
// its own state file; stdout, stderr and the exit code must equal NAME.out, NAME.err, NAME.exit.
// UPDATE_GOLDEN=1 rewrites the expected files (npm run golden:update).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.join(root, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';
const shims = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-shims-'));
execFileSync(path.join(root, 'bin', 'ip6kit'), ['shims', shims]);
fs.symlinkSync(path.join(root, 'bin', 'ip6kit'), path.join(shims, 'ip6kit'));

function run(script: string): Promise<{ out: string; err: string; code: number }> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-golden-'));
  const env = {
    PATH: `${shims}:${process.env.PATH}`,
    HOME: home,
    IP6KIT_STATE: path.join(home, 'state.json'),
    IP6KIT_SHARE: path.join(root, 'share'),
    IP6KIT_FIXTURES: path.join(root, 'test', 'fixtures'),
    NO_COLOR: '1',
    LC_ALL: 'C',
    TZ: 'UTC',
  };
  return new Promise((resolve) => {
    execFile('sh', [script], { env, cwd: home, encoding: 'utf8' }, (error, out, err) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ out, err, code });
    });
  });
}

const scripts = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.sh'))
  .sort();

test('golden', { concurrency: 4 }, async (t) => {
  await Promise.all(
    scripts.map((s) =>
      t.test(s, async () => {
        const base = path.join(dir, s.slice(0, -3));
        const got = await run(path.join(dir, s));
        if (update) {
          fs.writeFileSync(`${base}.out`, got.out);
          fs.writeFileSync(`${base}.err`, got.err);
          fs.writeFileSync(`${base}.exit`, `${got.code}\n`);
          return;
        }
        assert.equal(got.out, fs.readFileSync(`${base}.out`, 'utf8'), `${s}: stdout`);
        assert.equal(got.err, fs.readFileSync(`${base}.err`, 'utf8'), `${s}: stderr`);
        assert.equal(`${got.code}\n`, fs.readFileSync(`${base}.exit`, 'utf8'), `${s}: exit code`);
      }),
    ),
  );
});
