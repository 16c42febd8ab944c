"""Helpers for test_udp.py and test_icmp_errors.py: their own topology (names
v6e*), a stack started for each test (fresh counters, fresh rate-limit and
neighbour state), a one-shot peer script, and scapy-based frame checks.

  +------------ v6e-stk ------------+      +--------- v6e-ref ---------+
  | v6stack -b packet on v6e0        |      | v6e3: kernel 2001:db8:1::1|
  |   (disable_ipv6), 2001:db8::1/64 |      | (reference for layouts)   |
  +---------------|------------------+      +------------|--------------+
                  | veth                                 | veth
  +---------------|--------------------------------------|--------------+
  | v6e1: kernel 2001:db8::2/64          v6e2: kernel 2001:db8:1::2/64  |
  +------------------------------- v6e-peer ----------------------------+

Run as a script inside a namespace (`ip netns exec v6e-peer /usr/bin/python3
v6e_lib.py`), it reads one JSON request on stdin and answers one JSON
object (see peer_main); that side uses the standard library only.
"""
import json
import os
import re
import select
import socket
import sys
import threading
import time

import v6s_lib as L

HERE = os.path.dirname(os.path.abspath(__file__))
NS_STK, NS_PEER, NS_REF = "v6e-stk", "v6e-peer", "v6e-ref"
ALL_NS = (NS_STK, NS_PEER, NS_REF)
IF_STK, IF_PEER = "v6e0", "v6e1"
IF_REFP, IF_REF = "v6e2", "v6e3"  # v6e-peer side, v6e-ref side

STACK_MAC = "02:00:00:00:ee:01"
STACK_LL = "fe80::ff:fe00:ee01"
STACK_GUA = "2001:db8::1"
PEER_GUA = "2001:db8::2"
REF_GUA, REFP_GUA = "2001:db8:1::1", "2001:db8:1::2"
ECHO_PORT, CLOSED_PORT = 7, 9

COUNTER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_.]*)\s+(\d+)$")


# ------------------------------------------------------------ topology ---

def destroy_all():
    for ns in ALL_NS:
        L.netns_destroy(ns)


def _mkns(ns):
    L.netns_destroy(ns)
    L.sh(["ip", "netns", "add", ns])
    L.sh(["ip", "-n", ns, "link", "set", "lo", "up"])


def make_topology():
    """Create v6e-stk and v6e-peer; return {"peer_mac": ...}."""
    for ns in (NS_STK, NS_PEER):
        _mkns(ns)
    L.sh(["ip", "link", "add", IF_STK, "netns", NS_STK, "type", "veth",
          "peer", "name", IF_PEER, "netns", NS_PEER])
    L.sysctl(NS_STK, "net.ipv6.conf.%s.disable_ipv6" % IF_STK, 1)
    # the peer's link-local need not wait for DAD: nobody else is there
    L.sysctl(NS_PEER, "net.ipv6.conf.%s.accept_dad" % IF_PEER, 0)
    L.sh(["ip", "-n", NS_STK, "link", "set", IF_STK, "up"])
    L.sh(["ip", "-n", NS_PEER, "link", "set", IF_PEER, "up"])
    L.sh(["ip", "-n", NS_PEER, "addr", "add", PEER_GUA + "/64", "dev",
          IF_PEER, "nodad"])
    L.wait_kernel_ll(NS_PEER, IF_PEER)
    return {"peer_mac": link_mac(NS_PEER, IF_PEER)}


def make_ref():
    """Add v6e-ref: a kernel at 2001:db8:1::1 on v6e3, reached from the
    peer namespace's v6e2 (2001:db8:1::2); return their MACs."""
    _mkns(NS_REF)
    L.sh(["ip", "link", "add", IF_REFP, "netns", NS_PEER, "type", "veth",
          "peer", "name", IF_REF, "netns", NS_REF])
    L.sysctl(NS_PEER, "net.ipv6.conf.%s.accept_dad" % IF_REFP, 0)
    L.sysctl(NS_REF, "net.ipv6.conf.%s.accept_dad" % IF_REF, 0)
    for ns, ifn, a in ((NS_PEER, IF_REFP, REFP_GUA),
                       (NS_REF, IF_REF, REF_GUA)):
        L.sh(["ip", "-n", ns, "link", "set", ifn, "up"])
        L.sh(["ip", "-n", ns, "addr", "add", a + "/64", "dev", ifn,
              "nodad"])
    return {"refp_mac": link_mac(NS_PEER, IF_REFP),
            "ref_mac": link_mac(NS_REF, IF_REF)}


