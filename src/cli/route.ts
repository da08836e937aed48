// route(8) for inet6: FreeBSD's grammar (sbin/route/route.c newroute/flushroutes), messages and
// exit codes (spec/formats.md 3). ip6kit is IPv6-only, so a destination is inet6 without -6.
import { maskLen, parseIp6 } from '../addr/index.js';
import { OpError, type RouteBackend, type RouteRequest, type ScopedAddr } from '../backend/types.js';
import { noJson, ToolError, UsageError, getopt, scopedAddr, type Context } from './common.js';
import { EX_DATAERR, EX_OSERR, EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';
import { strerror } from '../errno.js';
import { RTF, RTF_ROWS, ROUTE_MODIFIER_FLAGS, bitOfWord } from '../flags.js';
import { keyed } from '../table.js';

export const USAGE = 'route: usage: route [-j jail] [-46dnqtv] command [[modifiers] args]\n';
const usage = (bad?: string): UsageError =>
  new UsageError(USAGE, EX_USAGE, bad === undefined ? [] : [`route: bad keyword: ${bad}`]);

/** Modifiers that take a value (route.c's keywords with an argument). */
/** What a modifier does to the request being parsed; arity 1 takes the next argument as its value. */
interface Modifier {
  arity: 0 | 1;
  apply: (p: Parsed, value: string) => void;
}
const mod = (apply: Modifier['apply'], arity: 0 | 1 = 0): Modifier => ({ arity, apply });
const nothing = (): void => undefined;
const checkMetric = mod((_, v) => void metric(v), 1);
const setFlag = (bit: number): Modifier => mod((p) => (p.flags |= bit));

/** route.c's keywords (keywords.h) that ip6kit takes, as rows: what each takes and what it does. */
const MODIFIER_TABLE: Record<string, Modifier> = keyed({
  inet6: mod(nothing),
  6: mod(nothing),
  inet: mod(() => {
    throw inetRefused();
  }),
  4: mod(() => {
    throw inetRefused();
  }),
  link: mod(() => {
    throw new ToolError('link: address family not supported by ip6kit');
  }),
  host: mod((p) => (p.forceHost = true)),
  net: mod((p) => (p.forceNet = true)),
  interface: mod((p) => (p.iface = true)),
  iface: mod((p) => (p.iface = true)),
  nostatic: mod((p) => (p.flags &= ~RTF.STATIC)),
  ...Object.fromEntries([...ROUTE_MODIFIER_FLAGS].map((w) => [w, setFlag(bitOfWord(RTF_ROWS, w) as number)])),
  // Accepted and without effect here, as on a FreeBSD kernel that ignores them for IPv6.
  ...Object.fromEntries(['proxy', 'sticky', 'nostick', 'lock', 'lockrest'].map((w) => [w, mod(nothing)])),
  prefixlen: mod((p, v) => (p.plen = v), 1),
  netmask: mod((p, v) => (p.netmask = v), 1),
  gateway: mod((p, v) => (p.gateway = v), 1),
  dst: mod((p, v) => (p.dest = v), 1),
  ifp: mod((p, v) => (p.ifp = v), 1),
  fib: mod((_, v) => {
    if (metric(v) !== 0) throw new ToolError(`${v}: Invalid argument`, EX_USAGE);
  }, 1),
  ifa: mod(nothing, 1),
  genmask: mod(nothing, 1),
  mtu: mod((p, v) => (p.mtu = metric(v)), 1),
  expire: mod((p, v) => (p.expire = metric(v)), 1),
  ...Object.fromEntries(
    ['hopcount', 'recvpipe', 'sendpipe', 'ssthresh', 'rtt', 'rttvar', 'weight'].map((w) => [w, checkMetric]),
  ),
});

/** Every modifier route's commands take (without the dash), and whether it takes a value. */
export const MODIFIERS: readonly { word: string; valued: boolean }[] = Object.entries(MODIFIER_TABLE)
  .filter(([word]) => !['inet', '4', 'link'].includes(word))
  .map(([word, m]) => ({ word, valued: m.arity === 1 }));

const REASON: Record<string, string> = {
  ESRCH: 'not in table',
  EBUSY: 'entry in use',
  ENOBUFS: 'not enough memory',
  EADDRINUSE: 'gateway uses the same route',
  EEXIST: 'route already in table',
};

interface Globals {
  numeric: boolean;
  quiet: boolean;
  verbose: boolean;
  test: boolean;
  family: 'inet6' | null;
}

export async function route(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).ROUTE_HELP);
    return 0;
  }
  if (ctx.globals.profile === 'netbsd' && !ctx.globals.json)
    return (await import('./nbroute.js')).netbsdRoute(argv, ctx);
  const { opts, rest } = getopt(argv, '46dnqtvj:', 'route', USAGE, EX_USAGE);
  const g: Globals = {
    numeric: false,
    quiet: false,
    verbose: false,
    test: false,
    family: ctx.prog === 'route6' ? 'inet6' : null,
  };
  for (const [o] of opts) {
    if (o === 'n') g.numeric = true;
    else if (o === 'q') g.quiet = true;
    else if (o === 'v') g.verbose = true;
    else if (o === 't') g.test = true;
    else if (o === '6') g.family = 'inet6';
    else if (o === '4') throw inetRefused();
    else if (o === 'j') throw new ToolError('jails are not simulated');
  }
  const [cmd, ...args] = rest;
  if (cmd === undefined) throw usage();
  if (cmd !== 'get' && cmd !== 'monitor') noJson(ctx, `with ${cmd}`);
  const backend = await ctx.backend();
  const routes = (): RouteBackend => {
    if (!backend.routes)
      throw new ToolError(`the ${ctx.globals.backend} backend has no routing table operations yet`, EX_UNAVAILABLE);
    return backend.routes;
  };
  switch (cmd) {
    case 'add':
    case 'change':
    case 'delete':
    case 'del':
      return change(ctx, g, cmd, args, routes);
    case 'get':
    case 'show':
      return get(ctx, g, args, routes);
    case 'flush':
      return flush(ctx, g, args, routes);
    case 'monitor':
      return monitor(ctx, args, routes);
    default:
      throw usage(cmd);
  }
}

