# SPDX-License-Identifier: BSD-2-Clause
"""The scenario tests' one toolkit (see README.md): processes, network
namespaces and links, the topologies built from them, the v6stack process,
the peer agent (peer.py), captures, radvd, and frame builders and readers.

Everything runs as root. Only namespaces and interfaces whose names start
with a topology's prefix (v6s, v6e, v6m, v6r, v6x) are touched.

Topologies are values, not modules: a Net names its namespaces and links
from a prefix, and build() makes them; add_host() puts more kernel hosts
behind the peer. The ones the tests use:

  Net (prefix P)                                 TapNet (v6s-tap)
  +----- P-stk -----+   veth   +--- P-peer ---+   +------ v6s-tap ------+
  | v6stack on P0   |----------| P1: kernel   |   | v6stack -b tap      |
  | (disable_ipv6)  |          | peer_gua/64  |   |  creates v6s-tap0;  |
  +-----------------+          +------|-------+   |  the kernel on it is|
                    add_host("far")   | P2        |  the peer           |
                               +------|-------+   +---------------------+
                               | P3: P-far    |
                               +--------------+
"""
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import time

from peer import icmp6_type, udp_sport  # noqa: F401 (also for tests)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
BINARY = os.environ.get("V6STACK", os.path.join(REPO, "build", "v6stack"))
PY = "/usr/bin/python3"  # the interpreter with scapy; not the one on PATH
PEER_AGENT = os.path.join(HERE, "peer.py")

STACK_GUA = "2001:db8::1"
PEER_GUA = "2001:db8::2"
BACKENDS = ("packet", "pcap", "tap")
ECHO_PORT, CLOSED_PORT = 7, 9
PREFIXES = set()  # of every Net made: conftest.py clears their leftovers


# ------------------------------------------------------------ processes ---

class CmdError(AssertionError):
    pass


def sh(cmd, ns=None, timeout=30, check=True, input=None):
    """Run argv (optionally inside netns ns); return a CompletedProcess
    (text)."""
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


def stop_process(p, sig=signal.SIGTERM, wait=5):
    """Signal p, then SIGKILL it if it has not exited within wait s."""
    if p.poll() is None:
        p.send_signal(sig)
        try:
            p.wait(wait)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(wait)
    return p.returncode


# ----------------------------------------------------- namespaces, links ---

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


def netns_add(ns):
    """A fresh namespace ns (a leftover of that name is destroyed first)
    with its loopback up."""
    netns_destroy(ns)
    sh(["ip", "netns", "add", ns])
    sh(["ip", "-n", ns, "link", "set", "lo", "up"])


def sysctl(ns, key, value):
    sh(["sysctl", "-q", "-w", "%s=%s" % (key, value)], ns=ns)


def veth(ns_a, if_a, ns_b, if_b):
    """A veth pair: if_a in ns_a, if_b in ns_b (both down)."""
    sh(["ip", "link", "add", if_a, "netns", ns_a, "type", "veth", "peer",
        "name", if_b, "netns", ns_b])


def bridge(ns, name, ports=()):
    """A Linux bridge in ns with ports (interfaces of ns), all up. A link
    with many hosts: veth each host to a port."""
    sh(["ip", "-n", ns, "link", "add", name, "type", "bridge"])
    for p in ports:
        sh(["ip", "-n", ns, "link", "set", p, "master", name, "up"])
    sh(["ip", "-n", ns, "link", "set", name, "up"])


def stack_side(ns, ifname):
    """ifname up for the stack: the kernel must not answer there too."""
    sysctl(ns, "net.ipv6.conf.%s.disable_ipv6" % ifname, 1)
    sh(["ip", "-n", ns, "link", "set", ifname, "up"])


def kernel_side(ns, ifname, addrs=(), dad=True):
    """ifname up as a kernel host with addrs ("a/len", added nodad); with
    dad=False its link-local need not wait for DAD either."""
    if not dad:
        sysctl(ns, "net.ipv6.conf.%s.accept_dad" % ifname, 0)
    sh(["ip", "-n", ns, "link", "set", ifname, "up"])
    for a in addrs:
        sh(["ip", "-n", ns, "addr", "add", a, "dev", ifname, "nodad"])


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


