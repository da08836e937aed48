// ping6's lines (sbin/ping/ping6.c): the header, a reply, an ICMPv6 error (-v), the summary; the
// header and summary words follow the profile (FreeBSD 15's ping shares main.c's summary).
import type { Doc } from '../schema/index.js';
import type { PingEvent } from '../views/index.js';
import { jsonLine, present } from './json.js';
import { CURRENT, type Profile } from './profile.js';

export const pingHeader = (src: string, dst: string, size: number, p: Profile = CURRENT): string =>
  `${p.ping.header}(${40 + 8 + size}=40+8+${size} bytes) ${src} --> ${dst}\n`;

const from = (e: PingEvent): string => (e.zone ? `${e.from}%${e.zone}` : e.from);

export function pingReply(e: Extract<PingEvent, { kind: 'reply' }>): string {
  return (
    `${e.bytes} bytes from ${from(e)}, icmp_seq=${e.seq} hlim=${e.hlim}` +
    // ping6.c times a reply only when the request had room for its timestamp.
    `${e.rtt === null ? '' : ` time=${e.rtt.toFixed(3)} ms`}${e.dup ? '(DUP!)' : ''}\n`
  );
}

const UNREACH: Record<number, string> = {
  0: 'No Route to Destination',
  1: 'Destination Administratively Unreachable',
  2: 'Destination Unreachable Beyond Scope',
  3: 'Destination Host Unreachable',
  4: 'Destination Port Unreachable',
};

/** pr_icmph's first line (the quoted header that follows in ping6 is not printed). */
export function pingError(e: Extract<PingEvent, { kind: 'error' }>): string {
  return `${e.bytes} bytes from ${from(e)}: ${errorText(e)}\n`;
}

function errorText(e: Extract<PingEvent, { kind: 'error' }>): string {
  if (e.icmpType === 3) return e.code === 0 ? 'Time to live exceeded' : 'Frag reassembly time exceeded';
  return UNREACH[e.code] ?? `Destination Unreachable, Bad Code: ${e.code}`;
}

interface RoundTrip {
  min: number;
  avg: number;
  max: number;
  stddev: number;
}

function roundTrip(rtts: number[], deviation: Profile['ping']['deviation'] = 'population'): RoundTrip | null {
  const n = rtts.length;
  if (!n) return null;
  const avg = rtts.reduce((a, b) => a + b, 0) / n;
  const squares = rtts.reduce((a, b) => a + b * b, 0);
  // FreeBSD's ping6.c: sqrt(sumsq / n - avg^2); NetBSD's: sqrt((sumsq - n avg^2) / (n - 1)), 0 for one.
  const variance = deviation === 'sample' ? (n > 1 ? (squares - n * avg * avg) / (n - 1) : 0) : squares / n - avg * avg;
  return { min: Math.min(...rtts), avg, max: Math.max(...rtts), stddev: Math.sqrt(Math.max(0, variance)) };
}

const loss = (transmitted: number, received: number): number => ((transmitted - received) * 100) / transmitted;

export function pingSummary(
  host: string,
  transmitted: number,
  received: number,
  dups: number,
  rtts: number[],
  p: Profile = CURRENT,
): string {
  let out =
    `\n--- ${host} ${p.ping.statistics} statistics ---\n${transmitted} packets transmitted, ${received} ` +
    `packets received, `;
  if (dups) out += `+${dups} duplicates, `;
  if (transmitted) out += `${loss(transmitted, received).toFixed(1)}% packet loss`;
  out += '\n';
  const rt = roundTrip(rtts, p.ping.deviation);
  if (rt)
    out +=
      `round-trip min/avg/max/${p.ping.stddev} = ${rt.min.toFixed(3)}/${rt.avg.toFixed(3)}` +
      `/${rt.max.toFixed(3)}/${rt.stddev.toFixed(3)} ms\n`;
  return out;
}

const event = (body: Doc<'ping-event'>['ping']): string =>
  jsonLine({ __version: '1', ping: body } satisfies Doc<'ping-event'>);

export const pingStartJson = (src: string, dst: string, size: number): string =>
  event({ start: { source: src, destination: dst, 'data-bytes': size } });

export const pingReplyJson = (e: Extract<PingEvent, { kind: 'reply' }>): string =>
  event({
    reply: {
      bytes: e.bytes,
      from: from(e),
      'icmp-seq': e.seq,
      hlim: e.hlim,
      ...present({ 'time-ms': e.rtt }),
      duplicate: e.dup,
    },
  });

export const pingErrorJson = (e: Extract<PingEvent, { kind: 'error' }>): string =>
  event({ error: { bytes: e.bytes, from: from(e), type: e.icmpType, code: e.code, message: errorText(e) } });

export function pingSummaryJson(
  host: string,
  transmitted: number,
  received: number,
  dups: number,
  rtts: number[],
): string {
  const rt = roundTrip(rtts);
  return event({
    summary: {
      destination: host,
      transmitted,
      received,
      duplicates: dups,
      ...(transmitted ? { 'packet-loss': loss(transmitted, received) } : {}),
      ...(rt ? { 'round-trip': rt } : {}),
    },
  });
}
