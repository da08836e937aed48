// The one place where failures become messages and exit codes.
import { AddrError } from '../addr/index.js';
import { BackendError, OpError } from '../backend/types.js';
import { ToolError, UsageError, type Context } from './common.js';
import { EX_UNAVAILABLE } from '../sysexits.js';
import { ExitError } from '../errno.js';

export async function report(ctx: Context, e: unknown): Promise<number> {
  const say = (msg: string): void => ctx.io.err(`${ctx.prog}: ${msg}\n`);
  if (e instanceof UsageError) {
    for (const l of e.lead) ctx.io.err(`${l}\n`);
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
