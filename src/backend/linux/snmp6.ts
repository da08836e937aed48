// netstat -s -p ip6 / -p icmp6 on Linux: the kernel's IPv6 MIB counters (/proc/net/snmp6, RFC 4293
// and RFC 4293's ICMP tables) mapped onto the ip6stat and icmp6stat fields FreeBSD's netstat
// prints. A FreeBSD counter Linux does not keep stays 0 (ip6kit.8, LINUX, lists them).
import * as fs from 'node:fs';
import type { StatsView } from '../../views/index.js';

/** "Name value" lines as a map. */
export function parseSnmp6(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    if (name && value !== undefined && /^\d+$/.test(value)) out.set(name, Number(value));
  }
  return out;
}

/** The counters as the simulated stack keeps them (the fields netstat's renderer reads). */
export function statsOfSnmp6(c: Map<string, number>): StatsView {
  const n = (name: string): number => c.get(name) ?? 0;
  const hist = (dir: 'In' | 'Out'): Record<string, number> => {
    const h: Record<string, number> = {};
    for (const [name, v] of c) {
      const m = new RegExp(`^Icmp6${dir}Type(\\d+)$`).exec(name);
      if (m && v > 0) h[m[1] as string] = v;
    }
    return h;
  };
  const nxthist: Record<string, number> = {};
  // Input by next header: ICMPv6 and UDP are counted by their own MIBs.
  if (n('Icmp6InMsgs') > 0) nxthist[58] = n('Icmp6InMsgs');
  if (n('Udp6InDatagrams') + n('Udp6NoPorts') > 0) nxthist[17] = n('Udp6InDatagrams') + n('Udp6NoPorts');
  return {
    ip6: {
      total: n('Ip6InReceives'),
      delivered: n('Ip6InDelivers'),
      forward: n('Ip6OutForwDatagrams'),
      // InAddrErrors: destinations not ours and not forwardable (ip6s_cantforward).
      cantforward: n('Ip6InAddrErrors'),
      localout: n('Ip6OutRequests'),
      noroute: n('Ip6InNoRoutes') + n('Ip6OutNoRoutes'),
      badscope: 0,
      notmember: 0,
      nxthist,
      sourcesNone: 0,
      sourcesRule: [],
    },
    icmp6: {
      // icmp6_error calls: the error messages generated.
      error: n('Icmp6OutDestUnreachs') + n('Icmp6OutPktTooBigs') + n('Icmp6OutTimeExcds') + n('Icmp6OutParmProblems'),
      outhist: hist('Out'),
      inhist: hist('In'),
      unreachNoroute: 0,
      unreachAdmin: 0,
      unreachBeyondscope: 0,
      unreachAddr: 0,
      unreachNoport: 0,
      packetTooBig: n('Icmp6OutPktTooBigs'),
      timeExceedTransit: n('Icmp6OutTimeExcds'),
      reflect: n('Icmp6OutEchoReplies'),
      badns: 0,
      badna: 0,
      badrs: 0,
      badra: 0,
    },
  };
}

export function readSnmp6(): StatsView {
  return statsOfSnmp6(parseSnmp6(fs.readFileSync('/proc/net/snmp6', 'utf8')));
}
