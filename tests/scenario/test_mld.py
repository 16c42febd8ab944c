# SPDX-License-Identifier: BSD-2-Clause
"""The MLD host (RFC 3810; RFC 2710 compatibility) on the wire, decoded
field by field with tshark: unsolicited reports for every solicited-node
group (never ff02::1) with the Hop-by-Hop Router Alert (value 0), hop limit
1, to ff02::16, valid checksums, from :: while the link-local is tentative
and from it afterwards; a leave reported when an address fails DAD; a
General Query from scapy in the peer answered within its Maximum Response
Delay; an invalid query ignored with a named drop; MLDv1 compatibility
when an MLDv1 query is heard. Topology: NET (topo.py)."""
import time

import topo as T

# The stack on v6m0 in v6m-stk, the kernel peer on v6m1 in v6m-peer.
NET = T.Net("v6m", "02:00:00:00:dd:01", peer_dad=False)

FIELDS = ["frame.time_relative", "eth.src", "eth.dst", "ipv6.src", "ipv6.dst",
          "ipv6.hlim", "ipv6.nxt", "ipv6.opt.router_alert", "icmpv6.type",
          "icmpv6.checksum.status", "icmpv6.mldr.nb_mcast_records",
          "icmpv6.mldr.mar.record_type", "icmpv6.mldr.mar.multicast_address",
          "icmpv6.mld.multicast_address"]
MLD_TYPES = ("130", "131", "132", "143")


# What a capture on the peer adds to a delay the stack draws: its loop
# and the veth, both ways (milliseconds; the bound stays far below any
# second timer).
PATH_SLACK_S = 0.05


def mld_rows(path):
    cmd = ["tshark", "-r", path, "-o", "icmpv6.validate_checksum:TRUE",
           "-Y", "icmpv6", "-T", "fields", "-E", "separator=|",
           "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    p = T.sh(cmd, check=False)
    if p.returncode != 0:
        del cmd[3:5]
        p = T.sh(cmd)
    rows = []
    for line in p.stdout.splitlines():
        r = dict(zip(FIELDS, line.split("|")))
        if r["icmpv6.type"] in MLD_TYPES:
            r["records"] = list(zip(
                [x for x in r["icmpv6.mldr.mar.record_type"].split(",") if x],
                [x for x in r["icmpv6.mldr.mar.multicast_address"].split(",")
                 if x]))
            rows.append(r)
    return rows


def ours(rows):
    return [r for r in rows if r["eth.src"] == NET.stack_mac]


def check_on_wire(r):
    """RFC 3810 5: what every MLD message we send must look like."""
    assert r["ipv6.hlim"] == "1", r
    assert r["ipv6.nxt"] == "0", r                  # Hop-by-Hop first
    assert r["ipv6.opt.router_alert"] == "0", r     # RFC 2711: MLD
    assert r["icmpv6.checksum.status"] == "1", r    # tshark: Good
    mac = T.mac_str(T.mcast_mac(T.ip6(r["ipv6.dst"])))
    assert r["eth.dst"] == mac, r


def sn(a):
    return T.ip6_str(T.snma(a))


def gq(topo, mrd_ms=3000, v1=False, hlim=1, src=None):
    S = T.scapy()
    q = S.ICMPv6MLQuery(mrd=mrd_ms) if v1 else S.ICMPv6MLQuery2(mrd=mrd_ms)
    f = (S.Ether(src=topo["peer_mac"], dst="33:33:00:00:00:01") /
         S.IPv6(src=src or topo["peer_ll"], dst="ff02::1", hlim=hlim) /
         S.IPv6ExtHdrHopByHop(options=[S.RouterAlert(value=0)]) / q)
    return bytes(f).hex()


def test_unsolicited_reports_at_start(make_stack, topo, tmp_path):
    """RFC 3810 6.1, 5.2.13: on start, CHANGE_TO_EXCLUDE({}) records for
    the link-local's and the global's solicited-node groups, none for
    ff02::1, robustness (2) times from :: while the addresses are in DAD,
    then again, twice, from the link-local once it is usable."""
    cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "start.pcap"),
                    filt="ip6")
    st = make_stack(dad=True)
    time.sleep(4)
    path = cap.stop()
    rows = ours(mld_rows(path))
    assert rows, "no MLD message from the stack"
    want = {("4", sn(NET.stack_ll)), ("4", sn(NET.stack_gua))}
    for r in rows:
        check_on_wire(r)
        assert r["icmpv6.type"] == "143" and r["ipv6.dst"] == "ff02::16", r
        assert set(r["records"]) == want, r
        assert not any(g == "ff02::1" for _, g in r["records"]), r
    srcs = [r["ipv6.src"] for r in rows]
    assert srcs == ["::", "::", NET.stack_ll, NET.stack_ll], rows
    c = st.stats()
    assert c["Icmp6OutMLDv2Reports"] == 4 and c["Icmp6OutType143"] == 4, c


