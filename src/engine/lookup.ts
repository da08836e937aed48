// Nodes and links by name, in O(1): timers and frames name them, and a world may hold thousands.
// A leaf (it imports no other engine module), so every module that resolves a name can use it.
import type { Link, Node, World } from './types.js';

interface NameIndex<T> {
  list: T[];
  size: number;
  byName: Map<string, T>;
}

/**
 * Finds by name in O(1) a list that only grows at its end (nodes, links); a list that is another
 * array (a node or link deleted, a world reset) or shorter is indexed again.
 */
function byName<T extends { name: string }>(
  cache: WeakMap<World, NameIndex<T>>,
  w: World,
  list: T[],
  name: string,
): T | undefined {
  let c = cache.get(w);
  if (!c || c.list !== list || c.size > list.length) {
    c = { list, size: 0, byName: new Map() };
    cache.set(w, c);
  }
  for (; c.size < list.length; c.size++) {
    const x = list[c.size] as T;
    c.byName.set(x.name, x);
  }
  return c.byName.get(name);
}

const nodesByName = new WeakMap<World, NameIndex<Node>>();
const linksByName = new WeakMap<World, NameIndex<Link>>();

/** The node with this name: timers name their node, and there may be thousands. */
export const nodeNamed = (w: World, name: string): Node | undefined => byName(nodesByName, w, w.nodes, name);

/** The link with this name: every frame asks. delLink makes a new list. */
export const linkNamed = (w: World, name: string): Link | undefined => byName(linksByName, w, w.links, name);
