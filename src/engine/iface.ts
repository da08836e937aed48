// Interfaces: what each simulated driver is (flags, MTU, capabilities, media), lookup, and the
// interface identifier a link-local address is built from (KAME IMPLEMENTATION 1.4.1).
import { parseMac, eui64FromMac, formatMac } from '../addr/index.js';
import {
  DEFAULT_HLIM,
  ETHERMTU,
  GIF_MTU,
  IFF,
  LOMTU,
  ND6_IFF,
  REACHABLE_TIME_MS,
  RETRANS_TIMER_MS,
} from './constants.js';
import { EngineError } from './errors.js';
import { nodeNamed } from './lookup.js';
import type { IfType, Iface, NdIfInfo, Node, World } from './types.js';
import { randomBytes } from './rng.js';

export interface Driver {
  /** Flags the driver always has (IFF_BROADCAST, IFF_LOOPBACK, ...). */
  baseFlags: number;
  mtu: number;
  /** IFCAP_* bits shown on the options= line. */
  caps: number;
  /** media: line, or null when the driver has no media. */
  media: string | null;
  /** The interface group ifconfig lists on groups: (besides 'all'). */
  group: string | null;
  /** Can be made with 'ifconfig NAME create'. */
  cloneable: boolean;
  hasMac: boolean;
}

const ETHER_FLAGS = IFF.BROADCAST | IFF.SIMPLEX | IFF.MULTICAST;

export const DRIVERS: Record<IfType, Driver> = {
  ether: {
    baseFlags: ETHER_FLAGS,
    mtu: ETHERMTU,
    caps: 0x8009b,
    media: 'Ethernet autoselect (1000baseT <full-duplex>)',
    group: null,
    cloneable: false,
    hasMac: true,
  },
  loop: {
    baseFlags: IFF.LOOPBACK | IFF.MULTICAST,
    mtu: LOMTU,
    caps: 0x680003,
    media: null,
    group: 'lo',
    cloneable: true,
    hasMac: false,
  },
  epair: {
    baseFlags: ETHER_FLAGS,
    mtu: ETHERMTU,
    caps: 0x8,
    media: 'Ethernet 10Gbase-T (10Gbase-T <full-duplex>)',
    group: 'epair',
    cloneable: true,
    hasMac: true,
  },
  tap: {
    baseFlags: ETHER_FLAGS,
    mtu: ETHERMTU,
    caps: 0x80000,
    media: 'Ethernet autoselect',
    group: 'tap',
    cloneable: true,
    hasMac: true,
  },
  gif: {
    baseFlags: IFF.POINTOPOINT | IFF.MULTICAST,
    mtu: GIF_MTU,
    caps: 0,
    media: null,
    group: 'gif',
    cloneable: true,
    hasMac: false,
  },
  tun: {
    baseFlags: IFF.POINTOPOINT | IFF.MULTICAST,
    mtu: ETHERMTU,
    caps: 0x80000,
    media: null,
    group: 'tun',
    cloneable: true,
    hasMac: false,
  },
  bridge: {
    baseFlags: ETHER_FLAGS,
    mtu: ETHERMTU,
    caps: 0,
    media: null,
    group: 'bridge',
    cloneable: true,
    hasMac: true,
  },
};

/** Name prefixes 'ifconfig NAME create' understands. */
export const CLONERS: Record<string, IfType> = {
  bridge: 'bridge',
  epair: 'epair',
  gif: 'gif',
  lo: 'loop',
  tap: 'tap',
  tun: 'tun',
};

/** Whether the interface has carrier: plugged into a link, or a driver that needs none. */
export function hasCarrier(ifp: Iface): boolean {
  switch (ifp.type) {
    case 'loop':
      return true;
    case 'gif':
    case 'tun':
    case 'bridge':
      return ifp.up;
    case 'epair':
    case 'ether':
    case 'tap':
      return ifp.link !== null;
  }
}

/** IFF_* bits as the kernel reports them. */
export function ifFlags(ifp: Iface): number {
  let f = DRIVERS[ifp.type].baseFlags;
  if (ifp.up) f |= IFF.UP | IFF.RUNNING;
  if (hasCarrier(ifp)) f |= IFF.LOWER_UP;
  return f;
}

