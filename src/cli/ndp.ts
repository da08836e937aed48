// ndp(8): FreeBSD's modes (usr.sbin/ndp), messages and exit codes (spec/formats.md 2).
import { formatMac, parseMac } from '../addr/index.js';
import { OpError, type NdBackend, type NdListing, type ScopedAddr } from '../backend/types.js';
import { ToolError, UsageError, getopt, readInput, scopedAddr, writeInChunks, type Context } from './common.js';
import { EX_UNAVAILABLE, EX_USAGE } from '../sysexits.js';
import { STRERROR, strerror } from '../errno.js';
import { NB_RTF, NDP_IFINFO_WORDS } from '../flags.js';
import { keyed } from '../table.js';

export const USAGE = `usage: ndp [-nt] hostname
       ndp [-nt] -a | -c | -p | -r | -H | -P | -R
       ndp [-nt] -A wait
       ndp [-nt] -d hostname
       ndp [-nt] -f filename
       ndp [-nt] -i interface [flags...]
       ndp [-nt] -I [interface|delete]
       ndp [-nt] -s nodename etheraddr [temp] [proxy]
`;

/** ndp prints its usage on stdout and exits 1. */
const usage = (lead: string[] = []): UsageError => new UsageError(USAGE, 1, lead, true);

interface Mode {
  letter: string;
  arg: string | null;
  repeat: number;
}

export async function ndp(argv: string[], ctx: Context): Promise<number> {
  if (argv[0] === '--help') {
    ctx.io.out((await import('./help.js')).NDP_HELP);
    return 0;
  }
  const args = parseArgs(argv);
  const backend = await ctx.backend();
  if (!backend.nd)
    throw new ToolError(`the ${ctx.globals.backend} backend has no neighbour discovery operations yet`, EX_UNAVAILABLE);
  return runMode(ctx, backend.nd, args);
}

interface NdpArgs {
  mode: Mode | null;
  numeric: boolean;
  timestamps: boolean;
  rest: string[];
}

/** ndp's options: one mode letter at most, with -n and -t beside it. */
function parseArgs(argv: string[]): NdpArgs {
  let parsed;
  try {
    parsed = getopt(argv, 'acd:f:Ii:nprstA:HPR', 'ndp', USAGE, 1);
  } catch (e) {
    if (e instanceof UsageError) throw usage(e.lead);
    throw e;
  }
  const a: NdpArgs = { mode: null, numeric: false, timestamps: false, rest: parsed.rest };
  const set = (letter: string, arg: string | null, repeat = 0): void => {
    if (a.mode) throw usage();
    a.mode = { letter, arg, repeat };
  };
  for (const [o, v] of parsed.opts) {
    if (o === 'n') a.numeric = true;
    else if (o === 't') a.timestamps = true;
    else if (o === 'A') {
      // ndp takes an int: 2^31 and beyond are not one.
      if (!/^\d+$/.test(v as string) || Number(v) > 0x7fffffff) throw usage();
      set('a', null, Number(v));
    } else set(o, v);
  }
  return a;
}

async function runMode(ctx: Context, nd: NdBackend, { mode: m, numeric, timestamps, rest }: NdpArgs): Promise<number> {
  const json = ctx.globals.json;
  const r = await import('../render/ndp.js');
  switch (m?.letter ?? null) {
    case 'a':
    case 'c':
      if (rest.length) throw usage();
      return m?.letter === 'c' ? flush(ctx, nd) : dump(ctx, nd, timestamps, (m as Mode).repeat);
    case 'd':
      if (rest.length) throw usage();
      return del(ctx, nd, (m as Mode).arg as string);
    case 'f':
      if (rest.length) throw usage();
      return quiet(ctx, await file(ctx, nd, (m as Mode).arg as string));
    case 'i':
      return ifinfo(ctx, nd, (m as Mode).arg as string, rest);
    case 'I':
      return defaultIf(ctx, nd, rest);
    case 'p':
      if (rest.length) throw usage();
      ctx.io.out(json ? r.prefixesJson(await nd.prefixes()) : r.prefixesText(await nd.prefixes()));
      return 0;
    case 'r':
      if (rest.length) throw usage();
      ctx.io.out(json ? r.routersJson(await nd.routers(), numeric) : r.routersText(await nd.routers()));
      return 0;
    case 's':
      if (rest.length < 2 || rest.length > 4) throw usage();
      return quiet(ctx, await setEntry(ctx, nd, rest));
    case 'H':
      return quiet(ctx, 0); // the default router list and the routing table are never out of step here
    case 'P':
      await nd.flushPrefixes();
      return quiet(ctx, 0);
    case 'R':
      await nd.flushRouters();
      return quiet(ctx, 0);
    default:
      if (rest.length !== 1) throw usage();
      return show(ctx, nd, rest[0] as string);
  }
}

