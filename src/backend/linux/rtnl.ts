// Our small wrapper around the netlink package (spec/linux-netlink.md): separate request and
// event sockets, an 8 MiB receive buffer on the event socket, a timeout on every request,
// errno parsed from the error text, events read from the raw layer so NEW and DEL stay apart,
// and try/catch inside every listener (a throw there aborts the process).
import { formatIp6, formatMac } from '../../addr/index.js';
import { OpError } from '../types.js';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { errnoOf, type Op } from '../../errno.js';
import { INFINITE_LIFETIME } from '../../proto.js';

type NetlinkModule = typeof import('netlink');
type RtSocket = ReturnType<NetlinkModule['createRtNetlink']>;

const REQUEST_TIMEOUT_MS = 5000;
const AF_INET6 = 10;
const RTM_NEWADDR = 20;
const RTM_GETADDR = 22;
/** include/uapi/linux/if_addr.h */
const IFA_PROTO = 11;
const IFAPROT_KERNEL_RA = 2;
const RTM_NEWADDRLABEL = 72;
const RTM_DELADDRLABEL = 73;
const RTM_GETADDRLABEL = 74;

/** An ifaddrlblmsg for AF_INET6, any interface. */
function labelMsg(plen: number): Buffer {
  const m = Buffer.alloc(12);
  m[0] = AF_INET6;
  m[2] = plen;
  return m;
}

export interface KLink {
  index: number;
  name: string;
  type: string;
  flags: Record<string, boolean | undefined>;
  mtu: number;
  mac: string | null;
  /** IFLA_IFALIAS: ifconfig's description (absent from dumps recorded before it was read). */
  alias?: string | null;
  /** IFLA_INFO_KIND: veth, bridge, ...; null for a device no driver kind names (absent: not read). */
  kind?: string | null;
  /** IFLA_INET6_FLAGS (IF_RA_MANAGED, IF_RA_OTHERCONFIG, ...): the last RA's M and O bits. */
  inet6Flags?: number;
}

export interface KAddr {
  index: number;
  addr: string;
  plen: number;
  flags: Record<string, boolean | undefined>;
  pltime: number;
  vltime: number;
  /** When the address was added and last updated: hundredths of a second since boot. */
  cstamp: number;
  tstamp: number;
  /** SLAAC made it (IFA_PROTO kernel_ra); false where the kernel does not say (before 6.3). */
  autoconf?: boolean;
}

export interface KRoute {
  dst: string;
  plen: number;
  gateway: string | null;
  oif: number;
  table: number;
  type: string;
  protocol: string;
  /** Seconds left (RA routes), null: none. */
  expires: number | null;
  mtu: number;
  /** RTM_GETROUTE's answer carries the source the kernel would use. */
  prefsrc: string | null;
  /** The advertising router's preference (RTA_PREF, RFC 4191): RA-learned routes carry it. */
  pref: 'low' | 'medium' | 'high';
}

export interface KNeigh {
  index: number;
  addr: string;
  lladdr: string | null;
  state: Record<string, boolean | undefined>;
  router: boolean;
  proxy: boolean;
  probes: number;
  /** Ages in ms (the kernel reports clock ticks of 10 ms). */
  confirmedAgo: number;
  updatedAgo: number;
  usedAgo: number;
}

/** A device's neighbour parameters (ms). */
/** An address label (ip addrlabel): the label column of RFC 6724's policy table. */
export interface KLabel {
  prefix: string;
  plen: number;
  /** 0: every interface. */
  index: number;
  label: number;
}

export interface KNeighParms {
  index: number;
  reachable: number;
  retrans: number;
  delayProbe: number;
  gcStale: number;
}

export type KEvent =
  | { kind: 'route'; add: boolean; route: KRoute }
  | { kind: 'addr'; add: boolean; addr: KAddr }
  | { kind: 'neigh'; add: boolean; neigh: KNeigh }
  | { kind: 'link'; add: boolean; index: number; name: string; up: boolean; running: boolean; mtu: number };

