// Worlds, nodes, links and interface life cycle (attach, up/down, clone create/destroy).
import { LOOPBACK_TEXT, canonical, parseMac, formatMac } from '../addr/index.js';
import { DAD_TRANSMITS, IFNAME_MAX, IN6_IFF, IPV6_MMTU, ND6_IFF, RTF } from './constants.js';
import { addAddress, deleteAddress, disableInet6, enableInet6, ensureLinkLocal, linkLocalDuplicated } from './addrs.js';
import { klog } from './log.js';
import { startDad } from './dad.js';
import { EngineError } from './errors.js';
import { ALL_ROUTERS, joinGroup, leaveGroup, reportAll } from './groups.js';
import { CLONERS, DRIVERS, findIface, findNode, hasCarrier, newIface as driverIface, randomMac } from './iface.js';
import { cancelNodeTimers, lastDeadline } from './queue.js';
import { topologyChanged } from './links.js';
import { nodeIndex, nodeLinks } from './lookup.js';
import { purgeIfRoutes } from './routes.js';
import { Rib } from './rib.js';
import { emptyStats } from './stats.js';
import { advance } from './events.js';
import { PREFER_IPV6 } from './policy.js';
import {
  SCHEMA_VERSION,
  type ClockMode,
  type IfType,
  type Iface,
  type Link,
  type LinkFaults,
  type Node,
  type World,
} from './types.js';
import { keyed } from '../table.js';

/** An interface as the driver makes it; on a router it joins the all-routers groups at once. */
function newIface(seed: number, node: Node, name: string, type: IfType, lladdr: string | null): Iface {
  const ifp = driverIface(seed, node, name, type, lladdr);
  if (node.knobs.forwarding !== 0) for (const g of ALL_ROUTERS) joinGroup(ifp, g);
  return ifp;
}
export interface WorldOptions {
  clock: ClockMode;
  seed: number;
  /** Kernel-only state: no rc.d reject routes, no installed policy table. */
  bare: boolean;
  /** Real mode: wall-clock milliseconds at world creation. */
  wallNow: number;
}

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,31}$/;

export function validName(kind: string, name: string): void {
  if (!NAME.test(name)) throw new EngineError('EINVAL', `bad ${kind} name '${name}'`);
}

/** A world with nothing in it yet (sim import builds on it). */
export function emptyWorld(o: WorldOptions): World {
  return {
    schemaVersion: SCHEMA_VERSION,
    clock: { mode: o.clock, now: 0, wallOrigin: o.clock === 'real' ? o.wallNow : 0 },
    seed: o.seed,
    rng: o.seed >>> 0,
    seq: 1,
    timers: [],
    nodes: [],
    links: [],
  };
}

/** The default world: a booted FreeBSD host with em0 on lan0 (DESIGN.md, The world). */
export function createWorld(o: WorldOptions): World {
  const w = emptyWorld(o);
  addLink(w, 'lan0');
  const host = addNode(w, 'host', { hostname: 'host', router: false, bare: o.bare, withEther: 'em0' });
  const em0 = attach(w, host.name, 'em0', 'lan0', null);
  setUp(w, host, em0, true);
  settle(w);
  return w;
}

/** Runs the clock until no timer is pending: boot-time DAD finishes (used at init). */
export function settle(w: World): void {
  for (let last = lastDeadline(w); last !== null; last = lastDeadline(w)) advance(w, last);
}

export function addLink(w: World, name: string): void {
  validName('link', name);
  if (w.links.some((l) => l.name === name)) throw new EngineError('EEXIST', `link ${name}`);
  w.links.push({ name, capture: null, faults: { ...NO_FAULTS } });
}

export const NO_FAULTS: LinkFaults = { loss: 0, delay: 0, mtu: null, down: false };

export function findLink(w: World, name: string): Link {
  const l = w.links.find((x) => x.name === name);
  if (!l) throw new EngineError('ENOENT', `link ${name}`);
  return l;
}

/** sim link set: change what the link does to frames from now on. */
export function setLinkFaults(w: World, name: string, change: Partial<LinkFaults>): LinkFaults {
  const l = findLink(w, name);
  const next = { ...l.faults, ...change };
  if (!(next.loss >= 0 && next.loss <= 100))
    throw new EngineError('EINVAL', `loss ${next.loss}: a percentage from 0 to 100`);
  if (!(next.delay >= 0 && next.delay <= 3_600_000))
    throw new EngineError('EINVAL', `delay ${next.delay}ms: from 0 to an hour`);
  if (next.mtu !== null && !(Number.isInteger(next.mtu) && next.mtu >= IPV6_MMTU && next.mtu <= 65535))
    throw new EngineError('EINVAL', `mtu ${next.mtu}: from ${IPV6_MMTU} (IPv6's minimum) to 65535`);
  l.faults = next;
  return next;
}

