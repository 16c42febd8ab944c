/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Bounds of the core derived from the public limits (V6_MAX_IFACES,
 * V6_MAX_ADDRS, V6_MAX_ACAST in v6stack/v6stack.h) and shared by several
 * modules. A bound used by one module only lives in that module's header.
 */
#ifndef V6_CORE_LIMITS_H
#define V6_CORE_LIMITS_H

#include "v6stack/v6stack.h"

/* Multicast groups per interface (mcast.c; MLD's tomb in mld.c): all-nodes,
 * the three all-routers groups while forwarding (radv.c), and one
 * solicited-node group per address at most: unicast, anycast, and the
 * Subnet-Router anycast address of each unicast one (anycast.h). */
#define V6_MAX_GROUPS (2 * V6_MAX_ADDRS + V6_MAX_ACAST + 4)
#define V6_GROUP_SLOTS 128 /* hash slots, a power of two > 2 x V6_MAX_GROUPS */
_Static_assert(V6_GROUP_SLOTS > 2 * V6_MAX_GROUPS, "group hash load above 1/2");

/* The stack-wide hashes (addrconf.h, anycast.h) mask with size - 1. */
_Static_assert((V6_MAX_IFACES & (V6_MAX_IFACES - 1)) == 0 &&
    (V6_MAX_ADDRS & (V6_MAX_ADDRS - 1)) == 0 &&
    (V6_MAX_ACAST & (V6_MAX_ACAST - 1)) == 0,
    "the interface, address and anycast limits are powers of two");

#endif
