/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An interface of the stack (iface.c: creation, identity, up and down)
 * and the per-interface state of the modules, each written by its own
 * (tests/lint/ownership.py keeps it so).
 */
#ifndef V6_CORE_IFACE_H
#define V6_CORE_IFACE_H

#include <stdbool.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/mcast.h"
#include "core/mld.h"
#include "core/neigh.h"
#include "core/radv.h"
#include "core/rdisc.h"
#include "core/stats.h"
#include "core/sysctl.h"
#include "core/timer.h"

struct v6_iface {
	/* Identity, set at creation (iface.c); up: IPv6 enabled, set by
	 * v6_iface_up and DAD (addrconf.c) through v6_iface_set_up. */
	struct v6_stack *stack;
	uint32_t index;
	char name[16];
	uint8_t mac[6];
	uint32_t link_mtu;
	bool up;
	struct v6_link_ops ops;
	void *link_ctx;
	/* RFC 7217 with addr_gen_mode 3: drawn at creation from the seed. */
	struct in6_addr random_secret;

	/* Each member below is written by the module its type belongs to. */
	struct v6_sysctl_conf conf;        /* sysctl.c (and RAs: rdisc.c) */
	struct v6_sysctl_neigh neigh;      /* sysctl.c (and RAs: rdisc.c) */
	struct v6_sysctl_secret stable_secret; /* sysctl.c: conf.IFACE.stable_secret */
	struct v6_neigh_iface nd;          /* neigh.c */
	struct v6_addr addrs[V6_MAX_ADDRS]; /* addrconf.c */
	struct v6_acast acast[V6_MAX_ACAST]; /* anycast.c */
	struct v6_acast acast_sr[V6_MAX_ADDRS]; /* anycast.c: Subnet-Router anycast, by address slot */
	struct v6_mcast_iface mcast;       /* mcast.c (g->mld: mld.c) */
	struct v6_mld_iface mld;           /* mld.c */
	struct v6_rdisc_iface rdisc;       /* rdisc.c */
	struct v6_radv_iface radv;         /* radv.c */
	struct v6_stats stats;             /* the V6_STAT_* macros of stats.h */
};

/* IPv6 on ifp is enabled (v6_iface_up) or disabled (a duplicate
 * link-local with accept_dad=2, or a failed start). */
void v6_iface_set_up(struct v6_iface *ifp, bool up);
void v6_iface_forwarding_changed(struct v6_iface *ifp);
void v6_iface_free(struct v6_iface *ifp);

#endif
