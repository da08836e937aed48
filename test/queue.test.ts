// The event queue (a heap with keyed timers) against a brute-force oracle: a plain list, sorted
// by (at, seq) on every pop, where arming a key first removes the timer with that key.
import { canonical } from '../src/addr/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createWorld, type Timer, type World } from '../src/engine/index.js';
import { disarm, popDue, schedule, timerKey } from '../src/engine/queue.js';

type Op =
  | { op: 'arm'; at: number; owner: number }
  | { op: 'event'; at: number }
  | { op: 'disarm'; owner: number }
  | { op: 'pop'; to: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('arm' as const),
    at: fc.integer({ min: 0, max: 50 }),
    owner: fc.integer({ min: 0, max: 6 }),
  }),
  fc.record({ op: fc.constant('event' as const), at: fc.integer({ min: 0, max: 50 }) }),
  fc.record({ op: fc.constant('disarm' as const), owner: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ op: fc.constant('pop' as const), to: fc.integer({ min: 0, max: 60 }) }),
);

const keyed = (owner: number): Omit<Extract<Timer, { kind: 'nd' }>, 'seq' | 'at'> => ({
  kind: 'nd',
  node: 'host',
  ifindex: 1,
  addr: canonical(`fe80::${owner}`),
});

test('heap with keys equals a sorted list with replace-by-key, pop by pop', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
      const w: World = createWorld({ clock: 'virtual', seed: 1, bare: true, wallNow: 0 });
      w.timers = [];
      let oracle: Timer[] = [];
      for (const o of ops) {
        if (o.op === 'arm') {
          schedule(w, { at: o.at, ...keyed(o.owner) });
          const k = timerKey(keyed(o.owner));
          oracle = oracle.filter((t) => timerKey(t) !== k);
          oracle.push({ at: o.at, seq: w.seq - 1, ...keyed(o.owner) });
        } else if (o.op === 'event') {
          const t = {
            at: o.at,
            kind: 'loop',
            node: 'host',
            ifindex: 1,
            pkt: { src: canonical('::1'), dst: canonical('::1'), hlim: 1, body: { type: 'RS', slla: null } },
          } as const;
          schedule(w, t);
          oracle.push({ ...t, seq: w.seq - 1 });
        } else if (o.op === 'disarm') {
          disarm(w, keyed(o.owner));
          const k = timerKey(keyed(o.owner));
          oracle = oracle.filter((t) => timerKey(t) !== k);
        } else {
          oracle.sort((a, b) => a.at - b.at || a.seq - b.seq);
          const want: number[] = [];
          while (oracle[0] && oracle[0].at <= o.to) want.push((oracle.shift() as Timer).seq);
          const got: number[] = [];
          for (let t = popDue(w, o.to); t; t = popDue(w, o.to)) got.push(t.seq);
          assert.deepEqual(got, want);
        }
        assert.equal(w.timers.length, oracle.length);
      }
    }),
    { numRuns: 300, seed: 11 },
  );
});
