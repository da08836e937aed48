// ifconfig (inet6): FreeBSD's option letters and keyword grammar, NetBSD's -w/-W, and ip6kit's
// blocking DAD. The keyword table fills a pending request; the backend applies it once.
import { AddrError, formatIp6, parseIp6, parsePrefixLen, takeEmbeddedScope, parseMac } from '../addr/index.js';
import { OpError, type AddrChange, type DadMode, type IfconfigChange } from '../backend/types.js';
import {
  ifconfigJson,
  ifconfigNames,
  ifconfigNamesJson,
  ifconfigBlocks,
  type IfconfigListOptions,
} from '../render/ifconfig.js';
import { PROFILES } from '../render/profile.js';
import type { DadReport, IfaceView } from '../views/index.js';
import { getopt, noJson, strtoul, ToolError, UsageError, writeInChunks, type Context } from './common.js';
import { IN6_IFF_ROWS, ND6_IFF_ROWS, bitOfWord, type FlagRow } from '../flags.js';
import { strerror } from '../errno.js';
import { keyed } from '../table.js';

export const USAGE = `usage: ifconfig [-j jail] [-f type:format] [-L] [-C] [-g groupname] interface address_family
                [address [dest_address]] [parameters]
       ifconfig [-j jail] interface create
       ifconfig [-j jail] -a [-L] [-C] [-g groupname] [-d] [-m] [-u] [-v] [address_family]
       ifconfig [-j jail] -l [-d] [-u] [address_family]
       ifconfig [-j jail] [-L] [-C] [-g groupname] [-d] [-m] [-u] [-v]
`;

const usage = (lead: string[] = []): UsageError => new UsageError(USAGE, 1, lead);
const CLONERS = 'bridge epair gif lo tap tun';
const FAMILIES = ['inet6', 'inet', 'link', 'ether', 'lladdr'];

interface Pending {
  change: IfconfigChange;
  addrText: string | null;
  destText: string | null;
  plen: string | null;
  eui64: boolean;
  remove: boolean;
  alias: boolean;
  flagsSet: number;
  flagsClear: number;
  pltime: number | null | undefined;
  vltime: number | null | undefined;
}

type Keyword = { arity: 0 | 1; apply: (p: Pending, arg: string) => void };

const flag = (bit: number, on: boolean): Keyword => ({
  arity: 0,
  apply: (p) => {
    if (on) p.flagsSet |= bit;
    else p.flagsClear |= bit;
  },
});

const nd6 = (bit: number, on: boolean): Keyword => ({
  arity: 0,
  apply: (p) => {
    if (on) p.change.nd6Set |= bit;
    else p.change.nd6Clear |= bit;
  },
});

function lifetime(name: 'pltime' | 'vltime'): Keyword {
  return {
    arity: 1,
    apply: (p, arg) => {
      const v = strtoul(arg);
      if (v === null || v > 0xffffffff) throw new ToolError(`invalid ${name}`);
      p[name] = v === 0xffffffff ? null : v;
    },
  };
}

const set = (fn: (p: Pending, arg: string) => void, arity: 0 | 1 = 0): Keyword => ({ arity, apply: fn });

/** af_inet6.c's address-flag commands: anycast has no '-anycast' there. */
const IN6_WORDS = [
  'anycast',
  'tentative',
  '-tentative',
  'deprecated',
  '-deprecated',
  'autoconf',
  '-autoconf',
  'prefer_source',
  '-prefer_source',
];
/** The nd6 flags ifconfig sets and clears (defaultif and prefer_source are not modelled). */
const ND6_WORDS = [
  'nud',
  'accept_rtadv',
  'auto_linklocal',
  'ifdisabled',
  'no_dad',
  'no_radr',
  'no_prefer_iface',
].flatMap((w) => [w, `-${w}`]);

/** Keywords that set ('word') or clear ('-word') the bit the flag table gives the word. */
function flagKeywords(
  rows: readonly FlagRow[],
  words: string[],
  make: (bit: number, on: boolean) => Keyword,
): Record<string, Keyword> {
  return Object.fromEntries(
    words.map((k) => {
      const on = !k.startsWith('-');
      const bit = bitOfWord(rows, on ? k : k.slice(1));
      if (bit === undefined) throw new Error(`${k}: not in the flag table`);
      return [k, make(bit, on)];
    }),
  );
}

