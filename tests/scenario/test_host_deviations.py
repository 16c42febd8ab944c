# SPDX-License-Identifier: BSD-2-Clause
"""Three rules of the Linux host, run against the kernel and against the
stack in the same test, so that the kernel proves the expectation
(issue 9):

1. RFC 4861 6.3.7, Linux addrconf_dad_completed: a Router Solicitation
   when the link-local address leaves DAD, even though radvd's RAs (every
   few hundred ms) were heard while it was tentative; one only, since an
   RA follows it.
2. RFC 3810 6.2: an MLD Query (v2 and v1) without a Hop-by-Hop Router
   Alert, or with a Router Alert value other than 0, gets no report; the
   same Query with the Router Alert gets one.
3. RFC 8200 4.5, RFC 7112 5: a first fragment holding a Destination
   Options header but not the upper-layer header (ICMPv6: 8 bytes, TCP:
   20) gets Parameter Problem code 3, pointer 0, quoting it, and the
   datagram is never reassembled (no echo reply).

Topology (NET, the v6r layout of test_slaac.py with its far host): the
stack on v6r0, the kernel host on v6r3 (v6r-far), and in v6r-peer between
them v6r1 and v6r2, where radvd, the captures and the frame agents run.
"""
import re
import time

import pytest

import topo as T

PREFIX1 = "2001:db8:1::"
PEER_ADDR, FAR_RTR_ADDR, FAR_ADDR = "2001:db8:1::1", "2001:db8:2::1", "2001:db8:2::2"
STACK_ADDR = "2001:db8:1::5"
# The stack on v6r0 (no static address), the kernel router on v6r1; the
# far kernel host (add_host "far": v6r2 on the router, v6r3 in v6r-far).
NET = T.Net("v6r", "02:00:00:00:aa:01", peer_gua=PEER_ADDR,
            forwarding=True, stack_addrs=())
NS_FAR, IF_RTR_FAR, IF_FAR = "v6r-far", "v6r2", "v6r3"


@pytest.fixture
def topo():
    NET.build()
    NET.add_host("far", FAR_RTR_ADDR, FAR_ADDR, default_route=True)
    T.wait_kernel_ll(NET.peer_ns, IF_RTR_FAR)
    yield {"kern_mac": mac(NS_FAR, IF_FAR),
           "peer_mac": mac(NET.peer_ns, NET.peer_if),
           "rtr_far_mac": mac(NET.peer_ns, IF_RTR_FAR)}
    NET.destroy()


@pytest.fixture
def started():
    """Things to stop at teardown (stacks, radvd, captures, agents)."""
    things = []
    yield things
    for x in reversed(things):
        (x.close if isinstance(x, T.Agent) else x.stop)()


def mac(ns, ifname):
    out = T.sh(["ip", "-n", ns, "-o", "link", "show", "dev", ifname]).stdout
    return re.search(r"link/ether ([0-9a-f:]{17})", out).group(1)


def scapy():
    import scapy.all as S
    return S


def icmp6_of(S, p):
    """(type, ICMPv6 layer) of a scapy packet, past any extension header."""
    if S.IPv6 not in p:
        return None, None
    x = p[S.IPv6].payload
    while x is not None and x.name != "NoPayload":
        if x.__class__.__name__.startswith("ICMPv6") and hasattr(x, "type"):
            return x.type, x
        x = x.payload
    return None, None


# --------------------------------------------- 1. RS after DAD ---

def radvd_fast():
    """RAs every 0.1-0.3 s: radvd allows intervals below 3 s only with its
    Mobile IPv6 extensions (RFC 6275 7.5), hence the Home Agent flag,
    which a host ignores."""
    return "\n".join("  " + l for l in (
        "AdvSendAdvert on;", "AdvHomeAgentFlag on;", "MinRtrAdvInterval 0.1;",
        "MaxRtrAdvInterval 0.3;", "AdvDefaultLifetime 60;",
        "prefix %s/64 { AdvOnLink on; AdvAutonomous on; };" % PREFIX1))


def host_events(S, path, host_mac, t0):
    """From a capture: the host's DAD probes, its RSs and the RAs on the
    link, as seconds after t0."""
    dad, rs, ra = [], [], []
    for p in S.rdpcap(path):
        t, _ = icmp6_of(S, p)
        when = float(p.time) - t0
        if t == 134:
            ra.append(when)
        elif p[S.Ether].src == host_mac and t == 135 and \
                p[S.IPv6].src == "::":
            dad.append(when)
        elif p[S.Ether].src == host_mac and t == 133:
            rs.append(when)
    return dad, rs, ra


