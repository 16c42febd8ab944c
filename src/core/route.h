/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Next-hop determination (route.c; RFC 4861 5.2): the default router
 * list (RFC 4861 5.1, 6.3.4; RFC 4191 preferences), the routes (on-link
 * prefixes from Prefix Information, RFC 4861 6.3.4; Route Information,
 * RFC 4191 3.1) and the destination cache (RFC 4861 5.1, 5.2).
 *
 * Bounds: V6_MAX_ROUTERS routers (a new one beyond is not added, counted
 * ROUTER_TABLE_FULL); V6_MAX_ROUTES routes (ROUTE_TABLE_FULL); the
 * destination cache is V6_DST_SETS x V6_DST_WAYS entries, set-associative
 * by destination (O(1) lookup); a miss evicts the set's least recently
 * used way. Entries carry the route generation they were computed at;
 * a change of routers, RA routes, rules or addresses bumps it, which
 * invalidates them all at once (a Redirect writes its entry at the new
 * generation); a configured route's change drops only the entries it
 * covers (v6_route_prefix_changed).
 */
#ifndef V6_CORE_ROUTE_H
#define V6_CORE_ROUTE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/timer.h"
#include "wire/wire.h"

#define V6_MAX_ROUTERS 16
#define V6_MAX_ROUTES 64
#define V6_DST_SETS 256
#define V6_DST_WAYS 4

struct v6_router {
	struct in6_addr addr; /* link-local (RFC 4861 6.1.2) */
	struct v6_iface *iface;
	v6_time_t expires;
	int8_t pref; /* RFC 4191: +1 high, 0 medium, -1 low */
	uint8_t hoplimit; /* its RA's Cur Hop Limit, 0: none */
	bool used;
};

#define V6_ROUTE_SOURCES(X) X(PREFIX) X(RIO) X(KERNEL)
enum v6_route_source {
#define X(s) V6_RT_##s,
	V6_ROUTE_SOURCES(X)
#undef X
};

struct v6_route {
	struct in6_addr prefix;
	struct in6_addr gw; /* unspecified: on-link */
	struct v6_iface *iface;
	v6_time_t expires; /* V6_TIME_NEVER: no expiry */
	uint8_t plen;
	uint8_t source; /* enum v6_route_source */
	int8_t pref;
	bool used;
};

struct v6_dst {
	struct in6_addr dst, nexthop;
	struct v6_iface *iface; /* NULL: free */
	uint32_t gen;
	bool redirected;
	v6_time_t used;
};

/* Routers, routes and the destination cache: struct v6_stack's member
 * route, written only by route.c. */
struct v6_route_table {
	struct v6_router routers[V6_MAX_ROUTERS];
	struct v6_route routes[V6_MAX_ROUTES];
	struct v6_dst dsts[V6_DST_SETS * V6_DST_WAYS];
	uint32_t n_live; /* entries of the current generation */
	uint32_t gen;
	uint32_t rr_cursor; /* RFC 4861 6.3.6 round robin */
	struct v6_timer timer; /* earliest router or route expiry */
};

/*
 * RFC 4861 5.2: the next hop for dst sent on ifp: dst itself when on-link
 * (link-local, one of our prefixes, an on-link route), else the gateway of
 * the longest matching route, else a default router (6.3.6). Consults the
 * destination cache first. Returns V6_DROP_NONE with *nexthop set, or
 * V6_DROP_OUT_NO_ROUTE.
 */
enum v6_drop v6_route_lookup(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, struct in6_addr *nexthop, v6_time_t now);
/* The prefix length of the longest on-link prefix or route covering dst,
 * or -1 (a default router's route counts as 0 for the caller). */
int v6_route_match_plen(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst);
/* Add or refresh a router (lifetime_s > 0) or remove it (0); hoplimit:
 * its RA's Cur Hop Limit (0: none), which Linux keeps as the default
 * route's hoplimit metric. */
enum v6_drop v6_route_router_update(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr, uint32_t lifetime_s, int pref,
    uint8_t hoplimit, v6_time_t now);
/* RFC 4861 7.2.5: a router stopped being one: off the default router list. */
void v6_route_router_gone(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr);
/* Add, refresh (lifetime_s > 0, V6_LIFETIME_INFINITE) or remove (0) a
 * route from source; gw NULL: on-link. */
enum v6_drop v6_route_update(struct v6_stack *s, struct v6_iface *ifp,
    enum v6_route_source source, const struct in6_addr *prefix,
    unsigned plen, const struct in6_addr *gw, int pref, uint32_t lifetime_s,
    v6_time_t now);
/* RFC 4861 8.3: from now on send to dst through nexthop. */
void v6_route_redirect(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, const struct in6_addr *nexthop, v6_time_t now);
/* Something next hops depend on changed (an address, a router, a route):
 * drop every cached one. */
void v6_route_changed(struct v6_stack *s);
/* One configured route of prefix/plen came, went or changed: drop the
 * cached next hops of the destinations it covers, and only those (a rule
 * or an address change is v6_route_changed). */
void v6_route_prefix_changed(struct v6_stack *s, const struct in6_addr *prefix,
    unsigned plen);
/* The neighbour at addr became unreachable: if it is a router, next hops
 * through it are recomputed (RFC 4861 6.3.6). */
void v6_route_on_neigh_unreachable(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr);
void v6_route_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);
bool v6_route_is_router(const struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *addr);

#endif
