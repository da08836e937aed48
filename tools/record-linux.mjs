#!/usr/bin/env node
// Records what a Linux kernel reports for a set of interfaces in known states, for the replay
// test of the Linux mappings (test/linux-replay.test.ts), which then runs without root. Run as
// root after npm run build: node tools/record-linux.mjs > test/fixtures/linux/dump.json
// It builds a throwaway namespace, sets the states up with ip(8) and sysctl files, and writes the
// links, addresses, neighbour parameters and conf knobs our netlink wrapper returns there.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const ns = `ip6kit-rec${process.pid}`;
const ip = (...a) => execFileSync('ip', ['-n', ns, ...a], { stdio: 'pipe' });
const conf = (ifname, knob, value) =>
  execFileSync('ip', ['netns', 'exec', ns, 'sh', '-c', `echo ${value} > /proc/sys/net/ipv6/conf/${ifname}/${knob}`]);

if (process.argv[2] !== '--inside') {
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    ip('link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb');
    ip('link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'vd');
    // va: a host taking RAs (accept_ra 2), no DAD; vb: stable link-locals off (addr_gen_mode 1);
    // vc: IPv6 disabled; vd: down; dummy0: no carrier flags, a /64 with lifetimes.
    conf('va', 'accept_ra', 2);
    conf('va', 'dad_transmits', 0);
    conf('vb', 'addr_gen_mode', 1);
    conf('vc', 'disable_ipv6', 1);
    for (const i of ['lo', 'va', 'vb', 'vc']) ip('link', 'set', i, 'up');
    ip('-6', 'addr', 'add', '2001:db8:1::1/64', 'dev', 'va', 'nodad');
    ip('-6', 'addr', 'add', '2001:db8:1::2/64', 'dev', 'vb');
    execFileSync('sleep', ['0.2']);
    ip('-6', 'addr', 'add', '2001:db8:2::1/64', 'dev', 'vb', 'preferred_lft', '600', 'valid_lft', '1200');
    execFileSync('sleep', ['0.2']);
    ip('-6', 'addr', 'add', '2001:db8:3::1/64', 'dev', 'vb', 'preferred_lft', '0', 'valid_lft', '1200');
    // Let the finite lifetimes run a little: the dump then shows what is left of them.
    execFileSync('sleep', ['2.5']);
    const out = execFileSync('ip', ['netns', 'exec', ns, process.execPath, process.argv[1], '--inside']);
    process.stdout.write(out);
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
} else {
  const { Rtnl } = await import(path.join(root, 'build/src/backend/linux/rtnl.js'));
  const { readConf, ND6_KNOBS } = await import(path.join(root, 'build/src/backend/linux/sysctl.js'));
  const nl = await Rtnl.open();
  const links = await nl.links();
  // Read just before the dump: the kernel counts the lifetimes it reports from that moment.
  const uptimeCs = Math.floor(Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 100);
  const addrs = await nl.addrs();
  const parms = await nl.neighborParms();
  const knobs = Object.fromEntries(links.map((l) => [l.name, readConf(l.name, [...ND6_KNOBS, 'hop_limit', 'mtu'])]));
  const base = Object.fromEntries(
    links.map((l) => [
      l.name,
      Number(fs.readFileSync(`/proc/sys/net/ipv6/neigh/${l.name}/base_reachable_time_ms`, 'utf8')),
    ]),
  );
  const kernel = execFileSync('uname', ['-r']).toString().trim();
  const dump = { kernel, uptimeCs, links, addrs, parms, conf: knobs, baseReachable: base };
  process.stdout.write(`${JSON.stringify(dump, null, 2)}\n`);
  process.exit(0);
}
