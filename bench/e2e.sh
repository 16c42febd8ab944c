#!/bin/sh
# End-to-end echo throughput: the Linux kernel vs v6stack as the responder.
#
#   bench/e2e.sh [both|kernel|v6stack]      (root; default both)
#
# Topology (namespaces and links are all named v6b*):
#
#   ns v6b-g                                ns v6b-r
#   v6b-gen (kernel IPv6 disabled)  <-veth->  v6b-rsp
#   gen6, pinned to CPU 0                    run 1: the kernel answers
#                                            run 2: v6stack (CPU 1) answers
#
# Both runs use the same generator settings (E2E_SECONDS, E2E_WINDOW,
# E2E_PAYLOAD): gen6 keeps at most E2E_WINDOW requests unanswered, so its
# reply rate is the responder's throughput. E2E_WINDOW may be a list
# ("128 256"): each window gets a kernel run, a v6stack run and a ratio.
# Note: from a window of about 256 up, the kernel itself starts losing
# replies on veth (Icmp6OutErrors = Ip6OutDiscards: its per-netns ICMP
# socket's send buffer fills up), which is shown in its counter line. RPS steers v6b-rsp's receive
# processing to CPU 1 so that in both runs the responder side (the kernel's
# softirq, or v6stack's packet socket and the process itself) runs on CPU 1
# and the generator has CPU 0 (set E2E_RPS=0 to disable).
# E2E_ROUNDS=n (default 3) alternates kernel and v6stack runs n times and
# ends with the median ratio per window: the machine's load drifts, so only
# ratios of runs close in time, and their median, mean something.
set -eu

cd "$(dirname "$0")/.."
SECONDS_RUN=${E2E_SECONDS:-5}
WINDOWS=${E2E_WINDOW:-128 256}
PAYLOAD=${E2E_PAYLOAD:-64}
ROUNDS=${E2E_ROUNDS:-3}
RPS=${E2E_RPS:-1}
MODE=${1:-both}
GEN=build/bench/gen6
V6=build/v6stack
NSG=v6b-g
NSR=v6b-r
GEN_MAC=02:00:00:00:aa:02
RSP_KMAC=02:00:00:00:bb:02 # the kernel's MAC on v6b-rsp
V6_MAC=02:00:00:00:bb:01   # v6stack's MAC (-m)
GEN_IP=2001:db8::2
RSP_IP=2001:db8::1
LOG=${E2E_LOG:-build/bench/e2e}

case $MODE in both | kernel | v6stack) ;; *)
	echo "usage: $0 [both|kernel|v6stack]" >&2
	exit 2
	;;
esac
if [ "$(id -u)" != 0 ]; then
	echo "e2e: needs root (namespaces, AF_PACKET)" >&2
	exit 1
fi
[ -x $GEN ] || { echo "e2e: $GEN missing: make $GEN" >&2; exit 1; }
if [ "$MODE" != kernel ] && [ ! -x $V6 ]; then
	echo "e2e: $V6 missing: make $V6" >&2
	exit 1
fi
mkdir -p "$LOG"

# One benchmark at a time on this machine.
exec 9>/tmp/v6b-bench.lock
if ! flock -w 600 9; then
	echo "e2e: another e2e run holds /tmp/v6b-bench.lock" >&2
	exit 1
fi

NCPU=$(nproc)
if [ "$NCPU" -ge 2 ]; then
	GEN_CPU=0
	RSP_CPU=1
	PIN_GEN="taskset -c $GEN_CPU"
	PIN_RSP="taskset -c $RSP_CPU"
else
	PIN_GEN=
	PIN_RSP=
	RPS=0
fi

