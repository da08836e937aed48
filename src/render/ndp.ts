// ndp's output (spec/formats.md 2): the neighbour table with its self-aligning columns, the
// prefix and router lists, interface ND information, and the libxo-shaped JSON of each.
import { embedScope, formatIp6, parseIp6, sec2str } from '../addr/index.js';
import type { Doc } from '../schema/index.js';
import { INFINITE_LIFETIME, jsonLine, jsonText } from './json.js';
import type { NdIfView, NeighborView, PrefixView, RouterView } from '../views/index.js';
import { NDP_IFINFO_WORDS } from '../flags.js';

const W_ADDR = 36;
const W_LL = 17;
const W_IF = 6;

export const NDP_HEADER =
  `${'Neighbor'.padEnd(W_ADDR)} ${'Linklayer Address'.padEnd(W_LL)} ` +
  `${'Netif'.padStart(W_IF)} ${'Expire'.padEnd(9)} S Flags\n`;

const scoped = (addr: string, zone: string | null): string => (zone ? `${addr}%${zone}` : addr);

function expireText(s: number | null): string {
  if (s === null) return 'permanent';
  return s > 0 ? sec2str(s) : 'expired';
}

/** One ndp -a line: long fields push the next columns right, which then try to re-align. */
export function neighborLine(n: NeighborView): string {
  const addr = scoped(n.addr, n.zone);
  const ll = n.lladdr ?? '(incomplete)';
  const aw = Math.max(W_ADDR, addr.length);
  const lw = Math.max(ll.length, W_ADDR + W_LL - aw);
  const iw = Math.max(n.ifname.length, W_ADDR + W_LL + W_IF - aw - lw);
  const flags = `${n.router ? 'R' : ''}${n.proxy ? 'p' : ''}`;
  const probes = n.probes ? ` ${n.probes}` : '';
  return (
    `${addr.padEnd(aw)} ${ll.padEnd(lw)} ${n.ifname.padStart(iw)} ` +
    `${expireText(n.expire).slice(0, 9).padEnd(9)} ${n.state} ${flags}${probes}\n`
  );
}

