/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Router Advertisements sent (radv.h; RFC 4861 6.2): the advertising
 * interface's timer (6.2.4: initial fast RAs, then a random interval),
 * the message (6.2.3, with radvd's option order and defaults), answers to
 * solicitations (6.2.6), the final RAs (6.2.5) and the consistency check
 * of other routers' RAs (6.2.7). radvd 2.19 is the reference where the
 * RFC leaves room; where they differ it is said below.
 */
#include <stdlib.h>
#include <string.h>

#include "core/radv.h"
#include "core/addrconf.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/mcast.h"
#include "core/neigh.h"
#include "core/stack.h"
#include "core/stats.h"
#include "wire/ipv6.h"
#include "wire/rdisc.h"

/* RFC 4861 10: router constants. */
#define MAX_INITIAL_RTR_ADVERT_INTERVAL (16 * V6_NS_PER_S)
#define MAX_INITIAL_RTR_ADVERTISEMENTS 3
#define MIN_DELAY_BETWEEN_RAS (3 * V6_NS_PER_S)
#define MAX_RA_DELAY_TIME (500 * V6_NS_PER_MS)
/* While the link-local address is tentative, look again this often (no
 * hook from DAD: the check is cheap and bounded). */
#define LL_RECHECK (1 * V6_NS_PER_S)

/* RFC 4291 2.7.1: the all-routers groups a router joins (Linux
 * dev_forward_change: interface-, link- and site-local). */
static const struct in6_addr routers_groups[3] = {
	{ .s6_addr = { 0xff, 0x01, [15] = 2 } },
	{ .s6_addr = { 0xff, 0x02, [15] = 2 } },
	{ .s6_addr = { 0xff, 0x05, [15] = 2 } },
};

/* RFC 4861 6.2.1 and radvd's defaults (radvd.conf(5)). */
void
v6_radv_conf_default(struct v6_radv_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->max_interval_ms = 600000;
	c->cur_hop_limit = 64;
	c->default_lifetime_s = -1;
	c->source_lladdr = true;
	c->solicited_unicast = true;
}

/* Join or leave the all-routers groups as forwarding says (Linux
 * dev_forward_change; MLD reports the changes, mld.c). */
static void
groups_sync(struct v6_iface *ifp)
{
	bool want = ifp->conf.forwarding != 0;

	if (want == ifp->radv.routers_joined)
		return;
	for (unsigned i = 0; i < 3; i++) {
		if (want)
			v6_group_join(ifp, &routers_groups[i]);
		else
			v6_group_leave(ifp, &routers_groups[i]);
	}
	ifp->radv.routers_joined = want;
}

void
v6_radv_iface_init(struct v6_iface *ifp)
{
	v6_timer_init(&ifp->radv.timer, V6_TIMER_RA);
	ifp->radv.next_ra = V6_TIME_NEVER;
	ifp->radv.last_mcast_ra = V6_TIME_NEVER;
	for (unsigned i = 0; i < V6_RADV_UCAST_MAX; i++)
		ifp->radv.ucast[i].at = V6_TIME_NEVER;
	groups_sync(ifp);
}

void
v6_radv_iface_free(struct v6_iface *ifp)
{
	free(ifp->radv.conf);
	ifp->radv.conf = NULL;
}

/* MinRtrAdvInterval when the configuration leaves it 0 (RFC 4861 6.2.1). */
static uint32_t
min_interval_ms(const struct v6_radv_conf *c)
{
	if (c->min_interval_ms)
		return c->min_interval_ms;
	return c->max_interval_ms >= 9000 ? c->max_interval_ms / 3
					  : c->max_interval_ms * 3 / 4;
}

/* RFC 4861 6.2.1: the bounds of each variable. */
static int
conf_check(const struct v6_radv_conf *c, char *err, size_t errlen)
{
	uint32_t min = min_interval_ms(c);

	if (c->max_interval_ms < 4000 || c->max_interval_ms > 1800000)
		return v6_fail(err, errlen, "MaxRtrAdvInterval must be between 4 and 1800 seconds");
	if (min < 3000 || min > c->max_interval_ms * 3 / 4)
		return v6_fail(err, errlen, "MinRtrAdvInterval must be between 3 seconds and 0.75 * MaxRtrAdvInterval");
	if (c->default_lifetime_s > 9000 || (c->default_lifetime_s > 0 &&
	    (uint64_t)c->default_lifetime_s * 1000 < c->max_interval_ms))
		return v6_fail(err, errlen, "AdvDefaultLifetime must be 0 or between MaxRtrAdvInterval and 9000 seconds");
	if (c->link_mtu && (c->link_mtu < V6_IP6_MIN_MTU || c->link_mtu > 65535))
		return v6_fail(err, errlen, "AdvLinkMTU must be 0 or at least 1280");
	if (c->reachable_ms > 3600000)
		return v6_fail(err, errlen, "AdvReachableTime must be at most 3600000 milliseconds");
	if (c->default_pref < -1 || c->default_pref > 1)
		return v6_fail(err, errlen, "AdvDefaultPreference must be low, medium or high");
	if (c->n_prefix > V6_RADV_MAX_PREFIXES || c->n_route > V6_RADV_MAX_ROUTES ||
	    c->n_rdnss > V6_RADV_MAX_RDNSS || c->n_dnssl > V6_RADV_MAX_DNSSL)
		return v6_fail(err, errlen, "too many prefixes, routes, RDNSS or DNSSL");
	for (unsigned i = 0; i < c->n_prefix; i++) {
		const struct v6_radv_prefix *p = &c->prefix[i];
		if (p->plen > 128)
			return v6_fail(err, errlen, "prefix length must be at most 128");
		if (p->preferred_s > p->valid_s)
			return v6_fail(err, errlen, "AdvPreferredLifetime must not exceed AdvValidLifetime");
	}
	for (unsigned i = 0; i < c->n_route; i++)
		if (c->route[i].plen > 128 || c->route[i].pref < -1 || c->route[i].pref > 1)
			return v6_fail(err, errlen, "route prefix length must be at most 128, preference low, medium or high");
	for (unsigned i = 0; i < c->n_rdnss; i++)
		if (c->rdnss[i].n_addr < 1 || c->rdnss[i].n_addr > V6_RADV_RDNSS_ADDRS)
			return v6_fail(err, errlen, "RDNSS needs 1 to 3 addresses");
	/* RFC 8106 5.2, RFC 1035 3.1: names that encode (labels of 1 to 63
	 * octets), checked by encoding them once. */
	for (unsigned i = 0; i < c->n_dnssl; i++) {
		uint8_t scratch[V6_RADV_DNSSL_LEN * 2 + 16];
		if (memchr(c->dnssl[i].names, '\0', V6_RADV_DNSSL_LEN - 1) == NULL ||
		    v6_ndopt_emit_dnssl(scratch, sizeof(scratch), c->dnssl[i].names, 0) == 0)
			return v6_fail(err, errlen, "DNSSL domain names must have labels of 1 to 63 characters");
	}
	return 0;
}

/* ---- the message (RFC 4861 6.2.3) ---- */

/* A configured lifetime in seconds: -1 is dflt, beyond 32 bits infinity. */
static uint32_t
lifetime_s(int64_t v, uint64_t dflt)
{
	uint64_t x = v < 0 ? dflt : (uint64_t)v;
	return x > V6_LIFETIME_INFINITE ? V6_LIFETIME_INFINITE : (uint32_t)x;
}

/* RFC 4861 6.2.1: AdvDefaultLifetime, default 3 * MaxRtrAdvInterval
 * (radvd: at least 1), at most 9000 s. */
static uint16_t
router_lifetime_s(const struct v6_radv_conf *c)
{
	uint64_t d = (uint64_t)c->max_interval_ms * 3 / 1000;
	uint32_t v = lifetime_s(c->default_lifetime_s, d ? d : 1);
	return (uint16_t)(v > 9000 ? 9000 : v);
}

/* The link-local address RAs come from (RFC 4861 6.2.3; 6.2.2: not before
 * it is usable: no tentative, no optimistic one), or NULL. */
static const struct v6_addr *
ll_source(const struct v6_iface *ifp)
{
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_addr *a = &ifp->addrs[i];
		if (a->in_use && v6_addr_is_linklocal(&a->addr) &&
		    (a->state == V6_ADDR_PREFERRED || a->state == V6_ADDR_DEPRECATED))
			return a;
	}
	return NULL;
}

