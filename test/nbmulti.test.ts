// NetBSD's multicast records (engine/nbmulti.ts) against a transcription of the kernel's own
// steps: every address keeps its own list (ia6_multiaddrs) and the interface a kludge list;
// in6_addmulti hangs a new record on the first address (IFP_TO_IA6) or fails, in6_delmulti
// unlinks it from wherever it is, in6_savemkludge and in6_restoremkludge move records one at a
// time with head inserts. The engine keeps one list and reverses it; the oracle assumes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addrRequest } from './helpers.js';
import * as E from '../src/engine/index.js';
import { nbAddressGroups } from '../src/engine/nbmulti.js';
import { decode, encode } from '../src/store/index.js';
import { canonical, formatIp6, parseIp6, solicitedNode } from '../src/addr/index.js';

class KernelLists {
  lists = new Map<string, string[]>();
  addrs: string[] = [];
  kludge: string[] = [];
  refs = new Map<string, number>();

  private holder(g: string): string[] | undefined {
    for (const l of [...this.lists.values(), this.kludge]) if (l.includes(g)) return l;
    return undefined;
  }

  addmulti(g: string): void {
    const r = this.refs.get(g);
    if (r !== undefined && this.kludge.indexOf(g) < 0) {
      this.refs.set(g, r + 1);
      return;
    }
    const first = this.addrs[0];
    if (first === undefined) return;
    (this.lists.get(first) as string[]).unshift(g);
    this.refs.set(g, 1);
  }

  delmulti(g: string): void {
    const r = this.refs.get(g);
    if (r === undefined) return;
    if (r > 1) {
      this.refs.set(g, r - 1);
      return;
    }
    this.refs.delete(g);
    const l = this.holder(g) as string[];
    l.splice(l.indexOf(g), 1);
  }

  addAddress(a: string, groups: string[]): void {
    this.addrs.push(a);
    this.lists.set(a, []);
    // in6_ifinit's in6_restoremkludge, then in6_update_ifa1's joins.
    if (this.addrs[0] === a)
      while (this.kludge.length) (this.lists.get(a) as string[]).unshift(this.kludge.shift() as string);
    for (const g of groups) this.addmulti(g);
  }

  deleteAddress(a: string, groups: string[]): void {
    for (const g of [...groups].reverse()) this.delmulti(g);
    this.addrs.splice(this.addrs.indexOf(a), 1);
    const old = this.lists.get(a) as string[];
    this.lists.delete(a);
    const first = this.addrs[0];
    const to = first === undefined ? this.kludge : (this.lists.get(first) as string[]);
    while (old.length) to.unshift(old.shift() as string);
  }

  /** The records as ifmcstat would walk them: every address in order, then the kludge list. */
  walk(): { group: string; refs: number }[] {
    return [...this.addrs.flatMap((a) => this.lists.get(a) as string[]), ...this.kludge].map((g) => ({
      group: g,
      refs: this.refs.get(g) as number,
    }));
  }
}

const POOL = ['2001:db8::1', '2001:db8::2', '2001:db8:1::1', 'fe80::9%em0'];
const GROUPS = ['ff05::1:3', 'ff02::1', 'ff0e::5'].map((g) => canonical(g));

type Op =
  | { op: 'add' | 'del'; i: number }
  | { op: 'join' | 'leave'; g: number; socket: number }
  | { op: 'proxy' | 'unproxy'; i: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('add' as const, 'del' as const), i: fc.nat(POOL.length + 1) }),
  fc.record({
    op: fc.constantFrom('join' as const, 'leave' as const),
    g: fc.nat(GROUPS.length - 1),
    socket: fc.nat(2),
  }),
  fc.record({ op: fc.constantFrom('proxy' as const, 'unproxy' as const), i: fc.nat(2) }),
);

