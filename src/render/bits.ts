// Bit-name tables and the printb formats FreeBSD uses (spec/formats.md 0.6, 1.3-1.6).
import { IFF_ROWS, IN6_IFF_ROWS, ND6_IFF_ROWS } from '../flags.js';

export type BitNames = readonly (readonly [number, string])[];

export const IFF_NAMES: BitNames = IFF_ROWS.map((r) => [r.bit, r.name]);

export const IFCAP_NAMES: BitNames = [
  [0x1, 'RXCSUM'],
  [0x2, 'TXCSUM'],
  [0x4, 'NETCONS'],
  [0x8, 'VLAN_MTU'],
  [0x10, 'VLAN_HWTAGGING'],
  [0x20, 'JUMBO_MTU'],
  [0x40, 'POLLING'],
  [0x80, 'VLAN_HWCSUM'],
  [0x100, 'TSO4'],
  [0x200, 'TSO6'],
  [0x400, 'LRO'],
  [0x800, 'WOL_UCAST'],
  [0x1000, 'WOL_MCAST'],
  [0x2000, 'WOL_MAGIC'],
  [0x4000, 'TOE4'],
  [0x8000, 'TOE6'],
  [0x10000, 'VLAN_HWFILTER'],
  [0x20000, 'NV'],
  [0x40000, 'VLAN_HWTSO'],
  [0x80000, 'LINKSTATE'],
  [0x100000, 'NETMAP'],
  [0x200000, 'RXCSUM_IPV6'],
  [0x400000, 'TXCSUM_IPV6'],
  [0x800000, 'HWSTATS'],
  [0x1000000, 'TXRTLMT'],
  [0x2000000, 'HWRXTSTMP'],
  [0x4000000, 'MEXTPG'],
  [0x8000000, 'TXTLS4'],
  [0x10000000, 'TXTLS6'],
  [0x20000000, 'VXLAN_HWCSUM'],
  [0x40000000, 'VXLAN_HWTSO'],
  [0x80000000, 'TXTLS_RTLMT'],
];

export const ND6_NAMES: BitNames = ND6_IFF_ROWS.map((r) => [r.bit, r.name]);

/** ifconfig's inet6 flag words, in the order it prints them (bit order; NODAD is never shown). */
export const IN6_FLAG_WORDS: BitNames = IN6_IFF_ROWS.flatMap((r) => ('word' in r ? [[r.bit, r.word] as const] : []));

export function bitWords(value: number, names: BitNames): string[] {
  const out: string[] = [];
  let known = 0;
  for (const [bit, name] of names) {
    known |= bit;
    if ((value & bit) >>> 0 === bit) out.push(name);
  }
  for (let b = 0; b < 32; b++) {
    const bit = (1 << b) >>> 0;
    if ((value & bit) >>> 0 && !(known & bit)) out.push(`IFF_${b}`);
  }
  return out;
}

/** printb: NAME=hex<WORDS>; `bare` omits '<>' when no bit is set (the netlink status printer). */
export function printb(label: string, value: number, names: BitNames, bare: boolean): string {
  const words = bitWords(value >>> 0, names);
  const hex = (value >>> 0).toString(16);
  return words.length === 0 && bare ? `${label}=${hex}` : `${label}=${hex}<${words.join(',')}>`;
}
