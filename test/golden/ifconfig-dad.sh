# Blocking assignment and DAD across nodes (seed 001).
ip6kit sim init --seed 1
ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
echo "--- the peer's link-local is tentative until -w"
ifconfig -N peer em0 inet6
ifconfig -N peer -w 5; echo "exit $?"
ifconfig -N peer em0 inet6
ifconfig em0 inet6 2001:db8::1; echo "exit $?"
echo "--- duplicate: error, exit 1, no trace"
ifconfig -N peer em0 inet6 2001:db8::1; echo "exit $?"
ifconfig -N peer em0 inet6
echo "--- --keep-duplicated: classic KAME"
ifconfig -N peer --keep-duplicated em0 inet6 2001:db8::1; echo "exit $?"
ifconfig -N peer em0 inet6
ifconfig -N peer em0 inet6 2001:db8::1 delete; echo "exit $?"
echo "--- --no-wait, then -w names the duplicate"
ifconfig -N peer em0 inet6 2001:db8::1 --no-wait; echo "exit $?"
ifconfig -N peer em0 inet6
ifconfig -N peer -w 3; echo "exit $?"
ifconfig -N peer em0 inet6 2001:db8::1 delete
echo "--- no_dad skips DAD"
ifconfig -N peer em0 inet6 no_dad
ifconfig -N peer em0 inet6 2001:db8::1; echo "exit $?"
ifconfig -N peer em0 inet6
echo "--- a down interface: the address waits for up"
ifconfig -N peer em0 inet6 -no_dad
ifconfig -N peer em0 down
ifconfig -N peer em0 inet6 2001:db8::2; echo "exit $?"
ifconfig -N peer em0 up
ifconfig -N peer -w 5; echo "exit $?"
ifconfig -N peer em0 inet6
echo "--- a MAC clash: the link-local is duplicated and IPv6 is disabled"
ip6kit sim attach peer em1 lan0 --lladdr "$(ifconfig em0 | awk '$1 == "ether" { print $2 }')"
ifconfig -N peer -w 5; echo "exit $?"
ifconfig -N peer em1 inet6
ip6kit sim log -N peer
