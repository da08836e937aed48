// Per-interface IPv6 settings rtnetlink cannot write: /proc/sys/net/ipv6/conf/IF/KNOB.
import * as fs from 'node:fs';
import { BackendError, OpError } from '../types.js';
import { errnoOf } from '../../errno.js';
import { ND6_IFF } from '../../flags.js';

const dir = (ifname: string): string => `/proc/sys/net/ipv6/conf/${ifname}`;

export function readConf(ifname: string, knobs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of knobs) {
    try {
      out[k] = fs.readFileSync(`${dir(ifname)}/${k}`, 'utf8').trim();
    } catch {
      /* an interface without IPv6 (disabled module) has no conf: leave it out */
    }
  }
  return out;
}

/** Writes one knob; a refusal is the ioctl's (SIOCSIFINFO_IN6) errno, EPERM when unprivileged as on FreeBSD. */
function writeConf(ifname: string, knob: string, value: string): void {
  try {
    fs.writeFileSync(`${dir(ifname)}/${knob}`, `${value}\n`);
  } catch (e) {
    const code = errnoOf((e as NodeJS.ErrnoException).code);
    throw new OpError('SIOCSIFINFO_IN6', code === 'EACCES' ? 'EPERM' : code, ifname);
  }
}

/** The conf knobs FreeBSD's per-interface ND flags are read from and written to. */
export const ND6_KNOBS = ['accept_ra', 'disable_ipv6', 'dad_transmits', 'addr_gen_mode'] as const;

/**
 * FreeBSD's ND6_IFF_* for an interface's conf, the one mapping ifconfig and ndp -i both show:
 * Linux always runs NUD; accept_ra > 0 is ACCEPT_RTADV; disable_ipv6 is IFDISABLED; an
 * addr_gen_mode other than 1 (none) forms link-locals, AUTO_LINKLOCAL; dad_transmits 0 is NO_DAD.
 * A loopback never takes advertisements, whatever its accept_ra says (FreeBSD's lo0 shows
 * nd6 options=21<PERFORMNUD,AUTO_LINKLOCAL>).
 */
export function nd6FlagsOf(conf: Record<string, string>, loopback: boolean): number {
  let v = ND6_IFF.PERFORMNUD;
  if (Number(conf.accept_ra) > 0 && !loopback) v |= ND6_IFF.ACCEPT_RTADV;
  if (conf.disable_ipv6 === '1') v |= ND6_IFF.IFDISABLED;
  if (conf.addr_gen_mode !== '1') v |= ND6_IFF.AUTO_LINKLOCAL;
  if (conf.dad_transmits === '0') v |= ND6_IFF.NO_DAD;
  return v;
}

/** Sets and clears ND6_IFF bits by writing the knobs that carry them (the others cannot change). */
export function applyNd6(ifname: string, set: number, clear: number): void {
  const knobs: [number, string, string, string][] = [
    [ND6_IFF.ACCEPT_RTADV, 'accept_ra', '1', '0'],
    [ND6_IFF.IFDISABLED, 'disable_ipv6', '1', '0'],
    [ND6_IFF.NO_DAD, 'dad_transmits', '0', '1'],
    // addr_gen_mode 1 (none) forms no link-local; 0 (eui64) forms one as KAME does.
    [ND6_IFF.AUTO_LINKLOCAL, 'addr_gen_mode', '0', '1'],
  ];
  for (const [bit, knob, on, off] of knobs) {
    if (set & bit) writeConf(ifname, knob, on);
    else if (clear & bit) writeConf(ifname, knob, off);
  }
}

/** Down and up keep the interface's addresses, as FreeBSD's do (Linux deletes them by default). */
export function keepAddressesOnDown(ifname: string): void {
  writeConf(ifname, 'keep_addr_on_down', '1');
}

/** Linux answers for proxy (published) neighbour entries only with proxy_ndp set on the interface. */
export function enableProxyNdp(ifname: string): void {
  writeConf(ifname, 'proxy_ndp', '1');
}

/**
 * The ND flag changes Linux has no knob for, refused (exit 69) before anything is written: NUD
 * cannot be turned off, disable_ipv6 would delete every address (`disabled` names ifconfig's
 * ifdisabled or ndp's disabled), and the rest have no counterpart.
 */
export function refuseNd6(set: number, clear: number, disabled: string): void {
  const no = (what: string): never => {
    throw new BackendError(`${what} is not available with --backend linux`, true);
  };
  if (clear & ND6_IFF.PERFORMNUD) no('-nud (Linux always runs NUD)');
  if (set & ND6_IFF.IFDISABLED) no(`${disabled} (disable_ipv6 deletes every IPv6 address)`);
  for (const [bit, word] of [
    [ND6_IFF.NO_RADR, 'no_radr'],
    [ND6_IFF.NO_PREFER_IFACE, 'no_prefer_iface'],
    [ND6_IFF.PREFER_SOURCE, 'prefer_source'],
    [ND6_IFF.DEFAULTIF, 'defaultif'],
  ] as const)
    if ((set | clear) & bit) no(word);
}

/** Writes a neighbour-table knob of the interface (/proc/sys/net/ipv6/neigh/IF/KNOB). */
export function writeNeigh(ifname: string, knob: string, value: number): void {
  try {
    fs.writeFileSync(`/proc/sys/net/ipv6/neigh/${ifname}/${knob}`, `${value}\n`);
  } catch (e) {
    const code = errnoOf((e as NodeJS.ErrnoException).code);
    throw new OpError('SIOCSIFINFO_IN6', code === 'EACCES' ? 'EPERM' : code, ifname);
  }
}

/** Writes a conf knob that takes a number (hop_limit). */
export const writeConfNumber = (ifname: string, knob: string, value: number): void =>
  writeConf(ifname, knob, String(value));

/** Hundredths of a second since boot, the clock of the kernel's address timestamps. */
export function uptimeCs(): number {
  try {
    return Math.floor(Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 100);
  } catch {
    return 0;
  }
}
