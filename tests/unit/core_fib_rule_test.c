/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Numbered tables, throw routes and policy routing rules (core/fib.c,
 * core/fib_rule.c) through the public API (v6_route_add with a table,
 * v6_rule_add/del/foreach, v6_route_query with a source and an incoming
 * interface), with Linux's semantics (net/core/fib_rules.c,
 * net/ipv6/fib6_rules.c), each observed on Linux 6.18 with iproute2 and
 * compared again in tests/scenario/test_router.py:
 *   - the defaults are 0 lookup local and 32766 lookup main;
 *   - a rule without a priority gets the second rule's less one;
 *   - rules are tried by priority; a lookup answers unless its table has
 *     no route or a throw route for the destination, then the next rule;
 *   - blackhole, unreachable and prohibit rules answer as those routes;
 *   - from matches the source (:: for a packet we send), iif only a
 *     packet that arrived on that interface;
 *   - del matches the attributes given, the first in priority order.
 *
 * Fake network (tests/lib/harness.h): eth0 with 2001:db8::1/64, the peer
 * 2001:db8::2 (and fe80::ff:fe00:2) as gateway.
 */
#include <stdbool.h>
#include <string.h>

#include "core/fib.h"
#include "core/route.h"
#include "core/stack.h"
#include "lib/harness.h"

static int
rule_add(struct harness *h, const struct v6_rule_spec *r)
{
	h->err[0] = '\0';
	return v6_rule_add(h->stack, r, h->err, sizeof(h->err));
}

static int
rule_del(struct harness *h, const struct v6_rule_spec *r)
{
	h->err[0] = '\0';
	return v6_rule_del(h->stack, r, h->err, sizeof(h->err));
}

static int
route_add(struct harness *h, const char *dst, unsigned len, unsigned type,
    const char *gw, uint32_t table, uint32_t metric)
{
	struct v6_route_spec sp = { .dst = b_addr(dst), .dst_len = len,
		.type = type, .table = table, .metric = metric };

	if (gw) {
		sp.has_gw = 1;
		sp.gw = b_addr(gw);
		sp.dev = h->ifp;
	}
	h->err[0] = '\0';
	return v6_route_add(h->stack, &sp, 0, h->err, sizeof(h->err));
}

/* The answer for dst from src (NULL: ::) arriving on iif (NULL: ours). */
static struct v6_route_result
query(struct harness *h, const char *dst, const char *src,
    const struct v6_iface *iif, int *rc)
{
	struct v6_route_result res;
	struct in6_addr d = b_addr(dst), s = src ? b_addr(src) : h_unspec();

	*rc = v6_route_query(h->stack, &d, src ? &s : NULL, iif, &res, h->now);
	return res;
}

struct rules {
	unsigned n;
	struct v6_rule_spec r[16];
};

static void
rules_cb(void *ctx, const struct v6_rule_spec *r)
{
	struct rules *l = ctx;

	if (l->n < 16)
		l->r[l->n] = *r;
	l->n++;
}

static struct rules
rules(struct harness *h)
{
	struct rules l;

	memset(&l, 0, sizeof(l));
	v6_rule_foreach(h->stack, rules_cb, &l);
	return l;
}

static struct harness *
setup(void)
{
	struct harness *h = h_new(__FILE__, __LINE__, NULL);
	struct in6_addr g = h_our_global();

	H_ADD_ADDR(h, &g, 64);
	return h;
}

/* The defaults, and the priority a rule gets when it names none. */
TEST(linux_default_rules_and_default_priorities)
{
	struct harness *h = setup();
	struct v6_rule_spec r100 = { .table = 100, .src = b_addr("2001:db8:a::"),
		.src_len = 64 };
	struct v6_rule_spec r102 = { .table = 102 };
	struct rules l = rules(h);

	CHECK_EQ(l.n, 2);
	CHECK_EQ(l.r[0].priority, 0);
	CHECK_EQ(l.r[0].table, V6_RT_TABLE_LOCAL);
	CHECK_EQ(l.r[1].priority, 32766);
	CHECK_EQ(l.r[1].table, V6_RT_TABLE_MAIN);
	CHECK_EQ(rule_add(h, &r100), 0);
	CHECK_EQ(rule_add(h, &r102), 0);
	/* the same rule again gets another priority, so it is no duplicate */
	CHECK_EQ(rule_add(h, &r100), 0);
	l = rules(h);
	CHECK_EQ(l.n, 5);
	CHECK_EQ(l.r[1].priority, 32763);
	CHECK_EQ(l.r[2].priority, 32764);
	CHECK_EQ(l.r[3].priority, 32765);
	CHECK_EQ(l.r[3].table, 100);
	/* equal in every attribute and the priority: EEXIST */
	r100.has_priority = 1;
	r100.priority = 32765;
	CHECK_EQ(rule_add(h, &r100), -1);
	CHECK_STR(h->err, "File exists");
	h_free(h);
}

