// Route-table integrity (issue 10): every table operation against a brute-force oracle on both
// sides of the 1,024-route inline limit and across compactions, through the store (each step a
// transaction that saves and reloads); and every kind of file damage refused, files unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { createWorld, findNode, RTF, type World } from '../src/engine/index.js';
import { transact, StoreError } from '../src/store/index.js';
import { staticRoute } from './helpers.js';

const fresh = (): World => createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-integrity-'));

const route = staticRoute;
const keyOf = (i: number): { dst: string; plen: number; zone: number } => ({ dst: route(i).dst, plen: 64, zone: 0 });

type Op = { op: 'add' | 'change' | 'delete' | 'get'; i: number } | { op: 'bulk'; from: number; n: number };

/** The same operations on a Map: what route add/change/delete/get must answer. */
function runOracle(ops: Op[], universe: number): void {
  const file = path.join(tmp(), 'state.json');
  const oracle = new Map<number, number>();
  const stock = transact(file, fresh, (w) => [...findNode(w, 'host').rib.entries()].length);
  for (const o of ops) {
    const got = transact(file, fresh, (w) => {
      const rib = findNode(w, 'host').rib;
      switch (o.op) {
        case 'bulk':
          for (let i = o.from; i < o.from + o.n; i++) rib.set(route(i + universe));
          return null;
        case 'add':
          if (rib.get(keyOf(o.i))) return 'EEXIST';
          rib.set(route(o.i));
          return 'ok';
        case 'change': {
          const r = rib.get(keyOf(o.i));
          if (!r) return 'ESRCH';
          rib.set({ ...r, mtu: r.mtu + 1 });
          return 'ok';
        }
        case 'delete':
          return rib.delete(keyOf(o.i)) ? 'ok' : 'ESRCH';
        case 'get':
          return rib.get(keyOf(o.i))?.mtu ?? 'ESRCH';
      }
    });
    let want: string | number | null = null;
    if (o.op === 'bulk') for (let i = o.from; i < o.from + o.n; i++) oracle.set(i + universe, 0);
    else if (o.op === 'add') {
      want = oracle.has(o.i) ? 'EEXIST' : 'ok';
      if (want === 'ok') oracle.set(o.i, 0);
    } else if (o.op === 'change') {
      const mtu = oracle.get(o.i);
      want = mtu === undefined ? 'ESRCH' : 'ok';
      if (mtu !== undefined) oracle.set(o.i, mtu + 1);
    } else if (o.op === 'delete') want = oracle.delete(o.i) ? 'ok' : 'ESRCH';
    else want = oracle.get(o.i) ?? 'ESRCH';
    assert.equal(got, want, `${JSON.stringify(o)}`);
  }
  // The whole table, listed after a fresh load, is the oracle's plus the stock routes.
  const listed = transact(file, fresh, (w) =>
    [...findNode(w, 'host').rib.entries()].filter(
      (r) => r.flags & RTF.STATIC && r.gateway && 'addr' in r.gateway && r.gateway.addr === 'fe80::1',
    ),
  );
  assert.equal(listed.length, oracle.size);
  const total = transact(file, fresh, (w) => findNode(w, 'host').rib.size);
  assert.equal(total, oracle.size + stock);
}

const opArb = (universe: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        op: fc.constantFrom('add', 'change', 'delete', 'get' as const),
        i: fc.integer({ min: 0, max: universe - 1 }),
      }) as fc.Arbitrary<Op>,
    },
    // A bulk add pushes the table over the inline limit or past a compaction.
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('bulk' as const),
        from: fc.integer({ min: 0, max: 3000 }),
        n: fc.constantFrom(10, 400, 1100),
      }),
    },
  );

test(
  'add/change/delete/get through the store equal a brute-force oracle, small and large tables, across' + ' compactions',
  () => {
    fc.assert(
      fc.property(fc.array(opArb(40), { minLength: 5, maxLength: 25 }), (ops) => runOracle(ops, 40)),
      { numRuns: 25, seed: 10 },
    );
  },
);

test('the repro of issue 10: a route added to a 1,100-route table is found by exact match', () => {
  runOracle(
    [
      { op: 'bulk', from: 0, n: 1100 },
      { op: 'add', i: 7 },
      { op: 'delete', i: 7 },
      { op: 'add', i: 7 },
      { op: 'add', i: 7 },
      { op: 'change', i: 7 },
      { op: 'get', i: 7 },
    ],
    40,
  );
});

// The corruption matrix: a table of 3,000 routes with a journal, each kind of damage applied to
// a copy, then a command that reads the whole table and one that changes it. Both must be
// refused with the file named, and every file must stay byte-identical.
function bigWorld(routes = 3000): string {
  const file = path.join(tmp(), 'state.json');
  transact(file, fresh, (w) => {
    const rib = findNode(w, 'host').rib;
    for (let i = 0; i < routes; i++) rib.set(route(i + 100));
  });
  for (let k = 0; k < 5; k++) transact(file, fresh, (w) => findNode(w, 'host').rib.set(route(k, 1280)));
  return file;
}

function snapshot(file: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const dir = path.dirname(file);
  for (const d of [dir, `${file}.rib`]) {
    if (!fs.existsSync(d)) continue;
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n);
      if (fs.statSync(p).isFile()) out.set(p, fs.readFileSync(p));
    }
  }
  return out;
}

