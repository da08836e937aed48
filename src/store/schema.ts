// The state file's schema, checked on every load: a hand-edited or damaged value is refused
// with the JSON path of the first bad value, before the engine sees it. The schema is written
// with a few combinators whose inferred type is checked, at compile time, against the engine's
// own World type both ways (see the end of the file), so the two cannot drift apart. A library
// (zod, TypeBox) would do the same at several times the start-up cost of this file.
import { type Ip6Text, isCanonical } from '../addr/ip6.js';
import type { World } from '../engine/index.js';
import type { NodeRef, RecordsDescriptor } from './nodefile.js';

interface V<T> {
  /**
   * null when v is valid, else where inside v and what is wrong ("[3].at: a number expected,
   * ..."): the path is spelled only for the value that fails, not for every value checked.
   */
  (v: unknown): string | null;
  readonly _type?: T;
}
type Infer<S> = S extends V<infer T> ? T : never;

const typeName = (v: unknown): string =>
  v === undefined
    ? 'nothing'
    : v === null
      ? 'null'
      : Array.isArray(v)
        ? 'an array'
        : typeof v === 'object'
          ? 'an object'
          : `${typeof v} ${JSON.stringify(v)}`.slice(0, 40);
const want = (what: string, v: unknown): string => `: ${what} expected, found ${typeName(v)}`;

const num: V<number> = (v) => (typeof v === 'number' && Number.isFinite(v) ? null : want('a number', v));
const int: V<number> = (v) => (Number.isSafeInteger(v) ? null : want('an integer', v));
const nat: V<number> = (v) =>
  Number.isSafeInteger(v) && (v as number) >= 0 ? null : want('a non-negative integer', v);
const str: V<string> = (v) => (typeof v === 'string' ? null : want('a string', v));
/** An address as the engine keeps it: canonical text, so equal addresses are equal strings. */
// A world repeats its addresses (every node's policy table, ff02::1 in every group list): each
// distinct string is checked once per load.
const canonicalSeen = new Set<string>();
const ip6: V<Ip6Text> = (v) => {
  if (typeof v === 'string' && (canonicalSeen.has(v) || isCanonical(v))) {
    canonicalSeen.add(v);
    return null;
  }
  return want('an IPv6 address in canonical form', v);
};
const bool: V<boolean> = (v) => (typeof v === 'boolean' ? null : want('true or false', v));

function lit<const L extends readonly (string | number)[]>(...values: L): V<L[number]> {
  return (v) =>
    values.includes(v as string | number) ? null : want(values.map((x) => JSON.stringify(x)).join(' or '), v);
}

function nullable<T>(s: V<T>): V<T | null> {
  return (v) => (v === null ? null : s(v));
}

/** A field a world saved by an older ip6kit may lack (the store has the engine rebuild it on load). */
function absentOr<T>(s: V<T>): V<T | undefined> {
  return (v) => (v === undefined ? null : s(v));
}

function arr<T>(s: V<T>): V<T[]> {
  return (v) => {
    if (!Array.isArray(v)) return want('an array', v);
    for (let i = 0; i < v.length; i++) {
      const bad = s(v[i]);
      if (bad) return `[${i}]${bad}`;
    }
    return null;
  };
}

function rec<T>(s: V<T>): V<Record<string, T>> {
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return want('an object', v);
    for (const [k, x] of Object.entries(v)) {
      const bad = s(x);
      if (bad) return `.${k}${bad}`;
    }
    return null;
  };
}

type Shape = Record<string, V<unknown>>;
type ObjOf<S extends Shape> = { [K in keyof S]: Infer<S[K]> };

function obj<S extends Shape>(shape: S): V<ObjOf<S>> {
  const keys = Object.keys(shape);
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return want('an object', v);
    for (const k of keys) {
      const bad = (shape[k] as V<unknown>)((v as Record<string, unknown>)[k]);
      if (bad) return `.${k}${bad}`;
    }
    return null;
  };
}

/** A union told apart by a string field: each variant's shape lists the other fields. */
function tagged<K extends string, M extends Record<string, Shape>>(
  key: K,
  variants: M,
): V<{ [T in keyof M]: { [P in K]: T } & ObjOf<M[T]> }[keyof M]> {
  const checks = new Map(Object.entries(variants).map(([tag, shape]) => [tag, obj(shape)]));
  const tags = Object.keys(variants)
    .map((x) => JSON.stringify(x))
    .join(' or ');
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return want('an object', v);
    const tag = (v as Record<string, unknown>)[key];
    const check = typeof tag === 'string' ? checks.get(tag) : undefined;
    if (!check) return `.${key}${want(tags, tag)}`;
    return check(v);
  };
}

/** A union of shapes without a tag: the first that fits. */
function either<A, B>(a: V<A>, b: V<B>): V<A | B> {
  return (v) => {
    const ea = a(v);
    if (!ea) return null;
    return b(v) === null ? null : ea;
  };
}

