/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Addresses and multicast membership of the interfaces: the link-local
 * address (RFC 4862 5.3, RFC 4291 2.5.1 modified EUI-64), added addresses,
 * Duplicate Address Detection (RFC 4862 5.4, RFC 7527 nonces), the groups
 * an interface listens to (RFC 4291 2.7.1, 2.8) and the link-layer filter
 * they imply (RFC 2464 7), source address selection and on-link checks;
 * stateless autoconfiguration from Prefix Information (RFC 4862 5.5.3)
 * with lifetimes (5.5.4), interface identifiers by modified EUI-64 or
 * RFC 7217 stable privacy (computed in addrconf_iid.c), and optimistic
 * DAD (RFC 4429).
 */
#include <stdlib.h>

#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/fib.h"
#include "core/iface.h"
#include "core/mcast.h"
#include "core/mld.h"
#include "core/ndisc.h"
#include "core/rdisc.h"
#include "core/route.h"
#include "core/stack.h"

#define TWO_HOURS_S 7200u /* RFC 4862 5.5.3 (e) */

static const char *const addr_state_names[] = {
#define X(st) #st,
	V6_ADDR_STATES(X)
#undef X
};

const char *
v6_addr_state_name(enum v6_addr_state st)
{
	return addr_state_names[st];
}

/* Our address a on ifp (any interface when ifp is NULL), or NULL. The
 * stack-wide table is probed linearly from the address's hash. */
struct v6_addr *
v6_addr_lookup(struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *a)
{
	const uint32_t m = s->addrs.n_slots - 1;
	uint32_t i = v6_addr_hash(a) & m;

	for (uint32_t n = 0; n <= m; n++, i = (i + 1) & m) {
		struct v6_addr *e = s->addrs.slots[i];
		if (!e)
			return NULL;
		if ((!ifp || e->iface == ifp) && v6_addr_eq(&e->addr, a))
			return e;
	}
	return NULL;
}

struct v6_addr *
v6_addr_lookup_pref(struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *a, bool others)
{
	const uint32_t m = s->addrs.n_slots - 1;
	uint32_t i = v6_addr_hash(a) & m;
	struct v6_addr *first = NULL;

	/* The entries of a are all on its probe sequence, before the first
	 * empty slot: the first of ifp's, or the first of any, as the two
	 * walks of v6_addr_lookup would find them. */
	for (uint32_t n = 0; n <= m; n++, i = (i + 1) & m) {
		struct v6_addr *e = s->addrs.slots[i];
		if (!e)
			break;
		if (!v6_addr_eq(&e->addr, a))
			continue;
		if (e->iface == ifp)
			return e;
		if (!first)
			first = e;
	}
	return others ? first : NULL;
}

/* The smallest power of two at least n. */
static uint32_t
pow2_at_least(uint64_t n)
{
	uint32_t p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

int
v6_addrconf_init(struct v6_stack *s)
{
	s->addrs.n_slots = pow2_at_least(4ull * s->params.ifaces_max *
	    V6_MAX_ADDRS);
	s->addrs.slots = calloc(s->addrs.n_slots, sizeof(*s->addrs.slots));
	return s->addrs.slots ? 0 : -1;
}

void
v6_addrconf_free(struct v6_stack *s)
{
	free(s->addrs.slots);
	s->addrs.slots = NULL;
}

/* Bound: n_slots > 2 x ifaces_max x V6_MAX_ADDRS, so a free slot exists. */
static void
addr_index(struct v6_stack *s, struct v6_addr *e)
{
	const uint32_t m = s->addrs.n_slots - 1;
	uint32_t i = v6_addr_hash(&e->addr) & m;

	while (s->addrs.slots[i])
		i = (i + 1) & m;
	s->addrs.slots[i] = e;
}

/* ---- source selection and on-link ---- */

/*
 * RFC 6724 5, the rules that matter to a host with one interface: only
 * usable addresses (tentative ones are not assigned), same scope as the
 * destination (rule 2), then rule 3: avoid deprecated addresses and, as
 * Linux does unless conf.IFACE.use_optimistic, optimistic ones (RFC 4429
 * 3.1: "treated as deprecated"), then the longest matching prefix (rule 8).
 */
const struct v6_addr *
v6_saddr_select(const struct v6_iface *ifp, const struct in6_addr *dst)
{
	bool want_ll = v6_addr_is_linklocal(dst) ||
	    (v6_addr_is_multicast(dst) && v6_mcast_scope(dst) <= 2);
	const struct v6_addr *best = NULL;
	int best_score = -1;

	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_addr *a = &ifp->addrs[i];
		if (!a->in_use || !v6_addr_usable(a))
			continue;
		int score = (v6_addr_is_linklocal(&a->addr) == want_ll) ? 1024 : 0;
		bool avoid = a->state == V6_ADDR_DEPRECATED ||
		    (a->state == V6_ADDR_OPTIMISTIC && !ifp->conf.use_optimistic);
		if (!avoid)
			score += 512;
		score += (int)v6_addr_common_prefix_len(&a->addr, dst);
		if (score > best_score) {
			best = a;
			best_score = score;
		}
	}
	return best;
}

