// The on-disk form of a large route table: a base file and a journal file per node and
// generation (docs/state-files.md has the byte layout). Both start with a 64-byte header that
// names what the file is and carries its own CRC-32C; the base keeps one CRC-32C per block of
// BLOCK_RECORDS records, checked the first time a command reads that block, and every journal
// entry carries its own. Damage is reported, never repaired: the caller refuses the state.
import { BLOCK_RECORDS, JREC, REC, prefixLengths } from '../engine/index.js';
import { crc32c } from './crc32c.js';

export const HEADER = 64;
const FILE_VERSION = 1;
/** A journal entry on disk: op byte, record, CRC-32C of both. */
const JENTRY = JREC + 4;

const BASE_MAGIC = 'IP6KBASE';
const JOURNAL_MAGIC = 'IP6KJRNL';
const H_VERSION = 8;
const H_RECSIZE = 12;
const H_GEN = 16;
const H_COUNT = 20;
/** Base: records per block. Journal: the base header's CRC, binding the journal to its base. */
const H_BLOCK_OR_TAG = 24;
/** Base: CRC-32C of the block table. */
const H_TABLE_CRC = 28;
/** Base: a 129-bit map of the prefix lengths present, so a lookup need not scan for them. */
const H_LENGTHS = 32;
const H_CRC = 60;

/** What is wrong with a table file; the store adds the file's name. */
export class RibFileError extends Error {
  /** Which of the two files, when the caller passed both. */
  which: 'base' | 'journal' = 'base';
}

function header(
  magic: string,
  recSize: number,
  gen: number,
  count: number,
  blockOrTag: number,
  tableCrc: number,
  lengths: number[],
): Uint8Array {
  const h = new Uint8Array(HEADER);
  const v = new DataView(h.buffer);
  for (let i = 0; i < 8; i++) h[i] = magic.charCodeAt(i);
  v.setUint32(H_VERSION, FILE_VERSION, true);
  v.setUint32(H_RECSIZE, recSize, true);
  v.setUint32(H_GEN, gen, true);
  v.setUint32(H_COUNT, count, true);
  v.setUint32(H_BLOCK_OR_TAG, blockOrTag, true);
  v.setUint32(H_TABLE_CRC, tableCrc, true);
  for (const l of lengths) h[H_LENGTHS + (l >> 3)] = (h[H_LENGTHS + (l >> 3)] as number) | (1 << (l & 7));
  v.setUint32(H_CRC, crc32c(h, 0, H_CRC), true);
  return h;
}

interface Header {
  view: DataView;
  gen: number;
  count: number;
  blockOrTag: number;
  tableCrc: number;
  crc: number;
}

