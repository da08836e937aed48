// netstat and route(8) under the netbsd profile: NetBSD's options, routing table, statistics and
// route commands (usr.bin/netstat main.c and inet6.c, sbin/route route.c, show.c and rtutil.c of
// the tree ip6kit.8 names). The table is the world's as NetBSD's kernel would hold it
// (backend/nbroutes.ts).
import { OpError, type RouteRequest, type ScopedAddr } from '../backend/types.js';
import type { NbRouteView } from '../views/index.js';
import { ToolError, UsageError, getopt, scopedAddr, writeInChunks, type Context } from './common.js';
import { EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';
import { NB_RTF } from '../flags.js';

const NETSTAT_USAGE = `usage: netstat [-Aan] [-f address_family[,family ...]] [-M core] [-N system]
       netstat [-bdgiLmnqrsSv] [-f address_family[,family ...]] [-M core] [-N system]
       netstat [-dn] [-I interface] [-M core] [-N system] [-w wait]
       netstat [-p protocol] [-M core] [-N system]
       netstat [-p protocol] [-M core] [-N system] -P pcbaddr
       netstat [-p protocol] [-i] [-I Interface] 
       netstat [-s] [-f address_family[,family ...]] [-i] [-I Interface]
       netstat [-s] [-B] [-I interface]
`;

const ROUTE_USAGE = 'Usage: route [-dfLnqSsTtv] cmd [[-<qualifers>] args]\n';

/** route(8)'s usage(): the keyword it could not take, then the usage line; exit 1. */
const botched = (word?: string): UsageError =>
  new UsageError(ROUTE_USAGE, 1, word === undefined ? [] : [`route: botched keyword: ${word}`]);

async function table(ctx: Context): Promise<NbRouteView[]> {
  const backend = await ctx.backend();
  if (!backend.netbsdRoutes)
    throw new ToolError(`the ${ctx.globals.backend} backend keeps no NetBSD routing table`, EX_UNAVAILABLE);
  return backend.netbsdRoutes();
}

/** netstat under the netbsd profile: the routing table (-r) and the ip6 and icmp6 statistics (-s, -p). */
export async function netbsdNetstat(argv: string[], ctx: Context): Promise<number> {
  const { opts, rest } = getopt(argv, 'AabBdf:ghI:LliM:mN:nP:p:qrsStTuVvw:X', 'netstat', NETSTAT_USAGE, 1);
  if (rest.length) throw new UsageError(NETSTAT_USAGE, 1);
  let routes = false;
  let numeric = false;
  let noLlinfo = false;
  let sflag = 0;
  let proto: string | null = null;
  let families: string[] | null = null;
  for (const [o, v] of opts) {
    if (o === 'r') routes = true;
    else if (o === 'n') numeric = true;
    else if (o === 'L') noLlinfo = true;
    else if (o === 's') sflag++;
    else if (o === 'p') proto = v as string;
    else if (o === 'f') families = (v as string).split(',');
    else if (o !== 'a') throw new ToolError(`-${o} has no NetBSD text in ip6kit (netstat.8, NETBSD PROFILE)`, EX_USAGE);
  }
  if (proto !== null || (sflag && !routes)) {
    if (families !== null && !families.includes('inet6'))
      throw new ToolError(`${families.join(',')}: only inet6 statistics are simulated by ip6kit`);
    return (await import('./netstat.js')).statistics(ctx, proto, sflag);
  }
  if (sflag) throw new ToolError('-rs (routing statistics) is not simulated by ip6kit (netstat.8)', EX_USAGE);
  if (!routes) throw new ToolError('the netbsd profile offers netstat -r, -s and -p ip6|icmp6 (netstat.8)', EX_USAGE);
  const { netbsdRoutesLines } = await import('../render/nbroute.js');
  const rows = await table(ctx);
  // -f runs the table once per family named (another family has no routes here); an unknown
  // one is warned about and skipped.
  for (const family of families ?? ['unspec']) {
    const known = ['inet', 'arp', 'pfkey', 'unix', 'local', 'atalk', 'mpls'].includes(family);
    if (family === 'inet6' || family === 'unspec' || known) {
      const shown = family === 'inet6' || family === 'unspec' ? rows : [];
      await writeInChunks(ctx, netbsdRoutesLines(shown, { numeric, noLlinfo, interesting: ~0 }));
    } else ctx.io.err(`netstat: ${family}: unknown address family\n`);
  }
  return 0;
}

/** route under the netbsd profile: show, get, add, change, delete and flush. */
export async function netbsdRoute(argv: string[], ctx: Context): Promise<number> {
  const { opts, rest } = getopt(argv, 'dfLnqSsTtv', 'route', ROUTE_USAGE, 1);
  let numeric = false;
  let noLlinfo = false;
  let short = false;
  let quiet = false;
  let debugOnly = false;
  let toNull = false;
  let flushFirst = false;
  for (const [o] of opts) {
    if (o === 'n') numeric = true;
    else if (o === 'L') noLlinfo = true;
    else if (o === 's') short = true;
    else if (o === 'q') quiet = true;
    else if (o === 'd') debugOnly = true;
    else if (o === 't') toNull = true;
    else if (o === 'f') flushFirst = true;
    else throw new ToolError(`-${o} has no NetBSD text in ip6kit (route.8, NETBSD PROFILE)`, EX_USAGE);
  }
  const flushOpts: FlushOptions = { numeric, quiet, debugOnly, toNull };
  const [cmd, ...args] = rest;
  // main(): -f alone is a flush; before add, change, delete or get it flushes first.
  if (cmd === undefined) {
    if (flushFirst) return flush(ctx, [], flushOpts);
    throw botched();
  }
  if (cmd === 'show') return show(ctx, args, numeric, noLlinfo);
  if (cmd === 'flush') return flush(ctx, args, flushOpts);
  const routeCmd = cmd === 'get' || cmd === 'add' || cmd === 'change' || cmd === 'delete';
  if (routeCmd && flushFirst) await flush(ctx, [], flushOpts);
  if (cmd === 'get') return get(ctx, args, numeric, short);
  if (cmd === 'add' || cmd === 'change' || cmd === 'delete') return change(ctx, cmd, args, quiet, debugOnly || toNull);
  if (cmd === 'flushall')
    throw new ToolError(
      'flushall would delete every route, the prefix and multicast routes of the addresses too, ' +
        'which the netbsd profile does not simulate (route.8)',
      EX_USAGE,
    );
  if (cmd === 'monitor')
    throw new ToolError('monitor has no NetBSD text in ip6kit (route.8, NETBSD PROFILE)', EX_USAGE);
  throw botched(cmd);
}

interface FlushOptions {
  numeric: boolean;
  /** -q: delete without a word. */
  quiet: boolean;
  /** -d: debugonly, every deletion skipped. */
  debugOnly: boolean;
  /** -t: the routing socket is /dev/null, so every deletion "succeeds" and nothing changes. */
  toNull: boolean;
}

/**
 * flushroutes: parse_show_opts' arguments, then RTM_DELETE for each dumped route with GATEWAY,
 * STATIC or LLINFO (and the flags asked for), printed as "%-20.20s %-20.20s done".
 */
async function flush(ctx: Context, args: string[], o: FlushOptions): Promise<number> {
  const { only, family } = showOptions(args);
  if (family === 'other' || o.debugOnly) return 0;
  const backend = await ctx.backend();
  if (!backend.netbsdFlush)
    throw new ToolError(`the ${ctx.globals.backend} backend keeps no NetBSD routing table`, EX_UNAVAILABLE);
  const flushed = await backend.netbsdFlush(only, !o.toNull);
  if (o.quiet) return 0;
  const { netbsdFlushLine } = await import('../render/nbroute.js');
  await writeInChunks(
    ctx,
    flushed.map((f) => netbsdFlushLine(f, o.numeric)),
  );
  return 0;
}

/** route.c's keywords newroute takes that ip6kit simulates (keywords.sh). */
const KEYWORDS = new Set(
  (
    'inet6 host net interface iface static nostatic reject blackhole proto1 proto2 xresolve proxy lock lockrest ' +
    'prefixlen netmask gateway dst ifp ifa genmask mtu expire hopcount recvpipe sendpipe ssthresh rtt rttvar'
  ).split(' '),
);
/** Keywords NetBSD has and the simulation does not. */
const UNSIMULATED = new Set([
  'llinfo',
  'cloning',
  'nocloning',
  'cloned',
  'nocloned',
  'noreject',
  'noblackhole',
  'sa',
  'tag',
]);

/** route_strerror: ESRCH, EBUSY and ENOBUFS have their own words, the rest strerror's. */
const ROUTE_STRERROR: Record<string, string> = {
  ESRCH: 'not in table',
  EBUSY: 'entry in use',
  ENOBUFS: 'routing table overflow',
};

/**
 * newroute: the line says what was asked, as typed; a refusal is warned about (writing to
 * routing socket) and ends the line with the same reason.
 */
async function change(
  ctx: Context,
  cmd: 'add' | 'change' | 'delete',
  args: string[],
  quiet: boolean,
  test: boolean,
): Promise<number> {
  for (const a of args) {
    if (!a.startsWith('-') || /^-\d/.test(a)) continue;
    const word = a.slice(1);
    if (word === 'inet' || word === 'link' || word === 'atalk' || word === 'mpls')
      throw new ToolError(`${word}: address family not supported by ip6kit`);
    if (UNSIMULATED.has(word)) throw new ToolError(`-${word} is not simulated by ip6kit`, EX_USAGE);
    if (!KEYWORDS.has(word)) throw botched(word);
  }
  const { parseModifiers } = await import('./route.js');
  const p = parseModifiers(args);
  if (p.dest === null) throw new ToolError('missing destination specification');
  if (cmd === 'add' && p.gateway === null) throw new ToolError('missing gateway specification');
  if (p.forceHost && p.forceNet) throw new ToolError('-host and -net conflict');
  const { dst, plen } = await readDestination(p.dest, p.plen, p.netmask);
  const host = p.forceHost || (!p.forceNet && (plen === null || plen === 128));
  const length = host ? 128 : (plen ?? 64);
  let gateway: RouteRequest['gateway'] = null;
  if (p.gateway !== null) {
    const g = scopedAddr(p.gateway);
    gateway = { kind: 'addr', addr: g };
    if (p.iface) {
      // -interface: the gateway is an address of ours; the route goes out through its interface.
      const owner = (await (await ctx.backend()).listInterfaces()).find((i) => i.addrs.some((a) => a.addr === g.addr));
      if (!owner) throw new ToolError(`${p.gateway}: bad value`);
      gateway = { kind: 'iface', name: owner.name };
    }
  }
  const line = `${cmd} ${host ? 'host' : 'net'} ${p.dest}${p.gateway !== null ? `: gateway ${p.gateway}` : ''}`;
  if (!test) {
    const backend = await ctx.backend();
    if (!backend.routes)
      throw new ToolError(`the ${ctx.globals.backend} backend has no routing table operations yet`, EX_UNAVAILABLE);
    try {
      await backend.routes.changeRoute({
        op: cmd,
        dst,
        plen: length,
        gateway,
        flags: p.flags,
        ifp: p.ifp,
        mtu: p.mtu,
        expire: p.expire,
      });
    } catch (e) {
      if (!(e instanceof OpError)) throw e;
      if (e.op === 'lookup' || e.op === 'getaddrinfo') throw new ToolError(`${e.subject}: bad value`);
      const reason = ROUTE_STRERROR[e.errno] ?? (await import('../errno.js')).strerror(e.errno);
      ctx.io.err(`route: writing to routing socket: ${reason}\n`);
      if (!quiet) ctx.io.out(`${line}: ${reason}\n`);
      return 1;
    }
  }
  if (!quiet) ctx.io.out(`${line}\n`);
  return 0;
}

/** show.c parse_show_opts: every argument a -keyword, read from the last. */
function showOptions(args: string[]): { only: number; family: 'inet6' | 'other' | null } {
  let only = 0;
  let family: 'inet6' | 'other' | null = null;
  for (const a of [...args].reverse()) {
    const word = a.startsWith('-') ? a.slice(1) : null;
    if (word === 'host') only |= NB_RTF.HOST;
    else if (word === 'llinfo') only |= NB_RTF.LLINFO;
    else if (word === 'inet6') family = 'inet6';
    else if (word === 'inet' || word === 'atalk' || word === 'mpls') family = 'other';
    else throw botched(a);
  }
  return { only, family };
}

async function show(ctx: Context, args: string[], numeric: boolean, noLlinfo: boolean): Promise<number> {
  const { only, family } = showOptions(args);
  const r = await import('../render/nbroute.js');
  // p_rttables: rows of the family asked for that carry the flags asked for.
  const rows = family === 'other' ? [] : await table(ctx);
  const chosen = rows.filter((x) => (x.flags & only) === only);
  await writeInChunks(ctx, r.netbsdRoutesLines(chosen, { numeric, noLlinfo, interesting: r.ROUTE_SHOW_FLAGS }));
  return 0;
}

/**
 * route get: getaddr's reading of the destination (inet6_makenetandmask: :: asks for the default
 * route, a 2000::/3 address with a zero interface id for its /64, anything else for its best
 * match), then RTM_GET.
 */
async function get(ctx: Context, args: string[], numeric: boolean, short: boolean): Promise<number> {
  let dest: string | null = null;
  let plenText: string | null = null;
  let forceHost = false;
  let forceNet = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith('-')) {
      if (dest !== null) throw botched(a);
      dest = a;
      continue;
    }
    const word = a.slice(1);
    if (word === 'inet6') continue;
    if (word === 'host') forceHost = true;
    else if (word === 'net') forceNet = true;
    else if (word === 'prefixlen') {
      const v = args[++i];
      if (v === undefined) throw botched(a);
      plenText = v;
    } else if (word === 'inet') throw new ToolError('inet: address family not supported by ip6kit');
    else throw botched(word);
  }
  if (dest === null) throw new ToolError('missing destination specification');
  if (forceHost && forceNet) throw new ToolError('-host and -net conflict');
  const read = await readDestination(dest, plenText, null);
  const target = read.dst;
  const plen = forceHost ? null : read.plen;
  const backend = await ctx.backend();
  if (!backend.netbsdRouteGet)
    throw new ToolError(`the ${ctx.globals.backend} backend keeps no NetBSD routing table`, EX_UNAVAILABLE);
  let found: NbRouteView | null;
  try {
    found = await backend.netbsdRouteGet(target, plen === 128 ? null : plen);
  } catch (e) {
    if (e instanceof OpError && e.op === 'getaddrinfo') throw new ToolError(`${dest}: bad value`);
    throw e;
  }
  if (!found) throw new ToolError('writing to routing socket: not in table');
  const { netbsdRouteGetText } = await import('../render/nbroute.js');
  // getnameinfo names a numeric zone by its interface (if_indextoname).
  const zone = target.zone;
  const shown =
    typeof zone === 'number'
      ? ((await backend.listInterfaces()).find((i) => i.index === zone)?.name ?? String(zone))
      : zone;
  ctx.io.out(netbsdRouteGetText({ addr: target.addr, zone: shown }, found, { numeric, short }));
  return 0;
}

