# Ported from NetBSD's tests/net/ndp/t_ndp.sh (two rump kernels, src fc00::1 and dst fc00::2, on a
# shmif bus). Here src is the simulated node "host" and dst the node "dst" on lan0. NetBSD's
# ndp does not list the node's own addresses and FreeBSD's (which ip6kit follows) does, so the
# checks that "ndp -n <own address>" finds nothing are left out; route-flag checks on NetBSD's
# llinfo routes (UHL, UHLS) have no FreeBSD counterpart and are left out too, as is the check that
# ndp -c keeps static entries (NetBSD's does; FreeBSD 14's deletes them).
. "$(dirname "$0")/lib.sh"

setup() {
	peer dst 52:54:00:00:00:02
	ifconfig -N dst em0 inet6 fc00::2
	ifconfig em0 inet6 fc00::1
	expect_exit 1 ndp -n fc00::2
}

# ndp_cache_expiration: a resolved entry is not permanent; after its reachable time it is kept
# (stale) for about a day until the GC takes it.
ndp_cache_expiration() {
	setup
	ping -n -c1 -t1 fc00::2 >/dev/null
	expect_no_out 'permanent' ndp -n fc00::2
	timeout=$(ndp -n fc00::2 | awk '/fc00::2/ { print $4 }')
	timeout=${timeout%s}
	ip6kit sim advance $((timeout + 1))s >/dev/null
	expect_out '(1d0h0m0s|23h59m[0-9]+s)' ndp -n fc00::2
}

# ndp_commands: static entries (-s), their deletion (-d), temp entries, and -c keeping only the
# static ones.
ndp_commands() {
	setup
	ndp -s fc00::10 b2:a0:20:00:00:10
	expect_out 'permanent' ndp -n fc00::10
	expect_out 'deleted' ndp -d fc00::10
	expect_exit 1 ndp -n fc00::10
	ping -n -c1 -t1 fc00::2 >/dev/null
	ndp -s fc00::11 b2:a0:20:00:00:11
	ndp -s fc00::12 b2:a0:20:00:00:12
	expect_no_out 'permanent' ndp -n fc00::2
	expect_out 'permanent' ndp -n fc00::11
	expect_out 'permanent' ndp -n fc00::12
	expect_out 'fc00::11' ndp -n -a
	expect_out 'fc00::12' ndp -n -a
	ifconfig -N dst em0 down
	ndp -c >/dev/null 2>&1
	expect_exit 1 ndp -n fc00::2
	ndp -s fc00::10 b2:a0:20:00:00:10 temp
	expect_no_out 'permanent' ndp -n fc00::10
}

run_cases ndp_cache_expiration ndp_commands
not_ported ndp_cache_overwriting "NetBSD refuses to overwrite a permanent entry with ndp -s; FreeBSD 14's ndp replaces it (RTM_NEWNEIGH with NLM_F_REPLACE), and ip6kit follows FreeBSD"
not_ported ndp_neighborgcthresh "net.inet6.ip6.neighborgcthresh (NetBSD's cap on the neighbour cache) is not simulated"
not_ported ndp_link_activation "needs 'ifconfig IF link MAC active' and a packet capture of the unsolicited NA (no capture yet: issue 14)"
not_ported ndp_rtm "NetBSD reports neighbour entries as RTM_ADD/RTM_DELETE llinfo routes; FreeBSD's route monitor shows them as neighbour messages"
not_ported ndp_purge_on_route_change "NetBSD drops neighbour entries with the route they hang on; FreeBSD's lltable entries do not follow routes"
not_ported ndp_purge_on_route_delete "as ndp_purge_on_route_change"
not_ported ndp_purge_on_ifdown "NetBSD flushes the cache on ifconfig down; whether FreeBSD does was not settled from its source"
not_ported ndp_stray_entries "needs two interfaces of one node on the same link, which lan0's node model does not offer"
