// RFC 6724 address selection. Source selection follows FreeBSD's in6_selectsrc rule order (its
// own alive-interface and prefer_source rules come before longest match); destination ordering
// is section 6's ten rules. Both work on plain candidate lists, so the RFC's section 10 examples
// (with IPv4 as IPv4-mapped addresses) run as they are; selectSource builds the list for a node.
import { ip6Equal, prefixContains, isLinkLocal, isV4Mapped, parseIp6, scopeOf, type Scope } from '../addr/index.js';
import { IFF, IN6_IFF, ND6_IFF } from './constants.js';
import { ifFlags } from './iface.js';
import type { Addr, Iface, Node, PolicyEntry } from './types.js';

const SCOPE_VALUE: Record<Scope, number> = {
  interface: 1,
  link: 2,
  admin: 4,
  site: 5,
  organization: 8,
  global: 14,
  reserved: 15,
};

/** RFC 6724 3.1/3.2 scope; IPv4 loopback and link-local (169.254/16) are link scope, the rest global. */
export function scopeValue(a: Uint8Array): number {
  if (isV4Mapped(a)) return a[12] === 127 || (a[12] === 169 && a[13] === 254) ? 2 : 14;
  return SCOPE_VALUE[scopeOf(a)];
}

/** Longest-prefix match in the policy table; null when nothing matches (label "not applicable"). */
export function policyFor(table: PolicyEntry[], a: Uint8Array): PolicyEntry | null {
  let best: PolicyEntry | null = null;
  for (const p of table) {
    if (best && p.plen <= best.plen) continue;
    if (prefixContains({ addr: parseIp6(p.prefix), len: p.plen }, a)) best = p;
  }
  return best;
}

/** Leading bits two addresses share, at most `limit` (the source's prefix length, RFC 6724 2.2). */
export function commonPrefixLen(a: Uint8Array, b: Uint8Array, limit = 128): number {
  for (let i = 0; i < 16; i++) {
    const x = (a[i] as number) ^ (b[i] as number);
    if (x) return Math.min(limit, i * 8 + Math.clz32(x) - 24);
  }
  return limit;
}

export interface SourceCandidate {
  addr: Uint8Array;
  plen: number;
  deprecated: boolean;
  temporary: boolean;
  /** ifconfig's prefer_source. */
  preferSource: boolean;
  /** On the interface the packet leaves by. */
  outgoing: boolean;
  /** The interface is up with carrier (FreeBSD's rule 8). */
  alive: boolean;
  home?: boolean;
}

export interface SelectionContext {
  table: PolicyEntry[];
  /** net.inet6.ip6.prefer_tempaddr: rule 7 prefers temporary addresses (else public ones, as FreeBSD). */
  preferTemporary: boolean;
  /** Policy lookups made count in the table's Use column (the kernel's path). */
  count?: boolean;
}

/** A policy lookup as the kernel makes it: a hit bumps the entry's Use counter when counting. */
function lookup(ctx: SelectionContext, a: Uint8Array): PolicyEntry | null {
  const p = policyFor(ctx.table, a);
  if (p && ctx.count) p.use++;
  return p;
}

type Verdict = 'a' | 'b' | null;
const prefer = (a: boolean, b: boolean): Verdict => (a && !b ? 'a' : b && !a ? 'b' : null);

