// rtsol: send router solicitations on each interface and wait for an advertisement, as
// rtsold -1 does (up to MAX_RTR_SOLICITATIONS, RTR_SOLICITATION_INTERVAL apart).
import { OpError } from '../backend/types.js';
import { ToolError, UsageError, getopt, type Context } from './common.js';

export const USAGE = 'usage: rtsol [-dD] interface ...\n';

export async function rtsol(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).RTSOL_HELP);
    return 0;
  }
  const { opts, rest } = getopt(argv, 'dDaFiuO:p:R:', 'rtsol', USAGE, 1);
  const debug = opts.some(([o]) => o === 'd' || o === 'D');
  if (!rest.length) throw new UsageError(USAGE, 1);
  const backend = await ctx.backend();
  if (!backend.nd) throw new ToolError(`the ${ctx.globals.backend} backend cannot send router solicitations`, 69);
  let failed = false;
  for (const ifname of rest) {
    if (debug) ctx.io.err(`rtsol: ${ifname}: sending router solicitations\n`);
    try {
      const heard = await backend.nd.rtsol(ifname);
      if (heard) {
        if (debug) ctx.io.err(`rtsol: ${ifname}: received a router advertisement\n`);
      } else {
        ctx.io.err(`rtsol: ${ifname}: no router advertisement after 3 solicitations\n`);
        failed = true;
      }
    } catch (e) {
      if (e instanceof OpError && e.errno === 'ENXIO') throw new ToolError(`${ifname}: no such interface`);
      throw e;
    }
  }
  return failed ? 1 : 0;
}
