// netstat -s -p ip6 / -p icmp6 in FreeBSD 14's words (usr.bin/netstat/inet6.c, ip6_stats and
// icmp6_stats): a single -s prints every counter, zeros included; -ss only the counters that are
// not zero (the mbuf lines and the error histogram's title always print, as there).
import type { StatsView } from '../views/index.js';

const plural = (n: number): string => (n === 1 ? '' : 's');

const NEXT_HEADER: Record<string, string> = { 0: 'hop by hop', 1: 'ICMP', 6: 'TCP', 17: 'UDP', 43: 'routing', 44: 'fragment', 58: 'ICMP6', 59: 'no next header', 60: 'destination option' };

const ICMP6_NAMES: Record<string, string> = {
  1: 'unreach', 2: 'packet too big', 3: 'time exceed', 4: 'parameter problem', 128: 'echo', 129: 'echo reply',
  130: 'multicast listener query', 131: 'MLDv1 listener report', 132: 'MLDv1 listener done', 133: 'router solicitation',
  134: 'router advertisement', 135: 'neighbor solicitation', 136: 'neighbor advertisement', 137: 'redirect',
  138: 'router renumbering', 139: 'node information request', 140: 'node information reply',
  141: 'inverse neighbor solicitation', 142: 'inverse neighbor advertisement', 143: 'MLDv2 listener report',
};

/** inet6.c's srcrule_str, indexed by in6_selectsrc's rule numbers. */
const SOURCE_RULES = [
  'first candidate', 'same address', 'appropriate scope', 'deprecated address', 'home address', 'outgoing interface',
  'matching label', 'public/temporary address', 'alive interface', 'better virtual status', 'preferred source', 'rule #11',
  'rule #12', 'rule #13', 'longest match', 'rule #15',
];

/** -s once: every counter; -ss: only those that are not zero. */
export interface StatsOptions {
  sflag: number;
}

function histogram(title: string, h: Record<string, number>, names: Record<string, string>): string {
  const keys = Object.keys(h).map(Number).filter((k) => (h[k] ?? 0) > 0).sort((a, b) => a - b);
  if (!keys.length) return '';
  return `\t${title}:\n${keys.map((k) => `\t\t${names[k] ?? `#${k}`}: ${h[k]}\n`).join('')}`;
}

export function ip6StatsText(s: StatsView, o: StatsOptions = { sflag: 1 }): string {
  const i = s.ip6;
  const p = (n: number, text: string): string => (n || o.sflag <= 1 ? `\t${n} ${text.replace('%s', plural(n))}\n` : '');
  let out = 'ip6:\n';
  out += p(i.total, 'total packet%s received');
  out += p(0, 'with size smaller than minimum') + p(0, 'with data size < data length') + p(0, 'with bad options') + p(0, 'with incorrect version number');
  out += p(0, 'fragment%s received') + p(0, 'fragment%s dropped (dup or out of space)') + p(0, 'fragment%s dropped after timeout');
  out += p(0, 'fragment%s that exceeded limit') + p(0, 'atomic fragment%s') + p(0, 'packet%s reassembled ok');
  out += p(i.delivered, 'packet%s for this host') + p(i.forward, 'packet%s forwarded') + p(i.cantforward, 'packet%s not forwardable');
  out += p(0, 'redirect%s sent') + p(i.localout, 'packet%s sent from this host') + p(0, 'packet%s sent with fabricated ip header');
  out += p(0, 'output packet%s dropped due to no bufs, etc.') + p(i.noroute, 'output packet%s discarded due to no route');
  out += p(0, 'output datagram%s fragmented') + p(0, 'fragment%s created') + p(0, "datagram%s that can't be fragmented");
  out += p(i.badscope, 'packet%s that violated scope rules') + p(i.notmember, "multicast packet%s which we don't join");
  out += histogram('Input histogram', i.nxthist, NEXT_HEADER);
  out += '\tMbuf statistics:\n\t\t0 one mbuf\n\t\t0 one ext mbuf\n\t\t0 two or more ext mbuf\n';
  out += p(0, 'packet%s whose headers are not contiguous') + p(0, "tunneling packet%s that can't find gif");
  out += p(0, 'packet%s discarded because of too many headers');
  out += p(i.sourcesNone, 'failure%s of source address selection');
  if (i.sourcesRule.some((n) => n)) out += '\tSource addresses selection rule applied:\n';
  i.sourcesRule.forEach((n, k) => {
    if (n) out += `\t\t${n} ${SOURCE_RULES[k]}\n`;
  });
  return out;
}

export function icmp6StatsText(s: StatsView, o: StatsOptions = { sflag: 1 }): string {
  const c = s.icmp6;
  const p = (n: number, text: string): string => (n || o.sflag <= 1 ? `\t${n} ${text.replace('%s', plural(n))}\n` : '');
  const e = (n: number, text: string): string => (n || o.sflag <= 1 ? `\t\t${n} ${text}\n` : '');
  let out = 'icmp6:\n';
  out += p(c.error, 'call%s to icmp6_error') + p(0, 'error%s not generated in response to an icmp6 message');
  out += p(0, 'error%s not generated because of rate limitation');
  out += histogram('Output histogram', c.outhist, ICMP6_NAMES);
  out += p(0, 'message%s with bad code fields') + p(0, 'message%s < minimum length') + p(0, 'bad checksum%s') + p(0, 'message%s with bad length');
  out += histogram('Input histogram', c.inhist, ICMP6_NAMES);
  out += '\tHistogram of error messages to be generated:\n';
  out += e(c.unreachNoroute, 'no route') + e(c.unreachAdmin, 'administratively prohibited') + e(c.unreachBeyondscope, 'beyond scope');
  out += e(c.unreachAddr, 'address unreachable') + e(c.unreachNoport, 'port unreachable') + e(c.packetTooBig, 'packet too big');
  out += e(c.timeExceedTransit, 'time exceed transit') + e(0, 'time exceed reassembly') + e(0, 'erroneous header field');
  out += e(0, 'unrecognized next header') + e(0, 'unrecognized option') + e(0, 'redirect') + e(0, 'unknown');
  out += p(c.reflect, 'message response%s generated') + p(0, 'message%s with too many ND options') + p(0, 'message%s with bad ND options');
  out += p(c.badns, 'bad neighbor solicitation message%s') + p(c.badna, 'bad neighbor advertisement message%s');
  out += p(c.badrs, 'bad router solicitation message%s') + p(c.badra, 'bad router advertisement message%s');
  out += p(0, 'bad redirect message%s');
  // The list limits (nd6_maxndopt, defrouter/prefix/neighbour caps) and the hop-limit-255 check
  // are not modelled, so these stay zero.
  out += p(0, 'default routers overflow%s') + p(0, 'prefix overflow%s') + p(0, 'neighbour entries overflow%s');
  out += p(0, 'redirect overflow%s') + p(0, 'message%s with invalid hop limit') + p(0, 'path MTU change%s');
  return out;
}

export function statsJson(s: StatsView, proto: string | null): string {
  const doc = { statistics: { ...(proto !== 'icmp6' ? { ip6: s.ip6 } : {}), ...(proto !== 'ip6' ? { icmp6: s.icmp6 } : {}) } };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
