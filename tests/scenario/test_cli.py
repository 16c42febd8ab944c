# SPDX-License-Identifier: BSD-2-Clause
"""The command line: bad configurations, busy devices, SIGTERM/SIGINT and the
counters printed at exit, addr_gen_mode."""
import re
import signal

import pytest

import topo as T


def run_bad(backend, args, timeout=10):
    ns = T.TAP.stk_ns if backend == "tap" else T.SHARED.stk_ns
    return T.sh([T.BINARY, "run"] + args, ns=ns, timeout=timeout, check=False)


def ifname(backend):
    return T.TAP.stk_if if backend == "tap" else T.SHARED.stk_if


def test_unknown_interface(backend):
    if backend == "tap":
        pytest.skip("tap creates the device it names")
    p = run_bad(backend, ["-i", "v6s-nosuch9", "-b", backend])
    assert p.returncode == 1, (p.returncode, p.stdout, p.stderr)
    assert "v6s-nosuch9" in p.stderr, p.stderr
    assert "ready" not in p.stdout


def test_unknown_set_key(backend):
    p = run_bad(backend, ["--set", "nosuch.key=1", "-i", ifname(backend),
                          "-b", backend])
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    assert "nosuch.key" in p.stderr, p.stderr
    assert "ready" not in p.stdout


def test_out_of_range_set_value(backend):
    key = "conf.%s.hop_limit" % ifname(backend)
    p = run_bad(backend, ["--set", key + "=256", "-i", ifname(backend),
                          "-b", backend])
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    assert key in p.stderr, p.stderr


@pytest.mark.parametrize("route,message", [
    ("bogus", 'inet6 prefix is expected rather than "bogus"'),
    ("2001:db8:7::/64 via 2001:db8:ffff::1", "Nexthop has invalid gateway"),
    ("2001:db8:7::/64 dev nosuch9", 'Cannot find device "nosuch9"'),
], ids=["syntax", "offlink-gateway", "no-device"])
def test_route_bad(backend, route, message):
    """A --route that ip would refuse is refused with ip's words, before
    the stack says ready."""
    p = run_bad(backend, ["-i", ifname(backend), "-b", backend,
                          "--route", route])
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    assert message in p.stderr, p.stderr
    assert "ready" not in p.stdout


def test_route_option(make_stack):
    """--route lands in the table as `ip -6 route` prints a route added by
    `ip -6 route add` (protocol boot, which ip does not print), beside the
    kernel-protocol prefix route of our address."""
    st = make_stack(extra=["--route", "2001:db8:7::/48 via %s metric 5"
                           % T.PEER_GUA,
                           "--route", "blackhole 2001:db8:9::/48"])
    out = st.cli("route", "show").stdout
    assert ("2001:db8:7::/48 via %s dev %s metric 5 pref medium"
            % (T.PEER_GUA, st.ifname)) in out, out
    assert "blackhole 2001:db8:9::/48 dev lo metric 1024" in out, out
    assert "2001:db8::/64 dev %s proto kernel" % st.ifname in out, out


def test_sysctl(make_stack):
    """v6stack sysctl reads and writes a running stack's tunables in
    sysctl(8)'s words and exit statuses; the kernel's sysctl, run on a
    namespace of its own in the same test, proves the format."""
    st = make_stack()
    key = "net.ipv6.conf.%s.hop_limit" % st.ifname
    ns = "v6cli-sysctl"
    T.netns_destroy(ns)
    T.netns_add(ns)
    try:
        kern = T.sh(["sysctl", "net.ipv6.conf.lo.hop_limit=33"], ns=ns).stdout
        kern_bad = T.sh(["sysctl", "net.ipv6.conf.lo.nope"], ns=ns,
                        check=False)
    finally:
        T.netns_destroy(ns)
    assert kern == "net.ipv6.conf.lo.hop_limit = 33\n", kern
    assert st.cli("sysctl", key).stdout == key + " = 64\n"
    out = st.cli("sysctl", key + "=33").stdout
    assert out == kern.replace(".lo.", ".%s." % st.ifname), out
    assert st.cli("sysctl", "-w", key + "=34").stdout == key + " = 34\n"
    # The change is the stack's: an echo reply now leaves with hop limit 34.
    p = st.ping(T.STACK_GUA, count=1)
    assert "ttl=34" in p.stdout, p.stdout
    bad = st.cli("sysctl", "net.ipv6.conf.%s.nope" % st.ifname, check=False)
    assert bad.returncode == kern_bad.returncode == 1, (bad, kern_bad)
    assert "No such file or directory" in bad.stdout + bad.stderr
    rng = st.cli("sysctl", "-w", key + "=300", check=False)
    assert rng.returncode == 1 and "out of range" in rng.stdout, rng


def test_tap_busy(make_stack, backend):
    if backend != "tap":
        pytest.skip("tap only: a second TUNSETIFF on an attached device")
    make_stack()
    p = run_bad(backend, ["-i", T.TAP.stk_if, "-b", "tap", "-m",
                          "02:00:00:00:aa:02"])
    assert p.returncode == 1, (p.returncode, p.stdout, p.stderr)
    assert T.TAP.stk_if in p.stderr, p.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT],
                         ids=["SIGTERM", "SIGINT"])
def test_exit_counters(make_stack, sig):
    st = make_stack()
    st.neigh_flush()
    p = st.ping(T.STACK_GUA, count=3)
    assert T.ping_stats(p.stdout)[1] == 3, p.stdout + p.stderr
    c = st.stop(sig=sig)
    assert st.returncode == 0, st.logs()
    lines = st.stdout_lines()
    after = lines[lines.index("ready") + 1:]
    assert after and after[0].startswith("#"), after  # nstat's header
    after = [l for l in after if not l.startswith("#")]
    assert after and all(T.COUNTER_RE.match(l) for l in after), after
    assert all(v > 0 for v in c.values()), c  # non-zero ones only
    assert c.get("Icmp6InEchos") == 3, c
    assert c.get("Icmp6OutEchoReplies") == 3, c
    assert c.get("Ip6InReceives", 0) >= 4, c  # >= 3 echoes + 1 NS
    assert c.get("Icmp6InMsgs", 0) >= 4, c
    assert c.get("Icmp6InNeighborSolicits", 0) >= 1, c
    assert c.get("Icmp6OutNeighborAdvertisements", 0) >= 1, c
    # Linux's order: SNMP counters first, then the drop reasons
    names = [l.split()[0] for l in after]
    firstdrop = [i for i, n in enumerate(names) if n.startswith("drop.")]
    if firstdrop:
        assert all(n.startswith("drop.") for n in names[firstdrop[0]:]), \
            names


def test_addr_gen_mode_none(make_stack, backend):
    st = make_stack(sets=["conf.IFACE.addr_gen_mode=1"])
    lines = st.stdout_lines()
    assert not [l for l in lines if re.match(r"addr \S+ fe80:", l)], lines
    assert [l for l in lines if l.startswith(
        "addr %s %s/64" % (st.ifname, T.STACK_GUA))], lines
    p = st.ndisc6(T.SHARED.stack_ll)
    assert T.SHARED.stack_mac not in p.stdout.lower(), p.stdout
    p = st.ndisc6(T.STACK_GUA)
    assert T.SHARED.stack_mac in p.stdout.lower(), p.stdout + p.stderr
