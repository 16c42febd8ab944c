# SPDX-License-Identifier: BSD-2-Clause
"""The stack as an advertising router (RFC 4861 6.2, RFC 4191, RFC 8106),
configured by a radvd.conf file (--radvd-conf), each case run twice with
the same assertions: once with the Linux kernel as the router and radvd
advertising for it, once with the stack, so that radvd and the kernel
prove every expectation.

Topology (AdvNet, one per router kind, prefix P):

  host A (P-a, P1)  ---  router (P-r: P0 towards A, P8 towards B)  ---  host B (P-b, P9)
  accept_ra=1, no       2001:db8:a::2/64     2001:db8:b::2/64          2001:db8:b::1/64
  static address

The routers' P0 has the same MAC (RT_MAC), so the same link-local source:
their RAs must be identical, byte for byte as tshark decodes them.
"""
import os
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

import topo as T

RA_GUA, RB_GUA, B_GUA = "2001:db8:a::2", "2001:db8:b::2", "2001:db8:b::1"
RT_MAC = "02:00:00:00:77:01"
RT_LL = T.eui64_ll(RT_MAC)
A_MAC = "02:00:00:00:77:a1"
A_SLAAC = "2001:db8:a::ff:fe00:77a1"  # modified EUI-64 of A_MAC

# What a radvd user writes: every variable the issue names, a prefix, a
# route, RDNSS and DNSSL. IFACE is replaced by the router's P0.
CONF = """# a LAN's router
interface IFACE {
    AdvSendAdvert on;
    MinRtrAdvInterval 3;
    MaxRtrAdvInterval 10;
    AdvManagedFlag off;
    AdvOtherConfigFlag on;
    AdvLinkMTU 1400;
    AdvReachableTime 30000;
    AdvRetransTimer 1500;
    AdvCurHopLimit 61;
    AdvDefaultLifetime 300;
    AdvDefaultPreference high;
    AdvSourceLLAddress on;
    prefix PREFIX {
        AdvOnLink on;
        AdvAutonomous on;
        AdvValidLifetime 3600;
        AdvPreferredLifetime 1800;
    };
    route 2001:db8:c::/48 {
        AdvRoutePreference low;
        AdvRouteLifetime 600;
    };
    RDNSS 2001:db8:a::53 2001:db8:a::54 {
        AdvRDNSSLifetime 20;
    };
    DNSSL example.org lab.example.org {
        AdvDNSSLLifetime 20;
    };
};
"""
KINDS = ("kernel", "stack")


def conf_text(ifname, prefix="2001:db8:a::/64", **changes):
    text = CONF.replace("IFACE", ifname).replace("PREFIX", prefix)
    for k, v in changes.items():
        text = re.sub(r"(\n\s*%s) [^;]+;" % k, r"\1 %s;" % v, text)
    return text


class AdvNet(T.Net):
    """A - router - B for one router kind ("kernel": radvd on the kernel's
    P0; "stack": v6stack with --radvd-conf)."""

    def __init__(self, prefix, kind):
        super().__init__(prefix, RT_MAC, stack_gua=RA_GUA, peer_gua=None,
                         peer_dad=False)
        self.kind = kind
        self.stk_ns, self.peer_ns = prefix + "-r", prefix + "-a"
        self.b_ns, self.rb_if, self.b_if = prefix + "-b", prefix + "8", \
            prefix + "9"
        self.router = None
        self.conf_path = None

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
        T.sh(["ip", "-n", a, "link", "set", self.peer_if, "address", A_MAC])
        if self.kind == "kernel":
            T.sysctl(r, "net.ipv6.conf.all.forwarding", 1)
            T.kernel_side(r, self.stk_if, [RA_GUA + "/64"], dad=False)
            T.kernel_side(r, self.rb_if, [RB_GUA + "/64"], dad=False)
        else:
            T.stack_side(r, self.stk_if)
            T.stack_side(r, self.rb_if)
        # A: a kernel host that configures itself from RAs.
        T.sysctl(a, "net.ipv6.conf.%s.accept_ra" % self.peer_if, 1)
        T.sysctl(a, "net.ipv6.conf.%s.accept_ra_rt_info_max_plen"
                 % self.peer_if, 64)
        T.kernel_side(a, self.peer_if, [], dad=False)
        T.kernel_side(b, self.b_if, [B_GUA + "/64"], dad=False)
        T.sh(["ip", "-n", b, "-6", "route", "add", "default", "via", RB_GUA])
        if self.kind == "kernel":
            T.wait_kernel_ll(r, self.stk_if)
        self.info.clear()
        return self.info

    def start_router(self, workdir, conf):
        """The router advertising as conf (radvd.conf text) says."""
        self.conf_path = os.path.join(workdir, "radvd-%s.conf" % self.kind)
        with open(self.conf_path, "w") as f:
            f.write(conf)
        if self.kind == "kernel":
            self.router = T.RadvdFile(workdir, self.conf_path, self.stk_ns)
        else:
            st = T.Stack(self, workdir, addrs=[RA_GUA + "/64"], udp_echo=(),
                         extra=["-i", self.rb_if, "-a", RB_GUA + "/64",
                                "--radvd-conf", self.conf_path],
                         sets=["conf.all.forwarding=1",
                               "conf.%s.accept_dad=0" % self.rb_if])
            st.start()
            self.router = st
        return self.router

    def stop_router(self):
        if self.router is not None:
            self.router.stop()
            self.router = None

    def in_a(self, cmd, timeout=30, check=True):
        return T.sh(cmd, ns=self.peer_ns, timeout=timeout, check=check)

    def a_default_route(self):
        return self.in_a(["ip", "-6", "route", "show", "default"]).stdout

    def a_global_addrs(self):
        out = self.in_a(["ip", "-6", "-o", "addr", "show", "dev",
                         self.peer_if, "scope", "global"]).stdout
        return re.findall(r"inet6 ([0-9a-f:]+)/64 .*dynamic", out)


