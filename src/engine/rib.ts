// The routing table of a node (FreeBSD's radix tree, for inet6).
//
// Representation, chosen for a full table (300k routes) in a state file that every command loads:
// - the *base* is one dense byte array of fixed-size records sorted by key, so it can be saved
//   and loaded as it is (no parsing, no per-route objects) and searched in place by bisection;
// - changes since the base was written live in a small *overlay* (key -> record or tombstone)
//   and are also kept as a *journal* of records the store appends to a file, so one `route add`
//   writes one record, not the table;
// - compact() folds the overlay into a new base; the store calls it when the overlay grows past
//   a fraction of the base, so the cost stays amortised O(1) per change.
// Longest-prefix match on the base bisects once per prefix length present (a full table has a
// few dozen), which answers one `route get` in microseconds without building anything. For bulk
// lookups (forwarding, benchmarks) compile() builds a sorted elementary-interval array: one
// bisection per lookup, several million per second.
//
// Keys are KAME's: the 16 address bytes with a scoped destination's zone (interface index)
// embedded in bytes 2-3, compared bytewise, a longer prefix first on equal bytes. That is the
// order netstat prints (spec/formats.md 4.2), and it makes scoped LPM ordinary LPM.
import { applyMask, embedScope, formatIp6, parseIp6, takeEmbeddedScope, type Ip6Text } from '../addr/index.js';
import type { Route } from './types.js';

/** Bytes per record. */
export const REC = 56;
const O_PLEN = 16;
const O_GWKIND = 17;
const O_IFINDEX = 18;
const O_FLAGS = 20;
const O_GW = 24;
const O_REFS = 40;
const O_MTU = 44;
const O_EXPIRE = 48;
/** Journal entries: one op byte (1 set, 0 delete) and a record. */
export const JREC = REC + 1;

export interface RouteKey {
  dst: string;
  plen: number;
  zone: number;
}

/** A stored address back to text and zone: KAME's embedded form, as the address library reads it. */
function split(k: Uint8Array): { addr: Ip6Text; zone: number } {
  const { addr, index } = takeEmbeddedScope(k);
  return { addr: formatIp6(addr), zone: index };
}

/** The table key of (dst, plen, zone): masked address with the zone embedded. */
export function keyBytes(k: RouteKey): Uint8Array {
  return embedScope(applyMask(parseIp6(k.dst), k.plen), k.zone);
}

function encodeRoute(r: Route): Uint8Array {
  const b = new Uint8Array(REC);
  const v = new DataView(b.buffer);
  b.set(keyBytes(r), 0);
  b[O_PLEN] = r.plen;
  v.setUint16(O_IFINDEX, r.ifindex);
  v.setUint32(O_FLAGS, r.flags);
  if ('link' in r.gateway) {
    b[O_GWKIND] = 0;
    v.setUint16(O_GW, r.gateway.link);
  } else {
    b[O_GWKIND] = 1;
    b.set(embedScope(parseIp6(r.gateway.addr), r.gateway.zone), O_GW);
  }
  v.setUint32(O_REFS, r.refs);
  v.setUint32(O_MTU, r.mtu);
  v.setFloat64(O_EXPIRE, r.expireAt ?? NaN);
  return b;
}

function decodeRoute(b: Uint8Array, off = 0): Route {
  const v = new DataView(b.buffer, b.byteOffset + off, REC);
  const dst = split(b.subarray(off, off + 16));
  const expire = v.getFloat64(O_EXPIRE);
  let gateway: Route['gateway'];
  if (b[off + O_GWKIND] === 0) gateway = { link: v.getUint16(O_GW) };
  else {
    const g = split(b.subarray(off + O_GW, off + O_GW + 16));
    gateway = { addr: g.addr, zone: g.zone };
  }
  return {
    dst: dst.addr,
    plen: b[off + O_PLEN] as number,
    zone: dst.zone,
    gateway,
    ifindex: v.getUint16(O_IFINDEX),
    flags: v.getUint32(O_FLAGS),
    refs: v.getUint32(O_REFS),
    mtu: v.getUint32(O_MTU),
    expireAt: Number.isNaN(expire) ? null : expire,
  };
}

/** The prefix lengths present in sorted records, longest first. */
export function prefixLengths(records: Uint8Array): number[] {
  const seen = new Uint8Array(256);
  for (let o = O_PLEN; o < records.length; o += REC) seen[records[o] as number] = 1;
  const out: number[] = [];
  for (let l = 128; l >= 0; l--) if (seen[l]) out.push(l);
  return out;
}

