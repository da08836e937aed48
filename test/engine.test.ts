// Engine rules on the virtual clock: step to just before a deadline, assert, step across it.
import { addrRequest } from './helpers.js';
import { canonical } from '../src/addr/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../src/engine/index.js';

const world = (seed = 1): E.World => E.createWorld({ clock: 'virtual', seed, bare: false, wallNow: 0 });

function twoHosts(): { w: E.World; host: E.Node; peer: E.Node } {
  const w = world();
  E.addNode(w, 'peer', { hostname: 'peer', router: false, bare: false });
  E.attach(w, 'peer', 'em0', 'lan0', null);
  E.settle(w);
  return { w, host: E.findNode(w, 'host'), peer: E.findNode(w, 'peer') };
}

const req = addrRequest;

const routeKeys = (n: E.Node): string[] => [...n.rib.entries()].map((r) => `${r.dst}/${r.plen}%${r.zone}`).sort();
const groups = (i: E.Iface): string[] => i.groups.map((g) => g.group).sort();

test('fresh world: host em0 has a verified link-local, lo0 ::1 and fe80::1, boot routes', () => {
  const w = world();
  const host = E.findNode(w, 'host');
  const em0 = E.findIface(host, 'em0');
  assert.equal(em0.index, 1);
  assert.equal(E.findIface(host, 'lo0').index, 2);
  assert.equal(em0.addrs.length, 1);
  assert.equal(em0.addrs[0]?.flags, 0);
  assert.ok(em0.addrs[0]?.addr.startsWith('fe80::5054:ff:fe'));
  assert.deepEqual(
    E.findIface(host, 'lo0').addrs.map((a) => a.addr),
    ['::1', 'fe80::1'],
  );
  const keys = routeKeys(host);
  for (const k of [
    '::/96%0',
    '::ffff:0.0.0.0/96%0',
    'fe80::/10%0',
    'ff02::/16%0',
    '::1/128%0',
    'fe80::/64%1',
    'fe80::/64%2',
    'fe80::1/128%2',
  ])
    assert.ok(keys.includes(k), k);
  assert.equal(host.policy.length, 9);
  assert.equal(w.timers.length, 0);
});

test('same seed, same world; another seed, another MAC', () => {
  assert.equal(JSON.stringify(world(7)), JSON.stringify(world(7)));
  assert.notEqual(
    E.findIface(E.findNode(world(7), 'host'), 'em0').lladdr,
    E.findIface(E.findNode(world(8), 'host'), 'em0').lladdr,
  );
});

test('tentative -> usable after DupAddrDetectTransmits x RetransTimer; routes only then', () => {
  const { w, host } = twoHosts();
  const em0 = E.findIface(host, 'em0');
  const t0 = w.clock.now;
  const a = E.addAddress(w, host, em0, req('2001:db8::1'));
  assert.ok(a.flags & E.IN6_IFF.TENTATIVE);
  assert.ok(groups(em0).includes('ff02::1:ff00:1'));
  E.advance(w, t0 + E.RETRANS_TIMER_MS - 1);
  assert.ok(a.flags & E.IN6_IFF.TENTATIVE);
  assert.ok(!routeKeys(host).includes('2001:db8::/64%0'));
  E.advance(w, t0 + E.RETRANS_TIMER_MS);
  assert.equal(a.flags & E.IN6_IFF.TENTATIVE, 0);
  assert.deepEqual(a.outcome, { kind: 'succeeded', at: t0 + 1000 });
  assert.ok(routeKeys(host).includes('2001:db8::/64%0') && routeKeys(host).includes('2001:db8::1/128%0'));
  assert.match(host.log.at(-1)?.msg ?? '', /em0: DAD complete for 2001:db8::1 - no duplicates found/);
});

