/*
 * Anycast addresses (anycast.c; RFC 4291 2.6): received like our own,
 * never chosen as a source, no DAD; Neighbor Advertisements for them carry
 * O=0 and answer a multicast solicitation after a random delay (RFC 4861
 * 7.2.7).
 */
#ifndef V6_CORE_ANYCAST_H
#define V6_CORE_ANYCAST_H

#include <stdbool.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "core/timer.h"
#include "wire/wire.h"

#define V6_ACAST_SLOTS (4 * V6_MAX_IFACES * V6_MAX_ACAST) /* stack-wide anycast hash, a power of two > 2 x ifaces x anycast */

/* An anycast address. */
struct v6_acast {
	struct in6_addr addr;
	struct v6_iface *iface;
	bool in_use;
};

/* A Neighbor Advertisement for an anycast target waiting for its random
 * delay (RFC 4861 7.2.7). Bound: V6_ACAST_NA_MAX and neigh.IFACE.proxy_qlen;
 * beyond, the solicitation is dropped (NDISC_ANYCAST_QUEUE_FULL). Kept
 * packed in na[0, n_na) of struct v6_acast_table. */
#define V6_ACAST_NA_MAX 256
struct v6_acast_na {
	struct v6_iface *iface;
	struct in6_addr target, solicitor;
	bool has_solicitor;     /* false: the NS came from :: (to all-nodes) */
	v6_time_t when;
};

/* The anycast state of a stack (s->acast), written only by anycast.c:
 * the stack-wide index of anycast addresses and the delayed NAs, with
 * one timer at the earliest deadline. */
struct v6_acast_table {
	struct v6_acast *slots[V6_ACAST_SLOTS];
	struct v6_acast_na na[V6_ACAST_NA_MAX];
	uint32_t n_na;
	struct v6_timer timer;
};

const struct v6_acast *v6_acast_lookup(const struct v6_stack *s,
    const struct v6_iface *ifp, const struct in6_addr *a);
/* RFC 4861 7.2.7: send the NA for an anycast target after a random delay. */
void v6_acast_na_schedule(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *target, const struct in6_addr *solicitor,
    v6_time_t now);
void v6_acast_on_timer(struct v6_stack *s, v6_time_t now);

#endif
