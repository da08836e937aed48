# bash completion for ip6kit and its shims: source <(ip6kit completion bash)
# ip6kit computes the candidates (ip6kit __complete); this passes the line typed so far.
_ip6kit_complete() {
  local line=${COMP_LINE:0:COMP_POINT} cur=${COMP_WORDS[COMP_CWORD]} IFS=$'\n'
  local -a cands
  cands=($("${IP6KIT_BIN:-ip6kit}" __complete --line "$line" 2>/dev/null)) || return 0
  case ${cands[0]-} in
    __ip6kit_files__) COMPREPLY=($(compgen -f -- "$cur")) ;;
    __ip6kit_dirs__) COMPREPLY=($(compgen -d -- "$cur")) ;;
    *)
      # bash splits words at COMP_WORDBREAKS (':' '='): offer only what follows its split.
      local word=${line##*[[:space:]]}
      local head=${word%"$cur"}
      COMPREPLY=("${cands[@]#"$head"}") ;;
  esac
}
complete -o default -F _ip6kit_complete ip6kit ifconfig ndp route route6 netstat ifmcstat ip6addrctl ping ping6 rtsol sysctl
