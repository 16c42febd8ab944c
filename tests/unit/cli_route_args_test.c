/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * src/cli/route_args.c: `ip -6 route add` arguments (good lines and the
 * iproute2-worded errors of bad ones), and the exact lines of
 * `ip -6 route show` / `ip -6 route get` (observed on Linux 6.18 with
 * iproute2-6.1.0, see route_args.c). Needs no core: devices are fakes.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "cli/route_args.h"
#include "cli/rule_args.h"
#include "lib/t.h"

/* Opaque to us: the fakes are just distinct addresses. */
static char fake_r0, fake_eth0;
#define DEV_R0 ((struct v6_iface *)(void *)&fake_r0)
#define DEV_ETH0 ((struct v6_iface *)(void *)&fake_eth0)

static struct v6_iface *
fake_dev(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(name, "r0") == 0)
		return DEV_R0;
	if (strcmp(name, "eth0") == 0)
		return DEV_ETH0;
	return NULL;
}

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		abort();
	}
	return a;
}

static const struct good {
	const char *line;
	const char *dst;
	unsigned len, type, proto;
	uint32_t metric;
	const char *gw; /* NULL: none */
	struct v6_iface *dev;
	uint32_t mtu;
} goods[] = {
	{"2001:db8:b::/64 via 2001:db8:a::2 dev r0", "2001:db8:b::", 64, 0, 0, 0, "2001:db8:a::2", DEV_R0, 0},
	{"default via fe80::1 dev eth0 proto static", "::", 0, 0, 4, 0, "fe80::1", DEV_ETH0, 0},
	{"unicast 2001:db8::1", "2001:db8::1", 128, V6_RTN_UNICAST, 0, 0, NULL, NULL, 0},
	{"blackhole 2001:db8:dead::/48", "2001:db8:dead::", 48, V6_RTN_BLACKHOLE, 0, 0, NULL, NULL, 0},
	{"unreachable 2001:db8:f1::/48 proto static mtu 1300", "2001:db8:f1::", 48, V6_RTN_UNREACHABLE, 4, 0, NULL, NULL, 1300},
	{"prohibit ::/0", "::", 0, V6_RTN_PROHIBIT, 0, 0, NULL, NULL, 0},
	{"2001:db8:c::/64 dev r0 metric 5 proto 42", "2001:db8:c::", 64, 0, 42, 5, NULL, DEV_R0, 0},
	{"2001:db8:c::/64 dev r0 preference 4294967295 proto kernel", "2001:db8:c::", 64, 0, 2, 4294967295u, NULL, DEV_R0, 0},
	{"2001:db8:c::/64 proto ra proto boot mtu 65535 mtu 1280", "2001:db8:c::", 64, 0, 3, 0, NULL, NULL, 1280},
	{"  via 2001:db8:a::2\t2001:db8::/32  metric 0 ", "2001:db8::", 32, 0, 0, 0, "2001:db8:a::2", NULL, 0},
};

TEST(parse_good)
{
	for (size_t i = 0; i < sizeof(goods) / sizeof(goods[0]); i++) {
		const struct good *g = &goods[i];
		struct v6_route_spec r;
		char err[128] = "";
		struct in6_addr dst = A(g->dst);

		if (route_spec_parse_line(g->line, &r, fake_dev, NULL, err, sizeof(err)) != 0) {
			t_fail(__FILE__, __LINE__, "\"%s\": %s", g->line, err);
			continue;
		}
		CHECK_MEM(&r.dst, &dst, 16);
		CHECK_EQ(r.dst_len, g->len);
		CHECK_EQ(r.type, g->type);
		CHECK_EQ(r.protocol, g->proto);
		CHECK_EQ(r.metric, g->metric);
		CHECK_EQ(r.has_gw, g->gw != NULL);
		if (g->gw) {
			struct in6_addr gw = A(g->gw);
			CHECK_MEM(&r.gw, &gw, 16);
		}
		CHECK(r.dev == g->dev);
		CHECK_EQ(r.mtu, g->mtu);
	}
}

