/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Router Discovery for a host (RFC 4861 6.3): Router Solicitations at
 * start (6.3.7, with Linux's router_solicitation* tunables and RFC 7559
 * backoff), Router Advertisement validation (6.1.2) and processing
 * (6.3.4: default routers, parameters, MTU, prefixes; RFC 4191 route
 * preferences and Route Information; RFC 8106 RDNSS and DNSSL), and
 * Redirect validation (8.1) and processing (8.3).
 */
#include "core/rdisc.h"
#include "core/addrconf.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/neigh.h"
#include "core/radv.h"
#include "core/route.h"
#include "core/stack.h"
#include "core/stats.h"
#include "wire/rdisc.h"

/* Linux ipv6_accept_ra: accept_ra 2, or 1 when not forwarding. */
static bool
accept_ra(const struct v6_iface *ifp)
{
	return ifp->conf.accept_ra == 2 ||
	    (ifp->conf.accept_ra == 1 && !ifp->conf.forwarding);
}

/* ---- Router Solicitation ---- */

/* Linux rfc3315_s14_backoff_init/update: an interval times a random factor
 * in [lo, lo + 0.2] (per million). */
static v6_time_t
jitter(struct v6_stack *s, v6_time_t base, uint64_t lo_ppm)
{
	uint64_t f = lo_ppm + v6_rand64(s) % 200001;
	return base / 1000000 * f;
}

static void
rs_send(struct v6_stack *s, struct v6_iface *ifp, v6_time_t now)
{
	struct v6_ip6_repr ip;
	struct v6_slla slla;
	const struct v6_addr *src = NULL;
	bool with_slla = true;

	/* RFC 4861 6.3.7: from a link-local address if we have a usable
	 * one, else from :: without the SLLA option (4.1). RFC 4429 3.2: no
	 * SLLA from an optimistic address. */
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_addr *a = &ifp->addrs[i];
		if (a->in_use && v6_addr_is_linklocal(&a->addr) && v6_addr_usable(a) &&
		    (!src || src->state == V6_ADDR_OPTIMISTIC))
			src = a;
	}
	if (src) {
		ip.src = src->addr;
		with_slla = src->state != V6_ADDR_OPTIMISTIC;
	} else {
		memset(&ip.src, 0, sizeof(ip.src));
		with_slla = false;
	}
	ip.dst = v6_addr_all_routers;
	ip.tclass = 0;
	ip.flow = 0;
	ip.hlim = V6_ND_HOP_LIMIT;
	memcpy(slla.mac, ifp->mac, 6);
	ip.plen = (uint16_t)v6_rdisc_emit_rs(v6_tx_payload(s),
	    with_slla ? &slla : NULL);
	(void)v6_icmp6_tx(s, ifp, &ip, now);
}

void
v6_rdisc_start(struct v6_stack *s, struct v6_iface *ifp, bool random_delay,
    v6_time_t now)
{
	v6_time_t delay = 0;

	/* Linux: only when RAs would be accepted and solicitations are on. */
	if (!accept_ra(ifp) || ifp->conf.rtr_solicits == 0 ||
	    ifp->rdisc.ra_received || ifp->rdisc.rs_timer.slot >= 0 || ifp->rdisc.rs_sent)
		return;
	/* RFC 4861 6.3.7: "delay the transmission for a random amount of
	 * time between 0 and MAX_RTR_SOLICITATION_DELAY" (when DAD of the
	 * link-local already waited such a delay, Linux sends at once). */
	if (random_delay && ifp->conf.rtr_solicit_delay_s > 0)
		delay = v6_rand64(s) %
		    ((v6_time_t)ifp->conf.rtr_solicit_delay_s * V6_NS_PER_S);
	ifp->rdisc.rs_interval_ns = jitter(s,
	    (v6_time_t)ifp->conf.rtr_solicit_interval_s * V6_NS_PER_S, 900000);
	v6_timer_arm(&s->timers, &ifp->rdisc.rs_timer, now + delay);
}

