/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The neighbour cache (RFC 4861 5.1, 7.2, 7.3, appendix C): address
 * resolution with a bounded queue, Neighbor Unreachability Detection, and
 * a fixed pool with LRU eviction.
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

int
v6_neigh_init(struct v6_stack *s, char *err, size_t errlen)
{
	uint32_t nb = 16;

	(void)err;
	(void)errlen;
	s->neigh.cap = (uint32_t)s->params.neigh_max;
	while (nb < s->neigh.cap)
		nb <<= 1;
	s->neigh.entries = calloc(s->neigh.cap, sizeof(*s->neigh.entries));
	s->neigh.buckets = malloc(nb * sizeof(uint32_t));
	if (!s->neigh.entries || !s->neigh.buckets)
		return -1;
	s->neigh.bucket_mask = nb - 1;
	for (uint32_t i = 0; i < nb; i++)
		s->neigh.buckets[i] = V6_NIL;
	for (uint32_t i = 0; i < s->neigh.cap; i++) {
		s->neigh.entries[i].hash_next = i + 1 < s->neigh.cap ? i + 1 : V6_NIL;
		v6_timer_init(&s->neigh.entries[i].timer, V6_TIMER_NEIGH);
	}
	s->neigh.free = 0;
	s->neigh.lru_head = s->neigh.lru_tail = V6_NIL;
	v6_timer_init(&s->neigh.gc_timer, V6_TIMER_NEIGH_GC);
	return 0;
}

/* Every write of n->state: keeps the interface's count of INCOMPLETE
 * entries (neigh.IFACE.incomplete_max). */
static void
neigh_set_state(struct v6_neigh *n, enum v6_neigh_state st)
{
	if (n->state == V6_NEIGH_INCOMPLETE && st != V6_NEIGH_INCOMPLETE)
		n->iface->nd.n_incomplete--;
	else if (n->state != V6_NEIGH_INCOMPLETE && st == V6_NEIGH_INCOMPLETE)
		n->iface->nd.n_incomplete++;
	n->state = st;
}

/*
 * RFC 6583 7.1: "priority should be given to... existing entries": an
 * entry confirmed reachable within gc_stale_time and still usable carries
 * traffic and is never removed to make room for another, unlike Linux,
 * where a flood of resolutions crowds out the neighbours that talk.
 */
static bool
neigh_talking(const struct v6_neigh *n, v6_time_t now)
{
	v6_time_t keep = (v6_time_t)n->iface->neigh.gc_stale_time_s * V6_NS_PER_S;

	return n->state != V6_NEIGH_INCOMPLETE && n->state != V6_NEIGH_FAILED &&
	    n->confirmed != 0 && now < n->confirmed + keep;
}

/* Linux's neighbour collection constants (net/core/neighbour.c): a forced
 * collection removes entries not updated for 5 s and runs at most every
 * 5 s below gc_thresh3; ReachableTime is drawn again every 300 s. */
#define NEIGH_FORCED_GC_AGE (5 * V6_NS_PER_S)
#define NEIGH_FORCED_GC_INTERVAL (5 * V6_NS_PER_S)
#define NEIGH_REACHABLE_REDRAW (300 * V6_NS_PER_S)
/* Entries neigh_forced_gc looks at, from the least recently used end. */
#define NEIGH_FORCED_GC_LOOK 64

void
v6_neigh_free(struct v6_stack *s)
{
	free(s->neigh.entries);
	free(s->neigh.buckets);
}

int
v6_neigh_iface_init(struct v6_stack *s, struct v6_iface *ifp, uint32_t mtu)
{
	struct v6_neigh_iface *nd = &ifp->nd;

	nd->n_qslots = (uint32_t)s->params.neigh_queue_max;
	nd->qslot_len = V6_ETH_HEADROOM + mtu;
	nd->qbuf = malloc((size_t)nd->n_qslots * nd->qslot_len);
	nd->qlen = calloc(nd->n_qslots, sizeof(uint32_t));
	nd->qnext = calloc(nd->n_qslots, sizeof(uint32_t));
	if (!nd->qbuf || !nd->qlen || !nd->qnext) {
		v6_neigh_iface_free(ifp);
		return -1;
	}
	for (uint32_t i = 0; i < nd->n_qslots; i++)
		nd->qnext[i] = i + 1 < nd->n_qslots ? i + 1 : V6_NIL;
	nd->qfree = 0;
	nd->n_incomplete = 0;
	nd->resolve_credit = V6_NS_PER_S;
	nd->resolve_last = 0;
	return 0;
}

