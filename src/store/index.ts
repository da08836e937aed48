// The state file: where it lives, an exclusive lock around load-modify-save (with stale-lock
// recovery), atomic saves, and refusal of anything damaged, foreign or newer. Synchronous on
// purpose: a command does one transaction and exits.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { migrate, EngineError, type World } from '../engine/index.js';

export const FORMAT = 'ip6kit-state';

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** --state, then IP6KIT_STATE, then $XDG_STATE_HOME/ip6kit/state.json, then ~/.local/state/ip6kit/state.json. */
export function statePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.IP6KIT_STATE) return path.resolve(env.IP6KIT_STATE);
  const base = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'ip6kit', 'state.json');
}

const LOCK_WAIT_MS = 15_000;
/** A lock whose holder cannot be identified is presumed stale after this long. */
const LOCK_STALE_MS = 30_000;

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function holderAlive(lockFile: string): boolean {
  let text: string;
  let st: fs.Stats;
  try {
    st = fs.statSync(lockFile);
    text = fs.readFileSync(lockFile, 'utf8');
  } catch {
    return true; // vanished or unreadable: let the next attempt decide
  }
  const [pidText, host] = text.split(' ');
  const pid = Number(pidText);
  if (Number.isInteger(pid) && pid > 0 && host?.trim() === os.hostname()) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  return Date.now() - st.mtimeMs < LOCK_STALE_MS;
}

/** Takes the lock file next to the state file; returns its release function. */
export function lock(file: string): () => void {
  const lockFile = `${file}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, `${process.pid} ${os.hostname()}\n`);
      fs.closeSync(fd);
      return () => fs.rmSync(lockFile, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StoreError(`cannot lock ${file}: ${(e as Error).message}`);
    }
    if (!holderAlive(lockFile)) {
      // Stale: rename first so that two recoverers cannot both delete a fresh lock.
      const grave = `${lockFile}.stale.${process.pid}`;
      try {
        fs.renameSync(lockFile, grave);
        fs.rmSync(grave, { force: true });
      } catch {
        /* another process recovered it first */
      }
      continue;
    }
    if (Date.now() > deadline) throw new StoreError(`state file ${file} is locked by another ip6kit (${lockFile})`);
    pause(delay);
  }
}

/** Parses and validates a state file's text; throws StoreError naming what is wrong. */
export function decode(file: string, text: string): World {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StoreError(`state file ${file} is damaged (not valid JSON); it was left as it is`);
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== FORMAT) {
    throw new StoreError(`${file} is not an ip6kit state file; it was left as it is`);
  }
  try {
    const w = migrate(raw as Record<string, unknown>);
    if (!Array.isArray(w.nodes) || !Array.isArray(w.links) || !Array.isArray(w.timers) || typeof w.clock?.now !== 'number') {
      throw new EngineError('EINVAL', 'missing nodes, links, timers or clock');
    }
    return w;
  } catch (e) {
    if (e instanceof EngineError) throw new StoreError(`state file ${file}: ${e.detail}; it was left as it is`);
    throw e;
  }
}

export function encode(w: World): string {
  return `${JSON.stringify({ format: FORMAT, ...w })}\n`;
}

/** Reads the world, or null when the file does not exist. */
export function load(file: string): { world: World; text: string } | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StoreError(`cannot read state file ${file}: ${(e as Error).message}`);
  }
  return { world: decode(file, text), text };
}

/** Atomic replace: temp file in the same directory, fsync, rename, fsync the directory. */
export function save(file: string, text: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  const fd = fs.openSync(tmp, 'w', 0o644);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    /* directories cannot be fsynced everywhere; the rename is what matters */
  }
}

/**
 * One transaction: lock, load (or create with `fresh`), run `fn`, save if the world changed, unlock.
 * If `fn` throws, nothing is saved.
 */
export function transact<T>(file: string, fresh: () => World, fn: (w: World) => T): T {
  const release = lock(file);
  try {
    const got = load(file);
    const world = got?.world ?? fresh();
    const result = fn(world);
    const text = encode(world);
    if (text !== got?.text) save(file, text);
    return result;
  } finally {
    release();
  }
}
