/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The forwarding table (core/fib.c) through its public API
 * (include/v6stack/v6stack.h: v6_route_add, v6_route_del,
 * v6_route_spec_foreach, v6_route_query), with `ip -6 route` semantics as
 * Linux has them (net/ipv6/route.c, ip6_fib.c): the longest prefix wins,
 * then the lowest metric; add of an existing prefix and metric is EEXIST
 * ("File exists"), del of an absent route ESRCH ("No such process");
 * Linux's route types; our addresses' prefix routes (proto kernel, metric
 * 256, addrconf_prefix_route) follow the addresses.
 *
 * Fake network (tests/lib/harness.h): eth0 up with fe80::ff:fe00:1, and
 * eth1 (02:00:00:00:01:01) where a test adds it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/fib.h"
#include "core/stack.h"
#include "lib/harness.h"

static const uint8_t ETH1_MAC[6] = { 0x02, 0, 0, 0, 0x01, 0x01 };

/* ---- helpers ---- */

static int
add(struct harness *h, const struct v6_route_spec *sp)
{
	h->err[0] = '\0';
	return v6_route_add(h->stack, sp, 0, h->err, sizeof(h->err));
}

static int
replace(struct harness *h, const struct v6_route_spec *sp)
{
	h->err[0] = '\0';
	return v6_route_add(h->stack, sp, 1, h->err, sizeof(h->err));
}

static int
del(struct harness *h, const struct v6_route_spec *sp)
{
	h->err[0] = '\0';
	return v6_route_del(h->stack, sp, h->err, sizeof(h->err));
}

/* A unicast route dst/len via the link-local gw on eth0, of metric. */
static struct v6_route_spec
via_ll(struct harness *h, const char *dst, unsigned len, const char *gw,
    uint32_t metric)
{
	struct v6_route_spec sp = { .dst = b_addr(dst), .dst_len = len,
		.has_gw = 1, .gw = b_addr(gw), .dev = h->ifp, .metric = metric };

	return sp;
}

/* A route of a reject type (blackhole, unreachable, prohibit). */
static struct v6_route_spec
reject(const char *dst, unsigned len, unsigned type)
{
	struct v6_route_spec sp = { .dst = b_addr(dst), .dst_len = len,
		.type = type };

	return sp;
}

/* v6_route_query for dst; rc its return. */
static struct v6_route_result
query(struct harness *h, const char *dst, int *rc)
{
	struct v6_route_result res;
	struct in6_addr d = b_addr(dst);

	*rc = v6_route_query(h->stack, &d, NULL, NULL, &res, h->now);
	return res;
}

/* 1 if dst is routed (unicast) through gw. */
static int
gw_is(struct harness *h, const char *dst, const char *gw)
{
	int rc;
	struct v6_route_result r = query(h, dst, &rc);
	struct in6_addr g = b_addr(gw);

	if (rc != 0 || r.type != V6_RTN_UNICAST || !r.has_gw ||
	    memcmp(&r.gw, &g, 16) != 0) {
		fprintf(stderr, "  %s: rc %d type %u gw %s, want via %s\n", dst,
		    rc, r.type, r.has_gw ? b_ntop(&r.gw) : "-", gw);
		return 0;
	}
	return 1;
}

/* What v6_route_spec_foreach lists: the count and the first 16. */
struct listing {
	int n;
	struct v6_route_spec r[16];
};

static void
list_cb(void *ctx, const struct v6_route_spec *sp)
{
	struct listing *l = ctx;

	if (l->n < 16)
		l->r[l->n] = *sp;
	l->n++;
}

static struct listing
list(struct harness *h)
{
	struct listing l;

	memset(&l, 0, sizeof(l));
	v6_route_spec_foreach(h->stack, V6_RT_TABLE_MAIN, list_cb, &l);
	return l;
}

/* The number of listed routes for prefix/len of protocol on dev. */
static int
n_listed(struct harness *h, const char *prefix, unsigned len,
    unsigned protocol, const struct v6_iface *dev)
{
	struct listing l = list(h);
	struct in6_addr p = b_addr(prefix);
	int n = 0;

	for (int i = 0; i < l.n && i < 16; i++)
		n += l.r[i].dst_len == len && !memcmp(&l.r[i].dst, &p, 16) &&
		    l.r[i].protocol == protocol && l.r[i].dev == dev;
	return n;
}