NETS = {k: AdvNet("v6q" + k[0], k) for k in KINDS}


@pytest.fixture(params=KINDS)
def net(request, tmp_path):
    n = NETS[request.param]
    n.build()
    yield n
    n.stop_router()
    n.destroy()


def wait_configured(net, timeout=15):
    """A has formed its SLAAC address and a default route via the router."""
    T.wait_for(lambda: A_SLAAC in net.a_global_addrs(), timeout,
               "%s: A's SLAAC address %s" % (net.kind, A_SLAAC))
    T.wait_for(lambda: RT_LL in net.a_default_route(), timeout,
               "%s: A's default route via %s" % (net.kind, RT_LL))


def test_host_configures_itself_and_pings_through(net, tmp_path):
    """A kernel host with accept_ra=1 forms its SLAAC address, default
    route (pref high), Route Information route, MTU and hop limit from the
    router's RAs, reads RDNSS and DNSSL with rdisc6, and pings a host on
    the router's other link."""
    net.start_router(str(tmp_path), conf_text(net.stk_if))
    wait_configured(net)
    dflt = net.a_default_route()
    assert re.search(r"default via %s dev %s proto ra metric \d+ expires "
                     r"\d+sec mtu 1400 hoplimit 61 pref high" % (RT_LL, net.peer_if),
                     dflt), dflt
    routes = net.in_a(["ip", "-6", "route", "show"]).stdout
    assert re.search(r"2001:db8:c::/48 via %s dev %s proto ra metric \d+ "
                     r"expires \d+sec pref low" % (RT_LL, net.peer_if),
                     routes), routes
    mtu = net.in_a(["sysctl", "-n", "net.ipv6.conf.%s.mtu" % net.peer_if])
    assert mtu.stdout.strip() == "1400"
    # rdisc6 solicits: the router must answer the Router Solicitation.
    rd = net.in_a(["rdisc6", "-1", "-w", "4000", net.peer_if]).stdout
    for want in (r"Hop limit\s+:\s+61", r"Stateful address conf\.\s+:\s+No",
                 r"Stateful other conf\.\s+:\s+Yes",
                 r"Router preference\s+:\s+high",
                 r"Router lifetime\s+:\s+300 \(0x0000012c\) seconds",
                 r"Reachable time\s+:\s+30000 \(0x00007530\) milliseconds",
                 r"Retransmit time\s+:\s+1500 \(0x000005dc\) milliseconds",
                 r"Prefix\s+:\s+2001:db8:a::/64",
                 r"Valid time\s+:\s+3600", r"Pref\. time\s+:\s+1800",
                 r"Route\s+:\s+2001:db8:c::/48",
                 r"Recursive DNS server\s+:\s+2001:db8:a::53",
                 r"Recursive DNS server\s+:\s+2001:db8:a::54",
                 r"DNS servers lifetime\s+:\s+20 ",
                 r"DNS search list\s+:\s+example\.org lab\.example\.org",
                 r"DNS search list lifetime:\s+20 ",
                 r"Route lifetime\s+:\s+600 ", r"Route preference\s+:\s+low",
                 r"MTU\s+:\s+1400 bytes",
                 r"Source link-layer address: %s" % RT_MAC,
                 r"from %s" % RT_LL):
        assert re.search(want, rd), (want, rd)
    p = net.in_a(["ping", "-6", "-c", "3", "-i", "0.2", "-W", "2", B_GUA],
                 check=False)
    assert T.ping_stats(p.stdout)[1] == 3, p.stdout + p.stderr


