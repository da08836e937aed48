# Ported from FreeBSD's tests/sys/netinet6/ndp.sh (atf-sh; one vnet jail per case, epair links,
# scapy's ra.py for router advertisements). Rewritten for ip6kit: the jail is the simulated node
# "host", the epair's far end is another node on lan0, ra.py is a simulated router (sim rtadvd),
# and "sleep N" is "ip6kit sim advance N" on the virtual clock.
. "$(dirname "$0")/lib.sh"

# ndp_add_gu_success: a static entry for a global address shows as permanent.
ndp_add_gu_success() {
	ifconfig em0 inet6 2001:db8::1/64
	ndp -s 2001:db8::2 90:10:00:01:02:03
	t=$(ndp -an | grep 2001:db8::2 | awk '{print $1, $2, $3, $4}')
	expect_eq "2001:db8::2 90:10:00:01:02:03 em0 permanent" "$t" "ndp -an"
}

# ndp_del_gu_success: the entry a failed ping leaves (INCOMPLETE) can be deleted.
ndp_del_gu_success() {
	ifconfig em0 inet6 2001:db8::1/64
	ping -c1 -t1 2001:db8::2 >/dev/null || true
	expect_out '2001:db8::2 \(2001:db8::2\) deleted' ndp -nd 2001:db8::2
}

# ndp_slaac_default_route: an RA installs a default route; after route -6 flush the next RA
# installs it again.
ndp_slaac_default_route() {
	router r 2001:db8:ffff:1000::/64
	ip6kit sim advance 2s >/dev/null
	expect_out '^fe80:' ndp -r
	expect_out '^default[[:space:]]+fe80:' netstat -rn -6
	route -6 flush >/dev/null
	expect_no_out '^default[[:space:]]+fe80:' netstat -rn -6
	rtsol em0
	expect_out '^default[[:space:]]+fe80:' netstat -rn -6
}

# ndp_prefix_len_mismatch: SLAAC still forms a /64 address when the only link-local address
# is a /127 configured by hand (no auto link-local).
ndp_prefix_len_mismatch() {
	ifconfig em0 inet6 fe80::5054:ff:fef3:c9eb%em0 delete
	ifconfig em0 inet6 -auto_linklocal
	ifconfig em0 inet6 fe80::5a9c:fcff:fe10:5d07/127
	router r 2001:db8:ffff:1000::/64
	ip6kit sim advance 3s >/dev/null
	expect_out 'inet6 2001:db8:ffff:1000:.* prefixlen 64.*autoconf' ifconfig em0
}

# ndp_prefix_lifetime: a prefix with pltime 5 and vltime 10 gives an address that deprecates
# after 5 s and goes after 10 s.
ndp_prefix_lifetime() {
	ifconfig em0 inet6 no_dad
	router r 2001:db8:ffff:1000::/64 --pltime 5 --vltime 10 --interval 200:600
	ip6kit sim advance 1s >/dev/null
	expect_out '^default[[:space:]]+fe80:' netstat -rn -6
	expect_out 'inet6 2001:db8:ffff:1000:.* prefixlen 64 autoconf pltime 5 vltime 10' ifconfig em0
	ip6kit sim advance 6s >/dev/null
	expect_out 'inet6 2001:db8:ffff:1000:.* prefixlen 64 deprecated autoconf pltime 0 vltime [1-9]+' ifconfig -L em0
	ip6kit sim advance 6s >/dev/null
	expect_no_out 'inet6 2001:db8:ffff:1000:' ifconfig em0
}

# ndp_prefix_lifetime_extend: a manual address's prefix follows the address's lifetimes when
# they grow, and a second, shorter-lived address of the prefix does not shorten it.
# (FreeBSD reads ndp -p --libxo json with jq; here the JSON is read with node.)
prefix_attr() {
	ndp -p --libxo json | node -e '
		let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
			const p = JSON.parse(s).ndp["prefix-list"].find((x) => x.prefix === process.argv[1]);
			console.log(p ? p[process.argv[2]] : "none");
		});' "$1" "$2"
}
ndp_prefix_lifetime_extend() {
	p=2001:db8:ffff:1000::
	ifconfig em0 inet6 ${p}1/64 pltime 5 vltime 10
	expect_eq "10 5" "$(prefix_attr $p/64 valid-lifetime) $(prefix_attr $p/64 preferred-lifetime)" "lifetimes"
	ex1=$(prefix_attr $p/64 expires_sec)
	[ "$ex1" -le 10 ] || { echo "expiry $ex1 > 10" >&2; return 1; }
	ifconfig em0 inet6 ${p}1/64 pltime 10 vltime 20
	expect_eq "20 10" "$(prefix_attr $p/64 valid-lifetime) $(prefix_attr $p/64 preferred-lifetime)" "doubled lifetimes"
	ex2=$(prefix_attr $p/64 expires_sec)
	[ "$ex2" -gt "$ex1" ] || { echo "expiry not extended: $ex1 -> $ex2" >&2; return 1; }
	ifconfig em0 inet6 ${p}2/64 pltime 5 vltime 10
	expect_eq "20 10" "$(prefix_attr $p/64 valid-lifetime) $(prefix_attr $p/64 preferred-lifetime)" "after a shorter address"
	ex3=$(prefix_attr $p/64 expires_sec)
	[ "$ex3" -gt 10 ] && [ "$ex3" -le 20 ] || { echo "expiry $ex3 not in (10, 20]" >&2; return 1; }
}

run_cases ndp_add_gu_success ndp_del_gu_success ndp_slaac_default_route ndp_prefix_len_mismatch \
	ndp_prefix_lifetime ndp_prefix_lifetime_extend
not_ported ndp_grand_linklayer_event "needs unsolicited NAs when an interface's MAC changes (GRAND), which the simulation does not send"
