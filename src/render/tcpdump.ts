// ip6kit sim tcpdump: captured frames in tcpdump's own words (print-ip6.c, print-icmp6.c as
// Debian 12's tcpdump 4.99 prints them): one line each, and with -v the IPv6 header fields, the
// checksum verdict and the ND options. test/capture.test.ts holds it to tcpdump -r on the same file.
import { formatIp6, parseIp6 } from '../addr/index.js';
import type { Frame, Icmp6, PrefixInfo } from '../engine/types.js';

export interface TcpdumpOptions {
  verbose: boolean;
}

/** The time of day of a world-clock reading (ms), as tcpdump prints a timestamp. */
export function timeOfDay(ms: number): string {
  const us = Math.round(ms * 1000);
  const secs = Math.floor(us / 1e6) % 86400;
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}:${two(secs % 60)}` +
    `.${String(us % 1e6).padStart(6, '0')}`
  );
}

const lifetime = (s: number): string => (s === 0xffffffff ? 'infinity' : `${s}s`);
const flagList = (words: (string | false)[]): string => `Flags [${words.filter(Boolean).join(', ') || 'none'}]`;

function prefixOption(p: PrefixInfo): string {
  const flags = flagList([p.onlink && 'onlink', p.autonomous && 'auto']);
  return (
    `\t  prefix info option (3), length 32 (4): ${formatIp6(parseIp6(p.prefix))}/${p.plen}, ${flags}, ` +
    `valid time ${lifetime(p.vltime)}, pref. time ${lifetime(p.pltime)}\n`
  );
}

const lla = (kind: 'source' | 'destination', mac: string | null): string =>
  mac ? `\t  ${kind} link-address option (${kind === 'source' ? 1 : 2}), length 8 (1): ${mac}\n` : '';

/** The ICMPv6 part: the text after "ICMP6, ", the option lines of -v, and where "length N" goes. */
function icmp6(b: Icmp6, length: number, verbose: boolean): { text: string; options: string } {
  const len = `length ${length}`;
  switch (b.type) {
    case 'NS':
      return {
        text: verbose
          ? `neighbor solicitation, ${len}, who has ${b.target}`
          : `neighbor solicitation, who has ${b.target}, ${len}`,
        options: lla('source', b.slla),
      };
    case 'NA': {
      const flags = flagList([b.router && 'router', b.solicited && 'solicited', b.override && 'override']);
      return {
        text: verbose
          ? `neighbor advertisement, ${len}, tgt is ${b.target}, ${flags}`
          : `neighbor advertisement, tgt is ${b.target}, ${len}`,
        options: lla('destination', b.tlla),
      };
    }
    case 'RS':
      return { text: `router solicitation, ${len}`, options: lla('source', b.slla) };
    case 'RA': {
      const head =
        `\thop limit ${b.curhlim}, ${flagList([b.managed && 'managed', b.other && 'other stateful'])}` +
        `, pref medium, router lifetime ${b.routerLifetime}s` +
        `, reachable time ${b.reachable}ms, retrans timer ${b.retrans}ms\n`;
      const mtu = b.mtu === null ? '' : `\t  mtu option (5), length 8 (1):  ${b.mtu}\n`;
      return {
        text: `router advertisement, ${len}`,
        options: head + lla('source', b.slla) + mtu + b.prefixes.map(prefixOption).join(''),
      };
    }
    case 'ECHO':
    case 'ECHO_REPLY': {
      const what = `${b.type === 'ECHO' ? 'echo request' : 'echo reply'}, id ${b.ident}, seq ${b.seq}`;
      return { text: verbose ? what : `${what}, ${len}`, options: '' };
    }
    case 'MLD_REPORT': {
      const n = `multicast listener report v2, ${b.records.length} group record(s)`;
      const records = b.records
        .map((r) => ` [gaddr ${r.group} ${r.type.toLowerCase()}, ${r.sources.length} source(s)]`)
        .join('');
      return { text: verbose ? `${n}${records}` : `${n}, ${len}`, options: '' };
    }
    case 'ERROR': {
      const dst = b.orig.dst;
      let what: string;
      if (b.icmpType === 3) what = b.code === 0 ? `time exceeded in-transit for ${dst}` : 'time exceeded reassembly';
      else if (b.code === 0) what = `destination unreachable, unreachable route ${dst}`;
      else if (b.code === 1) what = `destination unreachable,  unreachable prohibited ${dst}`;
      else if (b.code === 2) what = `destination unreachable, beyond scope ${dst}, source address ${b.orig.src}`;
      else if (b.code === 3) what = `destination unreachable, unreachable address ${dst}`;
      else what = `destination unreachable, unknown code (${b.code})`;
      return { text: verbose ? what : `${what}, ${len}`, options: '' };
    }
  }
}

/** One frame, as tcpdump -n (and -v) prints it; `icmpLength` is the ICMPv6 message's length. */
export function tcpdumpLine(at: number, f: Frame, icmpLength: number, o: TcpdumpOptions): string {
  const p = f.pkt;
  const hbh = p.body.type === 'MLD_REPORT';
  const m = icmp6(p.body, icmpLength, o.verbose);
  if (!o.verbose) return `${timeOfDay(at)} IP6 ${p.src} > ${p.dst}: ${hbh ? 'HBH ' : ''}ICMP6, ${m.text}\n`;
  const payload = icmpLength + (hbh ? 8 : 0);
  const header = `IP6 (hlim ${p.hlim}, next-header ${hbh ? 'Options (0)' : 'ICMPv6 (58)'} payload length: ${payload})`;
  return (
    `${timeOfDay(at)} ${header} ${p.src} > ${p.dst}: ${hbh ? 'HBH (rtalert: 0x0000) (padn) ' : ''}[icmp6 ` +
    `sum ok] ICMP6, ${m.text}\n${m.options}`
  );
}
