# SPDX-License-Identifier: BSD-2-Clause
"""The attack tools as tests (issue 16): each thc-ipv6 attack runs against
the stack from its own port of a bridge while a kernel host on another
port pings the stack ten times a second. Asserted per attack: the stack
alive, no ping lost during the attack (at most 1 %, or 10 % when the
kernel dropped frames the stack had not read: see below) and none after, its
RSS grown by less than RSS_CAP_KB, and the attack's frames counted under
the drop reasons it should hit. ATTACK_S seconds each here; `make soak`
runs each for 60 s (V6_SOAK_S). Topology: NET, a bridge (topo.BridgeNet)."""
import os
import re
import subprocess
import time

import pytest

import topo as T

NET = T.BridgeNet("v6ak", "02:00:00:00:dd:41")

ATTACK_S = int(os.environ.get("V6_SOAK_S", "3"))
RSS_CAP_KB = 16384
S = T.STACK_GUA
LL = T.eui64_ll("02:00:00:00:dd:41")

# (name, argv after the interface, drop reasons that must count the
# attack's frames: any one of each tuple)
ATTACKS = [
    ("flood_solicitate6", [S], [("NEIGH_TABLE_FULL",)]),
    ("flood_advertise6", [S], [("NDISC_NA_NO_ENTRY",)]),
    ("flood_router26", [], [("ROUTER_TABLE_FULL", "ROUTE_TABLE_FULL",
                             "SLAAC_NO_ADDR_SLOT")]),
    ("flood_mld6", [], [("ETH_MCAST_NOT_JOINED",)]),
    ("flood_mldrouter6", [], [("ETH_MCAST_NOT_JOINED",)]),
    ("flood_unreach6", [S], [("ICMP6_ERR_NO_LISTENER",)]),
    ("flood_redir6", [S], [("REDIRECT_SRC_NOT_LINKLOCAL",)]),
    ("denial6", [S, "2"], [("EXTHDR_PAD_TOO_LONG",)]),
    # denial6's other cases (1, 3-7) are not here: in our runs nothing
    # they sent reached the stack (its Ip6InReceives grew by the pings
    # alone), so they would test nothing; to be understood first.
]


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M).group(1))


def ping(count, interval):
    return subprocess.Popen(
        ["ip", "netns", "exec", NET.peer_ns, "ping", "-n", "-i", interval,
         "-W", "1", "-c", str(count), NET.stack_gua],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def attack(name, args, seconds):
    p = subprocess.Popen(["ip", "netns", "exec", NET.atk_ns, "atk6-" + name,
                          NET.atk_if] + args, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(seconds)
    early = p.poll()
    p.kill()
    err = p.communicate()[1]
    return early, err


@pytest.mark.parametrize("name,args,reasons", ATTACKS,
                         ids=["%s%s" % (a[0], "-" + a[1][-1] if a[0] ==
                                        "denial6" else "") for a in ATTACKS])
def test_attack(make_stack, name, args, reasons):
    st = make_stack()
    pid = st.proc.pid
    assert st.v6ping(NET.peer_gua, count=1).returncode == 0
    rss0 = rss_kb(pid)
    d0 = st.drops_now()
    rcv0 = st.stats().get("Ip6InReceives", 0)
    ls0 = st.link_stats()
    n = ATTACK_S * 10
    during = ping(n, "0.1")
    early, err = attack(name, args, ATTACK_S)
    d_out = during.communicate(timeout=60)[0]
    after = ping(10, "0.1")
    a_out = after.communicate(timeout=60)[0]
    assert st.alive(), st.logs()
    rss1 = rss_kb(pid)
    ls1 = st.link_stats()
    io_lost = sum(ls1[k] - ls0[k] for k in ("rx_dropped", "tx_errors"))
    d1 = st.drops_now()
    delta = {k: v - d0.get(k, 0) for k, v in d1.items() if v > d0.get(k, 0)}
    top = sorted(delta.items(), key=lambda kv: -kv[1])[:5]
    rcv = st.stats().get("Ip6InReceives", 0) - rcv0
    tx, rx, _ = T.ping_stats(d_out)
    tx2, rx2, _ = T.ping_stats(a_out)
    print("%s %s: %d packets in; ping %d/%d during, %d/%d after; RSS %d -> "
          "%d kB; top drops %s; kernel dropped unread %d, send errors %d; "
          "tool %s" % (
              name, " ".join(args), rcv, rx, tx, rx2, tx2, rss0, rss1, top,
              ls1["rx_dropped"] - ls0["rx_dropped"],
              ls1["tx_errors"] - ls0["tx_errors"],
              "ran" if early is None else "exited"))
    # the attack reached the stack: received, or dropped before IPv6
    hits = rcv + sum(v for k, v in delta.items() if k.startswith("ETH_"))
    assert hits > 2 * n, (rcv, top)
    assert early is None or "error" not in err.lower(), err
    assert tx == n, d_out
    # No ping lost by the stack (at most 1 %). The one loss that is not
    # the stack's doing: the kernel dropped frames it had not read yet, or
    # a send failed, i.e. on a shared machine it was not given the cycles
    # to keep up with the flood (`v6stack show link`); then a loss within
    # 10 % is capacity, not a fault, and is reported as such.
    if io_lost == 0:
        assert rx * 100 >= tx * 99, d_out
    else:
        print("  %d ping(s) lost while the kernel dropped %d frame(s) unread"
              % (tx - rx, io_lost))
        assert (tx - rx) * 10 <= tx, d_out
    assert tx2 == 10 and rx2 == 10, a_out
    assert rss1 - rss0 < RSS_CAP_KB, (rss0, rss1)
    for alts in reasons:
        assert any(delta.get(r, 0) > 0 for r in alts), (alts, top)
