# netstat: the routing table's options, errors, and the counters DAD traffic leaves.
ip6kit sim init --seed 1
ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
ifconfig -N peer -w 5
ifconfig em0 inet6 2001:db8::1
netstat -rn -f inet6 -F 0 | head -4
netstat -rn -6 | tail -1
netstat -rn -f inet7; echo "exit $?"
netstat -rn -f inet; echo "exit $?"
netstat -rn -F x; echo "exit $?"
netstat -rn -F 3; echo "exit $?"
netstat; echo "exit $?"
netstat -s -p tcp; echo "exit $?"
netstat -s -p bogus; echo "exit $?"
netstat -rs; echo "exit $?"
echo "--- counters: DAD's NS and the peer's defence"
netstat -s -p icmp6
netstat -N peer -s -p ip6
netstat -s -p icmp6 --libxo json
echo "--- -ss: only what is not zero (inet6.c's sflag > 1); a ping to an own address is counted once each way"
ping6 -c 1 2001:db8::1 > /dev/null
netstat -ss -p ip6
netstat -ss -p icmp6
