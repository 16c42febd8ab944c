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

/* The advertising state of one interface (ifp->radv), written only by
 * radv.c. conf is NULL until v6_radv_set; it is allocated there (once per
 * configuration, never per packet) and freed with the interface. */
struct v6_radv_iface {
	struct v6_radv_conf *conf;
	struct v6_timer timer;     /* the next RA (V6_TIMER_RA) */
	v6_time_t next_ra;         /* V6_TIME_NEVER: not advertising */
	v6_time_t last_mcast_ra;   /* RFC 4861 6.2.6: MIN_DELAY_BETWEEN_RAS */
	uint32_t initial_sent;     /* RFC 4861 6.2.4: MAX_INITIAL_RTR_ADVERTISEMENTS */
	bool advertising;          /* RAs with a lifetime went out: a final one is owed */
};

void v6_radv_iface_init(struct v6_iface *ifp);
void v6_radv_iface_free(struct v6_iface *ifp);
/* conf.IFACE.forwarding changed (sysctl.c): start advertising, or send the
 * final RA (RFC 4861 6.2.5) at the next v6_poll. */
void v6_radv_forwarding_changed(struct v6_iface *ifp);
void v6_radv_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);

#endif
