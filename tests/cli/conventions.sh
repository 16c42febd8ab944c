#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# The command line's conventions (iproute2, iputils), with build/v6stack and
# no stack running: -h and --help on every command `v6stack help` lists print
# its usage on stdout and exit 0; --version and -V; the messages for a wrong
# -a and for a wrong argument to addr, sysctl, stats and show. Ends with "cli: N passed, M failed".
set -u
cd "$(dirname "$0")/../.."
B=${V6STACK:-build/v6stack}
pass=0; fail=0
tmp=$(mktemp -d /tmp/v6stack-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# expect NAME STATUS STDOUT-REGEX STDERR-REGEX -- ARGS...: "" matches empty output
expect() {
	local name=$1 want=$2 out_re=$3 err_re=$4 rc; shift 5
	"$B" "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?
	if [ $rc -ne "$want" ]; then
		echo "FAIL cli: $name: exit $rc, want $want"; head -3 "$tmp/err"; fail=$((fail + 1)); return
	fi
	for s in out err; do
		local re; [ $s = out ] && re=$out_re || re=$err_re
		if [ -z "$re" ]; then
			[ -s "$tmp/$s" ] && { echo "FAIL cli: $name: std$s not empty:"; head -3 "$tmp/$s"; fail=$((fail + 1)); return; }
		elif ! grep -qE -- "$re" "$tmp/$s"; then
			echo "FAIL cli: $name: std$s does not match /$re/:"; head -3 "$tmp/$s"; fail=$((fail + 1)); return
		fi
	done
	pass=$((pass + 1))
}

v() { sed -n "s/^#define V6STACK_VERSION_$1 *\([0-9]*\).*/\1/p" include/v6stack/version.h; }
version=$(v MAJOR).$(v MINOR).$(v PATCH)

for h in -h --help help; do
	expect "v6stack $h" 0 '^usage: v6stack COMMAND' '' -- "$h"
done
expect "no command" 2 '' '^usage: v6stack COMMAND' --
for o in --version -V; do
	expect "v6stack $o" 0 "^v6stack $version \\(libv6stack $version\\)\$" '' -- "$o"
done

cmds=$("$B" help | sed -n '/^commands:/,$s/^  \([a-z]*\) .*/\1/p' | grep -vx help)
[ -n "$cmds" ] || { echo "FAIL cli: v6stack help lists no command"; fail=$((fail + 1)); }
for c in $cmds; do
	u=$c; [ "$c" = show ] && u=stats   # stats and show share their usage
	for h in -h --help; do
		expect "v6stack $c $h" 0 "^usage: v6stack $u" '' -- "$c" "$h"
	done
done
# -h anywhere among the arguments, as ip route show -h and ping -c1 -h
expect "v6stack route show -h" 0 '^usage: v6stack route' '' -- route show -h
expect "v6stack ping -c 1 -h" 0 '^usage: v6stack ping' '' -- ping -c 1 -h
expect "v6stack run -i x -h" 0 '^usage: v6stack run' '' -- run -i x -h

# -a: what is wrong, not bare usage (exit 2, before any link is opened).
expect "-a /129" 2 '' '-a 2001:db8::1/129: prefix length 129 is out of range \(0-128\)' \
    -- run -i v6in-none0 -a 2001:db8::1/129
expect "-a /-1" 2 '' 'prefix length -1 is out of range \(0-128\)' -- run -i v6in-none0 -a 2001:db8::1/-1
expect "-a /x" 2 '' "-a 2001:db8::1/x: prefix length 'x' is not a number 0-128" \
    -- run -i v6in-none0 -a 2001:db8::1/x
expect "-a bad address" 2 '' "-a 2001:zz::1/64: '2001:zz::1' is not an IPv6 address" \
    -- run -i v6in-none0 -a 2001:zz::1/64
# Without a length: taken, and said which (the link then fails to open: 1).
expect "-a global, no length" 1 '' '-a 2001:db8::1: no prefix length, so /128 ' \
    -- run -i v6in-none0 -a 2001:db8::1
expect "-a link-local, no length" 1 '' '-a fe80::5: no prefix length, so /64 ' \
    -- run -i v6in-none0 -a fe80::5

# The clients: which argument is wrong, before the usage (exit 2).
expect "addr unknown option" 2 '' "^v6stack addr: unknown option '-q'" -- addr add 2001:db8::1/64 -q
expect "addr --ctl without value" 2 '' '^v6stack addr: --ctl needs a value' -- addr add 2001:db8::1/64 --ctl
expect "sysctl extra argument" 2 '' "^v6stack sysctl: unexpected argument 'b'" -- sysctl a b
expect "stats unknown option" 2 '' "^v6stack stats: unknown option '-x'" -- stats -x
expect "show -i without value" 2 '' '^v6stack show: -i needs a value' -- show neigh -i
expect "show unknown object" 2 '' "^v6stack show: unknown object 'bogus'" -- show -j bogus
expect "show -j without object" 2 '' '^usage: v6stack stats' -- show -j
expect "ping unknown option" 2 '' "^v6stack ping: unknown option '-x'" -- ping -x 2001:db8::2
expect "ping -c without value" 2 '' '^v6stack ping: -c needs a value' -- ping 2001:db8::2 -c
expect "ping -c0 (glued)" 2 '' "^v6stack ping: bad count '0' \\(1 or more\\)" -- ping -c0 2001:db8::2
expect "ping without address" 2 '' '^v6stack ping: which address\?' -- ping -nc1
expect "ping two addresses" 2 '' "^v6stack ping: unexpected argument '2001:db8::3'" -- ping -c1 2001:db8::2 2001:db8::3
expect "stats pattern with a space" 2 '' "^v6stack stats: pattern 'a b': too long, or with a space" -- stats 'a b'

echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