/* ---- the initial table ---- */

/* Linux: bringing eth0 up adds fe80::/64 dev eth0 proto kernel metric 256
 * (addrconf_add_linklocal); nothing else routes. */
TEST(an_up_interface_brings_its_link_local_prefix_route_only)
{
	H_NEW(h, NULL);
	struct listing l = list(h);
	struct in6_addr fe80 = b_addr("fe80::");
	struct v6_route_result r;
	int rc;

	CHECK_EQ(l.n, 1);
	if (l.n == 1) {
		CHECK_ADDR(&l.r[0].dst, &fe80);
		CHECK_EQ(l.r[0].dst_len, 64);
		CHECK_EQ(l.r[0].type, V6_RTN_UNICAST);
		CHECK_EQ(l.r[0].protocol, V6_RTPROT_KERNEL);
		CHECK_EQ(l.r[0].metric, V6_RT_METRIC_KERNEL);
		CHECK_EQ(l.r[0].has_gw, 0);
		CHECK(l.r[0].dev == h->ifp);
	}
	r = query(h, "fe80::99", &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.type, V6_RTN_UNICAST);
	CHECK_EQ(r.protocol, V6_RTPROT_KERNEL);
	CHECK(r.dev == h->ifp);
	CHECK_EQ(r.has_gw, 0);
	CHECK_ADDR(&r.src, &h->ll);
	(void)query(h, "2001:db8::5", &rc);
	CHECK_EQ(rc, -1); /* ip: "Network is unreachable" */
	h_free(h);
}

/* ---- longest prefix, then metric ---- */

static const struct {
	const char *prefix, *gw;
	unsigned len;
} nest[] = {
	{ "::", "fe80::a", 0 },
	{ "2001:db8::", "fe80::b", 32 },
	{ "2001:db8::", "fe80::c", 33 }, /* splits inside a byte */
	{ "2001:db8:1::", "fe80::d", 48 },
	{ "2001:db8:1:2::", "fe80::e", 64 },
	{ "2001:db8:1:2::", "fe80::f", 127 }, /* ::0 and ::1 */
	{ "2001:db8:1:2::1", "fe80::10", 128 },
};
#define N_NEST (sizeof(nest) / sizeof(nest[0]))

/* Each destination and the route it must take: the one just inside or
 * just outside each length's boundary. */
static const struct {
	const char *dst, *gw;
} nest_q[] = {
	{ "3fff::1", "fe80::a" },
	{ "2001:db9::", "fe80::a" },
	{ "2001:db8:8000::1", "fe80::b" }, /* bit 32 set: outside the /33 */
	{ "2001:db8:7fff::1", "fe80::c" },
	{ "2001:db8:1:3::1", "fe80::d" },
	{ "2001:db8:1:2::2", "fe80::e" }, /* bit 126 set: outside the /127 */
	{ "2001:db8:1:2:ffff:ffff:ffff:ffff", "fe80::e" },
	{ "2001:db8:1:2::", "fe80::f" },
	{ "2001:db8:1:2::1", "fe80::10" },
};

/* The gateway of the longest of the first n_present routes of nest[]
 * that covers dst (NULL: none). */
static const char *
nest_want(const char *dst, size_t n_present)
{
	struct in6_addr d = b_addr(dst);
	const char *want = NULL;

	for (size_t k = 0; k < n_present; k++) {
		struct in6_addr p = b_addr(nest[k].prefix);
		unsigned len = nest[k].len, full = len / 8, rem = len % 8;
		if (memcmp(&d, &p, full) == 0 &&
		    (rem == 0 || ((d.s6_addr[full] ^ p.s6_addr[full]) &
			(0xff00 >> rem) & 0xff) == 0))
			want = nest[k].gw;
	}
	return want;
}

/* With only the first n_present routes of nest[] in the table, every
 * query of nest_q[] takes the longest of them that covers it. */
