# Ported from FreeBSD's tests/sys/netinet6/addr6.sh (vnet jails, epair and a cloned lo).
. "$(dirname "$0")/lib.sh"

# addr6_invalid_addr: re-adding an address with another prefix length is refused (in6_update_ifa
# will not change the prefix length of an existing address).
addr6_invalid_addr() {
	ifconfig epair0 create >/dev/null
	expect_exit 0 ifconfig epair0a inet6 2001:db8::1/128
	expect_exit 1 ifconfig epair0a inet6 2001:db8::1/127 alias
}

# anycast_raw_addr: a socket can use an anycast address as its source (ping -S).
anycast_raw_addr() {
	ifconfig lo0 up
	netif=$(ifconfig lo create)
	expect_exit 0 ifconfig "$netif" inet6 2001:db8::1/128 up
	expect_exit 0 ifconfig "$netif" inet6 2001:db8::2/128 anycast
	expect_exit 0 ping -c1 -S 2001:db8::2 2001:db8::1
}

run_cases addr6_invalid_addr anycast_raw_addr
