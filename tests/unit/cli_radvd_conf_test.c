/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * src/cli/radvd_conf*.c: radvd.conf(5) text into struct v6_radv_conf
 * (values, radvd's defaults), the refusals with their FILE:LINE (options
 * v6stack does not implement, syntax, radvd's value checks of RFC 4861
 * 6.2.1, the V6_RADV_MAX_* bounds), hostile input, and the printer's text
 * reading back to the same struct.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/radvd_conf.h"
#include "lib/t.h"

static struct radvd_conf rc, rc2;
static char err[512];

static int
parse(const char *text)
{
	err[0] = '\0';
	return radvd_conf_parse("t.conf", text, strlen(text), &rc, err, sizeof(err));
}

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

static const char full[] =
    "# a router\n"
    "interface eth0 {\n"                                 /* 2 */
    "\tAdvSendAdvert on;  # comment\n"
    "\tMinRtrAdvInterval 3.5;\n"
    "\tMaxRtrAdvInterval 10;\n"
    "\tAdvManagedFlag on; AdvOtherConfigFlag on;\n"
    "\tAdvLinkMTU 1400;\n"
    "\tAdvReachableTime 3600000;\n"
    "\tAdvRetransTimer 1000;\n"
    "\tAdvCurHopLimit 255;\n"
    "\tAdvDefaultLifetime 9000;\n"
    "\tAdvDefaultPreference high;\n"
    "\tAdvSourceLLAddress off; AdvRASolicitedUnicast off;\n"
    "\tprefix ::/64 { AdvOnLink off; AdvAutonomous off;\n"
    "\t\tAdvValidLifetime infinity; AdvPreferredLifetime 100; };\n"
    "\tprefix 2001:db8:1::/48;\n"
    "\troute 2001:db8:2::/48 { AdvRoutePreference low; AdvRouteLifetime infinity; };\n"
    "\troute ::/0 { };\n"
    "\tRDNSS 2001:db8::53 2001:db8::54 2001:db8::55 { AdvRDNSSLifetime 20; };\n"
    "\tDNSSL a.example b-c.example { AdvDNSSLLifetime infinity; };\n"
    "};\n"
    "interface eth1{};\n";                                /* 22 */

/* radvd.conf(5): every supported variable lands in its field. */
TEST(full_file)
{
	const struct v6_radv_conf *c = &rc.ifs[0].conf;

	if (parse(full) != 0) {
		t_fail(__FILE__, __LINE__, "%s", err);
		return;
	}
	CHECK_EQ(rc.n_ifs, 2);
	CHECK_STR(rc.ifs[0].name, "eth0");
	CHECK_EQ(rc.ifs[0].line, 2);
	CHECK_STR(rc.ifs[1].name, "eth1");
	CHECK_EQ(rc.ifs[1].line, 22);
	CHECK_EQ(c->send_advert, 1);
	CHECK_EQ(c->min_interval_ms, 3500);
	CHECK_EQ(c->max_interval_ms, 10000);
	CHECK_EQ(c->managed, 1);
	CHECK_EQ(c->other, 1);
	CHECK_EQ(c->link_mtu, 1400);
	CHECK_EQ(c->reachable_ms, 3600000);
	CHECK_EQ(c->retrans_ms, 1000);
	CHECK_EQ(c->cur_hop_limit, 255);
	CHECK_EQ(c->default_lifetime_s, 9000);
	CHECK_EQ(c->default_pref, 1);
	CHECK_EQ(c->source_lladdr, 0);
	CHECK_EQ(c->solicited_unicast, 0);
	CHECK_EQ(c->n_prefix, 2);
	CHECK_MEM(&c->prefix[0].prefix, &in6addr_any, 16);
	CHECK_EQ(c->prefix[0].plen, 64);
	CHECK_EQ(c->prefix[0].on_link, 0);
	CHECK_EQ(c->prefix[0].autonomous, 0);
	CHECK_EQ(c->prefix[0].valid_s, V6_LIFETIME_INFINITE);
	CHECK_EQ(c->prefix[0].preferred_s, 100);
	/* radvd's prefix defaults */
	struct in6_addr p1 = A("2001:db8:1::");
	CHECK_MEM(&c->prefix[1].prefix, &p1, 16);
	CHECK_EQ(c->prefix[1].plen, 48);
	CHECK_EQ(c->prefix[1].on_link, 1);
	CHECK_EQ(c->prefix[1].autonomous, 1);
	CHECK_EQ(c->prefix[1].valid_s, 86400);
	CHECK_EQ(c->prefix[1].preferred_s, 14400);
	CHECK_EQ(c->n_route, 2);
	CHECK_EQ(c->route[0].pref, -1);
	CHECK_EQ(c->route[0].lifetime_s, (int64_t)V6_LIFETIME_INFINITE);
	CHECK_EQ(c->route[1].plen, 0);
	CHECK_EQ(c->route[1].pref, 0);
	CHECK_EQ(c->route[1].lifetime_s, -1);
	CHECK_EQ(c->n_rdnss, 1);
	CHECK_EQ(c->rdnss[0].n_addr, 3);
	struct in6_addr d3 = A("2001:db8::55");
	CHECK_MEM(&c->rdnss[0].addr[2], &d3, 16);
	CHECK_EQ(c->rdnss[0].lifetime_s, 20);
	CHECK_EQ(c->n_dnssl, 1);
	CHECK_MEM(c->dnssl[0].names, "a.example\0b-c.example\0\0", 23);
	CHECK_EQ(c->dnssl[0].lifetime_s, (int64_t)V6_LIFETIME_INFINITE);
}