const inetRefused = (): ToolError => new ToolError('inet: address family not supported by ip6kit');

export interface Parsed {
  dest: string | null;
  gateway: string | null;
  netmask: string | null;
  plen: string | null;
  forceHost: boolean;
  forceNet: boolean;
  iface: boolean;
  flags: number;
  ifp: string | null;
  mtu: number;
  expire: number | null;
}

export function parseModifiers(args: string[]): Parsed {
  const p: Parsed = {
    dest: null,
    gateway: null,
    netmask: null,
    plen: null,
    forceHost: false,
    forceNet: false,
    iface: false,
    flags: RTF.STATIC,
    ifp: null,
    mtu: 0,
    expire: null,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-')) {
      if (p.dest === null) p.dest = a;
      else if (p.gateway === null) p.gateway = a;
      else if (p.netmask === null) p.netmask = a;
      else throw usage(a);
      continue;
    }
    const m = MODIFIER_TABLE[a.slice(1)];
    if (!m) throw usage(a.slice(1));
    const value = m.arity === 1 ? args[++i] : '';
    if (value === undefined) throw usage();
    m.apply(p, value);
  }
  return p;
}

/** A metric value: an unsigned decimal that fits 32 bits. */
function metric(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) throw new ToolError(`${v}: Invalid argument`, EX_USAGE);
  return Number(v);
}

function prefixLen(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 128) throw new ToolError(`${text}: invalid prefixlen`, EX_USAGE);
  return Number(text);
}

function destination(p: Parsed): { dst: ScopedAddr; plen: number; host: boolean } {
  if (p.dest === null) throw new UsageError(USAGE, EX_USAGE, ['route: destination parameter required']);
  let text = p.dest;
  let plenText = p.plen;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    plenText = text.slice(slash + 1);
    text = text.slice(0, slash);
  }
  const dst = text === 'default' ? { addr: '::', zone: null } : scopedAddr(text);
  let plen: number | null = plenText === null ? null : prefixLen(plenText);
  if (plen === null && p.netmask !== null) {
    const m = maskLen(parseIp6(scopedAddr(p.netmask).addr));
    if (m < 0) throw new ToolError(`${p.netmask}: bad netmask`, EX_USAGE);
    plen = m;
  }
  if (plen === null) {
    if (text === 'default' || (dst.addr === '::' && dst.zone === null)) plen = 0;
    else if (p.forceNet) plen = 64;
    else plen = 128;
  }
  if (p.forceHost) plen = 128;
  return { dst, plen, host: plen === 128 };
}