/** Why these records are not a valid table (sorted, unique, plausible fields), or null. */
export function recordsProblem(records: Uint8Array): string | null {
  if (records.length % REC) return `${records.length} bytes is not a whole number of ${REC}-byte records`;
  for (let o = 0; o < records.length; o += REC) {
    const plen = records[o + O_PLEN] as number;
    if (plen > 128) return `record ${o / REC}: prefix length ${plen}`;
    if ((records[o + O_GWKIND] as number) > 1) return `record ${o / REC}: gateway kind ${records[o + O_GWKIND]}`;
    // A scoped key carries its zone in bytes 2-3, past a short prefix (ff02::%lo0/16).
    const key = takeEmbeddedScope(records.subarray(o, o + 16)).addr;
    if (applyMask(key, plen).some((b, i) => b !== key[i])) return `record ${o / REC}: bits set past the prefix length`;
    if (o > 0 && cmpKey(records, o - REC, records, o) >= 0) return `record ${o / REC}: out of order or repeated`;
  }
  return null;
}

/** Compares (key, plen) of two records: bytes ascending, then the longer prefix first. */
function cmpKey(a: Uint8Array, ao: number, b: Uint8Array, bo: number): number {
  for (let i = 0; i < 16; i++) {
    const d = (a[ao + i] as number) - (b[bo + i] as number);
    if (d) return d;
  }
  return (b[bo + O_PLEN] as number) - (a[ao + O_PLEN] as number);
}

function probeRecord(key: Uint8Array, plen: number): Uint8Array {
  const p = new Uint8Array(REC);
  p.set(key, 0);
  p[O_PLEN] = plen;
  return p;
}

const hexKey = (b: Uint8Array, off = 0): string => {
  let s = '';
  for (let i = off; i < off + 16; i++) s += (b[i] as number).toString(16).padStart(2, '0');
  return `${s}/${b[off + O_PLEN]}`;
};

/** Records per checked block of a base (the store keeps one checksum per block). */
export const BLOCK_RECORDS = 64;
/** Blocks a scan reads ahead in one request, at most (about 900 KB), and at first. */
const SCAN_BLOCKS = 256;
const FIRST_RUN = 4;

export interface RibContents {
  /** Sorted records. */
  base: Uint8Array;
  /** Journal entries (JREC each), already verified by whoever read them. */
  journal: Uint8Array;
  /** The prefix lengths present in the base, longest first, when known without a scan. */
  lengths?: number[];
  /**
   * Verifies block i of the base (BLOCK_RECORDS records) before any of it is first read; throws
   * on damage. Absent when the base needs no check (built in memory, or validated whole).
   */
  check?: (block: number) => void;
  /** Makes blocks [from, to) (all by default) readable at once, before a scan checks them. */
  prefetch?: (from?: number, to?: number) => void;
  /** How many routes the table must hold once the journal is replayed, and what to throw if not. */
  expect?: { routes: number; damaged: (detail: string) => Error };
}

export class Rib {
  private baseBytes: Uint8Array | null = null;
  private loader: (() => RibContents) | null;
  /** key -> record, or null for a deleted base record. */
  private overlay = new Map<string, Uint8Array | null>();
  private count = 0;
  private baseLengths: number[] | null = null;
  private check: ((block: number) => void) | null = null;
  private prefetch: ((from?: number, to?: number) => void) | null = null;
  /** The scan under way (reach): its last run's length, and the block that run ends before. */
  private run = FIRST_RUN;
  private ahead = 0;
  /** Per base block: 1 once verified. */
  private checked: Uint8Array | null = null;
  /** Journal entries made since load (the store appends them). */
  private pending: Uint8Array[] = [];
  /** Set when anything changed since load. */
  dirty = false;

  private constructor(loader: () => RibContents) {
    this.loader = loader;
  }

  static empty(): Rib {
    return Rib.lazy(() => ({ base: new Uint8Array(0), journal: new Uint8Array(0) }));
  }

  static fromBytes(base: Uint8Array, journal: Uint8Array = new Uint8Array(0)): Rib {
    return Rib.lazy(() => ({ base, journal }));
  }

  /** A table read only when first used: most commands never touch routes. */
  static lazy(loader: () => RibContents): Rib {
    return new Rib(loader);
  }

  private get base(): Uint8Array {
    this.load();
    return this.baseBytes as Uint8Array;
  }

  private load(): void {
    if (this.loader) this.materialize();
  }

