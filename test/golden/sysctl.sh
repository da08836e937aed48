# sysctl(8) on a simulated node: names, prefixes, -a -n -N -d -e, settings, and FreeBSD's messages.
ip6kit sim init --seed 1
sysctl net.inet6.ip6.forwarding
sysctl -n net.inet6.ip6.dad_count
sysctl net.inet6.ip6
sysctl -a
sysctl -N -a
sysctl -e kern.features.inet6
sysctl -d net.inet6.ip6.accept_rtadv net.inet6.ip6.use_tempaddr
sysctl net.inet6.ip6.forwarding=1 net.inet6.ip6.dad_count=3; echo "exit $?"
sysctl -n net.inet6.ip6.forwarding net.inet6.ip6.dad_count
echo "--- an IPv6-only kernel: rc's afexists inet is false"
sysctl -n kern.features.inet > /dev/null 2>&1; echo "afexists inet: $?"
sysctl -i kern.features.inet net.inet6.ip6.forwarding; echo "exit $?"
echo "--- every variable is a plain int: in6_proto.c has no handler to refuse a value"
sysctl net.inet6.ip6.dad_count=99 net.inet6.ip6.dad_count=-1 net.inet6.ip6.use_tempaddr=2; echo "exit $?"
echo "--- sysctl.c reads an int as (int)strtol(value, &end, 0): hex, octal, the low 32 bits of a long"
sysctl net.inet6.ip6.dad_count=0x10 net.inet6.ip6.dad_count=010 net.inet6.ip6.dad_count=4294967297; echo "exit $?"
echo "--- errors leave the state as it was"
cp "$IP6KIT_STATE" before.json
sysctl net.inet6.ip6.dad_count=99999999999999999999 kern.features.inet6=0 net.inet6.ip6.hlim net.inet6.ip6.dad_count=x; echo "exit $?"
sysctl -q net.inet.ip.forwarding; echo "exit $?"
sysctl; echo "exit $?"
sysctl -b kern.features.inet6; echo "exit $?"
cmp -s before.json "$IP6KIT_STATE" && echo "state unchanged"
