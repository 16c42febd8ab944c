/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Anycast addresses (RFC 4291 2.6; Linux net/ipv6/anycast.c): addresses we
 * answer for that other nodes may hold too.
 *
 * RFC 4862 5.4: no Duplicate Address Detection (duplicates are the point).
 * RFC 4291 2.6: never chosen as a source by address selection; they live in
 * their own table, so v6_saddr_select cannot pick them.
 * RFC 4861 7.2.4, 7.2.7: Neighbor Advertisements for them carry O=0 and,
 * answering a multicast solicitation, leave after a random delay (Linux:
 * the proxy queue, delay in [0, neigh.IFACE.proxy_delay), at most
 * neigh.IFACE.proxy_qlen waiting).
 */
#include <stdlib.h>

#include "core/anycast.h"
#include "core/addrconf.h"
#include "core/iface.h"
#include "core/mcast.h"
#include "core/ndisc.h"
#include "core/stack.h"
#include "core/stats.h"

/* Our anycast address a on ifp (any interface when ifp is NULL), or NULL.
 * The stack-wide index is probed linearly from the address's hash. */
const struct v6_acast *
v6_acast_lookup(const struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *a)
{
	const uint32_t m = s->acast.n_slots - 1;
	uint32_t i = v6_addr_hash(a) & m;

	for (uint32_t n = 0; n <= m; n++, i = (i + 1) & m) {
		const struct v6_acast *e = s->acast.slots[i];
		if (!e)
			return NULL;
		if ((!ifp || e->iface == ifp) && v6_addr_eq(&e->addr, a))
			return e;
	}
	return NULL;
}

int
v6_acast_init(struct v6_stack *s)
{
	uint64_t need = 2ull * s->params.ifaces_max * (V6_MAX_ACAST + V6_MAX_ADDRS);

	s->acast.n_slots = 1;
	while (s->acast.n_slots <= need)
		s->acast.n_slots <<= 1;
	s->acast.slots = calloc(s->acast.n_slots, sizeof(*s->acast.slots));
	return s->acast.slots ? 0 : -1;
}

void
v6_acast_free(struct v6_stack *s)
{
	free(s->acast.slots);
	s->acast.slots = NULL;
}

/* Index e in the stack-wide hash. Bound: n_slots > 2 x
 * ifaces_max x (V6_MAX_ACAST + V6_MAX_ADDRS), so a free slot always
 * exists. Linux __ipv6_dev_ac_inc: join the solicited-node group, so that
 * neighbours can resolve the address (RFC 4861 7.2.1). */
static void
acast_link(struct v6_iface *ifp, struct v6_acast *e, const struct in6_addr *addr)
{
	struct v6_stack *s = ifp->stack;
	struct in6_addr snm;
	uint32_t i;

	e->addr = *addr;
	e->iface = ifp;
	e->in_use = true;
	i = v6_addr_hash(addr) & (s->acast.n_slots - 1);
	while (s->acast.slots[i])
		i = (i + 1) & (s->acast.n_slots - 1);
	s->acast.slots[i] = e;
	v6_addr_solicited_node(&snm, addr);
	v6_group_join(ifp, &snm);
}

/* Take e out of the hash (linear probing: later entries of its run move
 * back into the hole, Knuth 6.4 algorithm R) and leave its group. */
static void
acast_unlink(struct v6_iface *ifp, struct v6_acast *e)
{
	struct v6_stack *s = ifp->stack;
	const uint32_t m = s->acast.n_slots - 1;
	struct in6_addr snm;
	uint32_t i = v6_addr_hash(&e->addr) & m, j;

	while (s->acast.slots[i] != e)
		i = (i + 1) & m;
	s->acast.slots[i] = NULL;
	for (j = (i + 1) & m; s->acast.slots[j]; j = (j + 1) & m) {
		uint32_t h = v6_addr_hash(&s->acast.slots[j]->addr) & m;
		/* The entry at j stays unless its home h lies cyclically in
		 * (i, j], i.e. the hole at i is on its probe path. */
		if (((j - h) & m) < ((j - i) & m))
			continue;
		s->acast.slots[i] = s->acast.slots[j];
		s->acast.slots[j] = NULL;
		i = j;
	}
	v6_addr_solicited_node(&snm, &e->addr);
	v6_group_leave(ifp, &snm);
	e->in_use = false;
}

/* RFC 4291 2.6.1, Linux addrconf_join_anycast: the Subnet-Router anycast
 * address of a, if it has one. */
static bool
subnet_router_addr(const struct v6_addr *a, struct in6_addr *out)
{
	static const struct in6_addr zero;

	if (!a->in_use || !v6_addr_usable(a) || a->plen >= 127)
		return false;
	*out = a->addr;
	for (unsigned b = a->plen; b < 128; b++)
		out->s6_addr[b / 8] &= (uint8_t)~(0x80u >> (b % 8));
	return !v6_addr_eq(out, &zero);
}

void
v6_acast_subnet_sync(struct v6_iface *ifp)
{
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		struct v6_acast *e = &ifp->acast_sr[i];
		struct in6_addr want;
		bool on = ifp->conf.forwarding &&
		    subnet_router_addr(&ifp->addrs[i], &want);

		if (e->in_use && (!on || !v6_addr_eq(&e->addr, &want)))
			acast_unlink(ifp, e);
		if (on && !e->in_use)
			acast_link(ifp, e, &want);
	}
}