void
v6_rdisc_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now)
{
	struct v6_iface *ifp = v6_container_of(t, struct v6_iface, rdisc.rs_timer);
	v6_time_t max = (v6_time_t)ifp->conf.rtr_solicit_max_interval_s * V6_NS_PER_S;

	/* RFC 4861 6.3.7: stop once an RA arrived or after
	 * router_solicitations (-1: no limit, Linux, RFC 7559). */
	if (ifp->rdisc.ra_received || !ifp->up || !accept_ra(ifp))
		return;
	if (ifp->conf.rtr_solicits >= 0 &&
	    ifp->rdisc.rs_sent >= (uint32_t)ifp->conf.rtr_solicits)
		return;
	rs_send(s, ifp, now);
	ifp->rdisc.rs_sent++;
	if (ifp->conf.rtr_solicits >= 0 &&
	    ifp->rdisc.rs_sent >= (uint32_t)ifp->conf.rtr_solicits)
		return; /* Linux: the last one gets no follow-up */
	v6_timer_arm(&s->timers, &ifp->rdisc.rs_timer, now + ifp->rdisc.rs_interval_ns);
	/* RFC 7559 2: the next interval doubles, up to the maximum. */
	ifp->rdisc.rs_interval_ns = jitter(s, ifp->rdisc.rs_interval_ns, 1900000);
	if (ifp->rdisc.rs_interval_ns > max)
		ifp->rdisc.rs_interval_ns = jitter(s, max, 900000);
}

enum v6_drop
v6_rdisc_rx_rs(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now)
{
	struct v6_icmp6 icmp = { msg, len };
	struct v6_rs rs;
	struct v6_ndopt_it it;
	struct v6_ndopt opt;
	enum v6_drop r, why = V6_DROP_NONE;
	enum v6_ndopt_next_result res;
	uint8_t mac[6];
	bool have_mac = false;

	/* RFC 4861 6.1.1: validation, in the RFC's order. */
	if (rx->ip.hlim != V6_ND_HOP_LIMIT)
		return V6_DROP_RS_HOPLIMIT;
	if (v6_icmp6_code(icmp) != 0)
		return V6_DROP_RS_BAD_CODE;
	if ((r = v6_rs_view(&rs, icmp)) != V6_DROP_NONE)
		return r;
	/* "All included options have a length that is greater than zero."
	 * The first Source Link-Layer Address option counts. */
	v6_rs_options(rs, &it);
	while ((res = v6_ndopt_next(&it, &opt, &why)) == V6_NDOPT_OK) {
		if (opt.type != V6_NDOPT_SLLA || have_mac)
			continue;
		if ((r = v6_ndopt_lladdr(&opt, mac)) != V6_DROP_NONE)
			return r;
		have_mac = true;
	}
	if (res != V6_NDOPT_END)
		return why;
	/* "If the IP source address is the unspecified address, there is no
	 * source link-layer address option in the message." */
	if (have_mac && v6_addr_is_unspecified(&rx->ip.src))
		return V6_DROP_RS_UNSPEC_SLLA;
	/* RFC 4861 6.2.6: only routers process solicitations (radv.c). */
	if (!ifp->conf.forwarding)
		return V6_DROP_RS_NOT_ROUTER;
	return v6_radv_rx_rs(s, ifp, &rx->ip.src, have_mac ? mac : NULL, now);
}

/* ---- Router Advertisement ---- */

/*
 * The options of an RA, walked once: one malformed option invalidates the
 * message (RFC 4861 6.1.2: "All included options have a length that is
 * greater than zero"), so they are kept here and applied only once the
 * walk has ended. Bound: V6_NDOPT_MAX, the iterator's.
 */
struct ra_opts {
	struct v6_ndopt opt[V6_NDOPT_MAX];
	unsigned n;
	int slla; /* the first Source Link-Layer Address option, or -1 */
};

