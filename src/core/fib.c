/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The forwarding tables (fib.h): configured routes and our prefix routes,
 * one longest-prefix-match trie per table, with Linux's route types and
 * `ip -6 route` semantics for add, replace and del. The rules are
 * fib_rule.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "core/fib.h"
#include "core/addrconf.h"
#include "core/iface.h"
#include "core/pmtu.h"
#include "core/route.h"
#include "core/stack.h"

#define FIB_INITIAL_ROUTES 64

int
v6_fib_init(struct v6_stack *s, char *err, size_t errlen)
{
	struct v6_fib *f = &s->fib;

	f->free_head = V6_NIL;
	f->kernel_head = V6_NIL;
	f->kernel_hint = malloc(s->params.ifaces_max * V6_MAX_ADDRS *
	    sizeof(*f->kernel_hint));
	if (!f->kernel_hint)
		return v6_fail(err, errlen, "out of memory (routing table)");
	for (size_t i = 0; i < s->params.ifaces_max * V6_MAX_ADDRS; i++)
		f->kernel_hint[i] = V6_NIL;
	if (v6_lpm_pool_init(&f->pool, V6_FIB_LPM_MEM) < 0) {
		free(f->kernel_hint);
		f->kernel_hint = NULL;
		return v6_fail(err, errlen, "out of memory (routing table)");
	}
	f->tables[V6_FIB_MAIN].id = V6_RT_TABLE_MAIN;
	if (v6_lpm_init(&f->tables[V6_FIB_MAIN].lpm, &f->pool) != V6_LPM_OK) {
		v6_lpm_pool_free(&f->pool);
		return v6_fail(err, errlen, "out of memory (routing table)");
	}
	f->n_tables = 1;
	if (v6_fib_rules_init(f) < 0) {
		v6_lpm_destroy(&f->tables[V6_FIB_MAIN].lpm);
		v6_lpm_pool_free(&f->pool);
		return v6_fail(err, errlen, "out of memory (routing rules)");
	}
	f->ready = true;
	return 0;
}

void
v6_fib_free(struct v6_stack *s)
{
	struct v6_fib *f = &s->fib;

	if (!f->ready)
		return;
	for (uint32_t t = 0; t < f->n_tables; t++)
		v6_lpm_destroy(&f->tables[t].lpm);
	v6_lpm_pool_free(&f->pool);
	free(f->routes);
	free(f->rules);
	free(f->kernel_hint);
	f->kernel_hint = NULL;
	f->routes = NULL;
	f->rules = NULL;
	f->ready = false;
}

static void
prefix_mask(struct in6_addr *out, const struct in6_addr *in, unsigned plen)
{
	for (unsigned i = 0; i < 16; i++) {
		unsigned bit = i * 8;
		out->s6_addr[i] = bit >= plen ? 0
		    : bit + 8 <= plen ? in->s6_addr[i]
		    : (uint8_t)(in->s6_addr[i] & (0xff00 >> (plen - bit)));
	}
}

/* A free route slot, growing the array on the control path; V6_NIL at
 * the bound or without memory. */
static uint32_t
route_alloc(struct v6_fib *f)
{
	uint32_t i = f->free_head;

	if (i != V6_NIL) {
		f->free_head = f->routes[i].next;
	} else {
		if (f->top == f->cap) {
			uint32_t ncap = f->cap ? f->cap * 2 : FIB_INITIAL_ROUTES;
			struct v6_fib_route *n;
			if (f->cap >= V6_FIB_MAX_ROUTES)
				return V6_NIL;
			if (ncap > V6_FIB_MAX_ROUTES)
				ncap = V6_FIB_MAX_ROUTES;
			n = realloc(f->routes, (size_t)ncap * sizeof(*n));
			if (!n)
				return V6_NIL;
			f->routes = n;
			f->cap = ncap;
		}
		i = f->top++;
	}
	memset(&f->routes[i], 0, sizeof(f->routes[i]));
	f->routes[i].next = V6_NIL;
	f->routes[i].knext = V6_NIL;
	f->n_used++;
	return i;
}

static void
route_release(struct v6_fib *f, uint32_t i)
{
	f->routes[i].used = false;
	f->routes[i].next = f->free_head;
	f->free_head = i;
	f->n_used--;
}

static bool
dev_usable(const struct v6_fib_route *r)
{
	return !r->dev || r->dev->up;
}