const damage: Record<string, (file: string, base: string, journal: string) => void> = {
  'base: 40 flipped bytes': (_f, base) => {
    const b = fs.readFileSync(base);
    for (let k = 0; k < 40; k++) b[64 + 200 + ((k * 7919) % (b.length - 300))]! ^= 0x5a;
    fs.writeFileSync(base, b);
  },
  'base: one flipped bit in a record': (_f, base) => {
    const b = fs.readFileSync(base);
    b[b.length - 30]! ^= 1;
    fs.writeFileSync(base, b);
  },
  'base: truncated by whole records': (_f, base) => fs.truncateSync(base, fs.statSync(base).size - 56 * 10),
  'base: truncated mid-record': (_f, base) => fs.truncateSync(base, fs.statSync(base).size - 13),
  'base: emptied': (_f, base) => fs.writeFileSync(base, ''),
  'base: header flipped': (_f, base) => {
    const b = fs.readFileSync(base);
    b[20]! ^= 1;
    fs.writeFileSync(base, b);
  },
  'base: block table flipped': (_f, base) => {
    const b = fs.readFileSync(base);
    b[70]! ^= 1;
    fs.writeFileSync(base, b);
  },
  'base: missing': (_f, base) => fs.rmSync(base),
  'base: replaced by a directory': (_f, base) => {
    fs.rmSync(base);
    fs.mkdirSync(base);
  },
  'base: grown by a record': (_f, base) => fs.appendFileSync(base, Buffer.alloc(56)),
  'journal: entry flipped': (_f, _b, journal) => {
    const b = fs.readFileSync(journal);
    b[64 + 61 + 20]! ^= 0x10;
    fs.writeFileSync(journal, b);
  },
  'journal: truncated by whole entries': (_f, _b, journal) => fs.truncateSync(journal, 64 + 61 * 3),
  'journal: truncated mid-entry': (_f, _b, journal) => fs.truncateSync(journal, 64 + 61 * 4 + 7),
  'journal: header of another generation': (_f, _b, journal) => {
    const b = fs.readFileSync(journal);
    b[16] = 9;
    fs.writeFileSync(journal, b);
  },
  'journal: missing': (_f, _b, journal) => fs.rmSync(journal),
  'journal: emptied': (_f, _b, journal) => fs.writeFileSync(journal, ''),
  'journal: from another table': (f, _b, journal) => {
    const other = bigWorld(3001);
    fs.copyFileSync(path.join(`${other}.rib`, 'host.1.journal'), journal);
    void f;
  },
  'json: journalBytes not a whole entry': (f) =>
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/"journalBytes":\d+/, '"journalBytes":100')),
  'json: journalBytes past the file': (f) =>
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/"journalBytes":\d+/, `"journalBytes":${64 + 61 * 9}`)),
  'json: generation that does not exist': (f) =>
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/"gen":1/, '"gen":2')),
  'json: routes count wrong': (f) =>
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/"routes":\d+,"gen"/, '"routes":17,"gen"')),
  'json: unknown layout': (f) => fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/"layout":1/, '"layout":7')),
  'json: inline table with a bad record': (f) => {
    const text = fs.readFileSync(f, 'utf8');
    const w = JSON.parse(text);
    const small = transact(path.join(tmp(), 's.json'), fresh, (x) => findNode(x, 'host').rib.toJSON());
    const bytes = Buffer.from(small.bytes, 'base64');
    bytes[16] = 200;
    w.nodes[0].rib = { routes: small.routes, bytes: bytes.toString('base64') };
    fs.writeFileSync(f, JSON.stringify(w));
  },
};

for (const [name, apply] of Object.entries(damage)) {
  test(`damage refused, files unchanged: ${name}`, () => {
    const file = bigWorld();
    const dir = `${file}.rib`;
    apply(file, path.join(dir, 'host.1.base'), path.join(dir, 'host.1.journal'));
    const before = snapshot(file);
    const readAll = (): number => transact(file, fresh, (w) => [...findNode(w, 'host').rib.entries()].length);
    const addOne = (): void => transact(file, fresh, (w) => findNode(w, 'host').rib.set(route(99999)));
    const addMany = (): void =>
      transact(file, fresh, (w) => {
        const rib = findNode(w, 'host').rib;
        for (let i = 0; i < 900; i++) rib.set(route(200000 + i));
      });
    for (const run of [readAll, addMany]) {
      assert.throws(run, (e: Error) => {
        assert.ok(
          e instanceof StoreError &&
            /damaged|cannot/.test(e.message) &&
            /left as it is|\.rib|state\.json/.test(e.message),
          `${name}: ${e.stack}`,
        );
        return true;
      });
    }
    // A single add reads only the blocks it bisects: it may succeed where the damage lies
    // elsewhere, but it never turns damage into data: a full read afterwards still refuses.
    try {
      addOne();
    } catch (e) {
      assert.ok(e instanceof StoreError, `${name}: ${(e as Error).stack}`);
      assert.deepEqual(snapshot(file), before, `${name}: files changed`);
    }
    assert.throws(readAll, StoreError);
  });
}