/* RFC 4861 5.2: link-local destinations are on-link (fe80::/64); so are
 * those inside the prefix of one of the interface's configured addresses
 * (a failed DAD takes its prefix away). An autoconfigured address says
 * nothing about its prefix (RFC 5942 4): the Prefix Information's L flag
 * does, through a route (route.c). Returns the longest such prefix, or -1. */
int
v6_addr_onlink_plen(const struct v6_iface *ifp, const struct in6_addr *dst)
{
	int best = -1;

	if (v6_addr_is_linklocal(dst))
		return 64;
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_addr *a = &ifp->addrs[i];
		if (a->in_use && a->state != V6_ADDR_DADFAILED && !a->autoconf &&
		    !v6_addr_is_linklocal(&a->addr) &&
		    v6_addr_common_prefix_len(&a->addr, dst) >= a->plen && a->plen > best)
			best = a->plen;
	}
	return best;
}

bool
v6_addr_onlink(const struct v6_iface *ifp, const struct in6_addr *dst)
{
	return v6_addr_onlink_plen(ifp, dst) >= 0;
}

/* ---- DAD (RFC 4862 5.4, RFC 4429) and lifetimes (RFC 4862 5.5.4) ---- */

static void addr_arm_lifetime(struct v6_stack *s, struct v6_addr *a);

static void
addr_set_state(struct v6_stack *s, struct v6_addr *a, enum v6_addr_state st,
    const char *why, v6_time_t now)
{
	struct v6_iface *ifp = a->iface;
	bool was_usable = v6_addr_usable(a);

	a->state = st;
	(void)now;
	v6_note(s, ifp, V6_EV_ADDR_STATE, &a->addr, addr_state_names[st], why);
	if (was_usable != v6_addr_usable(a)) {
		v6_fib_addrs_changed(s);
		v6_acast_subnet_sync(ifp); /* RFC 4291 2.6.1 */
	}
}

/* RFC 4861 6.3.7: solicit routers once the link-local address a can be
 * used. Linux sends at once when its DAD completes (DAD already waited
 * the random delay), after that delay when there was no DAD. */
static void
addr_ll_ready(struct v6_stack *s, struct v6_addr *a, bool random_delay,
    v6_time_t now)
{
	if (v6_addr_is_linklocal(&a->addr))
		v6_rdisc_start(s, a->iface, random_delay, now);
}

/* RFC 4862 5.4.2: send one probe, from ::, to the solicited-node group,
 * with a fresh nonce when enhanced_dad is on (RFC 7527 4.1). */
static void
dad_send_probe(struct v6_stack *s, struct v6_addr *a, v6_time_t now)
{
	struct v6_iface *ifp = a->iface;
	const uint8_t *nonce = NULL;

	if (ifp->conf.enhanced_dad) {
		uint64_t r = v6_rand64(s);
		memcpy(a->nonce, &r, 6);
		nonce = a->nonce;
	}
	a->dad_probes_left--;
	v6_ndisc_tx_ns(s, ifp, NULL, NULL, NULL, &a->addr, nonce, now);
	v6_timer_arm(&s->timers, &a->timer,
	    now + (v6_time_t)ifp->neigh.retrans_time_ms * V6_NS_PER_MS);
}

