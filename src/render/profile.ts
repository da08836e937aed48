// Every difference between output profiles lives here (spec/README.md). Only 'current'
// (FreeBSD 14+, netlink builds) is offered today; 'legacy' (12/13) is the next one.

export interface Profile {
  /** Lifetimes on inet6 lines without -L (configured values), as netlink-era ifconfig prints them. */
  lifetimesWithoutL: boolean;
  /** How an infinite lifetime of a finite pair prints. */
  infiniteLifetime: string;
  /** Interfaces with no address of a filtered family are skipped entirely. */
  skipEmptyFamily: boolean;
}

export const CURRENT: Profile = { lifetimesWithoutL: true, infiniteLifetime: '0', skipEmptyFamily: true };
