// Neighbor Discovery, router advertisements, SLAAC and forwarding on the virtual clock: each
// state transition and timer, stepped to just before and just after its deadline.
import { addrRequest, twoNodeLan } from './helpers.js';
import { canonical } from '../src/addr/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../src/engine/index.js';

const L = E.LINK_DELAY_MS;

const lan = twoNodeLan;

const addr = addrRequest;

function echo(
  w: E.World,
  node: E.Node,
  src: string,
  dst: string,
  ident = 7,
  hlim = 64,
  ifp?: E.Iface,
): E.OutputError | null {
  if (!node.sockets.some((s) => s.ident === ident)) node.sockets.push({ ident, rx: [] });
  return E.ip6Output(
    w,
    node,
    {
      src: canonical(src),
      dst: canonical(dst),
      hlim,
      body: { type: 'ECHO', ident, seq: 0, size: 56, sentAt: w.clock.now },
    },
    ifp ? { ifp } : {},
  );
}

const entry = (ifp: E.Iface, a: string): E.Neighbor | undefined => E.findNeighbor(ifp, a);

test('resolution: INCOMPLETE with one NS, the NA makes it REACHABLE and the held packet goes', () => {
  const { w, host, hem0, peer } = lan();
  const t0 = w.clock.now;
  assert.equal(echo(w, host, '2001:db8::1', '2001:db8::2'), null);
  const n = entry(hem0, '2001:db8::2') as E.Neighbor;
  assert.equal(n.state, 'INCOMPLETE');
  assert.equal(n.asked, 1);
  assert.equal(n.held.length, 1);
  E.advance(w, t0 + 2 * L);
  assert.equal(n.state, 'REACHABLE');
  assert.equal(n.lladdr, '52:54:00:00:00:02');
  assert.equal(n.timerAt, t0 + 2 * L + hem0.ndi.reachable);
  E.advance(w, t0 + 4 * L);
  const rx = host.sockets[0]?.rx ?? [];
  assert.equal(rx.length, 1);
  assert.equal(rx[0]?.body.type, 'ECHO_REPLY');
  assert.equal(rx[0]?.at, t0 + 4 * L);
  // the peer learned us from the NS's source link-layer option: STALE, then DELAY when it replied
  assert.equal(entry(E.findIface(peer, 'em0'), '2001:db8::1')?.state, 'DELAY');
});

test('INCOMPLETE: MAX_MULTICAST_SOLICIT solicitations RetransTimer apart, then the entry goes', () => {
  const { w, host, hem0 } = lan();
  const t0 = w.clock.now;
  echo(w, host, '2001:db8::1', '2001:db8::99');
  const n = entry(hem0, '2001:db8::99') as E.Neighbor;
  E.advance(w, t0 + 1000 - 1);
  assert.equal(n.asked, 1);
  E.advance(w, t0 + 1000);
  assert.equal(n.asked, 2);
  E.advance(w, t0 + 2000);
  assert.equal(n.asked, 3);
  assert.equal(host.stats.icmp6.outhist[135], 1 + 1 + 3); // two DADs, three probes
  E.advance(w, t0 + 3000 - 1);
  assert.ok(entry(hem0, '2001:db8::99'));
  E.advance(w, t0 + 3000);
  assert.equal(entry(hem0, '2001:db8::99'), undefined);
});

test('REACHABLE -> STALE after ReachableTime; STALE goes after the day-long gc timer', () => {
  const { w, host, hem0 } = lan();
  echo(w, host, '2001:db8::1', '2001:db8::2');
  E.advance(w, w.clock.now + 2 * L);
  const n = entry(hem0, '2001:db8::2') as E.Neighbor;
  const due = n.timerAt as number;
  assert.ok(hem0.ndi.reachable >= 15000 && hem0.ndi.reachable < 45000);
  E.advance(w, due - 1);
  assert.equal(n.state, 'REACHABLE');
  E.advance(w, due);
  assert.equal(n.state, 'STALE');
  assert.equal(n.timerAt, due + E.ND6_GCTIMER_MS);
  E.advance(w, due + E.ND6_GCTIMER_MS);
  assert.equal(entry(hem0, '2001:db8::2'), undefined);
});

