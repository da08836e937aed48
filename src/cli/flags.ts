// The flag bits the CLI's keyword tables set: the kernel ABI values, kept here so the CLI does
// not import the engine (DESIGN.md layers).
export const IN6_IFF = {
  ANYCAST: 0x01,
  TENTATIVE: 0x02,
  DEPRECATED: 0x10,
  AUTOCONF: 0x40,
  PREFER_SOURCE: 0x100,
} as const;
export const ND6_IFF = {
  PERFORMNUD: 0x1,
  ACCEPT_RTADV: 0x2,
  IFDISABLED: 0x8,
  AUTO_LINKLOCAL: 0x20,
  NO_RADR: 0x40,
  NO_PREFER_IFACE: 0x80,
  NO_DAD: 0x100,
} as const;
export const IFF = { UP: 0x1, LOOPBACK: 0x8, POINTOPOINT: 0x10, MULTICAST: 0x8000 } as const;
