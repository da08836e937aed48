// Shared by the tests (no tests here).
import { canonical } from '../src/addr/index.js';
import { RTF, type AddrRequest, type Route } from '../src/engine/index.js';

/** A manual address as ifconfig asks for it: /64, no flags, infinite lifetimes, unless `extra` says. */
export const addrRequest = (addr: string, extra: Partial<AddrRequest> = {}): AddrRequest => ({
  addr: canonical(addr),
  plen: 64,
  flags: 0,
  pltime: null,
  vltime: null,
  origin: 'manual',
  update: false,
  dadDelay: false,
  ...extra,
});

/** The i-th of a family of static /64 routes via fe80::1%1, distinct for every i. */
export const staticRoute = (i: number, mtu = 0): Route => ({
  dst: canonical(`2001:db8:${(i >>> 16).toString(16)}:${(i & 0xffff).toString(16)}::`),
  plen: 64,
  zone: 0,
  gateway: { addr: canonical('fe80::1'), zone: 1 },
  ifindex: 1,
  flags: RTF.UP | RTF.GATEWAY | RTF.STATIC,
  refs: 0,
  mtu,
  expireAt: null,
});

export interface Ran {
  out: string;
  err: string;
  status: number;
}

/** ip6kit run in this process against one state file: what it printed and its exit status. */
export function ip6kitIn(state: string): (args: string[]) => Promise<Ran> {
  return async (args) => {
    const { run } = await import('../src/cli/dispatch.js');
    let out = '';
    let err = '';
    const status = await run(
      'ip6kit',
      args,
      {
        out: (s) => {
          out += s;
        },
        err: (s) => {
          err += s;
        },
      },
      { IP6KIT_STATE: state },
    );
    return { out, err, status };
  };
}