test('STALE + traffic -> DELAY -> (5 s) PROBE with a unicast NS -> REACHABLE on the solicited NA', () => {
  const { w, host, hem0 } = lan();
  echo(w, host, '2001:db8::1', '2001:db8::2');
  E.advance(w, w.clock.now + 2 * L);
  const n = entry(hem0, '2001:db8::2') as E.Neighbor;
  E.advance(w, n.timerAt as number);
  assert.equal(n.state, 'STALE');
  const t0 = w.clock.now;
  echo(w, host, '2001:db8::1', '2001:db8::2');
  assert.equal(n.state, 'DELAY');
  E.advance(w, t0 + E.DELAY_FIRST_PROBE_TIME_MS - 1);
  assert.equal(n.state, 'DELAY');
  const nsBefore = host.stats.icmp6.outhist[135] ?? 0;
  E.advance(w, t0 + E.DELAY_FIRST_PROBE_TIME_MS);
  assert.equal(n.state, 'PROBE');
  assert.equal(host.stats.icmp6.outhist[135], nsBefore + 1);
  E.advance(w, t0 + E.DELAY_FIRST_PROBE_TIME_MS + 2 * L);
  assert.equal(n.state, 'REACHABLE');
});

test('PROBE without an answer: MAX_UNICAST_SOLICIT probes, then the entry goes', () => {
  const { w, host, hem0 } = lan();
  echo(w, host, '2001:db8::1', '2001:db8::2');
  E.advance(w, w.clock.now + 2 * L);
  const n = entry(hem0, '2001:db8::2') as E.Neighbor;
  E.advance(w, n.timerAt as number);
  E.detach(w, 'peer', 'em0');
  echo(w, host, '2001:db8::1', '2001:db8::2');
  const t0 = w.clock.now + E.DELAY_FIRST_PROBE_TIME_MS;
  E.advance(w, t0);
  assert.equal(n.state, 'PROBE');
  E.advance(w, t0 + 2000);
  assert.equal(n.asked, 3);
  E.advance(w, t0 + 3000);
  assert.equal(entry(hem0, '2001:db8::2'), undefined);
});

test(
  'NA rules: no override with another lladdr makes REACHABLE STALE; override updates it; R=0 drops the' + ' router',
  () => {
    const { w, host, hem0 } = lan();
    echo(w, host, '2001:db8::1', '2001:db8::2');
    E.advance(w, w.clock.now + 2 * L);
    const n = entry(hem0, '2001:db8::2') as E.Neighbor;
    const na = (tlla: string, override: boolean, solicited: boolean, router: boolean): void =>
      E.ip6Input(
        w,
        host,
        hem0,
        {
          src: canonical('2001:db8::2'),
          dst: canonical('ff02::1'),
          hlim: 255,
          body: { type: 'NA', target: canonical('2001:db8::2'), tlla, router, solicited, override },
        },
        tlla,
      );
    na('52:54:00:00:00:99', false, false, false);
    assert.equal(n.state, 'STALE');
    assert.equal(n.lladdr, '52:54:00:00:00:02');
    na('52:54:00:00:00:99', true, true, true);
    assert.equal(n.state, 'REACHABLE');
    assert.equal(n.lladdr, '52:54:00:00:00:99');
    assert.equal(n.router, true);
    host.routers.push({
      addr: canonical('2001:db8::2'),
      ifindex: hem0.index,
      managed: false,
      other: false,
      pref: 'medium',
      expireAt: w.clock.now + 1e6,
    });
    na('52:54:00:00:00:99', true, false, false);
    assert.equal(n.router, false);
    assert.equal(host.routers.length, 0);
  },
);

test('static entries are permanent and ignore NAs; temp ones go after 20 minutes', () => {
  const { w, host, hem0 } = lan();
  E.setStaticNeighbor(w, host, hem0, canonical('2001:db8::5'), '52:54:00:00:00:05', false, null);
  const n = entry(hem0, '2001:db8::5') as E.Neighbor;
  assert.equal(n.timerAt, null);
  E.ip6Input(
    w,
    host,
    hem0,
    {
      src: canonical('2001:db8::5'),
      dst: canonical('ff02::1'),
      hlim: 255,
      body: {
        type: 'NA',
        target: canonical('2001:db8::5'),
        tlla: '52:54:00:00:00:77',
        router: false,
        solicited: true,
        override: true,
      },
    },
    '',
  );
  assert.equal(n.lladdr, '52:54:00:00:00:05');
  E.setStaticNeighbor(w, host, hem0, canonical('2001:db8::6'), '52:54:00:00:00:06', false, 20 * 60 * 1000);
  E.advance(w, w.clock.now + 20 * 60 * 1000);
  assert.equal(entry(hem0, '2001:db8::6'), undefined);
});

