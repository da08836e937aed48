// The JSON documents ip6kit prints, as TypeBox schemas. Renderers build their documents with the
// static types derived here (type-only imports: nothing of this module reaches dist/), the build
// writes each schema to schemas/NAME.schema.json (JSON Schema 2020-12), and the tests validate
// every document a command prints against its schema. docs/json.md states the conventions.
import { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';
import { ICMP6_STAT_ROWS, IP6_STAT_ROWS } from '../render/stats-rows.js';

const strict = { additionalProperties: false } as const;
const Str = Type.String();
const Int = Type.Integer();
const Nat = Type.Integer({ minimum: 0 });
/** libxo's xo_set_version, as ndp sets it; ip6kit's own documents carry the same. */
const Version = Type.Literal('1');
const Words = Type.Array(Str);

/** A document of ip6kit's own convention: the version, then one container named after the tool. */
function own<K extends string, T extends TSchema>(
  tool: K,
  body: T,
): TObject<{ __version: typeof Version } & { [P in K]: T }> {
  return Type.Object({ __version: Version, [tool]: body } as { __version: typeof Version } & { [P in K]: T }, strict);
}

const obj = <T extends TProperties>(p: T): TObject<T> => Type.Object(p, strict);

// ndp (usr.sbin/ndp/ndp.c and ndp_netlink.c, FreeBSD 14: libxo version "1", container "ndp").
const Expiry = { expires_sec: Type.Optional(Int), permanent: Type.Optional(Type.Literal(true)) };
const NdpNeighbor = obj({
  address: Str,
  'mac-address': Str,
  interface: Str,
  ...Expiry,
  'neighbor-state': Str,
  'nd-flags': Str,
});
const NdpDeleted = obj({ hostname: Str, address: Str, interface: Str });
const NdpNeighbors = own('ndp', obj({ 'neighbor-cache': Type.Array(NdpNeighbor) }));
const NdpDeletions = own('ndp', obj({ 'neighbor-cache': Type.Array(NdpDeleted) }));
const NdpPrefix = obj({
  prefix: Str,
  interface: Str,
  flags_pretty: Type.Array(
    Type.Union([
      Type.Literal('ra_onlink'),
      Type.Literal('ra_autonomous'),
      Type.Literal('is_onlink'),
      Type.Literal('is_detached'),
    ]),
  ),
  flags: Str,
  /** ND6_INFINITE_LIFETIME (4294967295) for infinity, as ndp writes it. */
  'valid-lifetime': Nat,
  'preferred-lifetime': Nat,
  ...Expiry,
  refcount: Nat,
  'advertising-routers': Type.Optional(
    Type.Array(
      obj({
        hostname: Str,
        address: Str,
        state: Type.Union([Type.Literal('reachable'), Type.Literal('unreachable'), Type.Literal('no neighbor state')]),
      }),
    ),
  ),
});
const NdpPrefixes = own('ndp', obj({ 'prefix-list': Type.Array(NdpPrefix) }));
const NdpRouter = obj({
  hostname: Str,
  address: Str,
  interface: Str,
  flags_pretty: Type.Array(Type.Union([Type.Literal('managed'), Type.Literal('other')])),
  flags: Str,
  preference: Type.Union([Type.Literal('medium'), Type.Literal('high'), Type.Literal('rsv'), Type.Literal('low')]),
  ...Expiry,
});
const NdpRouters = own('ndp', obj({ 'router-list': Type.Array(NdpRouter) }));
const NdpIfinfo = own(
  'ndp',
  obj({
    ifinfo: obj({
      interface: Str,
      linkmtu: Nat,
      maxmtu: Nat,
      curhlim: Nat,
      basereachable_ms: Nat,
      reachable_ms: Nat,
      retrans_ms: Nat,
      flags: Type.Optional(Nat),
      flags_pretty: Type.Optional(Words),
    }),
  }),
);
/** ndp -I; and the empty container of the modes that print nothing (-s, -f, -H, -P, -R). */
const NdpOther = own('ndp', obj({ 'default-interface': Type.Optional(Str) }));

// netstat (usr.bin/netstat: container "statistics"; netstat sets no version).
const counters = (rows: readonly { key: string }[]): TObject =>
  Type.Object(Object.fromEntries(rows.map((r) => [r.key, Type.Optional(Nat)])), strict);
const Histogram = Type.Array(obj({ name: Str, count: Nat }));
export const Ip6Stats = Type.Object(
  {
    ...counters(IP6_STAT_ROWS).properties,
    'input-histogram': Type.Optional(Histogram),
    'mbuf-statistics': obj({ 'one-mbuf': Nat, 'one-extra-mbuf': Nat, 'two-or-more-extra-mbufs': Nat }),
    'source-address-selection': obj({
      'address-selection-failures': Type.Optional(Nat),
      'rules-applied': Type.Optional(Histogram),
    }),
  },
  strict,
);
export const Icmp6Stats = Type.Object(
  {
    ...counters(ICMP6_STAT_ROWS.filter((r) => r.group === 'top')).properties,
    'output-histogram': Type.Optional(Histogram),
    'input-histogram': Type.Optional(Histogram),
    errors: counters(ICMP6_STAT_ROWS.filter((r) => r.group === 'errors')),
  },
  strict,
);
const NetstatStats = obj({
  statistics: obj({ ip6: Type.Optional(Ip6Stats), icmp6: Type.Optional(Icmp6Stats) }),
});
const NetstatRoute = obj({
  destination: Str,
  gateway: Str,
  flags: Str,
  flags_pretty: Words,
  weight: Nat,
  'interface-name': Str,
  'expire-time': Type.Optional(Nat),
});
const NetstatRoutes = obj({
  statistics: obj({
    'route-information': obj({
      'route-table': obj({
        'rt-family': Type.Array(
          obj({ 'address-family': Type.Literal('Internet6'), 'rt-entry': Type.Array(NetstatRoute) }),
        ),
      }),
    }),
  }),
});

// ip6kit's own documents (docs/json.md): the version, one container named after the tool,
// kebab-case keys, absent values left out (never null), flags as the number plus a
// NAME_pretty list of words, infinite lifetimes as ND6_INFINITE_LIFETIME (4294967295).
const IfconfigAddr = obj({
  address: Str,
  zone: Type.Optional(Str),
  prefixlen: Nat,
  destination: Type.Optional(Str),
  flags: Nat,
  flags_pretty: Words,
  scopeid: Type.Optional(Nat),
  pltime: Nat,
  vltime: Nat,
});
const IfconfigIface = obj({
  name: Str,
  index: Nat,
  flags: Nat,
  flags_pretty: Words,
  metric: Nat,
  mtu: Nat,
  options: Nat,
  options_pretty: Words,
  description: Type.Optional(Str),
  ether: Type.Optional(Str),
  inet6: Type.Array(IfconfigAddr),
  groups: Words,
  media: Type.Optional(Str),
  status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('no carrier')])),
  'nd6-options': Nat,
  'nd6-options_pretty': Words,
});
const IfconfigList = own('ifconfig', obj({ interfaces: Type.Array(IfconfigIface) }));
/** ifconfig -l, -g GROUP (names), -C (cloners), IF create (the name made). */
const IfconfigNames = own(
  'ifconfig',
  obj({ 'interface-names': Type.Optional(Words), cloners: Type.Optional(Words), created: Type.Optional(Str) }),
);

