# SPDX-License-Identifier: BSD-2-Clause
"""Router discovery and SLAAC against radvd and the Linux kernel as the
router (RFC 4861 6.3, RFC 4862 5.5, RFC 7217, RFC 8106). Each test builds
its own namespaces (NET, v6r-*): the kernel peer routes between the stack's
link (2001:db8:1::/64) and a far host's (2001:db8:2::/64)."""
import ipaddress
import re
import socket
import struct
import time

import pytest

import topo as T

PREFIX1, PREFIX3 = "2001:db8:1::", "2001:db8:3::"
FAR_RTR_ADDR, FAR_ADDR = "2001:db8:2::1", "2001:db8:2::2"
STACK_EUI64_IID = "ff:fe00:aa01"  # modified EUI-64 of 02:00:00:00:aa:01
# The stack on v6r0 (no static address), the kernel router on v6r1.
NET = T.Net("v6r", "02:00:00:00:aa:01", peer_gua="2001:db8:1::1",
            forwarding=True, stack_addrs=())

EUI64_ADDR = PREFIX1 + STACK_EUI64_IID


@pytest.fixture
def topo(tmp_path):
    peer_ll = NET.build()["peer_ll"]
    NET.add_host("far", FAR_RTR_ADDR, FAR_ADDR, default_route=True)
    yield peer_ll
    NET.destroy()


@pytest.fixture
def run(tmp_path):
    """Start a stack (and radvd) for a test; stop both at teardown."""
    started = []

    def start(sets=(), radvd=None, addrs=(), extra=(), dad=False):
        st = T.Stack(NET, str(tmp_path), sets=sets, addrs=addrs, extra=extra,
                     dad=dad)
        started.append(st)
        st.start()
        if radvd is not None:
            started.append(NET.radvd(str(tmp_path), radvd))
        return st
    yield start
    for x in reversed(started):
        x.stop()


def wait_addr(st, addr, state="PREFERRED", timeout=8):
    T.wait_for(lambda: st.addr_states().get(addr) == state, timeout,
               "%s to be %s; log:\n%s" % (addr, state, st.stderr_text()))


def test_slaac_eui64_address_pingable_rdnss_dnssl(topo, run):
    """RFC 4862 5.5.3 (d): an address from the prefix and the modified
    EUI-64 (RFC 4291 2.5.1) that the kernel can ping; RFC 4861 6.3.4 the
    router in the default router list; RFC 8106 RDNSS/DNSSL kept."""
    st = run(radvd=T.radvd_body(rdnss="2001:db8:1::53", dnssl="example.org"))
    wait_addr(st, EUI64_ADDR)
    p = st.ping(EUI64_ADDR, count=3)
    assert T.ping_stats(p.stdout)[1] == 3, p.stdout + p.stderr
    routers = st.show("routers")
    assert re.search(r"^%s dev v6r0 pref medium lifetime" % re.escape(topo),
                     routers, re.M), routers
    routes = st.show("routes")
    assert "2001:db8:1::/64 dev v6r0 proto ra source PREFIX" in routes, routes
    prefixes = st.show("prefixes")
    assert re.search(r"^2001:db8:1::/64 dev v6r0 onlink valid_lft \d", prefixes,
                     re.M), prefixes
    assert "default via %s dev v6r0" % topo in routes, routes
    dns = st.show("dns")
    assert re.search(r"^nameserver 2001:db8:1::53 dev v6r0 lifetime \d", dns,
                     re.M), dns
    assert re.search(r"^search example.org dev v6r0 lifetime \d", dns,
                     re.M), dns
    lft = st.show("addr -l")
    m = re.search(r"inet6 %s/64 PREFERRED autoconf valid_lft ([\d.]+)s "
                  r"preferred_lft ([\d.]+)s" % re.escape(EUI64_ADDR), lft)
    assert m and 290 < float(m.group(1)) <= 300 and \
        110 < float(m.group(2)) <= 120, lft
    c = st.stop()
    assert c.get("Icmp6InRouterAdvertisements", 0) >= 1, c