static enum v6_drop
ra_opts_collect(struct v6_ra ra, struct ra_opts *o)
{
	struct v6_ndopt_it it;
	struct v6_ndopt opt;
	enum v6_drop why = V6_DROP_NONE;
	enum v6_ndopt_next_result res;

	o->n = 0;
	o->slla = -1;
	v6_ra_options(ra, &it);
	while ((res = v6_ndopt_next(&it, &opt, &why)) == V6_NDOPT_OK &&
	    o->n < V6_NDOPT_MAX) {
		if (opt.type == V6_NDOPT_SLLA && o->slla < 0)
			o->slla = (int)o->n;
		o->opt[o->n++] = opt;
	}
	return res == V6_NDOPT_END ? V6_DROP_NONE : why;
}

/* Count an ignored option (or part of one) without dropping the RA. */
static void
ignored(struct v6_stack *s, struct v6_iface *ifp, enum v6_drop why)
{
	if (why != V6_DROP_NONE)
		v6_drop(s, ifp, why, NULL, 0);
}

/* RFC 4861 6.3.4 and RFC 4862 5.5.3 for one Prefix Information option. */
static void
ra_prefix(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ndopt *o, v6_time_t now)
{
	struct v6_ndopt_prefix pi;
	enum v6_drop r;

	if ((r = v6_ndopt_prefix_parse(o, &pi)) != V6_DROP_NONE)
		return ignored(s, ifp, r);
	if (pi.plen > 128)
		return ignored(s, ifp, V6_DROP_NDOPT_BAD_PREFIX_LEN);
	/* RFC 4861 6.3.4: "If the prefix is the link-local prefix, silently
	 * ignore the Prefix Information option"; RFC 4862 5.5.3 (b). */
	if (v6_addr_is_linklocal(&pi.prefix))
		return ignored(s, ifp, V6_DROP_PIO_LINKLOCAL);
	if (v6_addr_is_multicast(&pi.prefix))
		return ignored(s, ifp, V6_DROP_PIO_MULTICAST);
	/* RFC 4862 5.5.3 (c): "If the preferred lifetime is greater than the
	 * valid lifetime, silently ignore the Prefix Information option." */
	if (pi.preferred_s > pi.valid_s)
		return ignored(s, ifp, V6_DROP_PIO_PREFERRED_GT_VALID);
	/* RFC 4861 6.3.4: the on-link flag makes (or refreshes, or with a
	 * valid lifetime of 0 times out) the prefix's on-link route. The
	 * two-hour rule does not apply to it. */
	if (pi.flags & V6_PI_FLAG_ONLINK)
		ignored(s, ifp, v6_route_update(s, ifp, V6_RT_PREFIX, &pi.prefix,
		    pi.plen, NULL, 0, pi.valid_s, now));
	/* RFC 4862 5.5.3 (a): A=0, or autoconf off: no address. */
	if ((pi.flags & V6_PI_FLAG_AUTO) && ifp->conf.autoconf)
		ignored(s, ifp, v6_addrconf_prefix_rcv(s, ifp, &pi.prefix, pi.plen,
		    pi.valid_s, pi.preferred_s, now));
}

/* RFC 4191 3.1: a Route Information option. */
static void
ra_rio(struct v6_stack *s, struct v6_iface *ifp, const struct in6_addr *router,
    const struct v6_ndopt *o, v6_time_t now)
{
	struct v6_ndopt_rio ri;
	enum v6_drop r;

	if ((r = v6_ndopt_rio_parse(o, &ri)) != V6_DROP_NONE)
		return ignored(s, ifp, r);
	/* Linux: only when accept_ra_rtr_pref, within
	 * accept_ra_rt_info_min_plen..max_plen (max 0: none at all);
	 * RFC 4191 2.3: a reserved preference makes the option ignored. */
	if (!ifp->conf.accept_ra_rtr_pref || !ifp->conf.accept_ra_rt_info_max_plen ||
	    ri.plen > ifp->conf.accept_ra_rt_info_max_plen ||
	    (ri.lifetime_s && ri.plen < ifp->conf.accept_ra_rt_info_min_plen) ||
	    (ri.plen == 0 && !ifp->conf.accept_ra_defrtr) ||
	    ri.pref == V6_RTR_PREF_RESERVED)
		return ignored(s, ifp, V6_DROP_RIO_NOT_ACCEPTED);
	ignored(s, ifp, v6_route_update(s, ifp, V6_RT_RIO, &ri.prefix, ri.plen,
	    router, ri.pref, ri.lifetime_s, now));
}