const Ifmcstat = own(
  'ifmcstat',
  obj({
    interfaces: Type.Array(
      obj({
        name: Str,
        index: Nat,
        'inet6-address': Type.Optional(Str),
        ether: Type.Optional(Str),
        mld: obj({ version: Nat, flags: Nat, flags_pretty: Words, rv: Nat, qi: Nat, qri: Nat, uri: Nat }),
        groups: Type.Array(
          obj({
            group: Str,
            mode: Type.Union([Type.Literal('include'), Type.Literal('exclude')]),
            sources: Words,
            'mcast-macaddr': Type.Optional(Str),
          }),
        ),
        'link-groups': Words,
      }),
    ),
  }),
);

const Ip6addrctl = own(
  'ip6addrctl',
  obj({ policy: Type.Array(obj({ prefix: Str, precedence: Nat, label: Nat, use: Nat })) }),
);
const Addrsel = own(
  'addrsel',
  obj({
    destinations: Type.Array(
      obj({
        destination: Str,
        source: Type.Optional(Str),
        'source-rule': Type.Optional(Str),
        precedence: Type.Optional(Nat),
        label: Type.Optional(Nat),
        'ordered-by': Type.Optional(Str),
      }),
    ),
  }),
);

const RouteBody = {
  destination: Str,
  gateway: Type.Optional(Str),
  interface: Str,
  flags: Nat,
  flags_pretty: Words,
  mtu: Nat,
};
const RouteGet = own(
  'route',
  obj({
    'route-to': Str,
    ...RouteBody,
    mask: Type.Optional(Str),
    fib: Nat,
    weight: Nat,
    expire: Nat,
    source: Type.Optional(Str),
    'source-rule': Type.Optional(Str),
  }),
);
const MessageHead = { 'time-ms': Type.Number(), type: Type.Union([Type.Literal('add'), Type.Literal('delete')]) };
/** route monitor: one document a message, one line each (NDJSON). */
const RouteMessage = own(
  'route',
  obj({
    message: Type.Union([
      obj({ ...MessageHead, kind: Type.Literal('route'), ...RouteBody }),
      obj({ ...MessageHead, kind: Type.Literal('addr'), address: Str, interface: Str }),
      obj({
        ...MessageHead,
        kind: Type.Literal('iface'),
        index: Nat,
        interface: Str,
        up: Type.Boolean(),
        running: Type.Boolean(),
        mtu: Nat,
      }),
      obj({
        ...MessageHead,
        kind: Type.Literal('neigh'),
        address: Str,
        state: Str,
        'mac-address': Type.Optional(Str),
        interface: Str,
      }),
    ]),
  }),
);

