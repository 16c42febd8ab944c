/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer queue (timer.c): every deadline of the stack in one binary
 * min-heap, so that v6_poll() finds the earliest in O(1) and runs each due
 * timer in O(log n). A timer is embedded in the entry it serves; its
 * callback finds the entry with v6_container_of.
 */
#ifndef V6_CORE_TIMER_H
#define V6_CORE_TIMER_H

#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"

enum v6_timer_kind {
	V6_TIMER_NEIGH,    /* a neighbour's retransmission or state expiry (neigh.c) */
	V6_TIMER_ADDR,     /* an address's DAD, then its lifetimes (addrconf.c) */
	V6_TIMER_NEIGH_GC, /* the neighbour cache's periodic collection */
	V6_TIMER_MLD,      /* MLD reports and query responses (mld.c) */
	V6_TIMER_ACAST,    /* delayed anycast NAs (anycast.c) */
	V6_TIMER_FRAG,     /* reassembly time-outs (frag.c) */
	V6_TIMER_RS,       /* router solicitations (rdisc.c) */
	V6_TIMER_ROUTE,    /* route and router lifetimes (route.c) */
	V6_TIMER_RA,       /* Router Advertisements sent (radv.c) */
	V6_TIMER_LOOP,     /* packets to our own addresses (loopback.c) */
};

struct v6_timer {
	v6_time_t when;
	int32_t slot; /* index in the heap, -1 when not armed */
	uint8_t kind; /* enum v6_timer_kind */
};

/* Bound: every timer there can be (see v6_stack_new); capacity fixed at
 * creation, never exceeded. */
struct v6_timerq {
	struct v6_timer **heap;
	uint32_t n, cap;
};

/* A queue for cap timers; -1 when out of memory. */
int v6_timerq_init(struct v6_timerq *q, uint32_t cap);
void v6_timerq_free(struct v6_timerq *q);
void v6_timer_init(struct v6_timer *t, enum v6_timer_kind kind);
void v6_timer_arm(struct v6_timerq *q, struct v6_timer *t, v6_time_t when);
void v6_timer_cancel(struct v6_timerq *q, struct v6_timer *t);
/* The earliest timer due at now (removed from the queue), or NULL. */
struct v6_timer *v6_timer_pop_due(struct v6_timerq *q, v6_time_t now);
v6_time_t v6_timer_next(const struct v6_timerq *q);

/* A caller's now within the valid range (v6stack.h): every public entry
 * that takes a time passes it through this first. Beyond V6_TIME_MAX,
 * now + an interval would wrap and a periodic timer would fire forever. */
static inline v6_time_t
v6_time_clamp(v6_time_t now)
{
	return now < V6_TIME_MAX ? now : V6_TIME_MAX;
}

/* The end of a lifetime of lifetime_s seconds that starts at now. */
static inline v6_time_t
v6_lifetime_deadline(uint32_t lifetime_s, v6_time_t now)
{
	if (lifetime_s == V6_LIFETIME_INFINITE)
		return V6_TIME_NEVER;
	return now + (v6_time_t)lifetime_s * V6_NS_PER_S;
}

/* The entry that embeds ptr as its member (a timer's owner). */
#define v6_container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#endif