def link_mac(ns, ifname):
    out = L.sh(["ip", "-n", ns, "-o", "link", "show", "dev", ifname]).stdout
    return re.search(r"link/ether ([0-9a-f:]+)", out).group(1)


# --------------------------------------------------------------- stack ---

class Stack(L.Stack):
    """build/v6stack -b packet on v6e0 (v6s_lib.Stack's lifecycle, our
    names and argv); counters parsed whatever the column padding."""

    def __init__(self, workdir, sets=(), udp_echo=(ECHO_PORT,),
                 verbose=True):
        self.backend = "packet"
        self.workdir = workdir
        self.mac, self.gua, self.ll = STACK_MAC, STACK_GUA, STACK_LL
        self.ns, self.ifname = NS_STK, IF_STK
        self.peer_ns, self.peer_if = NS_PEER, IF_PEER
        args = [L.BINARY, "run"]
        if verbose:
            args.append("-v")
        args += ["--set", "conf.%s.accept_dad=0" % IF_STK]
        for s in sets:
            args += ["--set", s]
        for p in udp_echo:
            args += ["--udp-echo", str(p)]
        args += ["-i", IF_STK, "-b", "packet", "-m", STACK_MAC,
                 "-a", STACK_GUA + "/64"]
        self.argv = args
        self.proc = None
        self.returncode = None
        self.counters = None
        self.peer_ll = None
        n = 0
        while os.path.exists(os.path.join(workdir, "stack%d.out" % n)):
            n += 1
        self.out_path = os.path.join(workdir, "stack%d.out" % n)
        self.err_path = os.path.join(workdir, "stack%d.err" % n)

    def stop(self, *a, **kw):
        super().stop(*a, **kw)
        lines = self.stdout_lines()
        after = lines[lines.index("ready") + 1:] if "ready" in lines else []
        self.counters = {}
        for l in after:
            m = COUNTER_RE.match(l.strip())
            if m:
                self.counters[m.group(1)] = int(m.group(2))
        return self.counters


# ---------------------------------------------------------- peer script ---

def peer(req, ns=NS_PEER, timeout=60):
    """Run this file as the peer script in ns with request req (a dict,
    see peer_main); return its answer, frames as bytes."""
    p = L.sh([L.PY, os.path.join(HERE, "v6e_lib.py")], ns=ns,
             timeout=timeout, input=json.dumps(req))
    rep = json.loads(p.stdout)
    for k in ("rx", "out"):
        rep[k] = [(t, bytes.fromhex(h)) for t, h in rep.get(k, [])]
    return rep


def _icmp6_type(fr):
    """ICMPv6 type of an IPv6 frame without extension headers, or None."""
    if len(fr) >= 55 and fr[12:14] == b"\x86\xdd" and fr[20] == 58:
        return fr[54]
    return None


def _udp_sport(fr):
    if len(fr) >= 62 and fr[12:14] == b"\x86\xdd" and fr[20] == 17:
        return int.from_bytes(fr[54:56], "big")
    return None


