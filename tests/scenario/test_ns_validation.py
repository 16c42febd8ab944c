# SPDX-License-Identifier: BSD-2-Clause
"""RFC 4861 7.1.1: a Neighbor Solicitation that breaks one validity rule is
silently discarded (and counted), while a valid one in the same test, on the
same fresh stack, is answered with an NA carrying a Target Link-Layer
Address option (so a dead or deaf stack cannot pass).

Each case sends, from the peer namespace, raw frames built here:

  bad NS   --(window 0.5 s)-->  no NA to the bad source (nor to ff02::1 for
                                 :: sources), no NS resolving it
  valid NS --(up to 2 s)----->  NA: target, TLLA = stack MAC, S/O flags

then stops the stack and checks the drop counter.
"""
import pytest

import topo as T

TGT = T.SHARED.stack_ll                   # the target: the stack's link-local
SN_T = T.snma(TGT)                 # its solicited-node group
SN_MAC = T.mcast_mac(SN_T)
BAD_SRC, BAD_MAC = "fe80::bad:1", "02:00:00:00:bb:01"
GOOD_SRC, GOOD_MAC = "fe80::900d:1", "02:00:00:00:cc:01"
UNSPEC = "::"


def ns_frame(src, smac, dst=SN_T, dmac=SN_MAC, hlim=255, code=0, target=TGT,
             slla=True, extra_opts=b"", truncate=None, csum_xor=0):
    opts = (T.opt_slla(smac) if slla else b"") + extra_opts
    msg = T.ns_msg(target, code=code, opts=opts)
    if truncate is not None:
        msg = msg[:truncate]
    if csum_xor:  # compute the right sum, then spoil it
        good = T.frame(dmac, smac, src, dst, msg, hlim=hlim)
        msg = bytearray(good[54:])
        msg[2] ^= csum_xor >> 8
        msg[3] ^= csum_xor & 0xFF
        return T.frame(dmac, smac, src, dst, bytes(msg), hlim=hlim,
                       fix_csum=False)
    return T.frame(dmac, smac, src, dst, msg, hlim=hlim)


def unicast(**kw):
    return dict(dst=TGT, dmac=T.SHARED.stack_mac, **kw)


# name: (bad NS kwargs, valid NS kwargs, DAD-style (source ::)?)
CASES = {
    "hop_limit_254": (dict(hlim=254), {}, False),
    "icmp_code_1": (dict(code=1), {}, False),
    # 20 octets: type, code, sum, reserved and 12 of the 16 target octets
    "icmp_length_20": (dict(slla=False, truncate=20), {}, False),
    "target_multicast": (unicast(target="ff02::1"), unicast(), False),
    # a valid SLLA, then a Nonce option whose length field is 0
    "option_length_0": (dict(extra_opts=b"\x0e\x00" + b"\x00" * 6), {},
                        False),
    "unspecified_source_with_slla": (dict(slla=True), dict(slla=False), True),
    "unspecified_source_unicast_dst": (unicast(slla=False), dict(slla=False),
                                       True),
    "bad_checksum": (dict(csum_xor=0x00FF), {}, False),
}

# The drop reason each case must be counted under (drop.NAME), per
# include/v6stack/drop.def.
EXPECTED_DROP = {
    "hop_limit_254": "NDISC_HOPLIMIT",
    "icmp_code_1": "NDISC_BAD_CODE",
    "icmp_length_20": "NDISC_TRUNCATED",
    "target_multicast": "NDISC_TARGET_MULTICAST",
    "option_length_0": "NDOPT_ZERO_LEN",
    "unspecified_source_with_slla": "NDISC_DAD_WITH_SLLA",
    "unspecified_source_unicast_dst": "NDISC_DAD_NOT_SNMC",
    "bad_checksum": "ICMP6_BAD_CSUM",
}


def replies_to(rx, src, dad):
    """The stack's frames that answer (or resolve) an NS from src."""
    res = []
    for t, fr in rx:
        p = T.parse_icmp6(fr)
        if p is None:
            continue
        if p["type"] == 136 and (p["dst"] == src or
                                 (dad and p["dst"] == "ff02::1")):
            res.append((t, p))
        elif p["type"] == 135 and len(p["msg"]) >= 24 and \
                T.ip6_str(p["msg"][8:24]) == src:
            res.append((t, p))
    return res


def check_na(p, dad, eth_dst):
    why = T.describe(p)
    assert p["type"] == 136 and p["code"] == 0, why
    assert p["csum_ok"], why
    assert p["hlim"] == 255, why
    assert p["eth_src"] == T.SHARED.stack_mac, why
    assert p["eth_dst"] == eth_dst, why
    assert p["src"] in (T.SHARED.stack_ll, T.STACK_GUA), why
    na = T.parse_na(p)
    assert na["target"] == TGT, why
    assert not na["R"], why
    assert na["O"], why
    assert na["S"] == (not dad), why
    tlla = [d for t, l, d in na["opts"] if t == 2]
    assert [T.mac_str(d) for d in tlla] == [T.SHARED.stack_mac], why
    assert all(t != 1 for t, l, d in na["opts"]), why  # no SLLA (the seed)


@pytest.mark.parametrize("case", list(CASES))
def test_ns_rule(make_stack, agent, case):
    bad_kw, good_kw, dad = CASES[case]
    st = make_stack()
    bad_src, bad_mac = (UNSPEC, BAD_MAC) if dad else (BAD_SRC, BAD_MAC)
    good_src, good_mac = (UNSPEC, GOOD_MAC) if dad else (GOOD_SRC, GOOD_MAC)

    bad = ns_frame(bad_src, bad_mac, **bad_kw)
    rx = agent.xact([bad], window=0.5)
    answered = replies_to(rx, bad_src, dad)
    assert not answered, "stack answered the invalid NS (%s):\n%s" % (
        case, "\n".join("+%.3fs %s" % (t, T.describe(p))
                        for t, p in answered))

    good = ns_frame(good_src, good_mac, **good_kw)
    want_dst = "ff02::1" if dad else good_src
    rx = agent.xact([good], window=2.0, stop_icmp6_type=136)
    nas = [p for t, p in replies_to(rx, good_src, dad)
           if p["type"] == 136 and p["dst"] == want_dst]
    if not nas:
        rx += agent.xact([], window=1.0)
        nas = [p for t, p in replies_to(rx, good_src, dad)
               if p["type"] == 136 and p["dst"] == want_dst]
    assert nas, "valid NS (%s) not answered; the stack sent:\n%s" % (
        case, "\n".join(T.describe(T.parse_icmp6(f)) for t, f in rx))
    check_na(nas[0], dad, "33:33:00:00:00:01" if dad else good_mac)
    if not dad:
        late = replies_to(rx, bad_src, dad)
        assert not late, "late answer to the invalid NS: %s" % (
            T.describe(late[0][1]))

    c = st.stop()
    assert st.returncode == 0, st.logs()
    assert c.get("Icmp6OutNeighborAdvertisements", 0) >= 1, c
    drops = st.drops()
    assert drops, "invalid NS not counted as a drop: %s" % c
    assert c.get("drop." + EXPECTED_DROP[case], 0) >= 1, c
    if case == "bad_checksum":
        assert c.get("Icmp6InCsumErrors", 0) >= 1, c
        assert c.get("Icmp6InErrors", 0) >= 1, c