async function change(
  ctx: Context,
  g: Globals,
  cmd: string,
  args: string[],
  routes: () => RouteBackend,
): Promise<number> {
  const p = parseModifiers(args);
  const { dst, plen, host } = destination(p);
  const op: RouteRequest['op'] = cmd === 'add' ? 'add' : cmd === 'change' ? 'change' : 'delete';
  let gateway: RouteRequest['gateway'] = null;
  if (p.gateway !== null)
    gateway =
      p.iface && !p.gateway.includes(':')
        ? { kind: 'iface', name: p.gateway }
        : { kind: 'addr', addr: scopedAddr(p.gateway) };
  const { changeLine } = await import('../render/route.js');
  const line = (failure: string | null = null): string => changeLine(cmd, host, p.dest as string, p.gateway, failure);
  if (g.test) {
    if (!g.quiet) ctx.io.out(line());
    return 0;
  }
  try {
    await routes().changeRoute({ op, dst, plen, gateway, flags: p.flags, ifp: p.ifp, mtu: p.mtu, expire: p.expire });
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    if (e.op === 'lookup') throw new ToolError(`interface '${e.subject}' does not exist`, EX_DATAERR);
    if (e.op === 'getaddrinfo')
      throw new ToolError(`${e.subject}: hostname nor servname provided, or not known`, EX_OSERR);
    // route(8) gives up at once when the routing socket refuses an unprivileged write.
    if (e.errno === 'EPERM' || e.errno === 'EACCES')
      throw new ToolError('writing to routing socket: Operation not permitted');
    ctx.io.err(
      e.errno === 'ESRCH'
        ? 'route: route has not been found\n'
        : `route: message indicates error: ${strerror(e.errno)}\n`,
    );
    if (!g.quiet) ctx.io.out(line(REASON[e.errno] ?? strerror(e.errno)));
    return 1;
  }
  if (!g.quiet) ctx.io.out(line());
  return 0;
}

async function get(ctx: Context, g: Globals, args: string[], routes: () => RouteBackend): Promise<number> {
  const p = parseModifiers(args);
  const { dst: target, plen } = destination(p);
  // A prefix (default, P/LEN, -prefixlen, -net) asks for that route; an address for its best match.
  const exact = p.dest === 'default' || p.dest?.includes('/') || p.plen !== null || p.netmask !== null || p.forceNet;
  let view;
  try {
    view = await routes().getRoute(target, exact ? plen : null);
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    if (e.op === 'getaddrinfo')
      throw new ToolError(`${e.subject}: hostname nor servname provided, or not known`, EX_OSERR);
    throw new ToolError('route has not been found');
  }
  const r = await import('../render/route.js');
  const shown =
    target.zone === null
      ? target.addr
      : `${target.addr}%${typeof target.zone === 'number' ? view.route.ifname : target.zone}`;
  ctx.io.out(
    ctx.globals.json
      ? r.routeGetJson(shown, view)
      : r.routeGetText(shown, view, { numeric: g.numeric, verbose: g.verbose }),
  );
  return 0;
}

async function flush(ctx: Context, g: Globals, args: string[], routes: () => RouteBackend): Promise<number> {
  let family = g.family;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-')) throw usage(a);
    const key = a.slice(1);
    if (key === 'inet6' || key === '6') family = 'inet6';
    else if (key === 'inet' || key === '4') throw inetRefused();
    else if (key === 'link') throw new ToolError('link: address family not supported by ip6kit');
    else if (key === 'fib') {
      const v = args[++i];
      if (v === undefined) throw usage();
      if (metric(v) !== 0) throw new ToolError(`${v}: Invalid argument`, EX_USAGE);
    } else throw usage(key);
  }
  // FreeBSD's netlink route flushes only the family it was given; without one, nothing.
  if (family === null || g.test) return 0;
  const gone = await routes().flushRoutes();
  // flushroute_one (route_netlink.c) prints each flushed route whatever -q says.
  const { flushLine } = await import('../render/route.js');
  for (const r of gone) ctx.io.out(flushLine(r));
  return 0;
}

async function monitor(ctx: Context, args: string[], routes: () => RouteBackend): Promise<number> {
  for (const a of args) {
    if (a === '-inet6' || a === '-6') continue;
    if (a === '-inet' || a === '-4') throw inetRefused();
    throw usage(a.replace(/^-/, ''));
  }
  const { monitorLine, monitorJson } = await import('../render/route.js');
  const stop = new AbortController();
  const end = (): void => stop.abort();
  process.once('SIGINT', end);
  process.once('SIGTERM', end);
  await routes().monitor((e) => ctx.io.out(ctx.globals.json ? monitorJson(e) : monitorLine(e)), stop.signal);
  return 0;
}
