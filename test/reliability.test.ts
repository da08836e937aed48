// Reliability (issue 10), through the real binary: argv fuzzing, odd state paths, lock
// recovery, and kill -9 in the middle of route adds and compactions. Bounded in count and time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { formatIp6, parseIp6 } from '../src/addr/index.js';
import { type BinaryRun as Ran, ip6kitBinary as ip6kit, killWhileWriting } from './helpers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'ip6kit');
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-rel-'));

function ip6kitAsync(state: string, args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: path.dirname(state), IP6KIT_STATE: state },
    });
    let out = '';
    let err = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

/** Every file of a state: the JSON and its table files, by name. */
function files(state: string): Map<string, string> {
  const out = new Map<string, string>();
  const dir = path.dirname(state);
  const walk = (d: string): void => {
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n);
      if (fs.statSync(p).isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p).toString('base64'));
    }
  };
  walk(dir);
  return out;
}

/** A world with a peer, a router advertising a prefix, and a table past the inline limit. */
function preparedWorld(): string {
  const state = path.join(tmp(), 'state.json');
  const script = [
    ['sim', 'init', '--seed', '3'],
    ['sim', 'node', 'add', 'peer'],
    ['sim', 'attach', 'peer', 'em0', 'lan0', '--lladdr', '52:54:00:00:00:02'],
    ['sim', 'node', 'add', 'r', '--router'],
    ['sim', 'attach', 'r', 'em0', 'lan0', '--lladdr', '52:54:00:00:00:03'],
    ['sim', 'rtadvd', 'r', 'em0', '--prefix', '2001:db8:1::/64'],
    ['ifconfig', 'em0', 'inet6', '2001:db8::1/64'],
  ];
  for (const args of script) assert.equal(ip6kit(state, args).code, 0, args.join(' '));
  const lines = Array.from(
    { length: 1100 },
    (_, i) => `${(0x20010db9 + i).toString(16).replace(/^(....)/, '$1:')}::/32`,
  );
  // route(8) has no batch mode: build the large table with one process and the store directly.
  const add = `
    const { transact } = await import(${JSON.stringify(path.join(root, 'build', 'src', 'store', 'index.js'))});
    const E = await import(${JSON.stringify(path.join(root, 'build', 'src', 'engine', 'index.js'))});
    transact(process.argv[1], () => { throw new Error('no state'); }, (w) => {
      const rib = E.findNode(w, 'host').rib;
      const flags = E.RTF.UP | E.RTF.GATEWAY | E.RTF.STATIC;
      const gateway = { addr: 'fe80::1', zone: 2 };
      for (const p of JSON.parse(process.argv[2]))
        rib.set({ dst: p.split('/')[0], plen: 32, zone: 0, gateway, ifindex: 2, flags, refs: 0, mtu: 0,
          expireAt: null });
    });`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', add, state, JSON.stringify(lines)], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(fs.existsSync(`${state}.rib`));
  return state;
}

