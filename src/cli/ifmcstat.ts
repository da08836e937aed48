// ifmcstat(8): multicast memberships (usr.sbin/ifmcstat), FreeBSD's texts and exit codes.
import { ToolError, UsageError, getopt, type Context } from './common.js';
import { EX_NOHOST, EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';

export const USAGE = 'usage: ifmcstat [-i interface] [-f address family] [-v]\n';

export async function ifmcstat(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).IFMCSTAT_HELP);
    return 0;
  }
  if (ctx.globals.profile === 'netbsd' && !ctx.globals.json) return netbsdIfmcstat(ctx);
  const { opts, rest } = getopt(argv, 'i:f:vMKN:', 'ifmcstat', USAGE, EX_USAGE);
  if (rest.length) throw new UsageError(USAGE, EX_USAGE);
  let ifname: string | null = null;
  let family: 'inet6' | 'inet' | 'link' | null = null;
  let verbose = 0;
  for (const [o, v] of opts) {
    if (o === 'i') ifname = v as string;
    else if (o === 'v') verbose++;
    else if (o === 'f') {
      if (v === 'inet6' || v === 'inet' || v === 'link') family = v;
      else throw new ToolError(`${v}: unknown address family`, EX_USAGE, true);
    }
  }
  if (family === 'link' && verbose) throw new UsageError(USAGE, EX_USAGE);
  const backend = await ctx.backend();
  if (!backend.multicast)
    throw new ToolError(`the ${ctx.globals.backend} backend does not list multicast memberships yet`, EX_UNAVAILABLE);
  let list = await backend.multicast();
  if (ifname !== null) {
    list = list.filter((v) => v.ifname === ifname);
    if (!list.length) throw new ToolError(`${ifname}: unknown interface`, EX_NOHOST, true);
  }
  const r = await import('../render/ifmcstat.js');
  ctx.io.out(ctx.globals.json ? r.ifmcstatJson(list) : r.ifmcstatText(list, { family, verbose }));
  return 0;
}

/** NetBSD's ifmcstat takes no options (main(void)): whatever follows is ignored, as there. */
async function netbsdIfmcstat(ctx: Context): Promise<number> {
  const backend = await ctx.backend();
  if (!backend.netbsdMulticast)
    throw new ToolError(
      `the ${ctx.globals.backend} backend cannot show NetBSD's multicast records (ip6kit.8, PROFILES)`,
      EX_UNAVAILABLE,
    );
  const list = await backend.netbsdMulticast();
  ctx.io.out((await import('../render/netbsd.js')).netbsdIfmcstatText(list));
  return 0;
}
