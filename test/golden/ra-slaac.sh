# A router advertises a prefix; the host autoconfigures; ndp -p, ndp -r and ifconfig -L show it
# and its lifetimes count down; renumbering (seed 002): deprecated, tentative, then autoconf.
ip6kit sim init --seed 1
ip6kit sim node add r --router && ip6kit sim attach r em0 lan0 --lladdr 52:54:00:00:00:01
ifconfig -N r -w 5
ip6kit sim rtadvd host em0 --prefix 2001:db8:1::/64; echo "exit $?"
ip6kit sim rtadvd r em0 --prefix 2001:db8:1::/64 --pltime 3600 --vltime 7200 --router-lifetime 600; echo "exit $?"
rtsol em0; echo "exit $?"
ifconfig -L em0 inet6
ifconfig -w 5; echo "exit $?"
ifconfig -L em0 inet6
ndp -p
ndp -r
netstat -rn | grep -E '^(default|2001)'
ip6kit sim advance 100s
ifconfig -L em0 inet6 | grep 2001
ndp -r
ndp -p | head -2
ndp -p --libxo json
echo "--- renumbering"
ip6kit sim rtadvd r em0 --prefix 2001:db8:2::/64 --pltime 3600 --vltime 7200 --router-lifetime 600
rtsol em0
ifconfig em0 inet6
ifconfig -w 5
ifconfig -L em0 inet6
ndp -p | grep -A1 '^2001'
ip6kit sim advance 2h
ifconfig em0 inet6
echo "--- ndp -R and -P: the lists empty; the default route and the autoconfigured address go with them"
ndp -R; echo "exit $?"
ndp -r | wc -l
netstat -rn | grep -c '^default'
ndp -P; echo "exit $?"
ndp -p | grep -c '^2001'
ifconfig em0 inet6 | grep -c 2001
rtsol em0 && ifconfig -w 5
ifconfig em0 inet6 | grep 2001
echo "--- the router stops: router lifetime 0, the default route goes"
ip6kit sim rtadvd r em0 --off
ip6kit sim advance 1s
ndp -r | wc -l
netstat -rn | grep -c '^default'
echo "--- rtsol errors"
rtsol -d em0; echo "exit $?"
rtsol em9; echo "exit $?"
rtsol -N r em0; echo "exit $?"
rtsol; echo "exit $?"
rtsol -a em0; echo "exit $?"
rtsol -O script em0; echo "exit $?"
echo "--- rtsol -a: the interfaces that take advertisements; no router answering is silent, -d says so"
rtsol -a; echo "exit $?"
ip6kit sim link add lan9 && ip6kit sim node add lone && ip6kit sim attach lone em0 lan9
rtsol -N lone em0; echo "exit $?"
rtsol -N lone -d em0; echo "exit $?"
ip6kit sim rtadvd r em0 --pltime 5; echo "exit $?"
ip6kit sim rtadvd r em0 --prefix 2001:db8::/64 --pltime 10 --vltime 5; echo "exit $?"
ip6kit sim rtadvd r em0 --interval 1:2; echo "exit $?"
ip6kit sim rtadvd r em9; echo "exit $?"
echo "--- ndp -p: one list, newest first (nd6_prelist_add inserts at the head), manual prefixes too"
ifconfig em0 inet6 2001:db8:7::1/64
ifconfig lo0 inet6 2001:db8:8::1/64
ndp -p | grep ' if='
