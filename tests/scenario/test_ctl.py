# SPDX-License-Identifier: BSD-2-Clause
"""The control socket's answers as the iproute2 and nstat conventions have
them (issue 15 item 5): `-j` JSON for `stats` (nstat -j's document) and
every `show` object (ip -j's arrays, with iproute2's key names, compared
with the kernel's own `ip -j` on the peer side), strings escaped whatever
bytes a Router Advertisement carried; nstat's patterns and -a for `stats`.
Topology: NET (topo.py, names v6cj*)."""
import json
import socket
import struct

import topo as T

NET = T.Net("v6cj", "02:00:00:00:c7:01", peer_dad=False)

SHOW = ("drops", "neigh", "addr", "frag", "routers", "prefixes", "routes",
        "dns", "link")


def j(st, *args):
    """`v6stack ARGS -j -i IFACE`, parsed."""
    out = st.cli(*(list(args) + ["-j", "-i", st.ifname])).stdout
    assert out.endswith("\n") and out.count("\n") == 1, out
    return json.loads(out)


def kernel_j(*args):
    """The kernel's `ip -j ARGS` on the peer side, parsed."""
    return json.loads(T.sh(["ip", "-j"] + list(args), ns=NET.peer_ns).stdout)


def test_stats_json_as_nstat(make_stack, topo):
    """`stats -j` is nstat -j's document, {"v6stack": {NAME: VALUE}} (nstat:
    {"kernel": ...}), with the values of the text; -z adds the zeros; the
    patterns select as nstat's do (fnmatch's wildcards, bracket expressions
    and classes, any case: the same names as the kernel's nstat for the
    same pattern); -a is taken."""
    st = make_stack()
    p = st.ping(NET.stack_gua, count=3)
    assert T.ping_stats(p.stdout)[1] == 3, p.stdout
    d = j(st, "stats")
    assert list(d) == ["v6stack"], d
    c = d["v6stack"]
    assert c["Icmp6InEchos"] == 3 and c["Icmp6OutEchoReplies"] == 3, c
    assert all(isinstance(v, int) and v > 0 for v in c.values()), c
    # The text first: a name can appear between two reads (an Icmp6OutType135
    # once the neighbour entry leaves DELAY), never disappear.
    text_names = set(st.stats())
    z = j(st, "stats", "-z")["v6stack"]
    assert set(c) < set(z) and z["Icmp6InErrors"] == 0, z
    assert set(z) >= text_names, (text_names - set(z), z)
    for pat in ("Icmp6InEcho*", "icmp6inecho*", "Ip6?nReceives",
                "Icmp6[IO]n*Echo*", "ip6[!o]*receives", "Icmp6In[[:upper:]]chos",
                "Ip6[IO][nu]*[D-Fd-f]*", "Udp6[[:upper:]]*[!s]", "Ip6\\InReceives",
                "Ip6*", "Udp6*"):
        ours = j(st, "stats", "-a", "-z", pat)["v6stack"]
        kern = json.loads(T.sh(["nstat", "-a", "-z", "-j", pat],
                               ns=NET.peer_ns).stdout)["kernel"]
        assert sorted(ours) == sorted(kern), (pat, ours, kern)
    two = j(st, "stats", "Icmp6InEchos", "Icmp6OutEchoReplies")["v6stack"]
    assert two == {"Icmp6InEchos": 3, "Icmp6OutEchoReplies": 3}, two
    text = st.cli("stats", "-a", "Icmp6*Echo*", "-i", st.ifname).stdout
    assert [l.split()[0] for l in text.splitlines()] == \
        ["#v6stack", "Icmp6InEchos", "Icmp6OutEchoReplies"], text


