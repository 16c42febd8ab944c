# SPDX-License-Identifier: BSD-2-Clause
"""A daemon that behaves (issue 15 item 4), against the kernel: the stack
pinging its own addresses (delivered inside the stack, as Linux's local
routes through lo), `ready` only once the -a addresses passed DAD (a
ping at once loses nothing), a link going down and up survived (DAD
again, then answered), a second stack with the same address or MAC on
the link refused, signals and a stale control socket (--ctl PATH), one
control socket per network namespace (the default, the abstract
@v6stack/IFACE). Topology: NET (topo.py, names v6dm*); the two-namespace
tests make their own (v6dm2-*, v6cjn-*)."""
import os
import re
import signal
import subprocess
import time

import pytest

import topo as T

NET = T.Net("v6dm", "02:00:00:00:d6:01", peer_dad=False)


def test_ping_own_addresses(make_stack, topo):
    """`v6stack ping` to the stack's own global and link-local addresses is
    answered inside the stack: nothing on the wire (no Neighbor
    Solicitation for itself), replies printed as iputils prints them, and
    the counters move as Linux's for a ping to a local address."""
    st = make_stack()
    before = st.stats()
    for dst in (NET.stack_gua, NET.stack_ll):
        p = st.v6ping(dst, count=3)
        assert p.returncode == 0, p.stdout + p.stderr
        assert T.ping_stats(p.stdout)[:2] == (3, 3), p.stdout
        assert re.search(r"^64 bytes from %s: icmp_seq=1 ttl=64 time=[\d.]+ ms$"
                         % re.escape(dst), p.stdout, re.M), p.stdout
    after = st.stats()

    def d(k):
        return after.get(k, 0) - before.get(k, 0)
    assert d("Icmp6OutEchos") == 6 and d("Icmp6InEchos") == 6, after
    assert d("Icmp6OutEchoReplies") == 6 and d("Icmp6InEchoReplies") == 6
    assert d("Ip6OutRequests") >= 12 and d("Ip6InReceives") >= 12
    assert d("Icmp6OutNeighborSolicits") == 0, after
    assert NET.stack_gua not in st.show_neigh()


def addr_states_now(st):
    """{address: state} from `v6stack show addr`."""
    res = {}
    for line in st.show("addr").splitlines():
        m = re.search(r"([0-9a-f:]+)/\d+\s.*?\b([A-Z]+)\b", line)
        if m:
            res[m.group(1)] = m.group(2)
    return res


def test_ready_after_dad_then_ping_at_once(make_stack, topo):
    """RFC 4862 5.4: `ready` comes once the -a address (and the link-local)
    passed DAD, so a script that waits for it and pings at once loses
    nothing: at `ready` no address is TENTATIVE, and the kernel's first
    echo requests, sent at once, are all answered."""
    st = make_stack(dad=True)
    p = st.ping(NET.stack_gua, count=5, interval="0.1")
    states = addr_states_now(st)
    assert T.ping_stats(p.stdout)[:2] == (5, 5), p.stdout + st.logs()
    assert "icmp_seq=1 " in p.stdout, p.stdout
    err = st.stderr_text()
    assert re.search(r"^addr %s %s PREFERRED: DAD succeeded" % (
        NET.stk_if, re.escape(NET.stack_gua)), err, re.M), err
    assert states.get(NET.stack_gua) == "PREFERRED", states
    assert "TENTATIVE" not in states.values(), states


def test_link_down_up_survived(make_stack, topo):
    """A link going down and up (`ip link set dev X down; up` in the stack's
    namespace) is survived: the stack says so, its addresses go through
    DAD again (as Linux's addrconf_dad_run on NETDEV_UP), and the kernel's
    ping is answered afterwards."""
    st = make_stack(dad=True)
    assert T.ping_stats(st.ping(NET.stack_gua, count=1).stdout)[1] == 1
    T.sh(["ip", "link", "set", "dev", NET.stk_if, "down"], ns=NET.stk_ns)
    T.wait_for(lambda: "link %s DOWN" % NET.stk_if in st.stderr_text(), 5,
               "the stack to see its link down")
    time.sleep(0.3)
    T.sh(["ip", "link", "set", "dev", NET.stk_if, "up"], ns=NET.stk_ns)
    T.wait_for(lambda: "link %s UP" % NET.stk_if in st.stderr_text(), 5,
               "the stack to see its link up")
    assert st.alive(), st.logs()
    err = st.stderr_text()
    after = err[err.index("link %s DOWN" % NET.stk_if):]
    assert re.search(r"^addr %s %s TENTATIVE" % (
        NET.stk_if, re.escape(NET.stack_gua)), after, re.M), after
    T.wait_for(lambda: re.search(r"^addr %s %s PREFERRED: DAD succeeded" % (
        NET.stk_if, re.escape(NET.stack_gua)),
        st.stderr_text()[len(err) - len(after):], re.M), 5,
        "DAD again after the link came back")
    T.wait_kernel_ll(NET.peer_ns, NET.peer_if)
    p = st.ping(NET.stack_gua, count=3)
    assert T.ping_stats(p.stdout)[1] == 3, p.stdout + st.logs()
    st.stop()
    assert st.returncode == 0, st.logs()


