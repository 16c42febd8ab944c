/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Forwarding (forward.h), in Linux's order: the Hop-by-Hop options
 * (ipv6_rcv parses them before routing), the route and its type
 * (ip6_route_input: blackhole, unreachable, prohibit, no route), then
 * ip6_forward: the hop limit, the source's scope, the next link's MTU,
 * and the packet leaves with its hop limit decremented by one and nothing
 * else changed (RFC 8200 3).
 */
#include <string.h>

#include "core/forward.h"
#include "core/exthdr.h"
#include "core/fib.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/neigh.h"
#include "core/redirect.h"
#include "core/stack.h"
#include "core/stats.h"
#include "wire/icmpv6.h"

static enum v6_drop
fwd_error(struct v6_stack *s, struct v6_iface *ifp, struct v6_rx_info *rx,
    uint8_t type, uint8_t code, uint32_t info, enum v6_drop why, v6_time_t now)
{
	(void)v6_icmp6_error(s, ifp, rx, rx->pkt, rx->pkt_len, type, code, info,
	    type == V6_ICMP6_PKT_TOO_BIG, now);
	return why;
}

/* The route's answer for a packet it does not carry (Linux ip6_pkt_drop
 * and dst_discard). */
static enum v6_drop
fwd_reject(struct v6_stack *s, struct v6_iface *ifp, struct v6_rx_info *rx,
    const struct v6_fib_route *rt, v6_time_t now)
{
	if (!rt)
		return fwd_error(s, ifp, rx, V6_ICMP6_DST_UNREACH, 0, 0,
		    V6_DROP_FWD_NO_ROUTE, now);
	switch (rt->type) {
	case V6_RTN_BLACKHOLE:
		return V6_DROP_FWD_BLACKHOLE;
	case V6_RTN_PROHIBIT:
		return fwd_error(s, ifp, rx, V6_ICMP6_DST_UNREACH, 1, 0,
		    V6_DROP_FWD_PROHIBIT, now);
	default:
		return fwd_error(s, ifp, rx, V6_ICMP6_DST_UNREACH, 0, 0,
		    V6_DROP_FWD_UNREACHABLE, now);
	}
}

/* A route's own MTU (ip route ... mtu N) is Linux's output MTU: applied
 * in ip6_fragment after ip6_forward decremented the hop limit, so the
 * Packet Too Big quotes the packet as it would have left. The quote is
 * rebuilt here, on this rare path, since the transmit buffer will carry
 * the error. */
static enum v6_drop
fwd_route_too_big(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_iface *out, struct v6_rx_info *rx, uint32_t mtu, v6_time_t now)
{
	uint8_t quote[V6_ICMP6_QUOTE_MAX];
	size_t n = rx->pkt_len < sizeof(quote) ? rx->pkt_len : sizeof(quote);

	memcpy(quote, rx->pkt, n);
	quote[V6_IP6_OFF_HLIM] = (uint8_t)(rx->ip.hlim - 1);
	V6_STAT_INC(out, Ip6OutForwDatagrams);
	V6_STAT_INC(out, Ip6FragFails);
	(void)v6_icmp6_error(s, ifp, rx, quote, n, V6_ICMP6_PKT_TOO_BIG, 0,
	    mtu, true, now);
	return V6_DROP_FWD_ROUTE_MTU;
}

