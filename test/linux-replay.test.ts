// The Linux backend's mappings replayed from what a kernel reported (issue 17): ifconfig's and
// ndp -i's views are computed from a recorded dump, so a disagreement between them, or a wrong
// FreeBSD bit, shows without root or namespaces. The dump (test/fixtures/linux/dump.json) is
// recorded by tools/record-linux.mjs, which says what state each interface was put in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ifaceViewOf } from '../src/backend/linux/index.js';
import { ndIfViewOf } from '../src/backend/linux/nd.js';
import type { KAddr, KLink, KNeighParms } from '../src/backend/linux/rtnl.js';
import { IN6_IFF, ND6_IFF } from '../src/flags.js';
import { ifinfoText } from '../src/render/ndp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const dump = JSON.parse(
  fs.readFileSync(path.join(here, '..', '..', 'test', 'fixtures', 'linux', 'dump.json'), 'utf8'),
) as {
  links: KLink[];
  addrs: KAddr[];
  parms: KNeighParms[];
  conf: Record<string, Record<string, string>>;
  baseReachable: Record<string, number>;
  uptimeCs: number;
};

const link = (name: string): KLink => dump.links.find((l) => l.name === name) as KLink;
const ifconfigView = (name: string) =>
  ifaceViewOf(
    link(name),
    dump.addrs.filter((a) => a.index === link(name).index),
    dump.conf[name] ?? {},
    dump.uptimeCs,
  );
const ndpView = (name: string) =>
  ndIfViewOf(
    link(name),
    dump.parms.find((p) => p.index === link(name).index) ?? null,
    dump.conf[name] ?? {},
    dump.baseReachable[name] ?? null,
  );

const { PERFORMNUD, ACCEPT_RTADV, IFDISABLED, AUTO_LINKLOCAL, NO_DAD } = ND6_IFF;

test('ifconfig and ndp -i give every interface the same ND flags, the ones its knobs mean', () => {
  const want: Record<string, number> = {
    // the loopback's accept_ra=1 is no ACCEPT_RTADV: FreeBSD's lo0 has PERFORMNUD,AUTO_LINKLOCAL
    lo: PERFORMNUD | AUTO_LINKLOCAL,
    // accept_ra=2 and dad_transmits=0
    va: PERFORMNUD | ACCEPT_RTADV | AUTO_LINKLOCAL | NO_DAD,
    // addr_gen_mode=1: no link-local is formed
    vb: PERFORMNUD | ACCEPT_RTADV,
    // disable_ipv6=1
    vc: PERFORMNUD | ACCEPT_RTADV | IFDISABLED | AUTO_LINKLOCAL,
    vd: PERFORMNUD | ACCEPT_RTADV | AUTO_LINKLOCAL,
  };
  for (const l of dump.links) {
    assert.equal(ifconfigView(l.name).nd6, want[l.name], `ifconfig ${l.name}`);
    assert.equal(ndpView(l.name).flags, want[l.name], `ndp -i ${l.name}`);
  }
});

