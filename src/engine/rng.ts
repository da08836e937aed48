// The seeded generator (mulberry32). Its whole state is one u32 kept in the world, so a saved
// world resumes the same sequence.
import type { World } from './types.js';

function nextU32(w: World): number {
  w.rng = (w.rng + 0x6d2b79f5) >>> 0;
  let t = w.rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Uniform integer in [0, n). */
export function randomBelow(w: World, n: number): number {
  return n <= 0 ? 0 : nextU32(w) % n;
}

export function randomBytes(w: World, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => nextU32(w) & 0xff);
}

/** A 16-bit identifier (ping6's ident). */
export function randomIdent(w: World): number {
  return nextU32(w) & 0xffff;
}