/** sim link del: the members are unplugged (they lose carrier), then the link goes. */
export function delLink(w: World, name: string): void {
  const l = findLink(w, name);
  for (let i = 0; i < w.nodes.length; i++) {
    if (!nodeLinks(w, i).includes(name)) continue;
    const node = w.nodes[i] as Node;
    for (const ifp of node.ifaces) if (ifp.link === name) detach(w, node.name, ifp.name);
  }
  // A new list, not a splice: linkNamed's index rebuilds when the list is another.
  w.links = w.links.filter((x) => x !== l);
  topologyChanged(w);
}

/** sim capture start/stop: where the link's frames go (the backend writes the file). */
export function setCapture(w: World, name: string, file: string | null): void {
  findLink(w, name).capture = file;
}

export interface NodeOptions {
  hostname: string;
  router: boolean;
  bare: boolean;
  /** Create this Ethernet interface before lo0, as a FreeBSD box probes its NIC first. */
  withEther?: string;
}

/** A booted node: lo0 with ::1 and fe80::1, rc.d's reject routes and policy table unless bare. */
export function addNode(w: World, name: string, o: NodeOptions): Node {
  topologyChanged(w);
  validName('node', name);
  if (nodeIndex(w, name) >= 0) throw new EngineError('EEXIST', `node ${name}`);
  const node: Node = {
    name,
    hostname: o.hostname,
    knobs: {
      forwarding: o.router ? 1 : 0,
      accept_rtadv: 0,
      auto_linklocal: 1,
      dad_count: DAD_TRANSMITS,
      use_tempaddr: 0,
      prefer_tempaddr: 0,
    },
    ifaces: [],
    nextIndex: 1,
    rib: Rib.empty(),
    policy: o.bare ? [] : PREFER_IPV6.map((p) => ({ ...p, use: 0 })),
    log: [],
    stats: emptyStats(),
    routers: [],
    prefixes: [],
    ndDefaultIf: 0,
    sockets: [],
  };
  w.nodes.push(node);
  if (o.withEther) {
    const nic = newIface(w.seed, node, o.withEther, 'ether', randomMac(w));
    // A bare kernel has only its defaults (net.inet6.ip6.accept_rtadv=0): rc.conf set the flag.
    if (!o.bare) rcConfigured(node, nic);
  }
  const lo = newIface(w.seed, node, 'lo0', 'loop', null);
  addAddress(w, node, lo, {
    addr: LOOPBACK_TEXT,
    plen: 128,
    flags: 0,
    pltime: null,
    vltime: null,
    origin: 'loopback',
    update: false,
    dadDelay: false,
  });
  setUp(w, node, lo, true);
  if (!o.bare) installRejectRoutes(node, lo);
  return node;
}

/** rc.d/routing's IPv6 reject routes (spec/README.md). */
function installRejectRoutes(node: Node, lo: Iface): void {
  const rej = RTF.UP | RTF.REJECT | RTF.STATIC;
  const via = { addr: LOOPBACK_TEXT, zone: 0 };
  // rc.d gives no zone, so fe80::/10 and ff02::/16 are unscoped keys (they sort first in netstat).
  for (const [dst, plen] of [
    ['::ffff:0.0.0.0', 96],
    ['::', 96],
    ['fe80::', 10],
    ['ff02::', 16],
  ] as const) {
    node.rib.set({
      dst: canonical(dst),
      plen,
      zone: 0,
      gateway: via,
      ifindex: lo.index,
      flags: rej,
      refs: 0,
      mtu: 0,
      expireAt: null,
    });
  }
}

export function delNode(w: World, name: string): void {
  topologyChanged(w);
  findNode(w, name);
  w.nodes = w.nodes.filter((n) => n.name !== name);
  cancelNodeTimers(w, name);
}

/**
 * A NIC present at boot gets the ND flags rc.conf gives it: a host's ifconfig_IF_ipv6 line says
 * accept_rtadv (the kernel's net.inet6.ip6.accept_rtadv stays 0), a router's does not.
 */
function rcConfigured(node: Node, ifp: Iface): Iface {
  if (node.knobs.forwarding === 0) ifp.nd6 |= ND6_IFF.ACCEPT_RTADV;
  return ifp;
}

