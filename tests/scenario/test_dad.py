# SPDX-License-Identifier: BSD-2-Clause
"""Duplicate Address Detection (RFC 4862 5.4) with the kernel as the other
node: the stack's probes, its defence of an address the kernel tries, and
its detection of an address the kernel already has."""
import re
import subprocess

import pytest

import topo as T


def addr_state(st, addr):
    """The last state the stack logged (-v) for addr, or None."""
    states = re.findall(r"^addr %s %s (\w+)" % (re.escape(st.ifname),
                                                re.escape(addr)),
                        st.stderr_text(), re.M)
    return states[-1] if states else None


def test_dad_probes_then_preferred(make_stack, tmp_path):
    path = str(tmp_path / "dad.pcap")
    st = make_stack(dad=True, pre_args=["--pcap-out", path])
    for a in (T.SHARED.stack_ll, T.STACK_GUA):
        T.wait_for(lambda: addr_state(st, a) == "PREFERRED", 5,
                   "%s to become PREFERRED" % a)
    p = st.ping(T.STACK_GUA, count=2)
    assert T.ping_stats(p.stdout)[1] == 2, p.stdout + p.stderr
    st.stop()
    assert st.returncode == 0, st.logs()
    out = T.sh(["tcpdump", "-r", path, "-n", "-vv", "-e"]).stdout
    recs = re.split(r"\n(?=\d\d:\d\d:\d\d\.)", out.strip())
    for a in (T.SHARED.stack_ll, T.STACK_GUA):
        sn = T.ip6_str(T.snma(a))
        probes = [r for r in recs if re.search(
            r"%s > %s.*hlim 255.*\) :: > %s: \[icmp6 sum ok\] ICMP6, "
            r"neighbor solicitation, length \d+, who has %s$" % (
                re.escape(T.SHARED.stack_mac),
                re.escape(T.mac_str(T.mcast_mac(T.ip6(sn)))),
                re.escape(sn), re.escape(a)), r, re.M)]
        assert probes, "no DAD probe for %s in:\n%s" % (a, out)
        for r in probes:  # 7.1.1: no SLLA when the source is ::
            assert "source link-address option" not in r, r


def test_dad_defends_against_kernel(make_stack):
    st = make_stack()
    try:
        st.peer(["ip", "addr", "add", T.STACK_GUA + "/64", "dev",
                 st.peer_if], check=True)

        def state():
            out = st.peer(["ip", "-6", "addr", "show", "dev",
                           st.peer_if]).stdout
            m = re.search(r"inet6 %s/64 .*" % re.escape(T.STACK_GUA), out)
            assert m, out
            return m.group(0)
        T.wait_for(lambda: "dadfailed" in state() or
                   "tentative" not in state(), 6,
                   "the kernel's DAD for %s to end" % T.STACK_GUA)
        assert "dadfailed" in state(), state()
    finally:
        st.peer(["ip", "addr", "del", T.STACK_GUA + "/64", "dev",
                 st.peer_if])
    c = st.stop()
    assert c.get("Icmp6OutNeighborAdvertisements", 0) >= 1, c


def test_dad_detects_kernel_address(make_stack, backend):
    if backend == "tap":
        pytest.skip("the kernel's addresses on the tap appear only after "
                    "the stack created it")
    st = make_stack(dad=True, addrs=(T.PEER_GUA + "/64",),
                    pre_args=["--keep-duplicates"])
    T.wait_for(lambda: addr_state(st, T.PEER_GUA) not in (None, "TENTATIVE"),
               5, "the stack's DAD for %s to end" % T.PEER_GUA)
    assert addr_state(st, T.PEER_GUA) == "DADFAILED", st.stderr_text()
    # the kernel keeps it; the stack, its link-local
    T.wait_for(lambda: addr_state(st, T.SHARED.stack_ll) == "PREFERRED", 5,
               "the link-local to become PREFERRED")
    p = st.ping(T.PEER_GUA, count=1)
    assert T.ping_stats(p.stdout)[1] == 1
    c = st.stop()
    assert "Icmp6OutNeighborAdvertisements" not in c, c


