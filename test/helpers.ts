// Shared by the tests (no tests here).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonical } from '../src/addr/index.js';
import * as E from '../src/engine/index.js';
import { RTF, type AddrRequest, type Route } from '../src/engine/index.js';

/** bin/ip6kit (the compiled tests live in build/test). */
const ip6kitBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'ip6kit');

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

/** host (em0 on lan0) and peer (em0 on lan0, MAC ...:02), with 2001:db8::1 and ::2/64, DAD done. */
export function twoNodeLan(): { w: E.World; host: E.Node; peer: E.Node; hem0: E.Iface; pem0: E.Iface } {
  const w = E.createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
  const peer = E.addNode(w, 'peer', { hostname: 'peer', router: false, bare: false });
  E.attach(w, 'peer', 'em0', 'lan0', '52:54:00:00:00:02');
  const host = E.findNode(w, 'host');
  const hem0 = E.findIface(host, 'em0');
  const pem0 = E.findIface(peer, 'em0');
  E.addAddress(w, host, hem0, addrRequest('2001:db8::1'));
  E.addAddress(w, peer, pem0, addrRequest('2001:db8::2'));
  E.settle(w);
  return { w, host, peer, hem0, pem0 };
}

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

/**
 * Kills a writer with SIGKILL again and again, at moments that vary by round (so the kills land
 * in different phases of a commit), after it has acknowledged a few more transactions each time.
 * The writer is a module script given (state, first index) that prints each transaction's index
 * after its commit returns. After each kill, `check` sees every index acknowledged so far.
 * Wall time is the point here: the kill must land while a real process is writing.
 */
export async function killWhileWriting(
  writer: string,
  state: string,
  rounds: number,
  check: (acked: ReadonlySet<number>, round: number) => void,
): Promise<Set<number>> {
  const { spawn } = await import('node:child_process');
  const acked = new Set<number>();
  let next = 0;
  for (let round = 0; round < rounds; round++) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', writer, state, String(next)]);
    const exited = new Promise((r) => child.on('exit', r));
    const want = acked.size + 3;
    let buf = '';
    // Kill once it has committed a few (however loaded the machine), then at a moment that
    // varies by round.
    await new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        buf += d;
        const lines = buf.split('\n');
        buf = lines.pop() as string;
        for (const l of lines) acked.add(Number(l));
        if (acked.size >= want) resolve();
      });
      child.on('exit', () => resolve());
    });
    await new Promise((r) => setTimeout(r, (round * 37) % 150));
    child.kill('SIGKILL');
    await exited;
    next = Math.max(next, ...acked) + 1;
    check(acked, round);
  }
  return acked;
}

export interface BinaryRun {
  code: number | null;
  out: string;
  err: string;
}

/** bin/ip6kit run as a process against one state file, with nothing of this process's environment but PATH. */
export function ip6kitBinary(
  state: string,
  args: string[],
  env: Record<string, string> = {},
  timeout = 20_000,
): BinaryRun {
  const r = spawnSync(process.execPath, [ip6kitBin, ...args], {
    encoding: 'utf8',
    timeout,
    env: { PATH: process.env.PATH ?? '', HOME: path.dirname(state), IP6KIT_STATE: state, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