/** ping and ping6: one document an event, one line each (NDJSON). */
export const PingEvent = own(
  'ping',
  Type.Union([
    obj({ start: obj({ source: Str, destination: Str, 'data-bytes': Nat }) }),
    obj({
      reply: obj({
        bytes: Nat,
        from: Str,
        'icmp-seq': Nat,
        hlim: Nat,
        // Absent when the request carried no timestamp to time it by.
        'time-ms': Type.Optional(Type.Number()),
        duplicate: Type.Boolean(),
      }),
    }),
    obj({ error: obj({ bytes: Nat, from: Str, type: Nat, code: Nat, message: Str }) }),
    obj({
      summary: obj({
        destination: Str,
        transmitted: Nat,
        received: Nat,
        duplicates: Nat,
        'packet-loss': Type.Optional(Type.Number()),
        'round-trip': Type.Optional(
          obj({ min: Type.Number(), avg: Type.Number(), max: Type.Number(), stddev: Type.Number() }),
        ),
      }),
    }),
  ]),
);

const SimIface = obj({
  name: Str,
  index: Nat,
  type: Str,
  up: Type.Boolean(),
  ether: Type.Optional(Str),
  link: Type.Optional(Str),
  inet6: Words,
});
const SimShow = own(
  'sim',
  obj({
    clock: obj({ mode: Type.Union([Type.Literal('virtual'), Type.Literal('real')]), 'now-ms': Type.Number() }),
    seed: Nat,
    links: Type.Array(
      obj({
        name: Str,
        members: Words,
        /** Only the faults that are set. */
        faults: obj({
          loss: Type.Optional(Type.Number()),
          delay: Type.Optional(Type.Number()),
          mtu: Type.Optional(Nat),
          down: Type.Optional(Type.Literal(true)),
        }),
        capture: Type.Optional(Str),
      }),
    ),
    nodes: Type.Array(obj({ name: Str, hostname: Str, router: Type.Boolean(), interfaces: Type.Array(SimIface) })),
  }),
);
const SimLog = own('sim', obj({ node: Str, log: Type.Array(obj({ 'time-ms': Type.Number(), message: Str })) }));
const SimSysctl = own(
  'sim',
  obj({ node: Str, sysctl: Type.Array(obj({ name: Str, value: Int, old: Type.Optional(Int) })) }),
);
const SimClock = own('sim', obj({ clock: obj({ 'now-ms': Type.Number(), interrupted: Type.Boolean() }) }));

