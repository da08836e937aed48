// ip6addrctl show (spec/formats.md 6.1) and ip6kit addrsel's table, text and JSON.
import type { Doc } from '../schema/index.js';
import type { AddrselView, PolicyView } from '../views/index.js';
import { jsonText, present } from './json.js';

export function policyText(rows: PolicyView[]): string {
  if (!rows.length) return 'no source-address-selection policy is installed\n';
  let out = `${'Prefix'.padEnd(30)} ${'Prec'.padStart(5)} ${'Label'.padStart(5)} ${'Use'.padStart(8)}\n`;
  for (const r of rows)
    out +=
      `${`${r.prefix}/${r.plen}`.padEnd(30)} ${String(r.precedence).padStart(5)} ` +
      `${String(r.label).padStart(5)} ${String(r.use).padStart(8)}\n`;
  return out;
}

export function policyJson(rows: PolicyView[]): string {
  const policy = rows.map((r) => ({
    prefix: `${r.prefix}/${r.plen}`,
    precedence: r.precedence,
    label: r.label,
    use: r.use,
  }));
  return jsonText({ __version: '1', ip6addrctl: { policy } } satisfies Doc<'ip6addrctl'>);
}

export function addrselText(rows: AddrselView[]): string {
  let out =
    `${'#'.padStart(2)}  ${'Destination'.padEnd(30)} ${'Source'.padEnd(30)} ${'Prec'.padStart(4)} ` +
    `${'Label'.padStart(5)}  Ordered by\n`;
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    const why = prev ? `${r.after} (after ${prev.destination})` : '-';
    out +=
      `${String(i + 1).padStart(2)}  ${r.destination.padEnd(30)} ${(r.source ?? '(unusable)').padEnd(30)} ` +
      `${String(r.precedence ?? '-').padStart(4)} ${String(r.label ?? '-').padStart(5)}  ${why}\n`;
  });
  return out;
}

export function addrselJson(rows: AddrselView[]): string {
  const destinations = rows.map((r) => ({
    destination: r.destination,
    ...present({
      source: r.source,
      'source-rule': r.sourceRule,
      precedence: r.precedence,
      label: r.label,
      'ordered-by': r.after,
    }),
  }));
  return jsonText({ __version: '1', addrsel: { destinations } } satisfies Doc<'addrsel'>);
}
