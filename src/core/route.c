/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Next-hop determination (RFC 4861 5.2) for a host: the default router
 * list (RFC 4861 6.3.4, 6.3.6; preferences RFC 4191 2.2, 3.2), routes
 * (on-link prefixes from Prefix Information, RFC 4861 6.3.4; Route
 * Information, RFC 4191 3.1) and the destination cache, with Redirects
 * (RFC 4861 8.3) written into it.
 *
 * The interface to the rest of the core is v6_route_lookup and the
 * update calls of route.h; the tables behind them are small arrays
 * (bounds in route.h), scanned only on a destination cache miss or a
 * table change. The lookup takes the outgoing interface as input (a host
 * sends on the interface it chose); a router's longest-prefix-match trie
 * will choose the interface itself, so the callers (ipv6_out.c, icmpv6.c,
 * rdisc.c) change with it.
 */
#include "core/route.h"
#include "core/addrconf.h"
#include "core/fib.h"
#include "core/iface.h"
#include "core/neigh.h"
#include "core/stack.h"

static const char *const route_source_names[] = {
#define X(s) #s,
	V6_ROUTE_SOURCES(X)
#undef X
};

void
v6_route_changed(struct v6_stack *s)
{
	s->route.gen++;
	s->route.n_live = 0;
}

void
v6_route_prefix_changed(struct v6_stack *s, const struct in6_addr *prefix,
    unsigned plen)
{
	/* Only the destinations under prefix can take another route; the
	 * scan is skipped while nothing is cached (a table being loaded). */
	if (plen == 0) {
		v6_route_changed(s);
		return;
	}
	for (uint32_t i = 0; s->route.n_live && i < V6_DST_SETS * V6_DST_WAYS; i++) {
		struct v6_dst *e = &s->route.dsts[i];
		if (e->iface && e->gen == s->route.gen &&
		    v6_addr_common_prefix_len(&e->dst, prefix) >= plen) {
			e->iface = NULL;
			s->route.n_live--;
		}
	}
}

/* Re-arm the one route timer at the earliest expiry of both tables. */
static void
rearm(struct v6_stack *s)
{
	v6_time_t when = V6_TIME_NEVER;

	for (int i = 0; i < V6_MAX_ROUTERS; i++)
		if (s->route.routers[i].used && s->route.routers[i].expires < when)
			when = s->route.routers[i].expires;
	for (int i = 0; i < V6_MAX_ROUTES; i++)
		if (s->route.routes[i].used && s->route.routes[i].expires < when)
			when = s->route.routes[i].expires;
	if (when == V6_TIME_NEVER)
		v6_timer_cancel(&s->timers, &s->route.timer);
	else
		v6_timer_arm(&s->timers, &s->route.timer, when);
}

static struct v6_router *
router_find(struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *addr)
{
	for (int i = 0; i < V6_MAX_ROUTERS; i++)
		if (s->route.routers[i].used && s->route.routers[i].iface == ifp &&
		    v6_addr_eq(&s->route.routers[i].addr, addr))
			return &s->route.routers[i];
	return NULL;
}

bool
v6_route_is_router(const struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *addr)
{
	return router_find((struct v6_stack *)s, ifp, addr) != NULL;
}

static void
router_remove(struct v6_stack *s, struct v6_router *r, const char *why)
{
	r->used = false;
	v6_note(s, r->iface, V6_EV_ROUTER, &r->addr, "REMOVED", why);
	/* RFC 4861 6.3.5: destinations that went through it are recomputed. */
	v6_route_changed(s);
}

