#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# End-to-end throughput and latency over veth: three responders side by side.
#
#   bench/e2e.sh [all|SYSTEM...]     (root; default all = kernel v6stack reflector)
#
# Topology (namespaces and links are all named v6b*):
#
#   ns v6b-g                                ns v6b-r
#   v6b-gen (kernel IPv6 disabled)  <-veth->  v6b-rsp
#   gen6, pinned to CPU 0                    the responder, CPU 1:
#                                              kernel     the kernel itself (udp:
#                                                         + bench/udpecho6 on port 7)
#                                              v6stack    v6stack run -b packet
#                                                         --udp-echo 7
#                                              reflector  bench/reflect6: bare
#                                                         AF_PACKET recvmmsg/sendmmsg
#                                                         that swaps addresses
#
# Modes (E2E_MODES, default "echo ns udp"): gen6 -m echo|ns|udp (Echo
# Requests, Neighbor Solicitations, UDP echo). For every round, mode and
# system in turn: a throughput run (E2E_SECONDS, window E2E_WINDOW, the
# generator's maximum rate) and a latency run (E2E_LAT_SECONDS at
# E2E_LAT_RATE pps, window 64). The systems alternate within each mode of
# each round, so the ratios compare runs close in time; the summary gives,
# per mode, the median over E2E_ROUNDS rounds of v6stack/kernel and
# v6stack/reflector (each ratio taken within its round), every system's
# median rate and its median p50/p99 round trip at E2E_LAT_RATE.
# gen6 keeps at most E2E_WINDOW requests unanswered, so its reply rate is
# the responder's throughput. RPS steers v6b-rsp's receive processing to
# CPU 1 so that the responder side (the kernel's softirq, or the process and
# its packet socket) runs on CPU 1 and the generator has CPU 0 (E2E_RPS=0
# disables). E2E_V6STACK_ARGS adds options to v6stack run. System v6alt runs
# the v6stack binary E2E_V6ALT the same way (A/B of two builds, ratio
# v6stack/v6alt in the summary).
set -eu

cd "$(dirname "$0")/.."
SECONDS_RUN=${E2E_SECONDS:-5}
WINDOW=${E2E_WINDOW:-256}
PAYLOAD=${E2E_PAYLOAD:-64}
ROUNDS=${E2E_ROUNDS:-3}
RPS=${E2E_RPS:-1}
MODES=${E2E_MODES:-echo ns udp}
LAT_RATE=${E2E_LAT_RATE:-1000}
LAT_SECONDS=${E2E_LAT_SECONDS:-3}
V6ARGS=${E2E_V6STACK_ARGS:-}
GEN=build/bench/gen6
V6=build/v6stack
V6ALT=${E2E_V6ALT:-} # system v6alt: another v6stack build, for A/B runs
REFL=build/bench/reflect6
UDPECHO=build/bench/udpecho6
UDP_PORT=7
NSG=v6b-g
NSR=v6b-r
GEN_MAC=02:00:00:00:aa:02
RSP_KMAC=02:00:00:00:bb:02 # the kernel's MAC on v6b-rsp
V6_MAC=02:00:00:00:bb:01   # v6stack's MAC (-m)
GEN_IP=2001:db8::2
RSP_IP=2001:db8::1
LOG=${E2E_LOG:-build/bench/e2e}

SYSTEMS=${*:-all}
[ "$SYSTEMS" != all ] || SYSTEMS="kernel v6stack reflector"
for s in $SYSTEMS; do
	case $s in kernel | v6stack | reflector) ;;
	v6alt) [ -x "$V6ALT" ] || { echo "e2e: v6alt needs E2E_V6ALT=path/to/v6stack" >&2; exit 2; } ;;
	*)
		echo "usage: $0 [all|kernel|v6stack|reflector|v6alt...]" >&2
		exit 2
		;;
	esac
done
. bench/lib.sh
bench_prelude e2e "$LOG" $GEN $V6 $REFL $UDPECHO

