// Time: advance(world, to) fires due timers in (at, seq) order; runUntil steps until a condition holds.
import { onPreferredEnd, onValidEnd } from './addrs.js';
import { onDadFinish, onDadProbe } from './dad.js';
import { onNdTimer } from './nd.js';
import { onDeliver, onLoop } from './net.js';
import { onPrefixExpire, onRaSend, onRouterExpire, regenTemporary } from './ra.js';
import { popDue } from './queue.js';
import { onRouteExpire } from './static.js';
import type { Timer, World } from './types.js';

function fire(w: World, t: Timer): void {
  switch (t.kind) {
    case 'dad-probe':
      onDadProbe(w, t);
      break;
    case 'dad-finish':
      onDadFinish(w, t);
      break;
    case 'deliver':
      onDeliver(w, t);
      break;
    case 'preferred-end':
      onPreferredEnd(w, t, (node, ifp, a) => regenTemporary(w, node, ifp, a));
      break;
    case 'valid-end':
      onValidEnd(w, t, (node, ifp, a) => regenTemporary(w, node, ifp, a));
      break;
    case 'route-expire':
      onRouteExpire(w, t);
      break;
    case 'loop':
      onLoop(w, t);
      break;
    case 'nd':
      onNdTimer(w, t);
      break;
    case 'ra-send':
      onRaSend(w, t);
      break;
    case 'router-expire':
      onRouterExpire(w, t);
      break;
    case 'prefix-expire':
      onPrefixExpire(w, t);
      break;
  }
}

/** Fires every timer due at or before `to`, then sets the clock to `to` (never backwards). */
export function advance(w: World, to: number): void {
  for (let t = popDue(w, to); t; t = popDue(w, to)) {
    w.clock.now = Math.max(w.clock.now, t.at);
    fire(w, t);
  }
  w.clock.now = Math.max(w.clock.now, to);
}

/**
 * Fires at most `budget` timers due at or before `to`; when none is left before `to` the clock
 * reaches `to`. Returns how many fired. Between calls the world is consistent: a long advance
 * can stop after any of them (sim advance, interrupted).
 */
export function advanceSome(w: World, to: number, budget: number): number {
  let n = 0;
  for (let t = n < budget ? popDue(w, to) : undefined; t; t = ++n < budget ? popDue(w, to) : undefined) {
    w.clock.now = Math.max(w.clock.now, t.at);
    fire(w, t);
  }
  if (n < budget) w.clock.now = Math.max(w.clock.now, to);
  return n;
}

/**
 * Fires timers one instant at a time until `done()` holds or nothing is due before `limit`.
 * Returns whether it holds; the clock stops at the instant it became true (or at limit).
 */
export function runUntil(w: World, done: () => boolean, limit: number): boolean {
  if (done()) return true;
  for (let next = w.timers[0]; next && next.at <= limit; next = w.timers[0]) {
    advance(w, next.at);
    if (done()) return true;
  }
  advance(w, limit);
  return done();
}