test('tentative -> duplicated when another node answers NS; no routes, no groups, holder known', () => {
  const { w, host, peer } = twoHosts();
  E.addAddress(w, host, E.findIface(host, 'em0'), req('2001:db8::1'));
  E.advance(w, w.clock.now + 1000);
  const pem0 = E.findIface(peer, 'em0');
  const before = routeKeys(peer);
  const a = E.addAddress(w, peer, pem0, req('2001:db8::1'));
  // The probe reaches the holder one link delay later, its defence comes back after another.
  E.advance(w, w.clock.now + E.LINK_DELAY_MS);
  assert.ok(a.flags & E.IN6_IFF.TENTATIVE);
  E.advance(w, w.clock.now + E.LINK_DELAY_MS);
  assert.ok(a.flags & E.IN6_IFF.DUPLICATED);
  assert.equal(a.flags & E.IN6_IFF.TENTATIVE, 0);
  assert.deepEqual(a.outcome, { kind: 'duplicate', at: w.clock.now, holder: E.findIface(host, 'em0').lladdr });
  assert.ok(!groups(pem0).includes('ff02::1:ff00:1'));
  assert.deepEqual(routeKeys(peer), before);
  const msgs = peer.log.map((l) => l.msg);
  assert.ok(msgs.includes('em0: DAD detected duplicate IPv6 address 2001:db8::1: NS in/out/loopback=0/1/0, NA in=1'));
  assert.ok(msgs.includes('em0: DAD complete for 2001:db8::1 - duplicate found'));
});

test('simultaneous DAD for one address fails on both nodes', () => {
  const { w, host, peer } = twoHosts();
  const a = E.addAddress(w, host, E.findIface(host, 'em0'), req('2001:db8::9'));
  const b = E.addAddress(w, peer, E.findIface(peer, 'em0'), req('2001:db8::9'));
  E.advance(w, w.clock.now + 2000);
  assert.ok(a.flags & E.IN6_IFF.DUPLICATED);
  assert.ok(b.flags & E.IN6_IFF.DUPLICATED);
});

test('deleting a duplicated address keeps the fe80::/64 route (seed 001)', () => {
  const { w, host, peer } = twoHosts();
  const ll = E.findIface(host, 'em0').addrs[0]?.addr as string;
  const pem0 = E.findIface(peer, 'em0');
  const a = E.addAddress(w, peer, pem0, req(ll));
  E.advance(w, w.clock.now + 2 * E.LINK_DELAY_MS);
  assert.ok(a.flags & E.IN6_IFF.DUPLICATED);
  E.deleteAddress(w, peer, pem0, ll);
  assert.ok(routeKeys(peer).includes(`fe80::/64%${pem0.index}`));
});

test('a prefix route shared by two addresses outlives the first delete', () => {
  const { w, host } = twoHosts();
  const em0 = E.findIface(host, 'em0');
  E.addAddress(w, host, em0, req('2001:db8::1'));
  E.addAddress(w, host, em0, req('2001:db8::2'));
  E.advance(w, w.clock.now + 1000);
  E.deleteAddress(w, host, em0, '2001:db8::1');
  assert.ok(routeKeys(host).includes('2001:db8::/64%0'));
  assert.ok(!routeKeys(host).includes('2001:db8::1/128%0'));
  E.deleteAddress(w, host, em0, '2001:db8::2');
  assert.ok(!routeKeys(host).includes('2001:db8::/64%0'));
});

test('down -> up recreates a deleted link-local (seed 000)', () => {
  const { w, host } = twoHosts();
  const em0 = E.findIface(host, 'em0');
  const ll = em0.addrs[0]?.addr as string;
  E.setUp(w, host, em0, false);
  E.deleteAddress(w, host, em0, ll);
  assert.equal(E.linkLocalOf(em0), undefined);
  E.setUp(w, host, em0, true);
  assert.equal(E.linkLocalOf(em0)?.addr, ll);
  E.advance(w, w.clock.now + 2000);
  assert.equal(E.linkLocalOf(em0)?.flags, 0);
});