def first_ra(net, workdir, conf, timeout=20):
    """The router's first RA as A receives it, as tshark decodes it: the
    (field, value) pairs of its IPv6 header and ICMPv6 message in order,
    without the frame's own metadata."""
    cap = T.Capture(net.peer_ns, net.peer_if,
                    os.path.join(workdir, "ra-%s.pcap" % net.kind),
                    filt="icmp6 and ip6[40] == 134")
    net.start_router(workdir, conf)
    try:
        T.wait_for(lambda: os.path.getsize(cap.path) > 24 + 16 + 60, timeout,
                   "%s: a Router Advertisement" % net.kind)
    finally:
        path = cap.stop()
    pdml = subprocess.run(["tshark", "-r", path, "-c", "1", "-T", "pdml"],
                          capture_output=True, text=True, check=True).stdout
    pkt = ET.fromstring(pdml).find("packet")
    fields = []
    for proto in pkt.findall("proto"):
        if proto.get("name") not in ("ipv6", "icmpv6"):
            continue
        for f in proto.iter("field"):
            fields.append((f.get("name"), f.get("show")))
    return fields


@pytest.mark.parametrize("prefix", ["2001:db8:a::/64", "::/64"],
                         ids=["prefix", "any-prefix"])
def test_ra_identical_to_radvds(prefix, tmp_path):
    """The same radvd.conf given to radvd (beside the kernel) and to the
    stack: the two RAs, decoded by tshark field by field, are identical
    (same MAC, so the same source too). `::/64` is every /64 of the
    interface's addresses, as radvd reads it."""
    got = {}
    for kind in KINDS:
        net = NETS[kind]
        net.build()
        try:
            d = os.path.join(str(tmp_path), kind)
            os.makedirs(d)
            got[kind] = first_ra(net, d, conf_text(net.stk_if, prefix))
        finally:
            net.stop_router()
            net.destroy()
    assert any(n == "icmpv6.opt.prefix" and v == "2001:db8:a::"
               for n, v in got["kernel"]), got["kernel"]
    # The IPv6 flow label is the kernel's choice for radvd's socket
    # (auto_flowlabels), not radvd's: the stack sends 0.
    skip = ("ipv6.flow",)
    k = [f for f in got["kernel"] if f[0] not in skip]
    s = [f for f in got["stack"] if f[0] not in skip]
    diff = [(a, b) for a, b in zip(k, s) if a != b]
    assert k == s, "first differences (radvd, stack): %s\nradvd: %s\nstack: %s" \
        % (diff[:8], k, s)


def test_final_ra_when_router_stops(net, tmp_path):
    """RFC 4861 6.2.5: a router that stops sends an RA with Router
    Lifetime 0, and the host drops it as its default router at once."""
    net.start_router(str(tmp_path), conf_text(net.stk_if))
    wait_configured(net)
    net.stop_router()
    T.wait_for(lambda: RT_LL not in net.a_default_route(), 3,
               "%s: A to drop its default route after the router stopped"
               % net.kind)


def test_final_ra_when_forwarding_goes_off(net, tmp_path):
    """RFC 4861 6.2.5 (and radvd, which advertises Router Lifetime 0 while
    forwarding is off): net.ipv6.conf.all.forwarding=0 on the router, and
    the host drops it as a default router within one advertising
    interval."""
    net.start_router(str(tmp_path), conf_text(net.stk_if,
                                              MaxRtrAdvInterval=4))
    wait_configured(net)
    if net.kind == "kernel":
        T.sysctl(net.stk_ns, "net.ipv6.conf.all.forwarding", 0)
    else:
        net.router.cli("sysctl", "-w", "net.ipv6.conf.all.forwarding=0")
    T.wait_for(lambda: RT_LL not in net.a_default_route(), 6,
               "%s: A to drop its default route after forwarding went off"
               % net.kind)
    # The prefix stays configured: only the router's role ended.
    assert A_SLAAC in net.a_global_addrs()


