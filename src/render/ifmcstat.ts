// ifmcstat's output (spec/formats.md 5): per interface, the inet6 header (link-local address and
// MLD state), the groups newest first, their link-layer mappings, and with -v sources and the
// link-layer memberships.
import type { McastIfView } from '../views/index.js';

export interface IfmcstatOptions {
  family: 'inet6' | 'link' | 'inet' | null;
  verbose: number;
}

const MLD_FLAG_NAMES: readonly [number, string][] = [[0x1, 'SILENT'], [0x2, 'USEALLOW']];

function mldLine(v: McastIfView, verbose: number): string {
  const m = v.mld;
  let s = `\tmldv${m.version}`;
  if (m.flags) s += ` flags=${m.flags.toString(16)}<${MLD_FLAG_NAMES.filter(([b]) => m.flags & b).map(([, n]) => n).join(',')}>`;
  if (m.version === 2) s += ` rv ${m.rv} qi ${m.qi} qri ${m.qri} uri ${m.uri}`;
  if (verbose >= 2) s += ' v1timer 0 v2timer 0';
  return `${s}\n`;
}

export function ifmcstatText(list: McastIfView[], o: IfmcstatOptions): string {
  let out = '';
  for (const v of list) {
    let block = '';
    const inet6 = o.family === null || o.family === 'inet6';
    if (inet6 && v.linkLocal && v.groups.length) {
      block += `\tinet6 ${v.linkLocal}%${v.ifname} scopeid 0x${v.index.toString(16)}\n${mldLine(v, o.verbose)}`;
      for (const g of v.groups) {
        block += `\t\tgroup ${g.group}${g.scoped ? `%${v.ifname} scopeid 0x${v.index.toString(16)}` : ''} mode ${g.mode}`;
        if (o.verbose && g.sources.length) block += ` srcs ${g.sources.join(',')}`;
        block += '\n';
        if (g.mac) block += `\t\t\tmcast-macaddr ${g.mac}\n`;
      }
    }
    const link = o.family === 'link' || (o.family === null && o.verbose > 0);
    const macs = [...new Set(v.groups.map((g) => g.mac).filter((m): m is string => m !== null))];
    if (link && v.lladdr && macs.length) block += `\tlink ${v.lladdr}\n${macs.map((m) => `\t\tgroup ${m}\n`).join('')}`;
    if (block) out += `${v.ifname}:\n${block}`;
  }
  return out;
}

export function ifmcstatJson(list: McastIfView[]): string {
  const rows = list.map((v) => ({
    name: v.ifname,
    index: v.index,
    'inet6-address': v.linkLocal,
    mld: v.mld,
    groups: v.groups.map((g) => ({ group: g.group, mode: g.mode, sources: g.sources, 'mcast-macaddr': g.mac })),
  }));
  return `${JSON.stringify({ ifmcstat: { interfaces: rows } }, null, 2)}\n`;
}