const struct v6_fib_route *
v6_fib_lookup(const struct v6_stack *s, const struct in6_addr *dst, int *plen)
{
	struct v6_flow fl = { dst, NULL, NULL };

	return v6_fib_lookup_flow(s, &fl, plen, NULL);
}

int
v6_fib_table_slot(const struct v6_fib *f, uint32_t id)
{
	for (uint32_t t = 0; t < f->n_tables; t++)
		if (f->tables[t].id == id)
			return (int)t;
	return -1;
}

/* The slot of table id, made when it has none (as Linux makes a table on
 * its first route); -1 at the bound or without memory. */
static int
table_get(struct v6_fib *f, uint32_t id)
{
	int t = v6_fib_table_slot(f, id);

	if (t >= 0)
		return t;
	if (f->n_tables == V6_FIB_MAX_TABLES ||
	    v6_lpm_init(&f->tables[f->n_tables].lpm, &f->pool) != V6_LPM_OK)
		return -1;
	f->tables[f->n_tables].id = id;
	v6_fib_rules_table_added(f, id, f->n_tables);
	return (int)f->n_tables++;
}

const struct v6_fib_route *
v6_fib_table_lookup(const struct v6_fib *f, unsigned tslot,
    const struct in6_addr *dst, int *plen)
{
	const struct v6_lpm *lpm = &f->tables[tslot].lpm;
	unsigned len = 128;

	/* Linux fib6_backtrack: when no route of the longest prefix can be
	 * used (its interface is down), the next shorter prefix is tried. */
	for (;;) {
		unsigned got;
		uint32_t i = v6_lpm_match(lpm, dst, len, &got);
		if (i == V6_LPM_NONE)
			return NULL;
		for (; i != V6_NIL; i = f->routes[i].next)
			if (dev_usable(&f->routes[i])) {
				if (plen)
					*plen = (int)got;
				return &f->routes[i];
			}
		if (got == 0)
			return NULL;
		len = got - 1;
	}
}

/* Link route ri into its prefix's list by metric (after routes of the same
 * metric, as Linux appends). 0 or an lpm result. */
static int
chain_insert(struct v6_fib *f, uint32_t ri)
{
	struct v6_fib_route *r = &f->routes[ri];
	struct v6_lpm *lpm = &f->tables[r->tslot].lpm;
	uint32_t head = v6_lpm_get(lpm, &r->dst, r->dst_len);
	uint32_t prev = V6_NIL, i;

	if (head == V6_LPM_NONE)
		return v6_lpm_add(lpm, &r->dst, r->dst_len, ri);
	for (i = head; i != V6_NIL && f->routes[i].metric <= r->metric;
	     i = f->routes[i].next)
		prev = i;
	r->next = i;
	if (prev != V6_NIL) {
		f->routes[prev].next = ri;
		return V6_LPM_OK;
	}
	return v6_lpm_replace(lpm, &r->dst, r->dst_len, ri, NULL);
}

/* Unlink route ri from its prefix's list. */
static void
chain_remove(struct v6_fib *f, uint32_t ri)
{
	struct v6_fib_route *r = &f->routes[ri];
	struct v6_lpm *lpm = &f->tables[r->tslot].lpm;
	uint32_t head = v6_lpm_get(lpm, &r->dst, r->dst_len);

	if (head == ri) {
		if (r->next == V6_NIL)
			(void)v6_lpm_del(lpm, &r->dst, r->dst_len, NULL);
		else
			(void)v6_lpm_replace(lpm, &r->dst, r->dst_len, r->next,
			    NULL);
		return;
	}
	for (uint32_t i = head; i != V6_NIL; i = f->routes[i].next)
		if (f->routes[i].next == ri) {
			f->routes[i].next = r->next;
			return;
		}
}

static uint32_t
kernel_find(const struct v6_fib *f, const struct in6_addr *dst, unsigned plen,
    const struct v6_iface *dev)
{
	uint32_t i = v6_lpm_get(&f->tables[V6_FIB_MAIN].lpm, dst, plen);

	for (i = i == V6_LPM_NONE ? V6_NIL : i; i != V6_NIL; i = f->routes[i].next)
		if (f->routes[i].dev == dev &&
		    f->routes[i].protocol == V6_RTPROT_KERNEL)
			return i;
	return V6_NIL;
}

/* The route ifp's prefix pfx/plen brought, the hint first (a slot of
 * routes may have been reused since: checked whole). */
