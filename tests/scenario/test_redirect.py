# SPDX-License-Identifier: BSD-2-Clause
"""Redirect reception (RFC 4861 8.1 validation, 8.3 processing) with the
kernel as the first-hop router: the stack's echo replies to an off-link
node leave with the router's MAC until a valid Redirect names a better
next hop; invalid ones are ignored and counted. Frames are built here."""
import os
import re
import socket
import struct
import time

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
    neigh = T.sh([T.BINARY, "show", "neigh", "-i", NET.stk_if],
                 ns=NET.stk_ns).stdout
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
    T.sh([T.BINARY, "stats", "-i", NET.stk_if], ns=NET.stk_ns)
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


# ===================================================== Redirects we send ===
#
# RFC 4861 8.2 (Linux ip6_forward, ndisc_send_redirect) and RFC 4291 2.6.1,
# each case run twice with the same assertions: with the kernel as the
# router R (forwarding=1) and with the stack. One link, a bridge:
#
#   H1 2001:db8:5::1 ---+                +--- R2 2001:db8:5::3 --- D 2001:db8:d::1
#   default via R's LL  |--- bridge -----|    (kernel, forwarding)  (default via R2)
#                       +--- R ----------+
#        2001:db8:5::2/64, 2001:db8:6::2/64 on P0 (the stack or the kernel)
#        routes 2001:db8:d::/64 and 2001:db8:77::/64 via R2's link-local
#
# H1's packets to D go to R and back out of the same link to R2: a case
# for a Redirect naming R2.

R_MAC, R2_MAC = "02:00:00:00:5e:01", "02:00:00:00:5e:02"
R_LL, R2_LL = T.eui64_ll(R_MAC), T.eui64_ll(R2_MAC)
H1_GUA, R_GUA, R2_GUA = "2001:db8:5::1", "2001:db8:5::2", "2001:db8:5::3"
R_GUA6 = "2001:db8:6::2"          # a prefix only R has on the link
D_GUA, R2_D = "2001:db8:d::1", "2001:db8:d::2"
OFFLINK_SRC = "2001:db8:77::5"    # behind R2 as R's routes say
R_ROUTES = ("2001:db8:d::/64 via %s dev %%s" % R2_LL,
            "2001:db8:77::/64 via %s dev %%s" % R2_LL)


class RedirectNet(T.Net):
    """The link above for one router kind ("kernel" or "stack"): R in
    stk_ns on stk_if (P0), H1 in peer_ns on peer_if (P1), R2 (P2, P3 to
    D's P4) and the bridge (b0..b2) in namespaces of their own."""

    def __init__(self, prefix, kind):
        super().__init__(prefix, R_MAC, stack_gua=R_GUA, peer_gua=H1_GUA,
                         peer_dad=False)
        self.kind = kind
        self.stk_ns, self.peer_ns = prefix + "-r", prefix + "-h1"
        self.r2_ns, self.d_ns, self.br_ns = (prefix + "-r2", prefix + "-d",
                                             prefix + "-br")
        self.r2_if, self.r2d_if, self.d_if = (prefix + "2", prefix + "3",
                                              prefix + "4")

    def namespaces(self):
        return [self.stk_ns, self.peer_ns, self.r2_ns, self.d_ns, self.br_ns]

    def routes(self):
        return [r % self.stk_if for r in R_ROUTES]

    def build(self):
        self.destroy()
        r, h1, r2, d, br = self.namespaces()
        for ns in self.namespaces():
            T.netns_add(ns)
        T.sysctl(br, "net.ipv6.conf.default.disable_ipv6", 1)
        ports = []
        for i, (ns, ifname) in enumerate(((r, self.stk_if),
                                          (h1, self.peer_if),
                                          (r2, self.r2_if))):
            T.veth(ns, ifname, br, "%sb%d" % (self.prefix, i))
            ports.append("%sb%d" % (self.prefix, i))
        T.bridge(br, self.prefix + "br", ports)
        # every group reaches every port (no MLD snooping on this link)
        T.sh(["ip", "-n", br, "link", "set", self.prefix + "br", "type",
              "bridge", "mcast_snooping", "0"])
        T.veth(r2, self.r2d_if, d, self.d_if)
        T.sh(["ip", "-n", r, "link", "set", self.stk_if, "address", R_MAC])
        T.sh(["ip", "-n", r2, "link", "set", self.r2_if, "address", R2_MAC])
        if self.kind == "kernel":
            T.sysctl(r, "net.ipv6.conf.all.forwarding", 1)
            T.kernel_side(r, self.stk_if, [R_GUA + "/64", R_GUA6 + "/64"],
                          dad=False)
            for rt in self.routes():
                T.sh(["ip", "-n", r, "-6", "route", "add"] + rt.split())
        else:
            T.stack_side(r, self.stk_if)
        T.sysctl(r2, "net.ipv6.conf.all.forwarding", 1)
        T.kernel_side(r2, self.r2_if, [R2_GUA + "/64"], dad=False)
        T.kernel_side(r2, self.r2d_if, [R2_D + "/64"], dad=False)
        T.kernel_side(d, self.d_if, [D_GUA + "/64"], dad=False)
        T.sh(["ip", "-n", d, "-6", "route", "add", "default", "via", R2_D])
        T.kernel_side(h1, self.peer_if, [H1_GUA + "/64"], dad=False)
        # RFC 4861 8.1: a Redirect must come from the current first hop,
        # which a host knows by its link-local address
        T.sh(["ip", "-n", h1, "-6", "route", "add", "default", "via", R_LL,
              "dev", self.peer_if])
        self.info.clear()
        self.info["peer_ll"] = T.wait_kernel_ll(h1, self.peer_if)
        self.info["peer_mac"] = T.link_mac(h1, self.peer_if)
        T.wait_kernel_ll(r2, self.r2_if)
        if self.kind == "kernel":
            T.wait_kernel_ll(r, self.stk_if)
        return self.info

    def stack_args(self):
        extra = []
        for rt in self.routes():
            extra += ["--route", rt]
        return dict(addrs=[R_GUA + "/64", R_GUA6 + "/64"], extra=extra,
                    sets=["conf.all.forwarding=1"])

    def in_h1(self, cmd, check=True):
        return T.sh(cmd, ns=self.peer_ns, timeout=30, check=check)


