# SPDX-License-Identifier: BSD-2-Clause
"""RFC 8200 4 extension headers against the stack from the kernel's side
(scapy frames through v6x1): every action of an unrecognized option
(4.2) in Hop-by-Hop and Destination Options, unicast and multicast, with
the exact pointer; Hop-by-Hop other than first (4.1, Parameter Problem
code 1 as Linux); Routing header types (4.4, RFC 5095). Errors are
checked field by field: addresses, type, code, pointer, the quoted
packet, size, checksum (scapy's in6_chksum). Topology: NET (topo.py)."""
import pytest

import topo as T

# The stack on v6x0 in v6x-stk (--udp-echo 7), the kernel peer on v6x1 in
# v6x-peer.
NET = T.Net("v6x", "02:00:00:00:77:01", peer_dad=False,
            udp_echo=(T.ECHO_PORT,))


ALLNODES_MAC = "33:33:00:00:00:01"


def echo_with(exts, mcast, seq):
    """Ethernet/IPv6/<exts>/Echo Request as bytes: unicast from the peer's
    global address to ours, multicast from its link-local to ff02::1."""
    S = T.scapy()
    if mcast:
        ip = S.IPv6(src=NET.info["peer_ll"], dst="ff02::1", hlim=64)
        e = NET.eth(ALLNODES_MAC)
    else:
        ip = S.IPv6(src=NET.peer_gua, dst=NET.stack_gua, hlim=64)
        e = NET.eth()
    pkt = ip
    for h in exts:
        pkt = pkt / h
    pkt = pkt / S.ICMPv6EchoRequest(id=0x77, seq=seq, data=T.payload(40, seq))
    return bytes(e / pkt)


def unknown_opt(otype):
    """An option of type otype with 2 bytes of data, then PadN: the
    option's type byte is byte 2 of its header."""
    S = T.scapy()
    return [S.HBHOptUnknown(otype=otype, optdata=b"\xab\xcd"),
            S.PadN(optdata=b"")]


def check_pp(fr, sent, mcast, code, ptr):
    """Parameter Problem field by field, quoting the packet sent."""
    h = T.hdr(fr)
    f = T.icmp_fields(fr)
    want_src = NET.stack_ll if mcast else NET.stack_gua
    want_dst = NET.info["peer_ll"] if mcast else NET.peer_gua
    assert (h["src"], h["dst"]) == (want_src, want_dst), h
    assert h["eth_dst"] == NET.info["peer_mac"], h
    assert h["nh"] == 58 and 40 + h["plen"] <= 1280, h
    assert (f["type"], f["code"], f["word"]) == (4, code, ptr), f
    assert f["csum_ok"], f
    assert f["quote"] == sent[14:][:1232], "quote differs"


def exchange(frames):
    rep = NET.peer({"send": [f.hex() for f in frames], "window": 0.8})
    return T.not_nd(rep["rx"]), rep


# action bits -> expected outcome (unicast, multicast)
CASES = [
    (0x1E, "reply", "reply"),        # 00 skip
    (0x5E, "silent", "silent"),      # 01 discard
    (0x9E, "pp", "pp"),              # 10 discard + PP 2 even to multicast
    (0xDE, "pp", "silent"),          # 11 discard + PP 2 unless multicast
]