/* A table answers for its rule; a throw or a miss goes on to the next. */
TEST(tables_throw_and_rule_order)
{
	struct harness *h = setup();
	struct v6_rule_spec from_a = { .table = 100, .src = b_addr("2001:db8:a::"),
		.src_len = 64, .has_priority = 1, .priority = 100 };
	struct v6_route_result r;
	int rc;

	CHECK_EQ(route_add(h, "2001:db8:c::", 48, 0, "fe80::ff:fe00:2", 100, 0), 0);
	CHECK_EQ(route_add(h, "2001:db8:c:1::", 64, V6_RTN_THROW, NULL, 100, 0), 0);
	CHECK_EQ(route_add(h, "2001:db8:c::", 48, 0, "2001:db8::2", 0, 0), 0);
	CHECK_EQ(rule_add(h, &from_a), 0);
	/* from 2001:db8:a::/64: table 100 */
	r = query(h, "2001:db8:c::5", "2001:db8:a::1", NULL, &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.table, 100);
	struct in6_addr ll = h_peer_ll(), g2 = h_peer_global();
	CHECK_ADDR(&r.gw, &ll);
	/* ... but the throw's /64 goes on to main */
	r = query(h, "2001:db8:c:1::5", "2001:db8:a::1", NULL, &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.table, V6_RT_TABLE_MAIN);
	CHECK(r.has_gw);
	CHECK_ADDR(&r.gw, &g2);
	/* a miss in table 100 goes on too */
	r = query(h, "2001:db8::77", "2001:db8:a::1", NULL, &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.table, V6_RT_TABLE_MAIN);
	/* another source, or ours (::): main */
	r = query(h, "2001:db8:c::5", NULL, NULL, &rc);
	CHECK_EQ(r.table, V6_RT_TABLE_MAIN);
	r = query(h, "2001:db8:c::5", "2001:db8:b::1", NULL, &rc);
	CHECK_EQ(r.table, V6_RT_TABLE_MAIN);
	/* with main's rule gone, a throw with nothing after: no route */
	struct v6_rule_spec main = { .has_priority = 1, .priority = 32766 };
	CHECK_EQ(rule_del(h, &main), 0);
	(void)query(h, "2001:db8:c:1::5", "2001:db8:a::1", NULL, &rc);
	CHECK_EQ(rc, -1);
	CHECK_EQ(rule_del(h, &main), -1);
	CHECK_STR(h->err, "No such file or directory");
	h_free(h);
}

/* iif rules match what arrived there, never what we send; reject rules. */
TEST(iif_and_reject_rules)
{
	struct harness *h = setup();
	struct v6_rule_spec by_iif = { .table = 102, .iif = h->ifp,
		.has_priority = 1, .priority = 10 };
	struct v6_rule_spec bh = { .action = V6_RULE_BLACKHOLE,
		.dst = b_addr("2001:db8:dd::"), .dst_len = 48,
		.has_priority = 1, .priority = 5 };
	struct v6_rule_spec pro = { .action = V6_RULE_PROHIBIT,
		.dst = b_addr("2001:db8:de::"), .dst_len = 48 };
	struct v6_route_result r;
	int rc;

	CHECK_EQ(route_add(h, "2001:db8:c::", 48, 0, "2001:db8::2", 102, 7), 0);
	CHECK_EQ(rule_add(h, &by_iif), 0);
	CHECK_EQ(rule_add(h, &bh), 0);
	CHECK_EQ(rule_add(h, &pro), 0);
	r = query(h, "2001:db8:c::5", "2001:db8:9::1", h->ifp, &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.table, 102);
	CHECK_EQ(r.metric, 7);
	(void)query(h, "2001:db8:c::5", NULL, NULL, &rc);
	CHECK_EQ(rc, -1); /* not from eth0: main has nothing */
	r = query(h, "2001:db8:dd::1", NULL, NULL, &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.type, V6_RTN_BLACKHOLE);
	r = query(h, "2001:db8:de::1", NULL, h->ifp, &rc);
	CHECK_EQ(rc, 0);
	CHECK_EQ(r.type, V6_RTN_PROHIBIT);
	/* del by the attributes given: the first of table 102 */
	struct v6_rule_spec any102 = { .table = 102 };
	CHECK_EQ(rule_del(h, &any102), 0);
	(void)query(h, "2001:db8:c::5", "2001:db8:9::1", h->ifp, &rc);
	CHECK_EQ(rc, -1);
	CHECK_EQ(rules(h).n, 4);
	h_free(h);
}

