// netstat -s -p ip6 / -p icmp6 in FreeBSD 14's words and libxo keys (usr.bin/netstat/inet6.c,
// ip6_stats and icmp6_stats), both printed from the rows of stats-rows.ts: a single -s prints every
// counter, zeros included; -ss only the counters that are not zero (the mbuf lines and the error
// histogram's title always print, as there).
import type { Doc } from '../schema/index.js';
import type { StatsView } from '../views/index.js';
import { jsonText } from './json.js';
import { ICMP6_NAMES, ICMP6_STAT_ROWS, IP6_STAT_ROWS, type StatRow } from './stats-rows.js';

const plural = (n: number): string => (n === 1 ? '' : 's');

const NEXT_HEADER: Record<string, string> = {
  0: 'hop by hop',
  1: 'ICMP',
  6: 'TCP',
  17: 'UDP',
  43: 'routing',
  44: 'fragment',
  58: 'ICMP6',
  59: 'no next header',
  60: 'destination option',
};

/** inet6.c's srcrule_str, indexed by in6_selectsrc's rule numbers. */
const SOURCE_RULES = [
  'first candidate',
  'same address',
  'appropriate scope',
  'deprecated address',
  'home address',
  'outgoing interface',
  'matching label',
  'public/temporary address',
  'alive interface',
  'better virtual status',
  'preferred source',
  'rule #11',
  'rule #12',
  'rule #13',
  'longest match',
  'rule #15',
];

/** -s once: every counter; -ss: only those that are not zero. */
export interface StatsOptions {
  sflag: number;
}

type Histogram = { name: string; count: number }[];

function histogram(h: Record<string, number>, names: Record<string, string>): Histogram {
  return Object.keys(h)
    .map(Number)
    .filter((k) => (h[k] ?? 0) > 0)
    .sort((a, b) => a - b)
    .map((k) => ({ name: names[k] ?? `#${k}`, count: h[k] as number }));
}

const histogramText = (title: string, rows: Histogram): string =>
  rows.length ? `\t${title}:\n${rows.map((r) => `\t\t${r.name}: ${r.count}\n`).join('')}` : '';

function rowText<S>(r: StatRow<S>, s: S, tabs: string): string {
  const n = r.value(s);
  return `${tabs}${n} ${r.text.replace('%s', plural(n))}\n`;
}

/** The rows -s prints: all of them; -ss: those that are not zero. */
const shown = <S>(rows: readonly StatRow<S>[], s: S, o: StatsOptions): StatRow<S>[] =>
  rows.filter((r) => o.sflag <= 1 || r.value(s) !== 0);

const sourceRules = (s: StatsView['ip6']): Histogram =>
  s.sourcesRule.flatMap((n, k) => (n ? [{ name: SOURCE_RULES[k] as string, count: n }] : []));

export function ip6StatsText(v: StatsView, o: StatsOptions = { sflag: 1 }): string {
  const s = v.ip6;
  const rows = shown(IP6_STAT_ROWS, s, o);
  let out = 'ip6:\n';
  for (const r of rows) if (r.group === 'head') out += rowText(r, s, '\t');
  out += histogramText('Input histogram', histogram(s.nxthist, NEXT_HEADER));
  out += '\tMbuf statistics:\n\t\t0 one mbuf\n\t\t0 one ext mbuf\n\t\t0 two or more ext mbuf\n';
  for (const r of rows) if (r.group === 'tail') out += rowText(r, s, '\t');
  if (s.sourcesNone || o.sflag <= 1)
    out += `\t${s.sourcesNone} failure${plural(s.sourcesNone)} of source address selection\n`;
  const rules = sourceRules(s);
  if (rules.length)
    out += `\tSource addresses selection rule applied:\n${rules.map((r) => `\t\t${r.count} ${r.name}\n`).join('')}`;
  return out;
}

export function icmp6StatsText(v: StatsView, o: StatsOptions = { sflag: 1 }): string {
  const s = v.icmp6;
  const rows = shown(ICMP6_STAT_ROWS, s, o);
  let out = 'icmp6:\n';
  for (const r of ICMP6_STAT_ROWS) {
    if (r.key === 'dropped-bad-code') out += histogramText('Output histogram', histogram(s.outhist, ICMP6_NAMES));
    if (r.key === 'no-route')
      out +=
        `${histogramText('Input histogram', histogram(s.inhist, ICMP6_NAMES))}\tHistogram of error ` +
        `messages to be generated:\n`;
    if (rows.includes(r)) out += rowText(r, s, r.bare ? '\t\t' : '\t');
  }
  return out;
}

function ip6Json(s: StatsView['ip6'], o: StatsOptions): Doc<'netstat-stats'>['statistics']['ip6'] {
  const rows = shown(IP6_STAT_ROWS, s, o);
  const doc: Record<string, unknown> = {};
  for (const r of rows) if (r.group === 'head') doc[r.key] = r.value(s);
  const hist = histogram(s.nxthist, NEXT_HEADER);
  if (hist.length) doc['input-histogram'] = hist;
  doc['mbuf-statistics'] = { 'one-mbuf': 0, 'one-extra-mbuf': 0, 'two-or-more-extra-mbufs': 0 };
  for (const r of rows) if (r.group === 'tail') doc[r.key] = r.value(s);
  const rules = sourceRules(s);
  doc['source-address-selection'] = {
    ...(s.sourcesNone || o.sflag <= 1 ? { 'address-selection-failures': s.sourcesNone } : {}),
    ...(rules.length ? { 'rules-applied': rules } : {}),
  };
  return doc as Doc<'netstat-stats'>['statistics']['ip6'];
}

function icmp6Json(s: StatsView['icmp6'], o: StatsOptions): Doc<'netstat-stats'>['statistics']['icmp6'] {
  const rows = shown(ICMP6_STAT_ROWS, s, o);
  const doc: Record<string, unknown> = {};
  const errors: Record<string, number> = {};
  const out = histogram(s.outhist, ICMP6_NAMES);
  for (const r of ICMP6_STAT_ROWS) {
    if (r.key === 'dropped-bad-code' && out.length) doc['output-histogram'] = out;
    if (r.key === 'no-route') {
      const inh = histogram(s.inhist, ICMP6_NAMES);
      if (inh.length) doc['input-histogram'] = inh;
      doc.errors = errors;
    }
    if (!rows.includes(r)) continue;
    if (r.group === 'errors') errors[r.key] = r.value(s);
    else doc[r.key] = r.value(s);
  }
  return doc as Doc<'netstat-stats'>['statistics']['icmp6'];
}

export function statsJson(s: StatsView, proto: string | null, o: StatsOptions = { sflag: 1 }): string {
  const doc: Doc<'netstat-stats'> = {
    statistics: {
      ...(proto !== 'icmp6' ? { ip6: ip6Json(s.ip6, o) } : {}),
      ...(proto !== 'ip6' ? { icmp6: icmp6Json(s.icmp6, o) } : {}),
    },
  };
  return jsonText(doc);
}
