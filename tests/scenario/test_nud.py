# SPDX-License-Identifier: BSD-2-Clause
"""Neighbor Unreachability Detection (RFC 4861 7.3) against the kernel,
with lowered timers: the stack's entry for the kernel goes REACHABLE ->
STALE (ReachableTime) -> DELAY (a packet) -> PROBE (delay_first_probe_time)
-> REACHABLE (the kernel answers the unicast probe), and, with the kernel's
address gone, PROBE -> FAILED after exactly ucast_solicit unicast probes.
States are watched with `v6stack show neigh` and the -v log; the probes in
a capture. Topology: NET (topo.py)."""
import re
import time

import topo as T

# The stack on v6m0 in v6m-stk, the kernel peer on v6m1 in v6m-peer.
NET = T.Net("v6m", "02:00:00:00:dd:01", peer_dad=False)

SETS = ["neigh.IFACE.base_reachable_time_ms=1000",  # ReachableTime 0.5-1.5 s
        "neigh.IFACE.delay_first_probe_time=1",
        "neigh.IFACE.retrans_time_ms=300"]


def logged_states(st, addr):
    """The states the stack logged (-v) for addr, in order."""
    return re.findall(r"^neigh %s %s (\w+)$" % (NET.stk_if, re.escape(addr)),
                      st.stderr_text(), re.M)


def watch(st, addr, seconds, step=0.05):
    """Sample `v6stack show neigh` for addr; the distinct states in order."""
    seen = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        s = st.show_neigh().get(addr, (None, "NONE"))[1]
        if not seen or seen[-1] != s:
            seen.append(s)
        time.sleep(step)
    return seen


def unicast_ns(path, target, dst_mac):
    out = T.sh(["tshark", "-r", path, "-Y",
                "icmpv6.type == 135 && icmpv6.nd.ns.target_address == %s"
                % target, "-T", "fields", "-e", "frame.time_relative",
                "-e", "eth.src", "-e", "eth.dst", "-e", "ipv6.dst"]).stdout
    rows = [l.split("\t") for l in out.splitlines() if l.strip()]
    return [r for r in rows if r[1] == NET.stack_mac and r[2] == dst_mac]


def test_nud_stale_delay_probe_reachable(make_stack, topo, tmp_path):
    """RFC 4861 7.3.3 with ReachableTime 0.5-1.5 s, DELAY 1 s, RetransTimer
    300 ms: REACHABLE after a ping, STALE on its own, DELAY at the next
    packet, PROBE a second later with one unicast NS to the kernel's MAC,
    REACHABLE when the kernel answers it."""
    st = make_stack(sets=SETS)
    peer_mac = topo["peer_mac"]
    cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "nud.pcap"))
    p = st.v6ping(NET.peer_gua, count=1)
    assert p.returncode == 0, p.stdout
    assert st.show_neigh()[NET.peer_gua] == (peer_mac, "REACHABLE")
    T.wait_for(lambda: st.show_neigh()[NET.peer_gua][1] == "STALE", 3,
               "REACHABLE -> STALE")
    assert st.show_neigh()[NET.peer_gua] == (peer_mac, "STALE")
    p = st.v6ping(NET.peer_gua, count=1)
    assert p.returncode == 0, p.stdout
    seen = watch(st, NET.peer_gua, 2.0)
    path = cap.stop()
    assert seen[0] == "DELAY" and "REACHABLE" in seen, seen
    log = logged_states(st, NET.peer_gua)
    # INCOMPLETE REACHABLE STALE DELAY PROBE REACHABLE, in this order
    want = ["INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "REACHABLE"]
    assert log[:6] == want, log
    probes = unicast_ns(path, NET.peer_gua, peer_mac)
    assert len(probes) == 1, probes
    assert probes[0][3] == NET.peer_gua, probes


def test_nud_probe_failed_after_ucast_solicit(make_stack, topo, tmp_path):
    """RFC 4861 7.3.3: when the kernel no longer answers (its address
    removed), exactly ucast_solicit (here 4) unicast probes RetransTimer
    apart, then the entry fails (Linux: FAILED)."""
    st = make_stack(sets=SETS + ["neigh.IFACE.ucast_solicit=4"])
    peer_mac = topo["peer_mac"]
    try:
        assert st.v6ping(NET.peer_gua, count=1).returncode == 0
        T.wait_for(lambda: st.show_neigh()[NET.peer_gua][1] == "STALE", 3,
                   "REACHABLE -> STALE")
        st.peer(["ip", "addr", "del", NET.peer_gua + "/64", "dev", NET.peer_if],
                check=True)
        cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "fail.pcap"))
        p = st.v6ping(NET.peer_gua, count=1, extra=["-W", "1"])
        assert p.returncode == 1, p.stdout
        T.wait_for(lambda: st.show_neigh()[NET.peer_gua][1] == "FAILED", 5,
                   "PROBE -> FAILED")
        path = cap.stop()
    finally:
        st.peer(["ip", "addr", "replace", NET.peer_gua + "/64", "dev",
                 NET.peer_if, "nodad"])
    log = logged_states(st, NET.peer_gua)
    assert log[-4:] == ["STALE", "DELAY", "PROBE", "FAILED"], log
    probes = unicast_ns(path, NET.peer_gua, peer_mac)
    assert len(probes) == 4, probes
    gaps = [float(b[0]) - float(a[0]) for a, b in zip(probes, probes[1:])]
    assert all(0.25 < g < 0.45 for g in gaps), gaps