/* RFC 8106 5.3.1: add, refresh or (lifetime 0) delete a DNS server. */
static void
dns_server(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *router, const struct in6_addr *a,
    uint32_t lifetime_s, v6_time_t now)
{
	struct v6_rdnss *slot = NULL, *oldest = &ifp->rdisc.rdnss[0];

	for (int i = 0; i < V6_DNS_MAX; i++) {
		struct v6_rdnss *e = &ifp->rdisc.rdnss[i];
		if (e->expires > now && v6_addr_eq(&e->addr, a)) {
			slot = e;
			break;
		}
		if (e->expires < oldest->expires)
			oldest = e;
	}
	if (lifetime_s == 0) {
		if (slot)
			slot->expires = 0;
		return;
	}
	if (!slot) {
		slot = oldest;
		if (slot->expires > now)
			ignored(s, ifp, V6_DROP_DNS_TABLE_FULL);
		slot->addr = *a;
	}
	slot->router = *router;
	slot->expires = v6_lifetime_deadline(lifetime_s, now);
}

static void
dns_domain(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *router, const char *name, uint32_t lifetime_s,
    v6_time_t now)
{
	struct v6_dnssl *slot = NULL, *oldest = &ifp->rdisc.dnssl[0];

	for (int i = 0; i < V6_DNS_MAX; i++) {
		struct v6_dnssl *e = &ifp->rdisc.dnssl[i];
		if (e->expires > now && strcmp(e->name, name) == 0) {
			slot = e;
			break;
		}
		if (e->expires < oldest->expires)
			oldest = e;
	}
	if (lifetime_s == 0) {
		if (slot)
			slot->expires = 0;
		return;
	}
	if (!slot) {
		slot = oldest;
		if (slot->expires > now)
			ignored(s, ifp, V6_DROP_DNS_TABLE_FULL);
		size_t n = strlen(name);
		if (n >= V6_DNS_NAME_MAX)
			n = V6_DNS_NAME_MAX - 1;
		memcpy(slot->name, name, n);
		slot->name[n] = '\0';
	}
	slot->router = *router;
	slot->expires = v6_lifetime_deadline(lifetime_s, now);
}

/* RFC 4861 6.3.4: the MTU option. */
static void
ra_mtu(struct v6_stack *s, struct v6_iface *ifp, const struct v6_ndopt *o)
{
	uint32_t mtu;
	enum v6_drop r;

	if ((r = v6_ndopt_mtu_parse(o, &mtu)) != V6_DROP_NONE)
		return ignored(s, ifp, r);
	if (!ifp->conf.accept_ra_mtu)
		return;
	/* Linux ndisc_router_discovery: ignored below IPV6_MIN_MTU or above
	 * the device MTU ("a host ... SHOULD NOT use a value larger than
	 * the link's maximum"). */
	if (mtu < V6_IP6_MIN_MTU || mtu > ifp->link_mtu)
		return ignored(s, ifp, V6_DROP_RA_MTU_INVALID);
	if ((uint32_t)ifp->conf.mtu != mtu) {
		ifp->conf.mtu = (int)mtu;
		v6_note(s, ifp, V6_EV_LOG, NULL, NULL, "MTU from a Router Advertisement");
	}
}