def peer_main():
    """Request (JSON on stdin):
      iface      where to send and listen
      from_mac   report incoming IPv6 frames with this Ethernet source
                 (MLD messages excepted)
      send       [hex frame, ...]: sent first, back to back (AF_PACKET)
      udp        [op, ...]: then kernel UDP sockets, in order; an op is
                 {dst, port, scope (ifname or null), payloads: [hex],
                  connect: bool, timeout}; each payload is sent, then one
                 recv (or recvfrom) waits up to timeout
      outgoing   also report the IPv6 frames this host sent (as "out")
      window     listen this long after the sends and socket ops
      stop_count end the window early once this many incoming frames
                 matched stop_types (ICMPv6 types) or stop_udp_sport
      linger     after such an early stop, listen this much longer
    Answer: {"rx": [[t, hex]], "out": [[t, hex]], "udp": [[result, ...]],
    "send_span": seconds from the first raw send to the end of the last}
    with t in seconds from the first send; a result is {"data": hex,
    "from": [addr, port], "sport": n} or {"errno": n, "sport": n}.
    """
    req = json.load(sys.stdin)
    ifname = req["iface"]
    want = bytes(int(x, 16) for x in req["from_mac"].split(":"))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind((ifname, 0))
    rx, out = [], []
    stop_types = set(req.get("stop_types") or [])
    stop_sport = req.get("stop_udp_sport")
    stop_count = req.get("stop_count")
    state = {"t0": time.monotonic(), "done": False, "hits": 0,
             "hit_at": None}
    lock = threading.Lock()

    def sniff():
        while not state["done"]:
            r, _, _ = select.select([s], [], [], 0.05)
            if not r:
                continue
            data, addr = s.recvfrom(65535)
            t = round(time.monotonic() - state["t0"], 4)
            if data[12:14] != b"\x86\xdd":
                continue
            with lock:
                if addr[2] == 4:  # PACKET_OUTGOING
                    if req.get("outgoing"):
                        out.append([t, data.hex()])
                    continue
                if data[6:12] != want:
                    continue
                # MLD reports (RFC 3810: Hop-by-Hop, then ICMPv6 130-143),
                # which the stack sends as its groups change, are not what
                # these tests look at (test_mld.py does)
                if (len(data) > 62 and data[20] == 0 and data[54] == 58
                        and data[62] in (130, 131, 132, 143)):
                    continue
                rx.append([t, data.hex()])
                if stop_count and (_icmp6_type(data) in stop_types or (
                        stop_sport is not None
                        and _udp_sport(data) == stop_sport)):
                    state["hits"] += 1
                    if state["hits"] >= stop_count and not state["hit_at"]:
                        state["hit_at"] = time.monotonic()

    th = threading.Thread(target=sniff, daemon=True)
    th.start()
    time.sleep(0.02)
    frames = [bytes.fromhex(h) for h in req.get("send", [])]
    state["t0"] = time.monotonic()
    for f in frames:
        s.send(f)
    send_span = time.monotonic() - state["t0"]
    results = []
    for op in req.get("udp", []):
        u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        u.settimeout(op.get("timeout", 2.0))
        dst = (op["dst"], op["port"], 0,
               socket.if_nametoindex(op["scope"]) if op.get("scope") else 0)
        res = []
        if op.get("connect"):
            u.connect(dst)
        for h in op["payloads"]:
            d = bytes.fromhex(h)
            try:
                if op.get("connect"):
                    u.send(d)
                else:
                    u.sendto(d, dst)
                data, frm = u.recvfrom(65535)
                res.append({"data": data.hex(), "from": list(frm[:2]),
                            "sport": u.getsockname()[1]})
            except OSError as e:
                res.append({"errno": e.errno, "sport": u.getsockname()[1]})
        u.close()
        results.append(res)
    end = time.monotonic() + float(req.get("window", 1.0))
    linger = float(req.get("linger", 0.2))
    while time.monotonic() < end:
        if state["hit_at"] and time.monotonic() > state["hit_at"] + linger:
            break
        time.sleep(0.01)
    time.sleep(0.05)
    state["done"] = True
    th.join(1)
    with lock:
        json.dump({"rx": rx, "out": out, "udp": results,
                   "send_span": send_span}, sys.stdout)


# -------------------------------------------------- scapy-side helpers ---

def scapy():
    """scapy.all, imported on first use (the peer script never needs it)."""
    import scapy.all as S
    return S


def eth(dst=STACK_MAC, src=None):
    S = scapy()
    return S.Ether(dst=dst, src=src or TOPO["peer_mac"])


TOPO = {}  # filled by the topology fixture: peer_mac, ...


def ip6_bytes(fr):
    """The IPv6 packet in an Ethernet frame (trimmed to its payload
    length)."""
    plen = int.from_bytes(fr[18:20], "big")
    return fr[14:14 + 40 + plen]


def csum_ok(fr, nh):
    """Recompute the upper-layer checksum with scapy's in6_chksum (field
    zeroed) and compare with the frame's; UDP's computed 0 is sent as
    0xffff (RFC 768)."""
    S = scapy()
    pkt = ip6_bytes(fr)
    ip = S.IPv6(pkt[:40])
    msg = bytearray(pkt[40:])
    off = 6 if nh == 17 else 2
    got = int.from_bytes(msg[off:off + 2], "big")
    msg[off:off + 2] = b"\x00\x00"
    want = S.in6_chksum(nh, ip, bytes(msg))
    if nh == 17 and want == 0:
        want = 0xFFFF
    return got == want, got, want


def hdr(fr):
    """Ethernet + IPv6 header fields of a frame."""
    b = fr[14:54]
    return {"eth_dst": L.mac_str(fr[0:6]), "eth_src": L.mac_str(fr[6:12]),
            "ethertype": fr[12:14].hex(), "version": b[0] >> 4,
            "tclass": (int.from_bytes(b[0:2], "big") >> 4) & 0xFF,
            "flow": int.from_bytes(b[0:4], "big") & 0xFFFFF,
            "plen": int.from_bytes(b[4:6], "big"), "nh": b[6],
            "hlim": b[7], "src": L.ip6_str(b[8:24]),
            "dst": L.ip6_str(b[24:40]), "frame_len": len(fr)}


