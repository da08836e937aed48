// The state file: where it lives, an exclusive lock around load-modify-save, atomic saves, and
// refusal of anything damaged, foreign or newer (docs/state-files.md). Synchronous on purpose: a
// command does one transaction and exits. A transaction commits whole or not at all: everything
// that can be refused is checked before the first byte is written, and a failed command leaves
// every file as it found it (and creates none).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import {
  migrate,
  describeNodes,
  EngineError,
  fillNbMulti,
  linksOf,
  Rib,
  JREC,
  recordsProblem,
  REC,
  type Node,
  type World,
} from '../engine/index.js';
import { StoreError, attempt, fsError, removeDirs, removeFile, resolveTarget } from './fsx.js';
import { lock as takeLock, sweepLeftovers } from './lock.js';
import {
  HEADER,
  RibFileError,
  checkHeaders,
  encodeBase,
  encodeEntries,
  journalHeader,
  openBase,
  type ReadAt,
  openJournal,
} from './ribfile.js';
import {
  NodeFileError,
  type NodeRef,
  type RecordsDescriptor,
  checkRecordsHeader,
  encodeRecord,
  recordText,
  recordsHeader,
  refProblem,
} from './nodefile.js';
import { validateIndex, validateNode, validateWorld } from './schema.js';
import { EX_CANTCREAT } from '../sysexits.js';

export { StoreError } from './fsx.js';
export { setLockWaitNotice, describeHolder, type Holder } from './lock.js';

const FORMAT = 'ip6kit-state';
/** The largest state file read; a world is a few MB even with hundreds of nodes. */
const MAX_STATE_BYTES = 256 * 1024 * 1024;

/** --state, then IP6KIT_STATE, then $XDG_STATE_HOME/ip6kit/state.json, then ~/.local/state/ip6kit/state.json. */
export function statePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.IP6KIT_STATE) return path.resolve(env.IP6KIT_STATE);
  const base = env.XDG_STATE_HOME || path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'ip6kit', 'state.json');
}

/** Takes the lock beside a state file (symlinks followed); returns its release function. */
export function lock(file: string): () => void {
  const held = takeLock(resolveTarget(file));
  return () => {
    held.release();
    removeDirs(held.madeDirs);
  };
}

const damaged = (file: string, detail: string): StoreError =>
  new StoreError(`state file ${file} is damaged (${detail}); it was left as it is`);

/** Parses and validates a state file's text; throws StoreError naming what is wrong. */
export function decode(file: string, text: string): World {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw damaged(file, 'not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== FORMAT) {
    throw new StoreError(`${file} is not an ip6kit state file; it was left as it is`);
  }
  let w: World;
  try {
    w = migrate(raw as Record<string, unknown>);
  } catch (e) {
    if (e instanceof EngineError) throw new StoreError(`state file ${file}: ${e.detail}; it was left as it is`);
    throw e;
  }
  if ('records' in w) return openIndexed(file, w);
  const bad = validateWorld(w);
  if (bad) throw damaged(file, bad);
  for (const n of w.nodes) {
    const d = n.rib as unknown as RibDescriptor;
    n.rib = openRib(file, n.name, d);
    fillNbMulti(n);
  }
  loadedNodes.set(w, new Set(w.nodes.map((n) => n.name)));
  return w;
}

// Route tables. Up to INLINE_ROUTES routes a table lives in the JSON (base64 of its records);
// beyond, in two files next to the state file: a base (sorted records, read as they are, one
// checksum per block) and a journal a command appends its changes to, so one `route add` in a
// full table writes ~60 bytes and reads the base without parsing it (ribfile.ts has the layout).
// The JSON names the generation and how many journal bytes are committed: bytes past that (a
// crash between the append and the rename of the JSON) are ignored and overwritten. A new
// generation (compaction) is written beside the old one, which is removed only after the JSON
// points at the new one.
const INLINE_ROUTES = 1024;

/** `layout` 1: files with headers and checksums; absent: the headerless files of ip6kit 0.1. */
type FileDescriptor = { routes: number; gen: number; journalBytes: number; layout?: number };
type RibDescriptor = { routes: number; bytes: string } | FileDescriptor;

/** What each loaded table was read from, so an unchanged one is written back as it was. */
const ribOrigin = new WeakMap<Rib, RibDescriptor>();
/** The node names a loaded world had: their table files are ours to tidy. */
const loadedNodes = new WeakMap<World, Set<string>>();