static void
check_nest(struct harness *h, size_t n_present)
{
	for (size_t i = 0; i < sizeof(nest_q) / sizeof(nest_q[0]); i++) {
		const char *want = nest_want(nest_q[i].dst, n_present);
		/* the reference agrees with the hand-written answers */
		if (n_present == N_NEST)
			CHECK(want && !strcmp(want, nest_q[i].gw));
		CHECK(want && gw_is(h, nest_q[i].dst, want));
	}
}

TEST(the_longest_prefix_wins_from_0_to_128_in_either_order_of_adds)
{
	for (int order = 0; order < 2; order++) {
		H_NEW(h, NULL);
		for (size_t i = 0; i < N_NEST; i++) {
			size_t k = order ? N_NEST - 1 - i : i;
			struct v6_route_spec sp = via_ll(h, nest[k].prefix,
			    nest[k].len, nest[k].gw, 0);
			CHECK_EQ(add(h, &sp), 0);
		}
		CHECK_EQ(list(h).n, (int)N_NEST + 1);
		check_nest(h, N_NEST);
		/* Linux fib6 backtracking: removing the longest falls back
		 * to the next shorter, down to the default. */
		for (size_t i = N_NEST; i-- > 1;) {
			struct v6_route_spec sp = via_ll(h, nest[i].prefix,
			    nest[i].len, nest[i].gw, 0);
			CHECK_EQ(del(h, &sp), 0);
			check_nest(h, i);
		}
		CHECK(gw_is(h, "2001:db8:1:2::1", "fe80::a"));
		h_free(h);
	}
}

/* Linux rt6_select among the routes of one prefix: the lowest metric. */
TEST(among_equal_prefixes_the_lowest_metric_wins)
{
	H_NEW(h, NULL);
	struct v6_route_spec m100 = via_ll(h, "2001:db8:5::", 48, "fe80::1", 100);
	struct v6_route_spec m50 = via_ll(h, "2001:db8:5::", 48, "fe80::2", 50);
	struct v6_route_spec m200 = via_ll(h, "2001:db8:5::", 48, "fe80::3", 200);
	struct v6_route_result r;
	int rc;

	CHECK_EQ(add(h, &m100), 0);
	CHECK(gw_is(h, "2001:db8:5::9", "fe80::1"));
	CHECK_EQ(add(h, &m50), 0);
	CHECK_EQ(add(h, &m200), 0);
	r = query(h, "2001:db8:5::9", &rc);
	CHECK(gw_is(h, "2001:db8:5::9", "fe80::2"));
	CHECK_EQ(r.metric, 50);
	CHECK_EQ(r.protocol, V6_RTPROT_BOOT);
	CHECK_EQ(del(h, &m50), 0);
	CHECK(gw_is(h, "2001:db8:5::9", "fe80::1"));
	CHECK_EQ(del(h, &m100), 0);
	CHECK(gw_is(h, "2001:db8:5::9", "fe80::3"));
	/* the default metric is ip route add's, 1024 */
	struct v6_route_spec dflt = via_ll(h, "2001:db8:5::", 48, "fe80::4", 0);
	CHECK_EQ(add(h, &dflt), 0);
	CHECK(gw_is(h, "2001:db8:5::9", "fe80::3"));
	r = query(h, "2001:db8:5::9", &rc);
	CHECK_EQ(r.metric, 200);
	CHECK_EQ(del(h, &m200), 0);
	r = query(h, "2001:db8:5::9", &rc);
	CHECK_EQ(r.metric, V6_RT_METRIC_USER);
	h_free(h);
}

TEST(a_longer_prefix_beats_a_lower_metric)
{
	H_NEW(h, NULL);
	struct v6_route_spec s48 = via_ll(h, "2001:db8:5::", 48, "fe80::1", 1);
	struct v6_route_spec s64 = via_ll(h, "2001:db8:5:1::", 64, "fe80::2", 4000);

	CHECK_EQ(add(h, &s48), 0);
	CHECK_EQ(add(h, &s64), 0);
	CHECK(gw_is(h, "2001:db8:5:1::9", "fe80::2"));
	CHECK(gw_is(h, "2001:db8:5:2::9", "fe80::1"));
	h_free(h);
}