void
v6_neigh_iface_free(struct v6_iface *ifp)
{
	free(ifp->nd.qbuf);
	free(ifp->nd.qlen);
	free(ifp->nd.qnext);
	ifp->nd.qbuf = NULL;
	ifp->nd.qlen = ifp->nd.qnext = NULL;
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

static uint32_t
neigh_hash(const struct v6_iface *ifp, const struct in6_addr *a)
{
	uint64_t x, y;

	memcpy(&x, a->s6_addr, 8);
	memcpy(&y, a->s6_addr + 8, 8);
	x ^= y * 0x9e3779b97f4a7c15ull ^ ifp->index;
	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ull;
	return (uint32_t)(x >> 32);
}

static uint32_t
neigh_idx(const struct v6_stack *s, const struct v6_neigh *n)
{
	return (uint32_t)(n - s->neigh.entries);
}

struct v6_neigh *
v6_neigh_lookup(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr)
{
	uint32_t i = s->neigh.buckets[neigh_hash(ifp, addr) & s->neigh.bucket_mask];

	for (; i != V6_NIL; i = s->neigh.entries[i].hash_next) {
		struct v6_neigh *n = &s->neigh.entries[i];
		if (n->iface == ifp && v6_addr_eq(&n->addr, addr))
			return n;
	}
	return NULL;
}

static void
lru_unlink(struct v6_stack *s, struct v6_neigh *n)
{
	if (n->lru_prev != V6_NIL)
		s->neigh.entries[n->lru_prev].lru_next = n->lru_next;
	else
		s->neigh.lru_head = n->lru_next;
	if (n->lru_next != V6_NIL)
		s->neigh.entries[n->lru_next].lru_prev = n->lru_prev;
	else
		s->neigh.lru_tail = n->lru_prev;
}

/* Make n the most recently used entry. */
static void
lru_touch(struct v6_stack *s, struct v6_neigh *n, v6_time_t now)
{
	uint32_t i = neigh_idx(s, n);

	n->used = now;
	if (s->neigh.lru_head == i)
		return;
	lru_unlink(s, n);
	n->lru_prev = V6_NIL;
	n->lru_next = s->neigh.lru_head;
	if (s->neigh.lru_head != V6_NIL)
		s->neigh.entries[s->neigh.lru_head].lru_prev = i;
	s->neigh.lru_head = i;
	if (s->neigh.lru_tail == V6_NIL)
		s->neigh.lru_tail = i;
}

/* ---- the resolution queue ---- */

static void
queue_drop_head(struct v6_stack *s, struct v6_neigh *n, enum v6_drop why,
    v6_time_t now)
{
	struct v6_iface *ifp = n->iface;
	uint32_t slot = n->q_head;
	uint8_t *f = ifp->nd.qbuf + (size_t)slot * ifp->nd.qslot_len;

	n->q_head = ifp->nd.qnext[slot];
	if (n->q_head == V6_NIL)
		n->q_tail = V6_NIL;
	n->q_len--;
	v6_drop_ip6(s, ifp, why, f + V6_ETH_HEADROOM,
	    ifp->nd.qlen[slot] - V6_ETH_HEADROOM);
	/* RFC 4861 7.2.2: when resolution fails, "ICMP destination
	 * unreachable indications with code 3 (Address Unreachable) SHOULD be
	 * returned" for the queued packets (Linux ip6_link_failure). */
	if (why == V6_DROP_NEIGH_RESOLUTION_FAILED)
		(void)v6_icmp6_error(s, ifp, NULL, f + V6_ETH_HEADROOM,
		    ifp->nd.qlen[slot] - V6_ETH_HEADROOM, V6_ICMP6_DST_UNREACH, 3, 0,
		    false, now);
	ifp->nd.qnext[slot] = ifp->nd.qfree;
	ifp->nd.qfree = slot;
}

static void
queue_purge(struct v6_stack *s, struct v6_neigh *n, enum v6_drop why,
    v6_time_t now)
{
	while (n->q_len)
		queue_drop_head(s, n, why, now);
}

/*
 * RFC 4861 7.2.2: queue a frame while resolving. Bound: neigh.unres_qlen
 * per entry and the interface's slot pool; past either, the entry's oldest
 * frame is dropped (NEIGH_QUEUE_FULL) to make room, as Linux does.
 */
static void
queue_add(struct v6_stack *s, struct v6_neigh *n, const uint8_t *frame,
    size_t len, v6_time_t now)
{
	struct v6_iface *ifp = n->iface;
	uint32_t slot;

	if (len > ifp->nd.qslot_len || ifp->neigh.unres_qlen == 0) {
		v6_drop_ip6(s, ifp, V6_DROP_NEIGH_QUEUE_FULL,
		    frame + V6_ETH_HEADROOM, len - V6_ETH_HEADROOM);
		return;
	}
	if (n->q_len >= (uint32_t)ifp->neigh.unres_qlen ||
	    (ifp->nd.qfree == V6_NIL && n->q_len > 0))
		queue_drop_head(s, n, V6_DROP_NEIGH_QUEUE_FULL, now);
	if (ifp->nd.qfree == V6_NIL) {
		v6_drop_ip6(s, ifp, V6_DROP_NEIGH_QUEUE_FULL,
		    frame + V6_ETH_HEADROOM, len - V6_ETH_HEADROOM);
		return;
	}
	slot = ifp->nd.qfree;
	ifp->nd.qfree = ifp->nd.qnext[slot];
	memcpy(ifp->nd.qbuf + (size_t)slot * ifp->nd.qslot_len, frame, len);
	ifp->nd.qlen[slot] = (uint32_t)len;
	ifp->nd.qnext[slot] = V6_NIL;
	if (n->q_tail != V6_NIL)
		ifp->nd.qnext[n->q_tail] = slot;
	else
		n->q_head = slot;
	n->q_tail = slot;
	n->q_len++;
}

/* The entry is resolved: send what waited, in order (RFC 4861 7.2.2). */
static void
queue_flush(struct v6_stack *s, struct v6_neigh *n)
{
	struct v6_iface *ifp = n->iface;

	while (n->q_len) {
		uint32_t slot = n->q_head;
		uint8_t *f = ifp->nd.qbuf + (size_t)slot * ifp->nd.qslot_len;
		v6_eth_emit(f, n->mac, ifp->mac, V6_ETHERTYPE_IPV6);
		n->q_head = ifp->nd.qnext[slot];
		n->q_len--;
		v6_link_send(s, ifp, f, ifp->nd.qlen[slot]);
		ifp->nd.qnext[slot] = ifp->nd.qfree;
		ifp->nd.qfree = slot;
	}
	n->q_tail = V6_NIL;
}

/* ---- entries ---- */

static void
neigh_free(struct v6_stack *s, struct v6_neigh *n)
{
	uint32_t i = neigh_idx(s, n);
	uint32_t *pp = &s->neigh.buckets[neigh_hash(n->iface, &n->addr) &
	    s->neigh.bucket_mask];

	queue_purge(s, n, V6_DROP_NEIGH_EVICTED, 0);
	v6_timer_cancel(&s->timers, &n->timer);
	while (*pp != i)
		pp = &s->neigh.entries[*pp].hash_next;
	*pp = n->hash_next;
	lru_unlink(s, n);
	neigh_set_state(n, V6_NEIGH_FAILED);
	n->in_use = false;
	n->iface = NULL;
	n->hash_next = s->neigh.free;
	s->neigh.free = i;
	s->neigh.n--;
	s->neigh.n_destroys++;
}

/*
 * Linux neigh_forced_gc: from the least recently used end, remove FAILED
 * entries and those not updated for 5 s (never INCOMPLETE: they hold
 * packets being resolved) until the table is down to gc_thresh2. At most
 * 64 entries are looked at, so a flood costs O(1) per packet.
 */
static void
neigh_forced_gc(struct v6_stack *s, v6_time_t now)
{
	v6_time_t tref = now > NEIGH_FORCED_GC_AGE ? now - NEIGH_FORCED_GC_AGE : 0;
	uint32_t i, prev, look = 0, thresh2 = (uint32_t)s->glob.gc_thresh2;

	s->neigh.n_forced_gc++;
	s->neigh.last_forced_gc = now;
	for (i = s->neigh.lru_tail; i != V6_NIL && s->neigh.n > thresh2 &&
	     look < NEIGH_FORCED_GC_LOOK;
	     i = prev, look++) {
		struct v6_neigh *n = &s->neigh.entries[i];
		prev = n->lru_prev;
		if (n->state == V6_NEIGH_FAILED ||
		    (n->state != V6_NEIGH_INCOMPLETE && n->updated <= tref &&
			!neigh_talking(n, now))) {
			neigh_free(s, n);
			s->neigh.n_evictions++;
		}
	}
}

static v6_time_t
gc_interval(const struct v6_stack *s)
{
	/* Linux: the periodic work runs every base_reachable_time / 2. */
	return (v6_time_t)s->neigh_default.base_reachable_time_ms / 2 * V6_NS_PER_MS;
}

/*
 * Linux neigh_periodic_work: every base_reachable_time / 2, when the table
 * holds at least gc_thresh1 entries, remove FAILED entries and STALE ones
 * unused for gc_stale_time (entries with a timer running are kept).
 * Every 300 s, ReachableTime is drawn again (RFC 4861 6.3.4: "at least
 * every few hours").
 */
void
v6_neigh_on_gc_timer(struct v6_stack *s, v6_time_t now)
{
	if (now >= s->neigh.last_rand + NEIGH_REACHABLE_REDRAW) {
		s->neigh.last_rand = now;
		for (uint32_t k = 0; k < s->n_ifaces; k++)
			s->ifaces[k]->nd.reachable_time_ms = 0;
	}
	if (s->neigh.n >= (uint32_t)s->glob.gc_thresh1) {
		uint32_t i, prev;
		s->neigh.n_periodic_gc++;
		for (i = s->neigh.lru_tail; i != V6_NIL; i = prev) {
			struct v6_neigh *n = &s->neigh.entries[i];
			v6_time_t used = n->used > n->confirmed ? n->used : n->confirmed;
			v6_time_t stale = (v6_time_t)n->iface->neigh.gc_stale_time_s * V6_NS_PER_S;
			prev = n->lru_prev;
			if (n->state == V6_NEIGH_FAILED ||
			    (n->state == V6_NEIGH_STALE && now >= used + stale))
				neigh_free(s, n);
		}
	}
	if (s->neigh.n)
		v6_timer_arm(&s->timers, &s->neigh.gc_timer, now + gc_interval(s));
}

/*
 * Bound: min(pool, neigh.default.gc_thresh3) entries. As Linux's
 * neigh_alloc: when full, only the forced collection makes room (FAILED
 * entries, and those not updated for 5 s that are not talking); if it
 * finds none, the new entry is refused (NEIGH_TABLE_FULL) and, for an NS,
 * no NA goes out: a flood of solicitations from new sources costs a
 * bounded table and no answer, not an answer per packet (the kernel
 * answers about a thousand of 200,000 such NSs in 3 s; test_attacks.py).
 */
static struct v6_neigh *
neigh_alloc(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr, v6_time_t now)
{
	uint32_t limit = s->neigh.cap, i, h;
	struct v6_neigh *n;

	if ((uint32_t)s->glob.gc_thresh3 < limit)
		limit = (uint32_t)s->glob.gc_thresh3;
	/* Linux neigh_alloc: a forced collection at gc_thresh3, and at
	 * gc_thresh2 when the last one is more than 5 s old. */
	if (s->neigh.n >= limit ||
	    (s->neigh.n >= (uint32_t)s->glob.gc_thresh2 &&
		now >= s->neigh.last_forced_gc + NEIGH_FORCED_GC_INTERVAL))
		neigh_forced_gc(s, now);
	if (s->neigh.n >= limit || s->neigh.free == V6_NIL) {
		s->neigh.n_table_fulls++;
		v6_drop(s, ifp, V6_DROP_NEIGH_TABLE_FULL, NULL, 0);
		return NULL;
	}
	i = s->neigh.free;
	n = &s->neigh.entries[i];
	s->neigh.free = n->hash_next;
	s->neigh.n++;
	memset(&n->addr, 0, sizeof(*n) - offsetof(struct v6_neigh, addr));
	n->addr = *addr;
	n->iface = ifp;
	n->in_use = true;
	n->state = V6_NEIGH_FAILED;
	neigh_set_state(n, V6_NEIGH_INCOMPLETE);
	n->used = n->updated = now;
	s->neigh.n_allocs++;
	if (s->neigh.gc_timer.slot < 0)
		v6_timer_arm(&s->timers, &s->neigh.gc_timer, now + gc_interval(s));
	v6_timer_init(&n->timer, V6_TIMER_NEIGH);
	n->q_head = n->q_tail = V6_NIL;
	h = neigh_hash(ifp, addr) & s->neigh.bucket_mask;
	n->hash_next = s->neigh.buckets[h];
	s->neigh.buckets[h] = i;
	n->lru_prev = n->lru_next = V6_NIL;
	if (s->neigh.lru_tail == V6_NIL) {
		s->neigh.lru_head = s->neigh.lru_tail = i;
	} else {
		n->lru_next = s->neigh.lru_head;
		s->neigh.entries[s->neigh.lru_head].lru_prev = i;
		s->neigh.lru_head = i;
	}
	return n;
}

/* Every state change of n: sets the deadline and reports the change
 * (besides, neigh_alloc starts an entry INCOMPLETE). */
static void
neigh_enter(struct v6_stack *s, struct v6_neigh *n, enum v6_neigh_state st,
    v6_time_t now)
{
	struct v6_iface *ifp = n->iface;
	v6_time_t when = V6_TIME_NEVER;
	bool changed = n->state != st;

	neigh_set_state(n, st);
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
		if ((n = neigh_alloc(s, ifp, nexthop, now)) == NULL)
			return V6_DROP_NEIGH_TABLE_FULL;
		queue_add(s, n, frame, len, now);
		neigh_set_state(n, V6_NEIGH_FAILED); /* so that the change is reported */
		neigh_enter(s, n, V6_NEIGH_INCOMPLETE, now);
		if (ifp->neigh.mcast_solicit > 0)
			send_mcast_ns(s, n, frame, now);
		else
			v6_timer_arm(&s->timers, &n->timer, now);
		return V6_DROP_NONE;
	}
	lru_touch(s, n, now);
	switch (n->state) {
	case V6_NEIGH_FAILED:
		/* As Linux: a new packet restarts resolution. */
		queue_add(s, n, frame, len, now);
		neigh_enter(s, n, V6_NEIGH_INCOMPLETE, now);
		if (ifp->neigh.mcast_solicit > 0)
			send_mcast_ns(s, n, frame, now);
		return V6_DROP_NONE;
	case V6_NEIGH_INCOMPLETE:
		queue_add(s, n, frame, len, now);
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
void
v6_neigh_on_lladdr_hint(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr, const uint8_t mac[6], v6_time_t now)
{
	struct v6_neigh *n = v6_neigh_lookup(s, ifp, addr);

	if (!n) {
		if ((n = neigh_alloc(s, ifp, addr, now)) == NULL)
			return;
		memcpy(n->mac, mac, 6);
		neigh_set_state(n, V6_NEIGH_FAILED); /* so that the change is reported */
		neigh_enter(s, n, V6_NEIGH_STALE, now);
		return;
	}
	switch (n->state) {
	case V6_NEIGH_INCOMPLETE:
	case V6_NEIGH_FAILED:
		/* Appendix C: INCOMPLETE, NS/RS/RA/Redirect with a link-layer
		 * address: record it, STALE, send the queued packets; sending
		 * to a STALE entry makes it DELAY (7.3.3), as in Linux. */
		memcpy(n->mac, mac, 6);
		neigh_enter(s, n, n->q_len ? V6_NEIGH_DELAY : V6_NEIGH_STALE, now);
		queue_flush(s, n);
		break;
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
		queue_flush(s, n);
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
		queue_purge(s, n, V6_DROP_NEIGH_RESOLUTION_FAILED, now);
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
