// sim rtadvd's options (rtadvd.conf's ra and prefix settings as command-line options): the rows
// both the command and its completion read. Options after a --prefix belong to that prefix.
import { RTADV_DEFAULTS } from '../proto.js';
import { IPV6_MMTU } from '../proto.js';
import { applyMask, formatIp6, parseDuration, parsePrefix } from '../addr/index.js';
import type { PrefixInfo, RtadvRequest } from '../backend/types.js';
import { EX_USAGE } from '../sysexits.js';
import { keyed } from '../table.js';
import { UsageError } from './common.js';

export const rtadvdUsage = (why: string): UsageError =>
  new UsageError(
    'usage: ip6kit sim rtadvd NODE IF [--prefix P/LEN [--pltime S] [--vltime S] [--no-onlink] [--no-autonomous]]...\n' +
      '       [--router-lifetime S] [--interval MIN:MAX] [--mtu N] [--managed] [--other] [--off]\n',
    EX_USAGE,
    [`ip6kit sim: rtadvd: ${why}`],
  );

/** Seconds: plain, a duration (2h, 30m), or infinity (0xffffffff). */
function lifetime(opt: string, v: string | undefined): number {
  if (v === undefined) throw rtadvdUsage(`${opt} needs a value`);
  if (v === 'infinity' || v === 'infinite') return 0xffffffff;
  let s: number | null = null;
  if (/^\d+$/.test(v)) s = Number(v);
  else {
    try {
      const ms = parseDuration(v);
      if (Number.isFinite(ms) && ms % 1000 === 0) s = ms / 1000;
    } catch {
      /* reported below */
    }
  }
  if (s === null) throw rtadvdUsage(`${opt} ${v}: not a number of seconds`);
  // The option fields are 32 bits wide (RFC 4861 4.6.2); 0xffffffff is infinity.
  if (s > 0xffffffff) throw rtadvdUsage(`${opt} ${v}: at most 4294967295 s (infinity)`);
  return s;
}

interface RtadvdParse {
  req: RtadvRequest;
  off: boolean;
}
/** One sim rtadvd option: what it does with its value (read with value(), for those that take one). */
type RtadvdOption = (p: RtadvdParse, value: () => string | undefined, opt: string) => void;

/** The prefix the option after a --prefix belongs to. */
function lastPrefix(p: RtadvdParse, opt: string): PrefixInfo {
  const last = p.req.prefixes[p.req.prefixes.length - 1];
  if (!last) throw rtadvdUsage(`${opt} must follow a --prefix`);
  return last;
}

export const RTADVD_OPTIONS: Record<string, RtadvdOption> = keyed({
  '--prefix': (p, value) => {
    const text = value();
    if (text === undefined) throw rtadvdUsage('--prefix needs P/LEN');
    let pfx;
    try {
      pfx = parsePrefix(text);
    } catch {
      throw rtadvdUsage(`--prefix ${text}: not an IPv6 prefix`);
    }
    p.req.prefixes.push({
      prefix: formatIp6(applyMask(pfx.addr, pfx.len)),
      plen: pfx.len,
      onlink: true,
      autonomous: true,
      vltime: 2592000,
      pltime: 604800,
    });
  },
  '--pltime': (p, value, o) => {
    lastPrefix(p, o).pltime = lifetime(o, value());
  },
  '--vltime': (p, value, o) => {
    lastPrefix(p, o).vltime = lifetime(o, value());
  },
  '--no-onlink': (p, _, o) => {
    lastPrefix(p, o).onlink = false;
  },
  '--no-autonomous': (p, _, o) => {
    lastPrefix(p, o).autonomous = false;
  },
  '--router-lifetime': (p, value, o) => {
    const v = lifetime(o, value());
    if (v > 9000) throw rtadvdUsage('--router-lifetime is at most 9000 s (RFC 4861)');
    p.req.routerLifetime = v;
  },
  '--interval': (p, value) => {
    const m = /^(\d+):(\d+)$/.exec(value() ?? '');
    if (!m || Number(m[1]) < 3 || Number(m[2]) < Number(m[1]) || Number(m[2]) > 1800)
      throw rtadvdUsage('--interval MIN:MAX seconds, 3 <= MIN <= MAX <= 1800');
    p.req.minInterval = Number(m[1]);
    p.req.maxInterval = Number(m[2]);
  },
  '--mtu': (p, value) => {
    const v = value();
    // The MTU option's field is 32 bits wide (RFC 4861 4.6.4); IPv6 needs at least 1280 (RFC 8200 5).
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < IPV6_MMTU || Number(v) > 0xffffffff)
      throw rtadvdUsage(`--mtu N, ${IPV6_MMTU} to 4294967295`);
    p.req.mtu = Number(v);
  },
  '--managed': (p) => {
    p.req.managed = true;
  },
  '--other': (p) => {
    p.req.other = true;
  },
  '--off': (p) => {
    p.off = true;
  },
});

export function parseRtadvd(opts: string[]): RtadvRequest | null {
  const p: RtadvdParse = {
    req: { ...RTADV_DEFAULTS, prefixes: [] },
    off: false,
  };
  for (let i = 0; i < opts.length; i++) {
    const o = opts[i] as string;
    const option = RTADVD_OPTIONS[o];
    if (!option) throw rtadvdUsage(`unknown option ${o}`);
    option(p, () => opts[++i], o);
  }
  for (const x of p.req.prefixes)
    if (x.pltime > x.vltime) throw rtadvdUsage(`${x.prefix}/${x.plen}: pltime exceeds vltime`);
  return p.off ? null : p.req;
}
