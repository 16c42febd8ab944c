#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Forwarding over veth: the kernel and v6stack as the router, side by side.
#
#   bench/fwd_e2e.sh            (root; `make bench-fwd`, and `make bench`)
#
# Topology (namespaces v6f-*, interfaces named as in the routing issue):
#
#   ns v6f-a                  ns v6f-r (the router)                  ns v6f-b
#   a0 (kernel IPv6 off) <-> r0 2001:db8:a::2/64  r1 2001:db8:b::2/64 <-> b0
#   gen6 -o, CPU 0              kernel (forwarding=1) or v6stack,    2001:db8:b::1/64
#   2001:db8:a::1               CPU 1                                (kernel)
#
# gen6 -m udp -o floods UDP datagrams (FWD_PAYLOAD bytes, default 64) from
# 2001:db8:a::1 to 2001:db8:b::1 at r0's MAC, one way, for FWD_SECONDS (5)
# at FWD_RATE pps (default 0: as fast as it can send). The router:
#   kernel   net.ipv6.conf.all.forwarding=1, the addresses on r0/r1 (nodad);
#   v6stack  kernel IPv6 off on r0 and r1 (disable_ipv6=1), and
#            v6stack run --set conf.all.forwarding=1 -i r0 -a 2001:db8:a::2/64
#            -i r1 -a 2001:db8:b::2/64 (-b packet, DAD off).
# Forwarded packets are counted where they arrive: b0's rx_packets (sysfs)
# before and after the run, over gen6's own elapsed time. B's kernel
# answers the router's NS and drops the datagrams (Udp6NoPorts; with no
# route back it sends nothing). The router's own count is printed too
# (Ip6OutForwDatagrams, the kernel's from /proc/net/snmp6 over the timed
# run, v6stack's on exit including the warm-up): under a flood the kernel
# counts far more than reach b0 (on Linux 6.18, veth, no drop counter on
# r1 or b0 shows where the rest go), so only arrivals are compared. A short
# paced warm-up run first lets the router resolve 2001:db8:b::1, so
# resolution is not measured.
# RPS steers r0's receive processing to CPU 1 and b0's to CPU 0 (FWD_RPS=0
# disables), so the router's work (the kernel's softirq, or the packet
# socket and v6stack, pinned there) has CPU 1 in both cases; the cpu: line
# says how busy each CPU was.
# FWD_ROUNDS (3) rounds alternate kernel and v6stack; the summary gives the
# median over rounds of the stack/kernel ratio (each taken within its round)
# and each router's median forwarded pps [min max]. Logs: build/bench/fwd_e2e/.
set -eu

cd "$(dirname "$0")/.."
SECS=${FWD_SECONDS:-5}
RATE=${FWD_RATE:-0}
PAYLOAD=${FWD_PAYLOAD:-64}
ROUNDS=${FWD_ROUNDS:-3}
RPS=${FWD_RPS:-1}
GEN=build/bench/gen6
V6=build/v6stack
LOG=${FWD_LOG:-build/bench/fwd_e2e}
NSA=v6f-a
NSR=v6f-r
NSB=v6f-b
A_MAC=02:00:00:00:aa:01
R0_MAC=02:00:00:00:ee:00
R1_MAC=02:00:00:00:ee:01
B_MAC=02:00:00:00:bb:01
A_IP=2001:db8:a::1
B_IP=2001:db8:b::1

. bench/lib.sh
bench_prelude fwd_e2e "$LOG" $GEN $V6
PIN_R=$PIN_RSP

