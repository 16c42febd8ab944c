#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Install the Debian packages v6stack needs to build, demo and test, if any
# is missing. Idempotent; quiet when everything is there.
set -euo pipefail

pkgs=(
	build-essential libpcap-dev          # build
	clang libclang-rt-14-dev             # libFuzzer, sanitizers
	iproute2 iputils-ping ethtool        # namespaces, veth, the kernel's ping
	tcpdump tshark ndisc6 radvd          # captures, ndisc6/rdisc6, router advertisements
	python3-scapy python3-pytest         # scenario tests (/usr/bin/python3)
	valgrind                             # bench: instructions per packet
	ipv6toolkit thc-ipv6                 # the attack tools (tests/scenario/test_ns_exhaust.py)
	pkg-config groff-base man-db         # tests/install: pkg-config, man pages
	socat                                # tests/scenario/test_examples.py: the kernel's UDP peer
)
# Bench only (make bench-lpm compares the trie with DPDK's rte_lpm6; the
# stack never links DPDK): `tools/deps.sh bench` adds them.
[ "${1:-}" = bench ] && pkgs+=(dpdk-dev)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "tools/deps.sh: missing packages: ${missing[*]}; run as root (or install them)" >&2
	exit 1
fi
echo "tools/deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections || true
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
