// Help texts that are ip6kit's own (FreeBSD's usage texts live with each tool).

export const TOP_USAGE = `usage: ip6kit TOOL [ARGS...]
       ip6kit shims DIR
tools: ifconfig ndp route route6 netstat ifmcstat ip6addrctl ping6 rtsol sim
`;

export const GLOBAL_OPTIONS = `global options (any tool):
  --state FILE         state file (else $IP6KIT_STATE, $XDG_STATE_HOME/ip6kit/state.json,
                       ~/.local/state/ip6kit/state.json)
  -N, --node NAME      act on this simulated node (else $IP6KIT_NODE, else the first node)
  --backend sim|linux  simulated stack (default) or the Linux kernel ($IP6KIT_BACKEND)
  --json, --libxo json JSON output for listings
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
  -W SECONDS          then wait for carrier on every up interface with addresses

${GLOBAL_OPTIONS}
See ifconfig(8) in man/ifconfig.8.
`;
