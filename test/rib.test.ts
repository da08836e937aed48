// The route table: longest-prefix match against a brute-force oracle, both lookup paths, the
// overlay against the base, and the journal replay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Rib, RTF, keyBytes, type Route } from '../src/engine/index.js';
import { applyMask, formatIp6, parseIp6, canonical } from '../src/addr/index.js';
import { encodeBase, openBase, type ReadAt } from '../src/store/ribfile.js';

const route = (dst: string, plen: number, zone = 0, ifindex = 1): Route => ({
  dst: canonical(dst),
  plen,
  zone,
  gateway: { link: ifindex },
  ifindex,
  flags: RTF.UP,
  refs: 0,
  mtu: 0,
  expireAt: null,
});

/** Brute force: the covering route with the longest prefix. */
function oracle(routes: Route[], addr: Uint8Array): Route | null {
  let best: Route | null = null;
  for (const r of routes) {
    const k = keyBytes(r);
    const m = applyMask(addr, r.plen);
    if (k.every((b, i) => b === m[i]) && (!best || r.plen > best.plen)) best = r;
  }
  return best;
}

// Addresses from a few clustered prefixes, so that random routes nest and collide. Bytes 2-3 of
// a link-local key hold its zone (KAME's embedded form), so they stay 0 here.
const addrArb = fc
  .tuple(
    fc.constantFrom(0x2001, 0x2001, 0xfe80, 0x0000, 0xffff),
    fc.constantFrom(0x0db8, 0x0db9, 0),
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 14, maxLength: 14 }),
  )
  .map(([a, b, rest]) =>
    Uint8Array.from([a >> 8, a & 0xff, a === 0xfe80 ? 0 : b >> 8, a === 0xfe80 ? 0 : b & 0xff, ...rest.slice(0, 12)]),
  );
const routeArb = fc
  .tuple(addrArb, fc.integer({ min: 0, max: 128 }), fc.integer({ min: 1, max: 9 }))
  .map(([a, plen, i]) => route(formatIp6(applyMask(a, plen)), plen, 0, i));

const key = (r: Route | null): string => (r ? `${r.dst}/${r.plen} ${r.ifindex}` : 'none');

