// View types: what each listing shows. Backends produce them, renderers print them (text and JSON
// from the same value, so they never disagree). Imports nothing of ours.

export interface AddrView {
  /** Canonical text without zone. */
  addr: string;
  /** Interface name for scoped addresses (fe80::1%em0), else null. */
  zone: string | null;
  plen: number;
  /** IN6_IFF_* bits. */
  flags: number;
  scopeid: number;
  /** Configured lifetimes in seconds, null when infinite. */
  pltime: number | null;
  vltime: number | null;
  /** Remaining lifetimes in whole seconds (clamped at 0), null when infinite. */
  pltimeLeft: number | null;
  vltimeLeft: number | null;
}

export interface IfaceView {
  name: string;
  index: number;
  /** IFF_* bits. */
  flags: number;
  metric: number;
  mtu: number;
  /** IFCAP_* bits for the options= line. */
  options: number;
  description: string | null;
  lladdr: string | null;
  addrs: AddrView[];
  /** Interface groups other than 'all'. */
  groups: string[];
  media: string | null;
  status: 'active' | 'no carrier' | null;
  /** ND6_IFF_* bits (DEFAULTIF included when it is the ND default interface). */
  nd6: number;
}

/** What a DAD wait found for one address. */
export interface DadReport {
  ifname: string;
  addr: string;
  /** tentative: DAD not finished; detached: no carrier, DAD has not started. */
  state: 'ok' | 'duplicated' | 'tentative' | 'detached';
  holder: string | null;
}

export interface SimNodeView {
  name: string;
  hostname: string;
  forwarding: boolean;
  interfaces: { name: string; index: number; type: string; up: boolean; lladdr: string | null; link: string | null }[];
}

export interface SimView {
  clock: { mode: 'virtual' | 'real'; now: number };
  seed: number;
  nodes: SimNodeView[];
  links: { name: string; members: string[] }[];
}

export interface LogView {
  node: string;
  entries: { at: number; msg: string }[];
}
