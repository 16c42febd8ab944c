/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The neighbour cache's state machine (RFC 4861 5.1, 7.2, 7.3, appendix
 * C): address resolution with a bounded queue, Neighbor Unreachability
 * Detection. The table it lives in (pool, hash, LRU, the queue of frames
 * waiting, collection and bounds) is neigh_table.c.
 *
 * State changes go through neigh_enter() only; each event has its own
 * function (neigh_on_*), switching over every state.
 */
#include <stdlib.h>

#include "core/neigh.h"
#include "core/addrconf.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/ndisc.h"
#include "core/route.h"
#include "core/stack.h"
#include "core/stats.h"
#include "wire/eth.h"
#include "wire/icmpv6.h"
#include "wire/ipv6.h"

static const char *const neigh_state_names[] = {
#define X(st) #st,
	V6_NEIGH_STATES(X)
#undef X
};

const char *
v6_neigh_state_name(enum v6_neigh_state st)
{
	return neigh_state_names[st];
}

/* RFC 4861 6.3.2: ReachableTime is BaseReachableTime times a random factor
 * in [MIN_RANDOM_FACTOR, MAX_RANDOM_FACTOR) = [0.5, 1.5), recomputed when
 * the base changes. */
uint32_t
v6_neigh_reachable_ms(struct v6_stack *s, struct v6_iface *ifp)
{
	uint32_t base = (uint32_t)ifp->neigh.base_reachable_time_ms;

	if (ifp->nd.reachable_base_ms != base || ifp->nd.reachable_time_ms == 0) {
		uint64_t r = v6_rand64(s) % 1000; /* 0..999 thousandths */
		ifp->nd.reachable_time_ms =
		    (uint32_t)((uint64_t)base * (500 + r) / 1000);
		if (ifp->nd.reachable_time_ms == 0)
			ifp->nd.reachable_time_ms = 1;
		ifp->nd.reachable_base_ms = base;
	}
	return ifp->nd.reachable_time_ms;
}

/* Every state change of n: sets the deadline and reports the change
 * (besides, v6_neigh_alloc starts an entry INCOMPLETE). */
static void
neigh_enter(struct v6_stack *s, struct v6_neigh *n, enum v6_neigh_state st,
    v6_time_t now)
{
	struct v6_iface *ifp = n->iface;
	v6_time_t when = V6_TIME_NEVER;
	bool changed = n->state != st;

	v6_neigh_set_state(n, st);
	n->probes = 0;
	if (changed)
		n->updated = now;
	switch (st) {
	case V6_NEIGH_INCOMPLETE:
	case V6_NEIGH_PROBE:
		when = now + (v6_time_t)ifp->neigh.retrans_time_ms * V6_NS_PER_MS;
		break;
	case V6_NEIGH_REACHABLE:
		n->confirmed = now;
		when = now + (v6_time_t)v6_neigh_reachable_ms(s, ifp) * V6_NS_PER_MS;
		break;
	case V6_NEIGH_DELAY:
		when = now + (v6_time_t)ifp->neigh.delay_first_probe_time_s * V6_NS_PER_S;
		break;
	case V6_NEIGH_STALE:
	case V6_NEIGH_FAILED:
		break;
	}
	if (when == V6_TIME_NEVER)
		v6_timer_cancel(&s->timers, &n->timer);
	else
		v6_timer_arm(&s->timers, &n->timer, when);
	if (changed)
		v6_note(s, ifp, V6_EV_NEIGH_STATE, &n->addr,
		    neigh_state_names[st], NULL);
	/* RFC 4861 6.3.6: a router that failed is no longer preferred. */
	if (changed && st == V6_NEIGH_FAILED && n->is_router)
		v6_route_on_neigh_unreachable(s, ifp, &n->addr);
}

/* RFC 4861 7.2.2: the source of our solicitation: the prompting packet's
 * source if it is ours, else any address of the interface. */
static const struct in6_addr *
ns_source(struct v6_stack *s, struct v6_neigh *n, const uint8_t *frame)
{
	struct v6_iface *ifp = n->iface;
	const struct v6_addr *a;
	struct in6_addr src;

	if (!frame && n->q_len)
		frame = ifp->nd.qbuf + (size_t)n->q_head * ifp->nd.qslot_len;
	if (frame) {
		v6_rdaddr(&src, frame + V6_ETH_HEADROOM + V6_IP6_OFF_SRC);
		a = v6_addr_lookup(s, ifp, &src);
		/* Linux ndisc_solicit: not from a tentative or optimistic
		 * source (RFC 4429 3.3). */
		if (a && (a->state == V6_ADDR_PREFERRED ||
			a->state == V6_ADDR_DEPRECATED))
			return &a->addr;
	}
	/* RFC 4429 3.3: no address resolution from an optimistic address
	 * (Linux: the fallback skips tentative and optimistic ones). */
	a = v6_saddr_select(ifp, &n->addr);
	if (a && a->state == V6_ADDR_OPTIMISTIC) {
		a = NULL;
		for (uint32_t i = 0; i < V6_MAX_ADDRS && !a; i++) {
			const struct v6_addr *c = &ifp->addrs[i];
			if (c->in_use && v6_addr_is_linklocal(&c->addr) &&
			    (c->state == V6_ADDR_PREFERRED || c->state == V6_ADDR_DEPRECATED))
				a = c;
		}
	}
	return a ? &a->addr : NULL;
}