def stat(st, name):
    out = T.sh([T.BINARY, "stats", "-i", NET.stk_if], ns=NET.stk_ns).stdout
    m = re.search(r"^%s\s+(\d+)" % name, out, re.M)
    return int(m.group(1)) if m else 0


def test_rs_sent_at_start(topo, run, tmp_path):
    """RFC 4861 6.3.7: solicitations to ff02::2 from the link-local with
    the SLLA option, hop limit 255; radvd answers at once."""
    path = str(tmp_path / "rs.pcap")
    cap = T.Capture(NET.peer_ns, NET.peer_if, path, "icmp6")
    st = run(sets=["conf.IFACE.router_solicitation_delay=0",
                   "conf.IFACE.router_solicitation_interval=1"])
    time.sleep(2.5)
    cap.stop()
    out = T.sh(["tcpdump", "-r", path, "-n", "-vv", "-e"]).stdout
    rs = [l for l in re.split(r"\n(?=\d\d:\d\d:\d\d\.)", out)
          if "router solicitation" in l]
    assert len(rs) >= 2, out
    for r in rs:
        assert "%s > 33:33:00:00:00:02" % NET.stack_mac in r, r
        assert "hlim 255" in r and "%s > ff02::2" % NET.stack_ll in r, r
        assert "source link-address option" in r and NET.stack_mac in r, r
    # an RA stops them: none in the next 5 s, when the backoff (1, 2, 4 s
    # ...) would have sent at least one more
    rd = NET.radvd(str(tmp_path), T.radvd_body())
    try:
        wait_addr(st, EUI64_ADDR)
        n1 = stat(st, "Icmp6OutRouterSolicits")
        time.sleep(5)
        n2 = stat(st, "Icmp6OutRouterSolicits")
    finally:
        rd.stop()
    assert n1 >= 2 and n2 == n1, (n1, n2)


def test_ra_mtu_limits_what_the_stack_sends(topo, run, tmp_path):
    """RFC 4861 6.3.4 MTU option (accept_ra_mtu): a 1400-byte ping gets its
    reply in fragments no larger than the advertised 1280 (RFC 8200 4.5)."""
    st = run(radvd=T.radvd_body(mtu=1280))
    wait_addr(st, EUI64_ADDR)
    T.wait_for(lambda: "MTU from a Router Advertisement" in st.stderr_text(),
               5, "the MTU option")
    # radvd also sets its own interface's IPv6 MTU to AdvLinkMTU: put the
    # kernel's back to 1500 so that its request arrives whole (the stack
    # does not reassemble yet) and only the stack is limited to 1280.
    T.sysctl(NET.peer_ns, "net.ipv6.conf.%s.mtu" % NET.peer_if, 1500)
    path = str(tmp_path / "mtu.pcap")
    cap = T.Capture(NET.peer_ns, NET.peer_if, path, "ip6")
    p = st.ping(EUI64_ADDR, count=2, size=1400)
    cap.stop()
    assert T.ping_stats(p.stdout)[1] == 2, p.stdout + p.stderr
    from scapy.all import rdpcap, IPv6, IPv6ExtHdrFragment, Ether
    frags = [f for f in rdpcap(path) if IPv6 in f and
             f[IPv6].src == EUI64_ADDR and IPv6ExtHdrFragment in f]
    assert len(frags) >= 4, [f.summary() for f in rdpcap(path)]
    for f in frags:
        assert len(f[IPv6]) <= 1280, (len(f[IPv6]), f.summary())


def test_reply_to_offlink_source_goes_to_the_router(topo, run, tmp_path):
    """RFC 4861 5.2: an off-link destination's next hop is the default
    router: the reply to a node behind the kernel router leaves with the
    router's MAC as destination."""
    st = run(radvd=T.radvd_body())
    wait_addr(st, EUI64_ADDR)
    path = str(tmp_path / "off.pcap")
    cap = T.Capture(NET.peer_ns, NET.peer_if, path, "icmp6")
    p = T.sh(["ping", "-n", "-c", "2", "-i", "0.2", "-W", "2", EUI64_ADDR],
             ns=NET.hosts["far"]["ns"], check=False)
    cap.stop()
    assert T.ping_stats(p.stdout)[1] == 2, p.stdout + p.stderr
    from scapy.all import rdpcap, IPv6, ICMPv6EchoReply, Ether
    replies = [f for f in rdpcap(path) if ICMPv6EchoReply in f and
               f[IPv6].dst == FAR_ADDR]
    assert len(replies) == 2, [f.summary() for f in rdpcap(path)]
    for f in replies:
        assert f[Ether].dst == NET.info["peer_mac"] and f[Ether].src == NET.stack_mac, \
            f.summary()