/* ---- add, del, replace ---- */

/* Linux fib6_add_rt2node with NLM_F_EXCL: any route of the same prefix
 * and metric makes `ip route add` fail with EEXIST (no ECMP here). */
TEST(add_of_an_existing_prefix_and_metric_is_file_exists)
{
	H_NEW(h, NULL);
	struct v6_route_spec a = via_ll(h, "2001:db8:1::", 48, "fe80::1", 0);
	struct v6_route_spec same = a;
	struct v6_route_spec other_gw = via_ll(h, "2001:db8:1::", 48, "fe80::2", 0);
	struct v6_route_spec host_bits = via_ll(h, "2001:db8:1::77", 48, "fe80::3", 0);
	struct v6_route_spec bh = reject("2001:db8:1::", 48, V6_RTN_BLACKHOLE);
	struct v6_route_spec m5 = via_ll(h, "2001:db8:1::", 48, "fe80::2", 5);

	CHECK_EQ(add(h, &a), 0);
	CHECK_EQ(add(h, &same), -1);
	CHECK_STR(h->err, "File exists");
	CHECK_EQ(add(h, &other_gw), -1);
	CHECK_STR(h->err, "File exists");
	/* bits past the length are ignored: the same prefix */
	CHECK_EQ(add(h, &host_bits), -1);
	CHECK_STR(h->err, "File exists");
	CHECK_EQ(add(h, &bh), -1);
	CHECK_STR(h->err, "File exists");
	CHECK_EQ(list(h).n, 2);
	CHECK(gw_is(h, "2001:db8:1::9", "fe80::1"));
	/* another metric is another route */
	CHECK_EQ(add(h, &m5), 0);
	CHECK_EQ(list(h).n, 3);
	CHECK(gw_is(h, "2001:db8:1::9", "fe80::2"));
	h_free(h);
}

/* Linux ip6_route_del: ESRCH unless a route of that prefix matches every
 * attribute given. */
TEST(del_of_a_missing_route_is_no_such_process)
{
	H_NEW(h, NULL);
	struct v6_route_spec a = via_ll(h, "2001:db8:1::", 48, "fe80::1", 100);
	struct v6_route_spec absent = via_ll(h, "2001:db8:2::", 48, "fe80::1", 100);
	struct v6_route_spec wrong_gw = via_ll(h, "2001:db8:1::", 48, "fe80::2", 100);
	struct v6_route_spec wrong_metric = via_ll(h, "2001:db8:1::", 48, "fe80::1", 101);
	struct v6_route_spec wrong_len = via_ll(h, "2001:db8:1::", 47, "fe80::1", 100);
	struct v6_route_spec wrong_type = reject("2001:db8:1::", 48, V6_RTN_PROHIBIT);
	struct v6_route_spec by_prefix = { .dst = b_addr("2001:db8:1::"), .dst_len = 48 };

	CHECK_EQ(del(h, &absent), -1);
	CHECK_STR(h->err, "No such process");
	CHECK_EQ(add(h, &a), 0);
	const struct v6_route_spec *bad[] = { &absent, &wrong_gw, &wrong_metric,
		&wrong_len };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ(del(h, bad[i]), -1);
		CHECK_STR(h->err, "No such process");
	}
	CHECK(gw_is(h, "2001:db8:1::9", "fe80::1"));
	/* the prefix alone names it */
	CHECK_EQ(del(h, &by_prefix), 0);
	CHECK_EQ(del(h, &by_prefix), -1);
	CHECK_STR(h->err, "No such process");
	/* nor is the type matched: `ip -6 route del prohibit P` removes a
	 * unicast route of P, as the kernel does (checked against it in
	 * tests/scenario/test_router.py) */
	CHECK_EQ(add(h, &a), 0);
	CHECK_EQ(del(h, &wrong_type), 0);
	CHECK_EQ(list(h).n, 1);
	h_free(h);
}

/* `ip route replace` (NLM_F_REPLACE|NLM_F_CREATE): takes the place of the
 * route of that prefix and metric, or adds one. */
