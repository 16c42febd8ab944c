# SPDX-License-Identifier: BSD-2-Clause
"""--radvd-conf FILE (radvd.conf(5), radvd 2.19): the stack takes exactly the
good files, radvd itself (`radvd -c -C FILE`) takes every file the stack
takes, each option radvd knows and v6stack does not implement is refused
with its FILE:LINE, and `v6stack ra show` prints the configuration back
(RFC 4861 6.2.1 variables by their radvd.conf names)."""
import os
import re
import shutil

import pytest

import topo as T

RADVD = shutil.which("radvd") or "/usr/sbin/radvd"
IF = T.SHARED.stk_if


@pytest.fixture(scope="module")
def backend(veth_topology):
    """One backend: the parser does not depend on the link."""
    return "packet"


FULL = """# every option v6stack implements
interface IFACE {
	AdvSendAdvert on;
	MinRtrAdvInterval 3.5;
	MaxRtrAdvInterval 10;
	AdvManagedFlag on;
	AdvOtherConfigFlag on;
	AdvLinkMTU 1400;
	AdvReachableTime 30000;
	AdvRetransTimer 1000;
	AdvCurHopLimit 32;
	AdvDefaultLifetime 30;
	AdvDefaultPreference high;
	AdvSourceLLAddress on;
	prefix ::/64 {
		AdvOnLink on;
		AdvAutonomous on;
		AdvValidLifetime infinity;
		AdvPreferredLifetime 3600;
	};
	prefix 2001:db8:1::/48;
	route 2001:db8:2::/48 {
		AdvRoutePreference low;
		AdvRouteLifetime 1800;
	};
	RDNSS 2001:db8::53 2001:db8::54 {
		AdvRDNSSLifetime infinity;
	};
	DNSSL a.example b.example {
		AdvDNSSLLifetime 20;
	};
};
"""

GOOD = {
    "full": FULL,
    "empty-block": "interface IFACE { };\n",
    "defaults-off": "interface IFACE {\n\tAdvSendAdvert off;\n};\n",
    "edges": "interface IFACE { AdvSendAdvert on; MaxRtrAdvInterval 4; "
             "MinRtrAdvInterval 3; AdvDefaultLifetime 0; AdvCurHopLimit 0; "
             "route ::/0 { AdvRouteLifetime infinity; }; };\n",
    "comments": "# c\ninterface IFACE # x\n{ AdvSendAdvert on;# y\n\tprefix "
                "2001:db8::/64 { AdvPreferredLifetime 0; AdvValidLifetime 0; };\n};\n",
}

# name -> (text, line, message): refused by the stack (exit 2, FILE:LINE).
BAD = {
    "syntax-missing-semicolon": (
        "interface IFACE {\n\tAdvSendAdvert on\n};\n", 3, "unexpected '}'"),
    "syntax-no-closing-semicolon": (
        "interface IFACE { AdvSendAdvert on; }\n", 2, "unexpected end of file"),
    "not-an-onoff": ("interface IFACE {\n\n\tAdvManagedFlag 1;\n};\n", 3,
                     "AdvManagedFlag: want on or off"),
    "max-interval": ("interface IFACE {\n\tMaxRtrAdvInterval 3;\n};\n", 2,
                     "MaxRtrAdvInterval must be between 4 and 1800 seconds"),
    "min-interval": ("interface IFACE {\n\tMaxRtrAdvInterval 10;\n"
                     "\tMinRtrAdvInterval 8;\n};\n", 3,
                     "at most 3/4 of MaxRtrAdvInterval"),
    "default-lifetime": ("interface IFACE {\n\tAdvDefaultLifetime 9001;\n};\n",
                         2, "AdvDefaultLifetime must be at most 9000"),
    "link-mtu": ("interface IFACE {\n\tAdvLinkMTU 1000;\n};\n", 2,
                 "AdvLinkMTU must be 0 or between 1280 and 65535"),
    "hop-limit": ("interface IFACE {\n\tAdvCurHopLimit 256;\n};\n", 2,
                  "AdvCurHopLimit must be at most 255"),
    "reachable": ("interface IFACE {\n\tAdvReachableTime 3600001;\n};\n", 2,
                  "AdvReachableTime must be at most 3600000"),
    "preferred-over-valid": (
        "interface IFACE {\n\tprefix 2001:db8::/64 {\n\t\tAdvValidLifetime 10;"
        "\n\t\tAdvPreferredLifetime 20;\n\t};\n};\n", 2,
        "AdvPreferredLifetime must not exceed AdvValidLifetime"),
    "too-many-rdnss-addrs": (
        "interface IFACE {\n\tRDNSS ::1 ::2 ::3 ::4 { };\n};\n", 2,
        "too many addresses in one RDNSS"),
    "bad-dnssl": ("interface IFACE {\n\tDNSSL a..b { };\n};\n", 2,
                  "DNSSL labels must be 1 to 63 bytes"),
    "not-our-interface": ("interface IFACE { };\n\ninterface v6s-nosuch9 { };\n",
                          3, "interface v6s-nosuch9 is not one of the stack's"),
    "duplicate": ("interface IFACE { };\ninterface IFACE { };\n", 2,
                  "defined twice"),
    "empty-file": ("# nothing\n", 2, "no interface defined"),
}