export function findNode(w: World, name: string): Node {
  const n = nodeNamed(w, name);
  if (!n) throw new EngineError('ENOENT', `node ${name}`);
  return n;
}

export function findIface(node: Node, name: string): Iface {
  const i = node.ifaces.find((x) => x.name === name);
  if (!i) throw new EngineError('ENXIO', name);
  return i;
}

export function ifaceByIndex(node: Node, index: number): Iface | undefined {
  return node.ifaces.find((x) => x.index === index);
}

export function loopbackOf(node: Node): Iface | undefined {
  return node.ifaces.find((x) => x.type === 'loop' && x.name === 'lo0') ?? node.ifaces.find((x) => x.type === 'loop');
}

/** ND flags a new interface starts with, from the node's sysctl knobs (nd6_ifattach). */
function defaultNd6(node: Node, type: IfType): number {
  let f = ND6_IFF.PERFORMNUD;
  if (type === 'loop' || (node.knobs.auto_linklocal !== 0 && type !== 'bridge')) f |= ND6_IFF.AUTO_LINKLOCAL;
  if (node.knobs.accept_rtadv !== 0 && type !== 'loop') f |= ND6_IFF.ACCEPT_RTADV;
  return f;
}

export function newIface(seed: number, node: Node, name: string, type: IfType, lladdr: string | null): Iface {
  const ifp: Iface = {
    name,
    index: node.nextIndex++,
    type,
    up: false,
    mtu: DRIVERS[type].mtu,
    lladdr,
    link: null,
    nd6: defaultNd6(node, type),
    description: null,
    addrs: [],
    groups: [],
    neighbors: [],
    ndi: defaultNdInfo(seed, node.name, name),
    rtadv: null,
    nbMulti: { inet6: [], ether: [], routeVia: null, unrouted: [] },
  };
  node.ifaces.push(ifp);
  return ifp;
}

/**
 * nd6_ifattach's parameters. ReachableTime is randomised in [0.5, 1.5) x base (RFC 4861 6.3.2)
 * from a hash of the world seed and the interface, so that it draws nothing from the world's
 * generator (whose sequence MACs and DAD delays come from).
 */
export function defaultNdInfo(seed: number, node: string, ifname: string): NdIfInfo {
  let h = 0x811c9dc5 ^ seed;
  for (const c of `${node}/${ifname}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return {
    basereachable: REACHABLE_TIME_MS,
    reachable: Math.floor((REACHABLE_TIME_MS * (512 + (h % 1024))) / 1024),
    retrans: RETRANS_TIMER_MS,
    curhlim: DEFAULT_HLIM,
    linkmtu: 0,
    lastRaSeq: null,
  };
}

/** A MAC for a new Ethernet-like interface, from the seeded generator. */
export function randomMac(w: World, oui: readonly number[] = [0x52, 0x54, 0x00]): string {
  return formatMac(Uint8Array.from([...oui, ...randomBytes(w, 6 - oui.length)]));
}

/** FNV-1a, 64 bits: KAME hashes the hostname when no interface has a MAC to borrow. */
function hostnameIid(hostname: string): Uint8Array {
  let h = 0xcbf29ce484222325n;
  for (const c of Buffer.from(hostname, 'utf8')) h = ((h ^ BigInt(c)) * 0x100000001b3n) & 0xffffffffffffffffn;
  const iid = Uint8Array.from({ length: 8 }, (_, i) => Number((h >> BigInt(56 - 8 * i)) & 0xffn));
  iid[0] = ((iid[0] as number) & ~0x01) | 0x02; // KAME get_rand_ifid: g bit individual, u bit set
  return iid;
}

/** The interface identifier for a link-local address: own MAC, else borrowed, else hostname hash. */
export function interfaceId(node: Node, ifp: Iface): Uint8Array {
  if (ifp.type === 'loop') return Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1);
  const donor = ifp.lladdr ? ifp : node.ifaces.find((x) => x.lladdr !== null && x.type !== 'loop');
  if (donor?.lladdr) return eui64FromMac(parseMac(donor.lladdr));
  return hostnameIid(node.hostname);
}