const ribDir = (file: string): string => `${file}.rib`;
const ribFile = (file: string, node: string, gen: number, kind: 'base' | 'journal'): string =>
  path.join(ribDir(file), `${encodeURIComponent(node)}.${gen}.${kind}`);

const isFileDescriptor = (d: RibDescriptor): d is FileDescriptor => 'gen' in d;

function readHead(f: string, which: 'base' | 'journal'): { head: Uint8Array; size: number } {
  let fd: number;
  try {
    fd = fs.openSync(f, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR') throw fsError('read route table file', f, e);
    throw Object.assign(new RibFileError(code === 'ENOENT' ? 'missing' : 'not a regular file'), { which });
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new RibFileError('not a regular file'), { which });
    const head = new Uint8Array(HEADER);
    const n = attempt('read route table file', f, () => fs.readSync(fd, head, 0, HEADER, 0));
    return { head: head.subarray(0, n), size: st.size };
  } finally {
    fs.closeSync(fd);
  }
}

// Base files never change once written (a new generation is a new file), so one descriptor per
// file serves every transaction of the process; it is closed when this process removes the file.
// A file of the same name made since by another command (a table that went back into the JSON
// and grew out again) is another inode: each transaction checks before its first read.
const baseFds = new Map<string, { fd: number; ino: number }>();

/** Positioned reads of a base file: a lookup reads the blocks it visits, not the table. */
function readerOf(f: string): ReadAt {
  let fd: number | null = null;
  return (buf, offset, length, position) => {
    if (fd === null) {
      const ino = attempt('read route table file', f, () => fs.statSync(f).ino);
      let known = baseFds.get(f);
      if (known?.ino !== ino) {
        const opened = attempt('read route table file', f, () => fs.openSync(f, 'r'));
        known = { fd: opened, ino: fs.fstatSync(opened).ino };
        baseFds.set(f, known);
      }
      fd = known.fd;
    }
    let done = 0;
    while (done < length) {
      const n = attempt('read route table file', f, () =>
        fs.readSync(fd as number, buf, offset + done, length - done, position + done),
      );
      if (n === 0) throw new RibFileError(`ends before byte ${position + length}`);
      done += n;
    }
  };
}

function fileSize(f: string): number {
  return attempt('read route table file', f, () => fs.statSync(f).size);
}

function readWhole(f: string): Uint8Array {
  return attempt('read route table file', f, () => new Uint8Array(fs.readFileSync(f)));
}

function openRib(file: string, node: string, d: RibDescriptor): Rib {
  const tableDamaged = (f: string, detail: string): StoreError =>
    new StoreError(`route table of node ${node} is damaged: ${f}: ${detail}; it was left as it is`);
  let rib: Rib;
  if (!isFileDescriptor(d)) {
    const records = new Uint8Array(Buffer.from(d.bytes, 'base64'));
    const problem =
      recordsProblem(records) ??
      (records.length / REC !== d.routes ? `${records.length / REC} records, routes says ${d.routes}` : null);
    if (problem) throw damaged(file, `nodes[${node}].rib: ${problem}`);
    rib = Rib.fromBytes(records);
  } else if (d.layout !== undefined && d.layout !== 1) {
    throw damaged(file, `nodes[${node}].rib.layout: ${d.layout} is not a table layout this ip6kit reads`);
  } else if (d.layout === 1) {
    const baseFile = ribFile(file, node, d.gen, 'base');
    const journalFile = ribFile(file, node, d.gen, 'journal');
    try {
      checkHeaders(readHead(baseFile, 'base'), readHead(journalFile, 'journal'), d.gen, d.journalBytes);
    } catch (e) {
      if (e instanceof RibFileError) throw tableDamaged(e.which === 'base' ? baseFile : journalFile, e.message);
      throw e;
    }
    rib = Rib.lazy(() => {
      let base;
      try {
        base = openBase(readerOf(baseFile), fileSize(baseFile), d.gen);
      } catch (e) {
        throw e instanceof RibFileError ? tableDamaged(baseFile, e.message) : e;
      }
      let journal;
      try {
        journal = openJournal(readWhole(journalFile), d.journalBytes, d.gen, base.tag);
      } catch (e) {
        throw e instanceof RibFileError ? tableDamaged(journalFile, e.message) : e;
      }
      return {
        base: base.records,
        journal,
        lengths: base.lengths,
        check: (b) => {
          try {
            base.check(b);
          } catch (e) {
            throw e instanceof RibFileError ? tableDamaged(baseFile, e.message) : e;
          }
        },
        prefetch: base.prefetch,
        expect: { routes: d.routes, damaged: (detail) => tableDamaged(ribDir(file), detail) },
      };
    });
  } else {
    // ip6kit 0.1's files: no header, no checksums. Read, checked as far as they can be, and
    // rewritten in the current layout by the next command that saves.
    const baseFile = ribFile(file, node, d.gen, 'base');
    const journalFile = ribFile(file, node, d.gen, 'journal');
    rib = Rib.lazy(() => {
      const base = readWhole(baseFile);
      const problem = recordsProblem(base);
      if (problem) throw tableDamaged(baseFile, problem);
      const journal = readWhole(journalFile).subarray(0, d.journalBytes);
      if (journal.length !== d.journalBytes || d.journalBytes % JREC)
        throw tableDamaged(journalFile, `the state file says ${d.journalBytes} bytes are committed`);
      return { base, journal, expect: { routes: d.routes, damaged: (detail) => tableDamaged(ribDir(file), detail) } };
    });
  }
  ribOrigin.set(rib, d);
  return rib;
}