/* The state an address reaches when DAD is over (or not done): preferred,
 * or deprecated when its preferred lifetime already ran out. */
static enum v6_addr_state
addr_assigned_state(const struct v6_addr *a, v6_time_t now)
{
	return a->preferred_until <= now ? V6_ADDR_DEPRECATED : V6_ADDR_PREFERRED;
}

/* Begin using a: DAD first unless accept_dad or dad_transmits say no.
 * optimistic: RFC 4429 (conf.IFACE.optimistic_dad, autoconfigured and
 * link-local addresses, as Linux). */
static void
addr_start(struct v6_stack *s, struct v6_addr *a, bool optimistic,
    v6_time_t now)
{
	struct v6_iface *ifp = a->iface;
	struct in6_addr snm;

	/* RFC 4862 5.4.2: join the solicited-node group before probing, so
	 * that another node's probe for the same address is heard. */
	v6_addr_solicited_node(&snm, &a->addr);
	v6_group_join(ifp, &snm);
	if (ifp->conf.accept_dad <= 0 || ifp->conf.dad_transmits <= 0) {
		a->dad_running = false;
		addr_set_state(s, a, addr_assigned_state(a, now), "DAD disabled", now);
		addr_arm_lifetime(s, a);
		addr_ll_ready(s, a, true, now);
		return;
	}
	a->dad_running = true;
	a->dad_probes_left = (uint8_t)ifp->conf.dad_transmits;
	/* RFC 4862 5.4.2: a random delay in [0, MAX_RTR_SOLICITATION_DELAY)
	 * before the first probe (Linux: conf.router_solicitation_delay);
	 * RFC 4429 3.1 (Linux addrconf_dad_kick): none for an optimistic
	 * address, which is usable meanwhile. */
	v6_time_t delay = 0;
	if (!optimistic && ifp->conf.rtr_solicit_delay_s > 0)
		delay = v6_rand64(s) %
		    ((v6_time_t)ifp->conf.rtr_solicit_delay_s * V6_NS_PER_S);
	v6_timer_arm(&s->timers, &a->timer, now + delay);
	if (optimistic) {
		a->state = V6_ADDR_TENTATIVE; /* so that the change is seen */
		addr_set_state(s, a, V6_ADDR_OPTIMISTIC, "optimistic DAD started", now);
		/* RFC 4429 3.3: an RS may leave from it, without SLLA. */
		addr_ll_ready(s, a, false, now);
	} else {
		a->state = V6_ADDR_TENTATIVE;
		v6_note(s, ifp, V6_EV_ADDR_STATE, &a->addr, "TENTATIVE", "DAD started");
	}
}

/* Rebuild the stack-wide address index (an address was removed; rare). */
static void
addr_reindex(struct v6_stack *s)
{
	memset(s->addrs.slots, 0, s->addrs.n_slots * sizeof(*s->addrs.slots));
	for (uint32_t i = 0; i < s->n_ifaces; i++)
		for (uint32_t j = 0; j < V6_MAX_ADDRS; j++)
			if (s->ifaces[i]->addrs[j].in_use)
				addr_index(s, &s->ifaces[i]->addrs[j]);
}

/* RFC 4862 5.5.4: "An address (and its association with an interface)
 * becomes invalid when its valid lifetime expires." */
static void
addr_remove(struct v6_stack *s, struct v6_addr *a, const char *why)
{
	struct in6_addr snm;

	v6_timer_cancel(&s->timers, &a->timer);
	if (a->state != V6_ADDR_DADFAILED) {
		v6_addr_solicited_node(&snm, &a->addr);
		v6_group_leave(a->iface, &snm);
	}
	v6_note(s, a->iface, V6_EV_ADDR_STATE, &a->addr, "REMOVED", why);
	a->in_use = false;
	a->dad_running = false;
	addr_reindex(s);
	v6_fib_addrs_changed(s);
	v6_acast_subnet_sync(a->iface); /* RFC 4291 2.6.1 */
}

