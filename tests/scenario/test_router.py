# SPDX-License-Identifier: BSD-2-Clause
"""The stack as a router (RFC 8200 3, RFC 4443 3, Linux ip6_forward and
ip6_route_input), each case run twice with the same assertions: once with
the Linux kernel as the router, once with the stack, so that the kernel
proves every expectation.

Topology (RouterNet, one per router kind, prefix P):

  host A (P-a, P1)  ---  router (P-r: P0 towards A, P8 towards B)  ---  host B (P-b, P9)
  2001:db8:a::1/64       2001:db8:a::2/64     2001:db8:b::2/64          2001:db8:b::1/64

A and B route everything via the router; B's link has MTU 1400; the
router carries ROUTES and RULES (ip -6 route and ip -6 rule syntax: --route
and --rule for the stack, ip -6 route add and ip -6 rule add for the
kernel) and sends ICMPv6 errors without rate limit (icmp.ratelimit=0) so
that every case gets its own. A second pair of routers (fixture `both`)
takes generated routes and rules at run time and must answer, show and
look up exactly as the kernel does (V6S_ROUTE_SEED, V6S_RULE_SEED choose
other generated sets).
"""
import json
import os
import re

import pytest

import topo as T

A_GUA, RA_GUA = "2001:db8:a::1", "2001:db8:a::2"
A2_GUA = "2001:db8:a::7"   # A's second address
B_GUA, RB_GUA = "2001:db8:b::1", "2001:db8:b::2"
RT_MAC = "02:00:00:00:77:01"   # the router's P0, kernel or stack
B_MTU = 1400
MIN_MTU = 1280
MAX_QUOTE = MIN_MTU - 40 - 8   # 1232: RFC 4443 2.4 (c)

# Behind B (a gateway route), the reject types, a route with its own MTU,
# and an on-link address on B's link that nobody answers.
ROUTES = (
    "2001:db8:c::/48 via %s" % B_GUA,
    "prohibit 2001:db8:e1::/48",
    "blackhole 2001:db8:e2::/48",
    "unreachable 2001:db8:e3::/48",
    "2001:db8:d::/48 via %s mtu 1300" % B_GUA,
    "throw 2001:db8:f0::/48",
    "2001:db8:f2::/48 via %s table 100" % B_GUA,
    "throw 2001:db8:f2:1::/64 table 100",
)
# Rules (ip -6 rule syntax): A's own address gets prohibit for f1::/48,
# and table 100 (f2::/48 behind B, but a throw for f2:1::/64, which then
# has no route in main).
RULES = (
    "from %s to 2001:db8:f1::/48 prohibit pref 100" % A_GUA,
    "from 2001:db8:a::/64 lookup 100 pref 200",
)
BEHIND_B = "2001:db8:c::5"
NOBODY_ON_B = "2001:db8:b::99"


class RouterNet(T.Net):
    """A - router - B for one router kind ("kernel" or "stack"); the
    router's namespace is stk_ns, A's is peer_ns (where Net.peer() runs)."""

    def __init__(self, prefix, kind):
        super().__init__(prefix, RT_MAC, stack_gua=RA_GUA, peer_gua=A_GUA,
                         peer_dad=False)
        self.kind = kind
        self.stk_ns, self.peer_ns = prefix + "-r", prefix + "-a"
        self.b_ns, self.rb_if, self.b_if = prefix + "-b", prefix + "8", \
            prefix + "9"

    def namespaces(self):
        return [self.stk_ns, self.peer_ns, self.b_ns]

    def build(self):
        self.destroy()
        r, a, b = self.stk_ns, self.peer_ns, self.b_ns
        for ns in (r, a, b):
            T.netns_add(ns)
        T.veth(r, self.stk_if, a, self.peer_if)
        T.veth(r, self.rb_if, b, self.b_if)
        T.sh(["ip", "-n", r, "link", "set", self.stk_if, "address", RT_MAC])
        for ns, ifname in ((r, self.rb_if), (b, self.b_if)):
            T.sh(["ip", "-n", ns, "link", "set", ifname, "mtu", str(B_MTU)])
        if self.kind == "kernel":
            T.sysctl(r, "net.ipv6.conf.all.forwarding", 1)
            T.sysctl(r, "net.ipv6.icmp.ratelimit", 0)
            T.kernel_side(r, self.stk_if, [RA_GUA + "/64"], dad=False)
            T.kernel_side(r, self.rb_if, [RB_GUA + "/64"], dad=False)
            for rt in ROUTES:
                T.sh(["ip", "-n", r, "-6", "route", "add"] + rt.split())
            for rl in RULES:
                T.sh(["ip", "-n", r, "-6", "rule", "add"] + rl.split())
        else:
            T.stack_side(r, self.stk_if)
            T.stack_side(r, self.rb_if)
        T.kernel_side(a, self.peer_if, [A_GUA + "/64", A2_GUA + "/64"],
                      dad=False)
        T.sh(["ip", "-n", a, "-6", "route", "add", "default", "via", RA_GUA])
        T.kernel_side(b, self.b_if, [B_GUA + "/64"], dad=False)
        T.sh(["ip", "-n", b, "-6", "route", "add", "default", "via", RB_GUA])
        self.info.clear()
        self.info["peer_ll"] = T.wait_kernel_ll(a, self.peer_if)
        self.info["peer_mac"] = T.link_mac(a, self.peer_if)
        self.info["rb_mac"] = T.link_mac(r, self.rb_if)
        return self.info

    def stack_args(self):
        """The stack router's interfaces, addresses and routes."""
        extra = ["-i", self.rb_if, "-a", RB_GUA + "/64"]
        for rt in ROUTES:
            extra += ["--route", rt]
        for rl in RULES:
            extra += ["--rule", rl]
        return dict(addrs=[RA_GUA + "/64"], extra=extra,
                    sets=["conf.all.forwarding=1", "icmp.ratelimit=0",
                          "conf.%s.accept_dad=0" % self.rb_if])

    def in_a(self, cmd, timeout=30, check=True):
        return T.sh(cmd, ns=self.peer_ns, timeout=timeout, check=check)