test('a duplicated link-local disables IPv6 on the interface', () => {
  const { w, host, peer } = twoHosts();
  E.attach(w, 'peer', 'em1', 'lan0', E.findIface(host, 'em0').lladdr);
  E.advance(w, w.clock.now + 2000);
  const em1 = E.findIface(peer, 'em1');
  assert.ok(((E.linkLocalOf(em1)?.flags ?? 0) & E.IN6_IFF.DUPLICATED) !== 0);
  assert.ok(em1.nd6 & E.ND6_IFF.IFDISABLED);
  assert.ok(peer.log.some((l) => l.msg === 'em1: possible hardware address duplication detected, disable IPv6'));
  // nd6_ioctl: -ifdisabled is refused (with a log line) while the link-local is duplicated
  E.setNd6Flags(w, peer, em1, 0, E.ND6_IFF.IFDISABLED);
  assert.ok(em1.nd6 & E.ND6_IFF.IFDISABLED);
  assert.equal(peer.log.at(-1)?.msg, 'Cannot enable an interface with a link-local address marked duplicate.');
  E.deleteAddress(w, peer, em1, E.linkLocalOf(em1)?.addr as string);
  E.setNd6Flags(w, peer, em1, 0, E.ND6_IFF.IFDISABLED);
  assert.equal(em1.nd6 & E.ND6_IFF.IFDISABLED, 0);
});

test('pltime runs out -> deprecated; vltime runs out -> removed with its routes', () => {
  const { w, host } = twoHosts();
  const em0 = E.findIface(host, 'em0');
  const t0 = w.clock.now;
  const a = E.addAddress(w, host, em0, req('2001:db8::7', { pltime: 5, vltime: 10 }));
  E.advance(w, t0 + 4999);
  assert.equal(a.flags & E.IN6_IFF.DEPRECATED, 0);
  E.advance(w, t0 + 5000);
  assert.ok(a.flags & E.IN6_IFF.DEPRECATED);
  E.advance(w, t0 + 9999);
  assert.ok(em0.addrs.includes(a));
  E.advance(w, t0 + 10000);
  assert.ok(!em0.addrs.includes(a));
  assert.ok(!routeKeys(host).includes('2001:db8::/64%0'));
});

test('pltime > vltime and a prefix length change on update are EINVAL, and change nothing', () => {
  const { w, host } = twoHosts();
  const em0 = E.findIface(host, 'em0');
  const before = JSON.stringify(w);
  assert.throws(
    () => E.addAddress(w, host, em0, req('2001:db8::7', { vltime: 10 })),
    (e: E.EngineError) => e.code === 'EINVAL',
  );
  assert.equal(JSON.stringify(w), before);
  E.addAddress(w, host, em0, req('2001:db8::8', { plen: 128 }));
  assert.throws(
    () => E.addAddress(w, host, em0, req('2001:db8::8', { plen: 127, update: true })),
    (e: E.EngineError) => e.code === 'EINVAL',
  );
});

test('no_dad and anycast skip DAD; a down interface keeps the address tentative until up', () => {
  const { w, host } = twoHosts();
  const em0 = E.findIface(host, 'em0');
  E.setNd6Flags(w, host, em0, E.ND6_IFF.NO_DAD, 0);
  assert.equal(E.addAddress(w, host, em0, req('2001:db8::a')).flags, 0);
  E.setNd6Flags(w, host, em0, 0, E.ND6_IFF.NO_DAD);
  assert.equal(E.addAddress(w, host, em0, req('2001:db8::b', { flags: E.IN6_IFF.ANYCAST })).flags, E.IN6_IFF.ANYCAST);
  E.setUp(w, host, em0, false);
  const c = E.addAddress(w, host, em0, req('2001:db8::c'));
  E.advance(w, w.clock.now + 5000);
  assert.ok(c.flags & E.IN6_IFF.TENTATIVE);
  E.setUp(w, host, em0, true);
  E.advance(w, w.clock.now + 1000);
  assert.equal(c.flags & E.IN6_IFF.TENTATIVE, 0);
});

