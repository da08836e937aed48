// route flush under the netbsd profile (backend/nbroutes.ts netbsdFlush) and the local routes it
// takes from own addresses (engine/nblocal.ts): NetBSD's flushroutes (sbin/route/route.c 1.151)
// deletes every dumped route with GATEWAY, STATIC or LLINFO, and nd6_rtrequest (the pre-lltable
// nd6.c) turns the next clone of an own address back into its local route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addrRequest, twoNodeLan } from './helpers.js';
import * as E from '../src/engine/index.js';
import { netbsdFlush, netbsdRouteViews } from '../src/backend/nbroutes.js';
import { decode, encode } from '../src/store/index.js';
import { canonical, prefixOf } from '../src/addr/index.js';
import { NB_RTF } from '../src/flags.js';
import type { NbRouteView } from '../src/views/index.js';

/** host and peer on lan0, each with a global /64 address, DAD done. */
function lan(): { w: E.World; host: E.Node; peer: E.Node; em0: E.Iface } {
  const { hem0, ...rest } = twoNodeLan();
  return { ...rest, em0: hem0 };
}

/** A static route on node through a gateway address. */
const via = (w: E.World, node: E.Node, dst: string, plen: number, gateway: string): void =>
  void E.addStaticRoute(w, node, {
    dst: canonical(dst),
    plen,
    zone: 0,
    gateway: { kind: 'addr', addr: canonical(gateway), zone: 0 },
    flags: E.RTF.STATIC,
    ifp: null,
    mtu: 0,
    expire: null,
  });

/** An echo request from `from` to dst, answered or not once the world settles. */
function ping(w: E.World, from: E.Node, src: string, dst: string): boolean {
  const ident = 40 + from.sockets.length;
  from.sockets.push({ ident, rx: [] });
  const body = { type: 'ECHO' as const, ident, seq: 0, size: 56, sentAt: w.clock.now };
  E.ip6Output(w, from, { src: canonical(src), dst: canonical(dst), hlim: 64, body });
  E.settle(w);
  return (from.sockets.find((s) => s.ident === ident)?.rx.length ?? 0) > 0;
}

const id = (r: NbRouteView): string => `${r.dst}%${r.dstZone}/${r.plen}`;

test('flush takes exactly the GATEWAY, STATIC and LLINFO routes, in table order, and nothing else', () => {
  const op = fc.oneof(
    fc.record({
      op: fc.constant('addr' as const),
      net: fc.integer({ min: 0, max: 4 }),
      plen: fc.constantFrom(64, 128),
    }),
    fc.record({ op: fc.constant('route' as const), net: fc.integer({ min: 0, max: 4 }), gw: fc.boolean() }),
    fc.record({ op: fc.constant('ndp' as const), host: fc.integer({ min: 0x70, max: 0x7f }), proxy: fc.boolean() }),
    fc.record({ op: fc.constant('ping' as const) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 10 }), fc.constantFrom(0, NB_RTF.HOST, NB_RTF.LLINFO), (ops, only) => {
      const { w, host, peer, em0 } = lan();
      for (const o of ops) {
        if (o.op === 'addr') {
          const a = canonical(`2001:db8:${o.net}::1`);
          if (!em0.addrs.some((x) => x.addr === a)) E.addAddress(w, host, em0, addrRequest(a, { plen: o.plen }));
        } else if (o.op === 'route') {
          const key = { dst: prefixOf(`2001:db8:${o.net + 8}::`, 48), plen: 48, zone: 0 };
          if (!host.rib.get(key))
            E.addStaticRoute(w, host, {
              ...key,
              gateway: o.gw
                ? { kind: 'addr', addr: canonical('2001:db8::2'), zone: 0 }
                : { kind: 'iface', ifindex: em0.index },
              flags: E.RTF.STATIC,
              ifp: null,
              mtu: 0,
              expire: null,
            });
        } else if (o.op === 'ndp') {
          const a = canonical(`2001:db8::${o.host.toString(16)}`);
          if (!E.findNeighbor(em0, a)) E.setStaticNeighbor(w, host, em0, a, '52:54:00:00:00:77', o.proxy, null);
        } else ping(w, peer, '2001:db8::2', '2001:db8::1');
        E.settle(w);
      }
      const before = netbsdRouteViews(host);
      const oracle = before.filter(
        (r) => (r.flags & only) === only && r.flags & (NB_RTF.GATEWAY | NB_RTF.STATIC | NB_RTF.LLINFO),
      );
      const dry = netbsdFlush(w, host, only, false);
      assert.deepEqual(netbsdRouteViews(host), before, 'route -t changes nothing');
      const flushed = netbsdFlush(w, host, only, true);
      assert.deepEqual(dry, flushed);
      assert.deepEqual(
        flushed.map((f) => f.route),
        oracle,
      );
      const gone = new Set(oracle.map(id));
      assert.deepEqual(netbsdRouteViews(host).map(id), before.filter((r) => !gone.has(id(r))).map(id));
      // The neighbours flushed are out of the cache; the default-router list is left alone.
      for (const r of oracle.filter((x) => x.flags & NB_RTF.LLINFO && !(x.flags & NB_RTF.LOCAL)))
        assert.equal(E.findNeighbor(em0, r.dst), undefined);
    }),
    { numRuns: 120 },
  );
});

