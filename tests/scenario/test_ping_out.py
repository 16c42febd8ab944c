# SPDX-License-Identifier: BSD-2-Clause
"""The stack as the one who resolves and pings (RFC 4861 7.2.2, RFC 4443
4.1, 4.2), against the kernel: it resolves the kernel before it can answer
the kernel's ping (NS -> NA -> reply on the wire), `v6stack ping` pings the
kernel and prints what iputils ping prints, and an unresolvable on-link
address gets exactly mcast_solicit multicast solicitations and then
"Destination unreachable: Address unreachable" (code 3). Topology and
helpers: NET (topo.py, names v6m*)."""
import re

import pytest

import topo as T

# The stack on v6m0 in v6m-stk, the kernel peer on v6m1 in v6m-peer.
NET = T.Net("v6m", "02:00:00:00:dd:01", peer_dad=False)

FIELDS = ["frame.time_relative", "eth.src", "eth.dst", "ipv6.src",
          "ipv6.dst", "ipv6.hlim", "icmpv6.type", "icmpv6.code",
          "icmpv6.nd.ns.target_address", "icmpv6.nd.na.target_address",
          "icmpv6.checksum.status", "icmpv6.echo.sequence_number"]


def decode(path):
    """One dict per ICMPv6 packet in the capture (tshark fields)."""
    cmd = ["tshark", "-r", path, "-o", "icmpv6.validate_checksum:TRUE",
           "-Y", "icmpv6", "-T", "fields", "-E", "separator=|"]
    for f in FIELDS:
        cmd += ["-e", f]
    p = T.sh(cmd, check=False)
    if p.returncode != 0:  # older tshark: no such preference
        cmd = [c for c in cmd if not c.startswith("icmpv6.validate")]
        cmd.remove("-o")
        p = T.sh(cmd)
    rows = []
    for line in p.stdout.splitlines():
        v = line.split("|")
        rows.append(dict(zip(FIELDS, v)))
    return rows


def line_re(addr, seq):
    return re.compile(r"^64 bytes from %s: icmp_seq=%d ttl=64 time=[\d.]+ ms$"
                      % (re.escape(addr), seq), re.M)


def test_stack_resolves_peer_before_replying(make_stack, topo, tmp_path):
    """RFC 4861 7.2.2: the kernel (with a static entry for the stack, so it
    sends no NS and the stack learns nothing from it) pings the stack; the
    stack has no entry for the kernel, so it solicits first: on the wire,
    the echo request, the stack's multicast NS for the kernel, the kernel's
    NA, then the echo reply."""
    st = make_stack()
    peer_mac = topo["peer_mac"]
    st.peer(["ip", "-6", "neigh", "replace", NET.stack_gua, "lladdr",
             NET.stack_mac, "dev", NET.peer_if, "nud", "permanent"], check=True)
    try:
        assert NET.peer_gua not in st.show_neigh()
        cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "res.pcap"))
        p = st.ping(NET.stack_gua, count=1)
        path = cap.stop()
    finally:
        st.peer(["ip", "-6", "neigh", "del", NET.stack_gua, "dev", NET.peer_if])
    assert T.ping_stats(p.stdout)[1] == 1, p.stdout + p.stderr
    rows = [r for r in decode(path)
            if r["icmpv6.type"] in ("128", "129", "135", "136")]
    seq = [(r["icmpv6.type"], r["eth.src"]) for r in rows]
    assert seq[:4] == [("128", peer_mac), ("135", NET.stack_mac),
                       ("136", peer_mac), ("129", NET.stack_mac)], rows
    ns = rows[1]
    assert ns["ipv6.dst"] == T.ip6_str(T.snma(NET.peer_gua)), ns
    assert ns["icmpv6.nd.ns.target_address"] == NET.peer_gua, ns
    assert ns["ipv6.hlim"] == "255" and ns["icmpv6.checksum.status"] == "1", ns
    assert rows[3]["eth.dst"] == peer_mac, rows[3]
    assert st.show_neigh()[NET.peer_gua] == (peer_mac, "REACHABLE")


@pytest.mark.parametrize("where", ["global", "link-local"])
def test_v6stack_ping_kernel(make_stack, topo, where):
    """RFC 4443 4.1, 4.2: `v6stack ping -c 3` to the kernel: three replies
    printed as iputils prints them, the summary, exit status 0, and the
    counters (Icmp6OutEchos, Icmp6InEchoReplies) moved by exactly 3."""
    st = make_stack()
    dst = NET.peer_gua if where == "global" else topo["peer_ll"]
    arg = dst if where == "global" else dst + "%" + NET.stk_if
    before = st.stats()
    p = st.v6ping(arg, count=3, interval="0.2")
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.startswith("PING %s (%s) 56 data bytes\n" % (dst, dst)), \
        p.stdout
    for s in (1, 2, 3):
        assert line_re(dst, s).search(p.stdout), p.stdout
    assert re.search(r"^--- %s ping statistics ---$" % re.escape(dst),
                     p.stdout, re.M), p.stdout
    assert re.search(r"^3 packets transmitted, 3 received, 0% packet loss, "
                     r"time \d+ms$", p.stdout, re.M), p.stdout
    assert re.search(r"^rtt min/avg/max/mdev = [\d.]+/[\d.]+/[\d.]+/[\d.]+ ms$",
                     p.stdout, re.M), p.stdout
    after = st.stats()
    for c in ("Icmp6OutEchos", "Icmp6InEchoReplies"):
        assert after.get(c, 0) - before.get(c, 0) == 3, (c, before, after)


