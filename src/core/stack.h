/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stack object (stack.c): creation, Ethernet input (RFC 2464),
 * v6_input() and v6_poll(), the one exit of frames, events and the seeded
 * random generator. struct v6_stack is a composition of every module's
 * state, each written by its own (tests/lint/ownership.py keeps it so);
 * all of it is allocated at creation, and nothing on the packet path.
 */
#ifndef V6_CORE_STACK_H
#define V6_CORE_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/fib.h"
#include "core/frag.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/loopback.h"
#include "core/neigh.h"
#include "core/pmtu.h"
#include "core/route.h"
#include "core/stats.h"
#include "core/sysctl.h"
#include "core/timer.h"
#include "core/udp.h"

/* Every frame is built in one buffer with room for the headers in front. */
#define V6_ETH_HEADROOM 14
#define V6_TX_HEADROOM (14 + 40) /* Ethernet + IPv6 before the payload */
#define V6_FRAME_MAX (14 + 40 + 65535)

/* The end of an index list (pools of neigh.c and frag.c). */
#define V6_NIL UINT32_MAX

struct v6_stack {
	/* The stack's own (stack.c): parameters, the generator, the list of
	 * interfaces (v6_stack_attach) and the frame buffers. */
	struct v6_stack_params params;
	uint64_t rng[4];
	struct v6_iface **ifaces; /* params.ifaces_max, allocated at creation */
	uint32_t n_ifaces;
	uint8_t *txbuf;   /* V6_FRAME_MAX bytes: every frame is built here */
	uint8_t *fragbuf; /* V6_FRAME_MAX bytes: fragments are built here (ipv6_out.c) */

	/* Each member below is written by the module its type belongs to. */
	struct v6_sysctl_glob glob;           /* sysctl.c */
	struct v6_sysctl_conf conf_default;   /* sysctl.c */
	struct v6_sysctl_conf conf_all;       /* sysctl.c: Linux's devconf_all */
	struct v6_sysctl_neigh neigh_default; /* sysctl.c */
	struct v6_sysctl_secret stable_secret_default; /* sysctl.c */
	struct v6_timerq timers;              /* timer.c */
	struct v6_addr_table addrs;           /* addrconf.c */
	struct v6_acast_table acast;          /* anycast.c */
	struct v6_neigh_table neigh;          /* neigh.c */
	struct v6_route_table route;          /* route.c */
	struct v6_fib fib;                    /* fib.c */
	struct v6_icmp_state icmp;            /* icmpv6.c */
	struct v6_udp_table udp;              /* udp.c */
	struct v6_pmtu_cache pmtu;            /* pmtu.c */
	struct v6_frag_table frag;            /* frag.c */
	struct v6_loop loop;                  /* loopback.c */
	struct v6_stack_stats stats;          /* stats.c */
};

/* Format an error message into err (printf-style); returns -1. */
int v6_fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void v6_emit_event(struct v6_stack *s, const struct v6_event *ev);
/* Report a state change or a notable fact as an event (no formatting in
 * the core: the embedding program prints). */
void v6_note(struct v6_stack *s, const struct v6_iface *ifp,
    enum v6_event_kind kind, const struct in6_addr *addr, const char *state,
    const char *text);
/* Register a new interface (iface.c) at index s->n_ifaces. */
void v6_stack_attach(struct v6_stack *s, struct v6_iface *ifp);
uint64_t v6_rand64(struct v6_stack *s);
/* splitmix64: one step of the generator that expands a seed. */
uint64_t v6_splitmix64(uint64_t *x);
/* Send a complete frame (Ethernet header included) on ifp. */
void v6_link_send(struct v6_stack *s, struct v6_iface *ifp, uint8_t *frame,
    size_t len);

/* Where the payload of the frame being built goes (ipv6_out.c writes the
 * headers in front of it). */
static inline uint8_t *
v6_tx_payload(struct v6_stack *s)
{
	return s->txbuf + V6_TX_HEADROOM;
}

#endif
