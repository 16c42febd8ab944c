#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Differential fuzzing of v6stack against the Linux kernel (issue 16 item 4).

Topology (namespaces named from --prefix P, default v6df):
  P-stk: v6stack on P0 (kernel IPv6 off)       <- veth -> P-peer: P1
  P-ref: the kernel target on P3 (same MAC and  <- veth -> P-peer: P2
         addresses as the stack, IPv6 on)
P-peer has kernel IPv6 on P1 and P2 (same MAC, same address) so that both
targets' neighbour probes are answered; this tool sends raw frames on P1 and
P2 (AF_PACKET) and reads what comes back from the stack's MAC.

Each generated packet (deterministic from --seed) carries a tag: its flow
label, echo identifier, UDP source port and fragment id derive from its
index, so errors (which quote the packet) and replies are matched to it and
late answers to earlier packets are discarded. Answers: none, echo-reply,
udp-reply, na(R,S,O), err type/code[/pointer], mld1/mld2 report, other.
NS and RS from the targets are ignored (neighbour/router state, not an
answer). Usage: tools/difffuzz.py --count 1000 --seed 1 [--json out.json]
"""
import argparse
import ctypes
import json
import os
import random
import socket
import struct
import subprocess
import sys
import time
from collections import Counter

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BINARY = os.environ.get("V6STACK", os.path.join(REPO, "build", "v6stack"))
STACK_MAC, PEER_MAC = "02:00:00:00:df:01", "02:00:00:00:df:02"
STACK_GUA, PEER_GUA = "2001:db8::1", "2001:db8::2"
ECHO_PORT, CLOSED_PORT = 7, 9


def eui64_ll(mac):
    b = bytes.fromhex(mac.replace(":", ""))
    iid = bytes([b[0] ^ 2]) + b[1:3] + b"\xff\xfe" + b[3:]
    return socket.inet_ntop(socket.AF_INET6, b"\xfe\x80" + b"\0" * 6 + iid)


STACK_LL, PEER_LL = eui64_ll(STACK_MAC), eui64_ll(PEER_MAC)


def sn_mcast(a):
    b = socket.inet_pton(socket.AF_INET6, a)
    return socket.inet_ntop(socket.AF_INET6, bytes.fromhex(
        "ff0200000000000000000001ff") + b[13:])


def eth_dst(ip6):
    """The link-layer destination for IPv6 destination ip6 (RFC 2464 7)."""
    b = socket.inet_pton(socket.AF_INET6, ip6)
    if b[0] == 0xff:
        return "33:33:" + ":".join("%02x" % x for x in b[12:])
    return STACK_MAC


def sh(cmd, ns=None, check=True):
    if ns:
        cmd = ["ip", "netns", "exec", ns] + list(cmd)
    p = subprocess.run(cmd, capture_output=True, text=True)
    if check and p.returncode:
        raise RuntimeError("%s: %s" % (" ".join(cmd), p.stderr))
    return p


def sysctl(ns, k, v, check=True):
    sh(["sysctl", "-q", "-w", "%s=%s" % (k, v)], ns=ns, check=check)


# ------------------------------------------------------------ topology ---

class Topo:
    def __init__(self, prefix, workdir):
        self.p = prefix
        self.stk, self.peer, self.ref = (prefix + "-stk", prefix + "-peer",
                                         prefix + "-ref")
        self.if_stk, self.if_ps, self.if_pr, self.if_ref = (
            prefix + "0", prefix + "1", prefix + "2", prefix + "3")
        self.workdir = workdir
        self.procs = []

    def destroy(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
        self.procs = []
        for ns in (self.stk, self.peer, self.ref):
            if sh(["ip", "netns", "pids", ns], check=False).returncode == 0:
                for pid in sh(["ip", "netns", "pids", ns],
                              check=False).stdout.split():
                    if int(pid) == os.getpid():
                        continue
                    try:
                        os.kill(int(pid), 9)
                    except (OSError, ValueError):
                        pass
                sh(["ip", "netns", "del", ns], check=False)

    def build(self, stack_sets=()):
        self.destroy()
        for ns in (self.stk, self.peer, self.ref):
            sh(["ip", "netns", "add", ns])
            sh(["ip", "-n", ns, "link", "set", "lo", "up"])
        sh(["ip", "link", "add", self.if_stk, "netns", self.stk, "type",
            "veth", "peer", "name", self.if_ps, "netns", self.peer])
        sh(["ip", "link", "add", self.if_ref, "netns", self.ref, "type",
            "veth", "peer", "name", self.if_pr, "netns", self.peer])
        # the stack's side: kernel IPv6 off
        sysctl(self.stk, "net.ipv6.conf.%s.disable_ipv6" % self.if_stk, 1)
        sh(["ip", "-n", self.stk, "link", "set", self.if_stk, "up"])
        # the peer: kernel IPv6 on both, same MAC and addresses
        for i in (self.if_ps, self.if_pr):
            sysctl(self.peer, "net.ipv6.conf.%s.accept_dad" % i, 0)
            sysctl(self.peer, "net.ipv6.conf.%s.router_solicitations" % i, 0)
            sh(["ip", "-n", self.peer, "link", "set", i, "address", PEER_MAC])
            sh(["ip", "-n", self.peer, "link", "set", i, "up"])
            sh(["ip", "-n", self.peer, "addr", "add", PEER_GUA + "/64",
                "dev", i, "nodad"])
        # the kernel target
        r = self.ref
        sysctl(r, "net.ipv6.conf.%s.accept_dad" % self.if_ref, 0)
        sysctl(r, "net.ipv6.conf.%s.router_solicitations" % self.if_ref, 0)
        sysctl(r, "net.ipv6.icmp.ratelimit", 0)
        sysctl(r, "net.ipv4.icmp_msgs_per_sec", 1000000, check=False)
        sysctl(r, "net.ipv4.icmp_msgs_burst", 1000000, check=False)
        sh(["ip", "-n", r, "link", "set", self.if_ref, "address", STACK_MAC])
        sh(["ip", "-n", r, "link", "set", self.if_ref, "up"])
        sh(["ip", "-n", r, "addr", "add", STACK_GUA + "/64", "dev",
            self.if_ref, "nodad"])
        echo = ("import socket\ns=socket.socket(socket.AF_INET6,"
                "socket.SOCK_DGRAM)\ns.bind(('::',%d))\nwhile 1:\n"
                " d,a=s.recvfrom(65535)\n s.sendto(d,a)\n" % ECHO_PORT)
        self.procs.append(subprocess.Popen(
            ["ip", "netns", "exec", r, "/usr/bin/python3", "-c", echo]))
        # the stack
        args = [BINARY, "run", "--set",
                "conf.%s.accept_dad=0" % self.if_stk,
                "--set", "icmp.ratelimit=0",
                "--set", "icmp.msgs_per_sec=1000000",
                "--set", "icmp.msgs_burst=1000000"]
        for s in stack_sets:
            args += ["--set", s]
        args += ["--udp-echo", str(ECHO_PORT), "-i", self.if_stk, "-b",
                 "packet", "-m", STACK_MAC, "-a", STACK_GUA + "/64"]
        self.stack_out = os.path.join(self.workdir, "difffuzz-stack.out")
        out = open(self.stack_out, "w")
        self.stack = subprocess.Popen(["ip", "netns", "exec", self.stk] + args,
                                      stdout=out, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL)
        self.procs.append(self.stack)
        deadline = time.monotonic() + 10
        while True:
            with open(self.stack_out) as f:
                if "ready" in f.read().split():
                    break
            if self.stack.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("stack did not start: " +
                                   open(self.stack_out).read())
            time.sleep(0.05)
        # the kernel link-locals out of tentative
        deadline = time.monotonic() + 10
        while "tentative" in sh(["ip", "-6", "addr", "show"], ns=r).stdout \
                or "tentative" in sh(["ip", "-6", "addr", "show"],
                                     ns=self.peer).stdout:
            if time.monotonic() > deadline:
                raise RuntimeError("kernel addresses stay tentative")
            time.sleep(0.05)


def enter_netns(ns):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/var/run/netns/" + ns, os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:
        raise OSError(ctypes.get_errno(), "setns " + ns)
    os.close(fd)


# ----------------------------------------------------------- generator ---

def S():
    import scapy.all as s
    return s


UNKNOWN_OPTS = {"skip": 0x1e, "discard": 0x5e, "err": 0x9e, "err-uc": 0xde}


class Gen:
    """Packets from a seed: gen(i) -> (class name, frame bytes)."""

    BASES = ("echo", "echo-ll", "echo-mc", "udp-closed", "udp-open", "ns",
             "ns-dad", "ns-uc", "na", "rs", "mld1", "mld2", "unknown-nh",
             "hbh", "dstopt", "rh0", "rh4", "frag", "frag-overlap",
             "frag-tiny", "frag-atomic")
    MUTS = ("valid", "hlim", "csum", "trunc", "plen-long", "plen-short",
            "code", "src-mc", "dst-other", "bytes")

    def __init__(self, seed):
        self.seed = seed

    def gen(self, i):
        r = random.Random("%d/%d" % (self.seed, i))
        s = S()
        base = r.choice(self.BASES)
        mut = "valid" if r.random() < 0.3 else r.choice(self.MUTS[1:])
        tag = i & 0xffff
        fl = (i * 7919 + 1) & 0xfffff
        src, dst = PEER_GUA, STACK_GUA
        hlim = 64
        ip = None
        data = bytes(r.getrandbits(8) for _ in range(r.choice((0, 8, 56))))
        echo = s.ICMPv6EchoRequest(id=tag, seq=i >> 16, data=data)
        udp_port = 1024 + (i % 60000)
        sub = ""
        if base == "echo":
            up = echo
        elif base == "echo-ll":
            src, dst, up = PEER_LL, STACK_LL, echo
        elif base == "echo-mc":
            src, dst, up = PEER_LL, "ff02::1", echo
        elif base == "udp-closed":
            up = s.UDP(sport=udp_port, dport=CLOSED_PORT) / data
        elif base == "udp-open":
            up = s.UDP(sport=udp_port, dport=ECHO_PORT) / (data or b"x")
        elif base in ("ns", "ns-dad", "ns-uc"):
            tgt = r.choice((STACK_GUA, STACK_LL))
            hlim = 255
            up = s.ICMPv6ND_NS(tgt=tgt)
            if base == "ns-dad":
                src = "::"
            else:
                src = r.choice((PEER_GUA, PEER_LL))
                if r.random() < 0.8:
                    up = up / s.ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)
                    sub = "+slla"
            dst = tgt if base == "ns-uc" else sn_mcast(tgt)
        elif base == "na":
            hlim, src = 255, r.choice((PEER_GUA, PEER_LL))
            dst = r.choice((STACK_GUA, "ff02::1"))
            up = s.ICMPv6ND_NA(tgt=src, R=0, S=int(dst == STACK_GUA), O=0) / \
                s.ICMPv6NDOptDstLLAddr(lladdr=PEER_MAC)
        elif base == "rs":
            hlim, src, dst = 255, PEER_LL, "ff02::2"
            up = s.ICMPv6ND_RS() / s.ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC)
        elif base in ("mld1", "mld2"):
            hlim, src, dst = 1, PEER_LL, "ff02::1"
            grp = r.choice(("::", sn_mcast(STACK_GUA)))
            if grp != "::":
                dst = grp
                sub = "+gs"
            q = (s.ICMPv6MLQuery(mladdr=grp, mrd=0) if base == "mld1" else
                 s.ICMPv6MLQuery2(mladdr=grp, mrd=0))
            ip = s.IPv6(src=src, dst=dst, hlim=hlim, fl=fl) / \
                s.IPv6ExtHdrHopByHop(options=[s.RouterAlert()]) / q
        elif base == "unknown-nh":
            ip = s.IPv6(src=src, dst=dst, hlim=hlim, fl=fl, nh=253) / \
                s.Raw(data or b"\0" * 8)
        elif base in ("hbh", "dstopt"):
            act = r.choice(list(UNKNOWN_OPTS))
            sub = "+" + act
            if r.random() < 0.3:
                src, dst, sub = PEER_LL, "ff02::1", sub + "+mc"
            opt = s.HBHOptUnknown(otype=UNKNOWN_OPTS[act], optdata=b"\0\0")
            eh = (s.IPv6ExtHdrHopByHop if base == "hbh" else
                  s.IPv6ExtHdrDestOpt)(options=[opt])
            ip = s.IPv6(src=src, dst=dst, hlim=hlim, fl=fl) / eh / echo
        elif base in ("rh0", "rh4"):
            sl = r.choice((0, 1))
            sub = "+sl%d" % sl
            if base == "rh0":
                eh = s.IPv6ExtHdrRouting(type=0, segleft=sl,
                                         addresses=["2001:db8:9::1"])
            else:
                eh = s.IPv6ExtHdrSegmentRouting(
                    segleft=sl, lastentry=1,
                    addresses=[STACK_GUA, "2001:db8:9::1"])
            ip = s.IPv6(src=src, dst=dst, hlim=hlim, fl=fl) / eh / echo
        elif base.startswith("frag"):
            return self._frag(r, s, base, mut, i, fl, tag)
        if ip is None:
            ip = s.IPv6(src=src, dst=dst, hlim=hlim, fl=fl) / up
        return self._mutate(r, s, base + sub, mut, ip)

    def _frag(self, r, s, base, mut, i, fl, tag):
        echo = s.ICMPv6EchoRequest(id=tag, seq=i >> 16,
                                   data=bytes(range(48)))
        whole = s.IPv6(src=PEER_GUA, dst=STACK_GUA, fl=fl) / echo
        body = bytes(whole[s.ICMPv6EchoRequest])  # 56 bytes, sum set

        def fr(off, m, chunk):
            return bytes(s.Ether(dst=STACK_MAC, src=PEER_MAC) /
                         s.IPv6(src=PEER_GUA, dst=STACK_GUA, fl=fl, nh=44) /
                         s.IPv6ExtHdrFragment(nh=58, offset=off // 8, m=m,
                                              id=0x10000 + i) /
                         s.Raw(chunk))
        if base == "frag-atomic":
            frames = [fr(0, 0, body)]
        elif base == "frag":
            frames = [fr(0, 1, body[:24]), fr(24, 0, body[24:])]
        elif base == "frag-overlap":
            frames = [fr(0, 1, body[:32]), fr(24, 0, body[24:])]
        else:  # tiny: the first fragment has only part of the ICMPv6 header
            frames = [fr(0, 1, body[:0] + body[:8] if r.random() < 0.5
                         else body[:0] + b""),
                      fr(8, 0, body[8:])]
            frames = [f for f in frames]
        if mut == "bytes":
            frames[-1] = self._flip(r, frames[-1])
        elif mut != "valid":
            mut = "valid"
        return "%s/%s" % (base, mut), frames

    def _flip(self, r, b):
        b = bytearray(b)
        for _ in range(r.choice((1, 2, 3))):
            k = r.randrange(14, len(b))
            b[k] ^= 1 << r.randrange(8)
        return bytes(b)

    def _mutate(self, r, s, name, mut, ip):
        if mut == "hlim":
            v = r.choice((0, 1, 254))
            ip.hlim = v if ip.hlim != v else 2
            mut = "hlim%d" % ip.hlim if ip.hlim in (0, 1, 254) else "hlim"
        elif mut == "src-mc":
            ip.src = "ff02::1"
        elif mut == "dst-other":
            ip.dst = r.choice(("2001:db8::99", "ff02::99"))
            mut = "dst-" + ("uc" if ip.dst == "2001:db8::99" else "mc")
        raw = bytearray(bytes(ip))
        if mut == "csum":
            # the last upper-layer checksum: the ICMPv6/UDP one
            off = self._upper(raw)
            if off is None:
                mut = "valid"
            else:
                nh, pos = off
                c = pos + (6 if nh == 17 else 2)
                if c + 2 <= len(raw):
                    raw[c] ^= 0x5a
        elif mut == "code":
            off = self._upper(raw)
            if off and off[0] == 58 and off[1] + 2 <= len(raw):
                raw[off[1] + 1] = r.choice((1, 7))
            else:
                mut = "valid"
        elif mut == "trunc":
            n = r.randrange(0, max(1, len(raw) - 40))
            raw = raw[:40 + n]
            raw[4:6] = struct.pack("!H", n)
        elif mut == "plen-long":
            raw[4:6] = struct.pack("!H", len(raw) - 40 + r.choice((1, 8)))
        elif mut == "plen-short":
            pl = len(raw) - 40
            raw[4:6] = struct.pack("!H", max(0, pl - r.choice((1, 4))))
        elif mut == "bytes":
            raw = bytearray(self._flip(r, b"\0" * 14 + bytes(raw))[14:])
        eth = bytes(s.Ether(dst=eth_dst(ip.dst), src=PEER_MAC,
                            type=0x86dd))
        return "%s/%s" % (name, mut), [eth + bytes(raw)]

    @staticmethod
    def _upper(raw):
        """(next header, offset) of the upper layer, walking extensions."""
        nh, pos = raw[6], 40
        while nh in (0, 43, 60) and pos + 2 <= len(raw):
            nh, pos = raw[pos], pos + 8 * (raw[pos + 1] + 1)
        if nh in (58, 17) and pos < len(raw):
            return nh, pos
        return None


# ---------------------------------------------------------- classifier ---

def classify(frame, i):
    """(label, mine): mine False for an answer to another packet; label
    None for what is ignored (NS, RS, not from the target's MAC)."""
    if len(frame) < 54 or frame[6:12] != bytes.fromhex(
            STACK_MAC.replace(":", "")) or frame[12:14] != b"\x86\xdd":
        return None, False
    ip = frame[14:]
    nh, pos = ip[6], 40
    while nh in (0, 43, 60, 44) and pos + 2 <= len(ip):
        nh, pos = ip[pos], pos + 8 * (ip[pos + 1] + 1) if nh != 44 else pos + 8
    if nh == 17:
        sport, dport = struct.unpack("!HH", ip[pos:pos + 4])
        return "udp-reply", dport == 1024 + (i % 60000)
    if nh != 58 or pos + 4 > len(ip):
        return "other nh%d" % nh, True
    t, c = ip[pos], ip[pos + 1]
    if t in (133, 135):
        return None, False
    if t == 129:
        ident = struct.unpack("!H", ip[pos + 4:pos + 6])[0]
        return "echo-reply", ident == (i & 0xffff)
    if t == 136:
        f = ip[pos + 4]
        return "na(R%dS%dO%d)" % (f >> 7 & 1, f >> 6 & 1, f >> 5 & 1), True
    if t in (131, 143):
        return "mld%d-report" % (1 if t == 131 else 2), True
    if t < 128:
        q = ip[pos + 8:]
        mine = True
        if len(q) >= 4:
            fl = struct.unpack("!I", q[:4])[0] & 0xfffff
            mine = fl == ((i * 7919 + 1) & 0xfffff)
        lab = "err %d/%d" % (t, c)
        if t == 4:
            lab += " p=%d" % struct.unpack("!I", ip[pos + 4:pos + 8])[0]
        return lab, mine
    return "icmp %d/%d" % (t, c), True


class Runner:
    def __init__(self, topo, window):
        ETH_P_ALL = 3
        self.window = window
        self.socks = {}
        for side, ifn in (("kernel", topo.if_pr), ("stack", topo.if_ps)):
            so = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                               socket.htons(ETH_P_ALL))
            so.bind((ifn, 0))
            so.setblocking(False)
            self.socks[side] = so

    def drain(self):
        for so in self.socks.values():
            while True:
                try:
                    so.recv(65535)
                except BlockingIOError:
                    break

    def one(self, i, frames):
        import select
        self.drain()
        for fr in frames:
            for so in self.socks.values():
                so.send(fr)
        got = {"kernel": [], "stack": []}
        fd2side = {so.fileno(): side for side, so in self.socks.items()}
        end = time.monotonic() + self.window
        settle = None
        while True:
            now = time.monotonic()
            lim = end if settle is None else min(end, settle)
            if now >= lim:
                break
            rl, _, _ = select.select(list(self.socks.values()), [], [],
                                     lim - now)
            for so in rl:
                side = fd2side[so.fileno()]
                while True:
                    try:
                        fr, addr = so.recvfrom(65535)
                    except BlockingIOError:
                        break
                    if addr[2] == socket.PACKET_OUTGOING:
                        continue
                    lab, mine = classify(fr, i)
                    if lab and mine:
                        got[side].append(lab)
            if settle is None and got["kernel"] and got["stack"]:
                settle = time.monotonic() + 0.005
        return ("+".join(sorted(got["kernel"])) or "none",
                "+".join(sorted(got["stack"])) or "none")


