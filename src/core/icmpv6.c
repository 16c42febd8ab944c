/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ICMPv6 (RFC 4443): checksum verification, counting, dispatch by type,
 * Echo Reply (4.2), and the common transmit path.
 */
#include "core/icmpv6.h"
#include "core/fib.h"
#include "core/addrconf.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/mld.h"
#include "core/ndisc.h"
#include "core/pmtu.h"
#include "core/rdisc.h"
#include "core/route.h"
#include "core/stack.h"
#include "core/stats.h"
#include "core/udp.h"
#include "wire/csum.h"
#include "wire/exthdr.h"
#include "wire/icmpv6.h"

void
v6_icmp_init(struct v6_stack *s)
{
	uint64_t mask[4];

	v6_sysctl_ratemask_default(mask);
	v6_icmp_set_ratemask(s, mask);
	/* The global ICMPv6 bucket fills at its first use, as Linux's. */
	s->icmp.global_credit_u = 0;
	s->icmp.global_stamp = V6_TIME_NEVER;
}

void
v6_icmp_set_ratemask(struct v6_stack *s, const uint64_t mask[4])
{
	memcpy(s->icmp.ratemask, mask, sizeof(s->icmp.ratemask));
}

_Static_assert(V6_SNMP__COUNT < UINT16_MAX, "counter index + 1 fits uint16_t");

/* The named counter of each ICMPv6 type out, plus one (0: none), a table
 * rather than a switch: one load on every message sent. */
static const uint16_t out_type_ctr[256] = {
	[V6_ICMP6_ECHO_REPLY] = V6_SNMP_Icmp6OutEchoReplies + 1,
	[V6_ICMP6_ECHO_REQUEST] = V6_SNMP_Icmp6OutEchos + 1,
	[V6_ICMP6_NEIGHBOR_ADVERT] = V6_SNMP_Icmp6OutNeighborAdvertisements + 1,
	[V6_ICMP6_REDIRECT] = V6_SNMP_Icmp6OutRedirects + 1,
	[V6_ICMP6_NEIGHBOR_SOLICIT] = V6_SNMP_Icmp6OutNeighborSolicits + 1,
	[V6_ICMP6_DST_UNREACH] = V6_SNMP_Icmp6OutDestUnreachs + 1,
	[V6_ICMP6_PKT_TOO_BIG] = V6_SNMP_Icmp6OutPktTooBigs + 1,
	[V6_ICMP6_TIME_EXCEEDED] = V6_SNMP_Icmp6OutTimeExcds + 1,
	[V6_ICMP6_PARAM_PROB] = V6_SNMP_Icmp6OutParmProblems + 1,
	[V6_ICMP6_MLD2_REPORT] = V6_SNMP_Icmp6OutMLDv2Reports + 1,
	[V6_ICMP6_MLD1_REPORT] = V6_SNMP_Icmp6OutGroupMembResponses + 1,
	[V6_ICMP6_MLD1_DONE] = V6_SNMP_Icmp6OutGroupMembReductions + 1,
	[V6_ICMP6_ROUTER_SOLICIT] = V6_SNMP_Icmp6OutRouterSolicits + 1,
	[V6_ICMP6_ROUTER_ADVERT] = V6_SNMP_Icmp6OutRouterAdvertisements + 1,
};

/* Count an outgoing message of this type under its named counter. */
static void
count_out(struct v6_iface *ifp, uint8_t type)
{
	unsigned c = out_type_ctr[type];

	V6_STAT_INC(ifp, Icmp6OutMsgs);
	V6_STAT_ICMP_OUT_TYPE(ifp, type);
	if (c)
		V6_STAT_INC_IDX(ifp, c - 1);
}

void
v6_icmp6_count_out(struct v6_iface *ifp, uint8_t type)
{
	count_out(ifp, type);
}