TEST(replace_takes_the_place_of_the_same_prefix_and_metric_or_adds)
{
	H_NEW(h, NULL);
	struct v6_route_spec a = via_ll(h, "2001:db8:1::", 48, "fe80::1", 0);
	struct v6_route_spec b = via_ll(h, "2001:db8:1::", 48, "fe80::2", 0);
	struct v6_route_spec c = via_ll(h, "2001:db8:3::", 48, "fe80::3", 0);
	struct v6_route_spec bh = reject("2001:db8:1::", 48, V6_RTN_BLACKHOLE);
	struct v6_route_result r;
	int rc;

	CHECK_EQ(add(h, &a), 0);
	CHECK_EQ(replace(h, &b), 0);
	CHECK_EQ(list(h).n, 2);
	CHECK(gw_is(h, "2001:db8:1::9", "fe80::2"));
	CHECK_EQ(replace(h, &bh), 0);
	CHECK_EQ(list(h).n, 2);
	r = query(h, "2001:db8:1::9", &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.type, V6_RTN_BLACKHOLE);
	CHECK(r.dev == NULL);
	CHECK_EQ(r.has_gw, 0);
	/* nothing to replace: added */
	CHECK_EQ(replace(h, &c), 0);
	CHECK_EQ(list(h).n, 3);
	CHECK(gw_is(h, "2001:db8:3::9", "fe80::3"));
	h_free(h);
}

/* ---- what a query returns ---- */

/* Linux's RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT: no device of
 * ours, no gateway, the type in ip route get's answer. */
TEST(reject_routes_are_returned_with_their_type)
{
	H_NEW(h, NULL);
	static const struct {
		const char *prefix, *dst;
		unsigned type;
	} t[] = {
		{ "2001:db8:b::", "2001:db8:b::1", V6_RTN_BLACKHOLE },
		{ "2001:db8:c::", "2001:db8:c::1", V6_RTN_UNREACHABLE },
		{ "2001:db8:d::", "2001:db8:d::1", V6_RTN_PROHIBIT },
	};
	struct v6_route_spec gw = reject("2001:db8:e::", 48, V6_RTN_PROHIBIT);
	struct v6_route_result r;
	int rc;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct v6_route_spec sp = reject(t[i].prefix, 48, t[i].type);
		CHECK_EQ(add(h, &sp), 0);
	}
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		r = query(h, t[i].dst, &rc);
		CHECK_EQ(rc, 0);
		CHECK_EQ(r.type, t[i].type);
		CHECK(r.dev == NULL);
		CHECK_EQ(r.has_gw, 0);
		CHECK_EQ(r.protocol, V6_RTPROT_BOOT);
		CHECK_EQ(r.metric, V6_RT_METRIC_USER);
	}
	/* a reject route has no gateway */
	gw.has_gw = 1;
	gw.gw = b_addr("fe80::1");
	CHECK_EQ(add(h, &gw), -1);
	CHECK(strstr(h->err, "no gateway") != NULL);
	h_free(h);
}

/* Two links: eth0 2001:db8::1/64, eth1 2001:db8:1::1/64. A global gateway
 * takes the device of the on-link route that covers it (Linux
 * ip6_validate_gw); the source is the output interface's (RFC 6724 rule
 * 5); mtu shows only when below the link's. */