# Options radvd 2.19 takes and v6stack does not implement: (option, the
# text around it); each must be refused by name at its line, and radvd
# must take the same file (the option is real radvd.conf).
UNSUPPORTED = [
    ("IgnoreIfMissing", "IgnoreIfMissing on;"),
    ("AdvHomeAgentFlag", "AdvHomeAgentFlag on;"),
    ("AdvIntervalOpt", "AdvIntervalOpt on;"),
    ("UnicastOnly", "UnicastOnly on;"),
    ("MinDelayBetweenRAs", "MinDelayBetweenRAs 3;"),
    ("AdvMobRtrSupportFlag", "AdvMobRtrSupportFlag on;"),
    ("AdvHomeAgentInfo", "AdvHomeAgentInfo on;"),
    ("HomeAgentLifetime", "HomeAgentLifetime 10;"),
    ("HomeAgentPreference", "HomeAgentPreference 1;"),
    ("AdvRASrcAddress", "AdvRASrcAddress { fe80::1; };"),
    ("clients", "clients { fe80::1; };"),
    ("abro", "abro fe80::1 { AdvVersionLow 1; };"),
    ("lowpanco", "lowpanco { AdvContextLength 64; };"),
    ("AdvRAMTU", "AdvRAMTU 1280;"),
    ("DeprecatePrefix", "prefix 2001:db8::/64 {\n\tDeprecatePrefix on; };"),
    ("DecrementLifetimes", "prefix 2001:db8::/64 {\n\tDecrementLifetimes on; };"),
    ("AdvRouterAddr", "prefix 2001:db8::/64 {\n\tAdvRouterAddr on; };"),
    ("Base6Interface", "prefix ::/64 {\n\tBase6Interface lo; };"),
    ("Base6to4Interface", "prefix 0:0:0:1234::/64 {\n\tBase6to4Interface lo; };"),
    ("RemoveRoute", "route 2001:db8::/48 {\n\tRemoveRoute on; };"),
    ("FlushRDNSS", "RDNSS 2001:db8::1 {\n\tFlushRDNSS on; };"),
    ("FlushDNSSL", "DNSSL a.example {\n\tFlushDNSSL on; };"),
    ("AdvRDNSSPreference", "RDNSS 2001:db8::1 {\n\tAdvRDNSSPreference 8; };"),
    ("AdvRDNSSOpen", "RDNSS 2001:db8::1 {\n\tAdvRDNSSOpen on; };"),
]


def unsupported_text(snippet):
    """The option on line 4 (or 5 inside a block of line 4)."""
    return "# refused\ninterface IFACE {\n\tAdvSendAdvert on;\n\t%s\n};\n" % snippet


def write(tmp_path, name, text):
    path = os.path.join(str(tmp_path), name + ".conf")
    with open(path, "w") as f:
        f.write(text.replace("IFACE", IF))
    return path


def radvd_check(path):
    if not os.path.exists(RADVD):
        pytest.skip("radvd is not installed (apt-get install radvd)")
    return T.sh([RADVD, "-c", "-C", path], check=False, timeout=20)


def run_refused(path):
    return T.sh([T.BINARY, "run", "-i", IF, "-b", "packet", "--radvd-conf", path],
                ns=T.SHARED.stk_ns, timeout=10, check=False)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_accepted_by_stack_and_radvd(make_stack, tmp_path, name):
    """radvd.conf(5): a file the stack takes runs (ready, clean exit) and
    radvd -c takes it too, so our grammar is no wider than radvd's."""
    path = write(tmp_path, name, GOOD[name])
    p = radvd_check(path)
    assert p.returncode == 0, (name, p.stdout, p.stderr)
    st = make_stack(extra=["--radvd-conf", path])
    assert st.alive(), st.logs()
    st.stop()
    assert st.returncode == 0, st.logs()


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_refused_with_line(tmp_path, name):
    """A syntax error or a value radvd refuses (RFC 4861 6.2.1 bounds) stops
    the stack before ready: exit 2, one line naming FILE:LINE."""
    text, line, message = BAD[name]
    path = write(tmp_path, name, text)
    p = run_refused(path)
    assert p.returncode == 2, (name, p.returncode, p.stdout, p.stderr)
    assert "ready" not in p.stdout
    want = "--radvd-conf %s:%d: " % (path, line)
    assert want in p.stderr and message in p.stderr, (want, message, p.stderr)
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr


