// Nodes and links by name, in O(1): timers and frames name them, and a world may hold thousands.
// A leaf (it imports no other engine module), so every module that resolves a name can use it.
import type { Link, Node, World } from './types.js';

/**
 * What a store that reads nodes on demand knows of a node list without reading its nodes
 * (docs/state-files.md, node records): each node's name and the links its interfaces are
 * plugged into. Reading `list[i]` reads that node; code that needs only names or link
 * membership asks here, so a command reads the nodes it touches and no others.
 */
export interface NodeDirectory {
  /** How many of the list's first nodes the directory describes. */
  readonly size: number;
  name(i: number): string;
  /** The links of node i, or null once it has been read (its interfaces then say). */
  links(i: number): readonly string[] | null;
}

const directories = new WeakMap<Node[], NodeDirectory>();

/** The store describes a node list it reads on demand; another list (a node deleted) has none. */
export function describeNodes(list: Node[], d: NodeDirectory): void {
  directories.set(list, d);
}

/** The name of node i, without reading the node where the store can say. */
function nodeNameAt(w: World, i: number): string {
  const d = directories.get(w.nodes);
  return d && i < d.size ? d.name(i) : (w.nodes[i] as Node).name;
}

/** The links node i's interfaces are plugged into, without reading the node where the store can say. */
export function nodeLinks(w: World, i: number): readonly string[] {
  const d = directories.get(w.nodes);
  const links = d && i < d.size ? d.links(i) : null;
  return links ?? linksOf((w.nodes[i] as Node).ifaces);
}

/** The links a node's interfaces are plugged into, in interface order, each once. */
export function linksOf(ifaces: readonly { link: string | null }[]): string[] {
  const out: string[] = [];
  for (const f of ifaces) if (f.link !== null && !out.includes(f.link)) out.push(f.link);
  return out;
}

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

const nodesByName = new WeakMap<World, { list: Node[]; size: number; at: Map<string, number> }>();
const linksByName = new WeakMap<World, NameIndex<Link>>();

/** Where the node with this name is in w.nodes (-1: none), reading no node the store can name. */
export function nodeIndex(w: World, name: string): number {
  let c = nodesByName.get(w);
  if (!c || c.list !== w.nodes || c.size > w.nodes.length) {
    c = { list: w.nodes, size: 0, at: new Map() };
    nodesByName.set(w, c);
  }
  for (; c.size < w.nodes.length; c.size++) c.at.set(nodeNameAt(w, c.size), c.size);
  return c.at.get(name) ?? -1;
}

/** The node with this name: timers name their node, and there may be thousands. */
export function nodeNamed(w: World, name: string): Node | undefined {
  const i = nodeIndex(w, name);
  return i < 0 ? undefined : w.nodes[i];
}

/** The link with this name: every frame asks. delLink makes a new list. */
export const linkNamed = (w: World, name: string): Link | undefined => byName(linksByName, w, w.links, name);