/** ndp -I [IF|delete]: set or clear the ND default interface, then print it. */
async function defaultIf(ctx: Context, nd: NdBackend, rest: string[]): Promise<number> {
  if (rest.length > 1) throw usage();
  const a = rest[0];
  if (a !== undefined) {
    try {
      await nd.defaultIf(a === 'delete' ? null : a);
    } catch (e) {
      if (e instanceof OpError) throw new ToolError(`invalid interface ${a}`);
      throw e;
    }
  }
  const name = await nd.defaultIf();
  const r = await import('../render/ndp.js');
  ctx.io.out(ctx.globals.json ? r.otherJson(name) : r.defaultIfLine(name));
  return 0;
}

/** The modes that print nothing still print ndp's (empty) container with --libxo json. */
async function quiet(ctx: Context, status: number): Promise<number> {
  if (ctx.globals.json) ctx.io.out((await import('../render/ndp.js')).otherJson());
  return status;
}

const text = (a: ScopedAddr): string => (a.zone === null ? a.addr : `${a.addr}%${a.zone}`);

/** NetBSD's text lists its LLINFO routes (backend types, NdListing); JSON stays FreeBSD's. */
const listing = (ctx: Context): NdListing =>
  ctx.globals.profile === 'netbsd' && !ctx.globals.json ? 'netbsd' : 'freebsd';

async function dump(ctx: Context, nd: NdBackend, timestamps: boolean, repeat: number): Promise<number> {
  const r = await import('../render/ndp.js');
  for (;;) {
    const list = await nd.neighbors(listing(ctx));
    // -A with JSON: one document a round, one line each (NDJSON).
    if (ctx.globals.json) ctx.io.out(repeat ? r.ndjson(r.neighborsJson(list)) : r.neighborsJson(list));
    else {
      const timestamp = timestamps ? r.timeOfDay(await nd.clock()) : null;
      await writeInChunks(ctx, r.neighborTableLines(list, { timestamp }));
    }
    if (!repeat) return 0;
    if (!ctx.globals.json) ctx.io.out('\n');
    await nd.wait(repeat);
    // On a virtual clock nothing else yields: let a closed pipe (ndp -A 5 | head) end us.
    await new Promise((r) => setImmediate(r));
  }
}

async function flush(ctx: Context, nd: NdBackend): Promise<number> {
  const { deletedLine, deletionsJson, neighborLine, netbsdDeletedLine } = await import('../render/ndp.js');
  // print_entries_nl with cflag: each entry's line (no header), then delete_nl with the bare
  // address: "X (X) deleted", or its refusal (own addresses: EPERM). ndp exits 0 either way.
  // With --libxo json: delete_nl's instances, one per entry deleted.
  const deleted: { host: string; addr: string; ifname: string }[] = [];
  if (listing(ctx) === 'netbsd') {
    // NetBSD's dump with cflag prints nothing of its own: only delete()'s line for each learned
    // entry it removes, the name it was given, then the kernel's answer.
    const indexOf = await zoneIndexes(ctx);
    for (const { view, errno } of await nd.flushNeighbors('netbsd')) {
      if (errno !== null) ctx.io.err(`ndp: writing to routing socket: ${strerror(errno)}\n`);
      else ctx.io.out(netbsdDeletedLine(text(view), view.addr, indexOf(view.zone)));
    }
    return 0;
  }
  for (const { view, errno } of await nd.flushNeighbors()) {
    if (errno !== null) ctx.io.err(`ndp: delete ${view.addr}: ${strerror(errno)}\n`);
    else if (ctx.globals.json) deleted.push({ host: view.addr, addr: view.addr, ifname: view.ifname });
    if (!ctx.globals.json) {
      ctx.io.out(neighborLine(view));
      if (errno === null) ctx.io.out(deletedLine(view.addr, view.addr));
    }
  }
  if (ctx.globals.json) ctx.io.out(deletionsJson(deleted));
  return 0;
}