def second_stack(tmp_path, mac, addrs, ctl=True):
    """A second stack on the same interface (beside the fixture's), DAD on,
    with a control socket of its own (--ctl) when ctl is True, the default
    one when it is False, else the socket path ctl; it must exit before
    `ready`: its return code, stdout lines and stderr."""
    if ctl is True:
        ctl = str(tmp_path / "second.sock")
    st = T.Stack(NET, str(tmp_path), mac=mac, addrs=addrs, dad=True,
                 pre_args=["--ctl", ctl] if ctl else ())
    st._out = open(st.out_path, "w")
    st._err = open(st.err_path, "w")
    p = subprocess.Popen(["ip", "netns", "exec", st.ns] + st.argv,
                         stdout=st._out, stderr=st._err,
                         stdin=subprocess.DEVNULL)
    try:
        rc = p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = None
    st._out.close()
    st._err.close()
    return rc, st.stdout_lines(), st.stderr_text()


@pytest.mark.parametrize("same", ["address", "mac"])
def test_second_stack_refused(make_stack, topo, tmp_path, same):
    """A second stack on the same link with the first one's address (RFC
    4862 5.4: its DAD probe is answered by the first) or with its MAC
    (frames from its own MAC that it did not send) is refused: exit 1
    before `ready`, with a message naming the cause; the first stack keeps
    answering, with no (DUP!) reply at the kernel."""
    first = make_stack(dad=True)
    if same == "address":
        rc, out, err = second_stack(tmp_path, "02:00:00:00:d6:02",
                                    [NET.stack_gua + "/64"])
        assert "%s/64 on %s is already in use" % (NET.stack_gua, NET.stk_if) \
            in err, err
    else:
        rc, out, err = second_stack(tmp_path, NET.stack_mac,
                                    ["2001:db8::77/64"])
        assert "same -m" in err or "already in use" in err, err
    assert rc == 1, (rc, out, err)
    assert "ready" not in out, out
    p = first.ping(NET.stack_gua, count=3)
    assert T.ping_stats(p.stdout)[1] == 3 and "DUP" not in p.stdout, p.stdout


def listening(ns):
    """The abstract names of the control sockets listening in network
    namespace ns ("@v6stack/IFACE"), as /proc/net/unix lists them there."""
    out = T.sh(["cat", "/proc/net/unix"], ns=ns).stdout
    names = []
    for line in out.splitlines()[1:]:
        f = line.split()
        # Flags 00010000: listening (__SO_ACCEPTCON); Type 0001: stream.
        if len(f) >= 8 and int(f[3], 16) & 0x10000 and f[4] == "0001" and \
                f[7].startswith("@v6stack/"):
            names.append(f[7])
    return names


def test_live_socket_refused(make_stack, topo, tmp_path):
    """A second stack on the same interface name (the same default control
    socket, the abstract @v6stack/IFACE of this network namespace) is
    refused, the message naming the running one's pid and the socket;
    after `kill -9` the name is gone with its owner (nothing stale to
    replace), and the next stack's `v6stack stats`, with no option,
    answers."""
    first = make_stack()
    name = "@v6stack/%s" % NET.stk_if
    assert listening(NET.stk_ns) == [name]
    rc, out, err = second_stack(tmp_path, "02:00:00:00:d6:03",
                                ["2001:db8::78/64"], ctl=False)
    assert rc == 1 and "ready" not in out, (rc, out, err)
    assert "already running (pid %d)" % first.proc.pid in err or \
        "already running (pid" in err, err
    assert "control socket %s " % name in err, err
    first.proc.send_signal(signal.SIGKILL)
    first.stop()
    assert listening(NET.stk_ns) == []
    again = make_stack()
    assert "was stale" not in again.stderr_text(), again.logs()
    assert "Ip6InReceives" in again.cli("stats", "-z").stdout