# Another router on A's link, advertising what ours does not agree with.
OTHER = """interface IFACE {
    AdvSendAdvert on;
    MinRtrAdvInterval 3;
    MaxRtrAdvInterval 4;
    AdvCurHopLimit 50;
    AdvDefaultLifetime 0;
    prefix 2001:db8:a::/64 { AdvValidLifetime 7200; AdvPreferredLifetime 1800; };
};
"""


def test_other_routers_inconsistent_ras(net, tmp_path):
    """RFC 4861 6.2.7: a router checks the RAs of other routers on its
    link against its own and logs what differs. radvd on A's link
    advertises another Cur Hop Limit and Valid Lifetime: our radvd (the
    kernel case) logs both, and the stack counts and logs both, while A
    keeps its configuration."""
    d = str(tmp_path)
    net.start_router(d, conf_text(net.stk_if))
    wait_configured(net)
    od = os.path.join(d, "other")
    os.makedirs(od)
    conf = os.path.join(od, "radvd.conf")
    with open(conf, "w") as f:
        f.write(OTHER.replace("IFACE", net.peer_if))
    other = T.RadvdFile(od, conf, net.peer_ns)
    try:
        if net.kind == "kernel":
            log = net.router.log

            def agreed():
                text = open(log).read()
                return ("AdvCurHopLimit" in text and
                        "AdvValidLifetime" in text and text)
            text = T.wait_for(agreed, 10, "radvd to log the other router")
            assert re.search(r"AdvCurHopLimit.*doesn't agree", text), text
        else:
            st = net.router

            def counted():
                d = st.drops_now()
                return (d.get("RA_INCONSISTENT_HLIM", 0) > 0 and
                        d.get("RA_INCONSISTENT_VALID", 0) > 0 and d)
            T.wait_for(counted, 10, "the stack to count the other router")
            err = st.stderr_text()
            assert re.search(r"RA_INCONSISTENT_HLIM", err), err
        assert RT_LL in net.a_default_route()
    finally:
        other.stop()


def test_ra_show(tmp_path):
    """v6stack ra show: what is advertised and when the next RA goes out."""
    net = NETS["stack"]
    net.build()
    try:
        st = net.start_router(str(tmp_path), conf_text(net.stk_if))
        out = st.cli("ra", "show").stdout
        for want in (net.stk_if, "2001:db8:a::/64", "2001:db8:c::/48",
                     "2001:db8:a::53", "example.org", "next RA in"):
            assert want in out, (want, out)
        # -j: the same configuration, keyed by radvd.conf's names, one
        # object per interface (the second one advertises nothing)
        import json
        doc = json.loads(st.cli("ra", "-j", "show").stdout)
        assert [d["interface"] for d in doc] == [net.stk_if, net.rb_if], doc
        a = doc[0]
        assert (a["AdvSendAdvert"], a["MinRtrAdvInterval_ms"],
                a["MaxRtrAdvInterval_ms"], a["AdvOtherConfigFlag"],
                a["AdvLinkMTU"], a["AdvReachableTime"], a["AdvRetransTimer"],
                a["AdvCurHopLimit"], a["AdvDefaultLifetime"],
                a["AdvDefaultPreference"], a["derived"]) == \
            (True, 3000, 10000, True, 1400, 30000, 1500, 61, 300, "high",
             []), a
        assert a["prefixes"] == [{
            "prefix": "2001:db8:a::/64", "AdvOnLink": True,
            "AdvAutonomous": True, "AdvValidLifetime": 3600,
            "AdvPreferredLifetime": 1800}], a
        assert a["routes"] == [{"prefix": "2001:db8:c::/48",
                                "AdvRoutePreference": "low",
                                "AdvRouteLifetime": 600, "derived": False}]
        assert a["RDNSS"][0]["addresses"] == ["2001:db8:a::53",
                                              "2001:db8:a::54"], a
        assert a["DNSSL"][0]["domains"] == ["example.org",
                                            "lab.example.org"], a
        assert 0 <= a["next_ra_ms"] <= 10000, a
        one = json.loads(st.cli("ra", "show", "dev", net.stk_if,
                                "--json").stdout)
        assert [d["interface"] for d in one] == [net.stk_if], one
    finally:
        net.stop_router()
        net.destroy()
