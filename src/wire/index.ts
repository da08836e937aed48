// The engine's frames as the bytes a KAME stack puts on an Ethernet: Ethernet II, IPv6 (with the
// hop-by-hop router-alert header on MLD, RFC 2711), ICMPv6 with its checksum over the pseudo
// header (RFC 4443 2.3), ND options in rtadvd's and nd6's order (RFC 4861 4.6), MLDv2 reports
// (RFC 3810 5.2). decodeFrame reads them back; pcap files carry them (LINKTYPE_ETHERNET).
// Pure: no I/O, no clock.
import { formatIp6, formatMac, parseIp6, parseMac } from '../addr/index.js';
import type { Frame, Icmp6, Packet, PrefixInfo } from '../engine/types.js';

const ETHERTYPE_IPV6 = 0x86dd;
const NH_HOPOPTS = 0;
const NH_ICMPV6 = 58;
const ND_OPT_SLLA = 1;
const ND_OPT_TLLA = 2;
const ND_OPT_PREFIX = 3;
const ND_OPT_MTU = 5;
/** MLDv2 record types (RFC 3810 5.2.12). */
const RECORD_TYPE = { TO_IN: 3, TO_EX: 4 } as const;
/** ping's data after ident and seq: the send time (struct tv32), then bytes counting up. */
const TV32_LEN = 8;

