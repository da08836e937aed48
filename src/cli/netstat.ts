// netstat -r (Internet6 routing table) and -s (IPv6/ICMPv6 statistics), FreeBSD's formats
// (spec/formats.md 4). ip6kit has no sockets, so the socket listings are not offered.
import type { RouteBackend } from '../backend/types.js';
import { ToolError, UsageError, getopt, writeInChunks, type Context } from './common.js';
import { EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';

export const USAGE = `usage: netstat -r [-46nW] [-f address_family] [-F fibnum]
       netstat -s [-s] [-46] [-f address_family | -p protocol]
`;

const FAMILIES = new Set(['inet', 'inet6', 'unix', 'local', 'link', 'netgraph', 'ng', 'pfkey']);

export async function netstat(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).NETSTAT_HELP);
    return 0;
  }
  if (ctx.globals.profile === 'netbsd' && !ctx.globals.json)
    return (await import('./nbroute.js')).netbsdNetstat(argv, ctx);
  const { opts, rest } = getopt(argv, '46AaBbdF:f:ghI:iLlM:mN:nOoPp:Qq:RrSTsuWw:xz', 'netstat', USAGE, EX_USAGE);
  if (rest.length) throw new UsageError(USAGE, EX_USAGE);
  let routes = false;
  let stats = false;
  let sflag = 0;
  let numeric = false;
  let wide = false;
  let proto: string | null = null;
  for (const [o, v] of opts) {
    if (o === 'r') routes = true;
    else if (o === 's') {
      stats = true;
      sflag++;
    } else if (o === 'n') numeric = true;
    else if (o === 'W') wide = true;
    else if (o === '4') throw new ToolError('inet: address family not supported by ip6kit');
    else if (o === 'f') {
      const fam = v as string;
      if (!FAMILIES.has(fam)) throw new ToolError(`${fam}: unknown address family`);
      if (fam !== 'inet6') throw new ToolError(`${fam}: address family not supported by ip6kit`);
    } else if (o === 'F') {
      const fib = v as string;
      if (!/^\d+$/.test(fib)) throw new ToolError(`${fib}: invalid fib`);
      if (Number(fib) !== 0) throw new ToolError(`${fib}: invalid fib`, EX_USAGE);
    } else if (o === 'p') proto = v as string;
    else if (o !== '6' && o !== 'a')
      throw new ToolError(`-${o} is not simulated by ip6kit (it offers -r and -s)`, EX_USAGE);
  }
  const backend = await ctx.backend();
  const table = (): RouteBackend => {
    if (!backend.routes)
      throw new ToolError(`the ${ctx.globals.backend} backend has no routing table operations yet`, EX_UNAVAILABLE);
    return backend.routes;
  };
  // -r with -s is rt_stats (redirect and lookup counters), which the simulation does not keep.
  if (routes && stats) throw new ToolError('-rs (routing statistics) is not simulated by ip6kit (netstat.8)', EX_USAGE);
  if (routes) {
    const r = await import('../render/route.js');
    const t = table();
    const list = t.routeStream ? t.routeStream() : await t.listRoutes();
    await writeInChunks(
      ctx,
      ctx.globals.json ? r.netstatRoutesJsonPieces(list) : r.netstatRoutesLines(list, { numeric, wide }),
    );
    return 0;
  }
  if (stats) return statistics(ctx, proto, sflag);
  throw new UsageError(USAGE, EX_USAGE, ['netstat: ip6kit offers the routing table (-r) and statistics (-s)']);
}

/** Protocols netstat knows on FreeBSD or NetBSD that the simulation keeps no counters for. */
const UNSIMULATED_PROTOCOLS = new Set(
  'ip icmp igmp tcp udp tcp6 udp6 arp sctp carp pfsync pim pim6 rip6 ipsec ipsec6 divert'.split(' '),
);

/** -s or -p: the ip6 and icmp6 blocks, in the words of the profile's system. */
export async function statistics(ctx: Context, proto: string | null, sflag: number): Promise<number> {
  if (proto !== null && proto !== 'ip6' && proto !== 'icmp6') {
    if (UNSIMULATED_PROTOCOLS.has(proto))
      throw new ToolError(`${proto}: protocol not simulated by ip6kit (ip6, icmp6)`);
    throw new ToolError(`${proto}: unknown or uninstrumented protocol`);
  }
  const backend = await ctx.backend();
  if (!backend.stats) throw new ToolError(`the ${ctx.globals.backend} backend keeps no statistics`, EX_UNAVAILABLE);
  const s = await backend.stats();
  const ip6 = proto === null || proto === 'ip6';
  const icmp6 = proto === null || proto === 'icmp6';
  if (ctx.globals.json) ctx.io.out((await import('../render/stats.js')).statsJson(s, proto, { sflag }));
  else if (ctx.globals.profile === 'netbsd') {
    const r = await import('../render/nbstats.js');
    ctx.io.out((ip6 ? r.netbsdIp6StatsText(s, sflag) : '') + (icmp6 ? r.netbsdIcmp6StatsText(s, sflag) : ''));
  } else {
    const r = await import('../render/stats.js');
    ctx.io.out((ip6 ? r.ip6StatsText(s, { sflag }) : '') + (icmp6 ? r.icmp6StatsText(s, { sflag }) : ''));
  }
  return 0;
}
