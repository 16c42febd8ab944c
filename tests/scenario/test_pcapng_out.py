# SPDX-License-Identifier: BSD-2-Clause
"""--pcap-out FILE.pcapng: the stack's capture in pcapng, written as it goes.

The peer sends frames the stack must drop (RFC 4861 7.1.1 and 6.1.1, RFC
4443 2.3; an RA whose options are ignored one by one), then a ping that is
answered; tshark reads the capture while the stack still runs:

  peer                                   stack (--pcap-out x.pcapng)
  NS hop limit 64          x2  ------->  NDISC_HOPLIMIT
  echo, bad checksum       x3  ------->  ICMP6_BAD_CSUM
  NS, multicast target     x1  ------->  NDISC_TARGET_MULTICAST
  RS, code 1               x2  ------->  RS_BAD_CODE
  RA: PIO fe80::/64, PIO ff00::/64, MTU 1000
                           x1  ------->  PIO_LINKLOCAL, PIO_MULTICAST,
                                         RA_MTU_INVALID (one frame)
  ping                     x2  <------>  answered

Each dropped frame is one Enhanced Packet Block whose comments name the
reasons in the words of `v6stack show drops` ("drop NAME: TEXT"), and the
capture counts each reason as often as `show drops` does. The interface
block carries the interface's name and MAC; every frame its direction.
After `kill -9` the file holds every frame up to the kill (classic pcap
too). A packet of the stack's own dropped before it was sent (resolution
failed) is an outbound frame with destination MAC zero and its comments.
"""
import signal
import struct
import subprocess

import pytest

import topo as T

NET = T.Net("v6pc", "02:00:00:00:6c:01", peer_dad=False)
SEP = "|"  # tshark's aggregator: no drop text has one


def tshark_rows(path):
    """(direction flags, eth.src, [comments]) per frame, as tshark reads
    them (it fails on a file cut short)."""
    ts = T.sh(["tshark", "-r", path, "-T", "fields", "-E", "occurrence=a",
               "-E", "aggregator=" + SEP, "-e", "frame.packet_flags_direction",
               "-e", "eth.src", "-e", "frame.comment"], timeout=60)
    assert "cut short" not in ts.stderr, ts.stderr
    rows = []
    for line in ts.stdout.splitlines():
        f = line.split("\t")
        f += [""] * (3 - len(f))
        rows.append((int(f[0], 16) if f[0] else None, f[1],
                     [c for c in f[2].split(SEP) if c]))
    return rows


def pcapng_blocks(path):
    """[(type, body)] of every block, checked for framing (both lengths
    equal, a multiple of 4, nothing left over)."""
    with open(path, "rb") as f:
        data = f.read()
    res, off = [], 0
    while off < len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        assert blen % 4 == 0 and off + blen <= len(data), (off, blen)
        assert struct.unpack_from("<I", data, off + blen - 4)[0] == blen
        res.append((btype, data[off + 8:off + blen - 4]))
        off += blen
    return res


def options(buf):
    """{code: [values]} of a block's options."""
    res, off = {}, 0
    while off + 4 <= len(buf):
        code, n = struct.unpack_from("<HH", buf, off)
        if code == 0:
            break
        res.setdefault(code, []).append(buf[off + 4:off + 4 + n])
        off += 4 + ((n + 3) & ~3)
    return res


def show_drops_texts(st):
    """{NAME: (count, text)} from `v6stack show drops -z`-like lines."""
    res = {}
    for line in st.show("drops").splitlines():
        f = line.split(None, 2)
        if len(f) == 3 and f[1].isdigit():
            res[f[0]] = (int(f[1]), f[2])
    return res


def crafted_frames(info):
    S = T.scapy()
    smac, pmac = NET.stack_mac, info["peer_mac"]
    peer_ll, gua = info["peer_ll"], NET.stack_gua
    sn = T.snma(gua)
    ns_hl64 = T.frame(T.mcast_mac(sn), pmac, NET.peer_gua, sn,
                      T.ns_msg(gua, opts=T.opt_slla(pmac)), hlim=64)
    echo = struct.pack("!BBHHH", 128, 0, 0, 0x77, 1) + b"x" * 32
    bad_echo = T.frame(smac, pmac, NET.peer_gua, gua, echo, hlim=64,
                       csum_xor=0x0101)
    ns_mcast = T.frame(smac, pmac, NET.peer_gua, gua,
                       T.ns_msg("ff02::1", opts=T.opt_slla(pmac)))
    rs_code1 = T.frame(smac, pmac, peer_ll, NET.stack_ll,
                       struct.pack("!BBHI", 133, 1, 0, 0))
    ra = bytes(S.Ether(dst="33:33:00:00:00:01", src=pmac) /
               S.IPv6(src=peer_ll, dst="ff02::1", hlim=255) /
               S.ICMPv6ND_RA(routerlifetime=0) /
               S.ICMPv6NDOptPrefixInfo(prefix="fe80::", prefixlen=64) /
               S.ICMPv6NDOptPrefixInfo(prefix="ff00::", prefixlen=64) /
               S.ICMPv6NDOptMTU(mtu=1000))
    return ([ns_hl64] * 2 + [bad_echo] * 3 + [ns_mcast] + [rs_code1] * 2 +
            [ra])


