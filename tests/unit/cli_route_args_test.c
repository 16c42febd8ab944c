/*
 * src/cli/route_args.c: `ip -6 route add` arguments (good lines and the
 * iproute2-worded errors of bad ones), and the exact lines of
 * `ip -6 route show` / `ip -6 route get` (observed on Linux 6.18 with
 * iproute2-6.1.0, see route_args.c). Needs no core: devices are fakes.
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "cli/route_args.h"
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
	{"2001:db8:b::5", {V6_RTN_UNICAST, V6_RTPROT_STATIC, 1024, NULL, 1, {{{0}}}, {{{0}}}, 0},
	    "2001:db8:b::2", "2001:db8:b::1", "r1",
	    "2001:db8:b::5 from :: via 2001:db8:b::2 dev r1 proto static src 2001:db8:b::1 metric 1024 pref medium\n"},
	{"2001:db8:b::5", {V6_RTN_UNICAST, V6_RTPROT_STATIC, 1024, NULL, 1, {{{0}}}, {{{0}}}, 1400},
	    "2001:db8:a::2", "2001:db8:a::1", "r0",
	    "2001:db8:b::5 from :: via 2001:db8:a::2 dev r0 proto static src 2001:db8:a::1 metric 1024 mtu 1400 pref medium\n"},
	{"2001:db8:a::7", {V6_RTN_UNICAST, V6_RTPROT_KERNEL, 256, NULL, 0, {{{0}}}, {{{0}}}, 0},
	    NULL, "2001:db8:a::1", "r0",
	    "2001:db8:a::7 from :: dev r0 proto kernel src 2001:db8:a::1 metric 256 pref medium\n"},
	{"2001:db8:9::1", {V6_RTN_UNICAST, V6_RTPROT_STATIC, 1024, NULL, 1, {{{0}}}, {{{0}}}, 0},
	    "fe80::1", "2001:db8:a::1", "r0",
	    "2001:db8:9::1 from :: via fe80::1 dev r0 proto static src 2001:db8:a::1 metric 1024 pref medium\n"},
	{"2001:db8:a::1", {V6_RTN_LOCAL, V6_RTPROT_KERNEL, 0, NULL, 0, {{{0}}}, {{{0}}}, 0},
	    NULL, "2001:db8:a::1", "r0",
	    "local 2001:db8:a::1 from :: dev lo table local proto kernel src 2001:db8:a::1 metric 0 pref medium\n"},
	{"2001:db8:dead::1", {V6_RTN_BLACKHOLE, 0, 1024, NULL, 0, {{{0}}}, {{{0}}}, 0},
	    NULL, "::", NULL, "RTNETLINK answers: Invalid argument\n"},
	{"2001:db8:f1::1", {V6_RTN_UNREACHABLE, 0, 1024, NULL, 0, {{{0}}}, {{{0}}}, 0},
	    NULL, "::", NULL, "RTNETLINK answers: No route to host\n"},
	{"2001:db8:f2::1", {V6_RTN_PROHIBIT, 0, 1024, NULL, 0, {{{0}}}, {{{0}}}, 0},
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

TEST(print_none)
{
	char out[128] = "";
	FILE *f = fmemopen(out, sizeof(out), "w");

	route_result_print_none(f);
	fclose(f);
	CHECK_STR(out, "RTNETLINK answers: Network is unreachable\n");
}

T_MAIN()
