// The package as users get it: npm pack, install the tarball into an empty prefix, and run the
// installed ip6kit, its man pages, schemas and completion from there (nothing of the work tree).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const hasMan = ((): boolean => {
  try {
    execFileSync('man', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('npm pack, install into a prefix, run from there', { timeout: 240_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-pack-'));
  // dist/ is current: npm test builds first. The optional netlink package is left out, as where
  // it cannot build; the simulated backend needs nothing else.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
    .trim()
    .split('\n')
    .pop() as string;
  const prefix = path.join(dir, 'prefix');
  execFileSync(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      '--omit=optional',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      path.join(dir, tarball),
    ],
    {
      cwd: dir,
      stdio: 'ignore',
    },
  );
  const installed = path.join(prefix, 'lib', 'node_modules', 'ip6kit');
  const bin = path.join(prefix, 'bin', 'ip6kit');
  const env = { ...process.env, IP6KIT_STATE: path.join(dir, 'state.json'), NO_COLOR: '1' };
  const list = execFileSync(bin, ['ifconfig', '-a'], { cwd: dir, env, encoding: 'utf8' });
  assert.match(list, /^em0: flags=/m);
  assert.match(execFileSync(bin, ['--version'], { cwd: dir, env, encoding: 'utf8' }), /^ip6kit \d+\.\d+\.\d+\n$/);
  assert.match(
    execFileSync(bin, ['completion'], { cwd: dir, env, encoding: 'utf8' }),
    /complete .*-F _ip6kit_complete/,
  );
  assert.equal(
    execFileSync(bin, ['__complete', '--line', 'ifconfig '], { cwd: dir, env, encoding: 'utf8' }),
    'em0\nlo0\n',
  );
  for (const f of [
    'schemas/ndp-neighbors.schema.json',
    'share/ip6addrctl/prefer_ipv4.conf',
    'man/ifconfig.8',
    'docs/json.md',
  ]) {
    assert.ok(fs.existsSync(path.join(installed, f)), `${f} is shipped`);
  }
  assert.ok(
    !fs.existsSync(path.join(installed, 'src')) && !fs.existsSync(path.join(installed, 'test')),
    'sources and tests stay out',
  );
  // npm links the man field's pages into PREFIX/share/man.
  assert.ok(fs.existsSync(path.join(prefix, 'share', 'man', 'man8', 'ndp.8')), 'man pages linked into the prefix');
  if (hasMan) {
    const page = execFileSync('man', ['-l', path.join(installed, 'man', 'ndp.8')], {
      env: { ...env, MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '80' },
      encoding: 'utf8',
    });
    assert.match(page, /NDP\(8\)/);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