// Node records. Up to INLINE_NODES nodes a world lives in the JSON; beyond, the JSON is an index
// (clock, queue, links, and per node its name, links and where its record is) and each node is a
// record in STATE.nodes/GEN.records (nodefile.ts), read when a command first touches it. A save
// appends the records of the nodes that changed and renames the index into place: one atomic
// commit, as before. When the file holds more than twice the live records, the save writes a new
// generation instead, and the old file is removed once the index names the new one.
const INLINE_NODES = 64;

const nodesDir = (file: string): string => `${file}.nodes`;
const recordsFile = (file: string, gen: number): string => path.join(nodesDir(file), `${gen}.records`);

interface NodeRecords {
  desc: RecordsDescriptor;
  records: string;
  fd: number;
  refs: NodeRef[];
  /** The node list made on load: reading a slot not read yet reads its record. */
  list: Node[];
  /** Per slot of the list as loaded: 1 once read (or set). */
  read: Uint8Array;
}

/** The records file each indexed world was loaded from. */
const nodeRecords = new WeakMap<World, NodeRecords>();
/** Where each node read from a records file came from, and its text, to see whether it changed. */
const nodeOrigin = new WeakMap<Node, { from: NodeRecords; ref: NodeRef; text: string }>();

/** The index entry of slot i of a world's node list if the command has not read it, else null. */
function unreadRef(w: World, i: number): NodeRef | null {
  const st = nodeRecords.get(w);
  if (!st || w.nodes !== st.list || i >= st.refs.length || st.read[i]) return null;
  return st.refs[i] as NodeRef;
}

/** How many of a world's nodes a command has read so far (all, for a world in one file). */
export function nodesRead(w: World): number {
  let n = 0;
  for (let i = 0; i < w.nodes.length; i++) if (!unreadRef(w, i)) n++;
  return n;
}

