# SPDX-License-Identifier: BSD-2-Clause
"""v6stack explain on a capture of healthy traffic between two Linux kernel
hosts (issue 14): ping, ping -s 3000 (fragments), ndisc6, radvd's RAs and
rdisc6, taken with tcpdump -w. explain must report nothing wrong, and say
that the addresses the hosts solicited resolved."""
import json
import os
import subprocess
import time

import topo as T

PFX = "v6ex"
A, B = PFX + "-a", PFX + "-b"
BIN = os.path.join(os.path.dirname(__file__), "..", "..", "build", "v6stack")


def test_explain_healthy_linux(tmp_path):
    cap = str(tmp_path / "healthy.pcap")
    for ns in (A, B):
        T.netns_add(ns)
    radvd = dump = None
    try:
        T.veth(A, "eth0", B, "eth0")
        T.sysctl(B, "net.ipv6.conf.all.forwarding", 1)
        T.kernel_side(B, "eth0", addrs=("2001:db8:7::1/64",))
        T.kernel_side(A, "eth0")
        b_ll = T.wait_kernel_ll(B, "eth0")
        T.wait_kernel_ll(A, "eth0")
        dump = subprocess.Popen(["ip", "netns", "exec", A, "tcpdump", "-i", "eth0",
                                 "-U", "-w", cap, "ip6"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(1)
        T.sh(["ndisc6", "-1", b_ll, "eth0"], ns=A, timeout=30)
        T.sh(["ping", "-c", "3", "-i", "0.2", b_ll + "%eth0"], ns=A, timeout=30)
        T.sh(["ping", "-c", "2", "-i", "0.2", "-s", "3000", b_ll + "%eth0"], ns=A, timeout=30)
        T.sh(["ping", "-c", "2", "-i", "0.2", T.ll_addrs(A, "eth0")[0] + "%eth0"], ns=B,
             timeout=30)
        radvd = T.Radvd(str(tmp_path), T.radvd_body(prefixes=("2001:db8:7::",)), B, "eth0")
        T.sh(["rdisc6", "-1", "eth0"], ns=A, timeout=30)
        time.sleep(5)  # radvd's next RAs, A's SLAAC address
        T.sh(["ping", "-c", "2", "-i", "0.2", "2001:db8:7::1"], ns=A, timeout=30)
    finally:
        if radvd:
            radvd.stop()
        if dump:
            T.stop_process(dump, wait=5)
        for ns in (A, B):
            T.netns_destroy(ns)
    td = T.sh(["tcpdump", "-r", cap, "-n"], check=False)
    assert "router advertisement" in td.stdout and "frag" in td.stdout, td.stdout
    assert "neighbor advertisement" in td.stdout and "echo reply" in td.stdout, td.stdout
    p = subprocess.run([BIN, "explain", cap], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "problem(s)" in p.stdout and " 0 problem(s)" in p.stdout, p.stdout + td.stdout
    assert "finding(s)" in p.stdout and "discards it" not in p.stdout, p.stdout
    assert "resolved" in p.stdout and "never" not in p.stdout, p.stdout
    j = subprocess.run([BIN, "explain", "--json", cap], capture_output=True, text=True,
                       timeout=120)
    rows = [json.loads(l) for l in j.stdout.splitlines()]
    assert not [r for r in rows if r["kind"] == "finding" or r.get("problem")], j.stdout
