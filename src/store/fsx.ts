// File-system failures as the store reports them: one line naming the path and the reason, and
// a sysexits(3) code, instead of an exception escaping as an internal error.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EX_CANTCREAT, EX_DATAERR, EX_IOERR, EX_NOPERM } from '../sysexits.js';
import { ExitError, strerror } from '../errno.js';

export class StoreError extends ExitError {
  constructor(message: string, exit: number = EX_DATAERR) {
    super(message, exit);
    this.name = 'StoreError';
  }
}

/** A failed file operation on `file` as a StoreError: "cannot WHAT FILE: Reason". */
export function fsError(what: string, file: string, e: unknown): StoreError {
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (!code)
    return e instanceof StoreError ? e : new StoreError(`cannot ${what} ${file}: ${(e as Error).message}`, EX_IOERR);
  const exit =
    code === 'EACCES' || code === 'EPERM'
      ? EX_NOPERM
      : ['EIO', 'ENOSPC', 'EDQUOT', 'EMFILE'].includes(code)
        ? EX_IOERR
        : EX_CANTCREAT;
  return new StoreError(`cannot ${what} ${file}: ${strerror(code)}`, exit);
}

/** Runs a file operation, turning its failure into fsError. */
export function attempt<T>(what: string, file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw fsError(what, file, e);
  }
}

/**
 * mkdir -p that returns the directories it created (outermost first), so a command that then
 * fails can take them away again. Node's own recursive mkdir loops forever where mkdir(2) says
 * ENOENT for a parent that exists (/proc); this one fails with the reason.
 */
export function makeDirs(dir: string): string[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw fsError('use directory', dir, e);
    const parent = path.dirname(dir);
    const made = parent === dir ? [] : makeDirs(parent);
    try {
      fs.mkdirSync(dir);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError('create directory', dir, e2);
    }
    return [...made, dir];
  }
  if (!st.isDirectory()) throw new StoreError(`cannot use directory ${dir}: Not a directory`, EX_CANTCREAT);
  return [];
}

/** Removes directories makeDirs created, innermost first, where they are still empty. */
export function removeDirs(made: string[]): void {
  for (const d of [...made].reverse()) {
    try {
      fs.rmdirSync(d);
    } catch {
      return;
    }
  }
}

/**
 * The file a state path names: symlinks followed (even to a target that does not exist yet), so
 * the lock, the temp file and the rename all happen beside the target and the link stays a link.
 */
export function resolveTarget(file: string): string {
  let p = path.resolve(file);
  for (let hops = 0; ; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return p;
      throw fsError('use state file', p, e);
    }
    if (st.isSymbolicLink()) {
      if (hops >= 40) throw fsError('use state file', file, Object.assign(new Error(), { code: 'ELOOP' }));
      p = path.resolve(path.dirname(p), fs.readlinkSync(p));
      continue;
    }
    if (!st.isFile())
      throw new StoreError(
        `cannot use state file ${p}: ${st.isDirectory() ? 'Is a directory' : 'not a regular file'}`,
        EX_CANTCREAT,
      );
    return p;
  }
}

/**
 * rm -f of one file. fs.rmSync loads Node's rimraf on first use, which costs every command
 * start-up time (the lock is removed by each one).
 */
export function removeFile(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