/* Arm a's timer at its next lifetime event (deprecation or expiry). */
static void
addr_arm_lifetime(struct v6_stack *s, struct v6_addr *a)
{
	v6_time_t when = a->valid_until;

	if (a->state == V6_ADDR_PREFERRED && a->preferred_until < when)
		when = a->preferred_until;
	if (when == V6_TIME_NEVER)
		v6_timer_cancel(&s->timers, &a->timer);
	else
		v6_timer_arm(&s->timers, &a->timer, when);
}

void
v6_addr_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now)
{
	struct v6_addr *a = v6_container_of(t, struct v6_addr, timer);

	if (!a->in_use)
		return;
	if (a->dad_running) {
		if (a->dad_probes_left > 0) {
			dad_send_probe(s, a, now);
			return;
		}
		/* RFC 4862 5.4.3: no conflict within RetransTimer after the
		 * last probe: the address is unique. */
		a->dad_running = false;
		addr_set_state(s, a, addr_assigned_state(a, now), "DAD succeeded", now);
		addr_ll_ready(s, a, false, now);
		/* RFC 3810 5.2.13: reports sent so far came from ::; send
		 * them again from the link-local (Linux ipv6_mc_dad_complete). */
		if (v6_addr_is_linklocal(&a->addr))
			v6_mld_on_ll_ready(a->iface);
	}
	/* RFC 4862 5.5.4: lifetimes. */
	if (a->valid_until <= now) {
		addr_remove(s, a, "valid lifetime expired");
		return;
	}
	if (a->state == V6_ADDR_PREFERRED && a->preferred_until <= now)
		addr_set_state(s, a, V6_ADDR_DEPRECATED, "preferred lifetime expired", now);
	addr_arm_lifetime(s, a);
}

static int addr_insert(struct v6_iface *ifp, const struct in6_addr *addr,
    unsigned plen, bool autoconf, uint8_t dad_counter, uint32_t valid_s,
    uint32_t preferred_s, v6_time_t now, char *err, size_t errlen);

void
v6_addrconf_iface_init(struct v6_iface *ifp)
{
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		ifp->addrs[i].iface = ifp;
		v6_timer_init(&ifp->addrs[i].timer, V6_TIMER_ADDR);
	}
}

void
v6_addr_dad_failed(struct v6_stack *s, struct v6_addr *a, const char *why,
    v6_time_t now)
{
	struct v6_iface *ifp = a->iface;
	struct in6_addr snm;

	/* RFC 4862 5.4.5: the address is not assigned to the interface and
	 * the failure is logged; the other addresses keep working. */
	v6_timer_cancel(&s->timers, &a->timer);
	a->dad_running = false;
	addr_set_state(s, a, V6_ADDR_DADFAILED, why, now);
	v6_addr_solicited_node(&snm, &a->addr);
	v6_group_leave(ifp, &snm);
	/* Linux accept_dad=2: a duplicate MAC-based link-local disables IPv6
	 * on the interface (RFC 4862 5.4.5 allows it). */
	if (ifp->conf.accept_dad == 2 && v6_addr_is_linklocal(&a->addr)) {
		v6_iface_set_up(ifp, false);
		v6_note(s, ifp, V6_EV_LOG, &a->addr, "DISABLED",
		    "accept_dad=2: duplicate link-local, IPv6 disabled on the interface");
		return;
	}
	/* RFC 7217 6: a stable address that collided is formed again with
	 * DAD_Counter + 1, up to IDGEN_RETRIES (Linux idgen_retries, 3). */
	if (a->autoconf && ifp->conf.addr_gen_mode >= 2 && a->dad_counter < 3) {
		struct in6_addr prefix = a->addr;
		uint32_t valid = V6_LIFETIME_INFINITE, pref = V6_LIFETIME_INFINITE;
		if (a->valid_until != V6_TIME_NEVER)
			valid = (uint32_t)((a->valid_until - now) / V6_NS_PER_S);
		if (a->preferred_until != V6_TIME_NEVER)
			pref = a->preferred_until > now
			    ? (uint32_t)((a->preferred_until - now) / V6_NS_PER_S) : 0;
		uint8_t counter = (uint8_t)(a->dad_counter + 1);
		memset(prefix.s6_addr + 8, 0, 8);
		v6_addrconf_stable_iid(ifp, &prefix, counter, prefix.s6_addr + 8);
		if (valid)
			(void)addr_insert(ifp, &prefix, 64, true, counter, valid, pref,
			    now, NULL, 0);
	}
}

