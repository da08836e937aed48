// The Linux backend in a throwaway network namespace with a veth pair: real kernel DAD.
// Skipped, with the reason printed, where namespaces cannot be made (not root, no iproute2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ip6kit');
const ns = `ip6kit-t${process.pid}`;

function setup(): string | null {
  try {
    execFileSync('ip', ['netns', 'add', ns], { stdio: 'pipe' });
    execFileSync('ip', ['-n', ns, 'link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb'], { stdio: 'pipe' });
    for (const i of ['va', 'vb', 'lo']) execFileSync('ip', ['-n', ns, 'link', 'set', i, 'up'], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `cannot create a network namespace here: ${(e as Error).message.split('\n')[0]}`;
  }
}

/**
 * Runs body in a fresh namespace (va and vb, a veth pair), or skips with the reason printed:
 * no namespaces here, or `needs` names a program the test cannot run without.
 */
function inNamespace(name: string, body: () => void, needs: string[] = []): void {
  test(name, (t) => {
    const missing = needs.find((p) => spawnSync('sh', ['-c', `command -v ${p}`]).status !== 0);
    const why = missing ? `${missing} is not installed` : setup();
    if (why) {
      console.log(`# skipped: ${why}`);
      t.skip(why);
      return;
    }
    try {
      body();
    } finally {
      spawnSync('ip', ['netns', 'del', ns]);
    }
  });
}

/** An ip6kit tool in the namespace, on the Linux backend. */
function tool(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync('ip', ['netns', 'exec', ns, bin, '--backend', 'linux', ...args], { encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

function ifconfig(...args: string[]): { out: string; err: string; code: number } {
  return tool('ifconfig', ...args);
}

const kernelAddrs = (dev: string): string[] =>
  (
    JSON.parse(execFileSync('ip', ['-j', '-n', ns, '-6', 'addr', 'show', 'dev', dev], { encoding: 'utf8' })) as {
      addr_info: { local: string }[];
    }[]
  ).flatMap((l) => l.addr_info.map((a) => a.local));

/** Writes /proc/sys/net/ipv6/KNOB in the namespace, IF in KNOB standing for the interface. */
const conf = (ifname: string, knob: string, value: number): void => {
  execFileSync('ip', [
    'netns',
    'exec',
    ns,
    'sh',
    '-c',
    `echo ${value} > /proc/sys/net/ipv6/${knob.replace('IF', ifname)}`,
  ]);
};

inNamespace('linux backend: listing, blocking add, duplicate removed, delete', () => {
  const w = ifconfig('-w', '5');
  assert.equal(w.code, 0, w.err);
  const list = ifconfig('va');
  assert.match(list.out, /^va: flags=1008843<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST,LOWER_UP> metric 0 mtu 1500\n/);
  assert.match(list.out, /\tinet6 fe80::[0-9a-f:]+%va prefixlen 64 scopeid 0x[0-9a-f]+\n/);
  const ok = ifconfig('va', 'inet6', '2001:db8::1/64');
  assert.deepEqual([ok.code, ok.err], [0, '']);
  assert.doesNotMatch(ifconfig('va', 'inet6').out, /tentative/);
  const dup = ifconfig('vb', 'inet6', '2001:db8::1/64');
  assert.equal(dup.code, 1);
  assert.equal(dup.err, 'ifconfig: vb: duplicate address 2001:db8::1\n');
  assert.ok(!kernelAddrs('vb').includes('2001:db8::1'), 'the duplicate left a trace');
  const keep = ifconfig('--keep-duplicated', 'vb', 'inet6', '2001:db8::1/64');
  assert.equal(keep.code, 1);
  assert.match(ifconfig('vb', 'inet6').out, /\tinet6 2001:db8::1 prefixlen 64 duplicated\n/);
  assert.equal(ifconfig('va', 'inet6', '2001:db8::1', 'delete').code, 0);
  const gone = ifconfig('va', 'inet6', '2001:db8::1', 'delete');
  assert.deepEqual([gone.code, gone.err], [1, "ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n"]);
  // alias updates in place; prefixlen, lifetimes; -L shows what remains
  assert.equal(ifconfig('va', 'inet6', '2001:db8:1::1', 'prefixlen', '56').code, 0);
  assert.match(ifconfig('va', 'inet6').out, /\tinet6 2001:db8:1::1 prefixlen 56\n/);
  const life = ifconfig('va', 'inet6', '2001:db8:1::1', 'prefixlen', '56', 'alias', 'pltime', '100', 'vltime', '200');
  assert.deepEqual([life.code, life.err], [0, '']);
  assert.match(
    ifconfig('-L', 'va', 'inet6').out,
    /\tinet6 2001:db8:1::1 prefixlen 56 pltime (100|99) vltime (200|199)\n/,
  );
  const bad = ifconfig('va', 'inet6', '2001:db8:1::2', 'pltime', '300', 'vltime', '200');
  assert.equal(bad.code, 1);
  assert.ok(!kernelAddrs('va').includes('2001:db8:1::2'));
  assert.equal(ifconfig('va', 'inet6', '2001:db8:1::1', '-alias').code, 0);
  assert.ok(!kernelAddrs('va').includes('2001:db8:1::1'));
  // down and up: the flags line follows
  assert.equal(ifconfig('va', 'down').code, 0);
  assert.match(ifconfig('va').out, /^va: flags=8802<BROADCAST,SIMPLEX,MULTICAST> /);
  assert.equal(ifconfig('va', 'up').code, 0);
  assert.match(ifconfig('va').out, /^va: flags=10088\d3<UP,/);
  const noif = ifconfig('em9');
  assert.deepEqual([noif.code, noif.err], [1, 'ifconfig: interface em9 does not exist\n']);
});

inNamespace('linux backend: route add/get/delete/flush and netstat -rn in the FreeBSD format', () => {
  const kernelRoutes = (): { dst: string; gateway?: string; type?: string }[] =>
    JSON.parse(execFileSync('ip', ['-j', '-n', ns, '-6', 'route', 'show'], { encoding: 'utf8' })) as {
      dst: string;
      gateway?: string;
      type?: string;
    }[];
  assert.equal(tool('ifconfig', 'va', 'inet6', '2001:db8:1::10/64').code, 0);
  const add = tool('route', 'add', '-inet6', '2001:db8:2::/64', '2001:db8:1::1');
  assert.deepEqual([add.code, add.out], [0, 'add net 2001:db8:2::/64: gateway 2001:db8:1::1\n']);
  assert.ok(kernelRoutes().some((r) => r.dst === '2001:db8:2::/64' && r.gateway === '2001:db8:1::1'));
  const dup = tool('route', 'add', '-inet6', '2001:db8:2::/64', '2001:db8:1::1');
  assert.deepEqual(
    [dup.code, dup.err, dup.out],
    [
      1,
      'route: message indicates error: File exists\n',
      'add net 2001:db8:2::/64: gateway 2001:db8:1::1 fib 0: route already in table\n',
    ],
  );
  assert.equal(tool('route', '-q', 'add', '-inet6', 'default', 'fe80::1%va').code, 0);
  assert.equal(tool('route', '-q', 'add', '-inet6', '2001:db8:6::/64', '::1', '-reject').code, 0);
  assert.ok(kernelRoutes().some((r) => r.dst === '2001:db8:6::/64' && r.type === 'unreachable'));
  const ns6 = tool('netstat', '-rn').out;
  assert.match(ns6, /^Routing tables\n\nInternet6:\nDestination {23}Gateway {23}Flags {5}Netif Expire\n/);
  assert.match(ns6, /\ndefault {27}fe80::1%va {20}UGS {10}va\n/);
  assert.match(ns6, /\n2001:db8:1::10 {20}link#1 {24}UHS {10}lo\n/);
  // netstat -s reads the kernel's MIB counters, in FreeBSD's lines.
  const st = tool('netstat', '-s', '-p', 'ip6');
  assert.equal(st.code, 0, st.err);
  assert.match(st.out, /^ip6:\n\t\d+ total packets received\n/);
  // A gateway on no connected network: FreeBSD's words and exit status, as on the simulated stack.
  const offLink = tool('route', 'add', '-inet6', '2001:db8:9::/64', '2001:db8:77::1');
  assert.deepEqual([offLink.code, offLink.err], [1, 'route: message indicates error: Network is unreachable\n']);
  // A reject route goes to ::1, as the same command makes it on FreeBSD (and the simulated stack).
  assert.match(ns6, /\n2001:db8:6::\/64 {19}::1 {27}URS {10}lo\n/);
  const get = tool('route', '-nv', 'get', '2001:db8:2::5');
  assert.match(
    get.out,
    new RegExp(
      '^ {3}route to: 2001:db8:2::5\ndestination: 2001:db8:2::\n {7}mask: ffff:ffff:ffff:ffff::\n' +
        ' {4}gateway: 2001:db8:1::1\n {8}fib: 0\n {2}interface: va\n if address: 2001:db8:1::10\n',
    ),
  );
  // A zone names an interface that exists, by name or by number, as on the simulated stack.
  const badZone = tool('route', '-n', 'get', 'fe80::1%99');
  assert.deepEqual(
    [badZone.code, badZone.err],
    [71, 'route: fe80::1%99: hostname nor servname provided, or not known\n'],
  );
  assert.equal(tool('route', 'delete', '-inet6', '2001:db8:2::/64').code, 0);
  assert.ok(!kernelRoutes().some((r) => r.dst === '2001:db8:2::/64'));
  const gone = tool('route', 'delete', '-inet6', '2001:db8:2::/64');
  assert.deepEqual([gone.code, gone.err], [1, 'route: route has not been found\n']);
  assert.equal(tool('route', '-n', 'flush', '-inet6').out, '::                   fe80::1%va           -fib 0   done\n');
  assert.ok(!kernelRoutes().some((r) => r.dst === 'default'));
});

inNamespace('linux backend: ifmcstat from the kernel membership lists', () => {
  assert.equal(ifconfig('-w', '5').code, 0);
  assert.equal(ifconfig('va', 'inet6', '2001:db8::10/64').code, 0);
  const r = tool('ifmcstat', '-i', 'va');
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /^va:\n\tinet6 fe80::[0-9a-f:]+%va scopeid 0x[0-9a-f]+\n\tmldv2 flags=2<USEALLOW> rv 2 qi 125 qri 10 uri 1\n/,
  );
  // newest first: the global address's solicited-node group leads
  assert.match(
    r.out,
    /^\t\tgroup ff02::1:ff00:10%va scopeid 0x[0-9a-f]+ mode exclude\n\t\t\tmcast-macaddr 33:33:ff:00:00:10\n/m,
  );
  assert.ok(r.out.indexOf('ff02::1:ff00:10') < r.out.indexOf('group ff02::1%va'));
  const bad = tool('ifmcstat', '-i', 'em9');
  assert.deepEqual([bad.code, bad.err], [68, 'em9: unknown interface\n']);
});

inNamespace('linux backend: ndp -a, -s (static and proxy), -d, -c, -i', () => {
  const ndp = (...args: string[]): { out: string; err: string; code: number } => tool('ndp', ...args);
  const kernel = (proxy: boolean): { dst: string; lladdr?: string; state?: string[] }[] =>
    JSON.parse(
      execFileSync('ip', ['-j', '-n', ns, '-6', 'neigh', 'show', ...(proxy ? ['proxy'] : [])], { encoding: 'utf8' }),
    ) as { dst: string; lladdr?: string }[];
  assert.equal(ifconfig('-w', '5').code, 0);
  assert.equal(ifconfig('va', 'inet6', '2001:db8::10/64').code, 0);
  assert.equal(ndp('-s', '2001:db8::5', '52:54:00:00:00:05').code, 0);
  assert.ok(kernel(false).some((n) => n.dst === '2001:db8::5' && n.lladdr === '52:54:00:00:00:05'));
  assert.equal(ndp('-s', '2001:db8::6', '52:54:00:00:00:06', 'proxy').code, 0);
  assert.ok(kernel(true).some((n) => n.dst === '2001:db8::6'));
  // ... and the kernel answers for it: proxy_ndp is on for the interface.
  assert.equal(
    execFileSync('ip', ['netns', 'exec', ns, 'cat', '/proc/sys/net/ipv6/conf/va/proxy_ndp'], { encoding: 'utf8' }),
    '1\n',
  );
  // A router's preference (RFC 4191) is the route's RTA_PREF; its lifetime is the router's, not
  // the route's, so netstat leaves Expire blank as FreeBSD does.
  const ra = ['default', 'via', 'fe80::1', 'dev', 'va', 'proto', 'ra', 'pref', 'high', 'expires', '600'];
  execFileSync('ip', ['-n', ns, '-6', 'route', 'add', ...ra]);
  assert.match(ndp('-rn').out, /^fe80::1%va if=va, flags=, pref=high, expire=(10m0s|9m59s)\n/m);
  assert.match(tool('netstat', '-rn').out, /\ndefault +fe80::1%va +UG +va\n/);
  // ndp -R forgets the routers: their default routes go; a static default route stays.
  execFileSync('ip', ['-n', ns, '-6', 'route', 'add', '2001:db8:ff::/64', 'via', 'fe80::2', 'dev', 'va']);
  assert.deepEqual([ndp('-R').code, ndp('-rn').out], [0, '']);
  assert.doesNotMatch(tool('netstat', '-rn').out, /\ndefault /);
  assert.match(tool('netstat', '-rn').out, /\n2001:db8:ff::\/64 +fe80::2%va +UGS? +va\n/);
  execFileSync('ip', ['-n', ns, '-6', 'route', 'del', '2001:db8:ff::/64']);
  // A FAILED entry is one FreeBSD would have freed: ndp does not list it.
  execFileSync('ip', ['-n', ns, '-6', 'neigh', 'replace', '2001:db8::77', 'dev', 'va', 'nud', 'failed']);
  const a = ndp('-an');
  assert.doesNotMatch(a.out, /2001:db8::77/);
  assert.match(a.out, /^Neighbor {29}Linklayer Address {2}Netif Expire {4}S Flags\n/);
  assert.match(a.out, /\n2001:db8::5 {26}52:54:00:00:00:05 {5}va permanent R \n/);
  assert.match(a.out, /\n2001:db8::6 {26}[0-9a-f:]{17} {5}va permanent R p\n/);
  assert.match(a.out, /\n2001:db8::10 {25}[0-9a-f:]{17} {5}va permanent R \n/);
  // --profile netbsd lists NetBSD's LLINFO routes: a tentative own address too (DAD held long
  // here), and -c deletes learned entries only: ndp -s ones (proxy too) and own addresses stay.
  conf('va', 'conf/IF/dad_transmits', 30);
  assert.equal(ifconfig('va', 'inet6', '2001:db8::11/64', '--no-wait').code, 0);
  assert.doesNotMatch(ndp('-an').out, /\n2001:db8::11 /);
  assert.match(
    ndp('--profile', 'netbsd', '-an').out,
    /\n2001:db8::10 .*\n2001:db8::11 {25}[0-9a-f:]{17} {5}va permanent R \n/,
  );
  assert.doesNotMatch(ndp('--profile', 'netbsd', '-c').out, /^2001:db8::(5|6|10|11) /m);
  assert.ok(kernel(true).some((n) => n.dst === '2001:db8::6'));
  assert.equal(ifconfig('va', 'inet6', '2001:db8::11', 'delete').code, 0);
  conf('va', 'conf/IF/dad_transmits', 1);
  assert.deepEqual([ndp('-d', '2001:db8::5').out], ['2001:db8::5 (2001:db8::5) deleted\n']);
  const again = ndp('-d', '2001:db8::5');
  // FreeBSD's ndp says why and exits 0 (main ignores delete()'s result)
  assert.deepEqual([again.code, again.err], [0, 'ndp: delete 2001:db8::5: No such file or directory\n']);
  // -c: each entry's line, then its deletion; own addresses are refused
  const c = ndp('-c');
  assert.equal(c.code, 0);
  assert.match(c.out, /\n2001:db8::6 {26}[0-9a-f:]{17} {5}va permanent R p\n2001:db8::6 \(2001:db8::6\) deleted\n/);
  assert.match(c.err, /^ndp: delete 2001:db8::10: Operation not permitted\n/m);
  assert.ok(!kernel(true).some((n) => n.dst === '2001:db8::6'));
  assert.match(
    ndp('-i', 'va').out,
    new RegExp(
      '^linkmtu=0, maxmtu=1500, curhlim=64, basereachable=30s0ms, reachable=\\d+s, retrans=1s0ms\n' +
        'Flags: nud accept_rtadv auto_linklocal \n$',
    ),
  );
  // An RA's MTU option lands in conf/IF/mtu: ndp -i shows it as the learned link MTU.
  conf('va', 'conf/IF/mtu', 1400);
  assert.match(ndp('-i', 'va').out, /^linkmtu=1400, maxmtu=1500, /);
  conf('va', 'conf/IF/mtu', 1500);
  // Settings go through the knobs that hold them; what Linux has none for is refused.
  assert.match(
    ndp('-i', 'va', '--', '-accept_rtadv', 'basereachable=20000', 'retrans=2000', 'curhlim=32').out,
    new RegExp(
      '^linkmtu=0, maxmtu=1500, curhlim=32, basereachable=20s0ms, reachable=\\d+s, retrans=2s0ms\n' +
        'Flags: nud auto_linklocal \n$',
    ),
  );
  assert.deepEqual(
    [ndp('-i', 'va', '--', '-nud').code, ndp('-i', 'va', 'disabled').code, ndp('-i', 'va', 'no_prefer_iface').code],
    [69, 69, 69],
  );
  assert.equal(ndp('-I').code, 69);
});

test("linux backend: route monitor prints the kernel's routing messages", async (t) => {
  const why = setup();
  if (why) {
    console.log(`# skipped: ${why}`);
    t.skip(why);
    return;
  }
  const mon = spawn('ip', ['netns', 'exec', ns, bin, '--backend', 'linux', 'route', '-n', 'monitor']);
  let out = '';
  mon.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const want = / PID {4}0 add\/repl route 2001:db8:7::\/64 gw fe80::1%va iface va mtu 1500 table inet6\.0\n/;
  try {
    // The subscription starts once the process is up: repeat the change until it is seen (bounded).
    for (let i = 0; i < 100 && !want.test(out); i++) {
      spawnSync('ip', ['-n', ns, '-6', 'route', 'replace', '2001:db8:7::/64', 'via', 'fe80::1', 'dev', 'va']);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(out, want);
    // An address is announced once, when added, not again when its DAD ends; a neighbour's
    // delete is one message, with no FAILED state before it (FreeBSD has none).
    spawnSync('ip', ['-n', ns, '-6', 'addr', 'add', '2001:db8:8::1/64', 'dev', 'va']);
    spawnSync('ip', ['-n', ns, '-6', 'neigh', 'add', '2001:db8:8::99', 'lladdr', '52:54:00:00:00:99', 'dev', 'va']);
    spawnSync('ip', ['-n', ns, '-6', 'neigh', 'del', '2001:db8:8::99', 'dev', 'va']);
    // The kernel's DAD runs on its own clock: poll it (bounded). Then a marker route: the kernel
    // sends its messages in order, so once the marker is printed anything DAD's end announced is
    // in `out` too.
    const settled = (): boolean =>
      !/tentative/.test(spawnSync('ip', ['-n', ns, '-6', 'addr', 'show', 'dev', 'va'], { encoding: 'utf8' }).stdout);
    for (let i = 0; i < 100 && !settled(); i++) await new Promise((r) => setTimeout(r, 50));
    spawnSync('ip', ['-n', ns, '-6', 'route', 'add', '2001:db8:9::/64', 'via', 'fe80::1', 'dev', 'va']);
    for (let i = 0; i < 100 && !/route 2001:db8:9::\/64/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /route 2001:db8:9::\/64/);
    const lines = out.split('\n');
    assert.equal(lines.filter((l) => l.includes('2001:db8:8::1/64') && / add/.test(l)).length, 1, out);
    assert.equal(lines.filter((l) => l.includes('2001:db8:8::99')).length, 2, out);
    assert.doesNotMatch(out, /FAILED/);
    assert.match(out, / delete neigh 2001:db8:8::99 state REACHABLE iface va \n/);
  } finally {
    mon.kill('SIGINT');
    spawnSync('ip', ['netns', 'del', ns]);
  }
});

/** A tool run by an unprivileged user (nobody) in the namespace. */
function asNobody(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync(
    'ip',
    [
      'netns',
      'exec',
      ns,
      'setpriv',
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      bin,
      '--backend',
      'linux',
      ...args,
    ],
    { encoding: 'utf8' },
  );
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

// Issue 10: what the kernel refuses is said in FreeBSD's words and exits 1; nothing is reported
// done that was not done, and no stack trace escapes.
inNamespace('linux backend: unprivileged and out-of-range requests are refused clearly', () => {
  execFileSync('ip', [
    '-n',
    ns,
    '-6',
    'neigh',
    'add',
    'fe80::9',
    'lladdr',
    '52:54:00:00:00:09',
    'dev',
    'va',
    'nud',
    'permanent',
  ]);
  const cases: [string[], string][] = [
    [['ifconfig', 'va', 'mtu', '4294967296'], 'ifconfig: 4294967296: invalid mtu\n'],
    [['ifconfig', 'va', 'mtu', '9000'], 'ifconfig: ioctl SIOCSIFMTU (set mtu): Operation not permitted\n'],
    [['ifconfig', 'va', 'inet6', '-accept_rtadv'], 'ifconfig: ioctl (SIOCSIFINFO_IN6): Operation not permitted\n'],
    [['ifconfig', 'va', 'inet6', 'no_dad'], 'ifconfig: ioctl (SIOCSIFINFO_IN6): Operation not permitted\n'],

    [['ndp', '-s', 'fe80::5%va', '52:54:00:00:00:05'], 'ndp: set fe80::5%va: Operation not permitted\n'],

    [
      ['route', 'add', '-inet6', '2001:db8::/64', '-interface', 'va'],
      'route: writing to routing socket: Operation not permitted\n',
    ],
  ];
  for (const [args, err] of cases) {
    const r = asNobody(...args);
    assert.deepEqual([r.code, r.err], [1, err], args.join(' '));
  }
  // ndp -c and -d say what the kernel refused and exit 0, as FreeBSD's ndp does.
  const c = asNobody('ndp', '-c');
  assert.equal(c.code, 0);
  assert.match(c.err, /^ndp: delete fe80::9: Operation not permitted$/m);
  assert.deepEqual([asNobody('ndp', '-d', 'fe80::9%va').err], ['ndp: delete fe80::9%va: Operation not permitted\n']);
  // Nothing changed: the entry ndp -c and -d could not delete is still there.
  assert.match(
    execFileSync('ip', ['-n', ns, '-6', 'neigh', 'show', 'dev', 'va'], { encoding: 'utf8' }),
    /fe80::9 lladdr 52:54:00:00:00:09/,
  );
  assert.equal(ifconfig('va', 'mtu', '4294967296').code, 1);
});

/** ifconfig in the namespace while `later` runs there after `delay` seconds (a change made mid-DAD). */
function ifconfigWhile(delay: number, later: string, ...args: string[]): { out: string; err: string; code: number } {
  const quoted = args.map((a) => `'${a}'`).join(' ');
  const r = spawnSync(
    'ip',
    [
      'netns',
      'exec',
      ns,
      'sh',
      '-c',
      `(sleep ${delay}; ${later}) & ${bin} --backend linux ifconfig ${quoted}; s=$?; wait; exit $s`,
    ],
    { encoding: 'utf8' },
  );
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

inNamespace('linux backend: a blocking add never exits 0 when DAD did not confirm the address', () => {
  assert.equal(ifconfig('-w', '5').code, 0);
  // Four probes a second apart: time to change things while DAD runs.
  conf('va', 'conf/IF/dad_transmits', 4);
  const deleted = ifconfigWhile(1.5, 'ip -6 addr del 2001:db8::5/64 dev va', 'va', 'inet6', '2001:db8::5/64');
  assert.deepEqual([deleted.code, deleted.err], [1, 'ifconfig: va: 2001:db8::5 was removed before DAD finished\n']);
  // The peer going down takes the carrier: Linux stops DAD without a verdict (KAME: detached).
  const carrier = ifconfigWhile(1.5, 'ip link set vb down', 'va', 'inet6', '2001:db8::6/64');
  assert.deepEqual(
    [carrier.code, carrier.err],
    [0, 'ifconfig: va: no carrier; 2001:db8::6 stays detached until the link is up\n'],
  );
  execFileSync('ip', ['-n', ns, 'link', 'set', 'vb', 'up']);
  // A down interface: said at once, as on the simulated stack, without waiting.
  execFileSync('ip', ['-n', ns, 'link', 'set', 'va', 'down']);
  const t0 = Date.now();
  const down = ifconfig('va', 'inet6', '2001:db8::7/64');
  assert.deepEqual(
    [down.code, down.err],
    [0, 'ifconfig: va: interface is down; 2001:db8::7 stays tentative until it is up\n'],
  );
  assert.ok(Date.now() - t0 < 5000, 'no wait for a down interface');
  execFileSync('ip', ['-n', ns, 'link', 'set', 'va', 'up']);
  // Twenty probes 100 ms apart: the wait is sized from them, not capped below them.
  conf('va', 'conf/IF/dad_transmits', 20);
  conf('va', 'neigh/IF/retrans_time_ms', 100);
  assert.deepEqual(ifconfig('va', 'inet6', '2001:db8::8/64'), { out: '', err: '', code: 0 });
  assert.match(ifconfig('va').out, /\tinet6 2001:db8::8 prefixlen 64\n/);
});

inNamespace('linux backend: what Linux can do is mapped, what it cannot is refused with exit 69', () => {
  assert.equal(ifconfig('va', 'inet6', '2001:db8::6/64').code, 0);
  // Down and up keep the addresses, as on FreeBSD (keep_addr_on_down).
  assert.equal(ifconfig('va', 'down').code, 0);
  assert.equal(ifconfig('va', 'up').code, 0);
  assert.ok(kernelAddrs('va').includes('2001:db8::6'), 'the address survives down and up');
  // A new prefix length is a new address, not a replace that keeps the old one.
  assert.equal(ifconfig('va', 'inet6', '2001:db8::6', 'prefixlen', '56').code, 0);
  assert.match(ifconfig('va').out, /\tinet6 2001:db8::6 prefixlen 56\n/);
  // deprecated is a preferred lifetime of 0; -auto_linklocal is addr_gen_mode none.
  assert.equal(ifconfig('va', 'inet6', '2001:db8::a', 'deprecated').code, 0);
  assert.match(ifconfig('va').out, /\tinet6 2001:db8::a prefixlen 64 deprecated pltime 0 vltime 0\n/);
  assert.equal(ifconfig('va', 'inet6', '-auto_linklocal').code, 0);
  assert.doesNotMatch(ifconfig('va').out, /AUTO_LINKLOCAL/);
  const refused: [string[], string][] = [
    [['ifconfig', 'va', 'inet6', 'ifdisabled'], 'ifdisabled (disable_ipv6 deletes every IPv6 address)'],
    [['ifconfig', 'va', 'inet6', '-nud'], '-nud (Linux always runs NUD)'],
    [['ifconfig', 'va', 'inet6', '2001:db8::b', 'anycast'], 'the anycast address flag'],
    [['ifconfig', 'va', 'inet6', '2001:db8::b', 'prefer_source'], 'the prefer_source address flag'],
    [['ifconfig', 'va', 'inet6', 'no_radr'], 'no_radr'],
    [['ifconfig', 'gif0', 'create'], 'creating gif interfaces'],
  ];
  const before = kernelAddrs('va');
  for (const [args, what] of refused) {
    const r = tool(...args);
    assert.deepEqual(
      [r.code, r.err],
      [69, `ifconfig: ${what} is not available with --backend linux\n`],
      args.join(' '),
    );
  }
  assert.deepEqual(kernelAddrs('va'), before, 'a refused command changed nothing');
  // An MTU IPv6 cannot run on is refused as the simulated stack refuses it.
  const mtu = ifconfig('va', 'mtu', '1000');
  assert.deepEqual([mtu.code, mtu.err], [1, 'ifconfig: ioctl SIOCSIFMTU (set mtu): Invalid argument\n']);
  // The simulated world's commands and node names do not apply to the kernel.
  assert.deepEqual(
    [tool('sim', 'show').code, tool('sim', 'show').err],
    [64, 'ip6kit sim: drives the simulated world, not the kernel: leave out --backend linux\n'],
  );
  const n = spawnSync('ip', ['netns', 'exec', ns, bin, '--backend', 'linux', '-N', 'h1', 'ifconfig', '-a'], {
    encoding: 'utf8',
  });
  assert.deepEqual(
    [n.status, n.stderr],
    [64, 'ifconfig: -N h1 names a simulated node; --backend linux has one, the host\n'],
  );
});

inNamespace('linux backend: description is the interface alias, ether sets the address', () => {
  const ipLink = (): { ifalias?: string; address: string } =>
    (
      JSON.parse(execFileSync('ip', ['-j', '-n', ns, 'link', 'show', 'dev', 'va'], { encoding: 'utf8' })) as {
        ifalias?: string;
        address: string;
      }[]
    )[0] as { ifalias?: string; address: string };
  assert.equal(ifconfig('va', 'description', 'uplink to core').code, 0);
  assert.equal(ipLink().ifalias, 'uplink to core');
  assert.match(ifconfig('va').out, /^va: .*\n\tdescription: uplink to core\n\toptions=/);
  assert.equal(ifconfig('va', '-description').code, 0);
  assert.doesNotMatch(ifconfig('va').out, /description/);
  const before = kernelAddrs('va').filter((a) => a.startsWith('fe80:'));
  assert.equal(ifconfig('va', 'ether', '52:54:00:aa:bb:cc').code, 0);
  assert.equal(ipLink().address, '52:54:00:aa:bb:cc');
  assert.match(ifconfig('va').out, /\tether 52:54:00:aa:bb:cc\n/);
  // As on FreeBSD, the link-local address made from the old one stays.
  assert.deepEqual(
    kernelAddrs('va').filter((a) => a.startsWith('fe80:')),
    before,
  );
  const lo = ifconfig('lo', 'ether', '52:54:00:aa:bb:cc');
  assert.deepEqual([lo.code, lo.err], [1, 'ifconfig: ioctl (SIOCSIFLLADDR): Invalid argument\n']);
});

inNamespace('linux backend: a multipath route is a line per next hop, as FreeBSD prints a group', () => {
  assert.equal(ifconfig('va', 'inet6', '2001:db8:1::1/64').code, 0);
  const hops = ['nexthop', 'via', '2001:db8:1::2', 'dev', 'va', 'nexthop', 'via', '2001:db8:1::3', 'dev', 'va'];
  execFileSync('ip', ['-n', ns, '-6', 'route', 'add', '2001:db8:5::/64', ...hops]);
  const lines = tool('netstat', '-rn')
    .out.split('\n')
    .filter((l) => l.startsWith('2001:db8:5::/64'));
  assert.deepEqual(
    lines.map((l) => l.split(/ +/).slice(1, 4).join(' ')),
    ['2001:db8:1::2 UGS va', '2001:db8:1::3 UGS va'],
  );
  assert.equal(tool('route', 'delete', '-inet6', '2001:db8:5::/64').code, 0);
  assert.doesNotMatch(tool('netstat', '-rn').out, /2001:db8:5::/);
});

inNamespace("linux backend: route -expire is the route's RTA_EXPIRES", () => {
  assert.equal(ifconfig('va', 'inet6', '2001:db8:1::1/64').code, 0);
  const add = tool('route', 'add', '-inet6', '2001:db8:9::/64', '2001:db8:1::2', '-expire', '60');
  assert.deepEqual([add.code, add.out], [0, 'add net 2001:db8:9::/64: gateway 2001:db8:1::2\n']);
  const kernel = execFileSync('ip', ['-n', ns, '-6', 'route', 'show', '2001:db8:9::/64'], { encoding: 'utf8' });
  assert.match(kernel, / expires (60|59)sec /);
  assert.match(tool('netstat', '-rn').out, /\n2001:db8:9::\/64 +2001:db8:1::2 +UGS +va +(60|59)\n/);
  assert.match(tool('route', '-n', 'get', '2001:db8:9::1').out, / +(60|59) \n$/);
});

/**
 * A router advertisement sent from vb (python3's raw ICMPv6 socket): RA flags byte, router
 * lifetime, and optionally one prefix information option (L and A set) with its lifetimes.
 */
function advertise(flags: number, lifetime: number, pio?: { prefix: string; valid: number; preferred: number }): void {
  const script = [
    'import socket, struct, sys',
    's = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)',
    's.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)',
    's.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, 0)',
    "ra = struct.pack('!BBHBBHII', 134, 0, 0, 64, int(sys.argv[1]), int(sys.argv[2]), 0, 0)",
    'if len(sys.argv) > 3:',
    '  p = socket.inet_pton(socket.AF_INET6, sys.argv[3])',
    "  ra += struct.pack('!BBBBIII16s', 3, 4, 64, 0xc0, int(sys.argv[4]), int(sys.argv[5]), 0, p)",
    "s.sendto(ra, ('ff02::1', 0, 0, socket.if_nametoindex('vb')))",
  ].join('\n');
  const extra = pio ? [pio.prefix, String(pio.valid), String(pio.preferred)] : [];
  execFileSync('ip', ['netns', 'exec', ns, 'python3', '-c', script, String(flags), String(lifetime), ...extra]);
}

inNamespace("linux backend: ndp -r shows the M and O bits of the interface's last advertisement", () => {
  // vb's link-local must be usable before it can send.
  assert.equal(ifconfig('-w', '5').code, 0);
  const settled = (want: RegExp): string => {
    for (let i = 0; i < 50; i++) {
      const out = tool('ndp', '-rn').out;
      if (want.test(out)) return out;
      spawnSync('sleep', ['0.1']);
    }
    return tool('ndp', '-rn').out;
  };
  advertise(0xc0, 1800);
  assert.match(settled(/flags=MO/), /^fe80::[0-9a-f:]+%va if=va, flags=MO, pref=medium, expire=(30m0s|29m59s)\n$/);
  advertise(0x40, 1800);
  assert.match(settled(/flags=O,/), /^fe80::[0-9a-f:]+%va if=va, flags=O, pref=medium, /);
  advertise(0, 0);
  assert.equal(settled(/^$/), '');
}, ['python3']);

inNamespace('linux backend: rtsol solicits through rdisc6 and the kernel takes the answer', () => {
  // vb plays the router: with forwarding on it hears ff02::2 and answers one RS with an RA.
  conf('vb', 'conf/IF/forwarding', 1);
  assert.equal(ifconfig('-w', '5').code, 0);
  const responder = [
    'import socket, struct',
    's = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)',
    "s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b'vb')",
    's.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255)',
    's.settimeout(20)',
    'while s.recvfrom(1500)[0][0] != 133: pass',
    "s.sendto(struct.pack('!BBHBBHII', 134, 0, 0, 64, 0, 1800, 0, 0), ('ff02::1', 0, 0, socket.if_nametoindex('vb')))",
  ].join('\n');
  const router = spawn('ip', ['netns', 'exec', ns, 'python3', '-c', responder], { stdio: 'ignore' });
  try {
    spawnSync('sleep', ['0.3']);
    const r = tool('rtsol', 'va');
    assert.deepEqual([r.code, r.out, r.err], [0, '', '']);
    assert.match(tool('ndp', '-rn').out, /^fe80::[0-9a-f:]+%va if=va, flags=, pref=medium, expire=(30m0s|29m59s)\n$/);
  } finally {
    router.kill();
  }
  const none = tool('rtsol', 'nosuch0');
  assert.deepEqual(
    [none.code, none.err],
    [1, 'rtsol: failed to get link layer information for nosuch0\nrtsol: failed to initialize nosuch0\n'],
  );
  conf('va', 'conf/IF/accept_ra', 0);
  const off = tool('rtsol', 'va');
  assert.deepEqual([off.code, off.err.split(':').slice(0, 2).join(':')], [1, 'rtsol: va']);
}, ['rdisc6', 'python3']);

inNamespace("linux backend: ping6 runs the system's ping and prints ping6.c's lines", () => {
  assert.equal(ifconfig('va', 'inet6', '2001:db8:1::1/64').code, 0);
  assert.equal(ifconfig('vb', 'inet6', '2001:db8:1::2/64').code, 0);
  const timed = tool('ping6', '-c', '2', '-i', '0.2', '-s', '56', '2001:db8:1::2');
  assert.equal(timed.code, 0, timed.err);
  assert.match(
    timed.out,
    new RegExp(
      '^PING6\\(104=40\\+8\\+56 bytes\\) 2001:db8:1::2 --> 2001:db8:1::2\n' +
        '64 bytes from 2001:db8:1::2, icmp_seq=0 hlim=64 time=\\d+\\.\\d{3} ms\n' +
        '64 bytes from 2001:db8:1::2, icmp_seq=1 hlim=64 time=\\d+\\.\\d{3} ms\n\n' +
        '--- 2001:db8:1::2 ping6 statistics ---\n' +
        '2 packets transmitted, 2 packets received, 0\\.0% packet loss\n' +
        'round-trip min/avg/max/std-dev = [\\d./]+ ms\n$',
    ),
  );
  // iputils times a reply only with 16 data bytes or more: with ping6's default 8, no times.
  assert.match(tool('ping6', '-c', '1', '2001:db8:1::2').out, /\n16 bytes from 2001:db8:1::2, icmp_seq=0 hlim=64\n/);
  const lost = tool('ping6', '-c', '1', '-W', '500', '2001:db8:1::99');
  assert.deepEqual(
    [lost.code, lost.out.split('\n').at(-2)],
    [2, '1 packets transmitted, 0 packets received, 100.0% packet loss'],
  );
  const nowhere = tool('ping6', '-c', '1', '2001:db8:77::1');
  assert.deepEqual([nowhere.code, nowhere.err], [1, 'ping6: UDP connect: Network is unreachable\n']);
}, ['ping']);

inNamespace('linux backend: create and destroy make and remove veth pairs and bridges', () => {
  const links = (): string[] =>
    (
      JSON.parse(execFileSync('ip', ['-j', '-n', ns, '-d', 'link', 'show'], { encoding: 'utf8' })) as {
        ifname: string;
        linkinfo?: { info_kind?: string };
      }[]
    ).map((l) => `${l.ifname}:${l.linkinfo?.info_kind ?? '-'}`);
  assert.deepEqual([ifconfig('epair', 'create').out, ifconfig('epair', 'create').out], ['epair0a\n', 'epair1a\n']);
  assert.equal(ifconfig('bridge', 'create').out, 'bridge0\n');
  // A unit named: nothing printed, as FreeBSD prints a name only when it chose it.
  assert.deepEqual(
    [ifconfig('bridge7', 'create').out, ifconfig('bridge7', 'create').err],
    ['', 'ifconfig: interface bridge7 already exists\n'],
  );
  assert.deepEqual(
    links().filter((l) => /epair|bridge/.test(l)),
    ['epair0a:veth', 'epair0b:veth', 'epair1a:veth', 'epair1b:veth', 'bridge0:bridge', 'bridge7:bridge'],
  );
  assert.match(ifconfig('-l').out, / epair0a epair0b epair1a epair1b bridge0 bridge7\n$/);
  // Either end of an epair takes the other with it.
  assert.equal(ifconfig('epair0b', 'destroy').code, 0);
  assert.equal(ifconfig('bridge7', 'destroy').code, 0);
  assert.deepEqual(
    links().filter((l) => /epair|bridge/.test(l)),
    ['epair1a:veth', 'epair1b:veth', 'bridge0:bridge'],
  );
  // create with more to do applies it to the new interface.
  assert.equal(ifconfig('epair2', 'create', 'inet6', '2001:db8:2::1/64', '--no-wait').out, 'epair2a\n');
  assert.ok(kernelAddrs('epair2a').includes('2001:db8:2::1'));
  const lo = ifconfig('lo', 'destroy');
  assert.deepEqual([lo.code, lo.err], [1, 'ifconfig: SIOCIFDESTROY: Invalid argument\n']);
  const tap = ifconfig('tap', 'create');
  assert.deepEqual(
    [tap.code, tap.err],
    [69, 'ifconfig: creating tap interfaces is not available with --backend linux\n'],
  );
});

// The same script on the simulated stack and on the kernel (issue 19's differential test):
// every command's exit status, stdout and stderr must agree once the interface names are
// normalised (em0 and lo0 there, va and lo here) and runs of spaces (columns padded to the
// names) are collapsed.
const DIFFERENTIAL: string[][] = [
  ['ifconfig', 'IF', 'inet6', '2001:db8:1::10/64'],
  ['route', 'add', '-inet6', '2001:db8:2::/64', '2001:db8:1::1'],
  ['route', '-n', 'get', '2001:db8:2::5'],
  ['addrsel', '2001:db9::1', '2001:db8:1::5', '::1', '2001:db8:2::5'],
  ['route', 'add', '-inet6', '2001:db8:9::/64', '2001:db8:77::1'],
  ['ifconfig', 'IF', 'mtu', '1000'],
  ['ndp', '-s', '2001:db8:1::5', '52:54:00:00:00:05'],
  ['ndp', '-n', '2001:db8:1::5'],
  ['ndp', '-d', '2001:db8:1::5'],
  ['ndp', '-d', '2001:db8:1::77'],
  ['route', 'add', '-inet6', '2001:db8:6::/64', '::1', '-reject'],
  ['route', 'delete', '-inet6', '2001:db8:2::/64'],
  ['route', '-n', 'get', '2001:db8:99::1'],
  ['ifconfig', 'IF', 'inet6', '2001:db8:1::10', 'delete'],
  ['ifconfig', 'IF', 'inet6', '2001:db8:1::10', 'delete'],
  ['ifconfig', 'nosuch0'],
  ['route', 'fluff'],
  ['ifconfig', 'IF', 'description', 'uplink to core'],
  ['ifconfig', 'IF', '-description'],
  ['ifconfig', 'IF', 'ether', '52:54:00:aa:bb:cc'],
  ['ifconfig', 'LO', 'ether', '52:54:00:aa:bb:cc'],
  ['ndp', '-R'],
  ['ndp', '-rn'],
  ['ifconfig', 'epair', 'create'],
  ['ifconfig', 'epair0a', 'destroy'],
  ['ifconfig', 'epair0b', 'destroy'],
  ['ifconfig', 'bridge', 'create'],
  ['ifconfig', 'bridge0', 'create'],
  ['ifconfig', 'bridge0', 'destroy'],
  ['ifconfig', 'foo0', 'create'],
  ['ifconfig', 'LO', 'destroy'],
  ['ip6addrctl', 'add', '2001:db8::/32', '40', '20'],
  ['ip6addrctl', 'add', '2001:db8::/32', '40', '20'],
  ['ip6addrctl', 'delete', '2001:db8::/32'],
  ['ip6addrctl', 'delete', '2001:db8::/32'],
];

inNamespace('linux backend: the same script gives the same answers as the simulated stack', () => {
  const norm = (s: string, names: [RegExp, string][]): string =>
    names.reduce((t, [re, to]) => t.replace(re, to), s).replace(/ +/g, ' ');
  const state = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-diff-')), 'state.json');
  const simNames: [RegExp, string][] = [
    [/\bem0\b/g, 'IF'],
    [/\blo0\b/g, 'LO'],
  ];
  const linuxNames: [RegExp, string][] = [
    [/\bva\b/g, 'IF'],
    [/\blo\b/g, 'LO'],
  ];
  for (const cmd of DIFFERENTIAL) {
    const on = (names: Record<string, string>): string[] => cmd.map((w) => names[w] ?? w);
    const sim = spawnSync(process.execPath, [bin, ...on({ IF: 'em0', LO: 'lo0' })], {
      encoding: 'utf8',
      env: { ...process.env, IP6KIT_STATE: state, IP6KIT_BACKEND: 'sim' },
    });
    const linux = tool(...on({ IF: 'va', LO: 'lo' }));
    assert.deepEqual(
      [linux.code, norm(linux.out, linuxNames), norm(linux.err, linuxNames)],
      [sim.status, norm(sim.stdout, simNames), norm(sim.stderr, simNames)],
      cmd.join(' '),
    );
  }
});

inNamespace("linux backend: ip6addrctl is the kernel's address labels with the resolver's precedences", () => {
  const labels = (): string[] =>
    (
      JSON.parse(execFileSync('ip', ['-j', '-n', ns, 'addrlabel', 'list'], { encoding: 'utf8' })) as {
        address: string;
        prefixlen: number;
        label: number;
      }[]
    ).map((l) => `${l.address}/${l.prefixlen} ${l.label}`);
  const shown = (): string[][] =>
    tool('ip6addrctl')
      .out.split('\n')
      .slice(1, -1)
      .map((l) => l.trim().split(/ +/));
  const before = labels();
  const rows = shown();
  // One row per kernel label, in the kernel's order; Use is 0, precedence RFC 6724's.
  assert.deepEqual(
    rows.map(([p, , l]) => `${p} ${l}`),
    before,
  );
  assert.ok(rows.every((r) => r[3] === '0'));
  assert.deepEqual(rows.find((r) => r[0] === '::1/128')?.slice(1, 2), ['50']);
  assert.deepEqual(rows.find((r) => r[0] === '::/0')?.slice(1, 2), ['40']);
  // A precedence the resolver would not give is refused, and nothing changes.
  const refused = tool('ip6addrctl', 'add', '2001:db8::/32', '60', '20');
  assert.equal(refused.code, 69);
  assert.match(refused.err, /precedence 60 for 2001:db8::\/32 is not available with --backend linux/);
  assert.deepEqual(labels(), before);
  // Added and deleted in the kernel.
  assert.equal(tool('ip6addrctl', 'add', '2001:db8::/32', '40', '20').code, 0);
  assert.ok(labels().includes('2001:db8::/32 20'));
  assert.deepEqual(
    shown().find((r) => r[0] === '2001:db8::/32'),
    ['2001:db8::/32', '40', '20', '0'],
  );
  assert.equal(tool('ip6addrctl', 'delete', '2001:db8::/32').code, 0);
  assert.deepEqual(labels(), before);
  // addrsel orders by this table, with the sources the kernel picks.
  assert.equal(ifconfig('va', 'inet6', '2001:db8:1::1/64').code, 0);
  const order = tool('addrsel', '2001:db9::1', 'fd00::1', '2001:db8:1::5', '::1');
  assert.equal(order.code, 0, order.err);
  assert.deepEqual(
    order.out
      .split('\n')
      .slice(1, -1)
      .map((l) => l.trim().split(/ +/).slice(1, 3)),
    [
      ['::1', '::1'],
      ['2001:db8:1::5', '2001:db8:1::1'],
      ['2001:db9::1', '(unusable)'],
      ['fd00::1', '(unusable)'],
    ],
  );
});

test("gai.conf's precedence lines replace RFC 6724's; a prefix takes its longest match", async () => {
  const { gaiPrecedences, precedenceOf } = await import('../src/backend/linux/policy.js');
  const { parseIp6 } = await import('../src/addr/index.js');
  assert.equal(gaiPrecedences('# nothing here\nlabel ::1/128 0\n'), null);
  const table = gaiPrecedences(
    'precedence ::1/128 50\n  precedence ::/0 40 # default\nprecedence ::ffff:0:0/96 100\nprecedence bad/999 1\n',
  );
  assert.equal(table?.length, 3);
  const p = (a: string, l: number): number => precedenceOf(table ?? [], parseIp6(a), l);
  assert.deepEqual(
    [p('::ffff:0:0', 96), p('::1', 128), p('2001:db8::', 32), p('::ffff:10.0.0.0', 104)],
    [100, 50, 40, 100],
  );
});

inNamespace("linux backend: ndp -p reads the prefix list from prefix routes and SLAAC's addresses; -P flushes", () => {
  assert.equal(ifconfig('-w', '5').code, 0);
  assert.equal(ifconfig('va', 'inet6', '2001:db8:5::1/64').code, 0);
  advertise(0, 1800, { prefix: '2001:db8:77::', valid: 7200, preferred: 3600 });
  let list = '';
  for (let i = 0; i < 50 && !/2001:db8:77::\/64 if=va\nflags=LAO /.test(list); i++) {
    spawnSync('sleep', ['0.1']);
    list = tool('ndp', '-p').out;
  }
  // What the router advertised, what is left, the SLAAC address, and the router (Linux does not
  // record which router sent a prefix: the interface's routers from advertisements).
  const advertised = new RegExp(
    '2001:db8:77::/64 if=va\\nflags=LAO vltime=(7199|7200|7201), pltime=(3599|3600|3601), ' +
      'expire=(1h59m5\\ds|2h0m0s), ref=1\\n {2}advertised by\\n' +
      ' {4}fe80::[0-9a-f:]+%va \\((reachable|no neighbor state)\\)\\n',
  );
  assert.match(list, advertised);
  // A manual address's prefix, as FreeBSD lists one: on-link, infinite, no router.
  assert.match(list, /2001:db8:5::\/64 if=va\nflags=LO vltime=infinity, pltime=infinity, expire=Never, ref=1\n/);
  assert.match(list, /2001:db8:5::\/64 if=va\n.*\n {2}No advertising router\n/);
  assert.match(list, /fe80::%va\/64 if=va\nflags=LO vltime=infinity/);
  // SLAAC's address says so (IFA_PROTO kernel_ra); the manual one does not.
  const listing = ifconfig('va').out;
  assert.match(listing, /\tinet6 2001:db8:77:[0-9a-f:]+ prefixlen 64 (tentative )?autoconf pltime 3\d+ vltime 7\d+\n/);
  assert.match(listing, /\tinet6 2001:db8:5::1 prefixlen 64\n/);
  // The newest first: the advertised prefix came after the manual one.
  assert.ok(list.indexOf('2001:db8:77::/64') < list.indexOf('2001:db8:5::/64'), list);
  // -P: the advertised prefix goes with its SLAAC address and route; the manual one stays.
  const flushed = tool('ndp', '-P');
  assert.deepEqual([flushed.code, flushed.out, flushed.err], [0, '', '']);
  assert.doesNotMatch(tool('ndp', '-p').out, /2001:db8:77::/);
  assert.match(tool('ndp', '-p').out, /2001:db8:5::\/64 if=va/);
  assert.ok(!kernelAddrs('va').some((a) => a.startsWith('2001:db8:77:')));
  const routes = execFileSync('ip', ['-n', ns, '-6', 'route'], { encoding: 'utf8' });
  assert.doesNotMatch(routes, /2001:db8:77::\/64/);
  assert.match(routes, /2001:db8:5::\/64/);
}, ['python3']);

inNamespace("linux backend: eui64 takes the interface id of the interface's link-local address", () => {
  const ll = kernelAddrs('va').find((a) => a.startsWith('fe80:')) as string;
  const iid = ll.replace(/^fe80::/, '');
  assert.equal(ifconfig('va', 'inet6', '2001:db8:e::', 'prefixlen', '64', 'eui64').code, 0);
  assert.ok(
    kernelAddrs('va').some((a) => a.startsWith('2001:db8:e:') && a.endsWith(`:${iid}`) && a !== ll),
    kernelAddrs('va').join(' '),
  );
  const filled = ifconfig('va', 'inet6', '2001:db8:e::1', 'prefixlen', '64', 'eui64');
  assert.deepEqual([filled.code, filled.err], [1, 'ifconfig: interface index is already filled\n']);
});
