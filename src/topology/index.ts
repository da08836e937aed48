// Topology as code (docs/topology.md): a world written down as what was configured (links and
// their faults, nodes, interfaces with their MACs, manual addresses, static routes and neighbour
// entries, sysctls, rtadvd, policy tables), and built again from scratch through the engine, DAD
// and all, on a fresh clock. What the stack learns by itself (link-locals, SLAAC addresses,
// neighbour caches, routers) is not written: the build learns it again.
import { AddrError, canonical, formatIp6, isLinkLocal, parseIp6, parsePrefix } from '../addr/index.js';
import * as E from '../engine/index.js';
import type { Doc } from '../schema/index.js';

type Topology = Doc<'topology'>;
type TopoNode = Topology['nodes'][number];
type TopoIface = TopoNode['interfaces'][number];

const TOPOLOGY_VERSION = 1;

/** A value the world refuses, at its place in the document ("/nodes/1/interfaces/0/name"). */
export class TopologyError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'TopologyError';
  }
}

const ND6_WORDS: readonly [number, string][] = [
  [E.ND6_IFF.PERFORMNUD, 'nud'],
  [E.ND6_IFF.ACCEPT_RTADV, 'accept_rtadv'],
  [E.ND6_IFF.IFDISABLED, 'ifdisabled'],
  [E.ND6_IFF.AUTO_LINKLOCAL, 'auto_linklocal'],
  [E.ND6_IFF.NO_RADR, 'no_radr'],
  [E.ND6_IFF.NO_PREFER_IFACE, 'no_prefer_iface'],
  [E.ND6_IFF.NO_DAD, 'no_dad'],
];
const ADDR_WORDS: readonly [number, string][] = [
  [E.IN6_IFF.ANYCAST, 'anycast'],
  [E.IN6_IFF.DEPRECATED, 'deprecated'],
  [E.IN6_IFF.AUTOCONF, 'autoconf'],
  [E.IN6_IFF.PREFER_SOURCE, 'prefer_source'],
];
const ROUTE_WORDS: readonly [number, string][] = [
  [E.RTF.REJECT, 'reject'],
  [E.RTF.BLACKHOLE, 'blackhole'],
  [E.RTF.PROTO1, 'proto1'],
  [E.RTF.PROTO2, 'proto2'],
  [E.RTF.XRESOLVE, 'xresolve'],
  [E.RTF.STATIC, 'static'],
];

const words = (bits: number, table: readonly [number, string][]): string[] =>
  table.filter(([b]) => bits & b).map(([, w]) => w);

function bitsOf(list: string[], table: readonly [number, string][], path: string): number {
  let bits = 0;
  list.forEach((w, i) => {
    const row = table.find(([, x]) => x === w);
    if (!row)
      throw new TopologyError(
        `${path}/${i}`,
        `unknown word ${JSON.stringify(w)} (${table.map(([, x]) => x).join(', ')})`,
      );
    bits |= row[0];
  });
  return bits;
}

const ifName = (node: E.Node, index: number): string => E.ifaceByIndex(node, index)?.name ?? `#${index}`;
const scoped = (node: E.Node, addr: string, zone: number): string => (zone ? `${addr}%${ifName(node, zone)}` : addr);
/** Links the engine makes itself (an epair's own link): the pair makes it again. */
const builtIn = (link: string): boolean => link.includes(':');

export function exportWorld(w: E.World): Topology {
  return {
    'ip6kit-topology': TOPOLOGY_VERSION,
    clock: w.clock.mode,
    seed: w.seed,
    links: w.links
      .filter((l) => !builtIn(l.name))
      .map((l) => {
        const f = l.faults;
        const faults = {
          ...(f.loss ? { loss: f.loss } : {}),
          ...(f.delay ? { delay: f.delay } : {}),
          ...(f.mtu !== null ? { mtu: f.mtu } : {}),
          ...(f.down ? { down: true as const } : {}),
        };
        return {
          name: l.name,
          ...(Object.keys(faults).length ? { faults } : {}),
          ...(l.capture ? { capture: l.capture } : {}),
        };
      }),
    nodes: w.nodes.map((n) => exportNode(n)),
  };
}