/* ---- the public calls ---- */

static int
addr_insert(struct v6_iface *ifp, const struct in6_addr *addr, unsigned plen,
    bool autoconf, uint8_t dad_counter, uint32_t valid_s, uint32_t preferred_s,
    v6_time_t now, char *err, size_t errlen)
{
	struct v6_stack *s = ifp->stack;
	struct v6_addr *a = NULL;

	if (v6_addr_is_multicast(addr) || v6_addr_is_unspecified(addr) ||
	    v6_addr_is_loopback(addr) || v6_addr_is_v4mapped(addr))
		return v6_fail(err, errlen, "not a unicast address");
	if (plen > 128)
		return v6_fail(err, errlen, "prefix length must be 0 to 128");
	if (v6_addr_lookup(s, ifp, addr))
		return v6_fail(err, errlen, "address already on this interface");
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		if (!ifp->addrs[i].in_use) {
			a = &ifp->addrs[i];
			break;
		}
	}
	if (!a)
		return v6_fail(err, errlen,
		    "too many addresses on this interface (max %d)", V6_MAX_ADDRS);
	a->addr = *addr;
	a->plen = (uint8_t)plen;
	a->in_use = true;
	a->state = V6_ADDR_TENTATIVE;
	a->dad_running = false;
	a->dad_probes_left = 0;
	a->autoconf = autoconf;
	a->dad_counter = dad_counter;
	a->valid_until = v6_lifetime_deadline(valid_s, now);
	a->preferred_until = v6_lifetime_deadline(preferred_s, now);
	addr_index(s, a);
	v6_fib_addrs_changed(s);
	if (ifp->up)
		addr_start(s, a, (autoconf || v6_addr_is_linklocal(addr)) &&
		    ifp->conf.optimistic_dad && !ifp->conf.forwarding, now);
	return 0;
}

int
v6_addr_add(struct v6_iface *ifp, const struct in6_addr *addr, unsigned plen,
    v6_time_t now, char *err, size_t errlen)
{
	now = v6_time_clamp(now);
	return addr_insert(ifp, addr, plen, false, 0, V6_LIFETIME_INFINITE, V6_LIFETIME_INFINITE,
	    now, err, errlen);
}

int
v6_addr_del(struct v6_iface *ifp, const struct in6_addr *addr, unsigned plen,
    char *err, size_t errlen)
{
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		struct v6_addr *a = &ifp->addrs[i];
		/* As Linux's inet6_addr_del: the address and its prefix length
		 * name it; its solicited-node group is left (MLD reports the
		 * leave), its prefix route goes (v6_fib_addrs_changed). */
		if (a->in_use && a->plen == plen &&
		    memcmp(&a->addr, addr, sizeof(*addr)) == 0) {
			addr_remove(ifp->stack, a, "deleted");
			return 0;
		}
	}
	return v6_fail(err, errlen, "Cannot assign requested address (no such address on %s)",
	    v6_iface_name(ifp));
}

/* GAP(RFC 8981): no temporary addresses (use_tempaddr). */
/* The autoconfigured address on ifp whose /64 is prefix's, or NULL;
 * *failed tells whether one that failed DAD is there (RFC 4862 5.4.5: it
 * stays unassigned; the prefix forms no other, except RFC 7217's retry). */
