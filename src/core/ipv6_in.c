/*
 * IPv6 input (RFC 8200 3, 4): header validation, destination ownership,
 * and dispatch on Next Header.
 */
#include "core/internal.h"
#include "wire/icmpv6.h"

enum v6_drop
v6_ip6_rx(struct v6_stack *s, struct v6_iface *ifp, const uint8_t *pkt,
    size_t len, const uint8_t *l2_src, bool l2_mcast, v6_time_t now)
{
	struct v6_rx_info rx;
	struct v6_ip6 v;
	enum v6_drop r;
	const struct v6_addr *a;

	V6_STAT_INC(ifp, Ip6InReceives);
	if ((r = v6_ip6_view(&v, pkt, len)) != V6_DROP_NONE)
		return r;
	/* RFC 8200 3: version 6; payload length within the frame. Bytes past
	 * the payload (Ethernet padding) are trimmed. */
	if ((r = v6_ip6_parse(v, &rx.ip)) != V6_DROP_NONE)
		return r;
	len = V6_IP6_HLEN + rx.ip.plen;
	V6_STAT_ADD(ifp, Ip6InOctets, len);
	rx.pkt = pkt;
	rx.pkt_len = len;
	rx.l2_src = l2_src;
	rx.l2_mcast = l2_mcast;

	/* RFC 4291 2.7: a multicast address must not be a source. */
	if (v6_addr_is_multicast(&rx.ip.src))
		return V6_DROP_IP6_SRC_MULTICAST;
	/* RFC 4291 2.5.3: loopback must never be sent on a link. */
	if (v6_addr_is_loopback(&rx.ip.src) || v6_addr_is_loopback(&rx.ip.dst))
		return V6_DROP_IP6_LOOPBACK;
	/* RFC 4291 2.5.5.2, RFC 6890: IPv4-mapped addresses stay off the wire. */
	if (v6_addr_is_v4mapped(&rx.ip.src) || v6_addr_is_v4mapped(&rx.ip.dst))
		return V6_DROP_IP6_V4MAPPED;

	rx.dst_mcast = v6_addr_is_multicast(&rx.ip.dst);
	if (rx.dst_mcast) {
		unsigned scope = v6_mcast_scope(&rx.ip.dst);
		/* RFC 4291 2.7: scope 0 is reserved; interface-local (1)
		 * never leaves the node (Linux drops both from a link). */
		if (scope == 0 || scope == 1)
			return V6_DROP_IP6_DST_MCAST_SCOPE;
		V6_STAT_INC(ifp, Ip6InMcastPkts);
		V6_STAT_ADD(ifp, Ip6InMcastOctets, len);
		if (!v6_group_joined(ifp, &rx.ip.dst))
			return V6_DROP_IP6_MCAST_NOT_JOINED;
	} else {
		/* Link-local destinations belong to the receiving link; others
		 * may be any interface's (the weak host model, as Linux). */
		a = v6_addr_lookup(s, ifp, &rx.ip.dst);
		if (!a && !v6_addr_is_linklocal(&rx.ip.dst))
			a = v6_addr_lookup(s, NULL, &rx.ip.dst);
		if (!a)
			return V6_DROP_IP6_DST_NOT_OURS;
		/* RFC 4862 5.4: a tentative address receives only ND for DAD;
		 * those are sent to its solicited-node group, not to it. */
		if (!v6_addr_usable(a))
			return V6_DROP_IP6_DST_TENTATIVE;
	}

	switch (rx.ip.next) {
	case V6_NH_ICMPV6:
		V6_STAT_INC(ifp, Ip6InDelivers);
		return v6_icmp6_rx(s, ifp, &rx, pkt + V6_IP6_HLEN, rx.ip.plen, now);
	case V6_NH_UDP:
		V6_STAT_INC(ifp, Ip6InDelivers);
		return v6_udp_rx(s, ifp, &rx, pkt, V6_IP6_HLEN, now);
	case V6_NH_NONE:
		return V6_DROP_IP6_NO_NEXT_HEADER;
	case V6_NH_HOPOPTS:
	case V6_NH_ROUTING:
	case V6_NH_FRAGMENT:
	case V6_NH_DSTOPTS:
		/* GAP(RFC 8200 4): the extension header chain. */
		return V6_DROP_IP6_EXTHDR_NOT_SUPPORTED;
	default:
		/* RFC 8200 4, RFC 4443 3.4: an unrecognized Next Header gives
		 * Parameter Problem code 1 pointing at the field that named
		 * it (Linux ip6_input_finish). */
		(void)v6_icmp6_error(s, ifp, &rx, pkt, len, V6_ICMP6_PARAM_PROB,
		    1, V6_IP6_OFF_NEXT, false, now);
		return V6_DROP_IP6_UNKNOWN_NEXTHDR;
	}
}