/* Multicast solicitation to the target's solicited-node group. */
static void
send_mcast_ns(struct v6_stack *s, struct v6_neigh *n, const uint8_t *frame,
    v6_time_t now)
{
	const struct in6_addr *src = ns_source(s, n, frame);

	n->probes++;
	if (!src) {
		v6_drop(s, n->iface, V6_DROP_OUT_NO_SOURCE, NULL, 0);
		return;
	}
	v6_ndisc_tx_ns(s, n->iface, src, NULL, NULL, &n->addr, NULL, now);
}

/* RFC 4861 7.3.3: unicast probe to the cached link-layer address. */
static void
send_ucast_ns(struct v6_stack *s, struct v6_neigh *n, v6_time_t now)
{
	const struct in6_addr *src = ns_source(s, n, NULL);

	n->probes++;
	if (!src) {
		v6_drop(s, n->iface, V6_DROP_OUT_NO_SOURCE, NULL, 0);
		return;
	}
	v6_ndisc_tx_ns(s, n->iface, src, &n->addr, n->mac, &n->addr, NULL, now);
}

/*
 * RFC 6583 7.2: may ifp start one more address resolution? At most
 * neigh.IFACE.incomplete_max at a time and neigh.IFACE.resolve_rate per
 * second (a budget of one second's worth, spent 1/rate s per start), so
 * that a flood of packets to (or solicitations from) unknown neighbours
 * costs counted drops, not the table or a solicitation per packet.
 */
static enum v6_drop
resolve_allowed(struct v6_iface *ifp, v6_time_t now)
{
	struct v6_neigh_iface *nd = &ifp->nd;
	uint32_t max = (uint32_t)ifp->neigh.incomplete_max;
	uint32_t rate = (uint32_t)ifp->neigh.resolve_rate;
	v6_time_t cost;

	if (max && nd->n_incomplete >= max)
		return V6_DROP_NEIGH_INCOMPLETE_FULL;
	if (!rate)
		return V6_DROP_NONE;
	cost = V6_NS_PER_S / rate;
	if (now > nd->resolve_last) {
		nd->resolve_credit += now - nd->resolve_last;
		if (nd->resolve_credit > V6_NS_PER_S)
			nd->resolve_credit = V6_NS_PER_S;
		nd->resolve_last = now;
	}
	if (nd->resolve_credit < cost)
		return V6_DROP_NEIGH_RESOLVE_RATELIMITED;
	nd->resolve_credit -= cost;
	return V6_DROP_NONE;
}

/*
 * Event: a packet is to be sent to n (RFC 4861 7.2.2, 7.3.3).
 * frame is in the stack's tx buffer, its Ethernet header to be written.
 */
enum v6_drop
v6_neigh_output(struct v6_stack *s, struct v6_iface *ifp, struct v6_neigh *n,
    const struct in6_addr *nexthop, uint8_t *frame, size_t len,
    v6_time_t now)
{
	enum v6_drop why;

	if ((!n || n->state == V6_NEIGH_FAILED) &&
	    (why = resolve_allowed(ifp, now)) != V6_DROP_NONE) {
		v6_drop_ip6(s, ifp, why, frame + V6_ETH_HEADROOM,
		    len - V6_ETH_HEADROOM);
		return why;
	}
	if (!n) {
		/* RFC 4861 7.2.2: create INCOMPLETE, queue, solicit. */
		if ((n = v6_neigh_alloc(s, ifp, nexthop, now)) == NULL)
			return V6_DROP_NEIGH_TABLE_FULL;
		v6_neigh_queue_add(s, n, frame, len, now);
		v6_neigh_set_state(n, V6_NEIGH_FAILED); /* so that the change is reported */
		neigh_enter(s, n, V6_NEIGH_INCOMPLETE, now);
		if (ifp->neigh.mcast_solicit > 0)
			send_mcast_ns(s, n, frame, now);
		else
			v6_timer_arm(&s->timers, &n->timer, now);
		return V6_DROP_NONE;
	}
	v6_neigh_lru_touch(s, n, now);
	switch (n->state) {
	case V6_NEIGH_FAILED:
		/* As Linux: a new packet restarts resolution. */
		v6_neigh_queue_add(s, n, frame, len, now);
		neigh_enter(s, n, V6_NEIGH_INCOMPLETE, now);
		if (ifp->neigh.mcast_solicit > 0)
			send_mcast_ns(s, n, frame, now);
		return V6_DROP_NONE;
	case V6_NEIGH_INCOMPLETE:
		v6_neigh_queue_add(s, n, frame, len, now);
		return V6_DROP_NONE;
	case V6_NEIGH_STALE:
		/* RFC 4861 7.3.3: "The first time a node sends a packet to a
		 * neighbor whose entry is STALE, the sender changes the state
		 * to DELAY". */
		neigh_enter(s, n, V6_NEIGH_DELAY, now);
		break;
	case V6_NEIGH_REACHABLE:
	case V6_NEIGH_DELAY:
	case V6_NEIGH_PROBE:
		break;
	}
	v6_eth_emit(frame, n->mac, ifp->mac, V6_ETHERTYPE_IPV6);
	v6_link_send(s, ifp, frame, len);
	return V6_DROP_NONE;
}

