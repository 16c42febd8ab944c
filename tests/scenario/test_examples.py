# SPDX-License-Identifier: BSD-2-Clause
"""The examples (examples/, built by make into build/examples) against the
Linux kernel on a TAP device, each in a namespace of its own (prefix v6ex):
the UDP echo server with the kernel's socat (every datagram size up to the
MTU) and a closed port's error reaching a UDP endpoint as ECONNREFUSED; the
ping client; 1000 virtual hosts, each resolved and pinged by the kernel.
The TAP is made persistent by the test (`ip tuntap add`), the kernel's
address set on it, then the example attaches to it."""
import os
import re
import subprocess
import time

import pytest

import topo as T

P = "v6ex"
T.PREFIXES.add(P)  # conftest clears our leftovers
EX = os.path.join(T.REPO, "build", "examples")
KERNEL = "2001:db8:e::2"
STACK = "2001:db8:e::1"


def tap_ns(name, kernel_addr):
    """Namespace v6ex-NAME with the persistent TAP v6exNAME0, up, the
    kernel's address on it (no DAD)."""
    ns, tap = "%s-%s" % (P, name), "%s%s0" % (P, name)
    T.netns_add(ns)
    T.sh(["ip", "tuntap", "add", "dev", tap, "mode", "tap"], ns=ns)
    T.sh(["ip", "link", "set", tap, "up"], ns=ns)
    T.sh(["ip", "-6", "addr", "add", kernel_addr, "dev", tap, "nodad"], ns=ns)
    return ns, tap