/* An empty block: v6_radv_conf_default's values (radvd's). */
TEST(defaults)
{
	struct v6_radv_conf d;

	CHECK_EQ(parse("interface eth0 { };"), 0);
	v6_radv_conf_default(&d);
	CHECK_MEM(&rc.ifs[0].conf, &d, sizeof(d));
	CHECK_EQ(rc.ifs[0].conf.send_advert, 0);
	CHECK_EQ(rc.ifs[0].conf.max_interval_ms, 600000);
	CHECK_EQ(rc.ifs[0].conf.min_interval_ms, 0);
	CHECK_EQ(rc.ifs[0].conf.default_lifetime_s, -1);
}

/* Every option radvd knows and v6stack does not implement is refused at
 * its line, in any block. */
TEST(unsupported_refused)
{
	static const char *const opts[] = {
		"IgnoreIfMissing on", "AdvHomeAgentFlag on", "AdvIntervalOpt on",
		"UnicastOnly on", "MinDelayBetweenRAs 3",
		"AdvMobRtrSupportFlag on", "AdvHomeAgentInfo on", "HomeAgentLifetime 10",
		"HomeAgentPreference 1", "AdvRASrcAddress { fe80::1; }",
		"clients { fe80::1; }", "abro fe80::1 { }", "nat64prefix 64:ff9b::/96 { }",
		"lowpanco { }", "RemoveAdvOnExit on", "AdvRAMTU 1280",
		"AdvCaptivePortalAPI \"x\"", "UnrestrictedUnicast on",
	};
	static const char *const prefix_opts[] = {
		"DeprecatePrefix on", "DecrementLifetimes on", "AdvRouterAddr on",
		"Base6Interface eth1", "Base6to4Interface eth1",
	};
	char text[512], want[256];

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		snprintf(text, sizeof(text), "interface eth0\n{\n\tAdvSendAdvert on;\n\t%s;\n};\n",
		    opts[i]);
		snprintf(want, sizeof(want), "t.conf:4: %.*s: not supported by v6stack",
		    (int)strcspn(opts[i], " "), opts[i]);
		CHECK_EQ(parse(text), -1);
		CHECK_STR(err, want);
	}
	for (size_t i = 0; i < sizeof(prefix_opts) / sizeof(prefix_opts[0]); i++) {
		snprintf(text, sizeof(text), "interface eth0 {\n\tprefix 2001:db8::/64 {\n"
		    "\t\tAdvOnLink on;\n\n\t\t%s;\n\t};\n};\n", prefix_opts[i]);
		snprintf(want, sizeof(want), "t.conf:5: %.*s: not supported by v6stack",
		    (int)strcspn(prefix_opts[i], " "), prefix_opts[i]);
		CHECK_EQ(parse(text), -1);
		CHECK_STR(err, want);
	}
	CHECK_EQ(parse("interface eth0 { route ::/0 { RemoveRoute on; }; };"), -1);
	CHECK_STR(err, "t.conf:1: RemoveRoute: not supported by v6stack");
	CHECK_EQ(parse("interface eth0 {\n RDNSS ::1 {\n FlushRDNSS off; }; };"), -1);
	CHECK_STR(err, "t.conf:3: FlushRDNSS: not supported by v6stack");
	CHECK_EQ(parse("interface eth0 {\n DNSSL a.b {\n\n FlushDNSSL off; }; };"), -1);
	CHECK_STR(err, "t.conf:4: FlushDNSSL: not supported by v6stack");
	CHECK_EQ(parse("interface eth0 { RDNSS ::1 { AdvRDNSSOpen on; }; };"), -1);
	CHECK_STR(err, "t.conf:1: AdvRDNSSOpen: not supported by v6stack");
}