static bool
is_any64(const struct v6_radv_prefix *p)
{
	return p->plen == 64 && v6_addr_is_unspecified(&p->prefix);
}

/* The prefix of an address: bits beyond plen zeroed. */
static struct in6_addr
prefix_of(const struct in6_addr *a, unsigned plen)
{
	struct in6_addr p = *a;

	for (unsigned i = 0; i < 16; i++) {
		unsigned bit = i * 8;
		if (bit >= plen)
			p.s6_addr[i] = 0;
		else if (bit + 8 > plen)
			p.s6_addr[i] &= (uint8_t)(0xff00 >> (plen - bit));
	}
	return p;
}

/* The RA being built at v6_tx_payload: its length, its room (the link MTU
 * less the IPv6 header), and whether an option was left out. */
struct ra_buf {
	uint8_t *b;
	size_t len, cap;
	bool no_room;
};

static void
ra_put(struct ra_buf *rb, size_t n)
{
	if (n == 0)
		rb->no_room = true;
	rb->len += n;
}

/* RFC 4861 4.6.2 for each prefix; ::/64 stands for the prefix (with its
 * own length) of each non-link-local address of the interface, in place of
 * the entry, last slot first (radvd: getifaddrs, newest first). */
static void
ra_prefixes(const struct v6_iface *ifp, const struct v6_radv_conf *c,
    struct ra_buf *rb)
{
	for (unsigned i = 0; i < c->n_prefix; i++) {
		const struct v6_radv_prefix *p = &c->prefix[i];
		uint8_t fl = (uint8_t)((p->on_link ? V6_PI_FLAG_ONLINK : 0) |
		    (p->autonomous ? V6_PI_FLAG_AUTO : 0));
		if (!is_any64(p)) {
			ra_put(rb, v6_ndopt_emit_prefix(rb->b + rb->len, rb->cap - rb->len,
			    &p->prefix, p->plen, fl, p->valid_s, p->preferred_s));
			continue;
		}
		for (uint32_t j = V6_MAX_ADDRS; j-- > 0;) {
			const struct v6_addr *a = &ifp->addrs[j];
			if (!a->in_use || v6_addr_is_linklocal(&a->addr))
				continue;
			struct in6_addr px = prefix_of(&a->addr, a->plen);
			ra_put(rb, v6_ndopt_emit_prefix(rb->b + rb->len, rb->cap - rb->len,
			    &px, a->plen, fl, p->valid_s, p->preferred_s));
		}
	}
}

