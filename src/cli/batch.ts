// ip6kit -batch FILE: many tool invocations in one process, as iproute2's `ip -batch` runs them.
// On the simulated backend the whole file is one transaction (one lock, one load, one save), so a
// batch of n lines costs one load and one save instead of n. docs/batch.md says what is kept.
import * as fs from 'node:fs';
import type { Backend, GlobalOptions } from '../backend/types.js';
import type { Io } from './common.js';
import { isTool, openBackend, runTool, takeGlobals, toolOf } from './dispatch.js';
import { EX_NOINPUT, EX_NOPERM, EX_USAGE } from '../sysexits.js';

const BATCH_USAGE = 'usage: ip6kit -batch FILE|- [-force]\n';

/** One line's words, split as a shell would for plain words and '...' / "..." quoting. */
export function splitWords(line: string): string[] | string {
  const words: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      if (cur !== null) words.push(cur);
      cur = null;
    } else if (c === '#' && cur === null) {
      break;
    } else if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) return `unterminated ${c === "'" ? 'single' : 'double'} quote`;
      cur = (cur ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\' && i + 1 < line.length) {
      cur = (cur ?? '') + line[++i];
    } else {
      cur = (cur ?? '') + c;
    }
  }
  if (cur !== null) words.push(cur);
  return words;
}

/** Logical lines with their first physical line number: a trailing backslash continues a line. */
function* logicalLines(text: string): Generator<{ no: number; text: string }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const no = i + 1;
    let t = lines[i] as string;
    while (t.endsWith('\\') && i + 1 < lines.length) t = t.slice(0, -1) + (lines[++i] as string);
    yield { no, text: t };
  }
}

/** Standard output gathered and written in large pieces; flushed before anything goes to stderr. */
function bufferedIo(io: Io): Io & { flush(): void } {
  let pending: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (!pending.length) return;
    io.out(pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    out: (s) => {
      pending.push(s);
      size += s.length;
      if (size >= 1 << 16) flush();
    },
    err: (s) => {
      flush();
      io.err(s);
    },
    flush,
  };
}

export async function batch(args: string[], globals: GlobalOptions, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  let force = false;
  let file: string | undefined;
  for (const a of args) {
    if (a === '-force' || a === '--force') force = true;
    else if (a === '--help' || a === '-h') {
      io.out(BATCH_USAGE);
      return 0;
    } else if (file === undefined && (a === '-' || !a.startsWith('-'))) file = a;
    else {
      io.err(`ip6kit: -batch: unexpected argument '${a}'\n${BATCH_USAGE}`);
      return EX_USAGE;
    }
  }
  if (file === undefined) {
    io.err(BATCH_USAGE);
    return EX_USAGE;
  }
  let text: string;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const { strerror } = await import('../errno.js');
    const code = (e as NodeJS.ErrnoException).code ?? '';
    io.err(`ip6kit: -batch: ${file}: ${strerror(code)}\n`);
    return code === 'EACCES' ? EX_NOPERM : EX_NOINPUT;
  }
  const out = bufferedIo(io);
  let backend: Promise<Backend> | null = null;
  const shared = (): Promise<Backend> => (backend ??= openBackend(globals, out, 'ip6kit'));
  let status = 0;
  const runLines = async (): Promise<void> => {
    for (const { no, text: line } of logicalLines(text)) {
      const words = splitWords(line);
      if (typeof words !== 'string' && !words.length) continue;
      const rc = typeof words === 'string' ? lineError(out, words) : await runLine(words, globals, out, env, shared);
      if (rc === 0) continue;
      out.err(`Command failed ${file}:${no}\n`);
      if (status === 0) status = rc;
      if (!force) return;
    }
  };
  try {
    // On the simulated backend every line shares one open transaction, saved once at the end.
    const b = globals.backend === 'sim' ? await shared() : null;
    if (b?.batch) await b.batch(runLines);
    else await runLines();
  } finally {
    out.flush();
  }
  return status;
}

function lineError(io: Io, why: string): number {
  io.err(`ip6kit: ${why}\n`);
  return EX_USAGE;
}

/** What takeGlobals reads, with the batch's own choices as each line's defaults. */
function lineEnv(env: NodeJS.ProcessEnv, g: GlobalOptions): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { IP6KIT_BACKEND: g.backend, IP6KIT_PROFILE: g.profile };
  if (g.state !== undefined) e.IP6KIT_STATE = g.state;
  if ('NO_COLOR' in env) e.NO_COLOR = env.NO_COLOR;
  return e;
}

async function runLine(
  words: string[],
  batchGlobals: GlobalOptions,
  io: Io,
  env: NodeJS.ProcessEnv,
  shared: () => Promise<Backend>,
): Promise<number> {
  // A line may start with "ip6kit"; its own global options apply to it alone.
  const argv = words[0] === 'ip6kit' ? words.slice(1) : words;
  const { globals, rest, bad } = takeGlobals(argv, lineEnv(env, batchGlobals), toolOf('ip6kit', argv));
  const line: GlobalOptions = {
    ...globals,
    json: globals.json || batchGlobals.json,
    color: globals.color && batchGlobals.color,
    node: globals.node ?? batchGlobals.node,
  };
  if (line.state !== batchGlobals.state || line.backend !== batchGlobals.backend)
    return lineError(io, 'a batch line cannot name another state file or backend');
  const [tool, ...toolArgs] = rest;
  if (tool === undefined || !isTool(tool)) return lineError(io, `unknown tool '${tool ?? ''}'`);
  const b = await shared();
  b.selectNode?.(line.node);
  return runTool(tool, toolArgs, line, bad, io, shared);
}
