# ndp's modes: -s (static, temp, proxy), -d, -c, -f, -i, -I, usage and errors.
ip6kit sim init --seed 1
ifconfig em0 inet6 2001:db8::1/64
ndp -s 2001:db8::2 90:10:00:01:02:03; echo "exit $?"
ndp -s 2001:db8::3 90:10:00:01:02:04 temp; echo "exit $?"
ndp -s 2001:db8::4 90:10:00:01:02:05 proxy; echo "exit $?"
ndp -s fe80::9%em0 90:10:00:01:02:09; echo "exit $?"
ndp -an
ndp -an | awk '{print $1,$2,$3,$4}'
ifmcstat -i em0 2>/dev/null | head -0
ndp -nd 2001:db8::2; echo "exit $?"
ndp -d 2001:db8::2; echo "exit $?"
ndp -d 2001:db8:ff::2; echo "exit $?"
ndp -d zz; echo "exit $?"
ndp -s 2001:db8::5 zz:zz; echo "exit $?"
ndp -s 2001:db8:ff::5 90:10:00:01:02:03; echo "exit $?"
ndp 2001:db8::9; echo "exit $?"
ndp zz; echo "exit $?"
printf '# static entries\n2001:db8::10 90:10:00:00:00:10\n2001:db8::11\n2001:db8::12 90:10:00:00:00:12 proxy\n' > ethers
ndp -f ethers; echo "exit $?"
ndp -f nosuch; echo "exit $?"
ndp -an
echo "--- a link-local address needs its zone: FreeBSD compares the scope id"
ndp -n fe80::9; echo "exit $?"
ndp -n fe80::9%em0; echo "exit $?"
ip6kit sim advance 20m
ndp -an | grep -c 2001:db8::3
echo "--- -c: each entry, then its deletion; own addresses are refused (EPERM); exit 0"
ndp -c; echo "exit $?"
ndp -an
echo "--- -i and -I"
ndp -i em0
ndp -i em0 -- -nud basereachable=20000 retrans=2000 curhlim=32
ndp -i em0 nud
ndp -i em9; echo "exit $?"
ndp -i em0 frob; echo "exit $?"
ndp -i em0 retrans=x; echo "exit $?"
ndp -I
ndp -I em0
ifconfig em0 | grep nd6
ndp -I delete
ndp -I em9; echo "exit $?"
echo "--- usage (on stdout, exit 1)"
ndp -a -c; echo "exit $?"
ndp -x; echo "exit $?"
ndp -a extra; echo "exit $?"
ndp; echo "exit $?"
ndp -s 2001:db8::2; echo "exit $?"
ndp -H; echo "exit $?"
echo "--- -t: the world clock's time of day instead of the header"
ndp -s 2001:db8::2 90:10:00:01:02:03
ndp -ant
ndp -i em0 --json
