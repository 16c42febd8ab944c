# SPDX-License-Identifier: BSD-2-Clause
"""UDP (RFC 768, RFC 8200 8.1) against the kernel: --udp-echo 7 answered
to kernel sockets at several sizes, on the global and the link-local
address, field by field on the wire; zero and wrong checksums discarded
without an echo and without a Port Unreachable, each next to a control
datagram that does get its answer. One stack per test (fresh counters);
topology: NET (topo.py)."""
import errno

import pytest

import topo as T

# The stack on v6e0 in v6e-stk (--udp-echo 7), the kernel peer on v6e1 in
# v6e-peer.
NET = T.Net("v6e", "02:00:00:00:ee:01", peer_dad=False,
            udp_echo=(T.ECHO_PORT,))


SIZES = (1, 100, 1400)


def check_udp_reply(fr, src, dst, sport, dport, data, peer_mac):
    h = T.hdr(fr)
    assert (h["eth_src"], h["eth_dst"], h["ethertype"]) == (
        NET.stack_mac, peer_mac, "86dd"), h
    assert h["version"] == 6 and h["nh"] == 17 and h["hlim"] == 64, h
    assert (h["src"], h["dst"]) == (src, dst), h
    assert h["plen"] == 8 + len(data), h
    u = T.ip6_bytes(fr)[40:]
    assert int.from_bytes(u[0:2], "big") == sport, u[:8].hex()
    assert int.from_bytes(u[2:4], "big") == dport, u[:8].hex()
    assert int.from_bytes(u[4:6], "big") == 8 + len(data), u[:8].hex()
    ok, got, want = T.csum_ok(fr, 17)
    assert ok, "UDP checksum 0x%04x, scapy computes 0x%04x" % (got, want)
    assert u[8:] == data


def test_echo_kernel_socket(make_stack, topo):
    """A kernel UDP socket sends 1, 100 and 1400 bytes to port 7 on the
    global and on the link-local address (%v6e1): each comes back
    identical, from the address and port it was sent to; the counters
    move by exactly the number of datagrams."""
    st = make_stack()
    datas = [T.payload(n, seed=n) for n in SIZES]
    ops = [{"dst": NET.stack_gua, "port": T.ECHO_PORT, "scope": None,
            "payloads": [d.hex() for d in datas], "timeout": 2.0},
           {"dst": NET.stack_ll, "port": T.ECHO_PORT, "scope": NET.peer_if,
            "payloads": [d.hex() for d in datas], "timeout": 2.0}]
    rep = NET.peer({"iface": NET.peer_if, "from_mac": NET.stack_mac, "udp": ops,
                    "window": 0.3, "outgoing": True})
    replies = T.udp_frames(rep["rx"])
    peer_ll = st.peer_ll
    for op, res, src, dst in ((ops[0], rep["udp"][0], NET.stack_gua,
                               NET.peer_gua),
                              (ops[1], rep["udp"][1], NET.stack_ll, peer_ll)):
        assert len(res) == len(datas), res
        for d, r in zip(datas, res):
            assert "data" in r, "no echo of %d bytes to %s: %s\n%s" % (
                len(d), src, r, T.show_frames(rep["rx"]))
            assert bytes.fromhex(r["data"]) == d, (len(d), src)
            assert r["from"] == [src, T.ECHO_PORT], r
        # on the wire, field by field
        mine = [f for f in replies if T.hdr(f)["src"] == src]
        assert len(mine) == len(datas), T.show_frames(rep["rx"])
        for d, f in zip(datas, mine):
            check_udp_reply(f, src, dst, T.ECHO_PORT, res[0]["sport"], d,
                            topo["peer_mac"])
    # the kernel left its checksums to offload (CHECKSUM_PARTIAL): what it
    # put on the wire carries only the pseudo-header sum, which the packet
    # backend completed before the stack verified it
    sent = [f for _, f in rep["out"] if T.hdr(f)["nh"] == 17]
    assert len(sent) == 2 * len(datas), T.show_frames(rep["out"])
    partial = [f for f in sent if not T.csum_ok(f, 17)[0]]
    assert len(replies) == 2 * len(datas), T.show_frames(rep["rx"])
    # nothing else from the stack but Neighbor Discovery
    assert len(T.not_nd(rep["rx"])) == 2 * len(datas), T.show_frames(rep["rx"])
    c = st.stop()
    assert st.returncode == 0
    n = 2 * len(datas)
    assert c.get("Udp6InDatagrams") == n, c
    assert c.get("Udp6OutDatagrams") == n, c
    for k in ("Udp6InErrors", "Udp6InCsumErrors", "Udp6NoPorts",
              "Icmp6OutDestUnreachs"):
        assert c.get(k, 0) == 0, (k, c)
    # (informational: how many of the kernel's datagrams needed completing)
    print("kernel datagrams with a partial checksum on the wire: %d of %d"
          % (len(partial), len(sent)))


