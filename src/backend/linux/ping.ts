// ping6 on the Linux backend: the system's ping (iputils) sends and times the echo requests, and
// its lines are read back into the events ping6.c would print (ip6kit.8, LINUX). Linux numbers
// icmp_seq from 1 where KAME numbers from 0; ttl is the hop limit.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { needsZone, parseIp6 } from '../../addr/index.js';
import type { PingEvent } from '../../views/index.js';
import { BackendError, OpError, type PingRequest, type PingStart } from '../types.js';
import type { KLink, Rtnl } from './rtnl.js';
import { zoneOf } from '../core.js';

/** iputils' words for the ICMPv6 errors it reports (-v), as ICMPv6 type and code. */
const ERRORS: readonly (readonly [RegExp, number, number])[] = [
  [/^Destination unreachable: No route/, 1, 0],
  [/^Destination unreachable: Administratively prohibited/, 1, 1],
  [/^Destination unreachable: Beyond scope/, 1, 2],
  [/^Destination unreachable: Address unreachable/, 1, 3],
  [/^Destination unreachable: Port unreachable/, 1, 4],
  [/^Time exceeded: Hop limit/, 3, 0],
  [/^Time exceeded: Defragmentation failure/, 3, 1],
];

// iputils times a reply only when the request has room for a struct timeval (16 data bytes).
const REPLY = /^(\d+) bytes from ([^ ]+): icmp_seq=(\d+) ttl=(\d+)(?: time=([\d.]+) ms)?( \(DUP!\))?/;
const ERROR = /^From ([^ ]+) icmp_seq=\d+ (.*)$/;
const SUMMARY = /^(\d+) packets transmitted/;

/** A program on PATH, or exit 69 naming the package that has it. */
export function systemTool(name: string, pkg: string, user: string): string {
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(':')) {
    const f = path.join(dir || '.', name);
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return f;
    } catch {}
  }
  throw new BackendError(`${user} needs the system's ${name} (${pkg}), which is not installed`, true);
}

const split = (text: string): { from: string; zone: string | null } => {
  const i = text.indexOf('%');
  return i < 0 ? { from: text.replace(/:$/, ''), zone: null } : { from: text.slice(0, i), zone: text.slice(i + 1) };
};

export async function linuxPing(
  nl: Rtnl,
  links: KLink[],
  req: PingRequest,
  onStart: (s: PingStart) => void,
  onEvent: (e: PingEvent) => void,
  signal: AbortSignal,
): Promise<{ transmitted: number }> {
  const bin = systemTool('ping', 'iputils-ping', 'ping6');
  const dst = parseIp6(req.dst.addr);
  const byName = (n: string): KLink => {
    const l = links.find((x) => x.name === n);
    if (!l) throw new OpError('if_nametoindex', 'ENXIO', n);
    return l;
  };
  const out = req.ifname ? byName(req.ifname) : null;
  // A numeric or named zone, resolved as getaddrinfo would (core.ts).
  const zoneIndex = zoneOf(links, req.dst, out?.index ?? 0);
  const zone = links.find((l) => l.index === zoneIndex) ?? null;
  if (needsZone(dst) && !zone) throw new OpError('connect', 'EINVAL', req.dst.addr);
  // The heading names the source the kernel picks, as ping6.c's getsockname after connect does.
  const route = await nl.lookup(dst, zone?.index ?? 0).catch(() => null);
  const src = req.src ?? route?.prefsrc ?? null;
  if (!src) throw new OpError('connect', route ? 'EADDRNOTAVAIL' : 'ENETUNREACH', req.dst.addr);
  const dstText = zone && needsZone(dst) ? `${req.dst.addr}%${zone.name}` : req.dst.addr;
  const srcText = needsZone(parseIp6(src)) && zone ? `${src}%${zone.name}` : src;
  const args = ['-6', '-n', '-s', String(req.size), '-i', String(req.interval), '-W', String(req.waittime / 1000)];
  if (req.count !== null) args.push('-c', String(req.count));
  if (req.hlim !== null) args.push('-t', String(req.hlim));
  if (req.timeout !== null) args.push('-w', String(req.timeout));
  if (req.src !== null || out) args.push('-I', req.src ?? (out as KLink).name);
  args.push(dstText);
  onStart({ src: srcText, dst: dstText });
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = (): void => {
    child.kill('SIGINT');
  };
  signal.addEventListener('abort', stop, { once: true });
  let transmitted = 0;
  let replies = 0;
  let errText = '';
  let rest = '';
  const line = (l: string): void => {
    const r = REPLY.exec(l);
    if (r) {
      const { from, zone: z } = split(r[2] as string);
      replies++;
      onEvent({
        kind: 'reply',
        from,
        zone: z,
        seq: Number(r[3]) - 1,
        hlim: Number(r[4]),
        bytes: Number(r[1]),
        rtt: r[5] === undefined ? null : Number(r[5]),
        dup: r[6] !== undefined,
      });
      // -o: the first reply is enough.
      if (req.once) stop();
      return;
    }
    const e = ERROR.exec(l);
    if (e) {
      const known = ERRORS.find(([re]) => re.test(e[2] as string));
      const { from, zone: z } = split(e[1] as string);
      if (known) onEvent({ kind: 'error', from, zone: z, bytes: 0, icmpType: known[1], code: known[2] });
      return;
    }
    const s = SUMMARY.exec(l);
    if (s) transmitted = Number(s[1]);
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    rest += chunk;
    const lines = rest.split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) line(l);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    errText += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  signal.removeEventListener('abort', stop);
  if (rest) line(rest);
  // ping's own refusals (a bad hop limit, an unknown interface) are its words, said as they are.
  if (code !== 0 && code !== 1 && replies === 0 && transmitted === 0)
    throw new BackendError(`ping: ${errText.trim().split('\n')[0] ?? `exit ${code}`}`);
  return { transmitted };
}
