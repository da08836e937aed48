// Dispatch: argv0 (shims) (shims), ip6kit's global options, one place that turns errors into
// messages and exit codes. Tool modules load lazily so a command pays only for what it uses.
import { writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { Backend, GlobalOptions } from '../backend/types.js';
import type { Context, Io, Tool } from './common.js';
import { DEFAULT_PROFILE, NETBSD_TOOLS, PROFILES, isProfileName } from '../render/profile.js';
import { EX_USAGE } from '../sysexits.js';
import { keyed } from '../table.js';

/** Tools ip6kit answers to, each loaded only when called. */
const TOOLS: Record<string, () => Promise<Tool>> = keyed({
  ifconfig: async () => (await import('./ifconfig.js')).ifconfig,
  sim: async () => (await import('./sim.js')).sim,
  ndp: async () => (await import('./ndp.js')).ndp,
  route: async () => (await import('./route.js')).route,
  route6: async () => (await import('./route.js')).route,
  netstat: async () => (await import('./netstat.js')).netstat,
  ifmcstat: async () => (await import('./ifmcstat.js')).ifmcstat,
  ip6addrctl: async () => (await import('./ip6addrctl.js')).ip6addrctl,
  addrsel: async () => (await import('./ip6addrctl.js')).addrsel,
  ping6: async () => (await import('./ping6.js')).ping6,
  ping: async () => (await import('./ping6.js')).ping,
  rtsol: async () => (await import('./rtsol.js')).rtsol,
  sysctl: async () => (await import('./sysctl.js')).sysctl,
});

export const SHIM_NAMES = [
  'ifconfig',
  'ndp',
  'route',
  'route6',
  'netstat',
  'ifmcstat',
  'ip6addrctl',
  'ping',
  'ping6',
  'rtsol',
  'sysctl',
];

/** Removes ip6kit's global options from argv wherever they stand (before a '--'). */
/** Tools whose own -N means something else (sysctl -N: names only): only --node names the node there. */
const OWN_N = new Set(['sysctl']);

/** The tool a command line runs: the program's name for a shim, else its first tool word. */
export function toolOf(argv0: string, args: readonly string[]): string | undefined {
  const prog = basename(argv0);
  return prog in TOOLS ? prog : args.find((a) => a in TOOLS);
}

export function takeGlobals(
  argv: string[],
  env: NodeJS.ProcessEnv,
  tool?: string,
): { globals: GlobalOptions; rest: string[]; bad: string | null } {
  const shortNode = !(tool !== undefined && OWN_N.has(tool));
  const g: GlobalOptions = {
    backend: env.IP6KIT_BACKEND === 'linux' ? 'linux' : 'sim',
    json: false,
    color: !('NO_COLOR' in env),
    profile: DEFAULT_PROFILE,
  };
  if (env.IP6KIT_STATE) g.state = env.IP6KIT_STATE;
  const rest: string[] = [];
  let bad: string | null = null;
  const profile = (v: string, from: string): void => {
    if (isProfileName(v)) g.profile = v;
    else bad = `unknown profile '${v}'${from} (${Object.keys(PROFILES).join(', ')})`;
  };
  if (env.IP6KIT_PROFILE) profile(env.IP6KIT_PROFILE, ' in IP6KIT_PROFILE');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const eq = a.indexOf('=');
    const [name, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) bad = `option ${name} requires an argument`;
      return v ?? '';
    };
    if (name === '--state') {
      g.state = value();
      if (g.state === '' && !bad) bad = 'option --state needs a file name, not an empty string';
    } else if (name === '--node' || (name === '-N' && shortNode)) g.node = value();
    else if (name === '--backend') {
      const v = value();
      if (v === 'sim' || v === 'linux') g.backend = v;
      else bad = `unknown backend '${v}' (sim or linux)`;
    } else if (name === '--profile') profile(value(), '');
    else if (name === '--json') g.json = true;
    else if (name === '--libxo') {
      const v = value();
      if (v.split(',').includes('json')) g.json = true;
      else if (v !== 'text') bad = `--libxo ${v}: only json and text are supported`;
    } else if (name === '--no-color') g.color = false;
    else rest.push(a);
  }
  return { globals: g, rest, bad };
}

/**
 * Standard output written with write(2) on fd 1: opening process.stdout builds a stream (and,
 * for a pipe, a socket) that costs every command start-up time. A reader that went away (| head)
 * ends the command quietly, as SIGPIPE ends a C tool; a non-blocking descriptor that is full
 * hands this and all later output to process.stdout, which waits for it.
 */
let stdoutStream = false;
function writeOut(s: string): void {
  if (stdoutStream) {
    process.stdout.write(s);
    return;
  }
  const buf = Buffer.from(s, 'utf8');
  let done = 0;
  try {
    while (done < buf.length) done += writeSync(1, buf, done);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') process.exit(0);
    if (code !== 'EAGAIN') throw e;
    stdoutStream = true;
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(0);
    });
    process.stdout.write(buf.subarray(done));
  }
}