/* RFC 4861 6.3.4: the options other than SLLA (handled first). */
static void
ra_option(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *router, const struct v6_ndopt *opt, v6_time_t now)
{
	enum v6_drop r;

	switch (opt->type) {
	case V6_NDOPT_MTU:
		ra_mtu(s, ifp, opt);
		break;
	case V6_NDOPT_PREFIX:
		if (ifp->conf.accept_ra_pinfo)
			ra_prefix(s, ifp, opt, now);
		break;
	case V6_NDOPT_ROUTE_INFO:
		ra_rio(s, ifp, router, opt, now);
		break;
	case V6_NDOPT_RDNSS: {
		struct v6_ndopt_rdnss d;
		if ((r = v6_ndopt_rdnss_parse(opt, &d)) != V6_DROP_NONE) {
			ignored(s, ifp, r);
			break;
		}
		for (unsigned i = 0; i < d.n && i < V6_RDNSS_MAX; i++)
			dns_server(s, ifp, router, &d.addr[i], d.lifetime_s, now);
		break;
	}
	case V6_NDOPT_DNSSL: {
		struct v6_ndopt_dnssl d;
		if ((r = v6_ndopt_dnssl_parse(opt, &d)) != V6_DROP_NONE) {
			ignored(s, ifp, r);
			break;
		}
		const char *p = d.text;
		for (unsigned i = 0; i < d.n; i++) {
			dns_domain(s, ifp, router, p, d.lifetime_s, now);
			p += strlen(p) + 1;
		}
		break;
	}
	default:
		/* RFC 4861 6.3.4: options not understood are ignored (SLLA
		 * was handled before). */
		break;
	}
}

/* RFC 4861 6.3.4: the default router list and the parameters in the RA's
 * header. */
static void
ra_params(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *router, struct v6_ra ra, v6_time_t now)
{
	/* The default router list (6.3.4; RFC 4191 2.2 preference: a
	 * reserved value is treated as medium). */
	if (ifp->conf.accept_ra_defrtr) {
		int pref = ifp->conf.accept_ra_rtr_pref ? v6_ra_pref(ra) : 0;
		if (pref == V6_RTR_PREF_RESERVED)
			pref = 0;
		ignored(s, ifp, v6_route_router_update(s, ifp, router,
		    v6_ra_lifetime_s(ra), pref, v6_ra_cur_hlim(ra), now));
	}

	/* 6.3.4: "If the received Cur Hop Limit value is non-zero, the host
	 * SHOULD set its CurHopLimit variable to the received value";
	 * Linux: not below accept_ra_min_hop_limit. */
	if (v6_ra_cur_hlim(ra)) {
		if (v6_ra_cur_hlim(ra) >= ifp->conf.accept_ra_min_hop_limit)
			ifp->conf.hop_limit = v6_ra_cur_hlim(ra);
		else
			ignored(s, ifp, V6_DROP_RA_HLIM_TOO_LOW);
	}
	/* "If the received Reachable Time value is non-zero, the host SHOULD
	 * set its BaseReachableTime variable to the received value. If the
	 * new value differs from the previous value, the host SHOULD
	 * re-compute a new random ReachableTime value." (v6_neigh_reachable_ms
	 * recomputes when the base changed.) Linux caps both as jiffies. */
	if (v6_ra_reachable_ms(ra) && v6_ra_reachable_ms(ra) <= V6_RA_TIME_MAX_MS) {
		ifp->neigh.base_reachable_time_ms = (int)v6_ra_reachable_ms(ra);
		(void)v6_neigh_reachable_ms(s, ifp);
	}
	/* "The RetransTimer variable SHOULD be copied from the Retrans Timer
	 * field, if the received value is non-zero." Linux: at least 10 ms. */
	if (v6_ra_retrans_ms(ra) && v6_ra_retrans_ms(ra) <= V6_RA_TIME_MAX_MS)
		ifp->neigh.retrans_time_ms = v6_ra_retrans_ms(ra) < 10
		    ? 10 : (int)v6_ra_retrans_ms(ra);
}