test('proxy ND: the host answers NS for an address that lives elsewhere, with the proxied MAC', () => {
  const { w, host, peer, hem0, pem0 } = lan();
  E.setStaticNeighbor(w, host, hem0, canonical('2001:db8::77'), '52:54:00:00:00:77', true, null);
  assert.ok(hem0.groups.some((g) => g.group === 'ff02::1:ff00:77'));
  echo(w, peer, '2001:db8::2', '2001:db8::77');
  E.advance(w, w.clock.now + 2 * L);
  const n = entry(pem0, '2001:db8::77') as E.Neighbor;
  assert.equal(n.state, 'REACHABLE');
  assert.equal(n.lladdr, '52:54:00:00:00:77');
});

/** A router 'r' advertising on lan0; the host accepts RAs. */
function withRouter(
  prefixes: E.PrefixInfo[],
  extra: Partial<E.RtadvRequest> = {},
): { w: E.World; host: E.Node; r: E.Node; hem0: E.Iface; rem0: E.Iface } {
  const w = E.createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
  const r = E.addNode(w, 'r', { hostname: 'r', router: true, bare: false });
  E.attach(w, 'r', 'em0', 'lan0', '52:54:00:00:00:01');
  E.settle(w);
  const rem0 = E.findIface(r, 'em0');
  E.configureRtadv(w, r, rem0, {
    prefixes,
    ...E.RTADV_DEFAULTS,
    ...extra,
  });
  const host = E.findNode(w, 'host');
  return { w, host, r, hem0: E.findIface(host, 'em0'), rem0 };
}

const pfx = (prefix: string, extra: Partial<E.PrefixInfo> = {}): E.PrefixInfo => ({
  prefix: canonical(prefix),
  plen: 64,
  onlink: true,
  autonomous: true,
  vltime: 2592000,
  pltime: 604800,
  ...extra,
});

test('RA: default router and route, prefix and its route, a SLAAC address through DAD', () => {
  const { w, host, hem0 } = withRouter([pfx('2001:db8:1::')]);
  E.advance(w, w.clock.now + L);
  assert.equal(host.routers.length, 1);
  assert.equal(host.routers[0]?.expireAt, w.clock.now + 1800 * 1000);
  const d = host.rib.get({ dst: '::', plen: 0, zone: 0 });
  assert.ok(
    d && 'addr' in d.gateway && d.gateway.addr === 'fe80::5054:ff:fe00:1' && d.flags === (E.RTF.UP | E.RTF.GATEWAY),
  );
  assert.equal(host.prefixes[0]?.prefix, '2001:db8:1::');
  const a = hem0.addrs.find((x) => x.addr === '2001:db8:1:0:5054:ff:fef3:c9eb') as E.Addr;
  assert.ok(a.flags & E.IN6_IFF.TENTATIVE && a.flags & E.IN6_IFF.AUTOCONF);
  E.advance(w, w.clock.now + 2000);
  assert.equal(a.flags, E.IN6_IFF.AUTOCONF);
  assert.equal(a.pltime, 604800);
});

test('RA: router lifetime runs out -> the router and its default route go', () => {
  const { w, host } = withRouter([], { routerLifetime: 30, minInterval: 200, maxInterval: 600 });
  E.advance(w, w.clock.now + L);
  const at = host.routers[0]?.expireAt as number;
  // stop the router so that no later RA refreshes it
  const r = E.findNode(w, 'r');
  E.findIface(r, 'em0').rtadv = null;
  E.advance(w, at - 1);
  assert.equal(host.routers.length, 1);
  E.advance(w, at);
  assert.equal(host.routers.length, 0);
  assert.equal(host.rib.get({ dst: '::', plen: 0, zone: 0 }), null);
});

