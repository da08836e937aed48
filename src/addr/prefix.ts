// Prefixes (ADDR/LEN), masks, and the scoped forms users type: fe80::1%em0, fe80::1%1, and
// KAME's embedded form fe80:1::1 (interface index in bytes 2-3), accepted where KAME did.
import { AddrError, formatIp6, type Ip6, type Ip6Text, parseIp6 } from './ip6.js';
import { needsZone } from './scope.js';

export interface Prefix {
  readonly addr: Ip6;
  readonly len: number;
}

const PLEN = /^(?:0|[1-9]\d{0,2})$/;

export function parsePrefixLen(input: string, text: string = input): number {
  if (!PLEN.test(text) || Number(text) > 128) throw new AddrError(input, text, 'bad prefix length');
  return Number(text);
}

export function maskBytes(len: number): Ip6 {
  const m = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, len - i * 8));
    m[i] = (0xff00 >> bits) & 0xff;
  }
  return m;
}

export function applyMask(a: Ip6, len: number): Ip6 {
  const m = maskBytes(len);
  return a.map((x, i) => x & (m[i] as number));
}

/** The canonical text of the prefix of length `len` that holds the address `addr` (text). */
export function prefixOf(addr: string, len: number): Ip6Text {
  return formatIp6(applyMask(parseIp6(addr), len));
}

/** Prefix length of a contiguous mask, or -1 if the mask is not contiguous. */
export function maskLen(m: Ip6): number {
  let len = 0;
  let i = 0;
  for (; i < 16 && m[i] === 0xff; i++) len += 8;
  if (i < 16) {
    const x = m[i] as number;
    const bits = [0x00, 0x80, 0xc0, 0xe0, 0xf0, 0xf8, 0xfc, 0xfe].indexOf(x);
    if (bits < 0) return -1;
    len += bits;
    for (i++; i < 16; i++) if (m[i] !== 0) return -1;
  }
  return len;
}

export function prefixContains(p: Prefix, a: Ip6): boolean {
  const full = p.len >> 3;
  for (let i = 0; i < full; i++) if (p.addr[i] !== a[i]) return false;
  const rest = p.len & 7;
  if (rest === 0) return true;
  const m = (0xff00 >> rest) & 0xff;
  return ((p.addr[full] as number) & m) === ((a[full] as number) & m);
}

/** ADDR/LEN; LEN is required unless defaultLen is given. The address is kept as typed (not masked). */
export function parsePrefix(input: string, defaultLen?: number): Prefix {
  const slash = input.indexOf('/');
  if (slash < 0) {
    if (defaultLen === undefined) throw new AddrError(input, input, 'missing prefix length');
    return { addr: parseIp6(input), len: defaultLen };
  }
  const addr = parseIp6(input.slice(0, slash));
  return { addr, len: parsePrefixLen(input, input.slice(slash + 1)) };
}

/** An address with an optional zone: a name (em0) or a decimal interface index. */
export interface Scoped {
  readonly addr: Ip6;
  readonly zone?: string;
}

const ZONE = /^[A-Za-z0-9_.-]+$/;

export function parseScoped(input: string): Scoped {
  const pct = input.indexOf('%');
  if (pct < 0) return { addr: parseIp6(input) };
  const addr = parseIp6(input.slice(0, pct));
  const zone = input.slice(pct + 1);
  if (zone === '') throw new AddrError(input, '%', 'empty zone');
  if (!ZONE.test(zone)) throw new AddrError(input, zone, 'bad zone');
  if (!needsZone(addr)) throw new AddrError(input, `%${zone}`, 'zone on an address without scope');
  return { addr, zone };
}

/** KAME's embedded scope: a copy of the address with the zone index in bytes 2-3 (none for 0). */
export function embedScope(a: Ip6, zone: number): Ip6 {
  const k = Uint8Array.from(a);
  if (zone) {
    k[2] = zone >> 8;
    k[3] = zone & 0xff;
  }
  return k;
}

/**
 * KAME's embedded scope (IMPLEMENTATION 1.3.1): fe80:IDX::... names interface IDX. Returns the
 * clean address and the index; index 0 when nothing is embedded. Never printed back.
 */
export function takeEmbeddedScope(a: Ip6): { addr: Ip6; index: number } {
  if (!needsZone(a)) return { addr: a, index: 0 };
  const index = ((a[2] as number) << 8) | (a[3] as number);
  if (index === 0) return { addr: a, index: 0 };
  const clean = Uint8Array.from(a);
  clean[2] = 0;
  clean[3] = 0;
  return { addr: clean, index };
}