# What the crafted frames must be counted under, per frame.
EXPECTED = [["NDISC_HOPLIMIT"]] * 2 + [["ICMP6_BAD_CSUM"]] * 3 + \
    [["NDISC_TARGET_MULTICAST"]] + [["RS_BAD_CODE"]] * 2 + \
    [["PIO_LINKLOCAL", "PIO_MULTICAST", "RA_MTU_INVALID"]]


def reasons_in_capture(rows):
    """{NAME: frames whose comments name it}, and the comments' texts."""
    count, texts = {}, {}
    for _, _, comments in rows:
        for c in comments:
            assert c.startswith("drop ") and ": " in c, c
            name, text = c[5:].split(": ", 1)
            count[name] = count.get(name, 0) + 1
            texts[name] = text
    return count, texts


def epbs(path):
    """The capture's Enhanced Packet Blocks, as the bytes say."""
    return [b for t, b in pcapng_blocks(path) if t == 6]


def stable_drops(st, path):
    """show drops, tshark's rows and the raw blocks, retried until neither
    show drops nor the file moved while tshark read it (the kernel may
    send at any time, and the stack writes as it goes)."""
    for _ in range(10):
        before, raw = show_drops_texts(st), epbs(path)
        rows = tshark_rows(path)
        if show_drops_texts(st) == before and epbs(path) == raw:
            return before, rows, raw
    raise AssertionError("drops kept changing: %s" % before)


def test_pcapng_drop_comments_match_show_drops(make_stack, topo, tmp_path):
    """Each dropped frame's comments name the reasons show drops counts,
    read by tshark while the stack runs; one EPB per received frame."""
    path = str(tmp_path / "x.pcapng")
    st = make_stack(pre_args=["--pcap-out", path])
    frames = crafted_frames(topo)
    NET.peer_send([f.hex() for f in frames])
    p = st.ping(NET.stack_gua, count=2)
    assert T.ping_stats(p.stdout)[1] == 2, p.stdout + p.stderr
    drops, rows, raw = stable_drops(st, path)
    assert st.alive(), st.logs()

    # Every reason counted by show drops is in the capture as often, with
    # the same text (the rule it implements), and nothing else is.
    count, texts = reasons_in_capture(rows)
    shown = {k: v[0] for k, v in drops.items() if v[0]}
    assert count == shown, (count, shown)
    for name, text in texts.items():
        assert text == drops[name][1], (name, text, drops[name])

    # The crafted frames: one EPB each, in order, with their reasons.
    assert len(raw) == len(rows), (len(raw), len(rows))
    for fr, exp in zip(frames, EXPECTED):
        idx = [i for i, b in enumerate(raw) if b[20:20 + len(fr)] == fr]
        assert len(idx) == frames.count(fr), (idx, exp)
        for i in idx:
            assert sorted(rows[i][2]) == sorted(
                "drop %s: %s" % (n, drops[n][1]) for n in exp), rows[i]
            assert rows[i][0] == 1, rows[i]  # inbound
    for names in EXPECTED:
        for n in names:
            assert drops[n][0] == sum(e.count(n) for e in EXPECTED), drops[n]

    # Directions: the stack's frames outbound, the peer's inbound; the
    # echo replies are there, outbound, with no comment.
    for flags, src, _ in rows:
        assert flags == (2 if src == NET.stack_mac else 1), (flags, src)
    assert sum(1 for f, s, c in rows if s == NET.stack_mac) >= 2
    st.stop()


def test_pcapng_interface_block_names_the_interface(make_stack, topo,
                                                    tmp_path):
    """One Interface Description Block: if_name, if_MACaddr, Ethernet,
    nanosecond stamps; the Section Header Block first."""
    path = str(tmp_path / "x.pcapng")
    st = make_stack(pre_args=["--pcap-out", path])
    p = st.ping(NET.stack_gua, count=1)
    assert T.ping_stats(p.stdout)[1] == 1, p.stdout + p.stderr
    blocks = pcapng_blocks(path)
    assert blocks[0][0] == 0x0a0d0d0a, blocks[0]
    idbs = [b for t, b in blocks if t == 1]
    assert len(idbs) == 1, idbs
    linktype, snaplen = struct.unpack_from("<HxxI", idbs[0])
    assert (linktype, snaplen) == (1, 65535)
    opts = options(idbs[0][8:])
    assert opts[2] == [NET.stk_if.encode()], opts
    assert opts[6] == [T.mac_bytes(NET.stack_mac)], opts
    assert opts[9] == [b"\x09"], opts
    ci = T.sh(["capinfos", path]).stdout
    assert "Name = %s" % NET.stk_if in ci, ci
    st.stop()


