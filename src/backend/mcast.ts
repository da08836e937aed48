// The kernel's per-interface membership list (if_multiaddrs), shared by both backends.
import type { McastIfView } from '../views/index.js';

/**
 * if_addmulti (net/if.c) puts a new link-layer group at the head of the list when no earlier
 * group uses that MAC, then the inet6 group in front of it; replaying the joins oldest first
 * rebuilds that order, newest first, from the groups (given newest first).
 */
export function kernelOrder(groups: McastIfView['groups']): McastIfView['memberships'] {
  const list: McastIfView['memberships'] = [];
  const macs = new Set<string>();
  for (let i = groups.length - 1; i >= 0; i--) {
    const mac = (groups[i] as McastIfView['groups'][number]).mac;
    if (mac !== null && !macs.has(mac)) {
      macs.add(mac);
      list.unshift({ kind: 'link', mac });
    }
    list.unshift({ kind: 'inet6', group: i });
  }
  return list;
}
