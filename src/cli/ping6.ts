// ping and ping6 as FreeBSD 14's sbin/ping runs them (main.c picks the family, ping6.c does the
// IPv6 work): echo requests through the simulated stack, ping6's words and exit codes: 0 when a
// reply came, 2 when none did, 1 for setup errors (and usage), 68 when the host cannot be
// resolved, 64 for a bad -t or -W.
import { OpError, type PingRequest } from '../backend/types.js';
import { ToolError, UsageError, getopt, scopedAddr, type Context } from './common.js';
import { EX_NOHOST, EX_OSERR, EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';
import { strerror } from '../errno.js';

// FreeBSD 14's usage(): one text for both families, whichever name ran it; exit 1.
export const USAGE = `usage:
\tping [-4AaDdfHnoQqRrv] [-C pcp] [-c count] [-G sweepmaxsize]
\t    [-g sweepminsize] [-h sweepincrsize] [-i wait] [-l preload]
\t    [-M mask | time] [-m ttl] [-P policy] [-p pattern] [-S src_addr] 
\t    [-s packetsize] [-t timeout] [-W waittime] [-z tos] IPv4-host
\tping [-4AaDdfHLnoQqRrv] [-C pcp] [-c count] [-I iface] [-i wait]
\t    [-l preload] [-M mask | time] [-m ttl] [-P policy] [-p pattern]
\t    [-S src_addr] [-s packetsize] [-T ttl] [-t timeout] [-W waittime]
\t    [-z tos] IPv4-mcast-group
\tping [-6AaDdfHnNoOquvyY] [-b bufsiz] [-C pcp] [-c count] [-e gateway]
\t    [-I interface] [-i wait] [-k addrtype] [-l preload] [-m hoplimit]
\t    [-p pattern] [-P policy] [-S sourceaddr] [-s packetsize] [-t timeout]
\t    [-W waittime] [-z tclass] [IPv6-hops ...] IPv6-host
`;
const MAXDATALEN = 65535 - 40 - 8;
/** ICMP6ECHOTMLEN: room for the timestamp, FreeBSD's default payload. */
const DEFDATALEN = 8;
const MAXALARM = 60 * 60;
/** MAXWAIT: how long to wait for a reply after the last request when none came. */
const MAXWAIT_MS = 10_000;
/** The IPv6 options this ping models (of ping6.c's PING6OPTS); the others are refused. */
const OPTS = '6c:I:i:m:noqS:s:t:vW:';

const isV4Literal = (s: string): boolean =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split('.').every((x) => Number(x) <= 255);

/** ping (main.c): -4 or an IPv4 target would be ping(8)'s IPv4 half, which is not simulated. */
export async function ping(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') return ping6(argv, ctx);
  const { opts, rest } = getopt(argv, `4${OPTS}`, ctx.prog, USAGE, 1);
  const target = rest[rest.length - 1];
  const v4 = opts.some(([o]) => o === '4');
  if (v4 && opts.some(([o]) => o === '6')) throw new ToolError('-4 and -6 cannot be used simultaneously');
  if (v4 || (target !== undefined && isV4Literal(target) && !opts.some(([o]) => o === '6'))) {
    throw new ToolError(
      'IPv4 is not simulated: ip6kit has an IPv6 stack only (use -6 or an IPv6 host)',
      EX_UNAVAILABLE,
    );
  }
  return ping6(argv, ctx);
}

export async function ping6(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).PING6_HELP);
    return 0;
  }
  const { req, quiet, verbose, host } = parseArgs(argv, ctx.prog);
  const backend = await ctx.backend();
  if (!backend.nd) throw new ToolError(`the ${ctx.globals.backend} backend cannot send echo requests`, EX_UNAVAILABLE);
  const stop = new AbortController();
  const end = (): void => stop.abort();
  process.once('SIGINT', end);
  const r = await import('../render/ping6.js');
  // --json: one document an event, each on its own line (NDJSON).
  const json = ctx.globals.json;
  const { PROFILES } = await import('../render/profile.js');
  const profile = PROFILES[ctx.globals.profile];
  const rtts: number[] = [];
  let received = 0;
  let dups = 0;
  let transmitted = 0;
  try {
    ({ transmitted } = await backend.nd.ping(
      req,
      (s) => ctx.io.out(json ? r.pingStartJson(s.src, s.dst, req.size) : r.pingHeader(s.src, s.dst, req.size, profile)),
      (e) => {
        if (e.kind === 'reply') {
          if (e.dup) dups++;
          else {
            received++;
            if (e.rtt !== null) rtts.push(e.rtt);
          }
          if (!quiet) ctx.io.out(json ? r.pingReplyJson(e) : r.pingReply(e));
        } else if (verbose && !quiet) ctx.io.out(json ? r.pingErrorJson(e) : r.pingError(e));
      },
      stop.signal,
    ));
  } catch (e) {
    throw pingFailure(e, host);
  } finally {
    process.removeListener('SIGINT', end);
  }
  ctx.io.out(
    json
      ? r.pingSummaryJson(host, transmitted, received, dups, rtts)
      : r.pingSummary(host, transmitted, received, dups, rtts, profile),
  );
  if (received > 0) return 0;
  return transmitted > 0 ? 2 : EX_OSERR;
}

