# Address changes (spec/formats.md 1.9): each add blocks for DAD and returns 0 when unique.
ip6kit sim init --seed 1
ifconfig em0 inet6 2001:db8:1::10; echo "exit $?"
ifconfig em0 inet6 2001:db8:2::1/56
ifconfig em0 inet6 2001:db8:3::1 prefixlen 48 alias
ifconfig em0 inet6 2001:db8:4:: anycast
ifconfig em0 inet6 2001:db8:5:: eui64
ifconfig em0 inet6 2001:db8:6::1 prefer_source autoconf
ifconfig em0 inet6 2001:db8:7::1 pltime 5 vltime 10
ifconfig em0 inet6
echo "--- -L after 6s"; ip6kit sim advance 6s; ifconfig -L em0 inet6 | grep 2001:db8:7
echo "--- after 10s"; ip6kit sim advance 4s; ifconfig em0 inet6 | grep -c 2001:db8:7
echo "--- deprecated / -deprecated"
ifconfig em0 inet6 2001:db8:1::10 deprecated alias; ifconfig em0 inet6 | grep 2001:db8:1::
ifconfig em0 inet6 2001:db8:1::10 -deprecated alias; ifconfig em0 inet6 | grep 2001:db8:1::
echo "--- delete forms"
ifconfig em0 inet6 2001:db8:2::1 delete
ifconfig em0 inet6 -alias 2001:db8:3::1
ifconfig em0 inet6 2001:db8:4:: remove
echo "--- seed 002 pipeline"
ifconfig em0 inet6 | awk '$1 == "inet6" && ! match($2, /^fe[8abc]/) { print $2 }' | while read A; do ifconfig em0 inet6 $A delete; done
ifconfig em0 inet6
echo "--- re-add without alias restarts DAD, alias updates in place"
ifconfig em0 inet6 2001:db8::1 --no-wait; ifconfig em0 inet6 | grep 2001
ifconfig em0 inet6 2001:db8::1 alias pltime 100 vltime 200 --no-wait; ifconfig em0 inet6 | grep 2001
ifconfig -w 5; echo "exit $?"; ifconfig em0 inet6 | grep 2001
ip6kit sim log | tail -3