/** getaddrinfo as ndp uses it: a bad name is the caller's to report. */
function parse(host: string): ScopedAddr | null {
  try {
    return scopedAddr(host);
  } catch (e) {
    if (e instanceof ToolError) return null;
    throw e;
  }
}

async function show(ctx: Context, nd: NdBackend, host: string): Promise<number> {
  const a = parse(host);
  const r = await import('../render/ndp.js');
  if (!a) {
    ctx.io.err(`ndp: ${host}: hostname nor servname provided, or not known\n`);
    return 0;
  }
  // print_entries_nl compares the scope id too: a link-local address without its zone (scope 0)
  // matches no entry, as on FreeBSD.
  const hits = (await nd.neighbors(listing(ctx))).filter(
    (n) => n.addr === a.addr && (n.zone === null ? a.zone === null : a.zone !== null && String(a.zone) === n.zone),
  );
  ctx.io.out(ctx.globals.json ? r.neighborsJson(hits) : r.NDP_HEADER + hits.map(r.neighborLine).join(''));
  if (!hits.length) {
    ctx.io.err(`ndp: ${host} (${text(a)}) -- no entry\n`);
    return 1;
  }
  return 0;
}

/**
 * Runs a change on one neighbour entry with ndp's messages for what can go wrong: a name that
 * does not resolve (exit 1), no interface for it (exit 0: "delete: cannot locate", which ndp
 * prints for -s too, a copy-paste in its source), or the kernel's refusal (exit 1).
 */
async function onEntry(
  ctx: Context,
  host: string,
  verb: 'set' | 'delete',
  fn: (a: ScopedAddr) => Promise<void>,
): Promise<number> {
  const unknown = (): number => {
    ctx.io.err(`ndp: ${host}: hostname nor servname provided, or not known\n`);
    return 1;
  };
  const a = parse(host);
  if (!a) return unknown();
  try {
    await fn(a);
    return 0;
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    if (e.op === 'getaddrinfo') return unknown();
    if (e.op === 'locate') {
      ctx.io.err(`ndp: delete: cannot locate ${host}\n`);
      return 0;
    }
    // The kernel's own reason: EINVAL for an entry it cannot take, EPERM unprivileged.
    ctx.io.err(`ndp: ${verb} ${host}: ${strerror(e.errno)}\n`);
    return 1;
  }
}

/** ndp -d: the outcome is said, but ndp's main() ignores delete()'s result and exits 0. */
async function del(ctx: Context, nd: NdBackend, host: string): Promise<number> {
  if (listing(ctx) === 'netbsd') return netbsdDel(ctx, nd, host);
  const r = await import('../render/ndp.js');
  const deleted: { host: string; addr: string; ifname: string }[] = [];
  await onEntry(ctx, host, 'delete', async (a) => {
    const n = await nd.deleteNeighbor(a);
    if (ctx.globals.json) deleted.push({ host, addr: n.addr, ifname: n.ifname });
    else ctx.io.out(r.deletedLine(host, n.zone ? `${n.addr}%${n.zone}` : n.addr));
  });
  if (ctx.globals.json) ctx.io.out(r.deletionsJson(deleted));
  return 0;
}

/**
 * NetBSD's delete(): RTM_GET for the address; a route of that very key with LLINFO and no
 * gateway is deleted ("X (Y) deleted", Y the kernel's answer); any other route is "cannot
 * delete non-NDP entry", and no route at all the routing socket's ESRCH (exit 1). An own
 * address's entry is its local route, which goes until a lookup clones it back (nblocal.ts);
 * the Linux backend has no such route to delete and refuses.
 */
