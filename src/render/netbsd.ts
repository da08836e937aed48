// NetBSD's text (ip6kit.8, PROFILES; NetBSD userland of early 2016: sbin/ifconfig ifconfig.c 1.236,
// af_inet6.c 1.34, ether.c, media.c, util.c; common/lib/libutil/snprintb.c; usr.sbin/ndp/ndp.c).
// The simulated interfaces carry FreeBSD's bits; this module says which NetBSD bit each one is.
import { ND6_IFF } from '../flags.js';
import { embedScope, formatIp6, multicastScope, needsZone, parseIp6 } from '../addr/index.js';
import type { BitNames } from './bits.js';
import type { NbMcastIfView } from '../views/index.js';

/** net/if.h IFFBITS: NetBSD's if_flags are 16 bits wide. */
export const NETBSD_IFF_NAMES: BitNames = [
  [0x1, 'UP'],
  [0x2, 'BROADCAST'],
  [0x4, 'DEBUG'],
  [0x8, 'LOOPBACK'],
  [0x10, 'POINTOPOINT'],
  [0x20, 'NOTRAILERS'],
  [0x40, 'RUNNING'],
  [0x80, 'NOARP'],
  [0x100, 'PROMISC'],
  [0x200, 'ALLMULTI'],
  [0x400, 'OACTIVE'],
  [0x800, 'SIMPLEX'],
  [0x1000, 'LINK0'],
  [0x2000, 'LINK1'],
  [0x4000, 'LINK2'],
  [0x8000, 'MULTICAST'],
];

/** The FreeBSD bits whose meaning NetBSD's if_flags share (NEEDSEPOCH is not NOTRAILERS). */
export const netbsdIfFlags = (flags: number): number => flags & 0xffff & ~0x20;

/** net/if.h IFCAPBITS (NetBSD 7): per-protocol checksum offload bits. */
const NETBSD_IFCAP_NAMES: BitNames = [
  [0x80, 'TSO4'],
  [0x100, 'IP4CSUM_Rx'],
  [0x200, 'IP4CSUM_Tx'],
  [0x400, 'TCP4CSUM_Rx'],
  [0x800, 'TCP4CSUM_Tx'],
  [0x1000, 'UDP4CSUM_Rx'],
  [0x2000, 'UDP4CSUM_Tx'],
  [0x4000, 'TCP6CSUM_Rx'],
  [0x8000, 'TCP6CSUM_Tx'],
  [0x10000, 'UDP6CSUM_Rx'],
  [0x20000, 'UDP6CSUM_Tx'],
  [0x40000, 'TSO6'],
];

/** net/if_ether.h ECCAPBITS: the Ethernet capabilities NetBSD keeps apart from IFCAP. */
const ECCAP_NAMES: BitNames = [
  [0x1, 'VLAN_MTU'],
  [0x2, 'VLAN_HWTAGGING'],
  [0x4, 'JUMBO_MTU'],
];

// FreeBSD IFCAP bit -> the NetBSD IFCAP or ETHERCAP bits that mean the same. FreeBSD bits without
// a NetBSD counterpart (VLAN_HWCSUM, LINKSTATE, ...) print nothing.
const IFCAP_MAP: readonly (readonly [number, number])[] = [
  [0x1, 0x100 | 0x400 | 0x1000], // RXCSUM
  [0x2, 0x200 | 0x800 | 0x2000], // TXCSUM
  [0x100, 0x80], // TSO4
  [0x200, 0x40000], // TSO6
  [0x200000, 0x4000 | 0x10000], // RXCSUM_IPV6
  [0x400000, 0x8000 | 0x20000], // TXCSUM_IPV6
];
const ECCAP_MAP: readonly (readonly [number, number])[] = [
  [0x8, 0x1], // VLAN_MTU
  [0x10, 0x2], // VLAN_HWTAGGING
  [0x20, 0x4], // JUMBO_MTU
];

const mapBits = (value: number, map: readonly (readonly [number, number])[]): number =>
  map.reduce((acc, [from, to]) => (value & from ? acc | to : acc), 0);