def linux_stable_iid(secret, prefix, mac, dad_counter=0):
    """Linux's ipv6_generate_stable_address (RFC 7217), written here from
    its description, with hashlib-free SHA-1 compression of one block."""
    def rol(x, k):
        return ((x << k) | (x >> (32 - k))) & 0xffffffff
    block = (socket.inet_pton(socket.AF_INET6, secret) +
             socket.inet_pton(socket.AF_INET6, prefix)[:8] +
             T.mac_bytes(mac).ljust(32, b"\0") + bytes([dad_counter]))
    block = block.ljust(64, b"\0")
    h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
    w = list(struct.unpack(">16I", block))
    for i in range(16, 80):
        w.append(rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1))
    a, b, c, d, e = h
    for i in range(80):
        if i < 20:
            f, k = (b & c) | (~b & d), 0x5A827999
        elif i < 40:
            f, k = b ^ c ^ d, 0x6ED9EBA1
        elif i < 60:
            f, k = (b & c) | (b & d) | (c & d), 0x8F1BBCDC
        else:
            f, k = b ^ c ^ d, 0xCA62C1D6
        a, b, c, d, e = (rol(a, 5) + f + e + k + w[i]) & 0xffffffff, a, \
            rol(b, 30), c, d
    h = [(x + y) & 0xffffffff for x, y in zip(h, [a, b, c, d, e])]
    return socket.inet_ntop(socket.AF_INET6,
                            socket.inet_pton(socket.AF_INET6, prefix)[:8] +
                            struct.pack("<II", h[0], h[1]))


SECRET = "2001:db8:5ec:2e7::1"


def test_stable_privacy_addresses(topo, run, tmp_path):
    """RFC 7217 5 with addr_gen_mode=2 and stable_secret: the identifier is
    not the EUI-64, differs per prefix, and is the same after a restart
    (and is what Linux's algorithm gives for the same inputs)."""
    sets = ["conf.IFACE.stable_secret=" + SECRET]
    body = T.radvd_body(prefixes=(PREFIX1, PREFIX3))
    want1 = linux_stable_iid(SECRET, PREFIX1, NET.stack_mac)
    want3 = linux_stable_iid(SECRET, PREFIX3, NET.stack_mac)
    assert want1.split(":")[4:] != want3.split(":")[4:]
    st = run(sets=sets, radvd=body)
    wait_addr(st, want1)
    wait_addr(st, want3)
    assert EUI64_ADDR not in st.addr_states(), st.stderr_text()
    ll = linux_stable_iid(SECRET, "fe80::", NET.stack_mac)
    assert st.addr_states().get(ll) == "PREFERRED", st.stderr_text()
    p = st.ping(want1, count=1)
    assert T.ping_stats(p.stdout)[1] == 1, p.stdout + p.stderr
    st.stop()
    st2 = run(sets=sets)  # the same secret, prefix and MAC: same address
    wait_addr(st2, want1)
    wait_addr(st2, want3)


def test_random_secret_mode3_differs_from_eui64(topo, run):
    """addr_gen_mode=3 (Linux: a random secret): stable-privacy form, not
    the EUI-64 one."""
    st = run(sets=["conf.IFACE.addr_gen_mode=3"], radvd=T.radvd_body())
    net = ipaddress.ip_network(PREFIX1 + "/64")
    T.wait_for(lambda: any(ipaddress.ip_address(a) in net and s == "PREFERRED"
                           for a, s in st.addr_states().items()), 8,
               "an address in 2001:db8:1::/64")
    assert EUI64_ADDR not in st.addr_states(), st.stderr_text()


