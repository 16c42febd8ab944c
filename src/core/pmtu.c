/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The path MTU cache (RFC 8201): what Packet Too Big messages taught us,
 * per destination, for route.mtu_expires seconds.
 *
 * Bound: V6_PMTU_SETS x V6_PMTU_WAYS destinations, set-associative;
 * eviction: the entry of the set that expires first.
 */
#include "core/pmtu.h"
#include "core/iface.h"
#include "core/stack.h"

static uint32_t
pmtu_set(const struct in6_addr *a)
{
	uint64_t x, y;

	memcpy(&x, a->s6_addr, 8);
	memcpy(&y, a->s6_addr + 8, 8);
	x = (x * 0x9e3779b97f4a7c15ull) ^ (y * 0xbf58476d1ce4e5b9ull);
	return (uint32_t)(x >> 56) % V6_PMTU_SETS;
}

uint32_t
v6_pmtu_get(struct v6_stack *s, const struct in6_addr *dst, v6_time_t now)
{
	struct v6_pmtu *set = &s->pmtu.ways[pmtu_set(dst) * V6_PMTU_WAYS];

	for (int w = 0; w < V6_PMTU_WAYS; w++) {
		if (set[w].mtu && v6_addr_eq(&set[w].dst, dst)) {
			if (set[w].expires <= now) {
				set[w].mtu = 0; /* RFC 8201 4: the estimate ages out */
				return 0;
			}
			return set[w].mtu;
		}
	}
	return 0;
}

/*
 * RFC 8201 4: a Packet Too Big lowers the estimate for its destination;
 * never below the IPv6 minimum (RFC 8200 5; RFC 8021: no atomic fragments
 * either, so a smaller value is ignored) and never up.
 */
enum v6_drop
v6_pmtu_on_too_big(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, uint32_t mtu, v6_time_t now)
{
	struct v6_pmtu *set = &s->pmtu.ways[pmtu_set(dst) * V6_PMTU_WAYS], *e = NULL;
	uint32_t cur = v6_pmtu_get(s, dst, now);
	uint32_t link = ifp->link_mtu < (uint32_t)ifp->conf.mtu ? ifp->link_mtu
							       : (uint32_t)ifp->conf.mtu;

	if (mtu < V6_IP6_MIN_MTU)
		return V6_DROP_PMTU_TOO_SMALL;
	if (mtu >= (cur ? cur : link))
		return V6_DROP_PMTU_NOT_LOWER;
	for (int w = 0; w < V6_PMTU_WAYS && !e; w++)
		if (set[w].mtu && v6_addr_eq(&set[w].dst, dst))
			e = &set[w];
	for (int w = 0; w < V6_PMTU_WAYS && !e; w++)
		if (!set[w].mtu)
			e = &set[w];
	if (!e) {
		e = &set[0];
		for (int w = 1; w < V6_PMTU_WAYS; w++)
			if (set[w].expires < e->expires)
				e = &set[w];
	}
	e->dst = *dst;
	e->mtu = mtu;
	e->expires = now + (v6_time_t)s->glob.mtu_expires_s * V6_NS_PER_S;
	return V6_DROP_NONE;
}
