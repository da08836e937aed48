// RFC 6724 destination ordering as addrsel shows it, for both backends: each destination with
// the source chosen for it (by the simulated node's rules, or the kernel's RTA_PREFSRC), ordered
// by the engine's pure destination rules against a policy table.
import { formatIp6, isV4Mapped, parseIp6 } from '../addr/index.js';
import {
  compareDestinations,
  orderDestinations,
  policyFor,
  type SelectionContext,
  type SourceCandidate,
} from '../engine/select.js';
import type { AddrselView } from '../views/index.js';
import type { ScopedAddr } from './types.js';

export type ChosenSource = SourceCandidate & { rule: string };

export interface Candidate {
  addr: Uint8Array;
  source: ChosenSource | null;
  encapsulated: boolean;
  /** Its place among the destinations asked for. */
  i: number;
}

/**
 * An IPv4 destination's source: neither stack here routes IPv4, so one is usable only with
 * --ipv4-src.
 */
export function givenIpv4Source(ipv4Source: string | null): ChosenSource | null {
  if (ipv4Source === null) return null;
  return {
    addr: parseIp6(`::ffff:${ipv4Source}`),
    plen: 120,
    deprecated: false,
    temporary: false,
    preferSource: false,
    outgoing: true,
    alive: true,
    rule: 'given (--ipv4-src)',
  };
}

/** The destinations in RFC 6724 order, each with why it follows the one before. */
export function addrselRows(list: Candidate[], destinations: ScopedAddr[], ctx: SelectionContext): AddrselView[] {
  const ordered = orderDestinations(list, ctx);
  return ordered.map((d, k): AddrselView => {
    const p = policyFor(ctx.table, d.addr);
    const prev = ordered[k - 1];
    const text = formatIp6(d.addr);
    return {
      destination: isV4Mapped(d.addr)
        ? text.replace(/^::ffff:/, '')
        : destinations[d.i]?.zone
          ? `${text}%${destinations[d.i]?.zone}`
          : text,
      source: d.source
        ? isV4Mapped(d.source.addr)
          ? formatIp6(d.source.addr).replace(/^::ffff:/, '')
          : formatIp6(d.source.addr)
        : null,
      sourceRule: d.source?.rule ?? null,
      precedence: p?.precedence ?? null,
      label: p?.label ?? null,
      after: prev ? compareDestinations(prev, d, ctx).rule : null,
    };
  });
}
