# Ported from NetBSD's tests/net/net/t_ipv6_lifetime.sh (one rump kernel on a shmif bus). The
# rump kernel is the simulated node "host" and shmif0 its em0; "sleep N" is "ip6kit sim advance".
# NetBSD's ifconfig -L prints an infinite lifetime of a finite pair as "infty"; FreeBSD 14's
# netlink ifconfig, which ip6kit follows, prints 0, so that one check reads "vltime 0".
. "$(dirname "$0")/lib.sh"

deprecated='[Dd][Ee][Pp][Rr][Ee][Cc][Aa][Tt][Ee][Dd]'

# basic: an address without lifetimes shows none; a pltime alone deprecates it; a vltime alone
# (below the infinite pltime) and a pltime above the vltime are refused with EINVAL; equal
# lifetimes remove it when they run out; pltime < vltime deprecates it first, then removes it.
basic() {
	time=5 bonus=2 ip=fc00::1

	ifconfig em0 inet6 $ip
	expect_no_out 'pltime' ifconfig -L em0
	expect_no_out 'vltime' ifconfig -L em0
	ifconfig em0 inet6 $ip delete

	ifconfig em0 inet6 $ip pltime $time
	expect_out "inet6 $ip .*pltime [0-9]+ vltime 0" ifconfig -L em0
	ip6kit sim advance $((time + bonus)) >/dev/null
	expect_out "$ip.+$deprecated" ifconfig -L em0
	ifconfig em0 inet6 $ip delete

	expect_exit 1 ifconfig em0 inet6 $ip vltime $time
	expect_out 'Invalid argument' sh -c "ifconfig em0 inet6 $ip vltime $time 2>&1 || true"

	ifconfig em0 inet6 $ip pltime $time vltime $time
	expect_out "inet6 $ip .*pltime [0-9]+ vltime [0-9]+" ifconfig -L em0
	ip6kit sim advance $((time + bonus)) >/dev/null
	expect_no_out "$ip" ifconfig -L em0

	ifconfig em0 inet6 $ip pltime $time vltime $((time * 2))
	expect_out "inet6 $ip .*pltime [0-9]+ vltime [0-9]+" ifconfig -L em0
	ip6kit sim advance $((time + bonus)) >/dev/null
	expect_out "$ip.+$deprecated" ifconfig -L em0
	ip6kit sim advance $((time + bonus)) >/dev/null
	expect_no_out "$ip" ifconfig -L em0

	expect_exit 1 ifconfig em0 inet6 $ip pltime $((time * 2)) vltime $time
	expect_no_out "$ip" ifconfig -L em0
}

run_cases basic