/** A failed ping as ping6.c words it: the interface, the name, or the socket call that failed. */
function pingFailure(e: unknown, host: string): unknown {
  if (!(e instanceof OpError)) return e;
  if (e.op === 'if_nametoindex') return new ToolError(`${e.subject}: invalid interface name`);
  if (e.op === 'getaddrinfo')
    return new ToolError(`cannot resolve ${host}: hostname nor servname provided, or not known`, EX_NOHOST);
  return new ToolError(`${e.op === 'bind' ? 'bind' : 'UDP connect'}: ${strerror(e.errno)}`);
}

/** ping6's options and host, checked and worded as ping6.c does. */
function parseArgs(argv: string[], prog: string): { req: PingRequest; quiet: boolean; verbose: boolean; host: string } {
  const { opts, rest } = getopt(argv, OPTS, prog, USAGE, 1);
  const req: PingRequest = {
    dst: { addr: '', zone: null },
    count: null,
    interval: 1,
    src: null,
    ifname: null,
    hlim: null,
    size: DEFDATALEN,
    timeout: null,
    waittime: MAXWAIT_MS,
    once: false,
  };
  let quiet = false;
  let verbose = false;
  for (const [o, v] of opts) {
    const val = v as string;
    if (o === 'c') {
      if (!/^\d+$/.test(val) || Number(val) <= 0) throw new ToolError(`illegal number of packets -- ${val}`);
      req.count = Number(val);
    } else if (o === 'i') {
      if (!/^(\d+\.?\d*|\.\d+)$/.test(val)) throw new ToolError(`illegal timing interval ${val}`);
      req.interval = Number(val);
    } else if (o === 'm') {
      if (!/^-?\d+$/.test(val)) throw new ToolError(`illegal hoplimit ${val}`);
      const h = Number(val);
      if (h > 255 || h < -1) throw new ToolError(`illegal hoplimit -- ${val}`);
      req.hlim = h === -1 ? null : h;
    } else if (o === 's') {
      if (!/^\d+$/.test(val) || Number(val) <= 0) throw new ToolError(`illegal datalen value -- ${val}`);
      if (Number(val) > MAXDATALEN) throw new ToolError(`datalen value too large, maximum is ${MAXDATALEN}`);
      req.size = Number(val);
    } else if (o === 't') {
      // strtoul(optarg, &e, 0): decimal, 0x hex or 0 octal; trailing junk is not checked
      const t = parseInt(val, /^0x/i.test(val) ? 16 : /^0\d/.test(val) ? 8 : 10);
      if (!(t >= 1)) throw new ToolError(`invalid timeout: \`${val}'`, EX_USAGE);
      if (t > MAXALARM) throw new ToolError(`invalid timeout: \`${val}' > ${MAXALARM}`, EX_USAGE);
      req.timeout = t;
    } else if (o === 'W') {
      const t = Number(val);
      if (val === '' || !Number.isFinite(t) || t > 0x7fffffff)
        throw new ToolError(`invalid timing interval: \`${val}'`, EX_USAGE);
      req.waittime = Math.trunc(t);
    } else if (o === 'S') {
      try {
        req.src = scopedAddr(val).addr;
      } catch {
        throw new ToolError('invalid source address: hostname nor servname provided, or not known');
      }
    } else if (o === 'I') req.ifname = val;
    else if (o === 'q') quiet = true;
    else if (o === 'v') verbose = true;
    else if (o === 'o') req.once = true;
  }
  // The last argument is the host; ones before it would be intermediate hops (a type 0
  // routing header), which the simulation does not carry.
  if (rest.length < 1) throw new UsageError(USAGE, 1);
  if (rest.length > 1) throw new ToolError('intermediate hops (a routing header) are not simulated', EX_UNAVAILABLE);
  const host = rest[0] as string;
  try {
    req.dst = scopedAddr(host);
  } catch {
    throw new ToolError(`cannot resolve ${host}: hostname nor servname provided, or not known`, EX_NOHOST);
  }
  return { req, quiet, verbose, host };
}
