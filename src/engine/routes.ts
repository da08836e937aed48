// Routes the stack owns (connected prefixes, own-address host routes) and the boot-time static
// ones. Owned routes are reference-counted per (destination, length, zone) so that deleting one
// address never removes a route another address still needs (seed 001).
import type { Node, Route } from './types.js';

export type RouteSpec = Omit<Route, 'refs' | 'expireAt'>;

const sameKey = (a: { dst: string; plen: number; zone: number }, b: { dst: string; plen: number; zone: number }): boolean =>
  a.dst === b.dst && a.plen === b.plen && a.zone === b.zone;

export function findRoute(node: Node, key: { dst: string; plen: number; zone: number }): Route | undefined {
  return node.routes.find((r) => sameKey(r, key));
}

export function holdRoute(node: Node, spec: RouteSpec): void {
  const r = findRoute(node, spec);
  if (r) r.refs++;
  else node.routes.push({ ...spec, refs: 1, expireAt: null });
}

export function releaseRoute(node: Node, key: { dst: string; plen: number; zone: number }): void {
  const i = node.routes.findIndex((r) => sameKey(r, key));
  const r = node.routes[i];
  if (!r) return;
  if (--r.refs <= 0) node.routes.splice(i, 1);
}

/** Removes every route through an interface (the interface is being destroyed). */
export function purgeIfRoutes(node: Node, ifindex: number): void {
  node.routes = node.routes.filter((r) => r.ifindex !== ifindex && r.zone !== ifindex);
}