function exportNode(n: E.Node): TopoNode {
  const routes: TopoNode['routes'] = [];
  for (const r of n.rib.entries()) {
    // Static routes only: the stack's own (addresses', prefixes', routers') come back by themselves.
    if (!(r.flags & E.RTF.STATIC) || r.flags & E.RTF.PINNED) continue;
    const gateway = 'addr' in r.gateway ? scoped(n, r.gateway.addr, r.gateway.zone) : ifName(n, r.gateway.link);
    routes.push({
      destination: `${scoped(n, r.dst, r.zone)}/${r.plen}`,
      gateway,
      interface: ifName(n, r.ifindex),
      flags: words(r.flags, ROUTE_WORDS),
      ...(r.mtu ? { mtu: r.mtu } : {}),
    });
  }
  const ifaces = [...n.ifaces].sort((a, b) => a.index - b.index);
  return {
    name: n.name,
    hostname: n.hostname,
    sysctl: Object.fromEntries(Object.keys(E.SYSCTLS).map((k) => [k, E.getSysctl(n, k)])),
    interfaces: ifaces.map((i) => exportIface(i)),
    routes,
    neighbors: ifaces.flatMap((i) =>
      i.neighbors
        .filter((x) => x.static && x.lladdr)
        .map((x) => ({
          address: isLinkLocal(parseIp6(x.addr)) ? `${x.addr}%${i.name}` : x.addr,
          interface: i.name,
          ether: x.lladdr as string,
          proxy: x.proxy,
        })),
    ),
    policy: n.policy.map((p) => ({ prefix: `${p.prefix}/${p.plen}`, precedence: p.precedence, label: p.label })),
  };
}

function exportIface(i: E.Iface): TopoIface {
  const rt = i.rtadv;
  return {
    name: i.name,
    type: i.type,
    ...(i.lladdr ? { ether: i.lladdr } : {}),
    ...(i.link && !builtIn(i.link) ? { link: i.link } : {}),
    up: i.up,
    mtu: i.mtu,
    ...(i.description !== null ? { description: i.description } : {}),
    nd6: words(i.nd6, ND6_WORDS),
    addresses: i.addrs
      .filter((a) => a.origin === 'manual')
      .map((a) => ({
        address: a.addr,
        prefixlen: a.plen,
        ...(a.dest ? { destination: a.dest } : {}),
        ...(a.flags & (E.IN6_IFF.ANYCAST | E.IN6_IFF.DEPRECATED | E.IN6_IFF.AUTOCONF | E.IN6_IFF.PREFER_SOURCE)
          ? { flags: words(a.flags, ADDR_WORDS) }
          : {}),
        ...(a.pltime !== null ? { pltime: a.pltime } : {}),
        ...(a.vltime !== null ? { vltime: a.vltime } : {}),
      })),
    ...(rt
      ? {
          rtadvd: {
            prefixes: rt.prefixes.map((p) => ({
              prefix: `${p.prefix}/${p.plen}`,
              pltime: p.pltime,
              vltime: p.vltime,
              onlink: p.onlink,
              autonomous: p.autonomous,
            })),
            'router-lifetime': rt.routerLifetime,
            interval: { min: rt.minInterval, max: rt.maxInterval },
            ...(rt.mtu !== null ? { mtu: rt.mtu } : {}),
            managed: rt.managed,
            other: rt.other,
          },
        }
      : {}),
  };
}

/** Runs an engine step; what it refuses is reported at `path`. */
function at<T>(path: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TopologyError) throw e;
    if (e instanceof E.EngineError)
      throw new TopologyError(path, `${what}: ${e.detail}${e.code === 'EEXIST' ? ' already exists' : ''}`);
    if (e instanceof AddrError) throw new TopologyError(path, `${what}: ${e.message}`);
    throw e;
  }
}

/** Virtual time the build gives DAD (and the first router advertisements) to finish. */
const SETTLE_MS = 60_000;

function settle(w: E.World): void {
  const tentative = (): boolean =>
    w.nodes.some((n) =>
      n.ifaces.some(
        (i) => i.up && i.link && i.addrs.some((a) => a.flags & E.IN6_IFF.TENTATIVE && !(i.nd6 & E.ND6_IFF.IFDISABLED)),
      ),
    );
  E.runUntil(w, () => !tentative(), w.clock.now + SETTLE_MS);
}

