// Our small wrapper around the netlink package (spec/linux-netlink.md): separate request and
// event sockets, an 8 MiB receive buffer on the event socket, a timeout on every request,
// errno parsed from the error text, events read from the raw layer so NEW and DEL stay apart,
// and try/catch inside every listener (a throw there aborts the process).
import { formatIp6, formatMac } from '../../addr/index.js';
import { OpError } from '../types.js';

type NetlinkModule = typeof import('netlink');
type RtSocket = ReturnType<NetlinkModule['createRtNetlink']>;

const REQUEST_TIMEOUT_MS = 5000;
const AF_INET6 = 10;

export interface KLink {
  index: number;
  name: string;
  type: string;
  flags: Record<string, boolean | undefined>;
  mtu: number;
  mac: string | null;
}

export interface KAddr {
  index: number;
  addr: string;
  plen: number;
  flags: Record<string, boolean | undefined>;
  pltime: number;
  vltime: number;
}

export interface AddrEvents {
  /** Resolves with the first NEWADDR event that matches, or null after ms. */
  until(match: (a: KAddr) => boolean, ms: number): Promise<KAddr | null>;
  /** Re-checks on every address event; true once check() holds, false after ms. */
  untilState(check: () => Promise<boolean>, ms: number): Promise<boolean>;
  close(): void;
}

function toAddr(m: { data: { index?: number; prefixlen?: number }; attrs: { local?: Buffer; address?: Buffer; flags?: object; cacheInfo?: { ifaPrefered?: number; ifaValid?: number } } }): KAddr | null {
  const raw = m.attrs.address ?? m.attrs.local;
  if (!raw || raw.length !== 16) return null;
  return {
    index: m.data.index ?? 0,
    addr: formatIp6(Uint8Array.from(raw)),
    plen: m.data.prefixlen ?? 0,
    flags: (m.attrs.flags ?? {}) as Record<string, boolean | undefined>,
    pltime: m.attrs.cacheInfo?.ifaPrefered ?? 0xffffffff,
    vltime: m.attrs.cacheInfo?.ifaValid ?? 0xffffffff,
  };
}

export class Rtnl {
  private constructor(private readonly nl: NetlinkModule, private readonly rq: RtSocket) {}

  static async open(): Promise<Rtnl> {
    const nl = await import('netlink');
    return new Rtnl(nl, nl.createRtNetlink());
  }

  /** Runs a request; a kernel refusal becomes OpError(op, errno). */
  async call<T>(op: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const errno = /Request rejected: (E[A-Z0-9]+)/.exec((e as Error).message)?.[1];
      if (errno) throw new OpError(op, errno);
      throw e;
    }
  }

  async links(): Promise<KLink[]> {
    const ls = await this.rq.getLinks(undefined, undefined, { timeout: REQUEST_TIMEOUT_MS });
    return ls
      .map((l) => ({
        index: l.data.index ?? 0,
        name: l.attrs.ifname ?? `if${l.data.index}`,
        type: String(l.data.type ?? ''),
        flags: (l.data.flags ?? {}) as Record<string, boolean | undefined>,
        mtu: l.attrs.mtu ?? 0,
        mac: l.attrs.address && l.attrs.address.length === 6 ? formatMac(Uint8Array.from(l.attrs.address)) : null,
      }))
      .sort((a, b) => a.index - b.index);
  }

  async addrs(): Promise<KAddr[]> {
    const as = await this.rq.getAddresses({ family: AF_INET6 }, undefined, { timeout: REQUEST_TIMEOUT_MS });
    return as.map((m) => toAddr(m)).filter((a): a is KAddr => a !== null);
  }

  setUp(index: number, up: boolean): Promise<unknown> {
    return this.rq.setLink({ index, flags: { up: up as true }, change: { up: true } }, undefined, { timeout: REQUEST_TIMEOUT_MS });
  }

  setMtu(index: number, mtu: number): Promise<unknown> {
    return this.rq.setLink({ index }, { mtu }, { timeout: REQUEST_TIMEOUT_MS });
  }

  addAddr(index: number, addr: Uint8Array, plen: number, o: { pltime: number; vltime: number; nodad: boolean }): Promise<unknown> {
    const { FlagsNew } = this.nl;
    return this.rq.newAddress(
      { family: AF_INET6, prefixlen: plen, index },
      { local: Buffer.from(addr), address: Buffer.from(addr), flags: o.nodad ? { nodad: true } : {}, cacheInfo: { ifaPrefered: o.pltime, ifaValid: o.vltime, cstamp: 0, tstamp: 0 } },
      // FreeBSD re-adding an address is not an error: replace it.
      { flags: FlagsNew.CREATE | FlagsNew.REPLACE, timeout: REQUEST_TIMEOUT_MS },
    );
  }

  delAddr(index: number, addr: Uint8Array, plen: number): Promise<unknown> {
    return this.rq.delAddress({ family: AF_INET6, prefixlen: plen, index }, { local: Buffer.from(addr), address: Buffer.from(addr) }, { timeout: REQUEST_TIMEOUT_MS });
  }

  /** Subscribes before the caller acts, so that no event can be missed. */
  async watchAddrs(): Promise<AddrEvents> {
    const { createRtNetlink, rt } = this.nl;
    const ev = createRtNetlink({ ref: true } as never);
    ev.socket.setRecvBufferSize(8 << 20);
    ev.addMembership('IPV6_IFADDR');
    const waiters = new Set<(a: KAddr) => void>();
    ev.socket.on('message', (msgs: { type: number; data: Buffer }[]) => {
      try {
        for (const x of msgs) {
          if (x.type !== rt.MessageType.NEWADDR && x.type !== rt.MessageType.DELADDR) continue;
          const a = toAddr(rt.parseAddressMessage(x.data) as never);
          if (a && x.type === rt.MessageType.NEWADDR) for (const w of [...waiters]) w(a);
          if (a && x.type === rt.MessageType.DELADDR) for (const w of [...waiters]) w({ ...a, flags: { deleted: true } });
        }
      } catch {
        /* never let an exception escape a netlink listener: it would abort the process */
      }
    });
    const timers = new Set<NodeJS.Timeout>();
    const after = (ms: number, fn: () => void): void => {
      if (ms === Infinity) return;
      const t = setTimeout(fn, ms);
      timers.add(t);
    };
    return {
      until: (match, ms) =>
        new Promise((resolve) => {
          const w = (a: KAddr): void => {
            if (!match(a)) return;
            waiters.delete(w);
            resolve(a);
          };
          waiters.add(w);
          after(ms, () => {
            waiters.delete(w);
            resolve(null);
          });
        }),
      untilState: (check, ms) =>
        new Promise((resolve) => {
          const w = (): void => {
            check().then((ok) => {
              if (!ok) return;
              waiters.delete(w);
              resolve(true);
            }, () => undefined);
          };
          waiters.add(w);
          after(ms, () => {
            waiters.delete(w);
            resolve(false);
          });
          w();
        }),
      close: () => {
        for (const t of timers) clearTimeout(t);
        waiters.clear();
        ev.socket.close();
      },
    };
  }
}
