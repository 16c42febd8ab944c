/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The neighbour cache (RFC 4861 5.1, 7.2, 7.3, appendix C): address
 * resolution with a bounded queue and Neighbor Unreachability Detection
 * (neigh.c), in a fixed pool collected as Linux's (neigh_table.c).
 */
#ifndef V6_CORE_NEIGH_H
#define V6_CORE_NEIGH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/timer.h"
#include "wire/wire.h"

#define V6_NEIGH_STATES(X) \
	X(INCOMPLETE) X(REACHABLE) X(STALE) X(DELAY) X(PROBE) X(FAILED)
enum v6_neigh_state {
#define X(s) V6_NEIGH_##s,
	V6_NEIGH_STATES(X)
#undef X
};

struct v6_neigh {
	struct in6_addr addr;
	struct v6_iface *iface;
	uint8_t mac[6];
	bool in_use;
	bool is_router;
	/* Changed through neigh_enter() (neigh.c), which arms the timer and
	 * reports the change; v6_neigh_alloc starts an entry INCOMPLETE, and a
	 * new entry is marked FAILED just before its first neigh_enter so
	 * that this one is reported too. */
	enum v6_neigh_state state;
	uint8_t probes;            /* solicitations sent in this state */
	struct v6_timer timer;
	v6_time_t confirmed;       /* last reachability confirmation */
	v6_time_t used;            /* last packet sent to it (LRU order) */
	v6_time_t updated;         /* last state or lladdr change */
	uint32_t hash_next;        /* bucket chain */
	uint32_t lru_prev, lru_next; /* most recently used at the head */
	uint32_t q_head, q_tail, q_len; /* frames waiting for resolution */
};

/* The neighbour cache: struct v6_stack's member neigh, written only by
 * neigh_table.c and neigh.c. Bound: cap entries (params.neigh_max) and the sysctl
 * neigh.default.gc_thresh3. Collection as Linux's: never below
 * gc_thresh1; periodically, FAILED entries and STALE ones unused for
 * gc_stale_time; at gc_thresh2 (at most every 5 s) and at gc_thresh3 a
 * forced pass removes FAILED entries and those not updated for 5 s, down
 * to gc_thresh2. Eviction: still at gc_thresh3, the least recently used
 * entry that is not INCOMPLETE goes (counted: NdiscCacheEvictions); if
 * none among the 32 oldest, the new one is refused (NEIGH_TABLE_FULL,
 * NdiscCacheTableFulls). Unlike Linux (RFC 6583 7.1), neither removes an
 * entry confirmed reachable within gc_stale_time; and new resolutions are
 * bounded per interface (RFC 6583 7.2: incomplete_max, resolve_rate), so
 * a flood of them cannot fill the table. */
struct v6_neigh_table {
	struct v6_neigh *entries;
	uint32_t cap, n, free;
	uint32_t *buckets;
	uint32_t bucket_mask;
	uint32_t lru_head, lru_tail;
	/* Linux's neigh_periodic_work and neigh_forced_gc (see neigh.c). */
	struct v6_timer gc_timer;
	v6_time_t last_forced_gc, last_rand;
	uint64_t n_allocs, n_destroys, n_periodic_gc, n_forced_gc,
	    n_table_fulls, n_evictions;
};

/* The neighbour cache's state of one interface (ifp->nd), written only by
 * neigh.c and neigh_table.c. RFC 4861 6.3.2: ReachableTime, BaseReachableTime randomised by
 * a factor in [0.5, 1.5), recomputed when the base changes. Frames queued
 * while resolving (RFC 4861 7.2.2). Bound: n_qslots slots of qslot_len
 * bytes; per neighbour at most neigh.unres_qlen; when either is exhausted
 * the oldest frame of that neighbour is dropped, counted as
 * NEIGH_QUEUE_FULL. */
struct v6_neigh_iface {
	uint32_t reachable_time_ms;
	uint32_t reachable_base_ms; /* the base it was computed from */
	uint8_t *qbuf;
	uint32_t *qlen;  /* bytes in each slot */
	uint32_t *qnext; /* chain: neighbour queue or free list */
	uint32_t qfree, n_qslots, qslot_len;
	/* RFC 6583 7.2: INCOMPLETE entries now (neigh.IFACE.incomplete_max),
	 * and the budget for new resolutions (neigh.IFACE.resolve_rate): up
	 * to one second's worth, refilled as time passes. */
	uint32_t n_incomplete;
	v6_time_t resolve_credit, resolve_last;
};

struct v6_neigh *v6_neigh_lookup(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr);
/* RFC 4861 7.2.3: an NS (or RS, RA, redirect) carried a source LLA.
 * Returns the neighbour's entry afterwards, NULL when none could be made
 * (the table is full), so that the caller need not look it up again. */
struct v6_neigh *v6_neigh_on_lladdr_hint(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr, const uint8_t mac[6], v6_time_t now);
/* RFC 4861 6.3.4, 8.3: mark addr's entry (if any) as a router. */
void v6_neigh_set_router(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr);
/* RFC 4861 7.2.5: an NA arrived for a target we have an entry for. */
enum v6_drop v6_neigh_on_advert(struct v6_stack *s, struct v6_neigh *n,
    const uint8_t *tlla, uint8_t flags, v6_time_t now);
/* Send frame (Ethernet header space included, ip header written) to the
 * on-link next hop, resolving it first if needed. n: its entry if the
 * caller looked it up, else NULL. */
enum v6_drop v6_neigh_output(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_neigh *n, const struct in6_addr *nexthop, uint8_t *frame,
    size_t len, v6_time_t now);
void v6_neigh_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);
/* The periodic collection (Linux neigh_periodic_work). */
void v6_neigh_on_gc_timer(struct v6_stack *s, v6_time_t now);
int v6_neigh_init(struct v6_stack *s, char *err, size_t errlen);
void v6_neigh_free(struct v6_stack *s);
/* The resolution queue of a new interface whose link MTU is mtu;
 * -1 when out of memory. */
int v6_neigh_iface_init(struct v6_stack *s, struct v6_iface *ifp,
    uint32_t mtu);
void v6_neigh_iface_free(struct v6_iface *ifp);
const char *v6_neigh_state_name(enum v6_neigh_state st);
uint32_t v6_neigh_reachable_ms(struct v6_stack *s, struct v6_iface *ifp);

/* Between the state machine (neigh.c) and the table (neigh_table.c),
 * no one else. */
/* A new INCOMPLETE entry for addr on ifp, or NULL when the table is full
 * (NEIGH_TABLE_FULL, counted). */
struct v6_neigh *v6_neigh_alloc(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr, v6_time_t now);
/* Every write of n->state (keeps the interface's INCOMPLETE count). */
void v6_neigh_set_state(struct v6_neigh *n, enum v6_neigh_state st);
/* Make n the most recently used entry. */
void v6_neigh_lru_touch(struct v6_stack *s, struct v6_neigh *n, v6_time_t now);
/* n's queue of frames waiting for resolution: add one (RFC 4861 7.2.2,
 * bounded), send them all once resolved, or drop them all for why. */
void v6_neigh_queue_add(struct v6_stack *s, struct v6_neigh *n,
    const uint8_t *frame, size_t len, v6_time_t now);
void v6_neigh_queue_flush(struct v6_stack *s, struct v6_neigh *n);
void v6_neigh_queue_purge(struct v6_stack *s, struct v6_neigh *n,
    enum v6_drop why, v6_time_t now);

#endif