function readHeader(bytes: Uint8Array, magic: string, recSize: number, gen: number): Header {
  if (bytes.length < HEADER) throw new RibFileError(`${bytes.length} bytes is shorter than its header`);
  for (let i = 0; i < 8; i++)
    if (bytes[i] !== magic.charCodeAt(i)) throw new RibFileError('not an ip6kit route table file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER);
  const crc = view.getUint32(H_CRC, true);
  if (crc32c(bytes, 0, H_CRC) !== crc) throw new RibFileError('its header fails its checksum');
  const version = view.getUint32(H_VERSION, true);
  if (version !== FILE_VERSION) throw new RibFileError(`format version ${version}, this ip6kit reads ${FILE_VERSION}`);
  if (view.getUint32(H_RECSIZE, true) !== recSize)
    throw new RibFileError(`record size ${view.getUint32(H_RECSIZE, true)}, expected ${recSize}`);
  const got = view.getUint32(H_GEN, true);
  if (got !== gen) throw new RibFileError(`generation ${got}, the state file names ${gen}`);
  return {
    view,
    gen: got,
    count: view.getUint32(H_COUNT, true),
    blockOrTag: view.getUint32(H_BLOCK_OR_TAG, true),
    tableCrc: view.getUint32(H_TABLE_CRC, true),
    crc,
  };
}

/** A base file's bytes for sorted records. */
export function encodeBase(records: Uint8Array, gen: number): Uint8Array {
  const count = records.length / REC;
  const blocks = Math.ceil(count / BLOCK_RECORDS);
  const table = new Uint8Array(blocks * 4);
  const tv = new DataView(table.buffer);
  for (let b = 0; b < blocks; b++) {
    tv.setUint32(
      b * 4,
      crc32c(records, b * BLOCK_RECORDS * REC, Math.min(records.length, (b + 1) * BLOCK_RECORDS * REC)),
      true,
    );
  }
  const out = new Uint8Array(HEADER + table.length + records.length);
  out.set(header(BASE_MAGIC, REC, gen, count, BLOCK_RECORDS, crc32c(table), prefixLengths(records)), 0);
  out.set(table, HEADER);
  out.set(records, HEADER + table.length);
  return out;
}

export interface BaseFile {
  /** The records, filled in block by block as check reads them (all at once by prefetch). */
  records: Uint8Array;
  lengths: number[];
  /** The header's CRC: a journal names it to say which base it extends. */
  tag: number;
  /** Reads one block from the file if it is not in yet, and verifies it; throws RibFileError. */
  check: (block: number) => void;
  /** Reads blocks [from, to) (all by default) in one request, before a scan verifies them. */
  prefetch: (from?: number, to?: number) => void;
}

/** Reads `length` bytes at file position `position` into buf at `offset`; throws on a short read. */
export type ReadAt = (buf: Uint8Array, offset: number, length: number, position: number) => void;

/**
 * Checks a base file's header against the file's size: cheap enough for every command, so a
 * missing, truncated or foreign file is refused before anything runs. Returns the header.
 */
function baseHeader(head: Uint8Array, size: number, gen: number): Header {
  const h = readHeader(head, BASE_MAGIC, REC, gen);
  if (h.blockOrTag !== BLOCK_RECORDS)
    throw new RibFileError(`${h.blockOrTag} records per block, expected ${BLOCK_RECORDS}`);
  const want = HEADER + Math.ceil(h.count / BLOCK_RECORDS) * 4 + h.count * REC;
  if (size !== want) throw new RibFileError(`${size} bytes, its header says ${h.count} records (${want} bytes)`);
  return h;
}

/** The first checks of a table's two files, from their headers and sizes; returns the base's record count. */
export function checkHeaders(
  base: { head: Uint8Array; size: number },
  journal: { head: Uint8Array; size: number },
  gen: number,
  committed: number,
): number {
  const h = baseHeader(base.head, base.size, gen);
  try {
    journalHead(journal.head, journal.size, committed, gen, h.crc);
  } catch (e) {
    if (e instanceof RibFileError) e.which = 'journal';
    throw e;
  }
  return h.count;
}

function journalHead(head: Uint8Array, size: number, committed: number, gen: number, baseTag: number): void {
  const h = readHeader(head, JOURNAL_MAGIC, JENTRY, gen);
  if (h.blockOrTag !== baseTag) throw new RibFileError('it belongs to another base file');
  if (committed < HEADER || (committed - HEADER) % JENTRY)
    throw new RibFileError(`the state file's journalBytes ${committed} is not a whole number of entries`);
  if (size < committed) throw new RibFileError(`${size} bytes, the state file says ${committed} are committed`);
}

/**
 * Checks a base file's header, size and block table, and reads nothing else: a lookup reads only
 * the blocks its bisections visit (check), a scan reads runs of them ahead (prefetch). Untouched records
 * stay zero pages the process never commits.
 */
export function openBase(readAt: ReadAt, size: number, gen: number): BaseFile {
  const head = new Uint8Array(Math.min(HEADER, size));
  readAt(head, 0, head.length, 0);
  const h = baseHeader(head, size, gen);
  const blocks = Math.ceil(h.count / BLOCK_RECORDS);
  const table = new Uint8Array(blocks * 4);
  readAt(table, 0, table.length, HEADER);
  if (crc32c(table) !== h.tableCrc) throw new RibFileError('its block checksums fail their checksum');
  const at = HEADER + table.length;
  const records = new Uint8Array(h.count * REC);
  const tv = new DataView(table.buffer);
  const lengths: number[] = [];
  for (let l = 128; l >= 0; l--) if ((head[H_LENGTHS + (l >> 3)] as number) & (1 << (l & 7))) lengths.push(l);
  // Blocks already read: a lookup reads the blocks it visits, a scan reads ahead in large runs.
  const loaded = new Uint8Array(blocks);
  /** Reads the blocks from `from` up to `to` or the first one already read, if `from` is not. */
  const load = (from: number, to: number): void => {
    if (loaded[from]) return;
    let stop = from + 1;
    while (stop < to && !loaded[stop]) stop++;
    const start = from * BLOCK_RECORDS * REC;
    const end = Math.min(records.length, stop * BLOCK_RECORDS * REC);
    readAt(records, start, end - start, at + start);
    loaded.fill(1, from, stop);
  };
  return {
    records,
    lengths,
    tag: h.crc,
    check: (b) => {
      load(b, b + 1);
      const start = b * BLOCK_RECORDS * REC;
      const end = Math.min(records.length, start + BLOCK_RECORDS * REC);
      if (crc32c(records, start, end) !== tv.getUint32(b * 4, true)) {
        throw new RibFileError(`records ${b * BLOCK_RECORDS}-${end / REC - 1} fail their checksum`);
      }
    },
    prefetch: (from = 0, to = blocks) => {
      if (from < blocks) load(from, Math.min(to, blocks));
    },
  };
}

export function journalHeader(gen: number, baseTag: number): Uint8Array {
  return header(JOURNAL_MAGIC, JENTRY, gen, 0, baseTag, 0, []);
}

/** Journal entries (op + record) as written: each followed by its CRC-32C. */
export function encodeEntries(entries: Uint8Array): Uint8Array {
  const n = entries.length / JREC;
  const out = new Uint8Array(n * JENTRY);
  const v = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    out.set(entries.subarray(i * JREC, (i + 1) * JREC), i * JENTRY);
    v.setUint32(i * JENTRY + JREC, crc32c(entries, i * JREC, (i + 1) * JREC), true);
  }
  return out;
}

/**
 * The committed entries of a journal (op + record each), verified. `committed` is the length the
 * state file names: bytes past it belong to a command that never committed and are ignored.
 */
export function openJournal(bytes: Uint8Array, committed: number, gen: number, baseTag: number): Uint8Array {
  journalHead(bytes, bytes.length, committed, gen, baseTag);
  const n = (committed - HEADER) / JENTRY;
  const out = new Uint8Array(n * JREC);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < n; i++) {
    const o = HEADER + i * JENTRY;
    if (crc32c(bytes, o, o + JREC) !== v.getUint32(o + JREC, true) || (bytes[o] as number) > 1)
      throw new RibFileError(`entry ${i} fails its checksum`);
    out.set(bytes.subarray(o, o + JREC), i * JREC);
  }
  return out;
}