enum v6_drop
v6_ip6_forward(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_rx_info *rx, v6_time_t now)
{
	const struct v6_fib_route *rt;
	struct v6_iface *out;
	const struct v6_flow fl = { &rx->ip.dst, &rx->ip.src, ifp };
	struct in6_addr nexthop;
	uint32_t mtu;
	uint8_t *frame;
	enum v6_drop r;

	/* A host: not ours means not for us (RFC 8200 3 "node"), silently
	 * when a route would carry it; with no route or a reject route, the
	 * route's answer, which Linux ip6_route_input gives before
	 * ip6_forward would drop the packet. Linux ip6_forward: a router is
	 * conf.all.forwarding, or the receiving interface's force_forwarding
	 * (6.17); conf.IFACE.forwarding alone only makes that interface a
	 * router for ND and RAs. */
	if (!s->conf_all.forwarding && !ifp->conf.force_forwarding) {
		if (!v6_addr_is_linklocal(&rx->ip.dst) &&
		    (!(rt = v6_fib_lookup_flow(s, &fl, NULL, NULL)) ||
			rt->type != V6_RTN_UNICAST))
			return fwd_reject(s, ifp, rx, rt, now);
		return V6_DROP_IP6_DST_NOT_OURS;
	}
	if (rx->l2_mcast)
		return V6_DROP_FWD_NOT_HOST;
	/* RFC 8200 4.3: every node on the path examines Hop-by-Hop
	 * options; an unknown one acts by its high bits (errors sent). */
	if (rx->ip.next == V6_NH_HOPOPTS) {
		size_t hlen;
		int32_t rtalert = -1;
		if ((r = v6_exthdr_rx_opts(s, ifp, rx, V6_IP6_HLEN, true, &hlen,
			 &rtalert, now)) != V6_DROP_NONE)
			return r;
	}
	if (v6_addr_is_linklocal(&rx->ip.dst))
		return V6_DROP_FWD_LINKLOCAL_DST;
	/* Linux ip6_route_input: through the rules, by destination, source
	 * and the incoming interface. */
	rt = v6_fib_lookup_flow(s, &fl, NULL, NULL);
	if (!rt || rt->type != V6_RTN_UNICAST)
		return fwd_reject(s, ifp, rx, rt, now);
	out = rt->dev;

	/* RFC 8200 3, RFC 4443 3.3: the hop limit would reach 0 here. Not
	 * about an ICMPv6 error or a multicast packet (RFC 4443 2.4 (e):
	 * v6_icmp6_error applies it). */
	if (rx->ip.hlim <= 1) {
		(void)v6_icmp6_error(s, ifp, rx, rx->pkt, rx->pkt_len,
		    V6_ICMP6_TIME_EXCEEDED, 0, 0, false, now);
		return V6_DROP_FWD_HOPLIMIT;
	}
	/* Linux ip6_forward: back out of the link it came from is a case for
	 * a Redirect (RFC 4861 8.2; redirect.c), and the packet still goes;
	 * to another link, the source's scope must allow it (RFC 4291
	 * 2.5.6: link-local stays on its link). */
	if (out == ifp) {
		v6_redirect_tx(s, ifp, rx, rt, now);
	} else {
		if (v6_addr_is_unspecified(&rx->ip.src))
			return V6_DROP_FWD_SRC_UNSPEC;
		if (v6_addr_is_linklocal(&rx->ip.src))
			return fwd_error(s, ifp, rx, V6_ICMP6_DST_UNREACH, 2, 0,
			    V6_DROP_FWD_SRC_LINKLOCAL, now);
	}
	/* RFC 8200 5: a router never fragments; RFC 4443 3.2: Packet Too
	 * Big with the next link's MTU, sent even about a multicast or
	 * anycast packet (2.4 (e.2)). Linux ip6_forward checks the link's
	 * MTU here, before the hop limit changes; it counts the packet as
	 * forwarded first (Ip6OutForwDatagrams, as Linux 6.x does), then
	 * Ip6InTooBigErrors (by the drop reason) and Ip6FragFails. */
	mtu = out->link_mtu < (uint32_t)out->conf.mtu ? out->link_mtu
						     : (uint32_t)out->conf.mtu;
	if (mtu < V6_IP6_MIN_MTU)
		mtu = V6_IP6_MIN_MTU;
	if (rx->pkt_len > mtu) {
		V6_STAT_INC(out, Ip6OutForwDatagrams);
		V6_STAT_INC(out, Ip6FragFails);
		return fwd_error(s, ifp, rx, V6_ICMP6_PKT_TOO_BIG, 0, mtu,
		    V6_DROP_FWD_TOO_BIG, now);
	}
	if (rt->mtu && rt->mtu < mtu && rx->pkt_len > rt->mtu)
		return fwd_route_too_big(s, ifp, out, rx, rt->mtu, now);

	/* The one copy: the received frame is read-only (v6_input), so the
	 * packet moves into the transmit buffer, where the Ethernet header
	 * goes in front and the hop limit is the one byte that changes. */
	frame = s->txbuf;
	memcpy(frame + V6_ETH_HEADROOM, rx->pkt, rx->pkt_len);
	frame[V6_ETH_HEADROOM + V6_IP6_OFF_HLIM] = (uint8_t)(rx->ip.hlim - 1);
	V6_STAT_INC(out, Ip6OutForwDatagrams);
	V6_STAT_ADD(out, Ip6OutOctets, rx->pkt_len);
	nexthop = rt->has_gw ? rt->gw : rx->ip.dst;
	return v6_neigh_output(s, out, v6_neigh_lookup(s, out, &nexthop),
	    &nexthop, frame, V6_ETH_HEADROOM + rx->pkt_len, now);
}