static const struct bad {
	const char *line, *err;
} bads[] = {
	{"", "Command line is not complete. Try option \"help\""},
	{"blackhole", "Command line is not complete. Try option \"help\""},
	{"x", "Error: inet6 prefix is expected rather than \"x\"."},
	{"2001:db8::/129", "Error: inet6 prefix is expected rather than \"2001:db8::/129\"."},
	{"2001:db8::/", "Error: inet6 prefix is expected rather than \"2001:db8::/\"."},
	{"2001:db8::/-1", "Error: inet6 prefix is expected rather than \"2001:db8::/-1\"."},
	{"10.0.0.0/8", "Error: inet6 prefix is expected rather than \"10.0.0.0/8\"."},
	{"2001:db8::/64 dev eth9", "Cannot find device \"eth9\""},
	{"2001:db8::/64 dev", "Command line is not complete. Try option \"help\""},
	{"2001:db8::/64 via zz", "Error: inet6 address is expected rather than \"zz\"."},
	{"2001:db8::/64 via fe80::1 via fe80::2", "Error: either \"via\" is duplicate, or \"fe80::2\" is a garbage."},
	{"2001:db8::/64 metric x", "Error: argument \"x\" is wrong: \"metric\" value is invalid"},
	{"2001:db8::/64 metric 4294967296", "Error: argument \"4294967296\" is wrong: \"metric\" value is invalid"},
	{"2001:db8::/64 metric -1", "Error: argument \"-1\" is wrong: \"metric\" value is invalid"},
	{"2001:db8::/64 proto zz", "Error: argument \"zz\" is wrong: \"protocol\" value is invalid"},
	{"2001:db8::/64 proto 256", "Error: argument \"256\" is wrong: \"protocol\" value is invalid"},
	{"2001:db8::/64 mtu 1279", "Error: argument \"1279\" is wrong: \"mtu\" value is invalid"},
	{"2001:db8::/64 mtu 65536", "Error: argument \"65536\" is wrong: \"mtu\" value is invalid"},
	{"2001:db8::/64 foo", "Error: either \"to\" is duplicate, or \"foo\" is a garbage."},
	{"2001:db8::/64 2001:db8:1::/64", "Error: either \"to\" is duplicate, or \"2001:db8:1::/64\" is a garbage."},
	{"blackhole 2001:db8::/64 via fe80::1", "Error: a blackhole route takes no gateway (\"via\")."},
	{"unreachable 2001:db8::/64 via fe80::1", "Error: a unreachable route takes no gateway (\"via\")."},
	{"prohibit default via fe80::1", "Error: a prohibit route takes no gateway (\"via\")."},
	{"a b c d e f g h i j k l m n o p q r s t u v w x y z 0 1 2 3 4 5 6", "Error: route spec has more than 32 words."},
};

TEST(parse_bad)
{
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		struct v6_route_spec r;
		char err[128] = "";

		if (route_spec_parse_line(bads[i].line, &r, fake_dev, NULL, err, sizeof(err)) == 0) {
			t_fail(__FILE__, __LINE__, "\"%s\" accepted", bads[i].line);
			continue;
		}
		CHECK_STR(err, bads[i].err);
	}
}

TEST(parse_line_too_long)
{
	char line[ROUTE_ARGS_LINE_MAX + 2];
	struct v6_route_spec r;
	char err[128] = "";

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	CHECK_EQ(route_spec_parse_line(line, &r, fake_dev, NULL, err, sizeof(err)), -1);
	CHECK_STR(err, "Error: route spec longer than 512 bytes.");
}

TEST(parse_argv_and_null_lookup)
{
	char *argv[] = {"2001:db8::/64", "dev", "r0"};
	struct v6_route_spec r;
	char err[16];

	CHECK_EQ(route_spec_parse(3, argv, &r, fake_dev, NULL, err, sizeof(err)), 0);
	CHECK(r.dev == DEV_R0);
	/* no lookup function: every device is unknown; err truncated, not overrun */
	CHECK_EQ(route_spec_parse(3, argv, &r, NULL, NULL, err, sizeof(err)), -1);
	CHECK_STR(err, "Cannot find dev");
	CHECK_EQ(route_spec_parse(3, argv, &r, NULL, NULL, NULL, 0), -1);
}