// Tokens from every tool's grammar plus hostile values; a command is a tool and a few of them.
const TOOLS = [
  'ifconfig',
  'ndp',
  'route',
  'netstat',
  'ifmcstat',
  'ip6addrctl',
  'rtsol',
  'ping6',
  'sim',
  'addrsel',
  'route6',
];
const WORDS = [
  '-a',
  '-n',
  '-d',
  '-s',
  '-c',
  '-i',
  '-p',
  '-P',
  '-r',
  '-R',
  '-I',
  '-f',
  '-W',
  '-w',
  '-L',
  '-l',
  '-v',
  '-u',
  '-D',
  '-6',
  '-t',
  '-H',
  '-x',
  '-C',
  '-q',
  '-inet6',
  '-interface',
  '-ifp',
  '-mtu',
  '-expire',
  '-reject',
  '-blackhole',
  '-net',
  '-host',
  '-prefixlen',
  'add',
  'delete',
  'change',
  'get',
  'flush',
  'show',
  'install',
  'node',
  'link',
  'attach',
  'detach',
  'advance',
  'log',
  'mcast',
  'join',
  'leave',
  'sysctl',
  'rtadvd',
  'init',
  'reset',
  'inet6',
  'alias',
  '-alias',
  'prefixlen',
  'mtu',
  'up',
  'down',
  'anycast',
  'tentative',
  'pltime',
  'vltime',
  'eui64',
  'accept_rtadv',
  '-accept_rtadv',
  'ifdisabled',
  'no_dad',
  'create',
  'destroy',
  'ether',
  'description',
  'em0',
  'lo0',
  'em1',
  'gif0',
  'nosuch0',
  'lan0',
  'peer',
  'r',
  'host',
  'temp',
  'proxy',
  'default',
  'fe80::1%em0',
  'fe80::1',
  '2001:db8::1',
  '2001:db8::2',
  '2001:db8::/64',
  '2001:db8:1::/64',
  '::',
  '::1',
  'ff02::1%em0',
  'ff05::1:3',
  '::ffff:1.2.3.4',
  '10.0.0.1',
  'fe80::%',
  '2001:db8::/129',
  ':::',
  '52:54:00:00:00:09',
  'zz:zz',
  '0',
  '1',
  '64',
  '-1',
  '1280',
  '99999999999',
  '4294967296',
  '2147483648',
  '1h',
  '99999999999999999999',
  'infinity',
  '0x10',
  '',
  ' ',
  '%',
  '/',
  '--',
  '-',
  '--json',
  '--libxo',
  'json',
  '--profile',
  'netbsd',
  'show',
  '-host',
  '-llinfo',
  '-L',
  '--node',
  '-N',
  '--state',
  '/dev/zero',
  '/proc/nope/x',
  'net.inet6.ip6.forwarding=1',
  'dad_count=99999',
  'constructor',
  '-toString',
  '__proto__',
];
// Commands that run until killed (or by design apply part of their input) are left out.
const endless = (argv: string[]): boolean =>
  (argv[0] === 'ndp' && argv.includes('-A')) ||
  argv.includes('monitor') ||
  (argv[0] === 'ping6' && !argv.includes('-c')) ||
  argv.includes('--state');
const partial = (argv: string[]): boolean => argv[0] === 'ndp' && argv.includes('-f');