NETS = {"kernel": RouterNet("v6rk", "kernel"),
        "stack": RouterNet("v6rt", "stack")}


@pytest.fixture(scope="module", params=sorted(NETS))
def rt(request, tmp_path_factory):
    """The topology with its router running (the stack started on it)."""
    net = NETS[request.param]
    net.build()
    st = None
    if net.kind == "stack":
        st = T.Stack(net, str(tmp_path_factory.mktemp("router")),
                     **net.stack_args()).start()
    net.stack = st
    yield net
    if net.stack is not None:
        net.stack.stop()
        assert net.stack.returncode == 0, net.stack.logs()
    if not os.environ.get("V6S_KEEP"):
        net.destroy()


def ping(net, dst, ns=None, count=3, size=None, extra=()):
    return T.ping_in(ns or net.peer_ns, dst, count=count, size=size,
                     extra=extra)


# ----------------------------------------------------- forwarding ---

def test_ping_through(rt):
    """A and B ping each other through the router: every reply comes back,
    one hop less (RFC 8200 3: the hop limit decremented by one)."""
    out = ping(rt, B_GUA)
    assert T.ping_stats(out)[1] == 3, out
    assert re.findall(r"ttl=(\d+)", out) == ["63"] * 3, out
    out = ping(rt, A_GUA, ns=rt.b_ns)
    assert T.ping_stats(out)[1] == 3, out
    assert re.findall(r"ttl=(\d+)", out) == ["63"] * 3, out


def test_forwarded_unchanged(rt, tmp_path):
    """What leaves towards B is what A sent, byte for byte, but the hop
    limit, and it goes to the next hop's MAC from the router's."""
    S = T.scapy()
    pkt = bytes(S.IPv6(src=A_GUA, dst=BEHIND_B, hlim=9, tc=0x28, fl=0x12345)
                / S.UDP(sport=40000, dport=9) / S.Raw(b"forward me" * 20))
    cap = T.Capture(rt.b_ns, rt.b_if, str(tmp_path / "b.pcap"),
                    "ip6 and udp")
    frame = bytes(rt.eth()) + pkt
    rt.peer({"send": [frame.hex()], "window": 0.5})
    got = [bytes(p) for p in S.rdpcap(cap.stop())]
    assert len(got) == 1, T.show_frames([(0, g) for g in got])
    want = bytearray(pkt)
    want[7] = 8
    assert got[0][14:] == bytes(want), (got[0][14:].hex(), want.hex())
    h = T.hdr(got[0])
    assert h["eth_src"] == rt.info["rb_mac"], h
    assert h["eth_dst"] == T.link_mac(rt.b_ns, rt.b_if), h


def test_traceroute(rt):
    """rltraceroute6 (ndisc6's traceroute6) from A: the router's address on
    A's link answers hop 1 with Time Exceeded, then B itself."""
    p = rt.in_a(["rltraceroute6", "-n", "-q", "1", "-m", "4", B_GUA],
                timeout=60)
    hops = re.findall(r"^\s*(\d+)\s+(\S+)", p.stdout, re.M)
    assert hops == [("1", RA_GUA), ("2", B_GUA)], p.stdout