/** Source rules in FreeBSD's order: name and the verdict between two candidates. */
/** Each rule: its name, its slot in netstat's "selection rule applied" list, its verdict. */
function sourceRules(
  dst: Uint8Array,
  dstLabel: number | null,
  ctx: SelectionContext,
  label: (c: SourceCandidate) => number | null,
): [string, number, (a: SourceCandidate, b: SourceCandidate) => Verdict][] {
  const same = (c: SourceCandidate): boolean => ip6Equal(c.addr, dst);
  const dscope = scopeValue(dst);
  return [
    ['rule 1 (prefer same address)', 1, (a, b) => prefer(same(a), same(b))],
    [
      'rule 2 (prefer appropriate scope)',
      2,
      (a, b) => {
        const sa = scopeValue(a.addr);
        const sb = scopeValue(b.addr);
        if (sa === sb) return null;
        if (sa < sb) return sa < dscope ? 'b' : 'a';
        return sb < dscope ? 'a' : 'b';
      },
    ],
    ['rule 3 (avoid deprecated addresses)', 3, (a, b) => prefer(!a.deprecated, !b.deprecated)],
    ['rule 4 (prefer home addresses)', 4, (a, b) => prefer(a.home === true, b.home === true)],
    ['rule 5 (prefer outgoing interface)', 5, (a, b) => prefer(a.outgoing, b.outgoing)],
    [
      'rule 6 (prefer matching label)',
      6,
      (a, b) => (dstLabel === null ? null : prefer(label(a) === dstLabel, label(b) === dstLabel)),
    ],
    [
      ctx.preferTemporary ? 'rule 7 (prefer temporary addresses)' : 'rule 7 (prefer public addresses)',
      7,
      (a, b) => (ctx.preferTemporary ? prefer(a.temporary, b.temporary) : prefer(!a.temporary, !b.temporary)),
    ],
    ['FreeBSD rule 8 (prefer alive interface)', 8, (a, b) => prefer(a.alive, b.alive)],
    ['FreeBSD rule 10 (prefer_source)', 10, (a, b) => prefer(a.preferSource, b.preferSource)],
    [
      'rule 8 (use longest matching prefix)',
      14,
      (a, b) => {
        const la = commonPrefixLen(a.addr, dst, a.plen);
        const lb = commonPrefixLen(b.addr, dst, b.plen);
        return la === lb ? null : la > lb ? 'a' : 'b';
      },
    ],
  ];
}

/** Source selection over candidates; only those of the destination's family take part. */
export function chooseSource<C extends SourceCandidate>(
  cands: C[],
  dst: Uint8Array,
  ctx: SelectionContext,
): { best: C; rule: string; ruleIndex: number } | null {
  const v4 = isV4Mapped(dst);
  const pool = cands.filter((c) => isV4Mapped(c.addr) === v4);
  const dstLabel = lookup(ctx, dst)?.label ?? null;
  const labels = new Map<C, number | null>();
  const label = (c: SourceCandidate): number | null => {
    const k = c as C;
    if (!labels.has(k)) labels.set(k, lookup(ctx, c.addr)?.label ?? null);
    return labels.get(k) as number | null;
  };
  const rules = sourceRules(dst, dstLabel, ctx, label);
  let best: C | null = null;
  let why = 'only candidate';
  let index = 0;
  for (const c of pool) {
    if (!best) {
      best = c;
      continue;
    }
    let decided = false;
    for (const [name, slot, rule] of rules) {
      const v = rule(best, c);
      if (v === null) continue;
      if (v === 'b') best = c;
      why = name;
      index = slot;
      decided = true;
      break;
    }
    if (!decided) {
      why = 'first candidate';
      index = 0;
    }
  }
  return best ? { best, rule: why, ruleIndex: index } : null;
}

export interface DestinationCandidate {
  addr: Uint8Array;
  /** The source chosen for it; null: unusable (no route or no source). */
  source: SourceCandidate | null;
  /** Reached through an encapsulating interface (gif, tun). */
  encapsulated?: boolean;
}

/** Destination rules of RFC 6724 section 6; a verdict between DA and DB. */
function destinationRules(
  ctx: SelectionContext,
): [string, (a: DestinationCandidate, b: DestinationCandidate) => Verdict][] {
  const label = (x: Uint8Array): number | null => policyFor(ctx.table, x)?.label ?? null;
  const prec = (x: Uint8Array): number => policyFor(ctx.table, x)?.precedence ?? 0;
  return [
    ['rule 1 (avoid unusable destinations)', (a, b) => prefer(a.source !== null, b.source !== null)],
    [
      'rule 2 (prefer matching scope)',
      (a, b) =>
        prefer(
          a.source !== null && scopeValue(a.addr) === scopeValue(a.source.addr),
          b.source !== null && scopeValue(b.addr) === scopeValue(b.source.addr),
        ),
    ],
    ['rule 3 (avoid deprecated addresses)', (a, b) => prefer(!a.source?.deprecated, !b.source?.deprecated)],
    ['rule 4 (prefer home addresses)', (a, b) => prefer(a.source?.home === true, b.source?.home === true)],
    [
      'rule 5 (prefer matching label)',
      (a, b) => {
        const la = label(a.addr);
        const lb = label(b.addr);
        return prefer(
          a.source !== null && la !== null && label(a.source.addr) === la,
          b.source !== null && lb !== null && label(b.source.addr) === lb,
        );
      },
    ],
    [
      'rule 6 (prefer higher precedence)',
      (a, b) => {
        const pa = prec(a.addr);
        const pb = prec(b.addr);
        return pa === pb ? null : pa > pb ? 'a' : 'b';
      },
    ],
    ['rule 7 (prefer native transport)', (a, b) => prefer(!a.encapsulated, !b.encapsulated)],
    [
      'rule 8 (prefer smaller scope)',
      (a, b) => {
        const sa = scopeValue(a.addr);
        const sb = scopeValue(b.addr);
        return sa === sb ? null : sa < sb ? 'a' : 'b';
      },
    ],
    [
      'rule 9 (use longest matching prefix)',
      (a, b) => {
        if (!a.source || !b.source || isV4Mapped(a.addr) !== isV4Mapped(b.addr)) return null;
        const la = commonPrefixLen(a.source.addr, a.addr, a.source.plen);
        const lb = commonPrefixLen(b.source.addr, b.addr, b.source.plen);
        return la === lb ? null : la > lb ? 'a' : 'b';
      },
    ],
  ];
}