RD_NETS = {"kernel": RedirectNet("v6dk", "kernel"),
           "stack": RedirectNet("v6ds", "stack")}


@pytest.fixture(scope="module", params=sorted(RD_NETS))
def rd(request, tmp_path_factory):
    """The link with its router R running (the stack started on it)."""
    net = RD_NETS[request.param]
    net.build()
    st = None
    if net.kind == "stack":
        st = T.Stack(net, str(tmp_path_factory.mktemp("redirect")),
                     **net.stack_args()).start()
    net.stack = st
    yield net
    if net.stack is not None:
        net.stack.stop()
        assert net.stack.returncode == 0, net.stack.logs()
    if not os.environ.get("V6S_KEEP"):
        net.destroy()


def first_hop(net, dst):
    out = net.in_h1(["ip", "-6", "route", "get", dst]).stdout
    m = re.search(r"\bvia (\S+)", out)
    return (m.group(1) if m else None), out


def test_rfc4861_8_2_redirect_applied_by_the_host(rd):
    """H1 pings D through R, whose route to D is R2 on the same link: R
    forwards the packets and sends H1 a Redirect (RFC 4861 8.2), which H1's
    kernel applies (8.3): `ip -6 route get` on H1 names R2's link-local."""
    assert first_hop(rd, D_GUA)[0] == R_LL
    out = T.ping_in(rd.peer_ns, D_GUA, count=3)
    assert T.ping_stats(out)[1] == 3, out
    hop, out = T.wait_for(lambda: (lambda h: h if h[0] == R2_LL else None)(
        first_hop(rd, D_GUA)), 3, "H1 to take R2 as first hop to D")
    assert "dev %s" % rd.peer_if in out, out
    if rd.stack is not None:
        assert rd.stack.stats().get("Icmp6OutRedirects", 0) >= 1


def udp_from_h1(net, src, dst):
    S = T.scapy()
    return bytes(S.Ether(dst=R_MAC, src=net.info["peer_mac"]) /
                 S.IPv6(src=src, dst=dst, hlim=64) /
                 S.UDP(sport=40005, dport=9) / S.Raw(b"no redirect" * 4))