function openIndexed(file: string, index: World): World {
  const bad = validateIndex(index);
  if (bad) throw damaged(file, bad);
  const { nodes, records: desc } = index as unknown as { nodes: NodeRef[]; records: RecordsDescriptor };
  const names = new Set<string>();
  for (const [i, r] of nodes.entries()) {
    const problem = names.has(r.name) ? `a second node named ${r.name}` : refProblem(r, desc);
    if (problem) throw damaged(file, `$.nodes[${i}]: ${problem}`);
    names.add(r.name);
  }
  const f = recordsFile(file, desc.gen);
  const { fd, size } = openRecords(file, f);
  const head = new Uint8Array(HEADER);
  const got = attempt('read node records file', f, () => fs.readSync(fd, head, 0, HEADER, 0));
  try {
    checkRecordsHeader(head.subarray(0, got), size, desc);
  } catch (e) {
    throw e instanceof NodeFileError ? damaged(file, `${f}: ${e.message}`) : e;
  }
  // A proxy over placeholders: reading slot i reads node i's record, once. (Accessors defined
  // on each index cost milliseconds per thousand nodes; the placeholders keep every slot
  // present for the array methods that ask first.)
  const read = new Uint8Array(nodes.length);
  const slots: (Node | null)[] = new Array(nodes.length).fill(null);
  const slot = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1;
    const c = key.charCodeAt(0);
    if (c < 48 || c > 57) return -1;
    const i = Number(key);
    return Number.isInteger(i) && i < nodes.length ? i : -1;
  };
  const list = new Proxy(slots, {
    get(target, key, receiver) {
      const i = slot(key);
      if (i >= 0 && !read[i]) {
        target[i] = readRecord(file, st, i);
        read[i] = 1;
      }
      return Reflect.get(target, key, receiver);
    },
    set(target, key, value, receiver) {
      const i = slot(key);
      if (i >= 0) read[i] = 1;
      return Reflect.set(target, key, value, receiver);
    },
  }) as Node[];
  const st: NodeRecords = { desc, records: f, fd, refs: nodes, list, read };
  describeNodes(list, {
    size: nodes.length,
    name: (i) => (nodes[i] as NodeRef).name,
    links: (i) => (read[i] ? null : (nodes[i] as NodeRef).links),
  });
  // The index's own key order, so that a command that changes nothing writes the same text.
  const w = { ...index, nodes: list };
  delete (w as Partial<typeof index & { records: unknown }>).records;
  nodeRecords.set(w, st);
  loadedNodes.set(w, names);
  return w;
}

/**
 * One descriptor per records file (by path and inode) for the process: a records file only
 * grows, so every transaction of a long `sim advance` reads through the same one. A file this
 * process supersedes is closed when it is removed (sweepRecordFiles).
 */
const recordFds = new Map<string, { ino: number; fd: number }[]>();

function openRecords(file: string, f: string): { fd: number; size: number } {
  let st: fs.Stats;
  try {
    st = fs.statSync(f);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError('read node records file', f, e);
    throw damaged(file, `${f} is missing`);
  }
  const open = recordFds.get(f) ?? [];
  const known = open.find((o) => o.ino === st.ino);
  if (known) return { fd: known.fd, size: st.size };
  const fd = attempt('read node records file', f, () => fs.openSync(f, 'r'));
  const now = fs.fstatSync(fd);
  open.push({ ino: now.ino, fd });
  recordFds.set(f, open);
  return { fd, size: now.size };
}

function readRecord(file: string, st: NodeRecords, i: number): Node {
  const ref = st.refs[i] as NodeRef;
  const recordDamaged = (detail: string): StoreError =>
    new StoreError(`node ${ref.name} is damaged: ${st.records}: ${detail}; it was left as it is`);
  const bytes = new Uint8Array(ref.bytes);
  const n = attempt('read node records file', st.records, () => fs.readSync(st.fd, bytes, 0, ref.bytes, ref.at));
  if (n !== ref.bytes) throw recordDamaged(`ends before byte ${ref.at + ref.bytes}`);
  let text: string;
  let raw: Node;
  try {
    text = recordText(bytes, ref);
    raw = JSON.parse(text);
  } catch (e) {
    if (e instanceof NodeFileError) throw recordDamaged(e.message);
    throw recordDamaged(`record at byte ${ref.at} is not valid JSON`);
  }
  const bad = validateNode(raw, `$.nodes[${i}]`);
  if (bad) throw recordDamaged(bad);
  if (raw.name !== ref.name) throw recordDamaged(`record at byte ${ref.at} is node ${raw.name}`);
  if (linksOf(raw.ifaces).join(' ') !== ref.links.join(' '))
    throw recordDamaged(`record at byte ${ref.at} is on links the state file does not list`);
  raw.rib = openRib(file, raw.name, raw.rib as unknown as RibDescriptor);
  fillNbMulti(raw);
  nodeOrigin.set(raw, { from: st, ref, text });
  return raw;
}

/** The generations of records files in a world's directory. */
function recordGens(file: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(nodesDir(file));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const m = /^(\d+)\.records(\.tmp)?$/.exec(n);
    return m ? [Number(m[1])] : [];
  });
}

interface Prepared {
  text: string;
  /** Writes what the JSON refers to: route tables and node records. */
  writeTables: () => void;
  /** The records generation the JSON names, or null when the nodes are in it. */
  recordsGen: number | null;
}

/**
 * A large world's index and the record writes it depends on. Nodes never read keep their
 * records; a read node whose JSON is what was read keeps its record too; the others are
 * appended (or everything goes into a new generation, reading the unread records as bytes).
 */