/**
 * getaddr's reading of a destination: the address, and the prefix length route(8) sends with it
 * (null: no mask, a host). default and :: ask for /0; /len, -prefixlen and -netmask say it;
 * otherwise inet6_makenetandmask gives a 2000::/3 address whose interface id is zero its /64.
 */
async function readDestination(
  dest: string,
  plenText: string | null,
  netmask: string | null,
): Promise<{ dst: ScopedAddr; plen: number | null }> {
  const { maskLen, parseIp6 } = await import('../addr/index.js');
  let text = dest;
  let lenText = plenText;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    lenText = text.slice(slash + 1);
    text = text.slice(0, slash);
  }
  const dst: ScopedAddr = text === 'default' ? { addr: '::', zone: null } : scopedAddr(text);
  if (lenText !== null) {
    // prefixlen(): atoi, then len < -1 || len > 128 is a bad value.
    const len = Number.parseInt(lenText, 10);
    const n = Number.isNaN(len) ? 0 : len;
    if (n < -1 || n > 128) throw new ToolError(`${lenText}: bad value`);
    if (n < 0) throw new ToolError(`${lenText}: a prefix length of -1 is not simulated by ip6kit`, EX_USAGE);
    return { dst, plen: n };
  }
  if (netmask !== null) {
    const m = maskLen(parseIp6(scopedAddr(netmask).addr));
    if (m < 0) throw new ToolError(`${netmask}: a netmask with holes is not simulated by ip6kit`, EX_USAGE);
    return { dst, plen: m };
  }
  const b = parseIp6(dst.addr);
  if (text === 'default' || (b.every((x) => x === 0) && dst.zone === null)) return { dst, plen: 0 };
  if (((b[0] as number) & 0xe0) === 0x20 && b.subarray(8).every((x) => x === 0)) return { dst, plen: 64 };
  return { dst, plen: null };
}
