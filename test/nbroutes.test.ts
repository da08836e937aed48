// NetBSD's routing table under the netbsd profile (backend/nbroutes.ts): what the pre-lltable
// kernel holds for the world's addresses, neighbours and routes, in radix order, and RTM_GET's
// lookup, checked against a brute-force reading of the keys as 128-bit numbers; and ndp's
// listing of the same LLINFO routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addrRequest, ip6kitIn } from './helpers.js';
import * as E from '../src/engine/index.js';
import { netbsdLookup, netbsdRouteViews } from '../src/backend/nbroutes.js';
import { decode, encode } from '../src/store/index.js';
import { canonical, parseIp6, prefixOf } from '../src/addr/index.js';
import { NB_RTF } from '../src/flags.js';
import type { NbRouteView } from '../src/views/index.js';

function world(): { w: E.World; node: E.Node; em0: E.Iface } {
  const w = E.createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
  E.settle(w);
  const node = E.findNode(w, 'host');
  return { w, node, em0: E.findIface(node, 'em0') };
}

const row = (rows: NbRouteView[], dst: string, plen: number, zone: string | null = null): NbRouteView | undefined =>
  rows.find((r) => r.dst === dst && r.plen === plen && r.dstZone === zone);

/** The key as a number, the zone in bits 96-111 where the kernel embeds it. */
function keyNumber(addr: string, zone: number): bigint {
  const b = parseIp6(addr);
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  const scopedMulticast = b[0] === 0xff && ((b[1] as number) & 0x0f) <= 2;
  const linkLocal = b[0] === 0xfe && ((b[1] as number) & 0xc0) === 0x80;
  return zone && (linkLocal || scopedMulticast) ? n | (BigInt(zone) << 96n) : n;
}

const covers = (key: bigint, plen: number, target: bigint): boolean =>
  plen === 0 || key >> BigInt(128 - plen) === target >> BigInt(128 - plen);

test('an address is routed at once, tentative or not: local route via lo0 with the MAC, cloning prefix', () => {
  const { w, node, em0 } = world();
  E.addAddress(w, node, em0, addrRequest('2001:db8::1'));
  assert.ok(em0.addrs.some((a) => a.addr === '2001:db8::1' && a.flags & E.IN6_IFF.TENTATIVE));
  assert.equal(node.rib.get({ dst: canonical('2001:db8::1'), plen: 128, zone: 0 }) ?? null, null);
  const rows = netbsdRouteViews(node);
  const local = row(rows, '2001:db8::1', 128);
  assert.deepEqual(local?.gateway, { kind: 'mac', mac: em0.lladdr });
  assert.equal(local?.ifname, 'lo0');
  assert.equal(local?.flags, NB_RTF.UP | NB_RTF.HOST | NB_RTF.LLINFO | NB_RTF.LOCAL);
  const prefix = row(rows, '2001:db8::', 64);
  assert.deepEqual(prefix?.gateway, { kind: 'link', index: em0.index });
  assert.equal(prefix?.flags, NB_RTF.UP | NB_RTF.CLONING);
  // The prefix route goes through the ready link-local address (nd6_prefix_onlink).
  assert.equal(prefix?.ifa?.zone, 'em0');
});

test('ff01::/32 and ff02::/32 come with the first address and stay when every address goes', () => {
  const { w, node, em0 } = world();
  const before = netbsdRouteViews(node);
  assert.ok(row(before, 'ff02::', 32, 'em0'));
  assert.ok(row(before, `ff01:${em0.index.toString(16)}::`, 32));
  for (const a of [...em0.addrs]) E.deleteAddress(w, node, em0, a.addr);
  const after = netbsdRouteViews(node);
  assert.deepEqual(row(after, 'ff02::', 32, 'em0'), row(before, 'ff02::', 32, 'em0'));
  assert.equal(after.filter((r) => r.ifname === 'em0' && r.plen === 64).length, 0);
  // On lo0 they go through ::1, the first address it had, and carry lo0's MTU (lortrequest).
  const lo = row(after, 'ff02::', 32, 'lo0');
  assert.deepEqual(lo?.gateway, { kind: 'addr', addr: '::1', zone: null });
  assert.equal(lo?.mtu, E.findIface(node, 'lo0').mtu);
});