/** FreeBSD's inet6_cmds[], nd6 keywords and the generic ones ip6kit models. */
export const KEYWORDS: Record<string, Keyword> = keyed({
  up: set((p) => (p.change.up = true)),
  down: set((p) => (p.change.up = false)),
  alias: set((p) => (p.alias = true)),
  add: set((p) => (p.alias = true)),
  '-alias': set((p) => (p.remove = true)),
  delete: set((p) => (p.remove = true)),
  remove: set((p) => (p.remove = true)),
  prefixlen: set((p, a) => (p.plen = a), 1),
  ...flagKeywords(IN6_IFF_ROWS, IN6_WORDS, flag),
  pltime: lifetime('pltime'),
  vltime: lifetime('vltime'),
  eui64: set((p) => (p.eui64 = true)),
  ...flagKeywords(ND6_IFF_ROWS, ND6_WORDS, nd6),
  mtu: set((p, a) => {
    const v = strtoul(a);
    // ifr_mtu is an int: larger values are no MTU at all.
    if (v === null || v > 0x7fffffff) throw new ToolError(`${a}: invalid mtu`);
    p.change.mtu = v;
  }, 1),
  ether: set((p, a) => (p.change.lladdr = a), 1),
  lladdr: set((p, a) => (p.change.lladdr = a), 1),
  description: set((p, a) => (p.change.description = a), 1),
  descr: set((p, a) => (p.change.description = a), 1),
  '-description': set((p) => (p.change.description = null)),
  '-descr': set((p) => (p.change.description = null)),
  create: set((p) => (p.change.create = true)),
  plumb: set((p) => (p.change.create = true)),
  destroy: set((p) => (p.change.destroy = true)),
  unplumb: set((p) => (p.change.destroy = true)),
  netmask: set(() => {
    throw new ToolError('netmask: invalid option for inet6');
  }, 1),
  broadcast: set(() => {
    throw new ToolError('broadcast: invalid option for inet6');
  }, 1),
});

function parseParams(ifname: string, words: string[]): Pending {
  const p: Pending = {
    change: {
      ifname,
      create: false,
      destroy: false,
      up: null,
      mtu: null,
      lladdr: null,
      description: undefined,
      nd6Set: 0,
      nd6Clear: 0,
      addr: null,
    },
    addrText: null,
    destText: null,
    plen: null,
    eui64: false,
    remove: false,
    alias: false,
    flagsSet: 0,
    flagsClear: 0,
    pltime: undefined,
    vltime: undefined,
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === 'inet6') continue;
    if (i === 0 && w === 'inet') throw new ToolError(`${w}: address family not supported by ip6kit`);
    const kw = KEYWORDS[w];
    if (!kw) {
      if (p.addrText === null) p.addrText = w;
      else if (p.destText === null) p.destText = w;
      else throw new ToolError(`${w}: bad value`);
      continue;
    }
    const arg = kw.arity ? words[++i] : '';
    if (arg === undefined) throw new ToolError(`'${w}' requires argument`);
    kw.apply(p, arg);
  }
  return p;
}

/** ADDR[/LEN][%zone] or KAME's fe80:IDX:: form; messages as FreeBSD's in6_getaddr/in6_getprefix. */
function addrChange(p: Pending): AddrChange | null {
  if (p.addrText === null) {
    if (p.remove) throw new OpError('SIOCDIFADDR', 'EADDRNOTAVAIL');
    return null;
  }
  let text = p.addrText;
  let plen = p.plen === null ? null : prefixLen(p.plen);
  const slash = text.indexOf('/');
  if (slash >= 0) {
    plen = prefixLen(text.slice(slash + 1));
    text = text.slice(0, slash);
  }
  const pct = text.indexOf('%');
  const zone = pct >= 0 ? text.slice(pct + 1) : null;
  let bytes: Uint8Array;
  try {
    bytes = parseIp6(pct >= 0 ? text.slice(0, pct) : text);
  } catch (e) {
    if (e instanceof AddrError) throw new ToolError(`${p.addrText}: bad value`);
    throw e;
  }
  if (zone !== null && zone !== p.change.ifname) throw new OpError(p.remove ? 'SIOCDIFADDR' : 'SIOCAIFADDR', 'EINVAL');
  const embedded = takeEmbeddedScope(bytes);
  let dest: string | null = null;
  if (p.destText !== null) {
    try {
      dest = formatIp6(takeEmbeddedScope(parseIp6(p.destText.replace(/%.*/, ''))).addr);
    } catch (e) {
      if (e instanceof AddrError) throw new ToolError(`${p.destText}: bad value`);
      throw e;
    }
  }
  return {
    addr: formatIp6(embedded.addr),
    plen: plen ?? 64,
    dest,
    eui64: p.eui64,
    remove: p.remove,
    alias: p.alias,
    flagsSet: p.flagsSet,
    flagsClear: p.flagsClear,
    pltime: p.pltime,
    vltime: p.vltime,
  };
}