RSPPID=
cleanup() {
	if [ -n "$RSPPID" ] && kill -0 "$RSPPID" 2>/dev/null; then
		kill -TERM "$RSPPID" 2>/dev/null || true
		wait "$RSPPID" 2>/dev/null || true
	fi
	RSPPID=
	ip netns del $NSG 2>/dev/null || true
	ip netns del $NSR 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nsg() { ip netns exec $NSG "$@"; }
nsr() { ip netns exec $NSR "$@"; }

setup() {
	cleanup
	ip netns add $NSG
	ip netns add $NSR
	ip -n $NSG link add v6b-gen address $GEN_MAC type veth \
		peer name v6b-rsp address $RSP_KMAC netns $NSR
	nsg sysctl -qw net.ipv6.conf.v6b-gen.disable_ipv6=1
	nsr sysctl -qw net.ipv6.conf.v6b-rsp.disable_ipv6=1
	ip -n $NSG link set lo up
	ip -n $NSR link set lo up
	ip -n $NSG link set v6b-gen up
	ip -n $NSR link set v6b-rsp up
	if [ "$RPS" = 1 ]; then
		mask=$(printf %x $((1 << RSP_CPU)))
		nsr sh -c "echo $mask > /sys/class/net/v6b-rsp/queues/rx-0/rps_cpus"
	fi
}

# The kernel answers on v6b-rsp.
kernel_on() {
	nsr sysctl -qw net.ipv6.conf.v6b-rsp.disable_ipv6=0
	ip -n $NSR addr add $RSP_IP/64 dev v6b-rsp nodad
	ip -n $NSR -6 neigh flush dev v6b-rsp 2>/dev/null || true
}
kernel_off() {
	nsr sysctl -qw net.ipv6.conf.v6b-rsp.disable_ipv6=1
}

# Is ICMPv6 type $1 in the kernel's ratemask ("0-1,3-127")?
in_ratemask() {
	echo "$2" | tr ',' '\n' | while IFS=- read -r lo hi; do
		[ -n "$lo" ] || continue
		[ -n "$hi" ] || hi=$lo
		if [ "$1" -ge "$lo" ] && [ "$1" -le "$hi" ]; then
			echo yes
			break
		fi
	done
}

snmp6() { nsr awk -v k="$1" '$1 == k { print $2 }' /proc/net/snmp6; }

check_kernel_ratelimit() {
	rl=$(nsr sysctl -n net.ipv6.icmp.ratelimit)
	mask=$(nsr sysctl -n net.ipv6.icmp.ratemask 2>/dev/null || echo "?")
	ign=$(nsr sysctl -n net.ipv6.icmp.echo_ignore_all)
	if [ "$mask" = "?" ]; then
		lim="unknown (no ratemask sysctl)"
	elif [ -n "$(in_ratemask 129 "$mask")" ]; then
		lim="YES: echo replies are rate-limited"
	else
		lim="no: type 129 is outside the ratemask"
	fi
	echo "kernel: icmp.ratelimit=${rl}ms ratemask=$mask echo_ignore_all=$ign; echo replies limited: $lim"
}

# run_gen LABEL DSTMAC GEN6-OPTIONS...: one gen6 run; prints its stdout line.
run_gen() {
	label=$1
	dmac=$2
	shift 2
	c0=$(cpu_snap)
	out=$(nsg $PIN_GEN $GEN -i v6b-gen -s $GEN_MAC -S $GEN_IP -d "$dmac" \
		-D $RSP_IP -l "$PAYLOAD" -P $UDP_PORT "$@" 2>"$LOG/gen6-$label.err")
	c1=$(cpu_snap)
	cpu_report "$c0" "$c1" "$(echo "$out" | awk '{ print $4 }')" >>"$LOG/gen6-$label.err"
	echo "$out"
}

field() { echo "$1" | awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'; }

# start_rsp LABEL COMMAND...: run a responder in v6b-r on the responder CPU
# and wait for its "ready" line. Not through nsr: $! must be the process
# itself (ip netns exec and taskset exec it), not a subshell.
start_rsp() {
	label=$1
	shift
	: >"$LOG/$label.out"
	ip netns exec $NSR $PIN_RSP "$@" >"$LOG/$label.out" 2>"$LOG/$label.err" &
	RSPPID=$!
	i=0
	until grep -q '^ready' "$LOG/$label.out"; do
		if ! kill -0 $RSPPID 2>/dev/null || [ $i -ge 100 ]; then
			echo "e2e: $label did not print ready:" >&2
			cat "$LOG/$label.out" "$LOG/$label.err" >&2
			exit 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
}

# stop_rsp LABEL: SIGTERM; v6stack must exit 0 (the others die of it).
stop_rsp() {
	kill -TERM $RSPPID
	rc=0
	{ wait $RSPPID; } 2>/dev/null || rc=$?
	RSPPID=
	if { [ "$1" = v6stack ] || [ "$1" = v6alt ]; } && [ $rc != 0 ]; then
		echo "e2e: $1 exited with status $rc on SIGTERM" >&2
		cat "$LOG/$1-$MODE.err" >&2
		exit 1
	fi
}

KCOUNTERS="Icmp6InEchos Icmp6OutEchoReplies Icmp6InNeighborSolicits Icmp6OutNeighborAdvertisements Icmp6OutErrors Udp6InDatagrams Udp6OutDatagrams Udp6RcvbufErrors Udp6SndbufErrors Ip6OutDiscards"
ksnap() { for c in $KCOUNTERS; do printf '%s ' "$(snmp6 $c)"; done; }
# One system in one mode: responder up, throughput run, latency run, down.
# Appends "mode system rate reply_ratio p50 p99" to $LOG/results.
run_system() { # $1 = system
	sys=$1
	dmac=$V6_MAC
	case $sys in
	kernel)
		kernel_on
		dmac=$RSP_KMAC
		[ "$MODE" != udp ] || start_rsp kernel-$MODE $UDPECHO $UDP_PORT
		k0=$(ksnap)
		;;
	v6stack | v6alt)
		kernel_off
		bin=$V6
		[ "$sys" = v6stack ] || bin=$V6ALT
		# shellcheck disable=SC2086 # V6ARGS is a list of options
		start_rsp $sys-$MODE $bin run -i v6b-rsp -b packet -m $V6_MAC \
			-a $RSP_IP/64 --set conf.v6b-rsp.accept_dad=0 \
			--udp-echo $UDP_PORT $V6ARGS
		;;
	reflector)
		kernel_off
		start_rsp reflector-$MODE $REFL -i v6b-rsp -m $V6_MAC
		;;
	esac
	T=$(run_gen $sys-$MODE-r$r $dmac -m $MODE -t "$SECONDS_RUN" -w "$WINDOW")
	L=$(run_gen $sys-$MODE-lat-r$r $dmac -m $MODE -t "$LAT_SECONDS" -w 64 -r "$LAT_RATE")
	printf '%-9s %s\n' "$sys:" "$T"
	sed "s/^/$sys: /" "$LOG/gen6-$sys-$MODE-r$r.err"
	printf '%-9s %s  (at %s pps)\n' "$sys:" "$L" "$LAT_RATE"
	if [ "$sys" = kernel ]; then
		k1=$(ksnap)
		echo "$k0" "$k1" | awk -v names="$KCOUNTERS" 'BEGIN { n = split(names, c, " ") }
			{ line = "kernel:   counters:"
			  for (i = 1; i <= n; i++) if ($(i + n) - $i) line = line sprintf(" %s +%d", c[i], $(i + n) - $i)
			  print line }'
		[ "$MODE" != udp ] || stop_rsp kernel
		kernel_off
	else
		stop_rsp $sys
	fi
	if [ "$sys" = v6stack ] || [ "$sys" = v6alt ]; then
		echo "$sys:  counters:" $(grep -E '^(Ip6InReceives|Icmp6InEchos|Icmp6OutEchoReplies|Icmp6InNeighborSolicits|Icmp6OutNeighborAdvertisements|Udp6InDatagrams|Udp6OutDatagrams) ' "$LOG/$sys-$MODE.out" | awk '{ printf "%s %s ", $1, $2 }')
		nz=$(awk '$1 ~ /^drop\./ && NF == 2 { printf "%s %s ", $1, $2 }' "$LOG/$sys-$MODE.out")
		[ -z "$nz" ] || echo "$sys:  drop counters: $nz"
	fi
	echo "$r $MODE $sys $(field "$T" rate) $(field "$T" reply_ratio) $(field "$L" p50_us) $(field "$L" p99_us)" >>"$LOG/results"
}