/*
 * Build the RA at v6_tx_payload(s). Options in radvd's order (send.c:
 * Prefix Information, Route Information, RDNSS, DNSSL, MTU, Source
 * Link-Layer Address). final: RFC 4861 6.2.5, Router Lifetime 0; as
 * radvd's defaults (RemoveRoute, FlushRDNSS, FlushDNSSL on) routes, DNS
 * servers and domains with lifetime 0 too, prefixes unchanged.
 */
static size_t
ra_build(struct v6_stack *s, struct v6_iface *ifp, bool final)
{
	const struct v6_radv_conf *c = ifp->radv.conf;
	uint32_t max_s = c->max_interval_ms / 1000;
	struct ra_buf rb = { v6_tx_payload(s), 0, (size_t)ifp->conf.mtu - V6_IP6_HLEN, false };
	struct v6_ra_repr ra = {
		.cur_hlim = c->cur_hop_limit,
		.flags = (uint8_t)((c->managed ? V6_RA_FLAG_MANAGED : 0) |
		    (c->other ? V6_RA_FLAG_OTHER : 0)),
		.lifetime_s = final ? 0 : router_lifetime_s(c),
		.reachable_ms = c->reachable_ms,
		.retrans_ms = c->retrans_ms,
	};

	/* RFC 4191 2.2: "If the Router Lifetime is zero, the preference
	 * value MUST be set to (00) by the sender" (radvd keeps it). */
	ra.pref = ra.lifetime_s ? c->default_pref : 0;
	rb.len = v6_rdisc_emit_ra(rb.b, &ra);
	ra_prefixes(ifp, c, &rb);
	for (unsigned i = 0; i < c->n_route; i++)
		ra_put(&rb, v6_ndopt_emit_rio(rb.b + rb.len, rb.cap - rb.len, &c->route[i].prefix,
		    c->route[i].plen, c->route[i].pref,
		    final ? 0 : lifetime_s(c->route[i].lifetime_s, 3 * (uint64_t)max_s)));
	for (unsigned i = 0; i < c->n_rdnss; i++)
		ra_put(&rb, v6_ndopt_emit_rdnss(rb.b + rb.len, rb.cap - rb.len, c->rdnss[i].addr,
		    c->rdnss[i].n_addr, final ? 0 : lifetime_s(c->rdnss[i].lifetime_s, max_s)));
	for (unsigned i = 0; i < c->n_dnssl; i++)
		ra_put(&rb, v6_ndopt_emit_dnssl(rb.b + rb.len, rb.cap - rb.len, c->dnssl[i].names,
		    final ? 0 : lifetime_s(c->dnssl[i].lifetime_s, max_s)));
	if (c->link_mtu)
		ra_put(&rb, v6_ndopt_emit_mtu(rb.b + rb.len, rb.cap - rb.len, c->link_mtu));
	if (c->source_lladdr) {
		struct v6_slla slla;
		memcpy(slla.mac, ifp->mac, 6);
		if (rb.cap - rb.len >= V6_NDOPT_LLA_LEN)
			ra_put(&rb, v6_ndopt_emit_slla(rb.b + rb.len, &slla));
		else
			rb.no_room = true;
	}
	/* RFC 4861 6.2.3: the RA stays within the link MTU; what did not
	 * fit is left out, and counted. */
	if (rb.no_room)
		v6_drop(s, ifp, V6_DROP_RA_OUT_NO_ROOM, NULL, 0);
	return rb.len;
}

