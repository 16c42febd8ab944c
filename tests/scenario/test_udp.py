"""UDP (RFC 768, RFC 8200 8.1) against the kernel: --udp-echo 7 answered
to kernel sockets at several sizes, on the global and the link-local
address, field by field on the wire; zero and wrong checksums discarded
without an echo and without a Port Unreachable, each next to a control
datagram that does get its answer. One stack per test (fresh counters);
topology and helpers in v6e_lib.py."""
import errno

import pytest

import v6e_lib as E
from v6e_lib import make_stack, topo  # noqa: F401 (fixtures)

SIZES = (1, 100, 1400)


def check_udp_reply(fr, src, dst, sport, dport, data, peer_mac):
    h = E.hdr(fr)
    assert (h["eth_src"], h["eth_dst"], h["ethertype"]) == (
        E.STACK_MAC, peer_mac, "86dd"), h
    assert h["version"] == 6 and h["nh"] == 17 and h["hlim"] == 64, h
    assert (h["src"], h["dst"]) == (src, dst), h
    assert h["plen"] == 8 + len(data), h
    u = E.ip6_bytes(fr)[40:]
    assert int.from_bytes(u[0:2], "big") == sport, u[:8].hex()
    assert int.from_bytes(u[2:4], "big") == dport, u[:8].hex()
    assert int.from_bytes(u[4:6], "big") == 8 + len(data), u[:8].hex()
    ok, got, want = E.csum_ok(fr, 17)
    assert ok, "UDP checksum 0x%04x, scapy computes 0x%04x" % (got, want)
    assert u[8:] == data


def test_echo_kernel_socket(make_stack, topo):
    """A kernel UDP socket sends 1, 100 and 1400 bytes to port 7 on the
    global and on the link-local address (%v6e1): each comes back
    identical, from the address and port it was sent to; the counters
    move by exactly the number of datagrams."""
    st = make_stack()
    datas = [E.payload(n, seed=n) for n in SIZES]
    ops = [{"dst": E.STACK_GUA, "port": E.ECHO_PORT, "scope": None,
            "payloads": [d.hex() for d in datas], "timeout": 2.0},
           {"dst": E.STACK_LL, "port": E.ECHO_PORT, "scope": E.IF_PEER,
            "payloads": [d.hex() for d in datas], "timeout": 2.0}]
    rep = E.peer({"iface": E.IF_PEER, "from_mac": E.STACK_MAC, "udp": ops,
                  "window": 0.3, "outgoing": True})
    replies = E.udp_frames(rep["rx"])
    peer_ll = st.peer_ll
    for op, res, src, dst in ((ops[0], rep["udp"][0], E.STACK_GUA,
                               E.PEER_GUA),
                              (ops[1], rep["udp"][1], E.STACK_LL, peer_ll)):
        assert len(res) == len(datas), res
        for d, r in zip(datas, res):
            assert "data" in r, "no echo of %d bytes to %s: %s\n%s" % (
                len(d), src, r, E.show(rep["rx"]))
            assert bytes.fromhex(r["data"]) == d, (len(d), src)
            assert r["from"] == [src, E.ECHO_PORT], r
        # on the wire, field by field
        mine = [f for f in replies if E.hdr(f)["src"] == src]
        assert len(mine) == len(datas), E.show(rep["rx"])
        for d, f in zip(datas, mine):
            check_udp_reply(f, src, dst, E.ECHO_PORT, res[0]["sport"], d,
                            topo["peer_mac"])
    # the kernel left its checksums to offload (CHECKSUM_PARTIAL): what it
    # put on the wire carries only the pseudo-header sum, which the packet
    # backend completed before the stack verified it
    sent = [f for _, f in rep["out"] if E.hdr(f)["nh"] == 17]
    assert len(sent) == 2 * len(datas), E.show(rep["out"])
    partial = [f for f in sent if not E.csum_ok(f, 17)[0]]
    assert len(replies) == 2 * len(datas), E.show(rep["rx"])
    # nothing else from the stack but Neighbor Discovery
    assert len(E.not_nd(rep["rx"])) == 2 * len(datas), E.show(rep["rx"])
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
        d = E.payload(n, seed=100 + i)
        datas.append(d)
        frames.append(E.udp_frame(E.ECHO_PORT, d, sport=41000 + i))
    rep = E.peer({"iface": E.IF_PEER, "from_mac": E.STACK_MAC,
                  "send": [f.hex() for f in frames], "window": 2.0,
                  "stop_udp_sport": E.ECHO_PORT, "stop_count": len(frames)})
    replies = E.udp_frames(rep["rx"])
    assert len(replies) == len(frames), E.show(rep["rx"])
    for i, (d, f) in enumerate(zip(datas, replies)):
        check_udp_reply(f, E.STACK_GUA, E.PEER_GUA, E.ECHO_PORT, 41000 + i,
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
    d = E.payload(64, seed=7)

    def bad(port, sport):
        good = E.udp_frame(port, d, sport=sport)
        v = 0 if kind == "zero" else E.bad_csum(E.udp_good_csum(good))
        fr = E.udp_frame(port, d, sport=sport, chksum=v)
        assert E.udp_good_csum(fr) == v
        return fr

    # control first: right checksums get an echo and a Port Unreachable
    ctl = [E.udp_frame(E.ECHO_PORT, d, sport=42001),
           E.udp_frame(E.CLOSED_PORT, d, sport=42002)]
    rep = E.peer({"iface": E.IF_PEER, "from_mac": E.STACK_MAC,
                  "send": [f.hex() for f in ctl], "window": 2.0,
                  "stop_types": [1], "stop_count": 1})
    assert len(E.udp_frames(rep["rx"])) == 1, E.show(rep["rx"])
    errs = E.of_type(rep["rx"], 1)
    assert len(errs) == 1 and E.icmp_fields(errs[0])["code"] == 4, \
        E.show(rep["rx"])
    # then the bad ones: nothing at all comes back
    rep = E.peer({"iface": E.IF_PEER, "from_mac": E.STACK_MAC,
                  "send": [bad(E.ECHO_PORT, 42003).hex(),
                           bad(E.CLOSED_PORT, 42004).hex()],
                  "window": 1.0})
    assert E.not_nd(rep["rx"]) == [], E.show(rep["rx"])
    # and the stack still answers (no rate limit in the way: 2 errors)
    rep = E.peer({"iface": E.IF_PEER, "from_mac": E.STACK_MAC,
                  "send": [E.udp_frame(E.CLOSED_PORT, d, sport=42005).hex()],
                  "window": 2.0, "stop_types": [1], "stop_count": 1})
    assert len(E.of_type(rep["rx"], 1)) == 1, E.show(rep["rx"])
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
    ops = [{"dst": E.STACK_GUA, "port": E.ECHO_PORT,
            "payloads": [E.payload(10, s).hex() for s in range(5)],
            "timeout": 2.0},
           {"dst": E.STACK_GUA, "port": E.CLOSED_PORT, "connect": True,
            "payloads": [E.payload(10).hex()], "timeout": 2.0}]
    rep = E.peer({"iface": E.IF_PEER, "from_mac": E.STACK_MAC, "udp": ops,
                  "window": 0.2})
    assert all("data" in r for r in rep["udp"][0]), rep["udp"]
    assert rep["udp"][1][0].get("errno") == errno.ECONNREFUSED, rep["udp"]
    c = st.stop()
    assert (c.get("Udp6InDatagrams"), c.get("Udp6OutDatagrams"),
            c.get("Udp6NoPorts")) == (5, 5, 1), c