def test_path_mtu(rt):
    """A ping too big for B's link: Packet Too Big with B's link MTU (RFC
    4443 3.2; a router does not fragment, RFC 8200 5), which A's kernel
    takes as its path MTU to B; the next ping goes through in fragments."""
    rt.in_a(["ip", "-6", "route", "flush", "cache"], check=False)
    out = ping(rt, B_GUA, count=1, size=1420)
    assert "mtu=%d" % B_MTU in out or T.ping_stats(out)[1] == 0, out
    p = rt.in_a(["ip", "-6", "route", "get", B_GUA])
    assert "mtu %d" % B_MTU in p.stdout, p.stdout
    out = ping(rt, B_GUA, count=2, size=1420)
    assert T.ping_stats(out)[1] == 2, out


# ---------------------------------------------- errors, field by field ---

def udp_pkt(src=A_GUA, dst=B_GUA, hlim=64, size=64):
    S = T.scapy()
    return bytes(S.IPv6(src=src, dst=dst, hlim=hlim) /
                 S.UDP(sport=40001, dport=9) / S.Raw(b"r" * size))


def hbh_pkt(opt_type, dst=BEHIND_B):
    """A UDP packet with a Hop-by-Hop header holding one option of
    opt_type with 4 bytes of data (the option at offset 42)."""
    S = T.scapy()
    return bytes(S.IPv6(src=A_GUA, dst=dst, hlim=64) /
                 S.IPv6ExtHdrHopByHop(options=[S.HBHOptUnknown(
                     otype=opt_type, optdata=b"\0" * 4)]) /
                 S.UDP(sport=40003, dport=9) / S.Raw(b"h" * 16))


def icmp_err_pkt(dst=B_GUA, hlim=1):
    """An ICMPv6 error (Destination Unreachable) from A, itself quoting a
    packet."""
    S = T.scapy()
    inner = S.IPv6(src=dst, dst=A_GUA) / S.UDP(sport=9, dport=40001)
    return bytes(S.IPv6(src=A_GUA, dst=dst, hlim=hlim) /
                 S.ICMPv6DestUnreach(code=4) / inner)


# name: (IPv6 packet A sends, expected (type, code, 32-bit word) or None,
#        the error's source and destination)
CASES = {
    "hop-limit-1": (lambda: udp_pkt(hlim=1), (3, 0, 0), RA_GUA, A_GUA),
    "hop-limit-2": (lambda: udp_pkt(dst=BEHIND_B, hlim=2), None, 0, 0),
    "no-route": (lambda: udp_pkt(dst="2001:db8:99::1"), (1, 0, 0), RA_GUA,
                 A_GUA),
    "unreachable": (lambda: udp_pkt(dst="2001:db8:e3::1"), (1, 0, 0),
                    RA_GUA, A_GUA),
    "prohibit": (lambda: udp_pkt(dst="2001:db8:e1::1"), (1, 1, 0), RA_GUA,
                 A_GUA),
    "blackhole": (lambda: udp_pkt(dst="2001:db8:e2::1"), None, 0, 0),
    "too-big": (lambda: udp_pkt(size=1420), (2, 0, B_MTU), RA_GUA, A_GUA),
    "route-mtu": (lambda: udp_pkt(dst="2001:db8:d::5", size=1300),
                  (2, 0, 1300), RA_GUA, A_GUA),
    "error-hop-limit-1": (lambda: icmp_err_pkt(hlim=1), None, 0, 0),
    # RFC 8200 4.2: options are examined on the way (ipv6_rcv first): an
    # unknown one of type 10xxxxxx is a Parameter Problem code 2 at it
    "hbh-unknown-option": (lambda: hbh_pkt(0x87), (4, 2, 42), RA_GUA, A_GUA),
    # 0x1e: RFC 4727's experimental type, 00: skipped (not 0x07, CALIPSO,
    # which Linux parses)
    "hbh-unknown-skip": (lambda: hbh_pkt(0x1e), None, 0, 0),
    "throw-to-nothing": (lambda: udp_pkt(dst="2001:db8:f0::1"), (1, 0, 0),
                         RA_GUA, A_GUA),
    "rule-prohibit": (lambda: udp_pkt(dst="2001:db8:f1::1"), (1, 1, 0),
                      RA_GUA, A_GUA),
    "rule-prohibit-other-source": (
        lambda: udp_pkt(src=A2_GUA, dst="2001:db8:f1::1"),
        (1, 0, 0), RA_GUA, A2_GUA),
    "rule-table": (lambda: udp_pkt(dst="2001:db8:f2::1"), None, 0, 0),
    "rule-table-throw": (lambda: udp_pkt(dst="2001:db8:f2:1::1"), (1, 0, 0),
                         RA_GUA, A_GUA),
}


