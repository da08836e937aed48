# Link faults, deterministic from the seed: a lossy link lets DAD miss a duplicate (RFC 4862 5.4:
# one probe, and it was lost); a host that vanishes behind a dead link is probed by NUD until
# its entry goes (RFC 4861 7.3.3), and ping6 gets no answer.
ip6kit sim init --seed 7
ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
ifconfig -N peer -w 5
ifconfig -N peer em0 inet6 2001:db8::1/64
echo "--- every frame lost: DAD hears nothing and the address is taken twice"
ip6kit sim link set lan0 loss 100
ifconfig em0 inet6 2001:db8::1/64; echo "exit $?"
ifconfig em0 inet6 | grep 2001
ip6kit sim link set lan0 loss 0
ifconfig em0 inet6 2001:db8::1 -alias
ifconfig em0 inet6 2001:db8::2/64
echo "--- 30% loss: the same seed, the same frames lost, every run"
ip6kit sim link set lan0 loss 30 delay 20ms
ip6kit sim show | grep '^  lan0'
ping6 -c 10 -q 2001:db8::1; echo "exit $?"
echo "--- the peer vanishes: NUD probes it, then the entry goes"
ip6kit sim link set lan0 loss 0 delay 0ms
ping6 -c 1 2001:db8::1 > /dev/null; echo "exit $?"
ndp -an | grep 2001:db8::1
ip6kit sim link set lan0 down
ip6kit sim advance 40s
ndp -an | grep 2001:db8::1
echo "(ping6 waits 10 s for its reply: DELAY 5 s, then PROBE, 3 unicast NS 1 s apart, then the entry goes)"
ping6 -c 1 2001:db8::1; echo "exit $?"
ndp -an | grep 2001:db8::1 || echo "no entry for 2001:db8::1"
ip6kit sim log | tail -2
echo "--- errors"
ip6kit sim link set lan0 loss 101; echo "exit $?"
ip6kit sim link set lan0 mtu 1000; echo "exit $?"
ip6kit sim link set lan0 bogus 1; echo "exit $?"
ip6kit sim link set nosuch up; echo "exit $?"
ip6kit sim link del lan0
ip6kit sim show | head -4
