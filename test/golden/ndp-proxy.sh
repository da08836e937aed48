# Proxy ND (seed 003 1.2): 'host' answers neighbour solicitations for 2001:db8::77, which lives
# on 'far' behind it, and forwards what arrives; 'peer' thinks ::77 is on its link.
ip6kit sim init --seed 1
ip6kit sim link add lan1
ip6kit sim sysctl host net.inet6.ip6.forwarding=1 > /dev/null
ip6kit sim attach host em1 lan1 --lladdr 52:54:00:00:01:01
ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
ip6kit sim node add far && ip6kit sim attach far em0 lan1 --lladdr 52:54:00:00:01:77
ifconfig em0 inet6 2001:db8::1/64
ifconfig -N peer em0 inet6 2001:db8::2/64
ifconfig -N far em0 inet6 2001:db8::77/128
route -q add -inet6 -host 2001:db8::77 -interface em1
route -N far -q add -inet6 default fe80::5054:ff:fe00:101%em0
ifconfig -N far -w 5
echo "--- without the proxy entry nobody answers for ::77 on lan0"
ping6 -N peer -c 1 2001:db8::77; echo "exit $?"
echo "--- with it, host answers with its own MAC and forwards"
echo "(the entry goes on the interface ::77 is on-link for, so it is made before the host route)"
route -q delete -inet6 -host 2001:db8::77
ndp -s 2001:db8::77 "$(ifconfig em0 | awk '$1 == "ether" { print $2 }')" proxy
route -q add -inet6 -host 2001:db8::77 -interface em1
ndp -an | grep 2001:db8::77
ping6 -N peer -c 2 2001:db8::77; echo "exit $?"
ndp -N peer -an | grep 2001:db8::77
ifmcstat -i em0 | grep ff00:77
