// What every tool module shares: its context, the errors it throws, a BSD getopt.
import * as fs from 'node:fs';
import { AddrError, formatIp6, parseScoped, takeEmbeddedScope } from '../addr/index.js';
import type { Backend, GlobalOptions, ScopedAddr } from '../backend/types.js';
import { EX_OSERR, EX_USAGE } from '../sysexits.js';
import { ExitError } from '../errno.js';
import { EX_FAILURE } from '../sysexits.js';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

export interface Context {
  prog: string;
  globals: GlobalOptions;
  io: Io;
  backend(): Promise<Backend>;
}

export type Tool = (argv: string[], ctx: Context) => Promise<number>;

/** A failure already in the tool's own words: printed as 'PROG: message' (or raw), then exit. */
export class ToolError extends ExitError {
  constructor(
    message: string,
    exit: number = EX_FAILURE,
    readonly raw = false,
  ) {
    super(message, exit);
    this.name = 'ToolError';
  }
}

/** Usage text on a stream, then exit. `lead` lines (e.g. getopt's complaint) come first. */
export class UsageError extends Error {
  constructor(
    readonly usage: string,
    readonly exit: number,
    readonly lead: string[] = [],
    readonly toStdout = false,
  ) {
    super('usage');
    this.name = 'UsageError';
  }
}

export interface Getopt {
  opts: [string, string | null][];
  rest: string[];
}

/**
 * POSIX getopt as BSD libc does it: clustered letters, 'f:' takes the rest or the next word,
 * stops at the first non-option or '--'. Long options listed in `longs` (with '=' for a value)
 * are accepted too, as ip6kit's own extensions.
 */
export function getopt(
  argv: string[],
  spec: string,
  prog: string,
  usage: string,
  exitUsage: number,
  longs: string[] = [],
): Getopt {
  const opts: [string, string | null][] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--') && longs.length) {
      const [name, value] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const takes = longs.includes(`${name}=`);
      if (!takes && !longs.includes(name))
        throw new UsageError(usage, exitUsage, [`${prog}: unrecognized option '${a}'`]);
      if (takes) {
        const v = value ?? argv[++i];
        if (v === undefined)
          throw new UsageError(usage, exitUsage, [`${prog}: option '--${name}' requires an argument`]);
        opts.push([`--${name}`, v]);
      } else opts.push([`--${name}`, null]);
      continue;
    }
    if (!a.startsWith('-') || a === '-') break;
    for (let j = 1; j < a.length; j++) {
      const c = a[j] as string;
      const at = spec.indexOf(c);
      if (at < 0 || c === ':') throw new UsageError(usage, exitUsage, [`${prog}: illegal option -- ${c}`]);
      if (spec[at + 1] === ':') {
        const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (v === undefined) throw new UsageError(usage, exitUsage, [`${prog}: option requires an argument -- ${c}`]);
        opts.push([c, v]);
        break;
      }
      opts.push([c, null]);
    }
  }
  return { opts, rest: argv.slice(i) };
}

/** strtoul(s, &ep, 0) accepting the whole word: decimal, 0x hex or 0 octal. */
export function strtoul(s: string): number | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[0-7]*$/.test(s)) return parseInt(s, 8);
  if (/^[1-9]\d*$/.test(s)) return Number(s);
  return null;
}

/** getaddrinfo as the tools use it: a scoped name, a numeric zone, or KAME's embedded form. */
export function scopedAddr(text: string): ScopedAddr {
  try {
    const s = parseScoped(text);
    if (s.zone !== undefined) return { addr: formatIp6(s.addr), zone: /^\d+$/.test(s.zone) ? Number(s.zone) : s.zone };
    const e = takeEmbeddedScope(s.addr);
    return { addr: formatIp6(e.addr), zone: e.index || null };
  } catch (e) {
    if (e instanceof AddrError) throw new ToolError(`${text}: hostname nor servname provided, or not known`, EX_OSERR);
    throw e;
  }
}

/** What commands read from files (ndp -f, ip6addrctl install): at most this much, lines this long. */
const INPUT_LIMITS = { bytes: 16 * 1024 * 1024, line: 4096 };

/**
 * A text file a command reads, refused past INPUT_LIMITS (so /dev/zero or a runaway pipe ends
 * with a message, not with all memory). Errno errors of open/read are thrown as they are.
 */
export function readInput(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1 << 20, INPUT_LIMITS.bytes + 1 - total));
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > INPUT_LIMITS.bytes) throw new ToolError(`${file}: larger than ${INPUT_LIMITS.bytes} bytes`);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    let start = 0;
    for (let line = 1; start <= text.length; line++) {
      const end = text.indexOf('\n', start);
      const stop = end < 0 ? text.length : end;
      if (stop - start > INPUT_LIMITS.line)
        throw new ToolError(`${file}: line ${line} is longer than ${INPUT_LIMITS.line} bytes`);
      if (end < 0) break;
      start = end + 1;
    }
    return text;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * --json where a tool has no document to print: a usage error, never ignored (docs/json.md).
 * `what` names the form, as in "ifconfig: --json is not supported for changes".
 */
export function noJson(ctx: Context, what: string): void {
  if (ctx.globals.json)
    throw new UsageError('', EX_USAGE, [`${ctx.prog}: --json is not supported ${what}; it applies to listings`]);
}

/** Output is written this much at a time. */
const CHUNK = 1 << 16;
/** The first chunk: small, so that `| head` has its lines before much of the table is made. */
const FIRST_CHUNK = 1 << 12;

/**
 * Writes text made piece by piece in chunks that grow to CHUNK, yielding to the event loop
 * between them: a reader that has gone (netstat -rn | head -5, ndp -an | head) ends the command
 * there (main.ts, EPIPE) instead of after the whole table was made.
 */
export async function writeInChunks(ctx: Context, pieces: Iterable<string>): Promise<void> {
  let buf = '';
  let chunk = FIRST_CHUNK;
  for (const p of pieces) {
    buf += p;
    if (buf.length >= chunk) {
      ctx.io.out(buf);
      buf = '';
      chunk = Math.min(CHUNK, chunk * 2);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (buf) ctx.io.out(buf);
}