/* Parse a line, print it with devname, compare with what Linux printed. */
static const struct shown {
	const char *line, *devname, *want;
} shows[] = {
	{"2001:db8:b::/64 via 2001:db8:a::2 dev r0 proto static", "r0",
	    "2001:db8:b::/64 via 2001:db8:a::2 dev r0 proto static metric 1024 pref medium\n"},
	{"2001:db8:b::/64 via 2001:db8:a::2 dev r0 proto static mtu 1400", "r0",
	    "2001:db8:b::/64 via 2001:db8:a::2 dev r0 proto static metric 1024 mtu 1400 pref medium\n"},
	{"blackhole 2001:db8:dead::/48", NULL,
	    "blackhole 2001:db8:dead::/48 dev lo metric 1024 pref medium\n"},
	{"blackhole 2001:db8:dead::/48 proto static", NULL,
	    "blackhole 2001:db8:dead::/48 dev lo proto static metric 1024 pref medium\n"},
	{"unreachable 2001:db8:e::/48 mtu 1300 proto static", NULL,
	    "unreachable 2001:db8:e::/48 dev lo proto static metric 1024 mtu 1300 pref medium\n"},
	{"prohibit 2001:db8:f2::/48", NULL, "prohibit 2001:db8:f2::/48 dev lo metric 1024 pref medium\n"},
	{"default via fe80::1 dev eth0 proto static", "eth0",
	    "default via fe80::1 dev eth0 proto static metric 1024 pref medium\n"},
	{"2001:db8:a::/64 dev r0 proto kernel metric 256", "r0",
	    "2001:db8:a::/64 dev r0 proto kernel metric 256 pref medium\n"},
	{"2001:db8:c::/64 dev r0 metric 5 proto 42", "r0",
	    "2001:db8:c::/64 dev r0 proto babel metric 5 pref medium\n"},
	{"2001:db8:c::/64 dev r0 proto 77", "r0", "2001:db8:c::/64 dev r0 proto 77 metric 1024 pref medium\n"},
	{"2001:db8:d::/64 via 2001:db8:a::3 dev r0 proto ra", "r0",
	    "2001:db8:d::/64 via 2001:db8:a::3 dev r0 proto ra metric 1024 pref medium\n"},
	{"2001:db8::1 dev r0", "r0", "2001:db8::1 dev r0 metric 1024 pref medium\n"},
	{"2001:db8::1/64 dev r0", "r0", "2001:db8::/64 dev r0 metric 1024 pref medium\n"},
};

static void
print_to(char *buf, size_t len, const struct v6_route_spec *r, const char *devname)
{
	FILE *f = fmemopen(buf, len, "w");

	route_spec_print(f, r, devname);
	fclose(f);
}

TEST(print_show)
{
	for (size_t i = 0; i < sizeof(shows) / sizeof(shows[0]); i++) {
		struct v6_route_spec r;
		char err[128] = "", out[256] = "";

		if (route_spec_parse_line(shows[i].line, &r, fake_dev, NULL, err, sizeof(err)) != 0) {
			t_fail(__FILE__, __LINE__, "\"%s\": %s", shows[i].line, err);
			continue;
		}
		print_to(out, sizeof(out), &r, shows[i].devname);
		CHECK_STR(out, shows[i].want);
	}
}