/* RFC 4861 6.2.3: from the link-local address, hop limit 255, to dst
 * (all-nodes when NULL). Counted by v6_icmp6_tx
 * (Icmp6OutRouterAdvertisements). */
static void
ra_send(struct v6_stack *s, struct v6_iface *ifp, const struct v6_addr *src,
    const struct in6_addr *dst, bool final, v6_time_t now)
{
	struct v6_ip6_repr ip;

	ip.src = src->addr;
	ip.dst = dst ? *dst : v6_addr_all_nodes;
	ip.tclass = 0;
	ip.flow = 0;
	ip.hlim = V6_ND_HOP_LIMIT;
	ip.plen = (uint16_t)ra_build(s, ifp, final);
	(void)v6_icmp6_tx(s, ifp, &ip, now);
}

/* ---- the advertising interface (RFC 4861 6.2.2, 6.2.4) ---- */

/* RFC 4861 6.2.2: AdvSendAdvert on an interface that forwards and is up
 * (the link-local address is checked when sending). */
static bool
should_advertise(const struct v6_iface *ifp)
{
	return ifp->radv.conf && ifp->radv.conf->send_advert &&
	    ifp->conf.forwarding && ifp->up;
}

/* RFC 4861 6.2.4: uniformly distributed in [MinRtrAdvInterval,
 * MaxRtrAdvInterval]; for the first MAX_INITIAL_RTR_ADVERTISEMENTS at
 * most MAX_INITIAL_RTR_ADVERT_INTERVAL. */
static v6_time_t
next_interval(struct v6_stack *s, const struct v6_iface *ifp)
{
	const struct v6_radv_conf *c = ifp->radv.conf;
	v6_time_t lo = (v6_time_t)min_interval_ms(c) * V6_NS_PER_MS;
	v6_time_t hi = (v6_time_t)c->max_interval_ms * V6_NS_PER_MS;
	v6_time_t iv = lo + v6_rand64(s) % (hi - lo + 1);

	if (ifp->radv.initial_sent < MAX_INITIAL_RTR_ADVERTISEMENTS &&
	    iv > MAX_INITIAL_RTR_ADVERT_INTERVAL)
		iv = MAX_INITIAL_RTR_ADVERT_INTERVAL;
	return iv;
}

/* The timer at the earliest of next_ra and the unicast answers. */
static void
rearm(struct v6_stack *s, struct v6_iface *ifp)
{
	v6_time_t t = ifp->radv.next_ra;

	for (unsigned i = 0; i < V6_RADV_UCAST_MAX; i++)
		if (ifp->radv.ucast[i].at < t)
			t = ifp->radv.ucast[i].at;
	if (t == V6_TIME_NEVER)
		v6_timer_cancel(&s->timers, &ifp->radv.timer);
	else
		v6_timer_arm(&s->timers, &ifp->radv.timer, t);
}

/* Not an advertising interface any more: RFC 4861 6.2.5, the final RA
 * (Router Lifetime 0) if RAs with a lifetime went out, then nothing. */
