// netstat -r and route(8) under the netbsd profile: NetBSD's options, table and route get
// (usr.bin/netstat main.c, sbin/route route.c and show.c, rtutil.c of the tree ip6kit.8 names).
// The table is the world's as NetBSD's kernel would hold it (backend/nbroutes.ts).
import { OpError } from '../backend/types.js';
import type { NbRouteView } from '../views/index.js';
import { ToolError, UsageError, getopt, scopedAddr, writeInChunks, type Context } from './common.js';
import { EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';

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

/** NetBSD's getopt says "unknown option" where FreeBSD's says "illegal option". */
function netbsdGetopt(argv: string[], spec: string, prog: string, usage: string): ReturnType<typeof getopt> {
  try {
    return getopt(argv, spec, prog, usage, 1);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    throw new UsageError(
      usage,
      1,
      e.lead.map((l) => l.replace('illegal option', 'unknown option')),
    );
  }
}

/** route(8)'s usage(): the keyword it could not take, then the usage line; exit 1. */
const botched = (word?: string): UsageError =>
  new UsageError(ROUTE_USAGE, 1, word === undefined ? [] : [`route: botched keyword: ${word}`]);

async function table(ctx: Context): Promise<NbRouteView[]> {
  const backend = await ctx.backend();
  if (!backend.netbsdRoutes)
    throw new ToolError(`the ${ctx.globals.backend} backend keeps no NetBSD routing table`, EX_UNAVAILABLE);
  return backend.netbsdRoutes();
}

/** netstat under the netbsd profile: the routing table; the rest has no NetBSD text yet. */
export async function netbsdNetstat(argv: string[], ctx: Context): Promise<number> {
  const { opts, rest } = netbsdGetopt(argv, 'AabBdf:ghI:LliM:mN:nP:p:qrsStTuVvw:X', 'netstat', NETSTAT_USAGE);
  if (rest.length) throw new UsageError(NETSTAT_USAGE, 1);
  let routes = false;
  let numeric = false;
  let noLlinfo = false;
  let families: string[] | null = null;
  for (const [o, v] of opts) {
    if (o === 'r') routes = true;
    else if (o === 'n') numeric = true;
    else if (o === 'L') noLlinfo = true;
    else if (o === 'f') families = (v as string).split(',');
    else if (o !== 'a')
      throw new ToolError(`-${o} has no NetBSD text in ip6kit (the netbsd profile offers netstat -r)`, EX_USAGE);
  }
  if (!routes) throw new ToolError('the netbsd profile offers netstat -r only (ip6kit.8, PROFILES)', EX_USAGE);
  const { netbsdRoutesLines } = await import('../render/nbroute.js');
  const rows = await table(ctx);
  // -f runs the table once per family named; an unknown one is warned about and skipped.
  for (const family of families ?? ['unspec']) {
    if (family === 'inet6' || family === 'unspec')
      await writeInChunks(ctx, netbsdRoutesLines(rows, { numeric, noLlinfo, interesting: ~0 }));
    else if (['inet', 'arp', 'pfkey', 'unix', 'local', 'atalk', 'mpls'].includes(family))
      ctx.io.out('Routing tables\n');
    else ctx.io.err(`netstat: ${family}: unknown address family\n`);
  }
  return 0;
}

/** route under the netbsd profile: show and get; changing the table keeps FreeBSD's text for now. */
export async function netbsdRoute(argv: string[], ctx: Context): Promise<number> {
  const { opts, rest } = netbsdGetopt(argv, 'dfLnqSsTtv', 'route', ROUTE_USAGE);
  let numeric = false;
  let noLlinfo = false;
  let short = false;
  for (const [o] of opts) {
    if (o === 'n') numeric = true;
    else if (o === 'L') noLlinfo = true;
    else if (o === 's') short = true;
    else if (o !== 'q' && o !== 'v')
      throw new ToolError(`-${o} has no NetBSD text in ip6kit (the netbsd profile offers show and get)`, EX_USAGE);
  }
  const [cmd, ...args] = rest;
  if (cmd === undefined) throw botched();
  if (cmd === 'show') return show(ctx, args, numeric, noLlinfo);
  if (cmd === 'get') return get(ctx, args, numeric, short);
  if (['add', 'change', 'delete', 'flush', 'flushall', 'monitor'].includes(cmd))
    throw new ToolError(`${cmd} has no NetBSD text yet; the netbsd profile offers show and get`, EX_USAGE);
  throw botched(cmd);
}

/** show.c parse_show_opts: every argument a -keyword, read from the last. */
async function show(ctx: Context, args: string[], numeric: boolean, noLlinfo: boolean): Promise<number> {
  let only = 0;
  let family: 'inet6' | 'other' | null = null;
  const { NB_RTF } = await import('../flags.js');
  for (const a of [...args].reverse()) {
    const word = a.startsWith('-') ? a.slice(1) : null;
    if (word === 'host') only |= NB_RTF.HOST;
    else if (word === 'llinfo') only |= NB_RTF.LLINFO;
    else if (word === 'inet6') family = 'inet6';
    else if (word === 'inet' || word === 'atalk' || word === 'mpls') family = 'other';
    else throw botched(a);
  }
  const r = await import('../render/nbroute.js');
  if (family === 'other') {
    ctx.io.out('Routing tables\n');
    return 0;
  }
  const rows = await table(ctx);
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
  let text = dest;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    plenText = text.slice(slash + 1);
    text = text.slice(0, slash);
  }
  const target = text === 'default' ? { addr: '::', zone: null } : scopedAddr(text);
  let plen: number | null = null;
  if (plenText !== null) {
    if (!/^-?\d+$/.test(plenText) || Number(plenText) < -1 || Number(plenText) > 128)
      throw new ToolError(`${plenText}: bad value`);
    plen = Number(plenText);
  } else {
    const { parseIp6 } = await import('../addr/index.js');
    const b = parseIp6(target.addr);
    if (text === 'default' || (b.every((x) => x === 0) && target.zone === null)) plen = 0;
    else if (((b[0] as number) & 0xe0) === 0x20 && b.subarray(8).every((x) => x === 0)) plen = 64;
  }
  if (forceHost) plen = null;
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
  const shown = target.zone === null ? null : typeof target.zone === 'number' ? found.ifname : target.zone;
  ctx.io.out(netbsdRouteGetText({ addr: target.addr, zone: shown }, found, { numeric, short }));
  return 0;
}