# Linux applies a route's own MTU at output (ip6_fragment), after the hop
# limit was decremented: its Packet Too Big quotes the packet so.
QUOTES_AS_SENT = {"route-mtu"}


def as_sent(pkt):
    """pkt as the router would have sent it on: its hop limit one less."""
    b = bytearray(pkt)
    b[7] -= 1
    return bytes(b)


def check_error(net, fr, trigger, want, src, dst):
    """Every field of an ICMPv6 error from the router about trigger."""
    h = T.hdr(fr)
    assert h["eth_src"] == RT_MAC, h
    assert h["eth_dst"] == net.info["peer_mac"], h
    assert (h["version"], h["tclass"], h["nh"], h["hlim"]) == (6, 0, 58, 64), h
    assert (h["src"], h["dst"]) == (src, dst), h
    n = min(len(trigger), MAX_QUOTE)
    assert h["plen"] == 8 + n, h
    f = T.icmp_fields(fr)
    assert (f["type"], f["code"], f["word"]) == want, f
    assert f["csum_ok"], f
    assert f["quote"] == trigger[:n], (f["quote"].hex(), trigger.hex())


def errors_from_router(net, frame, window):
    rep = net.peer({"send": [frame.hex()], "window": window,
                    "stop_types": [1, 2, 3, 4], "stop_count": 1,
                    "linger": 0.3})
    return [f for t in (1, 2, 3, 4) for f in T.of_type(rep["rx"], t)], rep


COUNTERS = ("Ip6InHdrErrors", "Ip6InAddrErrors", "Ip6InNoRoutes",
            "Ip6InTooBigErrors", "Ip6OutForwDatagrams", "Ip6FragFails",
            "Icmp6OutDestUnreachs", "Icmp6OutTimeExcds",
            "Icmp6OutPktTooBigs", "Icmp6OutParmProblems")


def counters(net):
    """COUNTERS of the router, the kernel's (/proc/net/snmp6) or the
    stack's (v6stack show stats), by the same SNMP names."""
    if net.kind == "kernel":
        text = T.sh(["cat", "/proc/net/snmp6"], ns=net.stk_ns).stdout
    else:
        text = net.stack.cli("stats", "-i", net.stk_if).stdout
    got = dict(re.findall(r"^(\w+)\s+(\d+)", text, re.M))
    return {k: int(got.get(k, 0)) for k in COUNTERS}