async function netbsdDel(ctx: Context, nd: NdBackend, host: string): Promise<number> {
  const a = netbsdParse(ctx, host);
  if (!a) return 1;
  const backend = await ctx.backend();
  const zone = a.zone === null ? null : String(a.zone);
  const row = (await nd.neighbors('netbsd')).find((v) => v.addr === a.addr && (v.zone ?? null) === zone);
  if (row?.local && ctx.globals.backend === 'linux')
    throw new ToolError(`${host} is an own address: Linux keeps no local route ndp could delete`, EX_USAGE);
  if (!row) {
    const route = backend.netbsdRouteGet ? await backend.netbsdRouteGet(a, null) : null;
    if (!route) throw new ToolError('writing to routing socket: No such process');
    ctx.io.err('ndp: delete: cannot delete non-NDP entry\n');
    return 0;
  }
  const n = await nd.deleteNeighbor(a, 'netbsd');
  const indexOf = await zoneIndexes(ctx);
  const { netbsdDeletedLine } = await import('../render/ndp.js');
  ctx.io.out(netbsdDeletedLine(host, n.addr, indexOf(n.zone)));
  return 0;
}

/** NetBSD's getaddrinfo failure, said with warnx("%s: %s\n", ...): the format's newline and warnx's own. */
function netbsdParse(ctx: Context, host: string): ScopedAddr | null {
  const a = parse(host);
  if (!a) ctx.io.err(`ndp: ${host}: hostname nor servname provided, or not known\n\n`);
  return a;
}

/** A zone's interface index (0 for none): the routing socket's form of a link-local address carries it. */
async function zoneIndexes(ctx: Context): Promise<(zone: string | null) => number> {
  const index = new Map((await (await ctx.backend()).listInterfaces()).map((i) => [i.name, i.index]));
  return (zone) => (zone === null ? 0 : (index.get(zone) ?? 0));
}

/** ndp -s's words: HOST MAC [temp] [proxy] (other words are ignored, as ndp does). */
async function setEntry(ctx: Context, nd: NdBackend, words: string[]): Promise<number> {
  const [host, macText, ...flags] = words as [string, string, ...string[]];
  let mac: string;
  try {
    mac = formatMac(parseMac(macText));
  } catch {
    ctx.io.err(`ndp: invalid Ethernet address '${macText}'\n`);
    return 1;
  }
  const temp = flags.some((f) => f.startsWith('temp'));
  const proxy = flags.some((f) => f.startsWith('proxy'));
  if (listing(ctx) === 'netbsd') return netbsdSet(ctx, nd, host, mac, temp, proxy);
  return onEntry(ctx, host, 'set', (a) => nd.setNeighbor(a, mac, temp, proxy));
}

/**
 * NetBSD's set(): RTM_GET for the address, then RTM_ADD of a static LLINFO route, which the
 * kernel refuses (EEXIST) where the address already has one (an entry or an own address): there
 * is no overwriting. A route of that key without LLINFO cannot take an entry; a covering route
 * whose gateway is not a link address (the default route) gives no interface to put it on.
 */
async function netbsdSet(
  ctx: Context,
  nd: NdBackend,
  host: string,
  mac: string,
  temp: boolean,
  proxy: boolean,
): Promise<number> {
  const a = netbsdParse(ctx, host);
  if (!a) return 1;
  const backend = await ctx.backend();
  const route = backend.netbsdRouteGet ? await backend.netbsdRouteGet(a, null) : null;
  if (!route) throw new ToolError('writing to routing socket: No such process');
  // The address's own LLINFO route goes on to RTM_ADD (and its EEXIST); another route of that
  // key cannot take an entry.
  const own = route.plen === 128 && route.dst === a.addr;
  if (own && !(route.flags & NB_RTF.LLINFO)) {
    ctx.io.err('set: cannot configure a new entry\n');
    return 1;
  }
  if (!own && route.gateway.kind === 'addr') throw new ToolError(`cannot intuit interface index and type for ${host}`);
  // An own address whose local route ndp -d or route flush took: the kernel would make the new
  // entry its local route again, a static one, which the simulation does not hold.
  if (!own && (await backend.listInterfaces()).some((i) => i.addrs.some((x) => x.addr === a.addr)))
    throw new ToolError(`${host} is an own address without its local route: not simulated by ip6kit`, EX_USAGE);
  try {
    await nd.setNeighbor(a, mac, temp, proxy, 'netbsd');
  } catch (e) {
    if (!(e instanceof OpError)) throw e;
    throw new ToolError(`writing to routing socket: ${strerror(e.errno)}`);
  }
  return 0;
}