enum v6_drop
v6_route_router_update(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr, uint32_t lifetime_s, int pref,
    uint8_t hoplimit, v6_time_t now)
{
	struct v6_router *r = router_find(s, ifp, addr);

	if (lifetime_s == 0) {
		/* RFC 4861 6.3.4: "If the address is already present in the
		 * host's Default Router List and the received Router Lifetime
		 * value is zero, immediately time-out the entry". */
		if (r) {
			router_remove(s, r, "router lifetime 0");
			rearm(s);
		}
		return V6_DROP_NONE;
	}
	if (!r) {
		for (int i = 0; i < V6_MAX_ROUTERS && !r; i++)
			if (!s->route.routers[i].used)
				r = &s->route.routers[i];
		if (!r)
			return V6_DROP_ROUTER_TABLE_FULL;
		r->used = true;
		r->iface = ifp;
		r->addr = *addr;
		r->pref = (int8_t)pref;
		v6_route_changed(s);
		v6_note(s, ifp, V6_EV_ROUTER, addr, "ADDED", NULL);
	} else if (r->pref != pref) {
		r->pref = (int8_t)pref;
		v6_route_changed(s);
	}
	/* "reset its invalidation timer to the Router Lifetime value" (16
	 * bits: never infinite). */
	r->expires = v6_lifetime_deadline(lifetime_s, now);
	r->hoplimit = hoplimit;
	rearm(s);
	return V6_DROP_NONE;
}

void
v6_route_router_gone(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr)
{
	struct v6_router *r = router_find(s, ifp, addr);

	if (r) {
		router_remove(s, r, "IsRouter cleared by a Neighbor Advertisement");
		rearm(s);
	}
}

void
v6_route_on_neigh_unreachable(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr)
{
	if (router_find(s, ifp, addr))
		v6_route_changed(s);
}

static void
route_remove(struct v6_stack *s, struct v6_route *rt, const char *why)
{
	rt->used = false;
	v6_route_changed(s);
	v6_note(s, rt->iface, V6_EV_ROUTE, &rt->prefix, "REMOVED", why);
}

enum v6_drop
v6_route_update(struct v6_stack *s, struct v6_iface *ifp,
    enum v6_route_source source, const struct in6_addr *prefix,
    unsigned plen, const struct in6_addr *gw, int pref, uint32_t lifetime_s,
    v6_time_t now)
{
	struct v6_route *rt = NULL, *free_rt = NULL;
	struct in6_addr any = { .s6_addr = { 0 } };

	if (!gw)
		gw = &any;
	for (int i = 0; i < V6_MAX_ROUTES; i++) {
		struct v6_route *e = &s->route.routes[i];
		if (!e->used) {
			if (!free_rt)
				free_rt = e;
			continue;
		}
		/* One route per (prefix, source, gateway), as Linux keys RA
		 * routes by prefix and gateway. */
		if (e->iface == ifp && e->source == source && e->plen == plen &&
		    v6_addr_common_prefix_len(&e->prefix, prefix) >= plen &&
		    v6_addr_eq(&e->gw, gw)) {
			rt = e;
			break;
		}
	}
	if (lifetime_s == 0) {
		if (rt) {
			route_remove(s, rt, route_source_names[source]);
			rearm(s);
		}
		return V6_DROP_NONE;
	}
	if (!rt) {
		if (!free_rt)
			return V6_DROP_ROUTE_TABLE_FULL;
		rt = free_rt;
		memset(rt, 0, sizeof(*rt));
		rt->used = true;
		rt->iface = ifp;
		rt->source = (uint8_t)source;
		rt->plen = (uint8_t)plen;
		/* Only the prefix's bits. */
		for (unsigned i = 0; i < 16; i++) {
			unsigned bit = i * 8;
			rt->prefix.s6_addr[i] = bit >= plen ? 0
			    : bit + 8 <= plen ? prefix->s6_addr[i]
			    : (uint8_t)(prefix->s6_addr[i] & (0xff00 >> (plen - bit)));
		}
		rt->gw = *gw;
		v6_route_changed(s);
		v6_note(s, ifp, V6_EV_ROUTE, &rt->prefix, "ADDED",
		    route_source_names[source]);
	}
	if (rt->pref != pref)
		v6_route_changed(s);
	rt->pref = (int8_t)pref;
	rt->expires = v6_lifetime_deadline(lifetime_s, now);
	rearm(s);
	return V6_DROP_NONE;
}

void
v6_route_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now)
{
	(void)t;
	for (int i = 0; i < V6_MAX_ROUTERS; i++)
		if (s->route.routers[i].used && s->route.routers[i].expires <= now)
			router_remove(s, &s->route.routers[i], "router lifetime expired");
	for (int i = 0; i < V6_MAX_ROUTES; i++) {
		struct v6_route *rt = &s->route.routes[i];
		if (rt->used && rt->expires <= now)
			route_remove(s, rt, "lifetime expired");
	}
	rearm(s);
}

