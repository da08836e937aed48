// RFC 6724 policy tables as FreeBSD's rc.d/ip6addrctl installs them (spec/formats.md 6.1).
import { canonical, prefixOf } from '../addr/index.js';
import { EngineError } from './errors.js';
import type { Node, PolicyEntry } from './types.js';

export type Row = Omit<PolicyEntry, 'use'>;

const row = (prefix: string, plen: number, precedence: number, label: number): Row => ({
  prefix: canonical(prefix),
  plen,
  precedence,
  label,
});

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
export const PREFER_IPV4: readonly Row[] = PREFER_IPV6.map((r) =>
  r.prefix === '::ffff:0.0.0.0' ? { ...r, precedence: 100 } : r,
);

/** SIOCAADDRCTL_POLICY: the prefix is masked; an equal prefix and length is EEXIST. */
export function policyAdd(node: Node, e: Omit<Row, 'prefix'> & { prefix: string }): void {
  const prefix = prefixOf(e.prefix, e.plen);
  if (e.label < 0) throw new EngineError('EINVAL', 'label');
  if (node.policy.some((p) => p.prefix === prefix && p.plen === e.plen))
    throw new EngineError('EEXIST', `${prefix}/${e.plen}`);
  node.policy.push({ prefix, plen: e.plen, precedence: e.precedence, label: e.label, use: 0 });
}

/** SIOCDADDRCTL_POLICY: ESRCH when absent. */
export function policyDelete(node: Node, prefix: string, plen: number): void {
  const key = prefixOf(prefix, plen);
  const i = node.policy.findIndex((p) => p.prefix === key && p.plen === plen);
  if (i < 0) throw new EngineError('ESRCH', `${key}/${plen}`);
  node.policy.splice(i, 1);
}
