/* SPDX-License-Identifier: BSD-2-Clause */
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

/* The stack-wide anycast hash: a power of two > 2 x ifaces x (anycast +
 * addresses), for the user's anycast addresses and the Subnet-Router
 * anycast addresses (at most one per address slot): 2^14 slots for the
 * default V6_MAX_IFACES. */

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
	/* n_slots: the power of two above 2 x params.ifaces_max x
	 * (V6_MAX_ACAST + V6_MAX_ADDRS), allocated by v6_acast_init. */
	struct v6_acast **slots;
	uint32_t n_slots;
	struct v6_acast_na na[V6_ACAST_NA_MAX];
	uint32_t n_na;
	struct v6_timer timer;
};

const struct v6_acast *v6_acast_lookup(const struct v6_stack *s,
    const struct v6_iface *ifp, const struct in6_addr *a);
/*
 * RFC 4291 2.6.1: the Subnet-Router anycast address (the prefix, interface
 * identifier zero) of each of ifp's addresses, while ifp is a router
 * (conf.IFACE.forwarding=1; Linux dev_forward_change, addrconf_join_anycast:
 * prefixes shorter than 127, link-local fe80::/64 included, not for a
 * tentative address, not ::). Called when forwarding changes
 * (v6_iface_forwarding_changed) and when an address comes, goes or changes
 * usability (addrconf.c): brings ifp->acast_sr in line with ifp->addrs.
 *
 * Design: one implicit entry per address slot in ifp->acast_sr, apart from
 * the user's ifp->acast, so they never take a user slot nor fail (their
 * bound is the address table's); indexed in the same stack-wide hash, so
 * a lookup costs what a user anycast address costs. Two addresses with one
 * prefix make two entries for one address: Linux's reference count
 * (ifacaddr6.aca_users) without a counter; the solicited-node group is
 * joined per entry (mcast.c counts). Listed once by v6_anycast_foreach, as
 * Linux lists them in /proc/net/anycast6.
 */
void v6_acast_subnet_sync(struct v6_iface *ifp);
int v6_acast_init(struct v6_stack *s);
void v6_acast_free(struct v6_stack *s);
/* RFC 4861 7.2.7: send the NA for an anycast target after a random delay. */
void v6_acast_na_schedule(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *target, const struct in6_addr *solicitor,
    v6_time_t now);
void v6_acast_on_timer(struct v6_stack *s, v6_time_t now);

#endif
