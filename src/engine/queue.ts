// The event queue: a binary min-heap of timers ordered by (at, seq), kept as it is in
// w.timers so it survives a save (a sorted array, as older files hold, is a heap too).
// Schedule and pop are O(log n); same-instant timers fire in the order they were scheduled.
//
// Every timer that belongs to something (an address's lifetime, its DAD, a neighbour's state, a
// router's or a prefix's expiry, a static route's expiry, a router's next advertisement) has a
// key: arming it replaces the pending timer with the same key, and deleting the owner disarms
// it. Only frames in flight are unkeyed. So the queue holds what exists, never how long the
// world has run (docs/time.md).
import type { Timer, World } from './types.js';

type Unsequenced<T> = T extends Timer ? Omit<T, 'seq'> : never;
type KeyFields<T> = T extends Timer ? Omit<T, 'seq' | 'at'> : never;

export function nextSeq(w: World): number {
  return w.seq++;
}

/** The owner and purpose of a timer, or null for an event (a frame in flight). */
export function timerKey(t: KeyFields<Timer>): string | null {
  switch (t.kind) {
    case 'deliver':
    case 'loop':
      return null;
    case 'dad-probe':
    case 'dad-finish':
      return `dad ${t.node} ${t.ifindex} ${t.addrId}`;
    case 'preferred-end':
    case 'valid-end':
      return `${t.kind} ${t.node} ${t.ifindex} ${t.addrId}`;
    case 'nd':
    case 'router-expire':
      return `${t.kind} ${t.node} ${t.ifindex} ${t.addr}`;
    case 'prefix-expire':
      return `${t.kind} ${t.node} ${t.ifindex} ${t.prefix}/${t.plen}`;
    case 'ra-send':
      return `${t.kind} ${t.node} ${t.ifindex} ${t.solicited ? 'solicited' : 'periodic'}`;
    case 'route-expire':
      return `${t.kind} ${t.node} ${t.dst}/${t.plen}%${t.zone}`;
  }
}

interface Index {
  /** Heap position of each timer. */
  pos: Map<Timer, number>;
  /** The pending timer of each key. */
  byKey: Map<string, Timer>;
}

/** Kept beside the heap, not in it: rebuilt in O(n) when a loaded world is first scheduled on. */
const indexes = new WeakMap<Timer[], Index>();

const before = (a: Timer, b: Timer): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

function index(w: World): Index {
  const found = indexes.get(w.timers);
  if (found) return found;
  // A loaded queue: keep one timer per key (files of older versions piled them up; the stale
  // ones were no-ops), and restore the heap order if the file's order is not one.
  const byKey = new Map<string, Timer>();
  const keep: Timer[] = [];
  for (const t of w.timers) {
    const k = timerKey(t);
    if (k === null) {
      keep.push(t);
      continue;
    }
    const other = byKey.get(k);
    if (!other || other.seq < t.seq) byKey.set(k, t);
  }
  for (const t of byKey.values()) keep.push(t);
  const q = keep.length === w.timers.length && isHeap(w.timers) ? w.timers : heapify(keep);
  w.timers = q;
  const pos = new Map<Timer, number>();
  q.forEach((t, i) => {
    pos.set(t, i);
  });
  const ix = { pos, byKey };
  indexes.set(q, ix);
  return ix;
}

function isHeap(q: Timer[]): boolean {
  for (let i = 1; i < q.length; i++) if (before(q[i] as Timer, q[(i - 1) >> 1] as Timer)) return false;
  return true;
}

function heapify(q: Timer[]): Timer[] {
  return q.sort((a, b) => a.at - b.at || a.seq - b.seq);
}

function place(q: Timer[], ix: Index, i: number, t: Timer): void {
  q[i] = t;
  ix.pos.set(t, i);
}

function siftUp(q: Timer[], ix: Index, i: number): void {
  const t = q[i] as Timer;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = q[parent] as Timer;
    if (!before(t, p)) break;
    place(q, ix, i, p);
    i = parent;
  }
  place(q, ix, i, t);
}

function siftDown(q: Timer[], ix: Index, i: number): void {
  const t = q[i] as Timer;
  const n = q.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && before(q[r] as Timer, q[l] as Timer) ? r : l;
    if (!before(q[c] as Timer, t)) break;
    place(q, ix, i, q[c] as Timer);
    i = c;
  }
  place(q, ix, i, t);
}

function removeAt(w: World, ix: Index, i: number): Timer {
  const q = w.timers;
  const t = q[i] as Timer;
  const last = q.pop() as Timer;
  ix.pos.delete(t);
  const k = timerKey(t);
  if (k !== null && ix.byKey.get(k) === t) ix.byKey.delete(k);
  if (i < q.length) {
    place(q, ix, i, last);
    siftDown(q, ix, i);
    siftUp(q, ix, ix.pos.get(last) as number);
  }
  return t;
}

/**
 * Schedules a timer. A keyed timer replaces the pending one with the same key: one deadline
 * per owner and purpose.
 */
export function schedule(w: World, t: Unsequenced<Timer>): void {
  const ix = index(w);
  const timer = { ...t, seq: nextSeq(w) } as Timer;
  const k = timerKey(timer);
  if (k !== null) {
    const old = ix.byKey.get(k);
    if (old) removeAt(w, ix, ix.pos.get(old) as number);
    ix.byKey.set(k, timer);
  }
  const q = w.timers;
  q.push(timer);
  siftUp(q, ix, q.length - 1);
}

/** The pending timer with this owner and purpose, if any. */
export function pending(w: World, t: KeyFields<Timer>): Timer | undefined {
  const k = timerKey(t);
  return k === null ? undefined : index(w).byKey.get(k);
}

/** Cancels the pending timer with this owner and purpose (its owner is gone). */
export function disarm(w: World, t: KeyFields<Timer>): void {
  const k = timerKey(t);
  if (k === null) return;
  const ix = index(w);
  const old = ix.byKey.get(k);
  if (old) removeAt(w, ix, ix.pos.get(old) as number);
}

/** When the next timer is due, or null if none is pending. */
export function nextDeadline(w: World): number | null {
  return w.timers[0]?.at ?? null;
}

/** When the last pending timer is due, or null if none is. */
export function lastDeadline(w: World): number | null {
  let last: number | null = null;
  for (const t of w.timers) if (last === null || t.at > last) last = t.at;
  return last;
}

export function popDue(w: World, to: number): Timer | undefined {
  const t = w.timers[0];
  if (!t || t.at > to) return undefined;
  return removeAt(w, index(w), 0);
}

/** Drops every pending timer that belongs to a node (node deleted). */
export function cancelNodeTimers(w: World, node: string): void {
  w.timers = heapify(w.timers.filter((t) => (t.kind === 'deliver' ? t.fromNode !== node : t.node !== node)));
}
