# SPDX-License-Identifier: BSD-2-Clause
"""The kernel as a peer of one running stack per backend: ping, flood ping,
its neighbour entry, ndisc6, echo to ff02::1, and tcpdump/tshark decoding."""
import re

import pytest

import topo as T

SIZES = (0, 56, 1000, 1452)  # 1452 + 8 + 40 = 1500, the MTU


def test_startup_lines(stack):
    lines = stack.stdout_lines()
    assert ("iface %s backend %s mac %s mtu 1500" % (
        stack.ifname, stack.backend, T.SHARED.stack_mac)) in lines, lines
    for a in (T.SHARED.stack_ll, T.STACK_GUA):
        # "addr NAME ADDR/PLEN", optionally followed by the address state
        assert [l for l in lines if re.match(r"addr %s %s/64( PREFERRED)?$" % (
            re.escape(stack.ifname), re.escape(a)), l)], lines
    assert "ready" in lines


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("where", ["ll", "gua"])
def test_ping_sizes(stack, where, size):
    dst = stack.ll_scoped() if where == "ll" else T.STACK_GUA
    p = stack.ping(dst, count=3, size=size)
    out = p.stdout + p.stderr
    assert "wrong data byte" not in out, out
    assert "truncated" not in out, out
    tx, rx, loss = T.ping_stats(out)
    assert (tx, rx, loss) == (3, 3, 0.0), out
    assert p.returncode == 0, out
    src = re.escape(stack.ll_scoped() if where == "ll" else T.STACK_GUA)
    replies = re.findall(r"^(\d+) bytes from %s: icmp_seq=\d+" % src, out,
                         re.M)
    assert replies == [str(size + 8)] * 3, out
    assert "DUP!" not in out, out


@pytest.mark.parametrize("where", ["ll", "gua"])
def test_flood_ping(stack, where):
    dst = stack.ll_scoped() if where == "ll" else T.STACK_GUA
    p = stack.ping(dst, count=2000, interval=None,
                   extra=["-f", "-q", "-w", "60"], timeout=90)
    out = p.stdout + p.stderr
    assert "wrong data byte" not in out, out
    tx, rx, loss = T.ping_stats(out)
    assert tx >= 2000 and loss < 1.0, out


def test_kernel_neighbour_entry(stack):
    stack.neigh_flush()
    for dst in (T.STACK_GUA, stack.ll_scoped()):
        p = stack.ping(dst, count=1)
        assert T.ping_stats(p.stdout)[1] == 1, p.stdout + p.stderr
    table = stack.neigh()
    for addr in (T.STACK_GUA, T.SHARED.stack_ll):
        m = re.search(r"^%s lladdr (\S+) .*?\b([A-Z]+)\s*$" % re.escape(addr),
                      table, re.M)
        assert m, "no entry for %s:\n%s" % (addr, table)
        assert m.group(1) == T.SHARED.stack_mac, table
        assert m.group(2) in ("REACHABLE", "STALE"), table


@pytest.mark.parametrize("where", ["ll", "gua"])
def test_ndisc6_resolves(stack, where):
    addr = T.SHARED.stack_ll if where == "ll" else T.STACK_GUA
    p = stack.ndisc6(addr)
    out = p.stdout + p.stderr
    assert p.returncode == 0, out
    m = re.search(r"Target link-layer address: ([0-9A-Fa-f:]+)", out)
    assert m and m.group(1).lower() == T.SHARED.stack_mac, out


def test_echo_to_all_nodes_answered(stack):
    p = stack.ping("ff02::1%" + stack.peer_if, count=2, interval="0.5",
                   extra=["-w", "4"])
    out = p.stdout + p.stderr
    assert re.search(r"bytes from %s: icmp_seq=" % re.escape(
        stack.ll_scoped()), out), out
    assert "wrong data byte" not in out, out


def test_tcpdump_tshark_decode(stack, tmp_path):
    """The NA carries a Target (type 2) link-layer address option and every
    ICMPv6 checksum on the wire is right."""
    cap = T.Capture(stack.peer_ns, stack.peer_if, str(tmp_path / "c.pcap"))
    try:
        stack.neigh_flush()
        for dst in (T.STACK_GUA, stack.ll_scoped()):
            stack.ping(dst, count=2, size=100)
        stack.ndisc6(T.STACK_GUA)
    finally:
        path = cap.stop()
    td = T.sh(["tcpdump", "-r", path, "-n", "-vv"]).stdout
    # one record per packet: the header line plus its indented continuation
    recs = re.split(r"\n(?=\d\d:\d\d:\d\d\.)", td.strip())
    icmp = [r for r in recs if "ICMP6" in r]
    na = [r for r in icmp if "neighbor advertisement" in r
          and re.search(r"\) (%s|%s) > " % (
              re.escape(T.STACK_GUA), re.escape(T.SHARED.stack_ll)), r)]
    replies = [r for r in icmp if "echo reply" in r and re.search(
        r"\) (%s|%s) > " % (re.escape(T.STACK_GUA), re.escape(T.SHARED.stack_ll)),
        r)]
    assert na, td
    assert len(replies) == 4, td
    for r in icmp:
        assert "[icmp6 sum ok]" in r, r
    for r in na:
        assert "link-address option (2)" in r, r
        assert "link-address option (1)" not in r, r
        assert T.SHARED.stack_mac in r, r
    ts = T.sh(["tshark", "-r", path, "-Y",
               "icmpv6.type == 136 && eth.src == %s" % T.SHARED.stack_mac,
               "-T", "fields", "-e", "icmpv6.opt.type",
               "-e", "icmpv6.opt.linkaddr", "-e", "icmpv6.checksum.status",
               "-e", "icmpv6.nd.na.flag.s", "-e", "icmpv6.nd.na.flag.o"],
              timeout=60).stdout
    rows = [l.split("\t") for l in ts.splitlines() if l.strip()]
    assert rows, ts
    for row in rows:
        assert row[0] == "2", ts      # Target Link-Layer Address, only
        assert row[1] == T.SHARED.stack_mac, ts
        assert row[2] == "1", ts      # checksum good
        assert row[3] in ("1", "True") and row[4] in ("1", "True"), ts
    # every ICMPv6 checksum, per tshark too
    bad = T.sh(["tshark", "-r", path, "-Y", "icmpv6.checksum.status != 1"],
               timeout=60).stdout
    assert not bad.strip(), bad
