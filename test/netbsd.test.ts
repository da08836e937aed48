// The netbsd profile's printers (render/netbsd.ts, render/ping6.ts): snprintb's line-limited form
// against a step-by-step transcription of common/lib/libutil/snprintb.c's old-format loop (STORE,
// PUTSEP, PUTCHR and BACKUP as the C writes them), and ping6's two standard deviations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { snprintbLines } from '../src/render/netbsd.js';
import { pingSummary } from '../src/render/ping6.js';
import { PROFILES } from '../src/render/profile.js';

type Names = (readonly [number, string])[];

/** The C loop, one character at a time; pieces are separated by NUL as snprintb_m leaves them. */
function oracle(value: number, names: Names, lMax: number): string[] {
  const head = `0x${value.toString(16)}`;
  let buf = head;
  let lLen = head.length;
  if (value === 0) return [head];
  let sBp: number | null = null;
  let sLen = 0;
  let sFmt = 0;
  let restart = false;
  let sep = '<';
  let fmt = 0;
  const store = (c: string): void => {
    lLen++;
    buf += c;
  };
  const backup = (): void => {
    if (sBp !== null) {
      buf = buf.slice(0, sBp);
      lLen = sLen;
      sBp = null;
      restart = true;
      fmt = sFmt;
    }
    store('>');
    store('\0');
    buf += head;
    lLen = head.length;
  };
  const putsep = (cur: number): void => {
    if (lMax > 0 && lLen >= lMax) {
      backup();
      store('<');
    } else {
      if (lMax > 0 && sep !== '<') {
        sLen = lLen;
        sBp = buf.length;
        sFmt = cur;
      }
      store(sep);
      restart = false;
    }
  };
  const putchr = (c: string): void => {
    if (lMax > 0 && lLen >= lMax - 1) {
      backup();
      if (!restart) store(c);
      else sep = '<';
    } else {
      store(c);
      restart = false;
    }
  };
  while (fmt < names.length) {
    const cur = fmt++;
    const [bit, name] = names[cur] as readonly [number, string];
    if (!(value & bit)) continue;
    putsep(cur);
    if (restart) continue;
    sep = ',';
    for (const c of name) {
      putchr(c);
      if (restart) break;
    }
  }
  store('>');
  return buf.split('\0');
}

test('snprintb_m: lines break where the C breaks them, across many limits and values', () => {
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let run = 0; run < 2000; run++) {
    const names: Names = [];
    for (let b = 0; b < 20; b++) names.push([2 ** b, 'ABCDEFGHIJKLMNOPQRST'.slice(0, 2 + rand(12))]);
    const value = rand(2 ** 20);
    const lMax = 24 + rand(60);
    assert.deepEqual(snprintbLines(value, names, lMax), oracle(value, names, lMax), `value ${value} limit ${lMax}`);
  }
});

test('snprintb: zero prints the value alone; unnamed bits still close the brackets', () => {
  assert.deepEqual(snprintbLines(0, [[1, 'UP']]), ['0x0']);
  assert.deepEqual(snprintbLines(0x40, [[1, 'UP']]), ['0x40>']);
  assert.deepEqual(
    snprintbLines(0x8843, [
      [1, 'UP'],
      [0x8000, 'MULTICAST'],
    ]),
    ['0x8843<UP,MULTICAST>'],
  );
});

test("ping6's deviation: FreeBSD divides by n, NetBSD by n - 1", () => {
  const rt = (name: 'freebsd14' | 'netbsd', rtts: number[]): string =>
    (pingSummary('h', rtts.length, rtts.length, 0, rtts, PROFILES[name]).split('\n')[3] ?? '').replace(/.* = /, '');
  assert.equal(rt('freebsd14', [1, 2, 3]), '1.000/2.000/3.000/0.816 ms');
  assert.equal(rt('netbsd', [1, 2, 3]), '1.000/2.000/3.000/1.000 ms');
  assert.equal(rt('netbsd', [2]), '2.000/2.000/2.000/0.000 ms');
});