def prime(runner):
    """Neighbour entries for the peer on both targets (NS with SLLA from
    each of its addresses, then an echo), before the run."""
    s = S()
    for src in (PEER_GUA, PEER_LL):
        for tgt in (STACK_GUA, STACK_LL):
            if (src == PEER_LL) != (tgt == STACK_LL):
                continue
            ns = bytes(s.Ether(dst=eth_dst(sn_mcast(tgt)), src=PEER_MAC)
                       / s.IPv6(src=src, dst=sn_mcast(tgt), hlim=255) /
                       s.ICMPv6ND_NS(tgt=tgt) /
                       s.ICMPv6NDOptSrcLLAddr(lladdr=PEER_MAC))
            er = bytes(s.Ether(dst=STACK_MAC, src=PEER_MAC) /
                       s.IPv6(src=src, dst=tgt) /
                       s.ICMPv6EchoRequest(id=0xffff))
            for so in runner.socks.values():
                so.send(ns)
                so.send(er)
    time.sleep(0.5)


def run(args):
    topo = Topo(args.prefix, args.workdir)
    t0 = time.time()
    try:
        topo.build()
        enter_netns(topo.peer)
        runner = Runner(topo, args.window / 1000.0)
        prime(runner)
        time.sleep(args.settle)
        gen = Gen(args.seed)
        diffs = Counter()
        classes = Counter()
        examples = {}
        for i in range(args.start, args.start + args.count):
            cls, frames = gen.gen(i)
            classes[cls] += 1
            k, st = runner.one(i, frames)
            if k != st:
                key = (cls, k, st)
                diffs[key] += 1
                examples.setdefault(key, (i, frames[-1].hex()))
        alive = topo.stack.poll() is None
    finally:
        if not args.keep:
            os.chdir("/")
            topo.destroy()
    res = {"seed": args.seed, "start": args.start, "count": args.count,
           "window_ms": args.window, "seconds": round(time.time() - t0, 1),
           "classes": len(classes), "stack_alive": alive,
           "differences": sum(diffs.values()),
           "table": [{"class": c, "kernel": k, "stack": s, "count": n,
                      "example_index": examples[(c, k, s)][0],
                      "example_frame": examples[(c, k, s)][1]}
                     for (c, k, s), n in sorted(diffs.items())]}
    return res


def text(res):
    out = ["packets %d (seed %d, from %d), classes %d, differences %d, "
           "%.1f s, stack alive: %s" % (
               res["count"], res["seed"], res["start"], res["classes"],
               res["differences"], res["seconds"], res["stack_alive"]),
           "| class | kernel | stack | count |", "|---|---|---|---|"]
    for row in res["table"]:
        out.append("| %s | %s | %s | %d |" % (row["class"], row["kernel"],
                                            row["stack"], row["count"]))
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--window", type=float, default=30, help="ms")
    ap.add_argument("--settle", type=float, default=2.0,
                    help="s to wait after setup (unsolicited MLD reports)")
    ap.add_argument("--prefix", default="v6df")
    ap.add_argument("--workdir", default="/tmp")
    ap.add_argument("--json")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args(argv)
    res = run(args)
    print(text(res))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)
    return 0 if res["stack_alive"] else 1


if __name__ == "__main__":
    sys.exit(main())
