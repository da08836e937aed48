# Ported from FreeBSD's tests/sys/netinet6/proxy_ndp.sh (vnet jails on an epair). The jail is the
# simulated node "host" on lan0; the second jail of pndp_neighbor_advert is the node "b".
. "$(dirname "$0")/lib.sh"

mac() { ifconfig "$1" ether | awk '$1 ~ /ether/ { print $2 }'; }

# pndp_add_gu_success: a proxy entry joins the proxied address's solicited-node group.
pndp_add_gu_success() {
	ifconfig em0 inet6 2001:db8::1/64
	ndp -s 2001:db8::2 "$(mac em0)" proxy
	t=$(ifmcstat -i em0 -f inet6 | grep -A1 'group ff02::1:ff00:2')
	expect_out 'mcast-macaddr 33:33:ff:00:00:02' echo $t
}

# pndp_del_gu_success: deleting the proxy entry leaves that group again.
pndp_del_gu_success() {
	ifconfig em0 inet6 2001:db8::1/64
	ndp -s 2001:db8::2 "$(mac em0)" proxy
	ping -c1 -t1 2001:db8::2 >/dev/null || true
	expect_out '2001:db8::2 \(2001:db8::2\) deleted' ndp -nd 2001:db8::2
	expect_no_out 'group ff02::1:ff00:2|mcast-macaddr 33:33:ff:00:00:02' ifmcstat -i em0 -f inet6
}

# pndp_ifdestroy_success: an interface with a proxy entry can be destroyed.
pndp_ifdestroy_success() {
	ifconfig epair0 create >/dev/null
	ifconfig epair0a up
	ifconfig epair0a inet6 2001:db8::1/64
	ndp -s 2001:db8::2 "$(mac epair0a)" proxy
	ifconfig epair0a destroy
	expect_no_out 'epair0a' ifconfig -l
}

# pndp_neighbor_advert: a neighbour resolving the proxied address gets the proxy's MAC.
pndp_neighbor_advert() {
	ifconfig em0 inet6 2001:db8::1/64
	ndp -s 2001:db8::aaaa "$(mac em0)" proxy
	peer b 52:54:00:00:00:0b
	ifconfig -N b em0 inet6 2001:db8::2/64
	ndp -N b -nc >/dev/null 2>&1
	ping -N b -c1 -t1 2001:db8::aaaa >/dev/null || true
	expect_out "2001:db8::aaaa +$(mac em0) +em0" ndp -N b -an
}

run_cases pndp_add_gu_success pndp_del_gu_success pndp_ifdestroy_success pndp_neighbor_advert
