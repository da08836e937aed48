#!/bin/sh
# A tour of ip6kit on the default simulated world (virtual clock, seed 1), in a scratch state file.
set -u
export IP6KIT_STATE="${IP6KIT_STATE:-$(mktemp -d)/state.json}"
ip6kit() { "$(dirname "$0")/bin/ip6kit" "$@"; }
say() { printf '\n$ %s\n' "$*"; }
run() { say "ip6kit $*"; ip6kit "$@"; }

run sim init --clock virtual --seed 1 --force
run sim node add peer
run sim attach peer em0 lan0
run sim show
run ifconfig em0
run ifconfig em0 inet6 2001:db8::1/64
run ifconfig -N peer -w 5
run ifconfig -N peer em0 inet6 2001:db8::1/64
echo "(exit $?: the duplicate left no trace)"
run ifconfig -N peer em0 inet6
run ifconfig em0 inet6 2001:db8::7 pltime 5 vltime 10
run sim advance 6s
run ifconfig -L em0 inet6
run sim log -N peer
run route -6 add -net default -gateway fe80::2%em0
run route add -inet6 2001:db8:2::/64 2001:db8::99
run route -nv get 2001:db8:2::5
run netstat -rn
run netstat -s -p icmp6
run ping6 -c 2 2001:db8::99
run ndp -a
run sim node add r --router
run sim attach r em0 lan0
run sim rtadvd r em0 --prefix 2001:db8:1::/64
run rtsol em0
run ifconfig -w 5
run ndp -p
run ndp -r