def test_ecn_and_transmit_counters_as_the_kernel(make_stack, topo):
    """Ip6InECT1Pkts and Ip6OutTransmits (Linux's ip6_rcv_core and
    ip6_finish_output2): the kernel pings the stack with ECT(1) in the
    Traffic Class (ping -Q); the stack counts the three requests by their
    ECN field and three replies sent, which copy the request's field as
    Linux's do, so that the kernel counts the same for the replies it
    receives: each side proves the other's count."""
    st = make_stack()
    assert T.ping_stats(st.ping(NET.stack_gua, count=1).stdout)[1] == 1

    def kern():
        d = json.loads(T.sh(["nstat", "-a", "-z", "-j", "Ip6InECT1Pkts",
                             "Ip6OutTransmits"], ns=NET.peer_ns).stdout)
        return d["kernel"]

    ours0, kern0 = st.stats(), kern()
    p = st.ping(NET.stack_gua, count=3, extra=("-Q", "0xb9"))
    assert T.ping_stats(p.stdout)[1] == 3, p.stdout
    ours1, kern1 = st.stats(), kern()
    assert ours1.get("Ip6InECT1Pkts", 0) - ours0.get("Ip6InECT1Pkts", 0) == 3, ours1
    assert kern1["Ip6InECT1Pkts"] - kern0["Ip6InECT1Pkts"] == 3, (kern0, kern1)
    assert ours1["Ip6OutTransmits"] - ours0["Ip6OutTransmits"] >= 3, (ours0, ours1)
    assert kern1["Ip6OutTransmits"] - kern0["Ip6OutTransmits"] >= 3, (kern0, kern1)


def test_show_json_every_object(make_stack, topo):
    """Every `show` object answers -j with one JSON document (an array; frag
    an object), before or after the object's name, and says the same as
    the text: the neighbour, the addresses and the link's counters."""
    st = make_stack()
    assert T.ping_stats(st.ping(NET.stack_gua, count=2).stdout)[1] == 2
    for what in SHOW:
        d = j(st, "show", what)
        assert isinstance(d, dict if what == "frag" else list), (what, d)
        out = st.cli("show", "-j", what, "-i", st.ifname).stdout
        assert isinstance(json.loads(out), type(d)), (what, out)
    frag = j(st, "show", "frag")
    assert set(frag) == {"inuse", "memory", "peak", "high_thresh",
                         "low_thresh"} and frag["inuse"] == 0, frag
    neigh = {n["dst"]: n for n in j(st, "show", "neigh")}
    text = st.show_neigh()
    assert sorted(neigh) == sorted(text) and neigh, (neigh, text)
    for dst, (ll, state) in text.items():
        assert neigh[dst].get("lladdr") == ll and \
            neigh[dst]["dev"] == st.ifname, neigh
    text = st.link_stats()  # first: the counters only grow after it
    link = j(st, "show", "link")
    assert [l["ifname"] for l in link] == [st.ifname], link
    mac = st.show("link").splitlines()[1].split()[1]
    assert link[0]["address"] == mac and link[0]["operstate"] == "UP", link
    rx, tx = link[0]["stats64"]["rx"], link[0]["stats64"]["tx"]
    assert rx["packets"] >= text["rx_frames"] > 0 and \
        tx["packets"] >= text["tx_frames"] > 0, (link, text)
    before = st.drops_now()  # first: the counts only grow after it
    drops = j(st, "show", "drops", "-z")
    assert drops and all(set(x) == {"reason", "count", "rule"}
                         for x in drops), drops
    counts = {x["reason"]: x["count"] for x in drops}
    assert all(counts[k] >= v for k, v in before.items()), (counts, before)


def test_json_keys_are_iproute2s(make_stack, topo):
    """`show neigh -j` and `show addr -j` use the keys `ip -j` uses for the
    same objects: every key of ours the kernel's `ip -j -6 neigh` / `ip -j
    addr` also has, but for v6stack's own (an address's state, anycast)."""
    st = make_stack(extra=["--anycast", "2001:db8::99"])
    assert T.ping_stats(st.ping(NET.stack_gua, count=1).stdout)[1] == 1
    ours = j(st, "show", "neigh")
    assert ours, ours
    kern = kernel_j("-6", "neigh", "show")
    kkeys = set().union(*(set(n) for n in kern)) | {"router"}
    for n in ours:
        assert set(n) <= kkeys, (n, kern)
        assert isinstance(n["state"], list) and len(n["state"]) == 1, n
    addr = j(st, "show", "addr")
    assert len(addr) == 1 and addr[0]["ifname"] == st.ifname, addr
    kaddr = kernel_j("addr", "show", "dev", NET.peer_if)[0]
    assert set(addr[0]) <= set(kaddr), (addr, kaddr)
    kinfo = set().union(*(set(a) for a in kaddr["addr_info"]))
    own = {"state", "anycast", "tentative", "deprecated", "dadfailed",
           "dynamic", "optimistic"}
    info = {a["local"]: a for a in addr[0]["addr_info"]}
    for a in info.values():
        assert set(a) - own <= kinfo, (a, kinfo)
    g = info[NET.stack_gua]
    assert (g["prefixlen"], g["scope"], g["state"], g["valid_life_time"]) \
        == (64, "global", "PREFERRED", 4294967295), g
    assert info[NET.stack_ll]["scope"] == "link", info
    assert info["2001:db8::99"].get("anycast") is True, info
    lft = j(st, "show", "addr", "-l")
    assert lft == addr, (lft, addr)