def test_leave_reported_when_dad_fails(make_stack, topo, tmp_path):
    """RFC 3810 6.1: the stack tries the kernel's address; it joins its
    solicited-node group (CHANGE_TO_EXCLUDE), DAD fails, and it leaves it
    (CHANGE_TO_INCLUDE, twice) while the other groups stay."""
    cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "leave.pcap"),
                    filt="ip6")
    make_stack(dad=True, addrs=(NET.peer_gua + "/64",),
               pre_args=["--keep-duplicates"])  # the duplicate, then on
    time.sleep(5)
    path = cap.stop()
    rows = ours(mld_rows(path))
    g = sn(NET.peer_gua)
    joins = [r for r in rows if ("4", g) in r["records"]]
    leaves = [r for r in rows if ("3", g) in r["records"]]
    assert joins and len(leaves) == 2, rows
    assert float(leaves[0]["frame.time_relative"]) > \
        float(joins[0]["frame.time_relative"])
    for r in rows:
        check_on_wire(r)
    # after the leave, the group is no longer reported
    last = rows[-1]
    assert ("4", g) not in last["records"], last


def test_general_query_answered_within_mrd(make_stack, topo, tmp_path):
    """RFC 3810 6.2: a General Query (MRD 3 s) from the peer: one report
    with MODE_IS_EXCLUDE({}) for each solicited-node group, from the
    link-local, within 3 s; a query with hop limit 2 and one from a global
    source are ignored (named drops) and get nothing."""
    st = make_stack()
    time.sleep(2.5)  # the start-up reports are over
    cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "gq.pcap"),
                    filt="ip6")
    NET.peer_send([gq(topo, hlim=2), gq(topo, src=NET.peer_gua)])
    time.sleep(3.5)
    NET.peer_send([gq(topo, mrd_ms=3000)])
    time.sleep(3.5)
    path = cap.stop()
    rows = mld_rows(path)
    queries = [r for r in rows if r["icmpv6.type"] == "130"]
    reports = ours(rows)
    assert len(queries) == 3, rows
    assert len(reports) == 1, reports
    r = reports[0]
    check_on_wire(r)
    assert r["icmpv6.type"] == "143" and r["ipv6.src"] == NET.stack_ll, r
    assert set(r["records"]) == {("2", sn(NET.stack_ll)),
                                 ("2", sn(NET.stack_gua))}, r
    delay = float(r["frame.time_relative"]) - \
        float(queries[2]["frame.time_relative"])
    assert 0 <= delay <= 3.0, delay
    d = st.drops_now()
    assert d.get("MLD_HOPLIMIT") == 1, d
    assert d.get("MLD_QUERY_SRC_NOT_LINKLOCAL") == 1, d
    assert st.stats()["Icmp6InGroupMembQueries"] == 3


def test_v1_query_v1_reports(make_stack, topo, tmp_path):
    """RFC 3810 8.2.1, RFC 2710 4: an MLDv1 General Query (MRD 1 s): an
    MLDv1 Report (131) to each solicited-node group within 1 s; an MLDv2
    Query right after is answered the same way (RFC 3810 8.2.1: MLDv1
    compatibility mode while an MLDv1 querier is present, as Linux)."""
    st = make_stack()
    time.sleep(2.5)
    cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "v1.pcap"),
                    filt="ip6")
    NET.peer_send([gq(topo, mrd_ms=1000, v1=True)])
    time.sleep(1.5)
    NET.peer_send([gq(topo, mrd_ms=1000)])
    time.sleep(1.5)
    path = cap.stop()
    rows = mld_rows(path)
    reports = ours(rows)
    q1, q2 = [r for r in rows if r["icmpv6.type"] == "130"][:2]
    t2 = float(q2["frame.time_relative"])
    for q, rep in ((q1, [r for r in reports
                         if float(r["frame.time_relative"]) < t2]),
                   (q2, [r for r in reports
                         if float(r["frame.time_relative"]) >= t2])):
        assert sorted(r["icmpv6.mld.multicast_address"] for r in rep) == \
            sorted([sn(NET.stack_ll), sn(NET.stack_gua)]), reports
        for r in rep:
            check_on_wire(r)
            assert r["icmpv6.type"] == "131", r
            assert r["ipv6.dst"] == r["icmpv6.mld.multicast_address"], r
            # RFC 2710 4: a delay in (0, MRD]; the peer's capture stamps
            # the Query before the stack reads it and the Report after
            # it crosses the veth: the measured gap may pass the MRD by
            # that path (CI saw 1.000999 s), never by a second delay.
            assert float(r["frame.time_relative"]) - \
                float(q["frame.time_relative"]) <= 1.0 + PATH_SLACK_S, r
    assert st.stats()["Icmp6OutGroupMembResponses"] == 4


