# Carrier (NetBSD's detached flag), -W, and forwarding knobs.
ip6kit sim init --seed 1
ip6kit sim attach host em1 lan0 --lladdr 52:54:00:00:00:11
ifconfig -w 5
ip6kit sim detach host em1
echo "--- no carrier: the address is detached, not tentative, and gets no routes"
ifconfig em1 inet6 2001:db8:1::1; echo "exit $?"
ifconfig em1 inet6
ifconfig -w 5 -W 3; echo "exit $?"
echo "--- carrier comes: DAD runs, -W returns once it is done"
ip6kit sim attach host em1 lan0
ifconfig em1 inet6
ifconfig -w 5 -W 3; echo "exit $?"
ifconfig em1 inet6
echo "--- unplugging keeps verified addresses"
ip6kit sim detach host em1
ifconfig em1
echo "--- sysctl"
ip6kit sim sysctl host
ip6kit sim sysctl host net.inet6.ip6.forwarding=1 net.inet6.ip6.dad_count
ip6kit sim sysctl host net.inet6.ip6.forwarding=2; echo "exit $?"
ip6kit sim sysctl host net.inet6.ip6.bogus=1; echo "exit $?"
ip6kit sim sysctl host net.inet6.ip6.dad_count=x; echo "exit $?"
ip6kit sim sysctl host net.inet6.ip6.forwarding