def ra_frame(peer_ll, peer_mac, domain_label):
    """An RA (RFC 4861 4.2) from the peer: router lifetime 1800, an on-link
    prefix 2001:db8:5::/64 (L, not A), a Route Information option for
    2001:db8:77::/48 (RFC 4191 2.3, preference high), RDNSS 2001:db8::53
    (RFC 8106 5.1) and a DNSSL (5.2) whose first name's first label is
    domain_label, any bytes, then "example"."""
    pio = struct.pack("!BBBBIII", 3, 4, 64, 0x80, 600, 300, 0) + \
        socket.inet_pton(socket.AF_INET6, "2001:db8:5::")
    rio = struct.pack("!BBBBI", 24, 3, 48, 0x08, 900) + \
        socket.inet_pton(socket.AF_INET6, "2001:db8:77::")
    rdnss = struct.pack("!BBHI", 25, 3, 0, 1200) + \
        socket.inet_pton(socket.AF_INET6, "2001:db8::53")
    names = bytes([len(domain_label)]) + domain_label + b"\x07example\x00"
    names += b"\x00" * (-(8 + len(names)) % 8)
    dnssl = struct.pack("!BBHI", 31, (8 + len(names)) // 8, 0, 1200) + names
    slla = b"\x01\x01" + T.mac_bytes(peer_mac)
    ra = struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 1800, 0, 0) + \
        pio + rio + rdnss + dnssl + slla
    return T.frame("33:33:00:00:00:01", peer_mac, peer_ll, "ff02::1", ra)


def test_json_what_ras_taught_escaped(make_stack, topo):
    """routers, prefixes, routes and dns as JSON, iproute2's route keys (dst,
    gateway, dev, protocol, pref, expires); a DNSSL label of hostile bytes
    (a quote, a backslash, a control byte, a byte >= 0x80) comes out as
    valid JSON that reads back as those bytes (each byte a code point)."""
    st = make_stack(sets=["conf.IFACE.router_solicitations=0",
                          "conf.IFACE.accept_ra_rt_info_max_plen=64"])
    label = b'a"b\\c\x01\xff'
    NET.peer_send(T.hexes([ra_frame(st.peer_ll, NET.info["peer_mac"],
                                    label)]))
    T.wait_for(lambda: "search" in st.show("dns"), 5, "the DNSSL learnt")
    routers = j(st, "show", "routers")
    assert len(routers) == 1 and routers[0]["gateway"] == st.peer_ll and \
        routers[0]["dev"] == st.ifname and \
        1700 < routers[0]["lifetime"] <= 1800, routers
    prefixes = j(st, "show", "prefixes")
    assert [(p["dst"], p["onlink"]) for p in prefixes] == \
        [("2001:db8:5::/64", True)], prefixes
    assert 500 < prefixes[0]["valid_life_time"] <= 600, prefixes
    routes = {r["dst"]: r for r in j(st, "show", "routes")}
    assert len(routes) == len(st.show("routes").splitlines()), routes
    assert routes["2001:db8:77::/48"]["gateway"] == st.peer_ll and \
        routes["2001:db8:77::/48"]["pref"] == "high", routes
    assert routes["default"]["gateway"] == st.peer_ll and \
        routes["default"]["protocol"] == "ra", routes
    assert "gateway" not in routes["2001:db8:5::/64"], routes
    for r in routes.values():
        if r["protocol"] == "ra":
            assert {"dst", "dev", "protocol", "pref", "expires"} <= set(r), r
    # ip -j route's keys (iproute2 iproute.c print_route): the kernel's
    # routes here have no gateway or expires, so the names are listed.
    kroute = set().union(*(set(r) for r in kernel_j("-6", "route", "show")))
    assert {"dst", "dev", "protocol", "pref"} <= kroute, kroute
    for r in routes.values():
        assert set(r) - {"source"} <= kroute | {"gateway", "expires"}, r
    dns = j(st, "show", "dns")
    assert {"nameserver": "2001:db8::53", "dev": st.ifname,
            "lifetime": dns[0]["lifetime"]} in dns, dns
    search = [d for d in dns if "search" in d]
    assert [d["search"] for d in search] == \
        [label.decode("latin-1") + ".example"], dns
    raw = st.cli("show", "dns", "-j", "-i", st.ifname).stdout
    assert '"a\\"b\\\\c\\u0001\\u00ff.example"' in raw, raw
    # The text: printable ASCII only, the rest as \xHH.
    assert 'search a"b\\\\c\\x01\\xff.example dev ' in st.show("dns"), \
        st.show("dns")


