# fish completion for ip6kit and its shims: ip6kit completion fish | source
function __ip6kit_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l bin ip6kit
    set -q IP6KIT_BIN; and set bin $IP6KIT_BIN
    set -l cands ($bin __complete -- $words 2>/dev/null)
    switch "$cands[1]"
        case __ip6kit_files__
            __fish_complete_path (commandline -ct)
        case __ip6kit_dirs__
            __fish_complete_directories (commandline -ct)
        case '*'
            printf '%s\n' $cands
    end
end
for c in ip6kit ifconfig ndp route route6 netstat ifmcstat ip6addrctl ping ping6 rtsol sysctl
    complete -c $c -f -a '(__ip6kit_complete)'
end