class Example:
    """build/examples/NAME ARGS run in ns, stdout read line by line."""

    def __init__(self, ns, name, args):
        path = os.path.join(EX, name)
        if not os.access(path, os.X_OK):
            pytest.fail("no %s (make examples)" % path)
        self.p = subprocess.Popen(["ip", "netns", "exec", ns, path] + args,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        self.lines = []

    def wait_line(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for l in self.lines:
                if re.search(pattern, l):
                    return l
            line = self.p.stdout.readline()
            if not line:
                break
            self.lines.append(line.rstrip("\n"))
        raise AssertionError("no line /%s/ within %ss: %s\nstderr: %s" % (
            pattern, timeout, self.lines, self.stop()))

    def stop(self):
        """SIGTERM; the rest of stdout (and stderr)."""
        T.stop_process(self.p)
        out, err = self.p.communicate()
        self.lines += out.splitlines()
        return err


@pytest.fixture
def ns_cleanup():
    made = []
    yield made
    for ns in made:
        T.netns_destroy(ns)


# The kernel's socat, in lockstep: one datagram written to its stdin, its
# echo read back whole before the next (so each read(2) of socat is one
# datagram, and each echo one write to stdout).
SOCAT = r"""
import os, subprocess, sys, select
dst, port, sizes = sys.argv[1], sys.argv[2], [int(x) for x in sys.argv[3:]]
p = subprocess.Popen(["socat", "-b", "65536", "-", "UDP6:[%s]:%s" % (dst, port)],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
bad = []
for n in sizes:
    data = bytes((i * 7 + n) & 0xff for i in range(n))
    os.write(p.stdin.fileno(), data)
    got = b""
    while len(got) < n:
        r, _, _ = select.select([p.stdout], [], [], 2)
        if not r:
            break
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        got += chunk
    if got != data:
        bad.append((n, len(got)))
p.stdin.close(); p.terminate(); p.wait()
print("sizes %d bad %s" % (len(sizes), bad))
"""


def test_udp_echo_socat_every_size_and_closed_port_econnrefused(ns_cleanup):
    """RFC 862 with the kernel's UDP: every payload size 1..1452 (IPv6 +
    UDP = 1500, the TAP's MTU), then a few beyond it (fragments both ways,
    RFC 8200 4.5); and the echo server's probe to the kernel's closed port
    9 gets Destination Unreachable code 4 (RFC 4443 3.1), which reaches its
    UDP endpoint as ECONNREFUSED (Linux icmpv6_err_convert)."""
    ns, tap = tap_ns("u", KERNEL + "/64")
    ns_cleanup.append(ns)
    ex = Example(ns, "udp_echo", ["-i", tap, "-a", STACK + "/64",
                                  "-s", KERNEL + ",9"])
    ex.wait_line(r"^ready$", 10)
    err = ex.wait_line(r"^error ", 10)
    assert err.startswith("error ECONNREFUSED from port 8 to [%s]:9 "
                          "(type 1 code 4" % KERNEL), err
    sizes = list(range(1, 1453)) + [1453, 2000, 4000, 8000]
    p = T.sh([T.PY, "-c", SOCAT, STACK, "7"] + [str(n) for n in sizes],
             ns=ns, timeout=120)
    print(p.stdout.strip())
    assert p.stdout.strip() == "sizes %d bad []" % len(sizes), p.stdout + p.stderr
    ex.stop()
    total = sum(sizes)
    assert "echoed %d datagrams, %d bytes; 1 errors" % (len(sizes), total) \
        in ex.lines, ex.lines


def test_udp_echo_on_af_packet_over_veth(ns_cleanup):
    """examples/loop.c's other link, AF_PACKET on an existing interface:
    the echo server on a veth whose other end is the kernel (its transmit
    offload off: the example does not complete partial checksums)."""
    a, b = P + "-a", P + "-b"
    ns_cleanup += [a, b]
    T.netns_add(a)
    T.netns_add(b)
    T.veth(a, P + "a0", b, P + "a1")
    T.stack_side(a, P + "a0")
    T.kernel_side(b, P + "a1", [KERNEL + "/64"], dad=False)
    T.sh(["ethtool", "-K", P + "a1", "tx", "off"], ns=b)
    ex = Example(a, "udp_echo", ["-b", "packet", "-i", P + "a0",
                                 "-a", STACK + "/64"])
    ex.wait_line(r"^ready$", 10)
    sizes = [1, 100, 1000, 1452]
    p = T.sh([T.PY, "-c", SOCAT, STACK, "7"] + [str(n) for n in sizes],
             ns=b, timeout=60)
    assert p.stdout.strip() == "sizes 4 bad []", p.stdout + p.stderr
    ex.stop()
    assert "echoed 4 datagrams, %d bytes; 0 errors" % sum(sizes) in ex.lines, \
        ex.lines


def test_ping_client_answered_and_address_unreachable(ns_cleanup):
    """The ping example (RFC 4443 4.1): 3 Echo Requests to the kernel, 3
    replies; to an address nobody has, resolution fails (RFC 4861 7.2.2)
    and the error is Destination Unreachable code 3."""
    ns, tap = tap_ns("p", KERNEL + "/64")
    ns_cleanup.append(ns)
    ex = Example(ns, "ping", ["-i", tap, "-a", STACK + "/64", "-c", "3",
                              "-w", "10", KERNEL])
    rc = ex.p.wait(20)
    ex.stop()
    replies = [l for l in ex.lines if " bytes from %s: icmp_seq=" % KERNEL in l]
    assert rc == 0 and len(replies) == 3, ex.lines
    assert "3 received" in ex.lines[-1], ex.lines
    ex = Example(ns, "ping", ["-i", tap, "-a", STACK + "/64", "-c", "1",
                              "-w", "6", "2001:db8:e::99"])
    rc = ex.p.wait(20)
    ex.stop()
    assert rc == 1, ex.lines
    assert any("From %s icmp_seq=0 type 1 code 3" % STACK in l
               for l in ex.lines), ex.lines


# The kernel pings each host once (a raw ICMPv6 socket: the kernel resolves
# each address, RFC 4861 7.2.2, and answers nothing itself), 100 at a time,
# then reads its neighbour table: each host resolved to its own MAC. The
# table is flushed between batches (the neighbour table's gc_thresh are
# machine-wide: 1000 entries at once would crowd other namespaces').
PINGER = r"""
import socket, struct, subprocess, sys, time
tap, prefix, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.settimeout(0.05)
answered, resolved = set(), set()
def addr(k): return "%s%x" % (prefix, k)
def mac(k): return "02:00:00:01:%02x:%02x" % (k >> 8, k & 0xff)
for lo in range(1, n + 1, 100):
    batch = list(range(lo, min(lo + 100, n + 1)))
    for attempt in range(4):
        for k in batch:
            if k not in answered:
                s.sendto(struct.pack("!BBHHH", 128, 0, 0, 0xe1, k) + b"v6ex",
                         (addr(k), 0))
        end = time.monotonic() + 1.0
        while time.monotonic() < end and not all(k in answered for k in batch):
            try:
                data, src = s.recvfrom(2048)
            except socket.timeout:
                continue
            if data[0] == 129 and struct.unpack("!H", data[4:6])[0] == 0xe1:
                answered.add(struct.unpack("!H", data[6:8])[0])
        if all(k in answered for k in batch):
            break
    neigh = subprocess.run(["ip", "-6", "neigh", "show", "dev", tap],
                           capture_output=True, text=True).stdout
    have = {}
    for l in neigh.splitlines():
        f = l.split()
        if "lladdr" in f:
            have[f[0]] = f[f.index("lladdr") + 1]
    for k in batch:
        if have.get(addr(k)) == mac(k):
            resolved.add(k)
    subprocess.run(["ip", "-6", "neigh", "flush", "dev", tap])
print("answered %d resolved %d" % (len(answered), len(resolved)))
missing = sorted(set(range(1, n + 1)) - (answered & resolved))
print("missing %s" % missing[:20])
"""


def test_vhosts_1000_each_resolved_and_pinged_by_the_kernel(ns_cleanup):
    """1000 virtual hosts on one TAP through one stack (examples/vhosts.c,
    params.ifaces_max 1000): the kernel resolves each (its neighbour entry
    holds the host's own MAC) and each answers its Echo Request."""
    ns, tap = tap_ns("v", "2001:db8:1::ffff/64")
    ns_cleanup.append(ns)
    ex = Example(ns, "vhosts", ["-i", tap, "-n", "1000",
                                "-p", "2001:db8:1::"])
    ex.wait_line(r"^ready 1000$", 20)
    t0 = time.monotonic()
    p = T.sh([T.PY, "-c", PINGER, tap, "2001:db8:1::", "1000"], ns=ns,
             timeout=300)
    print(p.stdout.strip(), "in %.1f s" % (time.monotonic() - t0))
    assert "answered 1000 resolved 1000" in p.stdout, p.stdout + p.stderr
    ex.stop()
    m = [l for l in ex.lines if l.startswith("hosts 1000 in one stack")]
    assert m, ex.lines
    replies = int(re.search(r"echo replies (\d+)", m[0]).group(1))
    assert replies >= 1000, m[0]
