// ip6addrctl on Linux. RFC 6724's policy table is split there: the kernel keeps the labels
// (RTM_*ADDRLABEL, `ip addrlabel`; it labels the source addresses it picks), and the resolver
// keeps the precedences (glibc's getaddrinfo reads /etc/gai.conf). So a row shows the kernel's
// label beside the precedence the resolver gives that prefix: gai.conf's precedence lines when
// it has any (they replace the defaults, as glibc takes them), else RFC 6724's defaults. Use
// counts nothing (Linux counts no uses: 0). A precedence the resolver would not give is refused,
// not dropped: the kernel has nowhere to keep it.
import * as fs from 'node:fs';
import { applyMask, canonical, formatIp6, parseIp6, prefixOf } from '../../addr/index.js';
import { PREFER_IPV6 } from '../../engine/policy.js';
import type { AddrselView, PolicyView } from '../../views/index.js';
import { BackendError, type PolicyBackend, type ScopedAddr } from '../types.js';
import type { Rtnl } from './rtnl.js';

const GAI_CONF = '/etc/gai.conf';

interface Precedence {
  prefix: Uint8Array;
  plen: number;
  precedence: number;
}

/** gai.conf(5)'s `precedence NETMASK VALUE` lines; null when it has none (or cannot be read). */
export function gaiPrecedences(text: string): Precedence[] | null {
  const rows: Precedence[] = [];
  for (const line of text.split('\n')) {
    const words = line.replace(/#.*/, '').trim().split(/\s+/);
    if (words[0] !== 'precedence' || words.length < 3) continue;
    const [addr, len = '128'] = (words[1] as string).split('/');
    const plen = Number(len);
    const precedence = Number(words[2]);
    if (!/^\d+$/.test(len) || plen > 128 || !Number.isInteger(precedence)) continue;
    try {
      rows.push({ prefix: applyMask(parseIp6(addr as string), plen), plen, precedence });
    } catch {
      // glibc skips a line it cannot read; so do we.
    }
  }
  return rows.length ? rows : null;
}

const RFC6724: Precedence[] = PREFER_IPV6.map((r) => ({
  prefix: parseIp6(r.prefix),
  plen: r.plen,
  precedence: r.precedence,
}));

/** The precedence the resolver gives a prefix: its longest match in the precedence table. */
export function precedenceOf(table: Precedence[], prefix: Uint8Array, plen: number): number {
  let best: Precedence | null = null;
  for (const p of table) {
    if (p.plen > plen || (best && best.plen >= p.plen)) continue;
    const masked = applyMask(prefix, p.plen);
    if (masked.every((b, i) => b === p.prefix[i])) best = p;
  }
  return best?.precedence ?? 0;
}

export class LinuxPolicy implements PolicyBackend {
  constructor(
    private readonly nl: Rtnl,
    private readonly gaiConf = GAI_CONF,
  ) {}

  private precedences(): Precedence[] {
    let text = '';
    try {
      text = fs.readFileSync(this.gaiConf, 'utf8');
    } catch {
      // No gai.conf: glibc's own table, which we take to be RFC 6724's.
    }
    return gaiPrecedences(text) ?? RFC6724;
  }

  async list(): Promise<PolicyView[]> {
    const table = this.precedences();
    // Labels for one interface have no place in KAME's table: only the global ones are shown.
    return (await this.nl.addrLabels())
      .filter((l) => l.index === 0)
      .map((l) => ({
        prefix: l.prefix,
        plen: l.plen,
        precedence: precedenceOf(table, parseIp6(l.prefix), l.plen),
        label: l.label,
        use: 0,
      }));
  }

  async add(e: Omit<PolicyView, 'use'>): Promise<void> {
    const prefix = parseIp6(prefixOf(e.prefix, e.plen));
    const resolvers = precedenceOf(this.precedences(), prefix, e.plen);
    if (e.precedence !== resolvers)
      throw new BackendError(
        `precedence ${e.precedence} for ${formatIp6(prefix)}/${e.plen} is not available with --backend linux ` +
          `(the kernel keeps labels only; the resolver gives this prefix ${resolvers}, from ${GAI_CONF} or RFC 6724)`,
        true,
      );
    await this.nl.call('SIOCAADDRCTL_POLICY', () => this.nl.setAddrLabel(true, prefix, e.plen, e.label));
  }

  async delete(prefix: string, plen: number): Promise<void> {
    const key = canonical(prefixOf(prefix, plen));
    // The kernel matches a deletion on its label too: ask for the one it has.
    const found = (await this.nl.addrLabels()).find((l) => l.index === 0 && l.prefix === key && l.plen === plen);
    const label = found?.label ?? 0;
    await this.nl.call('SIOCDADDRCTL_POLICY', () => this.nl.setAddrLabel(false, parseIp6(key), plen, label));
  }

  async order(_destinations: ScopedAddr[], _ipv4Source: string | null): Promise<AddrselView[]> {
    throw new BackendError(
      'ordering destinations is not available with --backend linux (getaddrinfo does it there, with /etc/gai.conf)',
      true,
    );
  }
}
