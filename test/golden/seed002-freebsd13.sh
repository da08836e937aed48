# Seed 002's transcript ("Disappearing routes and 'no buffer space available'"), recorded on
# FreeBSD 13: a static fd00::101/120 on tap0 (interface index 10), its two routes, the ping6
# heading from the neighbour fd00::102. Reproduced under --profile freebsd13.
export IP6KIT_PROFILE=freebsd13
ip6kit sim init --seed 1
ip6kit sim node add backbone --router
for i in 0 1 2 3 4 5 6 7; do ifconfig -N backbone gif$i create > /dev/null; done
ifconfig -N backbone tap0 create
ifconfig -N backbone tap0 mtu 1492 up
ip6kit sim attach backbone tap0 lan0
ifconfig -N backbone tap0 inet6 fd00::101 prefixlen 120
ifconfig em0 inet6 fd00::102 prefixlen 120
ifconfig -N backbone tap0 | grep -E '^tap0|inet6 fd00'
netstat -N backbone -rn | grep fd00
ping6 -c 1 fd00::101 | head -1
