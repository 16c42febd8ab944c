#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# `make bench`: the core benchmarks (host and router), instructions per
# packet, and the end-to-end comparisons with the kernel. Prints the full
# output of each part, then a summary. See bench/README.md.
#
# Environment: CORE_N (packets per core_pps mode, default 2000000),
# CALLGRIND_N0 / CALLGRIND_N (10000 / 50000), FWD_ROUTES (fwd_pps's table,
# default 1000000), e2e.sh's E2E_* and fwd_e2e.sh's FWD_* knobs.
set -u

cd "$(dirname "$0")/.."
LOG=build/bench
mkdir -p $LOG
status=0

for b in build/bench/core_pps build/bench/fwd_pps build/bench/gen6 build/bench/reflect6 build/bench/udpecho6 build/v6stack; do
	[ -x "$b" ] || { echo "bench: $b missing (make all)" >&2; exit 1; }
done

# part NAME OUTFILE COMMAND...: run, show the output as it comes, keep it.
part() {
	name=$1
	out=$2
	shift 2
	echo "=== $name"
	rcf=$LOG/.rc.$$
	{ "$@"; echo $? >"$rcf"; } | tee "$out"
	rc=$(cat "$rcf")
	rm -f "$rcf"
	if [ "$rc" != 0 ]; then
		echo "bench: $name FAILED (exit $rc)"
		status=1
	fi
}

part "core_pps (in-memory, one core)" $LOG/core_pps.txt \
	build/bench/core_pps both "${CORE_N:-2000000}"
part "fwd_pps (router in memory: route load/delete, forwarding, one core)" $LOG/fwd_pps.txt \
	build/bench/fwd_pps -n "${FWD_ROUTES:-1000000}"
part "callgrind (instructions per packet)" $LOG/callgrind.txt \
	bench/callgrind.sh "${CALLGRIND_N0:-10000}" "${CALLGRIND_N:-50000}"
part "lpm (routing table trie vs rte_lpm6)" $LOG/lpm.txt bench/lpm.sh
if [ "$(id -u)" = 0 ]; then
	part "e2e (veth, kernel vs v6stack vs reflector)" $LOG/e2e.txt bench/e2e.sh all
	part "fwd_e2e (veth, forwarding: kernel vs v6stack as the router)" $LOG/fwd_e2e.txt bench/fwd_e2e.sh
else
	echo "e2e skipped: needs root" | tee $LOG/e2e.txt $LOG/fwd_e2e.txt
fi

echo "=== summary"
grep -E '^(echo|ns):' $LOG/core_pps.txt | sed 's/ (.*//; s/^/core     /'
grep -E '^(load|delete|fwd) ' $LOG/fwd_pps.txt | sed 's/^/fwd_pps  /'
grep -E '^(echo|ns|fwd [a-z]+): [0-9]+ instructions' $LOG/callgrind.txt | sed 's/  (.*//; s/^/callgrind /'
sed -n '/^--- summary/,$p' $LOG/e2e.txt | sed 's/^/e2e      /'
sed -n '/^--- summary/,$p' $LOG/fwd_e2e.txt | sed 's/^/fwd_e2e  /'
grep -E '^(lookup inside|memory|load|delete|callgrind)' $LOG/lpm.txt | sed 's/^/lpm      /'
grep -E '^e2e skipped' $LOG/e2e.txt
[ $status = 0 ] || echo "bench: some parts FAILED (see above)"
exit $status
