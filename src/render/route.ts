// route(8) and netstat -r output (spec/formats.md 3 and 4): the Internet6 table, route get's
// block, flush lines, and the libxo-shaped JSON of the table.
import { maskBytes, formatIp6 } from '../addr/index.js';
import type { Doc } from '../schema/index.js';
import type { MonitorEvent, RouteGetView, RouteView } from '../views/index.js';
import { bitWords, type BitNames } from './bits.js';
import { jsonLine, jsonText, jsonTextStream, present } from './json.js';
import { RTF, RTF_ROWS } from '../flags.js';

/** netstat's flag letters in its order, with libxo's names. */
const NETSTAT_FLAGS = RTF_ROWS.flatMap((r) => ('letter' in r ? [[r.bit, r.letter, r.word] as const] : []));

/** route(8)'s routeflags, in bit order. */
const ROUTE_FLAG_NAMES: BitNames = RTF_ROWS.map((r) => [r.bit, r.name] as const).sort((x, y) => x[0] - y[0]);

/** Flag letters by flags value: a table holds few distinct combinations and many routes. */
const letters = new Map<number, string>();

function flagLetters(flags: number): string {
  let l = letters.get(flags);
  if (l === undefined) {
    l = NETSTAT_FLAGS.filter(([bit]) => flags & bit)
      .map(([, x]) => x)
      .join('');
    letters.set(flags, l);
  }
  return l;
}

const isDefault = (r: RouteView): boolean => r.plen === 0 && r.dst === '::';
export const scoped = (addr: string, zone: string | null): string => (zone ? `${addr}%${zone}` : addr);

/** Without -n, what the resolver would give: only the names every host has. */
export function hostName(addr: string, numeric: boolean): string {
  if (numeric) return addr;
  if (addr === '::1') return 'localhost';
  return addr;
}

function destinationText(r: RouteView, numeric: boolean): string {
  if (isDefault(r)) return 'default';
  if (r.plen === 128) return hostName(scoped(r.dst, r.dstZone), numeric);
  return `${scoped(r.dst, r.dstZone)}/${r.plen}`;
}

function gatewayText(r: RouteView, numeric: boolean): string {
  const g = r.gateway;
  return g.kind === 'link' ? `link#${g.index}` : hostName(scoped(g.addr, g.zone), numeric);
}

export interface NetstatOptions {
  numeric: boolean;
  wide: boolean;
}

/** FreeBSD's column rule: an overlong field is printed whole and its excess taken from the next. */
class Columns {
  private carry = 0;
  private line = '';

  field(text: string, width: number, truncate: boolean): this {
    if (truncate) {
      this.line += `${text.slice(0, width).padEnd(width)} `;
      return this;
    }
    const w = width - this.carry;
    this.carry = Math.max(0, text.length - Math.max(w, 0));
    this.line += `${w > 0 ? text.padEnd(w) : text} `;
    return this;
  }

  raw(text: string): this {
    this.line += text;
    return this;
  }

  toString(): string {
    return this.line;
  }
}

/** netstat -r's text a line at a time (each with its newline), for a table read as it goes. */
export function* netstatRoutesLines(routes: Iterable<RouteView>, o: NetstatOptions): Generator<string> {
  const long = o.numeric || o.wide;
  const [dw, gw] = long ? [33, 29] : [18, 18];
  const wideCols = (a: string, b: string): string =>
    o.wide ? `${a.padStart(6).slice(0, 6)} ${b.padStart(6).slice(0, 6)} ` : '';
  yield 'Routing tables\n\nInternet6:\n';
  yield `${'Destination'.padEnd(dw)} ${'Gateway'.padEnd(gw)} ${'Flags'.padEnd(6)} ${wideCols('Nhop#', 'Mtu')}` +
    `${'Netif'.padStart(8)} Expire\n`;
  const nhops = new Map<string, number>();
  const nhop = (r: RouteView): number => {
    const key = `${gatewayText(r, true)} ${r.ifname}`;
    if (!nhops.has(key)) nhops.set(key, nhops.size + 1);
    return nhops.get(key) as number;
  };
  for (const r of routes) {
    const c = new Columns()
      .field(destinationText(r, o.numeric), dw, !long)
      .field(gatewayText(r, o.numeric), gw, !long)
      .field(flagLetters(r.flags), 6, !long)
      .raw(o.wide ? wideCols(String(nhop(r)), String(r.mtu)) : '')
      .raw(o.wide ? r.ifname.padStart(8) : r.ifname.slice(0, 8).padStart(8));
    if (r.expire !== null && r.expire > 0) c.raw(` ${String(r.expire).padStart(6)}`);
    yield `${c.toString()}\n`;
  }
}

