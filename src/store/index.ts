// The state file: where it lives, an exclusive lock around load-modify-save (with stale-lock
// recovery), atomic saves, and refusal of anything damaged, foreign or newer. Synchronous on
// purpose: a command does one transaction and exits.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { migrate, EngineError, Rib, type World } from '../engine/index.js';

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

/** The lock file as seen now (null when it vanished): its identity and its holder's line. */
function examine(lockFile: string): { ino: number; mtimeMs: number; text: string } | null {
  try {
    const st = fs.statSync(lockFile);
    return { ino: st.ino, mtimeMs: st.mtimeMs, text: fs.readFileSync(lockFile, 'utf8') };
  } catch {
    return null;
  }
}

function holderAlive(seen: { mtimeMs: number; text: string }): boolean {
  const [pidText, host] = seen.text.split(' ');
  const pid = Number(pidText);
  if (Number.isInteger(pid) && pid > 0 && host?.trim() === os.hostname()) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  }
  return Date.now() - seen.mtimeMs < LOCK_STALE_MS;
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
    const seen = examine(lockFile);
    if (seen && !holderAlive(seen)) {
      // Stale. The holder may have released it and another taken a fresh one since we looked:
      // break it only if it is still the very file we judged, and rename first so that two
      // recoverers cannot both delete a fresh lock.
      const now = examine(lockFile);
      if (now && now.ino === seen.ino && now.text === seen.text) {
        const grave = `${lockFile}.stale.${process.pid}`;
        try {
          fs.renameSync(lockFile, grave);
          fs.rmSync(grave, { force: true });
        } catch {
          /* another process recovered it first */
        }
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
    for (const n of w.nodes) n.rib = openRib(file, n.name, n.rib as unknown);
    return w;
  } catch (e) {
    if (e instanceof EngineError) throw new StoreError(`state file ${file}: ${e.detail}; it was left as it is`);
    throw e;
  }
}

// Route tables. Up to INLINE_ROUTES routes a table lives in the JSON (base64 of its records);
// beyond, in two files next to the state file: a base (sorted records, read as they are) and a
// journal a command appends its changes to, so one `route add` in a full table writes ~60 bytes
// and reads the base without parsing it (rib.ts explains the layout). The JSON names the
// generation and how many journal bytes are committed: bytes past that (a crash between the
// append and the rename of the JSON) are ignored and overwritten. A new generation (compaction)
// is written beside the old one, which is removed only after the JSON points at the new one.
const INLINE_ROUTES = 1024;

type RibDescriptor = { routes: number; bytes: string } | { routes: number; gen: number; journalBytes: number };

/** What each loaded table was read from, so an unchanged one is written back as it was. */
const ribOrigin = new WeakMap<Rib, RibDescriptor>();

export const ribDir = (file: string): string => `${file}.rib`;
const ribFile = (file: string, node: string, gen: number, kind: 'base' | 'journal'): string =>
  path.join(ribDir(file), `${encodeURIComponent(node)}.${gen}.${kind}`);

function openRib(file: string, node: string, d: unknown): Rib {
  const desc = d as RibDescriptor;
  let rib: Rib;
  if (desc && typeof desc === 'object' && 'bytes' in desc && typeof desc.bytes === 'string') {
    const bytes = desc.bytes;
    rib = Rib.lazy(() => ({ base: new Uint8Array(Buffer.from(bytes, 'base64')), journal: new Uint8Array(0) }));
  } else if (desc && typeof desc === 'object' && 'gen' in desc && Number.isInteger(desc.gen) && Number.isInteger(desc.journalBytes)) {
    rib = Rib.lazy(() => {
      try {
        const base = fs.readFileSync(ribFile(file, node, desc.gen, 'base'));
        const journal = fs.readFileSync(ribFile(file, node, desc.gen, 'journal')).subarray(0, desc.journalBytes);
        if (journal.length !== desc.journalBytes) throw new Error('journal is shorter than the state file says');
        return { base, journal };
      } catch (e) {
        throw new StoreError(`route table of node ${node} (${ribDir(file)}) is damaged: ${(e as Error).message}`);
      }
    });
  } else {
    throw new EngineError('EINVAL', `node ${node} has no valid route table`);
  }
  ribOrigin.set(rib, desc);
  return rib;
}

