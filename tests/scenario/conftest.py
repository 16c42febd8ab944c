# SPDX-License-Identifier: BSD-2-Clause
"""Fixtures for the scenario tests (topo.py builds the topologies; see
README.md for which to use when).

A module that declares no NET runs on the session's shared link, once per
backend:
  backend      module-scoped parameter: packet, pcap, tap
  stack        one running stack per backend per module (default settings)
  make_stack   factory for a test's own stack (other --set, --pcap-out, ...);
               stopped at teardown; never alongside `stack` in one module
  agent        the peer agent (peer.py) on the peer's side (raw frames)

A module that declares NET = topo.Net(...) (its own topology, packet
backend) gets instead:
  topo         NET built for the module: NET.info ({"peer_mac", ...})
  make_stack   factory for a test's own stack on NET (kwargs: topo.Stack's)
"""
import fcntl
import os
import time

import pytest

import topo as T

LOCK = "/tmp/v6s-scenario.lock"
SESSION_NETS = (T.SHARED, T.TAP)


def pytest_configure(config):
    if os.geteuid() != 0:
        raise pytest.UsageError("scenario tests need root (netns, veth, tap)")


def _leftovers():
    """Our namespaces (those of every Net the modules made) that a crashed
    or kept (V6S_KEEP) run may have left behind."""
    prefixes = tuple(p + "-" for p in T.PREFIXES)
    return [ns for ns in T.netns_list() if ns.startswith(prefixes)]


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
    for ns in _leftovers():
        T.netns_destroy(ns)
    yield
    if not os.environ.get("V6S_KEEP"):
        for net in SESSION_NETS:
            net.destroy()
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


@pytest.fixture(scope="session")
def veth_topology():
    T.SHARED.build()
    yield T.SHARED.info["peer_ll"]
    if not os.environ.get("V6S_KEEP"):
        T.SHARED.destroy()


@pytest.fixture(scope="session")
def tap_topology():
    T.TAP.build()
    yield
    if not os.environ.get("V6S_KEEP"):
        T.TAP.destroy()


def pytest_generate_tests(metafunc):
    """Modules on the shared link run once per backend; a module with its
    own NET, or its own `backend` fixture, does not."""
    if "backend" not in metafunc.fixturenames:
        return
    if getattr(metafunc.module, "NET", None) is not None:
        return
    defs = metafunc._arg2fixturedefs.get("backend")
    if defs and defs[-1].func.__module__ != __name__:
        return
    metafunc.parametrize("backend", T.BACKENDS, indirect=True,
                         scope="module")


@pytest.fixture(scope="module")
def backend(request):
    if getattr(request.module, "NET", None) is not None:
        return "packet"
    if request.param == "tap":
        request.getfixturevalue("tap_topology")
    else:
        request.getfixturevalue("veth_topology")
    return request.param


@pytest.fixture(scope="module")
def topo(request):
    """The module's own topology (its NET), built once for the module."""
    net = getattr(request.module, "NET", None)
    assert net is not None, "the topo fixture needs NET = topo.Net(...) " \
        "in %s" % request.module.__name__
    net.build()
    yield net.info
    if not os.environ.get("V6S_KEEP"):
        net.destroy()


def _net(request, backend):
    """The Net where a test's stacks run."""
    if getattr(request.module, "NET", None) is not None:
        request.getfixturevalue("topo")
        return request.module.NET
    return T.TAP if backend == "tap" else T.SHARED


_running = {}  # namespace -> Stack: at most one stack per topology


def _start(net, backend, workdir, **kw):
    st = T.Stack(net, str(workdir), backend=backend, **kw)
    other = _running.get(st.ns)
    assert other is None or not other.alive(), \
        "a stack already runs in %s (fixture misuse)" % st.ns
    _running[st.ns] = st
    return st.start()


@pytest.fixture(scope="module")
def stack(request, backend, tmp_path_factory):
    net = _net(request, backend)
    st = _start(net, backend, tmp_path_factory.mktemp("stack-" + backend))
    yield st
    st.stop()


@pytest.fixture
def make_stack(request, backend, tmp_path):
    net = _net(request, backend)
    made = []
    request.node._v6s_stacks = made

    def make(**kw):
        st = _start(net, backend, tmp_path, **kw)
        made.append(st)
        return st
    yield make
    for st in made:
        st.stop()


@pytest.fixture
def agent(request, backend):
    net = _net(request, backend)
    a = net.agent()
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
