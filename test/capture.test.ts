// sim capture and sim tcpdump: a capture of DAD, a duplicate, NUD probing, an RA with SLAAC, MLD
// and pings is read by Debian's tcpdump without a malformed packet or a bad checksum, and
// sim tcpdump prints what tcpdump -r prints for the same file (where tcpdump is installed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ip6kitIn } from './helpers.js';
import { pcapRecords } from '../src/wire/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ip6kit-capture-'));
const state = path.join(dir, 'state.json');
const pcap = path.join(dir, 'lan0.pcap');

const ip6kit = ip6kitIn(state);

const SCENARIO = `
ifconfig em0 inet6 2001:db8::9/64
sim capture start lan0 -w ${pcap}
sim node add peer
sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
sim node add r1 --router
sim attach r1 em0 lan0
ifconfig -N peer -w 5
# DAD, then a duplicate (the peer's DAD fails)
ifconfig em0 inet6 2001:db8::1/64
ifconfig -N peer em0 inet6 2001:db8::1/64
ifconfig -N peer em0 inet6 2001:db8::2/64
ping6 -c 2 2001:db8::2
# an RA with a prefix and an MTU; SLAAC on the host
sim rtadvd r1 em0 --prefix 2001:db8:1::/64 --mtu 1500
sim sysctl host net.inet6.ip6.accept_rtadv=1
ifconfig em0 inet6 accept_rtadv
rtsol em0
ifconfig -w 5
# MLDv2 with sources
sim mcast join em0 ff05::101 --include 2001:db8::2
# NUD: the peer goes; the host probes it and gives up
sim advance 40s
sim detach peer em0
ping6 -c 1 2001:db8::2
sim advance 20s
`;

const has = (cmd: string): boolean => {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

test('capture: frames from start, none from listings, none after stop', async () => {
  fs.writeFileSync(path.join(dir, 'scenario.batch'), SCENARIO);
  const r = await ip6kit(['-batch', path.join(dir, 'scenario.batch'), '-force']);
  assert.equal(r.status, 1, 'the duplicate fails, as it should');
  assert.match(r.err, /duplicate address 2001:db8::1/);
  const frames = [...pcapRecords(new Uint8Array(fs.readFileSync(pcap)))];
  assert.ok(frames.length > 20, `${frames.length} frames`);
  assert.ok(frames[0] && frames[0].at > 0, 'nothing from before the capture started (the host DAD at boot)');
  const size = fs.statSync(pcap).size;
  assert.equal((await ip6kit(['ifconfig', '-a'])).status, 0);
  assert.equal((await ip6kit(['ndp', '-an'])).status, 0);
  assert.equal(fs.statSync(pcap).size, size, 'listings write no frames');
  assert.deepEqual(await ip6kit(['sim', 'capture', 'list']), { out: `lan0 ${pcap}\n`, err: '', status: 0 });
  assert.deepEqual(await ip6kit(['sim', 'capture', 'stop', 'lan0']), { out: `${pcap}\n`, err: '', status: 0 });
  assert.equal((await ip6kit(['ping6', '-c', '1', '2001:db8::9'])).status, 0);
  assert.equal(fs.statSync(pcap).size, size, 'nothing after stop');
  assert.deepEqual(await ip6kit(['sim', 'capture', 'list']), { out: '', err: '', status: 0 });
  const again = await ip6kit(['sim', 'capture', 'stop', 'lan0']);
  assert.equal(again.status, 1);
  assert.match(again.err, /lan0 is not being captured/);
});

test('tcpdump reads the capture: nothing malformed, every checksum right; sim tcpdump prints the same', {
  skip: !has('tcpdump'),
}, async () => {
  const tcpdump = (args: string[]): string =>
    execFileSync('tcpdump', ['-r', pcap, '-n', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const verbose = tcpdump(['-v']);
  assert.doesNotMatch(verbose, /bad|malformed|\[\|/i);
  const frames = [...pcapRecords(new Uint8Array(fs.readFileSync(pcap)))].length;
  assert.equal((verbose.match(/\[icmp6 sum ok\]/g) ?? []).length, frames, 'every checksum verified');
  for (const what of [
    'neighbor solicitation, who has 2001:db8::1',
    'neighbor advertisement, tgt is 2001:db8::1',
    'router advertisement',
    'multicast listener report v2',
    'echo request',
    'echo reply',
  ]) {
    assert.ok(tcpdump([]).includes(what), `the capture has a ${what}`);
  }
  // NUD: unicast probes to the vanished peer.
  assert.match(tcpdump([]), /> 2001:db8::2: ICMP6, neighbor solicitation, who has 2001:db8::2/);
  // sim tcpdump needs the capture on: start a fresh one to compare on (same file contents).
  fs.copyFileSync(pcap, `${pcap}.keep`);
  assert.equal((await ip6kit(['sim', 'capture', 'start', 'lan0', '-w', pcap])).status, 0);
  fs.copyFileSync(`${pcap}.keep`, pcap);
  for (const args of [[], ['-v']]) {
    const ours = await ip6kit(['sim', 'tcpdump', 'lan0', ...args]);
    assert.equal(ours.status, 0);
    assert.equal(ours.out, tcpdump(args), `sim tcpdump ${args.join(' ')}`);
    assert.equal(ours.err, `reading from file ${pcap}, link-type EN10MB (Ethernet), snapshot length 262144\n`);
  }
  const three = await ip6kit(['sim', 'tcpdump', 'lan0', '-c', '3']);
  assert.equal(three.out, tcpdump(['-c', '3']));
});