def link_mac(ns, ifname):
    out = sh(["ip", "-n", ns, "-o", "link", "show", "dev", ifname]).stdout
    return re.search(r"link/ether ([0-9a-f:]+)", out).group(1)


def eui64_ll(mac):
    """fe80:: + the modified EUI-64 of mac (RFC 4291 2.5.1)."""
    b = mac_bytes(mac)
    iid = bytes([b[0] ^ 2]) + b[1:3] + b"\xff\xfe" + b[3:]
    return ip6_str(b"\xfe\x80" + b"\x00" * 6 + iid)


# ---------------------------------------------------------- topologies ---

class Net:
    """A stack's link to one kernel peer over veth, named from prefix P:
    namespaces P-stk and P-peer, interfaces P0 (the stack's, kernel IPv6
    off) and P1 (the kernel peer's, peer_gua/64), and kernel hosts added
    behind the peer (add_host). build() makes it (whatever of that name is
    left is destroyed first) and returns .info: {"peer_mac", "peer_ll", and
    each host's "<name>_mac" and "<name>p_mac"}.

    peer_dad=False: the peer's link-local skips DAD (nobody else is there);
    forwarding=True: the peer routes (a kernel router for the stack).
    udp_echo: the --udp-echo ports of every stack started on this net;
    stack_addrs: its -a addresses (default stack_gua/64).
    """

    def __init__(self, prefix, stack_mac, stack_gua=STACK_GUA,
                 peer_gua=PEER_GUA, peer_dad=True, forwarding=False,
                 udp_echo=(), stack_addrs=None):
        self.prefix = prefix
        PREFIXES.add(prefix)
        self.stk_ns, self.peer_ns = prefix + "-stk", prefix + "-peer"
        self.stk_if, self.peer_if = prefix + "0", prefix + "1"
        self.stack_mac, self.stack_ll = stack_mac, eui64_ll(stack_mac)
        self.stack_gua, self.peer_gua = stack_gua, peer_gua
        self.peer_dad, self.forwarding = peer_dad, forwarding
        self.udp_echo = tuple(udp_echo)
        self.stack_addrs = tuple(stack_addrs if stack_addrs is not None
                                 else (stack_gua + "/64",))
        self.hosts = {}
        self.info = {}

    def namespaces(self):
        return [self.stk_ns, self.peer_ns] + [
            h["ns"] for h in self.hosts.values()]

    def build(self):
        self.destroy()
        for ns in (self.stk_ns, self.peer_ns):
            netns_add(ns)
        veth(self.stk_ns, self.stk_if, self.peer_ns, self.peer_if)
        stack_side(self.stk_ns, self.stk_if)
        if self.forwarding:
            sysctl(self.peer_ns, "net.ipv6.conf.all.forwarding", 1)
        kernel_side(self.peer_ns, self.peer_if, [self.peer_gua + "/64"],
                    dad=self.peer_dad)
        self.info.clear()
        self.info["peer_ll"] = wait_kernel_ll(self.peer_ns, self.peer_if)
        self.info["peer_mac"] = link_mac(self.peer_ns, self.peer_if)
        return self.info

    def add_host(self, name, near_addr, far_addr, dad=True,
                 default_route=False):
        """A kernel host in P-<name>, behind the peer on a link of its own:
        P<2k> on the peer (near_addr/64) to P<2k+1> in the host
        (far_addr/64), k = 1, 2, ... in order of addition; default_route:
        the host routes everything via the peer. Returns the host's
        {"ns", "if", "near_if", "addr", "near_addr"}."""
        k = len(self.hosts) + 1
        h = {"ns": "%s-%s" % (self.prefix, name),
             "near_if": "%s%d" % (self.prefix, 2 * k),
             "if": "%s%d" % (self.prefix, 2 * k + 1),
             "addr": far_addr, "near_addr": near_addr}
        self.hosts[name] = h
        netns_add(h["ns"])
        veth(self.peer_ns, h["near_if"], h["ns"], h["if"])
        kernel_side(self.peer_ns, h["near_if"], [near_addr + "/64"], dad=dad)
        kernel_side(h["ns"], h["if"], [far_addr + "/64"], dad=dad)
        if default_route:
            sh(["ip", "-n", h["ns"], "-6", "route", "add", "default", "via",
                near_addr])
        self.info[name + "_mac"] = link_mac(h["ns"], h["if"])
        self.info[name + "p_mac"] = link_mac(self.peer_ns, h["near_if"])
        return h

    def destroy(self):
        for ns in self.namespaces():
            netns_destroy(ns)
        self.hosts.clear()

    # -- the peer agent, one request --
    def peer(self, req, ns=None, timeout=60):
        """Run peer.py once in ns (default the peer's namespace) with
        request req (see peer.py; iface defaults to the peer's interface,
        from_mac to the stack's; MLD messages skipped, a 0.05 s tail);
        return its answer, frames as bytes."""
        req = dict(req)
        req.setdefault("iface", self.peer_if)
        req.setdefault("from_mac", self.stack_mac)
        req.setdefault("skip_mld", True)
        req.setdefault("tail", 0.05)
        p = sh([PY, PEER_AGENT], ns=ns or self.peer_ns, timeout=timeout,
               input=json.dumps(req) + "\n")
        rep = json.loads(p.stdout.splitlines()[-1])
        for k in ("rx", "out"):
            rep[k] = [(t, bytes.fromhex(h)) for t, h in rep.get(k, [])]
        return rep

    def peer_send(self, frames_hex, timeout=120):
        """Send raw frames (hex strings) from the peer, back to back."""
        self.peer({"send": list(frames_hex), "window": 0, "linger": 0,
                   "tail": 0}, timeout=timeout)

    def agent(self):
        """A long-running agent on the peer's interface (Agent)."""
        return Agent(self.peer_ns, self.peer_if, self.stack_mac)

    def radvd(self, workdir, body):
        """radvd on the peer's interface (Radvd; body: radvd_body())."""
        return Radvd(workdir, body, self.peer_ns, self.peer_if)

    # -- frames from the peer to the stack (scapy) --
    def eth(self, dst=None, src=None):
        S = scapy()
        return S.Ether(dst=dst or self.stack_mac,
                       src=src or self.info["peer_mac"], type=0x86DD)

    def udp_frame(self, dport, data, src=None, dst=None, sport=40000,
                  chksum=None, eth_dst=None, hlim=64, eth_src=None):
        """Ethernet/IPv6/UDP bytes; chksum None: computed by scapy."""
        S = scapy()
        u = S.UDP(sport=sport, dport=dport)
        if chksum is not None:
            u.chksum = chksum
        return bytes(self.eth(eth_dst, eth_src) /
                     S.IPv6(src=src or self.peer_gua,
                            dst=dst or self.stack_gua, hlim=hlim) /
                     u / S.Raw(data))

    def nh_frame(self, nh, data, src=None, dst=None, eth_dst=None, hlim=64,
                 eth_src=None):
        """Ethernet/IPv6 with Next Header nh and data as its payload."""
        S = scapy()
        return bytes(self.eth(eth_dst, eth_src) /
                     S.IPv6(src=src or self.peer_gua,
                            dst=dst or self.stack_gua, nh=nh, hlim=hlim) /
                     S.Raw(data))

    def icmp_frame(self, icmp, src=None, dst=None, eth_dst=None, hlim=64):
        """Ethernet/IPv6/ICMPv6 with the checksum computed (icmp: a scapy
        ICMPv6 layer with its payload)."""
        S = scapy()
        return bytes(self.eth(eth_dst) /
                     S.IPv6(src=src or self.peer_gua,
                            dst=dst or self.stack_gua, hlim=hlim) / icmp)


