# ifmcstat after address add, duplicate, delete, a proxy entry, forwarding on and off, socket joins.
ip6kit sim init --seed 1
ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
ifconfig -N peer -w 5
ifmcstat
echo "--- an address joins its solicited-node group"
ifconfig em0 inet6 2001:db8::10/64
ifmcstat -i em0
echo "--- a duplicate leaves its group at once (seed 001); a group another address needs stays"
ifconfig -N peer em0 inet6 2001:db8::1:10/64
ifconfig em0 inet6 2001:db8::1:10/64 --keep-duplicated; echo "exit $?"
ifmcstat -i em0
ifmcstat -N peer -i em0 | grep -c 'ff02::1:ff01:10'
ifconfig -N peer em0 inet6 2001:db8:1::1:10/64
ifconfig -N peer em0 inet6 2001:db8::1:10 delete
ifmcstat -N peer -i em0 | grep 'ff02::1:ff'
echo "--- a proxy ND entry holds the proxied address's group"
ndp -s 2001:db8::77 52:54:00:00:00:77 proxy
ifmcstat -i em0 | head -5
ndp -d 2001:db8::77
ifmcstat -i em0 | grep -c ff00:77
echo "--- forwarding on: the all-routers groups"
ip6kit sim sysctl host net.inet6.ip6.forwarding=1
ifmcstat -i lo0
ip6kit sim sysctl host net.inet6.ip6.forwarding=0
ifmcstat -i lo0
echo "--- applications: sources merge across sockets (RFC 3810 5.1)"
ip6kit sim mcast join em0 ff05::1:3 --include 2001:db8::1,2001:db8::2
ip6kit sim mcast join em0 ff05::1:3 --socket 2 --include 2001:db8::3
ifmcstat -i em0 -v | head -5
ip6kit sim mcast join em0 ff05::1:3 --socket 3 --exclude 2001:db8::2,2001:db8::9
ifmcstat -i em0 -v | sed -n 4p
ip6kit sim mcast join em0 ff0e::123
ip6kit sim mcast leave em0 ff05::1:3 --socket 3
ifmcstat -i em0 -v | sed -n 4,7p
ifmcstat -i em0 -vv | sed -n 3p
echo "--- -v: link-layer groups in kernel order, each change of address printing its header again"
ifmcstat -v -i em0
echo "--- -f link without -v: the banners only"
ifmcstat -f link
ifmcstat -f inet6 -i lo0 | head -2
ifmcstat -f inet; echo "exit $?"
netstat -s -p icmp6 | grep -A3 'Output histogram'
echo "--- no link-local address: the banner alone"
ifconfig em0 inet6 fe80::5054:ff:fef3:c9eb%em0 delete
ifmcstat -i em0
ifmcstat -i em0 -v | head -3
echo "--- errors"
ifmcstat -i em9; echo "exit $?"
ifmcstat -f foo; echo "exit $?"
ifmcstat -f link -v; echo "exit $?"
ifmcstat extra; echo "exit $?"
ip6kit sim mcast leave em0 ff05::1:3 --socket 9; echo "exit $?"
ip6kit sim mcast join em0 2001:db8::1; echo "exit $?"
ip6kit sim mcast join em0 ff05::1 --include ff02::1; echo "exit $?"
ip6kit sim mcast join em9 ff05::1; echo "exit $?"
