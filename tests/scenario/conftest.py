"""Fixtures for the scenario tests (see v6s_lib.py for the topology).

backend      module-scoped parameter: packet, pcap, tap
stack        one running stack per backend per module (default settings)
make_stack   factory for a test's own stack (other --set, --pcap-out, ...);
             stopped at teardown; never alongside `stack` in one module
agent        ndagent.py in the peer namespace (raw frames in/out)
"""
import fcntl
import os
import time

import pytest

import v6s_lib as L

LOCK = "/tmp/v6s-scenario.lock"


def pytest_configure(config):
    if os.geteuid() != 0:
        raise pytest.UsageError("scenario tests need root (netns, veth, tap)")


@pytest.fixture(scope="session", autouse=True)
def _v6s_session():
    """One suite at a time on this machine; clear leftovers of a crashed run
    (our namespaces only, and the processes still inside them)."""
    fd = os.open(LOCK, os.O_CREAT | os.O_RDWR, 0o644)
    deadline = time.monotonic() + 900
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise RuntimeError("another scenario run holds " + LOCK)
            time.sleep(1)
    for ns in L.ALL_NS:
        L.netns_destroy(ns)
    yield
    for ns in L.ALL_NS:
        L.netns_destroy(ns)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


@pytest.fixture(scope="session")
def veth_topology():
    peer_ll = L.make_veth_topology()
    yield peer_ll
    L.netns_destroy(L.NS_STK)
    L.netns_destroy(L.NS_PEER)


@pytest.fixture(scope="session")
def tap_topology():
    L.make_tap_ns()
    yield
    L.netns_destroy(L.NS_TAP)


@pytest.fixture(scope="module", params=L.BACKENDS)
def backend(request):
    if request.param == "tap":
        request.getfixturevalue("tap_topology")
    else:
        request.getfixturevalue("veth_topology")
    return request.param


_running = {}  # namespace -> Stack: at most one stack per topology


def _start(backend, workdir, **kw):
    st = L.Stack(backend, str(workdir), **kw)
    other = _running.get(st.ns)
    assert other is None or not other.alive(), \
        "a stack already runs in %s (fixture misuse)" % st.ns
    _running[st.ns] = st
    return st.start()


@pytest.fixture(scope="module")
def stack(backend, tmp_path_factory):
    st = _start(backend, tmp_path_factory.mktemp("stack-" + backend))
    yield st
    st.stop()


@pytest.fixture
def make_stack(backend, tmp_path, request):
    made = []
    request.node._v6s_stacks = made

    def make(**kw):
        st = _start(backend, tmp_path, **kw)
        made.append(st)
        return st
    yield make
    for st in made:
        st.stop()


@pytest.fixture
def agent(backend):
    if backend == "tap":
        a = L.Agent(L.NS_TAP, L.IF_TAP, L.STACK_MAC)
    else:
        a = L.Agent(L.NS_PEER, L.IF_PEER, L.STACK_MAC)
    yield a
    a.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.when != "call" or not rep.failed:
        return
    stacks = list(getattr(item, "_v6s_stacks", []))
    st = getattr(item, "funcargs", {}).get("stack")
    if st is not None:
        stacks.append(st)
    for i, st in enumerate(stacks):
        try:
            rep.sections.append(("v6stack %d (%s)" % (i, " ".join(st.argv)),
                                 st.logs()))
        except OSError:
            pass
