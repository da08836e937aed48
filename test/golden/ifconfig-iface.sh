# Interface changes: clones, up/down (seed 000), nd6 flags, mtu, lladdr, description.
ip6kit sim init --seed 1
echo "--- create prints the name only when the kernel chose it"
ifconfig gif create; ifconfig lo create; ifconfig lo5 create; ifconfig epair create; ifconfig tap create
ifconfig tun3 create inet6 2001:db8:33::1/128 up; echo "exit $?"
ifconfig -l
ifconfig gif0 up; ifconfig gif0
ifconfig epair0a up; ifconfig epair0b up; ip6kit sim advance 2s
ifconfig epair0a; ifconfig tap0; ifconfig tun3
echo "--- a clone is ifdisabled (rc, ipv6_activate_all_interfaces=NO): -ifdisabled attaches IPv6"
ifconfig epair0a inet6 -ifdisabled; ifconfig epair0a inet6; ip6kit sim sysctl host net.inet6.ip6.accept_rtadv
ifconfig lo1 | tail -1
ifconfig epair0b destroy; ifconfig lo1 destroy; ifconfig -l
echo "--- seed 000: delete the link-local, down, up: it comes back"
LL=$(ifconfig em0 inet6 | awk '$1 == "inet6" { print $2 }')
ifconfig em0 inet6 "$LL" delete; ifconfig em0 inet6 | grep -c fe80
ifconfig em0 down; ifconfig em0 | head -1
ifconfig em0 up; ifconfig em0 inet6
echo "--- nd6 flags"
ifconfig em0 inet6 -accept_rtadv no_radr -nud; ifconfig em0 | tail -1
ifconfig em0 inet6 accept_rtadv -no_radr nud ifdisabled; ifconfig em0 | tail -1
ifconfig em0 inet6 | grep inet6
ip6kit sim advance 5s; ifconfig em0 inet6 | grep -c tentative
ifconfig em0 inet6 -ifdisabled -auto_linklocal no_prefer_iface; ifconfig em0 | tail -1
ifconfig em0 inet6 | grep -c tentative; ip6kit sim advance 2s; ifconfig em0 inet6 | grep -c tentative
echo "--- mtu, lladdr, description"
ifconfig em0 mtu 9000 ether 02:00:00:00:0a:0b description "uplink to core"
ifconfig em0
ifconfig em0 -description; ifconfig em0 | grep -c description
echo "--- point-to-point: a destination address, its host route, and the rules"
ifconfig gif7 create up
ifconfig gif7 inet6 2001:db8:77::1 2001:db8:77::2 prefixlen 128; echo "exit $?"
ifconfig gif7 inet6
ifconfig -f inet6:cidr gif7 | grep 2001
netstat -rn | grep 2001:db8:77
ifconfig gif7 inet6 2001:db8:77::3 2001:db8:77::4; echo "exit $?"
ifconfig em0 inet6 2001:db8:77::5 2001:db8:77::6 prefixlen 128; echo "exit $?"
ifconfig gif7 inet6 2001:db8:77::1 delete
netstat -rn | grep -c 2001:db8:77