def icmp_fields(fr):
    """ICMPv6 error fields: type, code, checksum validity, the 32-bit
    field after the checksum, and the quoted bytes."""
    pkt = ip6_bytes(fr)
    m = pkt[40:]
    ok, got, want = csum_ok(fr, 58)
    return {"type": m[0], "code": m[1], "csum_ok": ok, "csum": got,
            "csum_want": want, "word": int.from_bytes(m[4:8], "big"),
            "quote": m[8:]}


def of_type(frames, t):
    return [f for _, f in frames if _icmp6_type(f) == t]


def udp_frames(frames):
    return [f for _, f in frames if _udp_sport(f) is not None]


def not_nd(frames):
    """Frames other than Neighbor Discovery messages (RFC 4861: Router
    Solicitations a host sends at start, NS, NA)."""
    return [f for _, f in frames if _icmp6_type(f) not in (133, 135, 136)]


def show(frames):
    """One line per frame, for assertion messages."""
    S = scapy()
    lines = []
    for t, f in frames:
        try:
            lines.append("%.3f %s" % (t, S.Ether(f).summary()))
        except Exception:  # noqa: BLE001 (a summary is best effort)
            lines.append("%.3f %s" % (t, f.hex()))
    return "\n".join(lines) or "<no frames>"


# -------------------------------------------------- frames (scapy) ---

def payload(n, seed=0):
    """n bytes that differ from offset to offset and from test to test."""
    return bytes((i * 7 + seed * 13 + (i >> 8)) & 0xFF for i in range(n))


def udp_frame(dport, data, src=PEER_GUA, dst=STACK_GUA, sport=40000,
              chksum=None, eth_dst=STACK_MAC, hlim=64, eth_src=None):
    """Ethernet/IPv6/UDP bytes; chksum None: computed by scapy."""
    S = scapy()
    u = S.UDP(sport=sport, dport=dport)
    if chksum is not None:
        u.chksum = chksum
    return bytes(eth(eth_dst, eth_src) / S.IPv6(src=src, dst=dst, hlim=hlim) /
                 u / S.Raw(data))


def udp_good_csum(fr):
    return int.from_bytes(ip6_bytes(fr)[46:48], "big")


def bad_csum(good):
    """A checksum value that is wrong for a datagram whose right one is
    good (neither it nor its one's-complement twin, nor zero)."""
    bad = good ^ 0x8421
    if bad in (0, 0xFFFF):
        bad ^= 1
    return bad


def nh_frame(nh, data, src=PEER_GUA, dst=STACK_GUA, eth_dst=STACK_MAC,
             hlim=64, eth_src=None):
    """Ethernet/IPv6 with Next Header nh and data as its payload."""
    S = scapy()
    return bytes(eth(eth_dst, eth_src) /
                 S.IPv6(src=src, dst=dst, nh=nh, hlim=hlim) / S.Raw(data))


def icmp_frame(icmp, src=PEER_GUA, dst=STACK_GUA, eth_dst=STACK_MAC,
               hlim=64):
    """Ethernet/IPv6/ICMPv6 with the checksum computed (icmp: a scapy
    ICMPv6 layer with its payload)."""
    S = scapy()
    return bytes(eth(eth_dst) / S.IPv6(src=src, dst=dst, hlim=hlim) / icmp)


# ------------------------------------------------------------ fixtures ---

if __name__ != "__main__":
    import pytest

    @pytest.fixture(scope="module")
    def topo():
        """The v6e topology, built for each module."""
        destroy_all()
        TOPO.clear()
        TOPO.update(make_topology())
        yield TOPO
        destroy_all()

    @pytest.fixture
    def make_stack(topo, tmp_path, request):
        """make_stack(sets=(...), udp_echo=(7,)) starts a stack for this
        test; stopped at teardown (its logs go into a failure's report)."""
        made = []
        request.node._v6s_stacks = made  # conftest.py's report hook

        def make(**kw):
            st = Stack(str(tmp_path), **kw)
            made.append(st)
            return st.start()
        yield make
        for st in made:
            st.stop()

    @pytest.fixture
    def ref_topo(topo):
        """Add the reference kernel (v6e-ref) once per module."""
        if "ref_mac" not in TOPO:
            TOPO.update(make_ref())
        return TOPO


if __name__ == "__main__":
    peer_main()
