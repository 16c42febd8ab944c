/* SPDX-License-Identifier: BSD-2-Clause */
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

#include "core/limits.h"
#include "core/mld.h"
#include "wire/wire.h"


struct v6_group {
	struct in6_addr addr;
	uint32_t refs;
	struct v6_mld_group mld;
};

/* The groups of one interface (ifp->mcast), written only by mcast.c. */
struct v6_mcast_iface {
	struct v6_group groups[V6_MAX_GROUPS];
	uint8_t group_slots[V6_GROUP_SLOTS]; /* index + 1 into groups, 0 free */
	/* RFC 2464 7: the 33:33:xx:xx:xx:xx MACs we accept, as the group
	 * addresses' low 32 bits, with a count of groups behind each. */
	uint32_t mac_filter_key[V6_GROUP_SLOTS];
	uint16_t mac_filter_refs[V6_GROUP_SLOTS];
};

bool v6_group_joined(const struct v6_iface *ifp, const struct in6_addr *g);
bool v6_mac_filter_match(const struct v6_iface *ifp, const uint8_t *mac);
void v6_group_join(struct v6_iface *ifp, const struct in6_addr *g);
void v6_group_leave(struct v6_iface *ifp, const struct in6_addr *g);

#endif