void
v6_icmp6_finish(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_ip6_repr *ip)
{
	uint8_t *msg = v6_tx_payload(s);
	uint64_t acc;

	ip->next = V6_NH_ICMPV6;
	/* RFC 4443 2.3: checksum over the pseudo-header and the message. */
	msg[V6_ICMP6_OFF_CSUM] = 0;
	msg[V6_ICMP6_OFF_CSUM + 1] = 0;
	acc = v6_csum_pseudo(&ip->src, &ip->dst, ip->plen, V6_NH_ICMPV6);
	acc = v6_csum_acc(acc, msg, ip->plen);
	v6_csum_store(msg + V6_ICMP6_OFF_CSUM, acc);
	count_out(ifp, msg[V6_ICMP6_OFF_TYPE]);
}

enum v6_drop
v6_icmp6_tx(struct v6_stack *s, struct v6_iface *ifp, struct v6_ip6_repr *ip,
    v6_time_t now)
{
	v6_icmp6_finish(s, ifp, ip);
	return v6_ip6_tx(s, ifp, ip, now);
}

/* The named counter of each ICMPv6 type in, plus one (0: none). */
static const uint16_t in_type_ctr[256] = {
	[V6_ICMP6_DST_UNREACH] = V6_SNMP_Icmp6InDestUnreachs + 1,
	[V6_ICMP6_PKT_TOO_BIG] = V6_SNMP_Icmp6InPktTooBigs + 1,
	[V6_ICMP6_TIME_EXCEEDED] = V6_SNMP_Icmp6InTimeExcds + 1,
	[V6_ICMP6_PARAM_PROB] = V6_SNMP_Icmp6InParmProblems + 1,
	[V6_ICMP6_ECHO_REQUEST] = V6_SNMP_Icmp6InEchos + 1,
	[V6_ICMP6_ECHO_REPLY] = V6_SNMP_Icmp6InEchoReplies + 1,
	[V6_ICMP6_MLD_QUERY] = V6_SNMP_Icmp6InGroupMembQueries + 1,
	[V6_ICMP6_MLD1_REPORT] = V6_SNMP_Icmp6InGroupMembResponses + 1,
	[V6_ICMP6_MLD1_DONE] = V6_SNMP_Icmp6InGroupMembReductions + 1,
	[V6_ICMP6_ROUTER_SOLICIT] = V6_SNMP_Icmp6InRouterSolicits + 1,
	[V6_ICMP6_ROUTER_ADVERT] = V6_SNMP_Icmp6InRouterAdvertisements + 1,
	[V6_ICMP6_NEIGHBOR_SOLICIT] = V6_SNMP_Icmp6InNeighborSolicits + 1,
	[V6_ICMP6_NEIGHBOR_ADVERT] = V6_SNMP_Icmp6InNeighborAdvertisements + 1,
	[V6_ICMP6_REDIRECT] = V6_SNMP_Icmp6InRedirects + 1,
	[V6_ICMP6_MLD2_REPORT] = V6_SNMP_Icmp6InMLDv2Reports + 1,
};

/* Count an incoming message of this type under its named counter. */
static void
count_in_type(struct v6_iface *ifp, uint8_t type)
{
	unsigned c = in_type_ctr[type];

	V6_STAT_ICMP_IN_TYPE(ifp, type);
	if (c)
		V6_STAT_INC_IDX(ifp, c - 1);
}

/*
 * RFC 4443 4.2: answer an Echo Request with an Echo Reply carrying the
 * same identifier, sequence number and data. The source is the request's
 * destination when that is ours; for a multicast request, and for an anycast
 * one unless anycast_src_echo_reply=1 (Linux icmpv6_echo_reply; RFC 4443
 * 2.2 (b)), it is a unicast address chosen as for any packet to the
 * requester.
 */
