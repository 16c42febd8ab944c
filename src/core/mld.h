/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MLD host (mld.c; RFC 3810, RFC 2710 compatibility): state-change
 * reports for joined and left groups, answers to Queries.
 */
#ifndef V6_CORE_MLD_H
#define V6_CORE_MLD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/limits.h"
#include "core/timer.h"
#include "wire/wire.h"

struct v6_group;
struct v6_rx_info;

/* MLD's state of one group (g->mld of struct v6_group, mcast.h). */
struct v6_mld_group {
	struct v6_timer timer; /* response to a Query (v1, or v2 for this group) */
	uint8_t crcount;       /* state-change (join) transmissions left */
	bool last_reporter;    /* MLDv1: ours was the last Report (RFC 2710 4) */
};

/* MLD host state of an interface (RFC 3810 6, 8). Bound: the groups
 * (V6_MAX_GROUPS) and as many left groups still to be reported (tomb); a
 * leave that finds the tomb full reuses the entry with the fewest
 * transmissions left. */
struct v6_mld_iface {
	struct v6_timer ifc_timer; /* state-change reports: joins and leaves */
	struct v6_timer gq_timer;  /* the response to a General Query */
	v6_time_t v1_until;        /* Older Version Querier Present (RFC 3810 9.12) */
	uint8_t qrv;               /* Robustness Variable from a Query (0: mld_qrv) */
	uint32_t qi_s;             /* Query Interval from the last MLDv2 Query
				      (a QQIC of 0 is 0 s, as Linux) ... */
	bool qi_heard;             /* ... once one came; before: 125 s */
	struct v6_mld_tomb {
		struct in6_addr addr;
		uint8_t crcount; /* CHANGE_TO_INCLUDE transmissions left (v1: Done) */
		bool v1_done;    /* MLDv1: ours was the last Report (RFC 2710 4) */
	} tomb[V6_MAX_GROUPS];
};
/* Timers per interface: one per group and the two above. */
#define V6_MLD_TIMERS_PER_IFACE (V6_MAX_GROUPS + 2)

void v6_mld_init(struct v6_iface *ifp);
/* g was joined (refs 0 -> 1) / is being left (refs 1 -> 0, still in
 * place): schedule the state-change report (RFC 3810 6.1), sent at the
 * next v6_poll. */
void v6_mld_on_join(struct v6_iface *ifp, struct v6_group *g);
void v6_mld_on_leave(struct v6_iface *ifp, struct v6_group *g);
/* The link-local address became usable: report every group again from it
 * (Linux ipv6_mc_dad_complete; reports sent before came from ::). */
void v6_mld_on_ll_ready(struct v6_iface *ifp);
enum v6_drop v6_mld_rx_query(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
/* Reports (v1, v2) and Done: what a host does with them. */
enum v6_drop v6_mld_rx_report(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
void v6_mld_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);

#endif
