// ip6addrctl(8): the RFC 6724 policy table (usr.sbin/ip6addrctl), FreeBSD's texts and exit codes
// (spec/formats.md 6), and ip6kit's addrsel, which shows the table's effect on an address list.
import { AddrError, formatIp6, isV4Mapped, parseIp6 } from '../addr/index.js';
import { OpError, type PolicyBackend } from '../backend/types.js';
import { noJson, ToolError, UsageError, getopt, readInput, scopedAddr, type Context } from './common.js';
import { EX_OSERR, EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';
import { STRERROR, strerror } from '../errno.js';

export const USAGE = `usage: ip6addrctl [show]
       ip6addrctl add <prefix> <precedence> <label>
       ip6addrctl delete <prefix>
       ip6addrctl flush
       ip6addrctl install <configfile>
`;

const usage = (): UsageError => new UsageError(USAGE, 1);

function table(ctx: Context, backend: { policy?: PolicyBackend }): PolicyBackend {
  if (!backend.policy)
    throw new ToolError(`the ${ctx.globals.backend} backend has no address selection policy yet`, EX_UNAVAILABLE);
  return backend.policy;
}

/** C's atoi: optional sign and leading digits, anything else 0. */
const atoi = (s: string): number => {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
};

/** PREFIX/PLEN as ip6addrctl's parse_prefix reads it; the errors are its warnings. */
function parsePrefixArg(text: string): { prefix: string; plen: number } | { errors: string[] } {
  const slash = text.indexOf('/');
  const bad = `ip6addrctl: bad prefix: ${text}`;
  if (slash < 0) return { errors: [bad] };
  const addr = text.slice(0, slash);
  const len = text.slice(slash + 1);
  let bytes: Uint8Array;
  try {
    bytes = parseIp6(addr);
  } catch (e) {
    if (!(e instanceof AddrError)) throw e;
    return {
      errors: [`ip6addrctl: getaddrinfo failed for ${addr}: hostname nor servname provided, or not known`, bad],
    };
  }
  if (!/^\d+$/.test(len) || Number(len) > 128) return { errors: [`ip6addrctl: invalid prefix length: ${len}`, bad] };
  return { prefix: formatIp6(bytes), plen: Number(len) };
}

export async function ip6addrctl(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).IP6ADDRCTL_HELP);
    return 0;
  }
  const [cmd = 'show', ...args] = argv;
  if (cmd.toLowerCase() !== 'show') noJson(ctx, `with ${cmd}`);
  const policy = table(ctx, await ctx.backend());
  const fail = (e: unknown, op: string): number => {
    if (!(e instanceof OpError)) throw e;
    ctx.io.err(`ip6addrctl: ioctl(${op}): ${strerror(e.errno)}\n`);
    return 1;
  };
  switch (cmd.toLowerCase()) {
    case 'show': {
      if (args.length) throw usage();
      const rows = await policy.list();
      const r = await import('../render/policy.js');
      ctx.io.out(ctx.globals.json ? r.policyJson(rows) : r.policyText(rows));
      return 0;
    }
    case 'add':
    case 'delete': {
      const add = cmd.toLowerCase() === 'add';
      if (args.length !== (add ? 3 : 1)) throw usage();
      const p = parsePrefixArg(args[0] as string);
      if ('errors' in p) {
        ctx.io.err(p.errors.map((l) => `${l}\n`).join(''));
        return 1;
      }
      try {
        if (add) await policy.add({ ...p, precedence: atoi(args[1] as string), label: atoi(args[2] as string) });
        else await policy.delete(p.prefix, p.plen);
        return 0;
      } catch (e) {
        return fail(e, add ? 'SIOCAADDRCTL_POLICY' : 'SIOCDADDRCTL_POLICY');
      }
    }
    case 'flush':
      if (args.length) throw usage();
      for (const r of await policy.list()) {
        try {
          await policy.delete(r.prefix, r.plen);
        } catch (e) {
          fail(e, 'SIOCDADDRCTL_POLICY');
        }
      }
      return 0;
    case 'install':
      if (args.length !== 1) throw usage();
      return install(ctx, policy, args[0] as string);
    default:
      throw usage();
  }
}

async function install(ctx: Context, policy: PolicyBackend, file: string): Promise<number> {
  let text: string;
  try {
    text = readInput(file);
  } catch (e) {
    if (e instanceof ToolError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ToolError(
      `fopen: ${file}: ${code && Object.hasOwn(STRERROR, code) ? strerror(code) : (e as Error).message}`,
    );
  }
  // Every line is parsed before anything is installed.
  const rows: { prefix: string; plen: number; precedence: number; label: number }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (!line || line.startsWith('#')) continue;
    const words = line.split(/[ \t]+/);
    const p = words.length === 3 ? parsePrefixArg(words[0] as string) : null;
    if (!p || 'errors' in p) throw new ToolError(`parse failed at line ${i + 1}`);
    rows.push({ ...p, precedence: atoi(words[1] as string), label: atoi(words[2] as string) });
  }
  for (const r of rows) {
    try {
      await policy.add(r);
    } catch (e) {
      if (!(e instanceof OpError)) throw e;
      ctx.io.err(`ip6addrctl: ioctl(SIOCAADDRCTL_POLICY): ${strerror(e.errno)}\n`);
    }
  }
  return 0;
}

const ADDRSEL_USAGE = 'usage: ip6kit addrsel [-N node] [--json] [--ipv4-src A.B.C.D] destination ...\n';

/** ip6kit addrsel: the destinations in RFC 6724 order, with each one's source and why. */
export async function addrsel(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).ADDRSEL_HELP);
    return 0;
  }
  const { opts, rest } = getopt(argv, '', 'ip6kit addrsel', ADDRSEL_USAGE, EX_USAGE, ['ipv4-src=']);
  if (!rest.length) throw new UsageError(ADDRSEL_USAGE, EX_USAGE);
  let v4: string | null = null;
  for (const [o, v] of opts) if (o === '--ipv4-src') v4 = ipv4(v as string);
  const dsts = rest.map((d) => (ipv4Text(d) ? { addr: `::ffff:${d}`, zone: null } : scopedAddr(d)));
  let rows;
  try {
    rows = await table(ctx, await ctx.backend()).order(dsts, v4);
  } catch (e) {
    if (e instanceof OpError && e.op === 'getaddrinfo')
      throw new ToolError(`${e.subject}: hostname nor servname provided, or not known`, EX_OSERR);
    throw e;
  }
  const r = await import('../render/policy.js');
  ctx.io.out(ctx.globals.json ? r.addrselJson(rows) : r.addrselText(rows));
  return 0;
}

const ipv4Text = (s: string): boolean =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(s) && s.split('.').every((x) => Number(x) <= 255);

function ipv4(s: string): string {
  if (!ipv4Text(s)) throw new ToolError(`${s}: not an IPv4 address`, EX_USAGE);
  if (!isV4Mapped(parseIp6(`::ffff:${s}`))) throw new ToolError(`${s}: not an IPv4 address`, EX_USAGE);
  return s;
}