static enum v6_drop
echo_rx(struct v6_stack *s, struct v6_iface *ifp, const struct v6_rx_info *rx,
    const uint8_t *msg, size_t len, v6_time_t now)
{
	struct v6_ip6_repr ip;
	uint8_t *out = v6_tx_payload(s);

	if (len < V6_ICMP6_ECHO_HLEN)
		return V6_DROP_ICMP6_ECHO_TRUNCATED;
	if (s->glob.echo_ignore_all)
		return V6_DROP_ICMP6_ECHO_IGNORED;
	ip.tclass = rx->ip.tclass; /* Linux copies the request's DS field */
	ip.flow = 0;
	ip.plen = (uint16_t)len;
	ip.next = V6_NH_ICMPV6;
	ip.hlim = (uint8_t)ifp->conf.hop_limit;
	ip.dst = rx->ip.src;
	memcpy(out, msg, len);
	if (rx->dst_anycast && s->glob.echo_ignore_anycast)
		return V6_DROP_ICMP6_ECHO_IGNORED_ANYCAST;
	if (rx->dst_mcast || (rx->dst_anycast && !s->glob.anycast_src_echo_reply)) {
		const struct v6_addr *a;
		if (rx->dst_mcast && s->glob.echo_ignore_multicast)
			return V6_DROP_ICMP6_ECHO_IGNORED_MCAST;
		if ((a = v6_saddr_select(ifp, &rx->ip.src)) == NULL) {
			v6_drop(s, ifp, V6_DROP_OUT_NO_SOURCE, NULL, 0);
			return V6_DROP_NONE;
		}
		ip.src = a->addr;
		/* RFC 4443 4.2: type 129, code 0 (Linux copies the request's
		 * code; the RFC leaves no room). */
		out[V6_ICMP6_OFF_TYPE] = V6_ICMP6_ECHO_REPLY;
		out[V6_ICMP6_OFF_CODE] = 0;
		/* The request was consumed; an output drop is counted there. */
		(void)v6_icmp6_tx(s, ifp, &ip, now);
		return V6_DROP_NONE;
	}
	/* Same address pair, swapped: the pseudo-header sum is unchanged, so
	 * only the type byte's change needs folding in (RFC 1624 3). */
	ip.src = rx->ip.dst;
	{
		const uint8_t word[2] = { V6_ICMP6_ECHO_REPLY, 0 }; /* code 0 */
		v6_csum_update16(out + V6_ICMP6_OFF_CSUM, out + V6_ICMP6_OFF_TYPE, word);
	}
	count_out(ifp, V6_ICMP6_ECHO_REPLY);
	(void)v6_ip6_tx(s, ifp, &ip, now);
	return V6_DROP_NONE;
}

/* RFC 4443 4.2: an Echo Reply goes to whoever sent the request (the
 * embedding program's listener: v6_icmp6_echo_listen). Like a Linux ping
 * socket, it does not confirm the neighbour's reachability. */
static enum v6_drop
echo_reply_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len, v6_time_t now)
{
	if (len < V6_ICMP6_ECHO_HLEN)
		return V6_DROP_ICMP6_ECHO_TRUNCATED;
	if (!s->icmp.echo_reply_cb)
		return V6_DROP_ICMP6_ECHO_REPLY_NO_LISTENER;
	s->icmp.echo_reply_cb(s->icmp.echo_ctx, ifp, &rx->ip.src,
	    v6_rd16(msg + V6_ICMP6_OFF_ECHO_ID), v6_rd16(msg + V6_ICMP6_OFF_ECHO_SEQ),
	    rx->ip.hlim, msg + V6_ICMP6_ECHO_HLEN, len - V6_ICMP6_ECHO_HLEN, now);
	return V6_DROP_NONE;
}