static const struct got {
	const char *dst;
	struct v6_route_result r;
	const char *gw, *src, *devname, *want;
} gets[] = {
	{"2001:db8:b::5", {V6_RTN_UNICAST, V6_RTPROT_STATIC, 1024, 0, NULL, 1, {{{0}}}, {{{0}}}, 0, 0, 0},
	    "2001:db8:b::2", "2001:db8:b::1", "r1",
	    "2001:db8:b::5 from :: via 2001:db8:b::2 dev r1 proto static src 2001:db8:b::1 metric 1024 pref medium\n"},
	{"2001:db8:b::5", {V6_RTN_UNICAST, V6_RTPROT_STATIC, 1024, 0, NULL, 1, {{{0}}}, {{{0}}}, 1400, 0, 0},
	    "2001:db8:a::2", "2001:db8:a::1", "r0",
	    "2001:db8:b::5 from :: via 2001:db8:a::2 dev r0 proto static src 2001:db8:a::1 metric 1024 mtu 1400 pref medium\n"},
	{"2001:db8:a::7", {V6_RTN_UNICAST, V6_RTPROT_KERNEL, 256, 0, NULL, 0, {{{0}}}, {{{0}}}, 0, 0, 0},
	    NULL, "2001:db8:a::1", "r0",
	    "2001:db8:a::7 from :: dev r0 proto kernel src 2001:db8:a::1 metric 256 pref medium\n"},
	{"2001:db8:9::1", {V6_RTN_UNICAST, V6_RTPROT_STATIC, 1024, 0, NULL, 1, {{{0}}}, {{{0}}}, 0, 0, 0},
	    "fe80::1", "2001:db8:a::1", "r0",
	    "2001:db8:9::1 from :: via fe80::1 dev r0 proto static src 2001:db8:a::1 metric 1024 pref medium\n"},
	{"2001:db8:a::1", {V6_RTN_LOCAL, V6_RTPROT_KERNEL, 0, 0, NULL, 0, {{{0}}}, {{{0}}}, 0, 0, 0},
	    NULL, "2001:db8:a::1", "r0",
	    "local 2001:db8:a::1 from :: dev lo table local proto kernel src 2001:db8:a::1 metric 0 pref medium\n"},
	{"2001:db8:dead::1", {V6_RTN_BLACKHOLE, 0, 1024, 0, NULL, 0, {{{0}}}, {{{0}}}, 0, 0, 0},
	    NULL, "::", NULL, "RTNETLINK answers: Invalid argument\n"},
	{"2001:db8:f1::1", {V6_RTN_UNREACHABLE, 0, 1024, 0, NULL, 0, {{{0}}}, {{{0}}}, 0, 0, 0},
	    NULL, "::", NULL, "RTNETLINK answers: No route to host\n"},
	{"2001:db8:f2::1", {V6_RTN_PROHIBIT, 0, 1024, 0, NULL, 0, {{{0}}}, {{{0}}}, 0, 0, 0},
	    NULL, "::", NULL, "RTNETLINK answers: Permission denied\n"},
};

TEST(print_get)
{
	for (size_t i = 0; i < sizeof(gets) / sizeof(gets[0]); i++) {
		struct v6_route_result r = gets[i].r;
		struct in6_addr dst = A(gets[i].dst);
		char out[256] = "";
		FILE *f;

		if (gets[i].gw)
			r.gw = A(gets[i].gw);
		r.src = A(gets[i].src);
		f = fmemopen(out, sizeof(out), "w");
		route_result_print(f, &dst, &r, gets[i].devname);
		fclose(f);
		CHECK_STR(out, gets[i].want);
	}
}

/* `ip -6 route get DST from SRC [iif IIF]` with a route from table 100
 * and one from main, as Linux 6.18 printed them. */
TEST(print_get_flow)
{
	struct v6_route_result r = { V6_RTN_UNICAST, V6_RTPROT_BOOT, 1024, 100,
		NULL, 1, {{{0}}}, {{{0}}}, 0, 0, 0 };
	struct in6_addr dst = A("2001:db8:c::5"), from = A("2001:db8:a::1");
	char out[256] = "";
	FILE *f;

	r.gw = A("2001:db8:b::1");
	r.src = A("2001:db8:b::2");
	f = fmemopen(out, sizeof(out), "w");
	route_result_print_flow(f, &dst, &from, NULL, &r, "r1");
	fclose(f);
	CHECK_STR(out, "2001:db8:c::5 from 2001:db8:a::1 via 2001:db8:b::1 dev r1 "
	    "table 100 src 2001:db8:b::2 metric 1024 pref medium\n");
	r.table = 102;
	r.metric = 7;
	f = fmemopen(out, sizeof(out), "w");
	route_result_print_flow(f, &dst, &from, "r0", &r, "r1");
	fclose(f);
	CHECK_STR(out, "2001:db8:c::5 from 2001:db8:a::1 via 2001:db8:b::1 dev r1 "
	    "table 102 metric 7 iif r0 pref medium\n");
}