  private materialize(): void {
    const { base, journal, lengths, check, prefetch, expect } = (this.loader as () => RibContents)();
    this.loader = null;
    if (base.length % REC || journal.length % JREC) throw new Error('route table damaged (record size)');
    this.baseBytes = base;
    this.count = base.length / REC;
    this.baseLengths = lengths ?? null;
    if (check) {
      this.check = check;
      this.prefetch = prefetch ?? null;
      this.checked = new Uint8Array(Math.ceil(this.count / BLOCK_RECORDS));
    }
    for (let o = 0; o < journal.length; o += JREC) {
      const rec = journal.subarray(o + 1, o + JREC);
      this.apply(rec, journal[o] === 1);
    }
    if (expect && this.count !== expect.routes)
      throw expect.damaged(`it holds ${this.count} routes, the state file says ${expect.routes}`);
  }

  get size(): number {
    this.load();
    return this.count;
  }

  get overlaySize(): number {
    this.load();
    return this.overlay.size;
  }

  get baseSize(): number {
    return this.base.length / REC;
  }

  /** Verifies the block holding base record i, once, before it is read. */
  private touch(i: number): void {
    const checked = this.checked;
    if (!checked) return;
    const block = (i / BLOCK_RECORDS) | 0;
    if (checked[block]) return;
    (this.check as (block: number) => void)(block);
    checked[block] = 1;
  }

  /** Verifies the whole base (before a scan). */
  private touchAll(): void {
    if (!this.checked) return;
    const records = this.base.length / REC;
    for (let i = 0; i < records; i += BLOCK_RECORDS) this.reach(i);
    this.checked = null;
  }

  /** Checks that the base is whole (reads and verifies all of it). */
  verify(): void {
    this.load();
    this.touchAll();
  }

  /** The base record index of a key, or -1. */
  private findBase(probe: Uint8Array): number {
    const b = this.base;
    let lo = 0;
    let hi = b.length / REC;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      this.touch(mid);
      const c = cmpKey(b, mid * REC, probe, 0);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return -1;
  }

  private record(probe: Uint8Array): Uint8Array | null {
    // Load first: loading replays the journal into the overlay consulted just below.
    this.load();
    const k = hexKey(probe);
    const o = this.overlay.get(k);
    if (o !== undefined) return o;
    const i = this.findBase(probe);
    return i < 0 ? null : this.base.subarray(i * REC, (i + 1) * REC);
  }

  private apply(rec: Uint8Array, set: boolean): void {
    const k = hexKey(rec);
    const existed = this.record(rec) !== null;
    if (set) {
      this.overlay.set(k, rec);
      if (!existed) this.count++;
    } else if (existed) {
      if (this.findBase(rec) >= 0) this.overlay.set(k, null);
      else this.overlay.delete(k);
      this.count--;
    }
  }

  get(k: RouteKey): Route | null {
    const r = this.record(probeRecord(keyBytes(k), k.plen));
    return r ? decodeRoute(r) : null;
  }

  /** Adds or replaces the route with this key. */
  set(r: Route): void {
    const rec = encodeRoute(r);
    this.load();
    this.apply(rec, true);
    this.journal(rec, 1);
  }

  delete(k: RouteKey): boolean {
    const probe = probeRecord(keyBytes(k), k.plen);
    if (!this.record(probe)) return false;
    this.apply(probe, false);
    this.journal(probe, 0);
    return true;
  }

  private journal(rec: Uint8Array, op: number): void {
    const j = new Uint8Array(JREC);
    j[0] = op;
    j.set(rec, 1);
    this.pending.push(j);
    this.dirty = true;
  }

  /** Journal entries since load, for the store to append; clears them. */
  takeJournal(): Uint8Array {
    const out = new Uint8Array(this.pending.length * JREC);
    this.pending.forEach((j, i) => {
      out.set(j, i * JREC);
    });
    this.pending = [];
    return out;
  }

  private lengthsPresent(): number[] {
    // Loading first gives the lengths the file's header lists, without a scan for them.
    this.load();
    if (!this.baseLengths) {
      this.touchAll();
      this.baseLengths = prefixLengths(this.base);
    }
    const lens = new Set(this.baseLengths);
    for (const r of this.overlay.values()) if (r) lens.add(r[O_PLEN] as number);
    return [...lens].sort((a, b) => b - a);
  }

  /** Longest-prefix match for an address (zone embedded for scoped destinations). */
  lookup(addr: Uint8Array): Route | null {
    for (const len of this.lengthsPresent()) {
      const r = this.record(probeRecord(applyMask(addr, len), len));
      if (r) return decodeRoute(r);
    }
    return null;
  }

