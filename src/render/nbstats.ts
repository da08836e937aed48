// netstat -s under the netbsd profile: NetBSD's ip6_stats and icmp6_stats (usr.bin/netstat/inet6.c
// of the tree ip6kit.8 names). The counters are the simulation's (FreeBSD's rows give their
// values by key); NetBSD's own (fast forwarding, dropped RA routes) read 0, and so do its
// source-selection counters, which that kernel never increments.
import type { StatsView } from '../views/index.js';
import { ICMP6_NAMES, ICMP6_STAT_ROWS, IP6_STAT_ROWS, type StatRow } from './stats-rows.js';

/** One printf of inet6.c (p() has %s for the plural, p1() none); key names the counter, null is 0. */
type Line = readonly [key: string | null, text: string];

const IP6_HEAD: readonly Line[] = [
  ['received-packets', '\t%llu total packet%s received'],
  ['dropped-below-minimum-size', '\t%llu with size smaller than minimum'],
  ['dropped-short-packets', '\t%llu with data size < data length'],
  ['dropped-bad-options', '\t%llu with bad options'],
  ['dropped-bad-version', '\t%llu with incorrect version number'],
  ['received-fragments', '\t%llu fragment%s received'],
  ['dropped-fragment', '\t%llu fragment%s dropped (dup or out of space)'],
  ['dropped-fragment-after-timeout', '\t%llu fragment%s dropped after timeout'],
  ['dropped-fragments-overflow', '\t%llu fragment%s that exceeded limit'],
  ['reassembled-packets', '\t%llu packet%s reassembled ok'],
  ['received-local-packets', '\t%llu packet%s for this host'],
  ['forwarded-packets', '\t%llu packet%s forwarded'],
  [null, '\t%llu packet%s fast forwarded'],
  [null, '\t%llu fast forward flows'],
  ['packets-not-forwardable', '\t%llu packet%s not forwardable'],
  ['sent-redirects', '\t%llu redirect%s sent'],
  ['sent-packets', '\t%llu packet%s sent from this host'],
  ['send-packets-fabricated-header', '\t%llu packet%s sent with fabricated ip header'],
  ['discard-no-mbufs', '\t%llu output packet%s dropped due to no bufs, etc.'],
  ['discard-no-route', '\t%llu output packet%s discarded due to no route'],
  ['sent-fragments', '\t%llu output datagram%s fragmented'],
  ['fragments-created', '\t%llu fragment%s created'],
  ['discard-cannot-fragment', "\t%llu datagram%s that can't be fragmented"],
  ['discard-scope-violations', '\t%llu packet%s that violated scope rules'],
  ['multicast-no-join-packets', "\t%llu multicast packet%s which we don't join"],
];

const IP6_MBUF: readonly Line[] = [
  [null, '\t\t%llu one mbuf%s'],
  [null, '\t\t%llu one ext mbuf%s'],
  [null, '\t\t%llu two or more ext mbuf%s'],
];

const IP6_TAIL: readonly Line[] = [
  ['dropped-header-too-long', '\t%llu packet%s whose headers are not continuous'],
  ['discard-tunnel-no-gif', "\t%llu tunneling packet%s that can't find gif"],
  ['dropped-too-many-headers', '\t%llu packet%s discarded due to too many headers'],
];

const ICMP6_HEAD: readonly Line[] = [
  ['icmp6-calls', '\t%llu call%s to icmp6_error'],
  ['errors-not-generated-from-message', '\t%llu error%s not generated because old message was icmp6 or so'],
  ['errors-discarded-by-rate-limitation', '\t%llu error%s not generated because of rate limitation'],
];

const ICMP6_CHECKS: readonly Line[] = [
  ['dropped-bad-code', '\t%llu message%s with bad code fields'],
  ['dropped-too-short', '\t%llu message%s < minimum length'],
  ['dropped-bad-checksum', '\t%llu bad checksum%s'],
  ['dropped-bad-length', '\t%llu message%s with bad length'],
];

const ICMP6_ERRORS: readonly Line[] = [
  ['no-route', '\t\t%llu no route'],
  ['admin-prohibited', '\t\t%llu administratively prohibited'],
  ['beyond-scope', '\t\t%llu beyond scope'],
  ['address-unreachable', '\t\t%llu address unreachable'],
  ['port-unreachable', '\t\t%llu port unreachable'],
  ['packet-too-big', '\t\t%llu packet too big'],
  ['time-exceed-transmit', '\t\t%llu time exceed transit'],
  ['time-exceed-reassembly', '\t\t%llu time exceed reassembly'],
  ['bad-header', '\t\t%llu erroneous header field'],
  ['bad-next-header', '\t\t%llu unrecognized next header'],
  ['bad-option', '\t\t%llu unrecognized option'],
  ['redirects', '\t\t%llu redirect'],
  ['unknown', '\t\t%llu unknown'],
];

