// sysctl(8) for a simulated node (sbin/sysctl/sysctl.c's grammar and messages): read and set the
// net.inet6.ip6 knobs the engine models, kern.features.inet6. The simulated kernel is IPv6-only:
// kern.features.inet is not there, so rc's `afexists inet` is false and its IPv4 paths are skipped.
import { ToolError, UsageError, getopt, type Context } from './common.js';
import { BackendError } from '../backend/types.js';
import { EX_FAILURE, EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';
import { keyed } from '../table.js';

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
  const o = {
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
  const current = (): Map<string, number> => new Map(ctl.sysctlOf(undefined, []).map((r) => [r.name, r.value]));
  const valueNow = (name: string, now: Map<string, number>): number => {
    const oid = OIDS[name] as Oid;
    return oid.knob === null ? (oid.value as number) : (now.get(oid.knob) as number);
  };
  const line = (name: string, text: string): string =>
    o.names ? `${name}\n` : o.values ? `${text}\n` : `${name}${o.sep}${text}\n`;
  const show = (name: string, now: Map<string, number>): string =>
    line(name, o.describe ? (OIDS[name] as Oid).description : String(valueNow(name, now)));
  if (all) {
    const now = current();
    ctx.io.out(
      Object.keys(OIDS)
        .map((n) => show(n, now))
        .join(''),
    );
    return 0;
  }
  let status = 0;
  for (const arg of rest) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const matches = Object.keys(OIDS).filter((n) => n === name || n.startsWith(`${name}.`));
    if (!matches.length) {
      if (!o.ignore) {
        if (!o.quiet) ctx.io.err(`sysctl: unknown oid '${name}'\n`);
        status = 1;
      }
      continue;
    }
    if (eq < 0) {
      const now = current();
      ctx.io.out(matches.map((n) => show(n, now)).join(''));
      continue;
    }
    const oid = OIDS[name];
    const text = arg.slice(eq + 1);
    if (!oid) {
      ctx.io.err(`sysctl: oid '${name}' isn't a leaf node\n`);
      status = 1;
      continue;
    }
    if (oid.knob === null) {
      ctx.io.err(`sysctl: oid '${name}' is read only\n`);
      status = 1;
      continue;
    }
    if (!/^-?\d+$/.test(text)) {
      ctx.io.err(`sysctl: invalid integer '${text}'\n`);
      status = 1;
      continue;
    }
    let row;
    try {
      [row] = ctl.sysctlOf(undefined, [`${oid.knob}=${text}`]);
    } catch (e) {
      if (e instanceof BackendError) {
        ctx.io.err(`sysctl: ${name}=${text}: Invalid argument\n`);
        status = 1;
        continue;
      }
      throw e;
    }
    if (row) ctx.io.out(line(name, `${row.old} -> ${row.value}`));
  }
  return status;
}
