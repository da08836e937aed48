# The multicall frame: unknown tools, tools by name or by shim, global options.
ip6kit frob; echo "exit $?"
ip6kit ifmcstat -i lo0 | head -1; echo "exit $?"
ip6addrctl | head -2; echo "exit $?"
ip6kit ifconfig --backend bogus; echo "exit $?"
ip6kit ifconfig --state; echo "exit $?"
ip6kit --state other.json ifconfig -l; echo "exit $?"
ip6kit ifconfig --state other.json -l; echo "exit $?"
ls other.json 2>/dev/null || echo 'no other.json: listings never write'
ip6kit -N nosuch ifconfig -l 2>&1; echo "exit $?"
IP6KIT_NODE=nosuch ifconfig -l; echo "exit $?"
ifconfig --libxo json lo0
ip6kit --version
