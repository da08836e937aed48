// The node's kernel log (the dmesg role).
import type { Node, World } from './types.js';

/** Oldest entries are dropped past this many, like a message buffer. */
const LOG_LIMIT = 1000;

export function klog(w: World, node: Node, msg: string): void {
  node.log.push({ at: w.clock.now, msg });
  if (node.log.length > LOG_LIMIT) node.log.splice(0, node.log.length - LOG_LIMIT);
}
