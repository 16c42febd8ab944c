/*
 * ICMPv6 (RFC 4443): checksum verification, counting, dispatch by type,
 * Echo Reply (4.2), and the common transmit path.
 */
#include "core/internal.h"
#include "wire/csum.h"
#include "wire/icmpv6.h"

/* Count an outgoing message of this type under its named counter. */
static void
count_out(struct v6_iface *ifp, uint8_t type)
{
	V6_STAT_INC(ifp, Icmp6OutMsgs);
	ifp->stats.icmp_out_type[type]++;
	switch (type) {
	case V6_ICMP6_ECHO_REPLY:
		V6_STAT_INC(ifp, Icmp6OutEchoReplies);
		break;
	case V6_ICMP6_NEIGHBOR_ADVERT:
		V6_STAT_INC(ifp, Icmp6OutNeighborAdvertisements);
		break;
	case V6_ICMP6_NEIGHBOR_SOLICIT:
		V6_STAT_INC(ifp, Icmp6OutNeighborSolicits);
		break;
	default:
		break;
	}
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

/* Count an incoming message of this type under its named counter. */
static void
count_in_type(struct v6_iface *ifp, uint8_t type)
{
	ifp->stats.icmp_in_type[type]++;
	switch (type) {
	case V6_ICMP6_DST_UNREACH: V6_STAT_INC(ifp, Icmp6InDestUnreachs); break;
	case V6_ICMP6_PKT_TOO_BIG: V6_STAT_INC(ifp, Icmp6InPktTooBigs); break;
	case V6_ICMP6_TIME_EXCEEDED: V6_STAT_INC(ifp, Icmp6InTimeExcds); break;
	case V6_ICMP6_PARAM_PROB: V6_STAT_INC(ifp, Icmp6InParmProblems); break;
	case V6_ICMP6_ECHO_REQUEST: V6_STAT_INC(ifp, Icmp6InEchos); break;
	case V6_ICMP6_ECHO_REPLY: V6_STAT_INC(ifp, Icmp6InEchoReplies); break;
	case V6_ICMP6_MLD_QUERY: V6_STAT_INC(ifp, Icmp6InGroupMembQueries); break;
	case V6_ICMP6_MLD1_REPORT: V6_STAT_INC(ifp, Icmp6InGroupMembResponses); break;
	case V6_ICMP6_MLD1_DONE: V6_STAT_INC(ifp, Icmp6InGroupMembReductions); break;
	case V6_ICMP6_ROUTER_SOLICIT: V6_STAT_INC(ifp, Icmp6InRouterSolicits); break;
	case V6_ICMP6_ROUTER_ADVERT: V6_STAT_INC(ifp, Icmp6InRouterAdvertisements); break;
	case V6_ICMP6_NEIGHBOR_SOLICIT: V6_STAT_INC(ifp, Icmp6InNeighborSolicits); break;
	case V6_ICMP6_NEIGHBOR_ADVERT: V6_STAT_INC(ifp, Icmp6InNeighborAdvertisements); break;
	case V6_ICMP6_REDIRECT: V6_STAT_INC(ifp, Icmp6InRedirects); break;
	case V6_ICMP6_MLD2_REPORT: V6_STAT_INC(ifp, Icmp6InMLDv2Reports); break;
	default: break;
	}
}

/*
 * RFC 4443 4.2: answer an Echo Request with an Echo Reply carrying the
 * same identifier, sequence number and data. The source is the request's
 * destination when that is ours; for a multicast request (Linux
 * icmpv6_echo_reply) it is chosen as for any packet to the requester.
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
	if (rx->dst_mcast) {
		const struct v6_addr *a;
		if (s->glob.echo_ignore_multicast)
			return V6_DROP_ICMP6_ECHO_IGNORED_MCAST;
		if ((a = v6_saddr_select(ifp, &rx->ip.src)) == NULL) {
			v6_drop(s, ifp, V6_DROP_OUT_NO_SOURCE, NULL, 0);
			return V6_DROP_NONE;
		}
		ip.src = a->addr;
		out[V6_ICMP6_OFF_TYPE] = V6_ICMP6_ECHO_REPLY;
		/* The request was consumed; an output drop is counted there. */
		(void)v6_icmp6_tx(s, ifp, &ip, now);
		return V6_DROP_NONE;
	}
	/* Same address pair, swapped: the pseudo-header sum is unchanged, so
	 * only the type byte's change needs folding in (RFC 1624 3). */
	ip.src = rx->ip.dst;
	{
		const uint8_t word[2] = { V6_ICMP6_ECHO_REPLY, out[V6_ICMP6_OFF_CODE] };
		v6_csum_update16(out + V6_ICMP6_OFF_CSUM, out + V6_ICMP6_OFF_TYPE, word);
	}
	count_out(ifp, V6_ICMP6_ECHO_REPLY);
	(void)v6_ip6_tx(s, ifp, &ip, now);
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

	switch (type) {
	case V6_ICMP6_ECHO_REQUEST:
		return echo_rx(s, ifp, rx, msg, len, now);
	case V6_ICMP6_ECHO_REPLY:
		/* GAP: no ping sockets in the core yet. */
		return V6_DROP_ICMP6_ECHO_REPLY_NO_LISTENER;
	case V6_ICMP6_NEIGHBOR_SOLICIT:
		return v6_ndisc_rx_ns(s, ifp, rx, msg, len, now);
	case V6_ICMP6_NEIGHBOR_ADVERT:
		return v6_ndisc_rx_na(s, ifp, rx, msg, len, now);
	case V6_ICMP6_ROUTER_SOLICIT:
	case V6_ICMP6_ROUTER_ADVERT:
	case V6_ICMP6_REDIRECT:
	case V6_ICMP6_MLD_QUERY:
	case V6_ICMP6_MLD1_REPORT:
	case V6_ICMP6_MLD1_DONE:
	case V6_ICMP6_MLD2_REPORT:
		return V6_DROP_ICMP6_NOT_HANDLED;
	default:
		break;
	}
	/* RFC 4443 2.4 (a), (b): unknown errors go to the upper layer;
	 * unknown informational messages are discarded. */
	if (v6_icmp6_type_is_error(type))
		return V6_DROP_ICMP6_ERROR_RECEIVED;
	return V6_DROP_ICMP6_UNKNOWN_INFO;
}