V6PID=
cleanup() {
	if [ -n "$V6PID" ] && kill -0 "$V6PID" 2>/dev/null; then
		kill -TERM "$V6PID" 2>/dev/null || true
		wait "$V6PID" 2>/dev/null || true
	fi
	V6PID=
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

# Per-CPU jiffies: "cpuN busy idle steal" (busy: user nice system irq softirq).
cpu_snap() { awk '/^cpu[0-9]/ { print $1, $2 + $3 + $4 + $7 + $8, $5 + $6, $9 }' /proc/stat; }

# CPU use during the run, and the responder CPU's busy time per reply.
cpu_report() { # $1 = before, $2 = after, $3 = replies
	printf '%s\n%s\n' "$1" "$2" | awk -v rsp="cpu${RSP_CPU:-x}" -v n="$3" '
		{ if ($1 in b) { db = $2 - b[$1]; di = $3 - i[$1]; ds = $4 - s[$1]
			  t = db + di + ds
			  if (t > 0) line = line sprintf(" %s busy %.0f%% steal %.0f%%", $1, 100 * db / t, 100 * ds / t)
			  if ($1 == rsp && n > 0) per = sprintf("; %s busy per reply %.2f us", $1, db * 1e6 / hz / n)
		  } else { b[$1] = $2; i[$1] = $3; s[$1] = $4 } }
		END { print "cpu:" line per }' hz="$(getconf CLK_TCK)"
}

run_gen() { # $1 = label, $2 = destination MAC
	c0=$(cpu_snap)
	out=$(nsg $PIN_GEN $GEN -i v6b-gen -s $GEN_MAC -S $GEN_IP -d "$2" \
		-D $RSP_IP -t "$SECONDS_RUN" -w "$WINDOW" -l "$PAYLOAD" \
		2>"$LOG/gen6-$1.err")
	c1=$(cpu_snap)
	cpu_report "$c0" "$c1" "$(echo "$out" | awk '{ print $4 }')" >>"$LOG/gen6-$1.err"
	echo "$out"
}

rate_of() { echo "$1" | awk '{ for (i = 1; i < NF; i++) if ($i == "rate") print $(i + 1) }'; }

run_kernel() {
	kernel_on
	check_kernel_ratelimit
	in0=$(snmp6 Icmp6InEchos)
	out0=$(snmp6 Icmp6OutEchoReplies)
	rlh0=$(snmp6 Icmp6OutRateLimitHost)
	rlg0=$(snmp6 Icmp6OutRateLimitGlobal)
	err0=$(snmp6 Icmp6OutErrors)
	K=$(run_gen kernel-w$WINDOW $RSP_KMAC)
	echo "kernel:  $K"
	sed 's/^/kernel:  /' "$LOG/gen6-kernel-w$WINDOW.err"
	in1=$(snmp6 Icmp6InEchos)
	out1=$(snmp6 Icmp6OutEchoReplies)
	rlh1=$(snmp6 Icmp6OutRateLimitHost)
	rlg1=$(snmp6 Icmp6OutRateLimitGlobal)
	err1=$(snmp6 Icmp6OutErrors)
	echo "kernel:  Icmp6InEchos +$((in1 - in0)) Icmp6OutEchoReplies +$((out1 - out0))" \
		"Icmp6OutRateLimitHost +$((${rlh1:-0} - ${rlh0:-0}))" \
		"Icmp6OutRateLimitGlobal +$((${rlg1:-0} - ${rlg0:-0}))" \
		"Icmp6OutErrors +$((err1 - err0))"
	kernel_off
}

run_v6stack() {
	kernel_off
	: >"$LOG/v6stack-w$WINDOW.out"
	# Not through the nsr function: $! must be v6stack itself (ip netns
	# exec and taskset exec it), not a subshell.
	ip netns exec $NSR $PIN_RSP $V6 run -i v6b-rsp -b packet -m $V6_MAC \
		-a $RSP_IP/64 --set conf.v6b-rsp.accept_dad=0 \
		>"$LOG/v6stack-w$WINDOW.out" 2>"$LOG/v6stack-w$WINDOW.err" &
	V6PID=$!
	i=0
	until grep -q '^ready' "$LOG/v6stack-w$WINDOW.out"; do
		if ! kill -0 $V6PID 2>/dev/null || [ $i -ge 100 ]; then
			echo "e2e: v6stack did not print ready:" >&2
			cat "$LOG/v6stack-w$WINDOW.out" "$LOG/v6stack-w$WINDOW.err" >&2
			exit 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	S=$(run_gen v6stack-w$WINDOW $V6_MAC)
	echo "v6stack: $S"
	sed 's/^/v6stack: /' "$LOG/gen6-v6stack-w$WINDOW.err"
	kill -TERM $V6PID
	rc=0
	wait $V6PID || rc=$?
	V6PID=
	if [ $rc != 0 ]; then
		echo "e2e: v6stack exited with status $rc on SIGTERM" >&2
		cat "$LOG/v6stack-w$WINDOW.err" >&2
		exit 1
	fi
	echo "v6stack: counters:" $(grep -E '^(Ip6InReceives|Icmp6InEchos|Icmp6OutEchoReplies|Icmp6InNeighborSolicits|Icmp6OutNeighborSolicits|Icmp6InNeighborAdvertisements) ' "$LOG/v6stack-w$WINDOW.out" | awk '{ printf "%s %s ", $1, $2 }')
	nz=$(awk '$1 ~ /^drop\./ && NF == 2 { printf "%s %s ", $1, $2 }' "$LOG/v6stack-w$WINDOW.out")
	[ -z "$nz" ] || echo "v6stack: drop counters: $nz"
}

: >"$LOG/ratios"
setup
echo "e2e: ${SECONDS_RUN}s per run, windows $WINDOWS, payload $PAYLOAD, gen6 CPU ${GEN_CPU:-any}, responder CPU ${RSP_CPU:-any}, RPS $RPS; logs in $LOG"
r=1
while [ $r -le "$ROUNDS" ]; do
	for WINDOW in $WINDOWS; do
		echo "--- window $WINDOW"
		K=
		S=
		[ "$MODE" = v6stack ] || run_kernel
		[ "$MODE" = kernel ] || run_v6stack
		if [ -n "$K" ] && [ -n "$S" ]; then
			kr=$(rate_of "$K")
			sr=$(rate_of "$S")
			awk -v k="$kr" -v s="$sr" -v w="$WINDOW" 'BEGIN {
				printf "window %s: ratio v6stack/kernel = %.3f  (v6stack %.0f pps, kernel %.0f pps)\n",
				    w, (k > 0 ? s / k : 0), s, k }' | tee -a "$LOG/ratios"
		fi
	done
	r=$((r + 1))
done
if [ "$MODE" = both ] && [ "$ROUNDS" -gt 1 ]; then
	for WINDOW in $WINDOWS; do
		awk -v w="$WINDOW:" '$2 == w { print $6, $8, $11 }' "$LOG/ratios" |
			sort -n | awk -v w="$WINDOW" '{ r[NR] = $1; v[NR] = $2; k[NR] = $3 }
			END { if (NR == 0) exit
				m = int((NR + 1) / 2)
				printf "median window %s: ratio v6stack/kernel = %.3f over %d rounds (min %.3f, max %.3f; that round: v6stack %.0f pps, kernel %.0f pps)\n",
				    w, r[m], NR, r[1], r[NR], v[m], k[m] }'
	done
fi