static const struct bad {
	const char *text, *err;
} bads[] = {
	{ "", "t.conf:1: no interface defined" },
	{ "# only\n\n", "t.conf:3: no interface defined" },
	{ "interface eth0 { AdvSendAdvert on; }\n",
	  "t.conf:2: unexpected end of file (want ';')" },
	{ "interface eth0 {\n AdvSendAdvert 1; };", "t.conf:2: AdvSendAdvert: want on or off" },
	{ "interface eth0 {\n advsendadvert on; };", "t.conf:2: unknown option 'advsendadvert'" },
	{ "interface eth0 { AdvOnLink on; };",
	  "t.conf:1: AdvOnLink: not an option of an interface" },
	{ "interface eth0 { AdvSendAdvert on };", "t.conf:1: unexpected '}' (want ';')" },
	{ "route ::/0 { };", "t.conf:1: unexpected 'route' (want interface NAME { ... };)" },
	{ "interface { };", "t.conf:1: unexpected '{' (want an interface name)" },
	{ "interface eth0 { };\n\ninterface eth0 { };",
	  "t.conf:3: interface eth0 defined twice (first at line 1)" },
	{ "interface eth0 {\n\n MaxRtrAdvInterval 3.99; };",
	  "t.conf:3: MaxRtrAdvInterval must be between 4 and 1800 seconds" },
	{ "interface eth0 { MaxRtrAdvInterval 1801; };",
	  "t.conf:1: MaxRtrAdvInterval must be between 4 and 1800 seconds" },
	{ "interface eth0 { MaxRtrAdvInterval 10;\n MinRtrAdvInterval 7.501; };",
	  "t.conf:2: MinRtrAdvInterval must be at least 3 seconds and at most 3/4 of MaxRtrAdvInterval" },
	{ "interface eth0 {\n MinRtrAdvInterval 2.999; };",
	  "t.conf:2: MinRtrAdvInterval must be at least 3 seconds and at most 3/4 of MaxRtrAdvInterval" },
	{ "interface eth0 { MinRtrAdvInterval 3.; };",
	  "t.conf:1: MinRtrAdvInterval: want seconds, e.g. 200 or 3.5" },
	{ "interface eth0 { MaxRtrAdvInterval 100;\n AdvDefaultLifetime 99; };",
	  "t.conf:2: AdvDefaultLifetime must be 0 or between MaxRtrAdvInterval and 9000 seconds" },
	{ "interface eth0 { AdvDefaultLifetime 9001; };",
	  "t.conf:1: AdvDefaultLifetime must be at most 9000" },
	{ "interface eth0 { AdvDefaultLifetime infinity; };",
	  "t.conf:1: AdvDefaultLifetime: want a number" },
	{ "interface eth0 {\n AdvLinkMTU 1279; };",
	  "t.conf:2: AdvLinkMTU must be 0 or between 1280 and 65535" },
	{ "interface eth0 { AdvCurHopLimit 256; };", "t.conf:1: AdvCurHopLimit must be at most 255" },
	{ "interface eth0 { AdvReachableTime 3600001; };",
	  "t.conf:1: AdvReachableTime must be at most 3600000" },
	{ "interface eth0 { AdvRetransTimer 4294967296; };",
	  "t.conf:1: AdvRetransTimer: want a number" },
	{ "interface eth0 { AdvRetransTimer -1; };", "t.conf:1: AdvRetransTimer: want a number" },
	{ "interface eth0 { AdvDefaultPreference top; };",
	  "t.conf:1: AdvDefaultPreference: want low, medium or high" },
	{ "interface eth0 {\n prefix 2001:db8::/64 { AdvPreferredLifetime 100; AdvValidLifetime 50; }; };",
	  "t.conf:2: AdvPreferredLifetime must not exceed AdvValidLifetime" },
	{ "interface eth0 { prefix 2001:db8::/129 { }; };", "t.conf:1: invalid prefix length '129'" },
	{ "interface eth0 { prefix 2001:db8:: { }; };", "t.conf:1: 2001:db8::: want ADDR/LEN" },
	{ "interface eth0 { prefix 2001:zz::/64 { }; };", "t.conf:1: 2001:zz::: not an IPv6 address" },
	{ "interface eth0 { prefix 2001:db8::/64 { AdvValidLifetime 4294967296; }; };",
	  "t.conf:1: AdvValidLifetime: want a number or infinity" },
	{ "interface eth0 { RDNSS ::1; };", "t.conf:1: unexpected ';' (want an address or '{')" },
	{ "interface eth0 { route ::/0; };", "t.conf:1: unexpected ';' (want '{')" },
	{ "interface eth0 { RDNSS { }; };", "t.conf:1: unexpected '{' (want an address)" },
	{ "interface eth0 { RDNSS ::1 ::2 ::3 ::4 { }; };",
	  "t.conf:1: too many addresses in one RDNSS (max 3)" },
	{ "interface eth0 { MaxRtrAdvInterval 10;\n RDNSS ::1 { AdvRDNSSLifetime 9; }; };",
	  "t.conf:2: AdvRDNSSLifetime must be at least MaxRtrAdvInterval" },
	{ "interface eth0 {\n DNSSL a.example { AdvDNSSLLifetime 599; }; };",
	  "t.conf:2: AdvDNSSLLifetime must be at least MaxRtrAdvInterval" },
	{ "interface eth0 { DNSSL a..example { }; };",
	  "t.conf:1: a..example: DNSSL labels must be 1 to 63 bytes" },
	{ "interface eth0 { DNSSL a.exa$mple { }; };", "t.conf:1: a.exa$mple: not a domain name" },
	{ "interface eth0 {\n\tAdvSendAdvert on;\x01 };", "t.conf:2: unexpected byte 0x01" },
	{ "interface eth0 { AdvSendAdvert on; \xc3\xa9 };", "t.conf:1: unexpected byte 0xc3" },
	{ "interface eth0 { prefix 2001:db8::/64 { AdvOnLink on; };",
	  "t.conf:1: unexpected end of file (want an option or '}')" },
	{ "interface eth0 { prefix 2001:db8::/64 { AdvSendAdvert on; }; };",
	  "t.conf:1: AdvSendAdvert: not an option of a prefix" },
};