test('neighbours are cloned host routes: link#N until resolved, then the MAC; ndp -s is static', () => {
  const { w, node, em0 } = world();
  E.addAddress(w, node, em0, addrRequest('2001:db8::1', { flags: E.IN6_IFF.NODAD }));
  E.setStaticNeighbor(w, node, em0, canonical('2001:db8::77'), '52:54:00:00:00:77', false, null);
  // An echo to an on-link address nobody holds leaves an INCOMPLETE entry.
  node.sockets.push({ ident: 7, rx: [] });
  const body = { type: 'ECHO' as const, ident: 7, seq: 0, size: 56, sentAt: w.clock.now };
  E.ip6Output(w, node, { src: canonical('2001:db8::1'), dst: canonical('2001:db8::2'), hlim: 64, body });
  assert.equal(E.findNeighbor(em0, '2001:db8::2')?.state, 'INCOMPLETE');
  const rows = netbsdRouteViews(node);
  const incomplete = row(rows, '2001:db8::2', 128);
  assert.deepEqual(incomplete?.gateway, { kind: 'link', index: em0.index });
  assert.equal(incomplete?.flags, NB_RTF.UP | NB_RTF.HOST | NB_RTF.LLINFO | NB_RTF.CLONED);
  assert.equal(incomplete?.ifname, 'em0');
  assert.equal(row(rows, '2001:db8::77', 128)?.flags, NB_RTF.UP | NB_RTF.HOST | NB_RTF.LLINFO | NB_RTF.STATIC);
});

test("a state file from before the routes' record takes the first address as their gateway", () => {
  const { w, node } = world();
  const old = JSON.parse(encode(w)) as { nodes: { ifaces: { nbMulti: { routeVia?: unknown } }[] }[] };
  for (const n of old.nodes) for (const i of n.ifaces) delete i.nbMulti.routeVia;
  const loaded = decode('state.json', JSON.stringify(old));
  for (const i of E.findNode(loaded, 'host').ifaces)
    assert.equal(i.nbMulti.routeVia, E.findIface(node, i.name).addrs[0]?.addr ?? null);
});