/** ndp -i's flag words in ndp.c's order, on FreeBSD's bits (NetBSD has no NO_RADR, NO_DAD, ...). */
export const NETBSD_NDP_IFINFO_WORDS: readonly (readonly [number, string])[] = [
  [ND6_IFF.PERFORMNUD, 'nud'],
  [ND6_IFF.IFDISABLED, 'disabled'],
  [ND6_IFF.ACCEPT_RTADV, 'accept_rtadv'],
  [ND6_IFF.AUTO_LINKLOCAL, 'auto_linklocal'],
  [ND6_IFF.PREFER_SOURCE, 'prefer_source'],
];

/**
 * snprintb(3) with snprintb_m's line limit, for the old "\020" formats: "0xVALUE<NAME,...>" per
 * line. A name that would reach the limit ends the line before its separator and starts the next
 * with the value again; 0 prints the value alone.
 */
export function snprintbLines(value: number, names: BitNames, lineMax = 0): string[] {
  const head = `0x${(value >>> 0).toString(16)}`;
  if (value === 0) return [head];
  const lines: string[] = [];
  let line = head;
  let sep = '<';
  for (const [bit, name] of names) {
    if (!(value & bit)) continue;
    if (lineMax > 0 && sep === ',' && line.length + 1 + name.length > lineMax - 1) {
      lines.push(`${line}>`);
      line = head;
      sep = '<';
    }
    line += sep + name;
    sep = ',';
  }
  // snprintb closes every non-zero value, even one whose bits have no names ("0x40>").
  lines.push(`${line}>`);
  return lines;
}

/** The header lines ifconfig's status() prints before the media (capabilities, ec_*, address). */
export function netbsdCapabilityLines(options: number, lladdr: string | null): string[] {
  const out: string[] = [];
  // ifconfig.c and ether.c print the value without its "0x" (&bp[2]); the limits are theirs.
  // The simulation keeps one set of bits: what an interface can do is what it has enabled.
  const block = (prefix: string, bits: number, names: BitNames, lineMax: number): void => {
    if (!bits) return;
    for (const label of ['capabilities', 'enabled'])
      for (const l of snprintbLines(bits, names, lineMax)) out.push(`\t${prefix}${label}=${l.slice(2)}`);
  };
  block('', mapBits(options, IFCAP_MAP), NETBSD_IFCAP_NAMES, 58);
  block('ec_', mapBits(options, ECCAP_MAP), ECCAP_NAMES, 55);
  if (lladdr) out.push(`\taddress: ${lladdr}`);
  return out;
}

/** media.c's words: the options follow the subtype after a space, without FreeBSD's '<>'. */
export const netbsdMedia = (media: string): string => media.replace(/ <([^>]*)>/g, ' $1');

/**
 * ifmcstat.c's inet6_n2a of an address the kernel keeps with its zone embedded (in6_setscope):
 * inet6_getscopeid turns a link-local one's back into %IF; an interface-local group keeps it
 * in its second word (ff01:1::1).
 */
function inet6N2a(text: string, zone: { ifname: string; index: number }): string {
  const bytes = parseIp6(text);
  if (!needsZone(bytes)) return text;
  if (multicastScope(bytes) !== 'interface') return `${text}%${zone.ifname}`;
  return formatIp6(embedScope(bytes, zone.index));
}

/** ifmcstat.c's print_hwaddr: a colon after every byte, the last one too. */
const hwaddr = (mac: string): string => `${mac}:`;

/**
 * NetBSD's ifmcstat (usr.sbin/ifmcstat/ifmcstat.c 1.12.2.1): per interface, the inet6 records
 * under the address they hang on, the kludge records the kernel answers for it, and the
 * Ethernet list when the interface has a link address.
 */
export function netbsdIfmcstatText(list: NbMcastIfView[]): string {
  let out = '';
  const groupLines = (gs: NbMcastIfView['groups']): string =>
    gs.map((g) => `\t\tgroup ${inet6N2a(g.group, g)} refcount ${g.refs}\n`).join('');
  for (const v of list) {
    out += `${v.ifname}:\n`;
    if (v.address !== null && v.groups.length) out += `\tinet6 ${inet6N2a(v.address, v)}\n${groupLines(v.groups)}`;
    if (v.kludge.length) out += `\t(on kludge entry for ${v.ifname})\n${groupLines(v.kludge)}`;
    if (v.lladdr === null) continue;
    out += `\tenaddr ${hwaddr(v.lladdr)} multicnt ${v.ether.length}\n`;
    for (const e of v.ether) out += `\t\t${hwaddr(e.mac)} -- ${hwaddr(e.mac)} ${e.refs}\n`;
  }
  return out;
}
