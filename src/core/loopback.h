/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loopback delivery (loopback.c): a packet the stack sends to one of its
 * own addresses never reaches a link. As Linux's local route (table
 * local, dev lo) it goes back to the input path: queued here by
 * v6_ip6_tx, delivered by v6_poll (the queue's timer is armed at now), so
 * that the input of one does not run inside the output of another and
 * the answer to a packet sent to ourselves is built while the packet is
 * still intact.
 */
#ifndef V6_CORE_LOOPBACK_H
#define V6_CORE_LOOPBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/timer.h"
#include "wire/wire.h"

struct v6_stack;
struct v6_iface;
struct in6_addr;

/* Bound: V6_LOOP_SLOTS packets of up to 65535 + 40 bytes (Linux's lo has
 * an MTU of 65536: nothing sent to ourselves is fragmented). A packet
 * beyond is dropped, LOOP_QUEUE_FULL (Ip6OutDiscards), as Linux's backlog
 * drops beyond netdev_max_backlog. */
#define V6_LOOP_SLOTS 8
#define V6_LOOP_PKT_MAX (40 + 65535)

struct v6_loop {
	uint8_t *buf; /* V6_LOOP_SLOTS x V6_LOOP_PKT_MAX, allocated at creation */
	uint32_t len[V6_LOOP_SLOTS];
	struct v6_iface *iface[V6_LOOP_SLOTS]; /* the address's interface */
	uint32_t head, n;
	struct v6_timer timer;
};

/* Allocate the queue (v6_stack_new); -1 when out of memory. */
int v6_loop_init(struct v6_stack *s);
void v6_loop_free(struct v6_stack *s);

/* The interface that owns dst as a unicast or anycast address of the
 * stack, when a packet leaving by ifp to dst is for ourselves: a
 * link-local or anycast address of ifp's link, any interface's global
 * address (the weak host model of v6_ip6_rx); NULL otherwise. */
struct v6_iface *v6_loop_owner(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst);

/* Queue the IPv6 packet pkt (len bytes, header written) for input on
 * owner; V6_DROP_NONE or LOOP_QUEUE_FULL (counted here). */
enum v6_drop v6_loop_tx(struct v6_stack *s, struct v6_iface *owner,
    const uint8_t *pkt, size_t len, v6_time_t now);

/* The queue's timer: deliver what was queued, through v6_ip6_rx. */
void v6_loop_on_timer(struct v6_stack *s, v6_time_t now);

#endif