test('argv fuzz: no internal error, no stack trace, no spin, and a failing command changes nothing', async () => {
  const base = preparedWorld();
  const argvs = fc
    .sample(
      fc
        .tuple(
          fc.constantFrom(...TOOLS),
          fc.array(
            fc.oneof(
              { weight: 9, arbitrary: fc.constantFrom(...WORDS) },
              { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
            ),
            { maxLength: 6 },
          ),
        )
        .map(([t, a]) => [t, ...a]),
      { numRuns: 600, seed: 20261201 },
    )
    .filter((a) => !endless(a));
  let failures = 0;
  const problems: string[] = [];
  // Two at a time, each in its own copy of the prepared world.
  const queue = [...argvs];
  const worker = async (): Promise<void> => {
    for (let argv = queue.shift(); argv; argv = queue.shift()) {
      const dir = tmp();
      fs.cpSync(path.dirname(base), dir, { recursive: true });
      const state = path.join(dir, 'state.json');
      const before = files(state);
      const r = await ip6kitAsync(state, argv);
      const what = JSON.stringify(argv);
      if (r.code === null) problems.push(`${what}: killed after 20 s (spin?)`);
      else if (r.code === 70 || /internal error|\n\s+at .*\(.*:\d+:\d+\)/.test(r.err))
        problems.push(`${what}: exit ${r.code}: ${r.err.slice(0, 300)}`);
      else if (r.code !== 0 && r.code !== 2 && !partial(argv)) {
        failures++;
        const after = files(state);
        if (JSON.stringify([...after]) !== JSON.stringify([...before]))
          problems.push(`${what}: exit ${r.code} but the state changed`);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  await Promise.all([worker(), worker()]);
  console.log(
    `# fuzz: ${argvs.length} invocations, ${failures} failing commands checked unchanged, ${problems.length} problems`,
  );
  assert.deepEqual(problems, []);
});

test("words that name Object's own properties are unknown words like any other", async () => {
  const base = preparedWorld();
  const cases: [string[], number, RegExp][] = [
    [['constructor'], 64, /unknown tool 'constructor'/],
    [['ifconfig', 'em0', 'constructor'], 1, /constructor: bad value/],
    [['ifconfig', 'em0', '__proto__'], 1, /__proto__: bad value/],
    [['route', 'add', '-toString', '::/0', 'fe80::1%em0'], 64, /bad keyword: toString/],
    [['route', 'get', '-constructor', '::1'], 64, /bad keyword: constructor/],
    [['ndp', '-i', 'em0', 'hasOwnProperty'], 1, /hasOwnProperty: unknown flag/],
    [['sysctl', 'constructor'], 1, /unknown oid 'constructor'/],
    [['sim', 'sysctl', 'host', 'valueOf=1'], 1, /unknown oid 'valueOf'/],
  ];
  for (const [argv, code, err] of cases) {
    const r = await ip6kitAsync(base, argv);
    assert.equal(r.code, code, `${argv.join(' ')}: ${r.err}`);
    assert.match(r.err, err, argv.join(' '));
  }
});

test('state paths: each refused with the path, the reason and a sysexits code; no spin, no litter', () => {
  const dir = tmp();
  const say = (state: string, ...args: string[]): Ran =>
    ip6kit(path.join(dir, 'home.json'), ['--state', state, ...args], {}, 10_000);
  // [path, whether a listing sees the default world there (no state file can exist), message]
  const cases: [string, boolean, RegExp][] = [
    ['/proc/nope/s.json', true, /cannot create directory \/proc\/nope: No such file or directory/],
    [
      '/etc/hostname/s.json',
      false,
      /cannot (use|create) (state file|directory) \/etc\/hostname(\/s\.json)?: Not a directory/,
    ],
    ['/dev/null', false, /cannot use state file \/dev\/null: not a regular file/],
    [dir, false, /Is a directory/],
    [path.join(dir, 'x'.repeat(300)), false, /File name too long/],
    [path.join(dir, 'a/'.repeat(2100), 's.json'), false, /File name too long/],
  ];
  for (const [state, listable, message] of cases) {
    const listing = say(state, 'ifconfig', '-l');
    assert.deepEqual([listing.code, listing.out], listable ? [0, 'em0 lo0\n'] : [73, ''], `${state}: ${listing.err}`);
    for (const args of [
      ['ifconfig', 'em0', 'inet6', '2001:db8::7'],
      ['sim', 'init', '--force'],
    ]) {
      const code = 73;
      const r = say(state, ...args);
      assert.equal(r.code, code, `${state} ${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
  }
  assert.deepEqual(fs.readdirSync(dir), [], 'nothing left behind');
  const empty = ip6kit(path.join(dir, 's.json'), ['--state', '', 'ifconfig']);
  assert.equal(empty.code, 64);
  // A character device is never replaced, even by sim init --force.
  assert.ok(fs.statSync('/dev/null').isCharacterDevice());
});

test('state paths: permission denied is 77, as an unprivileged user', (t) => {
  if (process.getuid?.() !== 0) {
    t.skip('needs root to act as another user');
    return;
  }
  const dir = tmp();
  fs.chmodSync(dir, 0o755);
  const state = path.join(dir, 'state.json');
  assert.equal(ip6kit(state, ['sim', 'init']).code, 0);
  const before = files(state);
  const r = spawnSync(
    'setpriv',
    [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      process.execPath,
      bin,
      '--state',
      state,
      'ifconfig',
      'em0',
      'inet6',
      '2001:db8::9',
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 77, r.stderr);
  assert.match(r.stderr, /Permission denied/);
  assert.deepEqual(files(state), before);
});

test('a symlinked state file is written through: the link stays, the target changes, one lock', () => {
  const dir = tmp();
  const target = path.join(dir, 'real.json');
  const link = path.join(dir, 'link.json');
  assert.equal(ip6kit(target, ['sim', 'init']).code, 0);
  fs.symlinkSync('real.json', link);
  assert.equal(ip6kit(link, ['ifconfig', 'em0', 'inet6', '2001:db8::5']).code, 0);
  assert.ok(fs.lstatSync(link).isSymbolicLink());
  assert.match(ip6kit(target, ['ifconfig', 'em0']).out, /2001:db8::5/);
  // A lock held through the target is the lock of the link too.
  fs.writeFileSync(`${target}.lock`, `${process.pid} - ${os.hostname()}\ntest holder\n`);
  const r = ip6kit(link, ['ifconfig', 'em0', 'inet6', '2001:db8::6'], { IP6KIT_LOCK_WAIT: '1' });
  assert.equal(r.code, 75);
  assert.match(r.err, new RegExp(`locked by pid ${process.pid} \\(test holder\\)`));
  fs.rmSync(`${target}.lock`);
  // A dangling link creates its target.
  const dangling = path.join(dir, 'dangling.json');
  fs.symlinkSync('new.json', dangling);
  assert.equal(ip6kit(dangling, ['sim', 'init']).code, 0);
  assert.ok(fs.lstatSync(dangling).isSymbolicLink() && fs.statSync(path.join(dir, 'new.json')).isFile());
});

test('locks: empty, reused pid and leftovers are recovered; a directory is named; a live holder is named', () => {
  const dir = tmp();
  const state = path.join(dir, 'state.json');
  assert.equal(ip6kit(state, ['sim', 'init']).code, 0);
  const lockFile = `${state}.lock`;
  const old = new Date(Date.now() - 10_000);
  // Killed between create and write: empty and old.
  fs.writeFileSync(lockFile, '');
  fs.utimesSync(lockFile, old, old);
  let started = Date.now();
  assert.equal(ip6kit(state, ['ifconfig', 'em0', 'inet6', '2001:db8::1']).code, 0);
  assert.ok(Date.now() - started < 5000, 'an empty lock does not block for long');
  // A live pid that is not the holder: pid 1 with another start time.
  fs.writeFileSync(lockFile, `1 12345 ${os.hostname()}\nifconfig\n`);
  started = Date.now();
  assert.equal(ip6kit(state, ['ifconfig', 'em0', 'inet6', '2001:db8::2']).code, 0);
  assert.ok(Date.now() - started < 5000, 'a reused pid does not block');
  // Leftovers of killed commands go with the next write.
  fs.writeFileSync(path.join(dir, '.state.json.999999999.tmp'), 'x');
  fs.writeFileSync(path.join(dir, 'state.json.lock.stale.999999999'), 'x');
  assert.equal(ip6kit(state, ['ifconfig', 'em0', 'inet6', '2001:db8::3']).code, 0);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['state.json']);
  // A directory where the lock goes.
  fs.mkdirSync(lockFile);
  const d = ip6kit(state, ['ifconfig', 'em0', 'inet6', '2001:db8::4']);
  assert.equal(d.code, 73);
  assert.match(d.err, /state\.json\.lock is a directory, not an ip6kit lock \(remove it\)/);
  fs.rmdirSync(lockFile);
  // A live holder: waited for, then named.
  fs.writeFileSync(lockFile, `${process.pid} - ${os.hostname()}\nsim advance 24h\n`);
  const before = files(state);
  const w = ip6kit(state, ['ifconfig', 'em0', 'inet6', '2001:db8::5'], { IP6KIT_LOCK_WAIT: '1' });
  assert.equal(w.code, 75);
  assert.match(w.err, new RegExp(`is locked by pid ${process.pid} \\(sim advance 24h\\); gave up after 1 s`));
  assert.deepEqual(files(state), before);
});

test('kill -9 during route adds and compactions never loses an acknowledged route nor damages the table', async () => {
  const state = path.join(tmp(), 'state.json');
  assert.equal(ip6kit(state, ['sim', 'init']).code, 0);
  // One route per transaction, and every 40th transaction adds 300 more (compactions follow);
  // each commit is acknowledged on stdout after it returns.
  const writer = `
    const { transact } = await import(${JSON.stringify(path.join(root, 'build', 'src', 'store', 'index.js'))});
    const E = await import(${JSON.stringify(path.join(root, 'build', 'src', 'engine', 'index.js'))});
    const flags = E.RTF.UP | E.RTF.GATEWAY | E.RTF.STATIC;
    const gateway = { addr: 'fe80::1', zone: 2 };
    const dst = (i) => '2001:db8:' + (i >>> 16).toString(16) + ':' + (i & 0xffff).toString(16) + '::';
    const route = (i) => ({ dst: dst(i), plen: 64, zone: 0, gateway, ifindex: 2, flags, refs: 0, mtu: 0,
      expireAt: null });
    for (let i = Number(process.argv[2]); ; i++) {
      transact(process.argv[1], () => { throw new Error('no state'); }, (w) => {
        const rib = E.findNode(w, 'host').rib;
        rib.set(route(i));
        if (i % 40 === 0) for (let k = 0; k < 300; k++) rib.set(route(1_000_000 + i * 300 + k));
      });
      process.stdout.write(i + '\\n');
    }`;
  const acked = await killWhileWriting(writer, state, 12, (acked, round) => {
    // Whatever the kill interrupted, the state loads whole and holds every acknowledged route.
    const r = ip6kit(state, ['netstat', '-rn', '-f', 'inet6']);
    assert.equal(r.code, 0, r.err);
    for (const i of acked) {
      const dst = `${formatIp6(parseIp6(`2001:db8:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::`))}/64`;
      assert.ok(r.out.includes(`${dst} `), `round ${round}: acknowledged ${dst} lost`);
    }
  });
  console.log(`# kill -9: 12 kills, ${acked.size} acknowledged transactions, none lost`);
  assert.ok(acked.size >= 36, `${acked.size} acknowledged`);
});
