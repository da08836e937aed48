# bash completion for ip6kit and its shims (ifconfig, ...). source this file.
_ip6kit_ifconfig_words="inet6 up down alias add -alias delete remove prefixlen anycast tentative -tentative
deprecated -deprecated autoconf -autoconf prefer_source -prefer_source pltime vltime eui64 nud -nud
accept_rtadv -accept_rtadv auto_linklocal -auto_linklocal ifdisabled -ifdisabled no_dad -no_dad no_radr
-no_radr no_prefer_iface -no_prefer_iface mtu ether lladdr description -description create destroy
--no-wait --keep-duplicated"

_ip6kit_ifnames() {
  "${IP6KIT_BIN:-ip6kit}" ifconfig -l 2>/dev/null
}

_ip6kit_ifconfig() {
  local cur=${COMP_WORDS[COMP_CWORD]} i nonopt=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ ${COMP_WORDS[i]} != -* ]] && nonopt=$((nonopt + 1))
  done
  if [[ $cur == -* && $nonopt -eq 0 ]]; then
    COMPREPLY=($(compgen -W "-a -l -u -d -L -C -f -g -G -w -W --no-wait --keep-duplicated --help --json --state --node --backend" -- "$cur"))
  elif [[ $nonopt -eq 0 ]]; then
    COMPREPLY=($(compgen -W "$(_ip6kit_ifnames) gif tun tap lo epair bridge" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$_ip6kit_ifconfig_words" -- "$cur"))
  fi
}

_ip6kit_route() {
  local cur=${COMP_WORDS[COMP_CWORD]} i cmd=
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in add|change|delete|del|get|show|flush|monitor) cmd=${COMP_WORDS[i]} ;; esac
  done
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "-4 -6 -d -n -q -t -v add change delete get show flush monitor --help" -- "$cur"))
  elif [[ $cmd == flush ]]; then
    COMPREPLY=($(compgen -W "-inet6 -6 -fib" -- "$cur"))
  elif [[ ${COMP_WORDS[COMP_CWORD-1]} == -ifp || ${COMP_WORDS[COMP_CWORD-1]} == -interface || ${COMP_WORDS[COMP_CWORD-1]} == -iface ]]; then
    COMPREPLY=($(compgen -W "$(_ip6kit_ifnames)" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "default -inet6 -6 -net -host -prefixlen -netmask -interface -iface -ifp -gateway -dst
      -static -nostatic -reject -blackhole -proto1 -proto2 -xresolve -fib -mtu -expire -hopcount -recvpipe
      -sendpipe -ssthresh -rtt -rttvar -weight" -- "$cur"))
  fi
}

_ip6kit_netstat() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  case ${COMP_WORDS[COMP_CWORD-1]} in
    -f) COMPREPLY=($(compgen -W "inet6" -- "$cur")) ;;
    -p) COMPREPLY=($(compgen -W "ip6 icmp6" -- "$cur")) ;;
    -F) COMPREPLY=(0) ;;
    *) COMPREPLY=($(compgen -W "-r -n -W -f -6 -F -s -p --libxo --json --help" -- "$cur")) ;;
  esac
}

_ip6kit_ndp() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    -i|-I) COMPREPLY=($(compgen -W "$(_ip6kit_ifnames) delete" -- "$cur")); return ;;
    -f) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  if [[ " ${COMP_WORDS[*]} " == *" -i "* ]]; then
    COMPREPLY=($(compgen -W "disabled -disabled nud -nud accept_rtadv -accept_rtadv auto_linklocal -auto_linklocal
      no_prefer_iface -no_prefer_iface basereachable= retrans= curhlim=" -- "$cur"))
  elif [[ " ${COMP_WORDS[*]} " == *" -s "* ]]; then
    COMPREPLY=($(compgen -W "temp proxy" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "-a -c -d -f -i -I -n -p -P -r -R -s -t -A -H --json --libxo --help" -- "$cur"))
  fi
}

_ip6kit_ping6() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  case $prev in
    -I) COMPREPLY=($(compgen -W "$(_ip6kit_ifnames)" -- "$cur")) ;;
    -c|-i|-m|-s|-S|-t|-W) COMPREPLY=() ;;
    *) COMPREPLY=($(compgen -W "-6 -c -I -i -m -n -o -q -S -s -t -v -W --help" -- "$cur")) ;;
  esac
}

