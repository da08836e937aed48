// Parser and formatter properties, with Node's net.isIPv6 and glibc's inet_pton as oracles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIPv6 } from 'node:net';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { Address6 } from 'ip-address';
import {
  AddrError,
  canonical,
  eui64FromMac,
  formatIp6,
  formatMac,
  isCanonical,
  isV4Compatible,
  isV4Mapped,
  linkLocalFromIid,
  needsZone,
  parseDuration,
  parseIp6,
  parseIp6Checked,
  parseMac,
  parsePrefix,
  parseScoped,
  scopeOf,
  sec2str,
  solicitedNode,
  nodeInformationGroup,
  takeEmbeddedScope,
  applyMask,
  maskLen,
  maskBytes,
} from '../src/addr/index.js';

const bytes16 = fc.uint8Array({ minLength: 16, maxLength: 16 });
/** Addresses with many zero groups, so that '::' placement and the IPv4 tail rules get exercised. */
const sparse16 = fc
  .array(
    fc.oneof(fc.constant(0), fc.constant(0), fc.constant(1), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff })),
    { minLength: 8, maxLength: 8 },
  )
  .map((ws) => Uint8Array.from(ws.flatMap((w) => [w >> 8, w & 0xff])));
const anyAddr = fc.oneof(bytes16, sparse16);

/** Text forms of an address: full, leading zeros, upper case, any '::' placement, dotted tail. */
const textForm = fc
  .tuple(anyAddr, fc.nat(), fc.boolean(), fc.boolean(), fc.boolean())
  .map(([b, cut, pad, upper, v4]) => {
    const w = Array.from({ length: 8 }, (_, i) => ((b[2 * i] as number) << 8) | (b[2 * i + 1] as number));
    let groups = w.map((x) => (pad ? x.toString(16).padStart(4, '0') : x.toString(16)));
    let tail = '';
    if (v4) {
      groups = groups.slice(0, 6);
      tail = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    }
    const zeros = groups.map((g) => /^0+$/.test(g));
    const start = cut % groups.length;
    let end = start;
    while (end < groups.length && zeros[end]) end++;
    let text: string;
    if (end - start >= 1 && cut % 3 !== 0) text = `${groups.slice(0, start).join(':')}::${groups.slice(end).join(':')}`;
    else text = groups.join(':');
    if (tail) text = text.endsWith('::') ? `${text}${tail}` : `${text}:${tail}`;
    return upper ? text.toUpperCase() : text;
  });

const junk = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg:.%/ '.split('')), maxLength: 45 });

test('format(parse(x)) round-trips bytes and is idempotent', () => {
  fc.assert(
    fc.property(anyAddr, (b) => {
      const t = formatIp6(b);
      assert.deepEqual(parseIp6(t), b);
      assert.equal(canonical(t), t);
    }),
    { numRuns: 5000 },
  );
});

test('every accepted text form parses to the same address as its canonical form', () => {
  fc.assert(
    fc.property(textForm, (t) => {
      assert.ok(isIPv6(t), `node rejects ${t}`);
      const c = canonical(t);
      assert.equal(canonical(c), c);
      assert.deepEqual(parseIp6(c), parseIp6(t));
    }),
    { numRuns: 5000 },
  );
});

test('acceptance agrees with net.isIPv6 and rejections name a token of the input', () => {
  fc.assert(
    fc.property(
      fc.oneof(
        junk,
        textForm,
        textForm.map((t) => `${t}:`),
        textForm.map((t) => t.replace(':', ':::')),
      ),
      (t) => {
        let ok = true;
        try {
          parseIp6(t);
        } catch (e) {
          ok = false;
          assert.ok(e instanceof AddrError);
          assert.ok(t.includes(e.token) || e.token === t, `token '${e.token}' not in '${t}'`);
        }
        assert.equal(ok, isIPv6(t) && !t.includes('%'), t);
      },
    ),
    { numRuns: 20000 },
  );
});

test('the one-pass parser answers as the checked one; isCanonical is canonical(x) === x', () => {
  const outcome = (parse: (s: string) => Uint8Array, t: string): string => {
    try {
      return Buffer.from(parse(t)).toString('hex');
    } catch (e) {
      return `refused: ${(e as Error).message}`;
    }
  };
  fc.assert(
    fc.property(
      fc.oneof(
        junk,
        textForm,
        anyAddr.map(formatIp6),
        textForm.map((t) => `${t}:`),
        textForm.map((t) => t.replace(':', ':::')),
      ),
      (t) => {
        assert.equal(outcome(parseIp6, t), outcome(parseIp6Checked, t), t);
        let canon: string | null = null;
        try {
          canon = canonical(t);
        } catch {}
        assert.equal(isCanonical(t), canon === t, t);
      },
    ),
    { numRuns: 20000 },
  );
});

