// rtsol: rtsold run once (usr.sbin/rtsold/rtsold.c with the name rtsol: foreground, -1): send
// router solicitations on each interface (up to MAX_RTR_SOLICITATIONS, RTR_SOLICITATION_INTERVAL
// apart) and wait for an advertisement. Its messages go through warnmsg(): errors always, the
// LOG_INFO ones ("No answer after sending 3 RSs") only with -d. It exits 0 once done, answered
// or not; 1 when an interface cannot be set up, and for usage.
import { BackendError, OpError } from '../backend/types.js';
import { noJson, ToolError, UsageError, getopt, type Context } from './common.js';
import { IFF, ND6_IFF } from '../flags.js';
import { EX_UNAVAILABLE } from '../sysexits.js';

export const USAGE =
  'usage: rtsol [-dDF] [-O script-name] [-p pidfile] [-R script-name] interface ...\n' +
  'usage: rtsol [-dDF] [-O script-name] [-p pidfile] [-R script-name] -a\n';

export async function rtsol(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).RTSOL_HELP);
    return 0;
  }
  const { opts, rest } = getopt(argv, 'adDFM:O:R:u', 'rtsol', USAGE, 1);
  noJson(ctx, 'by rtsol');
  const has = (c: string): boolean => opts.some(([o]) => o === c);
  const auto = has('a');
  const force = has('F');
  // dflag: -d adds 1, -D adds 2; LOG_INFO messages show from 1 on.
  const verbose = has('d') || has('D');
  if ((!auto && rest.length === 0) || (auto && rest.length !== 0)) throw new UsageError(USAGE, 1);
  for (const [o, v] of opts) {
    if ((o === 'M' || o === 'O' || o === 'R') && !(v as string).startsWith('/'))
      throw new ToolError(`configuration script (${v}) must be an absolute path`);
  }
  const backend = await ctx.backend();
  if (!backend.nd)
    throw new ToolError(`the ${ctx.globals.backend} backend cannot send router solicitations`, EX_UNAVAILABLE);
  const nd = backend.nd;
  const say = (msg: string): void => ctx.io.err(`rtsol: ${msg}\n`);
  // autoifprobe: up, multicast, neither loopback nor point-to-point, with IPv6 on and (unless
  // -F) accepting advertisements.
  const names = auto
    ? (await backend.listInterfaces())
        .filter(
          (i) =>
            i.flags & IFF.UP &&
            i.flags & IFF.MULTICAST &&
            !(i.flags & (IFF.LOOPBACK | IFF.POINTOPOINT)) &&
            i.addrs.length > 0,
        )
        .filter((i) => force || (!(i.nd6 & ND6_IFF.IFDISABLED) && i.nd6 & ND6_IFF.ACCEPT_RTADV))
        .map((i) => i.name)
    : rest;
  if (auto && verbose) for (const n of names) say(`probing ${n}`);
  // rtsold sets every interface up before it solicits on any: one it cannot take ends the run
  // with nothing sent.
  try {
    for (const ifname of names) await nd.rtsolCheck(ifname, force);
    for (const ifname of names) {
      // -F: turn accept_rtadv on first, as rtsold does before it probes.
      if (force) await nd.ifinfo(ifname, { nd6Set: ND6_IFF.ACCEPT_RTADV, nd6Clear: 0 });
      const heard = await nd.rtsol(ifname);
      if (!heard && verbose) say('No answer after sending 3 RSs');
    }
  } catch (e) {
    if (e instanceof OpError && e.errno === 'ENXIO') {
      say(`failed to get link layer information for ${e.subject}`);
      say(`failed to initialize ${e.subject}`);
      return 1;
    }
    if (e instanceof BackendError && !e.unavailable) {
      say(e.message);
      return 1;
    }
    throw e;
  }
  return 0;
}