  /** Every route in key order (netstat's radix-walk order). */
  *entries(): Generator<Route> {
    for (const rec of this.records()) yield decodeRoute(rec);
  }

  /**
   * A scan reaching base record i: its block is verified first, and the next SCAN_BLOCKS blocks
   * are read in one request, so a listing cut short (netstat -rn | head) reads what it printed.
   */
  private reach(i: number): void {
    const checked = this.checked;
    if (!checked || i % BLOCK_RECORDS) return;
    const block = i / BLOCK_RECORDS;
    if (block === 0) this.ahead = 0;
    if (!checked[block] && block >= this.ahead) {
      // Runs double from a few blocks: the first lines of a listing wait for little.
      this.run = block === 0 ? FIRST_RUN : Math.min(SCAN_BLOCKS, this.run * 2);
      this.ahead = block + this.run;
      this.prefetch?.(block, this.ahead);
    }
    this.touch(i);
  }

  private *records(): Generator<Uint8Array> {
    const b = this.base;
    if (this.overlay.size === 0) {
      for (let o = 0; o < b.length; o += REC) {
        this.reach(o / REC);
        yield b.subarray(o, o + REC);
      }
      return;
    }
    const over = [...this.overlay.entries()]
      .filter((e): e is [string, Uint8Array] => e[1] !== null)
      .map((e) => e[1])
      .sort((x, y) => cmpKey(x, 0, y, 0));
    let j = 0;
    for (let o = 0; o < b.length; o += REC) {
      this.reach(o / REC);
      const rec = b.subarray(o, o + REC);
      while (j < over.length && cmpKey(over[j] as Uint8Array, 0, rec, 0) < 0) yield over[j++] as Uint8Array;
      const o2 = this.overlay.get(hexKey(rec));
      if (o2 === undefined) yield rec;
      else if (o2 !== null && j < over.length && over[j] === o2) yield over[j++] as Uint8Array;
    }
    while (j < over.length) yield over[j++] as Uint8Array;
  }

  /** Folds the overlay into a new base (a fresh array: the old one may be a mapped file). */
  compact(): void {
    const out = new Uint8Array(this.size * REC);
    let o = 0;
    for (const rec of this.records()) {
      out.set(rec, o);
      o += REC;
    }
    this.baseBytes = out;
    this.baseLengths = null;
    this.checked = null;
    this.check = null;
    this.prefetch = null;
    this.overlay.clear();
  }

  /** The sorted records as one array (the base after compaction), without changing the table. */
  bytes(): Uint8Array {
    this.load();
    if (this.overlay.size === 0) {
      this.touchAll();
      return this.base;
    }
    const out = new Uint8Array(this.size * REC);
    let o = 0;
    for (const rec of this.records()) {
      out.set(rec, o);
      o += REC;
    }
    return out;
  }

  toJSON(): { routes: number; bytes: string } {
    return { routes: this.size, bytes: Buffer.from(this.bytes()).toString('base64') };
  }

  /** A read-only LPM structure for many lookups; rebuild after changes. */
  compile(): CompiledLpm {
    return new CompiledLpm(this.bytes());
  }
}

/**
 * Elementary intervals: prefixes are nested or disjoint, so a sweep over them sorted by (start,
 * shorter first) cuts the address space into intervals each with one best route. A lookup is one
 * bisection over the interval starts (four 32-bit words each).
 */
export class CompiledLpm {
  private starts: Uint32Array;
  /** Record index per interval, -1 where no route covers it. */
  private best: Int32Array;
  private n = 0;

  constructor(private readonly recs: Uint8Array) {
    const count = recs.length / REC;
    this.starts = new Uint32Array((2 * count + 1) * 4);
    this.best = new Int32Array(2 * count + 1);
    // Records are sorted by bytes then longer-first; the sweep wants shorter-first on equal
    // starts, so each run of equal bytes is taken in reverse.
    const order: number[] = [];
    for (let i = 0; i < count; ) {
      let j = i + 1;
      while (j < count && sameBytes(recs, i * REC, j * REC)) j++;
      for (let k = j - 1; k >= i; k--) order.push(k);
      i = j;
    }
    const lo = (i: number): Uint32Array => words(recs, i * REC);
    const stack: { hi: Uint32Array; idx: number }[] = [];
    const emit = (pos: Uint32Array, idx: number): void => {
      if (this.n > 0 && cmpWords(this.starts.subarray((this.n - 1) * 4, this.n * 4), pos) === 0) {
        this.best[this.n - 1] = idx;
        return;
      }
      if (this.n > 0 && this.best[this.n - 1] === idx) return;
      this.starts.set(pos, this.n * 4);
      this.best[this.n++] = idx;
    };
    const pop = (): void => {
      const t = stack.pop() as { hi: Uint32Array; idx: number };
      const next = increment(t.hi);
      if (next) emit(next, stack.length ? (stack[stack.length - 1] as { idx: number }).idx : -1);
    };
    emit(new Uint32Array(4), -1);
    for (const i of order) {
      const start = lo(i);
      while (stack.length && cmpWords((stack[stack.length - 1] as { hi: Uint32Array }).hi, start) < 0) pop();
      stack.push({ hi: lastOf(start, recs[i * REC + O_PLEN] as number), idx: i });
      emit(start, i);
    }
    while (stack.length) pop();
  }

