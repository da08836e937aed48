// The Linux backend in a throwaway network namespace with a veth pair: real kernel DAD.
// Skipped, with the reason printed, where namespaces cannot be made (not root, no iproute2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
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

function ifconfig(...args: string[]): { out: string; err: string; code: number } {
  const r = spawnSync('ip', ['netns', 'exec', ns, bin, '--backend', 'linux', 'ifconfig', ...args], { encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
}

const kernelAddrs = (dev: string): string[] =>
  (JSON.parse(execFileSync('ip', ['-j', '-n', ns, '-6', 'addr', 'show', 'dev', dev], { encoding: 'utf8' })) as { addr_info: { local: string }[] }[])
    .flatMap((l) => l.addr_info.map((a) => a.local));

test('linux backend: listing, blocking add, duplicate removed, delete', async (t) => {
  const why = setup();
  if (why) {
    console.log(`# skipped: ${why}`);
    t.skip(why);
    return;
  }
  try {
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
    assert.match(ifconfig('-L', 'va', 'inet6').out, /\tinet6 2001:db8:1::1 prefixlen 56 pltime (100|99) vltime (200|199)\n/);
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
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
});
