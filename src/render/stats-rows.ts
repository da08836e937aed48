// netstat -s's counters as rows, in FreeBSD 14's order (usr.bin/netstat/inet6.c, ip6_stats and
// icmp6_stats): the libxo key, the text ('%s' takes the plural), and where the value comes from.
// Text and JSON are both printed from these rows; the JSON schema is derived from them too.
import type { StatsView } from '../views/index.js';

type Ip6 = StatsView['ip6'];
type Icmp6 = StatsView['icmp6'];

export interface StatRow<S> {
  key: string;
  text: string;
  /** Counters the simulation does not keep read as 0. */
  value: (s: S) => number;
  /** 'head' rows come before the histograms, 'tail' rows after (ip6); errors sit in icmp6's 'errors' container. */
  group: 'head' | 'tail' | 'top' | 'errors';
  /** p1a / p_5: the count and the words, no plural. */
  bare?: boolean;
}

const zero = (): number => 0;

export const IP6_STAT_ROWS: readonly StatRow<Ip6>[] = [
  { key: 'received-packets', text: 'total packet%s received', value: (s) => s.total, group: 'head' },
  { key: 'dropped-below-minimum-size', text: 'with size smaller than minimum', value: zero, group: 'head', bare: true },
  { key: 'dropped-short-packets', text: 'with data size < data length', value: zero, group: 'head', bare: true },
  { key: 'dropped-bad-options', text: 'with bad options', value: zero, group: 'head', bare: true },
  { key: 'dropped-bad-version', text: 'with incorrect version number', value: zero, group: 'head', bare: true },
  { key: 'received-fragments', text: 'fragment%s received', value: zero, group: 'head' },
  { key: 'dropped-fragment', text: 'fragment%s dropped (dup or out of space)', value: zero, group: 'head' },
  { key: 'dropped-fragment-after-timeout', text: 'fragment%s dropped after timeout', value: zero, group: 'head' },
  { key: 'dropped-fragments-overflow', text: 'fragment%s that exceeded limit', value: zero, group: 'head' },
  { key: 'atomic-fragments', text: 'atomic fragment%s', value: zero, group: 'head' },
  { key: 'reassembled-packets', text: 'packet%s reassembled ok', value: zero, group: 'head' },
  { key: 'received-local-packets', text: 'packet%s for this host', value: (s) => s.delivered, group: 'head' },
  { key: 'forwarded-packets', text: 'packet%s forwarded', value: (s) => s.forward, group: 'head' },
  { key: 'packets-not-forwardable', text: 'packet%s not forwardable', value: (s) => s.cantforward, group: 'head' },
  { key: 'sent-redirects', text: 'redirect%s sent', value: zero, group: 'head' },
  { key: 'sent-packets', text: 'packet%s sent from this host', value: (s) => s.localout, group: 'head' },
  {
    key: 'send-packets-fabricated-header',
    text: 'packet%s sent with fabricated ip header',
    value: zero,
    group: 'head',
  },
  { key: 'discard-no-mbufs', text: 'output packet%s dropped due to no bufs, etc.', value: zero, group: 'head' },
  {
    key: 'discard-no-route',
    text: 'output packet%s discarded due to no route',
    value: (s) => s.noroute,
    group: 'head',
  },
  { key: 'sent-fragments', text: 'output datagram%s fragmented', value: zero, group: 'head' },
  { key: 'fragments-created', text: 'fragment%s created', value: zero, group: 'head' },
  { key: 'discard-cannot-fragment', text: "datagram%s that can't be fragmented", value: zero, group: 'head' },
  {
    key: 'discard-scope-violations',
    text: 'packet%s that violated scope rules',
    value: (s) => s.badscope,
    group: 'head',
  },
  {
    key: 'multicast-no-join-packets',
    text: "multicast packet%s which we don't join",
    value: (s) => s.notmember,
    group: 'head',
  },
  { key: 'dropped-header-too-long', text: 'packet%s whose headers are not contiguous', value: zero, group: 'tail' },
  { key: 'discard-tunnel-no-gif', text: "tunneling packet%s that can't find gif", value: zero, group: 'tail' },
  {
    key: 'dropped-too-many-headers',
    text: 'packet%s discarded because of too many headers',
    value: zero,
    group: 'tail',
  },
];