/* ---- default router selection (RFC 4861 6.3.6, RFC 4191 3.2) ----
 * GAP(RFC 4191 3.5): no probing of routers of unknown reachability
 * (Linux router_probe_interval); an unreachable router is avoided only
 * once its neighbour entry failed. */

/* "reachable or probably reachable (i.e., in any state other than
 * INCOMPLETE)"; no entry, INCOMPLETE or FAILED: unknown or suspect. */
static bool
router_probably_reachable(struct v6_stack *s, const struct v6_router *r)
{
	struct v6_neigh *n = v6_neigh_lookup(s, r->iface, &r->addr);

	return n && n->state != V6_NEIGH_INCOMPLETE && n->state != V6_NEIGH_FAILED;
}

static const struct v6_router *
router_select(struct v6_stack *s, const struct v6_iface *ifp)
{
	const struct v6_router *best = NULL;
	int best_score = -100;
	int n = 0;
	const struct v6_router *cand[V6_MAX_ROUTERS];

	/* RFC 4191 3.2: reachable routers first, then by preference. */
	for (int i = 0; i < V6_MAX_ROUTERS; i++) {
		const struct v6_router *r = &s->route.routers[i];
		if (!r->used || r->iface != ifp)
			continue;
		cand[n++] = r;
		int score = r->pref + (router_probably_reachable(s, r) ? 10 : 0);
		if (score > best_score) {
			best = r;
			best_score = score;
		}
	}
	if (!best || best_score >= 10 - 1)
		return best;
	/* RFC 4861 6.3.6: "When no routers on the list are known to be
	 * reachable or probably reachable, routers SHOULD be selected in a
	 * round-robin fashion", so that they are all tried in turn. Among
	 * the best preference only (RFC 4191 3.2). */
	int m = 0;
	const struct v6_router *top[V6_MAX_ROUTERS];
	for (int i = 0; i < n; i++)
		if (cand[i]->pref == best->pref)
			top[m++] = cand[i];
	return top[s->route.rr_cursor++ % (uint32_t)m];
}

/* ---- the destination cache ---- */

static uint32_t
dst_set(const struct in6_addr *a)
{
	uint64_t x, y;

	memcpy(&x, a->s6_addr, 8);
	memcpy(&y, a->s6_addr + 8, 8);
	x = (x * 0x9e3779b97f4a7c15ull) ^ (y * 0xbf58476d1ce4e5b9ull);
	x ^= x >> 29;
	return (uint32_t)(x % V6_DST_SETS);
}

static struct v6_dst *
dst_slot(struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *dst, bool *hit)
{
	struct v6_dst *set = &s->route.dsts[dst_set(dst) * V6_DST_WAYS];
	struct v6_dst *victim = &set[0];

	for (int w = 0; w < V6_DST_WAYS; w++) {
		struct v6_dst *e = &set[w];
		if (e->iface == ifp && v6_addr_eq(&e->dst, dst)) {
			*hit = e->gen == s->route.gen;
			return e;
		}
		if (!e->iface || e->gen != s->route.gen)
			victim = e; /* free or stale: take it */
		else if (victim->iface && victim->gen == s->route.gen &&
		    e->used < victim->used)
			victim = e; /* least recently used */
	}
	*hit = false;
	return victim;
}

/* The longest match for dst on ifp: *plen is the longest prefix of our
 * on-link prefixes and routes that covers it (-1: none); returns the
 * route of that length with the highest preference, or NULL when no route
 * is longer than the on-link prefix. */
static const struct v6_route *
route_longest_match(const struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *dst, int *plen)
{
	int best_plen = v6_addr_onlink_plen(ifp, dst);
	const struct v6_route *best = NULL;

	for (int i = 0; i < V6_MAX_ROUTES; i++) {
		const struct v6_route *rt = &s->route.routes[i];
		if (!rt->used || rt->iface != ifp ||
		    v6_addr_common_prefix_len(&rt->prefix, dst) < rt->plen)
			continue;
		if ((int)rt->plen > best_plen ||
		    (best && rt->plen == best->plen && rt->pref > best->pref)) {
			best = rt;
			best_plen = rt->plen;
		}
	}
	*plen = best_plen;
	return best;
}