enum v6_drop
v6_icmp6_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now)
{
	struct v6_icmp6 v;
	enum v6_drop r;
	uint8_t type;

	if ((r = v6_icmp6_view(&v, msg, len)) != V6_DROP_NONE)
		return r;
	/* RFC 4443 2.3: verify before anything else looks at the message. */
	if (!v6_csum_ok(v6_csum_acc(v6_csum_pseudo(&rx->ip.src, &rx->ip.dst,
		    (uint32_t)len, V6_NH_ICMPV6), msg, len)))
		return V6_DROP_ICMP6_BAD_CSUM;
	V6_STAT_INC(ifp, Icmp6InMsgs);
	type = v6_icmp6_type(v);
	count_in_type(ifp, type);

	/* RFC 6980 5: "nodes MUST silently ignore NDP [...] messages if the
	 * packet carrying them includes an IPv6 Fragment Header" (Linux
	 * ndisc_rcv: IP6SKB_FRAGMENTED, atomic fragments included). */
	if (rx->fragmented && type >= V6_ICMP6_ROUTER_SOLICIT &&
	    type <= V6_ICMP6_REDIRECT)
		return V6_DROP_NDISC_FRAGMENTED;

	switch (type) {
	case V6_ICMP6_ECHO_REQUEST:
		return echo_rx(s, ifp, rx, msg, len, now);
	case V6_ICMP6_ECHO_REPLY:
		return echo_reply_rx(s, ifp, rx, msg, len, now);
	case V6_ICMP6_NEIGHBOR_SOLICIT:
		return v6_ndisc_rx_ns(s, ifp, rx, msg, len, now);
	case V6_ICMP6_NEIGHBOR_ADVERT:
		return v6_ndisc_rx_na(s, ifp, rx, msg, len, now);
	case V6_ICMP6_ROUTER_SOLICIT:
		return v6_rdisc_rx_rs(s, ifp, rx, msg, len, now);
	case V6_ICMP6_ROUTER_ADVERT:
		return v6_rdisc_rx_ra(s, ifp, rx, msg, len, now);
	case V6_ICMP6_REDIRECT:
		return v6_rdisc_rx_redirect(s, ifp, rx, msg, len, now);
	case V6_ICMP6_MLD_QUERY:
		return v6_mld_rx_query(s, ifp, rx, msg, len, now);
	case V6_ICMP6_MLD1_REPORT:
	case V6_ICMP6_MLD1_DONE:
	case V6_ICMP6_MLD2_REPORT:
		return v6_mld_rx_report(s, ifp, rx, msg, len, now);
	default:
		break;
	}
	/* RFC 4443 2.4 (a), (b): errors, known or not, go to the upper
	 * layer; unknown informational messages are discarded. */
	if (v6_icmp6_type_is_error(type))
		return v6_icmp6_notify(s, ifp, &rx->ip.src, msg, len, now);
	return V6_DROP_ICMP6_UNKNOWN_INFO;
}

/* ---- rate limiting (RFC 4443 2.4 (f); Linux icmpv6_global_allow,
 * icmpv6_xrlim_allow, inet_peer_xrlim_allow) ---- */

#define XRLIM_BURST_FACTOR 6 /* Linux: a new destination may get 6 at once */

static bool
ratemask_has(const struct v6_stack *s, uint8_t type)
{
	return s->icmp.ratemask[type >> 6] >> (type & 63) & 1;
}

/* Linux icmp_global_allow/consume: a bucket of icmp.msgs_burst messages
 * refilled at icmp.msgs_per_sec, refilled at most every 20 ms. Credit is
 * kept in millionths of a message. */
#define ICMP_CREDIT_ONE 1000000u

static bool
global_allow(struct v6_stack *s, v6_time_t now)
{
	const uint64_t one = ICMP_CREDIT_ONE;
	uint64_t delta;

	if (s->icmp.global_credit_u >= one)
		return true;
	/* Linux starts with no credit and a stamp long past, so the first
	 * use fills the bucket. */
	if (s->icmp.global_stamp == V6_TIME_NEVER || now < s->icmp.global_stamp)
		delta = V6_NS_PER_S;
	else
		delta = now - s->icmp.global_stamp;
	if (delta > V6_NS_PER_S)
		delta = V6_NS_PER_S;
	if (delta < V6_NS_PER_S / 50)
		return false;
	/* msgs_per_sec x delta, in millionths of a message. */
	uint64_t incr = delta * (uint64_t)s->glob.msgs_per_sec / 1000;
	if (incr == 0)
		return false;
	s->icmp.global_stamp = now;
	s->icmp.global_credit_u += incr;
	if (s->icmp.global_credit_u > (uint64_t)s->glob.msgs_burst * one)
		s->icmp.global_credit_u = (uint64_t)s->glob.msgs_burst * one;
	return s->icmp.global_credit_u >= one;
}