RPID=
cleanup() {
	if [ -n "$RPID" ] && kill -0 "$RPID" 2>/dev/null; then
		kill -TERM "$RPID" 2>/dev/null || true
		wait "$RPID" 2>/dev/null || true
	fi
	RPID=
	for n in $NSA $NSR $NSB; do ip netns del $n 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nsa() { ip netns exec $NSA "$@"; }
nsr() { ip netns exec $NSR "$@"; }
nsb() { ip netns exec $NSB "$@"; }

setup() {
	cleanup
	for n in $NSA $NSR $NSB; do ip netns add $n; ip -n $n link set lo up; done
	ip -n $NSA link add a0 address $A_MAC type veth peer name r0 address $R0_MAC netns $NSR
	ip -n $NSB link add b0 address $B_MAC type veth peer name r1 address $R1_MAC netns $NSR
	nsa sysctl -qw net.ipv6.conf.a0.disable_ipv6=1
	nsr sysctl -qw net.ipv6.conf.all.forwarding=1
	nsr sysctl -qw net.ipv6.conf.r0.disable_ipv6=1
	nsr sysctl -qw net.ipv6.conf.r1.disable_ipv6=1
	ip -n $NSB addr add $B_IP/64 dev b0 nodad
	for l in "$NSA a0" "$NSR r0" "$NSR r1" "$NSB b0"; do
		set -- $l
		ip -n "$1" link set "$2" up
	done
	if [ "$RPS" = 1 ]; then
		nsr sh -c 'echo 2 > /sys/class/net/r0/queues/rx-0/rps_cpus'
		nsb sh -c 'echo 1 > /sys/class/net/b0/queues/rx-0/rps_cpus'
	fi
}

kernel_on() {
	nsr sysctl -qw net.ipv6.conf.r0.disable_ipv6=0
	nsr sysctl -qw net.ipv6.conf.r1.disable_ipv6=0
	ip -n $NSR addr add 2001:db8:a::2/64 dev r0 nodad
	ip -n $NSR addr add 2001:db8:b::2/64 dev r1 nodad
	# Interfaces just enabled can lose the first solicitations (the
	# warm-up's 0.3 s then resolves nothing): resolve B before it.
	i=0
	until nsr ping -6 -c 1 -W 1 $B_IP >/dev/null 2>&1; do
		i=$((i + 1))
		[ $i -lt 5 ] || { echo "fwd_e2e: the kernel router cannot reach $B_IP" >&2; exit 1; }
	done
}
kernel_off() {
	nsr sysctl -qw net.ipv6.conf.r0.disable_ipv6=1
	nsr sysctl -qw net.ipv6.conf.r1.disable_ipv6=1
}

# v6stack as the router, pinned to CPU 1; waits for its "ready" line.
stack_on() {
	ip netns exec $NSR $PIN_R $V6 run --set conf.all.forwarding=1 \
		--set conf.default.accept_dad=0 \
		-i r0 -b packet -a 2001:db8:a::2/64 -i r1 -b packet -a 2001:db8:b::2/64 \
		>"$LOG/v6stack-r$r.out" 2>"$LOG/v6stack-r$r.err" &
	RPID=$!
	i=0
	until grep -q '^ready' "$LOG/v6stack-r$r.out"; do
		if ! kill -0 $RPID 2>/dev/null || [ $i -ge 100 ]; then
			echo "fwd_e2e: v6stack did not print ready:" >&2
			cat "$LOG/v6stack-r$r.out" "$LOG/v6stack-r$r.err" >&2
			exit 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
}
stack_off() {
	kill -TERM $RPID
	rc=0
	{ wait $RPID; } 2>/dev/null || rc=$?
	RPID=
	[ $rc = 0 ] || { echo "fwd_e2e: v6stack exited $rc on SIGTERM" >&2; exit 1; }
	echo "v6stack: counters:" $(grep -E '^(Ip6InReceives|Ip6OutForwDatagrams) ' "$LOG/v6stack-r$r.out" | awk '{ printf "%s %s ", $1, $2 }')
	nz=$(awk '$1 ~ /^drop\./ && NF == 2 { printf "%s %s ", $1, $2 }' "$LOG/v6stack-r$r.out")
	[ -z "$nz" ] || echo "v6stack: drop counters: $nz"
}

b_rx() { nsb cat /sys/class/net/b0/statistics/rx_packets; }
# Per-CPU jiffies: "cpuN busy idle" (busy: user nice system irq softirq).
kfwd() { nsr awk '$1 == "Ip6OutForwDatagrams" { print $2 }' /proc/net/snmp6; }

gen() { # gen6 options...
	nsa $PIN_GEN $GEN -i a0 -s $A_MAC -S $A_IP -d $R0_MAC -D $B_IP -m udp -o \
		-l "$PAYLOAD" "$@"
}

# One router, one run: warm-up, then the timed flood counted on b0.
# Appends "round system forwarded_pps sent_pps" to $LOG/results.
run_router() { # $1 = kernel | v6stack
	sys=$1
	if [ "$sys" = kernel ]; then kernel_on; else stack_on; fi
	gen -t 0.3 -r 1000 >/dev/null 2>"$LOG/warmup-$sys-r$r.err"
	sleep 0.1
	rx0=$(b_rx)
	[ "$sys" != kernel ] || k0=$(kfwd)
	c0=$(cpu_snap)
	out=$(gen -t "$SECS" -r "$RATE" 2>"$LOG/gen6-$sys-r$r.err")
	c1=$(cpu_snap)
	sleep 0.2
	rx1=$(b_rx)
	secs=$(awk '/^gen6: / { print $2; exit }' "$LOG/gen6-$sys-r$r.err")
	sent=$(echo "$out" | awk '{ print $2 }')
	fwd=$(awk -v a="$rx0" -v b="$rx1" -v s="$secs" 'BEGIN { printf "%.0f", (b - a) / s }')
	spps=$(awk -v n="$sent" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
	printf '%-8s forwarded %s pps (b0 rx +%s in %s s), sent %s pps, forwarded/sent %s\n' \
		"$sys:" "$fwd" $((rx1 - rx0)) "$secs" "$spps" \
		"$(awk -v f="$fwd" -v s="$spps" 'BEGIN { printf "%.4f", (s > 0 ? f / s : 0) }')"
	echo "$sys: $(cpu_report "$c0" "$c1")"
	if [ "$sys" = kernel ]; then
		echo "kernel:  Ip6OutForwDatagrams +$(($(kfwd) - k0))"
		kernel_off
	else
		stack_off
	fi
	echo "$r $sys $fwd $spps" >>"$LOG/results"
}

: >"$LOG/results"
setup
echo "fwd_e2e: ${SECS}s per run, rate ${RATE} pps (0: flood), payload $PAYLOAD, $ROUNDS rounds; gen6 CPU 0, router CPU 1, RPS $RPS; logs in $LOG"
r=1
while [ $r -le "$ROUNDS" ]; do
	echo "--- round $r"
	for s in kernel v6stack; do run_router $s; done
	r=$((r + 1))
done

echo "--- summary over $ROUNDS rounds (medians; [min max] across rounds)"
awk -v rounds="$ROUNDS" '
function med(a, n,   i, j, t) {
	for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function show(name, a, n, fmt) { printf "%s " fmt " [" fmt " " fmt "]\n", name, med(a, n), a[1], a[n] }
{ f[$1, $2] = $3; s[$1, $2] = $4 }
END {
	for (i = 1; i <= rounds; i++) {
		if (f[i, "kernel"] > 0) q[++nq] = f[i, "v6stack"] / f[i, "kernel"]
		k[i] = f[i, "kernel"]; v[i] = f[i, "v6stack"]; ks[i] = s[i, "kernel"]; vs[i] = s[i, "v6stack"]
	}
	show("fwd ratio v6stack/kernel", q, nq, "%.3f")
	show("fwd kernel  forwarded pps", k, rounds, "%.0f")
	show("fwd v6stack forwarded pps", v, rounds, "%.0f")
	show("fwd kernel  run: gen6 sent pps", ks, rounds, "%.0f")
	show("fwd v6stack run: gen6 sent pps", vs, rounds, "%.0f")
}' "$LOG/results" | tee "$LOG/summary"
