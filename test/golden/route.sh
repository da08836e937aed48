# route(8): add, change, delete, get, flush on the simulated stack; netstat -rn shows each step.
ip6kit sim init --seed 1
ifconfig em0 inet6 2001:db8:1::10/64
echo "--- seed 002: default via a scoped gateway"
route -6 add -net default -gateway fe80::2%em0; echo "exit $?"
echo "--- seed 003: KAME's embedded scope (em0 is index 1), printed as typed"
route delete -inet6 default; echo "exit $?"
route add -inet6 default fe80:1::9876:5432:1234:5678; echo "exit $?"
route -n get -inet6 default
route -n get -inet6 default | awk '/interface:/ { print $NF }'
echo "--- nets, hosts, interface routes, reject and blackhole"
route add -inet6 2001:db8:2::/64 2001:db8:1::1
route add -inet6 -net 2001:db8:3:: -prefixlen 48 2001:db8:1::1
route add -inet6 -host 2001:db8:cc4b::3 2001:db8:1::1
route add -inet6 2001:db8:5::/64 -interface em0
route add -inet6 2001:db8:6::/64 ::1 -reject
route add -inet6 2001:db8:7::/64 ::1 -blackhole -proto1
route add -inet6 2001:db8:8::/64 2001:db8:1::1 -mtu 1400 -proto2
route add -inet6 2001:db8:9::/64 2001:db8:1::1 -expire 120
netstat -rn
echo "--- change"
route change -inet6 -host 2001:db8:cc4b::3 2001:db8:1::4; echo "exit $?"
route -n get 2001:db8:cc4b::3
echo "--- get: longest match, -v adds the source address, own addresses, -t and -q"
route -n get 2001:db8:2::77
route -nv get 2001:db8:2::77
route get 2001:db8:1::10
route -n get 2001:db8:8::1 | tail -1
route -t add -inet6 2001:db8:99::/64 2001:db8:1::1; echo "exit $?"
route -q add -inet6 2001:db8:a::/64 2001:db8:1::1; echo "exit $?"
route -n get 2001:db8:99::1 | head -2
echo "--- expiry counts down and the route goes"
ip6kit sim advance 100s
netstat -rn | grep 2001:db8:9::
ip6kit sim advance 20s
netstat -rn | grep -c 2001:db8:9:: ; echo "exit $?"
echo "--- the widths: -W adds Nhop# and Mtu; without -n names and 18 columns"
netstat -rnW | head -8
netstat -r | head -6
netstat -rn --libxo json
echo "--- delete, flush"
route delete -inet6 -host 2001:db8:cc4b::3; echo "exit $?"
route -n flush; echo "exit $? (no family: nothing, as FreeBSD's netlink route)"
route -n flush -inet6; echo "exit $?"
netstat -rn
echo "--- -q flush still prints each route (route_netlink.c flushroute_one ignores -q)"
route add -inet6 2001:db8:cc4b::/48 fe80::2%em0
route -q -n flush -inet6; echo "exit $?"
echo "--- deleting an address leaves a shared prefix route (seed 001)"
ifconfig em0 inet6 2001:db8:1::11/64
ifconfig em0 inet6 2001:db8:1::10 delete
netstat -rn | grep 2001:db8:1
echo "--- long fields: printed whole, the excess taken from the next column (netstat's rule)"
route -q add -inet6 2001:db8:1234:5678:9abc:def0:1234:5678 fe80::1234:5678:9abc:def0%em0
route -q add -inet6 fe80::1234:5678:9abc:def0:1234%em0 fe80::1234:5678:9abc:def0%em0
netstat -rn | grep 1234
netstat -rnW | grep 1234
netstat -r | grep 1234