static struct v6_addr *
autoconf_find(struct v6_iface *ifp, const struct in6_addr *prefix, bool *failed)
{
	*failed = false;
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		struct v6_addr *a = &ifp->addrs[i];
		if (!a->in_use || !a->autoconf ||
		    memcmp(a->addr.s6_addr, prefix->s6_addr, 8) != 0)
			continue;
		if (a->state != V6_ADDR_DADFAILED)
			return a;
		*failed = true;
	}
	return NULL;
}

enum v6_drop
v6_addrconf_prefix_rcv(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *prefix, unsigned plen, uint32_t valid_s,
    uint32_t preferred_s, v6_time_t now)
{
	struct v6_addr *a;
	bool stable_ok, failed;

	/* RFC 4862 5.5.3 (d): "If the sum of the prefix length and interface
	 * identifier length does not equal 128 bits, the Prefix Information
	 * option MUST be ignored." Our identifiers are 64 bits (RFC 4291). */
	if (plen != 64)
		return V6_DROP_PIO_BAD_PLEN;
	a = autoconf_find(ifp, prefix, &failed);
	if (!a && failed)
		return V6_DROP_NONE;
	if (!a) {
		struct in6_addr addr = *prefix;
		unsigned n = 0;

		/* (d): "If the prefix advertised is not equal to the prefix of
		 * an address configured by stateless autoconfiguration already
		 * in the list of addresses associated with the interface, and
		 * if the Valid Lifetime is not 0, form an address". */
		if (valid_s == 0)
			return V6_DROP_NONE;
		for (uint32_t i = 0; i < V6_MAX_ADDRS; i++)
			n += ifp->addrs[i].in_use;
		/* Linux conf.IFACE.max_addresses counts every address. */
		if (ifp->conf.max_addresses && n >= (unsigned)ifp->conf.max_addresses)
			return V6_DROP_SLAAC_NO_ADDR_SLOT;
		if (v6_addrconf_stable_mode(ifp, &stable_ok)) {
			if (!stable_ok)
				return V6_DROP_NONE; /* Linux: mode 2 without a secret */
			v6_addrconf_stable_iid(ifp, prefix, 0, addr.s6_addr + 8);
		} else {
			v6_addrconf_eui64_iid(ifp, addr.s6_addr + 8);
		}
		if (addr_insert(ifp, &addr, 64, true, 0, valid_s, preferred_s, now,
			NULL, 0) < 0)
			return V6_DROP_SLAAC_NO_ADDR_SLOT;
		return V6_DROP_NONE;
	}

	/* (e): an address from this prefix exists: update its lifetimes.
	 * "The preferred lifetime of the address is reset to the Preferred
	 * Lifetime in the received advertisement." */
	a->preferred_until = v6_lifetime_deadline(preferred_s, now);
	/* The two-hour rule: "1. If the received Valid Lifetime is greater
	 * than 2 hours or greater than RemainingLifetime, set the valid
	 * lifetime of the corresponding address to the advertised Valid
	 * Lifetime. 2. If RemainingLifetime is less than or equal to 2 hours,
	 * ignore the Prefix Information option with regard to the valid
	 * lifetime, unless ... authenticated (no SEND here). 3. Otherwise,
	 * reset the valid lifetime of the corresponding address to 2 hours." */
	v6_time_t remaining = a->valid_until == V6_TIME_NEVER ? V6_TIME_NEVER
	    : a->valid_until > now ? a->valid_until - now : 0;
	v6_time_t received = valid_s == V6_LIFETIME_INFINITE ? V6_TIME_NEVER
	    : (v6_time_t)valid_s * V6_NS_PER_S;
	v6_time_t two_hours = (v6_time_t)TWO_HOURS_S * V6_NS_PER_S;
	if (received > two_hours || received > remaining)
		a->valid_until = v6_lifetime_deadline(valid_s, now);
	else if (remaining <= two_hours)
		; /* rule 2 */
	else
		a->valid_until = now + two_hours;
	/* RFC 4862 5.5.4: a deprecated address whose preferred lifetime is
	 * extended becomes preferred again. */
	if (!a->dad_running) {
		if (a->state == V6_ADDR_DEPRECATED && a->preferred_until > now)
			addr_set_state(s, a, V6_ADDR_PREFERRED, "preferred lifetime renewed", now);
		else if (a->state == V6_ADDR_PREFERRED && a->preferred_until <= now)
			addr_set_state(s, a, V6_ADDR_DEPRECATED, "preferred lifetime 0", now);
		if (a->valid_until <= now) {
			addr_remove(s, a, "valid lifetime expired");
			return V6_DROP_NONE;
		}
		addr_arm_lifetime(s, a);
	}
	return V6_DROP_NONE;
}

