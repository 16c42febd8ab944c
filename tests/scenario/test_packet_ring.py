# SPDX-License-Identifier: BSD-2-Clause
"""The packet backend's receive ring (src/link/packet_ring.c): a frame
longer than a ring slot (slots are sized from the MTU at start) still
arrives whole, through the socket's queue (PACKET_COPY_THRESH), not
truncated. The MTU of both veth ends is raised to 9000 after the stack has
started; the kernel peer pings with 8000 bytes in one frame, and the stack
(its interface MTU still 1500) answers through fragments that the kernel
reassembles. Without the copy path the request would be truncated in the
ring and dropped. Packet backend only: pcap and tap have no ring."""
import pytest

import topo as T


def test_frame_longer_than_ring_slot(make_stack, backend):
    if backend != "packet":
        pytest.skip("the ring is the packet backend's")
    st = make_stack()
    mtu_cmds = [(st.ns, st.ifname), (st.peer_ns, st.peer_if)]
    try:
        for ns, ifname in mtu_cmds:
            T.sh(["ip", "-n", ns, "link", "set", ifname, "mtu", "9000"])
        p = st.ping(st.gua, count=3, size=8000)
    finally:
        for ns, ifname in mtu_cmds:
            T.sh(["ip", "-n", ns, "link", "set", ifname, "mtu", "1500"])
    assert p.returncode == 0, p.stdout + p.stderr
    c = st.stop()
    assert st.returncode == 0, st.logs()
    assert c.get("Icmp6InEchos", 0) >= 3, c
    assert c.get("Ip6FragCreates", 0) >= 3 * 6, c  # 8048 bytes at MTU 1500