test('address flags and lifetimes: deprecated, nodad, finite and infinite; configured and left', () => {
  const flags = (name: string, addr: string) => ifconfigView(name).addrs.find((a) => a.addr === addr);
  const lifetimes = (name: string, addr: string) => {
    const a = flags(name, addr);
    return [a?.pltime, a?.vltime, a?.pltimeLeft, a?.vltimeLeft];
  };
  assert.equal(flags('vb', '2001:db8:3::1')?.flags, IN6_IFF.DEPRECATED);
  // Added with 0/1200 and 600/1200 about three seconds before the dump: the kernel said what was
  // left, ifconfig shows what was configured (a run-out lifetime stays 0). The time since the
  // address was set is read on /proc/uptime, which can run up to a second from the jiffies the
  // kernel stamps addresses with: configured is known to the second, give or take one.
  const near = (got: number | null | undefined, want: number): boolean =>
    typeof got === 'number' && got >= want && got <= want + 1;
  const [p3, v3, pl3, vl3] = lifetimes('vb', '2001:db8:3::1');
  assert.deepEqual([p3, pl3, vl3], [0, 0, 1198]);
  assert.ok(near(v3, 1200), `vltime ${v3}`);
  const [p2, v2, pl2, vl2] = lifetimes('vb', '2001:db8:2::1');
  assert.deepEqual([pl2, vl2], [598, 1198]);
  assert.ok(near(p2, 600) && near(v2, 1200), `pltime ${p2} vltime ${v2}`);
  assert.equal(flags('vb', '2001:db8:2::1')?.flags, 0);
  assert.equal(flags('va', '2001:db8:1::1')?.flags, 0, 'added with nodad: never tentative');
  assert.deepEqual([flags('va', '2001:db8:1::1')?.pltime, flags('va', '2001:db8:1::1')?.vltime], [null, null]);
  const ll = ifconfigView('va').addrs.find((a) => a.addr.startsWith('fe80::'));
  assert.deepEqual([ll?.zone, ll?.scopeid], ['va', link('va').index]);
});

test('addresses in KAME order: the link-local first, then in the order they were added', () => {
  assert.deepEqual(
    ifconfigView('vb').addrs.map((a) => a.addr),
    ['2001:db8:1::2', '2001:db8:2::1', '2001:db8:3::1'],
  );
  assert.deepEqual(
    ifconfigView('va').addrs.map((a) => a.addr.replace(/^fe80::.*/, 'fe80::')),
    ['fe80::', '2001:db8:1::1'],
  );
});

test('interface flags: a veth is SIMPLEX with LOWER_UP when its peer is up; down and no carrier otherwise', () => {
  assert.equal(ifconfigView('va').flags, 0x1008843);
  assert.equal(ifconfigView('va').status, 'active');
  assert.equal(ifconfigView('vd').flags, 0x8802);
  assert.equal(ifconfigView('vc').status, 'no carrier');
  assert.equal(ifconfigView('lo').flags & 0x8, 0x8);
  assert.equal(ifconfigView('lo').lladdr, null);
});

test('ndp -i text from the dump: the kernel hop limit, base reachable time and retransmit timer', () => {
  assert.equal(
    ifinfoText(ndpView('va')),
    `linkmtu=0, maxmtu=1500, curhlim=64, basereachable=30s0ms, reachable=${Math.floor(
      (dump.parms.find((p) => p.index === link('va').index)?.reachable ?? 0) / 1000,
    )}s, retrans=1s0ms\nFlags: nud accept_rtadv auto_linklocal \n`,
  );
});

test('netstat -s from the kernel MIB: /proc/net/snmp6 after one UDP datagram to a closed port of ::1', async () => {
  const { parseSnmp6, statsOfSnmp6 } = await import('../src/backend/linux/snmp6.js');
  const { icmp6StatsText, ip6StatsText } = await import('../src/render/stats.js');
  const text = fs.readFileSync(path.join(here, '..', '..', 'test', 'fixtures', 'linux', 'snmp6.txt'), 'utf8');
  const s = statsOfSnmp6(parseSnmp6(text));
  assert.deepEqual(
    [s.ip6.total, s.ip6.delivered, s.ip6.localout, s.ip6.nxthist, s.icmp6.error, s.icmp6.outhist, s.icmp6.inhist],
    [2, 2, 2, { 17: 1, 58: 1 }, 1, { 1: 1 }, { 1: 1 }],
  );
  assert.match(ip6StatsText(s, { sflag: 2 }), /^ip6:\n\t2 total packets received\n\t2 packets for this host\n/);
  assert.match(
    icmp6StatsText(s, { sflag: 2 }),
    /^icmp6:\n\t1 call to icmp6_error\n\tOutput histogram:\n\t\tunreach: 1\n/,
  );
});