/** ndp -t's prefix: the time of day (UTC) with microseconds. */
export function timeOfDay(ms: number): string {
  const d = new Date(Math.floor(ms));
  const two = (n: number): string => String(n).padStart(2, '0');
  const us = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1000);
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(us).padStart(6, '0')}`;
}

export interface NdpTableOptions {
  /** -t: a time-of-day prefix on each line instead of the header. */
  timestamp: string | null;
}

/** ndp -a a line at a time, for writing as it is made. */
export function* neighborTableLines(entries: Iterable<NeighborView>, o: NdpTableOptions): Generator<string> {
  if (o.timestamp === null) yield NDP_HEADER;
  for (const n of entries) yield o.timestamp === null ? neighborLine(n) : `${o.timestamp} ${neighborLine(n)}`;
}

/** The libxo document ndp prints with --libxo json (version "1", container "ndp"). */
const ndpDoc = <T>(body: T): string => jsonText({ __version: '1', ndp: body });

/** ndp -A's rounds as NDJSON: one line, one document, each. */
export const ndjson = (doc: string): string => jsonLine(JSON.parse(doc));

const expiry = (s: number | null): { expires_sec: number } | { permanent: true } =>
  s === null ? { permanent: true } : { expires_sec: s };

export function neighborsJson(entries: NeighborView[]): string {
  const rows: Doc<'ndp-neighbors'>['ndp']['neighbor-cache'] = entries.map((n) => ({
    address: scoped(n.addr, n.zone),
    'mac-address': n.lladdr ?? '(incomplete)',
    interface: n.ifname,
    ...expiry(n.expire),
    'neighbor-state': n.state,
    'nd-flags': `${n.router ? 'R' : ''}${n.proxy ? 'p' : ''}`,
  }));
  return ndpDoc({ 'neighbor-cache': rows });
}

/** ndp -d and -c with --libxo json: what was deleted (delete_nl's instance). */
export function deletionsJson(list: { host: string; addr: string; ifname: string }[]): string {
  const rows: Doc<'ndp-deletions'>['ndp']['neighbor-cache'] = list.map((d) => ({
    hostname: d.host,
    address: d.addr,
    interface: d.ifname,
  }));
  return ndpDoc({ 'neighbor-cache': rows });
}

/** ndp -I (the default interface, when there is one) and the modes that print nothing. */
export function otherJson(defaultIf: string | null = null): string {
  const body: Doc<'ndp-other'>['ndp'] = defaultIf === null ? {} : { 'default-interface': defaultIf };
  return ndpDoc(body);
}

/** ndp -d and -c: HOST (NAME) deleted. */
export const deletedLine = (host: string, name: string): string => `${host} (${name}) deleted\n`;

/**
 * NetBSD's delete(): the name it was given, then getnameinfo of the routing socket's answer,
 * whose link-local address still carries its zone index in bytes 2-3.
 */
export const netbsdDeletedLine = (host: string, addr: string, zoneIndex: number): string =>
  deletedLine(host, formatIp6(embedScope(parseIp6(addr), zoneIndex)));

export const defaultIfLine = (name: string | null): string =>
  name ? `ND default interface = ${name}\n` : 'No default interface.\n';

const lifetime = (s: number | null): string => (s === null ? 'infinity' : String(s));

export function prefixesText(list: PrefixView[]): string {
  let out = '';
  for (const p of list) {
    out += `${scoped(p.prefix, p.zone)}/${p.plen} if=${p.ifname}\n`;
    const flags = `${p.raOnlink ? 'L' : ''}${p.raAutonomous ? 'A' : ''}${p.onlink ? 'O' : ''}${p.detached ? 'D' : ''}`;
    const expire = p.expire === null ? ', expire=Never' : p.expire > 0 ? `, expire=${sec2str(p.expire)}` : ', expired';
    out += `flags=${flags} vltime=${lifetime(p.vltime)}, pltime=${lifetime(p.pltime)}${expire}, ref=${p.refs}\n`;
    if (p.advertisers.length) {
      out += '  advertised by\n';
      for (const a of p.advertisers) out += `    ${scoped(a.addr, a.zone)} (${a.state})\n`;
    } else out += '  No advertising router\n';
  }
  return out;
}

export function prefixesJson(list: PrefixView[]): string {
  const rows: Doc<'ndp-prefixes'>['ndp']['prefix-list'] = list.map((p) => ({
    prefix: `${scoped(p.prefix, p.zone)}/${p.plen}`,
    interface: p.ifname,
    flags_pretty: [
      ...(p.raOnlink ? ['ra_onlink' as const] : []),
      ...(p.raAutonomous ? ['ra_autonomous' as const] : []),
      ...(p.onlink ? ['is_onlink' as const] : []),
      ...(p.detached ? ['is_detached' as const] : []),
    ],
    flags: `${p.raOnlink ? 'L' : ''}${p.raAutonomous ? 'A' : ''}${p.onlink ? 'O' : ''}${p.detached ? 'D' : ''}`,
    'valid-lifetime': p.vltime ?? INFINITE_LIFETIME,
    'preferred-lifetime': p.pltime ?? INFINITE_LIFETIME,
    ...expiry(p.expire),
    refcount: p.refs,
    ...(p.advertisers.length
      ? {
          'advertising-routers': p.advertisers.map((a) => ({
            hostname: scoped(a.addr, a.zone),
            address: a.addr,
            state: a.state,
          })),
        }
      : {}),
  }));
  return ndpDoc({ 'prefix-list': rows });
}

export function routersText(list: RouterView[]): string {
  return list
    .map(
      (r) =>
        `${scoped(r.addr, r.zone)} if=${r.ifname}, flags=${r.managed ? 'M' : ''}${r.other ? 'O' : ''}, ` +
        `pref=${r.pref}, expire=${r.expire === null ? 'Never' : sec2str(r.expire)}\n`,
    )
    .join('');
}

/** -n: the address is the numeric name (with its zone); else inet_ntop's, without. */
export function routersJson(list: RouterView[], numeric = false): string {
  const rows: Doc<'ndp-routers'>['ndp']['router-list'] = list.map((r) => ({
    hostname: scoped(r.addr, r.zone),
    address: numeric ? scoped(r.addr, r.zone) : r.addr,
    interface: r.ifname,
    flags_pretty: [...(r.managed ? ['managed' as const] : []), ...(r.other ? ['other' as const] : [])],
    flags: `${r.managed ? 'M' : ''}${r.other ? 'O' : ''}`,
    preference: r.pref as Doc<'ndp-routers'>['ndp']['router-list'][number]['preference'],
    ...expiry(r.expire),
  }));
  return ndpDoc({ 'router-list': rows });
}

/** ndp -i; `words` is the profile's flag-word table (NetBSD's ndp.c knows other flags). */
export function ifinfoText(v: NdIfView, words: typeof NDP_IFINFO_WORDS = NDP_IFINFO_WORDS): string {
  const ms = (x: number): string => `${Math.floor(x / 1000)}s${x % 1000}ms`;
  let out =
    `linkmtu=${v.linkmtu}, maxmtu=${v.maxmtu}, curhlim=${v.curhlim}, ` +
    `basereachable=${ms(v.basereachable)}, reachable=${v.reachable}s, retrans=${ms(v.retrans)}\n`;
  const set = words.filter(([bit]) => v.flags & bit).map(([, w]) => `${w} `);
  if (v.flags) out += `Flags: ${set.join('')}\n`;
  return out;
}

export function ifinfoJson(v: NdIfView): string {
  const flags = NDP_IFINFO_WORDS.filter(([bit]) => v.flags & bit).map(([, w]) => w);
  const ifinfo: Doc<'ndp-ifinfo'>['ndp']['ifinfo'] = {
    interface: v.ifname,
    linkmtu: v.linkmtu,
    maxmtu: v.maxmtu,
    curhlim: v.curhlim,
    basereachable_ms: v.basereachable,
    reachable_ms: v.reachable * 1000,
    retrans_ms: v.retrans,
    ...(v.flags ? { flags: v.flags, flags_pretty: flags } : {}),
  };
  return ndpDoc({ ifinfo });
}
