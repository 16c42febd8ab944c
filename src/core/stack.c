/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stack object, Ethernet input (RFC 2464), v6_input() and v6_poll(). Memory is allocated here, at creation, and nowhere on the
 * packet path.
 */
#include <stdarg.h>
#include <stdio.h> /* vsnprintf only: formatting, no I/O */
#include <stdlib.h>

#include "core/stack.h"
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/frag.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/loopback.h"
#include "core/mld.h"
#include "core/neigh.h"
#include "core/radv.h"
#include "core/rdisc.h"
#include "core/route.h"
#include "core/stats.h"
#include "core/sysctl.h"
#include "core/timer.h"
#include "wire/eth.h"

/* splitmix64, to expand the seed (P1: all randomness from one seed). */
uint64_t
v6_splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256**: fast and good enough for jitter, nonces and IDs. */
uint64_t
v6_rand64(struct v6_stack *s)
{
	uint64_t *r = s->rng;
	uint64_t result = rotl(r[1] * 5, 7) * 9, t = r[1] << 17;

	r[2] ^= r[0];
	r[3] ^= r[1];
	r[1] ^= r[2];
	r[0] ^= r[3];
	r[2] ^= t;
	r[3] = rotl(r[3], 45);
	return result;
}

/* The one place the core formats text: an error message for the caller
 * (printf-style); returns -1 for `return`. */
int
v6_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		(void)vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void
v6_stack_attach(struct v6_stack *s, struct v6_iface *ifp)
{
	s->ifaces[s->n_ifaces++] = ifp;
}

void
v6_emit_event(struct v6_stack *s, const struct v6_event *ev)
{
	if (s->params.event)
		s->params.event(s->params.event_ctx, ev);
}

void
v6_note(struct v6_stack *s, const struct v6_iface *ifp,
    enum v6_event_kind kind, const struct in6_addr *addr, const char *state,
    const char *text)
{
	struct v6_event ev = { .kind = kind, .iface = ifp, .addr = addr,
		.state = state, .text = text };
	v6_emit_event(s, &ev);
}

