# SPDX-License-Identifier: BSD-2-Clause
"""icmp.echo_ignore_multicast and icmp.echo_ignore_all (--set), each on a
stack of its own. The peer kernel answers its own ff02::1 ping (multicast
loopback), and in tap mode it is the peer itself, so only replies from the
stack's link-local count."""
import re

import topo as T


def replied_from(out, addr):
    return re.search(r"bytes from %s: icmp_seq=" % re.escape(addr), out)


def test_echo_ignore_multicast(make_stack):
    st = make_stack(sets=["icmp.echo_ignore_multicast=1"])
    p = st.ping("ff02::1%" + st.peer_if, count=2, interval="0.5",
                extra=["-w", "3"])
    out = p.stdout + p.stderr
    assert not replied_from(out, st.ll_scoped()), out
    # the request did go out: the peer kernel answered its own
    assert replied_from(out, "%s%%%s" % (st.peer_ll, st.peer_if)), out
    # and the stack is alive: unicast echo is still answered
    p = st.ping(T.STACK_GUA, count=2)
    assert T.ping_stats(p.stdout)[1] == 2, p.stdout + p.stderr
    c = st.stop()
    assert st.returncode == 0
    assert c.get("Icmp6OutEchoReplies") == 2, c
    assert c.get("drop.ICMP6_ECHO_IGNORED_MCAST", 0) >= 2, c


def test_echo_ignore_all(make_stack):
    st = make_stack(sets=["icmp.echo_ignore_all=1"])
    for dst in (T.STACK_GUA, st.ll_scoped()):
        p = st.ping(dst, count=3, extra=["-w", "2"])
        out = p.stdout + p.stderr
        assert T.ping_stats(out)[1] == 0, out
        assert not re.search(r"bytes from", out), out
    p = st.ping("ff02::1%" + st.peer_if, count=2, interval="0.5",
                extra=["-w", "3"])
    assert not replied_from(p.stdout, st.ll_scoped()), p.stdout
    # alive: still resolves
    p = st.ndisc6(T.STACK_GUA)
    assert T.SHARED.stack_mac in p.stdout.lower(), p.stdout + p.stderr
    c = st.stop()
    assert st.returncode == 0
    assert "Icmp6OutEchoReplies" not in c, c
    assert c.get("Icmp6InEchos", 0) >= 6, c
    assert c.get("drop.ICMP6_ECHO_IGNORED", 0) >= 6, c