function prepareIndexed(w: World, file: string): Prepared {
  const st = nodeRecords.get(w);
  const refs: NodeRef[] = [];
  const fresh: { index: number; bytes: Uint8Array }[] = [];
  const ribPlans: { node: Node; plan: RibPlan }[] = [];
  let live = 0;
  for (let i = 0; i < w.nodes.length; i++) {
    const kept = unreadRef(w, i);
    if (kept) {
      refs.push(kept);
      live += kept.bytes;
      continue;
    }
    const node = w.nodes[i] as Node;
    const plan = planRib(file, node.name, node.rib);
    ribPlans.push({ node, plan });
    const text = JSON.stringify({ ...node, rib: plan.desc });
    const origin = nodeOrigin.get(node);
    if (origin && origin.from === st && origin.text === text) {
      refs.push(origin.ref);
      live += origin.ref.bytes;
      continue;
    }
    const rec = encodeRecord(text);
    refs.push({ name: node.name, links: linksOf(node.ifaces), at: 0, bytes: rec.bytes.length, crc: rec.crc });
    fresh.push({ index: i, bytes: rec.bytes });
    live += rec.bytes.length;
  }
  const added = fresh.reduce((sum, r) => sum + r.bytes.length, 0);
  let desc: RecordsDescriptor;
  let writeRecords: () => void;
  if (st && (added === 0 || st.desc.bytes - HEADER + added <= 2 * live)) {
    // Append the changed records after the committed bytes.
    let at = st.desc.bytes;
    for (const r of fresh) {
      (refs[r.index] as NodeRef).at = at;
      at += r.bytes.length;
    }
    desc = { gen: st.desc.gen, bytes: at };
    const data = Buffer.concat(fresh.map((r) => r.bytes));
    const f = st.records;
    writeRecords = () => {
      if (data.length) writeDurably(f, data, 'r+', st.desc.bytes);
    };
  } else {
    // A new generation holding only the live records, in node order. Unread ones are copied as
    // bytes and verified first, so damage stops the command before anything is written.
    const gen = Math.max(st?.desc.gen ?? 0, ...recordGens(file)) + 1;
    const byIndex = new Map(fresh.map((r) => [r.index, r.bytes]));
    const parts: Uint8Array[] = [recordsHeader(gen)];
    let at = HEADER;
    refs.forEach((r, i) => {
      let bytes = byIndex.get(i);
      if (!bytes) {
        const from = st as NodeRecords;
        bytes = new Uint8Array(r.bytes);
        attempt('read node records file', from.records, () =>
          fs.readSync(from.fd, bytes as Uint8Array, 0, r.bytes, r.at),
        );
        try {
          recordText(bytes, r);
        } catch (e) {
          throw e instanceof NodeFileError
            ? new StoreError(`node ${r.name} is damaged: ${from.records}: ${e.message}; it was left as it is`)
            : e;
        }
      }
      refs[i] = { ...r, at };
      at += bytes.length;
      parts.push(bytes);
    });
    desc = { gen, bytes: at };
    const data = Buffer.concat(parts);
    writeRecords = () => {
      attempt('create directory', nodesDir(file), () => fs.mkdirSync(nodesDir(file), { recursive: true }));
      const f = recordsFile(file, gen);
      writeDurably(`${f}.tmp`, data, 'w');
      attempt('write', f, () => fs.renameSync(`${f}.tmp`, f));
    };
  }
  return {
    text: `${JSON.stringify({ format: FORMAT, ...w, nodes: refs, records: desc })}\n`,
    writeTables: () => {
      for (const { node, plan } of ribPlans) {
        plan.write?.();
        ribOrigin.set(node.rib, plan.desc);
        node.rib.dirty = false;
      }
      writeRecords();
    },
    recordsGen: desc.gen,
  };
}