@pytest.mark.parametrize("ext", ["pcapng", "pcap"])
def test_pcap_out_complete_after_kill_9(make_stack, topo, tmp_path, ext):
    """Written as it goes: after kill -9 the file holds every frame up to
    the kill (each ping's request and reply), and reads whole."""
    path = str(tmp_path / ("x." + ext))
    st = make_stack(pre_args=["--pcap-out", path])
    p = st.ping(NET.stack_gua, count=5, interval="0.1")
    assert T.ping_stats(p.stdout)[1] == 5, p.stdout + p.stderr
    st.stop(sig=signal.SIGKILL)
    assert st.returncode == -signal.SIGKILL, st.returncode
    ts = T.sh(["tshark", "-r", path, "-T", "fields", "-e", "icmpv6.type",
               "-e", "icmpv6.echo.sequence_number"], timeout=60)
    assert "cut short" not in ts.stderr, ts.stderr
    rows = [l.split("\t") for l in ts.stdout.splitlines()]
    req = [r[1] for r in rows if r[0] == "128"]
    rep = [r[1] for r in rows if r[0] == "129"]
    assert req == rep and len(rep) == 5, ts.stdout


def test_pcapng_packet_never_sent_is_an_outbound_frame(make_stack, topo,
                                                       tmp_path):
    """RFC 4861 7.2.2: an echo request to an on-link address nobody
    answers waits for resolution, then is dropped (NEIGH_RESOLUTION_FAILED)
    without ever reaching the wire. The capture shows it as the outbound
    frame it would have been, destination MAC zero, with the comment; the
    solicitations before it are outbound, without comments."""
    path = str(tmp_path / "x.pcapng")
    st = make_stack(pre_args=["--pcap-out", path],
                    sets=["neigh.IFACE.retrans_time_ms=100"])
    r = st.v6ping("2001:db8::99", count=1, extra=["-W", "3"])
    assert r.returncode != 0, r.stdout + r.stderr
    drops = T.wait_for(
        lambda: (show_drops_texts(st).get("NEIGH_RESOLUTION_FAILED")
                 or None), 5, "NEIGH_RESOLUTION_FAILED")
    assert drops[0] == 1, drops
    ts = T.sh(["tshark", "-r", path, "-T", "fields", "-E",
               "occurrence=a", "-E", "aggregator=" + SEP, "-e",
               "frame.packet_flags_direction", "-e", "eth.dst", "-e",
               "ipv6.dst", "-e", "icmpv6.type", "-e", "icmpv6.nd.ns.target_address",
               "-e", "frame.comment"], timeout=60)
    rows = [l.split("\t") for l in ts.stdout.splitlines()]
    lost = [x for x in rows if x[2] == "2001:db8::99"]
    assert lost == [["0x00000002", "00:00:00:00:00:00", "2001:db8::99",
                     "128", "", "drop NEIGH_RESOLUTION_FAILED: " +
                     drops[1]]], ts.stdout
    ns = [x for x in rows if x[4] == "2001:db8::99"]
    assert len(ns) == 3 and all(x[0] == "0x00000002" and not x[5]
                                for x in ns), ts.stdout
    # The solicitations come first, the frame that was never sent after.
    assert rows.index(lost[0]) > rows.index(ns[-1]), ts.stdout
    st.stop()


