// The one place where failures become messages and exit codes.
import { AddrError } from '../addr/index.js';
import { BackendError, OpError } from '../backend/types.js';
import { ToolError, UsageError, type Context } from './common.js';
import { EX_UNAVAILABLE } from '../sysexits.js';
import { ExitError } from '../errno.js';
import { NETBSD_TOOLS } from '../render/profile.js';

/**
 * The usage messages of NetBSD's tools where they differ from FreeBSD's (the sources ip6kit.8
 * names: ndp.c, ping6.c, sysctl.c usage()); all go to stderr and exit 1. netstat and route print
 * their own (cli/nbroute.ts); ip6addrctl's is KAME's on both; ifconfig's is assembled by its
 * modules in link order, which the sources do not settle, so it stays FreeBSD's. Each entry
 * makes NetBSD's text from the FreeBSD usage the tool threw.
 */
const NETBSD_USAGE: Record<string, (freebsd: string) => string> = {
  // The same lines, headed "Usage:" (and on stderr).
  ndp: (freebsd) => freebsd.replace(/^usage:/, 'Usage:'),
  ping6: () => `usage: ping6 [-dfHmnNqtvwW] [-P policy] [-a [aAclsg]] [-b sockbufsiz] [-c count] 
	[-I interface] [-i wait] [-l preload] [-p pattern] [-S sourceaddr]
	[-s packetsize] [-h hoplimit] [-g gateway] [hops...] host
`,
  sysctl: () => `usage:	sysctl [-dneq] [-x[x]|-r] variable ...
	sysctl [-ne] [-q] -w variable=value ...
	sysctl [-dne] -a
	sysctl [-dne] -A
	sysctl [-ne] -M
	sysctl [-dne] [-q] -f file
`,
};

export async function report(ctx: Context, e: unknown): Promise<number> {
  const say = (msg: string): void => ctx.io.err(`${ctx.prog}: ${msg}\n`);
  if (e instanceof UsageError) {
    const netbsd = ctx.globals.profile === 'netbsd' && NETBSD_TOOLS.has(ctx.prog);
    // NetBSD's getopt says "unknown option" where FreeBSD's says "illegal option".
    for (const l of e.lead) ctx.io.err(`${netbsd ? l.replace(': illegal option -- ', ': unknown option -- ') : l}\n`);
    const usage = netbsd ? NETBSD_USAGE[ctx.prog] : undefined;
    if (usage !== undefined) {
      ctx.io.err(usage(e.usage));
      return 1;
    }
    (e.toStdout ? ctx.io.out : ctx.io.err)(e.usage);
    return e.exit;
  }
  if (e instanceof ToolError) {
    if (e.raw) ctx.io.err(`${e.message}\n`);
    else say(e.message);
    return e.exit;
  }
  if (e instanceof OpError) {
    say(ctx.prog === 'ifconfig' ? (await import('./ifconfig.js')).ifconfigOpMessage(e) : e.message);
    return 1;
  }
  if (e instanceof BackendError) {
    say(e.message);
    return e.unavailable ? EX_UNAVAILABLE : 1;
  }
  if (e instanceof AddrError) {
    say(e.message);
    return 1;
  }
  if (e instanceof ExitError) {
    say(e.message);
    return e.exit;
  }
  throw e;
}