def test_echo_scapy_exact(make_stack, topo):
    """The same, with datagrams built by scapy (full checksum) from a
    chosen port: the echo swaps ports and addresses and nothing else."""
    st = make_stack()
    frames, datas = [], []
    for i, n in enumerate(SIZES):
        d = T.payload(n, seed=100 + i)
        datas.append(d)
        frames.append(NET.udp_frame(T.ECHO_PORT, d, sport=41000 + i))
    rep = NET.peer({"iface": NET.peer_if, "from_mac": NET.stack_mac,
                    "send": [f.hex() for f in frames], "window": 2.0,
                    "stop_udp_sport": T.ECHO_PORT, "stop_count": len(frames)})
    replies = T.udp_frames(rep["rx"])
    assert len(replies) == len(frames), T.show_frames(rep["rx"])
    for i, (d, f) in enumerate(zip(datas, replies)):
        check_udp_reply(f, NET.stack_gua, NET.peer_gua, T.ECHO_PORT, 41000 + i,
                        d, topo["peer_mac"])
    c = st.stop()
    assert c.get("Udp6InDatagrams") == 3 and c.get("Udp6OutDatagrams") == 3, c


@pytest.mark.parametrize("kind", ["zero", "wrong"])
def test_checksum_discarded(make_stack, topo, kind):
    """RFC 8200 8.1: a zero UDP checksum is invalid over IPv6 (the
    datagram is discarded); a wrong one too (RFC 768). Neither to the echo
    port nor to an unbound port does anything come back: no echo, no Port
    Unreachable (the checksum is verified before the port lookup). The same
    datagrams with their right checksum, sent in the same test, do get
    their echo and their Port Unreachable."""
    st = make_stack()
    d = T.payload(64, seed=7)

    def bad(port, sport):
        good = NET.udp_frame(port, d, sport=sport)
        v = 0 if kind == "zero" else T.bad_csum(T.udp_good_csum(good))
        fr = NET.udp_frame(port, d, sport=sport, chksum=v)
        assert T.udp_good_csum(fr) == v
        return fr

    # control first: right checksums get an echo and a Port Unreachable
    ctl = [NET.udp_frame(T.ECHO_PORT, d, sport=42001),
           NET.udp_frame(T.CLOSED_PORT, d, sport=42002)]
    rep = NET.peer({"iface": NET.peer_if, "from_mac": NET.stack_mac,
                    "send": [f.hex() for f in ctl], "window": 2.0,
                    "stop_types": [1], "stop_count": 1})
    assert len(T.udp_frames(rep["rx"])) == 1, T.show_frames(rep["rx"])
    errs = T.of_type(rep["rx"], 1)
    assert len(errs) == 1 and T.icmp_fields(errs[0])["code"] == 4, \
        T.show_frames(rep["rx"])
    # then the bad ones: nothing at all comes back
    rep = NET.peer({"iface": NET.peer_if, "from_mac": NET.stack_mac,
                    "send": [bad(T.ECHO_PORT, 42003).hex(),
                             bad(T.CLOSED_PORT, 42004).hex()],
                    "window": 1.0})
    assert T.not_nd(rep["rx"]) == [], T.show_frames(rep["rx"])
    # and the stack still answers (no rate limit in the way: 2 errors)
    rep = NET.peer({"iface": NET.peer_if, "from_mac": NET.stack_mac,
                    "send": [NET.udp_frame(T.CLOSED_PORT, d, sport=42005).hex()],
                    "window": 2.0, "stop_types": [1], "stop_count": 1})
    assert len(T.of_type(rep["rx"], 1)) == 1, T.show_frames(rep["rx"])
    c = st.stop()
    assert st.returncode == 0
    assert c.get("Udp6InCsumErrors") == 2, c
    # Linux counts a checksum error under InErrors too
    assert c.get("Udp6InErrors") == 2, c
    assert c.get("Udp6InDatagrams") == 1, c     # the control echo
    assert c.get("Udp6NoPorts") == 2, c         # the two controls
    assert c.get("Udp6OutDatagrams") == 1, c
    assert c.get("Icmp6OutDestUnreachs") == 2, c
    reason = "drop.UDP_ZERO_CSUM" if kind == "zero" else "drop.UDP_BAD_CSUM"
    assert c.get(reason) == 2, c


def test_echo_counters_exact_with_kernel_sockets(make_stack, topo):
    """Udp6InDatagrams / Udp6OutDatagrams move by exactly the number sent
    when some go to an unbound port too (those are Udp6NoPorts only)."""
    st = make_stack()
    ops = [{"dst": NET.stack_gua, "port": T.ECHO_PORT,
            "payloads": [T.payload(10, s).hex() for s in range(5)],
            "timeout": 2.0},
           {"dst": NET.stack_gua, "port": T.CLOSED_PORT, "connect": True,
            "payloads": [T.payload(10).hex()], "timeout": 2.0}]
    rep = NET.peer({"iface": NET.peer_if, "from_mac": NET.stack_mac, "udp": ops,
                    "window": 0.2})
    assert all("data" in r for r in rep["udp"][0]), rep["udp"]
    assert rep["udp"][1][0].get("errno") == errno.ECONNREFUSED, rep["udp"]
    c = st.stop()
    assert (c.get("Udp6InDatagrams"), c.get("Udp6OutDatagrams"),
            c.get("Udp6NoPorts")) == (5, 5, 1), c