async function file(ctx: Context, nd: NdBackend, name: string): Promise<number> {
  let body: string;
  try {
    body = readInput(name);
  } catch (e) {
    if (e instanceof ToolError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ToolError(
      `cannot open ${name}: ${code && Object.hasOwn(STRERROR, code) ? strerror(code) : (e as Error).message}`,
    );
  }
  // Every entry in one transaction: a file of n lines costs one load and one save, not n.
  const backend = await ctx.backend();
  const all = async (): Promise<number> => {
    let failed = false;
    for (const raw of body.split('\n')) {
      const line = raw.replace(/#.*/, '').trim();
      if (!line) continue;
      const words = line.split(/\s+/);
      if (words.length < 2) {
        ctx.io.err(`ndp: bad line: ${raw}\n`);
        failed = true;
        continue;
      }
      if ((await setEntry(ctx, nd, words.slice(0, 4))) !== 0) failed = true;
    }
    return failed ? 1 : 0;
  };
  return backend.batch ? backend.batch(all) : all();
}

const wordTable = (rows: readonly (readonly [number, string])[]): Record<string, number> =>
  keyed(Object.fromEntries(rows.map(([bit, w]) => [w, bit])));

async function ifinfo(ctx: Context, nd: NdBackend, ifname: string, exprs: string[]): Promise<number> {
  const change: Parameters<NdBackend['ifinfo']>[1] = { nd6Set: 0, nd6Clear: 0 };
  // Each system's ndp reads the words it prints.
  const ND_WORDS = wordTable(
    ctx.globals.profile === 'netbsd' ? (await import('../render/netbsd.js')).NETBSD_NDP_IFINFO_WORDS : NDP_IFINFO_WORDS,
  );
  for (const e of exprs) {
    const clear = e.startsWith('-');
    const word = clear ? e.slice(1) : e;
    const bit = ND_WORDS[word];
    if (bit !== undefined) {
      if (clear) change.nd6Clear |= bit;
      else change.nd6Set |= bit;
      continue;
    }
    const m = /^(basereachable|retrans|curhlim)(?:=(.*))?$/.exec(e);
    if (m) {
      const v = m[2];
      if (v === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(v)) throw new ToolError(`syntax error in ${m[1]} field`);
      change[m[1] as 'basereachable' | 'retrans' | 'curhlim'] = Number(v);
      continue;
    }
    throw new ToolError(`${e}: unknown flag`);
  }
  try {
    const v = await nd.ifinfo(ifname, exprs.length ? change : null);
    const r = await import('../render/ndp.js');
    if (ctx.globals.json) ctx.io.out(r.ifinfoJson(v));
    else if (ctx.globals.profile !== 'netbsd') ctx.io.out(r.ifinfoText(v));
    else {
      // NetBSD's kernel has none of FreeBSD's other ND flags: they are not there to print.
      const words = (await import('../render/netbsd.js')).NETBSD_NDP_IFINFO_WORDS;
      const known = words.reduce((acc, [bit]) => acc | bit, 0);
      ctx.io.out(r.ifinfoText({ ...v, flags: v.flags & known }, words));
    }
    return 0;
  } catch (e) {
    if (e instanceof OpError && e.errno === 'ENXIO')
      throw new ToolError('ioctl(SIOCGIFINFO_IN6): Device not configured');
    throw e;
  }
}
