/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Next-hop determination (core/route.c; RFC 4861 5.2, 6.3.4, 6.3.6, 8.3;
 * RFC 4191 2.2, 3.1, 3.2), driven through route.h on a harness stack
 * (tests/lib/harness.h: eth0 up, no global address unless a test adds
 * one): the longest match over on-link prefixes and routes, preferences
 * between equal lengths, the default router list, the destination cache
 * and its invalidation, Redirects, lifetimes and the table bounds.
 * Reached otherwise only through RAs and Redirects (core_rdisc_test).
 */
#include <string.h>

#include "core/internal.h"
#include "lib/harness.h"

static struct in6_addr
a6(const char *s)
{
	struct in6_addr a;

	if (v6_addr_parse(s, &a) < 0)
		memset(&a, 0xee, sizeof(a));
	return a;
}

/* The next hop to dst, or :: when the lookup fails; *why its reason. */
static struct in6_addr
hop(struct harness *h, const char *dst, enum v6_drop *why)
{
	struct in6_addr d = a6(dst), nh;
	enum v6_drop r = v6_route_lookup(h->stack, h->ifp, &d, &nh, h->now);

	if (why)
		*why = r;
	if (r != V6_DROP_NONE)
		memset(&nh, 0, sizeof(nh));
	return nh;
}

static bool
hop_is(struct harness *h, const char *dst, const char *want)
{
	struct in6_addr nh = hop(h, dst, NULL), w = a6(want);

	return v6_addr_eq(&nh, &w);
}

static enum v6_drop
rio(struct harness *h, const char *prefix, unsigned plen, const char *gw,
    int pref, uint32_t lifetime_s)
{
	struct in6_addr p = a6(prefix), g = gw ? a6(gw) : h_unspec();

	return v6_route_update(h->stack, h->ifp, V6_RT_RIO, &p, plen,
	    gw ? &g : NULL, pref, lifetime_s, h->now);
}

static enum v6_drop
router(struct harness *h, const char *addr, uint32_t lifetime_s, int pref)
{
	struct in6_addr a = a6(addr);

	return v6_route_router_update(h->stack, h->ifp, &a, lifetime_s, pref,
	    64, h->now);
}

static void
count_cb(void *ctx, const struct v6_iface *iface, const struct in6_addr *prefix,
    unsigned plen, const struct in6_addr *gw, const char *source, int pref,
    uint64_t expires_ms)
{
	(void)iface, (void)prefix, (void)plen, (void)gw, (void)source;
	(void)pref, (void)expires_ms;
	++*(int *)ctx;
}

static int
n_routes(struct harness *h)
{
	int n = 0;

	v6_route_foreach(h->stack, h->now, count_cb, &n);
	return n;
}

static int
plen_of(struct harness *h, const char *dst)
{
	struct in6_addr d = a6(dst);

	return v6_route_match_plen(h->stack, h->ifp, &d);
}

TEST(no_route_no_router_refuses_but_link_local_is_on_link)
{
	H_NEW(h, NULL);
	enum v6_drop why;

	(void)hop(h, "2001:db8:5::1", &why);
	CHECK_EQ(why, V6_DROP_OUT_NO_ROUTE);
	CHECK_EQ(plen_of(h, "2001:db8:5::1"), -1);
	/* RFC 4861 5.2: link-local destinations are on-link. */
	CHECK(hop_is(h, "fe80::99", "fe80::99"));
	h_free(h);
}

TEST(the_longest_matching_route_wins)
{
	H_NEW(h, NULL);

	CHECK_EQ(rio(h, "2001:db8::", 32, "fe80::a", 0, 600), V6_DROP_NONE);
	CHECK_EQ(rio(h, "2001:db8:1::", 48, "fe80::b", 0, 600), V6_DROP_NONE);
	CHECK_EQ(rio(h, "2001:db8:1:2::", 64, NULL, 0, 600), V6_DROP_NONE);
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::b"));
	CHECK(hop_is(h, "2001:db8:2::5", "fe80::a"));
	/* An on-link route: the destination itself. */
	CHECK(hop_is(h, "2001:db8:1:2::7", "2001:db8:1:2::7"));
	CHECK_EQ(plen_of(h, "2001:db8:1:2::7"), 64);
	CHECK_EQ(plen_of(h, "2001:db8:1:3::7"), 48);
	CHECK_EQ(plen_of(h, "2001:db8:ff::7"), 32);
	CHECK_EQ(plen_of(h, "3fff::7"), -1);
	h_free(h);
}