enum v6_drop
v6_rdisc_rx_ra(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now)
{
	struct v6_icmp6 icmp = { msg, len };
	struct v6_ra ra;
	struct ra_opts o;
	enum v6_drop r;
	uint8_t mac[6];

	/* RFC 4861 6.1.2: validation. */
	if (!v6_addr_is_linklocal(&rx->ip.src))
		return V6_DROP_RA_SRC_NOT_LINKLOCAL;
	if (rx->ip.hlim != V6_ND_HOP_LIMIT)
		return V6_DROP_RA_HOPLIMIT;
	if (v6_icmp6_code(icmp) != 0)
		return V6_DROP_RA_BAD_CODE;
	if ((r = v6_ra_view(&ra, icmp)) != V6_DROP_NONE)
		return r;
	if ((r = ra_opts_collect(ra, &o)) != V6_DROP_NONE)
		return r;
	/* RFC 4861 6.2.7: a router checks others' RAs even when it does not
	 * take them (radv.c). */
	v6_radv_rx_ra(s, ifp, &rx->ip.src, msg, len);
	if (!accept_ra(ifp))
		return V6_DROP_RA_NOT_ACCEPTED;
	if (!ifp->conf.accept_ra_from_local && v6_addr_lookup(s, NULL, &rx->ip.src))
		return V6_DROP_RA_FROM_US;

	/* RFC 4861 6.3.7: "a host ... MUST NOT send additional solicitations
	 * ... after the host receives a valid Router Advertisement". Linux
	 * counts an RA only after it solicited (IF_RA_RCVD with IF_RS_SENT):
	 * an RA heard while the link-local address is tentative does not
	 * cancel the RS sent when DAD completes (addrconf_dad_completed). */
	if (ifp->rdisc.rs_sent) {
		ifp->rdisc.ra_received = true;
		v6_timer_cancel(&s->timers, &ifp->rdisc.rs_timer);
	}

	/* The source link-layer address first (6.3.4: "If the advertisement
	 * contains a Source Link-Layer Address option, the link-layer address
	 * SHOULD be recorded in the Neighbor Cache entry for the router").
	 * The first one counts, as in NS processing. */
	if (o.slla >= 0) {
		if ((r = v6_ndopt_lladdr(&o.opt[o.slla], mac)) != V6_DROP_NONE)
			return r;
		v6_neigh_on_lladdr_hint(s, ifp, &rx->ip.src, mac, now);
	}
	/* 6.3.4: "the IsRouter flag in the Neighbor Cache entry MUST be set
	 * to TRUE". */
	v6_neigh_set_router(s, ifp, &rx->ip.src);
	ra_params(s, ifp, &rx->ip.src, ra, now);
	for (unsigned i = 0; i < o.n; i++)
		ra_option(s, ifp, &rx->ip.src, &o.opt[i], now);
	return V6_DROP_NONE;
}

/* ---- Redirect ---- */