def ra_frame(peer_ll, peer_mac, router_lifetime=60, valid=6, preferred=2,
             prefix=PREFIX1):
    """An RA built here (RFC 4861 4.2, 4.6.2, 4.6.1) from the peer's
    link-local to all-nodes."""
    pio = struct.pack("!BBBBIII", 3, 4, 64, 0xc0, valid, preferred, 0) + \
        socket.inet_pton(socket.AF_INET6, prefix)
    slla = b"\x01\x01" + T.mac_bytes(peer_mac)
    ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, router_lifetime, 0, 0) + \
        pio + slla
    return T.frame("33:33:00:00:00:01", peer_mac, peer_ll, "ff02::1", ra)


def test_lifetimes_deprecate_then_remove(topo, run):
    """RFC 4862 5.5.4: the address is deprecated when its preferred
    lifetime ends and removed when its valid lifetime ends; RFC 4861 6.3.4
    a router lifetime of 0 removes the router at once."""
    st = run(sets=["conf.IFACE.router_solicitations=0"])
    agent = NET.agent()
    try:
        agent.xact([ra_frame(topo, NET.info["peer_mac"], valid=6,
                             preferred=2)], 0.3)
        wait_addr(st, EUI64_ADDR)
        assert topo in st.show("routers")
        wait_addr(st, EUI64_ADDR, "DEPRECATED", timeout=4)
        agent.xact([ra_frame(topo, NET.info["peer_mac"], router_lifetime=0,
                             valid=6, preferred=0)], 0.3)
        assert st.show("routers").strip() == "", st.show("routers")
        wait_addr(st, EUI64_ADDR, "REMOVED", timeout=8)
    finally:
        agent.close()
    assert "default via" not in st.show("routes")


def test_accept_ra_0_ignores_ras(topo, run):
    """Linux accept_ra=0: RAs are dropped (counted), nothing is learned,
    and no solicitation is sent."""
    st = run(sets=["conf.IFACE.accept_ra=0"], radvd=T.radvd_body())
    time.sleep(5)
    assert st.show("routers").strip() == ""
    assert EUI64_ADDR not in st.addr_states()
    c = st.stop()
    assert c.get("drop.RA_NOT_ACCEPTED", 0) >= 1, c
    assert c.get("Icmp6OutRouterSolicits", 0) == 0, c


def test_route_information_off_by_default_then_accepted(topo, run):
    """RFC 4191 3.1 with Linux's accept_ra_rt_info_max_plen: 0 (the
    default) ignores Route Information (counted); 64 installs the route
    through the advertising router with its preference."""
    body = T.radvd_body(routes=("2001:db8:77::/48",))
    st = run(radvd=body)
    wait_addr(st, EUI64_ADDR)
    assert "2001:db8:77::" not in st.show("routes")
    c = st.stop()
    assert c.get("drop.RIO_NOT_ACCEPTED", 0) >= 1, c
    st2 = run(sets=["conf.IFACE.accept_ra_rt_info_max_plen=64"])
    T.wait_for(lambda: "2001:db8:77::/48" in st2.show("routes"), 10,
               "the RIO route")
    routes = st2.show("routes")
    assert re.search(r"^2001:db8:77::/48 via %s dev v6r0 proto ra source RIO "
                     r"pref high expires" % re.escape(topo), routes, re.M), \
        routes


def test_optimistic_dad_address_usable_during_dad(topo, run, tmp_path):
    """RFC 4429 with optimistic_dad=1: the SLAAC address is OPTIMISTIC at
    once, the kernel can ping it while DAD runs (3 probes), the stack's NA
    for it has the Override flag clear (RFC 4429 3.3); then PREFERRED."""
    path = str(tmp_path / "opt.pcap")
    cap = T.Capture(NET.peer_ns, NET.peer_if, path, "icmp6")
    st = run(sets=["conf.IFACE.optimistic_dad=1", "conf.IFACE.dad_transmits=3"],
             radvd=T.radvd_body(), dad=True)
    wait_addr(st, EUI64_ADDR, "OPTIMISTIC", timeout=10)
    p = st.ping(EUI64_ADDR, count=1)
    assert st.addr_states()[EUI64_ADDR] == "OPTIMISTIC", st.stderr_text()
    assert T.ping_stats(p.stdout)[1] == 1, p.stdout + p.stderr
    wait_addr(st, EUI64_ADDR, "PREFERRED", timeout=6)
    cap.stop()
    out = T.sh(["tcpdump", "-r", path, "-n", "-vv"]).stdout
    nas = re.findall(r"neighbor advertisement, length \d+, tgt is %s, "
                     r"Flags \[([^\]]*)\]" % re.escape(EUI64_ADDR), out)
    assert nas, out
    assert "override" not in nas[0], nas


