# SPDX-License-Identifier: BSD-2-Clause
"""Neighbour-cache exhaustion (issue 16; RFC 6583): unicast Neighbor
Solicitations without a Source Link-Layer Address option, from random
sources of a /64 (ipv6toolkit's ns6 -F), each of which makes the stack
resolve the source to answer it (RFC 4861 7.2.4, 7.2.2). While the flood
runs, the kernel peer pings the stack five times a second: an established
neighbour must never be crowded out by INCOMPLETE entries. Topology: NET, a bridge."""
import os
import subprocess
import time

import topo as T



NET = T.BridgeNet("v6hx", "02:00:00:00:dd:31")

FLOOD_S = int(os.environ.get("V6_SOAK_S", "10"))  # make soak: 60
PINGS_DURING = FLOOD_S * 10  # every 0.1 s
PINGS_AFTER = 25


def ping(ns, dst, count, interval="0.2"):
    return subprocess.Popen(
        ["ip", "netns", "exec", ns, "ping", "-n", "-i", interval, "-W", "1",
         "-c", str(count), dst],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def flood(cmd, seconds):
    p = subprocess.Popen(["ip", "netns", "exec", NET.atk_ns] + cmd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(seconds)
    early = p.poll()  # the tool must still be flooding
    p.kill()
    err = p.communicate()[1]
    assert early is None, (cmd, err)


def test_ns6_flood_without_slla_costs_no_established_neighbour(make_stack):
    """ns6 -F: the peer's pings lose at most 1 % during the flood (one
    in a hundred, for what a loaded machine's packet socket may drop at
    the flood's rate) and none after; the table stays bounded; the flood's resolutions are refused
    or recycled under their named drops (NEIGH_INCOMPLETE_FULL,
    NEIGH_RESOLVE_RATELIMITED), never NEIGH_TABLE_FULL for a talking
    neighbour."""
    st = make_stack()
    assert st.v6ping(NET.peer_gua, count=1).returncode == 0
    during = ping(NET.peer_ns, NET.stack_gua, PINGS_DURING, "0.1")
    flood(["ns6", "-i", NET.atk_if, "-s", "2001:db8::/64",
           "-d", NET.stack_gua, "-t", NET.stack_gua, "-F", "100000", "-l", "-z", "1"], FLOOD_S)
    d_out = during.communicate(timeout=60)[0]
    after = ping(NET.peer_ns, NET.stack_gua, PINGS_AFTER)
    a_out = after.communicate(timeout=60)[0]
    tx, rx, _ = T.ping_stats(d_out)
    tx2, rx2, _ = T.ping_stats(a_out)
    drops = st.drops_now()
    c = st.stats()
    print("during %d/%d, after %d/%d; NS in %s; drops %s" % (
        rx, tx, rx2, tx2, c.get("Icmp6InNeighborSolicits"),
        drops))
    assert c.get("Icmp6InNeighborSolicits", 0) > 10000, c
    assert tx == PINGS_DURING and rx * 100 >= tx * 99, d_out
    assert tx2 == PINGS_AFTER and rx2 == tx2, a_out
    assert c["NdiscCacheEntries"] <= 1024, c
    # the flood's resolutions were refused at incomplete_max (256), not
    # at the table's bound: the peer's entry was never at stake
    assert drops.get("NEIGH_INCOMPLETE_FULL", 0) > 10000, drops
    assert drops.get("NEIGH_TABLE_FULL", 0) == 0, drops
    assert st.show_neigh()[NET.peer_gua][1] in (
        "REACHABLE", "STALE", "DELAY", "PROBE"), st.show_neigh()
