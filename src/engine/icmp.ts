// ICMPv6 input (RFC 4443): ND messages to their modules, echo answered, replies and errors
// handed to the socket that sent the request.
import { isMulticast, parseIp6 } from '../addr/index.js';
import { naInput, nsInput } from './nd.js';
import { ip6Output, sourceFor } from './net.js';
import { icmp6TypeNumber } from './tx.js';
import { raInput, rsInput } from './ra.js';
import { countIcmp6In } from './stats.js';
import type { Iface, Node, Packet, World } from './types.js';

export function icmp6Input(w: World, node: Node, ifp: Iface, pkt: Packet, srcMac: string): void {
  const body = pkt.body;
  countIcmp6In(node, icmp6TypeNumber(body));
  switch (body.type) {
    case 'NS':
      nsInput(w, node, ifp, pkt, body);
      break;
    case 'NA':
      naInput(w, node, ifp, body, srcMac);
      break;
    case 'RS':
      rsInput(w, node, ifp, pkt, body);
      break;
    case 'RA':
      raInput(w, node, ifp, pkt, body);
      break;
    case 'ECHO': {
      const src = isMulticast(parseIp6(pkt.dst)) ? sourceFor(node, pkt.src, ifp) : pkt.dst;
      if (!src) return;
      node.stats.icmp6.reflect++;
      ip6Output(w, node, { src, dst: pkt.src, hlim: ifp.ndi.curhlim, body: { ...body, type: 'ECHO_REPLY' } }, { ifp });
      return;
    }
    case 'ECHO_REPLY':
    case 'ERROR': {
      const ident = body.type === 'ERROR' ? body.orig.ident : body.ident;
      const sock = node.sockets.find((s) => s.ident === ident);
      sock?.rx.push({ at: w.clock.now, src: pkt.src, hlim: pkt.hlim, ifindex: ifp.index, body });
    }
  }
}