/** Removes records files the saved index does not name: older generations, killed commands' temp files. */
function sweepRecordFiles(file: string, keep: number | null): void {
  const dir = nodesDir(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  let left = 0;
  for (const name of names) {
    if (!/^\d+\.records(\.tmp)?$/.test(name) || name === `${keep}.records`) {
      left++;
      continue;
    }
    const f = path.join(dir, name);
    for (const o of recordFds.get(f) ?? []) fs.closeSync(o.fd);
    recordFds.delete(f);
    removeFile(f);
  }
  if (left === 0) fs.rmSync(dir, { recursive: true, force: true });
}

function writeDurably(target: string, data: Uint8Array, flag: 'w' | 'r+', at = 0): void {
  attempt('write', target, () => {
    const fd = fs.openSync(target, flag, 0o644);
    try {
      if (flag === 'r+') fs.ftruncateSync(fd, at);
      fs.writeSync(fd, data, 0, data.length, at);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  });
}

interface RibPlan {
  desc: RibDescriptor;
  /** Writes the table's files; runs only once every table's plan has been made. */
  write?: () => void;
}

/**
 * What saving a table needs, without writing anything yet: reading and verifying whatever a new
 * base is made of happens here, so damage found stops the command before any file changes.
 */
function planRib(file: string, node: string, rib: Rib): RibPlan {
  const prev = ribOrigin.get(rib);
  const legacy = prev && isFileDescriptor(prev) && prev.layout !== 1;
  if (prev && !rib.dirty && !legacy) return { desc: prev };
  const journal = rib.takeJournal();
  if (rib.size <= INLINE_ROUTES)
    return { desc: { routes: rib.size, bytes: Buffer.from(rib.bytes()).toString('base64') } };
  if (prev && isFileDescriptor(prev) && !legacy && rib.overlaySize <= Math.max(256, rib.baseSize / 8)) {
    const entries = encodeEntries(journal);
    return {
      desc: { routes: rib.size, gen: prev.gen, journalBytes: prev.journalBytes + entries.length, layout: 1 },
      write: () => writeDurably(ribFile(file, node, prev.gen, 'journal'), entries, 'r+', prev.journalBytes),
    };
  }
  const gen = prev && isFileDescriptor(prev) ? prev.gen + 1 : 1;
  rib.compact();
  const base = encodeBase(rib.bytes(), gen);
  const tag = new DataView(base.buffer, base.byteOffset).getUint32(HEADER - 4, true);
  return {
    desc: { routes: rib.size, gen, journalBytes: HEADER, layout: 1 },
    write: () => {
      attempt('create directory', ribDir(file), () => fs.mkdirSync(ribDir(file), { recursive: true }));
      const baseFile = ribFile(file, node, gen, 'base');
      writeDurably(`${baseFile}.tmp`, base, 'w');
      attempt('write', baseFile, () => fs.renameSync(`${baseFile}.tmp`, baseFile));
      writeDurably(ribFile(file, node, gen, 'journal'), journalHeader(gen, tag), 'w');
    },
  };
}

/**
 * Removes table files the saved world no longer refers to: old generations, nodes deleted or
 * shrunk back into the JSON, temp files of killed commands. Files of node names this world
 * never had are not ours to judge and stay.
 */
function sweepRibFiles(file: string, w: World): void {
  let names: string[];
  try {
    names = fs.readdirSync(ribDir(file));
  } catch {
    return;
  }
  // Nodes this command never read keep their files: they cannot have changed.
  const read: Node[] = [];
  const unreadNames = new Set<string>();
  for (let i = 0; i < w.nodes.length; i++) {
    const ref = unreadRef(w, i);
    if (ref) unreadNames.add(ref.name);
    else read.push(w.nodes[i] as Node);
  }
  const keep = new Set<string>();
  const ours = new Set(
    [...(loadedNodes.get(w) ?? []), ...read.map((n) => n.name)]
      .filter((n) => !unreadNames.has(n))
      .map((n) => encodeURIComponent(n)),
  );
  for (const n of read) {
    const d = ribOrigin.get(n.rib);
    if (d && isFileDescriptor(d))
      for (const k of ['base', 'journal'] as const) keep.add(path.basename(ribFile(file, n.name, d.gen, k)));
  }
  let left = 0;
  for (const name of names) {
    const m = /^(.*)\.\d+\.(base|journal)(\.tmp)?$/.exec(name);
    if (keep.has(name) || !m || !ours.has(m[1] as string)) {
      left++;
      continue;
    }
    const f = path.join(ribDir(file), name);
    const open = baseFds.get(f);
    if (open) fs.closeSync(open.fd);
    baseFds.delete(f);
    removeFile(f);
  }
  if (left === 0) fs.rmSync(ribDir(file), { recursive: true, force: true });
}

/** The JSON text of a world and the table writes it depends on (none without a file). */
function prepare(w: World, file?: string): Prepared {
  if (file && w.nodes.length > INLINE_NODES) return prepareIndexed(w, file);
  const plans = w.nodes.map((n) => (file ? planRib(file, n.name, n.rib) : { desc: n.rib.toJSON() }));
  const nodes = w.nodes.map((n, i) => ({ ...n, rib: (plans[i] as RibPlan).desc }));
  return {
    text: `${JSON.stringify({ format: FORMAT, ...w, nodes })}\n`,
    writeTables: () => {
      for (const [i, p] of plans.entries()) {
        p.write?.();
        ribOrigin.set((w.nodes[i] as World['nodes'][number]).rib, p.desc);
        w.nodes[i]!.rib.dirty = false;
      }
    },
    recordsGen: null,
  };
}

/** The JSON text of a world (tables inline). */
export function encode(w: World): string {
  return prepare(w).text;
}

/** Reads the world, or null when the file does not exist. */
export function load(file: string): { world: World; text: string } | null {
  let text: string;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fsError('read state file', file, e);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new StoreError(`cannot use state file ${file}: not a regular file`, EX_CANTCREAT);
    if (st.size > MAX_STATE_BYTES)
      throw new StoreError(
        `state file ${file} is ${st.size} bytes, more than the ${MAX_STATE_BYTES} an ip6kit state file can be; ` +
          `it was left as it is`,
      );
    text = attempt('read state file', file, () => fs.readFileSync(fd, 'utf8'));
  } finally {
    fs.closeSync(fd);
  }
  return { world: decode(file, text), text };
}

/** Atomic replace: temp file in the same directory, fsync, rename, fsync the directory. */
function save(file: string, text: string): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'w', 0o644);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    removeFile(tmp);
    throw fsError('write state file', file, e);
  }
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    /* directories cannot be fsynced everywhere; the rename is what matters */
  }
}