/* Syntax errors and radvd's own value checks, each at its line. */
TEST(bad_values)
{
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		if (parse(bads[i].text) != -1) {
			t_fail(__FILE__, __LINE__, "accepted: %s", bads[i].text);
			continue;
		}
		if (strcmp(err, bads[i].err))
			t_fail(__FILE__, __LINE__, "%s\n  got  %s\n  want %s",
			    bads[i].text, err, bads[i].err);
	}
}

/* The edges radvd accepts. */
TEST(edges_accepted)
{
	CHECK_EQ(parse("interface eth0 { MaxRtrAdvInterval 4; MinRtrAdvInterval 3; "
	    "AdvDefaultLifetime 4; AdvLinkMTU 65535; AdvCurHopLimit 0; };"), 0);
	CHECK_EQ(rc.ifs[0].conf.min_interval_ms, 3000);
	CHECK_EQ(parse("interface eth0 { MaxRtrAdvInterval 1800; AdvDefaultLifetime 0; "
	    "MinRtrAdvInterval 1350; };"), 0);
	CHECK_EQ(rc.ifs[0].conf.default_lifetime_s, 0);
	CHECK_EQ(rc.ifs[0].conf.min_interval_ms, 1350000);
	CHECK_EQ(parse("interface eth0 { MaxRtrAdvInterval 4.0019; };"), 0);
	CHECK_EQ(rc.ifs[0].conf.max_interval_ms, 4001);
	CHECK_EQ(parse("interface eth0 { RDNSS ::1 { AdvRDNSSLifetime 0; }; };"), 0);
	CHECK_EQ(rc.ifs[0].conf.rdnss[0].lifetime_s, 0);
}