export interface AddrEvents {
  /** Resolves with the first NEWADDR event that matches, or null after ms. */
  until(match: (a: KAddr) => boolean, ms: number): Promise<KAddr | null>;
  /** Re-checks on every address event; true once check() holds, false after ms. */
  untilState(check: () => Promise<boolean>, ms: number): Promise<boolean>;
  close(): void;
}

function toAddr(m: {
  data: { index?: number; prefixlen?: number };
  attrs: {
    local?: Buffer;
    address?: Buffer;
    flags?: object;
    cacheInfo?: { ifaPrefered?: number; ifaValid?: number; cstamp?: number; tstamp?: number };
  };
}): KAddr | null {
  const raw = m.attrs.address ?? m.attrs.local;
  if (raw?.length !== 16) return null;
  return {
    index: m.data.index ?? 0,
    addr: formatIp6(Uint8Array.from(raw)),
    plen: m.data.prefixlen ?? 0,
    flags: (m.attrs.flags ?? {}) as Record<string, boolean | undefined>,
    pltime: m.attrs.cacheInfo?.ifaPrefered ?? INFINITE_LIFETIME,
    vltime: m.attrs.cacheInfo?.ifaValid ?? INFINITE_LIFETIME,
    cstamp: m.attrs.cacheInfo?.cstamp ?? 0,
    tstamp: m.attrs.cacheInfo?.tstamp ?? 0,
  };
}

const cstring = (s: string): Buffer => Buffer.from(`${s}\0`);

// Netlink's own fields are in host order.
const LE = os.endianness() === 'LE';
const u16 = (b: Buffer, at: number): number => (LE ? b.readUInt16LE(at) : b.readUInt16BE(at));
const u32 = (b: Buffer, at: number): number => (LE ? b.readUInt32LE(at) : b.readUInt32BE(at));
const s32 = (b: Buffer, at: number): number => (LE ? b.readInt32LE(at) : b.readInt32BE(at));
function u32Bytes(v: number): Buffer {
  const b = Buffer.alloc(4);
  if (LE) b.writeUInt32LE(v);
  else b.writeUInt32BE(v);
  return b;
}

/** One netlink attribute: length and type in host order, the payload padded to 4. */
function nlattr(type: number, payload: Buffer): Buffer {
  const out = Buffer.alloc((4 + payload.length + 3) & ~3);
  if (LE) {
    out.writeUInt16LE(4 + payload.length, 0);
    out.writeUInt16LE(type, 2);
  } else {
    out.writeUInt16BE(4 + payload.length, 0);
    out.writeUInt16BE(type, 2);
  }
  payload.copy(out, 4);
  return out;
}

/** The payload of the first attribute of a type in a raw stream of nested attributes. */
function nested(stream: Buffer, want: number): Buffer | null {
  for (let o = 0; o + 4 <= stream.length; ) {
    const len = u16(stream, o);
    const type = u16(stream, o + 2) & 0x3fff;
    if (len < 4 || o + len > stream.length) return null;
    if (type === want) return stream.subarray(o + 4, o + len);
    o += (len + 3) & ~3;
  }
  return null;
}

/** IFLA_INFO_KIND out of a raw IFLA_LINKINFO (the package leaves nested attributes raw). */
function infoKind(info: Buffer): string | null {
  return nested(info, 1)?.toString('latin1').replace(/\0.*$/s, '') ?? null;
}

/** IFLA_INET6_FLAGS, a u32 in IFLA_AF_SPEC's AF_INET6 part; 0 when absent. */
function inet6Flags(spec: Buffer | undefined): number {
  const v = spec ? nested(spec, 1) : null;
  if (!v || v.length < 4) return 0;
  return u32(v, 0);
}