static uint32_t
peer_set(const struct in6_addr *a)
{
	uint64_t x, y;

	memcpy(&x, a->s6_addr, 8);
	memcpy(&y, a->s6_addr + 8, 8);
	x = (x ^ (y * 0x9e3779b97f4a7c15ull)) * 0xbf58476d1ce4e5b9ull;
	return (uint32_t)(x >> 56) % V6_RATE_SETS;
}

/* Linux inet_peer_xrlim_allow: tokens accrue with time up to 6 intervals;
 * one interval's worth is spent per message. */
static bool
peer_allow(struct v6_stack *s, const struct in6_addr *dst, uint64_t tmo_ns,
    v6_time_t now)
{
	struct v6_rate_peer *set = &s->icmp.rate_peers[peer_set(dst) * V6_RATE_WAYS];
	struct v6_rate_peer *p = NULL, *victim = &set[0];
	uint64_t cap = XRLIM_BURST_FACTOR * tmo_ns, tokens;

	for (int w = 0; w < V6_RATE_WAYS; w++) {
		if (set[w].used && v6_addr_eq(&set[w].addr, dst)) {
			p = &set[w];
			break;
		}
		if (!set[w].used || (victim->used && set[w].last < victim->last))
			victim = &set[w];
	}
	if (!p) {
		/* Bound: evict the set's least recently used destination. */
		p = victim;
		p->used = true;
		p->addr = *dst;
		p->tokens_ns = cap;
		p->last = now;
	}
	tokens = p->tokens_ns + (now - p->last);
	p->last = now;
	if (tokens > cap)
		tokens = cap;
	bool ok = tokens >= tmo_ns;
	if (ok)
		tokens -= tmo_ns;
	p->tokens_ns = tokens;
	return ok;
}

bool
v6_icmp_peer_allow(struct v6_stack *s, const struct in6_addr *addr,
    uint64_t tmo_ns, v6_time_t now)
{
	return peer_allow(s, addr, tmo_ns, now);
}

/* Linux icmpv6_global_allow + icmpv6_xrlim_allow: types outside
 * icmp.ratemask (Packet Too Big and informational messages by default)
 * are never limited. */
static enum v6_drop
error_rate_allow(struct v6_stack *s, struct v6_iface *ifp, uint8_t type,
    const struct in6_addr *dst, v6_time_t now)
{
	if (!ratemask_has(s, type))
		return V6_DROP_NONE;
	if (!global_allow(s, now))
		return V6_DROP_ICMP6_RATELIMIT_GLOBAL;
	uint64_t tmo = (uint64_t)s->glob.ratelimit_ms * V6_NS_PER_MS;
	/* Linux: "more bandwidth to wider prefixes": the interval shifts by
	 * (128 - plen) / 32 for the route's prefix (a default route: 0). */
	int onlink = v6_route_match_plen(s, ifp, dst);
	unsigned plen = onlink < 0 ? 0 : (unsigned)onlink;
	if (plen < 128)
		tmo >>= (128 - plen) >> 5;
	if (tmo && !peer_allow(s, dst, tmo, now))
		return V6_DROP_ICMP6_RATELIMIT_HOST;
	/* Linux icmp_global_consume (which spends 0 to 2 at random; one
	 * here, so the same seed and frames give the same output). */
	if (s->icmp.global_credit_u >= ICMP_CREDIT_ONE)
		s->icmp.global_credit_u -= ICMP_CREDIT_ONE;
	return V6_DROP_NONE;
}

