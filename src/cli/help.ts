// Help texts that are ip6kit's own (FreeBSD's usage texts live with each tool).

export const TOP_USAGE = `usage: ip6kit TOOL [ARGS...]
       ip6kit -batch FILE|- [-force]
       ip6kit shims DIR
tools: ifconfig ndp route route6 netstat ifmcstat ip6addrctl ping ping6 rtsol sysctl addrsel sim
`;

export const GLOBAL_OPTIONS = `global options (any tool):
  --state FILE         state file (else $IP6KIT_STATE, $XDG_STATE_HOME/ip6kit/state.json,
                       ~/.local/state/ip6kit/state.json)
  -N, --node NAME      act on this simulated node (else $IP6KIT_NODE, else the first node)
  --backend sim|linux  simulated stack (default) or the Linux kernel ($IP6KIT_BACKEND)
  --json, --libxo json a JSON document (NDJSON for monitors); refused where there is none
  --profile NAME       whose text: freebsd14 (default), freebsd13, freebsd15, netbsd ($IP6KIT_PROFILE)
  --no-color           no colour (also NO_COLOR; colour is only ever used on a terminal)
`;

export const IFCONFIG_HELP = `usage: ifconfig [-f type:format] [-L] [-C] [-g groupname] interface inet6
                [address[/prefixlen]] [parameters]
       ifconfig interface create
       ifconfig -a [-L] [-d] [-u] [inet6]
       ifconfig -l [-d] [-u] [inet6|ether]
       ifconfig -w seconds [-W seconds]

listing: -a all, -l names, -u up only, -d down only, -L remaining lifetimes,
         -f inet6:cidr, -C cloners, -g/-G group
address: ADDR[/LEN] prefixlen N alias -alias delete anycast tentative deprecated
         -deprecated autoconf prefer_source pltime N vltime N eui64
nd6:     accept_rtadv auto_linklocal ifdisabled no_dad nud no_radr no_prefer_iface (and -word)
other:   up down mtu N ether MAC lladdr MAC description TEXT create destroy

ip6kit extensions:
  Adding an address waits for DAD. A duplicate fails (exit 1) and leaves no trace.
  --keep-duplicated   keep a duplicate, marked duplicated (classic KAME), still exit 1
  --no-wait           return at once; the address stays tentative until DAD ends
  -w SECONDS          wait until no address of the node is tentative (0: no limit);
                      exit 1 naming each duplicated or still tentative address
  -W SECONDS          then wait until no address of an up interface is detached (no carrier)

${GLOBAL_OPTIONS}
See ifconfig(8) in man/ifconfig.8.
`;

export const ROUTE_HELP = `usage: route [-46dnqtv] command [[modifiers] args]
commands:
  add|change|delete [-net|-host] DEST[/LEN] [-prefixlen N] GATEWAY
                    GATEWAY is an address (fe80::1%em0 for a scoped one) or, with
                    -interface/-iface, an interface name
  get|show DEST     the route DEST takes (-v: also the source address chosen)
  flush -inet6      remove every route with a gateway
  monitor           print routing messages as the state changes (until interrupted)
modifiers: -inet6 -6 -host -net -prefixlen N -netmask M -interface -iface -ifp IF
  -gateway G -dst D -static -nostatic -reject -blackhole -proto1 -proto2 -xresolve
  -fib 0 -mtu N -expire SECONDS (from now) -hopcount -recvpipe -sendpipe -ssthresh -rtt
  -rttvar -weight
options: -n numeric  -q quiet  -t test (change nothing)  -v verbose  -4 (refused: IPv6 only)
--profile netbsd: NetBSD's route [-dfnLqst] show [-host] [-llinfo], get, add, change, delete
  and flush on the table NetBSD's kernel would hold (flush takes own addresses' local routes
  too, until a lookup clones them back); see route(8), NETBSD PROFILE.

${GLOBAL_OPTIONS}
See route(8) in man/route.8.
`;

export const NETSTAT_HELP = `usage: netstat -r [-n] [-W] [-f inet6 | -6] [-F 0]
       netstat -s [-p ip6 | -p icmp6]
  -r        the routing table (Internet6)
  -n        numeric addresses, wider columns
  -W        wide: no truncation, Nhop# and Mtu columns
  -s        statistics kept by the simulated stack
  --profile netbsd: NetBSD's netstat -r [-nL] [-f inet6], the table NetBSD's kernel would hold
  (local, cloning and cloned routes), and -s [-p ip6|icmp6] in NetBSD's words; see netstat(8),
  NETBSD PROFILE.

${GLOBAL_OPTIONS}
See netstat(8) in man/netstat.8.
`;

