# The same commands under every profile (ip6kit.8, PROFILES): what differs is settled from each
# system's source; everything else prints the same.
ip6kit sim init --seed 1
ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
ifconfig -N peer -w 5
ifconfig em0 inet6 2001:db8::1/64 pltime 3600
ifconfig -N peer em0 inet6 2001:db8::2/64
for p in freebsd13 freebsd14 freebsd15 netbsd; do
  echo "=== $p"
  IP6KIT_PROFILE=$p ifconfig em0
  ifconfig --profile $p -L em0 inet6 | grep 2001
  ping6 --profile $p -c 2 2001:db8::2
  netstat --profile $p -rn
  route --profile $p -n get 2001:db8::2
  netstat --profile $p -s -p icmp6 | head -9
  ndp --profile $p -an
  ndp --profile $p -i em0
  IP6KIT_PROFILE=$p ifmcstat -i em0
  IP6KIT_PROFILE=$p sysctl net.inet6.ip6.forwarding net.inet6.ip6.dad_count
  ip6addrctl --profile $p | head -2
done
echo "--- errors"
ifconfig --profile netbsd9 em0; echo "exit $?"
IP6KIT_PROFILE=bogus ifconfig em0; echo "exit $?"
