/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The neighbour cache's table (neigh.h): the fixed pool of entries, their
 * hash chains and LRU list, the per-interface queue of frames waiting for
 * resolution, and the collection and bounds as Linux's (neigh_alloc,
 * neigh_forced_gc, neigh_periodic_work), with RFC 6583 7.1's priority for
 * entries that talk. The state machine that uses it is neigh.c.
 */
#include <stdlib.h>
#include <string.h>

#include "core/neigh.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/stack.h"
#include "core/stats.h"
#include "wire/eth.h"

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
void
v6_neigh_set_state(struct v6_neigh *n, enum v6_neigh_state st)
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
void
v6_neigh_lru_touch(struct v6_stack *s, struct v6_neigh *n, v6_time_t now)
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

void
v6_neigh_queue_purge(struct v6_stack *s, struct v6_neigh *n, enum v6_drop why,
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
void
v6_neigh_queue_add(struct v6_stack *s, struct v6_neigh *n, const uint8_t *frame,
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
void
v6_neigh_queue_flush(struct v6_stack *s, struct v6_neigh *n)
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

	v6_neigh_queue_purge(s, n, V6_DROP_NEIGH_EVICTED, 0);
	v6_timer_cancel(&s->timers, &n->timer);
	while (*pp != i)
		pp = &s->neigh.entries[*pp].hash_next;
	*pp = n->hash_next;
	lru_unlink(s, n);
	v6_neigh_set_state(n, V6_NEIGH_FAILED);
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
struct v6_neigh *
v6_neigh_alloc(struct v6_stack *s, struct v6_iface *ifp,
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
	v6_neigh_set_state(n, V6_NEIGH_INCOMPLETE);
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