TEST(unicast_routes_give_device_gateway_mtu_and_source)
{
	H_NEW(h, NULL);
	struct h_link *e1 = H_ADD_IFACE(h, "eth1", ETH1_MAC, 1500);
	struct in6_addr a0 = b_addr("2001:db8::1"), a1 = b_addr("2001:db8:1::1");
	struct in6_addr gw = b_addr("2001:db8:1::fe");
	struct v6_route_spec via = { .dst = b_addr("2001:db8:99::"), .dst_len = 48,
		.has_gw = 1, .gw = gw };
	struct v6_route_spec dev = { .dst = b_addr("2001:db8:98::"), .dst_len = 48,
		.dev = h->ifp, .mtu = 1400 };
	struct v6_route_spec full = { .dst = b_addr("2001:db8:97::"), .dst_len = 48,
		.dev = h->ifp, .mtu = 1500 };
	struct v6_route_spec tiny = { .dst = b_addr("2001:db8:96::"), .dst_len = 48,
		.dev = h->ifp, .mtu = 1279 };
	struct v6_route_result r;
	int rc;

	if (e1 == NULL) {
		h_free(h);
		return;
	}
	H_ADD_ADDR(h, &a0, 64);
	CHECK_EQ(v6_addr_add(e1->ifp, &a1, 64, h->now, h->err, sizeof(h->err)), 0);
	CHECK_EQ(add(h, &via), 0);
	r = query(h, "2001:db8:99::5", &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.type, V6_RTN_UNICAST);
	CHECK(r.dev == e1->ifp);
	CHECK_EQ(r.has_gw, 1);
	CHECK_ADDR(&r.gw, &gw);
	CHECK_ADDR(&r.src, &a1);
	CHECK_EQ(r.mtu, 0);
	CHECK_EQ(add(h, &dev), 0);
	r = query(h, "2001:db8:98::5", &rc);
	CHECK_EQ(rc, 0);
	CHECK(r.dev == h->ifp);
	CHECK_EQ(r.has_gw, 0);
	CHECK_ADDR(&r.src, &a0);
	CHECK_EQ(r.mtu, 1400);
	CHECK_EQ(add(h, &full), 0);
	/* ip route get shows a route's mtu as configured, even when the link
	 * has no more (Linux rt6_fill_node; test_router.py checks it) */
	r = query(h, "2001:db8:97::5", &rc);
	CHECK_EQ(r.mtu, 1500);
	/* RFC 8200 5: no link below 1280 */
	CHECK_EQ(add(h, &tiny), -1);
	CHECK(strstr(h->err, "MTU") != NULL);
	/* our own address: a local route */
	r = query(h, "2001:db8:1::1", &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.type, V6_RTN_LOCAL);
	CHECK(r.dev == e1->ifp);
	h_free(h);
}

/* Linux ip6_route_check_nh / ip6_validate_gw refusals. */
TEST(a_gateway_must_be_a_unicast_neighbour_on_a_known_link)
{
	H_NEW(h, NULL);
	struct in6_addr a0 = b_addr("2001:db8::1");
	static const char *const bad_gw[] = { "2001:db8:5::1", /* not on-link */
		"2001:db8::1", /* ours */ "ff02::1", "::", "::1" };
	struct v6_route_spec ll_nodev = { .dst = b_addr("2001:db8:9::"),
		.dst_len = 48, .has_gw = 1, .gw = b_addr("fe80::1") };
	struct v6_route_spec nothing = { .dst = b_addr("2001:db8:9::"),
		.dst_len = 48 };
	struct v6_route_spec badlen = nothing;

	H_ADD_ADDR(h, &a0, 64);
	for (size_t i = 0; i < sizeof(bad_gw) / sizeof(bad_gw[0]); i++) {
		struct v6_route_spec sp = { .dst = b_addr("2001:db8:9::"),
			.dst_len = 48, .has_gw = 1, .gw = b_addr(bad_gw[i]) };
		CHECK_EQ(add(h, &sp), -1);
		CHECK(h->err[0] != '\0');
	}
	CHECK_EQ(add(h, &ll_nodev), -1);
	CHECK(strstr(h->err, "device") != NULL);
	CHECK_EQ(add(h, &nothing), -1);
	badlen.dst_len = 129;
	badlen.dev = h->ifp;
	CHECK_EQ(add(h, &badlen), -1);
	CHECK_EQ(list(h).n, 2); /* the two kernel routes only */
	h_free(h);
}

/* ---- prefix routes follow the addresses ---- */

/* Linux addrconf_prefix_route at address add, removed with the address:
 * one per (interface, prefix) however many addresses share it. */
