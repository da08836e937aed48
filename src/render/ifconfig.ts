// ifconfig's status output (spec/formats.md 1.2-1.8): one block per interface, fragments in a
// fixed order, and the JSON form of the same view.
import type { Doc } from '../schema/index.js';
import type { AddrView, IfaceView } from '../views/index.js';
import { INFINITE_LIFETIME, jsonText, present } from './json.js';
import { IFCAP_NAMES, IFF_NAMES, IN6_FLAG_WORDS, ND6_NAMES, bitWords, printb } from './bits.js';
import { CURRENT, type Profile } from './profile.js';
import { IFF, IN6_IFF } from '../flags.js';
import { NETBSD_IFF_NAMES, netbsdCapabilityLines, netbsdIfFlags, netbsdMedia, snprintbLines } from './netbsd.js';

export interface IfconfigListOptions {
  /** Only inet6 lines (the 'inet6' family word). */
  inet6Only: boolean;
  /** Only the link level (the 'ether', 'link' or 'lladdr' family word): status_nl prints no other family. */
  linkOnly?: boolean;
  /** -L: remaining lifetimes. */
  lifetimes: boolean;
  /** -f inet6:cidr */
  cidr: boolean;
  profile?: Profile;
}

function addrText(a: AddrView): string {
  return a.zone ? `${a.addr}%${a.zone}` : a.addr;
}

// NetBSD's in6_alias prints the peer after " -> " and has no prefer_source word.
const NETBSD_IN6_FLAG_WORDS = IN6_FLAG_WORDS.filter(([bit]) => bit !== IN6_IFF.PREFER_SOURCE);

function inet6Line(a: AddrView, o: IfconfigListOptions): string {
  const p = o.profile ?? CURRENT;
  const netbsd = p.system === 'netbsd';
  const dest = a.dest ? `${netbsd ? ' -> ' : ' --> '}${a.dest}` : '';
  let s = o.cidr ? `\tinet6 ${addrText(a)}/${a.plen}${dest}` : `\tinet6 ${addrText(a)}${dest} prefixlen ${a.plen}`;
  for (const w of bitWords(a.flags, netbsd ? NETBSD_IN6_FLAG_WORDS : IN6_FLAG_WORDS)) s += ` ${w}`;
  if (a.scopeid) s += ` scopeid 0x${a.scopeid.toString(16)}`;
  if ((a.pltime !== null || a.vltime !== null) && (o.lifetimes || p.lifetimesWithoutL)) {
    const [pl, vl] = o.lifetimes ? [a.pltimeLeft, a.vltimeLeft] : [a.pltime, a.vltime];
    s += ` pltime ${pl ?? p.infiniteLifetime} vltime ${vl ?? p.infiniteLifetime}`;
  }
  return s;
}

/**
 * NetBSD's status(): flags in snprintb's form, metric and mtu only when non-zero, capabilities,
 * the link address, media and status, then the family's lines; no description, groups or nd6
 * line (ndp -i shows those settings there).
 */
function netbsdBlock(v: IfaceView, o: IfconfigListOptions): string {
  let head = `${v.name}: flags=${snprintbLines(netbsdIfFlags(v.flags), NETBSD_IFF_NAMES)[0]}`;
  if (v.metric) head += ` metric ${v.metric}`;
  if (v.mtu) head += ` mtu ${v.mtu}`;
  const lines = [head, ...netbsdCapabilityLines(v.options, v.lladdr)];
  if (v.media !== null) lines.push(`\tmedia: ${netbsdMedia(v.media)}`);
  if (v.status !== null) lines.push(`\tstatus: ${v.status}`);
  if (!o.linkOnly) for (const a of v.addrs) lines.push(inet6Line(a, o));
  return `${lines.join('\n')}\n`;
}

function ifaceBlock(v: IfaceView, o: IfconfigListOptions): string {
  const p = o.profile ?? CURRENT;
  if (p.system === 'netbsd') return netbsdBlock(v, o);
  const flags = p.lowerUp ? v.flags : v.flags & ~IFF.LOWER_UP;
  const lines = [`${v.name}: ${printb('flags', flags, IFF_NAMES, p.printbBare)} metric ${v.metric} mtu ${v.mtu}`];
  if (v.description !== null) lines.push(`\tdescription: ${v.description}`);
  lines.push(`\t${printb('options', v.options, IFCAP_NAMES, p.printbBare)}`);
  if (!o.inet6Only && v.lladdr) lines.push(`\tether ${v.lladdr}`);
  if (o.linkOnly) return `${lines.join('\n')}\n`;
  for (const a of v.addrs) lines.push(inet6Line(a, o));
  if (!o.inet6Only) {
    if (v.groups.length) lines.push(`\tgroups: ${v.groups.join(' ')}`);
    if (v.media !== null) lines.push(`\tmedia: ${v.media}`);
    if (v.status !== null) lines.push(`\tstatus: ${v.status}`);
  }
  if (v.nd6 !== 0) lines.push(`\t${printb('nd6 options', v.nd6, ND6_NAMES, false)}`);
  return `${lines.join('\n')}\n`;
}

/** ifconfig's listing an interface at a time, for writing as it is made. */
export function* ifconfigBlocks(views: Iterable<IfaceView>, o: IfconfigListOptions): Generator<string> {
  const p = o.profile ?? CURRENT;
  for (const v of views) if (!(o.inet6Only && p.skipEmptyFamily && v.addrs.length === 0)) yield ifaceBlock(v, o);
}

/** ifconfig -l: names separated by one space, newline-terminated. */
export function ifconfigNames(views: IfaceView[]): string {
  return `${views.map((v) => v.name).join(' ')}\n`;
}

export function ifconfigJson(views: IfaceView[], o: IfconfigListOptions): string {
  const interfaces: Doc<'ifconfig-list'>['ifconfig']['interfaces'] = views.map((v) => ({
    name: v.name,
    index: v.index,
    flags: v.flags,
    flags_pretty: bitWords(v.flags, IFF_NAMES),
    metric: v.metric,
    mtu: v.mtu,
    options: v.options,
    options_pretty: bitWords(v.options, IFCAP_NAMES),
    ...present({ description: v.description, ether: o.inet6Only ? null : v.lladdr }),
    inet6: o.linkOnly
      ? []
      : v.addrs.map((a) => ({
          address: a.addr,
          ...present({ zone: a.zone, destination: a.dest, scopeid: a.scopeid || null }),
          prefixlen: a.plen,
          flags: a.flags,
          flags_pretty: bitWords(a.flags, IN6_FLAG_WORDS),
          pltime: (o.lifetimes ? a.pltimeLeft : a.pltime) ?? INFINITE_LIFETIME,
          vltime: (o.lifetimes ? a.vltimeLeft : a.vltime) ?? INFINITE_LIFETIME,
        })),
    groups: v.groups,
    ...present({ media: v.media, status: v.status }),
    'nd6-options': v.nd6,
    'nd6-options_pretty': bitWords(v.nd6, ND6_NAMES),
  }));
  return jsonText({ __version: '1', ifconfig: { interfaces } } satisfies Doc<'ifconfig-list'>);
}

/** ifconfig -l and -g GROUP (interface-names), -C (cloners), IF create (created). */
export function ifconfigNamesJson(body: Doc<'ifconfig-names'>['ifconfig']): string {
  return jsonText({ __version: '1', ifconfig: body } satisfies Doc<'ifconfig-names'>);
}