static bool
kernel_is(const struct v6_fib *f, uint32_t i, const struct in6_addr *pfx,
    unsigned plen, const struct v6_iface *ifp)
{
	const struct v6_fib_route *r;

	if (i >= f->top)
		return false;
	r = &f->routes[i];
	return r->used && r->dev == ifp &&
	    r->protocol == V6_RTPROT_KERNEL && r->dst_len == plen &&
	    memcmp(&r->dst, pfx, sizeof(*pfx)) == 0;
}

static void
kernel_add(struct v6_stack *s, struct v6_iface *ifp, const struct in6_addr *pfx,
    unsigned plen, uint32_t *hint)
{
	struct v6_fib *f = &s->fib;
	uint32_t i = *hint;

	if (i == V6_NIL || !kernel_is(f, i, pfx, plen, ifp))
		i = kernel_find(f, pfx, plen, ifp);
	if (i != V6_NIL) {
		f->routes[i].stale = false;
		*hint = i;
		return;
	}
	if ((i = route_alloc(f)) == V6_NIL)
		return;
	struct v6_fib_route *r = &f->routes[i];
	r->dst = *pfx;
	r->dst_len = (uint8_t)plen;
	r->dev = ifp;
	r->type = V6_RTN_UNICAST;
	r->protocol = V6_RTPROT_KERNEL;
	r->metric = V6_RT_METRIC_KERNEL;
	r->used = true;
	if (chain_insert(f, i) != V6_LPM_OK) {
		route_release(f, i);
		return;
	}
	r->knext = f->kernel_head;
	f->kernel_head = i;
	*hint = i;
}

void
v6_fib_addrs_changed(struct v6_stack *s)
{
	struct v6_fib *f = &s->fib;
	uint32_t *link;

	if (!f->ready)
		return;
	for (uint32_t i = f->kernel_head; i != V6_NIL; i = f->routes[i].knext)
		f->routes[i].stale = true;
	/* Linux addrconf_prefix_route: each address brings its prefix's
	 * route on its interface (an address formed by SLAAC does not: its
	 * prefix is on-link only if the RA said so, RFC 5942), and keeps it
	 * while it stays, also once DAD failed (the kernel keeps a dadfailed
	 * address and its proto kernel route). */
	for (uint32_t n = 0; n < s->n_ifaces; n++) {
		struct v6_iface *ifp = s->ifaces[n];
		for (int k = 0; k < V6_MAX_ADDRS; k++) {
			const struct v6_addr *a = &ifp->addrs[k];
			struct in6_addr pfx;
			if (!a->in_use || a->autoconf)
				continue;
			prefix_mask(&pfx, &a->addr, a->plen);
			kernel_add(s, ifp, &pfx, a->plen,
			    &f->kernel_hint[n * V6_MAX_ADDRS + k]);
		}
	}
	for (link = &f->kernel_head; *link != V6_NIL;) {
		uint32_t i = *link;
		if (!f->routes[i].stale) {
			link = &f->routes[i].knext;
			continue;
		}
		*link = f->routes[i].knext;
		chain_remove(f, i);
		route_release(f, i);
	}
	v6_route_changed(s);
}

/* ---- public: ip -6 route add, replace, del, show, get ---- */

static uint32_t
table_id(const struct v6_route_spec *sp)
{
	return sp->table ? sp->table : V6_RT_TABLE_MAIN;
}

