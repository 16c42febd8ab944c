# SPDX-License-Identifier: BSD-2-Clause
"""Differential fuzzing against the kernel (issue 16 item 4): a few hundred
packets from tools/difffuzz.py with a fixed seed, sent to a kernel target
and to the stack; every difference must be one of KNOWN (each explained in
docs/DIFFERENTIAL.md), so a new one fails. Own namespaces: prefix v6df."""
import fnmatch
import os
import sys

import topo as T

sys.path.insert(0, os.path.join(T.REPO, "tools"))
import difffuzz  # noqa: E402

T.PREFIXES.add("v6df")
SEED, COUNT = 7, 300

# (class pattern, kernel answer, stack answer): reason
KNOWN = {
    ("ns-uc*", "na(R0S1O0)", "na(R0S1O1)"):
        "NS to our unicast address: Linux sets O only for a multicast NS; "
        "RFC 4861 7.2.4 says O SHOULD be 1 for our own unicast target",
    ("rh4+sl0/*", "none", "echo-reply"):
        "SRH with Segments Left 0: Linux drops it while seg6_enabled=0; "
        "RFC 8200 4.4 says to ignore the header and go on",
    ("rh4+sl1/*", "none", "err 4/0 p=42"):
        "SRH with Segments Left 1 at a host: Linux drops it "
        "(seg6_enabled=0); the stack sends the Parameter Problem of RFC 8200 "
        "4.4 for a routing type it does not process",
    ("hbh+err*/dst-*", "err 4/2 p=42", "none"):
        "unknown option with action 10 in a Hop-by-Hop header of a packet "
        "not for us: Linux processes Hop-by-Hop before the destination "
        "check (RFC 8200 4.3, every node); the stack drops it first",
    ("udp-open/*", "udp-reply", "na(R0S1O1)+udp-reply"):
        "a late NA of the stack's (answering an earlier NS) seen in this "
        "packet's window",
    ("rh0+sl1/*", "none", "err 4/0 p=42"):
        "RH0 with Segments Left 1: the stack sends RFC 5095 3's Parameter "
        "Problem, Linux drops it",
    ("ns-dad/valid", "none", "na(R0S0O1)"):
        "DAD NS for our address: the kernel's NA to all-nodes sometimes "
        "not within the window (timing)",
    ("*/bytes", "*", "*"):
        "random bit flips: see docs/DIFFERENTIAL.md (addresses and "
        "lengths corrupted; not a class of its own)",
}


def known(row):
    for (cls, k, s), _ in KNOWN.items():
        if fnmatch.fnmatch(row["class"], cls) and \
                fnmatch.fnmatch(row["kernel"], k) and \
                fnmatch.fnmatch(row["stack"], s):
            return True
    return False


def test_differential_known_only(tmp_path):
    res = difffuzz.run(difffuzz.argparse.Namespace(
        seed=SEED, count=COUNT, start=0, window=30, settle=1.0,
        prefix="v6df", workdir=str(tmp_path), keep=False))
    print(difffuzz.text(res))
    assert res["stack_alive"]
    new = [r for r in res["table"] if not known(r)]
    assert not new, "new differences:\n" + "\n".join(
        "%s: kernel %s, stack %s (x%d) e.g. %s" % (
            r["class"], r["kernel"], r["stack"], r["count"],
            r["example_frame"]) for r in new)
