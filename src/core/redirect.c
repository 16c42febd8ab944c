/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Redirects we send (redirect.h; RFC 4861 8.2), with Linux's checks in
 * Linux's order:
 *
 *   ip6_forward: the packet leaves by the interface it came in on and was
 *   not source-routed; the destination's rate limit (inet_peer by the
 *   packet's destination, 1 s, burst 6);
 *   ndisc_send_redirect: a non-tentative link-local address of ours on the
 *   link (the Redirect's source, RFC 4861 4.5); the target is the
 *   destination or link-local unicast (8.2); the route back to the source
 *   has no gateway, i.e. the source is a neighbour (8.2: "the Source
 *   Address of the packet identifies a neighbor"); the source's rate limit
 *   (inet_peer by the packet's source); a Target Link-Layer Address option
 *   when the target's neighbour entry is valid (NUD_VALID); a Redirected
 *   Header option with as much of the packet as keeps the Redirect within
 *   1280 octets, a multiple of 8 (4.6.3).
 *
 * "Not source-routed" (Linux opt->srcrt) holds by construction: forward.c
 * is reached only for packets not addressed to us, so no Routing header
 * of theirs was processed here.
 */
#include <string.h>

#include "core/redirect.h"
#include "core/addrconf.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/neigh.h"
#include "core/route.h"
#include "core/stack.h"
#include "core/stats.h"
#include "wire/rdisc.h"

/* Linux ipv6_get_lladdr(dev, .., IFA_F_TENTATIVE): a link-local address
 * past DAD (preferred or deprecated, not tentative nor optimistic). */
static bool
redirect_lladdr(const struct v6_iface *ifp, struct in6_addr *out)
{
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_addr *a = &ifp->addrs[i];
		if (a->in_use && v6_addr_is_linklocal(&a->addr) &&
		    (a->state == V6_ADDR_PREFERRED || a->state == V6_ADDR_DEPRECATED)) {
			*out = a->addr;
			return true;
		}
	}
	return false;
}

/* RFC 4861 8.2 "the Source Address of the packet identifies a neighbor":
 * Linux asks for the route to it on the link (ip6_route_output) and sends
 * nothing when that route has a gateway or there is none. */
static bool
redirect_src_is_neighbour(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, v6_time_t now)
{
	struct in6_addr nh;

	/* :: names no node to redirect (RFC 4291 2.5.2). */
	if (v6_addr_is_unspecified(src))
		return false;
	return v6_route_lookup(s, ifp, src, &nh, now) == V6_DROP_NONE &&
	    v6_addr_eq(&nh, src);
}

/* The Target Link-Layer Address option's MAC when the target's entry is
 * valid (Linux: neigh->nud_state & NUD_VALID; here every state but
 * INCOMPLETE and FAILED), else NULL. */
static bool
redirect_target_mac(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *target, struct v6_tlla *tlla)
{
	const struct v6_neigh *n = v6_neigh_lookup(s, ifp, target);

	if (!n || n->state == V6_NEIGH_INCOMPLETE || n->state == V6_NEIGH_FAILED)
		return false;
	memcpy(tlla->mac, n->mac, 6);
	return true;
}

/* The checks of the file comment, in order; V6_DROP_NONE when a Redirect
 * may go from *src (set here) to target. */
static enum v6_drop
redirect_allowed(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const struct in6_addr *target,
    struct in6_addr *src, v6_time_t now)
{
	if (!v6_icmp_peer_allow(s, &rx->ip.dst, V6_REDIRECT_INTERVAL_NS, now))
		return V6_DROP_REDIRECT_RATELIMITED_DST;
	if (!redirect_lladdr(ifp, src))
		return V6_DROP_REDIRECT_NO_LINKLOCAL;
	/* RFC 4861 8.2: "the Target Address MUST be the link-local address
	 * of the router" unless the target is the destination itself. */
	if (!v6_addr_eq(target, &rx->ip.dst) && !v6_addr_is_linklocal(target))
		return V6_DROP_REDIRECT_TARGET_NOT_LINKLOCAL;
	if (!redirect_src_is_neighbour(s, ifp, &rx->ip.src, now))
		return V6_DROP_REDIRECT_SRC_NOT_NEIGHBOUR;
	if (!v6_icmp_peer_allow(s, &rx->ip.src, V6_REDIRECT_INTERVAL_NS, now))
		return V6_DROP_REDIRECT_RATELIMITED_SRC;
	return V6_DROP_NONE;
}

void
v6_redirect_tx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const struct v6_fib_route *rt,
    v6_time_t now)
{
	const struct in6_addr *target = rt->has_gw ? &rt->gw : &rx->ip.dst;
	struct in6_addr src;
	struct v6_ip6_repr ip;
	struct v6_tlla tlla;
	bool has_tlla;
	size_t room, quote;
	enum v6_drop r;

	if ((r = redirect_allowed(s, ifp, rx, target, &src, now)) != V6_DROP_NONE) {
		v6_drop_ip6(s, ifp, r, rx->pkt, rx->pkt_len);
		return;
	}
	has_tlla = redirect_target_mac(s, ifp, target, &tlla);
	/* RFC 4861 4.6.3: "as much of the forwarded packet as can fit
	 * without the redirect packet exceeding the minimum MTU"; Linux
	 * rounds the option down to a multiple of 8 octets. */
	room = V6_IP6_MIN_MTU - V6_IP6_HLEN - V6_REDIRECT_LEN -
	    (has_tlla ? V6_NDOPT_LLA_LEN : 0) - V6_NDOPT_REDIRECTED_HLEN;
	quote = rx->pkt_len < room ? rx->pkt_len : room;
	quote &= ~(size_t)7;
	ip.tclass = 0;
	ip.flow = 0;
	ip.hlim = V6_ND_HOP_LIMIT; /* RFC 4861 4.5, 8.1 */
	ip.src = src;
	ip.dst = rx->ip.src;
	ip.plen = (uint16_t)v6_rdisc_emit_redirect(v6_tx_payload(s), target,
	    &rx->ip.dst, has_tlla ? &tlla : NULL, rx->pkt, quote);
	(void)v6_icmp6_tx(s, ifp, &ip, now);
}
