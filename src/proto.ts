// Protocol constants every layer shares (docs/architecture.md, Layers: a leaf, imports nothing):
// the numbers the RFCs and KAME fix, written once.

/** RFC 8200 5: the IPv6 minimum link MTU. */
export const IPV6_MMTU = 1280;

/** KAME ND6_INFINITE_LIFETIME: lifetimes are u32 seconds and all ones is infinite (RFC 4861 4.6.2). */
export const INFINITE_LIFETIME = 0xffffffff;

/**
 * What rtadvd advertises unless told otherwise (rtadvd.conf(5): rltime 1800, maxinterval 600,
 * mininterval 200 seconds; no MTU option, M and O clear).
 */
export const RTADV_DEFAULTS: RtadvSettings = {
  routerLifetime: 1800,
  minInterval: 200,
  maxInterval: 600,
  mtu: null,
  managed: false,
  other: false,
};

/** What an advertising interface is configured with beyond its prefixes (seconds; mtu null: no option). */
export interface RtadvSettings {
  routerLifetime: number;
  minInterval: number;
  maxInterval: number;
  mtu: number | null;
  managed: boolean;
  other: boolean;
}