  get intervals(): number {
    return this.n;
  }

  /** Per top-16-bit value, the range of intervals to bisect; built on first lookup. */
  private buckets: Uint32Array | null = null;
  /** The interval starts' first words, apart, so most comparisons touch one dense array. */
  private first: Uint32Array | null = null;

  private index(): Uint32Array {
    const n = this.n;
    const first = new Uint32Array(n);
    for (let i = 0; i < n; i++) first[i] = this.starts[i * 4] as number;
    this.first = first;
    // buckets[h] = the last interval starting at or before h:0000::, for each 16-bit h.
    const b = new Uint32Array(65537);
    let i = 0;
    for (let h = 0; h < 65536; h++) {
      const at = h * 65536;
      while (i + 1 < n && this.startsAtOrBefore(i + 1, at)) i++;
      b[h] = i;
    }
    b[65536] = n - 1;
    this.buckets = b;
    return b;
  }

  /** Whether interval i starts at or before the address at:0:0:0 (first word `at`, the rest 0). */
  private startsAtOrBefore(i: number, at: number): boolean {
    const o = i * 4;
    const w0 = this.starts[o] as number;
    if (w0 !== at) return w0 < at;
    return this.starts[o + 1] === 0 && this.starts[o + 2] === 0 && this.starts[o + 3] === 0;
  }

  /** Record index of the best route for an address given as four big-endian words, or -1. */
  lookupWords(w0: number, w1: number, w2: number, w3: number): number {
    const b = this.buckets ?? this.index();
    const first = this.first as Uint32Array;
    const s = this.starts;
    const h = w0 >>> 16;
    let lo = b[h] as number;
    let hi = h === 65535 ? this.n - 1 : (b[h + 1] as number);
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      let c = (first[mid] as number) - w0;
      if (c === 0) {
        const o = mid * 4;
        c = (s[o + 1] as number) - w1;
        if (c === 0) c = (s[o + 2] as number) - w2;
        if (c === 0) c = (s[o + 3] as number) - w3;
      }
      if (c <= 0) lo = mid;
      else hi = mid - 1;
    }
    return this.best[lo] as number;
  }

  lookup(addr: Uint8Array): Route | null {
    const w = words(addr, 0);
    const i = this.lookupWords(w[0] as number, w[1] as number, w[2] as number, w[3] as number);
    return i < 0 ? null : decodeRoute(this.recs, i * REC);
  }
}

function words(b: Uint8Array, off: number): Uint32Array {
  const w = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    const o = off + i * 4;
    w[i] =
      (((b[o] as number) << 24) | ((b[o + 1] as number) << 16) | ((b[o + 2] as number) << 8) | (b[o + 3] as number)) >>>
      0;
  }
  return w;
}

function sameBytes(b: Uint8Array, x: number, y: number): boolean {
  for (let i = 0; i < 16; i++) if (b[x + i] !== b[y + i]) return false;
  return true;
}

function cmpWords(a: Uint32Array, b: Uint32Array): number {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  return 0;
}

/** The last address a prefix covers. */
function lastOf(start: Uint32Array, plen: number): Uint32Array {
  const w = Uint32Array.from(start);
  for (let i = 0; i < 4; i++) {
    const bits = Math.min(32, Math.max(0, plen - i * 32));
    const host = bits === 32 ? 0 : bits === 0 ? 0xffffffff : 0xffffffff >>> bits;
    w[i] = ((w[i] as number) | host) >>> 0;
  }
  return w;
}

/** a + 1, or null when a is the last address. */
function increment(a: Uint32Array): Uint32Array | null {
  const w = Uint32Array.from(a);
  for (let i = 3; i >= 0; i--) {
    if (w[i] !== 0xffffffff) {
      w[i] = (w[i] as number) + 1;
      return w;
    }
    w[i] = 0;
  }
  return null;
}