int
v6_anycast_add(struct v6_iface *ifp, const struct in6_addr *addr, char *err,
    size_t errlen)
{
	struct v6_stack *s = ifp->stack;
	struct v6_acast *e = NULL;

	if (v6_addr_is_multicast(addr) || v6_addr_is_unspecified(addr) ||
	    v6_addr_is_loopback(addr) || v6_addr_is_v4mapped(addr))
		return v6_fail(err, errlen, "not a unicast address");
	if (v6_addr_lookup(s, ifp, addr))
		return v6_fail(err, errlen, "address already on this interface");
	/* Only the user's entries: a Subnet-Router anycast address may also
	 * be added (Linux counts one more user of it). */
	for (uint32_t i = 0; i < V6_MAX_ACAST; i++) {
		if (ifp->acast[i].in_use && v6_addr_eq(&ifp->acast[i].addr, addr))
			return v6_fail(err, errlen, "address already on this interface");
		if (!e && !ifp->acast[i].in_use)
			e = &ifp->acast[i];
	}
	if (!e)
		return v6_fail(err, errlen,
		    "too many anycast addresses on this interface (max %d)", V6_MAX_ACAST);
	acast_link(ifp, e, addr);
	return 0;
}

/* Is addr among the entries before last (user ones, then implicit)? */
static bool
acast_listed_before(const struct v6_iface *ifp, const struct v6_acast *last,
    const struct in6_addr *addr)
{
	for (uint32_t i = 0; i < V6_MAX_ACAST; i++)
		if (ifp->acast[i].in_use && v6_addr_eq(&ifp->acast[i].addr, addr))
			return true;
	for (const struct v6_acast *e = ifp->acast_sr; e < last; e++)
		if (e->in_use && v6_addr_eq(&e->addr, addr))
			return true;
	return false;
}

void
v6_anycast_foreach(const struct v6_iface *ifp,
    void (*cb)(void *ctx, const struct in6_addr *addr), void *ctx)
{
	for (uint32_t i = 0; i < V6_MAX_ACAST; i++)
		if (ifp->acast[i].in_use)
			cb(ctx, &ifp->acast[i].addr);
	/* Linux /proc/net/anycast6 lists Subnet-Router anycast addresses
	 * too, once each. */
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_acast *e = &ifp->acast_sr[i];
		if (e->in_use && !acast_listed_before(ifp, e, &e->addr))
			cb(ctx, &e->addr);
	}
}

/* ---- delayed advertisements (RFC 4861 7.2.7) ---- */

/* The waiting NAs are kept packed in s->acast.na[0, n_na): a new one
 * takes the next slot and moves the timer only if it is due sooner, so a
 * solicitation costs no scan; the timer pass compacts what it sent. */
void
v6_acast_na_schedule(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *target, const struct in6_addr *solicitor,
    v6_time_t now)
{
	/* neigh.IFACE.proxy_delay counts 1/100 s as Linux shows it (USER_HZ). */
	uint64_t delay_ns = (uint64_t)ifp->neigh.proxy_delay * 10000000ull;
	uint32_t limit = (uint32_t)ifp->neigh.proxy_qlen;
	struct v6_acast_na *p = NULL;

	/* Linux pneigh_enqueue: with no delay configured, answer at once. */
	if (delay_ns == 0) {
		v6_ndisc_tx_na(s, ifp, target, solicitor, false, now);
		return;
	}
	if (limit > V6_ACAST_NA_MAX)
		limit = V6_ACAST_NA_MAX;
	if (s->acast.n_na >= limit) {
		v6_drop(s, ifp, V6_DROP_NDISC_ANYCAST_QUEUE_FULL, NULL, 0);
		return;
	}
	p = &s->acast.na[s->acast.n_na];
	p->iface = ifp;
	p->target = *target;
	p->has_solicitor = solicitor != NULL;
	if (solicitor)
		p->solicitor = *solicitor;
	/* RFC 4861 7.2.7: "a random time between 0 and
	 * MAX_ANYCAST_DELAY_TIME"; Linux: uniform in [0, proxy_delay). */
	p->when = now + v6_rand64(s) % delay_ns;
	s->acast.n_na++;
	if (s->acast.timer.slot < 0 || p->when < s->acast.timer.when)
		v6_timer_arm(&s->timers, &s->acast.timer, p->when);
}

void
v6_acast_on_timer(struct v6_stack *s, v6_time_t now)
{
	v6_time_t next = 0;
	uint32_t i = 0;

	while (i < s->acast.n_na) {
		struct v6_acast_na *p = &s->acast.na[i];
		if (p->when > now) {
			if (next == 0 || p->when < next)
				next = p->when;
			i++;
			continue;
		}
		v6_ndisc_tx_na(s, p->iface, &p->target,
		    p->has_solicitor ? &p->solicitor : NULL, false, now);
		/* Swap-remove keeps the array packed. */
		*p = s->acast.na[--s->acast.n_na];
	}
	if (s->acast.n_na)
		v6_timer_arm(&s->timers, &s->acast.timer, next);
}