/** Plugs an interface into a link, creating it (Ethernet, up) if the node lacks it. */
export function attach(w: World, nodeName: string, ifname: string, link: string, lladdr: string | null): Iface {
  topologyChanged(w);
  const node = findNode(w, nodeName);
  if (!w.links.some((l) => l.name === link)) throw new EngineError('ENOENT', `link ${link}`);
  const mac = lladdr === null ? null : formatMac(parseMac(lladdr));
  let ifp = node.ifaces.find((i) => i.name === ifname);
  if (ifp?.link) throw new EngineError('EBUSY', `${nodeName} ${ifname} is attached to ${ifp.link}`);
  if (!ifp) {
    validIfName(ifname);
    ifp = rcConfigured(node, newIface(w.seed, node, ifname, 'ether', mac ?? randomMac(w)));
    ifp.link = link;
    setUp(w, node, ifp, true);
    return ifp;
  }
  if (mac !== null) ifp.lladdr = mac;
  ifp.link = link;
  carrierUp(w, node, ifp);
  return ifp;
}

export function detach(w: World, nodeName: string, ifname: string): void {
  topologyChanged(w);
  const ifp = findIface(findNode(w, nodeName), ifname);
  if (!ifp.link) throw new EngineError('EINVAL', `${nodeName} ${ifname} is not attached`);
  ifp.link = null;
}

function validIfName(name: string): void {
  if (name.length > IFNAME_MAX || !/^[a-z][a-z0-9_]*\d$/.test(name))
    throw new EngineError('EINVAL', `bad interface name '${name}'`);
}

/** up/down: every down->up transition restores the link-local (seed 000) and restarts pending DAD. */
export function setUp(w: World, node: Node, ifp: Iface, up: boolean): void {
  if (ifp.up === up) return;
  ifp.up = up;
  if (!up) {
    for (const a of ifp.addrs) a.dad = null;
    return;
  }
  // What was joined while down is reported now; the link-local's joins report themselves.
  reportAll(w, node, ifp);
  ensureLinkLocal(w, node, ifp);
  for (const a of ifp.addrs) {
    if (a.flags & IN6_IFF.TENTATIVE && !a.dad) startDad(w, node, ifp, a, 0);
  }
  carrierUp(w, node, ifp);
}

/** NetBSD's in6_if_link_up: detached addresses turn tentative and DAD starts once there is carrier. */
function carrierUp(w: World, node: Node, ifp: Iface): void {
  if (!hasCarrier(ifp)) return;
  for (const a of ifp.addrs) {
    if (!(a.flags & IN6_IFF.DETACHED)) continue;
    a.flags = (a.flags & ~IN6_IFF.DETACHED) | IN6_IFF.TENTATIVE;
    startDad(w, node, ifp, a, 0);
  }
}

/** net.inet6.ip6.forwarding: a router holds the all-routers groups on every interface. */
function setForwarding(w: World, node: Node, value: number): void {
  const on = value !== 0;
  const was = node.knobs.forwarding !== 0;
  node.knobs.forwarding = value;
  if (on === was) return;
  for (const ifp of node.ifaces) for (const g of ALL_ROUTERS) (on ? joinGroup : leaveGroup)(ifp, g, { w, node });
}

/** The node's net.inet6.ip6 sysctls, by FreeBSD's names. */
export const SYSCTLS: Record<string, keyof Node['knobs']> = keyed({
  'net.inet6.ip6.forwarding': 'forwarding',
  'net.inet6.ip6.accept_rtadv': 'accept_rtadv',
  'net.inet6.ip6.auto_linklocal': 'auto_linklocal',
  'net.inet6.ip6.dad_count': 'dad_count',
  'net.inet6.ip6.use_tempaddr': 'use_tempaddr',
  'net.inet6.ip6.prefer_tempaddr': 'prefer_tempaddr',
});

export function getSysctl(node: Node, name: string): number {
  const knob = SYSCTLS[name];
  if (!knob) throw new EngineError('EINVAL', `unknown oid '${name}'`);
  return node.knobs[knob];
}

/**
 * sysctl name=value. Each of these is a plain SYSCTL_INT in in6_proto.c: any int is taken. A
 * dad_count of 0 or less sends no probes (nd6_dad_start); the switches are on when non-zero.
 */
export function checkSysctl(node: Node, name: string, value: number): void {
  getSysctl(node, name);
  if (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)
    throw new EngineError('EINVAL', `${name}: ${value}: not an int`);
}

export function setSysctl(w: World, node: Node, name: string, value: number): number {
  checkSysctl(node, name, value);
  const old = getSysctl(node, name);
  const knob = SYSCTLS[name] as keyof Node['knobs'];
  if (knob === 'forwarding') setForwarding(w, node, value);
  else node.knobs[knob] = value;
  return old;
}

/**
 * ND flag changes (ifconfig's nd6 keywords). Setting IFDISABLED makes the addresses tentative;
 * clearing it on an up interface runs their DAD again and attaches the link-local.
 * nd6_ioctl keeps IFDISABLED while a link-local address is duplicated (RFC 4862 5.4.5), with a
 * log line and no error.
 */
