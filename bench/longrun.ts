// A virtual day on a busy link: 40 hosts with RFC 4941 temporary addresses and a router
// advertising short lifetimes (pltime 600, vltime 1200). Prints, side by side, the wall time,
// pending timers, addresses and state-file bytes after the first hour and after 25 hours: the
// world must be the size of what exists, not of how long it ran. In process; not a test.
import { canonical } from '../src/addr/index.js';
import {
  addNode,
  advance,
  attach,
  configureRtadv,
  createWorld,
  findIface,
  findNode,
  IN6_IFF,
  settle,
  type World,
  RTADV_DEFAULTS,
} from '../src/engine/index.js';
import { encode } from '../src/store/index.js';

const HOSTS = Number(process.env.HOSTS ?? 40);
const w: World = createWorld({ clock: 'virtual', seed: 1, bare: false, wallNow: 0 });
const r = addNode(w, 'r', { hostname: 'r', router: true, bare: false });
attach(w, 'r', 'em0', 'lan0', '52:54:00:00:00:01');
findNode(w, 'host').knobs.use_tempaddr = 1;
for (let i = 1; i < HOSTS; i++) {
  const h = addNode(w, `h${i}`, { hostname: `h${i}`, router: false, bare: false });
  h.knobs.use_tempaddr = 1;
  attach(w, `h${i}`, 'em0', 'lan0', null);
}
settle(w);
configureRtadv(w, r, findIface(r, 'em0'), {
  prefixes: [
    { prefix: canonical('2001:db8:1::'), plen: 64, onlink: true, autonomous: true, vltime: 1200, pltime: 600 },
  ],
  ...RTADV_DEFAULTS,
});

const hosts = w.nodes.filter((n) => n.name !== 'r');
function sample(label: string, wallMs: number): string[] {
  const temps = hosts.map((n) => findIface(n, 'em0').addrs.filter((a) => a.flags & IN6_IFF.TEMPORARY).length);
  return [
    label,
    `${wallMs.toFixed(0)} ms`,
    String(w.timers.length),
    String(Math.max(...temps)),
    `${(encode(w).length / 1024).toFixed(0)} KB`,
  ];
}

const start = w.clock.now;
let t0 = performance.now();
advance(w, start + 3_600_000);
const first = sample('1 h', performance.now() - t0);
t0 = performance.now();
advance(w, start + 25 * 3_600_000);
const day = sample('25 h (24 h more)', performance.now() - t0);
console.log(`${HOSTS} hosts, use_tempaddr, router pltime 600 / vltime 1200`);
const head = ['virtual time', 'wall', 'pending timers', 'temporaries (max per host)', 'state'];
const rows = [head, first, day];
const widths = head.map((_, i) => Math.max(...rows.map((row) => (row[i] as string).length)));
for (const row of rows) console.log(row.map((c, i) => c.padEnd(widths[i] as number)).join('  '));