function prefixLen(text: string): number {
  try {
    return parsePrefixLen(text);
  } catch {
    throw new ToolError(`${text}: bad value`);
  }
}

interface ListMode {
  all: boolean;
  names: boolean;
  upOnly: boolean;
  downOnly: boolean;
  lifetimes: boolean;
  cidr: boolean;
  etherFormat: 'colon' | 'dash' | 'dotted';
  dadMode: DadMode;
  waitDad: number | null;
  waitDetached: number | null;
  group: { only: boolean; name: string } | null;
}

function parseFormat(ctx: Context, spec: string, m: ListMode): void {
  for (const item of spec.split(',')) {
    const [type, fmt] = item.split(':');
    if (type === 'inet6' && (fmt === 'cidr' || fmt === 'default' || fmt === 'numeric')) m.cidr = fmt === 'cidr';
    else if (
      (type === 'ether' || type === 'link') &&
      (fmt === 'colon' || fmt === 'dash' || fmt === 'dotted' || fmt === 'default')
    )
      m.etherFormat = fmt === 'default' ? 'colon' : fmt;
    else if (
      (type === 'addr' && ['default', 'fqdn', 'host'].includes(fmt ?? '')) ||
      (type === 'inet' && fmt !== undefined)
    )
      continue;
    else ctx.io.err(`ifconfig: Skipping invalid format specification: ${item}\n\n`);
  }
}

function seconds(text: string): number {
  const v = strtoul(text);
  if (v === null) throw new ToolError(`${text}: not a number`);
  return v;
}

function parseOptions(argv: string[], ctx: Context): { m: ListMode; rest: string[]; letters: Set<string> } {
  const { opts, rest } = getopt(argv, 'G:adDf:g:j:klmnuvLCw:W:', 'ifconfig', USAGE, 1, [
    'no-wait',
    'keep-duplicated',
    'help',
  ]);
  const m: ListMode = {
    all: false,
    names: false,
    upOnly: false,
    downOnly: false,
    lifetimes: false,
    cidr: false,
    etherFormat: 'colon',
    dadMode: 'wait',
    waitDad: null,
    waitDetached: null,
    group: null,
  };
  const letters = new Set<string>();
  const fmt = process.env.IFCONFIG_FORMAT;
  if (fmt) parseFormat(ctx, fmt, m);
  for (const [o, v] of opts) {
    letters.add(o);
    if (o === 'a') m.all = true;
    else if (o === 'l') m.names = true;
    else if (o === 'u') m.upOnly = true;
    else if (o === 'd') m.downOnly = true;
    else if (o === 'L') m.lifetimes = true;
    else if (o === 'f') parseFormat(ctx, v as string, m);
    else if (o === 'g' || o === 'G') m.group = { only: o === 'g', name: v as string };
    else if (o === 'w') m.waitDad = seconds(v as string);
    else if (o === 'W') m.waitDetached = seconds(v as string);
    else if (o === '--no-wait') m.dadMode = 'nowait';
    else if (o === '--keep-duplicated') m.dadMode = 'keep';
    else if (o === 'j') throw new ToolError('jails are not simulated');
  }
  if (m.upOnly && m.downOnly) throw usage();
  if (m.names && (m.all || letters.has('m'))) throw usage();
  return { m, rest, letters };
}

function familyFilter(word: string | undefined): string | null {
  if (word === undefined) return null;
  if (!FAMILIES.includes(word)) throw new UsageError(USAGE, 1, [`ifconfig: Address family '${word}' unknown.`]);
  return word;
}