class BridgeNet(Net):
    """The stack (P-stk), the kernel peer that pings it (P-peer) and the
    attacker (P-atk), each on its own port of a bridge (P-br), as on a
    switch: the flood does not share the pinger's queue."""

    def __init__(self, prefix, stack_mac):
        super().__init__(prefix, stack_mac, peer_dad=False)
        self.atk_ns, self.br_ns = prefix + "-atk", prefix + "-br"
        self.atk_if = prefix + "2"
        self.atk_gua = "2001:db8::66"

    def namespaces(self):
        return [self.stk_ns, self.peer_ns, self.atk_ns, self.br_ns]

    def build(self):
        self.destroy()
        for ns in self.namespaces():
            netns_add(ns)
        sysctl(self.br_ns, "net.ipv6.conf.default.disable_ipv6", 1)
        ports = []
        for i, (ns, ifname) in enumerate(((self.stk_ns, self.stk_if),
                                          (self.peer_ns, self.peer_if),
                                          (self.atk_ns, self.atk_if))):
            veth(ns, ifname, self.br_ns, "%sb%d" % (self.prefix, i))
            ports.append("%sb%d" % (self.prefix, i))
        bridge(self.br_ns, self.prefix + "br", ports)
        sh(["ip", "-n", self.br_ns, "link", "set", self.prefix + "br",
            "type", "bridge", "mcast_snooping", "0"])
        stack_side(self.stk_ns, self.stk_if)
        # The pinger measures the stack: it takes no Router Advertisements,
        # so that an RA flood (flood_router26) costs its kernel no cycles
        # and no routes (Linux itself is the target of that attack).
        sysctl(self.peer_ns, "net.ipv6.conf.%s.accept_ra" % self.peer_if, 0)
        kernel_side(self.peer_ns, self.peer_if, [self.peer_gua + "/64"],
                    dad=False)
        # the attacker is a kernel host too (the tools want an address)
        kernel_side(self.atk_ns, self.atk_if, [self.atk_gua + "/64"],
                    dad=False)
        self.info.clear()
        self.info["peer_ll"] = wait_kernel_ll(self.peer_ns, self.peer_if)
        self.info["peer_mac"] = link_mac(self.peer_ns, self.peer_if)
        wait_kernel_ll(self.atk_ns, self.atk_if)
        return self.info


