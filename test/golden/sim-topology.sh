# Issue 2's acceptance line, then the same show again: state survives, bytes are stable.
ip6kit sim init --clock virtual --seed 1 && ip6kit sim node add peer && ip6kit sim attach peer em0 lan0 && ip6kit sim show
ip6kit sim show
ip6kit sim init --seed 2 2>&1 | sed "s|$IP6KIT_STATE|STATE|"
ip6kit sim link add lan1
ip6kit sim node add gw --router --hostname gw.example
ip6kit sim attach gw em0 lan0 --lladdr 2:0:0:0:0:1
ip6kit sim attach gw em1 lan1
ip6kit sim advance 2s
ip6kit sim show --json | grep -c '"name"'
ip6kit sim detach gw em1
ip6kit sim node del peer
ip6kit sim show
ip6kit sim log -N gw
ip6kit sim node add gw; echo "exit $?"
ip6kit sim attach nosuch em0 lan0; echo "exit $?"
ip6kit sim advance 3x; echo "exit $?"
ip6kit sim frobnicate; echo "exit $?"
ip6kit sim reset && ip6kit sim show