def test_pcapng_unsent_error_one_record_with_both_reasons(make_stack, topo,
                                                          tmp_path):
    """RFC 4443 3.4: a datagram to a closed port from an on-link address
    nobody answers for: the Port Unreachable waits for resolution, is
    dropped (NEIGH_RESOLUTION_FAILED), and RFC 4443 2.4 (e.1) forbids an
    error about it (ICMP6_ERR_FOR_ERROR). One outbound record, two
    comments."""
    path = str(tmp_path / "x.pcapng")
    st = make_stack(pre_args=["--pcap-out", path],
                    sets=["neigh.IFACE.retrans_time_ms=100"])
    ghost = "2001:db8::77"
    NET.peer_send([NET.udp_frame(9, b"hello", src=ghost).hex()])
    T.wait_for(lambda: show_drops_texts(st).get("ICMP6_ERR_FOR_ERROR"), 5,
               "ICMP6_ERR_FOR_ERROR")
    drops, rows, _ = stable_drops(st, path)
    assert drops["NEIGH_RESOLUTION_FAILED"][0] == 1, drops
    assert drops["ICMP6_ERR_FOR_ERROR"][0] == 1, drops
    count, _ = reasons_in_capture(rows)
    assert count == {k: v[0] for k, v in drops.items() if v[0]}, count
    unsent = [x for x in rows if x[1] == NET.stack_mac and x[2]]
    assert unsent == [(2, NET.stack_mac, [
        "drop NEIGH_RESOLUTION_FAILED: " + drops["NEIGH_RESOLUTION_FAILED"][1],
        "drop ICMP6_ERR_FOR_ERROR: " + drops["ICMP6_ERR_FOR_ERROR"][1]])], \
        rows
    ts = T.sh(["tshark", "-r", path, "-Y", "frame.comment", "-T", "fields",
               "-E", "occurrence=f", "-e", "eth.dst", "-e", "ipv6.dst", "-e", "icmpv6.type",
               "-e", "icmpv6.code"], timeout=60)
    lines = ts.stdout.splitlines()
    assert "00:00:00:00:00:00\t%s\t1\t4" % ghost in lines, ts.stdout
    st.stop()


# Two links, A - stack - B, for the interface blocks of a stack on two
# interfaces (namespaces under the prefix: v6pc-two-*).
TWO = "v6pc-two"
TWO_MACS = {"v6pcA0": "02:00:00:00:6c:0a", "v6pcB0": "02:00:00:00:6c:0b"}


@pytest.fixture
def two_links():
    for ns in (TWO + "-stk", TWO + "-a", TWO + "-b"):
        T.netns_destroy(ns)
        T.netns_add(ns)
    T.veth(TWO + "-stk", "v6pcA0", TWO + "-a", "v6pcA1")
    T.veth(TWO + "-stk", "v6pcB0", TWO + "-b", "v6pcB1")
    for ifn in TWO_MACS:
        T.stack_side(TWO + "-stk", ifn)
    T.kernel_side(TWO + "-a", "v6pcA1", ["2001:db8:a::2/64"], dad=False)
    T.kernel_side(TWO + "-b", "v6pcB1", ["2001:db8:b::2/64"], dad=False)
    yield
    for ns in (TWO + "-stk", TWO + "-a", TWO + "-b"):
        T.netns_destroy(ns)


def test_pcapng_one_interface_block_per_interface(two_links, tmp_path):
    """A stack on two links: an interface block for each, in the order of
    -i, with its name and MAC; each frame names the interface it crossed."""
    path = str(tmp_path / "x.pcapng")
    argv = [T.BINARY, "run", "--pcap-out", path]
    for ifn in TWO_MACS:
        argv += ["--set", "conf.%s.accept_dad=0" % ifn]
    for ifn, addr in (("v6pcA0", "2001:db8:a::1/64"),
                      ("v6pcB0", "2001:db8:b::1/64")):
        argv += ["-i", ifn, "-m", TWO_MACS[ifn], "-a", addr]
    out = open(str(tmp_path / "two.out"), "w")
    p = subprocess.Popen(["ip", "netns", "exec", TWO + "-stk"] + argv,
                         stdout=out, stderr=subprocess.STDOUT)
    try:
        T.wait_for(lambda: "ready" in open(out.name).read() or
                   p.poll() is not None, 10, "ready")
        assert p.poll() is None, open(out.name).read()
        for ns, dst in ((TWO + "-a", "2001:db8:a::1"),
                        (TWO + "-b", "2001:db8:b::1")):
            r = T.ping_in(ns, dst, count=2)
            assert T.ping_stats(r)[1] == 2, r
        blocks = pcapng_blocks(path)
        idbs = [options(b[8:]) for t, b in blocks if t == 1]
        assert [(o[2][0], o[6][0]) for o in idbs] == [
            (ifn.encode(), T.mac_bytes(mac)) for ifn, mac in
            TWO_MACS.items()], idbs
        ts = T.sh(["tshark", "-r", path, "-Y", "icmpv6.type == 129", "-T",
                   "fields", "-e", "frame.interface_name", "-e", "ipv6.src",
                   "-e", "frame.packet_flags_direction"], timeout=60)
        assert ts.stdout.splitlines() == \
            ["v6pcA0\t2001:db8:a::1\t0x00000002"] * 2 + \
            ["v6pcB0\t2001:db8:b::1\t0x00000002"] * 2, ts.stdout
    finally:
        T.stop_process(p)
        out.close()
