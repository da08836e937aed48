// The state file: concurrency, stale locks, refusal of damaged, foreign and newer files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createWorld, addLink, type World } from '../src/engine/index.js';
import { decode, encode, lock, statePath, transact, StoreError } from '../src/store/index.js';

const fresh = (): World => createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-store-'));
const storeModule = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'store', 'index.js');
const engineModule = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'engine', 'index.js');

test('location: --state, then IP6KIT_STATE, then XDG_STATE_HOME, then ~/.local/state', () => {
  assert.equal(statePath('/x/s.json', { IP6KIT_STATE: '/y' }), '/x/s.json');
  assert.equal(statePath(undefined, { IP6KIT_STATE: '/y/s.json', XDG_STATE_HOME: '/z' }), '/y/s.json');
  assert.equal(statePath(undefined, { XDG_STATE_HOME: '/z' }), '/z/ip6kit/state.json');
  assert.equal(statePath(undefined, { HOME: '/h' }), '/h/.local/state/ip6kit/state.json');
});

test('50 concurrent processes each adding one link lose none', async () => {
  const file = path.join(tmp(), 'state.json');
  transact(file, fresh, () => undefined);
  const script = `
    const { transact } = await import(${JSON.stringify(storeModule)});
    const { addLink } = await import(${JSON.stringify(engineModule)});
    transact(process.argv[1], () => { throw new Error('no file'); }, (w) => addLink(w, 'l' + process.argv[2]));`;
  const runs = Array.from({ length: 50 }, (_, i) =>
    new Promise<number>((resolve) => spawn(process.execPath, ['--input-type=module', '-e', script, file, String(i)], { stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1))));
  assert.deepEqual(await Promise.all(runs), new Array(50).fill(0));
  const w = decode(file, fs.readFileSync(file, 'utf8'));
  for (let i = 0; i < 50; i++) assert.ok(w.links.some((l) => l.name === `l${i}`), `l${i} lost`);
  assert.ok(!fs.existsSync(`${file}.lock`));
});

test('a stale lock (dead holder) is recovered', () => {
  const file = path.join(tmp(), 'state.json');
  fs.writeFileSync(`${file}.lock`, `999999999 ${os.hostname()}\n`);
  transact(file, fresh, (w) => addLink(w, 'after'));
  assert.ok(decode(file, fs.readFileSync(file, 'utf8')).links.some((l) => l.name === 'after'));
});

test('a live lock is waited for, not broken', async () => {
  const file = path.join(tmp(), 'state.json');
  const release = lock(file);
  // Two processes contend for a real lock file, so the release must come on the wall clock.
  setTimeout(release, 200);
  const started = Date.now();
  // Another process must wait until the release.
  const code = await new Promise<number>((resolve) =>
    spawn(process.execPath, ['--input-type=module', '-e', `const { lock } = await import(${JSON.stringify(storeModule)}); lock(process.argv[1])();`, file], { stdio: 'inherit' }).on('exit', (c) => resolve(c ?? 1)));
  assert.equal(code, 0);
  assert.ok(Date.now() - started >= 150);
});

function refused(text: string, pattern: RegExp): void {
  const file = path.join(tmp(), 'state.json');
  fs.writeFileSync(file, text);
  assert.throws(() => transact(file, fresh, (w) => addLink(w, 'x')), (e: Error) => e instanceof StoreError && pattern.test(e.message));
  assert.equal(fs.readFileSync(file, 'utf8'), text);
  assert.ok(!fs.existsSync(`${file}.lock`));
}

test('damaged, foreign and newer files are refused and left exactly as they were', () => {
  const good = encode(fresh());
  refused(good.slice(0, good.length / 2), /is damaged/);
  refused('{"hello": "world"}\n', /is not an ip6kit state file/);
  refused('', /is damaged/);
  refused(good.replace('"schemaVersion":1', '"schemaVersion":99'), /schemaVersion 99 is newer/);
  refused(good.replace('"nodes":', '"nodez":'), /missing nodes/);
});

test('a failing operation saves nothing', () => {
  const file = path.join(tmp(), 'state.json');
  transact(file, fresh, () => undefined);
  const before = fs.readFileSync(file, 'utf8');
  assert.throws(() => transact(file, fresh, (w) => {
    addLink(w, 'half');
    throw new Error('boom');
  }));
  assert.equal(fs.readFileSync(file, 'utf8'), before);
});