class Writer {
  private buf = new Uint8Array(256);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  u8(v: number): this {
    this.room(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }
  u16(v: number): this {
    return this.u8(v >>> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }
  zeros(n: number): this {
    return this.bytes(new Uint8Array(n));
  }
  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** RFC 1071 ones' complement sum over the IPv6 pseudo header and the upper-layer packet. */
export function icmp6Checksum(src: Uint8Array, dst: Uint8Array, body: Uint8Array): number {
  let sum = 0;
  const add = (b: Uint8Array): void => {
    for (let i = 0; i < b.length; i += 2) sum += ((b[i] as number) << 8) | (b[i + 1] ?? 0);
  };
  add(src);
  add(dst);
  sum += body.length >>> 16;
  sum += body.length & 0xffff;
  sum += NH_ICMPV6;
  add(body);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function llaOption(w: Writer, type: number, mac: string | null): void {
  if (mac) w.u8(type).u8(1).bytes(parseMac(mac));
}

function prefixOption(w: Writer, p: PrefixInfo): void {
  w.u8(ND_OPT_PREFIX)
    .u8(4)
    .u8(p.plen)
    .u8((p.onlink ? 0x80 : 0) | (p.autonomous ? 0x40 : 0));
  w.u32(p.vltime).u32(p.pltime).u32(0).bytes(parseIp6(p.prefix));
}

/** The ICMPv6 message with its checksum field zero. */
function icmp6Body(b: Icmp6): Uint8Array {
  const w = new Writer();
  switch (b.type) {
    case 'NS':
      w.u8(135).u8(0).u16(0).u32(0).bytes(parseIp6(b.target));
      llaOption(w, ND_OPT_SLLA, b.slla);
      break;
    case 'NA':
      w.u8(136)
        .u8(0)
        .u16(0)
        .u8((b.router ? 0x80 : 0) | (b.solicited ? 0x40 : 0) | (b.override ? 0x20 : 0))
        .zeros(3)
        .bytes(parseIp6(b.target));
      llaOption(w, ND_OPT_TLLA, b.tlla);
      break;
    case 'RS':
      w.u8(133).u8(0).u16(0).u32(0);
      llaOption(w, ND_OPT_SLLA, b.slla);
      break;
    case 'RA':
      w.u8(134)
        .u8(0)
        .u16(0)
        .u8(b.curhlim)
        .u8((b.managed ? 0x80 : 0) | (b.other ? 0x40 : 0))
        .u16(b.routerLifetime)
        .u32(b.reachable)
        .u32(b.retrans);
      // rtadvd's make_packet: source link-layer address, MTU, then the prefixes.
      llaOption(w, ND_OPT_SLLA, b.slla);
      if (b.mtu !== null) w.u8(ND_OPT_MTU).u8(1).u16(0).u32(b.mtu);
      for (const p of b.prefixes) prefixOption(w, p);
      break;
    case 'ECHO':
    case 'ECHO_REPLY': {
      w.u8(b.type === 'ECHO' ? 128 : 129)
        .u8(0)
        .u16(0)
        .u16(b.ident)
        .u16(b.seq);
      const data = new Uint8Array(b.size);
      if (b.size >= TV32_LEN) {
        const us = Math.round(b.sentAt * 1000);
        const view = new DataView(data.buffer);
        view.setUint32(0, Math.floor(us / 1e6));
        view.setUint32(4, us % 1e6);
      }
      for (let i = b.size >= TV32_LEN ? TV32_LEN : 0; i < b.size; i++) data[i] = (i + 8) & 0xff;
      w.bytes(data);
      break;
    }
    case 'MLD_REPORT':
      w.u8(143).u8(0).u16(0).u16(0).u16(b.records.length);
      for (const r of b.records) {
        w.u8(RECORD_TYPE[r.type]).u8(0).u16(r.sources.length).bytes(parseIp6(r.group));
        for (const s of r.sources) w.bytes(parseIp6(s));
      }
      break;
    case 'ERROR': {
      w.u8(b.icmpType).u8(b.code).u16(0).u32(0);
      // The invoking packet as far as the simulation remembers it: its header and echo header.
      const quoted = ipPacket({
        src: b.orig.src,
        dst: b.orig.dst,
        hlim: 0,
        body:
          b.orig.ident === null
            ? { type: 'ECHO_REPLY', ident: 0, seq: 0, size: 0, sentAt: 0 }
            : { type: 'ECHO', ident: b.orig.ident, seq: b.orig.seq ?? 0, size: 0, sentAt: 0 },
      });
      w.bytes(quoted);
      break;
    }
  }
  return w.done();
}

/** The IPv6 packet: header, the router-alert hop-by-hop header for MLD, the checksummed ICMPv6. */
export function ipPacket(pkt: Packet): Uint8Array {
  const src = parseIp6(pkt.src);
  const dst = parseIp6(pkt.dst);
  const body = icmp6Body(pkt.body);
  const sum = icmp6Checksum(src, dst, body);
  body[2] = sum >>> 8;
  body[3] = sum & 0xff;
  const hbh = pkt.body.type === 'MLD_REPORT';
  const w = new Writer();
  w.u32(0x60000000)
    .u16(body.length + (hbh ? 8 : 0))
    .u8(hbh ? NH_HOPOPTS : NH_ICMPV6)
    .u8(pkt.hlim)
    .bytes(src)
    .bytes(dst);
  // Next header ICMPv6, length 0 (8 bytes): router alert (type 5, value 0: MLD), then PadN.
  if (hbh) w.u8(NH_ICMPV6).u8(0).u8(5).u8(2).u16(0).u8(1).u8(0);
  return w.bytes(body).done();
}

/** The IPv6 packet's length on the wire (what a link MTU is compared with). */
export const packetLength = (pkt: Packet): number => ipPacket(pkt).length;

export function encodeFrame(f: Frame): Uint8Array {
  return new Writer()
    .bytes(parseMac(f.dstMac))
    .bytes(parseMac(f.srcMac))
    .u16(ETHERTYPE_IPV6)
    .bytes(ipPacket(f.pkt))
    .done();
}

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

class Reader {
  constructor(
    readonly b: Uint8Array,
    public at = 0,
  ) {}
  need(n: number): void {
    if (this.at + n > this.b.length)
      throw new WireError(`truncated at byte ${this.at} (${n} more wanted, ${this.b.length - this.at} left)`);
  }
  u8(): number {
    this.need(1);
    return this.b[this.at++] as number;
  }
  u16(): number {
    return (this.u8() << 8) | this.u8();
  }
  u32(): number {
    return ((this.u16() << 16) >>> 0) + this.u16();
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  get left(): number {
    return this.b.length - this.at;
  }
}

interface Options {
  slla: string | null;
  tlla: string | null;
  mtu: number | null;
  prefixes: PrefixInfo[];
}

function ndOptions(r: Reader): Options {
  const o: Options = { slla: null, tlla: null, mtu: null, prefixes: [] };
  while (r.left > 0) {
    const type = r.u8();
    const len = r.u8();
    if (len === 0) throw new WireError('an ND option of length 0');
    const body = new Reader(r.bytes(len * 8 - 2));
    if (type === ND_OPT_SLLA) o.slla = formatMac(body.bytes(6));
    else if (type === ND_OPT_TLLA) o.tlla = formatMac(body.bytes(6));
    else if (type === ND_OPT_MTU) {
      body.u16();
      o.mtu = body.u32();
    } else if (type === ND_OPT_PREFIX) {
      const plen = body.u8();
      const flags = body.u8();
      const vltime = body.u32();
      const pltime = body.u32();
      body.u32();
      o.prefixes.push({
        prefix: formatIp6(body.bytes(16)),
        plen,
        onlink: (flags & 0x80) !== 0,
        autonomous: (flags & 0x40) !== 0,
        vltime,
        pltime,
      });
    }
  }
  return o;
}

function icmp6Decode(r: Reader): Icmp6 {
  const type = r.u8();
  const code = r.u8();
  r.u16();
  switch (type) {
    case 135: {
      r.u32();
      const target = formatIp6(r.bytes(16));
      return { type: 'NS', target, slla: ndOptions(r).slla };
    }
    case 136: {
      const flags = r.u8();
      r.bytes(3);
      const target = formatIp6(r.bytes(16));
      return {
        type: 'NA',
        target,
        tlla: ndOptions(r).tlla,
        router: (flags & 0x80) !== 0,
        solicited: (flags & 0x40) !== 0,
        override: (flags & 0x20) !== 0,
      };
    }
    case 133:
      r.u32();
      return { type: 'RS', slla: ndOptions(r).slla };
    case 134: {
      const curhlim = r.u8();
      const flags = r.u8();
      const routerLifetime = r.u16();
      const reachable = r.u32();
      const retrans = r.u32();
      const o = ndOptions(r);
      return {
        type: 'RA',
        curhlim,
        managed: (flags & 0x80) !== 0,
        other: (flags & 0x40) !== 0,
        routerLifetime,
        reachable,
        retrans,
        slla: o.slla,
        mtu: o.mtu,
        prefixes: o.prefixes,
      };
    }
    case 128:
    case 129: {
      const ident = r.u16();
      const seq = r.u16();
      const data = r.bytes(r.left);
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const sentAt = data.length >= TV32_LEN ? (view.getUint32(0) * 1e6 + view.getUint32(4)) / 1000 : 0;
      return { type: type === 128 ? 'ECHO' : 'ECHO_REPLY', ident, seq, size: data.length, sentAt };
    }
    case 143: {
      r.u16();
      const n = r.u16();
      const records: Extract<Icmp6, { type: 'MLD_REPORT' }>['records'] = [];
      for (let i = 0; i < n; i++) {
        const rt = r.u8();
        const aux = r.u8();
        const ns = r.u16();
        const group = formatIp6(r.bytes(16));
        const sources = Array.from({ length: ns }, () => formatIp6(r.bytes(16)));
        r.bytes(aux * 4);
        const kind = rt === RECORD_TYPE.TO_IN ? 'TO_IN' : rt === RECORD_TYPE.TO_EX ? 'TO_EX' : null;
        if (!kind) throw new WireError(`MLDv2 record type ${rt} is not one the simulation sends`);
        records.push({ type: kind, group, sources });
      }
      return { type: 'MLD_REPORT', records };
    }
    case 1:
    case 3: {
      r.u32();
      const inner = decodePacket(r.bytes(r.left), false);
      const echo = inner.body.type === 'ECHO' ? inner.body : null;
      return {
        type: 'ERROR',
        icmpType: type,
        code,
        orig: { src: inner.src, dst: inner.dst, ident: echo?.ident ?? null, seq: echo?.seq ?? null },
      };
    }
    default:
      throw new WireError(`ICMPv6 type ${type} is not one the simulation sends`);
  }
}

/** An IPv6 packet back into the engine's terms; `verify`: the checksum must be right. */
export function decodePacket(b: Uint8Array, verify = true): Packet {
  const r = new Reader(b);
  const vtf = r.u32();
  if (vtf >>> 28 !== 6) throw new WireError(`IP version ${vtf >>> 28}`);
  const plen = r.u16();
  let nh = r.u8();
  const hlim = r.u8();
  const srcB = r.bytes(16);
  const dstB = r.bytes(16);
  if (r.left !== plen) throw new WireError(`payload length ${plen}, but ${r.left} bytes follow`);
  if (nh === NH_HOPOPTS) {
    nh = r.u8();
    r.bytes(r.u8() * 8 + 6);
  }
  if (nh !== NH_ICMPV6) throw new WireError(`next header ${nh}`);
  const body = b.subarray(r.at);
  if (verify && icmp6Checksum(srcB, dstB, body) !== 0) throw new WireError('bad ICMPv6 checksum');
  return { src: formatIp6(srcB), dst: formatIp6(dstB), hlim, body: icmp6Decode(r) };
}

export function decodeFrame(b: Uint8Array): Frame {
  const r = new Reader(b);
  const dstMac = formatMac(r.bytes(6));
  const srcMac = formatMac(r.bytes(6));
  const type = r.u16();
  if (type !== ETHERTYPE_IPV6) throw new WireError(`ethertype 0x${type.toString(16)}`);
  return { dstMac, srcMac, pkt: decodePacket(b.subarray(14)) };
}

/** pcap's file header: microsecond timestamps, LINKTYPE_ETHERNET. */
export function pcapHeader(): Uint8Array {
  const b = new Uint8Array(24);
  const v = new DataView(b.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 262144, true);
  v.setUint32(20, 1, true);
  return b;
}

/** One pcap record: the time of the world clock (ms since it started) and the frame. */
export function pcapRecord(atMs: number, frame: Uint8Array): Uint8Array {
  const b = new Uint8Array(16 + frame.length);
  const v = new DataView(b.buffer);
  const us = Math.round(atMs * 1000);
  v.setUint32(0, Math.floor(us / 1e6), true);
  v.setUint32(4, us % 1e6, true);
  v.setUint32(8, frame.length, true);
  v.setUint32(12, frame.length, true);
  b.set(frame, 16);
  return b;
}

/** The records of a pcap file this module wrote: time in ms and the frame's bytes. */
export function* pcapRecords(file: Uint8Array): Generator<{ at: number; bytes: Uint8Array }> {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.length < 24 || v.getUint32(0, true) !== 0xa1b2c3d4)
    throw new WireError('not a pcap file of ip6kit (magic, byte order)');
  for (let at = 24; at + 16 <= file.length; ) {
    const len = v.getUint32(at + 8, true);
    if (at + 16 + len > file.length) throw new WireError(`record at byte ${at} runs past the end`);
    yield {
      at: v.getUint32(at, true) * 1000 + v.getUint32(at + 4, true) / 1000,
      bytes: file.subarray(at + 16, at + 16 + len),
    };
    at += 16 + len;
  }
}