const prefixInfo = { prefix: ip6, plen: nat, onlink: bool, autonomous: bool, vltime: nat, pltime: nat };
const packetRef = obj({ src: ip6, dst: ip6, ident: nullable(int), seq: nullable(int) });
const echo = { ident: int, seq: int, size: nat, sentAt: num };
const icmp6 = tagged('type', {
  NS: { target: ip6, slla: nullable(str) },
  NA: { target: ip6, tlla: nullable(str), router: bool, solicited: bool, override: bool },
  RS: { slla: nullable(str) },
  RA: {
    curhlim: nat,
    managed: bool,
    other: bool,
    routerLifetime: nat,
    reachable: nat,
    retrans: nat,
    slla: nullable(str),
    mtu: nullable(nat),
    prefixes: arr(obj(prefixInfo)),
  },
  ECHO: echo,
  ECHO_REPLY: echo,
  MLD_REPORT: { records: arr(obj({ type: lit('TO_EX', 'TO_IN'), group: ip6, sources: arr(ip6) })) },
  ERROR: { icmpType: lit(1, 3), code: nat, orig: packetRef },
});
const packet = obj({ src: ip6, dst: ip6, hlim: nat, body: icmp6 });

const addrTimer = { at: num, seq: nat, node: str, ifindex: nat, addrId: nat };
const timer = tagged('kind', {
  'dad-probe': addrTimer,
  'dad-finish': addrTimer,
  deliver: {
    at: num,
    seq: nat,
    link: str,
    fromNode: str,
    fromIf: nat,
    frame: obj({ srcMac: str, dstMac: str, pkt: packet }),
  },
  loop: { at: num, seq: nat, node: str, ifindex: nat, pkt: packet },
  nd: { at: num, seq: nat, node: str, ifindex: nat, addr: ip6 },
  'ra-send': { at: num, seq: nat, node: str, ifindex: nat, gen: nat, solicited: bool },
  'router-expire': { at: num, seq: nat, node: str, ifindex: nat, addr: ip6 },
  'prefix-expire': { at: num, seq: nat, node: str, ifindex: nat, prefix: ip6, plen: nat },
  'preferred-end': addrTimer,
  'valid-end': addrTimer,
  'route-expire': { at: num, seq: nat, node: str, dst: ip6, plen: nat, zone: nat },
});

const addr = obj({
  id: nat,
  addr: ip6,
  plen: nat,
  flags: nat,
  origin: lit('manual', 'linklocal', 'loopback', 'autoconf'),
  createdAt: num,
  pltime: nullable(nat),
  vltime: nullable(nat),
  preferredUntil: nullable(num),
  validUntil: nullable(num),
  dad: nullable(obj({ probesLeft: int, nsOut: nat, nsIn: nat, naIn: nat })),
  outcome: nullable(
    tagged('kind', {
      succeeded: { at: num },
      duplicate: { at: num, holder: nullable(str) },
      skipped: {},
    }),
  ),
  memberships: arr(ip6),
  dest: nullable(ip6),
});

const neighbor = obj({
  addr: ip6,
  lladdr: nullable(str),
  state: lit('INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE'),
  router: bool,
  static: bool,
  proxy: bool,
  timerAt: nullable(num),
  asked: nat,
  held: arr(packet),
});

const iface = obj({
  name: str,
  index: nat,
  type: lit('loop', 'ether', 'gif', 'tun', 'tap', 'epair', 'bridge'),
  up: bool,
  mtu: nat,
  lladdr: nullable(str),
  link: nullable(str),
  nd6: nat,
  description: nullable(str),
  addrs: arr(addr),
  groups: arr(
    obj({
      group: ip6,
      refs: nat,
      sockets: arr(obj({ socket: nat, mode: lit('include', 'exclude'), sources: arr(ip6) })),
    }),
  ),
  neighbors: arr(neighbor),
  nbMulti: absentOr(
    obj({
      inet6: arr(obj({ group: ip6, refs: nat })),
      ether: arr(obj({ mac: str, refs: nat })),
      routeVia: absentOr(nullable(ip6)),
      unrouted: absentOr(arr(ip6)),
    }),
  ),
  ndi: obj({ basereachable: nat, reachable: nat, retrans: nat, curhlim: nat, linkmtu: nat, lastRaSeq: nullable(nat) }),
  rtadv: nullable(
    obj({
      prefixes: arr(obj(prefixInfo)),
      withdrawn: arr(obj({ ...prefixInfo, until: num })),
      routerLifetime: nat,
      minInterval: nat,
      maxInterval: nat,
      mtu: nullable(nat),
      managed: bool,
      other: bool,
      sent: nat,
      lastAt: nullable(num),
      gen: nat,
    }),
  ),
});