function writeDurably(target: string, data: Uint8Array, flag: 'w' | 'r+', at = 0): void {
  const fd = fs.openSync(target, flag, 0o644);
  try {
    if (flag === 'r+') fs.ftruncateSync(fd, at);
    fs.writeSync(fd, data, 0, data.length, at);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes what a changed table needs outside the JSON and returns the JSON's descriptor of it. */
function persistRib(file: string, node: string, rib: Rib): RibDescriptor {
  const prev = ribOrigin.get(rib);
  if (prev && !rib.dirty) return prev;
  const journal = rib.takeJournal();
  let desc: RibDescriptor;
  if (rib.size <= INLINE_ROUTES) {
    desc = { routes: rib.size, bytes: Buffer.from(rib.bytes()).toString('base64') };
  } else if (prev && 'gen' in prev && rib.overlaySize <= Math.max(256, rib.baseSize / 8)) {
    writeDurably(ribFile(file, node, prev.gen, 'journal'), journal, 'r+', prev.journalBytes);
    desc = { routes: rib.size, gen: prev.gen, journalBytes: prev.journalBytes + journal.length };
  } else {
    const gen = prev && 'gen' in prev ? prev.gen + 1 : 1;
    rib.compact();
    fs.mkdirSync(ribDir(file), { recursive: true });
    const base = ribFile(file, node, gen, 'base');
    writeDurably(`${base}.tmp`, rib.bytes(), 'w');
    fs.renameSync(`${base}.tmp`, base);
    writeDurably(ribFile(file, node, gen, 'journal'), new Uint8Array(0), 'w');
    desc = { routes: rib.size, gen, journalBytes: 0 };
  }
  rib.dirty = false;
  ribOrigin.set(rib, desc);
  return desc;
}

/** Removes table files no node refers to any more (old generations, deleted nodes, inline now). */
function sweepRibFiles(file: string, w: World): void {
  let names: string[];
  try {
    names = fs.readdirSync(ribDir(file));
  } catch {
    return;
  }
  const keep = new Set<string>();
  for (const n of w.nodes) {
    const d = ribOrigin.get(n.rib);
    if (d && 'gen' in d) for (const k of ['base', 'journal'] as const) keep.add(path.basename(ribFile(file, n.name, d.gen, k)));
  }
  for (const name of names) if (!keep.has(name)) fs.rmSync(path.join(ribDir(file), name), { force: true });
  if (keep.size === 0) fs.rmSync(ribDir(file), { recursive: true, force: true });
}

/** The JSON text of a world; tables too large to inline are written to their files first. */
export function encode(w: World, file?: string): string {
  const nodes = w.nodes.map((n) => ({ ...n, rib: file ? persistRib(file, n.name, n.rib) : n.rib.toJSON() }));
  return `${JSON.stringify({ format: FORMAT, ...w, nodes })}\n`;
}

/** Saves a whole world (sim init): the JSON, its table files, and no stale ones. */
export function saveWorld(file: string, w: World): void {
  save(file, encode(w, file));
  sweepRibFiles(file, w);
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
    const text = encode(world, file);
    if (text !== got?.text) {
      save(file, text);
      sweepRibFiles(file, world);
    }
    return result;
  } finally {
    release();
  }
}

/** Reads the world under the lock without saving or advancing it (null: no file yet). */
export function peek<T>(file: string, fn: (w: World | null) => T): T {
  const release = lock(file);
  try {
    return fn(load(file)?.world ?? null);
  } finally {
    release();
  }
}

/** What changes whenever a command saves: for watchers that poll. */
export function stamp(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${st.mtimeMs}:${st.size}:${st.ino}`;
  } catch {
    return null;
  }
}