export function setNd6Flags(w: World, node: Node, ifp: Iface, set: number, clear: number): void {
  const wasDisabled = (ifp.nd6 & ND6_IFF.IFDISABLED) !== 0;
  if (wasDisabled && clear & ND6_IFF.IFDISABLED && linkLocalDuplicated(ifp)) {
    clear &= ~ND6_IFF.IFDISABLED;
    klog(w, node, 'Cannot enable an interface with a link-local address marked duplicate.');
  }
  ifp.nd6 = (ifp.nd6 | set) & ~clear;
  if (!wasDisabled && ifp.nd6 & ND6_IFF.IFDISABLED) disableInet6(w, node, ifp);
  if (wasDisabled && !(ifp.nd6 & ND6_IFF.IFDISABLED) && ifp.up) enableInet6(w, node, ifp);
}

export function setMtu(ifp: Iface, mtu: number): void {
  const max = ifp.type === 'loop' ? 131072 : 9216;
  if (!Number.isInteger(mtu) || mtu < IPV6_MMTU || mtu > max) throw new EngineError('EINVAL', 'mtu');
  ifp.mtu = mtu;
}

export function setLladdr(w: World, ifp: Iface, mac: string): void {
  topologyChanged(w);
  if (!DRIVERS[ifp.type].hasMac) throw new EngineError('EINVAL', 'lladdr');
  ifp.lladdr = formatMac(parseMac(mac));
}

/** 'ifconfig NAME create': returns the names made (epair makes a pair on a private link). */
export function cloneCreate(w: World, node: Node, name: string): Iface[] {
  topologyChanged(w);
  const m = /^([a-z]+?)(\d*)$/.exec(name);
  const type: IfType | undefined = m ? CLONERS[m[1] as string] : undefined;
  if (!m || !type) throw new EngineError('EINVAL', `no cloner for ${name}`);
  const base = m[1] as string;
  // A set, not a scan per unit tried: the next free unit among thousands is then linear, not cubic.
  const names = new Set(node.ifaces.map((i) => i.name));
  const taken = (unit: number): boolean =>
    type === 'epair' ? names.has(`${base}${unit}a`) || names.has(`${base}${unit}b`) : names.has(`${base}${unit}`);
  let unit = m[2] === '' ? 0 : Number(m[2]);
  if (m[2] === '') while (taken(unit)) unit++;
  else if (taken(unit)) throw new EngineError('EEXIST', name);
  if (type !== 'epair') return [cloned(newIface(w.seed, node, `${base}${unit}`, type, cloneMac(w, type)))];
  const link = `${node.name}:${base}${unit}`;
  if (!w.links.some((l) => l.name === link)) w.links.push({ name: link, capture: null, faults: { ...NO_FAULTS } });
  return ['a', 'b'].map((end) => {
    const ifp = cloned(
      newIface(
        w.seed,
        node,
        `${base}${unit}${end}`,
        'epair',
        randomMac(w, [0x02]).slice(0, 15) + (end === 'a' ? '0a' : '0b'),
      ),
    );
    ifp.link = link;
    return ifp;
  });
}

/**
 * An interface made after boot has no rc.conf line: with ipv6_activate_all_interfaces=NO (the
 * default) rc marks it ifdisabled, so it gets no link-local address until `inet6 -ifdisabled`
 * or an address is added. Loopbacks are never disabled.
 */
function cloned(ifp: Iface): Iface {
  if (ifp.type !== 'loop') ifp.nd6 |= ND6_IFF.IFDISABLED;
  return ifp;
}

function cloneMac(w: World, type: IfType): string | null {
  if (type === 'tap') return randomMac(w, [0x58, 0x9c, 0xfc]);
  if (type === 'bridge') return randomMac(w, [0x02]);
  return null;
}

export function cloneDestroy(w: World, node: Node, ifp: Iface): void {
  topologyChanged(w);
  if (!DRIVERS[ifp.type].cloneable || (ifp.type === 'loop' && ifp.name === 'lo0'))
    throw new EngineError('EINVAL', `cannot destroy ${ifp.name}`);
  const victims = ifp.type === 'epair' ? node.ifaces.filter((i) => i.link === ifp.link && i.type === 'epair') : [ifp];
  for (const v of victims) {
    for (const a of [...v.addrs]) deleteAddress(w, node, v, a.addr);
    purgeIfRoutes(node, v.index);
    node.ifaces.splice(node.ifaces.indexOf(v), 1);
  }
  if (ifp.type === 'epair') w.links = w.links.filter((l) => l.name !== ifp.link);
}
