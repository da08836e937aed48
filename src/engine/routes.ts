// Routes the stack owns (connected prefixes, own-address host routes) and the boot-time static
// ones. Owned routes are reference-counted per (destination, length, zone) so that deleting one
// address never removes a route another address still needs (seed 001). A static route someone
// added with the same key (refs 0) is left alone: it is not the stack's to take or remove.
import type { RouteKey } from './rib.js';
import type { Node, Route } from './types.js';

export type RouteSpec = Omit<Route, 'refs' | 'expireAt' | 'mtu'>;

export function holdRoute(node: Node, spec: RouteSpec): void {
  const r = node.rib.get(spec);
  if (!r) node.rib.set({ ...spec, refs: 1, mtu: 0, expireAt: null });
  else if (r.refs > 0) node.rib.set({ ...r, refs: r.refs + 1 });
}

export function releaseRoute(node: Node, key: RouteKey): void {
  const r = node.rib.get(key);
  if (!r || r.refs === 0) return;
  if (r.refs === 1) node.rib.delete(key);
  else node.rib.set({ ...r, refs: r.refs - 1 });
}

/** Removes every route through an interface (the interface is being destroyed). */
export function purgeIfRoutes(node: Node, ifindex: number): void {
  const gone = [...node.rib.entries()].filter((r) => r.ifindex === ifindex || r.zone === ifindex);
  for (const r of gone) node.rib.delete(r);
}
