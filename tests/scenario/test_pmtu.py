# SPDX-License-Identifier: BSD-2-Clause
"""RFC 8201 (path MTU) and RFC 8200 4.5 (fragmentation on output), against
the Linux kernel: a Packet Too Big from the peer changes the size of what
the stack sends next, and the kernel reassembles what it sends."""
import json
import subprocess

import topo as T

# The stack on v6e0 in v6e-stk (--udp-echo 7), the kernel peer on v6e1 in
# v6e-peer.
NET = T.Net("v6e", "02:00:00:00:ee:01", peer_dad=False,
            udp_echo=(T.ECHO_PORT,))


# Run in the peer namespace: (1) a UDP echo of 1400 bytes comes back whole
# in one packet; (2) a Packet Too Big (mtu from argv) quoting an echo of
# ours; (3) the same echo again; every frame from the stack is recorded.
PEER_SCRIPT = r"""
import json, socket, sys, time
from scapy.all import (AsyncSniffer, Ether, IPv6, IPv6ExtHdrFragment,
                       ICMPv6PacketTooBig, UDP, conf, raw, sendp)
conf.verb = 0
iface, stack_mac, stack, peer, mtu = sys.argv[1:6]
mtu = int(mtu)
out = {}
def echo(data):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.settimeout(2)
    s.sendto(data, (stack, 7))
    try:
        got, _ = s.recvfrom(65535)
    except OSError as e:
        got = b"ERR %d" % e.errno
    s.close()
    return got
def frames(sn):
    r = []
    for p in sn.stop():
        if IPv6 not in p or p[IPv6].src != stack:
            continue
        f = p[IPv6ExtHdrFragment] if IPv6ExtHdrFragment in p else None
        r.append({"len": len(p[IPv6]), "frag": bool(f),
                  "off": f.offset if f else 0, "m": f.m if f else 0,
                  "id": f.id if f else 0})
    return r
data = bytes(range(256)) * 5 + b"v6stack" * 20   # 1420 bytes
sn = AsyncSniffer(iface=iface, filter="ip6"); sn.start(); time.sleep(0.3)
out["before_ok"] = echo(data) == data
time.sleep(0.3); out["before"] = frames(sn)
inner = IPv6(src=stack, dst=peer) / UDP(sport=7, dport=40000) / data
sendp(Ether(dst=stack_mac) / IPv6(src=peer, dst=stack) /
      ICMPv6PacketTooBig(mtu=mtu) / raw(inner)[:1232], iface=iface)
time.sleep(0.2)
sn = AsyncSniffer(iface=iface, filter="ip6"); sn.start(); time.sleep(0.3)
out["after_ok"] = echo(data) == data
out["after_ok2"] = echo(data) == data
time.sleep(0.3); out["after"] = frames(sn)
print(json.dumps(out))
"""


def run_peer(mtu):
    r = subprocess.run(["ip", "netns", "exec", NET.peer_ns, "/usr/bin/python3",
                        "-c", PEER_SCRIPT, NET.peer_if, NET.stack_mac,
                        NET.stack_gua, NET.peer_gua, str(mtu)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_rfc8201_packet_too_big_fragments_what_follows(make_stack, topo):
    """RFC 8201 4: after a Packet Too Big of 1280 about a datagram we sent,
    the same 1428-byte echo leaves in fragments of at most 1280 bytes,
    offsets multiples of 8, one identification per datagram, different
    between datagrams (RFC 7739), and the kernel reassembles it."""
    st = make_stack()
    rep = run_peer(1280)
    assert rep["before_ok"] and rep["after_ok"] and rep["after_ok2"], rep
    before = [f for f in rep["before"] if f["len"] > 1000]
    assert len(before) == 1 and not before[0]["frag"], rep["before"]
    frags = [f for f in rep["after"] if f["frag"]]
    assert len(frags) == 4, rep["after"]           # two datagrams, two each
    assert all(f["len"] <= 1280 for f in frags), frags
    assert [f["m"] for f in frags] == [1, 0, 1, 0], frags
    assert frags[0]["off"] == 0 and frags[1]["off"] * 8 == 1232, frags
    assert frags[0]["id"] == frags[1]["id"] != frags[2]["id"] == frags[3]["id"], frags
    c = st.stop()
    assert c.get("Ip6FragOKs") == 2 and c.get("Ip6FragCreates") == 4, c


def test_rfc8201_packet_too_big_below_1280_ignored(make_stack, topo):
    """RFC 8201 4 and RFC 8021: a Packet Too Big below the minimum MTU
    changes nothing: the next echo still leaves whole."""
    st = make_stack()
    rep = run_peer(1000)
    assert rep["after_ok"], rep
    assert not any(f["frag"] for f in rep["after"]), rep["after"]
    assert any(f["len"] > 1400 for f in rep["after"]), rep["after"]
    c = st.stop()
    assert c.get("drop.PMTU_TOO_SMALL") == 1, c
    assert "Ip6FragOKs" not in c, c
