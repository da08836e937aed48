// The lock beside the state file (STATE.lock). It exists only with its holder's identity in it:
// the line is written to a private file first and linked into place, so no reader ever sees an
// empty lock from a live ip6kit. The holder is named by pid, the pid's start time (so a reused
// pid is not mistaken for the holder), host and command line. A lock is stale when its holder
// on this host is gone or is another process now; stale locks are broken, live ones waited for.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StoreError, fsError, makeDirs, removeFile } from './fsx.js';
import { EX_CANTCREAT, EX_TEMPFAIL } from '../sysexits.js';

/** How long a command waits for another's lock: IP6KIT_LOCK_WAIT seconds, else 15. */
const lockWaitMs = (): number => {
  const s = Number(process.env.IP6KIT_LOCK_WAIT);
  return Number.isFinite(s) && s >= 0 ? s * 1000 : 15_000;
};
/** A holder on another host cannot be checked: its lock is presumed stale after this long. */
const FOREIGN_STALE_MS = 30_000;
/** A lock without a readable holder line (written by a killed writer) is stale after this long. */
const UNREADABLE_STALE_MS = 1_000;

export interface Holder {
  pid: number;
  start: string;
  host: string;
  command: string;
}

/** Said once when a wait for the lock has lasted about a second (the CLI prints it on a terminal). */
let onWait: ((file: string, holder: Holder | null) => void) | null = null;
export function setLockWaitNotice(fn: typeof onWait): void {
  onWait = fn;
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The start time of a live process (field 22 of /proc/PID/stat), or '' where there is no /proc. */
function startTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function holderLine(): string {
  const command = [path.basename(process.argv[1] ?? 'ip6kit'), ...process.argv.slice(2)]
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
  return `${process.pid} ${startTime(process.pid) || '-'} ${os.hostname()}\n${command}\n`;
}

function parseHolder(text: string): Holder | null {
  const [first, command = ''] = text.split('\n');
  const [pid, start, host] = (first ?? '').split(' ');
  const n = Number(pid);
  if (!Number.isInteger(n) || n <= 0 || !host) return null;
  return { pid: n, start: start === '-' ? '' : (start ?? ''), host, command };
}

export function describeHolder(h: Holder | null): string {
  if (!h) return 'a holder that left no name';
  return `pid ${h.pid}${h.host === os.hostname() ? '' : ` on ${h.host}`}${h.command ? ` (${h.command})` : ''}`;
}

type Seen = { ino: number; mtimeMs: number; text: string; holder: Holder | null };

function examine(lockFile: string): Seen | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(lockFile);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fsError('examine lock', lockFile, e);
  }
  if (!st.isFile())
    throw new StoreError(
      `cannot lock: ${lockFile} is ${st.isDirectory() ? 'a directory' : 'not a regular file'}, not an ip6kit ` +
        `lock (remove it)`,
      EX_CANTCREAT,
    );
  let text = '';
  try {
    text = fs.readFileSync(lockFile, 'utf8');
  } catch {
    return null;
  }
  return { ino: st.ino, mtimeMs: st.mtimeMs, text, holder: parseHolder(text) };
}

function holderAlive(seen: Seen): boolean {
  const h = seen.holder;
  if (!h) return Date.now() - seen.mtimeMs < UNREADABLE_STALE_MS;
  if (h.host !== os.hostname()) return Date.now() - seen.mtimeMs < FOREIGN_STALE_MS;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // Alive: the same process only if it started when the holder did.
  const now = startTime(h.pid);
  return !h.start || !now || now === h.start;
}

/** Leftovers of killed commands next to the state file: temp files and broken locks. */
export function sweepLeftovers(file: string): void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const dead = (pid: string): boolean => {
    const n = Number(pid);
    if (!Number.isInteger(n) || n <= 0 || n === process.pid) return false;
    try {
      process.kill(n, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  };
  for (const name of names) {
    const m = name.startsWith(`.${base}.`) && /^\.(.*)\.(\d+)\.(tmp|lock)$/.exec(name);
    const g = name.startsWith(`${base}.lock.`) && /\.lock\.(?:stale|new)\.(\d+)$/.exec(name);
    const pid = m ? m[2] : g ? g[1] : null;
    if (pid && dead(pid)) removeFile(path.join(dir, name));
  }
}

/** Takes the lock next to the state file; returns its release function and the directories made. */
export function lock(file: string): { release: () => void; madeDirs: string[] } {
  const lockFile = `${file}.lock`;
  const madeDirs = makeDirs(path.dirname(file));
  const mine = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.lock`);
  const line = holderLine();
  const waitMs = lockWaitMs();
  const deadline = Date.now() + waitMs;
  const noticeAt = Date.now() + 1000;
  let noticed = false;
  try {
    fs.writeFileSync(mine, line);
  } catch (e) {
    throw fsError('lock', file, e);
  }
  try {
    for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
      try {
        fs.linkSync(mine, lockFile);
        return { release: () => removeFile(lockFile), madeDirs };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST') {
          // Where hard links are not offered, exclusive create and write (a reader may then see
          // it empty for a moment: UNREADABLE_STALE_MS covers that).
          if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
            if (tryCreate(lockFile, line, file)) return { release: () => removeFile(lockFile), madeDirs };
          } else throw fsError('lock', file, e);
        }
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
            removeFile(grave);
          } catch {
            /* another process recovered it first */
          }
        }
        continue;
      }
      if (!noticed && Date.now() > noticeAt) {
        noticed = true;
        onWait?.(file, seen?.holder ?? null);
      }
      if (Date.now() > deadline) {
        throw new StoreError(
          `state file ${file} is locked by ${describeHolder(seen?.holder ?? null)}; gave up after ` +
            `${waitMs / 1000} s (${lockFile})`,
          EX_TEMPFAIL,
        );
      }
      pause(delay);
    }
  } finally {
    removeFile(mine);
  }
}

function tryCreate(lockFile: string, line: string, file: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockFile, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw fsError('lock', file, e);
  }
  try {
    fs.writeSync(fd, line);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}