const ribDescriptor = either(obj({ routes: nat, bytes: str }), obj({ routes: nat, gen: nat, journalBytes: nat }));

const stats = obj({
  ip6: obj({
    total: nat,
    delivered: nat,
    forward: nat,
    cantforward: nat,
    localout: nat,
    noroute: nat,
    badscope: nat,
    notmember: nat,
    nxthist: rec(nat),
    sourcesNone: nat,
    sourcesRule: arr(nat),
  }),
  icmp6: obj({
    error: nat,
    outhist: rec(nat),
    inhist: rec(nat),
    unreachNoroute: nat,
    unreachAdmin: nat,
    unreachBeyondscope: nat,
    unreachAddr: nat,
    unreachNoport: nat,
    packetTooBig: nat,
    timeExceedTransit: nat,
    reflect: nat,
    badns: nat,
    badna: nat,
    badrs: nat,
    badra: nat,
  }),
});

const node = obj({
  name: str,
  hostname: str,
  knobs: obj({
    forwarding: int,
    accept_rtadv: int,
    auto_linklocal: int,
    dad_count: int,
    use_tempaddr: int,
    prefer_tempaddr: int,
  }),
  ifaces: arr(iface),
  nextIndex: nat,
  rib: ribDescriptor,
  policy: arr(obj({ prefix: ip6, plen: nat, precedence: nat, label: nat, use: nat })),
  log: arr(obj({ at: num, msg: str })),
  stats,
  routers: arr(
    obj({
      addr: ip6,
      ifindex: nat,
      managed: bool,
      other: bool,
      pref: lit('medium', 'high', 'low', 'rsv'),
      expireAt: num,
    }),
  ),
  prefixes: arr(
    obj({
      prefix: ip6,
      plen: nat,
      ifindex: nat,
      raOnlink: bool,
      raAutonomous: bool,
      onlink: bool,
      vltime: nat,
      pltime: nat,
      expireAt: nullable(num),
      advertisers: arr(obj({ addr: ip6, ifindex: nat })),
      seq: nat,
    }),
  ),
  ndDefaultIf: nat,
  sockets: arr(obj({ ident: nat, rx: arr(obj({ at: num, src: ip6, hlim: nat, ifindex: nat, body: icmp6 })) })),
});

const worldFields = {
  schemaVersion: nat,
  clock: obj({ mode: lit('virtual', 'real'), now: num, wallOrigin: num }),
  seed: int,
  rng: int,
  seq: nat,
  timers: arr(timer),
  links: arr(
    obj({ name: str, capture: nullable(str), faults: obj({ loss: num, delay: num, mtu: nullable(nat), down: bool }) }),
  ),
};

const world = obj({ ...worldFields, nodes: arr(node) });

/** A large world's state file: the world without its nodes, which are records in another file. */
const worldIndex = obj({
  ...worldFields,
  nodes: arr(obj({ name: str, links: arr(str), at: nat, bytes: nat, crc: nat })),
  records: obj({ gen: nat, bytes: nat }),
});

function checked(s: V<unknown>, v: unknown, at: string): string | null {
  try {
    const bad = s(v);
    return bad && `${at}${bad}`;
  } finally {
    canonicalSeen.clear();
  }
}

/** Why a (migrated) state file's world is not a valid World, or null. Tables are checked by the store. */
export const validateWorld = (w: unknown): string | null => checked(world, w, '$');

/** Why a large world's state file (the index) is not valid, or null. */
export const validateIndex = (w: unknown): string | null => checked(worldIndex, w, '$');

/** Why a node record is not a valid node, or null. */
export const validateNode = (n: unknown, at: string): string | null => checked(node, n, at);

// The schema and the engine's type must describe the same data (the table aside, which the
// file holds as a descriptor, and nbMulti with its routeVia and unrouted, which an older file
// lacks and the store fills in).
// Each line fails to compile if they drift apart.
type Iface = World['nodes'][number]['ifaces'][number];
type SavedNbMulti = Omit<Iface['nbMulti'], 'routeVia' | 'unrouted'> & {
  routeVia: Iface['nbMulti']['routeVia'] | undefined;
  unrouted: Iface['nbMulti']['unrouted'] | undefined;
};
type SavedIface = Omit<Iface, 'nbMulti'> & { nbMulti: SavedNbMulti | undefined };
type SavedNode = Omit<World['nodes'][number], 'rib' | 'ifaces'> & {
  rib: Infer<typeof ribDescriptor>;
  ifaces: SavedIface[];
};
type Saved = Omit<World, 'nodes'> & { nodes: SavedNode[] };
type SavedIndex = Omit<World, 'nodes'> & { nodes: NodeRef[]; records: RecordsDescriptor };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesEngine: Same<Infer<typeof world>, Saved> = true;
const indexMatchesEngine: Same<Infer<typeof worldIndex>, SavedIndex> = true;
void schemaMatchesEngine;
void indexMatchesEngine;
