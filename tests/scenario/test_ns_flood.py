# SPDX-License-Identifier: BSD-2-Clause
"""A Neighbor Solicitation flood from 5000 distinct sources (scapy in the
peer namespace). Each NS carries a Source Link-Layer Address option, so
each creates a neighbour entry (RFC 4861 7.2.3): the table must stay within
neigh.default.gc_thresh3, and, as Linux's neigh_alloc, once it is full of
entries younger than 5 s the new ones are refused (NEIGH_TABLE_FULL) and
their NSs unanswered; the stack's memory must not grow, and the kernel's
ping must still be answered during and after the flood. Topology: NET (topo.py)."""
import re
import subprocess
import time

import topo as T

# The stack on v6m0 in v6m-stk, the kernel peer on v6m1 in v6m-peer.
NET = T.Net("v6m", "02:00:00:00:dd:01", peer_dad=False)

N_SOURCES = 5000
GC_THRESH3 = 1024  # Linux's default, and ours

FLOOD = r"""
import scapy.all as S, sys, time
n = int(sys.argv[1])
frames = []
for k in range(n):
    mac = "02:aa:00:00:%02x:%02x" % (k >> 8, k & 255)
    src = "2001:db8::aa:%x" % k
    frames.append(bytes(
        S.Ether(src=mac, dst="33:33:ff:00:00:01") /
        S.IPv6(src=src, dst="ff02::1:ff00:1", hlim=255) /
        S.ICMPv6ND_NS(tgt="2001:db8::1") /
        S.ICMPv6NDOptSrcLLAddr(lladdr=mac)))
s = S.conf.L2socket(iface=sys.argv[2])
t0 = time.monotonic()
for i, f in enumerate(frames):
    s.send(f)
    if i % 100 == 99:  # about 2000/s, so that the flood spans the ping
        time.sleep(0.05)
print("sent %d in %.2fs" % (n, time.monotonic() - t0))
"""


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M).group(1))


def test_ns_flood_table_bounded_ping_answered(make_stack, topo):
    """RFC 4861 7.2.3 entries from 5000 sources: at most gc_thresh3 of them
    at any time (`v6stack show neigh` and NdiscCacheEntries), the rest
    refused and counted (NEIGH_TABLE_FULL: the NS and the NA it would
    need) and unanswered, RSS flat, and the kernel's ping answered
    throughout (during the flood and after)."""
    st = make_stack()
    pid = st.proc.pid
    assert st.v6ping(NET.peer_gua, count=1).returncode == 0
    rss0 = rss_kb(pid)
    ping = subprocess.Popen(
        ["ip", "netns", "exec", NET.peer_ns, "ping", "-n", "-i", "0.05", "-W",
         "1", "-c", "120", NET.stack_gua],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        time.sleep(0.5)
        out = T.sh(["ip", "netns", "exec", NET.peer_ns, T.PY, "-c", FLOOD,
                    str(N_SOURCES), NET.peer_if], timeout=300).stdout
        assert "sent %d" % N_SOURCES in out, out
        p_out = ping.communicate(timeout=60)[0]
    finally:
        if ping.poll() is None:
            ping.kill()
            ping.wait()
    tx, rx, loss = T.ping_stats(p_out)
    assert tx == 120 and rx >= 114, p_out  # at most 5% lost while flooded

    neigh = st.show_neigh()
    c = st.stats()
    assert len(neigh) <= GC_THRESH3, len(neigh)
    assert c["NdiscCacheEntries"] <= GC_THRESH3, c
    assert c["NdiscCacheEntries"] == len(neigh), (c, len(neigh))
    flooders = [a for a in neigh if a.startswith("2001:db8::aa:")]
    assert len(flooders) >= GC_THRESH3 // 2, len(flooders)
    drops = st.drops_now()
    assert drops.get("NEIGH_TABLE_FULL", 0) >= N_SOURCES - 2 * GC_THRESH3, drops
    assert c.get("Icmp6InNeighborSolicits", 0) >= N_SOURCES, c
    assert GC_THRESH3 // 2 <= c.get("Icmp6OutNeighborAdvertisements", 0) \
        <= N_SOURCES - drops["NEIGH_TABLE_FULL"] // 2, (c, drops)
    # the pools were sized at start: no growth beyond page faults in them
    rss1 = rss_kb(pid)
    print("flood: %s; ping %d/%d; neigh %d (flooders %d); refused %d, "
          "NA out %d; RSS %d -> %d kB" % (
              out.strip(), rx, tx, len(neigh), len(flooders),
              drops["NEIGH_TABLE_FULL"],
              c["Icmp6OutNeighborAdvertisements"], rss0, rss1))
    assert rss1 - rss0 < 4096, (rss0, rss1)
    # and afterwards, the kernel and `v6stack ping` still get through
    p = st.ping(NET.stack_gua, count=3)
    assert T.ping_stats(p.stdout)[1] == 3, p.stdout
    assert st.v6ping(NET.peer_gua, count=2).returncode == 0
    assert st.show_neigh()[NET.peer_gua][0] == topo["peer_mac"]
