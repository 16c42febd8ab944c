/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Router Advertisements sent (radv.c; RFC 4861 6.2): the router's side of
 * Router Discovery, configured per interface with v6_radv_set (radvd.conf's
 * variables, struct v6_radv_conf in v6stack.h).
 */
#ifndef V6_CORE_RADV_H
#define V6_CORE_RADV_H

#include <stdbool.h>
#include <stdint.h>

#include "core/timer.h"
#include "wire/wire.h"

struct v6_iface;
struct v6_stack;

/* RFC 4861 6.2.6 with AdvRASolicitedUnicast (radvd): solicited unicast
 * RAs waiting for their random delay. Bound: V6_RADV_UCAST_MAX per
 * interface; beyond, a solicitation is answered by multicast
 * (RA_OUT_UNICAST_FULL). */
#define V6_RADV_UCAST_MAX 8
struct v6_radv_ucast {
	struct in6_addr dst;
	v6_time_t at; /* V6_TIME_NEVER: free */
};

/* The advertising state of one interface (ifp->radv), written only by
 * radv.c. conf is NULL until v6_radv_set; it is allocated there (once per
 * configuration, never per packet) and freed with the interface. One timer
 * at the earliest of next_ra and the pending unicast answers. */
struct v6_radv_iface {
	struct v6_radv_conf *conf;
	struct v6_timer timer;     /* the next RA (V6_TIMER_RA) */
	v6_time_t next_ra;         /* V6_TIME_NEVER: not advertising */
	v6_time_t last_mcast_ra;   /* RFC 4861 6.2.6: MIN_DELAY_BETWEEN_RAS; NEVER: none */
	uint32_t initial_sent;     /* RFC 4861 6.2.4: MAX_INITIAL_RTR_ADVERTISEMENTS */
	bool advertising;          /* RAs with a lifetime went out: a final one is owed */
	bool routers_joined;       /* ff01::2, ff02::2, ff05::2 joined (forwarding) */
	struct v6_radv_ucast ucast[V6_RADV_UCAST_MAX];
};

void v6_radv_iface_init(struct v6_iface *ifp);
void v6_radv_iface_free(struct v6_iface *ifp);
/* conf.IFACE.forwarding changed (sysctl.c): start advertising, or send the
 * final RA (RFC 4861 6.2.5) at the next v6_poll. */
void v6_radv_forwarding_changed(struct v6_iface *ifp);
/* ifp->up changed (iface.c): start or stop advertising at the next
 * v6_poll. */
void v6_radv_up_changed(struct v6_iface *ifp);
void v6_radv_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);
/* A valid Router Solicitation (rdisc.c checked it, RFC 4861 6.1.1) on an
 * interface that forwards: slla is its Source Link-Layer Address or NULL.
 * RFC 4861 6.2.6: answered when ifp advertises, else RS_NOT_ADVERTISING. */
enum v6_drop v6_radv_rx_rs(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const uint8_t *slla, v6_time_t now);
/* A valid Router Advertisement from another router (rdisc.c, before
 * accept_ra decides): RFC 4861 6.2.7, counted and logged when it
 * contradicts what ifp advertises. */
void v6_radv_rx_ra(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const uint8_t *msg, size_t len);

#endif
