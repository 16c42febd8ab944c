"""Helpers for the scenario tests: namespaces, the stack process, the
in-namespace frame agent, ping/ndisc6/tcpdump wrappers, and frame builders.

Everything runs as root. Only namespaces and interfaces named v6s* are
touched:

  veth (backends packet, pcap)              tap (backend tap)
  +------------ v6s-stk ------+             +--------- v6s-tap -----------+
  | v6stack -b packet|pcap    |             | v6stack -b tap -i v6s-tap0  |
  |   on v6s0 (disable_ipv6)  |             |   creates v6s-tap0; the     |
  +------------|--------------+             |   kernel on it is the peer  |
               | veth                       |   (2001:db8::2)             |
  +------------|--------------+             +-----------------------------+
  | v6s1: kernel 2001:db8::2  |
  +--------- v6s-peer --------+
"""
import json
import os
import re
import signal
import socket
import struct
import subprocess
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("V6STACK", os.path.join(REPO, "build", "v6stack"))
PY = "/usr/bin/python3"  # the interpreter with scapy; not the one on PATH
AGENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ndagent.py")

NS_STK, NS_PEER, NS_TAP = "v6s-stk", "v6s-peer", "v6s-tap"
ALL_NS = (NS_STK, NS_PEER, NS_TAP)
IF_STK, IF_PEER, IF_TAP = "v6s0", "v6s1", "v6s-tap0"

STACK_MAC = "02:00:00:00:aa:01"
STACK_LL = "fe80::ff:fe00:aa01"  # modified EUI-64 of STACK_MAC
STACK_GUA = "2001:db8::1"
PEER_GUA = "2001:db8::2"
BACKENDS = ("packet", "pcap", "tap")


class CmdError(AssertionError):
    pass


def sh(cmd, ns=None, timeout=30, check=True, input=None):
    """Run argv (optionally inside netns ns); return CompletedProcess (text)."""
    if ns:
        cmd = ["ip", "netns", "exec", ns] + list(cmd)
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=timeout, input=input)
    except subprocess.TimeoutExpired as e:
        dec = lambda b: b.decode(errors="replace") if isinstance(
            b, bytes) else b
        raise CmdError("timeout after %ss: %s\nstdout: %s\nstderr: %s" % (
            timeout, " ".join(cmd), dec(e.stdout), dec(e.stderr)))
    if check and p.returncode != 0:
        raise CmdError("exit %d: %s\nstdout: %s\nstderr: %s" % (
            p.returncode, " ".join(cmd), p.stdout, p.stderr))
    return p


def wait_for(pred, timeout, what, interval=0.05):
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %.1fs waiting for %s" % (
                timeout, what))
        time.sleep(interval)


# ---------------------------------------------------------------- netns ---

def netns_list():
    out = sh(["ip", "netns", "list"]).stdout
    return [l.split()[0] for l in out.splitlines() if l.strip()]


def netns_destroy(ns):
    """Kill whatever still runs in ns (ours: leftovers of a crashed run) by
    pid, then delete it."""
    if ns not in netns_list():
        return
    pids = sh(["ip", "netns", "pids", ns], check=False).stdout.split()
    for pid in pids:
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (ProcessLookupError, ValueError):
            pass
    for _ in range(50):
        if sh(["ip", "netns", "del", ns], check=False).returncode == 0:
            break
        time.sleep(0.1)


def sysctl(ns, key, value):
    sh(["sysctl", "-q", "-w", "%s=%s" % (key, value)], ns=ns)


def ll_addrs(ns, ifname, tentative=False):
    """The kernel's link-local addresses on ifname (non-tentative only unless
    tentative=True)."""
    p = sh(["ip", "-6", "-o", "addr", "show", "dev", ifname, "scope", "link"],
           ns=ns, check=False)
    res = []
    for line in p.stdout.splitlines():
        m = re.search(r"inet6 (fe80::[0-9a-f:]+)/", line)
        if m and (tentative or "tentative" not in line):
            res.append(m.group(1))
    return res


def wait_kernel_ll(ns, ifname, timeout=10):
    """Wait until the kernel's link-local on ifname has left tentative."""
    return wait_for(lambda: ll_addrs(ns, ifname), timeout,
                    "kernel link-local on %s/%s to leave tentative" % (
                        ns, ifname))[0]


def link_exists(ns, ifname):
    return sh(["ip", "link", "show", "dev", ifname], ns=ns,
              check=False).returncode == 0


