// Listings made as they are read (issue 18): netstat -rn's text and JSON, ndp -a and ifconfig -a
// come out in pieces with exactly the bytes of the whole, and a reader that stops early (| head)
// ends the command quietly and early.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonText, jsonTextStream } from '../src/render/json.js';
import { netstatRoutesJsonPieces } from '../src/render/route.js';
import type { RouteView } from '../src/views/index.js';
import { canonical } from '../src/addr/index.js';
import { cloneCreate, createWorld, findIface, findNode, RTF, setStaticNeighbor } from '../src/engine/index.js';
import { transact } from '../src/store/index.js';
import { staticRoute } from './helpers.js';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ip6kit');

test('a document streamed around one of its arrays has the bytes of the whole', () => {
  const shape = (items: unknown[]) => ({ a: { b: [{ name: 'x', list: items }] }, after: true });
  const lists: unknown[][] = [[], [1], [{ p: 1, q: [2, 3] }, 'two', { r: { s: null } }]];
  for (const items of lists) {
    assert.equal([...jsonTextStream(shape, items, (x) => x)].join(''), jsonText(shape(items)));
  }
});

test('netstat -rn --json in pieces is the pretty-printed document, empty or not', () => {
  const view = (i: number): RouteView => ({
    dst: `2001:db8:${i}::`,
    plen: 64,
    dstZone: null,
    gateway: { kind: 'addr', addr: 'fe80::1', zone: 'em0' },
    flags: RTF.UP | RTF.GATEWAY | RTF.STATIC,
    ifname: 'em0',
    expire: i === 2 ? 30 : null,
    mtu: 1500,
    weight: 1,
  });
  for (const n of [0, 1, 3]) {
    const text = [...netstatRoutesJsonPieces(Array.from({ length: n }, (_, i) => view(i)))].join('');
    assert.equal(text, jsonText(JSON.parse(text)));
    assert.equal(JSON.parse(text).statistics['route-information']['route-table']['rt-family'][0]['rt-entry'].length, n);
  }
});

test('netstat -rn on 20,000 routes: the whole table, and | head -5 ends quietly', () => {
  const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-listing-')), 'state.json');
  transact(
    state,
    () => createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 }),
    (w) => {
      const rib = findNode(w, 'host').rib;
      for (let i = 0; i < 20_000; i++) rib.set(staticRoute(i));
    },
  );
  const env = { ...process.env, IP6KIT_STATE: state };
  const all = spawnSync(process.execPath, [bin, 'netstat', '-rn'], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(all.status, 0, all.stderr);
  assert.equal(all.stdout.split('\n').filter((l) => l.startsWith('2001:db8:')).length, 20_000);
  // bash's pipefail: the status of netstat itself, which must be 0 when its reader goes away.
  const head = spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" netstat -rn | head -5`], {
    env,
    encoding: 'utf8',
  });
  assert.deepEqual([head.status, head.stderr], [0, '']);
  assert.equal(head.stdout.split('\n').length, 6, head.stdout);
  const json = spawnSync(process.execPath, [bin, '--json', 'netstat', '-rn'], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  assert.equal(json.status, 0, json.stderr);
  assert.equal(json.stdout, jsonText(JSON.parse(json.stdout)));
});

test('ndp -an on 5,000 neighbours and ifconfig -a on 2,000 interfaces: whole, and | head ends quietly', () => {
  const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-listing-')), 'state.json');
  transact(
    state,
    () => createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 }),
    (w) => {
      const host = findNode(w, 'host');
      const em0 = findIface(host, 'em0');
      for (let i = 0; i < 5_000; i++) {
        const hex = (b: number): string => b.toString(16).padStart(2, '0');
        const mac = `52:54:00:00:${hex((i >> 8) & 0xff)}:${hex(i & 0xff)}`;
        setStaticNeighbor(w, host, em0, canonical(`2001:db8::${(i + 1).toString(16)}`), mac, false, null);
      }
      for (let i = 0; i < 2_000; i++) cloneCreate(w, host, 'bridge');
    },
  );
  const env = { ...process.env, IP6KIT_STATE: state };
  const run = (args: string): { status: number | null; stdout: string; stderr: string } =>
    spawnSync('bash', ['-o', 'pipefail', '-c', `"${process.execPath}" "${bin}" ${args}`], {
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
  const ndp = run('ndp -an');
  assert.equal(ndp.status, 0, ndp.stderr);
  assert.equal(ndp.stdout.split('\n').filter((l) => l.startsWith('2001:db8::')).length, 5_000);
  const ifc = run('ifconfig -a');
  assert.equal(ifc.status, 0, ifc.stderr);
  assert.equal(ifc.stdout.split('\n').filter((l) => /^bridge\d+: /.test(l)).length, 2_000);
  for (const cmd of ['ndp -an | head -3', 'ifconfig -a | head -3']) {
    const head = run(cmd);
    assert.deepEqual([head.status, head.stderr, head.stdout.split('\n').length], [0, '', 4], cmd);
  }
});
