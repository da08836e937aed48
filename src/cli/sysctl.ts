// sysctl(8) for a simulated node (sbin/sysctl/sysctl.c's grammar and messages): read and set the
// net.inet6.ip6 knobs the engine models, kern.features.inet6. The simulated kernel is IPv6-only:
// kern.features.inet is not there, so rc's `afexists inet` is false and its IPv4 paths are skipped.
import { ToolError, UsageError, getopt, type Context } from './common.js';
import { EX_FAILURE, EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';
import { keyed } from '../table.js';
import type { SimControl } from '../backend/simctl.js';

export const USAGE = `usage: sysctl [-bdehiNnoqTtWx] [ -B <bufsize> ] [-f filename] name[=value] ...
       sysctl [-bdehNnoqTtWx] [ -B <bufsize> ] -a
`;

interface Oid {
  /** The engine's name for the knob, or null for a read-only constant. */
  knob: string | null;
  value?: number;
  description: string;
}

/**
 * The modelled OIDs in MIB order (kern before net; net.inet6.ip6 by IPV6CTL number), with the
 * descriptions of netinet6/in6_proto.c and kern/kern_mib.c.
 */
const OIDS: Record<string, Oid> = keyed({
  'kern.features.inet6': { knob: null, value: 1, description: 'Internet Protocol version 6' },
  'net.inet6.ip6.forwarding': {
    knob: 'net.inet6.ip6.forwarding',
    description: 'Enable forwarding of IPv6 packets between interfaces',
  },
  'net.inet6.ip6.accept_rtadv': {
    knob: 'net.inet6.ip6.accept_rtadv',
    description: 'Default value of per-interface flag for accepting ICMPv6 RA messages',
  },
  'net.inet6.ip6.dad_count': {
    knob: 'net.inet6.ip6.dad_count',
    description: 'Number of ICMPv6 NS messages sent during duplicate address detection',
  },
  'net.inet6.ip6.use_tempaddr': {
    knob: 'net.inet6.ip6.use_tempaddr',
    description: 'Create RFC3041 temporary addresses for autoconfigured addresses',
  },
  'net.inet6.ip6.auto_linklocal': {
    knob: 'net.inet6.ip6.auto_linklocal',
    description:
      'Default value of per-interface flag for automatically adding an IPv6 link-local address to interfaces' +
      ' when attached',
  },
  'net.inet6.ip6.prefer_tempaddr': {
    knob: 'net.inet6.ip6.prefer_tempaddr',
    description: 'Prefer RFC3041 temporary addresses in source address selection',
  },
});

export async function sysctl(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).SYSCTL_HELP);
    return 0;
  }
  const { opts, rest } = getopt(argv, 'AabB:def:hiNnoqTtWwXx', 'sysctl', USAGE, EX_FAILURE);
  const has = (c: string): boolean => opts.some(([o]) => o === c);
  for (const c of ['b', 'B', 'f', 'o', 'x', 'X', 'T', 'W', 't', 'w', 'h']) {
    if (has(c)) throw new ToolError(`-${c} is not modelled by ip6kit (it offers -a -d -e -i -N -n -q)`, EX_USAGE);
  }
  const all = has('a') || has('A');
  if (all === rest.length > 0) throw new UsageError(USAGE, EX_FAILURE);
  const o: SysctlOptions = {
    names: has('N'),
    values: has('n'),
    describe: has('d'),
    ignore: has('i'),
    quiet: has('q'),
    sep: has('e') ? '=' : ': ',
  };
  const { SimControl } = await import('../backend/simctl.js');
  const { SimBackend } = await import('../backend/sim.js');
  if (ctx.globals.backend !== 'sim')
    throw new ToolError('the linux backend has no sysctl of its own: use the host sysctl(8)', EX_UNAVAILABLE);
  const backend = await ctx.backend();
  const ctl = new SimControl(
    backend instanceof SimBackend ? backend : new SimBackend({ state: ctx.globals.state, node: ctx.globals.node }),
  );
  const out = new Printer(ctl, o);
  if (all) {
    ctx.io.out(out.show(Object.keys(OIDS)));
    return 0;
  }
  let status = 0;
  for (const arg of rest) status = Math.max(status, oneArg(ctx, ctl, out, arg));
  return status;
}

interface SysctlOptions {
  names: boolean;
  values: boolean;
  describe: boolean;
  ignore: boolean;
  quiet: boolean;
  sep: string;
}

/** How sysctl prints an oid: name, value or both (-N, -n), the value or its description (-d). */
class Printer {
  constructor(
    private readonly ctl: SimControl,
    readonly o: SysctlOptions,
  ) {}

  line(name: string, text: string): string {
    const o = this.o;
    return o.names ? `${name}\n` : o.values ? `${text}\n` : `${name}${o.sep}${text}\n`;
  }

  show(names: string[]): string {
    const now = new Map(this.ctl.sysctlOf(undefined, []).map((r) => [r.name, r.value]));
    const valueNow = (oid: Oid): number => (oid.knob === null ? (oid.value as number) : (now.get(oid.knob) as number));
    return names
      .map((n) => this.line(n, this.o.describe ? (OIDS[n] as Oid).description : String(valueNow(OIDS[n] as Oid))))
      .join('');
  }
}

/** One NAME or NAME=VALUE argument; its exit status (0 or 1). */
function oneArg(ctx: Context, ctl: SimControl, out: Printer, arg: string): number {
  const fail = (msg: string): number => {
    ctx.io.err(`sysctl: ${msg}\n`);
    return 1;
  };
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg : arg.slice(0, eq);
  const matches = Object.keys(OIDS).filter((n) => n === name || n.startsWith(`${name}.`));
  if (!matches.length) {
    if (out.o.ignore) return 0;
    if (!out.o.quiet) ctx.io.err(`sysctl: unknown oid '${name}'\n`);
    return 1;
  }
  if (eq < 0) {
    ctx.io.out(out.show(matches));
    return 0;
  }
  const oid = OIDS[name];
  const text = arg.slice(eq + 1);
  if (!oid) return fail(`oid '${name}' isn't a leaf node`);
  if (oid.knob === null) return fail(`oid '${name}' is read only`);
  const value = cInt(text);
  if (value === null) return fail(`invalid integer '${text}'`);
  // Any int is taken (in6_proto.c's plain SYSCTL_INTs have no handler to refuse one).
  const [row] = ctl.sysctlOf(undefined, [`${oid.knob}=${value}`]);
  if (row) ctx.io.out(out.line(name, `${row.old} -> ${row.value}`));
  return 0;
}

/**
 * A value as sysctl.c's parse_numeric reads a CTLTYPE_INT: (int)strtol(text, &end, 0). Leading
 * space, a sign, 0x for hex and a leading 0 for octal are read; a value within long's range is
 * cast to int (its low 32 bits, as the C conversion on FreeBSD's LP64 platforms); one outside
 * it (ERANGE), or anything left over, is not a number: null.
 */
function cInt(text: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return null;
  const digits = m[2] as string;
  const magnitude = BigInt(/^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits);
  const v = m[1] === '-' ? -magnitude : magnitude;
  if (v > 2n ** 63n - 1n || v < -(2n ** 63n)) return null;
  return Number(BigInt.asIntN(32, v));
}