: >"$LOG/results"
setup
nsr sysctl -qw net.ipv6.conf.v6b-rsp.disable_ipv6=0
check_kernel_ratelimit
kernel_off
echo "e2e: systems $SYSTEMS; modes $MODES; ${SECONDS_RUN}s per throughput run (window $WINDOW), ${LAT_SECONDS}s at $LAT_RATE pps per latency run; payload $PAYLOAD; gen6 CPU ${GEN_CPU:-any}, responder CPU ${RSP_CPU:-any}, RPS $RPS; logs in $LOG"
r=1
while [ $r -le "$ROUNDS" ]; do
	for MODE in $MODES; do
		echo "--- round $r, mode $MODE"
		for s in $SYSTEMS; do
			run_system $s
		done
	done
	r=$((r + 1))
done

# Summary: per mode, ratios within each round, then medians over rounds.
echo "--- summary over $ROUNDS rounds (medians; [min max] across rounds)"
awk -v rounds="$ROUNDS" -v modes="$MODES" -v lr="$LAT_RATE" '
function med(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n ? (n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2) : 0
}
function stat(key, fmt,   n, i, a, md) {
	n = 0
	for (i = 1; i <= rounds; i++) if ((i SUBSEP key) in V) a[++n] = V[i, key]
	if (n == 0) return "-"
	md = med(a, n)
	return sprintf(fmt " [" fmt " " fmt "]", md, a[1], a[n])
}
{ rate[$1, $2, $3] = $4; ratio[$1, $2, $3] = $5; p50[$1, $2, $3] = $6; p99[$1, $2, $3] = $7; sys[$3] = 1 }
END {
	n = split(modes, M, " ")
	for (k = 1; k <= n; k++) {
		m = M[k]
		delete V
		for (i = 1; i <= rounds; i++) {
			if ((i, m, "v6stack") in rate && (i, m, "kernel") in rate && rate[i, m, "kernel"] > 0) V[i, "sk"] = rate[i, m, "v6stack"] / rate[i, m, "kernel"]
			if ((i, m, "v6stack") in rate && (i, m, "reflector") in rate && rate[i, m, "reflector"] > 0) V[i, "sr"] = rate[i, m, "v6stack"] / rate[i, m, "reflector"]
			if ((i, m, "v6stack") in rate && (i, m, "v6alt") in rate && rate[i, m, "v6alt"] > 0) V[i, "sa"] = rate[i, m, "v6stack"] / rate[i, m, "v6alt"]
			for (s in sys) if ((i, m, s) in rate) { V[i, s "r"] = rate[i, m, s]; V[i, s "q"] = ratio[i, m, s]; V[i, s "5"] = p50[i, m, s]; V[i, s "9"] = p99[i, m, s] }
		}
		printf "%-5s ratio v6stack/kernel %s  v6stack/reflector %s", m, stat("sk", "%.3f"), stat("sr", "%.3f")
		if ("v6alt" in sys) printf "  v6stack/v6alt %s", stat("sa", "%.3f")
		printf "\n"
		ns = split("kernel v6stack reflector v6alt", S, " ")
		for (j = 1; j <= ns; j++) if (S[j] in sys)
			printf "%-5s %-9s %s pps  reply_ratio %s  at %s pps: p50 %s us  p99 %s us\n", m, S[j], stat(S[j] "r", "%.0f"), stat(S[j] "q", "%.4f"), lr, stat(S[j] "5", "%.1f"), stat(S[j] "9", "%.1f")
	}
}' "$LOG/results" | tee "$LOG/summary"
