# SPDX-License-Identifier: BSD-2-Clause
"""RFC 8200 4.5 fragmentation and reassembly against the Linux kernel
(RFC 5722, RFC 6946, RFC 7112, RFC 7739): the kernel's pings and a 60000-byte
UDP datagram answered through fragments both ways; crafted fragment sets
from scapy, each with its outcome, errors checked field by field; 10000
incomplete queues against ip6frag_high_thresh. Topology: NET (topo.py)."""
import json
import subprocess

import pytest

import topo as T

# The stack on v6x0 in v6x-stk (--udp-echo 7), the kernel peer on v6x1 in
# v6x-peer.
NET = T.Net("v6x", "02:00:00:00:77:01", peer_dad=False,
            udp_echo=(T.ECHO_PORT,))


# Runs in the peer namespace: a sniffer on v6x1 around the kernel's own
# traffic (ping, or a UDP socket), then a count of the fragments each way.
PEER_SCRIPT = r"""
import json, os, socket, subprocess, sys, tempfile, time
from scapy.all import IPv6, IPv6ExtHdrFragment, conf, rdpcap
conf.verb = 0
iface, stack, peer, mode = sys.argv[1:5]
out = {}
cap = tempfile.mktemp(prefix="v6x-", suffix=".pcap")
# tcpdump with a large buffer: a scapy sniffer loses frames of the bursts.
td = subprocess.Popen(["tcpdump", "--immediate-mode", "-i", iface, "-U", "-B", "16384", "-s", "2000",
                       "-w", cap, "ip6"], stderr=subprocess.PIPE, text=True)
# tcpdump says "listening on" once its capture runs.
listening = td.stderr.readline()
time.sleep(0.3)
if mode == "ping":
    for size, count in ((3000, 3), (60000, 2)):
        p = subprocess.run(["ping", "-6", "-c", str(count), "-i", "0.3", "-W", "3",
                            "-s", str(size), stack], capture_output=True, text=True)
        out["ping%d" % size] = [p.returncode, p.stdout]
else:
    data = bytes((i * 7 + (i >> 8)) & 255 for i in range(60000))
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.settimeout(3)
    s.sendto(data, (stack, 7))
    try:
        got, frm = s.recvfrom(65535)
        out["udp_equal"] = got == data
        out["udp_len"] = len(got)
    except OSError as e:
        out["udp_err"] = e.errno
# Let tcpdump write out what it has (it lags behind the bursts).
size = -1
for _ in range(30):
    time.sleep(0.3)
    if os.path.getsize(cap) == size:
        break
    size = os.path.getsize(cap)
td.terminate(); out["tcpdump"] = listening + td.communicate()[1]
fr = {"to_stack": 0, "from_stack": 0, "from_stack_max": 0, "ids": []}
pkts = rdpcap(cap)
os.unlink(cap)
for p in pkts:
    if IPv6ExtHdrFragment not in p:
        continue
    if p[IPv6].dst == stack:
        fr["to_stack"] += 1
    elif p[IPv6].src == stack:
        fr["from_stack"] += 1
        fr["from_stack_max"] = max(fr["from_stack_max"], len(p[IPv6]))
        f = p[IPv6ExtHdrFragment]
        if f.offset == 0:
            fr["ids"].append(f.id)
        if f.m and (len(p[IPv6]) - 48) % 8:
            fr["bad_multiple"] = True
out["frags"] = fr
print(json.dumps(out))
"""