def make_veth_topology():
    for ns in (NS_STK, NS_PEER):
        netns_destroy(ns)
        sh(["ip", "netns", "add", ns])
        sh(["ip", "-n", ns, "link", "set", "lo", "up"])
    sh(["ip", "link", "add", IF_STK, "netns", NS_STK, "type", "veth",
        "peer", "name", IF_PEER, "netns", NS_PEER])
    # The stack owns v6s0: the kernel must not answer there too.
    sysctl(NS_STK, "net.ipv6.conf.%s.disable_ipv6" % IF_STK, 1)
    sh(["ip", "-n", NS_STK, "link", "set", IF_STK, "up"])
    sh(["ip", "-n", NS_PEER, "link", "set", IF_PEER, "up"])
    sh(["ip", "-n", NS_PEER, "addr", "add", PEER_GUA + "/64", "dev",
        IF_PEER, "nodad"])
    return wait_kernel_ll(NS_PEER, IF_PEER)


def make_tap_ns():
    netns_destroy(NS_TAP)
    sh(["ip", "netns", "add", NS_TAP])
    sh(["ip", "-n", NS_TAP, "link", "set", "lo", "up"])


# ---------------------------------------------------------------- stack ---

# nstat-like: "#v6stack" header, then "Name   value" (aligned)
COUNTER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_.]*)\s+(\d+)\s*$")


class Stack:
    """One run of build/v6stack for a backend, with stdout/stderr in files.

    .ns/.ifname: where the stack runs; .peer_ns/.peer_if: the kernel peer.
    After stop(): .returncode, .counters (dict name -> int), .stdout.
    """

    def __init__(self, backend, workdir, sets=(), extra=(), mac=STACK_MAC,
                 addrs=(STACK_GUA + "/64",), dad=False, verbose=True,
                 pre_args=()):
        self.backend = backend
        self.workdir = workdir
        self.mac = mac
        self.gua = STACK_GUA
        self.ll = STACK_LL
        if backend == "tap":
            self.ns = self.peer_ns = NS_TAP
            self.ifname = self.peer_if = IF_TAP
        else:
            self.ns, self.ifname = NS_STK, IF_STK
            self.peer_ns, self.peer_if = NS_PEER, IF_PEER
        args = [BINARY, "run"]
        if verbose:
            args.append("-v")
        args += list(pre_args)
        if not dad:
            args += ["--set", "conf.%s.accept_dad=0" % self.ifname]
        for s in sets:
            args += ["--set", s.replace("IFACE", self.ifname)]
        args += ["-i", self.ifname, "-b", backend, "-m", mac]
        for a in addrs:
            args += ["-a", a]
        args += list(extra)
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

    # -- lifecycle --
    def start(self, timeout=10):
        if not os.path.exists(BINARY):
            raise AssertionError("no binary at %s (make -C %s build/v6stack)"
                                 % (BINARY, REPO))
        if self.backend == "pcap":
            # libpcap sees the peer's frames before the kernel completes
            # CHECKSUM_PARTIAL sums: have the peer compute them.
            sh(["ethtool", "-K", self.peer_if, "tx", "off"], ns=self.peer_ns)
        elif self.backend == "packet":
            sh(["ethtool", "-K", self.peer_if, "tx", "on"], ns=self.peer_ns)
        self._out = open(self.out_path, "w")
        self._err = open(self.err_path, "w")
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.ns] + self.argv,
            stdout=self._out, stderr=self._err, stdin=subprocess.DEVNULL)
        try:
            wait_for(self._ready_or_dead, timeout, "stack to print 'ready'")
            if self.proc.poll() is not None:
                raise AssertionError(
                    "stack exited %d before 'ready'\nargv: %s\n%s" % (
                        self.proc.returncode, " ".join(self.argv),
                        self.logs()))
            if self.backend == "tap":
                wait_for(lambda: link_exists(self.ns, self.ifname), 5,
                         "tap device %s" % self.ifname)
                self.peer_ll = wait_kernel_ll(self.ns, self.ifname)
                sh(["ip", "-n", self.ns, "addr", "replace", PEER_GUA + "/64",
                    "dev", self.ifname, "nodad"])
            else:
                self.peer_ll = wait_kernel_ll(self.peer_ns, self.peer_if)
        except BaseException:
            self.stop()
            raise
        return self

    def _ready_or_dead(self):
        if self.proc.poll() is not None:
            return True
        return "ready" in self.stdout_lines()

    def stop(self, sig=signal.SIGTERM):
        """Stop (sig, then SIGKILL after 5 s); parse the counters."""
        if self.proc is None:
            return self.counters
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.returncode = self.proc.returncode
        self._out.close()
        self._err.close()
        self.proc = None
        lines = self.stdout_lines()
        after = lines[lines.index("ready") + 1:] if "ready" in lines else []
        self.counters = {}
        for l in after:
            m = COUNTER_RE.match(l)
            if m:
                self.counters[m.group(1)] = int(m.group(2))
        return self.counters

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    # -- output --
    def stdout_lines(self):
        with open(self.out_path) as f:
            return [l.rstrip("\n") for l in f]

    def stderr_text(self):
        with open(self.err_path) as f:
            return f.read()

    def logs(self, tail=60):
        err = self.stderr_text().splitlines()[-tail:]
        return "stack stdout:\n%s\nstack stderr (tail):\n%s" % (
            "\n".join(self.stdout_lines()), "\n".join(err))

    def drops(self):
        return {k: v for k, v in (self.counters or {}).items()
                if k.startswith("drop.")}

    # -- peer-side tools --
    def ll_scoped(self):
        return "%s%%%s" % (self.ll, self.peer_if)

    def peer(self, cmd, timeout=60, check=False):
        return sh(cmd, ns=self.peer_ns, timeout=timeout, check=check)

    def ping(self, dst, count=3, size=None, interval="0.2", extra=(),
             timeout=60):
        cmd = ["ping", "-n", "-c", str(count), "-W", "2", "-I", self.peer_if]
        if interval is not None:
            cmd += ["-i", interval]
        if size is not None:
            cmd += ["-s", str(size)]
        cmd += list(extra) + [dst]
        return self.peer(cmd, timeout=timeout)

    def ndisc6(self, addr):
        return self.peer(["ndisc6", "-n", "-r", "1", addr, self.peer_if],
                         timeout=15)

    def neigh(self):
        return self.peer(["ip", "-6", "neigh", "show", "dev", self.peer_if],
                         check=True).stdout

    def neigh_flush(self):
        self.peer(["ip", "-6", "neigh", "flush", "dev", self.peer_if])


