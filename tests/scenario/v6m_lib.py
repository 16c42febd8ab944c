"""Helpers for test_ping_out.py, test_nud.py, test_mld.py, test_ns_flood.py:
their own topology (names v6m*), a stack started for each test (fresh
neighbour cache, counters and MLD state), `v6stack ping` and `v6stack show`
against it, captures decoded with tshark.

  +------------ v6m-stk -------------+
  | v6stack -b packet on v6m0         |
  |   (disable_ipv6), 2001:db8::1/64  |
  +---------------|-------------------+
                  | veth
  +---------------|-------------------+
  | v6m1: kernel 2001:db8::2/64       |
  +----------- v6m-peer --------------+
"""
import json
import os
import re
import subprocess

import v6s_lib as L

NS_STK, NS_PEER = "v6m-stk", "v6m-peer"
ALL_NS = (NS_STK, NS_PEER)
IF_STK, IF_PEER = "v6m0", "v6m1"
STACK_MAC = "02:00:00:00:dd:01"
STACK_LL = "fe80::ff:fe00:dd01"
STACK_GUA = "2001:db8::1"
PEER_GUA = "2001:db8::2"
TOPO = {}


def destroy_all():
    for ns in ALL_NS:
        L.netns_destroy(ns)


def link_mac(ns, ifname):
    out = L.sh(["ip", "-n", ns, "-o", "link", "show", "dev", ifname]).stdout
    return re.search(r"link/ether ([0-9a-f:]+)", out).group(1)


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
    return {"peer_mac": link_mac(NS_PEER, IF_PEER), "peer_ll": peer_ll}


class Stack(L.Stack):
    """build/v6stack -b packet on v6m0 (v6s_lib.Stack's lifecycle)."""

    def __init__(self, workdir, sets=(), dad=False, addrs=(STACK_GUA + "/64",),
                 pre_args=(), verbose=True):
        self.backend = "packet"
        self.workdir = workdir
        self.mac, self.gua, self.ll = STACK_MAC, STACK_GUA, STACK_LL
        self.ns, self.ifname = NS_STK, IF_STK
        self.peer_ns, self.peer_if = NS_PEER, IF_PEER
        args = [L.BINARY, "run"]
        if verbose:
            args.append("-v")
        args += list(pre_args)
        if not dad:
            args += ["--set", "conf.%s.accept_dad=0" % IF_STK]
        for s in sets:
            args += ["--set", s.replace("IFACE", IF_STK)]
        args += ["-i", IF_STK, "-b", "packet", "-m", STACK_MAC]
        for a in addrs:
            args += ["-a", a]
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
            m = re.match(r"^([A-Za-z][A-Za-z0-9_.]*)\s+(\d+)$", l.strip())
            if m:
                self.counters[m.group(1)] = int(m.group(2))
        return self.counters

    # -- the control socket --
    def cli(self, *args, timeout=60, check=True):
        return L.sh([L.BINARY] + list(args), ns=NS_STK, timeout=timeout,
                    check=check)

    def v6ping(self, dst, count=3, interval="0.2", size=None, extra=(),
               timeout=60, check=False):
        # -I names our stack's socket (others may run on this machine)
        cmd = ["ping", "-I", IF_STK, "-c", str(count), "-i", interval]
        if size is not None:
            cmd += ["-s", str(size)]
        return self.cli(*(cmd + list(extra) + [dst]), timeout=timeout,
                        check=check)

    def show_neigh(self):
        """{addr: (lladdr or None, STATE)} from `v6stack show neigh`."""
        out = self.cli("show", "neigh", "-i", IF_STK).stdout
        res = {}
        for line in out.splitlines():
            f = line.split()
            if not f:
                continue
            ll = f[f.index("lladdr") + 1] if "lladdr" in f else None
            res[f[0]] = (ll, f[-1])
        return res

    def stats(self):
        out = self.cli("stats", "-i", IF_STK).stdout
        c = {}
        for line in out.splitlines():
            m = re.match(r"^([A-Za-z][A-Za-z0-9_.]*)\s+(\d+)", line)
            if m:
                c[m.group(1)] = int(m.group(2))
        return c

    def drops_now(self):
        out = self.cli("show", "drops", "-i", IF_STK).stdout
        c = {}
        for line in out.splitlines():
            m = re.match(r"^([A-Z][A-Z0-9_]*)\s+(\d+)", line)
            if m:
                c[m.group(1)] = int(m.group(2))
        return c


def tshark_json(path, dfilter=None):
    """Decode a capture with tshark: a list of layer dicts."""
    cmd = ["tshark", "-r", path, "-T", "json", "-o",
           "icmpv6.validate_checksum:TRUE"] if False else \
        ["tshark", "-r", path, "-T", "json"]
    if dfilter:
        cmd += ["-Y", dfilter]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return [x["_source"]["layers"] for x in json.loads(p.stdout or "[]")]


def scapy():
    import scapy.all as S
    return S


def peer_send(frames_hex, ns=NS_PEER, ifname=IF_PEER, timeout=120):
    """Send raw frames (hex strings) from the peer namespace with scapy."""
    code = ("import sys,scapy.all as S\n"
            "fs=[bytes.fromhex(l) for l in sys.stdin.read().split()]\n"
            "s=S.conf.L2socket(iface=%r)\n"
            "[s.send(f) for f in fs]\n" % ifname)
    L.sh(["ip", "netns", "exec", ns, L.PY, "-c", code],
         input="\n".join(frames_hex), timeout=timeout)


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
    def make_stack(topo, tmp_path, request):
        made = []
        request.node._v6s_stacks = made

        def make(**kw):
            st = Stack(str(tmp_path), **kw)
            made.append(st)
            return st.start()
        yield make
        for st in made:
            st.stop()