const ICMP6_TAIL: readonly Line[] = [
  ['reflect', '\t%llu message response%s generated'],
  ['too-many-nd-options', '\t%llu message%s with too many ND options'],
  ['bad-nd-options', '\t%llu message%s with bad ND options'],
  ['bad-neighbor-solicitation', '\t%llu bad neighbor solicitation message%s'],
  ['bad-neighbor-advertisement', '\t%llu bad neighbor advertisement message%s'],
  ['bad-router-solicitation', '\t%llu bad router solicitation message%s'],
  ['bad-router-advertisement', '\t%llu bad router advertisement message%s'],
  [null, '\t%llu router advertisement route%s dropped'],
  ['bad-redirect', '\t%llu bad redirect message%s'],
  ['path-mtu-changes', '\t%llu path MTU change%s'],
];

/** ip6nh[]: the names inet6.c knows (the others, from getprotobynumber, never occur in the simulation). */
const IP6NH: Record<number, string> = {
  0: 'hop by hop',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IP',
  6: 'TCP',
  17: 'UDP',
  22: 'IDP',
  41: 'IP6',
  43: 'routing',
  44: 'fragment',
  50: 'ESP',
  51: 'AH',
  58: 'ICMP6',
  59: 'no next header',
  60: 'destination option',
  89: 'OSPF',
  97: 'Ethernet',
  103: 'PIM',
  132: 'SCTP',
};

/**
 * NetBSD's icmp6names[]: FreeBSD's up to node information reply, but MLD's v1 words without "v1";
 * MLDv2 reports are "#143" there, and entries 90 and 190 read "#80" and "#180".
 */
const NETBSD_ICMP6_NAMES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(ICMP6_NAMES).filter(([type]) => Number(type) <= 140)),
  90: '#80',
  131: 'multicast listener report',
  132: 'multicast listener done',
  190: '#180',
};
const icmp6Name = (type: number): string => NETBSD_ICMP6_NAMES[type] ?? `#${type}`;

const plural = (n: number): string => (n === 1 ? '' : 's');

function lines<S>(table: readonly Line[], rows: readonly StatRow<S>[], s: S, sflag: number): string {
  let out = '';
  for (const [key, text] of table) {
    const n = key === null ? 0 : (rows.find((r) => r.key === key)?.value(s) ?? 0);
    if (n === 0 && sflag > 1) continue;
    out += `${text.replace('%llu', String(n)).replace('%s', plural(n))}\n`;
  }
  return out;
}

function histogram(h: Record<string, number>, limit: number, name: (k: number) => string): string[] {
  return Object.keys(h)
    .map(Number)
    .filter((k) => k < limit && (h[k] ?? 0) > 0)
    .sort((a, b) => a - b)
    .map((k) => `\t\t${name(k)}: ${h[k]}\n`);
}

export function netbsdIp6StatsText(v: StatsView, sflag: number): string {
  const s = v.ip6;
  let out = `ip6:\n${lines(IP6_HEAD, IP6_STAT_ROWS, s, sflag)}`;
  const hist = histogram(s.nxthist, 256, (k) => IP6NH[k] ?? `#${k}`);
  if (hist.length) out += `\tInput packet histogram:\n${hist.join('')}`;
  out += `\tMbuf statistics:\n${lines(IP6_MBUF, IP6_STAT_ROWS, s, sflag)}`;
  out += lines(IP6_TAIL, IP6_STAT_ROWS, s, sflag);
  if (s.sourcesNone || sflag <= 1)
    out += `\t${s.sourcesNone} failure${plural(s.sourcesNone)} of source address selection\n`;
  return out;
}

export function netbsdIcmp6StatsText(v: StatsView, sflag: number): string {
  const s = v.icmp6;
  let out = `icmp6:\n${lines(ICMP6_HEAD, ICMP6_STAT_ROWS, s, sflag)}`;
  const outHist = histogram(s.outhist, 256, icmp6Name);
  if (outHist.length) out += `\tOutput packet histogram:\n${outHist.join('')}`;
  out += lines(ICMP6_CHECKS, ICMP6_STAT_ROWS, s, sflag);
  // ICMP6_MAXTYPE (201) bounds the input histogram's loop.
  const inHist = histogram(s.inhist, 201, icmp6Name);
  if (inHist.length) out += `\tInput packet histogram:\n${inHist.join('')}`;
  out += `\tHistogram of error messages to be generated:\n${lines(ICMP6_ERRORS, ICMP6_STAT_ROWS, s, sflag)}`;
  return out + lines(ICMP6_TAIL, ICMP6_STAT_ROWS, s, sflag);
}