def ping_stats(out):
    """(transmitted, received, loss_percent) from ping's summary."""
    m = re.search(r"(\d+) packets transmitted, (\d+) received.*?"
                  r"([\d.]+)% packet loss", out)
    assert m, "no ping summary in:\n" + out
    return int(m.group(1)), int(m.group(2)), float(m.group(3))


# --------------------------------------------------------------- agent ---

class Agent:
    """ndagent.py running in a namespace: sends raw frames on an interface
    and returns the IPv6 frames from a given MAC seen in a time window."""

    def __init__(self, ns, ifname, from_mac):
        # started at first use: in tap mode the device exists only while
        # the stack runs
        self.ns, self.ifname, self.from_mac = ns, ifname, from_mac
        self.p = None

    def _start(self):
        self.p = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, PY, AGENT, self.ifname],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        hello = self._readline(10)
        assert hello.get("ok"), hello

    def _readline(self, timeout):
        import select
        r, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not r:
            raise AssertionError("ndagent did not answer in %ss" % timeout)
        line = self.p.stdout.readline()
        if not line:
            raise AssertionError("ndagent died (exit %s)" % self.p.poll())
        return json.loads(line)

    def xact(self, frames, window, stop_icmp6_type=None):
        """Send frames (bytes), listen window seconds (or until an ICMPv6
        message of stop_icmp6_type from from_mac); return [(t, bytes)]."""
        if self.p is None:
            self._start()
        req = {"send": [f.hex() for f in frames], "window": window,
               "from_mac": self.from_mac, "stop_type": stop_icmp6_type}
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        rep = self._readline(window + 10)
        assert "rx" in rep, rep
        return [(t, bytes.fromhex(h)) for t, h in rep["rx"]]

    def close(self):
        if self.p is not None and self.p.poll() is None:
            try:
                self.p.stdin.close()
                self.p.wait(3)
            except Exception:
                self.p.kill()
                self.p.wait()


# -------------------------------------------------------------- capture ---

class Capture:
    """tcpdump -w in a namespace, packet-buffered; stop() returns the path."""

    def __init__(self, ns, ifname, path, filt="icmp6"):
        self.path = path
        self.errpath = path + ".err"
        self._err = open(self.errpath, "w")
        self.p = subprocess.Popen(
            ["ip", "netns", "exec", ns, "tcpdump", "-i", ifname, "-n", "-U",
             "--immediate-mode", "-w", path, filt],
            stdout=subprocess.DEVNULL, stderr=self._err)

        def listening():
            if self.p.poll() is not None:
                raise AssertionError("tcpdump exited: " + open(
                    self.errpath).read())
            return "listening on" in open(self.errpath).read()
        wait_for(listening, 10, "tcpdump to listen")

    def stop(self):
        time.sleep(0.3)
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGINT)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self._err.close()
        return self.path


# -------------------------------------------------------------- frames ---

def mac_bytes(mac):
    return bytes(int(x, 16) for x in mac.split(":"))


def mac_str(b):
    return ":".join("%02x" % x for x in b)


def ip6(a):
    return socket.inet_pton(socket.AF_INET6, a)