/* Is the invoking packet itself an ICMPv6 error or a Redirect? */
static bool
is_ineligible(const uint8_t *pkt, size_t len)
{
	struct v6_exthdr_end end;

	if (v6_exthdr_skip(pkt, len, &end) != V6_DROP_NONE)
		return false;
	if (end.frag_nonfirst || end.next != V6_NH_ICMPV6)
		return false;
	/* Linux is_ineligible: a truncated ICMPv6 header is ineligible,
	 * except in a first fragment (RFC 8200 4.5: the Parameter Problem
	 * code 3 for a first fragment without the upper-layer header). */
	if (len < end.off + 1)
		return !end.frag_first;
	uint8_t type = pkt[end.off];
	return v6_icmp6_type_is_error(type) || type == V6_ICMP6_REDIRECT;
}

enum v6_drop
v6_icmp6_error(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *pkt, size_t len, uint8_t type,
    uint8_t code, uint32_t info, bool allow_mcast, v6_time_t now)
{
	struct v6_ip6_repr ip;
	struct in6_addr inv_src, inv_dst;
	const struct v6_addr *a;
	bool local;
	uint8_t *out = v6_tx_payload(s);
	size_t quote;
	enum v6_drop r = V6_DROP_NONE;

	v6_rdaddr(&inv_src, pkt + V6_IP6_OFF_SRC);
	v6_rdaddr(&inv_dst, pkt + V6_IP6_OFF_DST);
	/* A packet we originated: the error goes back to us (Linux: over
	 * loopback, which is never rate limited). */
	a = v6_addr_lookup(s, NULL, &inv_src);
	local = a && a->state != V6_ADDR_DADFAILED;
	/* RFC 4443 2.4 (e.1): never an error about an error. */
	if (is_ineligible(pkt, len))
		r = V6_DROP_ICMP6_ERR_FOR_ERROR;
	/* (e.2), (e.3): nor about multicast, except Packet Too Big and
	 * Parameter Problem code 2 for an option of type 10xxxxxx. */
	else if (!allow_mcast && v6_addr_is_multicast(&inv_dst))
		r = V6_DROP_ICMP6_ERR_FOR_MCAST;
	else if (!allow_mcast && rx && rx->l2_mcast)
		r = V6_DROP_ICMP6_ERR_FOR_L2_MCAST;
	/* (e.4): nor to a source that does not name a single node. */
	else if (v6_addr_is_unspecified(&inv_src) ||
	    v6_addr_is_multicast(&inv_src))
		r = V6_DROP_ICMP6_ERR_FOR_BAD_SRC;
	else if (!local)
		r = error_rate_allow(s, ifp, type, &inv_src, now);
	if (r != V6_DROP_NONE) {
		v6_drop_ip6(s, ifp, r, pkt, len);
		return r;
	}

	/* The error leaves by the route to the invoking source, as Linux
	 * icmp6_send routes it: a router's error about a packet it queued on
	 * another link goes back by the link towards the sender. */
	if (!local && !v6_addr_is_linklocal(&inv_src)) {
		const struct v6_fib_route *rt = v6_fib_lookup(s, &inv_src, NULL);
		if (rt && rt->type == V6_RTN_UNICAST)
			ifp = rt->dev;
	}

	/* RFC 4443 2.2: from the invoking packet's destination when it was
	 * one of our unicast addresses; else as for any packet to the
	 * invoking source. For an anycast destination, 2.2 (b) makes a unicast
	 * source a MUST (Linux icmp6_send uses the anycast address; we follow
	 * the RFC). */
	a = v6_addr_lookup(s, NULL, &inv_dst);
	if (!a || !v6_addr_usable(a))
		a = v6_saddr_select(ifp, &inv_src);
	if (!a) {
		v6_drop_ip6(s, ifp, V6_DROP_OUT_NO_SOURCE, pkt, len);
		return V6_DROP_OUT_NO_SOURCE;
	}
	ip.src = a->addr;
	ip.dst = inv_src;
	ip.tclass = 0;
	ip.flow = 0;
	ip.hlim = (uint8_t)ifp->conf.hop_limit;
	/* RFC 4443 2.4 (c): as much of the invoking packet as fits without
	 * the error exceeding the minimum IPv6 MTU. */
	quote = len < V6_ICMP6_QUOTE_MAX ? len : V6_ICMP6_QUOTE_MAX;
	memmove(out + V6_ICMP6_ERR_HLEN, pkt, quote);
	v6_icmp6_emit_hdr(out, type, code);
	v6_wr32(out + 4, info);
	ip.plen = (uint16_t)(8 + quote);

	/* An error about a packet we originated goes to ourselves (Linux
	 * loops it back; the sender learns, e.g., "Address unreachable"). */
	if (local) {
		v6_icmp6_finish(s, ifp, &ip);
		(void)v6_icmp6_notify(s, ifp, &ip.src, out, ip.plen, now);
		return V6_DROP_NONE;
	}
	(void)v6_icmp6_tx(s, ifp, &ip, now);
	return V6_DROP_NONE;
}