static int
spec_check(struct v6_stack *s, const struct v6_route_spec *sp,
    struct v6_fib_route *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	if (sp->dst_len > 128)
		return v6_fail(err, errlen, "Invalid prefix length %u", sp->dst_len);
	prefix_mask(&r->dst, &sp->dst, sp->dst_len);
	r->dst_len = (uint8_t)sp->dst_len;
	r->type = (uint8_t)(sp->type ? sp->type : V6_RTN_UNICAST);
	r->protocol = (uint8_t)(sp->protocol ? sp->protocol : V6_RTPROT_BOOT);
	if (sp->protocol > 255)
		return v6_fail(err, errlen, "Invalid protocol %u", sp->protocol);
	r->metric = sp->metric ? sp->metric : V6_RT_METRIC_USER;
	r->next = V6_NIL;
	r->knext = V6_NIL;
	r->used = true;
	if (sp->mtu && (sp->mtu < 1280 || sp->mtu > 65535))
		return v6_fail(err, errlen, "Invalid MTU %u (1280..65535)", sp->mtu);
	r->mtu = sp->mtu;
	if (sp->table == V6_RT_TABLE_LOCAL)
		return v6_fail(err, errlen, "table local holds our addresses only");
	switch (r->type) {
	case V6_RTN_BLACKHOLE:
	case V6_RTN_UNREACHABLE:
	case V6_RTN_PROHIBIT:
	case V6_RTN_THROW:
		if (sp->has_gw)
			return v6_fail(err, errlen, "a %s route has no gateway",
			    r->type == V6_RTN_BLACKHOLE ? "blackhole"
			    : r->type == V6_RTN_PROHIBIT ? "prohibit"
			    : r->type == V6_RTN_THROW ? "throw" : "unreachable");
		return 0; /* Linux: dev lo; no interface of ours */
	case V6_RTN_UNICAST:
		break;
	default:
		return v6_fail(err, errlen, "route type %u not supported", sp->type);
	}
	r->dev = sp->dev;
	if (!sp->has_gw) {
		if (!r->dev)
			return v6_fail(err, errlen, "Device for nexthop is not up"
			    " or missing: a route needs via or dev");
		return 0;
	}
	r->has_gw = true;
	r->gw = sp->gw;
	if (v6_addr_is_multicast(&sp->gw) || v6_addr_is_unspecified(&sp->gw) ||
	    v6_addr_is_loopback(&sp->gw))
		return v6_fail(err, errlen, "Invalid gateway address");
	if (v6_addr_lookup(s, NULL, &sp->gw))
		return v6_fail(err, errlen, "Gateway can not be a local address");
	if (v6_addr_is_linklocal(&sp->gw)) {
		if (!r->dev)
			return v6_fail(err, errlen,
			    "Nexthop device required for a link-local gateway");
		return 0;
	}
	/* Linux ip6_validate_gw: a global gateway must be on-link through a
	 * route without a gateway, on dev when it is given: looked up in the
	 * route's own table first, then as any packet to it would be. */
	const struct v6_fib_route *g = NULL;
	int t = v6_fib_table_slot(&s->fib, table_id(sp));
	if (t >= 0)
		g = v6_fib_table_lookup(&s->fib, (unsigned)t, &sp->gw, NULL);
	if (!g || g->type != V6_RTN_UNICAST || g->has_gw ||
	    (r->dev && g->dev != r->dev))
		g = v6_fib_lookup(s, &sp->gw, NULL);
	if (!g || g->type != V6_RTN_UNICAST || g->has_gw ||
	    (r->dev && g->dev != r->dev))
		return v6_fail(err, errlen, "Nexthop has invalid gateway");
	r->dev = g->dev;
	return 0;
}

int
v6_route_add(struct v6_stack *s, const struct v6_route_spec *sp, int replace,
    char *err, size_t errlen)
{
	struct v6_fib *f = &s->fib;
	struct v6_fib_route want;
	uint32_t head, i;
	int rc, t;

	if (spec_check(s, sp, &want, err, errlen) < 0)
		return -1;
	if ((t = table_get(f, table_id(sp))) < 0)
		return v6_fail(err, errlen, "too many tables (%u)", V6_FIB_MAX_TABLES);
	want.tslot = (uint8_t)t;
	head = v6_lpm_get(&f->tables[t].lpm, &want.dst, want.dst_len);
	for (i = head == V6_LPM_NONE ? V6_NIL : head; i != V6_NIL;
	     i = f->routes[i].next) {
		if (f->routes[i].metric != want.metric)
			continue;
		/* Linux fib6_add_rt2node: NLM_F_EXCL (ip route add) fails on
		 * any route of the same prefix and metric; NLM_F_REPLACE
		 * takes its place. A kernel route is never replaced. */
		if (!replace || f->routes[i].protocol == V6_RTPROT_KERNEL)
			return v6_fail(err, errlen, "File exists");
		want.next = f->routes[i].next;
		f->routes[i] = want;
		v6_route_prefix_changed(s, &want.dst, want.dst_len);
		return 0;
	}
	if ((i = route_alloc(f)) == V6_NIL) {
		return v6_fail(err, errlen, "routing table full (%u routes)",
		    V6_FIB_MAX_ROUTES);
	}
	f->routes[i] = want;
	if ((rc = chain_insert(f, i)) != V6_LPM_OK) {
		route_release(f, i);
		return v6_fail(err, errlen, "%s", v6_lpm_strerror(rc));
	}
	v6_route_prefix_changed(s, &want.dst, want.dst_len);
	return 0;
}