test('RFC 4862 5.5.3(e): a short valid lifetime is taken only down to two hours', () => {
  const { w, r, hem0, rem0 } = withRouter([pfx('2001:db8:1::')]);
  E.advance(w, w.clock.now + 3000);
  const a = hem0.addrs.find((x) => x.flags & E.IN6_IFF.AUTOCONF) as E.Addr;
  const cfg = (vltime: number, pltime: number): void =>
    E.configureRtadv(w, r, rem0, {
      prefixes: [pfx('2001:db8:1::', { vltime, pltime })],
      ...E.RTADV_DEFAULTS,
    });
  cfg(60, 30);
  E.advance(w, w.clock.now + L);
  assert.equal(a.vltime, E.TWO_HOURS_S);
  assert.equal(a.pltime, 30);
  cfg(10, 0); // remaining <= 2h: the valid lifetime is left alone, pltime 0 deprecates
  E.advance(w, w.clock.now + L);
  assert.ok(Math.abs((a.validUntil as number) - w.clock.now - E.TWO_HOURS_S * 1000) <= 1000);
  assert.ok(a.flags & E.IN6_IFF.DEPRECATED);
  cfg(86400, 3600); // longer than what remains: taken
  E.advance(w, w.clock.now + L);
  assert.equal(a.vltime, 86400);
  assert.equal(a.flags & E.IN6_IFF.DEPRECATED, 0);
});

test(
  'renumbering (seed 002): the old address is deprecated and goes by two hours; the new one is tentative,' +
    ' then autoconf',
  () => {
    const { w, r, hem0, rem0 } = withRouter([pfx('2001:db8:1::')]);
    E.advance(w, w.clock.now + 3000);
    E.configureRtadv(w, r, rem0, {
      prefixes: [pfx('2001:db8:2::')],
      ...E.RTADV_DEFAULTS,
    });
    E.advance(w, w.clock.now + L);
    const old = hem0.addrs.find((x) => x.addr.startsWith('2001:db8:1:')) as E.Addr;
    const neu = hem0.addrs.find((x) => x.addr.startsWith('2001:db8:2:')) as E.Addr;
    assert.ok(old.flags & E.IN6_IFF.DEPRECATED);
    assert.ok(neu.flags & E.IN6_IFF.TENTATIVE);
    E.advance(w, w.clock.now + 2000);
    assert.equal(neu.flags, E.IN6_IFF.AUTOCONF);
    E.advance(w, w.clock.now + E.TWO_HOURS_S * 1000 + 1000);
    assert.ok(!hem0.addrs.includes(old));
  },
);

test('RA options: MTU, reachable time, retrans, hop limit; at most ten options are honoured', () => {
  const { w, host, hem0 } = withRouter([]);
  E.advance(w, w.clock.now + L);
  const ra = (prefixes: E.PrefixInfo[], mtu: number | null): void =>
    E.ip6Input(
      w,
      host,
      hem0,
      {
        src: canonical('fe80::5054:ff:fe00:1'),
        dst: canonical('ff02::1'),
        hlim: 255,
        body: {
          type: 'RA',
          curhlim: 32,
          managed: true,
          other: false,
          routerLifetime: 600,
          reachable: 20000,
          retrans: 2000,
          slla: '52:54:00:00:00:01',
          mtu,
          prefixes,
        },
      },
      '',
    );
  ra([], 1400);
  assert.equal(hem0.ndi.linkmtu, 1400);
  assert.equal(hem0.ndi.curhlim, 32);
  assert.equal(hem0.ndi.basereachable, 20000);
  assert.equal(hem0.ndi.retrans, 2000);
  assert.equal(host.routers[0]?.managed, true);
  // slla + mtu + 12 prefixes: only the first eight prefixes fit in ten options
  ra(
    Array.from({ length: 12 }, (_, i) => pfx(`2001:db8:${i + 10}::`, { autonomous: false })),
    1400,
  );
  assert.equal(host.prefixes.length, 8);
});

test('use_tempaddr: a temporary address next to the public one, capped as in6_tmpifadd caps it', () => {
  const w0 = withRouter([pfx('2001:db8:1::')]);
  const { w, hem0 } = w0;
  w0.host.knobs.use_tempaddr = 1;
  E.advance(w, w.clock.now + 3000);
  const temp = hem0.addrs.filter((a) => a.flags & E.IN6_IFF.TEMPORARY);
  assert.equal(temp.length, 1);
  const desync = E.desyncFactor(w, w0.host);
  assert.ok(desync >= 0 && desync < 600);
  assert.equal(temp[0]?.vltime, E.TEMP_VALID_LIFETIME_S);
  assert.equal(temp[0]?.pltime, E.TEMP_PREFERRED_LIFETIME_S - desync);
  // FreeBSD (nd6_timer, regen_tmpaddr) makes the successor when it becomes deprecated.
  E.advance(w, (temp[0]?.preferredUntil as number) - 1);
  assert.equal(hem0.addrs.filter((a) => a.flags & E.IN6_IFF.TEMPORARY).length, 1);
  E.advance(w, temp[0]?.preferredUntil as number);
  const now = hem0.addrs.filter((a) => a.flags & E.IN6_IFF.TEMPORARY);
  assert.equal(now.length, 2);
  assert.ok((temp[0]?.flags as number) & E.IN6_IFF.DEPRECATED);
  assert.equal(now.filter((a) => !(a.flags & E.IN6_IFF.DEPRECATED)).length, 1);
});