test('NetBSD records follow the kernel transcription through adds, deletes, joins and proxies', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
      const w = E.createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
      E.settle(w);
      const node = E.findNode(w, 'host');
      const em0 = E.findIface(node, 'em0');
      const k = new KernelLists();
      const groupsOf = (a: string) => nbAddressGroups(node, { addr: a } as E.Addr);
      for (const a of em0.addrs) k.addAddress(a.addr, groupsOf(a.addr));
      const sockets = new Set<string>();
      for (const o of ops) {
        if (o.op === 'add' || o.op === 'del') {
          const addr =
            o.i < POOL.length ? ((POOL[o.i] as string).split('%')[0] as string) : (em0.addrs[0]?.addr ?? '::');
          const have = em0.addrs.some((a) => a.addr === addr);
          if (o.op === 'add' && !have && addr !== '::') {
            E.addAddress(w, node, em0, addrRequest(addr));
            k.addAddress(addr, groupsOf(addr));
          } else if (o.op === 'del' && have) {
            E.deleteAddress(w, node, em0, addr);
            k.deleteAddress(addr, groupsOf(addr));
          }
        } else if (o.op === 'join' || o.op === 'leave') {
          const g = GROUPS[o.g] as E.Addr['addr'];
          const key = `${g}/${o.socket}`;
          const filter = o.op === 'join' ? { mode: 'exclude' as const, sources: [] } : null;
          // A join NetBSD refuses (no address) is not the same socket later: skip it on both sides.
          if (o.op === 'join' && !sockets.has(key) && !em0.addrs.length) continue;
          if (o.op === 'join' && !sockets.has(key)) k.addmulti(g);
          if (o.op === 'leave' && sockets.has(key)) k.delmulti(g);
          E.setSocketFilter(em0, g, o.socket, filter, { w, node });
          if (filter) sockets.add(key);
          else sockets.delete(key);
        } else if (o.op === 'proxy' || o.op === 'unproxy') {
          const target = canonical(`2001:db8::7${o.i}`);
          const n = E.findNeighbor(em0, target);
          const sol = formatIp6(solicitedNode(parseIp6(target)));
          if (o.op === 'proxy' && !n && em0.addrs.length) {
            E.setStaticNeighbor(w, node, em0, target, '52:54:00:00:00:77', true, null);
            k.addmulti(sol);
          } else if (o.op === 'unproxy' && n) {
            E.removeNeighbor(w, node, em0, n);
            k.delmulti(sol);
          }
        }
        assert.deepEqual(em0.nbMulti.inet6, k.walk(), JSON.stringify(ops));
      }
      // Ethernet list: one entry per MAC with a count of the records that map to it.
      const macs = new Map<string, number>();
      for (const r of k.walk()) {
        const b = parseIp6(r.group);
        const mac = [0x33, 0x33, b[12], b[13], b[14], b[15]]
          .map((x) => (x as number).toString(16).padStart(2, '0'))
          .join(':');
        macs.set(mac, (macs.get(mac) ?? 0) + 1);
      }
      const ether = em0.nbMulti.ether;
      assert.deepEqual(new Map(ether.map((e) => [e.mac, e.refs])), macs);
    }),
    { numRuns: 300 },
  );
});

test('a state file without the records has them rebuilt on load from what holds groups', () => {
  const w = E.createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
  E.settle(w);
  const node = E.findNode(w, 'host');
  const em0 = E.findIface(node, 'em0');
  E.addAddress(w, node, em0, addrRequest('2001:db8::1'));
  E.setSocketFilter(em0, canonical('ff05::1:3'), 1, { mode: 'exclude', sources: [] }, { w, node });
  E.setStaticNeighbor(w, node, em0, canonical('2001:db8::77'), '52:54:00:00:00:77', true, null);
  const old = JSON.parse(encode(w)) as { nodes: { ifaces: { nbMulti?: unknown }[] }[] };
  for (const n of old.nodes) for (const i of n.ifaces) delete i.nbMulti;
  const loaded = decode('state.json', JSON.stringify(old));
  for (const n of loaded.nodes)
    for (const i of n.ifaces) assert.deepEqual(i.nbMulti, E.findIface(E.findNode(w, n.name), i.name).nbMulti);
});

test("FreeBSD's groups: every address joins solicited-node, ff02::1, both node-information groups, ff01::1", () => {
  // in6_update_ifa_join_mc's order; ifmcstat lists if_multiaddrs newest first (head inserts).
  const w = E.createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
  const host = E.findNode(w, 'host');
  const em0 = E.findIface(host, 'em0');
  const ll = em0.addrs[0] as E.Addr;
  assert.deepEqual(ll.memberships, [
    formatIp6(solicitedNode(parseIp6(ll.addr))),
    'ff02::1',
    'ff02::2:ff18:3880',
    'ff02::2:1838:803c',
    'ff01::1',
  ]);
  E.addAddress(w, host, em0, addrRequest('2001:db8::1'));
  const refs = (g: string): number => em0.groups.find((x) => x.group === g)?.refs ?? 0;
  assert.equal(refs('ff02::2:ff18:3880'), 2);
  assert.equal(refs('ff02::2:1838:803c'), 2);
  // A node without a host name joins no node-information group (in6_nigroup0 returns -1).
  const bare = E.addNode(w, 'anon', { hostname: '', router: false, bare: false });
  const lo = bare.ifaces[0] as E.Iface;
  assert.ok(lo.groups.length > 0 && !lo.groups.some((g) => g.group.startsWith('ff02::2:')));
});
