// Long virtual runs (issue 11): the world's size depends on what exists, never on how long it
// ran. On the virtual clock, no sleeping; the interrupt test runs the binary.
import { canonical } from '../src/addr/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as E from '../src/engine/index.js';
import { encode } from '../src/store/index.js';

/** A router and `hosts` hosts on lan0; the router advertises 2001:db8:1::/64 with these lifetimes. */
function link(hosts: number, o: { pltime: number; vltime: number; tempaddr: boolean }): E.World {
  const w = E.createWorld({ clock: 'virtual', seed: 7, bare: false, wallNow: 0 });
  const r = E.addNode(w, 'r', { hostname: 'r', router: true, bare: false });
  E.attach(w, 'r', 'em0', 'lan0', '52:54:00:00:00:01');
  E.findNode(w, 'host').knobs.use_tempaddr = o.tempaddr ? 1 : 0;
  for (let i = 1; i < hosts; i++) {
    E.addNode(w, `h${i}`, { hostname: `h${i}`, router: false, bare: false }).knobs.use_tempaddr = o.tempaddr ? 1 : 0;
    E.attach(w, `h${i}`, 'em0', 'lan0', null);
  }
  E.settle(w);
  E.configureRtadv(w, r, E.findIface(r, 'em0'), {
    prefixes: [
      {
        prefix: canonical('2001:db8:1::'),
        plen: 64,
        onlink: true,
        autonomous: true,
        vltime: o.vltime,
        pltime: o.pltime,
      },
    ],
    ...E.RTADV_DEFAULTS,
  });
  return w;
}

const HOUR = 3_600_000;

test('a routed 8-host link: 24 more virtual hours leave the state within 1.5x of its size after the first hour', () => {
  const w = link(8, { pltime: 604800, vltime: 2592000, tempaddr: false });
  const start = w.clock.now;
  E.advance(w, start + HOUR);
  const first = encode(w).length;
  const timers = w.timers.length;
  for (let h = 2; h <= 25; h++) E.advance(w, start + h * HOUR);
  const later = encode(w).length;
  assert.ok(later <= first * 1.5, `${first} -> ${later} bytes`);
  assert.ok(w.timers.length <= timers * 1.5, `${timers} -> ${w.timers.length} timers`);
});

test('40 hosts with temporaries and short router lifetimes: a virtual day, bounded timers and addresses', () => {
  const w = link(40, { pltime: 600, vltime: 1200, tempaddr: true });
  const start = w.clock.now;
  E.advance(w, start + HOUR);
  const timers = w.timers.length;
  const bytes = encode(w).length;
  E.advance(w, start + 25 * HOUR);
  assert.ok(w.timers.length <= timers * 1.5, `${timers} -> ${w.timers.length} timers`);
  assert.ok(encode(w).length <= bytes * 1.5);
  for (const n of w.nodes.filter((x) => x.name !== 'r')) {
    const temps = E.findIface(n, 'em0').addrs.filter((a) => a.flags & E.IN6_IFF.TEMPORARY);
    assert.ok(temps.length >= 1 && temps.length <= 3, `${n.name}: ${temps.length} temporaries after a day`);
  }
});

test('a keyed timer is replaced, not added: one pending per owner and purpose', () => {
  const w = link(2, { pltime: 604800, vltime: 2592000, tempaddr: false });
  E.advance(w, w.clock.now + 5 * HOUR);
  const keys = w.timers
    .filter((t) => t.kind !== 'deliver' && t.kind !== 'loop')
    .map((t) => JSON.stringify({ ...t, at: 0, seq: 0, gen: 0 }));
  assert.equal(new Set(keys).size, keys.length, 'no two pending timers with the same owner and purpose');
});

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ip6kit');

test('Ctrl-C during sim advance saves the virtual time reached and exits 130', async () => {
  const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-int-')), 'state.json');
  const env = { ...process.env, IP6KIT_STATE: state };
  const run = (...args: string[]): string => {
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  run('sim', 'init');
  run('sim', 'node', 'add', 'r', '--router');
  run('sim', 'attach', 'r', 'em0', 'lan0', '--lladdr', '52:54:00:00:00:01');
  for (let i = 1; i <= 12; i++) run('sim', 'node', 'add', `h${i}`);
  for (let i = 1; i <= 12; i++) run('sim', 'attach', `h${i}`, 'em0', 'lan0');
  run('sim', 'rtadvd', 'r', 'em0', '--prefix', '2001:db8:1::/64', '--interval', '3:4');
  const before = Number(/^clock: virtual (\d+(?:\.\d+)?)s/.exec(run('sim', 'show'))?.[1]);
  const child = spawn(process.execPath, [bin, 'sim', 'advance', '366d'], { env });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  // Interrupt once it holds the state lock: its SIGINT handler is in place by then, and a year of
  // 3-second advertisements is far from done.
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (!fs.existsSync(`${state}.lock`)) return;
      w.close();
      resolve();
    };
    const w = fs.watch(path.dirname(state), check);
    check();
  });
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, 130);
  const m = /^clock: (\d+(?:\.\d+)?)s \(interrupted\)\n$/.exec(out);
  assert.ok(m, out);
  const reached = Number(m[1]);
  assert.ok(reached >= before && reached < before + 366 * 86400, `${reached}`);
  // what it reached is what was saved, and the world goes on from there
  assert.equal(run('sim', 'show').split('\n')[0], `clock: virtual ${m[1]}s`);
  assert.match(run('sim', 'advance', '1s'), /^clock: \d+(\.\d+)?s\n$/);
});