def ip6_str(b):
    return socket.inet_ntop(socket.AF_INET6, b)


def snma(addr):
    """Solicited-node multicast address of addr (bytes)."""
    return b"\xff\x02" + b"\x00" * 9 + b"\x01\xff" + ip6(addr)[13:]


def mcast_mac(addr_b):
    return b"\x33\x33" + addr_b[12:]


def csum16(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def icmp6_csum(src_b, dst_b, msg):
    """The ICMPv6 checksum of msg (checksum field zeroed by the caller)."""
    pseudo = src_b + dst_b + struct.pack("!IxxxB", len(msg), 58)
    return (~csum16(pseudo + msg)) & 0xFFFF


def icmp6_csum_ok(src_b, dst_b, msg):
    pseudo = src_b + dst_b + struct.pack("!IxxxB", len(msg), 58)
    return csum16(pseudo + msg) == 0xFFFF


def frame(eth_dst, eth_src, src, dst, icmp, hlim=255, fix_csum=True,
          csum_xor=0):
    """Ethernet + IPv6 + ICMPv6 message icmp (bytes; checksum at [2:4] is
    computed unless fix_csum=False, then XORed with csum_xor)."""
    src_b, dst_b = (ip6(src) if isinstance(src, str) else src,
                    ip6(dst) if isinstance(dst, str) else dst)
    icmp = bytearray(icmp)
    if fix_csum:
        icmp[2:4] = b"\x00\x00"
        c = icmp6_csum(src_b, dst_b, bytes(icmp)) ^ csum_xor
        icmp[2:4] = struct.pack("!H", c)
    ip = struct.pack("!IHBB", 6 << 28, len(icmp), 58, hlim) + src_b + dst_b
    eth = (eth_dst if isinstance(eth_dst, bytes) else mac_bytes(eth_dst)) + \
        (eth_src if isinstance(eth_src, bytes) else mac_bytes(eth_src)) + \
        b"\x86\xdd"
    return eth + ip + bytes(icmp)


def ns_msg(target, code=0, opts=b""):
    tgt = ip6(target) if isinstance(target, str) else target
    return struct.pack("!BBHI", 135, code, 0, 0) + tgt + opts


def opt_slla(mac):
    return b"\x01\x01" + mac_bytes(mac)


def parse_icmp6(fr):
    """Frame -> dict with eth/ip/icmp fields, or None if not plain
    IPv6+ICMPv6."""
    if len(fr) < 14 + 40 + 4 or fr[12:14] != b"\x86\xdd":
        return None
    ip = fr[14:54]
    plen = struct.unpack("!H", ip[4:6])[0]
    if ip[6] != 58:
        return None
    msg = fr[54:54 + plen]
    return {"eth_dst": mac_str(fr[0:6]), "eth_src": mac_str(fr[6:12]),
            "src": ip6_str(ip[8:24]), "dst": ip6_str(ip[24:40]),
            "hlim": ip[7], "plen": plen, "type": msg[0], "code": msg[1],
            "csum_ok": icmp6_csum_ok(ip[8:24], ip[24:40], msg), "msg": msg}


def parse_nd_opts(b):
    """[(type, len_units, data)]; raises on a malformed list."""
    opts = []
    while b:
        assert len(b) >= 2 and b[1] != 0, "malformed ND options %s" % b.hex()
        n = b[1] * 8
        assert len(b) >= n, "truncated ND option %s" % b.hex()
        opts.append((b[0], b[1], b[2:n]))
        b = b[n:]
    return opts


def parse_na(p):
    """NA fields of a parse_icmp6() dict with type 136."""
    m = p["msg"]
    assert len(m) >= 24, "NA shorter than 24 octets: %s" % m.hex()
    flags = m[4]
    return {"R": bool(flags & 0x80), "S": bool(flags & 0x40),
            "O": bool(flags & 0x20), "target": ip6_str(m[8:24]),
            "opts": parse_nd_opts(m[24:])}


def describe(p):
    if p is None:
        return "<non-ICMPv6>"
    s = "%s > %s %s > %s hlim %d icmp6 type %d code %d csum %s" % (
        p["eth_src"], p["eth_dst"], p["src"], p["dst"], p["hlim"], p["type"],
        p["code"], "ok" if p["csum_ok"] else "BAD")
    if p["type"] in (135, 136) and len(p["msg"]) >= 24:
        s += " target %s" % ip6_str(p["msg"][8:24])
        if p["type"] == 136:
            s += " flags %02x" % p["msg"][4]
        try:
            s += " opts %s" % [(t, l, d.hex()) for t, l, d in
                               parse_nd_opts(p["msg"][24:])]
        except AssertionError as e:
            s += " " + str(e)
    return s