/** One entry of netstat -r's libxo document. */
function routeEntry(r: RouteView) {
  return {
    destination: destinationText(r, true),
    gateway: gatewayText(r, true),
    flags: flagLetters(r.flags),
    flags_pretty: NETSTAT_FLAGS.filter(([bit]) => r.flags & bit).map(([, , name]) => name),
    weight: r.weight,
    'interface-name': r.ifname,
    ...(r.expire !== null && r.expire > 0 ? { 'expire-time': r.expire } : {}),
  };
}

/** netstat -r --json in pieces, the same bytes as netstatRoutesJson, for a table read as it goes. */
export function netstatRoutesJsonPieces(routes: Iterable<RouteView>): Generator<string> {
  const shape = (entries: unknown[]): unknown => {
    const doc: Doc<'netstat-routes'> = {
      statistics: {
        'route-information': {
          'route-table': {
            'rt-family': [{ 'address-family': 'Internet6', 'rt-entry': entries as ReturnType<typeof routeEntry>[] }],
          },
        },
      },
    };
    return doc;
  };
  return jsonTextStream(shape, routes, routeEntry);
}

export interface RouteGetOptions {
  numeric: boolean;
  /** ip6kit: also the source address selection picks (NetBSD's 'if address' line). */
  verbose: boolean;
}

function zeroAsDefault(text: string, numeric: boolean): string {
  return !numeric && text === '::' ? 'default' : text;
}

export function routeGetText(target: string, v: RouteGetView, o: RouteGetOptions): string {
  const r = v.route;
  const lines = [
    `   route to: ${zeroAsDefault(target, o.numeric)}`,
    `destination: ${zeroAsDefault(scoped(r.dst, r.dstZone), o.numeric)}`,
  ];
  if (r.plen !== 128) lines.push(`       mask: ${zeroAsDefault(formatIp6(maskBytes(r.plen)), o.numeric)}`);
  if (r.flags & RTF.GATEWAY) lines.push(`    gateway: ${gatewayText(r, o.numeric)}`);
  lines.push('        fib: 0', `  interface: ${r.ifname}`);
  if (o.verbose && v.source) lines.push(` if address: ${v.source}`);
  lines.push(`      flags: <${bitWords(r.flags | RTF.UP | RTF.DONE, ROUTE_FLAG_NAMES).join(',')}>`);
  const head = ['recvpipe', 'sendpipe', 'ssthresh', 'rtt,msec', 'mtu   '].map((h) => h.padStart(9)).join(' ');
  lines.push(`${head} ${'weight'.padStart(10)} ${'expire'.padStart(9)}`);
  const vals = [0, 0, 0, 0, r.mtu, r.weight].map((x) => `${String(x).padStart(8)}  `).join('');
  lines.push(`${vals}${String(r.expire ?? 0).padStart(8)} `);
  return `${lines.join('\n')}\n`;
}

/** The fields route get and route monitor share for a route. */
function routeBody(r: RouteView): {
  destination: string;
  gateway?: string;
  interface: string;
  flags: number;
  flags_pretty: string[];
  mtu: number;
} {
  return {
    destination: scoped(r.dst, r.dstZone),
    ...(r.flags & RTF.GATEWAY || r.gateway.kind === 'addr' ? { gateway: gatewayText(r, true) } : {}),
    interface: r.ifname,
    flags: r.flags,
    flags_pretty: bitWords(r.flags, ROUTE_FLAG_NAMES),
    mtu: r.mtu,
  };
}

