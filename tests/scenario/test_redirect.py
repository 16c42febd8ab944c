"""Redirect reception (RFC 4861 8.1 validation, 8.3 processing) with the
kernel as the first-hop router: the stack's echo replies to an off-link
node leave with the router's MAC until a valid Redirect names a better
next hop; invalid ones are ignored and counted. Frames are built here."""
import socket
import struct

import pytest

import topo as T

# The stack on v6r0, the kernel (the first-hop router) on v6r1.
NET = T.Net("v6r", "02:00:00:00:aa:01", peer_gua="2001:db8:1::1",
            forwarding=True, stack_addrs=())

STACK_ADDR = "2001:db8:1::10"
FAR = "2001:db8:2::2"          # off-link: behind the router
BETTER_LL, BETTER_MAC = "fe80::99", "02:00:00:00:99:99"
ONLINK_MAC = "02:00:00:00:88:88"


@pytest.fixture
def setup(tmp_path):
    peer_ll = NET.build()["peer_ll"]
    st = T.Stack(NET, str(tmp_path),
                 sets=["conf.IFACE.router_solicitations=0"],
                 addrs=(STACK_ADDR + "/64",))
    agent = NET.agent()
    try:
        st.start()
        pmac = NET.info["peer_mac"]
        # the kernel peer as the default router (RFC 4861 4.2; lifetime 60)
        ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 60, 0, 0) + \
            b"\x01\x01" + T.mac_bytes(pmac)
        agent.xact([T.frame("33:33:00:00:00:01", pmac, peer_ll, "ff02::1",
                            ra)], 0.3)
        T.wait_for(lambda: peer_ll in st.show("routers"), 3,
                   "the peer in the default router list")
        yield st, agent, peer_ll, pmac
    finally:
        agent.close()
        st.stop()
        NET.destroy()


def echo_from_far(pmac, seq):
    msg = struct.pack("!BBHHH", 128, 0, 0, 0x7272, seq) + b"redirect"
    return T.frame(NET.stack_mac, pmac, FAR, STACK_ADDR, msg, hlim=63)


def reply_mac(agent, pmac, seq):
    """Send an echo from the off-link node through the router; return the
    destination MAC of the stack's reply."""
    rx = agent.xact([echo_from_far(pmac, seq)], 1.0, stop_icmp6_type=129)
    for _, fr in rx:
        p = T.parse_icmp6(fr)
        if p and p["type"] == 129 and p["dst"] == FAR:
            return p["eth_dst"]
    raise AssertionError("no echo reply to %s in %s" % (
        FAR, [T.describe(T.parse_icmp6(f)) for _, f in rx]))


def redirect(pmac, src, target, dest, tlla=None, hlim=255, code=0):
    msg = struct.pack("!BBHI", 137, code, 0, 0) + \
        socket.inet_pton(socket.AF_INET6, target) + \
        socket.inet_pton(socket.AF_INET6, dest)
    if tlla:
        msg += b"\x02\x01" + T.mac_bytes(tlla)
    return T.frame(NET.stack_mac, pmac, src, NET.stack_ll, msg, hlim=hlim)


def test_invalid_redirects_ignored_then_valid_one_changes_next_hop(setup):
    """RFC 4861 8.1: hop limit != 255, code != 0, a source that is not the
    first-hop router, a global target that is not the destination: each is
    ignored (named drop); 8.3: a valid one sends the next packet to the
    target, whose TLLA fills the neighbour cache."""
    st, agent, peer_ll, pmac = setup
    assert reply_mac(agent, pmac, 1) == pmac
    bad = [
        redirect(pmac, peer_ll, BETTER_LL, FAR, BETTER_MAC, hlim=254),
        redirect(pmac, peer_ll, BETTER_LL, FAR, BETTER_MAC, code=1),
        redirect(pmac, "fe80::5", BETTER_LL, FAR, BETTER_MAC),
        redirect(pmac, peer_ll, "2001:db8:9::9", FAR, BETTER_MAC),
        redirect(pmac, peer_ll, BETTER_LL, "ff0e::1", BETTER_MAC),
    ]
    for i, f in enumerate(bad):
        agent.xact([f], 0.1)
        assert reply_mac(agent, pmac, 10 + i) == pmac, i
    agent.xact([redirect(pmac, peer_ll, BETTER_LL, FAR, BETTER_MAC)], 0.1)
    assert reply_mac(agent, pmac, 20) == BETTER_MAC
    neigh = T.sh([T.BINARY, "show", "neigh", "-i", NET.stk_if]).stdout
    assert "%s dev v6r0 lladdr %s router STALE" % (BETTER_LL, BETTER_MAC) in \
        neigh or "%s dev v6r0 lladdr %s router" % (BETTER_LL, BETTER_MAC) in \
        neigh, neigh
    c = st.stop()
    for d in ("REDIRECT_HOPLIMIT", "REDIRECT_BAD_CODE",
              "REDIRECT_NOT_FIRST_HOP", "REDIRECT_BAD_TARGET",
              "REDIRECT_DEST_MULTICAST"):
        assert c.get("drop." + d) == 1, (d, c)
    assert c.get("Icmp6InRedirects") == 6, c


def test_redirect_to_destination_means_onlink(setup):
    """RFC 4861 8.3: "If the Target Address and Destination Address are the
    same, the host MUST treat the Target as on-link"."""
    st, agent, peer_ll, pmac = setup
    assert reply_mac(agent, pmac, 1) == pmac
    agent.xact([redirect(pmac, peer_ll, FAR, FAR, ONLINK_MAC)], 0.1)
    assert reply_mac(agent, pmac, 2) == ONLINK_MAC


def test_accept_redirects_0(tmp_path, setup):
    """Linux accept_redirects=0: a valid Redirect is ignored."""
    st, agent, peer_ll, pmac = setup
    T.sh([T.BINARY, "stats", "-i", NET.stk_if])
    st2 = None
    # set it on the running stack's interface through a restart-free path:
    # not available over the control socket, so start a second stack
    st.stop()
    st2 = T.Stack(NET, str(tmp_path),
                  sets=["conf.IFACE.router_solicitations=0",
                        "conf.IFACE.accept_redirects=0"],
                  addrs=(STACK_ADDR + "/64",))
    st2.start()
    try:
        ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 60, 0, 0) + \
            b"\x01\x01" + T.mac_bytes(pmac)
        agent.xact([T.frame("33:33:00:00:00:01", pmac, peer_ll, "ff02::1",
                            ra)], 0.3)
        agent.xact([redirect(pmac, peer_ll, BETTER_LL, FAR, BETTER_MAC)], 0.1)
        assert reply_mac(agent, pmac, 3) == pmac
    finally:
        c = st2.stop()
    assert c.get("drop.REDIRECT_NOT_ACCEPTED") == 1, c