/** Builds the world a topology describes, from an empty one. Throws TopologyError. */
export function buildWorld(t: Topology, wallNow: number): E.World {
  const w = E.emptyWorld({ clock: t.clock, seed: t.seed, bare: true, wallNow });
  t.links.forEach((l, k) => {
    const p = `/links/${k}`;
    at(`${p}/name`, `link ${l.name}`, () => E.addLink(w, l.name));
    if (l.faults)
      at(`${p}/faults`, `link ${l.name}`, () =>
        E.setLinkFaults(w, l.name, { ...l.faults, down: l.faults?.down === true }),
      );
    if (l.capture) E.setCapture(w, l.name, l.capture);
  });
  const built: { node: E.Node; t: TopoNode; p: string }[] = [];
  t.nodes.forEach((tn, k) => {
    const p = `/nodes/${k}`;
    const lo = tn.interfaces.findIndex((i) => i.name === 'lo0');
    const first = tn.interfaces[0];
    // A NIC found before lo0 at boot is made first, as the default world's em0 is.
    const withEther = first && first.type === 'ether' && lo > 0 ? first.name : undefined;
    const node = at(`${p}/name`, `node ${tn.name}`, () =>
      E.addNode(w, tn.name, {
        hostname: tn.hostname,
        router: tn.sysctl['net.inet6.ip6.forwarding'] === 1,
        bare: true,
        ...(withEther ? { withEther } : {}),
      }),
    );
    for (const [name, value] of Object.entries(tn.sysctl))
      at(`${p}/sysctl/${name}`, name, () => E.setSysctl(w, node, name, value));
    for (const [j, ti] of tn.interfaces.entries()) buildIface(w, node, ti, `${p}/interfaces/${j}`);
    built.push({ node, t: tn, p });
  });
  settle(w);
  for (const { node, t: tn, p } of built) {
    for (const [j, r] of tn.routes.entries()) buildRoute(w, node, r, `${p}/routes/${j}`);
    tn.neighbors.forEach((nb, j) => {
      const q = `${p}/neighbors/${j}`;
      const ifp = at(`${q}/interface`, `interface ${nb.interface}`, () => E.findIface(node, nb.interface));
      const addr = at(`${q}/address`, nb.address, () => formatIp6(parseIp6(nb.address.replace(/%.*$/, ''))));
      at(q, `neighbor ${nb.address}`, () => E.setStaticNeighbor(w, node, ifp, addr, nb.ether, nb.proxy, null));
    });
    node.policy = tn.policy.map((row, j) => {
      const pp = at(`${p}/policy/${j}/prefix`, row.prefix, () => parsePrefix(row.prefix));
      return { prefix: formatIp6(pp.addr), plen: pp.len, precedence: row.precedence, label: row.label, use: 0 };
    });
    tn.interfaces.forEach((ti, j) => {
      if (!ti.rtadvd) return;
      const q = `${p}/interfaces/${j}/rtadvd`;
      const r = ti.rtadvd;
      const prefixes = r.prefixes.map((x, m) => {
        const pp = at(`${q}/prefixes/${m}/prefix`, x.prefix, () => parsePrefix(x.prefix));
        return {
          prefix: formatIp6(pp.addr),
          plen: pp.len,
          pltime: x.pltime,
          vltime: x.vltime,
          onlink: x.onlink,
          autonomous: x.autonomous,
        };
      });
      const ifp = E.findIface(node, ti.name);
      at(q, `rtadvd on ${ti.name}`, () =>
        E.configureRtadv(w, node, ifp, {
          prefixes,
          routerLifetime: r['router-lifetime'],
          minInterval: r.interval.min,
          maxInterval: r.interval.max,
          mtu: r.mtu ?? null,
          managed: r.managed,
          other: r.other,
        }),
      );
    });
  }
  // The first advertisements go out at once: let them arrive, then let SLAAC's DAD finish.
  E.advance(w, w.clock.now + 1);
  settle(w);
  return w;
}