int
v6_iface_up(struct v6_iface *ifp, v6_time_t now, char *err, size_t errlen)
{
	struct v6_stack *s = ifp->stack;
	bool stable_ok, have_ll = false;

	now = v6_time_clamp(now);
	if (ifp->up)
		return 0;
	v6_iface_set_up(ifp, true);
	/* RFC 4291 2.7.1, 2.8: every node listens to all-nodes. */
	v6_group_join(ifp, &v6_addr_all_nodes);
	/* RFC 4862 5.3: fe80::/64 and the interface identifier: the
	 * modified EUI-64 of the MAC (addr_gen_mode 0), none (1), or an
	 * RFC 7217 stable one (2 with stable_secret, 3). */
	if (ifp->conf.addr_gen_mode != 1 &&
	    (!v6_addrconf_stable_mode(ifp, &stable_ok) || stable_ok)) {
		struct in6_addr ll = { .s6_addr = { 0xfe, 0x80 } };
		if (ifp->conf.addr_gen_mode >= 2)
			v6_addrconf_stable_iid(ifp, &ll, 0, ll.s6_addr + 8);
		else
			v6_addrconf_eui64_iid(ifp, ll.s6_addr + 8);
		if (!v6_addr_lookup(s, ifp, &ll) &&
		    addr_insert(ifp, &ll, 64, false, 0, V6_LIFETIME_INFINITE, V6_LIFETIME_INFINITE,
			now, err, errlen) < 0) {
			v6_iface_set_up(ifp, false);
			return -1;
		}
	}
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		struct v6_addr *a = &ifp->addrs[i];
		if (a->in_use && a->timer.slot < 0 && a->state == V6_ADDR_TENTATIVE &&
		    !a->dad_running)
			addr_start(s, a, v6_addr_is_linklocal(&a->addr) &&
			    ifp->conf.optimistic_dad && !ifp->conf.forwarding, now);
		if (a->in_use && v6_addr_is_linklocal(&a->addr))
			have_ll = true;
	}
	/* RFC 4861 6.3.7: no link-local address to wait for: solicit from ::
	 * after the random delay. */
	if (!have_ll)
		v6_rdisc_start(s, ifp, true, now);
	return 0;
}

void
v6_addr_foreach(const struct v6_iface *ifp,
    void (*cb)(void *ctx, const struct in6_addr *addr, unsigned plen,
	const char *state),
    void *ctx)
{
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++)
		if (ifp->addrs[i].in_use)
			cb(ctx, &ifp->addrs[i].addr, ifp->addrs[i].plen,
			    addr_state_names[ifp->addrs[i].state]);
}

void
v6_addr_info_foreach(const struct v6_iface *ifp, v6_time_t now,
    void (*cb)(void *ctx, const struct v6_addr_info *info), void *ctx)
{
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_addr *a = &ifp->addrs[i];
		if (!a->in_use)
			continue;
		struct v6_addr_info info = {
			.addr = &a->addr,
			.plen = a->plen,
			.state = addr_state_names[a->state],
			.autoconf = a->autoconf,
			.valid_ms = a->valid_until == V6_TIME_NEVER ? UINT64_MAX
			    : a->valid_until > now ? (a->valid_until - now) / V6_NS_PER_MS : 0,
			.preferred_ms = a->preferred_until == V6_TIME_NEVER ? UINT64_MAX
			    : a->preferred_until > now ? (a->preferred_until - now) / V6_NS_PER_MS : 0,
		};
		cb(ctx, &info);
	}
}
