// Putting frames on links, and counting what a node originates: what every protocol module sends
// through. It imports no protocol module (no ND, no ICMP input), so those that transmit do not
// pull the whole input path into their imports.
import { LINK_DELAY_MS, ND6_IFF } from './constants.js';
import { captured } from './links.js';
import { linkNamed } from './lookup.js';
import { schedule } from './queue.js';
import { countIcmp6Out } from './stats.js';
import { packetLength } from '../wire/index.js';
import type { Frame, Icmp6, Iface, Node, Packet, World } from './types.js';

const ICMP6_TYPE_OF: Record<Icmp6['type'], number> = {
  NS: 135,
  NA: 136,
  RS: 133,
  RA: 134,
  ECHO: 128,
  ECHO_REPLY: 129,
  ERROR: 0,
  MLD_REPORT: 143,
};

export function icmp6TypeNumber(b: Icmp6): number {
  return b.type === 'ERROR' ? b.icmpType : ICMP6_TYPE_OF[b.type];
}

/**
 * Puts a frame on the interface's link; every other member sees it one link delay later. Counts
 * nothing: a packet is counted once, where this node makes it (originated) or forwards it.
 */
export function transmit(w: World, node: Node, ifp: Iface, frame: Frame): void {
  if (!ifp.link || !ifp.up || ifp.nd6 & ND6_IFF.IFDISABLED) return;
  const link = linkNamed(w, ifp.link);
  // A capture sees what is sent, as tcpdump on the sender would, whatever the link then does.
  if (link?.capture) captured(w, { file: link.capture, at: w.clock.now, frame });
  const f = link?.faults;
  if (f?.down || (f?.mtu != null && packetLength(frame.pkt) > f.mtu)) return;
  schedule(w, {
    at: w.clock.now + LINK_DELAY_MS + (f?.delay ?? 0),
    kind: 'deliver',
    link: ifp.link,
    fromNode: node.name,
    fromIf: ifp.index,
    frame,
  });
}

/** A packet this node makes (ip6_output's ip6s_localout, icmp6's output histogram): counted once. */
export function originated(node: Node, pkt: Packet): void {
  countIcmp6Out(node, icmp6TypeNumber(pkt.body));
}
