// Address classification and scopes (RFC 4291 2.4, 2.7; RFC 6724 3.1), solicited-node groups.
import { md5 } from './md5.js';
import { type Ip6, type Ip6Text, parseIp6, ip6Equal, LOOPBACK } from './ip6.js';

export type Scope = 'interface' | 'link' | 'admin' | 'site' | 'organization' | 'global' | 'reserved';

const MCAST_SCOPE: Record<number, Scope> = {
  1: 'interface',
  2: 'link',
  4: 'admin',
  5: 'site',
  8: 'organization',
  14: 'global',
};

export const isMulticast = (a: Ip6): boolean => a[0] === 0xff;

/**
 * An address with only the first 16 bits of a canonical one, read off its text without parsing
 * the rest: enough for isMulticast and isLinkLocal, which a listing of many routes asks of each.
 */
export function firstGroupOf(a: Ip6Text): Ip6 {
  const out = new Uint8Array(16);
  const colon = a.indexOf(':');
  const g = colon > 0 ? Number.parseInt(a.slice(0, colon), 16) : 0;
  out[0] = g >> 8;
  out[1] = g & 0xff;
  return out;
}
/** KAME's link-local test is fe80::/10, not fe80::/64. */
export const isLinkLocal = (a: Ip6): boolean => a[0] === 0xfe && ((a[1] as number) & 0xc0) === 0x80;
const isSiteLocal = (a: Ip6): boolean => a[0] === 0xfe && ((a[1] as number) & 0xc0) === 0xc0;
export const isUnspecified = (a: Ip6): boolean => a.every((x) => x === 0);
const isLoopback = (a: Ip6): boolean => ip6Equal(a, LOOPBACK);

/** ::ffff:0:0/96 */
export function isV4Mapped(a: Ip6): boolean {
  for (let i = 0; i < 10; i++) if (a[i] !== 0) return false;
  return a[10] === 0xff && a[11] === 0xff;
}

/** ::/96 other than :: and ::1 (RFC 4291 2.5.5.1, deprecated form). */
export function isV4Compatible(a: Ip6): boolean {
  for (let i = 0; i < 12; i++) if (a[i] !== 0) return false;
  return !isUnspecified(a) && !isLoopback(a);
}

export function multicastScope(a: Ip6): Scope {
  return MCAST_SCOPE[(a[1] as number) & 0x0f] ?? 'reserved';
}

/** RFC 6724 3.1 scope: loopback and link-local unicast are link scope, multicast by its field. */
export function scopeOf(a: Ip6): Scope {
  if (isMulticast(a)) return multicastScope(a);
  if (isLinkLocal(a) || isLoopback(a)) return 'link';
  if (isSiteLocal(a)) return 'site';
  return 'global';
}

/** Addresses whose text carries a zone and whose sockaddr carries a scope id (fe80::/10, ff01::/16, ff02::/16). */
export function needsZone(a: Ip6): boolean {
  if (isLinkLocal(a)) return true;
  if (!isMulticast(a)) return false;
  const s = multicastScope(a);
  return s === 'interface' || s === 'link';
}

/** ff02::1:ffXX:XXXX for the low 24 bits of the address (RFC 4291 2.7.1). */
export function solicitedNode(a: Ip6): Ip6 {
  const g = parseIp6('ff02::1:ff00:0');
  g[13] = a[13] as number;
  g[14] = a[14] as number;
  g[15] = a[15] as number;
  return g;
}

/** RFC 2464 7: 33:33 followed by the low 32 bits of the group. */
export function multicastMac(g: Ip6): Uint8Array {
  return Uint8Array.of(0x33, 0x33, g[12] as number, g[13] as number, g[14] as number, g[15] as number);
}

/**
 * The node-information group of a host name (RFC 4620 4., KAME's in6_nigroup0): the MD5 of the
 * name's first label, lower-cased, after its length; RFC 4620's form is ff02::2:ff and the first
 * 24 bits of it, the older draft's (NetBSD's only one; FreeBSD's second while
 * icmp6_nodeinfo_oldmcprefix is 1) ff02::2: and the first 32. null when there is no label or it
 * is longer than 63 characters (the kernel then joins nothing).
 */
export function nodeInformationGroup(hostname: string, form: 'rfc4620' | 'old'): Ip6 | null {
  const label = new TextEncoder().encode(hostname.split('.')[0] as string);
  if (label.length === 0 || label.length > 63) return null;
  const bytes = new Uint8Array(label.length + 1);
  bytes[0] = label.length;
  for (let i = 0; i < label.length; i++) {
    const c = label[i] as number;
    bytes[i + 1] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  }
  const g = parseIp6('ff02::2:0:0');
  if (form === 'old') g.set(md5(bytes).subarray(0, 4), 12);
  else {
    g[12] = 0xff;
    g.set(md5(bytes).subarray(0, 3), 13);
  }
  return g;
}
