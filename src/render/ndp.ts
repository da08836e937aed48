// ndp's output (spec/formats.md 2): the neighbour table with its self-aligning columns, the
// prefix and router lists, interface ND information, and the libxo-shaped JSON of each.
import { sec2str } from '../addr/index.js';
import type { NdIfView, NeighborView, PrefixView, RouterView } from '../views/index.js';

const W_ADDR = 36;
const W_LL = 17;
const W_IF = 6;

export const NDP_HEADER = `${'Neighbor'.padEnd(W_ADDR)} ${'Linklayer Address'.padEnd(W_LL)} ${'Netif'.padStart(W_IF)} ${'Expire'.padEnd(9)} S Flags\n`;

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
  return `${addr.padEnd(aw)} ${ll.padEnd(lw)} ${n.ifname.padStart(iw)} ${expireText(n.expire).slice(0, 9).padEnd(9)} ${n.state} ${flags}${probes}\n`;
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

export function neighborTable(entries: NeighborView[], o: NdpTableOptions): string {
  if (o.timestamp !== null) return entries.map((n) => `${o.timestamp} ${neighborLine(n)}`).join('');
  return NDP_HEADER + entries.map(neighborLine).join('');
}

export function neighborsJson(entries: NeighborView[]): string {
  const rows = entries.map((n) => ({
    address: scoped(n.addr, n.zone),
    'mac-address': n.lladdr ?? '(incomplete)',
    interface: n.ifname,
    ...(n.expire === null ? { permanent: true } : { expires_sec: n.expire }),
    'neighbor-state': n.state,
    is_router: n.router,
    is_proxy: n.proxy,
    ...(n.probes ? { 'ns-probes': n.probes } : {}),
  }));
  return `${JSON.stringify({ ndp: { neighbor_cache: rows } }, null, 2)}\n`;
}

/** ndp -d and -c: HOST (NAME) deleted. */
export const deletedLine = (host: string, name: string): string => `${host} (${name}) deleted\n`;

export const defaultIfLine = (name: string | null): string => (name ? `ND default interface = ${name}\n` : 'No default interface.\n');

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
  const rows = list.map((p) => ({
    prefix: `${scoped(p.prefix, p.zone)}/${p.plen}`,
    interface: p.ifname,
    flags: `${p.raOnlink ? 'L' : ''}${p.raAutonomous ? 'A' : ''}${p.onlink ? 'O' : ''}${p.detached ? 'D' : ''}`,
    flags_pretty: [p.raOnlink && 'ra_onlink', p.raAutonomous && 'ra_autonomous', p.onlink && 'is_onlink', p.detached && 'is_detached'].filter(Boolean),
    'valid-lifetime': p.vltime ?? 'infinity',
    'preferred-lifetime': p.pltime ?? 'infinity',
    ...(p.expire === null ? { permanent: true } : { expires_sec: p.expire }),
    refcount: p.refs,
    'advertising-routers': p.advertisers.map((a) => ({ hostname: scoped(a.addr, a.zone), address: scoped(a.addr, a.zone), state: a.state })),
  }));
  return `${JSON.stringify({ ndp: { 'prefix-list': rows } }, null, 2)}\n`;
}

export function routersText(list: RouterView[]): string {
  return list
    .map((r) => `${scoped(r.addr, r.zone)} if=${r.ifname}, flags=${r.managed ? 'M' : ''}${r.other ? 'O' : ''}, pref=${r.pref}, expire=${r.expire === null ? 'Never' : sec2str(r.expire)}\n`)
    .join('');
}

export function routersJson(list: RouterView[]): string {
  const rows = list.map((r) => ({
    address: scoped(r.addr, r.zone),
    interface: r.ifname,
    flags_pretty: [r.managed && 'managed', r.other && 'other'].filter(Boolean),
    preference: r.pref,
    ...(r.expire === null ? { permanent: true } : { expires_sec: r.expire }),
  }));
  return `${JSON.stringify({ ndp: { 'router-list': rows } }, null, 2)}\n`;
}

const ND_FLAG_WORDS: readonly [number, string][] = [[0x8, 'disabled'], [0x1, 'nud'], [0x2, 'accept_rtadv'], [0x20, 'auto_linklocal'], [0x80, 'no_prefer_iface']];

export function ifinfoText(v: NdIfView): string {
  const ms = (x: number): string => `${Math.floor(x / 1000)}s${x % 1000}ms`;
  let out = `linkmtu=${v.linkmtu}, maxmtu=${v.maxmtu}, curhlim=${v.curhlim}, basereachable=${ms(v.basereachable)}, reachable=${v.reachable}s, retrans=${ms(v.retrans)}\n`;
  const words = ND_FLAG_WORDS.filter(([bit]) => v.flags & bit).map(([, w]) => `${w} `);
  if (v.flags) out += `Flags: ${words.join('')}\n`;
  return out;
}

export function ifinfoJson(v: NdIfView): string {
  const flags = ND_FLAG_WORDS.filter(([bit]) => v.flags & bit).map(([, w]) => w);
  const doc = { ndp: { 'interface-info': { interface: v.ifname, linkmtu: v.linkmtu, maxmtu: v.maxmtu, curhlim: v.curhlim, basereachable_ms: v.basereachable, reachable_s: v.reachable, retrans_ms: v.retrans, flags } } };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
