// ip6addrctl on Linux. RFC 6724's policy table is split there: the kernel keeps the labels
// (RTM_*ADDRLABEL, `ip addrlabel`; it labels the source addresses it picks), and the resolver
// keeps the precedences (glibc's getaddrinfo reads /etc/gai.conf). So a row shows the kernel's
// label beside the precedence the resolver gives that prefix: gai.conf's precedence lines when
// it has any (they replace the defaults, as glibc takes them), else RFC 6724's defaults. Use
// counts nothing (Linux counts no uses: 0). A precedence the resolver would not give is refused,
// not dropped: the kernel has nowhere to keep it. addrsel orders by that table, with the
// sources the kernel picks.
import * as fs from 'node:fs';
import { applyMask, canonical, formatIp6, isV4Mapped, parseIp6, prefixOf } from '../../addr/index.js';
import { PREFER_IPV6 } from '../../engine/policy.js';
import type { AddrselView, PolicyView } from '../../views/index.js';
import { addrselRows, type Candidate, givenIpv4Source } from '../addrsel.js';
import { zoneOf } from '../core.js';
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

  /**
   * addrsel: each destination with the source the kernel would use (RTA_PREFSRC of its route
   * lookup), in RFC 6724's order by the table above. getaddrinfo orders with the same rules and
   * glibc's own copy of the table; the labels here are the kernel's.
   */
  async order(destinations: ScopedAddr[], ipv4Source: string | null): Promise<AddrselView[]> {
    const table = (await this.list()).map((p) => ({ ...p, prefix: canonical(p.prefix) }));
    const links = await this.nl.links();
    const addrs = await this.nl.addrs();
    const list: Candidate[] = [];
    for (const [i, d] of destinations.entries()) {
      const addr = parseIp6(d.addr);
      if (isV4Mapped(addr)) {
        list.push({ addr, source: givenIpv4Source(ipv4Source), encapsulated: false, i });
        continue;
      }
      const route = await this.nl.lookup(addr, zoneOf(links, d)).catch(() => null);
      const src = route && (route.type === 'UNICAST' || route.type === 'LOCAL') ? route.prefsrc : null;
      const a = src === null ? undefined : addrs.find((x) => x.addr === src);
      const out = links.find((l) => l.index === route?.oif);
      list.push({
        addr,
        source:
          src === null
            ? null
            : {
                addr: parseIp6(src),
                plen: a?.plen ?? 128,
                deprecated: Boolean(a?.flags.deprecated),
                temporary: Boolean(a?.flags.secondary),
                preferSource: false,
                outgoing: a !== undefined && a.index === route?.oif,
                alive: true,
                rule: 'the kernel (RTA_PREFSRC)',
              },
        encapsulated: out?.kind === 'ip6tnl' || out?.kind === 'sit' || out?.kind === 'gre',
        i,
      });
    }
    return addrselRows(list, destinations, { table, preferTemporary: false });
  }
}
