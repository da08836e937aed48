// Who hears a frame: per link, the interfaces that accept each multicast group and each MAC,
// so a frame is offered only to the NICs whose filter passes it (not to every NIC on the link).
// Derived data, never saved: built on first use after a load and kept current by the two
// kinds of change that move a NIC in or out of a list: a group membership flipping (groups.ts
// tells us) and topology (attach, detach, a new MAC, interfaces or nodes made or removed:
// world.ts drops the index, and the next frame rebuilds it).
//
// Order matters for determinism: members are kept in the order the old all-NICs scan visited
// them (nodes in world order, interfaces in node order), so delivery order, and so every
// seeded outcome, is what it was.
import { groupState } from './groups.js';
import type { Frame, Iface, Link, Node, World } from './types.js';

export interface Listener {
  node: Node;
  ifp: Iface;
  rank: number;
}

interface LinkIndex {
  /** Group address -> members, by rank. */
  groups: Map<string, Listener[]>;
  /** MAC -> interfaces with it, by rank. */
  macs: Map<string, Listener[]>;
}

const byWorld = new WeakMap<World, Map<string, LinkIndex>>();
/** Where each indexed interface's memberships are kept current. */
const watchers = new WeakMap<Iface, { listener: Listener; link: LinkIndex }>();

function insert(list: Listener[], l: Listener): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Listener).rank < l.rank) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== l) list.splice(lo, 0, l);
}

function remove(list: Listener[], l: Listener): void {
  const i = list.indexOf(l);
  if (i >= 0) list.splice(i, 1);
}

function build(w: World): Map<string, LinkIndex> {
  const links = new Map<string, LinkIndex>();
  let rank = 0;
  for (const node of w.nodes) {
    for (const ifp of node.ifaces) {
      rank++;
      if (!ifp.link) continue;
      let link = links.get(ifp.link);
      if (!link) {
        link = { groups: new Map(), macs: new Map() };
        links.set(ifp.link, link);
      }
      const listener = { node, ifp, rank };
      watchers.set(ifp, { listener, link });
      if (ifp.lladdr) push(link.macs, ifp.lladdr, listener);
      for (const g of ifp.groups) if (groupState(g) !== null) push(link.groups, g.group, listener);
    }
  }
  byWorld.set(w, links);
  return links;
}

function push(m: Map<string, Listener[]>, key: string, l: Listener): void {
  const list = m.get(key);
  if (list) list.push(l);
  else m.set(key, [l]);
}

/** The interfaces on a link that accept frames for a group (multicast) or a MAC (unicast). */
export function listeners(w: World, link: string, key: { group: string } | { mac: string }): readonly Listener[] {
  const links = byWorld.get(w) ?? build(w);
  const l = links.get(link);
  if (!l) return [];
  return ('group' in key ? l.groups.get(key.group) : l.macs.get(key.mac)) ?? [];
}

/** groups.ts: an interface started or stopped accepting a group. */
export function membershipChanged(ifp: Iface, group: string, member: boolean): void {
  const w = watchers.get(ifp);
  if (!w) return;
  let list = w.link.groups.get(group);
  if (member) {
    if (!list) w.link.groups.set(group, (list = []));
    insert(list, w.listener);
  } else if (list) {
    remove(list, w.listener);
    if (!list.length) w.link.groups.delete(group);
  }
}

const nodesByName = new WeakMap<World, { list: Node[]; size: number; byName: Map<string, Node> }>();

/** The node with this name, found in O(1): timers name their node, and there may be thousands. */
export function nodeNamed(w: World, name: string): Node | undefined {
  let c = nodesByName.get(w);
  // Rebuilt when the list is another (a node deleted, a world reset); nodes are only ever
  // appended to the same list, so growth is indexed as it comes.
  if (!c || c.list !== w.nodes || c.size > w.nodes.length) {
    c = { list: w.nodes, size: 0, byName: new Map() };
    nodesByName.set(w, c);
  }
  for (; c.size < w.nodes.length; c.size++) {
    const n = w.nodes[c.size] as Node;
    c.byName.set(n.name, n);
  }
  return c.byName.get(name);
}

/** world.ts: links, MACs, interfaces or nodes changed; the next frame rebuilds the index. */
export function topologyChanged(w: World): void {
  byWorld.delete(w);
}

const linksByName = new WeakMap<World, { list: Link[]; size: number; byName: Map<string, Link> }>();

/** The link with this name (every frame asks). Links are only appended; delLink makes a new list. */
export function linkNamed(w: World, name: string): Link | undefined {
  let c = linksByName.get(w);
  if (!c || c.list !== w.links || c.size > w.links.length) {
    c = { list: w.links, size: 0, byName: new Map() };
    linksByName.set(w, c);
  }
  for (; c.size < w.links.length; c.size++) {
    const l = w.links[c.size] as Link;
    c.byName.set(l.name, l);
  }
  return c.byName.get(name);
}

/** A frame put on a captured link, waiting for the backend to write it once the world is saved. */
export interface CapturedFrame {
  file: string;
  at: number;
  frame: Frame;
}

const pending = new WeakMap<World, CapturedFrame[]>();

export function captured(w: World, c: CapturedFrame): void {
  const list = pending.get(w);
  if (list) list.push(c);
  else pending.set(w, [c]);
}

/** The frames captured since the last call (transient: a world that is not saved drops them). */
export function takeCaptured(w: World): CapturedFrame[] {
  const list = pending.get(w) ?? [];
  pending.delete(w);
  return list;
}