enum v6_drop
v6_rdisc_rx_redirect(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now)
{
	struct v6_icmp6 icmp = { msg, len };
	struct v6_redirect rd;
	struct v6_ndopt_it it;
	struct v6_ndopt opt;
	struct in6_addr target, dest, first_hop;
	enum v6_drop r, why;
	enum v6_ndopt_next_result res;
	uint8_t mac[6];
	bool have_mac = false;

	/* RFC 4861 8.1: validation, in the RFC's order. */
	if (!v6_addr_is_linklocal(&rx->ip.src))
		return V6_DROP_REDIRECT_SRC_NOT_LINKLOCAL;
	if (rx->ip.hlim != V6_ND_HOP_LIMIT)
		return V6_DROP_REDIRECT_HOPLIMIT;
	if (v6_icmp6_code(icmp) != 0)
		return V6_DROP_REDIRECT_BAD_CODE;
	if ((r = v6_redirect_view(&rd, icmp)) != V6_DROP_NONE)
		return r;
	v6_redirect_target(rd, &target);
	v6_redirect_dest(rd, &dest);
	/* "The ICMP Destination Address field in the redirect message does
	 * not contain a multicast address." */
	if (v6_addr_is_multicast(&dest))
		return V6_DROP_REDIRECT_DEST_MULTICAST;
	/* "The ICMP Target Address is either a link-local address (when
	 * redirected to a router) or the same as the ICMP Destination
	 * Address (when redirected to the on-link destination)." */
	if (!v6_addr_is_linklocal(&target) && !v6_addr_eq(&target, &dest))
		return V6_DROP_REDIRECT_BAD_TARGET;
	/* "All included options have a length that is greater than zero." */
	v6_redirect_options(rd, &it);
	while ((res = v6_ndopt_next(&it, &opt, &why)) == V6_NDOPT_OK) {
		if (opt.type == V6_NDOPT_TLLA && !have_mac) {
			if ((r = v6_ndopt_lladdr(&opt, mac)) != V6_DROP_NONE)
				return r;
			have_mac = true;
		} else if (opt.type == V6_NDOPT_REDIRECTED &&
		    (r = v6_ndopt_redirected_check(&opt)) != V6_DROP_NONE) {
			return r;
		}
		/* The Redirected Header's contents are not used (8.3). */
	}
	if (res != V6_NDOPT_END)
		return why;
	/* Linux: a router (forwarding) or accept_redirects=0 ignores it. */
	if (!ifp->conf.accept_redirects || ifp->conf.forwarding)
		return V6_DROP_REDIRECT_NOT_ACCEPTED;
	/* "The IP source address of the Redirect is the same as the current
	 * first-hop router for the specified ICMP Destination Address." */
	if (v6_route_lookup(s, ifp, &dest, &first_hop, now) != V6_DROP_NONE ||
	    !v6_addr_eq(&first_hop, &rx->ip.src) || v6_addr_eq(&first_hop, &dest))
		return V6_DROP_REDIRECT_NOT_FIRST_HOP;

	/* RFC 4861 8.3: "If the redirect contains a Target Link-Layer Address
	 * option, the host either creates or updates the Neighbor Cache entry
	 * for the target ... set to STALE" (as for an NS's SLLA, 7.2.3). */
	if (have_mac)
		v6_neigh_on_lladdr_hint(s, ifp, &target, mac, now);
	/* "If the Target Address is not the same as the Destination Address,
	 * the host MUST set IsRouter to TRUE for the target. If the Target
	 * Address and Destination Address are the same, the host MUST treat
	 * the Target as on-link." */
	if (!v6_addr_eq(&target, &dest))
		v6_neigh_set_router(s, ifp, &target);
	v6_route_redirect(s, ifp, &dest, &target, now);
	return V6_DROP_NONE;
}

/* ---- public: display ---- */

void
v6_dns_foreach(const struct v6_stack *s, v6_time_t now,
    void (*server)(void *ctx, const struct v6_iface *iface,
	const struct in6_addr *addr, uint64_t expires_ms),
    void (*domain)(void *ctx, const struct v6_iface *iface, const char *name,
	uint64_t expires_ms),
    void *ctx)
{
	for (uint32_t i = 0; i < s->n_ifaces; i++) {
		const struct v6_iface *ifp = s->ifaces[i];
		for (int j = 0; j < V6_DNS_MAX; j++) {
			const struct v6_rdnss *e = &ifp->rdisc.rdnss[j];
			if (server && e->expires > now)
				server(ctx, ifp, &e->addr, e->expires == V6_TIME_NEVER
				    ? UINT64_MAX : (e->expires - now) / V6_NS_PER_MS);
		}
		for (int j = 0; j < V6_DNS_MAX; j++) {
			const struct v6_dnssl *e = &ifp->rdisc.dnssl[j];
			if (domain && e->expires > now)
				domain(ctx, ifp, e->name, e->expires == V6_TIME_NEVER
				    ? UINT64_MAX : (e->expires - now) / V6_NS_PER_MS);
		}
	}
}