int
v6_stack_new(const struct v6_stack_params *params, struct v6_stack **out,
    char *err, size_t errlen)
{
	struct v6_stack *s = calloc(1, sizeof(*s));
	uint64_t seed;
	uint32_t ntimers;

	if (!s)
		return v6_fail(err, errlen, "out of memory");
	if (params)
		s->params = *params;
	if (!s->params.neigh_max)
		s->params.neigh_max = 1024;
	if (!s->params.neigh_queue_max)
		s->params.neigh_queue_max = 256;
	if (!s->params.frag_queues_max)
		s->params.frag_queues_max = 16384;
	if (!s->params.frag_mem_max)
		s->params.frag_mem_max = 4u << 20;
	if (!s->params.ifaces_max)
		s->params.ifaces_max = V6_MAX_IFACES;
	if (s->params.neigh_max > (1u << 20))
		return free(s), v6_fail(err, errlen, "neigh_max too large (max 1048576)");
	if (s->params.ifaces_max > V6_MAX_IFACES_LIMIT)
		return free(s), v6_fail(err, errlen, "ifaces_max too large (max %d)",
		    V6_MAX_IFACES_LIMIT);
	s->ifaces = calloc(s->params.ifaces_max, sizeof(*s->ifaces));
	seed = s->params.seed;
	for (int i = 0; i < 4; i++)
		s->rng[i] = v6_splitmix64(&seed);
	v6_sysctl_defaults(&s->glob, &s->conf_default, &s->conf_all,
	    &s->neigh_default);
	v6_icmp_init(s);
	s->txbuf = malloc(V6_FRAME_MAX);
	s->fragbuf = malloc(V6_FRAME_MAX);
	/* Every timer there can be: one per neighbour, the cache's collection,
	 * per interface one per address, MLD's (mld.c) and the router
	 * solicitation's and the advertisement's, the anycast NA timer, the
	 * route tables' timer, the loopback queue's, one per reassembly
	 * queue. */
	ntimers = (uint32_t)s->params.neigh_max + 1 +
	    (uint32_t)s->params.ifaces_max *
	    (V6_MAX_ADDRS + V6_MLD_TIMERS_PER_IFACE + 2) + 3;
	if (s->params.frag_queues_max <= (1u << 20))
		ntimers += (uint32_t)s->params.frag_queues_max;
	v6_timer_init(&s->acast.timer, V6_TIMER_ACAST);
	v6_timer_init(&s->route.timer, V6_TIMER_ROUTE);
	if (!s->ifaces || !s->txbuf || !s->fragbuf || v6_loop_init(s) < 0 ||
	    v6_addrconf_init(s) < 0 || v6_acast_init(s) < 0 ||
	    v6_timerq_init(&s->timers, ntimers) < 0 ||
	    v6_neigh_init(s, err, errlen) < 0) {
		v6_stack_free(s);
		return v6_fail(err, errlen, "out of memory");
	}
	if (v6_frag_init(s, err, errlen) < 0 || v6_fib_init(s, err, errlen) < 0) {
		v6_stack_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void
v6_stack_free(struct v6_stack *s)
{
	if (!s)
		return;
	for (uint32_t i = 0; i < s->n_ifaces; i++)
		v6_iface_free(s->ifaces[i]);
	free(s->ifaces);
	v6_addrconf_free(s);
	v6_acast_free(s);
	v6_neigh_free(s);
	v6_timerq_free(&s->timers);
	free(s->txbuf);
	free(s->fragbuf);
	v6_loop_free(s);
	v6_frag_free(s);
	v6_fib_free(s);
	free(s);
}

/*
 * RFC 2464 3, 7: take IPv6 frames sent to our MAC, or to the 33:33 MAC of a
 * group we listen to. Returns V6_DROP_NONE or why the frame was dropped.
 */
static enum v6_drop
eth_rx(struct v6_stack *s, struct v6_iface *ifp, const uint8_t *frame,
    size_t len, v6_time_t now)
{
	struct v6_eth eth;
	enum v6_drop r;
	const uint8_t *dst, *src;
	bool l2_mcast = false;

	if (!ifp->up)
		return V6_DROP_IFACE_DOWN;
	if ((r = v6_eth_view(&eth, frame, len)) != V6_DROP_NONE)
		return r;
	if (v6_eth_type(eth) != V6_ETHERTYPE_IPV6)
		return V6_DROP_ETH_NOT_IPV6;
	dst = v6_eth_dst(eth);
	src = v6_eth_src(eth);
	if (v6_mac_is_group(dst)) {
		/* RFC 2464 7: IPv6 multicast maps to 33:33:xx:xx:xx:xx; IPv6
		 * has no use for the broadcast or other group MACs. */
		if (dst[0] != 0x33 || dst[1] != 0x33)
			return V6_DROP_ETH_NOT_IPV6_GROUP;
		if (!v6_mac_filter_match(ifp, dst))
			return V6_DROP_ETH_MCAST_NOT_JOINED;
		l2_mcast = true;
	} else if (memcmp(dst, ifp->mac, 6) != 0) {
		return V6_DROP_ETH_OTHERHOST;
	}
	if (v6_mac_is_group(src))
		return V6_DROP_ETH_SRC_MULTICAST;
	r = v6_ip6_rx(s, ifp, v6_eth_payload(eth), v6_eth_payload_len(eth),
	    src, l2_mcast, now);
	/* Our own frames never come back through the link backends: a frame
	 * from our MAC is another node's, processed as such (its DAD probe
	 * for the link-local we share is answered, RFC 4862 5.4.3), and said
	 * as an event so that the program can refuse to start or warn;
	 * unless it is our DAD probe with our nonce, reflected by a looped
	 * link (RFC 7527 4.2). */
	if (memcmp(src, ifp->mac, 6) == 0 && r != V6_DROP_NDISC_NS_LOOPED)
		v6_note(s, ifp, V6_EV_LOG, NULL, "DUPLICATE_MAC",
		    "a frame from our own MAC that we did not send: another "
		    "node on the link uses it");
	return r;
}

int
v6_input(struct v6_stack *s, struct v6_iface *ifp, const uint8_t *frame,
    size_t len, v6_time_t now)
{
	enum v6_drop r = eth_rx(s, ifp, frame, len, v6_time_clamp(now));

	if (r != V6_DROP_NONE)
		v6_drop(s, ifp, r, frame, len);
	return (int)r;
}

v6_time_t
v6_poll(struct v6_stack *s, v6_time_t now)
{
	struct v6_timer *t;

	now = v6_time_clamp(now);
	while ((t = v6_timer_pop_due(&s->timers, now)) != NULL) {
		switch ((enum v6_timer_kind)t->kind) {
		case V6_TIMER_NEIGH:
			v6_neigh_on_timer(s, t, now);
			break;
		case V6_TIMER_ADDR:
			v6_addr_on_timer(s, t, now);
			break;
		case V6_TIMER_ACAST:
			v6_acast_on_timer(s, now);
			break;
		case V6_TIMER_FRAG:
			v6_frag_on_timer(s, t, now);
			break;
		case V6_TIMER_NEIGH_GC:
			v6_neigh_on_gc_timer(s, now);
			break;
		case V6_TIMER_MLD:
			v6_mld_on_timer(s, t, now);
			break;
		case V6_TIMER_RS:
			v6_rdisc_on_timer(s, t, now);
			break;
		case V6_TIMER_ROUTE:
			v6_route_on_timer(s, t, now);
			break;
		case V6_TIMER_RA:
			v6_radv_on_timer(s, t, now);
			break;
		case V6_TIMER_LOOP:
			v6_loop_on_timer(s, now);
			break;
		}
	}
	return v6_timer_next(&s->timers);
}

v6_time_t
v6_next_deadline(const struct v6_stack *s)
{
	return v6_timer_next(&s->timers);
}

/* Send a finished frame: the one exit of every frame from the core. */
void
v6_link_send(struct v6_stack *s, struct v6_iface *ifp, uint8_t *frame,
    size_t len)
{
	if (!ifp->up) {
		/* The link is down (v6_iface_down): timers still due there
		 * (MLD, RS, a final RA) send nothing. */
		v6_drop(s, ifp, V6_DROP_IFACE_DOWN, frame, len);
		return;
	}
	/* RFC 4293 ipSystemStatsHCOutTransmits (Linux: ip6_finish_output2):
	 * every datagram that leaves, sent or forwarded, each fragment. */
	V6_STAT_INC(ifp, Ip6OutTransmits);
	if (s->params.event) {
		struct v6_event ev = { .kind = V6_EV_TX, .iface = ifp,
			.frame = frame, .len = len };
		s->params.event(s->params.event_ctx, &ev);
	}
	ifp->ops.tx(ifp->link_ctx, frame, len);
}
