// RFC 6724 policy tables as FreeBSD's rc.d/ip6addrctl installs them (spec/formats.md 6.1).
import type { PolicyEntry } from './types.js';

type Row = Omit<PolicyEntry, 'use'>;

const row = (prefix: string, plen: number, precedence: number, label: number): Row => ({ prefix, plen, precedence, label });

/** ip6addrctl's prefer_ipv6 table (the one a booted IPv6 host has). */
export const PREFER_IPV6: readonly Row[] = [
  row('::1', 128, 50, 0),
  row('::', 0, 40, 1),
  row('::ffff:0.0.0.0', 96, 35, 4),
  row('2002::', 16, 30, 2),
  row('2001::', 32, 5, 5),
  row('fc00::', 7, 3, 13),
  row('::', 96, 1, 3),
  row('fec0::', 10, 1, 11),
  row('3ffe::', 16, 1, 12),
];

/** ip6addrctl's prefer_ipv4 table: the same, with IPv4-mapped addresses first. */
export const PREFER_IPV4: readonly Row[] = PREFER_IPV6.map((r) => (r.prefix === '::ffff:0.0.0.0' ? { ...r, precedence: 100 } : r));
