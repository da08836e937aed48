// RFC 6724 section 10's worked examples, table-driven, on the default policy table (FreeBSD's
// prefer_ipv6 is that table). IPv4 addresses are IPv4-mapped, as the RFC says to treat them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as E from '../src/engine/index.js';
import { formatIp6, parseIp6 } from '../src/addr/index.js';
import { PREFER_IPV4, PREFER_IPV6 } from '../src/engine/policy.js';

const table = (rows: typeof PREFER_IPV6): E.PolicyEntry[] => rows.map((r) => ({ ...r, use: 0 }));
const v = (text: string): Uint8Array => parseIp6(/^\d+\.\d+\.\d+\.\d+$/.test(text) ? `::ffff:${text}` : text);

/** 'addr', 'addr (deprecated)', 'addr (temporary)', 'addr (home)', 'addr (care-of)' */
function cand(spec: string): E.SourceCandidate {
  const [text, note] = spec.split(' ') as [string, string | undefined];
  const addr = v(text);
  return {
    addr,
    plen: E.isV4(addr) ? 120 : 64,
    deprecated: note === '(deprecated)',
    temporary: note === '(temporary)',
    home: note === '(home)',
    preferSource: false,
    outgoing: true,
    alive: true,
  };
}

const show = (a: Uint8Array): string => {
  const t = formatIp6(a);
  return t.startsWith('::ffff:') && t.includes('.') ? t.slice(7) : t;
};

const SOURCE: [string, string[], string, RegExp, boolean?][] = [
  ['2001:db8:1::1', ['2001:db8:3::1', 'fe80::1'], '2001:db8:3::1', /appropriate scope/],
  ['ff05::1', ['2001:db8:3::1', 'fe80::1'], '2001:db8:3::1', /appropriate scope/],
  ['2001:db8:1::1', ['2001:db8:1::1 (deprecated)', '2001:db8:2::1'], '2001:db8:1::1', /same address/],
  ['fe80::1', ['fe80::2 (deprecated)', '2001:db8:1::1'], 'fe80::2', /appropriate scope/],
  ['2001:db8:1::1', ['2001:db8:1::2', '2001:db8:3::2'], '2001:db8:1::2', /longest matching prefix/],
  ['2001:db8:1::1', ['2001:db8:1::2 (care-of)', '2001:db8:3::2 (home)'], '2001:db8:3::2', /home/],
  [
    '2002:c633:6401::1',
    ['2002:c633:6401::d5e3:7953:13eb:22e8 (temporary)', '2001:db8:1::2'],
    '2002:c633:6401::d5e3:7953:13eb:22e8',
    /matching label/,
  ],
  [
    '2001:db8:1::d5e3:0:0:1',
    ['2001:db8:1::2', '2001:db8:1::d5e3:7953:13eb:22e8 (temporary)'],
    '2001:db8:1::d5e3:7953:13eb:22e8',
    /temporary/,
    true,
  ],
];

test('RFC 6724 10.1: source address selection', async (t) => {
  for (const [dst, cands, want, rule, preferTemporary] of SOURCE) {
    await t.test(`${dst} from ${cands.join(' | ')}`, () => {
      const r = E.chooseSource(cands.map(cand), v(dst), {
        table: table(PREFER_IPV6),
        preferTemporary: preferTemporary === true,
      });
      assert.equal(show(r?.best.addr as Uint8Array), show(v(want)), `${dst} from ${cands.join(' | ')}`);
      assert.match(r?.rule ?? '', rule, `${dst}: ${r?.rule}`);
    });
  }
});

test('FreeBSD prefers public addresses unless prefer_tempaddr', () => {
  const cands = ['2001:db8:1::2', '2001:db8:1::d5e3:7953:13eb:22e8 (temporary)'].map(cand);
  const r = E.chooseSource(cands, v('2001:db8:1::d5e3:0:0:1'), { table: table(PREFER_IPV6), preferTemporary: false });
  assert.equal(show(r?.best.addr as Uint8Array), '2001:db8:1::2');
});

