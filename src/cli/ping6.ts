// ping6: echo requests through the simulated stack, in ping6's words and exit codes
// (sbin/ping6/ping6.c): 0 when a reply came, 2 when none did, 1 for setup errors.
import { OpError, type PingRequest } from '../backend/types.js';
import { ToolError, UsageError, getopt, scopedAddr, type Context } from './common.js';

export const USAGE = `usage: ping6 [-nqv] [-c count] [-h hoplimit] [-I interface] [-i wait]
             [-S sourceaddr] [-s packetsize] host
`;
const EX_USAGE = 64;
const EX_OSERR = 71;
const MAXDATALEN = 65535 - 40 - 8;

const STRERROR: Record<string, string> = {
  EHOSTUNREACH: 'No route to host',
  EADDRNOTAVAIL: "Can't assign requested address",
  EINVAL: 'Invalid argument',
  ENETDOWN: 'Network is down',
};

export async function ping6(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).PING6_HELP);
    return 0;
  }
  const { opts, rest } = getopt(argv, 'c:h:I:i:S:s:nqv', 'ping6', USAGE, EX_USAGE);
  const req: PingRequest = { dst: { addr: '', zone: null }, count: null, interval: 1, src: null, ifname: null, hlim: null, size: 56 };
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
    } else if (o === 'h') {
      if (!/^-?\d+$/.test(val)) throw new ToolError(`illegal hoplimit ${val}`);
      const h = Number(val);
      if (h > 255 || h < -1) throw new ToolError(`illegal hoplimit -- ${val}`);
      req.hlim = h === -1 ? null : h;
    } else if (o === 's') {
      if (!/^\d+$/.test(val) || Number(val) <= 0) throw new ToolError(`illegal datalen value -- ${val}`);
      if (Number(val) > MAXDATALEN) throw new ToolError(`datalen value too large, maximum is ${MAXDATALEN}`);
      req.size = Number(val);
    } else if (o === 'S') req.src = hostAddr(val).addr;
    else if (o === 'I') req.ifname = val;
    else if (o === 'q') quiet = true;
    else if (o === 'v') verbose = true;
  }
  if (rest.length !== 1) throw new UsageError(USAGE, EX_USAGE);
  const host = rest[0] as string;
  req.dst = hostAddr(host);
  const backend = await ctx.backend();
  if (!backend.nd) throw new ToolError(`the ${ctx.globals.backend} backend cannot send echo requests`, 69);
  const stop = new AbortController();
  const end = (): void => stop.abort();
  process.once('SIGINT', end);
  const r = await import('../render/ping6.js');
  const rtts: number[] = [];
  let received = 0;
  let dups = 0;
  let transmitted = 0;
  try {
    ({ transmitted } = await backend.nd.ping(
      req,
      (s) => ctx.io.out(r.pingHeader(s.src, s.dst, req.size)),
      (e) => {
        if (e.kind === 'reply') {
          if (e.dup) dups++;
          else {
            received++;
            rtts.push(e.rtt);
          }
          if (!quiet) ctx.io.out(r.pingReply(e));
        } else if (verbose && !quiet) ctx.io.out(r.pingError(e));
      },
      stop.signal,
    ));
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    if (e.op === 'if_nametoindex') throw new ToolError(`${e.subject}: invalid interface name`);
    if (e.op === 'getaddrinfo') throw new ToolError('hostname nor servname provided, or not known');
    throw new ToolError(`${e.op === 'bind' ? 'bind' : 'UDP connect'}: ${STRERROR[e.errno] ?? e.errno}`);
  } finally {
    process.removeListener('SIGINT', end);
  }
  ctx.io.out(r.pingSummary(host, transmitted, received, dups, rtts));
  if (received > 0) return 0;
  return transmitted > 0 ? 2 : EX_OSERR;
}

function hostAddr(text: string): { addr: string; zone: string | number | null } {
  try {
    return scopedAddr(text);
  } catch {
    throw new ToolError('hostname nor servname provided, or not known');
  }
}