/*
 * Event: an NS (or RS, RA, Redirect) carried the sender's link-layer
 * address (RFC 4861 7.2.3): create the entry STALE, or update it and make
 * it STALE when the address differs.
 */
struct v6_neigh *
v6_neigh_on_lladdr_hint(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr, const uint8_t mac[6], v6_time_t now)
{
	struct v6_neigh *n = v6_neigh_lookup(s, ifp, addr);

	if (!n) {
		if ((n = v6_neigh_alloc(s, ifp, addr, now)) == NULL)
			return NULL;
		memcpy(n->mac, mac, 6);
		v6_neigh_set_state(n, V6_NEIGH_FAILED); /* so that the change is reported */
		neigh_enter(s, n, V6_NEIGH_STALE, now);
		return n;
	}
	switch (n->state) {
	case V6_NEIGH_INCOMPLETE:
	case V6_NEIGH_FAILED:
		/* Appendix C: INCOMPLETE, NS/RS/RA/Redirect with a link-layer
		 * address: record it, STALE, send the queued packets; sending
		 * to a STALE entry makes it DELAY (7.3.3), as in Linux. */
		memcpy(n->mac, mac, 6);
		neigh_enter(s, n, n->q_len ? V6_NEIGH_DELAY : V6_NEIGH_STALE, now);
		v6_neigh_queue_flush(s, n);
		/* What the flush sent went through v6_neigh_output: look the
		 * entry up again rather than assume it stayed. */
		return v6_neigh_lookup(s, ifp, addr);
	case V6_NEIGH_REACHABLE:
	case V6_NEIGH_STALE:
	case V6_NEIGH_DELAY:
	case V6_NEIGH_PROBE:
		if (memcmp(n->mac, mac, 6) != 0) {
			memcpy(n->mac, mac, 6);
			n->updated = now;
			neigh_enter(s, n, V6_NEIGH_STALE, now);
		}
		break;
	}
	return n;
}

/* RFC 4861 6.3.4, 8.3: an RA's source, or a Redirect's target that is
 * not the destination, is a router. An entry is created (INCOMPLETE is
 * not needed: no packet waits) only if the message carried its address;
 * otherwise the flag waits for resolution. */
void
v6_neigh_set_router(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr)
{
	struct v6_neigh *n = v6_neigh_lookup(s, ifp, addr);

	if (n)
		n->is_router = true;
}

/*
 * Event: a valid NA for n's address (RFC 4861 7.2.5). tlla is the Target
 * Link-Layer Address option's MAC or NULL; flags are R, S, O.
 */
