/*
 * Multicast membership of the interfaces (mcast.c): the groups an
 * interface listens to (RFC 4291 2.7.1, 2.8), reference counted, and the
 * link-layer filter they imply (RFC 2464 7). MLD reports the changes
 * (mld.c).
 */
#ifndef V6_CORE_MCAST_H
#define V6_CORE_MCAST_H

#include <stdbool.h>
#include <stdint.h>

#include "core/timer.h"
#include "wire/wire.h"

/* Multicast groups per interface: all-nodes plus one solicited-node group
 * per address at most. Bound follows from V6_MAX_ADDRS and V6_MAX_ACAST. */
#define V6_MAX_GROUPS (V6_MAX_ADDRS + V6_MAX_ACAST + 4)
#define V6_GROUP_SLOTS 64 /* hash slots, a power of two > 2 x V6_MAX_GROUPS */

struct v6_group {
	struct in6_addr addr;
	uint32_t refs;
	/* MLD (mld.c) */
	struct v6_timer mld_timer; /* response to a Query (v1, or v2 for this group) */
	uint8_t mld_crcount;       /* state-change (join) transmissions left */
	bool mld_last_reporter;    /* MLDv1: ours was the last Report (RFC 2710 4) */
};

bool v6_group_joined(const struct v6_iface *ifp, const struct in6_addr *g);
bool v6_mac_filter_match(const struct v6_iface *ifp, const uint8_t *mac);
void v6_group_join(struct v6_iface *ifp, const struct in6_addr *g);
void v6_group_leave(struct v6_iface *ifp, const struct in6_addr *g);

#endif