int
v6_route_del(struct v6_stack *s, const struct v6_route_spec *sp, char *err,
    size_t errlen)
{
	struct v6_fib *f = &s->fib;
	struct in6_addr dst;
	uint32_t head, i;
	int t = v6_fib_table_slot(f, table_id(sp));

	if (sp->dst_len > 128)
		return v6_fail(err, errlen, "Invalid prefix length %u", sp->dst_len);
	if (t < 0)
		return v6_fail(err, errlen, "No such process");
	prefix_mask(&dst, &sp->dst, sp->dst_len);
	head = v6_lpm_get(&f->tables[t].lpm, &dst, sp->dst_len);
	for (i = head == V6_LPM_NONE ? V6_NIL : head; i != V6_NIL;
	     i = f->routes[i].next) {
		const struct v6_fib_route *r = &f->routes[i];
		/* Linux ip6_route_del: the attributes given must match; the
		 * type is not one of them ("del unreachable P" removes the
		 * first route of P, a prohibit one too), and metric 0 is any. */
		if ((sp->has_gw && (!r->has_gw || !v6_addr_eq(&r->gw, &sp->gw))) ||
		    (sp->dev && r->dev != sp->dev) ||
		    (sp->metric && r->metric != sp->metric) ||
		    (sp->protocol && r->protocol != sp->protocol))
			continue;
		if (r->protocol == V6_RTPROT_KERNEL) {
			/* The address owns it: take it out of the kernel list. */
			for (uint32_t *l = &f->kernel_head; *l != V6_NIL;
			     l = &f->routes[*l].knext)
				if (*l == i) {
					*l = r->knext;
					break;
				}
		}
		chain_remove(f, i);
		route_release(f, i);
		v6_route_prefix_changed(s, &dst, sp->dst_len);
		return 0;
	}
	return v6_fail(err, errlen, "No such process");
}

static void
spec_of(const struct v6_fib_route *r, struct v6_route_spec *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->dst = r->dst;
	sp->dst_len = r->dst_len;
	sp->type = r->type;
	sp->protocol = r->protocol;
	sp->metric = r->metric;
	sp->has_gw = r->has_gw;
	sp->gw = r->gw;
	sp->dev = r->dev;
	sp->mtu = r->mtu;
}

static uint32_t
spec_table(const struct v6_fib *f, const struct v6_fib_route *r)
{
	return f->tables[r->tslot].id;
}

struct walk_ctx {
	const struct v6_fib *f;
	void (*cb)(void *ctx, const struct v6_route_spec *spec);
	void *ctx;
};

static int
walk_one(void *ctx, const struct in6_addr *pfx, unsigned plen, uint32_t value)
{
	struct walk_ctx *w = ctx;
	struct v6_route_spec sp;

	(void)pfx;
	(void)plen;
	for (uint32_t i = value; i != V6_NIL; i = w->f->routes[i].next) {
		spec_of(&w->f->routes[i], &sp);
		sp.table = spec_table(w->f, &w->f->routes[i]);
		w->cb(w->ctx, &sp);
	}
	return 0;
}

/* Linux dumps every table by its hash bucket (id mod 256), so `ip -6
 * route show table all` lists table 100 before main (254). */
static bool
dumps_before(uint32_t a, uint32_t b)
{
	return (a & 0xff) != (b & 0xff) ? (a & 0xff) < (b & 0xff) : a < b;
}

void
v6_route_spec_foreach(const struct v6_stack *s, uint32_t table,
    void (*cb)(void *ctx, const struct v6_route_spec *spec), void *ctx)
{
	const struct v6_fib *f = &s->fib;
	struct walk_ctx w = { f, cb, ctx };
	unsigned order[V6_FIB_MAX_TABLES], n = 0;

	if (!f->ready)
		return;
	for (unsigned t = 0; t < f->n_tables; t++) {
		unsigned k = n++;
		if (table != V6_RT_TABLE_UNSPEC && f->tables[t].id != table) {
			n--;
			continue;
		}
		for (; k > 0 && dumps_before(f->tables[t].id,
			f->tables[order[k - 1]].id); k--)
			order[k] = order[k - 1];
		order[k] = t;
	}
	for (unsigned k = 0; k < n; k++)
		(void)v6_lpm_walk(&f->tables[order[k]].lpm, NULL, 0, walk_one, &w);
}