enum v6_drop
v6_neigh_on_advert(struct v6_stack *s, struct v6_neigh *n, const uint8_t *tlla,
    uint8_t flags, v6_time_t now)
{
	bool solicited = flags & 0x40, override = flags & 0x20;
	bool differs;

	switch (n->state) {
	case V6_NEIGH_INCOMPLETE:
	case V6_NEIGH_FAILED:
		/* "If no Target Link-Layer Address option is included, the
		 * receiving node SHOULD silently discard the received
		 * advertisement." (the seed's failure, seen from this side) */
		if (!tlla)
			return V6_DROP_NDISC_NA_INCOMPLETE_NO_TLLA;
		memcpy(n->mac, tlla, 6);
		n->is_router = flags & 0x80;
		/* "If the advertisement's Solicited flag is set, the state of
		 * the entry is set to REACHABLE; otherwise, it is set to
		 * STALE." */
		neigh_enter(s, n, solicited ? V6_NEIGH_REACHABLE
			: n->q_len ? V6_NEIGH_DELAY /* STALE, then sent to: 7.3.3 */
				   : V6_NEIGH_STALE, now);
		v6_neigh_queue_flush(s, n);
		return V6_DROP_NONE;
	case V6_NEIGH_REACHABLE:
	case V6_NEIGH_STALE:
	case V6_NEIGH_DELAY:
	case V6_NEIGH_PROBE:
		break;
	}
	differs = tlla && memcmp(tlla, n->mac, 6) != 0;
	/* "If the Override flag is clear and the supplied link-layer address
	 * differs from that in the cache, then ... a) If the state of the
	 * entry is REACHABLE, set it to STALE, but do not update the entry
	 * in any other way. b) Otherwise, the received advertisement should
	 * be ignored". */
	if (!override && differs) {
		if (n->state == V6_NEIGH_REACHABLE)
			neigh_enter(s, n, V6_NEIGH_STALE, now);
		return V6_DROP_NONE;
	}
	/* "If the Override flag is set, or the supplied link-layer address is
	 * the same as that in the cache, or no Target Link-Layer Address
	 * option was supplied, the received advertisement MUST update the
	 * entry". */
	if (differs) {
		memcpy(n->mac, tlla, 6);
		n->updated = now;
	}
	/* RFC 4861 7.2.5: "In those cases where the IsRouter flag changes
	 * from TRUE to FALSE as a result of this update, the node MUST remove
	 * that router from the Default Router List and update the Destination
	 * Cache entries for all destinations using that neighbor as a router
	 * as specified in Section 7.3.3." */
	if (n->is_router && !(flags & 0x80))
		v6_route_router_gone(s, n->iface, &n->addr);
	n->is_router = flags & 0x80;
	if (solicited)
		neigh_enter(s, n, V6_NEIGH_REACHABLE, now);
	else if (differs)
		neigh_enter(s, n, V6_NEIGH_STALE, now);
	return V6_DROP_NONE;
}

/* Event: n's deadline passed (RFC 4861 7.2.2, 7.3.3). */
void
v6_neigh_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now)
{
	struct v6_neigh *n = v6_container_of(t, struct v6_neigh, timer);
	struct v6_iface *ifp = n->iface;
	v6_time_t retrans = (v6_time_t)ifp->neigh.retrans_time_ms * V6_NS_PER_MS;

	switch (n->state) {
	case V6_NEIGH_INCOMPLETE:
		/* "If no Neighbor Advertisement is received after
		 * MAX_MULTICAST_SOLICIT solicitations, address resolution has
		 * failed." */
		if (n->probes < (uint8_t)ifp->neigh.mcast_solicit) {
			send_mcast_ns(s, n, NULL, now);
			v6_timer_arm(&s->timers, &n->timer, now + retrans);
			return;
		}
		v6_neigh_queue_purge(s, n, V6_DROP_NEIGH_RESOLUTION_FAILED, now);
		neigh_enter(s, n, V6_NEIGH_FAILED, now);
		return;
	case V6_NEIGH_REACHABLE:
		/* "When ReachableTime milliseconds have passed since receipt of
		 * the last reachability confirmation ... STALE". */
		neigh_enter(s, n, V6_NEIGH_STALE, now);
		return;
	case V6_NEIGH_DELAY:
		/* "If the entry is still in the DELAY state when the timer
		 * expires, the entry's state changes to PROBE." */
		neigh_enter(s, n, V6_NEIGH_PROBE, now);
		send_ucast_ns(s, n, now);
		return;
	case V6_NEIGH_PROBE:
		if (n->probes < (uint8_t)ifp->neigh.ucast_solicit) {
			send_ucast_ns(s, n, now);
			v6_timer_arm(&s->timers, &n->timer, now + retrans);
			return;
		}
		/* RFC 4861 7.3.3: after MAX_UNICAST_SOLICIT probes the entry
		 * SHOULD be deleted; Linux keeps it as FAILED. */
		neigh_enter(s, n, V6_NEIGH_FAILED, now);
		return;
	case V6_NEIGH_STALE:
	case V6_NEIGH_FAILED:
		return;
	}
}

void
v6_neigh_foreach(const struct v6_stack *s,
    void (*cb)(void *ctx, const struct v6_iface *iface,
	const struct in6_addr *addr, const uint8_t *lladdr, const char *state,
	int is_router),
    void *ctx)
{
	for (uint32_t i = 0; i < s->neigh.cap; i++) {
		const struct v6_neigh *n = &s->neigh.entries[i];
		if (!n->in_use)
			continue;
		cb(ctx, n->iface, &n->addr,
		    n->state == V6_NEIGH_INCOMPLETE || n->state == V6_NEIGH_FAILED
			? NULL : n->mac,
		    neigh_state_names[n->state], n->is_router);
	}
}
