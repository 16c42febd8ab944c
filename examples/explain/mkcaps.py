#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Build the example captures of `v6stack explain` (examples/explain/README.md).

seed.pcap is the exchange of the seed (../shared/seeds/000_46d131f11c3c7b5b.txt),
from its tcpdump trace: the container fe80::216:3eff:fe72:dc1c (00:16:3e:72:dc:1c)
solicits fe80::216:3eff:fe00:1234 three times, with a Source Link-Layer Address
option; the homemade stack (0c:22:38:4e:9a:bc) answers each with flags S and O and
only a Source Link-Layer Address option. The other captures are classic mistakes,
and one where the advertisement is right.

usage: mkcaps.py OUTDIR
"""
import sys
from scapy.all import (Ether, IPv6, IPv6ExtHdrFragment, ICMPv6ND_NS, ICMPv6ND_NA,
                       ICMPv6ND_RA, ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr,
                       ICMPv6NDOptPrefixInfo, ICMPv6EchoRequest, ICMPv6EchoReply,
                       ICMPv6DestUnreach, UDP, wrpcap, wrpcapng, raw)
import struct

C_MAC, C_IP = "00:16:3e:72:dc:1c", "fe80::216:3eff:fe72:dc1c"
S_MAC, S_IP = "0c:22:38:4e:9a:bc", "fe80::216:3eff:fe00:1234"
SNMC, SNMC_MAC = "ff02::1:ff00:1234", "33:33:ff:00:12:34"
T0 = 1600000000 + 12 * 3600 + 4 * 60 + 23  # the seed's 12:04:23


def ns(t):
    return t, (Ether(src=C_MAC, dst=SNMC_MAC) / IPv6(src=C_IP, dst=SNMC, hlim=255) /
               ICMPv6ND_NS(tgt=S_IP) / ICMPv6NDOptSrcLLAddr(lladdr=C_MAC))


def na(t, opt, hlim=255):
    return t, (Ether(src=S_MAC, dst=C_MAC) / IPv6(src=S_IP, dst=C_IP, hlim=hlim) /
               ICMPv6ND_NA(tgt=S_IP, R=0, S=1, O=1) / opt)


def echo(t, cls, src, dst, smac, dmac, seq, **kw):
    return t, (Ether(src=smac, dst=dmac) / IPv6(src=src, dst=dst, hlim=64) /
               cls(id=0x1c2d, seq=seq, data=b"\x00" * 56, **kw))


def write(path, frames):
    pkts = []
    for t, p in frames:
        p = Ether(raw(p))
        p.time = t
        pkts.append(p)
    wrpcap(path, pkts)


def big_endian_ns(src, dst):
    """The same capture as a big-endian pcap with nanosecond timestamps."""
    b = open(src, "rb").read()
    magic, vmaj, vmin, zone, sig, snap, link = struct.unpack("<IHHiIII", b[:24])
    out = [struct.pack(">IHHiIII", 0xa1b23c4d, vmaj, vmin, zone, sig, snap, link)]
    off = 24
    while off < len(b):
        sec, usec, incl, orig = struct.unpack("<IIII", b[off:off + 16])
        out.append(struct.pack(">IIII", sec, usec * 1000, incl, orig))
        out.append(b[off + 16:off + 16 + incl])
        off += 16 + incl
    open(dst, "wb").write(b"".join(out))


def pcapng_be(src, dst):
    """The same frames as a big-endian pcapng with nanosecond timestamps
    (if_tsresol 9), an unknown block to skip, and a second interface of
    another link type (101, raw IP) with one packet the reader skips."""
    b = open(src, "rb").read()

    def block(btype, body):
        body += b"\0" * (-len(body) % 4)
        n = 12 + len(body)
        return struct.pack(">II", btype, n) + body + struct.pack(">I", n)

    out = [block(0x0A0D0D0A, struct.pack(">IHHq", 0x1A2B3C4D, 1, 0, -1)),
           block(1, struct.pack(">HHI", 1, 0, 262144) +
                 struct.pack(">HHB3x", 9, 1, 9) + struct.pack(">HH", 0, 0)),
           block(0x00000BAD, b"skip me"),
           block(1, struct.pack(">HHI", 101, 0, 262144))]
    off = 24
    while off < len(b):
        sec, usec, incl, orig = struct.unpack("<IIII", b[off:off + 16])
        ts = sec * 10**9 + usec * 1000
        out.append(block(6, struct.pack(">IIIII", 0, ts >> 32, ts & 0xffffffff, incl, orig)
                         + b[off + 16:off + 16 + incl]))
        off += 16 + incl
    out.append(block(6, struct.pack(">IIIII", 1, 0, 0, 4, 4) + b"\x60\0\0\0"))
    open(dst, "wb").write(b"".join(out))


def main(out):
    slla, tlla = ICMPv6NDOptSrcLLAddr(lladdr=S_MAC), ICMPv6NDOptDstLLAddr(lladdr=S_MAC)
    # The seed's trace, with its times.
    write(out + "/seed.pcap", [
        ns(T0 + 0.751427), na(T0 + 0.753662, slla),
        ns(T0 + 1.761850), na(T0 + 1.765901, slla),
        ns(T0 + 2.786994), na(T0 + 2.789413, slla)])
    # The reader's other formats give the same answer.
    big_endian_ns(out + "/seed.pcap", out + "/seed-be-ns.pcap")
    pkts = []
    for p in [Ether(raw(p)) for _, p in [ns(0), na(0, slla)] * 3]:
        pkts.append(p)
    for p, t in zip(pkts, [0.751427, 0.753662, 1.761850, 1.765901, 2.786994, 2.789413]):
        p.time = T0 + t
    wrpcapng(out + "/seed.pcapng", pkts)
    pcapng_be(out + "/seed.pcap", out + "/seed-be.pcapng")
    # The same with the Target option: resolved, and the ping answered.
    write(out + "/seed-fixed.pcap", [
        ns(T0 + 0.751427), na(T0 + 0.753662, tlla),
        echo(T0 + 0.753700, ICMPv6EchoRequest, C_IP, S_IP, C_MAC, S_MAC, 1),
        echo(T0 + 0.753800, ICMPv6EchoReply, S_IP, C_IP, S_MAC, C_MAC, 1)])
    # An NA with hop limit 64.
    write(out + "/na-hlim64.pcap", [
        ns(T0 + 0.1), na(T0 + 0.101, tlla, hlim=64),
        ns(T0 + 1.1), na(T0 + 1.101, tlla, hlim=64),
        ns(T0 + 2.1), na(T0 + 2.101, tlla, hlim=64)])
    # An RA from a global address.
    r_mac = "02:00:00:00:00:01"
    write(out + "/ra-global.pcap", [
        (T0, Ether(src=r_mac, dst="33:33:00:00:00:01") /
         IPv6(src="2001:db8::1", dst="ff02::1", hlim=255) /
         ICMPv6ND_RA(routerlifetime=1800) /
         ICMPv6NDOptPrefixInfo(prefix="2001:db8::", prefixlen=64) /
         ICMPv6NDOptSrcLLAddr(lladdr=r_mac))])
    # An NS whose target is a multicast address, sent to all-nodes.
    write(out + "/ns-mcast-target.pcap", [
        (T0, Ether(src=C_MAC, dst="33:33:00:00:00:01") /
         IPv6(src=C_IP, dst="ff02::1", hlim=255) / ICMPv6ND_NS(tgt="ff02::1") /
         ICMPv6NDOptSrcLLAddr(lladdr=C_MAC))])
    # An echo reply with a bad checksum, after a good resolution.
    write(out + "/echo-bad-csum.pcap", [
        ns(T0 + 0.1), na(T0 + 0.101, tlla),
        echo(T0 + 0.102, ICMPv6EchoRequest, C_IP, S_IP, C_MAC, S_MAC, 1),
        echo(T0 + 0.103, ICMPv6EchoReply, S_IP, C_IP, S_MAC, C_MAC, 1, cksum=0x1234)])
    # Twenty datagrams to a closed port in 190 ms: the receiver answers
    # the first six with Port Unreachable, and its rate limit (RFC 4443
    # 2.4 (f)) withholds the rest.
    burst = [ns(T0 + 0.1), na(T0 + 0.101, tlla)]
    for i in range(20):
        t = T0 + 0.2 + i * 0.01
        dg = (Ether(src=C_MAC, dst=S_MAC) / IPv6(src=C_IP, dst=S_IP, hlim=64) /
              UDP(sport=40000 + i, dport=9) / (b"x" * 8))
        burst.append((t, dg))
        if i < 6:
            burst.append((t + 0.0001, Ether(src=S_MAC, dst=C_MAC) /
                          IPv6(src=S_IP, dst=C_IP, hlim=64) /
                          ICMPv6DestUnreach(code=4) / raw(dg)[14:]))
    write(out + "/udp-closed-burst.pcap", burst)
    # Overlapping fragments of one echo request (RFC 5722).
    body = raw(ICMPv6EchoRequest(id=7, seq=1, data=b"\xab" * 1592))
    base = Ether(src=C_MAC, dst=S_MAC) / IPv6(src=C_IP, dst=S_IP, hlim=64)
    f1 = base / IPv6ExtHdrFragment(nh=58, offset=0, m=1, id=0x1234) / body[:1200]
    f2 = base / IPv6ExtHdrFragment(nh=58, offset=1000 // 8, m=0, id=0x1234) / body[1000:]
    write(out + "/frag-overlap.pcap", [
        ns(T0 + 0.1), na(T0 + 0.101, tlla), (T0 + 0.2, f1), (T0 + 0.201, f2)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