const stdio: Io = {
  out: writeOut,
  err: (s) => process.stderr.write(s),
};

/** Opens the backend the globals name (lazily: listings that fail early never load it). */
export async function openBackend(globals: GlobalOptions, io: Io, prog: string): Promise<Backend> {
  if (globals.backend === 'linux') return (await import('../backend/linux/index.js')).openLinux();
  const { SimBackend } = await import('../backend/sim.js');
  // Waiting for another command's lock is said on a terminal, never in a pipe. (Asked only when
  // it happens: opening stderr's stream costs every command start-up time.)
  const onLockWait =
    io === stdio
      ? (msg: string): void => {
          if (process.stderr.isTTY) io.err(`${prog}: ${msg}\n`);
        }
      : undefined;
  return new SimBackend({ state: globals.state, node: globals.node, onLockWait });
}

function makeContext(prog: string, globals: GlobalOptions, io: Io, shared?: () => Promise<Backend>): Context {
  let backend: Promise<Backend> | null = null;
  return {
    prog,
    globals,
    io,
    backend: shared ?? (() => (backend ??= openBackend(globals, io, prog))),
  };
}

/**
 * Options that make no sense on the real kernel: the simulated world's own commands, and a node
 * name (there is one kernel). Refused rather than run against the simulation or ignored.
 */
function linuxConflict(prog: string, globals: GlobalOptions): string | null {
  if (globals.backend !== 'linux') return null;
  if (prog === 'sim') return 'drives the simulated world, not the kernel: leave out --backend linux';
  if (globals.node !== undefined) return `-N ${globals.node} names a simulated node; --backend linux has one, the host`;
  return null;
}

/** A tool whose NetBSD text ip6kit does not have refuses the profile rather than print FreeBSD's. */
function profileConflict(prog: string, globals: GlobalOptions): string | null {
  if (globals.profile !== 'netbsd' || NETBSD_TOOLS.has(prog) || prog === 'sim' || prog === 'addrsel') return null;
  if (prog === 'ping') return "NetBSD's ping is IPv4 only; ping6 has the netbsd profile";
  return `has no NetBSD text yet; the netbsd profile covers ${[...NETBSD_TOOLS].join(', ')} (ip6kit.8, PROFILES)`;
}

/** Runs one command line; returns the exit status. */
export async function run(
  argv0: string,
  args: string[],
  io: Io = stdio,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const prog = basename(argv0);
  const { globals, rest: argv, bad } = takeGlobals(args, env, toolOf(argv0, args));
  if (prog in TOOLS) return runTool(prog, argv, globals, bad, io);
  const first = argv[0];
  // Shell completion asks with the words typed; global options among them are its to read.
  if (args[0] === '__complete') return (await import('./complete.js')).complete(args.slice(1), io, env);
  if (first === '-batch' || first === '--batch') {
    if (bad) {
      io.err(`ip6kit: ${bad}\n`);
      return EX_USAGE;
    }
    return (await import('./batch.js')).batch(argv.slice(1), globals, io, env);
  }
  if (
    first === undefined ||
    first === '--help' ||
    first === '-h' ||
    first === 'help' ||
    first === '--version' ||
    first === 'completion' ||
    first === 'shims'
  ) {
    return (await import('./top.js')).top(argv, io);
  }
  if (!(first in TOOLS)) {
    io.err(`ip6kit: unknown tool '${first}'\n${(await import('./help.js')).TOP_USAGE}`);
    return EX_USAGE;
  }
  return runTool(first, argv.slice(1), globals, bad, io);
}

/** Whether ip6kit answers to NAME as a tool. */
export const isTool = (name: string): boolean => name in TOOLS;

/** One tool invocation; `shared` is the backend a batch keeps open across its lines. */
export async function runTool(
  prog: string,
  args: string[],
  globals: GlobalOptions,
  bad: string | null,
  io: Io,
  shared?: () => Promise<Backend>,
): Promise<number> {
  const loader = TOOLS[prog] as () => Promise<Tool>;
  const refused = bad ?? linuxConflict(prog, globals) ?? profileConflict(prog, globals);
  if (refused) {
    io.err(`${prog === 'sim' || prog === 'addrsel' ? `ip6kit ${prog}` : prog}: ${refused}\n`);
    return EX_USAGE;
  }
  const ctx = makeContext(prog === 'sim' || prog === 'addrsel' ? `ip6kit ${prog}` : prog, globals, io, shared);
  try {
    return await (await loader())(args, ctx);
  } catch (e) {
    return (await import('./errors.js')).report(ctx, e);
  }
}