export const NDP_HELP = `usage: ndp [-nt] hostname | -a | -c | -p | -r | -H | -P | -R | -A wait | -d hostname
           | -f filename | -i interface [flags...] | -I [interface|delete]
           | -s nodename etheraddr [temp] [proxy]
  -a        the neighbour cache (and the node's own addresses), FreeBSD's table
  -c        delete every entry            -d HOST   delete one
  -s HOST MAC [temp] [proxy]              a static entry (temp: 20 minutes; proxy: answer NS for it)
  -f FILE   -s lines from a file          -A N      dump every N seconds (virtual clock: advance it)
  -p / -P   the prefix list / flush it    -r / -R   the default router list / flush it
  -i IF [disabled nud accept_rtadv auto_linklocal no_prefer_iface (-word) basereachable=MS
        retrans=MS curhlim=N]             -I [IF|delete]  the ND default interface
  -n numeric   -t timestamps   --libxo json (or --json): FreeBSD's libxo documents, -A one a line

${GLOBAL_OPTIONS}
See ndp(8) in man/ndp.8.
`;

export const PING6_HELP = `usage: ping6 [-noqv] [-c count] [-I interface] [-i wait] [-m hoplimit]
             [-S sourceaddr] [-s packetsize] [-t timeout] [-W waittime] host
       ping [-6] ... (the same; -4 and IPv4 hosts are not simulated)
  Echo requests through the simulated stack, as FreeBSD 14's ping6: 8 data bytes by default,
  neighbours are resolved (ndp -a fills in), routers forward, times are the simulated clock's.
  On a virtual clock -c, -t or -o must end it.
  Exit: 0 a reply came, 2 none did, 1 a setup error or usage, 68 an unresolvable host.

${GLOBAL_OPTIONS}
See ping6(8) in man/ping6.8.
`;

export const RTSOL_HELP = `usage: rtsol [-dDF] interface ...
       rtsol [-dDF] -a
  rtsold run once: router solicitations (up to 3, 4 s apart) on each interface (-a: every
  interface that can take advertisements) until an advertisement comes, which the interface then
  processes (default router, prefixes, SLAAC). -d also says "No answer after sending 3 RSs";
  -F turns accept_rtadv on first.
  Exit: 0 once done, answered or not; 1 when an interface cannot be set up, and for usage.

${GLOBAL_OPTIONS}
See rtsol(8) in man/rtsol.8.
`;

export const IFMCSTAT_HELP = `usage: ifmcstat [-i interface] [-f inet6|link] [-v]
  Multicast memberships of the current node in the kernel's order (newest join first): each
  group under its interface's inet6 header with the MLD state and filter mode; -v adds sources
  and the link-layer groups (headers repeat as the family changes), -vv timers. -f link
  without -v prints only the banners, as FreeBSD's does.
  Groups come from addresses (solicited-node), all-nodes, all-routers while forwarding, proxy
  ND entries and applications (ip6kit sim mcast join).
  --profile netbsd: NetBSD's ifmcstat, which takes no options: the groups on each interface's
  first address with their reference counts, kludge entries and the Ethernet ranges.

${GLOBAL_OPTIONS}
See ifmcstat(8) in man/ifmcstat.8.
`;

export const IP6ADDRCTL_HELP = `usage: ip6addrctl [show]
       ip6addrctl add <prefix> <precedence> <label>
       ip6addrctl delete <prefix>
       ip6addrctl flush
       ip6addrctl install <configfile>
  The RFC 6724 policy table source and destination selection use. Presets (rc.d's two tables):
  share/ip6addrctl/prefer_ipv6.conf and share/ip6addrctl/prefer_ipv4.conf; rc.d flushes first:
  ip6addrctl flush && ip6addrctl install share/ip6addrctl/prefer_ipv4.conf
  ip6kit addrsel DEST... shows what the table does to an address list.

${GLOBAL_OPTIONS}
See ip6addrctl(8) in man/ip6addrctl.8.
`;

export const ADDRSEL_HELP = `usage: ip6kit addrsel [-N node] [--json] [--ipv4-src A.B.C.D] destination ...
  Orders the destinations as getaddrinfo does (RFC 6724 section 6, with the node's policy
  table), with the source address chosen for each (section 5) and the rule that put each
  one after the previous. IPv4 destinations are IPv4-mapped; the simulation has no IPv4
  stack, so they are unusable unless --ipv4-src gives the node's IPv4 source address.

${GLOBAL_OPTIONS}
See ip6kit-addrsel(8) in man/ip6kit-addrsel.8.
`;

export const SYSCTL_HELP = `usage: sysctl [-deiNnq] name[=value] ...
       sysctl [-deNnq] -a

The simulated node's kernel variables (sysctl(8)): kern.features.inet6 and the net.inet6.ip6
knobs the stack models (forwarding, accept_rtadv, dad_count, use_tempaddr, auto_linklocal,
prefer_tempaddr). A name prints "name: value"; a prefix (net.inet6.ip6) every variable below it;
name=value sets it and prints "name: old -> new". -a all, -n values only, -N names only, -d
descriptions, -e '=' as separator, -i ignore unknown names, -q no warnings. The simulated kernel
has no IPv4: kern.features.inet is unknown, as on a kernel built without INET. The node is
chosen with --node (or IP6KIT_NODE): -N is sysctl's own option here.

${GLOBAL_OPTIONS}
See sysctl(8) in man/sysctl.8.
`;