/* Tables and throw in `ip -6 route` syntax, and their show lines. */
TEST(tables_and_throw)
{
	struct v6_route_spec r;
	char out[256], err[256];
	uint32_t id;

	CHECK_EQ(route_spec_parse_line("throw 2001:db8:c:1::/64 table 100", &r,
	    fake_dev, NULL, err, sizeof(err)), 0);
	CHECK_EQ(r.type, V6_RTN_THROW);
	CHECK_EQ(r.table, 100);
	print_to(out, sizeof(out), &r, NULL);
	CHECK_STR(out, "throw 2001:db8:c:1::/64 dev lo table 100 metric 1024 pref medium\n");
	CHECK_EQ(route_spec_parse_line("default via fe80::1 dev r0 table main", &r,
	    fake_dev, NULL, err, sizeof(err)), 0);
	CHECK_EQ(r.table, V6_RT_TABLE_MAIN);
	print_to(out, sizeof(out), &r, "r0");
	CHECK_STR(out, "default via fe80::1 dev r0 metric 1024 pref medium\n");
	CHECK_EQ(route_spec_parse_line("2001:db8::/32 dev r0 table x", &r,
	    fake_dev, NULL, err, sizeof(err)), -1);
	CHECK_STR(err, "Error: argument \"x\" is wrong: \"table\" value is invalid");
	CHECK_EQ(route_spec_parse_line("throw 2001:db8::/32 via fe80::1", &r,
	    fake_dev, NULL, err, sizeof(err)), -1);
	CHECK_EQ(route_table_parse("0", &id), -1);
	CHECK_EQ(route_table_parse("default", &id), 0);
	CHECK_EQ(id, V6_RT_TABLE_DEFAULT);
}

static void
rule_print_to(char *out, size_t len, const struct v6_rule_spec *r, const char *iif)
{
	FILE *f = fmemopen(out, len, "w");

	rule_spec_print(f, r, iif);
	fclose(f);
}

/* `ip -6 rule` syntax in and `ip -6 rule show` lines out, as iproute2 6.1
 * printed them on Linux 6.18 (rule_args.c). */
TEST(rules)
{
	static const struct {
		const char *line, *iif, *want;
	} cases[] = {
		{ "from 2001:db8:a::/64 table 100 pref 498", NULL,
		  "498:\tfrom 2001:db8:a::/64 lookup 100\n" },
		{ "iif r0 lookup 102 priority 499", "r0",
		  "499:\tfrom all iif r0 lookup 102\n" },
		{ "to 2001:db8:de::/48 unreachable pref 496", NULL,
		  "496:\tfrom all to 2001:db8:de::/48 unreachable\n" },
		{ "from 2001:db8:a::1 to 2001:db8:c::/48 iif r0 lookup main preference 700",
		  "r0", "700:\tfrom 2001:db8:a::1 to 2001:db8:c::/48 iif r0 lookup main\n" },
		{ "type blackhole to 2001:db8:dd::/48 pref 497", NULL,
		  "497:\tfrom all to 2001:db8:dd::/48 blackhole\n" },
		{ "pref 0 lookup local", NULL, "0:\tfrom all lookup local\n" },
	};
	struct v6_rule_spec r;
	char out[256], err[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (rule_spec_parse_line(cases[i].line, &r, fake_dev, NULL, err,
			sizeof(err)) != 0) {
			t_fail(__FILE__, __LINE__, "\"%s\": %s", cases[i].line, err);
			continue;
		}
		CHECK_EQ(r.has_priority, 1);
		rule_print_to(out, sizeof(out), &r, cases[i].iif);
		CHECK_STR(out, cases[i].want);
	}
	CHECK_EQ(rule_spec_parse_line("from zz", &r, fake_dev, NULL, err, sizeof(err)), -1);
	CHECK_STR(err, "Error: inet6 prefix is expected rather than \"zz\".");
	CHECK_EQ(rule_spec_parse_line("lookup x", &r, fake_dev, NULL, err, sizeof(err)), -1);
	CHECK_STR(err, "Error: argument \"x\" is wrong: invalid table ID");
	CHECK_EQ(rule_spec_parse_line("foo bar", &r, fake_dev, NULL, err, sizeof(err)), -1);
	CHECK_STR(err, "Error: argument \"foo\" is wrong: Failed to parse rule type");
	CHECK_EQ(rule_spec_parse_line("iif eth9", &r, fake_dev, NULL, err, sizeof(err)), -1);
	CHECK_STR(err, "Cannot find device \"eth9\"");
	CHECK_EQ(rule_spec_parse_line("from", &r, fake_dev, NULL, err, sizeof(err)), -1);
	/* del: what is not given stays 0 (any) */
	CHECK_EQ(rule_spec_parse_line("pref 600", &r, fake_dev, NULL, err, sizeof(err)), 0);
	CHECK_EQ(r.action, 0);
	CHECK_EQ(r.table, 0);
}

TEST(print_none)
{
	char out[128] = "";
	FILE *f = fmemopen(out, sizeof(out), "w");

	route_result_print_none(f);
	fclose(f);
	CHECK_STR(out, "RTNETLINK answers: Network is unreachable\n");
}

T_MAIN()