def test_multicast_address_specific_query(make_stack, topo, tmp_path):
    """RFC 3810 6.2: a Multicast-Address-Specific Query for the global's
    solicited-node group, sent to that group (and one with a source list):
    a report with one MODE_IS_EXCLUDE({}) record for that group only,
    within the Maximum Response Delay (1 s)."""
    S = T.scapy()
    st = make_stack()
    time.sleep(2.5)
    g = sn(NET.stack_gua)
    cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "masq.pcap"),
                    filt="ip6")
    for srcs in ([], [NET.peer_gua]):
        q = (S.Ether(src=topo["peer_mac"], dst=T.mac_str(T.mcast_mac(T.ip6(g)))) /
             S.IPv6(src=topo["peer_ll"], dst=g, hlim=1) /
             S.IPv6ExtHdrHopByHop(options=[S.RouterAlert(value=0)]) /
             S.ICMPv6MLQuery2(mladdr=g, mrd=1000, sources=srcs))
        NET.peer_send([bytes(q).hex()])
        time.sleep(1.5)
    path = cap.stop()
    rows = mld_rows(path)
    queries = [r for r in rows if r["icmpv6.type"] == "130"]
    reports = ours(rows)
    assert len(queries) == 2 and len(reports) == 2, rows
    for q, r in zip(queries, reports):
        check_on_wire(r)
        assert r["records"] == [("2", g)], r
        assert 0 <= float(r["frame.time_relative"]) - \
            float(q["frame.time_relative"]) <= 1.0 + PATH_SLACK_S, (q, r)
    assert st.stats()["Icmp6InGroupMembQueries"] == 2


def test_report_on_address_add(make_stack, topo, tmp_path):
    """RFC 3810 6.1: `v6stack addr add` on a running stack: its
    solicited-node group is joined and reported at once
    (CHANGE_TO_EXCLUDE({}) for that group alone), again within the
    Unsolicited Report Interval, before the address's DAD probe (RFC 4862
    5.4.2 joins first); then the kernel reaches the new address."""
    st = make_stack(dad=True)
    time.sleep(4)  # the start-up reports and DAD are over
    new = "2001:db8::abcd:1234"
    cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "add.pcap"),
                    filt="ip6")
    p = st.cli("addr", "add", new + "/64", "-i", NET.stk_if)
    assert p.stdout.strip() == "addr %s %s/64 added" % (NET.stk_if, new), \
        p.stdout + p.stderr
    time.sleep(3)
    path = cap.stop()
    rows = ours(mld_rows(path))
    assert len(rows) == 2, rows
    for r in rows:
        check_on_wire(r)
        assert r["ipv6.src"] == NET.stack_ll and r["records"] == [("4", sn(new))], r
    assert float(rows[1]["frame.time_relative"]) - \
        float(rows[0]["frame.time_relative"]) <= 1.0 + PATH_SLACK_S, rows
    dad = T.sh(["tshark", "-r", path, "-Y",
                "icmpv6.type == 135 && ipv6.src == :: && "
                "icmpv6.nd.ns.target_address == %s" % new,
                "-T", "fields", "-e", "frame.time_relative"]).stdout.split()
    assert dad and float(dad[0]) >= float(rows[0]["frame.time_relative"]), dad
    T.wait_for(lambda: "%s/64 PREFERRED" % new in
               st.cli("show", "addr", "-i", NET.stk_if).stdout, 3,
               "the new address to pass DAD")
    ping = st.ping(new, count=2)
    assert T.ping_stats(ping.stdout)[1] == 2, ping.stdout
    bad = st.cli("addr", "add", "ff02::1/64", "-i", NET.stk_if, check=False)
    assert bad.returncode == 2 and "not a unicast address" in bad.stdout, bad