/* RFC 4443 2.4 (a): an error quoting an Echo Request we sent goes to the
 * echo listener with the request's identifier and sequence (as Linux's
 * ping sockets get it, ping_err). */
static enum v6_drop
echo_on_error(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *from, const uint8_t *msg, const uint8_t *inner,
    size_t off, v6_time_t now)
{
	struct in6_addr isrc;

	v6_rdaddr(&isrc, inner + V6_IP6_OFF_SRC);
	if (!v6_addr_lookup(s, NULL, &isrc))
		return V6_DROP_ICMP6_ERR_NOT_OURS;
	if (!s->icmp.echo_err_cb)
		return V6_DROP_ICMP6_ERR_NO_LISTENER;
	s->icmp.echo_err_cb(s->icmp.echo_ctx, ifp, from, msg[0], msg[1], v6_rd32(msg + 4),
	    v6_rd16(inner + off + V6_ICMP6_OFF_ECHO_ID),
	    v6_rd16(inner + off + V6_ICMP6_OFF_ECHO_SEQ), now);
	return V6_DROP_NONE;
}

/*
 * Receiving an error (RFC 4443 2.4 (a), 3; Linux icmpv6_notify): find the
 * upper-layer header of the invoking packet past its extension headers and
 * hand the error to the protocol that sent it; the raw listener sees it too.
 */
enum v6_drop
v6_icmp6_notify(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *from, const uint8_t *msg, size_t len, v6_time_t now)
{
	const uint8_t *inner = msg + 8;
	size_t inner_len = len - 8;
	struct v6_exthdr_end end;
	enum v6_drop r = V6_DROP_ICMP6_ERR_NO_LISTENER;

	if (len < 8 + V6_IP6_HLEN)
		return V6_DROP_ICMP6_ERR_TRUNCATED;
	if (s->icmp.listener)
		s->icmp.listener(s->icmp.listener_ctx, ifp, from, msg, len);
	if (v6_exthdr_skip(inner, inner_len, &end) != V6_DROP_NONE ||
	    end.frag_nonfirst)
		return r;
	/* "Checkin header including 8 bytes of inner protocol header." */
	if (inner_len < end.off + 8)
		return V6_DROP_ICMP6_ERR_TRUNCATED;
	if (msg[0] == V6_ICMP6_PKT_TOO_BIG) {
		/* RFC 8201 4: only about a packet we sent; lower the
		 * estimate for the quoted destination. */
		struct in6_addr isrc, idst;
		v6_rdaddr(&isrc, inner + V6_IP6_OFF_SRC);
		v6_rdaddr(&idst, inner + V6_IP6_OFF_DST);
		if (!v6_addr_lookup(s, NULL, &isrc))
			return V6_DROP_ICMP6_ERR_NOT_OURS;
		enum v6_drop pr = v6_pmtu_on_too_big(s, ifp, &idst,
		    v6_rd32(msg + 4), now);
		if (pr != V6_DROP_NONE)
			return pr;
		r = V6_DROP_NONE;
	}
	if (end.next == V6_NH_UDP) {
		enum v6_drop ur = v6_udp_on_error(s, ifp, inner, inner_len,
		    end.off, msg[0], msg[1], v6_rd32(msg + 4));
		if (r != V6_DROP_NONE)
			r = ur;
	}
	if (end.next == V6_NH_ICMPV6 &&
	    inner[end.off] == V6_ICMP6_ECHO_REQUEST) {
		enum v6_drop er = echo_on_error(s, ifp, from, msg, inner,
		    end.off, now);
		if (r != V6_DROP_NONE)
			r = er;
	}
	return s->icmp.listener ? V6_DROP_NONE : r;
}