/* The V6_RADV_MAX_* bounds are errors at the first block beyond. */
TEST(bounds)
{
	static char text[8192];
	size_t n = 0;

	n += (size_t)snprintf(text + n, sizeof(text) - n, "interface eth0 {\n");
	for (int i = 0; i <= V6_RADV_MAX_PREFIXES; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    "prefix 2001:db8:%x::/64 { };\n", i);
	n += (size_t)snprintf(text + n, sizeof(text) - n, "};\n");
	CHECK_EQ(parse(text), -1);
	CHECK_STR(err, "t.conf:18: too many prefixes (max 16)");

	n = (size_t)snprintf(text, sizeof(text), "interface eth0 {\n");
	for (int i = 0; i <= V6_RADV_MAX_ROUTES; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "route 2001:db8:%x::/48 { };\n", i);
	snprintf(text + n, sizeof(text) - n, "};\n");
	CHECK_EQ(parse(text), -1);
	CHECK_STR(err, "t.conf:18: too many routes (max 16)");

	n = (size_t)snprintf(text, sizeof(text), "interface eth0 {\n");
	for (int i = 0; i <= V6_RADV_MAX_RDNSS; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "RDNSS ::%x { };\n", i + 1);
	snprintf(text + n, sizeof(text) - n, "};\n");
	CHECK_EQ(parse(text), -1);
	CHECK_STR(err, "t.conf:6: too many RDNSS (max 4)");

	n = (size_t)snprintf(text, sizeof(text), "interface eth0 {\n");
	for (int i = 0; i <= V6_RADV_MAX_DNSSL; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n, "DNSSL d%d.example { };\n", i);
	snprintf(text + n, sizeof(text) - n, "};\n");
	CHECK_EQ(parse(text), -1);
	CHECK_STR(err, "t.conf:6: too many DNSSL (max 4)");
}

/* RFC 1035 2.3.4 sizes: a 63-byte label fits, 64 does not; the names of
 * one DNSSL fill at most V6_RADV_DNSSL_LEN with their separators. */
TEST(dnssl_sizes)
{
	static char text[2048], l63[64], l64[65], n250[251];

	memset(l63, 'a', 63);
	memset(l64, 'b', 64);
	for (int i = 0; i < 250; i++)
		n250[i] = i % 50 == 49 ? '.' : 'c';
	n250[249] = 'c';
	snprintf(text, sizeof(text), "interface eth0 { DNSSL %s.example { }; };", l63);
	CHECK_EQ(parse(text), 0);
	CHECK_EQ(strlen(rc.ifs[0].conf.dnssl[0].names), 63 + 8);
	snprintf(text, sizeof(text), "interface eth0 { DNSSL %s.example { }; };", l64);
	CHECK_EQ(parse(text), -1);
	/* 250 + 1: fits alone (with the final empty name: 252 <= 256) */
	snprintf(text, sizeof(text), "interface eth0 { DNSSL %s { }; };", n250);
	CHECK_EQ(parse(text), 0);
	snprintf(text, sizeof(text), "interface eth0 { DNSSL %s a.b { }; };", n250);
	CHECK_EQ(parse(text), 0);
	snprintf(text, sizeof(text), "interface eth0 { DNSSL %s ab.c { }; };", n250);
	CHECK_EQ(parse(text), -1);
	CHECK_STR(err, "t.conf:1: DNSSL names longer than 254 bytes in all");
}

/* Hostile input: NUL bytes, words beyond the bound, deep braces, an
 * unterminated buffer, a name too long for an interface. */
TEST(hostile)
{
	static char big[4096];
	char nul[] = "interface eth0 { AdvSendAdvert on; };";

	nul[10] = '\0';
	CHECK_EQ(radvd_conf_parse("t.conf", nul, sizeof(nul) - 1, &rc, err, sizeof(err)), -1);
	CHECK_STR(err, "t.conf:1: unexpected byte 0x00");
	memset(big, 'x', sizeof(big) - 1);
	CHECK_EQ(parse(big), -1);
	CHECK_STR(err, "t.conf:1: word longer than 255 bytes");
	memset(big, '{', sizeof(big) - 1);
	CHECK_EQ(parse(big), -1);
	CHECK_EQ(parse("interface a23456789012345678901234567890123 { };"), -1);
	/* the text ends at len, not at a '\0' */
	CHECK_EQ(radvd_conf_parse("t.conf", "interface eth0 { };XYZ", 19, &rc, err,
	    sizeof(err)), 0);
	/* a short err buffer is cut, not overrun */
	char tiny[8];
	CHECK_EQ(radvd_conf_parse("t.conf", "x", 1, &rc, tiny, sizeof(tiny)), -1);
	CHECK_EQ(strlen(tiny) < sizeof(tiny), 1);
}