@pytest.mark.parametrize("hdr", ["hbh", "dst"])
def test_rfc8200_4_2_option_action_bits_unicast_and_multicast(make_stack, topo, hdr):
    """RFC 8200 4.2, RFC 4443 2.4 (e.2, e.3): for each of the four actions,
    unicast to 2001:db8::1 and multicast to ff02::1 (33:33:00:00:00:01):
    skipped (Echo Reply), discarded silently, or Parameter Problem code 2
    with the pointer at the option's type byte (42)."""
    S = T.scapy()
    st = make_stack()
    seq = 0
    for otype, uni, multi in CASES:
        for mcast, want in ((False, uni), (True, multi)):
            seq += 1
            ext = (S.IPv6ExtHdrHopByHop if hdr == "hbh" else
                   S.IPv6ExtHdrDestOpt)(options=unknown_opt(otype))
            sent = echo_with([ext], mcast, seq)
            got, rep = exchange([sent])
            what = "type %#x %s %s: %s" % (otype, "mcast" if mcast else "ucast",
                                           want, T.show_frames(rep["rx"]))
            if want == "reply":
                assert [T.icmp6_type(f) for f in got] == [129], what
            elif want == "silent":
                assert got == [], what
            else:
                assert len(got) == 1, what
                check_pp(got[0], sent, mcast, 2, 42)
    d = st.drops_now()
    assert d.get("EXTHDR_OPT_UNKNOWN_DISCARD") == 2, d
    assert d.get("EXTHDR_OPT_UNKNOWN_PARAMPROB") == 3, d
    assert d.get("EXTHDR_OPT_UNKNOWN_MCAST") == 1, d


def test_rfc8200_4_2_pointer_deep_in_the_chain(make_stack, topo):
    """The pointer counts from the IPv6 header: Hop-by-Hop (8, Router
    Alert), Destination Options (8), Routing type 0 with Segments Left 0
    (24, ignored), Destination Options with the unknown option after a
    skipped one and padding: type byte at 80 + 8 = 88."""
    S = T.scapy()
    make_stack()
    exts = [S.IPv6ExtHdrHopByHop(options=[S.RouterAlert(value=0)]),
            S.IPv6ExtHdrDestOpt(options=[S.PadN(optdata=b"\0" * 4)]),
            S.IPv6ExtHdrRouting(type=0, segleft=0, addresses=["2001:db8::99"]),
            S.IPv6ExtHdrDestOpt(options=[
                S.HBHOptUnknown(otype=0x1E, optdata=b"\x07\x07"),
                S.PadN(optdata=b""),
                S.HBHOptUnknown(otype=0x9F, optdata=b"\x01\x02\x03\x04"),
                S.PadN(optdata=b"")])]
    for mcast in (False, True):
        sent = echo_with(exts, mcast, 1)
        assert sent[14 + 80 + 8] == 0x9F
        got, rep = exchange([sent])
        assert len(got) == 1, T.show_frames(rep["rx"])
        check_pp(got[0], sent, mcast, 2, 88)


def test_rfc8200_4_1_hop_by_hop_not_first_param_prob_1(make_stack, topo):
    """Hop-by-Hop after a Destination Options header: Parameter Problem
    code 1 pointing at the Next Header field that named it (40), as
    Linux; Ip6InUnknownProtos."""
    S = T.scapy()
    st = make_stack()
    sent = echo_with([S.IPv6ExtHdrDestOpt(), S.IPv6ExtHdrHopByHop()], False, 1)
    got, rep = exchange([sent])
    assert len(got) == 1, T.show_frames(rep["rx"])
    check_pp(got[0], sent, False, 1, 40)
    assert st.stats().get("Ip6InUnknownProtos") == 1


@pytest.mark.parametrize("rtype", [0, 4, 253])
def test_rfc5095_rfc8200_4_4_routing_types(make_stack, topo, rtype):
    """Segments Left 0: ignored, the echo answered; Segments Left 1: type 0
    (RFC 5095) and unknown types alike get Parameter Problem code 0 at the
    Routing Type (42)."""
    S = T.scapy()
    st = make_stack()
    ok = echo_with([S.IPv6ExtHdrRouting(type=rtype, segleft=0,
                                        addresses=["2001:db8::99"])], False, 1)
    got, rep = exchange([ok])
    assert [T.icmp6_type(f) for f in got] == [129], T.show_frames(rep["rx"])
    bad = echo_with([S.IPv6ExtHdrRouting(type=rtype, segleft=1,
                                         addresses=["2001:db8::99"])], False, 2)
    got, rep = exchange([bad])
    assert len(got) == 1, T.show_frames(rep["rx"])
    check_pp(got[0], bad, False, 0, 42)
    d = st.drops_now()
    assert d.get("RTHDR_TYPE0" if rtype == 0 else "RTHDR_UNKNOWN_TYPE") == 1, d