static void
cease(struct v6_stack *s, struct v6_iface *ifp, v6_time_t now)
{
	const struct v6_addr *src = ll_source(ifp);

	if (ifp->radv.advertising && src)
		ra_send(s, ifp, src, NULL, true, now);
	ifp->radv.advertising = false;
	ifp->radv.next_ra = V6_TIME_NEVER;
	ifp->radv.initial_sent = 0;
	for (unsigned i = 0; i < V6_RADV_UCAST_MAX; i++)
		ifp->radv.ucast[i].at = V6_TIME_NEVER;
	v6_timer_cancel(&s->timers, &ifp->radv.timer);
}

void
v6_radv_forwarding_changed(struct v6_iface *ifp)
{
	groups_sync(ifp);
	v6_radv_up_changed(ifp);
}

void
v6_radv_up_changed(struct v6_iface *ifp)
{
	/* No clock here: the work (first or final RA) at the next v6_poll. */
	if (ifp->radv.conf)
		v6_timer_arm(&ifp->stack->timers, &ifp->radv.timer, 0);
}

static void
send_due(struct v6_stack *s, struct v6_iface *ifp, const struct v6_addr *src,
    v6_time_t now)
{
	for (unsigned i = 0; i < V6_RADV_UCAST_MAX; i++) {
		struct v6_radv_ucast *u = &ifp->radv.ucast[i];
		if (u->at <= now) {
			ra_send(s, ifp, src, &u->dst, false, now);
			u->at = V6_TIME_NEVER;
		}
	}
	if (ifp->radv.next_ra <= now) {
		ra_send(s, ifp, src, NULL, false, now);
		ifp->radv.advertising = true;
		ifp->radv.last_mcast_ra = now;
		ifp->radv.initial_sent++;
		ifp->radv.next_ra = now + next_interval(s, ifp);
	}
}

void
v6_radv_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now)
{
	struct v6_iface *ifp = v6_container_of(t, struct v6_iface, radv.timer);
	const struct v6_addr *src;

	groups_sync(ifp);
	if (!should_advertise(ifp))
		return cease(s, ifp, now);
	/* RFC 4861 6.2.2 with 6.2.3: RAs come from the link-local address;
	 * while it is tentative, wait. */
	if (!(src = ll_source(ifp))) {
		ifp->radv.advertising = false;
		ifp->radv.next_ra = V6_TIME_NEVER;
		v6_timer_arm(&s->timers, &ifp->radv.timer, now + LL_RECHECK);
		return;
	}
	/* RFC 4861 6.2.4: the interface becomes an advertising interface:
	 * the first RA at once, then the initial fast ones. */
	if (ifp->radv.next_ra == V6_TIME_NEVER) {
		ifp->radv.initial_sent = 0;
		ifp->radv.next_ra = now;
	}
	send_due(s, ifp, src, now);
	rearm(s, ifp);
}

/* ---- configuration and stop ---- */

int
v6_radv_set(struct v6_iface *ifp, const struct v6_radv_conf *conf,
    v6_time_t now, char *err, size_t errlen)
{
	struct v6_stack *s = ifp->stack;
	bool changed;

	now = v6_time_clamp(now);
	if (conf_check(conf, err, errlen) < 0)
		return -1;
	/* RFC 4861 6.2.5: AdvSendAdvert turned off: the final RA, with the
	 * configuration that was advertised. */
	if (!conf->send_advert && ifp->radv.conf)
		cease(s, ifp, now);
	changed = !ifp->radv.conf || memcmp(ifp->radv.conf, conf, sizeof(*conf)) != 0;
	if (!ifp->radv.conf && !(ifp->radv.conf = malloc(sizeof(*conf))))
		return v6_fail(err, errlen, "out of memory");
	*ifp->radv.conf = *conf;
	groups_sync(ifp);
	if (!should_advertise(ifp))
		return 0;
	/* RFC 4861 6.2.4: "when ... its configuration changes", the initial
	 * fast RAs again, the first at once. */
	if (changed && ifp->radv.next_ra != V6_TIME_NEVER) {
		ifp->radv.initial_sent = 0;
		ifp->radv.next_ra = now;
	}
	v6_timer_arm(&s->timers, &ifp->radv.timer, now);
	return 0;
}