test("an own address without its local route is ours again once a lookup clones it from its interface's prefix", () => {
  const { w, host, peer, em0 } = lan();
  netbsdFlush(w, host, 0, true);
  const a = em0.addrs.find((x) => x.addr === '2001:db8::1') as E.Addr;
  assert.ok(E.isUnrouted(em0, a));
  assert.equal(
    netbsdRouteViews(host).find((r) => r.dst === a.addr),
    undefined,
  );
  // ip6_input's lookup clones 2001:db8::/64 for it: the echo is answered, the route is back.
  assert.ok(ping(w, peer, '2001:db8::2', '2001:db8::1'));
  assert.ok(!E.isUnrouted(em0, a));
  assert.equal(netbsdRouteViews(host).find((r) => r.dst === a.addr)?.ifname, 'lo0');
  // ip6_output's lookup does the same for the host's own traffic.
  netbsdFlush(w, host, NB_RTF.LLINFO, true);
  assert.ok(ping(w, host, '2001:db8::1', '2001:db8::1'));
  assert.ok(!E.isUnrouted(em0, a));
});

test('with no cloning route of its interface the address is not ours: dropped, or forwarded by the route found', () => {
  const { w, host, peer, em0 } = lan();
  E.addAddress(w, host, em0, addrRequest('2001:db8:5::1', { plen: 128 }));
  via(w, peer, '2001:db8:5::1', 128, '2001:db8::1');
  E.settle(w);
  assert.ok(ping(w, peer, '2001:db8::2', '2001:db8:5::1'));
  netbsdFlush(w, host, 0, true);
  const a = em0.addrs.find((x) => x.addr === '2001:db8:5::1') as E.Addr;
  const st = host.stats.ip6;
  const cant = st.cantforward;
  assert.ok(!ping(w, peer, '2001:db8::2', '2001:db8:5::1'));
  assert.equal(st.cantforward, cant + 1);
  assert.ok(E.isUnrouted(em0, a));
  // The host's own echo to it has no route at all.
  host.sockets.push({ ident: 99, rx: [] });
  const body = { type: 'ECHO' as const, ident: 99, seq: 0, size: 56, sentAt: w.clock.now };
  assert.equal(E.ip6Output(w, host, { src: a.addr, dst: a.addr, hlim: 64, body }), 'EHOSTUNREACH');
  // A forwarding host sends it on by its best route: here a default route back to the peer.
  E.setSysctl(w, host, 'net.inet6.ip6.forwarding', 1);
  via(w, host, '::', 0, '2001:db8::2');
  const forwarded = st.forward;
  ping(w, peer, '2001:db8::2', '2001:db8:5::1');
  assert.ok(st.forward > forwarded);
});

test('deleting the address ends the record; a state file keeps it, an older one has none', () => {
  const { w, host, em0 } = lan();
  netbsdFlush(w, host, 0, true);
  assert.deepEqual(em0.nbMulti.unrouted.sort(), em0.addrs.map((a) => a.addr).sort());
  const loaded = decode('state.json', encode(w));
  assert.deepEqual(E.findIface(E.findNode(loaded, 'host'), 'em0').nbMulti.unrouted, em0.nbMulti.unrouted);
  const old = JSON.parse(encode(w));
  for (const n of old.nodes) for (const i of n.ifaces) delete i.nbMulti.unrouted;
  for (const i of E.findNode(decode('state.json', JSON.stringify(old)), 'host').ifaces)
    assert.deepEqual(i.nbMulti.unrouted, []);
  E.deleteAddress(w, host, em0, '2001:db8::1');
  assert.ok(!em0.nbMulti.unrouted.includes(canonical('2001:db8::1')));
  E.addAddress(w, host, em0, addrRequest('2001:db8::1'));
  assert.ok(netbsdRouteViews(host).some((r) => r.dst === '2001:db8::1' && r.flags & NB_RTF.LOCAL));
});
