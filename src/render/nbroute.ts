// NetBSD's routing-table text (the netbsd profile): netstat -r and route show, both printed by
// sbin/route/rtutil.c p_rttables, and route get's block (sbin/route/route.c print_getmsg).
import { formatIp6, maskBytes } from '../addr/index.js';
import { NB_RTF, NB_RTF_ROWS } from '../flags.js';
import type { NbFlushedView, NbRouteView } from '../views/index.js';
import { hostName, scoped } from './route.js';

/** p_flags' letters, in netstat's bits[] order. */
const LETTERS = NB_RTF_ROWS.flatMap((r) => ('letter' in r ? [[r.bit, r.letter] as const] : []));

/** route(8)'s routeflags for bprintf, in bit order (ANNOUNCE has no word there). */
const ROUTEFLAGS = NB_RTF_ROWS.filter((r) => r.bit !== NB_RTF.ANNOUNCE)
  .map((r) => [r.bit, r.name] as const)
  .sort((x, y) => x[0] - y[0]);

/** What route show prints letters for (show.c's interesting); netstat shows every flag. */
export const ROUTE_SHOW_FLAGS = NB_RTF.UP | NB_RTF.GATEWAY | NB_RTF.HOST | NB_RTF.REJECT | NB_RTF.LLINFO | NB_RTF.LOCAL;

export interface NbTableOptions {
  /** -n: numeric, and the wide inet6 columns (WID_DST 39, WID_GW 30) without truncation. */
  numeric: boolean;
  /** -L: leave out routes with LLINFO (neighbours and own addresses). */
  noLlinfo: boolean;
  /** The flags whose letters print. */
  interesting: number;
}

function destinationText(r: NbRouteView, numeric: boolean): string {
  if (r.flags & NB_RTF.HOST) return hostName(scoped(r.dst, r.dstZone), numeric);
  if (r.plen === 0 && r.dst === '::') return 'default';
  return `${scoped(r.dst, r.dstZone)}/${r.plen}`;
}

/** routename of a gateway: link_print for a link address (link#N, ether_ntoa, link_ntoa's name). */
function gatewayText(g: NbRouteView['gateway'], numeric: boolean): string {
  switch (g.kind) {
    case 'addr':
      return hostName(scoped(g.addr, g.zone), numeric);
    case 'link':
      return `link#${g.index}`;
    case 'mac':
      return g.mac;
    case 'name':
      return g.name;
  }
}

const letters = (flags: number): string =>
  LETTERS.filter(([bit]) => flags & bit)
    .map(([, l]) => l)
    .join('');

/** p_sockaddr's column: %-*s with -n, %-*.*s without. */
const column = (text: string, width: number, numeric: boolean): string =>
  `${numeric ? text.padEnd(width) : text.slice(0, width).padEnd(width)} `;

/** p_rttables for inet6, a line at a time: the family heading comes with the first route printed. */
export function* netbsdRoutesLines(rows: Iterable<NbRouteView>, o: NbTableOptions): Generator<string> {
  const [dw, gw] = o.numeric ? [39, 30] : [18, 18];
  yield 'Routing tables\n';
  let headed = false;
  for (const r of rows) {
    if (o.noLlinfo && r.flags & NB_RTF.LLINFO) continue;
    if (!headed) {
      headed = true;
      yield '\nInternet6:\n' +
        `${'Destination'.padEnd(dw)} ${'Gateway'.padEnd(gw)} ${'Flags'.padEnd(6)} ${'Refs'.padStart(6)} ` +
        `${'Use'.padStart(8)} ${'Mtu'.padStart(6)} Interface\n`;
    }
    yield column(destinationText(r, o.numeric), dw, o.numeric) +
      column(gatewayText(r.gateway, o.numeric), gw, o.numeric) +
      `${letters(r.flags & o.interesting)
        .slice(0, 6)
        .padEnd(6)} ${'-'.padStart(6)} ${'-'.padStart(8)} ` +
      `${(r.mtu ? String(r.mtu) : '-').padStart(6)}  ${r.ifname.slice(0, 16)}\n`;
  }
}

/**
 * flushroutes' line: netname of the dumped key with no mask (rtutil.c netname6: getnameinfo of
 * the key as dumped, a link-local one with its zone in bytes 2-3, and /128), routename of the
 * gateway, each "%-20.20s ".
 */
export function netbsdFlushLine(f: NbFlushedView, numeric: boolean): string {
  const cell = (t: string): string => `${t.slice(0, 20).padEnd(20)} `;
  return `${cell(`${hostName(f.key, numeric)}/128`)}${cell(gatewayText(f.route.gateway, numeric))}done\n`;
}

/** bprintf: <NAME,...> of the set bits in bit order, "none" for no bits. */
function bprintf(flags: number): string {
  const words = ROUTEFLAGS.filter(([bit]) => flags & bit).map(([, name]) => name);
  return words.length ? `<${words.join(',')}>` : 'none';
}

export interface NbGetOptions {
  numeric: boolean;
  /** -s: only the gateway of a route through one. */
  short: boolean;
}

/**
 * print_getmsg for the route RTM_GET returned. target is what was asked, as route(8) holds it
 * ("default" is the zero address there); the kernel adds RTF_DONE to the answer's flags.
 */
export function netbsdRouteGetText(
  target: { addr: string; zone: string | null },
  r: NbRouteView,
  o: NbGetOptions,
): string {
  const gateway = r.flags & NB_RTF.GATEWAY ? gatewayText(r.gateway, o.numeric) : null;
  if (o.short) return gateway === null ? '' : `${gateway}\n`;
  const lines = [`   route to: ${hostName(scoped(target.addr, target.zone), o.numeric)}`];
  lines.push(`destination: ${hostName(scoped(r.dst, r.dstZone), o.numeric)}`);
  // A host route has no mask; the default route's is empty, which routename calls default.
  if (r.plen < 128) lines.push(`       mask: ${r.plen === 0 ? 'default' : formatIp6(maskBytes(r.plen))}`);
  if (gateway !== null) lines.push(`    gateway: ${gateway}`);
  if (r.ifa) lines.push(` local addr: ${hostName(scoped(r.ifa.addr, r.ifa.zone), o.numeric)}`);
  lines.push(`  interface: ${r.ifname}`);
  lines.push(`      flags: ${bprintf(r.flags | NB_RTF.DONE)}`);
  lines.push(' recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire');
  const metrics = [0, 0, 0, 0, 0, 0, r.mtu].map((v) => `${String(v).padStart(8)}  `).join('');
  lines.push(`${metrics}${'0'.padStart(8)} `);
  return `${lines.join('\n')}\n`;
}