TEST(prefix_routes_come_and_go_with_the_addresses)
{
	struct h_cfg cfg = { .dad = 1 };
	H_NEW(h, &cfg);
	struct in6_addr a1 = b_addr("2001:db8::1"), a7 = b_addr("2001:db8::7");
	struct in6_addr b1 = b_addr("2001:db8:5::1"), all = h_allnodes();
	struct v6_route_spec user = via_ll(h, "2001:db8::", 64, "fe80::1", 2000);
	struct v6_route_spec clash = via_ll(h, "2001:db8::", 64, "fe80::1", 256);
	struct v6_route_result r;
	struct bframe f;
	char st[16];
	int rc;

	h_advance(h, 5 * V6_NS_PER_S); /* the link-local's DAD */
	CHECK_EQ(n_listed(h, "2001:db8::", 64, V6_RTPROT_KERNEL, h->ifp), 0);
	H_ADD_ADDR(h, &a1, 64); /* TENTATIVE: the route is there already */
	H_ADD_ADDR(h, &a7, 64);
	H_ADD_ADDR(h, &b1, 56);
	CHECK_EQ(n_listed(h, "2001:db8::", 64, V6_RTPROT_KERNEL, h->ifp), 1);
	CHECK_EQ(n_listed(h, "2001:db8:5::", 56, V6_RTPROT_KERNEL, h->ifp), 1);
	CHECK_EQ(list(h).n, 3);
	r = query(h, "2001:db8::99", &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.protocol, V6_RTPROT_KERNEL);
	CHECK_EQ(r.metric, V6_RT_METRIC_KERNEL);
	CHECK_EQ(r.has_gw, 0);
	CHECK(r.dev == h->ifp);
	/* the kernel's metric is taken */
	CHECK_EQ(add(h, &clash), -1);
	CHECK_STR(h->err, "File exists");
	CHECK_EQ(add(h, &user), 0);
	/* RFC 4862 5.4.5: both owners of 2001:db8::/64 fail DAD; Linux keeps
	 * a dadfailed address, and with it its proto kernel route (seen on
	 * 6.x: "inet6 ... dadfailed tentative", the /64 still listed), so
	 * the kernel route still wins over the user's at metric 2000. */
	b_init(&f, H_PEER_MAC, H_ALLNODES_MAC, &a1, &all);
	b_na(&f, B_NA_O, &a1);
	b_opt_lla(&f, B_ND_OPT_TLLA, H_PEER_MAC);
	(void)h_send(h, &f);
	b_init(&f, H_PEER_MAC, H_ALLNODES_MAC, &a7, &all);
	b_na(&f, B_NA_O, &a7);
	b_opt_lla(&f, B_ND_OPT_TLLA, H_PEER_MAC);
	(void)h_send(h, &f);
	CHECK(h_addr(h, &a1, NULL, st, sizeof(st)) && !strcmp(st, "DADFAILED"));
	CHECK(h_addr(h, &a7, NULL, st, sizeof(st)) && !strcmp(st, "DADFAILED"));
	CHECK_EQ(n_listed(h, "2001:db8::", 64, V6_RTPROT_KERNEL, h->ifp), 1);
	r = query(h, "2001:db8::99", &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.protocol, V6_RTPROT_KERNEL);
	CHECK_EQ(r.has_gw, 0);
	h_advance(h, 5 * V6_NS_PER_S);
	CHECK_EQ(n_listed(h, "2001:db8:5::", 56, V6_RTPROT_KERNEL, h->ifp), 1);
	CHECK_EQ(list(h).n, 4); /* fe80::/64, both of 2001:db8::/64, the /56 */
	h_free(h);
}

/* ---- many routes ---- */

#define N_BULK 100000

/*
 * Route i: 2001:db8::/32, then i in the 17 bits 32..48 (so no two routes
 * overlap), then pseudo-random bits, cut at a length 50..128; via
 * fe80::<i + 1> so that a lookup says which route it found. Under them
 * all, 2001:db8::/32 via fe80::ffff:ffff.
 */
