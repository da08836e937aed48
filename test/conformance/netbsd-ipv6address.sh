# Ported from NetBSD's tests/net/net/t_ipv6address.sh (three rump kernels, src - fwd - dst, on
# four shmif buses). Here: "host" is src (em0 on lan0, em1 on bus_src), "fwd" forwards (em0 on
# lan0, em1 on bus2), "dst" (em0 on bus2, em1 on bus_dst). NetBSD has no rc reject routes, so a
# link-local address without its zone is "not in table" / "No route to host" there; a booted
# FreeBSD 14 host (which ip6kit follows) has rc's fe80::%lo0/10 reject route, which such a lookup
# meets: route get shows it and ping6 says "Network is unreachable" (in6_selectif). The cases
# check that instead, and NetBSD's answers on a --bare world (no rc routes).
. "$(dirname "$0")/lib.sh"

topology() {
	for l in bus_src bus2 bus_dst; do ip6kit sim link add $l >/dev/null; done
	ip6kit sim attach host em1 bus_src >/dev/null
	ip6kit sim node add fwd >/dev/null
	ip6kit sim attach fwd em0 lan0 >/dev/null
	ip6kit sim attach fwd em1 bus2 >/dev/null
	expect_out '0 -> 1' ip6kit sim sysctl fwd net.inet6.ip6.forwarding=1
	ip6kit sim node add dst >/dev/null
	ip6kit sim attach dst em0 bus2 >/dev/null
	ip6kit sim attach dst em1 bus_dst >/dev/null
	for n in host fwd dst; do ifconfig -N $n -w 10 >/dev/null; done
}

# lladdr NODE IF: the interface's link-local address, without its zone.
lladdr() {
	ifconfig -N "$1" "$2" inet6 | awk '$2 ~ /^fe80/ { sub(/%.*/, "", $2); print $2 }'
}

# linklocal: pings between link-local addresses need the zone and stay on their link; a
# link-local source reaches a global address on its link; a router does not forward a packet
# with a link-local source or to a link-local destination of another link. (NetBSD also checks
# which bus each packet crossed; with no capture in the simulation, those checks are left out.)
linklocal() {
	topology
	src0=$(lladdr host em0) src1=$(lladdr host em1) dst0=$(lladdr dst em0) fwd0=$(lladdr fwd em0) fwd1=$(lladdr fwd em1)

	expect_exit 1 ping6 -c 1 -n "$fwd0"
	expect_out 'Network is unreachable' sh -c "ping6 -c 1 -n $fwd0 2>&1 || true"
	expect_out '0.0% packet loss' ping6 -c 1 -n "$fwd0%em0"
	expect_exit 2 ping6 -c 1 -n -S "$src1%em1" "$fwd0%em0"

	ifconfig -N fwd em0 inet6 fc00:3::1
	expect_out 'add net default:' route add -inet6 default "$fwd0%em0"
	expect_out '0.0% packet loss' ping6 -c 1 -n -S "$src0%em0" fc00:3::1
	expect_out '0.0% packet loss' ping6 -N fwd -c 1 -n "$src0%em0"
	expect_exit 2 ping6 -N fwd -c 1 -n "$src1%em0"
	ifconfig -N fwd em0 inet6 fc00:3::1 delete

	expect_out 'add net default:' route -N dst add -inet6 default "$fwd1%em0"
	ifconfig em1 inet6 fc00:1::1
	ifconfig -N dst em1 inet6 fc00:2::1
	expect_out 'add net' route -N fwd add -inet6 fc00:1::/64 "$src0%em0"
	expect_out 'add net' route -N fwd add -inet6 fc00:2::/64 "$dst0%em1"
	expect_out '0.0% packet loss' ping6 -c 1 -n -S fc00:1::1 fc00:2::1
	expect_exit 2 ping6 -c 1 -n -S "$src0%em0" fc00:2::1
	expect_out '1 beyond scope' netstat -N fwd -s -p icmp6
	expect_exit 2 ping6 -c 1 -n -S fc00:1::1 "$dst0%em0"
}

# linklocal_ops: route get and ndp find a link-local address with its zone, and not without.
linklocal_ops() {
	ll=$(lladdr host em0)
	expect_out "$ll" route get -inet6 "$ll%em0"
	expect_out 'REJECT' route get -inet6 "$ll"
	expect_no_out "destination: $ll" route get -inet6 "$ll"
	expect_out "$ll" ndp -n "$ll%em0"
	expect_exit 1 ndp -n "$ll"
	expect_out 'no entry' sh -c "ndp -n $ll 2>&1 || true"

	ip6kit sim init --force --seed 1 --bare >/dev/null
	ll=$(lladdr host em0)
	expect_exit 1 route get -inet6 "$ll"
	expect_out 'No route to host' sh -c "ping6 -c 1 $ll 2>&1 || true"
}

run_cases linklocal linklocal_ops