function selected(views: IfaceView[], m: ListMode): IfaceView[] {
  return views.filter((v) => {
    const up = (v.flags & 1) !== 0;
    if (m.upOnly && !up) return false;
    if (m.downOnly && up) return false;
    if (m.group) return m.group.only === (m.group.name === 'all' || v.groups.includes(m.group.name));
    return true;
  });
}

function byFamily(views: IfaceView[], family: string | null): IfaceView[] {
  if (family === 'inet') return [];
  if (family === 'link' || family === 'ether' || family === 'lladdr') return views.filter((v) => v.lladdr !== null);
  if (family === 'inet6') return views.filter((v) => v.addrs.length > 0);
  return views;
}

function etherStyle(views: IfaceView[], m: ListMode): IfaceView[] {
  if (m.etherFormat === 'colon') return views;
  const fmt = (mac: string): string => {
    if (m.etherFormat === 'dash') return mac.replace(/:/g, '-');
    const hex = mac.replace(/:/g, '');
    return `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`;
  };
  return views.map((v) => ({ ...v, lladdr: v.lladdr && fmt(v.lladdr) }));
}

function dadLine(r: DadReport): string {
  if (r.state === 'duplicated')
    return `ifconfig: ${r.ifname}: duplicate address ${r.addr}${r.holder ? ` (in use by ${r.holder})` : ''}\n`;
  return `ifconfig: ${r.ifname}: ${r.addr} still ${r.state}\n`;
}

async function list(
  ctx: Context,
  m: ListMode,
  views: IfaceView[],
  inet6Only: boolean,
  linkOnly = false,
): Promise<number> {
  const o: IfconfigListOptions = {
    inet6Only,
    linkOnly,
    lifetimes: m.lifetimes,
    cidr: m.cidr,
    profile: PROFILES[ctx.globals.profile],
  };
  if (ctx.globals.json) ctx.io.out(ifconfigJson(views, o));
  else await writeInChunks(ctx, ifconfigBlocks(etherStyle(views, m), o));
  return 0;
}

export async function ifconfig(argv: string[], ctx: Context): Promise<number> {
  const { m, rest, letters } = parseOptions(argv, ctx);
  if (letters.has('--help')) {
    ctx.io.out((await import('./help.js')).IFCONFIG_HELP);
    return 0;
  }
  if (letters.has('C')) {
    ctx.io.out(ctx.globals.json ? ifconfigNamesJson({ cloners: CLONERS.split(' ') }) : `${CLONERS}\n`);
    return 0;
  }
  if (m.waitDad !== null || m.waitDetached !== null) {
    if (['a', 'l', 'C', 'm', 'v', 'L'].some((l) => letters.has(l)) || rest.length) throw usage();
    noJson(ctx, 'with -w and -W');
    return waitAll(ctx, m);
  }
  const backend = await ctx.backend();
  if (m.names) {
    const fam = familyFilter(rest[0]);
    if (rest.length > 1) throw usage();
    const names = byFamily(selected(await backend.listInterfaces(), m), fam);
    ctx.io.out(
      ctx.globals.json ? ifconfigNamesJson({ 'interface-names': names.map((v) => v.name) }) : ifconfigNames(names),
    );
    return 0;
  }
  if (m.all || rest.length === 0) {
    if (m.group?.only && !m.all) {
      const members = (await backend.listInterfaces()).filter(
        (v) => m.group?.name === 'all' || v.groups.includes(m.group?.name ?? ''),
      );
      ctx.io.out(
        ctx.globals.json
          ? ifconfigNamesJson({ 'interface-names': members.map((v) => v.name) })
          : members.map((v) => `${v.name}\n`).join(''),
      );
      return 0;
    }
    const fam = familyFilter(rest[0]);
    if (rest.length > 1) throw usage();
    return list(
      ctx,
      m,
      byFamily(selected(await backend.listInterfaces(), m), fam === 'inet6' ? null : fam),
      fam === 'inet6',
    );
  }
  const [ifname, ...params] = rest as [string, ...string[]];
  // A lone family word lists that family: 'inet6', or the link level ('ether', 'link', 'lladdr'
  // with no address after them).
  const linkWord = params.length === 1 && ['ether', 'link', 'lladdr'].includes(params[0] as string);
  if (params.length === 0 || (params.length === 1 && params[0] === 'inet6') || linkWord) {
    const view = (await backend.listInterfaces()).find((v) => v.name === ifname);
    if (!view) throw new ToolError(`interface ${ifname} does not exist`);
    return list(ctx, m, selected([view], m), params[0] === 'inet6', linkWord);
  }
  return change(ctx, m, ifname, params);
}