/* Fill destination cache entry e for (ifp, dst). */
static void
dst_fill(struct v6_stack *s, struct v6_dst *e, struct v6_iface *ifp,
    const struct in6_addr *dst, const struct in6_addr *nexthop,
    bool redirected, v6_time_t now)
{
	if (!e->iface || e->gen != s->route.gen)
		s->route.n_live++;
	e->iface = ifp;
	e->dst = *dst;
	e->nexthop = *nexthop;
	e->gen = s->route.gen;
	e->redirected = redirected;
	e->used = now;
}

/* The next hop of a configured route; a reject type sends nothing. */
static enum v6_drop
fib_nexthop(const struct v6_fib_route *f, const struct in6_addr *dst,
    struct in6_addr *nexthop)
{
	if (f->type != V6_RTN_UNICAST)
		return V6_DROP_OUT_NO_ROUTE;
	*nexthop = f->has_gw ? f->gw : *dst;
	return V6_DROP_NONE;
}

/* The slow path: longest match over our prefixes, routes and, for ::/0,
 * the default router list. */
static enum v6_drop
route_resolve(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, struct in6_addr *nexthop)
{
	int best_plen, fib_plen = -1;
	const struct v6_route *best = route_longest_match(s, ifp, dst, &best_plen);
	const struct v6_fib_route *f = v6_fib_lookup(s, dst, &fib_plen);

	/* A configured route (fib.c) through this interface, or of a reject
	 * type, counts when it is longer than what the RAs taught; then,
	 * after the default routers, at any length. */
	if (f && f->dev != ifp && f->type == V6_RTN_UNICAST)
		f = NULL;
	if (f && fib_plen > (best ? (int)best->plen : best_plen))
		return fib_nexthop(f, dst, nexthop);
	if (best) {
		*nexthop = v6_addr_is_unspecified(&best->gw) ? *dst : best->gw;
		return V6_DROP_NONE;
	}
	if (best_plen >= 0) {
		*nexthop = *dst; /* RFC 4861 5.2: on-link */
		return V6_DROP_NONE;
	}
	const struct v6_router *r = router_select(s, ifp);
	if (!r)
		return f ? fib_nexthop(f, dst, nexthop) : V6_DROP_OUT_NO_ROUTE;
	*nexthop = r->addr;
	return V6_DROP_NONE;
}

int
v6_route_match_plen(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst)
{
	int plen;

	(void)route_longest_match(s, ifp, dst, &plen);
	return plen;
}

enum v6_drop
v6_route_lookup(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, struct in6_addr *nexthop, v6_time_t now)
{
	bool hit;
	struct v6_dst *e;
	enum v6_drop r;

	/* RFC 4861 5.2: link-local destinations are on-link. */
	if (v6_addr_is_linklocal(dst)) {
		*nexthop = *dst;
		return V6_DROP_NONE;
	}
	e = dst_slot(s, ifp, dst, &hit);
	if (hit) {
		e->used = now;
		*nexthop = e->nexthop;
		return V6_DROP_NONE;
	}
	if ((r = route_resolve(s, ifp, dst, nexthop)) != V6_DROP_NONE)
		return r;
	dst_fill(s, e, ifp, dst, nexthop, false, now);
	return V6_DROP_NONE;
}

void
v6_route_redirect(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, const struct in6_addr *nexthop, v6_time_t now)
{
	bool hit;
	struct v6_dst *e = dst_slot(s, ifp, dst, &hit);

	/* RFC 4861 8.3: "update the Destination Cache accordingly so that
	 * subsequent traffic goes to the specified target". */
	dst_fill(s, e, ifp, dst, nexthop, true, now);
	v6_note(s, ifp, V6_EV_ROUTE, dst, "REDIRECTED", NULL);
}

/* ---- public: display ---- */

