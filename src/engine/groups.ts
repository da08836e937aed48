// Multicast membership per interface, reference-counted: a group stays while any user holds it.
import type { Iface } from './types.js';

/** Interface-, link- and site-local all-routers: every interface of a forwarding node holds them. */
export const ALL_ROUTERS = ['ff01::2', 'ff02::2', 'ff05::2'] as const;

export function joinGroup(ifp: Iface, group: string): void {
  const g = ifp.groups.find((x) => x.group === group);
  if (g) g.refs++;
  else ifp.groups.push({ group, refs: 1 });
}

export function leaveGroup(ifp: Iface, group: string): void {
  const i = ifp.groups.findIndex((x) => x.group === group);
  const g = ifp.groups[i];
  if (!g) return;
  if (--g.refs <= 0) ifp.groups.splice(i, 1);
}

export function isMember(ifp: Iface, group: string): boolean {
  return ifp.groups.some((x) => x.group === group);
}
