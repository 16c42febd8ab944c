/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The path MTU cache (pmtu.c; RFC 8201): what Packet Too Big messages
 * taught us, per destination, for route.mtu_expires seconds.
 *
 * Bound: V6_PMTU_SETS x V6_PMTU_WAYS destinations, set-associative;
 * eviction: the entry of the set that expires first.
 */
#ifndef V6_CORE_PMTU_H
#define V6_CORE_PMTU_H

#include <stdint.h>

#include "v6stack/v6stack.h"
#include "wire/wire.h"

#define V6_PMTU_SETS 64
#define V6_PMTU_WAYS 4
struct v6_pmtu {
	struct in6_addr dst;
	uint32_t mtu; /* 0: free */
	v6_time_t expires;
};
/* Bound: V6_PMTU_SETS sets of V6_PMTU_WAYS; struct v6_stack's member pmtu,
 * written only by pmtu.c. */
struct v6_pmtu_cache {
	struct v6_pmtu ways[V6_PMTU_SETS * V6_PMTU_WAYS];
};

/* The learned path MTU to dst, or 0. */
uint32_t v6_pmtu_get(struct v6_stack *s, const struct in6_addr *dst,
    v6_time_t now);
enum v6_drop v6_pmtu_on_too_big(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, uint32_t mtu, v6_time_t now);

#endif