test('epair create makes a connected pair; destroy removes both and the link', () => {
  const w = world();
  const host = E.findNode(w, 'host');
  const made = E.cloneCreate(w, host, 'epair');
  assert.deepEqual(
    made.map((i) => i.name),
    ['epair0a', 'epair0b'],
  );
  assert.equal(made[0]?.link, made[1]?.link);
  assert.deepEqual(
    E.cloneCreate(w, host, 'gif').map((i) => i.name),
    ['gif0'],
  );
  assert.throws(
    () => E.cloneCreate(w, host, 'gif0'),
    (e: E.EngineError) => e.code === 'EEXIST',
  );
  E.cloneDestroy(w, host, made[0] as E.Iface);
  assert.ok(!host.ifaces.some((i) => i.type === 'epair'));
  assert.ok(!w.links.some((l) => l.name.endsWith('epair0')));
  assert.throws(
    () => E.cloneDestroy(w, host, E.findIface(host, 'em0')),
    (e: E.EngineError) => e.code === 'EINVAL',
  );
});

test('a MAC-less interface borrows its link-local interface id from an Ethernet interface', () => {
  const w = world();
  const host = E.findNode(w, 'host');
  const [gif] = E.cloneCreate(w, host, 'gif');
  assert.equal((gif as E.Iface).nd6 & E.ND6_IFF.IFDISABLED, E.ND6_IFF.IFDISABLED, 'a clone starts ifdisabled');
  E.setUp(w, host, gif as E.Iface, true);
  assert.equal(E.linkLocalOf(gif as E.Iface), undefined);
  E.setNd6Flags(w, host, gif as E.Iface, 0, E.ND6_IFF.IFDISABLED);
  const em0ll = E.linkLocalOf(E.findIface(host, 'em0'))?.addr;
  assert.equal(E.linkLocalOf(gif as E.Iface)?.addr, em0ll);
});

test('same-instant timers fire in insertion order', () => {
  const w = world();
  const host = E.findNode(w, 'host');
  const em0 = E.findIface(host, 'em0');
  // The frames each DAD sends show the order its probe timers fired in (one reversal, visible).
  E.setCapture(w, 'lan0', 'unused.pcap');
  E.takeCaptured(w);
  E.addAddress(w, host, em0, req('2001:db8::1'));
  E.addAddress(w, host, em0, req('2001:db8::2'));
  E.advance(w, w.clock.now + 1000);
  const probes = E.takeCaptured(w).flatMap((c) => (c.frame.pkt.body.type === 'NS' ? [c.frame.pkt.body.target] : []));
  assert.deepEqual(probes, ['2001:db8::1', '2001:db8::2']);
});

test('no carrier: an address is detached, unrouted, and DAD starts when the link comes (NetBSD)', () => {
  const w = world();
  const host = E.findNode(w, 'host');
  const em1 = E.attach(w, 'host', 'em1', 'lan0', null);
  E.settle(w);
  E.detach(w, 'host', 'em1');
  const a = E.addAddress(w, host, em1, req('2001:db8:1::1'));
  assert.equal(a.flags, E.IN6_IFF.DETACHED);
  assert.equal(w.timers.length, 0);
  assert.ok(!routeKeys(host).includes('2001:db8:1::/64%0'));
  const t0 = w.clock.now;
  E.attach(w, 'host', 'em1', 'lan0', null);
  assert.equal(a.flags, E.IN6_IFF.TENTATIVE);
  E.advance(w, t0 + E.RETRANS_TIMER_MS);
  assert.equal(a.flags, 0);
  assert.ok(routeKeys(host).includes('2001:db8:1::/64%0'));
});

test('unplugging keeps verified addresses and their routes (FreeBSD: no detach on link loss)', () => {
  const w = world();
  const host = E.findNode(w, 'host');
  E.detach(w, 'host', 'em0');
  const ll = E.findIface(host, 'em0').addrs[0] as E.Addr;
  assert.equal(ll.flags, 0);
  assert.ok(routeKeys(host).includes('fe80::/64%1'));
});