TEST(our_on_link_prefix_beats_a_shorter_route_and_loses_to_a_longer_one)
{
	H_NEW(h, NULL);
	struct in6_addr g = h_our_global();

	H_ADD_ADDR(h, &g, 64); /* 2001:db8::/64 on-link */
	CHECK_EQ(rio(h, "2001:db8::", 48, "fe80::a", 0, 600), V6_DROP_NONE);
	CHECK(hop_is(h, "2001:db8::9", "2001:db8::9"));
	CHECK_EQ(plen_of(h, "2001:db8::9"), 64);
	CHECK_EQ(rio(h, "2001:db8::", 96, "fe80::b", 0, 600), V6_DROP_NONE);
	CHECK(hop_is(h, "2001:db8::9", "fe80::b"));
	CHECK_EQ(plen_of(h, "2001:db8::9"), 96);
	h_free(h);
}

TEST(equal_lengths_go_to_the_higher_preference)
{
	H_NEW(h, NULL);

	/* RFC 4191 3.1: one route per (prefix, gateway); the preference
	 * decides between them. */
	CHECK_EQ(rio(h, "2001:db8:7::", 48, "fe80::a", 0, 600), V6_DROP_NONE);
	CHECK_EQ(rio(h, "2001:db8:7::", 48, "fe80::b", 1, 600), V6_DROP_NONE);
	CHECK_EQ(rio(h, "2001:db8:7::", 48, "fe80::c", -1, 600), V6_DROP_NONE);
	CHECK_EQ(n_routes(h), 3);
	CHECK(hop_is(h, "2001:db8:7::1", "fe80::b"));
	/* The high one is refreshed at low: medium wins now. */
	CHECK_EQ(rio(h, "2001:db8:7::", 48, "fe80::b", -1, 600), V6_DROP_NONE);
	CHECK_EQ(n_routes(h), 3);
	CHECK(hop_is(h, "2001:db8:7::1", "fe80::a"));
	h_free(h);
}

TEST(a_route_is_keyed_by_its_prefix_bits_only)
{
	H_NEW(h, NULL);
	struct in6_addr p = a6("2001:db8::");
	bool found = false;

	CHECK_EQ(rio(h, "2001:db8:1:2::3", 32, "fe80::a", 0, 600), V6_DROP_NONE);
	CHECK_EQ(rio(h, "2001:db8::", 32, "fe80::a", 0, 700), V6_DROP_NONE);
	CHECK_EQ(n_routes(h), 1);
	for (int i = 0; i < V6_MAX_ROUTES; i++)
		if (h->stack->route.routes[i].used)
			found = v6_addr_eq(&h->stack->route.routes[i].prefix, &p);
	CHECK(found);
	/* Lifetime 0 removes it. */
	CHECK_EQ(rio(h, "2001:db8::", 32, "fe80::a", 0, 0), V6_DROP_NONE);
	CHECK_EQ(n_routes(h), 0);
	h_free(h);
}

TEST(off_link_destinations_go_to_a_default_router)
{
	H_NEW(h, NULL);
	struct in6_addr r = a6("fe80::1");
	enum v6_drop why;

	CHECK_EQ(router(h, "fe80::1", 1800, 0), V6_DROP_NONE);
	CHECK(v6_route_is_router(h->stack, h->ifp, &r));
	CHECK(hop_is(h, "2001:db8:9::1", "fe80::1"));
	/* RFC 4861 6.3.4: Router Lifetime 0 times the entry out at once. */
	CHECK_EQ(router(h, "fe80::1", 0, 0), V6_DROP_NONE);
	CHECK(!v6_route_is_router(h->stack, h->ifp, &r));
	(void)hop(h, "2001:db8:9::1", &why);
	CHECK_EQ(why, V6_DROP_OUT_NO_ROUTE);
	h_free(h);
}

TEST(among_routers_of_unknown_reachability_the_preferred_one)
{
	H_NEW(h, NULL);

	CHECK_EQ(router(h, "fe80::1", 1800, -1), V6_DROP_NONE);
	CHECK_EQ(router(h, "fe80::2", 1800, 1), V6_DROP_NONE);
	CHECK(hop_is(h, "2001:db8:9::1", "fe80::2"));
	CHECK(hop_is(h, "2001:db8:9::2", "fe80::2"));
	h_free(h);
}

TEST(routers_of_equal_preference_and_unknown_reachability_take_turns)
{
	H_NEW(h, NULL);
	struct in6_addr r1 = a6("fe80::1"), r2 = a6("fe80::2");
	int n1 = 0, n2 = 0;

	/* RFC 4861 6.3.6: none known reachable: round-robin. */
	CHECK_EQ(router(h, "fe80::1", 1800, 0), V6_DROP_NONE);
	CHECK_EQ(router(h, "fe80::2", 1800, 0), V6_DROP_NONE);
	const char *dsts[4] = { "2001:db8:9::1", "2001:db8:9::2",
		"2001:db8:9::3", "2001:db8:9::4" };
	for (int i = 0; i < 4; i++) {
		struct in6_addr nh = hop(h, dsts[i], NULL);
		n1 += v6_addr_eq(&nh, &r1);
		n2 += v6_addr_eq(&nh, &r2);
	}
	CHECK_EQ(n1, 2);
	CHECK_EQ(n2, 2);
	h_free(h);
}