const DEST: [string[], string[], [string, string][], RegExp, typeof PREFER_IPV6?][] = [
  [
    ['2001:db8:1::2', 'fe80::1', '169.254.13.78'],
    ['2001:db8:1::1', '198.51.100.121'],
    [
      ['2001:db8:1::1', '2001:db8:1::2'],
      ['198.51.100.121', '169.254.13.78'],
    ],
    /matching scope/,
  ],
  [
    ['fe80::1', '198.51.100.117'],
    ['2001:db8:1::1', '198.51.100.121'],
    [
      ['198.51.100.121', '198.51.100.117'],
      ['2001:db8:1::1', 'fe80::1'],
    ],
    /matching scope/,
  ],
  [
    ['2001:db8:1::2', 'fe80::1', '10.1.2.4'],
    ['2001:db8:1::1', '10.1.2.3'],
    [
      ['2001:db8:1::1', '2001:db8:1::2'],
      ['10.1.2.3', '10.1.2.4'],
    ],
    /higher precedence/,
  ],
  [
    ['2001:db8:1::2', 'fe80::2'],
    ['2001:db8:1::1', 'fe80::1'],
    [
      ['fe80::1', 'fe80::2'],
      ['2001:db8:1::1', '2001:db8:1::2'],
    ],
    /smaller scope/,
  ],
  [
    ['2001:db8:1::2 (care-of)', '2001:db8:3::1 (home)', 'fe80::2 (care-of)'],
    ['2001:db8:1::1', 'fe80::1'],
    [
      ['2001:db8:1::1', '2001:db8:3::1'],
      ['fe80::1', 'fe80::2'],
    ],
    /home/,
  ],
  [
    ['2001:db8:1::2', 'fe80::2 (deprecated)'],
    ['2001:db8:1::1', 'fe80::1'],
    [
      ['2001:db8:1::1', '2001:db8:1::2'],
      ['fe80::1', 'fe80::2'],
    ],
    /deprecated/,
  ],
  [
    ['2001:db8:1::2', '2001:db8:3f44::2', 'fe80::2'],
    ['2001:db8:1::1', '2001:db8:3ffe::1'],
    [
      ['2001:db8:1::1', '2001:db8:1::2'],
      ['2001:db8:3ffe::1', '2001:db8:3f44::2'],
    ],
    /longest matching prefix/,
  ],
  [
    ['2002:c633:6401::2', 'fe80::2'],
    ['2002:c633:6401::1', '2001:db8:1::1'],
    [
      ['2002:c633:6401::1', '2002:c633:6401::2'],
      ['2001:db8:1::1', '2002:c633:6401::2'],
    ],
    /matching label/,
  ],
  [
    ['2002:c633:6401::2', '2001:db8:1::2', 'fe80::2'],
    ['2002:c633:6401::1', '2001:db8:1::1'],
    [
      ['2001:db8:1::1', '2001:db8:1::2'],
      ['2002:c633:6401::1', '2002:c633:6401::2'],
    ],
    /higher precedence/,
  ],
  // 10.2: the prefer_ipv4 table puts IPv4 first
  [
    ['2001:db8:1::2', '10.1.2.4'],
    ['2001:db8:1::1', '10.1.2.3'],
    [
      ['10.1.2.3', '10.1.2.4'],
      ['2001:db8:1::1', '2001:db8:1::2'],
    ],
    /higher precedence/,
    PREFER_IPV4,
  ],
];

test('RFC 6724 10.1 and 10.2: destination address ordering', async (t) => {
  for (const [srcs, dsts, want, rule, rows] of DEST) {
    await t.test(`${dsts.join(' ')} from ${srcs.join(' ')}`, () => {
      const ctx = { table: table(rows ?? PREFER_IPV6), preferTemporary: false };
      const cands = srcs.map(cand);
      // The RFC's examples pick each destination's source among the candidates of its scope.
      const list = dsts.map((d) => ({ addr: v(d), source: E.chooseSource(cands, v(d), ctx)?.best ?? null }));
      const got = E.orderDestinations(list, ctx).map((d) => [show(d.addr), d.source ? show(d.source.addr) : 'none']);
      assert.deepEqual(got, want, `${dsts.join(' ')} from ${srcs.join(' ')}`);
      const [first, second] = E.orderDestinations(list, ctx);
      assert.match(
        E.compareDestinations(first as E.DestinationCandidate, second as E.DestinationCandidate, ctx).rule,
        rule,
      );
    });
  }
});

test('unusable destinations go last; IPv4 has no source on an IPv6-only candidate list', () => {
  const ctx = { table: table(PREFER_IPV4), preferTemporary: false };
  const cands = ['2001:db8:1::2'].map(cand);
  const list = ['10.1.2.3', '2001:db8:1::1'].map((d) => ({
    addr: v(d),
    source: E.chooseSource(cands, v(d), ctx)?.best ?? null,
  }));
  assert.deepEqual(
    E.orderDestinations(list, ctx).map((d) => show(d.addr)),
    ['2001:db8:1::1', '10.1.2.3'],
  );
});

test('lookups made by the kernel count in the Use column', () => {
  const ctx = { table: table(PREFER_IPV6), preferTemporary: false, count: true };
  E.chooseSource(['2001:db8:1::2', '2001:db8:3::2'].map(cand), v('2001:db8:1::1'), ctx);
  assert.equal(ctx.table.find((p) => p.prefix === '::' && p.plen === 0)?.use, 3);
});
