"""Helpers for test_frag.py and test_exthdr.py: their own topology (names
v6x*), a stack started per test (fresh counters and queues), and scapy
frames. The peer side reuses v6e_lib's peer script (raw frames out, the
stack's frames back) in our namespace.

  +------------ v6x-stk ------------+      +--------- v6x-peer ---------+
  | v6stack -b packet on v6x0        | veth | v6x1: kernel 2001:db8::2/64|
  |  (disable_ipv6), 2001:db8::1/64  |------|                            |
  |  --udp-echo 7                    |      |                            |
  +----------------------------------+      +----------------------------+
"""
import os
import re

import v6e_lib as E
import v6s_lib as L

NS_STK, NS_PEER = "v6x-stk", "v6x-peer"
ALL_NS = (NS_STK, NS_PEER)
IF_STK, IF_PEER = "v6x0", "v6x1"
STACK_MAC = "02:00:00:00:77:01"
STACK_LL = "fe80::ff:fe00:7701"
STACK_GUA, PEER_GUA = "2001:db8::1", "2001:db8::2"
TOPO = {}


def destroy_all():
    for ns in ALL_NS:
        L.netns_destroy(ns)


def make_topology():
    for ns in ALL_NS:
        L.netns_destroy(ns)
        L.sh(["ip", "netns", "add", ns])
        L.sh(["ip", "-n", ns, "link", "set", "lo", "up"])
    L.sh(["ip", "link", "add", IF_STK, "netns", NS_STK, "type", "veth",
          "peer", "name", IF_PEER, "netns", NS_PEER])
    L.sysctl(NS_STK, "net.ipv6.conf.%s.disable_ipv6" % IF_STK, 1)
    L.sysctl(NS_PEER, "net.ipv6.conf.%s.accept_dad" % IF_PEER, 0)
    L.sh(["ip", "-n", NS_STK, "link", "set", IF_STK, "up"])
    L.sh(["ip", "-n", NS_PEER, "link", "set", IF_PEER, "up"])
    L.sh(["ip", "-n", NS_PEER, "addr", "add", PEER_GUA + "/64", "dev",
          IF_PEER, "nodad"])
    peer_ll = L.wait_kernel_ll(NS_PEER, IF_PEER)
    return {"peer_mac": E.link_mac(NS_PEER, IF_PEER), "peer_ll": peer_ll}


class Stack(E.Stack):
    """build/v6stack -b packet on v6x0 with --udp-echo 7."""

    def __init__(self, workdir, sets=()):
        super().__init__(workdir, sets=sets)
        self.mac, self.ll = STACK_MAC, STACK_LL
        self.ns, self.ifname = NS_STK, IF_STK
        self.peer_ns, self.peer_if = NS_PEER, IF_PEER
        argv = []
        for a in self.argv:
            a = {E.IF_STK: IF_STK, E.STACK_MAC: STACK_MAC}.get(a, a)
            argv.append(a.replace("conf.%s." % E.IF_STK, "conf.%s." % IF_STK))
        self.argv = argv

    def show(self, what):
        return L.sh([L.BINARY, "show", what, "-i", IF_STK]).stdout

    def stats(self):
        out = L.sh([L.BINARY, "stats", "-i", IF_STK]).stdout
        c = {}
        for l in out.splitlines():
            m = re.match(r"^([A-Za-z][A-Za-z0-9_.]*)\s+(\d+)", l.strip())
            if m:
                c[m.group(1)] = int(m.group(2))
        return c

    def drops(self):
        c = {}
        for l in self.show("drops").splitlines():
            m = re.match(r"^\s*([A-Z0-9_]+)\s+(\d+)", l)
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


def peer(req, timeout=60):
    """v6e_lib's peer script in v6x-peer on v6x1, frames from the stack."""
    req = dict(req)
    req.setdefault("iface", IF_PEER)
    req.setdefault("from_mac", STACK_MAC)
    return E.peer(req, ns=NS_PEER, timeout=timeout)


def scapy():
    import scapy.all as S
    return S


def eth(dst=STACK_MAC):
    return scapy().Ether(dst=dst, src=TOPO["peer_mac"], type=0x86DD)


def hexes(frames):
    return [bytes(f).hex() for f in frames]


if __name__ != "__main__":
    import pytest

    @pytest.fixture(scope="module")
    def topo():
        destroy_all()
        TOPO.clear()
        TOPO.update(make_topology())
        yield TOPO
        destroy_all()

    @pytest.fixture
    def make_stack(tmp_path, topo):
        started = []

        def start(sets=()):
            st = Stack(str(tmp_path), sets=sets)
            st.start()
            started.append(st)
            return st
        yield start
        for st in started:
            st.stop()