void
v6_icmp6_listen(struct v6_stack *s, v6_icmp6_listen_fn fn, void *ctx)
{
	s->icmp.listener = fn;
	s->icmp.listener_ctx = ctx;
}

void
v6_icmp6_echo_listen(struct v6_stack *s, v6_echo_reply_fn reply,
    v6_echo_err_fn err, void *ctx)
{
	s->icmp.echo_reply_cb = reply;
	s->icmp.echo_err_cb = err;
	s->icmp.echo_ctx = ctx;
}

/* RFC 4443 4.1: an Echo Request from the stack (type 128, code 0). */
int
v6_icmp6_echo_send(struct v6_iface *ifp, const struct in6_addr *src,
    const struct in6_addr *dst, uint16_t id, uint16_t seq,
    const uint8_t *data, size_t len, v6_time_t now)
{
	struct v6_stack *s = ifp->stack;
	struct v6_ip6_repr ip;
	uint8_t *out = v6_tx_payload(s);

	now = v6_time_clamp(now);
	if (!ifp->up)
		return V6_DROP_IFACE_DOWN;
	if (len > V6_ECHO_DATA_MAX) {
		v6_drop(s, ifp, V6_DROP_OUT_TOO_BIG, NULL, 0);
		return V6_DROP_OUT_TOO_BIG;
	}
	if (src) {
		const struct v6_addr *a = v6_addr_lookup(s, ifp, src);
		if (!a || a->state != V6_ADDR_PREFERRED) {
			v6_drop(s, ifp, V6_DROP_OUT_NO_SOURCE, NULL, 0);
			return V6_DROP_OUT_NO_SOURCE;
		}
		ip.src = *src;
	} else {
		/* RFC 6724 5 rule 1: to one of our own addresses, from it
		 * (Linux: the local route's preferred source). */
		const struct v6_addr *a = v6_addr_lookup(s,
		    v6_addr_is_linklocal(dst) ? ifp : NULL, dst);
		if (!a || !v6_addr_usable(a))
			a = v6_saddr_select(ifp, dst);
		if (!a) {
			v6_drop(s, ifp, V6_DROP_OUT_NO_SOURCE, NULL, 0);
			return V6_DROP_OUT_NO_SOURCE;
		}
		ip.src = a->addr;
	}
	ip.dst = *dst;
	ip.tclass = 0;
	ip.flow = 0;
	ip.hlim = (uint8_t)ifp->conf.hop_limit;
	ip.plen = (uint16_t)(V6_ICMP6_ECHO_HLEN + len);
	/* The data may already sit in the tx buffer. */
	memmove(out + V6_ICMP6_ECHO_HLEN, data, len);
	v6_icmp6_emit_hdr(out, V6_ICMP6_ECHO_REQUEST, 0);
	v6_wr16(out + V6_ICMP6_OFF_ECHO_ID, id);
	v6_wr16(out + V6_ICMP6_OFF_ECHO_SEQ, seq);
	return (int)v6_icmp6_tx(s, ifp, &ip, now);
}
