/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Multicast membership (RFC 4291 2.7.1, 2.8): the groups an interface
 * listens to, reference counted (two addresses may share a solicited-node
 * group), an index of them for the per-packet check, and the link-layer
 * filter they imply (RFC 2464 7). A group's first join and last leave are
 * reported by MLD (mld.c).
 */
#include "core/iface.h"
#include "core/mcast.h"
#include "core/mld.h"

static uint32_t
group_low32(const struct in6_addr *g)
{
	return v6_rd32(g->s6_addr + 12);
}

static uint32_t
slot_of(uint32_t key)
{
	return (key * 2654435761u) >> 25; /* 7 bits: V6_GROUP_SLOTS == 128 */
}
_Static_assert(V6_GROUP_SLOTS == 128, "slot_of's shift");

/* Rebuild the group index and the MAC filter (joins and leaves are rare;
 * lookups are on every packet). */
static void
groups_reindex(struct v6_iface *ifp)
{
	memset(ifp->mcast.group_slots, 0, sizeof(ifp->mcast.group_slots));
	memset(ifp->mcast.mac_filter_refs, 0, sizeof(ifp->mcast.mac_filter_refs));
	for (uint32_t g = 0; g < V6_MAX_GROUPS; g++) {
		if (!ifp->mcast.groups[g].refs)
			continue;
		uint32_t key = group_low32(&ifp->mcast.groups[g].addr), i = slot_of(key);
		while (ifp->mcast.group_slots[i])
			i = (i + 1) & (V6_GROUP_SLOTS - 1);
		ifp->mcast.group_slots[i] = (uint8_t)(g + 1);
		for (i = slot_of(key); ifp->mcast.mac_filter_refs[i] &&
		     ifp->mcast.mac_filter_key[i] != key; i = (i + 1) & (V6_GROUP_SLOTS - 1))
			;
		ifp->mcast.mac_filter_key[i] = key;
		ifp->mcast.mac_filter_refs[i]++;
	}
}

bool
v6_group_joined(const struct v6_iface *ifp, const struct in6_addr *g)
{
	uint32_t i = slot_of(group_low32(g));

	for (; ifp->mcast.group_slots[i]; i = (i + 1) & (V6_GROUP_SLOTS - 1))
		if (v6_addr_eq(&ifp->mcast.groups[ifp->mcast.group_slots[i] - 1].addr, g))
			return true;
	return false;
}

bool
v6_mac_filter_match(const struct v6_iface *ifp, const uint8_t *mac)
{
	uint32_t key = v6_rd32(mac + 2), i = slot_of(key);

	for (; ifp->mcast.mac_filter_refs[i]; i = (i + 1) & (V6_GROUP_SLOTS - 1))
		if (ifp->mcast.mac_filter_key[i] == key)
			return true;
	return false;
}

/* Join g (reference counted: two addresses may share a solicited-node
 * group); a new group is reported by MLD (RFC 3810 6.1). */
void
v6_group_join(struct v6_iface *ifp, const struct in6_addr *g)
{
	uint32_t free_slot = V6_MAX_GROUPS;

	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		if (ifp->mcast.groups[i].refs && v6_addr_eq(&ifp->mcast.groups[i].addr, g)) {
			ifp->mcast.groups[i].refs++;
			return;
		}
		if (!ifp->mcast.groups[i].refs && free_slot == V6_MAX_GROUPS)
			free_slot = i;
	}
	if (free_slot == V6_MAX_GROUPS)
		return; /* unreachable: V6_MAX_GROUPS > addresses + fixed groups */
	ifp->mcast.groups[free_slot].addr = *g;
	ifp->mcast.groups[free_slot].refs = 1;
	groups_reindex(ifp);
	v6_mld_on_join(ifp, &ifp->mcast.groups[free_slot]);
}

void
v6_group_leave(struct v6_iface *ifp, const struct in6_addr *g)
{
	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		if (ifp->mcast.groups[i].refs && v6_addr_eq(&ifp->mcast.groups[i].addr, g)) {
			if (ifp->mcast.groups[i].refs == 1)
				v6_mld_on_leave(ifp, &ifp->mcast.groups[i]);
			if (--ifp->mcast.groups[i].refs == 0)
				groups_reindex(ifp);
			return;
		}
	}
}
