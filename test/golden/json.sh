# The JSON contract (docs/json.md): monitors print NDJSON, one document a line; forms without a
# document refuse --json with a usage error (exit 64) and change nothing.
ip6kit sim init --seed 1
ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 --lladdr 52:54:00:00:00:02
ifconfig em0 inet6 2001:db8::1/64
ifconfig -N peer em0 inet6 2001:db8::2/64
echo "--- ping6: a start, each reply, the summary"
ping6 -c 2 2001:db8::2 --json; echo "exit $?"
echo "--- ndp -A: one document a round"
ndp -n -A 1 --libxo json | head -2
echo "--- ndp modes that print nothing: the empty container"
ndp -s 2001:db8::99 00:11:22:33:44:55 --libxo json; echo "exit $?"
ndp -d 2001:db8::99 --libxo json; echo "exit $?"
echo "--- refused"
cp "$IP6KIT_STATE" before.json
ifconfig em0 inet6 2001:db8::3 --json; echo "exit $?"
route add -inet6 default 2001:db8::2 --json; echo "exit $?"
ip6kit sim node add x --json; echo "exit $?"
rtsol em0 --json; echo "exit $?"
cmp -s before.json "$IP6KIT_STATE" && echo "state unchanged"