test('rows come in radix order and RTM_GET finds what a scan of the keys finds', () => {
  const op = fc.oneof(
    fc.record({
      op: fc.constant('addr' as const),
      net: fc.integer({ min: 0, max: 5 }),
      host: fc.integer({ min: 1, max: 3 }),
      plen: fc.constantFrom(48, 64, 127, 128),
    }),
    fc.record({
      op: fc.constant('route' as const),
      net: fc.integer({ min: 0, max: 5 }),
      plen: fc.constantFrom(0, 16, 32, 56, 64, 128),
    }),
    fc.record({ op: fc.constant('del' as const), i: fc.nat(8) }),
  );
  fc.assert(
    fc.property(
      fc.array(op, { maxLength: 12 }),
      fc.array(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), { maxLength: 6 }),
      (ops, extra) => {
        const { w, node, em0 } = world();
        for (const o of ops) {
          if (o.op === 'addr') {
            const a = canonical(`2001:db8:${o.net}::${o.host}`);
            if (!em0.addrs.some((x) => x.addr === a)) E.addAddress(w, node, em0, addrRequest(a, { plen: o.plen }));
          } else if (o.op === 'route') {
            const dst = prefixOf(`2001:db8:${o.net}:1::9`, o.plen);
            const key = { dst, plen: o.plen, zone: 0 };
            if (!node.rib.get(key))
              E.addStaticRoute(w, node, {
                ...key,
                gateway: { kind: 'addr', addr: canonical('fe80::1'), zone: em0.index },
                flags: E.RTF.STATIC,
                ifp: null,
                mtu: 0,
                expire: null,
              });
          } else {
            const a = em0.addrs[o.i % Math.max(1, em0.addrs.length)];
            if (a) E.deleteAddress(w, node, em0, a.addr);
          }
        }
        const rows = netbsdRouteViews(node);
        const indexOf = (n: string): number => E.findIface(node, n).index;
        const keys = rows.map((r) => keyNumber(r.dst, r.dstZone ? indexOf(r.dstZone) : 0));
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [keys[i - 1] as bigint, keys[i] as bigint];
          assert.ok(a < b || (a === b && (rows[i - 1] as NbRouteView).plen > (rows[i] as NbRouteView).plen));
        }
        const targets = [...rows.map((r) => ({ addr: r.dst, zone: r.dstZone ? indexOf(r.dstZone) : 0 }))];
        for (const n of extra) {
          const hex = n.toString(16).padStart(32, '0');
          targets.push({ addr: canonical(hex.match(/.{4}/g)?.join(':') as string), zone: 0 });
        }
        for (const t of targets) {
          const target = keyNumber(t.addr, t.zone);
          const best = rows
            .map((r, i) => ({ r, key: keys[i] as bigint }))
            .filter((x) => covers(x.key, x.r.plen, target))
            .sort((x, y) => y.r.plen - x.r.plen)[0];
          assert.equal(netbsdLookup(rows, indexOf, t, null), best?.r ?? null);
          for (const plen of [0, 32, 64, 128]) {
            const exact = rows.find((r, i) => r.plen === plen && covers(keys[i] as bigint, plen, target)) ?? null;
            assert.equal(netbsdLookup(rows, indexOf, t, plen), exact);
          }
        }
      },
    ),
    { numRuns: 150 },
  );
});

test('ndp under netbsd lists the LLINFO routes by key across interfaces; -c deletes learned entries only', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-nbndp-'));
  const ip6kit = ip6kitIn(path.join(dir, 'state.json'));
  const run = async (...args: string[]): Promise<string> => {
    const r = await ip6kit(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.err}`);
    return r.out;
  };
  await run('sim', 'init', '--seed', '1');
  await run('sim', 'node', 'add', 'peer');
  await run('sim', 'attach', 'peer', 'em0', 'lan0', '--lladdr', '52:54:00:00:00:02');
  await run('sim', 'link', 'add', 'lan1');
  await run('sim', 'attach', 'host', 'em1', 'lan1');
  await run('ifconfig', '-N', 'peer', 'em0', 'inet6', '2001:db8::2/64');
  await run('ifconfig', 'em0', 'inet6', '2001:db8::1/64');
  await run('ifconfig', 'em1', 'inet6', '2001:db8::5/64', '--no-wait');
  await run('ping6', '-c', '1', '2001:db8::2');
  await run('ndp', '-s', '2001:db8::77', '52:54:00:00:00:77');
  const column = (out: string): string[] =>
    out
      .split('\n')
      .slice(1, -1)
      .map((l) => l.split(' ')[0] as string);
  // FreeBSD: by interface, usable own addresses only; NetBSD: every LLINFO route by key.
  const freebsd = column(await run('ndp', '-an'));
  const netbsd = column(await run('--profile', 'netbsd', 'ndp', '-an'));
  assert.ok(!freebsd.includes('2001:db8::5'));
  assert.deepEqual(
    netbsd.filter((a) => a.startsWith('2001')),
    ['2001:db8::1', '2001:db8::2', '2001:db8::5', '2001:db8::77'],
  );
  assert.deepEqual([...netbsd].sort(), [...new Set([...freebsd, '2001:db8::5'])].sort());
  assert.equal(await run('--profile', 'netbsd', 'ndp', '-c'), '2001:db8::2 (2001:db8::2) deleted\n');
  const left = column(await run('--profile', 'netbsd', 'ndp', '-an'));
  assert.deepEqual(
    left.filter((a) => a.startsWith('2001')),
    ['2001:db8::1', '2001:db8::5', '2001:db8::77'],
  );
  fs.rmSync(dir, { recursive: true, force: true });
});
