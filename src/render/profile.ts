// Output profiles (ip6kit.8, PROFILES): every difference between the systems whose text ip6kit
// reproduces lives here, each settled from that system's source. One is chosen per run
// (--profile, IP6KIT_PROFILE) and handed to the renderers; freebsd14 is the default.

export interface Profile {
  name: ProfileName;
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
  ping: { header: 'PING6' | 'PING'; statistics: 'ping6' | 'ping'; stddev: 'std-dev' | 'stddev' };
}

export type ProfileName = 'freebsd13' | 'freebsd14' | 'freebsd15';

export const PROFILES: Record<ProfileName, Profile> = {
  // FreeBSD 13: ifconfig reads interfaces through ioctl/getifaddrs (af_inet6.c prints lifetimes
  // only with -L, "infty" for an infinite one); ping6 is its own program (ping6.c's summary).
  freebsd13: {
    name: 'freebsd13',
    lowerUp: false,
    printbBare: false,
    lifetimesWithoutL: false,
    infiniteLifetime: 'infty',
    skipEmptyFamily: true,
    ping: { header: 'PING6', statistics: 'ping6', stddev: 'std-dev' },
  },
  // FreeBSD 14: netlink ifconfig; ping -6 still runs KAME's ping6.c with its own heading and summary.
  freebsd14: {
    name: 'freebsd14',
    lowerUp: true,
    printbBare: true,
    lifetimesWithoutL: true,
    infiniteLifetime: '0',
    skipEmptyFamily: true,
    ping: { header: 'PING6', statistics: 'ping6', stddev: 'std-dev' },
  },
  // FreeBSD 15: ping6.c prints "PING(" and the summary is main.c's pr_summary, shared with IPv4.
  freebsd15: {
    name: 'freebsd15',
    lowerUp: true,
    printbBare: true,
    lifetimesWithoutL: true,
    infiniteLifetime: '0',
    skipEmptyFamily: true,
    ping: { header: 'PING', statistics: 'ping', stddev: 'stddev' },
  },
};

export const DEFAULT_PROFILE: ProfileName = 'freebsd14';

/** The default profile's text: what renderers print when no profile is passed. */
export const CURRENT: Profile = PROFILES[DEFAULT_PROFILE];

export const isProfileName = (s: string): s is ProfileName => Object.hasOwn(PROFILES, s);
