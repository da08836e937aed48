// ip6kit sim show / log: plain text for pipes (byte-stable), JSON from the same view.
import type { Doc } from '../schema/index.js';
import type { LogView, SimView } from '../views/index.js';
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { jsonText, present } from './json.js';

/** Clock readings: milliseconds, or microseconds once link delays have made them fractional. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(Number.isInteger(ms) ? 3 : 6)}s`;
}

/** A link's faults and capture, when it has any: "  (loss 10%, delay 5ms; capture FILE)". */
function linkState(l: SimView['links'][number]): string {
  const f = l.faults;
  const faults = [
    f.loss ? `loss ${f.loss}%` : '',
    f.delay ? `delay ${f.delay}ms` : '',
    f.mtu !== null ? `mtu ${f.mtu}` : '',
    f.down ? 'down' : '',
  ]
    .filter(Boolean)
    .join(', ');
  const parts = [faults, l.capture ? `capture ${l.capture}` : ''].filter(Boolean);
  return parts.length ? `  (${parts.join('; ')})` : '';
}

export function simShowText(v: SimView): string {
  const out = [`clock: ${v.clock.mode} ${seconds(v.clock.now)}`, `seed: ${v.seed}`, 'links:'];
  for (const l of v.links) out.push(`  ${l.name}: ${l.members.join(' ') || '-'}${linkState(l)}`);
  out.push('nodes:');
  for (const n of v.nodes) {
    out.push(`  ${n.name} (hostname ${n.hostname}${n.forwarding ? ', router' : ''})`);
    for (const i of n.interfaces) {
      const state = `${i.up ? 'up' : 'down'}`;
      out.push(
        `    ${i.name.padEnd(8)} index ${String(i.index).padEnd(3)} ${i.type.padEnd(6)} ${state.padEnd(5)} ` +
          `${(i.lladdr ?? '-').padEnd(17)} ${i.link ?? '-'}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * sim show on a terminal: the same facts as simShowText (clock, seed, links and their members,
 * nodes with their role and interfaces), as tables; colour only when `color` (a TTY, no NO_COLOR).
 */
export function simShowTable(v: SimView, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const plain = { head: [], border: [] };
  const links = new Table({ head: ['link', 'members'].map((h) => c.bold(h)), style: plain });
  for (const l of v.links) links.push([l.name, (l.members.join(' ') || '-') + linkState(l)]);
  const nodes = new Table({
    head: ['node', 'hostname', 'role', 'interface', 'index', 'type', 'state', 'lladdr', 'link'].map((h) => c.bold(h)),
    style: plain,
  });
  for (const n of v.nodes) {
    const role = n.forwarding ? c.cyan('router') : 'host';
    if (!n.interfaces.length) nodes.push([n.name, n.hostname, role, '-', '', '', '', '', '']);
    n.interfaces.forEach((i, k) => {
      const head = k === 0 ? [n.name, n.hostname, role] : ['', '', ''];
      nodes.push([
        ...head,
        i.name,
        String(i.index),
        i.type,
        i.up ? c.green('up') : c.red('down'),
        i.lladdr ?? '-',
        i.link ?? '-',
      ]);
    });
  }
  return `clock: ${v.clock.mode} ${seconds(v.clock.now)}  seed: ${v.seed}\n${links.toString()}\n${nodes.toString()}\n`;
}

const dotId = (kind: 'node' | 'link', name: string): string => JSON.stringify(`${kind}:${name}`);
const dotLabel = (lines: string[]): string => JSON.stringify(lines.join('\n'));

/**
 * sim show --dot: the world as a Graphviz graph. Nodes are boxes (routers bold, with their
 * role), links ellipses (faults and capture in their label); an edge per attached interface
 * carries its name and addresses. dot -Tsvg renders it.
 */
export function simShowDot(v: SimView): string {
  const out = [
    'graph ip6kit {',
    '  graph [rankdir=LR, fontname="monospace"];',
    '  node [fontname="monospace"];',
    '  edge [fontname="monospace", fontsize=10];',
  ];
  for (const l of v.links)
    out.push(
      `  ${dotId('link', l.name)} [shape=ellipse, label=${dotLabel([
        l.name,
        ...linkState(l)
          .trim()
          .replace(/^\(|\)$/g, '')
          .split('; ')
          .filter(Boolean),
      ])}];`,
    );
  for (const n of v.nodes) {
    const attrs = n.forwarding ? ', style=bold' : '';
    const title = n.hostname === n.name ? n.name : `${n.name} (${n.hostname})`;
    out.push(
      `  ${dotId('node', n.name)} [shape=box${attrs}, label=${dotLabel([n.forwarding ? `${title} router` : title])}];`,
    );
    for (const i of n.interfaces) {
      if (!i.link) continue;
      out.push(
        `  ${dotId('node', n.name)} -- ${dotId('link', i.link)} ` +
          `[label=${dotLabel([`${i.name}${i.up ? '' : ' (down)'}`, ...i.addrs])}];`,
      );
    }
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

export function simLogText(v: LogView): string {
  return v.entries.map((e) => `[${(e.at / 1000).toFixed(3).padStart(10)}] ${e.msg}\n`).join('');
}

export function showJson(v: SimView): string {
  const doc: Doc<'sim-show'> = {
    __version: '1',
    sim: {
      clock: { mode: v.clock.mode, 'now-ms': v.clock.now },
      seed: v.seed,
      links: v.links.map((l) => ({
        name: l.name,
        members: l.members,
        faults: present({
          ...l.faults,
          down: l.faults.down || null,
          loss: l.faults.loss || null,
          delay: l.faults.delay || null,
        }),
        ...present({ capture: l.capture }),
      })),
      nodes: v.nodes.map((n) => ({
        name: n.name,
        hostname: n.hostname,
        router: n.forwarding,
        interfaces: n.interfaces.map((i) => ({
          name: i.name,
          index: i.index,
          type: i.type,
          up: i.up,
          ...present({ ether: i.lladdr, link: i.link }),
          inet6: i.addrs,
        })),
      })),
    },
  };
  return jsonText(doc);
}

export const logJson = (v: LogView): string =>
  jsonText({
    __version: '1',
    sim: { node: v.node, log: v.entries.map((e) => ({ 'time-ms': e.at, message: e.msg })) },
  } satisfies Doc<'sim-log'>);

type SysctlRow = Doc<'sim-sysctl'>['sim']['sysctl'][number];

/** sysctl(8)'s lines: NAME: VALUE, or NAME: OLD -> NEW for a setting. */
export const sysctlText = (rows: SysctlRow[]): string =>
  rows.map((r) => (r.old === undefined ? `${r.name}: ${r.value}\n` : `${r.name}: ${r.old} -> ${r.value}\n`)).join('');

export const sysctlJson = (node: string, rows: SysctlRow[]): string =>
  jsonText({ __version: '1', sim: { node, sysctl: rows } } satisfies Doc<'sim-sysctl'>);

export const clockJson = (now: number, interrupted: boolean): string =>
  jsonText({ __version: '1', sim: { clock: { 'now-ms': now, interrupted } } } satisfies Doc<'sim-clock'>);