def test_stale_path_replaced(make_stack, topo, tmp_path):
    """With `run --ctl PATH` (a socket file): a second stack on the same
    path is refused; after `kill -9` the file left behind is found stale
    (ECONNREFUSED) and replaced by the next stack, whose `v6stack stats
    --ctl PATH` answers; a clean exit removes the file."""
    sock = str(tmp_path / "ctl.sock")
    first = make_stack(pre_args=["--ctl", sock])
    assert listening(NET.stk_ns) == []
    rc, out, err = second_stack(tmp_path, "02:00:00:00:d6:03",
                                ["2001:db8::78/64"], ctl=sock)
    assert rc == 1 and "ready" not in out, (rc, out, err)
    assert "already running (pid" in err and sock in err, err
    first.proc.send_signal(signal.SIGKILL)
    first.stop()
    assert os.path.exists(sock)
    again = make_stack(pre_args=["--ctl", sock])
    assert "control socket %s was stale" % sock in again.stderr_text(), \
        again.logs()
    assert "Ip6InReceives" in again.cli("stats", "--ctl", sock, "-z").stdout
    assert "Ip6InReceives" in again.cli("stats", "-s", sock, "-z").stdout
    again.stop()
    assert again.returncode == 0 and not os.path.exists(sock), again.logs()


@pytest.mark.parametrize("sig", [signal.SIGQUIT, signal.SIGHUP])
def test_signals(make_stack, topo, sig):
    """SIGQUIT stops as SIGTERM does (exit 0, the counters printed, the
    socket removed); SIGHUP prints the counters so far and runs on."""
    st = make_stack()
    assert T.ping_stats(st.ping(NET.stack_gua, count=1).stdout)[1] == 1
    st.proc.send_signal(sig)
    if sig == signal.SIGHUP:
        T.wait_for(lambda: "#v6stack" in st.stdout_lines(), 5, "counters")
        time.sleep(0.2)
        assert st.alive(), st.logs()
        assert T.ping_stats(st.ping(NET.stack_gua, count=1).stdout)[1] == 1
        return
    T.wait_for(lambda: not st.alive(), 5, "the stack to stop")
    c = st.stop()
    assert st.returncode == 0 and c.get("Icmp6InEchos", 0) >= 1, st.logs()
    assert listening(NET.stk_ns) == []


def test_warns_kernel_ipv6_on(make_stack, topo):
    """A warning at start when the kernel's own IPv6 is still on for the
    attached interface (disable_ipv6 0), none when it is off."""
    st = make_stack()
    assert "kernel's own IPv6 is on" not in st.stderr_text()
    st.stop()
    T.sysctl(NET.stk_ns, "net.ipv6.conf.%s.disable_ipv6" % NET.stk_if, 0)
    try:
        st = make_stack()
        assert "warning: the kernel's own IPv6 is on for %s" % NET.stk_if \
            in st.stderr_text(), st.logs()
    finally:
        st.stop()
        T.sysctl(NET.stk_ns, "net.ipv6.conf.%s.disable_ipv6" % NET.stk_if, 1)