/** Writes a world's tables and then its JSON, and tidies what it superseded. */
function commit(file: string, w: World, prepared: Prepared): void {
  prepared.writeTables();
  save(file, prepared.text);
  sweepRibFiles(file, w);
  sweepRecordFiles(file, prepared.recordsGen);
}

/** Saves a whole new world (sim init) over whatever the file held, under the caller's lock. */
export function saveWorld(file: string, w: World): void {
  const target = resolveTarget(file);
  commit(target, w, prepare(w, target));
}

export interface Transaction {
  world: World;
  /** Whether the file held a world when the transaction began. */
  existed: boolean;
  /** Saves the world if it changed (all or nothing). */
  commit(): void;
  /** Releases the lock; without a commit nothing was written (and no directory was left made). */
  end(): void;
}

/** Opens a transaction: lock, then load (or create with `fresh`). */
export function begin(file: string, fresh: () => World): Transaction {
  const target = resolveTarget(file);
  const held = takeLock(target);
  let saved = false;
  try {
    const got = load(target);
    const world = got?.world ?? fresh();
    return {
      world,
      existed: got !== null,
      commit: () => {
        const prepared = prepare(world, target);
        if (prepared.text === got?.text) return;
        sweepLeftovers(target);
        commit(target, world, prepared);
        saved = true;
      },
      end: () => {
        held.release();
        if (!saved) removeDirs(held.madeDirs);
      },
    };
  } catch (e) {
    held.release();
    removeDirs(held.madeDirs);
    throw e;
  }
}

/**
 * One transaction: lock, load (or create with `fresh`), run `fn`, save if the world changed, unlock.
 * If `fn` throws, or anything the save needs is found damaged, nothing is written.
 */
export function transact<T>(file: string, fresh: () => World, fn: (w: World) => T): T {
  const t = begin(file, fresh);
  try {
    const result = fn(t.world);
    t.commit();
    return result;
  } finally {
    t.end();
  }
}

/** Reads the world under the lock without saving or advancing it (null: no file yet). */
export function peek<T>(file: string, fn: (w: World | null) => T): T {
  const target = resolveTarget(file);
  // No directory, no state file: nothing to lock, nothing to make.
  if (!fs.statSync(path.dirname(target), { throwIfNoEntry: false })?.isDirectory()) return fn(null);
  const held = takeLock(target);
  try {
    return fn(load(target)?.world ?? null);
  } finally {
    held.release();
    removeDirs(held.madeDirs);
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
