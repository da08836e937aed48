// The event queue: timers ordered by (at, seq). Timers are data (they must survive a save).
import type { Timer, World } from './types.js';

type Unsequenced<T> = T extends Timer ? Omit<T, 'seq'> : never;

export function nextSeq(w: World): number {
  return w.seq++;
}

export function schedule(w: World, t: Unsequenced<Timer>): void {
  const timer = { ...t, seq: nextSeq(w) } as Timer;
  const q = w.timers;
  // Binary search for the first timer strictly later than (at, seq): same-instant timers keep insertion order.
  let lo = 0;
  let hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = q[mid] as Timer;
    if (m.at < timer.at || (m.at === timer.at && m.seq < timer.seq)) lo = mid + 1;
    else hi = mid;
  }
  q.splice(lo, 0, timer);
}

/** When the next timer is due, or null if none is pending. */
export function nextDeadline(w: World): number | null {
  return w.timers[0]?.at ?? null;
}

export function popDue(w: World, to: number): Timer | undefined {
  const t = w.timers[0];
  if (!t || t.at > to) return undefined;
  w.timers.shift();
  return t;
}

/** Drops every pending timer that belongs to a node (node deleted). */
export function cancelNodeTimers(w: World, node: string): void {
  w.timers = w.timers.filter((t) => (t.kind === 'deliver' ? t.fromNode !== node : t.node !== node));
}
