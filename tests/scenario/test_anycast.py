# SPDX-License-Identifier: BSD-2-Clause
"""Anycast addresses (--anycast) against the kernel peer: echo replies and
their source (RFC 4443 2.2 (b), Linux anycast_src_echo_reply), the echo
switch icmp.echo_ignore_anycast, and resolution by Neighbor Advertisements
with O=0 sent after a random delay (RFC 4861 7.2.4, 7.2.7). The packet
backend is enough: nothing here depends on how frames reach the link."""
import re

import pytest

import topo as T

ACAST = "2001:db8::100"


@pytest.fixture(scope="module")
def backend(veth_topology):
    return "packet"


def replies_from(out):
    return set(re.findall(r"bytes from ([0-9a-f:]+): icmp_seq=", out))


def test_echo_to_anycast_from_unicast_and_na_without_override(make_stack,
                                                              tmp_path):
    st = make_stack(extra=["--anycast", ACAST])
    assert ("anycast %s %s" % (st.ifname, ACAST)) in st.stdout_lines(), \
        st.stdout_lines()
    st.neigh_flush()
    cap = T.Capture(st.peer_ns, st.peer_if, str(tmp_path / "ac.pcap"))
    p = st.ping(ACAST, count=3)
    path = cap.stop()
    out = p.stdout + p.stderr
    assert T.ping_stats(out)[1] == 3, out
    # RFC 4443 2.2 (b): the reply comes from a unicast address of ours.
    assert replies_from(out) == {T.STACK_GUA}, out
    # The kernel resolved the anycast address to the stack's MAC ...
    assert re.search(r"%s .*lladdr %s" % (re.escape(ACAST),
                                          T.SHARED.stack_mac),
                     st.neigh()), st.neigh()
    # ... through an NA with S=1, O=0 and our TLLA (RFC 4861 7.2.4).
    from scapy.all import rdpcap, ICMPv6ND_NA, ICMPv6NDOptDstLLAddr, IPv6
    nas = [f for f in rdpcap(path) if ICMPv6ND_NA in f
           and f[ICMPv6ND_NA].tgt == ACAST]
    assert len(nas) == 1, [f.summary() for f in rdpcap(path)]
    na = nas[0]
    assert na[IPv6].src == ACAST and na[IPv6].hlim == 255
    assert (na[ICMPv6ND_NA].S, na[ICMPv6ND_NA].O, na[ICMPv6ND_NA].R) == \
        (1, 0, 0)
    assert na[ICMPv6NDOptDstLLAddr].lladdr == T.SHARED.stack_mac
    c = st.stop()
    assert c.get("Icmp6OutEchoReplies") == 3, c
    assert c.get("Icmp6OutNeighborAdvertisements", 0) >= 1, c


def test_anycast_src_echo_reply(make_stack):
    st = make_stack(extra=["--anycast", ACAST],
                    sets=["anycast_src_echo_reply=1"])
    p = st.ping(ACAST, count=2)
    out = p.stdout + p.stderr
    assert T.ping_stats(out)[1] == 2, out
    assert replies_from(out) == {ACAST}, out
    # unicast echoes keep their own source
    p = st.ping(T.STACK_GUA, count=1)
    assert replies_from(p.stdout) == {T.STACK_GUA}, p.stdout
    st.stop()


def test_echo_ignore_anycast(make_stack):
    st = make_stack(extra=["--anycast", ACAST],
                    sets=["icmp.echo_ignore_anycast=1"])
    p = st.ping(ACAST, count=3, extra=["-w", "3"])
    sent, got, _ = T.ping_stats(p.stdout + p.stderr)
    assert got == 0 and sent >= 3, p.stdout
    p = st.ping(T.STACK_GUA, count=2)
    assert T.ping_stats(p.stdout)[1] == 2, p.stdout
    c = st.stop()
    assert c.get("drop.ICMP6_ECHO_IGNORED_ANYCAST") == sent, c
    assert c.get("Icmp6OutEchoReplies") == 2, c


def test_anycast_cli_errors(veth_topology, tmp_path):
    for bad, msg in (("ff02::1", "not a unicast address"),
                     (T.STACK_GUA, "address already on this interface"),
                     ("2001:db8::zz", "want an IPv6 address")):
        st = T.Stack(T.SHARED, str(tmp_path), extra=["--anycast", bad])
        with pytest.raises(AssertionError):
            st.start(timeout=5)
        assert msg in st.stderr_text(), st.stderr_text()