_ip6kit_rtsol() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  COMPREPLY=($(compgen -W "-a -d -D -F $(_ip6kit_ifnames)" -- "$cur"))
}

_ip6kit_ifmcstat() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  case ${COMP_WORDS[COMP_CWORD-1]} in
    -i) COMPREPLY=($(compgen -W "$(_ip6kit_ifnames)" -- "$cur")) ;;
    -f) COMPREPLY=($(compgen -W "inet6 link inet" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "-i -f -v --json --help" -- "$cur")) ;;
  esac
}

_ip6kit_ip6addrctl() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "show add delete flush install --help" -- "$cur"))
  elif [[ ${COMP_WORDS[1]} == install ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}

_ip6kit_sim() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  case ${COMP_WORDS[2]:-} in
    init) COMPREPLY=($(compgen -W "--clock --seed --bare --force" -- "$cur")) ;;
    node) COMPREPLY=($(compgen -W "add del --hostname --router" -- "$cur")) ;;
    link) COMPREPLY=($(compgen -W "add" -- "$cur")) ;;
    attach) COMPREPLY=($(compgen -W "--lladdr" -- "$cur")) ;;
    log) COMPREPLY=($(compgen -W "-N" -- "$cur")) ;;
    sysctl) COMPREPLY=($(compgen -W "net.inet6.ip6.forwarding net.inet6.ip6.accept_rtadv net.inet6.ip6.auto_linklocal
      net.inet6.ip6.dad_count net.inet6.ip6.use_tempaddr net.inet6.ip6.prefer_tempaddr" -- "$cur")) ;;
    mcast) COMPREPLY=($(compgen -W "join leave -N --include --exclude --socket" -- "$cur")) ;;
    rtadvd) COMPREPLY=($(compgen -W "--prefix --pltime --vltime --no-onlink --no-autonomous --router-lifetime --interval
      --mtu --managed --other --off" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -W "init show node link attach detach sysctl rtadvd mcast advance log reset" -- "$cur")) ;;
  esac
}

_ip6kit() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "ifconfig ndp route route6 netstat ifmcstat ip6addrctl ping ping6 rtsol addrsel sim -batch shims completion --help --version" -- "$cur"))
    return
  fi
  case ${COMP_WORDS[1]} in
    ifconfig) COMP_WORDS=("${COMP_WORDS[@]:1}"); COMP_CWORD=$((COMP_CWORD - 1)); _ip6kit_ifconfig ;;
    ifmcstat) COMP_WORDS=("${COMP_WORDS[@]:1}"); COMP_CWORD=$((COMP_CWORD - 1)); _ip6kit_ifmcstat ;;
    ip6addrctl) COMP_WORDS=("${COMP_WORDS[@]:1}"); COMP_CWORD=$((COMP_CWORD - 1)); _ip6kit_ip6addrctl ;;
    addrsel) COMPREPLY=($(compgen -W "--ipv4-src --json -N --help" -- "$cur")) ;;
    ndp) COMP_WORDS=("${COMP_WORDS[@]:1}"); COMP_CWORD=$((COMP_CWORD - 1)); _ip6kit_ndp ;;
    ping|ping6) COMP_WORDS=("${COMP_WORDS[@]:1}"); COMP_CWORD=$((COMP_CWORD - 1)); _ip6kit_ping6 ;;
    rtsol) COMP_WORDS=("${COMP_WORDS[@]:1}"); COMP_CWORD=$((COMP_CWORD - 1)); _ip6kit_rtsol ;;
    route|route6) COMP_WORDS=("${COMP_WORDS[@]:1}"); COMP_CWORD=$((COMP_CWORD - 1)); _ip6kit_route ;;
    netstat) COMP_WORDS=("${COMP_WORDS[@]:1}"); COMP_CWORD=$((COMP_CWORD - 1)); _ip6kit_netstat ;;
    sim) _ip6kit_sim ;;
    shims) COMPREPLY=($(compgen -d -- "$cur")) ;;
  esac
}

complete -F _ip6kit ip6kit
complete -F _ip6kit_ifconfig ifconfig
complete -F _ip6kit_route route route6
complete -F _ip6kit_ndp ndp
complete -F _ip6kit_ifmcstat ifmcstat
complete -F _ip6kit_ip6addrctl ip6addrctl
complete -F _ip6kit_ping6 ping6 ping
complete -F _ip6kit_rtsol rtsol
complete -F _ip6kit_netstat netstat