const struct v6_radv_conf *
v6_radv_get(const struct v6_iface *ifp, v6_time_t *next_ra)
{
	if (next_ra)
		*next_ra = ifp->radv.next_ra;
	return ifp->radv.conf;
}

/* RFC 4861 6.2.5: the final RAs at once (the caller flushes and exits);
 * radvd sends one on exit. */
void
v6_radv_stop(struct v6_stack *s, v6_time_t now)
{
	now = v6_time_clamp(now);
	for (uint32_t i = 0; i < s->n_ifaces; i++)
		if (s->ifaces[i]->radv.conf)
			cease(s, s->ifaces[i], now);
}

/* ---- solicitations (RFC 4861 6.2.6) ---- */

/* AdvRASolicitedUnicast: an answer to src after delay; false when full. */
static bool
ucast_schedule(struct v6_iface *ifp, const struct in6_addr *src, v6_time_t at)
{
	struct v6_radv_ucast *free_slot = NULL;

	for (unsigned i = 0; i < V6_RADV_UCAST_MAX; i++) {
		struct v6_radv_ucast *u = &ifp->radv.ucast[i];
		if (u->at != V6_TIME_NEVER && v6_addr_eq(&u->dst, src))
			return true; /* already pending: one answer */
		if (u->at == V6_TIME_NEVER && !free_slot)
			free_slot = u;
	}
	if (!free_slot)
		return false;
	free_slot->dst = *src;
	free_slot->at = at;
	return true;
}

enum v6_drop
v6_radv_rx_rs(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const uint8_t *slla, v6_time_t now)
{
	const struct v6_radv_conf *c = ifp->radv.conf;
	v6_time_t delay, at;

	/* RFC 4861 6.2.6: "the router records the link-layer address ...
	 * STALE" (Linux ndisc_recv_rs: whenever forwarding, as for an NS). */
	if (slla)
		v6_neigh_on_lladdr_hint(s, ifp, src, slla, now);
	if (!should_advertise(ifp) || ifp->radv.next_ra == V6_TIME_NEVER)
		return V6_DROP_RS_NOT_ADVERTISING;
	/* "MUST be delayed by a random time between 0 and
	 * MAX_RA_DELAY_TIME seconds". */
	delay = v6_rand64(s) % (MAX_RA_DELAY_TIME + 1);
	/* radvd 2.19 (AdvRASolicitedUnicast on, RFC 7772): to the solicitor
	 * when it has an address; not rate limited. (radvd, seen on a veth,
	 * answers within milliseconds; the delay above is the RFC's MUST.) */
	if (c->solicited_unicast && !v6_addr_is_unspecified(src)) {
		if (ucast_schedule(ifp, src, now + delay)) {
			rearm(s, ifp);
			return V6_DROP_NONE;
		}
		v6_drop(s, ifp, V6_DROP_RA_OUT_UNICAST_FULL, NULL, 0);
	}
	/* "If the router sent a multicast Router Advertisement ... within
	 * the last MIN_DELAY_BETWEEN_RAS seconds, schedule the advertisement
	 * to be sent at a time corresponding to MIN_DELAY_BETWEEN_RAS plus
	 * the random value after the previous advertisement was sent"; an
	 * earlier scheduled one is not postponed. */
	at = now + delay;
	if (ifp->radv.last_mcast_ra != V6_TIME_NEVER &&
	    now < ifp->radv.last_mcast_ra + MIN_DELAY_BETWEEN_RAS)
		at = ifp->radv.last_mcast_ra + MIN_DELAY_BETWEEN_RAS + delay;
	if (at < ifp->radv.next_ra)
		ifp->radv.next_ra = at;
	rearm(s, ifp);
	return V6_DROP_NONE;
}

/* ---- consistency (RFC 4861 6.2.7) ---- */

static void
inconsistent(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *router, enum v6_drop why, const char *text)
{
	v6_drop(s, ifp, why, NULL, 0);
	v6_note(s, ifp, V6_EV_LOG, router, NULL, text);
}

/* The entry of ours that advertises prefix/plen (a ::/64 entry through
 * the interface's addresses), or NULL. Bounded: the configuration's
 * prefixes, and V6_MAX_ADDRS for each ::/64. */