def test_dad_only_duplicate_fails_others_answer(make_stack, backend):
    """RFC 4862 5.4.5: the link-local, the stack's own global and the
    kernel's address all go through DAD at once; only the duplicate fails,
    and the kernel's pings to the other two are answered."""
    if backend == "tap":
        pytest.skip("the kernel's addresses on the tap appear only after "
                    "the stack created it")
    st = make_stack(dad=True, addrs=(T.PEER_GUA + "/64", T.STACK_GUA + "/64"),
                    pre_args=["--keep-duplicates"])
    T.wait_for(lambda: all(addr_state(st, a) not in (None, "TENTATIVE")
                           for a in (T.PEER_GUA, T.STACK_GUA, T.SHARED.stack_ll)),
               6, "the three DADs to end")
    assert addr_state(st, T.PEER_GUA) == "DADFAILED", st.stderr_text()
    assert addr_state(st, T.STACK_GUA) == "PREFERRED", st.stderr_text()
    assert addr_state(st, T.SHARED.stack_ll) == "PREFERRED", st.stderr_text()
    for dst in (T.STACK_GUA, st.ll_scoped()):
        p = st.ping(dst, count=2)
        assert T.ping_stats(p.stdout)[1] == 2, p.stdout + p.stderr


REFLECT = r"""
import scapy.all as S, sys
iface, target, peer_mac = sys.argv[1], sys.argv[2], sys.argv[3]
keep_mac = sys.argv[4] == "1"
s = S.conf.L2socket(iface=iface)
def probe(p):
    return (p.haslayer(S.ICMPv6ND_NS) and p[S.IPv6].src == "::" and
            p[S.ICMPv6ND_NS].tgt == target)
def reflect(p):
    # the probe replayed as it was, nonce included, by another node
    if not keep_mac:
        p[S.Ether].src = peer_mac
    s.send(bytes(p))
print("ready", flush=True)
got = S.sniff(iface=iface, lfilter=probe, prn=reflect, count=1, timeout=15)
print("reflected", len(got), flush=True)
"""


@pytest.mark.parametrize("enhanced,keep_mac", [(1, 0), (0, 0), (1, 1)])
def test_dad_reflected_probe(make_stack, backend, enhanced, keep_mac):
    """RFC 7527 4.2: the stack's own DAD probe, replayed back to it with its
    nonce by another node (another source MAC), is not a duplicate while
    enhanced_dad=1 (dropped as NDISC_NS_LOOPED, the address becomes
    PREFERRED); with enhanced_dad=0 the same replay is taken for another
    node's probe (RFC 4862 5.4.3: DADFAILED), which shows the replay does
    arrive. Reflected unchanged (our own source MAC, a looped link) it is
    the nonce again that tells it from a node using our MAC (which the
    stack reports, DUPLICATE_MAC): NDISC_NS_LOOPED, and the stack starts."""
    if backend == "tap":
        pytest.skip("the tap device exists only once the stack runs")
    peer_ns = T.SHARED.peer_ns
    mac = T.sh(["ip", "-n", peer_ns, "-o", "link", "show", "dev",
                T.SHARED.peer_if]).stdout.split("link/ether ")[1].split()[0]
    refl = subprocess.Popen(
        ["ip", "netns", "exec", peer_ns, T.PY, "-c", REFLECT, T.SHARED.peer_if,
         T.STACK_GUA, mac, str(keep_mac)], stdout=subprocess.PIPE,
        text=True)
    try:
        assert refl.stdout.readline().strip() == "ready"
        sets = ["conf.IFACE.dad_transmits=3",
                "conf.IFACE.enhanced_dad=%d" % enhanced]
        if not enhanced:
            # RFC 4862 5.4.5 at start: the stack is refused, naming it.
            with pytest.raises(AssertionError) as e:
                make_stack(dad=True, sets=sets)
            assert "stack exited 1 before 'ready'" in str(e.value)
            assert "%s/64 on %s is already in use" % (
                T.STACK_GUA, T.SHARED.stk_if) in str(e.value)
            assert re.search(r"addr \S+ %s DADFAILED" % re.escape(
                T.STACK_GUA), str(e.value)), str(e.value)
            assert "reflected 1" in refl.communicate(timeout=30)[0]
            assert "drop.NDISC_NS_LOOPED" not in str(e.value)
            return
        st = make_stack(dad=True, sets=sets)
        out = refl.communicate(timeout=30)[0]
    finally:
        if refl.poll() is None:
            refl.kill()
            refl.wait()
    assert "reflected 1" in out, out
    T.wait_for(lambda: addr_state(st, T.STACK_GUA) not in (None, "TENTATIVE"),
               6, "the stack's DAD for %s to end" % T.STACK_GUA)
    c = st.stop()
    if keep_mac:
        assert addr_state(st, T.STACK_GUA) == "PREFERRED", st.stderr_text()
        assert c.get("drop.NDISC_NS_LOOPED", 0) >= 1, c
        assert "another node on the link uses it" not in st.stderr_text()
    else:
        assert addr_state(st, T.STACK_GUA) == "PREFERRED", st.stderr_text()
        assert c.get("drop.NDISC_NS_LOOPED", 0) >= 1, c