// RFC 4941 as FreeBSD runs it, over a virtual week: a router advertising short lifetimes (pltime
// 600, vltime 1200) refreshes the temporaries, but never past TEMP_*_LIFETIME - DESYNC_FACTOR
// from their creation; each deprecates after about a day and gets one successor; each expires a
// week after its creation. So a week holds a handful of temporaries, not hundreds.
test('temporaries over a virtual week: one preferred at a time, each within its caps, a few in all', () => {
  const w0 = withRouter([pfx('2001:db8:1::', { pltime: 600, vltime: 1200 })]);
  const { w, host, hem0 } = w0;
  host.knobs.use_tempaddr = 1;
  const desync = E.desyncFactor(w, host);
  const seen = new Set<string>();
  const start = w.clock.now;
  for (let h = 1; h <= 8 * 24; h++) {
    E.advance(w, start + h * 3_600_000);
    const temps = hem0.addrs.filter((a) => a.flags & E.IN6_IFF.TEMPORARY);
    for (const t of temps) {
      seen.add(t.addr);
      // an RA never stretches a temporary past its caps
      // (whole seconds, as time_uptime counts them)
      if (t.preferredUntil !== null && (t.pltime as number) > 0)
        assert.ok(
          t.preferredUntil <= t.createdAt + (E.TEMP_PREFERRED_LIFETIME_S - desync) * 1000 + 1000,
          `${t.addr} preferred too long`,
        );
      assert.ok(
        t.validUntil !== null && t.validUntil <= t.createdAt + (E.TEMP_VALID_LIFETIME_S - desync) * 1000 + 1000,
        `${t.addr} valid too long`,
      );
      assert.ok(t.vltime !== null && t.vltime <= 1200 && (t.pltime as number) <= 600);
    }
    assert.equal(
      temps.filter((a) => !(a.flags & (E.IN6_IFF.DEPRECATED | E.IN6_IFF.TENTATIVE))).length,
      1,
      `hour ${h}: one preferred temporary`,
    );
    assert.ok(temps.length <= 8, `hour ${h}: ${temps.length} temporaries`);
  }
  // about one a day, and the oldest have expired
  assert.ok(seen.size >= 8 && seen.size <= 10, `${seen.size} temporaries in 8 days`);
  assert.ok(hem0.addrs.filter((a) => a.flags & E.IN6_IFF.TEMPORARY).length <= 8);
  // the queue holds what exists: per address a lifetime pair, per neighbour, router, prefix one
  assert.ok(w.timers.length < 40, `${w.timers.length} timers pending after 8 days`);
});

test(
  'a host answers an RS with nothing; a router answers it within MAX_RA_DELAY_TIME, not sooner than 3 s after' +
    ' its last RA',
  () => {
    const { w, host, hem0, rem0 } = withRouter([pfx('2001:db8:1::')]);
    const other = E.addNode(w, 'h2', { hostname: 'h2', router: false, bare: false });
    E.attach(w, 'h2', 'em0', 'lan0', '52:54:00:00:00:03');
    E.advance(w, w.clock.now + 5000);
    const last = rem0.rtadv?.lastAt as number;
    const before = rem0.rtadv?.sent as number;
    const otherOut = { ...other.stats.icmp6.outhist };
    E.sendRs(w, host, hem0);
    E.advance(w, w.clock.now + L + E.MAX_RA_DELAY_TIME_MS);
    assert.equal(rem0.rtadv?.sent, before + 1);
    assert.ok((rem0.rtadv?.lastAt as number) >= last + E.MIN_DELAY_BETWEEN_RAS_MS);
    // A host is not in ff02::2 and sends nothing at all in answer.
    assert.deepEqual(other.stats.icmp6.outhist, otherOut);
    assert.equal(
      other.ifaces.find((i) => i.name === 'em0')?.groups.some((g) => g.group === 'ff02::2'),
      false,
    );
  },
);

