# Listing forms on a fresh world (spec/formats.md 1.2-1.8).
ip6kit sim init --seed 1
ifconfig
echo "--- -a inet6"; ifconfig -a inet6
echo "--- em0"; ifconfig em0
echo "--- em0 inet6"; ifconfig em0 inet6
echo "--- -l"; ifconfig -l
ifconfig gif0 create
echo "--- -l -u / -l -d / -l inet6 / -l ether"; ifconfig -l -u; ifconfig -l -d; ifconfig -l inet6; ifconfig -l ether
echo "--- -d"; ifconfig -d
echo "--- -u inet6"; ifconfig -u -a inet6
echo "--- gif0 -u (mismatch: silent)"; ifconfig -u gif0; echo "exit $?"
echo "--- cidr"; ifconfig -f inet6:cidr lo0 inet6
echo "--- ether:dash"; ifconfig -f ether:dash em0 | grep ether
echo "--- -C"; ifconfig -C
echo "--- -g lo"; ifconfig -g lo
echo "--- bad family"; ifconfig -a inet7; echo "exit $?"
echo "--- -l -a"; ifconfig -l -a; echo "exit $?"
echo "--- -x"; ifconfig -x; echo "exit $?"
echo "--- json"; ifconfig --json lo0
echo "--- awk"; ifconfig em0 | awk '$1 == "inet6" { print $2 }'
ifconfig em0 ether
