// ip6kit sim show / log: plain text for pipes (byte-stable), JSON from the same view.
import type { LogView, SimView } from '../views/index.js';

/** Clock readings: milliseconds, or microseconds once link delays have made them fractional. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(Number.isInteger(ms) ? 3 : 6)}s`;
}

export function simShowText(v: SimView): string {
  const out = [`clock: ${v.clock.mode} ${seconds(v.clock.now)}`, `seed: ${v.seed}`, 'links:'];
  for (const l of v.links) out.push(`  ${l.name}: ${l.members.join(' ') || '-'}`);
  out.push('nodes:');
  for (const n of v.nodes) {
    out.push(`  ${n.name} (hostname ${n.hostname}${n.forwarding ? ', router' : ''})`);
    for (const i of n.interfaces) {
      const state = `${i.up ? 'up' : 'down'}`;
      out.push(`    ${i.name.padEnd(8)} index ${String(i.index).padEnd(3)} ${i.type.padEnd(6)} ${state.padEnd(5)} ${(i.lladdr ?? '-').padEnd(17)} ${i.link ?? '-'}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function simLogText(v: LogView): string {
  return v.entries.map((e) => `[${(e.at / 1000).toFixed(3).padStart(10)}] ${e.msg}\n`).join('');
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