test('LPM equals brute force, before and after compaction, with deletions in the overlay', () => {
  fc.assert(
    fc.property(
      fc.array(routeArb, { maxLength: 60 }),
      fc.array(routeArb, { maxLength: 20 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      fc.array(addrArb, { minLength: 1, maxLength: 30 }),
      (baseRoutes, later, deletions, queries) => {
        const rib = Rib.empty();
        for (const r of baseRoutes) rib.set(r);
        rib.compact();
        for (const r of later) rib.set(r);
        const live = new Map<string, Route>();
        for (const r of [...baseRoutes, ...later]) live.set(`${r.dst}/${r.plen}`, r);
        for (const d of deletions) {
          const victim = [...live.values()][d % Math.max(1, live.size)];
          if (victim) {
            assert.ok(rib.delete(victim));
            live.delete(`${victim.dst}/${victim.plen}`);
          }
        }
        const all = [...live.values()];
        assert.equal(rib.size, all.length);
        const compiled = rib.compile();
        for (const q of queries) {
          const want = key(oracle(all, q));
          assert.equal(key(rib.lookup(q)), want, `lookup ${formatIp6(q)}`);
          assert.equal(key(compiled.lookup(q)), want, `compiled ${formatIp6(q)}`);
        }
        // entries() is sorted and agrees with a compacted copy
        const listed = [...rib.entries()].map(key);
        rib.compact();
        assert.deepEqual([...rib.entries()].map(key), listed);
      },
    ),
    { numRuns: 300 },
  );
});

test('scoped keys: fe80::%1/64 and fe80::%2/64 are different routes; an unscoped /10 covers both', () => {
  const rib = Rib.empty();
  rib.set(route('fe80::', 64, 1, 1));
  rib.set(route('fe80::', 64, 2, 2));
  rib.set(route('fe80::', 10, 0, 2));
  const q = (zone: number): Uint8Array => {
    const a = parseIp6('fe80::1');
    a[3] = zone;
    return a;
  };
  assert.equal(key(rib.lookup(q(1))), 'fe80::/64 1');
  assert.equal(key(rib.lookup(q(2))), 'fe80::/64 2');
  assert.equal(key(rib.lookup(q(3))), 'fe80::/10 2');
  assert.deepEqual(
    [...rib.entries()].map((r) => `${r.dst}/${r.plen}%${r.zone}`),
    ['fe80::/10%0', 'fe80::/64%1', 'fe80::/64%2'],
  );
});

test('only link-local and interface/link-scope multicast keys carry a zone; reserved scope 0 is global', () => {
  const rib = Rib.empty();
  rib.set(route('ff02::', 16, 3, 3));
  rib.set(route('ff00:1234::', 32, 0, 1));
  rib.set(route('ff0e:1:2::', 48, 0, 1));
  assert.deepEqual(
    [...rib.entries()].map((r) => `${r.dst}/${r.plen}%${r.zone}`),
    ['ff00:1234::/32%0', 'ff02::/16%3', 'ff0e:1:2::/48%0'],
  );
  // Replayed from the journal and compacted into a base, the keys come back unchanged.
  const again = Rib.fromBytes(new Uint8Array(0), rib.takeJournal());
  assert.deepEqual([...again.entries()], [...rib.entries()]);
  again.compact();
  assert.deepEqual([...Rib.fromBytes(again.bytes()).entries()], [...rib.entries()]);
});

test('the journal replays to the same table; records round-trip every field', () => {
  const rib = Rib.empty();
  const r: Route = {
    dst: canonical('2001:db8::'),
    plen: 48,
    zone: 0,
    gateway: { addr: canonical('fe80::2'), zone: 3 },
    ifindex: 3,
    flags: RTF.UP | RTF.GATEWAY | RTF.STATIC,
    refs: 0,
    mtu: 1400,
    expireAt: 12345,
  };
  rib.set(route('::', 0));
  rib.set(r);
  rib.delete({ dst: '::', plen: 0, zone: 0 });
  const replayed = Rib.fromBytes(new Uint8Array(0), rib.takeJournal());
  assert.deepEqual([...replayed.entries()], [r]);
  assert.deepEqual(replayed.get({ dst: '2001:db8::', plen: 48, zone: 0 }), r);
});

test('a base file is read by the blocks a lookup visits; a scan reads it once, in runs as it goes', () => {
  const table = Rib.empty();
  for (let i = 0; i < 20_000; i++)
    table.set(route(`2001:db8:${(i >> 8).toString(16)}:${(i & 0xff).toString(16)}::`, 64));
  table.compact();
  const file = encodeBase(table.bytes(), 1);
  let read = 0;
  let requests = 0;
  const readAt: ReadAt = (buf, offset, length, position) => {
    buf.set(file.subarray(position, position + length), offset);
    read += length;
    requests++;
  };
  // As the store opens a table: nothing is read until the table is first used.
  const lazy = (): Rib =>
    Rib.lazy(() => {
      const base = openBase(readAt, file.length, 1);
      return {
        base: base.records,
        journal: new Uint8Array(0),
        lengths: base.lengths,
        check: base.check,
        prefetch: base.prefetch,
      };
    });
  const rib = lazy();
  const hit = rib.lookup(parseIp6('2001:db8:4e:1f::7'));
  assert.equal(key(hit), '2001:db8:4e:1f::/64 1');
  assert.equal(key(rib.lookup(parseIp6('2001:db9::1'))), 'none');
  // Header, block table and the blocks two bisections visit: a few percent of the file.
  assert.ok(read < file.length / 20, `read ${read} of ${file.length} bytes`);
  const scan = lazy();
  read = 0;
  requests = 0;
  assert.equal([...scan.entries()].length, 20_000);
  // Header, block table, then the 313 blocks in runs of 4, 8, ..., 128, then the last 61: each byte once.
  assert.deepEqual([requests, read], [2 + 7, file.length]);
  // A scan cut short (netstat -rn | head) reads the first run only.
  read = 0;
  let n = 0;
  for (const _ of lazy().entries()) if (++n === 10) break;
  assert.ok(read < file.length * 0.85, `read ${read} of ${file.length} bytes`);
  // A damaged block is found when it is first read, by lookup or scan alike.
  file[file.length - 10] = (file[file.length - 10] as number) ^ 1;
  assert.throws(() => [...lazy().entries()], /fail their checksum/);
  assert.equal(key(lazy().lookup(parseIp6('2001:db8::1'))), '2001:db8::/64 1');
});
