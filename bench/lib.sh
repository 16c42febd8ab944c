# SPDX-License-Identifier: BSD-2-Clause
# Shared by the end-to-end benchmarks (e2e.sh, fwd_e2e.sh): sourced, not run.
#
#   bench_prelude NAME LOGDIR BINARY...   root, the binaries built, LOGDIR
#                                         made, the machine's benchmark lock
#                                         held (one benchmark at a time), and
#                                         the CPU pinning: PIN_GEN (CPU 0, the
#                                         generator) and PIN_RSP (CPU 1, the
#                                         system measured), empty with one CPU
#                                         (then RPS=0)
#   cpu_snap                              per-CPU jiffies "cpuN busy idle steal"
#   cpu_report BEFORE AFTER [REPLIES]     CPU use between two snapshots, and
#                                         CPU 1's busy time per reply

bench_prelude() {
	name=$1
	log=$2
	shift 2
	if [ "$(id -u)" != 0 ]; then
		echo "$name: needs root (namespaces, AF_PACKET)" >&2
		exit 1
	fi
	for b in "$@"; do
		[ -x "$b" ] || { echo "$name: $b missing: make all" >&2; exit 1; }
	done
	mkdir -p "$log"
	exec 9>/tmp/v6b-bench.lock
	if ! flock -w 600 9; then
		echo "$name: another benchmark holds /tmp/v6b-bench.lock" >&2
		exit 1
	fi
	if [ "$(nproc)" -ge 2 ]; then
		GEN_CPU=0
		RSP_CPU=1
		PIN_GEN="taskset -c $GEN_CPU"
		PIN_RSP="taskset -c $RSP_CPU"
	else
		PIN_GEN=
		PIN_RSP=
		RPS=0
	fi
}

# busy: user nice system irq softirq; idle: idle iowait.
cpu_snap() { awk '/^cpu[0-9]/ { print $1, $2 + $3 + $4 + $7 + $8, $5 + $6, $9 }' /proc/stat; }

cpu_report() {
	printf '%s\n%s\n' "$1" "$2" | awk -v rsp="cpu${RSP_CPU:-x}" -v n="${3:-0}" '
		{ if ($1 in b) { db = $2 - b[$1]; di = $3 - i[$1]; ds = $4 - s[$1]
			  t = db + di + ds
			  if (t > 0) line = line sprintf(" %s busy %.0f%% steal %.0f%%", $1, 100 * db / t, 100 * ds / t)
			  if ($1 == rsp && n > 0) per = sprintf("; %s busy per reply %.2f us", $1, db * 1e6 / hz / n)
		  } else { b[$1] = $2; i[$1] = $3; s[$1] = $4 } }
		END { print "cpu:" line per }' hz="$(getconf CLK_TCK)"
}
