// A multicast group's filter state on an interface (RFC 3810 / 3376's merge of socket filters):
// a pure function of the group record, in a leaf so that the link's receive lists (links.ts) and
// the MLD sender (groups.ts) both read it without importing each other.
import type { Ip6Text } from '../addr/index.js';
import type { Group } from './types.js';

/** RFC 3810 5.1: the interface state of a group from every member's filter. */
export function groupState(g: Group): { mode: 'include' | 'exclude'; sources: Ip6Text[] } | null {
  const excl = g.sockets.filter((s) => s.mode === 'exclude');
  const incl = g.sockets.filter((s) => s.mode === 'include');
  const union = (lists: Ip6Text[][]): Ip6Text[] => [...new Set(lists.flat())].sort();
  if (g.refs > 0 || excl.length) {
    // Any-source stack joins are EXCLUDE {}: they make the intersection empty.
    let sources = g.refs > 0 ? [] : (excl[0] as { sources: Ip6Text[] }).sources;
    for (const s of excl) sources = sources.filter((x) => s.sources.includes(x));
    const included = union(incl.map((s) => s.sources));
    return { mode: 'exclude', sources: sources.filter((x) => !included.includes(x)).sort() };
  }
  const sources = union(incl.map((s) => s.sources));
  return sources.length ? { mode: 'include', sources } : null;
}