export const ICMP6_STAT_ROWS: readonly StatRow<Icmp6>[] = [
  { key: 'icmp6-calls', text: 'call%s to icmp6_error', value: (s) => s.error, group: 'top' },
  {
    key: 'errors-not-generated-from-message',
    text: 'error%s not generated in response to an icmp6 message',
    value: zero,
    group: 'top',
  },
  {
    key: 'errors-discarded-by-rate-limitation',
    text: 'error%s not generated because of rate limitation',
    value: zero,
    group: 'top',
  },
  // (the output histogram prints here)
  { key: 'dropped-bad-code', text: 'message%s with bad code fields', value: zero, group: 'top' },
  { key: 'dropped-too-short', text: 'message%s < minimum length', value: zero, group: 'top' },
  { key: 'dropped-bad-checksum', text: 'bad checksum%s', value: zero, group: 'top' },
  { key: 'dropped-bad-length', text: 'message%s with bad length', value: zero, group: 'top' },
  // (the input histogram, then "Histogram of error messages to be generated:")
  { key: 'no-route', text: 'no route', value: (s) => s.unreachNoroute, group: 'errors', bare: true },
  {
    key: 'admin-prohibited',
    text: 'administratively prohibited',
    value: (s) => s.unreachAdmin,
    group: 'errors',
    bare: true,
  },
  { key: 'beyond-scope', text: 'beyond scope', value: (s) => s.unreachBeyondscope, group: 'errors', bare: true },
  { key: 'address-unreachable', text: 'address unreachable', value: (s) => s.unreachAddr, group: 'errors', bare: true },
  { key: 'port-unreachable', text: 'port unreachable', value: (s) => s.unreachNoport, group: 'errors', bare: true },
  { key: 'packet-too-big', text: 'packet too big', value: (s) => s.packetTooBig, group: 'errors', bare: true },
  {
    key: 'time-exceed-transmit',
    text: 'time exceed transit',
    value: (s) => s.timeExceedTransit,
    group: 'errors',
    bare: true,
  },
  { key: 'time-exceed-reassembly', text: 'time exceed reassembly', value: zero, group: 'errors', bare: true },
  { key: 'bad-header', text: 'erroneous header field', value: zero, group: 'errors', bare: true },
  { key: 'bad-next-header', text: 'unrecognized next header', value: zero, group: 'errors', bare: true },
  { key: 'bad-option', text: 'unrecognized option', value: zero, group: 'errors', bare: true },
  { key: 'redirects', text: 'redirect', value: zero, group: 'errors', bare: true },
  { key: 'unknown', text: 'unknown', value: zero, group: 'errors', bare: true },
  // The rest sit inside the "errors" container too, printed one tab in (inet6.c's p()).
  { key: 'reflect', text: 'message response%s generated', value: (s) => s.reflect, group: 'errors' },
  { key: 'too-many-nd-options', text: 'message%s with too many ND options', value: zero, group: 'errors' },
  { key: 'bad-nd-options', text: 'message%s with bad ND options', value: zero, group: 'errors' },
  {
    key: 'bad-neighbor-solicitation',
    text: 'bad neighbor solicitation message%s',
    value: (s) => s.badns,
    group: 'errors',
  },
  {
    key: 'bad-neighbor-advertisement',
    text: 'bad neighbor advertisement message%s',
    value: (s) => s.badna,
    group: 'errors',
  },
  { key: 'bad-router-solicitation', text: 'bad router solicitation message%s', value: (s) => s.badrs, group: 'errors' },
  {
    key: 'bad-router-advertisement',
    text: 'bad router advertisement message%s',
    value: (s) => s.badra,
    group: 'errors',
  },
  { key: 'bad-redirect', text: 'bad redirect message%s', value: zero, group: 'errors' },
  // The list limits and the hop-limit-255 check are not modelled: these stay zero.
  { key: 'default-routers-overflows', text: 'default routers overflow%s', value: zero, group: 'errors' },
  { key: 'prefixes-overflows', text: 'prefix overflow%s', value: zero, group: 'errors' },
  { key: 'neighbour-entries-overflows', text: 'neighbour entries overflow%s', value: zero, group: 'errors' },
  { key: 'redirect-overflows', text: 'redirect overflow%s', value: zero, group: 'errors' },
  { key: 'dropped-invalid-hop-limit', text: 'message%s with invalid hop limit', value: zero, group: 'errors' },
  { key: 'path-mtu-changes', text: 'path MTU change%s', value: zero, group: 'top' },
];

/** FreeBSD's icmp6names by type (inet6.c). */
export const ICMP6_NAMES: Record<string, string> = {
  1: 'unreach',
  2: 'packet too big',
  3: 'time exceed',
  4: 'parameter problem',
  128: 'echo',
  129: 'echo reply',
  130: 'multicast listener query',
  131: 'MLDv1 listener report',
  132: 'MLDv1 listener done',
  133: 'router solicitation',
  134: 'router advertisement',
  135: 'neighbor solicitation',
  136: 'neighbor advertisement',
  137: 'redirect',
  138: 'router renumbering',
  139: 'node information request',
  140: 'node information reply',
  141: 'inverse neighbor solicitation',
  142: 'inverse neighbor advertisement',
  143: 'MLDv2 listener report',
};