def run_peer(mode):
    r = subprocess.run(["ip", "netns", "exec", NET.peer_ns, T.PY, "-c",
                        PEER_SCRIPT, NET.peer_if, NET.stack_gua,
                        NET.peer_gua, mode],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_rfc8200_4_5_kernel_ping_3000_and_60000_through_fragments(make_stack, topo):
    """The kernel's `ping -s 3000` (3 fragments each way) and `ping -s
    60000` (42 each way) are answered; the sniffer sees fragments both
    ways, the stack's at most 1500 bytes with payloads a multiple of 8 and
    a new identification per datagram (RFC 7739); the kernel checks the
    reassembled replies' data."""
    st = make_stack()
    rep = run_peer("ping")
    for size, count in ((3000, 3), (60000, 2)):
        rc, out = rep["ping%d" % size]
        assert rc == 0 and "%d received" % count in out, out
        assert "wrong" not in out and "DUP" not in out, out
    fr = rep["frags"]
    assert fr["to_stack"] >= 3 * 3 + 2 * 42, rep
    assert fr["from_stack"] >= 3 * 3 + 2 * 42, fr
    assert fr["from_stack_max"] <= 1500 and not fr.get("bad_multiple"), fr
    assert len(set(fr["ids"])) == len(fr["ids"]) >= 5, fr
    c = st.stats()
    assert c.get("Ip6ReasmOKs") == 5 and c.get("Ip6FragOKs") == 5, c
    assert c.get("Icmp6OutEchoReplies") == 5, c
    q, mem, peak, high, low = st.frag_mem()
    assert q == 0 and mem == 0 and 0 < peak <= high, (q, mem, peak)


def test_rfc8200_4_5_udp_60000_echoed_through_fragments(make_stack, topo):
    """A 60000-byte datagram from a kernel socket to --udp-echo 7 comes back
    equal, in fragments both ways."""
    st = make_stack()
    rep = run_peer("udp")
    assert rep.get("udp_equal") is True and rep["udp_len"] == 60000, rep
    fr = rep["frags"]
    assert fr["to_stack"] >= 42 and fr["from_stack"] >= 42, fr
    assert fr["from_stack_max"] <= 1500 and not fr.get("bad_multiple"), fr
    c = st.stats()
    assert c.get("Ip6ReasmOKs") == 1 and c.get("Udp6InDatagrams") == 1, c


# ---------------------------------------------------- crafted fragments ---

def echo_ip(n, seq=1):
    S = T.scapy()
    return S.IPv6(src=NET.peer_gua, dst=NET.stack_gua, hlim=64) / \
        S.ICMPv6EchoRequest(id=0x4242, seq=seq, data=T.payload(n, seq))


def cut(pkt, pieces, fid, unfrag=40):
    """Ethernet frames of fragments of pkt (a scapy IPv6 packet): pieces
    are (offset, length, M) over the part after the first unfrag bytes."""
    S = T.scapy()
    raw = bytes(pkt)
    nh_field = 6 if unfrag == 40 else 40
    head = bytearray(raw[:unfrag])
    nh = head[nh_field]
    head[nh_field] = 44
    body = raw[unfrag:]
    out = []
    for off, n, m in pieces:
        data = body[off:off + n]
        fh = bytes([nh, 0]) + ((off & 0xFFF8) | m).to_bytes(2, "big") + \
            fid.to_bytes(4, "big")
        h = bytearray(head)
        h[4:6] = (unfrag - 40 + 8 + len(data)).to_bytes(2, "big")
        out.append(bytes(NET.eth()) + bytes(h) + fh + data)
    return out


def reassemble(frames):
    """Put the stack's fragments together: (next header, payload, ids)."""
    parts, ids, nh = {}, set(), None
    for f in frames:
        ip = T.ip6_bytes(f)
        if ip[6] != 44:
            continue
        off = int.from_bytes(ip[42:44], "big") & 0xFFF8
        parts[off] = (ip[48:], ip[43] & 1)
        ids.add(int.from_bytes(ip[44:48], "big"))
        if off == 0:
            nh = ip[40]
    body, more = b"", 1
    for off in sorted(parts):
        assert off == len(body), sorted(parts)
        body += parts[off][0]
        more = parts[off][1]
    assert not more, "no last fragment"
    return nh, body, ids


def send(frames, window=1.5, stop_types=(), stop_count=None):
    req = {"send": T.hexes(frames), "window": window}
    if stop_count:
        req.update(stop_types=list(stop_types), stop_count=stop_count)
    return NET.peer(req)


def from_stack(rep):
    """The stack's frames other than Neighbor Discovery."""
    return T.not_nd(rep["rx"])


def check_error(fr, typ, code, field, quote):
    """An ICMPv6 error field by field: from our address to the peer, type,
    code, pointer, the quote exactly (as much as fits in 1280), checksum."""
    h = T.hdr(fr)
    f = T.icmp_fields(fr)
    assert h["src"] == NET.stack_gua and h["dst"] == NET.peer_gua, h
    assert h["nh"] == 58 and 40 + h["plen"] <= 1280, h
    assert (f["type"], f["code"], f["word"]) == (typ, code, field), f
    assert f["csum_ok"], f
    assert f["quote"] == quote[:1232], (len(f["quote"]), len(quote))


def test_rfc8200_4_5_reverse_order_reassembled(make_stack, topo):
    """Last fragment first: the echo is answered, in fragments whose
    reassembly is the Echo Reply with the request's data.

        [1448 ...... 2008)  first on the wire
    [0 ...... 1448)         second
    """
    st = make_stack()
    pkt = echo_ip(2000)
    rep = send(cut(pkt, [(1448, 560, 0), (0, 1448, 1)], 0x1001),
               stop_types=[129], stop_count=1)
    nh, body, ids = reassemble(from_stack(rep))
    assert nh == 58 and body[0] == 129, body[:8]
    assert body[4:] == bytes(pkt)[44:], "data differs"
    assert ids and 0x1001 not in ids, ids
    assert st.stats().get("Ip6ReasmOKs") == 1


def test_rfc8200_4_5_exact_duplicate_dropped_datagram_kept(make_stack, topo):
    """The first fragment twice: the duplicate is dropped
    (FRAG_DUPLICATE), the datagram completes once."""
    st = make_stack()
    pkt = echo_ip(2000, 2)
    fr = cut(pkt, [(0, 1448, 1), (0, 1448, 1), (1448, 560, 0)], 0x1002)
    rep = send(fr, stop_types=[129], stop_count=1)
    firsts = [f for f in from_stack(rep) if f[20] == 44 and
              int.from_bytes(f[56:58], "big") & 0xFFF8 == 0]
    assert len(firsts) == 1, T.show_frames(rep["rx"])
    assert st.drops_now().get("FRAG_DUPLICATE") == 1


def test_rfc5722_overlap_discards_the_datagram(make_stack, topo):
    """RFC 5722 4: the second fragment overlaps the first by 8 bytes: the
    whole datagram is dropped, silently.

    [0 ...... 1448)
            [1440 ...... 2008)
    """
    st = make_stack()
    pkt = echo_ip(2000, 3)
    rep = send(cut(pkt, [(0, 1448, 1), (1440, 568, 0)], 0x1003), window=1.5)
    assert from_stack(rep) == [], T.show_frames(rep["rx"])
    assert st.drops_now().get("FRAG_OVERLAP") == 1
    c = st.stats()
    assert c.get("Ip6ReasmFails") == 1 and "Ip6ReasmOKs" not in c, c


def test_rfc6946_atomic_fragment_processed_alone(make_stack, topo):
    """RFC 6946: offset 0, M 0: answered at once, whole, while a queue
    with the same identification waits."""
    st = make_stack()
    big = echo_ip(2000, 4)
    small = echo_ip(100, 5)
    fr = cut(big, [(0, 1448, 1)], 0x1004) + cut(small, [(0, 108, 0)], 0x1004)
    rep = send(fr, stop_types=[129], stop_count=1)
    replies = T.of_type(rep["rx"], 129)
    assert len(replies) == 1 and T.hdr(replies[0])["plen"] == 108, \
        T.show_frames(rep["rx"])
    c = st.stats()
    assert c.get("Ip6ReasmOKs") == 1, c
    assert st.frag_mem()[0] == 1  # the big one still waits


def test_rfc8200_4_5_lone_first_fragment_time_exceeded(make_stack, topo):
    """ip6frag_time (1 s here) after the first fragment: Time Exceeded
    code 1 quoting the first fragment as sent, within 1280 bytes."""
    st = make_stack(sets=["ip6frag_time=1"])
    fr = cut(echo_ip(2000, 6), [(0, 1448, 1)], 0x1006)
    rep = send(fr, window=4, stop_types=[3], stop_count=1)
    te = T.of_type(rep["rx"], 3)
    assert len(te) == 1, T.show_frames(rep["rx"])
    t = [t for t, f in rep["rx"] if f == te[0]][0]
    assert 0.9 <= t <= 2.5, t
    check_error(te[0], 3, 1, 0, fr[0][14:])
    c = st.stats()
    assert c.get("Ip6ReasmTimeout") == 1 and c.get("Ip6ReasmFails") == 1, c


def test_rfc8200_4_5_lone_last_fragment_times_out_silently(make_stack, topo):
    """Without the first fragment, the time-out sends nothing."""
    st = make_stack(sets=["ip6frag_time=1"])
    fr = cut(echo_ip(2000, 7), [(1448, 560, 0)], 0x1007)
    rep = send(fr, window=3)
    assert from_stack(rep) == [], T.show_frames(rep["rx"])
    c = st.stats()
    assert c.get("Ip6ReasmTimeout") == 1, c


def test_rfc7112_truncated_header_chain_param_prob_3(make_stack, topo):
    """RFC 8200 4.5, RFC 7112: the first fragment holds a Destination
    Options header but not the UDP header: Parameter Problem code 3,
    pointer 0, quoting the fragment."""
    S = T.scapy()
    st = make_stack()
    pkt = S.IPv6(src=NET.peer_gua, dst=NET.stack_gua) / S.IPv6ExtHdrDestOpt() / \
        S.UDP(sport=40000, dport=7) / S.Raw(T.payload(100))
    fr = cut(pkt, [(0, 8, 1)], 0x1008)
    rep = send(fr, stop_types=[4], stop_count=1)
    pp = T.of_type(rep["rx"], 4)
    assert len(pp) == 1, T.show_frames(rep["rx"])
    check_error(pp[0], 4, 3, 0, fr[0][14:])
    assert st.drops_now().get("FRAG_HDR_CHAIN_INCOMPLETE") == 1


def test_rfc8200_4_5_oversize_param_prob_0_at_fragment_offset(make_stack, topo):
    """Offset 65528 with 16 bytes: Parameter Problem code 0 pointing at
    the Fragment Offset field (42)."""
    st = make_stack()
    fr = cut(echo_ip(100, 9), [(0, 16, 0)], 0x1009)[0]
    fr = bytearray(fr)
    fr[14 + 42:14 + 44] = (65528).to_bytes(2, "big")
    rep = send([bytes(fr)], stop_types=[4], stop_count=1)
    pp = T.of_type(rep["rx"], 4)
    assert len(pp) == 1, T.show_frames(rep["rx"])
    check_error(pp[0], 4, 0, 42, bytes(fr[14:]))
    assert st.drops_now().get("FRAG_TOO_BIG") == 1


def test_rfc8200_4_5_bad_length_param_prob_0_at_payload_length(make_stack, topo):
    """M=1 and 1001 bytes (not a multiple of 8): Parameter Problem code 0
    pointing at the Payload Length (4)."""
    st = make_stack()
    fr = cut(echo_ip(2000, 10), [(0, 1001, 1)], 0x100a)
    rep = send(fr, stop_types=[4], stop_count=1)
    pp = T.of_type(rep["rx"], 4)
    assert len(pp) == 1, T.show_frames(rep["rx"])
    check_error(pp[0], 4, 0, 4, fr[0][14:])
    assert st.drops_now().get("FRAG_BAD_LEN") == 1


# 10000 lone fragments (offset 8, M 1, 600 bytes each, identifications
# 1..10000) as fast as a raw socket sends them.
FLOOD = r"""
import socket, struct, sys
iface, dst_mac, src, dst = sys.argv[1:5]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
smac = open("/sys/class/net/%s/address" % iface).read().strip()
eth = bytes.fromhex(dst_mac.replace(":", "")) + bytes.fromhex(smac.replace(":", "")) + b"\x86\xdd"
ip = lambda n: (b"\x60\0\0\0" + struct.pack("!HBB", n, 44, 64) +
                socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst))
data = bytes(600)
hdr = eth + ip(8 + len(data))
sent = 0
for i in range(1, 10001):
    s.send(hdr + struct.pack("!BBHI", 58, 0, 8 | 1, i) + data)
    sent += 1
print(sent)
"""


def test_frag_10000_incomplete_queues_memory_bounded(make_stack, topo):
    """10000 incomplete datagrams (about 8 MB of queues if all were kept):
    the reassembly memory never passes ip6frag_high_thresh (the peak `v6stack
    show frag` reports), the oldest queues are evicted (FRAG_EVICTED,
    Ip6ReasmFails), and the kernel's ping is still answered, also with
    fragments."""
    st = make_stack()
    r = subprocess.run(["ip", "netns", "exec", NET.peer_ns, T.PY, "-c", FLOOD,
                        NET.peer_if, NET.stack_mac, NET.peer_gua, NET.stack_gua],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "10000", r.stderr
    p = T.sh(["ping", "-6", "-c", "3", "-i", "0.3", "-W", "2", NET.stack_gua],
             ns=NET.peer_ns, check=False)
    assert p.returncode == 0 and "3 received" in p.stdout, p.stdout
    p = T.sh(["ping", "-6", "-c", "2", "-i", "0.3", "-W", "2", "-s", "3000",
              NET.stack_gua], ns=NET.peer_ns, check=False)
    assert p.returncode == 0 and "2 received" in p.stdout, p.stdout
    q, mem, peak, high, low = st.frag_mem()
    assert high == 4194304 and low == 3145728
    assert peak <= high and mem <= high, (q, mem, peak)
    assert peak > low, (q, mem, peak)
    ev = st.drops_now().get("FRAG_EVICTED", 0)
    c = st.stats()
    assert ev > 1000, st.show("drops")
    assert c.get("Ip6ReasmFails") == ev, c
    assert c.get("Ip6ReasmOKs") == 2, c


def test_rfc6980_neighbor_solicitation_in_fragments_ignored(make_stack, topo):
    """RFC 6980 5: an NS in an atomic fragment, or cut in two, gets no
    NA; the same NS whole does."""
    S = T.scapy()
    st = make_stack()
    ns = S.IPv6(src=NET.peer_gua, dst=NET.stack_gua, hlim=255) / \
        S.ICMPv6ND_NS(tgt=NET.stack_gua) / \
        S.ICMPv6NDOptSrcLLAddr(lladdr=NET.info["peer_mac"])
    frags = cut(ns, [(0, 32, 0)], 0x2001) + cut(ns, [(0, 16, 1), (16, 16, 0)], 0x2002)
    rep = send(frags, window=1.0)
    assert T.of_type(rep["rx"], 136) == [], T.show_frames(rep["rx"])
    assert st.drops_now().get("NDISC_FRAGMENTED") == 2
    rep = send([bytes(NET.eth()) + bytes(ns)], stop_types=[136], stop_count=1)
    assert len(T.of_type(rep["rx"], 136)) == 1, T.show_frames(rep["rx"])
