# rc-style boots (test/fixtures/rc/boot.sh) of fresh --bare worlds, each ending in what a FreeBSD
# host booted with that rc.conf shows.
show() { ifconfig -a; netstat -rn -f inet6; ndp -p; ip6addrctl; }

echo "=== a static host, prefer_ipv4"
ip6kit sim init --bare --force
cat > rc.conf <<'RC'
ifconfig_em0_ipv6="inet6 2001:db8:1::10 prefixlen 64"
ipv6_defaultrouter="2001:db8:1::1"
ip6addrctl_policy="prefer_ipv4"
RC
( . ./rc.conf; . "$IP6KIT_FIXTURES/rc/boot.sh"; boot; echo "em0's link-local, as network6_getladdr reads it: $(getladdr em0)" ); echo "exit $?"
show

echo "=== an autoconf host behind a router"
ip6kit sim init --bare --force
ip6kit sim node add gw --router && ip6kit sim attach gw em0 lan0
ip6kit sim rtadvd gw em0 --prefix 2001:db8:9::/64
cat > rc.conf <<'RC'
ifconfig_em0_ipv6="inet6 accept_rtadv"
RC
( . ./rc.conf; . "$IP6KIT_FIXTURES/rc/boot.sh"; boot ); echo "exit $?"
show

echo "=== a router: forwarding, aliases, a prefix with EUI-64, static routes"
ip6kit sim init --bare --force
cat > rc.conf <<'RC'
ipv6_gateway_enable="YES"
ifconfig_em0_ipv6="inet6 2001:db8:1::1 prefixlen 64"
ifconfig_em0_alias0="inet6 2001:db8:1::53 prefixlen 128"
ipv6_prefix_em0="2001:db8:3"
ipv6_static_routes="lan2 blackhole"
ipv6_route_lan2="2001:db8:2:: -prefixlen 64 2001:db8:1::2"
ipv6_route_blackhole="2001:db8:dead:: -prefixlen 48 ::1 -blackhole"
RC
( . ./rc.conf; . "$IP6KIT_FIXTURES/rc/boot.sh"; boot ); echo "exit $?"
sysctl net.inet6.ip6.forwarding
show

echo "=== ipv6_activate_all_interfaces: off leaves em0 disabled, on brings it up"
ip6kit sim init --bare --force
: > rc.conf
( . ./rc.conf; . "$IP6KIT_FIXTURES/rc/boot.sh"; boot ); echo "exit $?"
ifconfig em0 | grep -E 'inet6|nd6'
ipv6_activate_all_interfaces=YES
( . ./rc.conf; . "$IP6KIT_FIXTURES/rc/boot.sh"; boot ); echo "exit $?"
ifconfig em0 | grep -E 'inet6|nd6'
