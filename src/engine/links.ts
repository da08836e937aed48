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
import { groupState } from './groupstate.js';
import { nodeLinks } from './lookup.js';
import type { Frame, Iface, Node, World } from './types.js';

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

/** Per world: which nodes each link has, and the listener lists built so far (per link, on first use). */
const byWorld = new WeakMap<World, { members: Map<string, number[]>; links: Map<string, LinkIndex> }>();
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

/** Per link, the nodes plugged into it (by their place in w.nodes), from one pass over the world. */
function members(w: World): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < w.nodes.length; i++)
    for (const l of nodeLinks(w, i)) {
      const list = out.get(l);
      if (list) list.push(i);
      else out.set(l, [i]);
    }
  return out;
}

/** One link's listeners, reading only the nodes plugged into it. */
function build(w: World, name: string, nodes: readonly number[]): LinkIndex {
  const link: LinkIndex = { groups: new Map(), macs: new Map() };
  for (const i of nodes) {
    const node = w.nodes[i] as Node;
    // Ranks order listeners as a scan of every node's interfaces, in world order, would meet them.
    node.ifaces.forEach((ifp, k) => {
      if (ifp.link !== name) return;
      const listener = { node, ifp, rank: i * 0x10000 + k };
      watchers.set(ifp, { listener, link });
      if (ifp.lladdr) push(link.macs, ifp.lladdr, listener);
      for (const g of ifp.groups) if (groupState(g) !== null) push(link.groups, g.group, listener);
    });
  }
  return link;
}

function push(m: Map<string, Listener[]>, key: string, l: Listener): void {
  const list = m.get(key);
  if (list) list.push(l);
  else m.set(key, [l]);
}

/** The interfaces on a link that accept frames for a group (multicast) or a MAC (unicast). */
export function listeners(w: World, link: string, key: { group: string } | { mac: string }): readonly Listener[] {
  let index = byWorld.get(w);
  if (!index) {
    index = { members: members(w), links: new Map() };
    byWorld.set(w, index);
  }
  let l = index.links.get(link);
  if (!l) {
    l = build(w, link, index.members.get(link) ?? []);
    index.links.set(link, l);
  }
  return ('group' in key ? l.groups.get(key.group) : l.macs.get(key.mac)) ?? [];
}

/** groups.ts: an interface started or stopped accepting a group. */
export function membershipChanged(ifp: Iface, group: string, member: boolean): void {
  const w = watchers.get(ifp);
  if (!w) return;
  let list = w.link.groups.get(group);
  if (member) {
    if (!list) {
      list = [];
      w.link.groups.set(group, list);
    }
    insert(list, w.listener);
  } else if (list) {
    remove(list, w.listener);
    if (!list.length) w.link.groups.delete(group);
  }
}

/** world.ts: links, MACs, interfaces or nodes changed; the next frame rebuilds the index. */
export function topologyChanged(w: World): void {
  byWorld.delete(w);
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
