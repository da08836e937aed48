# Two hosts ping each other; ndp -a shows REACHABLE, then STALE after ReachableTime.
ip6kit sim init --seed 1
ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
ifconfig -N peer -w 5
ifconfig em0 inet6 2001:db8::1/64
ifconfig -N peer em0 inet6 2001:db8::2/64
ping6 -c 3 2001:db8::2; echo "exit $?"
ndp -a
ndp -N peer -an
ping6 -N peer -c 1 -i 0.5 fe80::5054:ff:fef3:c9eb%em0; echo "exit $?"
ip6kit sim advance 60s
ndp -an
ndp -an | awk '{print $1,$2,$3,$4}'
ndp 2001:db8::2; echo "exit $?"
echo "--- nobody there: three solicitations, then the entry goes; ping6 exits 2"
ping6 -c 2 2001:db8::99; echo "exit $?"
ndp -an
echo "--- -q, -s, -m (FreeBSD 14: the default payload is 8 bytes, so -s 56 is the old look)"
ping6 -q -c 2 -s 56 -m 5 2001:db8::2; echo "exit $?"
echo "--- errors"
ping6 -c 1 2001:db8:ff::1; echo "exit $?"
ping6 -c 1 -S 2001:db8::7 2001:db8::2; echo "exit $?"
ping6 -c 1 -I em9 2001:db8::2; echo "exit $?"
ping6 -c 0 2001:db8::2; echo "exit $?"
ping6 -c 1 -m 300 2001:db8::2; echo "exit $?"
ping6 -c 1 zz::1; echo "exit $?"
ping6 -c 1 -h 5 2001:db8::2 2>&1 | head -1; ping6 -c 1 -h 5 2001:db8::2 2>/dev/null; echo "exit $?"
ping6 -c 1 -t 0 2001:db8::2; echo "exit $?"
ping6 -c 1 -t 3601 2001:db8::2; echo "exit $?"
echo "--- -t: stop after 3 s whatever came; -o: after the first reply; ping: the same tool, -4 is not simulated"
ping6 -t 3 2001:db8::99; echo "exit $?"
ping6 -o 2001:db8::2; echo "exit $?"
ping -6 -c 1 2001:db8::2; echo "exit $?"
ping -c 1 192.0.2.1; echo "exit $?"
ping -4 -c 1 2001:db8::2; echo "exit $?"
ping6 2001:db8::2; echo "exit $?"
ping6; echo "exit $?"
echo "--- loopback"
ping6 -c 1 ::1; echo "exit $?"
echo "--- a link-local destination without its zone: rc's fe80::/10 reject route (in6_selectif)"
ping6 -c 1 fe80::1234; echo "exit $?"
ping6 -c 1 fe80::1234%em0 >/dev/null; echo "exit $?"
echo "--- ndp -A: a dump every 5 s (the virtual clock moves; last, as how far it moves depends on when head exits), until the reader goes"
ndp -A 5 | head -7