def test_two_namespaces_eth0_each(tmp_path):
    """Two stacks in two network namespaces, each on an interface named
    eth0 (as in every container), each with its own control socket
    (`run --ctl PATH`): both start, and each `v6stack stats --ctl PATH`
    reaches its own stack (the echo counters of the one pinged only)."""
    T.PREFIXES.add("v6dm2")
    nss = ["v6dm2-a", "v6dm2-b", "v6dm2-peer"]
    procs = []
    try:
        for ns in nss:
            T.netns_add(ns)
        for k, ns in enumerate(nss[:2]):
            T.veth(ns, "eth0", nss[2], "p%d" % k)
            T.stack_side(ns, "eth0")
            T.kernel_side(nss[2], "p%d" % k, ["2001:db8:%d::2/64" % k],
                          dad=False)
        for k, ns in enumerate(nss[:2]):
            sock = str(tmp_path / ("s%d.sock" % k))
            out = open(str(tmp_path / ("s%d.out" % k)), "w")
            p = subprocess.Popen(
                ["ip", "netns", "exec", ns, T.BINARY, "run", "--ctl", sock,
                 "--set", "conf.eth0.accept_dad=0", "-i", "eth0", "-m",
                 "02:00:00:00:d6:1%d" % k, "-a", "2001:db8:%d::1/64" % k],
                stdout=out, stderr=subprocess.STDOUT)
            procs.append((p, sock, out))
        for p, sock, out in procs:
            T.wait_for(lambda: "ready" in open(out.name).read() or
                       p.poll() is not None, 10, "ready")
            assert p.poll() is None, open(out.name).read()
        p = T.sh(["ping", "-n", "-c", "3", "-i", "0.2", "-W", "2",
                  "2001:db8:0::1"], ns=nss[2], check=False)
        assert T.ping_stats(p.stdout)[1] == 3, p.stdout
        echos = []
        for k, (p, sock, out) in enumerate(procs):
            s = T.sh([T.BINARY, "stats", "--ctl", sock, "-z"],
                     ns=nss[k]).stdout
            m = re.search(r"^Icmp6InEchos\s+(\d+)", s, re.M)
            assert m, s
            echos.append(int(m.group(1)))
        assert echos == [3, 0], echos
    finally:
        for p, sock, out in procs:
            T.stop_process(p)
            out.close()
        for ns in nss:
            T.netns_destroy(ns)


def test_two_namespaces_default_socket(tmp_path):
    """One control socket per network namespace: two stacks in two
    namespaces, each on an interface named eth0, with the default socket
    (the abstract @v6stack/eth0, which the kernel keeps per namespace):
    both start and run at once, and `v6stack stats` (no option, and with
    `-i eth0`) run inside each namespace reaches its own stack (the echo
    counters of the one pinged only, its own address in `show addr`); in
    a namespace without a stack, `stats` says none runs there."""
    T.PREFIXES.add("v6cjn")
    nss = ["v6cjn-a", "v6cjn-b", "v6cjn-peer"]
    procs = []
    try:
        for ns in nss:
            T.netns_add(ns)
        for k, ns in enumerate(nss[:2]):
            T.veth(ns, "eth0", nss[2], "v6cjnp%d" % k)
            T.stack_side(ns, "eth0")
            T.kernel_side(nss[2], "v6cjnp%d" % k, ["2001:db8:%x::2/64" % (10 + k)],
                          dad=False)
        for k, ns in enumerate(nss[:2]):
            out = open(str(tmp_path / ("s%d.out" % k)), "w")
            p = subprocess.Popen(
                ["ip", "netns", "exec", ns, T.BINARY, "run",
                 "--set", "conf.eth0.accept_dad=0", "-i", "eth0", "-m",
                 "02:00:00:00:c7:1%d" % k, "-a", "2001:db8:%x::1/64" % (10 + k)],
                stdout=out, stderr=subprocess.STDOUT)
            procs.append((p, out))
        for p, out in procs:
            T.wait_for(lambda: "ready" in open(out.name).read() or
                       p.poll() is not None, 10, "ready")
            assert p.poll() is None, open(out.name).read()
        for ns in nss[:2]:
            assert listening(ns) == ["@v6stack/eth0"], ns
        assert listening(nss[2]) == []
        p = T.sh(["ping", "-n", "-c", "3", "-i", "0.2", "-W", "2",
                  "2001:db8:a::1"], ns=nss[2], check=False)
        assert T.ping_stats(p.stdout)[1] == 3, p.stdout
        for opts in ([], ["-i", "eth0"]):
            echos = []
            for k, ns in enumerate(nss[:2]):
                s = T.sh([T.BINARY, "stats", "-z"] + opts, ns=ns).stdout
                m = re.search(r"^Icmp6InEchos\s+(\d+)", s, re.M)
                assert m, s
                echos.append(int(m.group(1)))
                a = T.sh([T.BINARY, "show", "addr"] + opts, ns=ns).stdout
                assert "inet6 2001:db8:%x::1/64 " % (10 + k) in a, a
                assert "2001:db8:%x::1" % (11 - k) not in a, a
            assert echos == [3, 0], (opts, echos)
        for p, out in procs:
            assert p.poll() is None, open(out.name).read()
        none = T.sh([T.BINARY, "stats"], ns=nss[2], check=False)
        assert none.returncode == 1, (none.stdout, none.stderr)
        assert "no running stack in this network namespace" in none.stderr, \
            none.stderr
    finally:
        for p, out in procs:
            T.stop_process(p)
            out.close()
        for ns in nss:
            T.netns_destroy(ns)