class TapNet(Net):
    """The tap backend's link: namespace v6s-tap, where the stack creates
    v6s-tap0 and the kernel on it is the peer (so stack and peer share the
    namespace and the interface name)."""

    def __init__(self, prefix, stack_mac, **kw):
        super().__init__(prefix, stack_mac, **kw)
        self.stk_ns = self.peer_ns = prefix + "-tap"
        self.stk_if = self.peer_if = prefix + "-tap0"

    def namespaces(self):
        return [self.stk_ns]

    def build(self):
        netns_add(self.stk_ns)
        self.info.clear()
        return self.info


# --------------------------------------------------------------- stack ---

# nstat-like: "#v6stack" header, then "Name   value" (aligned)
COUNTER_RE = re.compile(r"^([A-Za-z][A-Za-z0-9_.]*)\s+(\d+)\s*$")


class Stack:
    """One run of build/v6stack on net's stack interface, with stdout and
    stderr in files of workdir.

    .ns/.ifname: where the stack runs; .peer_ns/.peer_if: the kernel peer.
    sets: --set KEY=VALUE, IFACE in KEY replaced by the interface name;
    accept_dad=0 first unless dad=True. addrs (-a), udp_echo (--udp-echo):
    default the net's. After stop(): .returncode, .counters (dict name -> int).
    """

    def __init__(self, net, workdir, backend="packet", sets=(), extra=(),
                 mac=None, addrs=None, dad=False, verbose=True, pre_args=(),
                 udp_echo=None):
        self.net = net
        self.backend = backend
        self.workdir = workdir
        self.mac = mac or net.stack_mac
        self.gua, self.ll = net.stack_gua, net.stack_ll
        self.ns, self.ifname = net.stk_ns, net.stk_if
        self.peer_ns, self.peer_if = net.peer_ns, net.peer_if
        if addrs is None:
            addrs = net.stack_addrs
        args = [BINARY, "run"]
        if verbose:
            args.append("-v")
        args += list(pre_args)
        if not dad:
            args += ["--set", "conf.%s.accept_dad=0" % self.ifname]
        for s in sets:
            args += ["--set", s.replace("IFACE", self.ifname)]
        for p in (net.udp_echo if udp_echo is None else udp_echo):
            args += ["--udp-echo", str(p)]
        args += ["-i", self.ifname, "-b", backend, "-m", self.mac]
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
                sh(["ip", "-n", self.ns, "addr", "replace",
                    self.net.peer_gua + "/64", "dev", self.ifname, "nodad"])
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
        self.returncode = stop_process(self.proc, sig)
        self._out.close()
        self._err.close()
        self.proc = None
        lines = self.stdout_lines()
        after = lines[lines.index("ready") + 1:] if "ready" in lines else []
        self.counters = {}
        for l in after:
            m = COUNTER_RE.match(l.strip())
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
        """The drop.* counters printed at exit (after stop())."""
        return {k: v for k, v in (self.counters or {}).items()
                if k.startswith("drop.")}

    def addr_states(self):
        """{address: last state} from the event log (-v)."""
        res = {}
        for a, state in re.findall(r"^addr %s (\S+) (\w+)" % self.ifname,
                                   self.stderr_text(), re.M):
            res[a] = state
        return res

    # -- the control socket, while it runs --
    def cli(self, *args, timeout=60, check=True):
        return sh([BINARY] + list(args), ns=self.ns, timeout=timeout,
                  check=check)

    def show(self, what):
        """`v6stack show WHAT` (words, e.g. "addr -l") for this stack."""
        return self.cli(*(["show"] + what.split() + ["-i", self.ifname])
                        ).stdout

    def v6ping(self, dst, count=3, interval="0.2", size=None, extra=(),
               timeout=60, check=False):
        # -I names our stack's socket (others may run on this machine)
        cmd = ["ping", "-I", self.ifname, "-c", str(count), "-i", interval]
        if size is not None:
            cmd += ["-s", str(size)]
        return self.cli(*(cmd + list(extra) + [dst]), timeout=timeout,
                        check=check)

    def show_neigh(self):
        """{addr: (lladdr or None, STATE)} from `v6stack show neigh`."""
        res = {}
        for line in self.show("neigh").splitlines():
            f = line.split()
            if not f:
                continue
            ll = f[f.index("lladdr") + 1] if "lladdr" in f else None
            res[f[0]] = (ll, f[-1])
        return res

    def stats(self):
        """The counters now (`v6stack stats`)."""
        out = self.cli("stats", "-i", self.ifname).stdout
        c = {}
        for line in out.splitlines():
            m = re.match(r"^([A-Za-z][A-Za-z0-9_.]*)\s+(\d+)", line)
            if m:
                c[m.group(1)] = int(m.group(2))
        return c

    def link_stats(self):
        """The first link's own counters (`v6stack show link`):
        {"rx_frames", "rx_batches", "rx_dropped", "rx_truncated",
        "rx_csum_done", "tx_frames", "tx_batches", "tx_errors"}."""
        lines = self.show("link").splitlines()
        rx = [int(x) for x in lines[3].split()]
        tx = [int(x) for x in lines[5].split()]
        return dict(zip(("rx_frames", "rx_batches", "rx_dropped",
                         "rx_truncated", "rx_csum_done"), rx),
                    **dict(zip(("tx_frames", "tx_batches", "tx_errors"), tx)))

    def drops_now(self):
        """The drop reasons now (`v6stack show drops`): {REASON: n}."""
        c = {}
        for line in self.show("drops").splitlines():
            m = re.match(r"^([A-Z][A-Z0-9_]*)\s+(\d+)", line)
            if m:
                c[m.group(1)] = int(m.group(2))
        return c

    def frag_mem(self):
        """(queues, memory, peak, high, low) from `v6stack show frag`."""
        out = self.show("frag")
        m1 = re.search(r"FRAG6: inuse (\d+) memory (\d+)", out)
        m2 = re.search(r"peak (\d+) high_thresh (\d+) low_thresh (\d+)", out)
        assert m1 and m2, out
        return tuple(int(x) for x in m1.groups() + m2.groups())

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


