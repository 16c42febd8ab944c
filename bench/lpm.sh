#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# `make bench-lpm`: the routing table's trie (src/core/lpm.h) against DPDK's
# rte_lpm6 on one table of LPM_N prefixes (default 1,000,000), then the
# instructions per lookup under callgrind (LPM_CG_N prefixes, default
# 200,000, and LPM_CG_D destinations per set, default 65,536; 0 skips it).
# See bench/README.md "lpm".
set -eu

cd "$(dirname "$0")/.."
BIN=build/bench/lpm
OUT=build/bench/callgrind
[ -x $BIN ] || { echo "bench-lpm: $BIN missing: make $BIN" >&2; exit 1; }
$BIN -n "${LPM_N:-1000000}"

CG_N=${LPM_CG_N:-200000}
CG_D=${LPM_CG_D:-65536}
[ "$CG_N" -gt 0 ] || exit 0
command -v valgrind >/dev/null || { echo "callgrind: valgrind not installed"; exit 0; }
mkdir -p $OUT
# Only the lookup loops are counted (toggle-collect); each ran once over
# CG_D destinations of each set (uniform, then inside): inclusive Ir / (2 CG_D).
valgrind --tool=callgrind --collect-atstart=no \
	--toggle-collect=run_ours_one --toggle-collect=run_ours_bulk \
	--toggle-collect=run_rte_one --toggle-collect=run_rte_bulk \
	--callgrind-out-file=$OUT/lpm.out $BIN -q -n "$CG_N" -d "$CG_D" >$OUT/lpm.log 2>&1 || {
	echo "callgrind: lpm failed:"; cat $OUT/lpm.log; exit 1; }
callgrind_annotate --inclusive=yes $OUT/lpm.out 2>/dev/null |
	awk -v d="$CG_D" '/bench\/lpm.c:run_/ {
		gsub(",", "", $1); n = $0; sub(/.*run_/, "run_", n); sub(/[ (].*/, "", n)
		printf "callgrind %-14s %6.1f instructions/lookup (both sets, %d prefixes)\n", n, $1 / (2 * d), '"$CG_N"' }'