test('glibc inet_pton (python3) agrees on acceptance and bytes', (t) => {
  let py: string;
  const cases = fc.sample(fc.oneof(junk, textForm), { numRuns: 3000, seed: 42 }).filter((s) => !s.includes('\n'));
  try {
    py = execFileSync(
      'python3',
      [
        '-c',
        `
import socket,sys
for line in sys.stdin.read().split("\\n"):
    try: print(socket.inet_pton(socket.AF_INET6, line).hex())
    except Exception: print("-")
`,
      ],
      { input: cases.join('\n'), encoding: 'utf8' },
    );
  } catch {
    t.skip('python3 is not available: glibc oracle not run');
    return;
  }
  const lines = py.trimEnd().split('\n');
  cases.forEach((c, i) => {
    let ours = '-';
    try {
      ours = Buffer.from(parseIp6(c)).toString('hex');
    } catch {
      /* rejected */
    }
    assert.equal(ours, lines[i], `'${c}'`);
  });
});

test('ip-address reads our canonical text as the same 128 bits', () => {
  fc.assert(
    fc.property(anyAddr, (b) => {
      const full = new Address6(formatIp6(b)).canonicalForm().replace(/:/g, '');
      assert.equal(full, Buffer.from(b).toString('hex'));
    }),
    { numRuns: 2000 },
  );
});

test('FreeBSD inet_ntop forms (spec 0.4)', () => {
  const cases: [string, string][] = [
    ['::', '::'],
    ['::1', '::1'],
    ['::2', '::0.0.0.2'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4'],
    ['::ffff:0:0', '::ffff:0.0.0.0'],
    ['::1:2', '::0.1.0.2'],
    ['2001:db8:0:1::1', '2001:db8:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:0:1:0:0:1:1', '1::1:0:0:1:1'],
    ['2001:DB8::A', '2001:db8::a'],
    ['fe80:0000::0001', 'fe80::1'],
    ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
    ['0:0:1::', '0:0:1::'],
    ['1::', '1::'],
    ['::1.2.3.4', '::1.2.3.4'],
  ];
  for (const [i, o] of cases) assert.equal(canonical(i), o, i);
});

test('known traps are rejected with the bad token named', () => {
  assert.throws(
    () => parseScoped('fe80::1%'),
    (e: AddrError) => e.token === '%',
  );
  assert.throws(
    () => parsePrefix('2001:db8::/064'),
    (e: AddrError) => e.token === '064',
  );
  assert.throws(
    () => parsePrefix('2001:db8::/129'),
    (e: AddrError) => e.token === '129',
  );
  assert.throws(
    () => parseScoped('2001:db8::1%em0'),
    (e: AddrError) => e.token === '%em0',
  );
  assert.throws(
    () => parseIp6('2001:zz::1'),
    (e: AddrError) => e.token === 'zz',
  );
  assert.throws(
    () => parseIp6('1::2::3'),
    (e: AddrError) => e.token === '::',
  );
  assert.throws(
    () => parseIp6('::1.2.3.04'),
    (e: AddrError) => e.token === '04',
  );
});

test('scoped and KAME embedded forms', () => {
  assert.deepEqual(parseScoped('fe80::1%em0'), { addr: parseIp6('fe80::1'), zone: 'em0' });
  assert.equal(parseScoped('ff02::1%1').zone, '1');
  const e = takeEmbeddedScope(parseIp6('fe80:2::9876:5432:1234:5678'));
  assert.equal(e.index, 2);
  assert.equal(formatIp6(e.addr), 'fe80::9876:5432:1234:5678');
  assert.equal(takeEmbeddedScope(parseIp6('2001:2::1')).index, 0);
});

test('classification and scopes', () => {
  assert.equal(scopeOf(parseIp6('fe80::1')), 'link');
  assert.equal(scopeOf(parseIp6('febf::1')), 'link');
  assert.equal(scopeOf(parseIp6('fec0::1')), 'site');
  assert.equal(scopeOf(parseIp6('ff05::2')), 'site');
  assert.equal(scopeOf(parseIp6('ff01::1')), 'interface');
  assert.equal(scopeOf(parseIp6('ff0e::1')), 'global');
  assert.equal(scopeOf(parseIp6('2001:db8::1')), 'global');
  assert.ok(isV4Mapped(parseIp6('::ffff:10.0.0.1')));
  assert.ok(isV4Compatible(parseIp6('::10.0.0.1')));
  assert.ok(!isV4Compatible(parseIp6('::1')));
  assert.ok(needsZone(parseIp6('ff02::1')) && !needsZone(parseIp6('ff05::1')) && !needsZone(parseIp6('::1')));
  assert.equal(formatIp6(solicitedNode(parseIp6('2001:db8::12:3456'))), 'ff02::1:ff12:3456');
});

test('prefixes and masks', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 128 }), bytes16, (len, b) => {
      assert.equal(maskLen(maskBytes(len)), len);
      assert.deepEqual(applyMask(applyMask(b, len), len), applyMask(b, len));
    }),
  );
  assert.equal(maskLen(parseIp6('ffff:0:ffff::')), -1);
});

