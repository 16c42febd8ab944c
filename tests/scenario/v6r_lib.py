"""Topology and radvd for the router discovery scenarios (test_slaac.py,
test_redirect.py). Names start with v6r so they never meet the other
scenario files' v6s* ones:

  +---- v6r-stk ----+   veth   +------ v6r-peer -------+  veth  +-- v6r-far --+
  | v6stack on v6r0 |----------| v6r1: kernel router   |--------| v6r3:       |
  | (disable_ipv6)  |          |   2001:db8:1::1/64    |        | 2001:db8:2::2|
  +-----------------+          |   forwarding=1, radvd | v6r2   | default via |
                               |   2001:db8:2::1/64    |        | 2001:db8:2::1|
                               +-----------------------+        +-------------+
"""
import os
import re
import signal
import subprocess
import time

import v6s_lib as L

NS_STK, NS_PEER, NS_FAR = "v6r-stk", "v6r-peer", "v6r-far"
IF_STK, IF_PEER, IF_RTR_FAR, IF_FAR = "v6r0", "v6r1", "v6r2", "v6r3"
PREFIX1, PREFIX2, PREFIX3 = "2001:db8:1::", "2001:db8:2::", "2001:db8:3::"
PEER_ADDR, FAR_RTR_ADDR, FAR_ADDR = "2001:db8:1::1", "2001:db8:2::1", "2001:db8:2::2"
STACK_MAC = L.STACK_MAC
STACK_EUI64_IID = "ff:fe00:aa01"  # modified EUI-64 of 02:00:00:00:aa:01


def destroy():
    for ns in (NS_STK, NS_PEER, NS_FAR):
        L.netns_destroy(ns)


def make_topology(far=False):
    """Build the namespaces; returns the peer's link-local address."""
    destroy()
    for ns in (NS_STK, NS_PEER) + ((NS_FAR,) if far else ()):
        L.sh(["ip", "netns", "add", ns])
        L.sh(["ip", "-n", ns, "link", "set", "lo", "up"])
    L.sh(["ip", "link", "add", IF_STK, "netns", NS_STK, "type", "veth",
          "peer", "name", IF_PEER, "netns", NS_PEER])
    L.sysctl(NS_STK, "net.ipv6.conf.%s.disable_ipv6" % IF_STK, 1)
    L.sysctl(NS_PEER, "net.ipv6.conf.all.forwarding", 1)
    L.sh(["ip", "-n", NS_STK, "link", "set", IF_STK, "up"])
    L.sh(["ip", "-n", NS_PEER, "link", "set", IF_PEER, "up"])
    L.sh(["ip", "-n", NS_PEER, "addr", "add", PEER_ADDR + "/64", "dev",
          IF_PEER, "nodad"])
    if far:
        L.sh(["ip", "link", "add", IF_RTR_FAR, "netns", NS_PEER, "type",
              "veth", "peer", "name", IF_FAR, "netns", NS_FAR])
        L.sh(["ip", "-n", NS_PEER, "link", "set", IF_RTR_FAR, "up"])
        L.sh(["ip", "-n", NS_FAR, "link", "set", IF_FAR, "up"])
        L.sh(["ip", "-n", NS_PEER, "addr", "add", FAR_RTR_ADDR + "/64",
              "dev", IF_RTR_FAR, "nodad"])
        L.sh(["ip", "-n", NS_FAR, "addr", "add", FAR_ADDR + "/64", "dev",
              IF_FAR, "nodad"])
        L.sh(["ip", "-n", NS_FAR, "-6", "route", "add", "default", "via",
              FAR_RTR_ADDR])
    return L.wait_kernel_ll(NS_PEER, IF_PEER)


def peer_mac():
    out = L.sh(["ip", "-n", NS_PEER, "link", "show", IF_PEER]).stdout
    return re.search(r"link/ether ([0-9a-f:]{17})", out).group(1)


def stack(workdir, sets=(), addrs=(), extra=(), dad=False):
    """A v6stack on v6r0 (packet backend), not started."""
    st = L.Stack("packet", workdir, sets=sets, addrs=addrs, extra=extra,
                 dad=dad)
    st.ns, st.ifname, st.peer_ns, st.peer_if = NS_STK, IF_STK, NS_PEER, IF_PEER
    st.argv = [a.replace(L.IF_STK, IF_STK) for a in st.argv]
    return st


def show(st, what):
    return L.sh([L.BINARY, "show"] + what.split() + ["-i", IF_STK]).stdout


def addr_states(st):
    """{address: last state} from the stack's event log."""
    res = {}
    for a, state in re.findall(r"^addr %s (\S+) (\w+)" % IF_STK,
                               st.stderr_text(), re.M):
        res[a] = state
    return res


class Radvd:
    """radvd in the peer namespace with its own config and pid file."""

    def __init__(self, workdir, body, ifname=IF_PEER):
        self.conf = os.path.join(workdir, "radvd.conf")
        self.pid = os.path.join(workdir, "radvd.pid")
        self.log = os.path.join(workdir, "radvd.log")
        with open(self.conf, "w") as f:
            f.write("interface %s {\n%s\n};\n" % (ifname, body))
        self._log = open(self.log, "w")
        self.p = subprocess.Popen(
            ["ip", "netns", "exec", NS_PEER, "radvd", "-n", "-C", self.conf,
             "-p", self.pid, "-m", "stderr", "-d", "1"],
            stdout=self._log, stderr=subprocess.STDOUT)
        time.sleep(0.3)
        if self.p.poll() is not None:
            raise AssertionError("radvd exited: " + open(self.log).read())

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait()
        self._log.close()


def radvd_body(prefixes=(PREFIX1,), mtu=None, valid=300, preferred=120,
               rdnss=None, dnssl=None, lifetime=60, routes=()):
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
