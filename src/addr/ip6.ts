// IPv6 address values: parsed once into 16 bytes that cannot be invalid, printed the way
// FreeBSD libc's inet_ntop does (BIND algorithm, spec/formats.md 0.4).

export class AddrError extends Error {
  /** The offending piece of input, so every rejection can name it. */
  constructor(
    readonly input: string,
    readonly token: string,
    readonly why: string,
  ) {
    super(`${input}: ${why}${token !== input ? ` ('${token}')` : ''}`);
    this.name = 'AddrError';
  }
}

/** 16 network-order bytes. Treated as immutable once built. */
export type Ip6 = Uint8Array;

declare const canonicalText: unique symbol;
/**
 * An address in the one text form formatIp6 writes (FreeBSD's inet_ntop): the engine keeps and
 * compares addresses as this, so two spellings of one address can never be two keys. Only
 * formatIp6 (and canonical, prefixOf, which use it) make one.
 */
export type Ip6Text = string & { readonly [canonicalText]: true };

const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const DEC_OCTET = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;

function parseV4Tail(input: string, tail: string): number[] {
  const parts = tail.split('.');
  if (parts.length !== 4) throw new AddrError(input, tail, 'bad IPv4 part');
  return parts.map((p) => {
    if (!DEC_OCTET.test(p)) throw new AddrError(input, p, 'bad IPv4 octet');
    return Number(p);
  });
}

function parseGroups(input: string, text: string, allowV4: boolean): number[] {
  if (text === '') return [];
  const out: number[] = [];
  const parts = text.split(':');
  parts.forEach((p, i) => {
    if (allowV4 && i === parts.length - 1 && p.includes('.')) {
      const [a, b, c, d] = parseV4Tail(input, p) as [number, number, number, number];
      out.push((a << 8) | b, (c << 8) | d);
    } else if (HEX_GROUP.test(p)) {
      out.push(parseInt(p, 16));
    } else {
      throw new AddrError(input, p === '' ? ':' : p, p === '' ? 'misplaced colon' : 'bad group');
    }
  });
  return out;
}

/** Parses an IPv6 address without a zone (RFC 4291 2.2 text forms). */
export function parseIp6(input: string): Ip6 {
  return parseHexForm(input) ?? parseIp6Checked(input);
}

const COLON = 58;

/**
 * The common case in one pass over the characters, no strings or arrays made: hex groups and at
 * most one '::'. Anything else (an IPv4 tail, a mistake) returns null and goes to
 * parseIp6Checked, which knows every form and says what is wrong. The state file's addresses
 * are all checked on load, so this is on the start-up path of every command.
 */
function parseHexForm(s: string): Ip6 | null {
  const n = s.length;
  if (n === 0 || n > 39) return null;
  const groups = [0, 0, 0, 0, 0, 0, 0, 0];
  let count = 0;
  let gap = -1;
  let i = 0;
  if (s.charCodeAt(0) === COLON) {
    if (n < 2 || s.charCodeAt(1) !== COLON) return null;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let v = 0;
    const start = i;
    for (; i < n && i - start < 5; i++) {
      const c = s.charCodeAt(i);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) break;
      v = v * 16 + d;
    }
    if (i === start || i - start > 4 || count === 8) return null;
    groups[count++] = v;
    if (i === n) break;
    if (s.charCodeAt(i) !== COLON) return null;
    i++;
    if (i === n) return null;
    if (s.charCodeAt(i) === COLON) {
      if (gap >= 0) return null;
      gap = count;
      i++;
    }
  }
  if (gap < 0 ? count !== 8 : count > 7) return null;
  const b = new Uint8Array(16);
  const head = gap < 0 ? count : gap;
  for (let k = 0; k < count; k++) {
    const at = k < head ? k : 8 - (count - k);
    b[at * 2] = (groups[k] as number) >> 8;
    b[at * 2 + 1] = (groups[k] as number) & 0xff;
  }
  return b;
}

/** Every text form, with the reason a bad one is refused. */
export function parseIp6Checked(input: string): Ip6 {
  if (input.length === 0) throw new AddrError(input, input, 'empty address');
  if (input.length > 45) throw new AddrError(input, input, 'too long');
  const dbl = input.indexOf('::');
  let groups: number[];
  if (dbl < 0) {
    groups = parseGroups(input, input, true);
    if (groups.length !== 8) throw new AddrError(input, input, 'wrong number of groups');
  } else {
    if (input.indexOf('::', dbl + 1) >= 0) throw new AddrError(input, '::', 'more than one ::');
    const head = parseGroups(input, input.slice(0, dbl), false);
    const tail = parseGroups(input, input.slice(dbl + 2), true);
    if (head.length + tail.length > 7) throw new AddrError(input, input, 'too many groups');
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const b = new Uint8Array(16);
  groups.forEach((g, i) => {
    b[i * 2] = g >> 8;
    b[i * 2 + 1] = g & 0xff;
  });
  return b;
}

function word(b: Ip6, i: number): number {
  return ((b[i * 2] as number) << 8) | (b[i * 2 + 1] as number);
}

/** FreeBSD libc inet_ntop6: longest run (>= 2) of zero groups becomes '::', first on a tie. */
export function formatIp6(b: Ip6): Ip6Text {
  // Plain numbers, no allocation per group: this runs for every row of a full routing table.
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (word(b, i) === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
    } else curBase = -1;
  }
  if (bestLen < 2) bestBase = -1;
  // BIND's IPv4 tail rule: ::a.b.c.d, ::ffff:a.b.c.d, but ::1 stays ::1 and :: stays ::.
  if (
    bestBase === 0 &&
    (bestLen === 6 || (bestLen === 7 && word(b, 7) !== 1) || (bestLen === 5 && word(b, 5) === 0xffff))
  ) {
    const v4 = `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    return (bestLen === 5 ? `::ffff:${v4}` : `::${v4}`) as Ip6Text;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestBase) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (i > 0 && i !== bestBase + bestLen) out += ':';
    out += word(b, i).toString(16);
  }
  return out as Ip6Text;
}

export function ip6Equal(a: Ip6, b: Ip6): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function compareIp6(a: Ip6, b: Ip6): number {
  for (let i = 0; i < 16; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether s is an address in the text form formatIp6 writes (what the state file must hold). */
export function isCanonical(s: string): s is Ip6Text {
  try {
    return formatIp6(parseIp6(s)) === s;
  } catch {
    return false;
  }
}

/** Canonical text of any accepted text form. */
export function canonical(input: string): Ip6Text {
  return formatIp6(parseIp6(input));
}

export const LOOPBACK: Ip6 = parseIp6('::1');

/** The well-known addresses the stack sends to and from, in canonical text. */
export const UNSPECIFIED_TEXT = canonical('::');
export const ALL_NODES_TEXT = canonical('ff02::1');
export const NODE_LOCAL_ALL_NODES_TEXT = canonical('ff01::1');
export const LOOPBACK_TEXT = canonical('::1');
export const ALL_ROUTERS_TEXT = canonical('ff02::2');
export const ALL_MLDV2_ROUTERS_TEXT = canonical('ff02::16');