def test_v6stack_ping_size_1400(make_stack, topo):
    """-s 1400: 1408-byte replies, each printed with its size."""
    st = make_stack()
    p = st.v6ping(NET.peer_gua, count=2, size=1400)
    assert p.returncode == 0, p.stdout + p.stderr
    assert len(re.findall(r"^1408 bytes from 2001:db8::2: icmp_seq=\d", p.stdout,
                          re.M)) == 2, p.stdout


@pytest.mark.parametrize("mcast_solicit", [3, 5])
def test_unresolvable_destination(make_stack, topo, tmp_path, mcast_solicit):
    """RFC 4861 7.2.2: a non-existent on-link address: exactly
    neigh.IFACE.mcast_solicit multicast solicitations a retrans_time apart,
    then Destination Unreachable code 3 to the sender, which `v6stack ping`
    prints as iputils does; exit status 1."""
    st = make_stack(sets=["neigh.IFACE.mcast_solicit=%d" % mcast_solicit,
                          "neigh.IFACE.retrans_time_ms=400"])
    ghost = "2001:db8::99"
    cap = T.Capture(NET.peer_ns, NET.peer_if, str(tmp_path / "ghost.pcap"))
    p = st.v6ping(ghost, count=1, timeout=30)
    path = cap.stop()
    assert p.returncode == 1, p.stdout + p.stderr
    assert re.search(r"^From %s icmp_seq=1 Destination unreachable: "
                     r"Address unreachable$" % re.escape(NET.stack_gua),
                     p.stdout, re.M), p.stdout
    assert re.search(r"^1 packets transmitted, 0 received, \+1 errors, 100% "
                     r"packet loss", p.stdout, re.M), p.stdout
    ns = [r for r in decode(path) if r["icmpv6.type"] == "135" and
          r["icmpv6.nd.ns.target_address"] == ghost]
    assert len(ns) == mcast_solicit, ns
    for r in ns:
        assert r["eth.src"] == NET.stack_mac and \
            r["ipv6.dst"] == T.ip6_str(T.snma(ghost)), r
    gaps = [float(b["frame.time_relative"]) - float(a["frame.time_relative"])
            for a, b in zip(ns, ns[1:])]
    assert all(0.35 < g < 0.6 for g in gaps), gaps
    # no echo request ever left, and the failure is counted
    assert not [r for r in decode(path) if r["icmpv6.type"] == "128"]
    d = st.drops_now()
    assert d.get("NEIGH_RESOLUTION_FAILED") == 1, d
    assert st.show_neigh()[ghost] == (None, "FAILED")


def test_v6stack_ping_interrupted_prints_summary(make_stack, topo):
    """Without -c, `v6stack ping` runs until SIGINT, then prints the
    summary (as ping does on Ctrl-C) and exits 0; the session ends in the
    stack (a later ping works)."""
    import signal
    import subprocess
    import time
    st = make_stack()
    p = subprocess.Popen(["ip", "netns", "exec", NET.stk_ns, T.BINARY, "ping",
                          "-I", NET.stk_if, "-i", "0.2", NET.peer_gua],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    time.sleep(1.1)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=10)
    assert p.returncode == 0, out + err
    m = re.search(r"^(\d+) packets transmitted, (\d+) received, 0% packet "
                  r"loss", out, re.M)
    assert m and int(m.group(1)) >= 4 and m.group(1) == m.group(2), out
    assert st.v6ping(NET.peer_gua, count=1).returncode == 0


def test_v6stack_ping_usage_errors(make_stack, topo):
    """Bad arguments: exit status 2 and a message, nothing sent."""
    st = make_stack()
    for args in (["ping"], ["ping", "-c", "0", NET.peer_gua],
                 ["ping", "-s", "70000", NET.peer_gua],
                 ["ping", "not-an-address"],
                 ["ping", "-I", "nosuch0", NET.peer_gua]):
        p = st.cli(*args, check=False)
        assert p.returncode == 2, (args, p.stdout, p.stderr)
        assert p.stdout.strip() == "" or "no such interface" in p.stdout, \
            (args, p.stdout)
    assert st.stats().get("Icmp6OutEchos", 0) == 0


@pytest.mark.parametrize("spelling", [["-c1"], ["-nc1", "-W2"],
                                      ["-c", "2", "-i0.2", "-s64"],
                                      ["ADDR", "-c1"]])
def test_v6stack_ping_takes_iputils_spellings(make_stack, topo, spelling):
    """Options as iputils ping takes them (getopt): a value glued to its
    option, flags grouped, the address before the options. The same
    spelling is given to the kernel's ping (the peer pinging the stack),
    which proves it is iputils' own; both print the same summary."""
    st = make_stack()
    want = 2 if "2" in spelling else 1

    def argv(dst):
        a = [dst if x == "ADDR" else x for x in spelling]
        return a if "ADDR" in spelling else a + [dst]
    kern = T.sh(["ping"] + argv(NET.stack_gua), ns=NET.peer_ns, timeout=30,
                check=False)
    ours = st.cli(*(["ping", "-I", st.ifname] + argv(NET.peer_gua)),
                  timeout=30, check=False)
    for p in (kern, ours):
        assert p.returncode == 0, (spelling, p.stdout, p.stderr)
        assert T.ping_stats(p.stdout)[:2] == (want, want), (spelling, p.stdout)
    if "-s64" in spelling:
        assert "72 bytes from %s" % NET.peer_gua in ours.stdout, ours.stdout
