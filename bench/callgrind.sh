#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
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
#
# Then the router: build/bench/fwd_pps -q with CALLGRIND_FWD_ROUTES routes
# (default 200,000; 0 skips it) and N packets per table, counting only its
# forwarding loops (--toggle-collect=fwd_run_tiny/fwd_run_full): inclusive
# Ir / N per forwarded packet, with the tiny table and the full one.
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

FWD=build/bench/fwd_pps
FWD_N=${CALLGRIND_FWD_ROUTES:-200000}
[ -x $FWD ] && [ "$FWD_N" -gt 0 ] || exit 0
valgrind --tool=callgrind --collect-atstart=no \
	--toggle-collect=fwd_run_tiny --toggle-collect=fwd_run_full \
	--callgrind-out-file=$OUT/fwd.out $FWD -q -n "$FWD_N" -N "$N" -d 65536 \
	>$OUT/fwd.log 2>&1 || { echo "callgrind: fwd_pps failed:" >&2; cat $OUT/fwd.log >&2; exit 1; }
callgrind_annotate --inclusive=yes $OUT/fwd.out 2>/dev/null |
	awk -v n="$N" -v routes="$FWD_N" '/bench\/fwd_pps.c:fwd_run_/ {
		gsub(",", "", $1); t = $0; sub(/.*fwd_run_/, "", t); sub(/[ (].*/, "", t)
		printf "fwd %s: %.0f instructions/packet  (%s routes, %d pkts, forwarding loop only)\n",
		    t, $1 / n, t == "tiny" ? 10 : routes, n }' | sort
if [ "$TOP" -gt 0 ] && command -v callgrind_annotate >/dev/null; then
	echo "--- fwd (both tables), top $TOP functions by own Ir ($N packets each):"
	callgrind_annotate "$OUT/fwd.out" 2>/dev/null |
		awk '/^-+$/ { s++; next } s == 6 && NF == 0 { exit }
		    s == 6 { print }' | head -n "$TOP" | sed 's/^/  /'
fi
