// bin/ip6kit picks a tool's own bundle from its arguments (docs/startup.md); where global
// options hide which tool runs, the bundle it picked hands the command to the whole toolkit, so
// the choice only ever costs time, never a different answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ip6kitBinary as ip6kit } from './helpers.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('every tool has its own bundle and code cache, and runs from them', () => {
  for (const m of [
    'ifconfig',
    'ndp',
    'route',
    'netstat',
    'ifmcstat',
    'ip6addrctl',
    'ping6',
    'rtsol',
    'sysctl',
    'sim',
  ]) {
    assert.ok(fs.existsSync(path.join(root, 'dist', 'tools', `${m}.cjs`)), `${m} bundle`);
    assert.ok(fs.existsSync(path.join(root, 'dist', 'cache', `${m}.v8`)), `${m} cache`);
  }
  const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-launcher-')), 'state.json');
  for (const args of [
    ['ifconfig', 'lo0'],
    ['ndp', '-an'],
    ['netstat', '-rn'],
    ['ip6addrctl'],
    ['ifmcstat', '-i', 'lo0'],
  ]) {
    const r = ip6kit(state, args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    assert.notEqual(r.out, '');
  }
});

test('a tool hidden behind a global option runs through the whole toolkit, with the same answer', () => {
  const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-launcher-')), 'state.json');
  assert.equal(ip6kit(state, ['sim', 'init']).code, 0);
  // A node named like a tool: the launcher takes the first tool word, 'ifconfig', but the
  // dispatcher reads it as -N's value and runs ndp.
  assert.equal(ip6kit(state, ['sim', 'node', 'add', 'ifconfig']).code, 0);
  const hidden = ip6kit(state, ['-N', 'ifconfig', 'netstat', '-rn']);
  const plain = ip6kit(state, ['netstat', '-rn', '--node=ifconfig']);
  assert.equal(hidden.code, 0, hidden.err);
  assert.equal(hidden.err, '');
  assert.equal(hidden.out, plain.out);
  assert.match(hidden.out, /^Routing tables\n/);
  // And a refused command keeps its output, message and exit status through the hand-over.
  const bad = ip6kit(state, ['-N', 'ifconfig', 'ndp', '-s', 'nothing']);
  assert.deepEqual(bad, ip6kit(state, ['ndp', '-N', 'ifconfig', '-s', 'nothing']));
  assert.equal(bad.code, 1);
});