/* Routes in tables: their own namespace of prefix and metric; del and
 * listing by table; the local table is refused. */
TEST(routes_live_in_their_table)
{
	struct harness *h = setup();
	struct v6_route_spec d100 = { .dst = b_addr("2001:db8:c::"), .dst_len = 48,
		.table = 100 };
	struct v6_route_spec local = { .dst = b_addr("2001:db8:c::"), .dst_len = 48,
		.type = V6_RTN_BLACKHOLE, .table = V6_RT_TABLE_LOCAL };

	CHECK_EQ(route_add(h, "2001:db8:c::", 48, V6_RTN_PROHIBIT, NULL, 100, 0), 0);
	CHECK_EQ(route_add(h, "2001:db8:c::", 48, V6_RTN_PROHIBIT, NULL, 100, 0), -1);
	CHECK_STR(h->err, "File exists");
	/* the same prefix and metric in main is another route */
	CHECK_EQ(route_add(h, "2001:db8:c::", 48, V6_RTN_PROHIBIT, NULL, 0, 0), 0);
	h->err[0] = '\0';
	CHECK_EQ(v6_route_add(h->stack, &local, 0, h->err, sizeof(h->err)), -1);
	CHECK(h->err[0] != '\0');
	CHECK_EQ(v6_route_del(h->stack, &d100, h->err, sizeof(h->err)), 0);
	CHECK_EQ(v6_route_del(h->stack, &d100, h->err, sizeof(h->err)), -1);
	CHECK_STR(h->err, "No such process");
	d100.table = 77; /* no such table */
	CHECK_EQ(v6_route_del(h->stack, &d100, h->err, sizeof(h->err)), -1);
	CHECK_STR(h->err, "No such process");
	h_free(h);
}


/* Whether the destination cache holds a current entry for dst. */
static bool
cached(struct harness *h, const char *dst)
{
	struct in6_addr d = b_addr(dst);

	for (unsigned i = 0; i < V6_DST_SETS * V6_DST_WAYS; i++) {
		const struct v6_dst *e = &h->stack->route.dsts[i];
		if (e->iface && e->gen == h->stack->route.gen && v6_addr_eq(&e->dst, &d))
			return true;
	}
	return false;
}

/* Issue 11: adding or removing one route does not flush every cached
 * next hop, only those of the destinations it covers. */
TEST(a_route_change_recomputes_only_what_it_covers)
{
	struct harness *h = setup();
	struct in6_addr a = b_addr("2001:db8:aa::1"), b = b_addr("2001:db8:bb::1");
	struct in6_addr nh, ll = h_peer_ll(), g2 = h_peer_global();
	struct v6_route_spec sp = { .dst = b_addr("2001:db8:aa::"), .dst_len = 48 };

	CHECK_EQ(route_add(h, "::", 0, 0, "fe80::ff:fe00:2", 0, 0), 0);
	CHECK_EQ(v6_route_lookup(h->stack, h->ifp, &a, &nh, h->now), V6_DROP_NONE);
	CHECK_EQ(v6_route_lookup(h->stack, h->ifp, &b, &nh, h->now), V6_DROP_NONE);
	CHECK(cached(h, "2001:db8:aa::1") && cached(h, "2001:db8:bb::1"));
	CHECK_EQ(route_add(h, "2001:db8:aa::", 48, 0, "2001:db8::2", 0, 0), 0);
	CHECK(!cached(h, "2001:db8:aa::1"));
	CHECK(cached(h, "2001:db8:bb::1"));
	CHECK_EQ(v6_route_lookup(h->stack, h->ifp, &a, &nh, h->now), V6_DROP_NONE);
	CHECK_ADDR(&nh, &g2);
	CHECK_EQ(v6_route_lookup(h->stack, h->ifp, &b, &nh, h->now), V6_DROP_NONE);
	CHECK_ADDR(&nh, &ll);
	/* and its removal likewise */
	CHECK_EQ(v6_route_del(h->stack, &sp, h->err, sizeof(h->err)), 0);
	CHECK(!cached(h, "2001:db8:aa::1"));
	CHECK(cached(h, "2001:db8:bb::1"));
	CHECK_EQ(v6_route_lookup(h->stack, h->ifp, &a, &nh, h->now), V6_DROP_NONE);
	CHECK_ADDR(&nh, &ll);
	/* a rule can move anything: everything goes */
	struct v6_rule_spec r = { .table = 100 };
	CHECK_EQ(rule_add(h, &r), 0);
	CHECK(!cached(h, "2001:db8:aa::1") && !cached(h, "2001:db8:bb::1"));
	h_free(h);
}

T_MAIN()