def test_show_routes_connected_prefixes(make_stack, topo):
    """`show routes` lists the connected prefixes first, the proto kernel
    routes of the stack's addresses (the global /64 and fe80::/64), as the
    kernel lists its own: the same lines and the same `ip -j` objects as
    the kernel peer's for the same prefixes, but for the device name."""
    st = make_stack()
    text = st.show("routes").splitlines()
    want = ["%s dev %s proto kernel metric 256 pref medium" % (p, st.ifname)
            for p in ("2001:db8::/64", "fe80::/64")]
    assert text == want, text
    kern = T.sh(["ip", "-6", "route", "show", "proto", "kernel"],
                ns=NET.peer_ns).stdout
    for line in want:
        assert line.replace(st.ifname, NET.peer_if).replace(
            " proto kernel", "") in kern, (line, kern)
    ours = j(st, "show", "routes")
    kj = [r for r in kernel_j("-6", "route", "show")
          if r.get("protocol") == "kernel"]
    for r in kj:
        r["dev"] = st.ifname
    assert ours == kj, (ours, kj)


def ns_bad_hoplimit(st):
    """A Neighbor Solicitation for the stack's address from the peer's
    link-local with hop limit 64 (RFC 4861 7.1.1: must be 255)."""
    snm = T.snma(NET.stack_gua)
    return T.frame(T.mcast_mac(snm), NET.info["peer_mac"], st.peer_ll, snm,
                   T.ns_msg(NET.stack_gua,
                            opts=T.opt_slla(NET.info["peer_mac"])), hlim=64)


def test_verbose_drop_lines_timestamp_and_addresses(make_stack, topo):
    """`run -v` names the dropped packet's addresses after the rule
    ("(IP6 SRC > DST)", as tcpdump); with -t each event line starts with
    the time as `ip -ts monitor` prints it, "[YYYY-MM-DDTHH:MM:SS.uuuuuu] "
    (local time, within seconds of now); without -t, no prefix."""
    import datetime
    import re
    for ts in (False, True):
        st = make_stack(extra=["-t"] if ts else [])
        NET.peer_send(T.hexes([ns_bad_hoplimit(st)]))
        T.wait_for(lambda: "NDISC_HOPLIMIT" in st.stderr_text(), 5,
                   "the drop logged")
        err = st.stderr_text()
        st.stop()
        prefix = r"\[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d{6}\] " if ts else ""
        m = re.search(r"^%sdrop %s NDISC_HOPLIMIT: .* \(IP6 %s > %s\)$" % (
            prefix, st.ifname, re.escape(st.peer_ll),
            re.escape(T.ip6_str(T.snma(NET.stack_gua)))), err, re.M)
        assert m, err
        lines = [l for l in err.splitlines() if l]
        if ts:
            t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
            assert abs((datetime.datetime.now() - t).total_seconds()) < 30, t
            assert all(re.match(prefix, l) for l in lines), lines
        else:
            assert not any(l.startswith("[") for l in lines), lines