async function change(ctx: Context, m: ListMode, ifname: string, words: string[]): Promise<number> {
  // ip6kit's DAD options may also follow the parameters, where people tend to put them.
  const params = words.filter((w) => {
    if (w === '--no-wait') m.dadMode = 'nowait';
    else if (w === '--keep-duplicated') m.dadMode = 'keep';
    else return true;
    return false;
  });
  const p = parseParams(ifname, params);
  // Only a bare create has something to say (the name it made); other changes print nothing.
  if (!(params.length === 1 && params[0] === 'create')) noJson(ctx, 'for changes');
  if (p.change.lladdr !== null) {
    try {
      parseMac(p.change.lladdr);
    } catch {
      throw new ToolError(`malformed link-level address`);
    }
  }
  p.change.addr = addrChange(p);
  const backend = await ctx.backend();
  const outcome = await backend.applyIfconfig(p.change, m.dadMode);
  const made = outcome.created[0];
  if (ctx.globals.json) ctx.io.out(ifconfigNamesJson({ created: made ?? ifname }));
  else if (made !== undefined && made !== ifname) ctx.io.out(`${made}\n`);
  const dad = outcome.dad;
  if (dad?.state === 'duplicated') {
    ctx.io.err(dadLine(dad));
    return 1;
  }
  // The real kernel can take an address away while DAD runs (the link went down, someone deleted
  // it), or not finish in time: the address is not configured as asked, and ifconfig says so.
  if (dad?.state === 'gone') {
    ctx.io.err(`ifconfig: ${dad.ifname}: ${dad.addr} was removed before DAD finished\n`);
    return 1;
  }
  if (dad?.state === 'timeout') {
    ctx.io.err(`ifconfig: ${dad.ifname}: ${dad.addr} still tentative after ${dad.waited ?? 0} s\n`);
    return 1;
  }
  if (dad?.state === 'tentative' && m.dadMode !== 'nowait')
    ctx.io.err(`ifconfig: ${dad.ifname}: interface is down; ${dad.addr} stays tentative until it is up\n`);
  if (dad?.state === 'detached' && m.dadMode !== 'nowait')
    ctx.io.err(`ifconfig: ${dad.ifname}: no carrier; ${dad.addr} stays detached until the link is up\n`);
  return 0;
}

async function waitAll(ctx: Context, m: ListMode): Promise<number> {
  const backend = await ctx.backend();
  const r = await backend.waitSettled(m.waitDad ?? 0, m.waitDetached);
  // NetBSD's wait_dad_exec polls for tentative addresses and says only "timed out".
  const reports = PROFILES[ctx.globals.profile].waitReportsDuplicates;
  if (reports) for (const rep of r.reports) ctx.io.err(dadLine(rep));
  if (r.timedOut) ctx.io.err('ifconfig: timed out\n');
  return r.timedOut || (reports && r.reports.some((x) => x.state === 'duplicated')) ? 1 : 0;
}

/** FreeBSD's messages for kernel request failures (spec/formats.md 1.9-1.11). */
export function ifconfigOpMessage(e: OpError): string {
  const text = strerror(e.errno);
  switch (e.op) {
    case 'lookup':
      return `interface ${e.subject} does not exist`;
    case 'SIOCIFCREATE2':
      return e.errno === 'EEXIST' ? `interface ${e.subject} already exists` : `SIOCIFCREATE2 (${e.subject}): ${text}`;
    case 'SIOCIFDESTROY':
      return `SIOCIFDESTROY: ${text}`;
    case 'SIOCSIFMTU':
      return `ioctl SIOCSIFMTU (set mtu): ${text}`;
    case 'SIOCSIFLLADDR':
      return `ioctl (SIOCSIFLLADDR): ${text}`;
    case 'eui64':
      // af_inet6.c's setip6eui64 refuses before any request: an interface id is already there
      // (EINVAL), or the interface has no link-local address to take one from (EADDRNOTAVAIL).
      return e.errno === 'EINVAL' ? 'interface index is already filled' : 'could not determine link local address';
    default:
      return `ioctl (${e.op}): ${text}`;
  }
}
