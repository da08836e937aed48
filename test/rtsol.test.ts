// rtsol waits for an advertisement that came after its own solicitation (issue 11): run twice at
// the same virtual instant, the second must not take the first one's answer for its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ip6kit');

test('rtsol twice in a row: the second waits for a new RA and sees the new router lifetime', () => {
  const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-rtsol-')), 'state.json');
  const run = (...args: string[]): string => {
    const r = spawnSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, IP6KIT_STATE: state },
    });
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  run('sim', 'init');
  run('sim', 'node', 'add', 'r', '--router');
  run('sim', 'attach', 'r', 'em0', 'lan0', '--lladdr', '52:54:00:00:00:01');
  run('sim', 'rtadvd', 'r', 'em0', '--prefix', '2001:db8:1::/64', '--router-lifetime', '1800');
  run('rtsol', 'em0');
  const first = run('sim', 'show').split('\n')[0];
  run('sim', 'rtadvd', 'r', 'em0', '--prefix', '2001:db8:1::/64', '--router-lifetime', '900');
  run('rtsol', 'em0');
  const second = run('sim', 'show').split('\n')[0];
  assert.notEqual(second, first, 'the clock moved on to a new advertisement');
  assert.match(run('ndp', '-rn'), /fe80::5054:ff:fe00:1%em0 if=em0, flags=, pref=medium, expire=15m0s\n$/);
});

test('rtsol sets up every interface before it solicits on any: one it cannot take sends nothing', () => {
  const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-rtsol-')), 'state.json');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, IP6KIT_STATE: state } });
  assert.equal(run('sim', 'init').status, 0);
  const before = fs.readFileSync(state, 'utf8');
  for (const [args, message] of [
    [['em0', 'lo0'], /^rtsol: lo0: router advertisements are not accepted here/],
    [['em0', 'em9'], /^rtsol: failed to get link layer information for em9\nrtsol: failed to initialize em9\n$/],
  ] as const) {
    const r = run('rtsol', ...args);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.equal(fs.readFileSync(state, 'utf8'), before, `rtsol ${args.join(' ')} changed the world`);
  }
});