# The counters each case moves, on Linux (and so on the stack).
CASE_COUNTERS = {
    "hop-limit-1": {"Ip6InHdrErrors": 1, "Icmp6OutTimeExcds": 1},
    "hop-limit-2": {"Ip6OutForwDatagrams": 1},
    "no-route": {"Ip6InNoRoutes": 1, "Icmp6OutDestUnreachs": 1},
    "unreachable": {"Ip6InNoRoutes": 1, "Icmp6OutDestUnreachs": 1},
    "prohibit": {"Ip6InNoRoutes": 1, "Icmp6OutDestUnreachs": 1},
    "blackhole": {},
    "too-big": {"Ip6InTooBigErrors": 1, "Ip6FragFails": 1,
                "Icmp6OutPktTooBigs": 1, "Ip6OutForwDatagrams": 1},
    "route-mtu": {"Ip6FragFails": 1, "Icmp6OutPktTooBigs": 1,
                  "Ip6OutForwDatagrams": 1},
    "error-hop-limit-1": {"Ip6InHdrErrors": 1},
    "hbh-unknown-option": {"Ip6InHdrErrors": 1, "Icmp6OutParmProblems": 1},
    "hbh-unknown-skip": {"Ip6OutForwDatagrams": 1},
    "throw-to-nothing": {"Ip6InNoRoutes": 1, "Icmp6OutDestUnreachs": 1},
    "rule-prohibit": {"Ip6InNoRoutes": 1, "Icmp6OutDestUnreachs": 1},
    "rule-prohibit-other-source": {"Ip6InNoRoutes": 1,
                                   "Icmp6OutDestUnreachs": 1},
    "rule-table": {"Ip6OutForwDatagrams": 1},
    "rule-table-throw": {"Ip6InNoRoutes": 1, "Icmp6OutDestUnreachs": 1},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_error(rt, case):
    """RFC 4443 3.1-3.3 and 2.4 (e) as the route and ip6_forward decide,
    and the SNMP counters Linux moves for each."""
    make, want, src, dst = CASES[case]
    pkt = make()
    before = counters(rt)
    errs, rep = errors_from_router(rt, bytes(rt.eth()) + pkt, 1.0)
    after = counters(rt)
    moved = {k: after[k] - before[k] for k in COUNTERS
             if after[k] != before[k]}
    assert moved == CASE_COUNTERS[case], moved
    if want is None:
        assert errs == [], T.show_frames([(0, e) for e in errs])
        return
    assert len(errs) == 1, T.show_frames(rep["rx"])
    check_error(rt, errs[0], as_sent(pkt) if case in QUOTES_AS_SENT else pkt,
                want, src, dst)


def test_linklocal_source(rt):
    """A link-local source leaving for another link: Destination
    Unreachable code 2, beyond the scope of the source address (RFC 4443
    3.1), sent from the router's link-local to A's."""
    pkt = udp_pkt(src=rt.info["peer_ll"])
    errs, rep = errors_from_router(rt, bytes(rt.eth()) + pkt, 1.0)
    assert len(errs) == 1, T.show_frames(rep["rx"])
    check_error(rt, errs[0], pkt, (1, 2, 0), rt.stack_ll, rt.info["peer_ll"])


def test_weak_host(rt):
    """A packet for the router's address on B's link, arriving from A's,
    is the router's own (RFC 1122's weak host model, Linux's): ping gets
    its replies from that address."""
    out = ping(rt, RB_GUA)
    assert T.ping_stats(out)[1] == 3, out
    assert "from %s" % RB_GUA in out, out


def test_address_unreachable(rt):
    """An on-link destination on B's link that never answers the router's
    Neighbor Solicitations: Destination Unreachable code 3 once resolution
    fails (RFC 4861 7.2.2, RFC 4443 3.1), about the queued packet: the one
    already on its way out, its hop limit decremented (as Linux quotes it,
    from the neighbour's queue)."""
    pkt = udp_pkt(dst=NOBODY_ON_B)
    errs, rep = errors_from_router(rt, bytes(rt.eth()) + pkt, 6.0)
    assert len(errs) == 1, T.show_frames(rep["rx"])
    check_error(rt, errs[0], as_sent(pkt), (1, 3, 0), RA_GUA, A_GUA)


def reaches_b(net, tmp_path, frames):
    """The UDP datagrams to port 9 that arrive on B's link after A sends
    frames."""
    S = T.scapy()
    cap = T.Capture(net.b_ns, net.b_if, str(tmp_path / "b.pcap"),
                    "ip6 and udp port 9")
    net.peer({"send": [f.hex() for f in frames], "window": 0.5})
    return [bytes(p) for p in S.rdpcap(cap.stop())]


def test_not_forwarded(rt, tmp_path):
    """Multicast (no multicast routing: Linux ip6_mr_input is off), a
    unicast packet in a link-layer multicast frame (Linux ip6_forward:
    pkt_type must be PACKET_HOST) and a link-local destination: none
    reaches B, and none gets an error; the control does."""
    S = T.scapy()
    u = S.UDP(sport=40002, dport=9) / S.Raw(b"m" * 32)
    mcast = bytes(rt.eth(dst="33:33:00:01:00:02") /
                  S.IPv6(src=A_GUA, dst="ff0e::1:2") / u)
    l2mc = bytes(rt.eth(dst="33:33:00:00:00:01") /
                 S.IPv6(src=A_GUA, dst=BEHIND_B) / u)
    ll = bytes(rt.eth() / S.IPv6(src=A_GUA, dst="fe80::99") / u)
    control = bytes(rt.eth() / S.IPv6(src=A_GUA, dst=BEHIND_B) / u)
    got = reaches_b(rt, tmp_path, [mcast, l2mc, ll])
    assert got == [], T.show_frames([(0, g) for g in got])
    errs, rep = errors_from_router(rt, mcast, 0.3)
    assert errs == [], T.show_frames(rep["rx"])
    assert len(reaches_b(rt, tmp_path, [control])) == 1


def set_router(rt, tmp_path, sets):
    """The router with conf.all.forwarding=0 and then sets (sysctl keys
    without net.ipv6., IFACE0/IFACE8 for its interfaces); None: back to
    conf.all.forwarding=1 alone. The kernel takes them at run time, the
    stack by a restart."""
    names = {"IFACE0": rt.stk_if, "IFACE8": rt.rb_if}
    keys = ["conf.all.forwarding=0"] + [
        k.replace("IFACE0", names["IFACE0"]).replace("IFACE8", names["IFACE8"])
        for k in (sets or [])]
    if sets is None:
        keys = ["conf.all.forwarding=1"] + [
            "conf.%s.force_forwarding=0" % n for n in names.values()]
    if rt.kind == "kernel":
        for k in keys:
            key, val = k.split("=")
            T.sysctl(rt.stk_ns, "net.ipv6." + key, val)
        return
    rt.stack.stop()
    args = rt.stack_args()
    if sets is not None:
        args["sets"] = [x for x in args["sets"] if "forwarding" not in x] + \
            keys[1:]
    rt.stack = T.Stack(rt, str(tmp_path), **args).start()


@pytest.mark.parametrize("how", ["all-off", "iface-forwarding",
                                 "force-forwarding-out",
                                 "force-forwarding-in"])
def test_forwarding_off(rt, tmp_path, how):
    """conf.all.forwarding=0 makes a host, which drops what a route would
    carry without an error (Linux ip6_forward), but answers a destination
    with no route with Destination Unreachable code 0 (ip6_route_input's
    null entry, before forwarding is asked), and still answers for
    itself. conf.IFACE.forwarding=1 alone does not forward (it makes a
    router for ND and RAs only); force_forwarding=1 (Linux 6.17) on the
    receiving interface does, on the other one not. The router is
    restored afterwards."""
    sets = {"all-off": [],
            "iface-forwarding": ["conf.IFACE0.forwarding=1",
                                 "conf.IFACE8.forwarding=1"],
            "force-forwarding-out": ["conf.IFACE8.force_forwarding=1"],
            "force-forwarding-in": ["conf.IFACE0.force_forwarding=1"]}[how]
    frames = [bytes(rt.eth()) + udp_pkt(dst=BEHIND_B),
              bytes(rt.eth()) + udp_pkt(dst="2001:db8:99::1")]
    set_router(rt, tmp_path, sets)
    try:
        got = reaches_b(rt, tmp_path, frames[:1])
        assert len(got) == (1 if how == "force-forwarding-in" else 0), \
            T.show_frames([(0, g) for g in got])
        errs, rep = errors_from_router(rt, frames[0], 0.3)
        assert errs == [], T.show_frames(rep["rx"])
        errs, rep = errors_from_router(rt, frames[1], 1.0)
        assert len(errs) == 1, T.show_frames(rep["rx"])
        check_error(rt, errs[0], frames[1][14:], (1, 0, 0), RA_GUA, A_GUA)
        out = ping(rt, RA_GUA)
        assert T.ping_stats(out)[1] == 3, out
    finally:
        set_router(rt, tmp_path, None)


# ------------------------------------------ the table, against ip's ---

REJECT_TYPES = ("prohibit", "unreachable", "blackhole", "throw")


def prefix_of(route):
    words = route.split()
    return words[1] if words[0] in REJECT_TYPES else words[0]


def random_routes(rng, n, dev):
    """n routes in ip -6 route syntax, inside 2001:db8:8000::/33 (clear of
    the links' prefixes), of every type, with metrics (0 included: Linux
    reads it as 1024), route MTUs and repeats of a prefix."""
    import ipaddress
    base = int(ipaddress.IPv6Address("2001:db8:8000::"))
    routes = []
    for _ in range(n):
        plen = rng.choice([33, 36, 40, 44, 48, 48, 52, 56, 60, 64, 64, 96,
                           127, 128])
        bits = rng.getrandbits(128 - 33)
        net = ipaddress.IPv6Network(
            (base | bits) >> (128 - plen) << (128 - plen), strict=False)
        pfx = "%s/%d" % (ipaddress.IPv6Address(int(net.network_address)),
                         plen)
        if routes and rng.random() < 0.1:
            pfx = prefix_of(rng.choice(routes))
        kind = rng.random()
        if kind < 0.1:
            r = "prohibit " + pfx
        elif kind < 0.2:
            r = "unreachable " + pfx
        elif kind < 0.3:
            r = "blackhole " + pfx
        elif kind < 0.45:
            r = "%s dev %s" % (pfx, dev)
        else:
            r = "%s via %s" % (pfx, rng.choice([A_GUA, B_GUA]))
        m = rng.choice([None, None, 0, 1, 100, 1024, 5000])
        if m is not None:
            r += " metric %d" % m
        if r.split()[0] not in REJECT_TYPES and rng.random() < 0.1:
            r += " mtu %d" % rng.choice([1280, 1300, 1500, 9000])
        routes.append(r)
    return routes


def in_route(rng, route):
    """An address inside route's prefix."""
    import ipaddress
    net = ipaddress.IPv6Network(prefix_of(route))
    host = rng.getrandbits(128 - net.prefixlen) if net.prefixlen < 128 else 0
    return str(ipaddress.IPv6Address(int(net.network_address) | host))


def loop(ns, per_item, items, timeout=120):
    """Run per_item (a shell command with $x) for each item in one shell in
    ns; {item: "output... rc=N"}."""
    script = 'while read -r x; do echo "== $x"; %s 2>&1; echo "rc=$?"; done' \
        % per_item
    p = T.sh(["sh", "-c", script], ns=ns, timeout=timeout,
             input="\n".join(items) + "\n")
    res, cur = {}, None
    for line in p.stdout.splitlines():
        if line.startswith("== "):
            cur = line[3:]
            res[cur] = []
        else:
            res[cur].append(line)
    return {k: "\n".join(v) for k, v in res.items()}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """A kernel router and a stack router side by side (their own
    namespaces), for comparing their tables."""
    k, s = RouterNet("v6gk", "kernel"), RouterNet("v6gs", "stack")
    k.build()
    s.build()
    args = s.stack_args()
    st = T.Stack(s, str(tmp_path_factory.mktemp("table")), **args).start()
    yield k, s, st
    st.stop()
    assert st.returncode == 0, st.logs()
    if not os.environ.get("V6S_KEEP"):
        k.destroy()
        s.destroy()


def test_table_matches_kernel(both):
    """A few hundred generated routes added to both routers at run time
    (ip -6 route add; v6stack route add): the same answers to each add,
    then the same `route get` for an address in each route and for
    addresses outside all of them, dev names mapped; then `route del` of
    every route, and the same answers again."""
    import random
    k, s, st = both
    rng = random.Random(int(os.environ.get("V6S_ROUTE_SEED", "6")))
    routes = random_routes(rng, 300, "DEV")
    kr = [r.replace("DEV", k.rb_if) for r in routes]
    ctl = "%s route %%s $x -I %s" % (T.BINARY, s.stk_if)

    def same(kernel_out, stack_out, what):
        bad = []
        for x in kernel_out:
            want = kernel_out[x].replace("v6gk", "v6gs")
            key = x.replace(k.rb_if, s.rb_if)
            if stack_out.get(key) != want:
                bad.append("%s %s:\n  kernel: %r\n  stack:  %r" % (
                    what, x, want, stack_out.get(key)))
        assert not bad, "%d of %d differ:\n%s" % (
            len(bad), len(kernel_out), "\n".join(bad[:8]))

    same(loop(k.stk_ns, "ip -6 route add $x", kr),
         loop(s.stk_ns, ctl % "add", [r.replace("DEV", s.rb_if)
                                      for r in routes]), "add")
    kshow = T.sh(["ip", "-6", "route", "show"], ns=k.stk_ns).stdout
    sshow = st.cli("route", "show", "-I", s.stk_if).stdout
    assert sshow == kshow.replace("v6gk", "v6gs"), (kshow, sshow)
    dsts = sorted({in_route(rng, r) for r in routes} |
                  {in_route(rng, "2001:db8:8000::/33") for _ in range(100)} |
                  {A_GUA, B_GUA, RA_GUA, RB_GUA, "2001:db8:a::77"})
    same(loop(k.stk_ns, "ip -6 route get $x", dsts),
         loop(s.stk_ns, ctl % "get", dsts), "get")
    same(loop(k.stk_ns, "ip -6 route del $x", kr),
         loop(s.stk_ns, ctl % "del", [r.replace("DEV", s.rb_if)
                                      for r in routes]), "del")


def random_rules(rng, n, devs):
    """n rules in ip -6 rule syntax over tables 100-102 and main: from
    A's /48 or one of its /64s, to parts of 2001:db8:8000::/33, iif either
    link, with and without a priority, now and then a reject action."""
    rules = []
    for _ in range(n):
        words = []
        if rng.random() < 0.5:
            words += ["from", rng.choice(["2001:db8:a::/48", "2001:db8:a::/64",
                                          "2001:db8:a:1::/64", A_GUA])]
        if rng.random() < 0.5:
            words += ["to", "2001:db8:%x::/%d" % (0x8000 | rng.getrandbits(15),
                                                  rng.choice([33, 36, 40, 48]))]
        if rng.random() < 0.3:
            words += ["iif", rng.choice(devs)]
        if rng.random() < 0.6:
            words += ["pref", str(rng.randrange(1, 32000))]
        kind = rng.random()
        if kind < 0.05:
            words.append("prohibit")
        elif kind < 0.1:
            words.append("blackhole")
        elif kind < 0.15:
            words.append("unreachable")
        else:
            words += ["lookup", rng.choice(["100", "101", "102", "main"])]
        rules.append(" ".join(words))
    return rules


def test_rules_match_kernel(both):
    """Policy routing against the kernel's: generated routes in tables
    100-102 (throw ones too) and rules by source, destination, incoming
    interface and priority, added to both routers: the same answers to
    every add, the same `rule show` and `route show table N`, and the same
    `route get DST [from SRC] [iif DEV]` for many combinations."""
    import random
    k, s, st = both
    rng = random.Random(int(os.environ.get("V6S_RULE_SEED", "11")))
    routes = []
    for r in random_routes(rng, 150, "DEV"):
        words = r.split()
        if words[0] in REJECT_TYPES and rng.random() < 0.5:
            words[0] = "throw"
        routes.append(" ".join(words) + " table %d" % rng.choice(
            [100, 101, 102, 254]))
    rules = random_rules(rng, 40, ["DEV0", "DEV8"])

    def for_k(x):
        return x.replace("DEV0", k.stk_if).replace("DEV8", k.rb_if) \
            .replace("DEV", k.rb_if)

    def for_s(x):
        return x.replace("DEV0", s.stk_if).replace("DEV8", s.rb_if) \
            .replace("DEV", s.rb_if)

    def same(kernel_out, stack_out, what):
        bad = ["%s %s:\n  kernel: %r\n  stack:  %r" % (
            what, x, kernel_out[x].replace("v6gk", "v6gs"),
            stack_out.get(x.replace("v6gk", "v6gs")))
            for x in kernel_out
            if stack_out.get(x.replace("v6gk", "v6gs")) !=
            kernel_out[x].replace("v6gk", "v6gs")]
        assert not bad, "%d of %d differ:\n%s" % (
            len(bad), len(kernel_out), "\n".join(bad[:8]))

    ctl = "%s %%s $x -I %s" % (T.BINARY, s.stk_if)
    same(loop(k.stk_ns, "ip -6 route add $x", [for_k(r) for r in routes]),
         loop(s.stk_ns, ctl % "route add", [for_s(r) for r in routes]),
         "route add")
    same(loop(k.stk_ns, "ip -6 rule add $x", [for_k(r) for r in rules]),
         loop(s.stk_ns, ctl % "rule add", [for_s(r) for r in rules]),
         "rule add")
    kshow = T.sh(["ip", "-6", "rule", "show"], ns=k.stk_ns).stdout
    sshow = st.cli("rule", "show", "-I", s.stk_if).stdout
    assert sshow == kshow.replace("v6gk", "v6gs"), (kshow, sshow)
    for t in ("100", "101", "102"):
        kshow = T.sh(["ip", "-6", "route", "show", "table", t],
                     ns=k.stk_ns).stdout
        sshow = st.cli("route", "show", "table", t, "-I", s.stk_if).stdout
        assert sshow == kshow.replace("v6gk", "v6gs"), (t, kshow, sshow)
    gets = []
    for r in routes[:100] + ["2001:db8:8000::/33"] * 30:
        dst = in_route(rng, r)
        src = rng.choice([None, A_GUA, "2001:db8:a:1::9", B_GUA])
        iif = rng.choice([None, None, "DEV0", "DEV8"])
        if iif and not src:
            src = "2001:db8:a::1"
        gets.append(dst + (" from " + src if src else "") +
                    (" iif " + iif if iif else ""))
    same(loop(k.stk_ns, "ip -6 route get $x", [for_k(g) for g in gets]),
         loop(s.stk_ns, ctl % "route get", [for_s(g) for g in gets]),
         "route get")
    # -j: the documents `ip -j` writes, key for key (dev names mapped); a
    # reject type's get is the same error, not a document.
    def kernel_json(*args):
        return json.loads(T.sh(["ip", "-j", "-6"] + list(args), ns=k.stk_ns)
                          .stdout.replace("v6gk", "v6gs"))

    def stack_json(*args):
        return json.loads(st.cli(*(list(args) + ["-I", s.stk_if])).stdout)
    assert stack_json("rule", "-j", "show") == kernel_json("rule", "show")
    for t in ("100", "101", "102"):
        assert stack_json("route", "show", "table", t, "--json") == \
            kernel_json("route", "show", "table", t), t
    same(loop(k.stk_ns, "ip -j -6 route get $x", [for_k(g) for g in gets]),
         loop(s.stk_ns, ctl % "route -j get", [for_s(g) for g in gets]),
         "route -j get")
    same(loop(k.stk_ns, "ip -6 rule del $x", [for_k(r) for r in rules]),
         loop(s.stk_ns, ctl % "rule del", [for_s(r) for r in rules]),
         "rule del")
