# The netbsd profile (ip6kit.8, PROFILES): NetBSD 7's ifconfig, ndp, ping6, ifmcstat, netstat -r and route text on the same
# world, and the tools without NetBSD text refusing it.
export IP6KIT_PROFILE=netbsd
ip6kit sim init --seed 1
ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
ifconfig -N peer -w 5; echo "exit $?"
ifconfig em0 inet6 2001:db8::1/64 pltime 3600
ifconfig -N peer em0 inet6 2001:db8::2/64
echo "--- status: snprintb flags, capabilities, address:, media words, no nd6 line"
ifconfig -a
echo "--- -L: remaining lifetimes, infty"
ifconfig -L em0 inet6
echo "--- ping6: KAME's lines, NetBSD's sample deviation"
ping6 -c 3 2001:db8::2; echo "exit $?"
echo "--- -w exits 0 on a duplicate, as wait_dad_exec does"
ifconfig -N peer em0 inet6 2001:db8::1 --no-wait; echo "exit $?"
ifconfig -N peer -w 3; echo "exit $?"
ifconfig -N peer --profile freebsd14 -w 3; echo "exit $?"
echo "--- ndp: the same table; -i with NetBSD's flag words"
ndp -an
ndp -i em0 prefer_source
ndp -i em0 no_prefer_iface; echo "exit $?"
ndp --profile freebsd14 -i em0 no_prefer_iface
ndp -i em0
echo "--- ip6addrctl: KAME's, the same on both"
ip6addrctl | head -3
echo "--- ifmcstat: the records hang on the first address, with refcounts; ff01::1 keeps its zone"
ifmcstat
echo "--- the duplicate on peer keeps its groups; options are ignored (main(void))"
ifmcstat -N peer -i lo0 | sed -n '/^em0/,$p' | head -7
echo "--- each socket's join is a reference"
ip6kit sim mcast join em0 ff05::1:3
ip6kit sim mcast join em0 ff05::1:3 --socket 2
ifmcstat | head -3
echo "--- deleting the first address moves the records to the next, reversed (in6_savemkludge)"
ifconfig em0 inet6 fe80::5054:ff:fef3:c9eb%em0 delete
ifmcstat | head -8
echo "--- no address left: em0's kludge records show under every other interface's name"
ifconfig em0 inet6 2001:db8::1 delete
ifmcstat
echo "--- the next address takes them back (in6_restoremkludge)"
ifconfig em0 inet6 2001:db8::3/64
ifmcstat | head -8
echo "--- --json is the same document under every profile"
ifmcstat --json | grep -m2 -e '"__version"' -e '"mode"'
echo "--- netstat -r: the pre-lltable kernel's table (own addresses via lo0 with the MAC, cloning"
echo "--- prefixes, neighbours as cloned host routes, ndp -s as static ones, ff01/ff02 per interface"
echo "--- kept after the first address went, lo0's MTU on routes through its addresses)"
ping6 -c 1 2001:db8::2 > /dev/null
ndp -s 2001:db8::77 52:54:00:00:00:77
route --profile freebsd14 add -inet6 2001:db8:9::/48 fe80::1%em0 > /dev/null
netstat -rn; echo "exit $?"
echo "--- without -n: 18 columns, cut, ::1 by name; -L leaves out LLINFO routes"
netstat -r | sed -n 4,8p
netstat -rnL -f inet6 | sed -n 4,7p
echo "--- route show prints only the U, G, H, R and L letters; -host keeps host routes"
route show | sed -n 4,8p
route -n show -host -inet6 | sed -n 4,6p
echo "--- route get: RTM_GET's route (the longest match; :: or a /64 address asks for that route)"
route -n get 2001:db8::2
route -n get 2001:db8::
route get ::1
route -s get 2001:db8:9::1
route -n get ff02::1%1 | head -5
route -n get default; echo "exit $?"
route get fe80::1%nosuch; echo "exit $?"
route show -bogus; echo "exit $?"
netstat -rn -x; echo "exit $?"
echo "--- route add, change, delete: the request as typed; a refusal is warned about and ends the line"
route add -inet6 2001:db8:8:: -prefixlen 56 ::1 -reject; echo "exit $?"
route add -inet6 2001:db8:8::/56 ::1; echo "exit $?"
route add -inet6 2001:db8:6::1 2001:db8::2; echo "exit $?"
route change -inet6 2001:db8:6::1 2001:db8::77; echo "exit $?"
route change -inet6 2001:db8:6::2 2001:db8::77; echo "exit $?"
route -n show -inet6 | grep -e 2001:db8:6 -e 2001:db8:8
route delete -inet6 2001:db8:8::/56; echo "exit $?"
route delete -inet6 2001:db8:8::/56; echo "exit $?"
route add -inet6 default 2001:db8::2 -fib 0; echo "exit $?"
route add -inet6 default; echo "exit $?"
echo "--- netstat -s: NetBSD's ip6 and icmp6 words (fast forwarding, MLDv2 reports as #143)"
netstat -s -p ip6
netstat -ss -p icmp6
netstat -p tcp; echo "exit $?"
netstat -p bogus; echo "exit $?"
echo "--- ndp -a lists NetBSD's LLINFO routes: every own address (the tentative one too), radix order;"
echo "--- ndp -c deletes learned entries only and prints only each deletion"
ifconfig em0 inet6 2001:db8::9/64 --no-wait
ndp -an
ndp -c; echo "exit $?"
ndp -an
ndp --profile freebsd14 -an
echo "--- ndp -d: delete() on RTM_GET's route: an entry, then a non-NDP route, no route"
ndp -d 2001:db8::77; echo "exit $?"
ndp -d 2001:db8::77; echo "exit $?"
ndp -d 3001::1; echo "exit $?"
echo "--- ndp -s: RTM_ADD, which never overwrites (an entry, an own address: EEXIST); no route; a route with no link gateway"
ndp -s 2001:db8::66 52:54:00:00:00:66; echo "exit $?"
ndp -s 2001:db8::66 52:54:00:00:00:67; echo "exit $?"
ndp -s 2001:db8::3 52:54:00:00:00:67; echo "exit $?"
ndp -s 3001::1 52:54:00:00:00:67; echo "exit $?"
ndp -s fe80::99 52:54:00:00:00:67; echo "exit $?"
echo "--- ndp -d of an own address deletes its local route; its prefix answers RTM_GET until a lookup clones it back"
ndp -d 2001:db8::3; echo "exit $?"
ndp -d 2001:db8::3; echo "exit $?"
route -n get 2001:db8::3 | sed -n 2,3p
ndp -s 2001:db8::3 52:54:00:00:00:67; echo "exit $?"
ping6 -N peer -c 1 2001:db8::3 > /dev/null; echo "exit $?"
route -n get 2001:db8::3 | sed -n 2,3p
echo "--- route flush: every GATEWAY, STATIC or LLINFO route (flushroutes), netname with no mask; -t and -d change nothing"
route -n -t flush > /dev/null
route -d flush; echo "exit $?"
route -n show -inet6 | wc -l
route -n flush -llinfo
route flush; echo "exit $?"
route -n show
echo "--- the peer's echo to the host clones the local route back from the prefix; -f flushes before a command"
ping6 -N peer -c 1 2001:db8::3 > /dev/null; echo "exit $?"
route -n show -host -inet6 | tail -n +4
route -q -f add -inet6 2001:db8:7::/48 2001:db8::2; echo "exit $?"
route -n show -inet6 | grep -c 2001:db8
route flushall; echo "exit $?"
echo "--- usage: NetBSD's getopt says unknown option; ndp, ping6 and sysctl print their own usage, exit 1"
ndp -Q; echo "exit $?"
ping6 -Q; echo "exit $?"
sysctl -Q; echo "exit $?"
echo "--- tools and commands without NetBSD text refuse the profile"
route monitor; echo "exit $?"
netstat -rs; echo "exit $?"
ping -6 -c 1 ::1; echo "exit $?"
