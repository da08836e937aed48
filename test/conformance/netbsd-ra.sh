# Ported from NetBSD's tests/net/ndp/t_ra.sh (rump kernels on a shmif bus, rump.rtadvd with
# "mtu#1300:maxinterval#4:mininterval#3"). The client is the simulated node "host"; each server
# is a forwarding node on lan0 whose rtadvd is `ip6kit sim rtadvd`. NetBSD switches RA
# processing with the global sysctl net.inet6.ip6.accept_rtadv; on FreeBSD that sysctl only sets
# the flag of interfaces attached later, so the cases turn the interface's accept_rtadv flag off
# and on instead (and check the sysctl's default, 0, as NetBSD does). rtadvd killed with -KILL
# (no last RA) is the server node taken away; -TERM is `--off`.
. "$(dirname "$0")/lib.sh"

# server NAME LLADDR PREFIX: a forwarding node with its address, advertising PREFIX/64.
server() {
	ip6kit sim node add "$1" --router >/dev/null
	ip6kit sim attach "$1" em0 lan0 --lladdr "$2" >/dev/null
	ifconfig -N "$1" -w 5 >/dev/null
	ifconfig -N "$1" em0 inet6 "${3}:1"
	rtadvd_start "$1" "$3"
}

rtadvd_start() {
	ip6kit sim rtadvd "$1" em0 --prefix "${2}:/64" --mtu 1300 --interval 3:4 >/dev/null
	ip6kit sim advance 3s >/dev/null
}

client() {
	ifconfig em0 inet6 fc00:2::2
}

# check_entries SERVER PREFIX: the client has the server as default router, the prefix as
# advertised by it (reachable), the MTU it advertises, its neighbour entry (stale, router) and
# an address in the prefix.
check_entries() {
	ll=$(ifconfig -N "$1" em0 inet6 | awk '$2 ~ /^fe80/ { sub(/%.*/, "", $2); print $2 }')
	mac=$(ifconfig -N "$1" em0 | awk '$1 == "ether" { print $2 }')
	expect_out 'if=em0' ndp -r
	expect_out 'advertised' ndp -p
	expect_out "$ll%em0 \\(reachable\\)" ndp -p
	expect_out 'linkmtu=1300' ndp -n -i em0
	expect_out "$ll%em0 +$mac +em0 +(23h59m|1d0h0m)..s S R" ndp -n -a
	expect_out "$2" ndp -n -a
	expect_out "$2" ifconfig em0 inet6
}

# learned: a client that has learned everything from server s (fc00:1::/64).
learned() {
	client
	server s 52:54:00:00:00:01 fc00:1:
	check_entries s fc00:1:
}

# ra_basic: with RA processing off nothing is learned; on, everything is.
ra_basic() {
	client
	expect_out ': 0$' ip6kit sim sysctl host net.inet6.ip6.accept_rtadv
	ifconfig em0 inet6 -accept_rtadv
	server s 52:54:00:00:00:01 fc00:1:
	expect_eq "" "$(ndp -r)" "ndp -r"
	expect_no_out 'advertised' ndp -p
	expect_out 'linkmtu=0' ndp -n -i em0
	expect_no_out 'S R' ndp -n -a
	expect_no_out 'fc00:1:' ndp -n -a
	expect_no_out 'fc00:1:' ifconfig em0 inet6
	ip6kit sim rtadvd s em0 --off >/dev/null
	ifconfig em0 inet6 accept_rtadv
	rtadvd_start s fc00:1:
	check_entries s fc00:1:
}

# ra_flush_prefix_entries: ndp -P drops the advertised prefix and the address made from it;
# the router, its neighbour entry and the MTU stay. (FreeBSD's SIOCSPFXFLUSH_IN6 also drops the
# prefix entry of a manual address, which ip6kit keeps; the check looks at the advertised one.)
ra_flush_prefix_entries() {
	learned
	ip6kit sim node del s >/dev/null
	ndp -P
	expect_out 'if=em0' ndp -r
	expect_no_out 'advertised|fc00:1:' ndp -p
	expect_out 'linkmtu=1300' ndp -n -i em0
	expect_out '(23h59m|1d0h0m)..s S R' ndp -n -a
	expect_no_out 'fc00:1:' ifconfig em0 inet6
}

# ra_flush_defrouter_entries: ndp -R drops the default router; the prefix stays, now with no
# advertising router, and so does the address.
ra_flush_defrouter_entries() {
	learned
	ip6kit sim node del s >/dev/null
	ndp -R
	expect_eq "" "$(ndp -r)" "ndp -r"
	expect_out 'No advertising router' ndp -p
	expect_out 'linkmtu=1300' ndp -n -i em0
	expect_out '(23h59m|1d0h0m)..s S R' ndp -n -a
	expect_out 'fc00:1:' ndp -n -a
	expect_out 'fc00:1:' ifconfig em0 inet6
}

# ra_delete_address: an autoconfigured address can be deleted.
ra_delete_address() {
	learned
	ifconfig em0 inet6 "$(ifconfig em0 | awk '/autoconf/ { print $2 }')" delete
	expect_no_out 'inet6 fc00:1:' ifconfig em0
	ip6kit sim rtadvd s em0 --off >/dev/null
}

# ra_multiple_routers: two routers, each with its prefix, are both learned.
ra_multiple_routers() {
	client
	server s 52:54:00:00:00:01 fc00:1:
	server s3 52:54:00:00:00:03 fc00:3:
	check_entries s fc00:1:
	check_entries s3 fc00:3:
}

run_cases ra_basic ra_flush_prefix_entries ra_flush_defrouter_entries ra_delete_address ra_multiple_routers