/** h1 -- lan0 -- r -- lan1 -- h2, addresses 2001:db8:1::/64 and 2001:db8:2::/64. */
function line(): { w: E.World; h1: E.Node; r: E.Node; h2: E.Node } {
  const w = E.createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
  E.addLink(w, 'lan1');
  const r = E.addNode(w, 'r', { hostname: 'r', router: true, bare: false });
  E.attach(w, 'r', 'em0', 'lan0', '52:54:00:00:00:01');
  E.attach(w, 'r', 'em1', 'lan1', '52:54:00:00:01:01');
  const h2 = E.addNode(w, 'h2', { hostname: 'h2', router: false, bare: false });
  E.attach(w, 'h2', 'em0', 'lan1', '52:54:00:00:01:02');
  const h1 = E.findNode(w, 'host');
  E.addAddress(w, h1, E.findIface(h1, 'em0'), addr('2001:db8:1::10'));
  E.addAddress(w, r, E.findIface(r, 'em0'), addr('2001:db8:1::1'));
  E.addAddress(w, r, E.findIface(r, 'em1'), addr('2001:db8:2::1'));
  E.addAddress(w, h2, E.findIface(h2, 'em0'), addr('2001:db8:2::20'));
  E.settle(w);
  return { w, h1, r, h2 };
}

const staticRoute = (w: E.World, node: E.Node, dst: string, gw: string): void =>
  void E.addStaticRoute(w, node, {
    dst,
    plen: 64,
    zone: 0,
    gateway: { kind: 'addr', addr: gw, zone: 0 },
    flags: E.RTF.STATIC,
    ifp: null,
    mtu: 0,
    expire: null,
  });

test('forwarding: no route, no echo; with routes both ways the reply crosses the router, hop limit one less', () => {
  const { w, h1, r, h2 } = line();
  assert.equal(echo(w, h1, '2001:db8:1::10', '2001:db8:2::20'), 'EHOSTUNREACH');
  staticRoute(w, h1, '2001:db8:2::', '2001:db8:1::1');
  assert.equal(echo(w, h1, '2001:db8:1::10', '2001:db8:2::20'), null);
  E.advance(w, w.clock.now + 100);
  // h2 has no route back: the request arrived, the reply could not leave
  assert.equal(h2.stats.icmp6.inhist[128], 1);
  assert.equal(h1.sockets[0]?.rx.length, 0);
  staticRoute(w, h2, '2001:db8:1::', '2001:db8:2::1');
  echo(w, h1, '2001:db8:1::10', '2001:db8:2::20');
  E.advance(w, w.clock.now + 100);
  const rx = h1.sockets[0]?.rx ?? [];
  assert.equal(rx.length, 1);
  assert.equal(rx[0]?.hlim, 63);
  // The first request (its reply never left h2), then the second request and its reply.
  assert.equal(r.stats.ip6.forward, 3);
});

test(
  'forwarding: hop limit 1 earns a time exceeded; an unknown destination a no-route unreachable; a host does' +
    ' not forward',
  () => {
    const { w, h1, r, h2 } = line();
    staticRoute(w, h1, '2001:db8:2::', '2001:db8:1::1');
    staticRoute(w, h1, '2001:db8:9::', '2001:db8:1::1');
    echo(w, h1, '2001:db8:1::10', '2001:db8:2::20', 7, 1);
    E.advance(w, w.clock.now + 100);
    const err = h1.sockets[0]?.rx[0]?.body;
    assert.ok(err && err.type === 'ERROR' && err.icmpType === 3 && err.code === 0);
    assert.equal(r.stats.icmp6.timeExceedTransit, 1);
    echo(w, h1, '2001:db8:1::10', '2001:db8:9::1');
    E.advance(w, w.clock.now + 100);
    const un = h1.sockets[0]?.rx[1]?.body;
    assert.ok(un && un.type === 'ERROR' && un.icmpType === 1 && un.code === 0);
    E.setSysctl(w, r, 'net.inet6.ip6.forwarding', 0);
    const before = h2.stats.icmp6.inhist[128] ?? 0;
    echo(w, h1, '2001:db8:1::10', '2001:db8:2::20');
    E.advance(w, w.clock.now + 100);
    assert.equal(h2.stats.icmp6.inhist[128] ?? 0, before);
    assert.ok(r.stats.ip6.cantforward > 0);
  },
);
