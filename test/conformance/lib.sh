# Shared helpers for the conformance scripts (sourced). Each case is a shell function run in
# its own subshell with `set -e`, on a fresh simulated world, with ip6kit's shims first on PATH
# (so ifconfig, ndp, route, ... are ours). A case prints nothing on success; a failed check says
# why on stderr. The runner prints one line per case: "ok NAME", "not ok NAME" (with the reason
# as "# " lines) or "skip NAME: reason" for a case not ported.

# A fresh world: host with em0 on lan0 (virtual clock, seed 1).
fresh() {
	ip6kit sim init --force --seed 1 >/dev/null
}

# A second node on lan0 (the other end of FreeBSD's epair, or NetBSD's second rump kernel).
peer() {
	ip6kit sim node add "$1" >/dev/null
	ip6kit sim attach "$1" em0 lan0 ${2:+--lladdr "$2"} >/dev/null
}

# A router on lan0 advertising a prefix: router NAME PREFIX [rtadvd options...]
router() {
	name=$1 prefix=$2
	shift 2
	ip6kit sim node add "$name" --router >/dev/null
	ip6kit sim attach "$name" em0 lan0 --lladdr 52:54:00:00:00:01 >/dev/null
	ifconfig -N "$name" -w 5 >/dev/null
	ip6kit sim rtadvd "$name" em0 --prefix "$prefix" "$@" >/dev/null
}

# expect_out REGEX CMD...: CMD exits 0 and its stdout matches the extended REGEX.
expect_out() {
	re=$1
	shift
	out=$("$@" 2>&1) || { echo "'$*' exited $?: $out" >&2; return 1; }
	printf '%s\n' "$out" | grep -Eq -- "$re" || { printf "'%s' did not print /%s/:\n%s\n" "$*" "$re" "$out" >&2; return 1; }
}

# expect_no_out REGEX CMD...: CMD's output does not match REGEX (whatever its exit status).
expect_no_out() {
	re=$1
	shift
	out=$("$@" 2>&1) || true
	if printf '%s\n' "$out" | grep -Eq -- "$re"; then printf "'%s' printed /%s/:\n%s\n" "$*" "$re" "$out" >&2; return 1; fi
}

# expect_exit N CMD...: CMD exits with status N.
expect_exit() {
	want=$1
	shift
	set +e
	out=$("$@" 2>&1)
	got=$?
	set -e
	[ "$got" = "$want" ] || { printf "'%s' exited %s, not %s:\n%s\n" "$*" "$got" "$want" "$out" >&2; return 1; }
}

# expect_eq WANT GOT WHAT
expect_eq() {
	[ "$1" = "$2" ] || { printf '%s: expected "%s", got "%s"\n' "$3" "$1" "$2" >&2; return 1; }
}

# run_cases NAME...: each case on a fresh world, in a subshell with set -e.
run_cases() {
	for c in "$@"; do
		if err=$( (set -e; fresh; "$c") 2>&1 >/dev/null); then
			echo "ok $c"
		else
			echo "not ok $c"
			printf '%s\n' "$err" | sed 's/^/# /'
		fi
	done
}

# not_ported NAME REASON
not_ported() {
	echo "skip $1: $2"
}