/** The rule that orders DA before DB (or DB before DA), or rule 10 when none does. */
export function compareDestinations(
  a: DestinationCandidate,
  b: DestinationCandidate,
  ctx: SelectionContext,
): { verdict: Verdict; rule: string } {
  for (const [name, rule] of destinationRules(ctx)) {
    const v = rule(a, b);
    if (v !== null) return { verdict: v, rule: name };
  }
  return { verdict: null, rule: 'rule 10 (otherwise, leave the order unchanged)' };
}

/** RFC 6724 section 6: a stable sort by the rules. */
export function orderDestinations<D extends DestinationCandidate>(list: D[], ctx: SelectionContext): D[] {
  const indexed = list.map((d, i) => ({ d, i }));
  indexed.sort((x, y) => {
    const { verdict } = compareDestinations(x.d, y.d, ctx);
    return verdict === 'a' ? -1 : verdict === 'b' ? 1 : x.i - y.i;
  });
  return indexed.map((x) => x.d);
}

const UNUSABLE = IN6_IFF.TENTATIVE | IN6_IFF.DUPLICATED | IN6_IFF.DETACHED | IN6_IFF.ANYCAST;
const alive = (ifp: Iface): boolean => (ifFlags(ifp) & (IFF.UP | IFF.LOWER_UP)) === (IFF.UP | IFF.LOWER_UP);

export interface NodeSourceCandidate extends SourceCandidate {
  a: Addr;
  ifp: Iface;
}

/** The node's usable addresses as candidates for a packet leaving by `out` (null: unknown). */
export function nodeCandidates(node: Node, dst: Uint8Array, out: Iface | null): NodeSourceCandidate[] {
  const linkScoped = scopeValue(dst) <= 2;
  const cands: NodeSourceCandidate[] = [];
  for (const ifp of node.ifaces) {
    if (!ifp.up || ifp.nd6 & ND6_IFF.IFDISABLED) continue;
    for (const a of ifp.addrs) {
      if (a.flags & UNUSABLE) continue;
      const addr = parseIp6(a.addr);
      // A link-local source is usable only on its own link.
      if (isLinkLocal(addr) && linkScoped && out && ifp !== out) continue;
      cands.push({
        a,
        ifp,
        addr,
        plen: a.plen,
        deprecated: (a.flags & IN6_IFF.DEPRECATED) !== 0,
        temporary: (a.flags & IN6_IFF.TEMPORARY) !== 0,
        preferSource: (a.flags & IN6_IFF.PREFER_SOURCE) !== 0,
        outgoing: out !== null && ifp === out,
        alive: alive(ifp),
      });
    }
  }
  return cands;
}

export interface SourceChoice {
  addr: Addr;
  ifp: Iface;
  /** The rule that decided the last comparison. */
  rule: string;
}

/** in6_selectsrc for a node; `count` when the kernel would (a packet is being sent). */
export function selectSource(node: Node, dst: Uint8Array, out: Iface | null, count = false): SourceChoice | null {
  const r = chooseSource(nodeCandidates(node, dst, out), dst, {
    table: node.policy,
    preferTemporary: node.knobs.prefer_tempaddr !== 0,
    count,
  });
  if (count) {
    if (r) node.stats.ip6.sourcesRule[r.ruleIndex] = (node.stats.ip6.sourcesRule[r.ruleIndex] ?? 0) + 1;
    else node.stats.ip6.sourcesNone++;
  }
  return r ? { addr: r.best.a, ifp: r.best.ifp, rule: r.rule } : null;
}