// sim export / sim import (docs/topology.md): a world written down, version 1.
const TopoAddress = obj({
  address: Str,
  prefixlen: Type.Integer({ minimum: 1, maximum: 128 }),
  destination: Type.Optional(Str),
  /** ifconfig's words: anycast, deprecated, prefer_source, autoconf. */
  flags: Type.Optional(Words),
  /** Seconds; absent: infinite. */
  pltime: Type.Optional(Nat),
  vltime: Type.Optional(Nat),
});
const TopoPrefix = obj({ prefix: Str, pltime: Nat, vltime: Nat, onlink: Type.Boolean(), autonomous: Type.Boolean() });
const TopoRtadvd = obj({
  prefixes: Type.Array(TopoPrefix),
  'router-lifetime': Nat,
  interval: obj({ min: Nat, max: Nat }),
  mtu: Type.Optional(Nat),
  managed: Type.Boolean(),
  other: Type.Boolean(),
});
const TopoInterface = obj({
  name: Str,
  type: Type.Union(['ether', 'loop', 'gif', 'tun', 'tap', 'epair', 'bridge'].map((t) => Type.Literal(t))),
  ether: Type.Optional(Str),
  link: Type.Optional(Str),
  up: Type.Boolean(),
  mtu: Nat,
  description: Type.Optional(Str),
  /** ifconfig's nd6 words that are on: nud, accept_rtadv, auto_linklocal, ifdisabled, no_dad, no_radr,
   *  no_prefer_iface. */
  nd6: Words,
  addresses: Type.Array(TopoAddress),
  rtadvd: Type.Optional(TopoRtadvd),
});
const TopoRoute = obj({
  destination: Str,
  /** An address (with %IF for a link-local one), or an interface name for a route to the interface. */
  gateway: Type.Optional(Str),
  interface: Type.Optional(Str),
  /** route(8)'s words: reject, blackhole, proto1, proto2, xresolve, static (absent: nostatic). */
  flags: Words,
  mtu: Type.Optional(Nat),
});
export const Topology = obj({
  'ip6kit-topology': Type.Literal(1),
  clock: Type.Union([Type.Literal('virtual'), Type.Literal('real')]),
  seed: Type.Integer({ minimum: 0, maximum: 0xffffffff }),
  links: Type.Array(
    obj({
      name: Str,
      faults: Type.Optional(
        obj({
          loss: Type.Optional(Type.Number()),
          delay: Type.Optional(Type.Number()),
          mtu: Type.Optional(Nat),
          down: Type.Optional(Type.Literal(true)),
        }),
      ),
      capture: Type.Optional(Str),
    }),
  ),
  nodes: Type.Array(
    obj({
      name: Str,
      hostname: Str,
      sysctl: Type.Record(Str, Int),
      interfaces: Type.Array(TopoInterface),
      routes: Type.Array(TopoRoute),
      neighbors: Type.Array(obj({ address: Str, interface: Str, ether: Str, proxy: Type.Boolean() })),
      policy: Type.Array(obj({ prefix: Str, precedence: Nat, label: Nat })),
    }),
  ),
});

/** Every document, by the name its schema file carries. */
export const SCHEMAS = {
  'ndp-neighbors': NdpNeighbors,
  'ndp-deletions': NdpDeletions,
  'ndp-prefixes': NdpPrefixes,
  'ndp-routers': NdpRouters,
  'ndp-ifinfo': NdpIfinfo,
  'ndp-other': NdpOther,
  'netstat-stats': NetstatStats,
  'netstat-routes': NetstatRoutes,
  'ifconfig-list': IfconfigList,
  'ifconfig-names': IfconfigNames,
  ifmcstat: Ifmcstat,
  ip6addrctl: Ip6addrctl,
  addrsel: Addrsel,
  'route-get': RouteGet,
  'route-message': RouteMessage,
  'ping-event': PingEvent,
  'sim-show': SimShow,
  'sim-log': SimLog,
  'sim-sysctl': SimSysctl,
  'sim-clock': SimClock,
  topology: Topology,
} as const satisfies Record<string, TSchema>;

export type SchemaName = keyof typeof SCHEMAS;
export type Doc<N extends SchemaName> = Static<(typeof SCHEMAS)[N]>;

/** A schema as the file under schemas/ holds it. */
export function schemaFile(name: SchemaName): string {
  const body = JSON.parse(JSON.stringify(SCHEMAS[name])) as Record<string, unknown>;
  const doc = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:ip6kit:schema:${name}`,
    title: name,
    ...body,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
