// Per-interface IPv6 settings rtnetlink cannot write: /proc/sys/net/ipv6/conf/IF/KNOB.
import * as fs from 'node:fs';
import { OpError } from '../types.js';
import { errnoOf } from '../../errno.js';

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
export function writeConf(ifname: string, knob: string, value: string): void {
  try {
    fs.writeFileSync(`${dir(ifname)}/${knob}`, `${value}\n`);
  } catch (e) {
    const code = errnoOf((e as NodeJS.ErrnoException).code);
    throw new OpError('SIOCSIFINFO_IN6', code === 'EACCES' ? 'EPERM' : code, ifname);
  }
}
