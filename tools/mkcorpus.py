#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Write the fuzz seed corpus: frames a Linux peer sends to the stack, built
with scapy (independent of src/wire). Run: /usr/bin/python3 tools/mkcorpus.py"""
import os, struct
from scapy.all import Ether, IPv6, ICMPv6EchoRequest, ICMPv6ND_NS, ICMPv6ND_NA, \
    ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr, UDP, IPv6ExtHdrFragment, \
    IPv6ExtHdrHopByHop, ICMPv6MLReport2, ICMPv6ND_RS, ICMPv6ND_RA, raw, \
    IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, HBHOptUnknown, PadN, Pad1, RouterAlert, \
    ICMPv6MLQuery, ICMPv6MLQuery2, ICMPv6MLReport
from scapy.all import ICMPv6NDOptPrefixInfo, ICMPv6NDOptMTU, ICMPv6NDOptRDNSS, \
    ICMPv6NDOptDNSSL, ICMPv6NDOptRouteInfo, ICMPv6ND_Redirect, ICMPv6NDOptRedirectedHdr

OUR_MAC, PEER_MAC = "02:00:00:00:00:01", "02:00:00:00:00:02"
OUR, OUR_LL, PEER, PEER_LL = "2001:db8::1", "fe80::ff:fe00:1", "2001:db8::2", "fe80::ff:fe00:2"
SNMC, SNMC_MAC = "ff02::1:ff00:1", "33:33:ff:00:00:01"
top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus")

frames = {
    "ns_ll": Ether(src=PEER_MAC, dst=SNMC_MAC) / IPv6(src=PEER_LL, dst=SNMC, hlim=255) /
        ICMPv6ND_NS(tgt=OUR_LL) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC),
    "ns_global": Ether(src=PEER_MAC, dst=SNMC_MAC) / IPv6(src=PEER, dst=SNMC, hlim=255) /
        ICMPv6ND_NS(tgt=OUR) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC),
    "ns_dad": Ether(src=PEER_MAC, dst=SNMC_MAC) / IPv6(src="::", dst=SNMC, hlim=255) / ICMPv6ND_NS(tgt=OUR),
    "ns_unicast": Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER, dst=OUR, hlim=255) /
        ICMPv6ND_NS(tgt=OUR) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC),
    "na_s": Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER, dst=OUR, hlim=255) /
        ICMPv6ND_NA(tgt=PEER, S=1, O=1) / ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC),
    "na_unsol": Ether(src=PEER_MAC, dst="33:33:00:00:00:01") / IPv6(src=PEER, dst="ff02::1", hlim=255) /
        ICMPv6ND_NA(tgt=PEER, S=0, O=1) / ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC),
    "echo": Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER, dst=OUR) / ICMPv6EchoRequest(id=1, seq=1, data=b"x" * 56),
    "echo_ll": Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER_LL, dst=OUR_LL) / ICMPv6EchoRequest(id=2, seq=1),
    "echo_mcast": Ether(src=PEER_MAC, dst="33:33:00:00:00:01") / IPv6(src=PEER_LL, dst="ff02::1") / ICMPv6EchoRequest(id=3),
    "echo_anycast": Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER, dst="2001:db8::100") / ICMPv6EchoRequest(id=4),
    "ns_anycast": Ether(src=PEER_MAC, dst="33:33:ff:00:01:00") / IPv6(src=PEER, dst="ff02::1:ff00:100", hlim=255) /
        ICMPv6ND_NS(tgt="2001:db8::100") / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC),
    "udp": Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER, dst=OUR) / UDP(sport=1000, dport=7) / raw(b"hello"),
    "frag": Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER, dst=OUR) / IPv6ExtHdrFragment(m=1, id=7) / raw(b"A" * 64),
    "hbh_mld": Ether(src=PEER_MAC, dst="33:33:00:00:00:16") / IPv6(src=PEER_LL, dst="ff02::16", hlim=1) /
        IPv6ExtHdrHopByHop() / ICMPv6MLReport2(),
    "mld_gq_v2": Ether(src=PEER_MAC, dst="33:33:00:00:00:01") / IPv6(src=PEER_LL, dst="ff02::1", hlim=1) /
        IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]) / ICMPv6MLQuery2(mrd=1000),
    "mld_gq_v1": Ether(src=PEER_MAC, dst="33:33:00:00:00:01") / IPv6(src=PEER_LL, dst="ff02::1", hlim=1) /
        IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]) / ICMPv6MLQuery(mrd=1000),
    "mld_masq": Ether(src=PEER_MAC, dst=SNMC_MAC) / IPv6(src=PEER_LL, dst=SNMC, hlim=1) /
        IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]) / ICMPv6MLQuery2(mladdr=SNMC, mrd=0x8123, sources=[PEER]),
    "mld_v1_report": Ether(src=PEER_MAC, dst=SNMC_MAC) / IPv6(src=PEER_LL, dst=SNMC, hlim=1) /
        IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]) / ICMPv6MLReport(mladdr=SNMC),
    "rs": Ether(src=PEER_MAC, dst="33:33:00:00:00:02") / IPv6(src=PEER_LL, dst="ff02::2", hlim=255) / ICMPv6ND_RS(),
    "ra": Ether(src=PEER_MAC, dst="33:33:00:00:00:01") / IPv6(src=PEER_LL, dst="ff02::1", hlim=255) / ICMPv6ND_RA(),
    # router discovery: an RA with every option the stack reads; a short-lived one; a Redirect
    "ra_full": Ether(src=PEER_MAC, dst="33:33:00:00:00:01") / IPv6(src=PEER_LL, dst="ff02::1", hlim=255) /
        ICMPv6ND_RA(chlim=64, prf=1, routerlifetime=600, reachabletime=30000, retranstimer=1000) /
        ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC) / ICMPv6NDOptMTU(mtu=1400) /
        ICMPv6NDOptPrefixInfo(prefix="2001:db8:aa::", prefixlen=64, L=1, A=1, validlifetime=3600, preferredlifetime=1800) /
        ICMPv6NDOptRDNSS(dns=["2001:db8::53"], lifetime=60) / ICMPv6NDOptDNSSL(searchlist=["example.org."], lifetime=60) /
        ICMPv6NDOptRouteInfo(prefix="2001:db8:77::", plen=48, prf=1, rtlifetime=600),
    "ra_short": Ether(src=PEER_MAC, dst="33:33:00:00:00:01") / IPv6(src=PEER_LL, dst="ff02::1", hlim=255) /
        ICMPv6ND_RA(routerlifetime=2) / ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC) /
        ICMPv6NDOptPrefixInfo(prefix="2001:db8:bb::", prefixlen=64, L=1, A=1, validlifetime=3, preferredlifetime=1),
    "echo_offlink": Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src="2001:db8:99::9", dst=OUR) / ICMPv6EchoRequest(id=4),
    "redirect": Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER_LL, dst=OUR_LL, hlim=255) /
        ICMPv6ND_Redirect(tgt="fe80::ff:fe00:3", dst="2001:db8:99::9") / ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:03") /
        ICMPv6NDOptRedirectedHdr(pkt=bytes(IPv6(src=OUR, dst="2001:db8:99::9") / ICMPv6EchoRequest())),
}
# Extension headers (RFC 8200 4): each option action, Router Alert,
# padding, Routing types, Hop-by-Hop not first.
E, I6 = Ether(src=PEER_MAC, dst=OUR_MAC), IPv6(src=PEER, dst=OUR)
ping = ICMPv6EchoRequest(id=9, seq=1, data=b"e" * 32)
for bits in (0x1e, 0x5e, 0x9e, 0xde):
    frames["dstopt_%02x" % bits] = E / I6 / IPv6ExtHdrDestOpt(
        options=[HBHOptUnknown(otype=bits, optdata=b"ab"), PadN(optdata=b"")]) / ping
frames["hbh_rtalert_mcast"] = Ether(src=PEER_MAC, dst="33:33:00:00:00:01") / \
    IPv6(src=PEER_LL, dst="ff02::1") / IPv6ExtHdrHopByHop(options=[RouterAlert()]) / ping
frames["hbh_pad1s"] = E / I6 / IPv6ExtHdrHopByHop(options=[Pad1()] * 6) / ping
frames["rthdr0_sl1"] = E / I6 / IPv6ExtHdrRouting(type=0, segleft=1, addresses=["2001:db8::9"]) / ping
frames["rthdr4_sl0"] = E / I6 / IPv6ExtHdrRouting(type=4, segleft=0, addresses=["2001:db8::9"]) / ping
frames["hbh_not_first"] = E / I6 / IPv6ExtHdrDestOpt() / IPv6ExtHdrHopByHop() / ping
frames["chain_long"] = E / I6 / (IPv6ExtHdrDestOpt() / IPv6ExtHdrDestOpt() / IPv6ExtHdrDestOpt() /
    IPv6ExtHdrDestOpt() / IPv6ExtHdrDestOpt()) / ping
frames["frag_atomic"] = E / I6 / IPv6ExtHdrFragment(id=5) / ping

def cut(pkt, pieces, fid, dst_mac=OUR_MAC):
    """Fragments of an IPv6 packet (no extension headers): (offset, n, m)."""
    b = bytes(pkt)
    out = []
    for off, n, m in pieces:
        out.append(Ether(src=PEER_MAC, dst=dst_mac) / IPv6(src=pkt.src, dst=pkt.dst) /
                   IPv6ExtHdrFragment(nh=b[6], offset=off // 8, m=m, id=fid) / raw(b[40 + off:40 + off + n]))
    return out
big = IPv6(src=PEER, dst=OUR) / ICMPv6EchoRequest(id=7, seq=1, data=bytes(range(256)) * 8)
f3 = cut(big, [(0, 1448, 1), (1448, 608, 0)], 0x77)
frames["frag_first"] = f3[0]
frames["frag_last"] = f3[1]
ns_frag = cut(IPv6(src=PEER, dst=OUR, hlim=255) / ICMPv6ND_NS(tgt=OUR) /
              ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC), [(0, 16, 1), (16, 16, 0)], 0x78)
udp_chain = IPv6(src=PEER, dst=OUR) / IPv6ExtHdrDestOpt() / UDP(sport=1, dport=7) / raw(b"u" * 64)
b = bytes(udp_chain)
frames["frag_trunc_chain"] = Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER, dst=OUR) / \
    IPv6ExtHdrFragment(nh=60, offset=0, m=1, id=0x79) / raw(b[40:48])
frames["frag_oversize"] = Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER, dst=OUR) / \
    IPv6ExtHdrFragment(nh=58, offset=65528 // 8, m=0, id=0x7a) / raw(b"z" * 16)
frames["frag_badlen"] = Ether(src=PEER_MAC, dst=OUR_MAC) / IPv6(src=PEER, dst=OUR) / \
    IPv6ExtHdrFragment(nh=58, offset=0, m=1, id=0x7b) / raw(bytes(big)[40:40 + 1001])
os.makedirs(os.path.join(top, "input"), exist_ok=True)
os.makedirs(os.path.join(top, "input_seq"), exist_ok=True)
for name, f in frames.items():
    open(os.path.join(top, "input", name), "wb").write(bytes(f))
def seq(*items):
    out = b""
    for step, f in items:
        b = bytes(f)
        out += struct.pack(">BH", step, len(b)) + b
    return out
seqs = {
    "resolve_then_echo": seq((0, frames["echo_mcast"]), (1, frames["na_s"]), (10, frames["echo"])),
    "ns_echo_nud": seq((0, frames["ns_global"]), (0, frames["echo"]), (60, frames["na_s"]), (255, frames["echo"])),
    "dad_conflict": seq((0, frames["ns_dad"]), (5, frames["na_unsol"])),
    # Reassembly (RFC 8200 4.5): in order, reverse, overlap, duplicate, a
    # lone first fragment timing out (Time Exceeded), ND in fragments.
    "frag_in_order": seq((0, frames["na_s"]), (0, f3[0]), (1, f3[1])),
    "frag_reverse": seq((0, frames["na_s"]), (0, f3[1]), (1, f3[0])),
    "frag_overlap": seq((0, f3[0]), (0, cut(big, [(1440, 616, 0)], 0x77)[0]), (0, f3[1])),
    "frag_duplicate": seq((0, f3[0]), (0, f3[0]), (0, f3[1])),
    "frag_timeout": seq((0, frames["na_s"]), (0, f3[0]), (255, frames["echo"]), (255, frames["echo"]),
                        (255, frames["echo"])),
    "frag_nd": seq((0, ns_frag[0]), (0, ns_frag[1])),
    "frag_many_ids": seq(*[(0, cut(big, [(8, 8, 1)], i)[0]) for i in range(40)]),
    "mld_v1_then_v2": seq((0, frames["mld_gq_v1"]), (0, frames["mld_v1_report"]), (2, frames["mld_gq_v2"]),
        (255, frames["mld_masq"]), (255, frames["mld_gq_v2"])),
    "ra_redirect": seq((0, frames["ra_full"]), (0, frames["echo_offlink"]), (1, frames["redirect"]),
        (1, frames["echo_offlink"]), (3, frames["ra_short"]), (10, frames["echo_offlink"])),
}
for name, data in seqs.items():
    open(os.path.join(top, "input_seq", name), "wb").write(data)
print("corpus:", len(frames), "frames,", len(seqs), "sequences")
