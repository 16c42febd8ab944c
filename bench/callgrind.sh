#!/bin/sh
# Instructions per packet of the core, under callgrind.
#
#   bench/callgrind.sh [N0 [N]]     (defaults 10000 and 50000)
#
# For each mode (echo, ns), runs build/bench/core_pps under
# valgrind --tool=callgrind twice, with N0 and with N packets, and prints
#   (Ir(N) - Ir(N0)) / (N - N0)
# so that everything but the per-packet work (process start, stack setup,
# frame construction, printing) cancels out. The count includes the
# benchmark's own loop and tx callback (a few tens of instructions).
# The out files stay in build/bench/callgrind/; the top functions of the N
# run are listed with callgrind_annotate.
set -eu

cd "$(dirname "$0")/.."
N0=${1:-10000}
N=${2:-50000}
BIN=build/bench/core_pps
OUT=build/bench/callgrind
TOP=${CALLGRIND_TOP:-8}

[ -x $BIN ] || { echo "callgrind: $BIN missing: make $BIN" >&2; exit 1; }
command -v valgrind >/dev/null || { echo "callgrind: valgrind not installed" >&2; exit 1; }
[ "$N" -gt "$N0" ] || { echo "callgrind: need N > N0" >&2; exit 2; }
mkdir -p $OUT

# Total Ir of one run, from the "totals:" (or "summary:") line.
total_ir() { # $1 = mode, $2 = packets
	f=$OUT/$1-$2.out
	valgrind --tool=callgrind --callgrind-out-file="$f" \
		$BIN "$1" "$2" >"$OUT/$1-$2.log" 2>&1 || {
		echo "callgrind: core_pps $1 $2 failed:" >&2
		cat "$OUT/$1-$2.log" >&2
		exit 1
	}
	ir=$(awk '$1 == "totals:" { print $2; exit }' "$f")
	[ -n "$ir" ] || ir=$(awk '$1 == "summary:" { print $2; exit }' "$f")
	[ -n "$ir" ] || { echo "callgrind: no totals in $f" >&2; exit 1; }
	echo "$ir"
}

for mode in echo ns; do
	a=$(total_ir $mode "$N0")
	b=$(total_ir $mode "$N")
	awk -v m=$mode -v a="$a" -v b="$b" -v n0="$N0" -v n="$N" 'BEGIN {
		printf "%s: %.0f instructions/packet  (Ir %s @ %d pkts, %s @ %d pkts)\n",
		    m, (b - a) / (n - n0), a, n0, b, n }'
done
if [ "$TOP" -gt 0 ] && command -v callgrind_annotate >/dev/null; then
	for mode in echo ns; do
		echo "--- $mode, top $TOP functions by own Ir ($N packets):"
		callgrind_annotate "$OUT/$mode-$N.out" 2>/dev/null |
			awk '/^-+$/ { s++; next } s == 6 && NF == 0 { exit }
			    s == 6 { print }' | head -n "$TOP" | sed 's/^/  /'
	done
fi
