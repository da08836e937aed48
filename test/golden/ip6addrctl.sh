# ip6addrctl show/add/delete/flush/install and every error; the table's Use column; addrsel.
ip6kit sim init --seed 1
ifconfig em0 inet6 2001:db8:1::10/64
route add -inet6 default fe80::1%em0 > /dev/null
ip6addrctl
ip6addrctl show | awk '$1 == "::/0" { print $2, $3 }'
echo "--- Use counts the kernel's lookups (ping6 selects a source)"
ping6 -c 1 ::1 > /dev/null
ping6 -c 1 2001:db8:1::10 > /dev/null
ip6addrctl | head -3
netstat -s -p ip6 | sed -n '/selection rule/,$p'
echo "--- add, delete"
ip6addrctl add 2001:db8:1::/48 60 7; echo "exit $?"
ip6addrctl add 2001:db8:1:ff::/48 60 7; echo "exit $?"
ip6addrctl show | tail -1
ip6addrctl delete 2001:db8:1::/48; echo "exit $?"
ip6addrctl delete 2001:db8:1::/48; echo "exit $?"
ip6addrctl add ::ffff:0:0/104 20 junk; echo "exit $?"
ip6addrctl | tail -1
ip6addrctl DELETE ::ffff:0:0/104
echo "--- errors"
ip6addrctl add 2001:db8::1 1 1; echo "exit $?"
ip6addrctl add 2001:zz::/32 1 1; echo "exit $?"
ip6addrctl add 2001:db8::/129 1 1; echo "exit $?"
ip6addrctl add 2001:db8::/32 1 -1; echo "exit $?"
ip6addrctl add 2001:db8::/32 1; echo "exit $?"
ip6addrctl frob; echo "exit $?"
ip6addrctl install nosuch; echo "exit $?"
printf '::/0 40 1\nbad line\n' > broken.conf
ip6addrctl install broken.conf; echo "exit $?"
echo "--- flush, install prefer_ipv4 (as rc.d does), install over a table"
ip6addrctl flush; echo "exit $?"
ip6addrctl; echo "exit $?"
ip6kit addrsel --ipv4-src 10.1.2.4 2001:db8:2::1 10.1.2.3
ip6addrctl install "$IP6KIT_SHARE/ip6addrctl/prefer_ipv4.conf"; echo "exit $?"
ip6addrctl
ip6kit addrsel --ipv4-src 10.1.2.4 2001:db8:2::1 10.1.2.3
ip6addrctl install "$IP6KIT_SHARE/ip6addrctl/prefer_ipv6.conf"; echo "exit $?"
ip6addrctl flush && ip6addrctl install "$IP6KIT_SHARE/ip6addrctl/prefer_ipv6.conf"
ip6addrctl > reinstalled; ip6kit sim reset; ip6addrctl | diff - reinstalled && echo "prefer_ipv6.conf is the booted table"
route add -inet6 default fe80::1%em0 > /dev/null; ifconfig em0 inet6 2001:db8:1::10/64
echo "--- addrsel with the default table"
ip6kit addrsel 2001:db8:2::1 10.1.2.3 fe80::1%em0 2002:c633:6401::1 ::1
ip6kit addrsel --ipv4-src 10.1.2.4 2001:db8:2::1 10.1.2.3 --json
ip6kit addrsel; echo "exit $?"
ip6kit addrsel --ipv4-src 300.1.1.1 ::1; echo "exit $?"
ip6kit addrsel zz; echo "exit $?"
ip6kit addrsel fe80::1%em9; echo "exit $?"
