# SPDX-License-Identifier: BSD-2-Clause
"""`run --busy-poll USECS` (issue 13 item 3): the loop spins on the links
for up to USECS before it sleeps in poll(2). Shown on every backend: the
stack answers the kernel's pings with it; in the 0.1 s after the last
frame a stack with a 0.3 s spin is seen running (state R in
/proc/PID/stat), then sleeping (S), where one without sleeps at once; a
bad value is refused with a message. No timing is
asserted: the latency gain is measured by bench/ (bench/README.md)."""
import subprocess
import time

import topo as T


def states(pid, n=40, gap=0.025):
    """n samples of the process state letter in /proc/PID/stat."""
    out = []
    for _ in range(n):
        with open("/proc/%d/stat" % pid) as f:
            out.append(f.read().rsplit(")", 1)[1].split()[0])
        time.sleep(gap)
    return out


def test_busy_poll_answers_and_spins(make_stack):
    st = make_stack(pre_args=["--busy-poll", "300000"])
    r = st.ping(st.gua, count=20, interval="0.05")
    assert r.returncode == 0 and " 0% packet loss" in r.stdout, r.stdout
    # For 0.3 s after the last frame the loop spins (R), then it sleeps
    # in poll(2) like any other (S) until the next frame (which starts
    # another 0.3 s: the kernel's own ND probes may come, hence 0.8 s).
    busy = states(st.proc.pid, n=10, gap=0.01)
    time.sleep(1.0)
    after = states(st.proc.pid, n=40, gap=0.02)
    print("with --busy-poll 300000: 0.1 s after the pings %s, 1.1 s after %s"
          % ("".join(busy), "".join(after)))
    assert busy.count("R") >= 8, busy
    assert after.count("S") >= 20, after


def test_no_busy_poll_sleeps(make_stack):
    st = make_stack()
    r = st.ping(st.gua, count=5, interval="0.05")
    assert r.returncode == 0, r.stdout
    time.sleep(0.5)
    idle = states(st.proc.pid)
    print("without, idle:", "".join(idle))
    assert idle.count("S") >= 30, idle


def test_busy_poll_bad_value_refused():
    for v in ("-1", "abc", "1000001"):
        p = subprocess.run([T.BINARY, "run", "--busy-poll", v, "-i", "lo"],
                           capture_output=True, text=True)
        assert p.returncode == 2, (v, p)
        assert "--busy-poll %s: want microseconds 0-1000000" % v in p.stderr, \
            p.stderr
