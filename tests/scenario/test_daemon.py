"""A daemon that behaves (issue 15 item 4), against the kernel: the stack
pinging its own addresses (delivered inside the stack, as Linux's local
routes through lo), `ready` only once the -a addresses passed DAD (a
ping at once loses nothing), a link going down and up survived (DAD
again, then answered), a second stack with the same address or MAC on
the link refused, signals and a stale control socket, one control socket
per network namespace. Topology: NET (topo.py, names v6dm*)."""
import os
import re
import signal
import subprocess
import time

import pytest

import topo as T

NET = T.Net("v6dm", "02:00:00:00:d6:01", peer_dad=False)


def test_ping_own_addresses(make_stack, topo):
    """`v6stack ping` to the stack's own global and link-local addresses is
    answered inside the stack: nothing on the wire (no Neighbor
    Solicitation for itself), replies printed as iputils prints them, and
    the counters move as Linux's for a ping to a local address."""
    st = make_stack()
    before = st.stats()
    for dst in (NET.stack_gua, NET.stack_ll):
        p = st.v6ping(dst, count=3)
        assert p.returncode == 0, p.stdout + p.stderr
        assert T.ping_stats(p.stdout)[:2] == (3, 3), p.stdout
        assert re.search(r"^64 bytes from %s: icmp_seq=1 ttl=64 time=[\d.]+ ms$"
                         % re.escape(dst), p.stdout, re.M), p.stdout
    after = st.stats()

    def d(k):
        return after.get(k, 0) - before.get(k, 0)
    assert d("Icmp6OutEchos") == 6 and d("Icmp6InEchos") == 6, after
    assert d("Icmp6OutEchoReplies") == 6 and d("Icmp6InEchoReplies") == 6
    assert d("Ip6OutRequests") >= 12 and d("Ip6InReceives") >= 12
    assert d("Icmp6OutNeighborSolicits") == 0, after
    assert NET.stack_gua not in st.show_neigh()