static struct in6_addr
bulk_addr(uint32_t i, unsigned *len)
{
	struct in6_addr a = b_addr("2001:db8::");
	uint64_t x = 0x9e3779b97f4a7c15ull * (i + 1);

	a.s6_addr[4] = (uint8_t)(i >> 9);
	a.s6_addr[5] = (uint8_t)(i >> 1);
	a.s6_addr[6] = (uint8_t)((i & 1) << 7 | ((x >> 8) & 0x7f));
	for (int k = 7; k < 16; k++) {
		x ^= x >> 29;
		x *= 0xbf58476d1ce4e5b9ull;
		a.s6_addr[k] = (uint8_t)(x >> 56);
	}
	*len = 50 + (unsigned)((i * 7919u) % 79);
	return a;
}

static struct v6_route_spec
bulk_spec(struct harness *h, uint32_t i)
{
	struct v6_route_spec sp = { .has_gw = 1, .dev = h->ifp };

	sp.dst = bulk_addr(i, &sp.dst_len);
	sp.gw = b_addr("fe80::");
	sp.gw.s6_addr[12] = (uint8_t)((i + 1) >> 24);
	sp.gw.s6_addr[13] = (uint8_t)((i + 1) >> 16);
	sp.gw.s6_addr[14] = (uint8_t)((i + 1) >> 8);
	sp.gw.s6_addr[15] = (uint8_t)(i + 1);
	return sp;
}

/* 0 when both addresses route as built: a itself by route i, a with the
 * last bit of its prefix flipped (one of the random bits, 50 or beyond)
 * by the /32 only. */
static int
bulk_check(struct harness *h, uint32_t i, const struct in6_addr *cover)
{
	struct v6_route_spec sp = bulk_spec(h, i);
	struct in6_addr d = sp.dst;
	struct v6_route_result r;
	unsigned b = sp.dst_len - 1;

	if (v6_route_query(h->stack, &d, NULL, NULL, &r, h->now) != 0 || !r.has_gw ||
	    memcmp(&r.gw, &sp.gw, 16) != 0)
		return -1;
	d.s6_addr[b / 8] ^= (uint8_t)(0x80 >> (b % 8));
	if (v6_route_query(h->stack, &d, NULL, NULL, &r, h->now) != 0 || !r.has_gw ||
	    memcmp(&r.gw, cover, 16) != 0)
		return -1;
	return 0;
}

/* Count a failure of step what for route i, reporting the first. */
static void
bulk_bad(struct harness *h, const char *what, uint32_t i, uint32_t *n_bad)
{
	if ((*n_bad)++ == 0)
		t_fail(__FILE__, __LINE__, "%s of route %u failed: %s", what, i,
		    h->err);
}

TEST(a_hundred_thousand_routes_added_found_and_deleted)
{
	H_NEW(h, NULL);
	struct v6_route_spec cover = via_ll(h, "2001:db8::", 32, "fe80::ffff:ffff", 0);
	uint32_t n_bad = 0;

	CHECK_EQ(add(h, &cover), 0);
	for (uint32_t i = 0; i < N_BULK; i++) {
		struct v6_route_spec sp = bulk_spec(h, i);
		if (add(h, &sp) != 0)
			bulk_bad(h, "add", i, &n_bad);
	}
	CHECK_EQ(h->stack->fib.n_used, N_BULK + 2);
	CHECK_EQ(list(h).n, N_BULK + 2);
	h->err[0] = '\0';
	for (uint32_t i = 0; i < N_BULK; i++)
		if (bulk_check(h, i, &cover.gw) != 0)
			bulk_bad(h, "lookup", i, &n_bad);
	for (uint32_t i = 0; i < N_BULK; i++) {
		struct v6_route_spec sp = bulk_spec(h, i);
		sp.has_gw = 0; /* the prefix alone names it */
		sp.dev = NULL;
		if (del(h, &sp) != 0)
			bulk_bad(h, "del", i, &n_bad);
	}
	CHECK_EQ(n_bad, 0);
	CHECK_EQ(list(h).n, 2);
	CHECK(gw_is(h, "2001:db8:1:2::3", "fe80::ffff:ffff"));
	CHECK_EQ(del(h, &cover), 0);
	CHECK_EQ(list(h).n, 1);
	CHECK_EQ(h->stack->fib.n_used, 1);
	h_free(h);
}

T_MAIN()
