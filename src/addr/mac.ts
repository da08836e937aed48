// Link-layer addresses, EUI-64 interface identifiers (RFC 4291 2.5.1, appendix A) and durations.
import { AddrError, type Ip6 } from './ip6.js';

export type Mac = Uint8Array;

/** ether_aton-style: six 1-2 digit hex octets separated by ':'. */
export function parseMac(input: string): Mac {
  const parts = input.split(':');
  if (parts.length !== 6) throw new AddrError(input, input, 'bad link-layer address');
  return Uint8Array.from(
    parts.map((p) => {
      if (!/^[0-9a-fA-F]{1,2}$/.test(p)) throw new AddrError(input, p, 'bad link-layer octet');
      return parseInt(p, 16);
    }),
  );
}

/** ether_ntoa: two-digit lowercase octets. */
export function formatMac(m: Uint8Array): string {
  return Array.from(m, (x) => x.toString(16).padStart(2, '0')).join(':');
}

/** Modified EUI-64 from a 48-bit MAC: insert ff:fe and invert the universal/local bit. */
export function eui64FromMac(m: Mac): Uint8Array {
  return Uint8Array.of(
    (m[0] as number) ^ 0x02,
    m[1] as number,
    m[2] as number,
    0xff,
    0xfe,
    m[3] as number,
    m[4] as number,
    m[5] as number,
  );
}

export function linkLocalFromIid(iid: Uint8Array): Ip6 {
  const a = new Uint8Array(16);
  a[0] = 0xfe;
  a[1] = 0x80;
  for (let i = 0; i < 8; i++) a[8 + i] = iid[i] as number;
  return a;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Durations as users type them: 500ms, 30s, 2h, 1m30s, a bare number of seconds, or
 * infty / infinity / forever. Returns milliseconds (Infinity for infinite).
 */
export function parseDuration(input: string): number {
  if (/^(infty|infinity|forever)$/i.test(input)) return Infinity;
  if (/^\d+$/.test(input)) return Number(input) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let pos = 0;
  for (let m = re.exec(input); m; m = re.exec(input)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    pos = re.lastIndex;
  }
  if (pos === 0 || pos !== input.length) throw new AddrError(input, input.slice(pos) || input, 'bad duration');
  return Math.round(total);
}

/** ndp's sec2str: [Nd][Nh][Nm]Ns, a unit omitted only while all larger ones are zero. */
export function sec2str(total: number): string {
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  let out = '';
  if (d) out += `${d}d`;
  if (d || h) out += `${h}h`;
  if (d || h || m) out += `${m}m`;
  return `${out}${s}s`;
}
