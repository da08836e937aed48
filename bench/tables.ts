// Large route tables for the benchmarks: the same deterministic table for each of them.
import { formatIp6, canonical } from '../src/addr/index.js';
import { RTF, createWorld, findNode, type Route, type World } from '../src/engine/index.js';
import { transact } from '../src/store/index.js';

/** A static route through fe80::1%1, as `route add -inet6 DST/PLEN fe80::1%em0` makes it. */
const viaFe80 = (dst: string, plen: number): Route => ({
  dst: canonical(dst),
  plen,
  zone: 0,
  gateway: { addr: canonical('fe80::1'), zone: 1 },
  ifindex: 1,
  flags: RTF.UP | RTF.GATEWAY | RTF.STATIC,
  refs: 0,
  mtu: 0,
  expireAt: null,
});

/** Deterministic pseudo-random global prefixes, /19../48 like a BGP table. */
export function* fullTable(n: number): Generator<Route> {
  let x = 0x9e3779b9;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  for (let i = 0; i < n; i++) {
    const a = new Uint8Array(16);
    const w0 = (0x20000000 | (next() & 0x0fffffff)) >>> 0;
    const w1 = next();
    a.set([
      w0 >>> 24,
      (w0 >>> 16) & 0xff,
      (w0 >>> 8) & 0xff,
      w0 & 0xff,
      w1 >>> 24,
      (w1 >>> 16) & 0xff,
      (w1 >>> 8) & 0xff,
      w1 & 0xff,
    ]);
    const plen = 19 + (next() % 30);
    yield viaFe80(formatIp6(a), plen);
  }
}

/** A state file whose host has a default route and `routes` more from fullTable. */
export function buildRouteWorld(file: string, routes: number): void {
  const fresh = (): World => createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
  transact(file, fresh, (w) => {
    const rib = findNode(w, 'host').rib;
    rib.set(viaFe80(canonical('::'), 0));
    for (const r of fullTable(routes)) if (!rib.get(r)) rib.set(r);
  });
}
