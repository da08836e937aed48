// ip6kit's own level: help, version, shell completion, and the multicall shims.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from './common.js';
import { GLOBAL_OPTIONS, TOP_USAGE } from './help.js';
import { SHIM_NAMES } from './dispatch.js';
import { EX_CANTCREAT, EX_USAGE } from '../sysexits.js';

const VERSION = '0.1.0';

/** The bin script the shims point at (dist/ip6kit.js sits next to bin/). */
function binPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'ip6kit');
}

export async function top(args: string[], io: Io): Promise<number> {
  const [cmd, ...rest] = args;
  if (cmd === '--version') {
    io.out(`ip6kit ${VERSION}\n`);
    return 0;
  }
  if (cmd === 'shims') return shims(rest, io);
  if (cmd === 'completion') {
    const text = rest.length <= 1 ? (await import('./complete.js')).script(rest[0] ?? 'bash') : null;
    if (text === null) {
      io.err('usage: ip6kit completion [bash|zsh|fish]\n');
      return EX_USAGE;
    }
    io.out(text);
    return 0;
  }
  const help = `${TOP_USAGE}\n${GLOBAL_OPTIONS}\nip6kit TOOL --help, and the man pages in man/, describe each tool.\n`;
  if (cmd === undefined) {
    io.err(help);
    return EX_USAGE;
  }
  io.out(help);
  return 0;
}

const SHIMS_USAGE = 'usage: ip6kit shims [--force] DIR\n';

/**
 * ip6kit shims DIR: a link to ip6kit for each tool name in DIR (made if missing). A name that is
 * already there is replaced only when it is an ip6kit link, or with --force; every name is
 * checked before any is touched. Failures are one line with the path and the reason.
 */
async function shims(args: string[], io: Io): Promise<number> {
  let force = false;
  const dirs: string[] = [];
  for (const a of args) {
    if (a === '--help' || a === '-h') {
      io.out(
        `${SHIMS_USAGE}Links named ${SHIM_NAMES.join(', ')} to ip6kit in DIR; with DIR first on PATH, scripts ` +
          `run the tools by name.\n`,
      );
      return 0;
    }
    if (a === '--force' || a === '-f') force = true;
    else if (a.startsWith('-') && a !== '-') {
      io.err(`ip6kit shims: unknown option ${a}\n${SHIMS_USAGE}`);
      return EX_USAGE;
    } else dirs.push(a);
  }
  const [dir] = dirs;
  if (dir === undefined || dirs.length > 1) {
    io.err(SHIMS_USAGE);
    return EX_USAGE;
  }
  const { StoreError, fsError, makeDirs, removeDirs } = await import('../store/fsx.js');
  const target = binPath();
  const ours = (link: string): boolean => {
    try {
      return fs.realpathSync(path.resolve(path.dirname(link), fs.readlinkSync(link))) === fs.realpathSync(target);
    } catch {
      return false;
    }
  };
  let made: string[] = [];
  try {
    made = makeDirs(dir);
    const links = SHIM_NAMES.map((n) => path.join(dir, n));
    for (const link of links) {
      let st: fs.Stats | undefined;
      try {
        st = fs.lstatSync(link);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError('use', link, e);
      }
      if (st && !force && !(st.isSymbolicLink() && ours(link))) {
        throw new StoreError(
          `${link} exists and is not a link to ip6kit; left as it is (--force replaces it)`,
          EX_CANTCREAT,
        );
      }
      if (st?.isDirectory()) throw new StoreError(`cannot replace ${link}: Is a directory`, EX_CANTCREAT);
    }
    for (const link of links) {
      try {
        fs.rmSync(link, { force: true });
        fs.symlinkSync(target, link);
      } catch (e) {
        throw fsError('create link', link, e);
      }
    }
    io.out(`${links.join('\n')}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    removeDirs(made);
    io.err(`ip6kit shims: ${e.message}\n`);
    return e.exit;
  }
}