def routes_normalized(text, dev, router_ll):
    """`ip -6 route show` lines with the device and the router's
    link-local named generically and expires kept apart: ([line], [s])."""
    lines, expires = [], []
    for line in text.splitlines():
        m = re.search(r" expires (\d+)sec", line)
        if m:
            expires.append(int(m.group(1)))
            line = line.replace(m.group(0), " expires Nsec")
        lines.append(line.replace(router_ll, "ROUTER")
                     .replace("dev %s " % dev, "dev DEV "))
    return lines, expires


def test_route_show_lists_what_ras_taught_as_linux(topo, run, tmp_path):
    """What Router Advertisements teach is in `route show` as a kernel
    host that hears the same RAs lists it (ip -6 route show): the on-link
    prefix (proto kernel metric 256), Route Information (proto ra, its
    preference) and the default route (proto ra metric 1024, hoplimit from
    Cur Hop Limit), in Linux's order, with expiries within 3 s."""
    body = T.radvd_body(routes=("2001:db8:77::/48",))
    # a kernel host on a link of its own from the same router, same RAs
    kns, kif, rif = NET.prefix + "-kh", NET.prefix + "5", NET.prefix + "4"
    T.netns_add(kns)
    NET.hosts["kh"] = {"ns": kns}  # cleaned up with the net
    T.veth(NET.peer_ns, rif, kns, kif)
    T.kernel_side(NET.peer_ns, rif, ["2001:db8:9::1/64"], dad=False)
    T.sysctl(kns, "net.ipv6.conf.%s.accept_ra_rt_info_max_plen" % kif, 64)
    T.kernel_side(kns, kif, [], dad=False)
    kdir = tmp_path / "kh"
    kdir.mkdir()
    kradvd = T.Radvd(str(kdir), body, NET.peer_ns, rif)
    try:
        st = run(radvd=body,
                 sets=["conf.IFACE.accept_ra_rt_info_max_plen=64"])
        wait_addr(st, EUI64_ADDR)
        T.wait_for(lambda: "2001:db8:77::/48" in T.sh(
            ["ip", "-6", "route", "show"], ns=kns).stdout, 15,
            "the kernel host to learn the Route Information")
        time.sleep(4)  # both have heard the same latest RA
        kern = T.sh(["ip", "-6", "route", "show"], ns=kns).stdout
        ours = st.cli("route", "show", "-I", st.ifname).stdout
        k_lines, k_exp = routes_normalized(
            kern, kif, T.wait_kernel_ll(NET.peer_ns, rif))
        s_lines, s_exp = routes_normalized(ours, st.ifname, topo)
        assert s_lines == k_lines, (kern, ours)
        assert len(s_exp) == len(k_exp) and all(
            abs(a - b) <= 3 for a, b in zip(s_exp, k_exp)), (kern, ours)
        # route get: a Route Information destination, one by the default
        # route, one on-link (sources differ: each its own SLAAC address)
        for dst in ("2001:db8:77::1", "2001:db8:99::1", "2001:db8:1::5"):
            kern = T.sh(["ip", "-6", "route", "get", dst], ns=kns).stdout
            ours = st.cli("route", "get", dst, "-I", st.ifname).stdout
            k_lines, _ = routes_normalized(
                re.sub(r" src \S+", " src SRC", kern), kif,
                T.wait_kernel_ll(NET.peer_ns, rif))
            s_lines, _ = routes_normalized(
                re.sub(r" src \S+", " src SRC", ours), st.ifname, topo)
            assert s_lines == k_lines, (dst, kern, ours)
    finally:
        kradvd.stop()
