// ifmcstat on Linux: the kernel lists IPv6 memberships in /proc/net/igmp6 and source filters in
// /proc/net/mcfilter6 (rtnetlink has no dump for them that the netlink package parses).
import * as fs from 'node:fs';
import { formatIp6, formatMac, isLinkLocal, multicastMac, needsZone, parseIp6 } from '../../addr/index.js';
import type { McastIfView } from '../../views/index.js';
import { kernelOrder } from '../mcast.js';
import type { KAddr, KLink } from './rtnl.js';
import { readConf } from './sysctl.js';
import { MLD_IFF } from '../../flags.js';

const hexAddr = (h: string): string => formatIp6(Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16)));

function lines(file: string): string[][] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((w) => w.length > 3);
  } catch {
    return [];
  }
}

export function linuxMulticast(links: KLink[], addrs: KAddr[]): McastIfView[] {
  // /proc/net/mcfilter6: Idx Device Group Source INC EXC (per source, counts of members)
  const filters = new Map<string, { src: string; inc: number; exc: number }[]>();
  for (const w of lines('/proc/net/mcfilter6')) {
    if (!/^[0-9a-f]{32}$/.test(w[2] as string)) continue;
    const key = `${w[0]} ${hexAddr(w[2] as string)}`;
    const list = filters.get(key) ?? [];
    list.push({ src: hexAddr(w[3] as string), inc: Number(w[4]), exc: Number(w[5]) });
    filters.set(key, list);
  }
  const groups = new Map<number, McastIfView['groups']>();
  // /proc/net/igmp6: Idx Device Group Users Flags Timer, newest first per device (the kernel
  // prepends to its list), which is ifmcstat's order too
  for (const w of lines('/proc/net/igmp6')) {
    const index = Number(w[0]);
    const group = hexAddr(w[2] as string);
    const link = links.find((l) => l.index === index);
    const srcs = filters.get(`${index} ${group}`) ?? [];
    const mode = srcs.length && srcs.every((s) => s.exc === 0) ? 'include' : 'exclude';
    const sources = srcs
      .filter((s) => (mode === 'include' ? s.inc > 0 : s.exc > 0 && s.inc === 0))
      .map((s) => s.src)
      .sort();
    const bytes = parseIp6(group);
    const entry = {
      group,
      scoped: needsZone(bytes),
      mode: mode as 'include' | 'exclude',
      sources,
      mac: link?.flags.loopback ? null : formatMac(multicastMac(bytes)),
    };
    groups.set(index, [...(groups.get(index) ?? []), entry]);
  }
  return links.map((l) => {
    const conf = readConf(l.name, ['force_mld_version', 'mld_qrv', 'mldv2_unsolicited_report_interval']);
    const forced = Number(conf.force_mld_version ?? 0);
    return {
      ifname: l.name,
      index: l.index,
      linkLocal: addrs.find((a) => a.index === l.index && isLinkLocal(parseIp6(a.addr)))?.addr ?? null,
      lladdr: l.flags.loopback ? null : l.mac,
      mld: {
        version: forced === 1 ? 1 : 2,
        flags: (l.flags.loopback ? MLD_IFF.SILENT : 0) | MLD_IFF.USEALLOW,
        rv: Number(conf.mld_qrv ?? 2),
        qi: 125,
        qri: 10,
        uri: Math.round(Number(conf.mldv2_unsolicited_report_interval ?? 1000) / 1000),
      },
      groups: groups.get(l.index) ?? [],
      memberships: kernelOrder(groups.get(l.index) ?? []),
    };
  });
}