export function routeGetJson(target: string, v: RouteGetView): string {
  const r = v.route;
  const body = routeBody({ ...r, flags: r.flags | RTF.UP | RTF.DONE });
  const doc: Doc<'route-get'> = {
    __version: '1',
    route: {
      'route-to': target,
      ...body,
      ...(r.plen !== 128 ? { mask: formatIp6(maskBytes(r.plen)) } : {}),
      fib: 0,
      weight: r.weight,
      expire: r.expire ?? 0,
      ...present({ source: v.source, 'source-rule': v.sourceRule }),
    },
  };
  return jsonText(doc);
}

/** route monitor with --json: one document a message, on one line (NDJSON). */
export function monitorJson(e: MonitorEvent): string {
  const head = { 'time-ms': e.at, type: e.op };
  let message: Doc<'route-message'>['route']['message'];
  if (e.kind === 'route')
    message = {
      ...head,
      kind: 'route',
      ...routeBody(e.route),
      destination: `${scoped(e.route.dst, e.route.dstZone)}/${e.route.plen}`,
    };
  else if (e.kind === 'addr') message = { ...head, kind: 'addr', address: `${e.addr}/${e.plen}`, interface: e.ifname };
  else if (e.kind === 'iface')
    message = { ...head, kind: 'iface', index: e.index, interface: e.ifname, up: e.up, running: e.running, mtu: e.mtu };
  else
    message = {
      ...head,
      kind: 'neigh',
      address: scoped(e.addr, e.zone),
      state: e.state,
      ...present({ 'mac-address': e.lladdr }),
      interface: e.ifname,
    };
  return jsonLine({ __version: '1', route: { message } } satisfies Doc<'route-message'>);
}

/**
 * route add/change/delete's line, made of the words as typed (spec/formats.md 3.2); a failure adds
 * the FIB and the reason.
 */
export function changeLine(
  cmd: string,
  host: boolean,
  dest: string,
  gateway: string | null,
  failure: string | null = null,
): string {
  const line = `${cmd} ${host ? 'host' : 'net'} ${dest}${gateway !== null ? `: gateway ${gateway}` : ''}`;
  return failure === null ? `${line}\n` : `${line} fib 0: ${failure}\n`;
}

/** route flush's per-route line: network routes without /LEN, default as '::'. */
export function flushLine(r: RouteView): string {
  return (
    `${scoped(r.dst, r.dstZone).slice(0, 20).padEnd(20)} ${gatewayText(r, true).slice(0, 20).padEnd(20)} ` +
    `-fib ${'0'.padEnd(3)} done\n`
  );
}

function clock(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}` +
    `.${String(d.getUTCMilliseconds()).padStart(3, '0')}`
  );
}

/** route monitor's netlink-era line (spec/formats.md 3.5), time of day in UTC; the sender is shown as PID 0. */
export function monitorLine(e: MonitorEvent): string {
  const head = `${clock(e.at)} PID ${'0'.padStart(4)} ${e.op === 'add' ? 'add/repl' : 'delete'}`;
  if (e.kind === 'iface')
    return (
      `${head} iface iface#${e.index} ${e.ifname} admin ${e.up ? 'UP' : 'DOWN'} oper ` +
      `${e.up && e.running ? 'UP' : 'DOWN'} mtu ${e.mtu} \n`
    );
  if (e.kind === 'addr') return `${head} addr ${e.addr}/${e.plen} iface ${e.ifname} \n`;
  if (e.kind === 'neigh')
    return (
      `${head} neigh ${scoped(e.addr, e.zone)} state ${e.state}${e.lladdr ? ` lladdr ${e.lladdr}` : ''} ` +
      `iface ${e.ifname} \n`
    );
  const r = e.route;
  let s = `${head} route ${scoped(r.dst, r.dstZone)}/${r.plen}`;
  if (r.flags & RTF.BLACKHOLE) s += ' blackhole';
  else if (r.flags & RTF.REJECT) s += ' unreach(reject)';
  if (r.gateway.kind === 'addr') s += ` gw ${gatewayText(r, true)}`;
  return `${s} iface ${r.ifname} mtu ${r.mtu} table inet6.0\n`;
}