def test_rs_after_dad_although_an_ra_came_first(topo, started, tmp_path):
    """radvd advertises every 0.1-0.3 s on both links; the kernel's v6r3
    comes up (accept_ra=1, DAD) as the stack starts (accept_ra=1, DAD).
    Each host hears RAs between its DAD probe and the end of DAD, then
    sends exactly one RS (within 4 s of the start), and no second one
    although 5 s pass after it (the interval is 4 s): an RA came after
    it."""
    S = scapy()
    T.sh(["ip", "-n", NS_FAR, "link", "set", IF_FAR, "down"])
    T.sh(["ip", "-n", NS_FAR, "addr", "flush", "dev", IF_FAR])
    for k, v in (("accept_ra", 1), ("accept_dad", 1),
                 ("router_solicitation_delay", 1)):
        T.sysctl(NS_FAR, "net.ipv6.conf.%s.%s" % (IF_FAR, k), v)
    caps = {}
    for ifn in (NET.peer_if, IF_RTR_FAR):
        caps[ifn] = T.Capture(NET.peer_ns, ifn, str(tmp_path / (ifn + ".pcap")))
        started.append(caps[ifn])
    for ifn in (NET.peer_if, IF_RTR_FAR):
        d = tmp_path / ifn
        d.mkdir()
        started.append(T.Radvd(str(d), radvd_fast(), NET.peer_ns, ifn))
    time.sleep(1.0)
    t0 = time.time()
    T.sh(["ip", "-n", NS_FAR, "link", "set", IF_FAR, "up"])
    st = T.Stack(NET, str(tmp_path), dad=True,
                 sets=["conf.IFACE.accept_ra=1"])
    started.append(st)
    st.start()
    time.sleep(9.0)
    for c in caps.values():
        c.stop()
    res = {}
    for who, ifn, hmac in (("kernel", IF_RTR_FAR, topo["kern_mac"]),
                           ("stack", NET.peer_if, NET.stack_mac)):
        dad, rs, ra = host_events(S, caps[ifn].path, hmac, t0)
        res[who] = (dad, rs, ra)
        print("%s: DAD probes at %s, RS at %s, %d RAs" % (
            who, ["%.2f" % x for x in dad], ["%.2f" % x for x in rs],
            len(ra)))
    for who, (dad, rs, ra) in res.items():
        assert dad, "%s: no DAD probe of its link-local" % who
        assert len(rs) == 1, "%s: RSs at %s" % (who, rs)
        assert rs[0] < 4.0, "%s: the RS at %.2f s" % (who, rs[0])
        assert any(dad[0] < t < rs[0] for t in ra), \
            "%s: no RA while tentative (DAD %s, RS %s)" % (who, dad, rs)
        assert any(t > rs[0] for t in ra)
        assert rs[0] + 5.0 < 9.0
    c = st.stop()
    assert c.get("Icmp6OutRouterSolicits") == 1, c
    assert c.get("Icmp6InRouterAdvertisements", 0) > 3, c


# --------------------------------------------- 2. MLD Router Alert ---

def query(S, src_mac, src_ll, v1, rtalert, qqic=125):
    """A General Query to ff02::1, hop limit 1, from src_ll; rtalert None:
    no Hop-by-Hop header, else a Router Alert with that value."""
    # a querier's Robustness 2 and Query Interval 125 s (RFC 3810 9.1,
    # 9.2): a QQIC of 0 (scapy's default) makes Linux's Query Interval 0,
    # so its MLDv1 mode would end 1 s after the MLDv1 Query
    # (test_mld_qqic_zero_is_a_zero_query_interval)
    q = S.ICMPv6MLQuery(mrd=1000) if v1 else \
        S.ICMPv6MLQuery2(mrd=1000, QRV=2, QQIC=qqic)
    ip = S.IPv6(src=src_ll, dst="ff02::1", hlim=1)
    if rtalert is None:
        pkt = ip / q
    else:
        pkt = ip / S.IPv6ExtHdrHopByHop(
            options=[S.RouterAlert(value=rtalert)]) / q
    return bytes(S.Ether(src=src_mac, dst="33:33:00:00:00:01") / pkt)


def v2_record_types(icmp):
    """The record types of an MLDv2 Report (RFC 3810 5.2.12), raw."""
    b = bytes(icmp)
    n, off, out = int.from_bytes(b[6:8], "big"), 8, []
    for _ in range(n):
        if off + 20 > len(b):
            break
        out.append(b[off])
        off += 20 + 16 * int.from_bytes(b[off + 2:off + 4], "big") \
            + 4 * b[off + 1]
    return out


