// ip6addrctl's policy table and RFC 6724 destination ordering on the simulated stack.
import { isV4Mapped, needsZone, parseIp6 } from '../addr/index.js';
import { addrselRows, type Candidate, type ChosenSource, givenIpv4Source } from './addrsel.js';
import * as E from '../engine/index.js';
import type { AddrselView, PolicyView } from '../views/index.js';
import type { SimBackend } from './sim.js';
import { asOp, nodeZone } from './core.js';
import type { PolicyBackend, ScopedAddr } from './types.js';

export class SimPolicy implements PolicyBackend {
  constructor(private readonly sim: SimBackend) {}

  async list(): Promise<PolicyView[]> {
    return this.sim.view((w) => this.sim.node(w).policy.map((p) => ({ ...p })));
  }

  async add(e: Omit<PolicyView, 'use'>): Promise<void> {
    this.sim.tx((w) => asOp('SIOCAADDRCTL_POLICY', () => E.policyAdd(this.sim.node(w), e), detail));
  }

  async delete(prefix: string, plen: number): Promise<void> {
    this.sim.tx((w) => asOp('SIOCDADDRCTL_POLICY', () => E.policyDelete(this.sim.node(w), prefix, plen), detail));
  }

  async order(destinations: ScopedAddr[], ipv4Source: string | null): Promise<AddrselView[]> {
    return this.sim.tx((w) => {
      const node = this.sim.node(w);
      const ctx: E.SelectionContext = { table: node.policy, preferTemporary: node.knobs.prefer_tempaddr !== 0 };
      const list = destinations.map((d, i): Candidate => {
        const addr = parseIp6(d.addr);
        // The simulation has no IPv4 stack: an IPv4 destination is usable only with --ipv4-src.
        if (isV4Mapped(addr)) return { addr, source: givenIpv4Source(ipv4Source), encapsulated: false, i };
        let source: ChosenSource | null = null;
        let encapsulated = false;
        const out = outgoing(node, d);
        if (out !== undefined) {
          encapsulated = out !== null && (out.type === 'gif' || out.type === 'tun');
          const r = E.chooseSource(E.nodeCandidates(node, addr, out), addr, ctx);
          if (r) source = { ...r.best, rule: r.rule };
        }
        return { addr, source, encapsulated, i };
      });
      return addrselRows(list, destinations, ctx);
    });
  }
}

/** The interface a destination leaves by: null when it is ours, undefined when unreachable. */
function outgoing(node: E.Node, d: ScopedAddr): E.Iface | null | undefined {
  const out = E.outgoingInterface(node, d.addr, needsZone(parseIp6(d.addr)) ? nodeZone(node, d) : 0);
  if (out === 'local') return null;
  return typeof out === 'string' ? undefined : out;
}

/** The engine's own words name what the policy request refused. */
const detail = (e: E.EngineError): string => e.detail;
