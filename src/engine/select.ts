// RFC 6724 source address selection as FreeBSD's in6_selectsrc orders its rules (its own two,
// alive interfaces and prefer_source, come before longest match), and the policy table lookup.
import { parseIp6, scopeOf, applyMask, isLinkLocal, type Scope } from '../addr/index.js';
import { IFF, IN6_IFF, ND6_IFF } from './constants.js';
import { ifFlags } from './iface.js';
import type { Addr, Iface, Node, PolicyEntry } from './types.js';

const SCOPE_VALUE: Record<Scope, number> = { interface: 1, link: 2, admin: 4, site: 5, organization: 8, global: 14, reserved: 15 };

export const scopeValue = (a: Uint8Array): number => SCOPE_VALUE[scopeOf(a)];

/** Longest-prefix match in the policy table; null when nothing matches (label "not applicable"). */
export function policyFor(node: Node, a: Uint8Array): PolicyEntry | null {
  let best: PolicyEntry | null = null;
  for (const p of node.policy) {
    if (best && p.plen <= best.plen) continue;
    const k = parseIp6(p.prefix);
    const m = applyMask(a, p.plen);
    if (k.every((b, i) => b === m[i])) best = p;
  }
  return best;
}

/** Number of leading bits two addresses share (in6_matchlen). */
export function commonPrefixLen(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 16; i++) {
    const x = (a[i] as number) ^ (b[i] as number);
    if (x) return i * 8 + Math.clz32(x) - 24;
  }
  return 128;
}

export interface SourceChoice {
  addr: Addr;
  ifp: Iface;
  /** The rule that decided the last comparison ("only candidate" when there was one). */
  rule: string;
}

const UNUSABLE = IN6_IFF.TENTATIVE | IN6_IFF.DUPLICATED | IN6_IFF.DETACHED | IN6_IFF.ANYCAST;

/**
 * Chooses a source for `dst` leaving through `out` (null: no route). Candidates are the usable
 * addresses of interfaces that are up with IPv6 on; a link-local destination takes its zone's.
 */
export function selectSource(node: Node, dst: Uint8Array, out: Iface | null): SourceChoice | null {
  const dstScope = scopeValue(dst);
  const dstLabel = policyFor(node, dst)?.label ?? null;
  let best: SourceChoice | null = null;
  for (const ifp of node.ifaces) {
    if (!ifp.up || ifp.nd6 & ND6_IFF.IFDISABLED) continue;
    for (const a of ifp.addrs) {
      if (a.flags & UNUSABLE) continue;
      const sa = parseIp6(a.addr);
      // A link-local source is only usable on its own link.
      if (isLinkLocal(sa) && dstScope <= 2 && out && ifp !== out) continue;
      const cand = { addr: a, ifp, rule: 'only candidate' };
      if (!best) {
        best = cand;
        continue;
      }
      const rule = compareSources(node, best, cand, dst, dstScope, dstLabel, out);
      if (rule) best = { ...cand, rule };
      else if (best.rule === 'only candidate') best.rule = 'first candidate';
    }
  }
  return best;
}

/** Returns the deciding rule's name if `b` beats `a`, else null (a stays). */
function compareSources(node: Node, a: SourceChoice, b: SourceChoice, dst: Uint8Array, dstScope: number, dstLabel: number | null, out: Iface | null): string | null {
  const sa = parseIp6(a.addr.addr);
  const sb = parseIp6(b.addr.addr);
  const decide = (prefA: boolean, prefB: boolean, name: string): string | null | undefined => (prefA && !prefB ? null : prefB && !prefA ? name : undefined);
  const rules: (() => string | null | undefined)[] = [
    () => decide(sa.every((x, i) => x === dst[i]), sb.every((x, i) => x === dst[i]), 'rule 1 (same address)'),
    () => {
      const ka = scopeValue(sa);
      const kb = scopeValue(sb);
      if (ka === kb) return undefined;
      if (ka < kb) return ka < dstScope ? 'rule 2 (appropriate scope)' : null;
      return kb < dstScope ? null : 'rule 2 (appropriate scope)';
    },
    () => decide(!(a.addr.flags & IN6_IFF.DEPRECATED), !(b.addr.flags & IN6_IFF.DEPRECATED), 'rule 3 (avoid deprecated)'),
    () => decide(out !== null && a.ifp === out, out !== null && b.ifp === out, 'rule 5 (outgoing interface)'),
    () => {
      if (dstLabel === null) return undefined;
      return decide(policyFor(node, sa)?.label === dstLabel, policyFor(node, sb)?.label === dstLabel, 'rule 6 (matching label)');
    },
    () => {
      const tempA = (a.addr.flags & IN6_IFF.TEMPORARY) !== 0;
      const tempB = (b.addr.flags & IN6_IFF.TEMPORARY) !== 0;
      return node.knobs.prefer_tempaddr ? decide(tempA, tempB, 'rule 7 (temporary addresses)') : decide(!tempA, !tempB, 'rule 7 (public addresses)');
    },
    () => decide(alive(a.ifp), alive(b.ifp), 'FreeBSD: interface alive'),
    () => decide((a.addr.flags & IN6_IFF.PREFER_SOURCE) !== 0, (b.addr.flags & IN6_IFF.PREFER_SOURCE) !== 0, 'FreeBSD: prefer_source'),
    () => {
      const la = commonPrefixLen(sa, dst);
      const lb = commonPrefixLen(sb, dst);
      return la === lb ? undefined : lb > la ? 'rule 8 (longest matching prefix)' : null;
    },
  ];
  for (const r of rules) {
    const v = r();
    if (v !== undefined) return v;
  }
  return null;
}

const alive = (ifp: Iface): boolean => (ifFlags(ifp) & (IFF.UP | IFF.LOWER_UP)) === (IFF.UP | IFF.LOWER_UP);