@pytest.mark.parametrize("option,snippet", UNSUPPORTED,
                         ids=[o for o, _ in UNSUPPORTED])
def test_unsupported_refused_radvd_accepts(tmp_path, option, snippet):
    """Every radvd option v6stack lacks is refused by name at its line,
    never ignored; radvd -c takes the same file (a real radvd option)."""
    path = write(tmp_path, option, unsupported_text(snippet))
    line = 5 if "\n" in snippet else 4
    p = radvd_check(path)
    assert p.returncode == 0, (option, p.stdout, p.stderr)
    p = run_refused(path)
    assert p.returncode == 2, (option, p.returncode, p.stdout, p.stderr)
    want = "--radvd-conf %s:%d: %s: not supported by v6stack" % (path, line, option)
    assert want in p.stderr, (want, p.stderr)


def test_ra_show(make_stack, tmp_path):
    """v6stack ra show prints the configuration as radvd.conf text: flags,
    intervals, lifetimes, prefixes, routes, RDNSS, DNSSL (the next-RA time
    depends on the core's sender, not asserted)."""
    path = write(tmp_path, "full", FULL)
    st = make_stack(extra=["--radvd-conf", path],
                    sets=["conf.IFACE.forwarding=1"])
    out = st.cli("ra", "show", "-I", st.ifname).stdout
    block = out[out.index("interface %s {" % IF):]
    for want in ["\tAdvSendAdvert on;", "\tMinRtrAdvInterval 3.5;",
                 "\tMaxRtrAdvInterval 10;", "\tAdvManagedFlag on;",
                 "\tAdvOtherConfigFlag on;", "\tAdvLinkMTU 1400;",
                 "\tAdvReachableTime 30000;", "\tAdvRetransTimer 1000;",
                 "\tAdvCurHopLimit 32;", "\tAdvDefaultLifetime 30;",
                 "\tAdvDefaultPreference high;", "\tAdvSourceLLAddress on;",
                 "\tprefix ::/64 {\n\t\tAdvOnLink on;\n\t\tAdvAutonomous on;\n"
                 "\t\tAdvValidLifetime infinity;\n\t\tAdvPreferredLifetime 3600;\n\t};",
                 "\tprefix 2001:db8:1::/48 {\n\t\tAdvOnLink on;\n\t\tAdvAutonomous on;\n"
                 "\t\tAdvValidLifetime 86400;\n\t\tAdvPreferredLifetime 14400;\n\t};",
                 "\troute 2001:db8:2::/48 {\n\t\tAdvRoutePreference low;\n"
                 "\t\tAdvRouteLifetime 1800;\n\t};",
                 "\tRDNSS 2001:db8::53 2001:db8::54 {\n\t\tAdvRDNSSLifetime infinity;\n\t};",
                 "\tDNSSL a.example b.example {\n\t\tAdvDNSSLLifetime 20;\n\t};",
                 "\n};\n"]:
        assert want in block, (want, out)
    assert re.search(r"^# (next RA in \d+\.\d{3}s|not advertising)$", out, re.M), out
    # what ra show prints is itself a file radvd takes
    shown = os.path.join(str(tmp_path), "shown.conf")
    with open(shown, "w") as f:
        f.write(out.replace("#exit 0\n", ""))
    p = radvd_check(shown)
    assert p.returncode == 0, (out, p.stderr)
    def config(text):  # without the next-RA line, which moves
        return re.sub(r"^# (next RA in|not advertising).*\n", "", text, flags=re.M)
    assert config(st.cli("ra", "show", "dev", IF, "-I", st.ifname).stdout) == \
        config(out)
    p = st.cli("ra", "show", "dev", "v6s-nosuch9", "-I", st.ifname, check=False)
    assert p.returncode == 1 and 'Cannot find device "v6s-nosuch9"' in p.stdout, \
        (p.returncode, p.stdout, p.stderr)
    st.stop()
    assert st.returncode == 0, st.logs()


def test_ra_show_unconfigured(make_stack):
    """Without --radvd-conf, ra show says so for each interface."""
    st = make_stack()
    out = st.cli("ra", "show", "-I", st.ifname).stdout
    assert "# %s: no Router Advertisement configuration" % IF in out, out