test('forwarding joins ff01::2, ff02::2, ff05::2 on every interface, and leaves them when off', () => {
  const w = world();
  const host = E.findNode(w, 'host');
  const routers = ['ff01::2', 'ff02::2', 'ff05::2'];
  assert.equal(E.setSysctl(w, host, 'net.inet6.ip6.forwarding', 1), 0);
  for (const i of host.ifaces) for (const g of routers) assert.ok(groups(i).includes(g), `${i.name} ${g}`);
  const gif = E.cloneCreate(w, host, 'gif0')[0] as E.Iface;
  assert.deepEqual(groups(gif), routers);
  E.setSysctl(w, host, 'net.inet6.ip6.forwarding', 0);
  for (const i of host.ifaces) for (const g of routers) assert.ok(!groups(i).includes(g));
  assert.ok(groups(E.findIface(host, 'em0')).includes('ff02::1'));
  // A plain SYSCTL_INT (in6_proto.c): any int is taken, and non-zero forwards; only a non-int is refused.
  E.setSysctl(w, host, 'net.inet6.ip6.forwarding', 2);
  assert.ok(groups(E.findIface(host, 'em0')).includes('ff02::2'));
  assert.throws(() => E.setSysctl(w, host, 'net.inet6.ip6.forwarding', 2 ** 31), /not an int/);
  assert.throws(() => E.getSysctl(host, 'net.inet6.ip6.nope'), /unknown oid/);
  const r = E.addNode(w, 'r', { hostname: 'r', router: true, bare: false });
  assert.ok(groups(E.findIface(r, 'lo0')).includes('ff02::2'));
});

test('point-to-point: a destination address gets a host route through the interface; only on p2p, only /128', () => {
  const w = world();
  const host = E.findNode(w, 'host');
  const gif = E.cloneCreate(w, host, 'gif0')[0] as E.Iface;
  E.setUp(w, host, gif, true);
  E.addAddress(w, host, gif, req('2001:db8::1', { plen: 128, dest: canonical('2001:db8::2') }));
  E.settle(w);
  const r = host.rib.get({ dst: '2001:db8::2', plen: 128, zone: 0 });
  assert.ok(r && 'link' in r.gateway && r.gateway.link === gif.index && r.flags & E.RTF.HOST);
  assert.throws(
    () => E.addAddress(w, host, gif, req('2001:db8::3', { plen: 64, dest: canonical('2001:db8::4') })),
    /destination/,
  );
  assert.throws(
    () =>
      E.addAddress(
        w,
        host,
        E.findIface(host, 'em0'),
        req('2001:db8::5', { plen: 128, dest: canonical('2001:db8::6') }),
      ),
    /destination/,
  );
  E.deleteAddress(w, host, gif, '2001:db8::1');
  assert.equal(host.rib.get({ dst: '2001:db8::2', plen: 128, zone: 0 }), null);
});

test(
  'ifdisabled makes the addresses tentative and routeless; -ifdisabled runs their DAD again (nd6_ioctl,' +
    ' in6_if_up)',
  () => {
    const { w, host } = twoHosts();
    const em0 = E.findIface(host, 'em0');
    E.addAddress(w, host, em0, req('2001:db8::1'));
    E.advance(w, w.clock.now + 2000);
    const hostRoute = (): unknown => host.rib.get({ dst: '2001:db8::1', plen: 128, zone: 0 });
    assert.ok(hostRoute());
    E.setNd6Flags(w, host, em0, E.ND6_IFF.IFDISABLED, 0);
    const a = em0.addrs.find((x) => x.addr === '2001:db8::1') as E.Addr;
    assert.ok(a.flags & E.IN6_IFF.TENTATIVE);
    assert.equal(hostRoute(), null);
    E.advance(w, w.clock.now + 5000);
    assert.ok(a.flags & E.IN6_IFF.TENTATIVE, 'no DAD while disabled');
    E.setNd6Flags(w, host, em0, 0, E.ND6_IFF.IFDISABLED);
    E.advance(w, w.clock.now + 3000);
    assert.equal(a.flags & E.IN6_IFF.TENTATIVE, 0);
    assert.ok(hostRoute());
  },
);