def ping_in(ns, dst, count=3, size=None, extra=()):
    """iputils ping from namespace ns (0.2 s apart, 2 s for each reply);
    its stdout and stderr."""
    cmd = ["ping", "-n", "-c", str(count), "-i", "0.2", "-W", "2"]
    if size is not None:
        cmd += ["-s", str(size)]
    p = sh(cmd + list(extra) + [dst], ns=ns, timeout=30, check=False)
    return p.stdout + p.stderr


def ping_stats(out):
    """(transmitted, received, loss_percent) from ping's summary."""
    m = re.search(r"(\d+) packets transmitted, (\d+) received.*?"
                  r"([\d.]+)% packet loss", out)
    assert m, "no ping summary in:\n" + out
    return int(m.group(1)), int(m.group(2)), float(m.group(3))


# ---------------------------------------------------------- peer agent ---

class Agent:
    """peer.py kept running in a namespace for a test: each xact() sends
    raw frames on an interface and returns the IPv6 frames from a given MAC
    seen in a time window (MLD included)."""

    def __init__(self, ns, ifname, from_mac):
        # started at first use: in tap mode the device exists only while
        # the stack runs
        self.ns, self.ifname, self.from_mac = ns, ifname, from_mac
        self.p = None

    def _start(self):
        self.p = subprocess.Popen(
            ["ip", "netns", "exec", self.ns, PY, PEER_AGENT, self.ifname],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        hello = self._readline(10)
        assert hello.get("ok"), hello

    def _readline(self, timeout):
        r, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not r:
            raise AssertionError("peer agent did not answer in %ss" % timeout)
        line = self.p.stdout.readline()
        if not line:
            raise AssertionError("peer agent died (exit %s)" % self.p.poll())
        return json.loads(line)

    def xact(self, frames, window, stop_icmp6_type=None):
        """Send frames (bytes), listen window seconds (or until an ICMPv6
        message of stop_icmp6_type from from_mac); return [(t, bytes)]."""
        if self.p is None:
            self._start()
        req = {"send": [f.hex() for f in frames], "window": window,
               "from_mac": self.from_mac, "linger": 0}
        if stop_icmp6_type is not None:
            req.update(stop_types=[stop_icmp6_type], stop_count=1)
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


# ------------------------------------------------------- capture, radvd ---

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


class RadvdFile:
    """radvd in namespace ns with the configuration file conf; its pid
    file and log in workdir."""

    def __init__(self, workdir, conf, ns):
        self.conf = conf
        self.pid = os.path.join(workdir, "radvd.pid")
        self.log = os.path.join(workdir, "radvd.log")
        self._log = open(self.log, "w")
        self.p = subprocess.Popen(
            ["ip", "netns", "exec", ns, "radvd", "-n", "-C", self.conf,
             "-p", self.pid, "-m", "stderr", "-d", "1"],
            stdout=self._log, stderr=subprocess.STDOUT)
        time.sleep(0.3)
        if self.p.poll() is not None:
            raise AssertionError("radvd exited: " + open(self.log).read())

    def stop(self):
        stop_process(self.p)
        self._log.close()


class Radvd(RadvdFile):
    """radvd in namespace ns on ifname with its own config (body: the
    interface block's lines, see radvd_body) and pid file in workdir."""

    def __init__(self, workdir, body, ns, ifname):
        conf = os.path.join(workdir, "radvd.conf")
        with open(conf, "w") as f:
            f.write("interface %s {\n%s\n};\n" % (ifname, body))
        super().__init__(workdir, conf, ns)


def radvd_body(prefixes=("2001:db8:1::",), mtu=None, valid=300,
               preferred=120, rdnss=None, dnssl=None, lifetime=60, routes=()):
    lines = ["AdvSendAdvert on;", "MinRtrAdvInterval 3;",
             "MaxRtrAdvInterval 4;", "AdvDefaultLifetime %d;" % lifetime]
    if mtu:
        lines.append("AdvLinkMTU %d;" % mtu)
    for p in prefixes:
        lines.append("prefix %s/64 { AdvOnLink on; AdvAutonomous on; "
                     "AdvValidLifetime %d; AdvPreferredLifetime %d; };" % (
                         p, valid, preferred))
    for r in routes:  # RFC 4191 Route Information
        lines.append("route %s { AdvRoutePreference high; "
                     "AdvRouteLifetime 300; };" % r)
    if rdnss:
        lines.append("RDNSS %s { AdvRDNSSLifetime 60; };" % rdnss)
    if dnssl:
        lines.append("DNSSL %s { AdvDNSSLLifetime 60; };" % dnssl)
    return "\n".join("  " + l for l in lines)


# ------------------------------------------------------ frames (bytes) ---

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


def payload(n, seed=0):
    """n bytes that differ from offset to offset and from test to test."""
    return bytes((i * 7 + seed * 13 + (i >> 8)) & 0xFF for i in range(n))


def hexes(frames):
    return [bytes(f).hex() for f in frames]


# ------------------------------------------------- frames, read back ---

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


def ip6_bytes(fr):
    """The IPv6 packet in an Ethernet frame (trimmed to its payload
    length)."""
    plen = int.from_bytes(fr[18:20], "big")
    return fr[14:14 + 40 + plen]


def hdr(fr):
    """Ethernet + IPv6 header fields of a frame."""
    b = fr[14:54]
    return {"eth_dst": mac_str(fr[0:6]), "eth_src": mac_str(fr[6:12]),
            "ethertype": fr[12:14].hex(), "version": b[0] >> 4,
            "tclass": (int.from_bytes(b[0:2], "big") >> 4) & 0xFF,
            "flow": int.from_bytes(b[0:4], "big") & 0xFFFFF,
            "plen": int.from_bytes(b[4:6], "big"), "nh": b[6],
            "hlim": b[7], "src": ip6_str(b[8:24]),
            "dst": ip6_str(b[24:40]), "frame_len": len(fr)}


def of_type(frames, t):
    return [f for _, f in frames if icmp6_type(f) == t]


def udp_frames(frames):
    return [f for _, f in frames if udp_sport(f) is not None]


def not_nd(frames):
    """Frames other than Neighbor Discovery messages (RFC 4861: Router
    Solicitations a host sends at start, NS, NA)."""
    return [f for _, f in frames if icmp6_type(f) not in (133, 135, 136)]


# ------------------------------------------------------ scapy helpers ---

def scapy():
    """scapy.all, imported on first use (slow to import; the peer agent
    never needs it)."""
    import scapy.all as S
    return S


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


def icmp_fields(fr):
    """ICMPv6 error fields: type, code, checksum validity, the 32-bit
    field after the checksum, and the quoted bytes."""
    pkt = ip6_bytes(fr)
    m = pkt[40:]
    ok, got, want = csum_ok(fr, 58)
    return {"type": m[0], "code": m[1], "csum_ok": ok, "csum": got,
            "csum_want": want, "word": int.from_bytes(m[4:8], "big"),
            "quote": m[8:]}


def udp_good_csum(fr):
    return int.from_bytes(ip6_bytes(fr)[46:48], "big")


def bad_csum(good):
    """A checksum value that is wrong for a datagram whose right one is
    good (neither it nor its one's-complement twin, nor zero)."""
    bad = good ^ 0x8421
    if bad in (0, 0xFFFF):
        bad ^= 1
    return bad


def show_frames(frames):
    """One line per frame (scapy's summary), for assertion messages."""
    S = scapy()
    lines = []
    for t, f in frames:
        try:
            lines.append("%.3f %s" % (t, S.Ether(f).summary()))
        except Exception:  # noqa: BLE001 (a summary is best effort)
            lines.append("%.3f %s" % (t, f.hex()))
    return "\n".join(lines) or "<no frames>"


# The session's link for the backends (conftest.py: veth_topology,
# tap_topology); tests that name no NET use these.
SHARED = Net("v6s", "02:00:00:00:aa:01")
TAP = TapNet("v6s", "02:00:00:00:aa:01")
