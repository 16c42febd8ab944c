# SPDX-License-Identifier: BSD-2-Clause
"""--pcap-out FILE: every frame in and out, readable by tcpdump and tshark."""
import re

import topo as T


def test_pcap_out(make_stack, tmp_path):
    path = str(tmp_path / "out.pcap")
    st = make_stack(pre_args=["--pcap-out", path])
    st.neigh_flush()
    p = st.ping(T.STACK_GUA, count=2, size=200)
    assert T.ping_stats(p.stdout)[1] == 2, p.stdout + p.stderr
    st.stop()
    assert st.returncode == 0, st.logs()
    td = T.sh(["tcpdump", "-r", path, "-n", "-e", "-vv"])
    assert "link-type EN10MB" in td.stderr, td.stderr
    out = td.stdout
    req = re.findall(r"%s > %s: \[icmp6 sum ok\] ICMP6, echo request" % (
        re.escape(T.PEER_GUA), re.escape(T.STACK_GUA)), out)
    rep = re.findall(r"%s > %s: \[icmp6 sum ok\] ICMP6, echo reply" % (
        re.escape(T.STACK_GUA), re.escape(T.PEER_GUA)), out)
    assert len(req) == 2 and len(rep) == 2, out
    assert re.search(r"neighbor solicitation, length \d+, who has %s" %
                     re.escape(T.STACK_GUA), out), out
    assert re.search(r"%s > .*neighbor advertisement, length \d+, tgt is %s"
                     % (re.escape(T.SHARED.stack_mac), re.escape(T.STACK_GUA)),
                     out), out
    ts = T.sh(["tshark", "-r", path, "-Y", "icmpv6.type == 129",
               "-T", "fields", "-e", "ipv6.src", "-e", "data.len"],
              timeout=60)
    rows = [l.split("\t") for l in ts.stdout.splitlines() if l.strip()]
    assert rows == [[T.STACK_GUA, "200"]] * 2, ts.stdout