export class Rtnl {
  private constructor(
    private readonly nl: NetlinkModule,
    private readonly rq: RtSocket,
  ) {}

  static async open(): Promise<Rtnl> {
    // require, not import(): the bundle runs as a vm script, which has no dynamic import, and
    // netlink is CommonJS with a native addon, so it stays outside the bundle.
    const nl = createRequire(import.meta.url)('netlink') as NetlinkModule;
    return new Rtnl(nl, nl.createRtNetlink());
  }

  /** Runs a request; a kernel refusal becomes OpError(op, errno). */
  async call<T>(op: Op, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const errno = /Request rejected: (E[A-Z0-9]+)/.exec((e as Error).message)?.[1];
      if (errno) throw new OpError(op, errnoOf(errno));
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
        // The kernel keeps a cleared alias as an empty one.
        alias: l.attrs.ifalias || null,
        kind: l.attrs.linkinfo ? infoKind(l.attrs.linkinfo) : null,
        inet6Flags: inet6Flags(l.attrs.afSpec?.get(AF_INET6)),
      }))
      .sort((a, b) => a.index - b.index);
  }

  async addrs(): Promise<KAddr[]> {
    const as = await this.rq.getAddresses({ family: AF_INET6 }, undefined, { timeout: REQUEST_TIMEOUT_MS });
    const slaac = await this.slaacAddrs();
    return as
      .map((m) => toAddr(m))
      .filter((a): a is KAddr => a !== null)
      .map((a) => ({ ...a, autoconf: slaac.has(`${a.index} ${a.addr}`) }));
  }

  /**
   * The addresses SLAAC made ("INDEX ADDR"): IFA_PROTO (11) is IFAPROT_KERNEL_RA (2) for them.
   * The package drops that attribute, so this dump reads ifaddrmsg and the attributes raw.
   */
  private async slaacAddrs(): Promise<Set<string>> {
    const req = Buffer.alloc(8);
    req[0] = AF_INET6;
    const out = new Set<string>();
    for (const m of await this.rawDump(RTM_GETADDR, req)) {
      if (m.type !== RTM_NEWADDR || m.data.length < 8 || m.data[0] !== AF_INET6) continue;
      const attrs = m.data.subarray(8);
      const proto = nested(attrs, IFA_PROTO);
      const addr = nested(attrs, 1) ?? nested(attrs, 2);
      if (proto?.[0] !== IFAPROT_KERNEL_RA || addr?.length !== 16) continue;
      out.add(`${u32(m.data, 4)} ${formatIp6(Uint8Array.from(addr))}`);
    }
    return out;
  }

  setUp(index: number, up: boolean): Promise<unknown> {
    return this.rq.setLink({ index, flags: { up: up as true }, change: { up: true } }, undefined, {
      timeout: REQUEST_TIMEOUT_MS,
    });
  }

  setMtu(index: number, mtu: number): Promise<unknown> {
    return this.rq.setLink({ index }, { mtu }, { timeout: REQUEST_TIMEOUT_MS });
  }

  /** IFLA_IFALIAS; an empty one clears it. */
  setAlias(index: number, alias: string): Promise<unknown> {
    return this.rq.setLink({ index }, { ifalias: alias }, { timeout: REQUEST_TIMEOUT_MS });
  }

  setMac(index: number, mac: Uint8Array): Promise<unknown> {
    return this.rq.setLink({ index }, { address: Buffer.from(mac) }, { timeout: REQUEST_TIMEOUT_MS });
  }

  /** RTM_NEWLINK of a driver kind; a veth is made with its peer. */
  createLink(name: string, kind: 'veth' | 'bridge', peer: string | null): Promise<unknown> {
    const { FlagsNew } = this.nl;
    // IFLA_LINKINFO is nested: IFLA_INFO_KIND, and for a veth IFLA_INFO_DATA holding
    // VETH_INFO_PEER, an ifinfomsg and the peer's IFLA_IFNAME (veth.c's veth_newlink).
    const data = peer ? [nlattr(2, nlattr(1, Buffer.concat([Buffer.alloc(16), nlattr(3, cstring(peer))])))] : [];
    return this.rq.newLink(
      {},
      { ifname: name, linkinfo: Buffer.concat([nlattr(1, cstring(kind)), ...data]) },
      { flags: FlagsNew.CREATE | FlagsNew.EXCL, timeout: REQUEST_TIMEOUT_MS },
    );
  }

  /**
   * The kernel's address label table (RTM_GETADDRLABEL, net/ipv6/addrlabel.c), which the
   * package has no struct for: ifaddrlblmsg (family, reserved, prefixlen, flags, ifindex, seq)
   * and the attributes IFAL_ADDRESS (1) and IFAL_LABEL (2).
   */
  async addrLabels(): Promise<KLabel[]> {
    const out: KLabel[] = [];
    for (const m of await this.rawDump(RTM_GETADDRLABEL, labelMsg(0))) {
      if (m.type !== RTM_NEWADDRLABEL || m.data.length < 12 || m.data[0] !== AF_INET6) continue;
      const attrs = m.data.subarray(12);
      const addr = nested(attrs, 1);
      const label = nested(attrs, 2);
      if (addr?.length !== 16 || label?.length !== 4) continue;
      out.push({
        prefix: formatIp6(Uint8Array.from(addr)),
        plen: m.data[2] as number,
        index: u32(m.data, 4),
        label: u32(label, 0),
      });
    }
    return out;
  }

  /** RTM_NEWADDRLABEL (a new entry: an existing one is EEXIST) or RTM_DELADDRLABEL. */
  setAddrLabel(add: boolean, prefix: Uint8Array, plen: number, label: number): Promise<unknown> {
    const { FlagsNew } = this.nl;
    const data = Buffer.concat([labelMsg(plen), nlattr(1, Buffer.from(prefix)), nlattr(2, u32Bytes(label))]);
    return this.rq.socket.request(add ? RTM_NEWADDRLABEL : RTM_DELADDRLABEL, data, {
      flags: add ? FlagsNew.CREATE | FlagsNew.EXCL : 0,
      timeout: REQUEST_TIMEOUT_MS,
    });
  }

  /** A dump of a message type the package has no struct for: the messages as they came. */
  private async rawDump(type: number, request: Buffer): Promise<{ type: number; data: Buffer }[]> {
    const [msgs] = await this.rq.socket.request(type, request, {
      flags: this.nl.FlagsGet.DUMP,
      timeout: REQUEST_TIMEOUT_MS,
    });
    return msgs;
  }

  deleteLink(index: number): Promise<unknown> {
    return this.rq.delLink({ index }, undefined, { timeout: REQUEST_TIMEOUT_MS });
  }

  addAddr(
    index: number,
    addr: Uint8Array,
    plen: number,
    o: { pltime: number; vltime: number; nodad: boolean },
  ): Promise<unknown> {
    const { FlagsNew } = this.nl;
    return this.rq.newAddress(
      { family: AF_INET6, prefixlen: plen, index },
      {
        local: Buffer.from(addr),
        address: Buffer.from(addr),
        flags: o.nodad ? { nodad: true } : {},
        cacheInfo: { ifaPrefered: o.pltime, ifaValid: o.vltime, cstamp: 0, tstamp: 0 },
      },
      // FreeBSD re-adding an address is not an error: replace it.
      { flags: FlagsNew.CREATE | FlagsNew.REPLACE, timeout: REQUEST_TIMEOUT_MS },
    );
  }

  delAddr(index: number, addr: Uint8Array, plen: number): Promise<unknown> {
    return this.rq.delAddress(
      { family: AF_INET6, prefixlen: plen, index },
      { local: Buffer.from(addr), address: Buffer.from(addr) },
      { timeout: REQUEST_TIMEOUT_MS },
    );
  }

  async routes(): Promise<KRoute[]> {
    const rs = await this.rq.getRoutes({ family: AF_INET6 }, undefined, { timeout: REQUEST_TIMEOUT_MS });
    // A multipath route is one message with a next hop each (RTA_MULTIPATH): one route each,
    // as FreeBSD's netstat prints a line per next hop of a group.
    return rs.flatMap((m) => nextHops(m).map((via) => ({ ...toRoute(m), ...via })));
  }

  /** RTM_GETROUTE for one address: the kernel's own longest match (with the zone as oif). */
  async lookup(dst: Uint8Array, oif: number): Promise<KRoute | null> {
    const rs = await this.call('RTM_GET', () =>
      this.rq.getRoute(
        { family: AF_INET6, dstLen: 128 },
        { dst: Buffer.from(dst), ...(oif ? { oif } : {}) },
        { timeout: REQUEST_TIMEOUT_MS },
      ),
    );
    const r = rs[0];
    return r ? toRoute(r) : null;
  }

  /** A static route in the main table; EXCL unless replacing (route change). */
  setRoute(
    dst: Uint8Array,
    plen: number,
    via: { gateway: Uint8Array | null; oif: number },
    o: { type: string; mtu: number; replace: boolean; expire: number | null },
  ): Promise<unknown> {
    const { FlagsNew } = this.nl;
    const metrics = o.mtu ? { metrics: { mtu: u32Bytes(o.mtu) } } : {};
    // RTA_EXPIRES: seconds from now, a u32 in host order (rtm_to_fib6_config sets RTF_EXPIRES).
    const expires = u32Bytes(o.expire ?? 0);
    return this.rq.newRoute(
      { family: AF_INET6, dstLen: plen, table: 254, protocol: 'STATIC', scope: 'UNIVERSE', type: o.type as never },
      {
        dst: Buffer.from(dst),
        oif: via.oif,
        ...(via.gateway ? { gateway: Buffer.from(via.gateway) } : {}),
        ...metrics,
        ...(o.expire ? { expires } : {}),
      } as never,
      { flags: o.replace ? FlagsNew.REPLACE : FlagsNew.CREATE | FlagsNew.EXCL, timeout: REQUEST_TIMEOUT_MS },
    );
  }

  removeRoute(dst: Uint8Array, plen: number, gateway: Uint8Array | null, oif: number): Promise<unknown> {
    return this.rq.delRoute(
      { family: AF_INET6, dstLen: plen, table: 254 },
      { dst: Buffer.from(dst), ...(gateway ? { gateway: Buffer.from(gateway) } : {}), ...(oif ? { oif } : {}) },
      { timeout: REQUEST_TIMEOUT_MS },
    );
  }

  async neighbors(): Promise<KNeigh[]> {
    const plain = await this.rq.getNeighbors({ family: AF_INET6 }, undefined, { timeout: REQUEST_TIMEOUT_MS });
    // Proxy entries only come with a second dump that asks for them.
    const proxy = await this.rq.getNeighbors({ family: AF_INET6, flags: { proxy: true } }, undefined, {
      timeout: REQUEST_TIMEOUT_MS,
    });
    return [...plain, ...proxy].map((m) => toNeigh(m as never)).filter((n): n is KNeigh => n !== null);
  }

  async neighborParms(): Promise<KNeighParms[]> {
    const ts = await this.rq.getNeighborTables({ family: AF_INET6 }, undefined, { timeout: REQUEST_TIMEOUT_MS });
    return ts
      .filter((t) => t.attrs.parms?.ifindex)
      .map((t) => {
        const p = t.attrs.parms as NonNullable<typeof t.attrs.parms>;
        return {
          index: p.ifindex ?? 0,
          reachable: Number(p.reachableTime ?? 30000n),
          retrans: Number(p.retransTime ?? 1000n),
          delayProbe: Number(p.delayProbeTime ?? 5000n),
          gcStale: Number(p.gcStaletime ?? 60000n),
        };
      });
  }

  /** ndp -s: a permanent entry; proxy makes it an NTF_PROXY entry (answered for, no lladdr needed). */
  setNeighbor(index: number, addr: Uint8Array, lladdr: Uint8Array, proxy: boolean): Promise<unknown> {
    const { FlagsNew } = this.nl;
    return this.rq.newNeighbor(
      { family: AF_INET6, ifindex: index, state: { permanent: true }, flags: proxy ? { proxy: true } : {} },
      { dst: Buffer.from(addr), ...(proxy ? {} : { lladdr: Buffer.from(lladdr) }) },
      { flags: FlagsNew.CREATE | FlagsNew.REPLACE, timeout: REQUEST_TIMEOUT_MS },
    );
  }

  delNeighbor(index: number, addr: Uint8Array, proxy: boolean): Promise<unknown> {
    return this.rq.delNeighbor(
      { family: AF_INET6, ifindex: index, flags: proxy ? { proxy: true } : {} },
      { dst: Buffer.from(addr) },
      { timeout: REQUEST_TIMEOUT_MS },
    );
  }

  /**
   * route monitor: every route, address, neighbour and link message of the given groups, parsed,
   * until close(). NEW and DEL are told apart from the raw message type.
   */
  watchAll(onEvent: (e: KEvent) => void): () => void {
    const { createRtNetlink, rt } = this.nl;
    const ev = createRtNetlink({ ref: true } as never);
    ev.socket.setRecvBufferSize(8 << 20);
    for (const g of ['IPV6_ROUTE', 'IPV6_IFADDR', 'NEIGH', 'LINK']) ev.addMembership(g as never);
    const T = rt.MessageType;
    ev.socket.on('message', (msgs: { type: number; data: Buffer }[]) => {
      try {
        for (const x of msgs) {
          const add = x.type === T.NEWROUTE || x.type === T.NEWADDR || x.type === T.NEWNEIGH || x.type === T.NEWLINK;
          if (x.type === T.NEWROUTE || x.type === T.DELROUTE) {
            const m = rt.parseRouteMessage(x.data);
            if (m.data.family === AF_INET6) onEvent({ kind: 'route', add, route: toRoute(m) });
          } else if (x.type === T.NEWADDR || x.type === T.DELADDR) {
            const a = toAddr(rt.parseAddressMessage(x.data) as never);
            if (a) onEvent({ kind: 'addr', add, addr: a });
          } else if (x.type === T.NEWNEIGH || x.type === T.DELNEIGH) {
            const n = toNeigh(rt.parseNeighborMessage(x.data) as never);
            if (n) onEvent({ kind: 'neigh', add, neigh: n });
          } else if (x.type === T.NEWLINK || x.type === T.DELLINK) {
            const m = rt.parseLinkMessage(x.data);
            onEvent({
              kind: 'link',
              add,
              index: m.data.index ?? 0,
              name: m.attrs.ifname ?? '',
              up: Boolean(m.data.flags?.up),
              running: Boolean(m.data.flags?.lowerUp ?? m.data.flags?.running),
              mtu: m.attrs.mtu ?? 0,
            });
          }
        }
      } catch {
        /* never let an exception escape a netlink listener: it would abort the process */
      }
    });
    return () => ev.socket.close();
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
          if (a && x.type === rt.MessageType.DELADDR)
            for (const w of [...waiters]) w({ ...a, flags: { deleted: true } });
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
            check().then(
              (ok) => {
                if (!ok) return;
                waiters.delete(w);
                resolve(true);
              },
              () => undefined,
            );
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

/** RTA_PREF's values (ICMPV6_ROUTER_PREF_*: RFC 4191's two bits). */
const ROUTER_PREF: Record<number, 'low' | 'medium' | 'high'> = { 0: 'medium', 1: 'high', 3: 'low' };

/** RTA_MULTIPATH's rtnexthop records (len u16, flags u8, hops u8, ifindex s32, attributes). */
function nextHops(m: { attrs: { multipath?: Buffer } }): Partial<Pick<KRoute, 'gateway' | 'oif'>>[] {
  const mp = m.attrs.multipath;
  if (!mp) return [{}];
  const out: { gateway: string | null; oif: number }[] = [];
  for (let o = 0; o + 8 <= mp.length; ) {
    const len = u16(mp, o);
    if (len < 8 || o + len > mp.length) break;
    const oif = s32(mp, o + 4);
    const gw = nested(mp.subarray(o + 8, o + len), 5);
    out.push({ gateway: gw && gw.length === 16 ? formatIp6(Uint8Array.from(gw)) : null, oif });
    o += (len + 3) & ~3;
  }
  return out.length ? out : [{}];
}

function toRoute(m: {
  data: { dstLen?: number; table?: number; type?: unknown; protocol?: unknown };
  attrs: {
    dst?: Buffer;
    gateway?: Buffer;
    prefsrc?: Buffer;
    oif?: number;
    table?: number;
    cacheInfo?: { expires?: number };
    metrics?: { mtu?: Buffer };
    pref?: Buffer;
  };
}): KRoute {
  const dst = m.attrs.dst && m.attrs.dst.length === 16 ? Uint8Array.from(m.attrs.dst) : new Uint8Array(16);
  const exp = m.attrs.cacheInfo?.expires ?? 0;
  return {
    dst: formatIp6(dst),
    plen: m.data.dstLen ?? 0,
    gateway: m.attrs.gateway && m.attrs.gateway.length === 16 ? formatIp6(Uint8Array.from(m.attrs.gateway)) : null,
    oif: m.attrs.oif ?? 0,
    table: m.attrs.table ?? m.data.table ?? 0,
    type: String(m.data.type ?? ''),
    protocol: String(m.data.protocol ?? ''),
    // cacheInfo.expires is in centiseconds
    expires: exp > 0 ? Math.ceil(exp / 100) : null,
    mtu: m.attrs.metrics?.mtu && m.attrs.metrics.mtu.length >= 4 ? m.attrs.metrics.mtu.readUInt32LE(0) : 0,
    prefsrc: m.attrs.prefsrc && m.attrs.prefsrc.length === 16 ? formatIp6(Uint8Array.from(m.attrs.prefsrc)) : null,
    pref: ROUTER_PREF[m.attrs.pref?.[0] ?? 0] ?? 'medium',
  };
}

function toNeigh(m: {
  data: { ifindex?: number; state?: object; flags?: { router?: true; proxy?: true } };
  attrs: {
    dst?: Buffer;
    lladdr?: Buffer;
    probes?: number;
    cacheInfo?: { confirmed?: number; updated?: number; used?: number };
  };
}): KNeigh | null {
  const dst = m.attrs.dst;
  if (dst?.length !== 16 || dst[0] === 0xff) return null; // NOARP multicast entries: ip hides them too
  return {
    index: m.data.ifindex ?? 0,
    addr: formatIp6(Uint8Array.from(dst)),
    lladdr: m.attrs.lladdr && m.attrs.lladdr.length === 6 ? formatMac(Uint8Array.from(m.attrs.lladdr)) : null,
    state: (m.data.state ?? {}) as Record<string, boolean | undefined>,
    router: Boolean(m.data.flags?.router),
    proxy: Boolean(m.data.flags?.proxy),
    probes: m.attrs.probes ?? 0,
    confirmedAgo: (m.attrs.cacheInfo?.confirmed ?? 0) * 10,
    updatedAgo: (m.attrs.cacheInfo?.updated ?? 0) * 10,
    usedAgo: (m.attrs.cacheInfo?.used ?? 0) * 10,
  };
}
