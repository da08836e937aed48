// ping6's lines (sbin/ping6/ping6.c): the header, a reply, an ICMPv6 error (-v), the summary.
import type { PingEvent } from '../views/index.js';

export const pingHeader = (src: string, dst: string, size: number): string => `PING6(${40 + 8 + size}=40+8+${size} bytes) ${src} --> ${dst}\n`;

const from = (e: PingEvent): string => (e.zone ? `${e.from}%${e.zone}` : e.from);

export function pingReply(e: Extract<PingEvent, { kind: 'reply' }>): string {
  return `${e.bytes} bytes from ${from(e)}, icmp_seq=${e.seq} hlim=${e.hlim} time=${e.rtt.toFixed(3)} ms${e.dup ? '(DUP!)' : ''}\n`;
}

/** pr_icmph's first line (the quoted header that follows in ping6 is not printed). */
export function pingError(e: Extract<PingEvent, { kind: 'error' }>): string {
  let text: string;
  if (e.icmpType === 3) text = e.code === 0 ? 'Time to live exceeded' : 'Frag reassembly time exceeded';
  else {
    const unreach: Record<number, string> = {
      0: 'No Route to Destination',
      1: 'Destination Administratively Unreachable',
      2: 'Destination Unreachable Beyond Scope',
      3: 'Destination Host Unreachable',
      4: 'Destination Port Unreachable',
    };
    text = unreach[e.code] ?? `Destination Unreachable, Bad Code: ${e.code}`;
  }
  return `${e.bytes} bytes from ${from(e)}: ${text}\n`;
}

export function pingSummary(host: string, transmitted: number, received: number, dups: number, rtts: number[]): string {
  let out = `\n--- ${host} ping6 statistics ---\n${transmitted} packets transmitted, ${received} packets received, `;
  if (dups) out += `+${dups} duplicates, `;
  if (transmitted) out += `${(((transmitted - received) * 100) / transmitted).toFixed(1)}% packet loss`;
  out += '\n';
  if (rtts.length) {
    const min = Math.min(...rtts);
    const max = Math.max(...rtts);
    const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
    const sd = Math.sqrt(Math.max(0, rtts.reduce((a, b) => a + b * b, 0) / rtts.length - avg * avg));
    out += `round-trip min/avg/max/std-dev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${sd.toFixed(3)} ms\n`;
  }
  return out;
}