static uint32_t
dev_mtu(const struct v6_iface *ifp)
{
	return ifp->link_mtu < (uint32_t)ifp->conf.mtu ? ifp->link_mtu
						       : (uint32_t)ifp->conf.mtu;
}

struct ra_match {
	struct v6_route_result *res;
	const struct in6_addr *dst;
	int best_len;
};

/* The RA-taught route route.c's next hop came from: the longest on res's
 * interface covering dst with that gateway (or on-link). */
static void
ra_match_cb(void *ctx, const struct v6_route_spec *sp)
{
	struct ra_match *m = ctx;
	struct in6_addr pfx;

	prefix_mask(&pfx, m->dst, sp->dst_len);
	if (sp->dev != m->res->dev || (int)sp->dst_len <= m->best_len ||
	    !v6_addr_eq(&pfx, &sp->dst) || sp->has_gw != m->res->has_gw ||
	    (sp->has_gw && !v6_addr_eq(&sp->gw, &m->res->gw)))
		return;
	m->best_len = (int)sp->dst_len;
	m->res->protocol = sp->protocol;
	m->res->metric = sp->metric;
	m->res->pref = sp->pref;
	m->res->hoplimit = sp->hoplimit;
}

/* What ip route get says of a route Router Advertisements taught (its
 * protocol, metric, preference and hoplimit as Linux keeps them). */
static void
ra_route_of(struct v6_stack *s, struct v6_route_result *res,
    const struct in6_addr *dst, v6_time_t now)
{
	struct ra_match m = { res, dst, -1 };

	res->protocol = V6_RTPROT_RA;
	res->metric = V6_RT_METRIC_USER;
	v6_route_ra_spec_foreach(s, now, ra_match_cb, &m);
}

int
v6_route_query(struct v6_stack *s, const struct in6_addr *dst,
    const struct in6_addr *src, const struct v6_iface *iif,
    struct v6_route_result *res, v6_time_t now)
{
	const struct v6_addr *a = v6_addr_lookup(s, NULL, dst);
	struct v6_flow fl = { dst, src, iif };
	const struct v6_fib_route *r;
	uint32_t table = V6_RT_TABLE_MAIN;

	memset(res, 0, sizeof(*res));
	res->table = V6_RT_TABLE_MAIN;
	if (a) {
		res->table = V6_RT_TABLE_LOCAL;
		res->type = V6_RTN_LOCAL;
		res->protocol = V6_RTPROT_KERNEL;
		res->dev = a->iface;
		res->src = *dst;
		return 0;
	}
	if ((r = v6_fib_lookup_flow(s, &fl, NULL, &table)) == NULL) {
		/* What Router Advertisements taught a host (route.c, which
		 * asks main as a packet we send would: only when no rule
		 * could have said otherwise). */
		for (uint32_t n = 0; s->fib.rules_plain && n < s->n_ifaces; n++) {
			struct v6_iface *ifp = s->ifaces[n];
			struct in6_addr nh;
			if (!ifp->up ||
			    v6_route_lookup(s, ifp, dst, &nh, now) != V6_DROP_NONE)
				continue;
			res->type = V6_RTN_UNICAST;
			res->dev = ifp;
			res->has_gw = !v6_addr_eq(&nh, dst);
			res->gw = nh;
			ra_route_of(s, res, dst, now);
			r = NULL;
			goto unicast;
		}
		return -1;
	}
	res->type = r->type;
	res->protocol = r->protocol;
	res->metric = r->metric;
	res->table = table;
	if (r->type != V6_RTN_UNICAST)
		return 0;
	res->dev = r->dev;
	res->has_gw = r->has_gw;
	res->gw = r->gw;
unicast:;
	const struct v6_addr *pref = v6_saddr_select(res->dev, dst);
	uint32_t link_mtu = dev_mtu(res->dev);
	uint32_t pmtu = v6_pmtu_get(s, dst, now);
	if (pref)
		res->src = pref->addr;
	/* ip route get's "mtu N", as Linux rt6_fill_node fills it: the
	 * route's own MTU as configured (even above the link's), or the
	 * path MTU a Packet Too Big taught, when lower. */
	res->mtu = r ? r->mtu : 0;
	if (pmtu && pmtu < link_mtu && (!res->mtu || pmtu < res->mtu))
		res->mtu = pmtu;
	return 0;
}