function buildIface(w: E.World, node: E.Node, ti: TopoIface, p: string): void {
  let ifp = node.ifaces.find((i) => i.name === ti.name);
  if (!ifp) {
    if (ti.type === 'ether') {
      if (!ti.link) throw new TopologyError(`${p}/link`, `interface ${ti.name}: an Ethernet interface needs a link`);
      ifp = at(`${p}/name`, `interface ${ti.name}`, () =>
        E.attach(w, node.name, ti.name, ti.link as string, ti.ether ?? null),
      );
    } else {
      const made = at(`${p}/name`, `interface ${ti.name}`, () => E.cloneCreate(w, node, ti.name));
      ifp = made.find((i) => i.name === ti.name) ?? (made[0] as E.Iface);
    }
  }
  const i = ifp;
  if (i.type !== ti.type) throw new TopologyError(`${p}/type`, `interface ${ti.name} is ${i.type}, not ${ti.type}`);
  if (ti.ether && i.lladdr !== ti.ether)
    at(`${p}/ether`, `interface ${ti.name}`, () => E.setLladdr(w, i, ti.ether as string));
  if (ti.link && i.link !== ti.link)
    at(`${p}/link`, `interface ${ti.name}`, () => E.attach(w, node.name, ti.name, ti.link as string, null));
  if (i.mtu !== ti.mtu) at(`${p}/mtu`, `interface ${ti.name}`, () => E.setMtu(i, ti.mtu));
  i.description = ti.description ?? null;
  const want = bitsOf(ti.nd6, ND6_WORDS, `${p}/nd6`);
  const known = ND6_WORDS.reduce((m, [b]) => m | b, 0);
  at(`${p}/nd6`, `interface ${ti.name}`, () => E.setNd6Flags(w, node, i, want & ~i.nd6, ~want & i.nd6 & known));
  if (i.up !== ti.up) E.setUp(w, node, i, ti.up);
  ti.addresses.forEach((a, k) => {
    const q = `${p}/addresses/${k}`;
    const addr = at(`${q}/address`, a.address, () => formatIp6(parseIp6(a.address)));
    const flags = bitsOf(a.flags ?? [], ADDR_WORDS, `${q}/flags`);
    at(q, `address ${a.address}`, () =>
      E.addAddress(w, node, i, {
        addr,
        plen: a.prefixlen,
        flags,
        pltime: a.pltime ?? null,
        vltime: a.vltime ?? null,
        origin: 'manual',
        update: false,
        dadDelay: false,
        dest: a.destination === undefined ? null : canonical(a.destination),
      }),
    );
  });
}

function buildRoute(w: E.World, node: E.Node, r: TopoNode['routes'][number], p: string): void {
  const zoneOf = (text: string, where: string): { addr: string; zone: number } => {
    const m = /^([^%]+)(?:%(.+))?$/.exec(text) as RegExpExecArray;
    const zone = m[2] === undefined ? 0 : at(where, `interface ${m[2]}`, () => E.findIface(node, m[2] as string).index);
    return { addr: at(where, text, () => formatIp6(parseIp6(m[1] as string))), zone };
  };
  const slash = r.destination.lastIndexOf('/');
  if (slash < 0) throw new TopologyError(`${p}/destination`, `${r.destination}: a destination is PREFIX/LEN`);
  const dst = zoneOf(r.destination.slice(0, slash), `${p}/destination`);
  const plen = Number(r.destination.slice(slash + 1));
  let gateway: E.GatewaySpec | null = null;
  if (r.gateway !== undefined) {
    const g = r.gateway;
    const iface = node.ifaces.find((i) => i.name === g);
    gateway = iface ? { kind: 'iface', ifindex: iface.index } : { kind: 'addr', ...zoneOf(g, `${p}/gateway`) };
  }
  const ifp =
    r.interface === undefined
      ? null
      : at(`${p}/interface`, `interface ${r.interface}`, () => E.findIface(node, r.interface as string).index);
  const flags = bitsOf(r.flags, ROUTE_WORDS, `${p}/flags`);
  at(p, `route ${r.destination}`, () =>
    E.addStaticRoute(w, node, {
      dst: dst.addr,
      plen,
      zone: dst.zone,
      gateway,
      flags,
      ifp,
      mtu: r.mtu ?? 0,
      expire: null,
    }),
  );
}
