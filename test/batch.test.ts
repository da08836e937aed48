// ip6kit -batch against its oracle: the same lines run one command at a time. Output, exit
// status and the world left behind must be the same, whether a line fails or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { ip6kitIn, type Ran } from './helpers.js';
import { splitWords } from '../src/cli/batch.js';

type Result = Ran;

const ip6kit = (state: string, args: string[]): Promise<Result> => ip6kitIn(state)(args);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-batch-'));
let n = 0;
const fresh = (): string => path.join(dir, `w${n++}`, 'state.json');

/** What a world looks like from outside: every listing a user would compare. */
async function snapshot(state: string): Promise<string> {
  const parts: string[] = [];
  for (const args of [
    ['sim', 'show', '--json'],
    ['ifconfig', '-a'],
    ['netstat', '-rn', '-f', 'inet6'],
    ['ndp', '-an'],
    ['ip6addrctl'],
    ['-N', 'r1', 'ifconfig', '-a'],
  ]) {
    const r = await ip6kit(state, args);
    parts.push(`$ ${args.join(' ')} (${r.status})\n${r.out}${r.err}`);
  }
  return parts.join('');
}

/** The oracle: each line its own command; stops at the first failure unless forced. */
async function lineByLine(state: string, lines: string[], force = false): Promise<Result> {
  const acc: Result = { out: '', err: '', status: 0 };
  for (const [i, line] of lines.entries()) {
    const words = splitWords(line);
    assert.ok(Array.isArray(words));
    if (!words.length) continue;
    const r = await ip6kit(state, words);
    acc.out += r.out;
    acc.err += r.err;
    if (r.status !== 0) {
      acc.err += `Command failed FILE:${i + 1}\n`;
      if (acc.status === 0) acc.status = r.status;
      if (!force) break;
    }
  }
  return acc;
}

async function batched(state: string, lines: string[], force = false): Promise<Result> {
  const file = path.join(path.dirname(state), 'lines.batch');
  fs.mkdirSync(path.dirname(state), { recursive: true });
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const r = await ip6kit(state, ['-batch', file, ...(force ? ['-force'] : [])]);
  return { ...r, err: r.err.replaceAll(file, 'FILE') };
}

const SETUP = ['sim node add r1 --router', 'sim link add l1', 'sim attach r1 em0 l1', 'sim attach host em1 l1'];

/** Lines that succeed or fail depending on what ran before them. */
const POOL = [
  'ifconfig em1 inet6 2001:db8::1 prefixlen 64',
  '-N r1 ifconfig em0 inet6 2001:db8::1 prefixlen 64',
  '-N r1 ifconfig em0 inet6 2001:db8::2 prefixlen 64',
  'ifconfig em1 inet6 2001:db8::1 -alias',
  'route add -inet6 2001:db8:5::/48 2001:db8::2',
  'route delete -inet6 2001:db8:5::/48',
  'route add -inet6 default 2001:db8::2',
  'route change -inet6 2001:db8:5::/48 -mtu 1400',
  'ndp -s 2001:db8::99 00:11:22:33:44:55',
  'ndp -d 2001:db8::99',
  'ping6 -c 1 2001:db8::2',
  'ip6addrctl add 2001:db8::/32 45 7',
  'ip6addrctl delete 2001:db8::/32',
  'ifconfig em1 down',
  'ifconfig em1 up',
  'ifconfig em9 inet6 2001:db8::7',
  'route get -inet6 2001:db8:5::1',
  'sim advance 30s',
  'sim node add r1',
  'ifconfig em1 inet6 2001:db8::zz',
];

test('words: quoting, escapes and comments', () => {
  assert.deepEqual(splitWords(`ifconfig em0 inet6 "fe80::1%em0" 'a b' c\\ d # trailing`), [
    'ifconfig',
    'em0',
    'inet6',
    'fe80::1%em0',
    'a b',
    'c d',
  ]);
  assert.deepEqual(splitWords('   # only a comment'), []);
  assert.equal(splitWords(`route add 'x`), 'unterminated single quote');
});

test('a batch prints, exits and saves what the same lines run one by one do', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.constantFrom(...POOL), { minLength: 1, maxLength: 12 }),
      fc.boolean(),
      async (body, force) => {
        const lines = [...SETUP, ...body];
        const a = fresh();
        const b = fresh();
        const want = await lineByLine(a, lines, force);
        const got = await batched(b, lines, force);
        assert.deepEqual(got, want);
        assert.equal(await snapshot(b), await snapshot(a));
      },
    ),
    { seed: 20261201, numRuns: 25 },
  );
});

test('a failing line stops the batch there; the lines before it are saved', async () => {
  const state = fresh();
  const r = await batched(state, [
    ...SETUP,
    'route add -inet6 2001:db8:5::/48 fe80::1%em1',
    'route add -inet6 2001:db8:5::/48 fe80::1%em1',
    'route add -inet6 2001:db8:6::/48 fe80::1%em1',
  ]);
  assert.equal(r.status, 1);
  assert.match(r.err, /route: message indicates error: File exists\nCommand failed FILE:6\n$/);
  const routes = (await ip6kit(state, ['netstat', '-rn', '-f', 'inet6'])).out;
  assert.match(routes, /2001:db8:5::\/48/);
  assert.doesNotMatch(routes, /2001:db8:6::\/48/);
});

test('-batch usage, unreadable files and bad lines', async () => {
  const state = fresh();
  assert.deepEqual(await ip6kit(state, ['-batch']), {
    out: '',
    err: 'usage: ip6kit -batch FILE|- [-force]\n',
    status: 64,
  });
  const missing = await ip6kit(state, ['-batch', path.join(dir, 'nope.batch')]);
  assert.equal(missing.status, 66);
  assert.match(missing.err, /nope\.batch: No such file or directory\n$/);
  const bad = await batched(state, ['frobnicate now', `route add 'x`, '--state /elsewhere.json ifconfig -a'], true);
  assert.equal(bad.status, 64);
  assert.equal(
    bad.err,
    "ip6kit: unknown tool 'frobnicate'\nCommand failed FILE:1\nip6kit: unterminated single quote\nCommand failed" +
      ' FILE:2\nip6kit: a batch line cannot name another state file or backend\nCommand failed FILE:3\n',
  );
  assert.equal(fs.existsSync(state), false, 'a batch of failures writes nothing');
});
