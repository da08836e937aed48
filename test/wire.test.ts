// The wire format: every frame the engine can send encodes to bytes with the right lengths and
// checksums and decodes back to the same frame (property test, fixed seed); damaged bytes are
// refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatIp6, formatMac, canonical } from '../src/addr/index.js';
import type { Frame, Icmp6, Packet } from '../src/engine/types.js';
import {
  decodeFrame,
  decodePacket,
  encodeFrame,
  icmp6Checksum,
  ipPacket,
  pcapHeader,
  pcapRecord,
  pcapRecords,
  WireError,
} from '../src/wire/index.js';

const ip6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIp6(b));
const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => formatMac(b));
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const prefix = fc.record({
  prefix: ip6,
  plen: fc.integer({ min: 0, max: 128 }),
  onlink: fc.boolean(),
  autonomous: fc.boolean(),
  vltime: u32,
  pltime: u32,
});

const body: fc.Arbitrary<Icmp6> = fc.oneof(
  fc.record({ type: fc.constant('NS' as const), target: ip6, slla: fc.option(mac) }),
  fc.record({
    type: fc.constant('NA' as const),
    target: ip6,
    tlla: fc.option(mac),
    router: fc.boolean(),
    solicited: fc.boolean(),
    override: fc.boolean(),
  }),
  fc.record({ type: fc.constant('RS' as const), slla: fc.option(mac) }),
  fc.record({
    type: fc.constant('RA' as const),
    curhlim: fc.integer({ min: 0, max: 255 }),
    managed: fc.boolean(),
    other: fc.boolean(),
    routerLifetime: fc.integer({ min: 0, max: 0xffff }),
    reachable: u32,
    retrans: u32,
    slla: fc.option(mac),
    mtu: fc.option(u32),
    prefixes: fc.array(prefix, { maxLength: 3 }),
  }),
  fc.record({
    type: fc.constantFrom('ECHO' as const, 'ECHO_REPLY' as const),
    ident: fc.integer({ min: 0, max: 0xffff }),
    seq: fc.integer({ min: 0, max: 0xffff }),
    size: fc.integer({ min: 8, max: 1400 }),
    sentAt: fc.integer({ min: 0, max: 4e9 }).map((us) => us / 1000),
  }),
  fc.record({
    type: fc.constant('MLD_REPORT' as const),
    records: fc.array(
      fc.record({
        type: fc.constantFrom('TO_EX' as const, 'TO_IN' as const),
        group: ip6,
        sources: fc.array(ip6, { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  fc.record({
    type: fc.constant('ERROR' as const),
    icmpType: fc.constantFrom(1 as const, 3 as const),
    code: fc.integer({ min: 0, max: 6 }),
    orig: fc.oneof(
      fc.record({
        src: ip6,
        dst: ip6,
        ident: fc.integer({ min: 0, max: 0xffff }),
        seq: fc.integer({ min: 0, max: 0xffff }),
      }),
      fc.record({ src: ip6, dst: ip6, ident: fc.constant(null), seq: fc.constant(null) }),
    ),
  }),
);

const frame: fc.Arbitrary<Frame> = fc.record({
  srcMac: mac,
  dstMac: mac,
  pkt: fc.record({ src: ip6, dst: ip6, hlim: fc.integer({ min: 0, max: 255 }), body }),
});

test('every frame decodes back to itself', () => {
  fc.assert(
    fc.property(frame, (f) => {
      const bytes = encodeFrame(f);
      // structuredClone: fast-check builds objects without a prototype
      assert.deepEqual(decodeFrame(bytes), structuredClone(f));
      // The payload length field and the checksum: what a reader checks.
      const v = new DataView(bytes.buffer);
      assert.equal(v.getUint16(14 + 4), bytes.length - 14 - 40);
      const hbh = f.pkt.body.type === 'MLD_REPORT';
      const icmp = bytes.subarray(14 + 40 + (hbh ? 8 : 0));
      assert.equal(icmp6Checksum(bytes.subarray(22, 38), bytes.subarray(38, 54), icmp), 0);
    }),
    { seed: 20261201, numRuns: 500 },
  );
});

const dad: Packet = {
  src: canonical('::'),
  dst: canonical('ff02::1:ff00:1'),
  hlim: 255,
  body: { type: 'NS', target: canonical('2001:db8::1'), slla: null },
};

test('a DAD probe, byte for byte (RFC 4861 4.3: 24 bytes of ICMPv6, no option from ::)', () => {
  const b = ipPacket(dad);
  assert.equal(b.length, 40 + 24);
  assert.deepEqual([...b.subarray(0, 8)], [0x60, 0, 0, 0, 0, 24, 58, 255]);
  assert.equal(b[40], 135);
  assert.deepEqual(decodePacket(b), dad);
});

test('MLD reports carry the router alert and hop limit 1 (RFC 3810 5)', () => {
  const b = ipPacket({
    src: canonical('fe80::1'),
    dst: canonical('ff02::16'),
    hlim: 1,
    body: { type: 'MLD_REPORT', records: [{ type: 'TO_EX', group: canonical('ff02::1:ff00:1'), sources: [] }] },
  });
  assert.equal(b[6], 0, 'next header: hop-by-hop');
  assert.equal(b[7], 1);
  assert.deepEqual([...b.subarray(40, 48)], [58, 0, 5, 2, 0, 0, 1, 0]);
  assert.equal(b[48], 143);
});

test('damage is refused', () => {
  const good = encodeFrame({ srcMac: '52:54:00:00:00:01', dstMac: '33:33:ff:00:00:01', pkt: dad });
  const flipped = good.slice();
  flipped[14 + 40 + 10] = (flipped[14 + 40 + 10] as number) ^ 1;
  assert.throws(() => decodeFrame(flipped), /bad ICMPv6 checksum/);
  assert.throws(() => decodeFrame(good.subarray(0, good.length - 1)), WireError);
  const v4 = good.slice();
  v4[12] = 0x08;
  v4[13] = 0x00;
  assert.throws(() => decodeFrame(v4), /ethertype 0x800/);
});

test('pcap: header, records and times read back', () => {
  const a = encodeFrame({ srcMac: '52:54:00:00:00:01', dstMac: '33:33:ff:00:00:01', pkt: dad });
  const file = new Uint8Array([...pcapHeader(), ...pcapRecord(1500.25, a), ...pcapRecord(3_600_000, a)]);
  const recs = [...pcapRecords(file)];
  assert.deepEqual(
    recs.map((r) => r.at),
    [1500.25, 3_600_000],
  );
  assert.deepEqual(recs[0]?.bytes, a);
});