def mld_reports(S, frames):
    """The MLD answers to a Query among [(t, bytes)]: v1 Reports (131) and
    v2 Reports (143) carrying a Current-State record (RFC 3810 5.2.12:
    MODE_IS_INCLUDE 1 or MODE_IS_EXCLUDE 2). A v2 Report of State-Change
    records only (types 3-6) answers no Query: a host sends it when its
    own memberships change (a retransmission can fall in the window), so
    it is printed and left out."""
    out = []
    for t, f in frames:
        ty, icmp = icmp6_of(S, S.Ether(f))
        if ty == 143:
            rt = v2_record_types(icmp)
            if not any(r in (1, 2) for r in rt):
                print("  (a State-Change Report at %.4f, records %s)" % (t, rt))
                continue
        if ty in (131, 143):
            out.append((t, ty))
    return out


def quiet(S, agent, what):
    """Wait until the host sends no MLD message for 1.5 s (its reports at
    start, at the end of DAD), at most 15 s."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if not any(icmp6_of(S, S.Ether(f))[0] in (131, 143)
                   for _, f in agent.xact([], 1.5)):
            return
    raise AssertionError("%s kept sending MLD reports" % what)


CASES = [  # (MLDv1?, Router Alert value or None, the Report type expected)
    (False, None, None), (False, 1, None), (False, 0, 143),
    (True, None, None), (True, 1, None), (True, 0, 131),
    # RFC 3810 8.2.1: now in MLDv1 compatibility mode (an MLDv1 querier
    # present), an MLDv2 Query is answered as an MLDv1 one
    (False, 0, 131),
]


def test_mld_query_needs_router_alert(topo, started, tmp_path):
    """The same Queries to the kernel (v6r3) and to the stack, in order:
    MLDv2 without a Router Alert, with value 1, with value 0; then the
    same for MLDv1 (it switches a host to MLDv1 mode), then an MLDv2 Query
    again. Only the Queries with a Router Alert of value 0 get a report,
    from both, and in MLDv1 mode an MLDv1 Report for either version."""
    S = scapy()
    T.wait_kernel_ll(NS_FAR, IF_FAR)
    st = T.Stack(NET, str(tmp_path), sets=["conf.IFACE.accept_ra=0"])
    started.append(st)
    st.start()
    kern = T.Agent(NET.peer_ns, IF_RTR_FAR, topo["kern_mac"])
    stk = T.Agent(NET.peer_ns, NET.peer_if, NET.stack_mac)
    started += [kern, stk]
    ll = {"kernel": T.ll_addrs(NET.peer_ns, IF_RTR_FAR)[0],
          "stack": T.ll_addrs(NET.peer_ns, NET.peer_if)[0]}
    srcmac = {"kernel": topo["rtr_far_mac"], "stack": topo["peer_mac"]}
    agents = {"kernel": kern, "stack": stk}
    for who, a in agents.items():
        quiet(S, a, who)
    seen = {}
    for i, (v1, ra, want) in enumerate(CASES):
        for who, a in agents.items():
            q = query(S, srcmac[who], ll[who], v1, ra)
            rep = mld_reports(S, a.xact([q], 2.5))
            seen[(who, i)] = rep
            print("%s MLDv%d Query, Router Alert %s: reports %s" % (
                who, 1 if v1 else 2, ra, rep))
    for i, (v1, ra, want) in enumerate(CASES):
        for who in agents:
            rep = seen[(who, i)]
            if want:
                assert rep, (who, v1, ra, "no report")
                assert all(t == want for _, t in rep), (who, v1, ra, rep)
            else:
                assert not rep, (who, v1, ra, rep)
    d = st.stop()
    assert d.get("drop.MLD_QUERY_NO_ROUTER_ALERT") == 2, d
    assert d.get("drop.MLD_QUERY_ROUTER_ALERT_NOT_MLD") == 2, d


def test_mld_qqic_zero_is_a_zero_query_interval(topo, started, tmp_path):
    """RFC 3810 5.1.9 gives a QQIC of 0 no meaning of its own; Linux
    (mld_update_qi) takes it as a Query Interval of 0 s. To the kernel and
    to the stack: an MLDv2 Query with QQIC 0 (a v2 Report), an MLDv1 Query
    (a v1 Report: MLDv1 mode, RFC 3810 9.12, for Robustness x 0 s + the
    Response Interval, 1 s), then, 2.5 s later, an MLDv2 Query: both
    answer it with a v2 Report, the mode over (with a 125 s default it
    would last 251 s and the answer would be a v1 Report)."""
    S = scapy()
    T.wait_kernel_ll(NS_FAR, IF_FAR)
    st = T.Stack(NET, str(tmp_path), sets=["conf.IFACE.accept_ra=0"])
    started.append(st)
    st.start()
    kern = T.Agent(NET.peer_ns, IF_RTR_FAR, topo["kern_mac"])
    stk = T.Agent(NET.peer_ns, NET.peer_if, NET.stack_mac)
    started += [kern, stk]
    ll = {"kernel": T.ll_addrs(NET.peer_ns, IF_RTR_FAR)[0],
          "stack": T.ll_addrs(NET.peer_ns, NET.peer_if)[0]}
    srcmac = {"kernel": topo["rtr_far_mac"], "stack": topo["peer_mac"]}
    agents = {"kernel": kern, "stack": stk}
    for who, a in agents.items():
        quiet(S, a, who)
    steps = [(False, 143), (True, 131), (False, 143)]
    for who, a in agents.items():
        for v1, want in steps:
            q = query(S, srcmac[who], ll[who], v1, 0, qqic=0)
            rep = mld_reports(S, a.xact([q], 2.5))
            print("%s MLDv%d Query, QQIC 0: reports %s" % (
                who, 1 if v1 else 2, rep))
            assert rep and all(t == want for _, t in rep), (who, v1, rep)


# ---------------------------------- 3. first fragment without the ULH ---

def first_fragment_set(S, src, dst, eth_src, eth_dst, upper, ident):
    """A datagram of a Destination Options header (8 bytes) and upper
    (an echo request, or a TCP SYN) cut so that the first fragment holds
    the Destination Options header and 16 bytes of TCP, or nothing of
    the ICMPv6 header; returns the two frames."""
    ip = S.IPv6(src=src, dst=dst, hlim=64)
    if upper == "icmpv6":
        ulp, first = S.ICMPv6EchoRequest(id=0x99, seq=1,
                                         data=bytes(range(64))), 8
    else:
        ulp, first = S.TCP(sport=40000, dport=9, flags="S"), 24
    whole = bytes(ip / S.IPv6ExtHdrDestOpt() / ulp)
    part = whole[40:]
    nh = 60  # Destination Options
    out = []
    for off, data, m in ((0, part[:first], 1), (first, part[first:], 0)):
        out.append(bytes(S.Ether(src=eth_src, dst=eth_dst) /
                         S.IPv6(src=src, dst=dst, hlim=64) /
                         S.IPv6ExtHdrFragment(nh=nh, offset=off // 8, m=m,
                                              id=ident) / S.Raw(data)))
    return out


@pytest.mark.parametrize("upper", ["icmpv6", "tcp"])
def test_first_fragment_without_upper_layer_header(topo, started, tmp_path,
                                                   upper):
    """Both fragments to the kernel (v6r3, 2001:db8:2::2) and to the stack:
    one Parameter Problem code 3, pointer 0, quoting the first fragment,
    and nothing else (no echo reply, no RST, no other error)."""
    S = scapy()
    T.wait_kernel_ll(NS_FAR, IF_FAR)
    st = T.Stack(NET, str(tmp_path), addrs=(STACK_ADDR + "/64",),
                 sets=["conf.IFACE.accept_ra=0"])
    started.append(st)
    st.start()
    kern = T.Agent(NET.peer_ns, IF_RTR_FAR, topo["kern_mac"])
    stk = T.Agent(NET.peer_ns, NET.peer_if, NET.stack_mac)
    started += [kern, stk]
    sets = {
        "kernel": (kern, first_fragment_set(
            S, FAR_RTR_ADDR, FAR_ADDR, topo["rtr_far_mac"],
            topo["kern_mac"], upper, 0x5151)),
        "stack": (stk, first_fragment_set(
            S, PEER_ADDR, STACK_ADDR, topo["peer_mac"], NET.stack_mac,
            upper, 0x5152)),
    }
    for who, (agent, frames) in sets.items():
        rx = agent.xact(frames, 2.0)
        got = []
        for _, f in rx:
            p = S.Ether(f)
            ty, layer = icmp6_of(S, p)
            if ty in (131, 133, 135, 136, 143) or S.IPv6 not in p:
                continue  # ND (the kernel solicits routers), MLD
            got.append((ty, layer, p))
        print("%s: %s" % (who, [S.Ether(f).summary() for _, f in rx]))
        assert len(got) == 1, (who, [g[2].summary() for g in got])
        ty, layer, p = got[0]
        assert ty == 4 and layer.code == 3 and layer.ptr == 0, (
            who, p.summary())
        quoted = bytes(layer.payload)
        first = frames[0][14:]
        assert quoted == first, (who, quoted.hex(), first.hex())
    d = st.stop()
    assert d.get("drop.FRAG_HDR_CHAIN_INCOMPLETE") == 1, d
    assert d.get("Ip6ReasmOKs", 0) == 0, d