def test_rfc4861_8_2_no_redirect_for_an_off_link_source(rd, tmp_path):
    """A packet whose source R reaches only through a gateway (R2) goes
    back out of the link it came by: forwarded, but no Redirect (RFC 4861
    8.2: the source must be a neighbour). The same capture sees one
    Redirect for a packet from H1 itself to another destination."""
    S = T.scapy()
    cap = T.Capture(rd.stk_ns, rd.stk_if, str(tmp_path / "r.pcap"), "ip6")
    rd.peer_send([udp_from_h1(rd, OFFLINK_SRC, "2001:db8:d::7").hex()])
    time.sleep(0.5)
    rd.peer_send([udp_from_h1(rd, H1_GUA, "2001:db8:d::8").hex()])
    got = [bytes(p) for p in S.rdpcap(cap.stop())]
    out = [f for f in got if T.hdr(f)["eth_src"] == R_MAC]
    fwd = [f for f in out if T.hdr(f)["nh"] == 17]
    assert [T.hdr(f)["src"] for f in fwd] == [OFFLINK_SRC, H1_GUA], \
        T.show_frames([(0, f) for f in out])
    assert all(T.hdr(f)["eth_dst"] == R2_MAC for f in fwd)
    redirects = [T.parse_icmp6(f) for f in out if T.icmp6_type(f) == 137]
    assert [(p["src"], p["dst"], p["hlim"]) for p in redirects] == \
        [(R_LL, H1_GUA, 255)], T.show_frames([(0, f) for f in out])
    m = redirects[0]["msg"]
    assert (T.ip6_str(m[8:24]), T.ip6_str(m[24:40])) == \
        (R2_LL, "2001:db8:d::8")


def na_from_r(net, target):
    """H1 solicits target (multicast NS with its SLLA): R's NA, parsed."""
    h1_mac = net.info["peer_mac"]
    ns = T.frame(T.mcast_mac(T.snma(target)), h1_mac, H1_GUA,
                 T.snma(target), T.ns_msg(target, opts=T.opt_slla(h1_mac)))
    rep = net.peer({"send": [ns.hex()], "window": 2, "from_mac": R_MAC,
                    "stop_types": [136], "stop_count": 1, "linger": 0.1})
    nas = [T.parse_icmp6(f) for f in T.of_type(rep["rx"], 136)]
    assert len(nas) == 1, T.show_frames(rep["rx"])
    return nas[0], T.parse_na(nas[0])


def test_rfc4861_4_4_na_router_flag(rd):
    """R's NA for its own address carries R=1 (RFC 4861 4.4, 7.2.4: a
    router), S=1, O=1, its MAC as TLLA; ndisc6 resolves it to R's MAC."""
    p, na = na_from_r(rd, R_GUA)
    assert (na["R"], na["S"], na["O"], na["target"]) == \
        (True, True, True, R_GUA), T.describe(p)
    assert (2, 1, T.mac_bytes(R_MAC)) in na["opts"], T.describe(p)
    out = rd.in_h1(["ndisc6", "-n", "-r", "2", R_GUA, rd.peer_if],
                   check=False).stdout
    assert "Target link-layer address: %s" % R_MAC.upper() in out, out


def test_rfc4291_2_6_1_subnet_router_anycast(rd):
    """2001:db8:6:: (R's prefix, interface identifier 0) is R's anycast
    address (RFC 4291 2.6.1): its NA has O=0 (RFC 4861 7.2.4) and R=1;
    H1, told the prefix is on-link, resolves it to R (a router, in its
    neighbour cache) and its echoes are answered from R's unicast address
    (RFC 4443 2.2 (b)). (ndisc6 takes only an NA whose source is the
    target, so it cannot resolve any anycast address, the kernel's
    either.)"""
    sr = "2001:db8:6::"
    p, na = na_from_r(rd, sr)
    assert (na["R"], na["S"], na["O"], na["target"]) == \
        (True, True, False, sr), T.describe(p)
    assert (2, 1, T.mac_bytes(R_MAC)) in na["opts"], T.describe(p)
    rd.in_h1(["ip", "-6", "route", "replace", "2001:db8:6::/64", "dev",
              rd.peer_if])
    out = T.ping_in(rd.peer_ns, sr, count=2)
    assert T.ping_stats(out)[1] == 2, out
    assert re.findall(r"bytes from (\S+): icmp_seq", out) == [R_GUA] * 2, out
    neigh = rd.in_h1(["ip", "-6", "neigh", "show", sr, "dev",
                      rd.peer_if]).stdout
    assert re.search(r"lladdr %s router" % R_MAC, neigh), neigh
