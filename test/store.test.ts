// The state file: concurrency, stale locks, refusal of damaged, foreign and newer files.
import { canonical } from '../src/addr/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createWorld,
  addLink,
  advance,
  findIface,
  findNode,
  ip6Output,
  SCHEMA_VERSION,
  RTF,
  type World,
} from '../src/engine/index.js';
import { decode, encode, lock, statePath, transact, StoreError } from '../src/store/index.js';
import { staticRoute } from './helpers.js';

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
  const runs = Array.from(
    { length: 50 },
    (_, i) =>
      new Promise<number>((resolve) =>
        spawn(process.execPath, ['--input-type=module', '-e', script, file, String(i)], { stdio: 'inherit' }).on(
          'exit',
          (c) => resolve(c ?? 1),
        ),
      ),
  );
  assert.deepEqual(await Promise.all(runs), new Array(50).fill(0));
  const w = decode(file, fs.readFileSync(file, 'utf8'));
  for (let i = 0; i < 50; i++)
    assert.ok(
      w.links.some((l) => l.name === `l${i}`),
      `l${i} lost`,
    );
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
    spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { lock } = await import(${JSON.stringify(storeModule)}); lock(process.argv[1])();`,
        file,
      ],
      { stdio: 'inherit' },
    ).on('exit', (c) => resolve(c ?? 1)),
  );
  assert.equal(code, 0);
  assert.ok(Date.now() - started >= 150);
});

function refused(text: string, pattern: RegExp): void {
  const file = path.join(tmp(), 'state.json');
  fs.writeFileSync(file, text);
  assert.throws(
    () => transact(file, fresh, (w) => addLink(w, 'x')),
    (e: Error) => e instanceof StoreError && pattern.test(e.message),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), text);
  assert.ok(!fs.existsSync(`${file}.lock`));
}

test('damaged, foreign and newer files are refused and left exactly as they were', () => {
  const good = encode(fresh());
  refused(good.slice(0, good.length / 2), /is damaged/);
  refused('{"hello": "world"}\n', /is not an ip6kit state file/);
  refused('', /is damaged/);
  refused(good.replace(`"schemaVersion":${SCHEMA_VERSION}`, '"schemaVersion":99'), /schemaVersion 99 is newer/);
  refused(good.replace('"nodes":', '"nodez":'), /damaged \(\$\.nodes: an array expected, found nothing\)/);
  // The engine compares addresses as text: another spelling of ::1 would be another address.
  assert.ok(good.includes('"addr":"::1"'));
  refused(
    good.replace('"addr":"::1"', '"addr":"0::1"'),
    /addrs\[\d+\]\.addr: an IPv6 address in canonical form expected, found string "0::1"/,
  );
  refused(good.replace('"addr":"::1"', '"addr":"::1%lo0"'), /canonical form expected, found string "::1%lo0"/);
});

test('a failing operation saves nothing', () => {
  const file = path.join(tmp(), 'state.json');
  transact(file, fresh, () => undefined);
  const before = fs.readFileSync(file, 'utf8');
  assert.throws(() =>
    transact(file, fresh, (w) => {
      addLink(w, 'half');
      throw new Error('boom');
    }),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), before);
});

test('a large route table lives beside the JSON: appends a journal, compacts, ignores uncommitted bytes', () => {
  const file = path.join(tmp(), 'state.json');
  transact(file, fresh, (w) => {
    const rib = findNode(w, 'host').rib;
    for (let i = 0; i < 3000; i++) rib.set(staticRoute(i));
  });
  const dir = `${file}.rib`;
  assert.deepEqual(fs.readdirSync(dir).sort(), ['host.1.base', 'host.1.journal']);
  // The JSON does not grow with the table: about the size of the same world without the routes.
  const empty = path.join(tmp(), 'empty.json');
  transact(empty, fresh, () => undefined);
  assert.ok(fs.statSync(file).size < fs.statSync(empty).size + 256, 'the JSON stays small');
  // one change appends one journal entry and leaves the base alone
  const baseBefore = fs.statSync(path.join(dir, 'host.1.base')).mtimeMs;
  transact(file, fresh, (w) => findNode(w, 'host').rib.set(staticRoute(5000)));
  // a 64-byte header, then entries of op, record and CRC-32C
  assert.equal(fs.statSync(path.join(dir, 'host.1.journal')).size, 64 + 61);
  assert.equal(fs.statSync(path.join(dir, 'host.1.base')).mtimeMs, baseBefore);
  // a crash after an append but before the JSON rename: the extra bytes are not part of the table
  fs.appendFileSync(path.join(dir, 'host.1.journal'), Buffer.alloc(61, 1));
  const n = transact(file, fresh, (w) => findNode(w, 'host').rib.size);
  assert.equal(n, 3000 + 1 + 9);
  transact(file, fresh, (w) => findNode(w, 'host').rib.delete({ dst: '2001:db8:0:1::', plen: 64, zone: 0 }));
  assert.equal(fs.statSync(path.join(dir, 'host.1.journal')).size, 64 + 2 * 61);
  // many changes: a new generation, the old files go
  transact(file, fresh, (w) => {
    const rib = findNode(w, 'host').rib;
    for (let i = 10000; i < 11000; i++) rib.set(staticRoute(i));
  });
  assert.deepEqual(fs.readdirSync(dir).sort(), ['host.2.base', 'host.2.journal']);
  const routes = transact(file, fresh, (w) => [...findNode(w, 'host').rib.entries()]);
  assert.equal(routes.length, 3000 + 1 + 9 - 1 + 1000);
  assert.ok(!routes.some((r) => r.dst === '2001:db8:0:1::'));
  // shrinking back under the inline limit removes the files
  transact(file, fresh, (w) => {
    const rib = findNode(w, 'host').rib;
    for (const r of [...rib.entries()]) if (r.refs === 0 && r.flags & RTF.GATEWAY) rib.delete(r);
  });
  assert.ok(!fs.existsSync(dir));
});

test('a damaged table file is refused, not replaced', () => {
  const file = path.join(tmp(), 'state.json');
  transact(file, fresh, (w) => {
    const rib = findNode(w, 'host').rib;
    for (let i = 0; i < 2000; i++) rib.set(staticRoute(i));
  });
  fs.truncateSync(path.join(`${file}.rib`, 'host.1.base'), 100);
  const text = fs.readFileSync(file, 'utf8');
  assert.throws(() => transact(file, fresh, (w) => findNode(w, 'host').rib.size), /route table|record size/);
  assert.equal(fs.readFileSync(file, 'utf8'), text);
});

test('schemaVersion 1 (routes as a JSON array) is migrated', () => {
  const v1 = {
    format: 'ip6kit-state',
    schemaVersion: 1,
    clock: { mode: 'virtual', now: 0, wallOrigin: 0 },
    seed: 1,
    rng: 1,
    seq: 1,
    timers: [],
    links: [],
    nodes: [
      {
        name: 'h',
        hostname: 'h',
        knobs: {
          forwarding: false,
          accept_rtadv: false,
          auto_linklocal: true,
          dad_count: 1,
          use_tempaddr: false,
          prefer_tempaddr: false,
        },
        ifaces: [],
        nextIndex: 3,
        policy: [],
        log: [],
        routes: [
          {
            dst: 'fe80::',
            plen: 10,
            zone: 2,
            gateway: { addr: '::1', zone: 0 },
            ifindex: 2,
            flags: RTF.UP | RTF.REJECT | RTF.STATIC,
            refs: 1,
            expireAt: null,
          },
          {
            dst: '::1',
            plen: 128,
            zone: 0,
            gateway: { link: 2 },
            ifindex: 2,
            flags: RTF.UP | RTF.HOST | RTF.STATIC,
            refs: 1,
            expireAt: null,
          },
        ],
      },
    ],
  };
  const w = decode('x', JSON.stringify(v1));
  assert.equal(w.schemaVersion, SCHEMA_VERSION);
  const routes = [...(w.nodes[0] as World['nodes'][number]).rib.entries()];
  assert.deepEqual(
    routes.map((r) => [r.dst, r.plen, r.zone, r.refs, r.mtu]),
    [
      ['::1', 128, 0, 1, 0],
      ['fe80::', 10, 0, 0, 0],
    ],
  );
});

test(
  'a state file session 1 wrote (schema 1, DAD in progress) loads, runs on, and is saved as the current' + ' schema',
  () => {
    const fixture = path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      '..',
      '..',
      'test',
      'fixtures',
      'v1-state.json',
    );
    const file = path.join(tmp(), 'state.json');
    fs.copyFileSync(fixture, file);
    const result = transact(file, fresh, (w) => {
      advance(w, w.clock.now + 2000);
      const peer = findNode(w, 'peer');
      const em0 = findIface(peer, 'em0');
      const a = em0.addrs.find((x) => x.addr === '2001:db8::2');
      // the world works on: the peer can reach the host through ND
      peer.sockets.push({ ident: 1, rx: [] });
      ip6Output(w, peer, {
        src: canonical('2001:db8::2'),
        dst: canonical('2001:db8::1'),
        hlim: 64,
        body: { type: 'ECHO', ident: 1, seq: 0, size: 56, sentAt: w.clock.now },
      });
      advance(w, w.clock.now + 10);
      return {
        flags: a?.flags,
        prefix: peer.rib.get({ dst: '2001:db8::', plen: 64, zone: 0 }) !== null,
        replies: peer.sockets[0]?.rx.length,
      };
    });
    assert.deepEqual(result, { flags: 0, prefix: true, replies: 1 });
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`"schemaVersion":${SCHEMA_VERSION}`));
  },
);
