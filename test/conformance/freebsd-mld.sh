# Ported from FreeBSD's tests/sys/netinet6/mld.sh (two vnet jails on an epair). The jails are the
# simulated nodes "host" and "b" on lan0; "sleep N" is "ip6kit sim advance N".
. "$(dirname "$0")/lib.sh"

# pr233683: assigning an address a second time (SIOCAIFADDR_IN6 on an existing address) keeps
# its solicited-node group, so a neighbour's solicitation still finds it and a ping answers.
pr233683() {
	ifconfig em0 inet6 2001:db8::1/64 up
	ip6kit sim advance 5s >/dev/null
	ifconfig em0 inet6 2001:db8::1/64
	peer b
	ifconfig -N b em0 inet6 2001:db8::2/64 up
	ip6kit sim advance 5s >/dev/null
	expect_out 'group ff02::1:ff00:1%em0' ifmcstat -i em0
	expect_out '1 packets received' ping -6 -N b -c 1 2001:db8::1
}

run_cases pr233683
not_ported mldraw01 "sends a raw MLD query with scapy and checks the frame's destination MAC; the simulation injects no MLD queries and has no capture yet (issue 14)"