void
v6_router_foreach(const struct v6_stack *s, v6_time_t now,
    void (*cb)(void *ctx, const struct v6_iface *iface,
	const struct in6_addr *addr, int pref, uint64_t expires_ms),
    void *ctx)
{
	for (int i = 0; i < V6_MAX_ROUTERS; i++) {
		const struct v6_router *r = &s->route.routers[i];
		if (r->used)
			cb(ctx, r->iface, &r->addr, r->pref,
			    r->expires > now ? (r->expires - now) / V6_NS_PER_MS : 0);
	}
}

void
v6_route_foreach(const struct v6_stack *s, v6_time_t now,
    void (*cb)(void *ctx, const struct v6_iface *iface,
	const struct in6_addr *prefix, unsigned plen,
	const struct in6_addr *gw, const char *source, int pref,
	uint64_t expires_ms),
    void *ctx)
{
	for (int i = 0; i < V6_MAX_ROUTES; i++) {
		const struct v6_route *rt = &s->route.routes[i];
		if (!rt->used)
			continue;
		cb(ctx, rt->iface, &rt->prefix, rt->plen,
		    v6_addr_is_unspecified(&rt->gw) ? NULL : &rt->gw,
		    route_source_names[rt->source], rt->pref,
		    rt->expires == V6_TIME_NEVER ? UINT64_MAX
		    : rt->expires > now ? (rt->expires - now) / V6_NS_PER_MS : 0);
	}
}

/* Seconds left as Linux reports them (iproute2 "expires Ns": rounded
 * down), at least 1 while it lasts; 0 for never. */
static uint32_t
expires_s(v6_time_t expires, v6_time_t now)
{
	if (expires == V6_TIME_NEVER)
		return 0;
	return expires > now + V6_NS_PER_S ? (uint32_t)((expires - now) / V6_NS_PER_S) : 1;
}

void
v6_route_ra_spec_foreach(const struct v6_stack *s, v6_time_t now,
    void (*cb)(void *ctx, const struct v6_route_spec *spec), void *ctx)
{
	/* Linux keeps an on-link prefix as proto kernel metric 256
	 * (addrconf_prefix_route), Route Information and default routers
	 * as proto ra metric 1024 (rt6_add_route_info, rt6_add_dflt_router),
	 * the default route with the RA's Cur Hop Limit as its hoplimit. */
	for (int i = 0; i < V6_MAX_ROUTES; i++) {
		const struct v6_route *rt = &s->route.routes[i];
		struct v6_route_spec sp = { .dst = rt->prefix, .dst_len = rt->plen,
			.type = V6_RTN_UNICAST, .dev = rt->iface, .gw = rt->gw,
			.table = V6_RT_TABLE_MAIN, .pref = rt->pref };
		if (!rt->used || (rt->source != V6_RT_PREFIX && rt->source != V6_RT_RIO))
			continue;
		sp.has_gw = !v6_addr_is_unspecified(&rt->gw);
		sp.protocol = rt->source == V6_RT_PREFIX ? V6_RTPROT_KERNEL : V6_RTPROT_RA;
		sp.metric = rt->source == V6_RT_PREFIX ? V6_RT_METRIC_KERNEL
						       : V6_RT_METRIC_USER;
		sp.expires_s = expires_s(rt->expires, now);
		cb(ctx, &sp);
	}
	for (int i = 0; i < V6_MAX_ROUTERS; i++) {
		const struct v6_router *r = &s->route.routers[i];
		struct v6_route_spec sp = { .type = V6_RTN_UNICAST, .has_gw = 1,
			.gw = r->addr, .dev = r->iface, .protocol = V6_RTPROT_RA,
			.metric = V6_RT_METRIC_USER, .table = V6_RT_TABLE_MAIN,
			.pref = r->pref, .hoplimit = r->hoplimit };
		if (!r->used)
			continue;
		sp.expires_s = expires_s(r->expires, now);
		cb(ctx, &sp);
	}
}

int
v6_route_get(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, struct in6_addr *nexthop, v6_time_t now)
{
	return v6_route_lookup(s, ifp, dst, nexthop, now) == V6_DROP_NONE ? 0 : -1;
}
