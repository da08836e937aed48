# host - router - host: ping6 crosses the router only once routes exist both ways.
ip6kit sim init --seed 1
ip6kit sim link add lan1
ip6kit sim node add r --router
ip6kit sim attach r em0 lan0 --lladdr 52:54:00:00:00:01
ip6kit sim attach r em1 lan1 --lladdr 52:54:00:00:01:01
ip6kit sim node add h2 && ip6kit sim attach h2 em0 lan1 --lladdr 52:54:00:00:01:02
ifconfig em0 inet6 2001:db8:1::10/64
ifconfig -N r em0 inet6 2001:db8:1::1/64
ifconfig -N r em1 inet6 2001:db8:2::1/64
ifconfig -N h2 em0 inet6 2001:db8:2::20/64
ifconfig -N h2 -w 5
ping6 -c 1 2001:db8:2::20; echo "exit $?"
route add -inet6 2001:db8:2::/64 2001:db8:1::1
ping6 -c 2 2001:db8:2::20; echo "exit $?"
route -N h2 add -inet6 default 2001:db8:2::1
ping6 -c 2 2001:db8:2::20; echo "exit $?"
ping6 -c 1 -m 1 -v 2001:db8:2::20; echo "exit $?"
route add -inet6 2001:db8:9::/64 2001:db8:1::1
ping6 -c 1 -v 2001:db8:9::1; echo "exit $?"
route -nv get 2001:db8:2::20
netstat -N r -s -p ip6 | grep -E 'forwarded|not forwardable|no route'
echo "--- forwarding off: the router becomes a host and drops what is not for it"
ip6kit sim sysctl r net.inet6.ip6.forwarding=0
ping6 -c 1 2001:db8:2::20; echo "exit $?"
ndp -N r -an