TEST(a_route_change_invalidates_cached_next_hops)
{
	H_NEW(h, NULL);

	CHECK_EQ(rio(h, "2001:db8::", 32, "fe80::a", 0, 600), V6_DROP_NONE);
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::a")); /* now cached */
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::a")); /* from the cache */
	CHECK_EQ(rio(h, "2001:db8:1::", 48, "fe80::b", 0, 600), V6_DROP_NONE);
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::b"));
	CHECK_EQ(rio(h, "2001:db8:1::", 48, "fe80::b", 0, 0), V6_DROP_NONE);
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::a"));
	h_free(h);
}

TEST(a_redirect_sets_the_next_hop_until_routes_change)
{
	H_NEW(h, NULL);
	struct in6_addr d = a6("2001:db8:1::5"), c = a6("fe80::c");

	CHECK_EQ(rio(h, "2001:db8::", 32, "fe80::a", 0, 600), V6_DROP_NONE);
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::a"));
	/* RFC 4861 8.3: "subsequent traffic goes to the specified target". */
	v6_route_redirect(h->stack, h->ifp, &d, &c, h->now);
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::c"));
	CHECK(hop_is(h, "2001:db8:1::6", "fe80::a"));
	/* Any change of routes recomputes every cached next hop. */
	v6_route_changed(h->stack);
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::a"));
	h_free(h);
}

TEST(lifetimes_expire_through_the_route_timer)
{
	H_NEW(h, NULL);
	struct in6_addr r = a6("fe80::1");
	enum v6_drop why;

	CHECK_EQ(rio(h, "2001:db8::", 32, "fe80::a", 0, 10), V6_DROP_NONE);
	CHECK_EQ(rio(h, "2001:db8:5::", 48, "fe80::b", 0, V6_LIFETIME_INFINITE),
	    V6_DROP_NONE);
	CHECK_EQ(router(h, "fe80::1", 20, 0), V6_DROP_NONE);
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::a"));
	h_advance(h, 9 * V6_NS_PER_S);
	CHECK_EQ(n_routes(h), 2);
	h_advance(h, 2 * V6_NS_PER_S);
	CHECK_EQ(n_routes(h), 1); /* the infinite one stays */
	CHECK(hop_is(h, "2001:db8:1::5", "fe80::1"));
	CHECK(hop_is(h, "2001:db8:5::1", "fe80::b"));
	h_advance(h, 10 * V6_NS_PER_S);
	CHECK(!v6_route_is_router(h->stack, h->ifp, &r));
	(void)hop(h, "2001:db8:1::5", &why);
	CHECK_EQ(why, V6_DROP_OUT_NO_ROUTE);
	h_advance(h, 1000000 * V6_NS_PER_S);
	CHECK_EQ(n_routes(h), 1);
	h_free(h);
}

TEST(the_tables_are_bounded)
{
	H_NEW(h, NULL);
	char p[64], a[64];

	for (int i = 0; i < V6_MAX_ROUTES; i++) {
		snprintf(p, sizeof(p), "2001:db8:%x::", i + 1);
		CHECK_EQ(rio(h, p, 48, "fe80::a", 0, 600), V6_DROP_NONE);
	}
	CHECK_EQ(rio(h, "2001:db9::", 32, "fe80::a", 0, 600), V6_DROP_ROUTE_TABLE_FULL);
	CHECK_EQ(n_routes(h), V6_MAX_ROUTES);
	/* Refreshing one that is there still works. */
	CHECK_EQ(rio(h, "2001:db8:1::", 48, "fe80::a", 0, 900), V6_DROP_NONE);
	for (int i = 0; i < V6_MAX_ROUTERS; i++) {
		snprintf(a, sizeof(a), "fe80::%x", i + 1);
		CHECK_EQ(router(h, a, 1800, 0), V6_DROP_NONE);
	}
	CHECK_EQ(router(h, "fe80::ffff", 1800, 0), V6_DROP_ROUTER_TABLE_FULL);
	CHECK_EQ(router(h, "fe80::1", 600, 0), V6_DROP_NONE);
	h_free(h);
}

TEST(a_router_that_is_no_longer_one_leaves_the_list)
{
	H_NEW(h, NULL);
	struct in6_addr r = a6("fe80::1");

	CHECK_EQ(router(h, "fe80::1", 1800, 0), V6_DROP_NONE);
	size_t ev = h->n_router_ev;
	/* RFC 4861 7.2.5: an NA with IsRouter cleared. */
	v6_route_router_gone(h->stack, h->ifp, &r);
	CHECK(!v6_route_is_router(h->stack, h->ifp, &r));
	CHECK_EQ(h->n_router_ev, ev + 1);
	CHECK_STR(h->last_router_ev, "REMOVED");
	h_free(h);
}

T_MAIN()