/* The printer's text parses back to the same struct (comments for what is
 * derived), and shows each value as radvd.conf writes it. */
TEST(print_round_trip)
{
	static char out[16384];
	FILE *f;

	if (parse(full) != 0) {
		t_fail(__FILE__, __LINE__, "%s", err);
		return;
	}
	f = fmemopen(out, sizeof(out), "w");
	for (unsigned i = 0; i < rc.n_ifs; i++)
		radvd_conf_print(f, rc.ifs[i].name, &rc.ifs[i].conf);
	fclose(f);
	if (radvd_conf_parse("p.conf", out, strlen(out), &rc2, err, sizeof(err)) != 0) {
		t_fail(__FILE__, __LINE__, "%s in\n%s", err, out);
		return;
	}
	CHECK_EQ(rc2.n_ifs, 2);
	CHECK_MEM(&rc2.ifs[0].conf, &rc.ifs[0].conf, sizeof(rc.ifs[0].conf));
	CHECK_MEM(&rc2.ifs[1].conf, &rc.ifs[1].conf, sizeof(rc.ifs[1].conf));
	CHECK(strstr(out, "\tMinRtrAdvInterval 3.5;\n") != NULL);
	CHECK(strstr(out, "\tprefix ::/64 {\n\t\tAdvOnLink off;\n") != NULL);
	CHECK(strstr(out, "\t\tAdvValidLifetime infinity;\n") != NULL);
	CHECK(strstr(out, "\tRDNSS 2001:db8::53 2001:db8::54 2001:db8::55 {\n"
	    "\t\tAdvRDNSSLifetime 20;\n") != NULL);
	CHECK(strstr(out, "\tDNSSL a.example b-c.example {\n") != NULL);
	/* eth1 is all defaults: Min and the lifetimes derived from Max 600 */
	CHECK(strstr(out, "#\tMinRtrAdvInterval 200; (derived from MaxRtrAdvInterval)\n") != NULL);
	CHECK(strstr(out, "#\tAdvDefaultLifetime 1800; (3 * MaxRtrAdvInterval)\n") != NULL);
	CHECK(strstr(out, "#\t\tAdvRouteLifetime 30; (3 * MaxRtrAdvInterval)\n") != NULL);
}

/* What a derived lifetime is printed as is what radv.c sends: RDNSS and
 * DNSSL once MaxRtrAdvInterval (not twice), a route three times its whole
 * seconds, the Router Lifetime three times Max in milliseconds. */
TEST(derived_lifetimes_as_the_core_sends)
{
	CHECK_EQ(radvd_conf_derived_life(RADVD_LIFE_DNS, 600000), 600);
	CHECK_EQ(radvd_conf_derived_life(RADVD_LIFE_DNS, 4500), 4);
	CHECK_EQ(radvd_conf_derived_life(RADVD_LIFE_ROUTE, 4500), 12);
	CHECK_EQ(radvd_conf_derived_life(RADVD_LIFE_ROUTER, 4500), 13);
	CHECK_EQ(radvd_conf_derived_life(RADVD_LIFE_ROUTER, 0), 1);
}

/* radvd_conf_read: missing file, and a file over the size bound. */
TEST(read_file)
{
	char path[] = "/tmp/v6rcXXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	CHECK_EQ(radvd_conf_read("/nonexistent/radvd.conf", &rc, err, sizeof(err)), -1);
	CHECK_STR(err, "/nonexistent/radvd.conf: No such file or directory");
	if (fd < 0)
		return;
	f = fdopen(fd, "w");
	fputs("interface eth0 { AdvSendAdvert on; };\n", f);
	fflush(f);
	CHECK_EQ(radvd_conf_read(path, &rc, err, sizeof(err)), 0);
	CHECK_EQ(rc.ifs[0].conf.send_advert, 1);
	for (int i = 0; i < RADVD_CONF_FILE_MAX / 64 + 1; i++)
		fputs("#23456789012345678901234567890123456789012345678901234567890123\n", f);
	fclose(f);
	CHECK_EQ(radvd_conf_read(path, &rc, err, sizeof(err)), -1);
	CHECK(strstr(err, ": larger than 1048576 bytes") != NULL);
	unlink(path);
}

T_MAIN()