test('MACs and EUI-64', () => {
  assert.equal(formatMac(parseMac('0:c:29:ab:cd:ef')), '00:0c:29:ab:cd:ef');
  assert.throws(() => parseMac('00:0c:29:ab:cd'), AddrError);
  assert.throws(
    () => parseMac('00:0c:29:ab:cd:xx'),
    (e: AddrError) => e.token === 'xx',
  );
  assert.equal(formatIp6(linkLocalFromIid(eui64FromMac(parseMac('52:54:00:12:34:56')))), 'fe80::5054:ff:fe12:3456');
  assert.equal(formatIp6(linkLocalFromIid(eui64FromMac(parseMac('02:c1:8d:4b:2d:0a')))), 'fe80::c1:8dff:fe4b:2d0a');
});

test('durations', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('30s'), 30_000);
  assert.equal(parseDuration('2h'), 7_200_000);
  assert.equal(parseDuration('1m30s'), 90_000);
  assert.equal(parseDuration('45'), 45_000);
  assert.equal(parseDuration('infty'), Infinity);
  assert.throws(
    () => parseDuration('3x'),
    (e: AddrError) => e.token === '3x',
  );
  assert.throws(
    () => parseDuration('1m3'),
    (e: AddrError) => e.token === '3',
  );
  assert.deepEqual([5, 90, 3600, 86400, 0].map(sec2str), ['5s', '1m30s', '1h0m0s', '1d0h0m0s', '0s']);
});

test('firstGroupOf classifies as the whole address does (link-local, multicast)', async () => {
  const { firstGroupOf, isLinkLocal, isMulticast, formatIp6 } = await import('../src/addr/index.js');
  const groups = [0, 1, 0xfe7f, 0xfe80, 0xfebf, 0xfec0, 0xfeff, 0xff00, 0xff02, 0xffff, 0x2001, 0xfe8];
  for (const g of groups)
    for (const rest of [0, 1, 0xffff]) {
      const a = new Uint8Array(16);
      a[0] = g >> 8;
      a[1] = g & 0xff;
      a[15] = rest & 0xff;
      a[14] = rest >> 8;
      const head = firstGroupOf(formatIp6(a));
      assert.deepEqual([isLinkLocal(head), isMulticast(head)], [isLinkLocal(a), isMulticast(a)], formatIp6(a));
    }
});

test('md5 matches node:crypto across the padding boundaries', async () => {
  const { md5 } = await import('../src/addr/md5.js');
  const { createHash } = await import('node:crypto');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
      assert.equal(Buffer.from(md5(b)).toString('hex'), createHash('md5').update(b).digest('hex'));
    }),
  );
  for (const n of [0, 55, 56, 63, 64, 119, 120]) {
    const b = new Uint8Array(n).fill(0x61);
    assert.equal(Buffer.from(md5(b)).toString('hex'), createHash('md5').update(b).digest('hex'), `${n} bytes`);
  }
});

test('node-information groups: both forms, against MD5 of the length-prefixed, lower-cased first label', () => {
  // in6_nigroup0: MD5 over the label's length byte and the label; RFC 4620 keeps 24 bits after
  // ff02::2:ff, the older form 32 bits after ff02::2:.
  const digest = (label: string): Buffer =>
    createHash('md5')
      .update(Buffer.concat([Buffer.of(label.length), Buffer.from(label)]))
      .digest();
  fc.assert(
    fc.property(fc.stringMatching(/^[A-Za-z0-9-]{1,63}(\.[a-z]{1,8})?$/), (name) => {
      const d = digest((name.split('.')[0] as string).toLowerCase());
      const hex = (b: Buffer): string => b.toString('hex');
      const old = nodeInformationGroup(name, 'old') as Uint8Array;
      const rfc = nodeInformationGroup(name, 'rfc4620') as Uint8Array;
      assert.equal(hex(Buffer.from(old.subarray(0, 12))), 'ff0200000000000000000002');
      assert.equal(hex(Buffer.from(old.subarray(12))), hex(d.subarray(0, 4)));
      assert.equal(hex(Buffer.from(rfc.subarray(0, 13))), 'ff0200000000000000000002ff');
      assert.equal(hex(Buffer.from(rfc.subarray(13))), hex(d.subarray(0, 3)));
    }),
  );
  assert.equal(formatIp6(nodeInformationGroup('host', 'rfc4620') as Uint8Array), 'ff02::2:ff18:3880');
  for (const bad of ['', '.example', 'x'.repeat(64)]) {
    assert.equal(nodeInformationGroup(bad, 'old'), null);
    assert.equal(nodeInformationGroup(bad, 'rfc4620'), null);
  }
});
