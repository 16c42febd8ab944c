/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Loopback delivery (loopback.h): packets the stack sends to its own
 * addresses, queued by v6_ip6_tx and delivered to v6_ip6_rx at the next
 * v6_poll, as Linux's local routes send them through lo.
 */
#include <stdlib.h>

#include "core/loopback.h"
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/ipv6.h"
#include "core/iface.h"
#include "core/stack.h"
#include "core/stats.h"

int
v6_loop_init(struct v6_stack *s)
{
	v6_timer_init(&s->loop.timer, V6_TIMER_LOOP);
	s->loop.buf = malloc((size_t)V6_LOOP_SLOTS * V6_LOOP_PKT_MAX);
	return s->loop.buf ? 0 : -1;
}

void
v6_loop_free(struct v6_stack *s)
{
	free(s->loop.buf);
	s->loop.buf = NULL;
}

struct v6_iface *
v6_loop_owner(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst)
{
	const struct v6_addr *a;
	const struct v6_acast *ac;
	bool ll = v6_addr_is_linklocal(dst);

	/* As v6_ip6_rx finds the owner: a link-local address belongs to its
	 * link; others may be any interface's (Linux's weak host model). */
	a = v6_addr_lookup_pref(s, ifp, dst, !ll);
	/* RFC 4862 5.4.5: a duplicate is not assigned to us: its owner is
	 * on the link. */
	if (a)
		return a->state == V6_ADDR_DADFAILED ? NULL : a->iface;
	if ((ac = v6_acast_lookup(s, ll ? ifp : NULL, dst)) != NULL)
		return ac->iface;
	return NULL;
}

enum v6_drop
v6_loop_tx(struct v6_stack *s, struct v6_iface *owner, const uint8_t *pkt,
    size_t len, v6_time_t now)
{
	struct v6_loop *q = &s->loop;
	uint32_t slot;

	if (q->n == V6_LOOP_SLOTS || len > V6_LOOP_PKT_MAX) {
		v6_drop(s, owner, V6_DROP_LOOP_QUEUE_FULL, NULL, 0);
		return V6_DROP_LOOP_QUEUE_FULL;
	}
	slot = (q->head + q->n) % V6_LOOP_SLOTS;
	memcpy(q->buf + (size_t)slot * V6_LOOP_PKT_MAX, pkt, len);
	q->len[slot] = (uint32_t)len;
	q->iface[slot] = owner;
	q->n++;
	v6_timer_arm(&s->timers, &q->timer, now);
	return V6_DROP_NONE;
}

void
v6_loop_on_timer(struct v6_stack *s, v6_time_t now)
{
	struct v6_loop *q = &s->loop;
	/* Only what was queued before: an answer queued meanwhile (an Echo
	 * Reply to our own request) goes at the next round of v6_poll. */
	uint32_t n = q->n;

	for (uint32_t i = 0; i < n; i++) {
		uint32_t slot = q->head;
		struct v6_iface *ifp = q->iface[slot];
		enum v6_drop r;

		/* The slot stays ours while it is read: the answer to it takes
		 * another one (q->n still counts this one). */
		r = v6_ip6_rx(s, ifp, q->buf + (size_t)slot * V6_LOOP_PKT_MAX,
		    q->len[slot], ifp->mac, false, now);
		if (r != V6_DROP_NONE)
			v6_drop(s, ifp, r, NULL, 0);
		q->head = (q->head + 1) % V6_LOOP_SLOTS;
		q->n--;
	}
	if (q->n)
		v6_timer_arm(&s->timers, &q->timer, now);
}
