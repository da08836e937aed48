// The counters netstat -s prints (FreeBSD's ip6stat and icmp6stat), kept per node.
import type { Node } from './types.js';

export interface Ip6Stats {
  total: number;
  delivered: number;
  forward: number;
  cantforward: number;
  localout: number;
  noroute: number;
  badscope: number;
  notmember: number;
  /** Input histogram by next header. */
  nxthist: Record<string, number>;
  sourcesNone: number;
  /** Source selection: how often each rule decided (index as FreeBSD's srcrule_str). */
  sourcesRule: number[];
}

export interface Icmp6Stats {
  error: number;
  outhist: Record<string, number>;
  inhist: Record<string, number>;
  unreachNoroute: number;
  unreachAdmin: number;
  unreachBeyondscope: number;
  unreachAddr: number;
  unreachNoport: number;
  packetTooBig: number;
  timeExceedTransit: number;
  reflect: number;
  badns: number;
  badna: number;
  badrs: number;
  badra: number;
}

export interface Stats {
  ip6: Ip6Stats;
  icmp6: Icmp6Stats;
}

export function emptyStats(): Stats {
  return {
    ip6: {
      total: 0,
      delivered: 0,
      forward: 0,
      cantforward: 0,
      localout: 0,
      noroute: 0,
      badscope: 0,
      notmember: 0,
      nxthist: {},
      sourcesNone: 0,
      sourcesRule: new Array<number>(16).fill(0),
    },
    icmp6: {
      error: 0,
      outhist: {},
      inhist: {},
      unreachNoroute: 0,
      unreachAdmin: 0,
      unreachBeyondscope: 0,
      unreachAddr: 0,
      unreachNoport: 0,
      packetTooBig: 0,
      timeExceedTransit: 0,
      reflect: 0,
      badns: 0,
      badna: 0,
      badrs: 0,
      badra: 0,
    },
  };
}

const NXT_ICMP6 = 58;

const bump = (h: Record<string, number>, k: number): void => {
  h[k] = (h[k] ?? 0) + 1;
};

/** An ICMPv6 message this node sends. */
export function countIcmp6Out(node: Node, type: number): void {
  node.stats.ip6.localout++;
  bump(node.stats.icmp6.outhist, type);
}

/** An ICMPv6 message delivered to this node (ip6_input has counted the packet itself). */
export function countIcmp6In(node: Node, type: number): void {
  bump(node.stats.ip6.nxthist, NXT_ICMP6);
  bump(node.stats.icmp6.inhist, type);
}
