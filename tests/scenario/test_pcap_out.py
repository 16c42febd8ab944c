"""--pcap-out FILE: every frame in and out, readable by tcpdump and tshark."""
import re

import v6s_lib as L


def test_pcap_out(make_stack, tmp_path):
    path = str(tmp_path / "out.pcap")
    st = make_stack(pre_args=["--pcap-out", path])
    st.neigh_flush()
    p = st.ping(L.STACK_GUA, count=2, size=200)
    assert L.ping_stats(p.stdout)[1] == 2, p.stdout + p.stderr
    st.stop()
    assert st.returncode == 0, st.logs()
    td = L.sh(["tcpdump", "-r", path, "-n", "-e", "-vv"])
    assert "link-type EN10MB" in td.stderr, td.stderr
    out = td.stdout
    req = re.findall(r"%s > %s: \[icmp6 sum ok\] ICMP6, echo request" % (
        re.escape(L.PEER_GUA), re.escape(L.STACK_GUA)), out)
    rep = re.findall(r"%s > %s: \[icmp6 sum ok\] ICMP6, echo reply" % (
        re.escape(L.STACK_GUA), re.escape(L.PEER_GUA)), out)
    assert len(req) == 2 and len(rep) == 2, out
    assert re.search(r"neighbor solicitation, length \d+, who has %s" %
                     re.escape(L.STACK_GUA), out), out
    assert re.search(r"%s > .*neighbor advertisement, length \d+, tgt is %s"
                     % (re.escape(L.STACK_MAC), re.escape(L.STACK_GUA)),
                     out), out
    ts = L.sh(["tshark", "-r", path, "-Y", "icmpv6.type == 129",
               "-T", "fields", "-e", "ipv6.src", "-e", "data.len"],
              timeout=60)
    rows = [l.split("\t") for l in ts.stdout.splitlines() if l.strip()]
    assert rows == [[L.STACK_GUA, "200"]] * 2, ts.stdout
