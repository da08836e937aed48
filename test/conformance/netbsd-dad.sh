# Ported from NetBSD's tests/net/ndp/t_dad.sh (rump kernels on a shmif bus, tcpdump of the bus).
# The rump kernels are simulated nodes on lan0; where NetBSD counts DAD probes on the captured
# bus, these cases count the neighbor solicitations in the node's netstat -s output histogram.
. "$(dirname "$0")/lib.sh"

duplicated='[Dd][Uu][Pp][Ll][Ii][Cc][Aa][Tt][Ee][Dd]'

# Neighbor solicitations the node has sent so far.
ns_sent() {
	netstat -s -p icmp6 | awk '/neighbor solicitation:/ && !done { print $3; done = 1 }' | grep . || echo 0
}

# dad_duplicated: an address another node holds ends duplicated (NetBSD keeps it, marked; with
# ip6kit's blocking assignment that is --keep-duplicated), a unique one does not.
dad_duplicated() {
	ifconfig em0 inet6 fc00::1
	peer p
	ifconfig -N p em0 inet6 fc00::2
	expect_no_out "fc00::1.+$duplicated" ifconfig em0
	ifconfig em0 inet6 fc00::2 --keep-duplicated 2>/dev/null || true
	ip6kit sim advance 1s >/dev/null
	expect_out "fc00::2.+$duplicated" ifconfig em0
	ifconfig em0 inet6 fc00::11
	ip6kit sim advance 1s >/dev/null
	expect_no_out "fc00::11.+$duplicated" ifconfig em0
}

# dad_count: net.inet6.ip6.dad_count is 1 by default, and DAD sends that many probes.
dad_count() {
	expect_out 'net.inet6.ip6.dad_count: 1' ip6kit sim sysctl host net.inet6.ip6.dad_count
	for count in 1 8; do
		ip6kit sim sysctl host net.inet6.ip6.dad_count=$count >/dev/null
		before=$(ns_sent)
		ifconfig em0 inet6 fc00::$count
		ifconfig -w 20
		ip6kit sim advance 2s >/dev/null
		expect_eq "$count" "$(( $(ns_sent) - before ))" "probes with dad_count=$count"
	done
}

run_cases dad_duplicated dad_count
not_ported dad_basic "NetBSD skips DAD for the first address configured while the interface is down (ip6kit follows FreeBSD, where every tentative address probes) and checks probe packets on a captured bus (no capture yet: issue 14)"