static const struct v6_radv_prefix *
our_prefix(const struct v6_iface *ifp, const struct in6_addr *prefix,
    unsigned plen)
{
	const struct v6_radv_conf *c = ifp->radv.conf;

	for (unsigned i = 0; i < c->n_prefix; i++) {
		const struct v6_radv_prefix *p = &c->prefix[i];
		if (!is_any64(p)) {
			if (p->plen == plen && v6_addr_eq(&p->prefix, prefix))
				return p;
			continue;
		}
		for (uint32_t j = 0; j < V6_MAX_ADDRS; j++) {
			const struct v6_addr *a = &ifp->addrs[j];
			if (a->in_use && a->plen == plen && !v6_addr_is_linklocal(&a->addr)) {
				struct in6_addr px = prefix_of(&a->addr, a->plen);
				if (v6_addr_eq(&px, prefix))
					return p;
			}
		}
	}
	return NULL;
}

/* RFC 4861 6.2.7: the options we also advertise (MTU, prefixes). */
static void
check_options(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *router, struct v6_ra ra)
{
	const struct v6_radv_conf *c = ifp->radv.conf;
	struct v6_ndopt_it it;
	struct v6_ndopt opt;
	struct v6_ndopt_prefix pi;
	enum v6_drop why;
	uint32_t mtu;

	v6_ra_options(ra, &it);
	while (v6_ndopt_next(&it, &opt, &why) == V6_NDOPT_OK) {
		if (opt.type == V6_NDOPT_MTU && c->link_mtu &&
		    v6_ndopt_mtu_parse(&opt, &mtu) == V6_DROP_NONE && mtu != c->link_mtu)
			inconsistent(s, ifp, router, V6_DROP_RA_INCONSISTENT_MTU,
			    "Router Advertisement inconsistent with ours: MTU");
		if (opt.type != V6_NDOPT_PREFIX ||
		    v6_ndopt_prefix_parse(&opt, &pi) != V6_DROP_NONE)
			continue;
		const struct v6_radv_prefix *p = our_prefix(ifp, &pi.prefix, pi.plen);
		if (!p)
			continue;
		if (pi.valid_s != p->valid_s)
			inconsistent(s, ifp, router, V6_DROP_RA_INCONSISTENT_VALID,
			    "Router Advertisement inconsistent with ours: prefix Valid Lifetime");
		if (pi.preferred_s != p->preferred_s)
			inconsistent(s, ifp, router, V6_DROP_RA_INCONSISTENT_PREFERRED,
			    "Router Advertisement inconsistent with ours: prefix Preferred Lifetime");
	}
}

void
v6_radv_rx_ra(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const uint8_t *msg, size_t len)
{
	const struct v6_radv_conf *c = ifp->radv.conf;
	struct v6_icmp6 icmp = { msg, len };
	struct v6_ra ra;

	/* "Routers SHOULD inspect valid Router Advertisements sent by other
	 * routers" on an advertising interface; our own are not another's. */
	if (!ifp->radv.advertising || !c || v6_ra_view(&ra, icmp) != V6_DROP_NONE ||
	    v6_addr_lookup(s, NULL, src))
		return;
	/* Values left unspecified (zero) on either side are no
	 * inconsistency. */
	if (v6_ra_cur_hlim(ra) && c->cur_hop_limit && v6_ra_cur_hlim(ra) != c->cur_hop_limit)
		inconsistent(s, ifp, src, V6_DROP_RA_INCONSISTENT_HLIM,
		    "Router Advertisement inconsistent with ours: Cur Hop Limit");
	if (!(v6_ra_flags(ra) & V6_RA_FLAG_MANAGED) != !c->managed ||
	    !(v6_ra_flags(ra) & V6_RA_FLAG_OTHER) != !c->other)
		inconsistent(s, ifp, src, V6_DROP_RA_INCONSISTENT_FLAGS,
		    "Router Advertisement inconsistent with ours: M or O flag");
	if (v6_ra_reachable_ms(ra) && c->reachable_ms && v6_ra_reachable_ms(ra) != c->reachable_ms)
		inconsistent(s, ifp, src, V6_DROP_RA_INCONSISTENT_REACHABLE,
		    "Router Advertisement inconsistent with ours: Reachable Time");
	if (v6_ra_retrans_ms(ra) && c->retrans_ms && v6_ra_retrans_ms(ra) != c->retrans_ms)
		inconsistent(s, ifp, src, V6_DROP_RA_INCONSISTENT_RETRANS,
		    "Router Advertisement inconsistent with ours: Retrans Timer");
	check_options(s, ifp, src, ra);
}
