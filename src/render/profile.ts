// Output profiles (ip6kit.8, PROFILES): every difference between the systems whose text ip6kit
// reproduces lives here, each settled from that system's source. One is chosen per run
// (--profile, IP6KIT_PROFILE) and handed to the renderers; freebsd14 is the default.

export interface Profile {
  name: ProfileName;
  /** Whose tools: NetBSD's ifconfig lays its block out differently (render/netbsd.ts). */
  system: 'freebsd' | 'netbsd';
  /** The IFF_LOWER_UP flag on the flags= line (netlink-era ifconfig, FreeBSD 14 on). */
  lowerUp: boolean;
  /** printb without '<>' when no bit is set (the netlink status printer; the ioctl one always prints them). */
  printbBare: boolean;
  /** Lifetimes on inet6 lines without -L (configured values), as netlink-era ifconfig prints them. */
  lifetimesWithoutL: boolean;
  /** How an infinite lifetime of a finite pair prints. */
  infiniteLifetime: string;
  /** Interfaces with no address of a filtered family are skipped entirely. */
  skipEmptyFamily: boolean;
  /** ping's header word, statistics title and deviation label (ping6.c / main.c's pr_summary). */
  ping: {
    header: 'PING6' | 'PING';
    statistics: 'ping6' | 'ping';
    stddev: 'std-dev' | 'stddev';
    /** FreeBSD divides the squared deviations by n, NetBSD's ping6.c by n - 1. */
    deviation: 'population' | 'sample';
  };
  /** -w reports duplicated addresses and fails on them (FreeBSD has no -w; NetBSD's exits 0). */
  waitReportsDuplicates: boolean;
}

export type ProfileName = 'freebsd13' | 'freebsd14' | 'freebsd15' | 'netbsd';

export const PROFILES: Record<ProfileName, Profile> = {
  // FreeBSD 13: ifconfig reads interfaces through ioctl/getifaddrs (af_inet6.c prints lifetimes
  // only with -L, "infty" for an infinite one); ping6 is its own program (ping6.c's summary).
  freebsd13: {
    name: 'freebsd13',
    system: 'freebsd',
    lowerUp: false,
    printbBare: false,
    lifetimesWithoutL: false,
    infiniteLifetime: 'infty',
    skipEmptyFamily: true,
    ping: { header: 'PING6', statistics: 'ping6', stddev: 'std-dev', deviation: 'population' },
    waitReportsDuplicates: true,
  },
  // FreeBSD 14: netlink ifconfig; ping -6 still runs KAME's ping6.c with its own heading and summary.
  freebsd14: {
    name: 'freebsd14',
    system: 'freebsd',
    lowerUp: true,
    printbBare: true,
    lifetimesWithoutL: true,
    infiniteLifetime: '0',
    skipEmptyFamily: true,
    ping: { header: 'PING6', statistics: 'ping6', stddev: 'std-dev', deviation: 'population' },
    waitReportsDuplicates: true,
  },
  // FreeBSD 15: ping6.c prints "PING(" and the summary is main.c's pr_summary, shared with IPv4.
  freebsd15: {
    name: 'freebsd15',
    system: 'freebsd',
    lowerUp: true,
    printbBare: true,
    lifetimesWithoutL: true,
    infiniteLifetime: '0',
    skipEmptyFamily: true,
    ping: { header: 'PING', statistics: 'ping', stddev: 'stddev', deviation: 'population' },
    waitReportsDuplicates: true,
  },
  // NetBSD 7 (userland of early 2016, the newest NetBSD tree the sources were read from): ioctl
  // ifconfig with snprintb's "0x" flags, capabilities and "address:" lines, lifetimes only with -L;
  // -w waits for tentative addresses only and exits 0 whatever DAD found; KAME's ping6 with a
  // sample standard deviation. Tools whose NetBSD text is not written refuse the profile.
  netbsd: {
    name: 'netbsd',
    system: 'netbsd',
    lowerUp: false,
    printbBare: false,
    lifetimesWithoutL: false,
    infiniteLifetime: 'infty',
    skipEmptyFamily: false,
    ping: { header: 'PING6', statistics: 'ping6', stddev: 'std-dev', deviation: 'sample' },
    waitReportsDuplicates: false,
  },
};

/**
 * The system tools that print NetBSD's text under the netbsd profile; the others refuse it
 * (ip6kit's own, sim and addrsel, print the same under every profile). ip6addrctl is KAME's on
 * both systems: NetBSD's dump_policy prints FreeBSD's columns and messages.
 */
export const NETBSD_TOOLS: ReadonlySet<string> = new Set([
  'ifconfig',
  'ndp',
  'ping6',
  'ip6addrctl',
  'sysctl',
  'ifmcstat',
  'netstat',
  'route',
]);

export const DEFAULT_PROFILE: ProfileName = 'freebsd14';

/** The default profile's text: what renderers print when no profile is passed. */
export const CURRENT: Profile = PROFILES[DEFAULT_PROFILE];

export const isProfileName = (s: string): s is ProfileName => Object.hasOwn(PROFILES, s);
