/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPv6 input (RFC 8200 3, 4): header validation, destination ownership,
 * and dispatch on Next Header.
 */
#include "core/ipv6.h"
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/exthdr.h"
#include "core/forward.h"
#include "core/frag.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/mcast.h"
#include "core/stack.h"
#include "core/stats.h"
#include "core/udp.h"
#include "wire/exthdr.h"
#include "wire/icmpv6.h"

/* RFC 8200 4.1: "The Hop-by-Hop Options header, when present, must
 * immediately follow the IPv6 header." Elsewhere Linux treats it as an
 * unknown Next Header (Parameter Problem code 1 at the field naming it).
 * After a Fragment header it was not first either, even when reassembly
 * put it right after the IPv6 header (Linux: no handler past ipv6_rcv). */
static enum v6_drop
ip6_rx_hopopts(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_rx_info *rx, size_t off, size_t nh_off, size_t *hlen,
    v6_time_t now)
{
	int32_t rtalert = -1; /* a Hop-by-Hop Router Alert's value */
	enum v6_drop r;

	if (off != V6_IP6_HLEN || rx->fragmented) {
		(void)v6_icmp6_error(s, ifp, rx, rx->pkt, rx->pkt_len,
		    V6_ICMP6_PARAM_PROB, 1, (uint32_t)nh_off, false, now);
		return V6_DROP_EXTHDR_HBH_NOT_FIRST;
	}
	r = v6_exthdr_rx_opts(s, ifp, rx, off, true, hlen, &rtalert, now);
	/* For MLD (RFC 3810 6.2). */
	rx->rtalert = rtalert >= 0;
	rx->rtalert_value = (uint16_t)rtalert;
	return r;
}

/* A Fragment header at *off (frag.c). *held: the fragment was queued (or
 * dropped, then the reason is returned); otherwise rx becomes the atomic
 * fragment or the reassembled datagram, and *nh, *off, *nh_off the header
 * after its Fragment header. */
static enum v6_drop
ip6_rx_fragment(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_rx_info *rx, uint8_t *nh, size_t *off, size_t *nh_off,
    bool *held, v6_time_t now)
{
	struct v6_frag_out fo;
	struct v6_ip6 v;
	enum v6_drop r = v6_frag_rx(s, ifp, rx, *off, *nh_off, &fo, now);

	*held = r != V6_DROP_NONE || fo.pkt == NULL;
	if (*held)
		return r;
	rx->fragmented = true;
	rx->pkt = fo.pkt;
	rx->pkt_len = fo.len;
	/* The reassembled header is the first fragment's (its Traffic Class,
	 * ECN included, and Payload Length). */
	if (v6_ip6_view(&v, fo.pkt, fo.len) != V6_DROP_NONE ||
	    v6_ip6_parse(v, &rx->ip) != V6_DROP_NONE)
		return V6_DROP_IP6_TRUNCATED;
	*nh = fo.next;
	*off = fo.off;
	*nh_off = fo.nh_off;
	return V6_DROP_NONE;
}

/*
 * RFC 8200 4: process the headers of a packet for us in order, from the
 * one the IPv6 header names to the upper layer. Extension headers go to
 * exthdr.c, the Fragment header to frag.c, which hands back the packet to
 * go on with (an atomic fragment, a reassembled datagram) or keeps the
 * fragment. The upper layer gets rx (updated to the reassembled datagram)
 * and its offset.
 *
 * Hop-by-Hop options of a packet for us are processed here, after the
 * destination checks; a packet to forward has its own processed first in
 * forward.c (as Linux's ipv6_rcv does before routing).
 */
static enum v6_drop
ip6_deliver(struct v6_stack *s, struct v6_iface *ifp, struct v6_rx_info *rx,
    v6_time_t now)
{
	size_t off = V6_IP6_HLEN, nh_off = V6_IP6_OFF_NEXT, hlen = 0;
	uint8_t nh = rx->ip.next;
	bool held;
	enum v6_drop r;

	for (unsigned n_ext = 0;; n_ext++) {
		/* The chain's bound: a packet naming more headers than any
		 * legitimate one (RFC 8200 4.1 lists at most 8) is dropped. */
		if (n_ext > V6_EXTHDR_MAX)
			return V6_DROP_EXTHDR_TOO_MANY;
		switch (nh) {
		case V6_NH_ICMPV6:
			V6_STAT_INC(ifp, Ip6InDelivers);
			return v6_icmp6_rx(s, ifp, rx, rx->pkt + off,
			    rx->pkt_len - off, now);
		case V6_NH_UDP:
			V6_STAT_INC(ifp, Ip6InDelivers);
			return v6_udp_rx(s, ifp, rx, rx->pkt, off, now);
		case V6_NH_NONE:
			return V6_DROP_IP6_NO_NEXT_HEADER;
		case V6_NH_HOPOPTS:
			r = ip6_rx_hopopts(s, ifp, rx, off, nh_off, &hlen, now);
			break;
		case V6_NH_DSTOPTS:
			/* RFC 8200 4.6: before a Routing header (for each
			 * destination) or after it (for the final one): the
			 * same processing here, the final destination (a
			 * Router Alert counts in Hop-by-Hop only). */
			r = v6_exthdr_rx_opts(s, ifp, rx, off, false, &hlen,
			    &(int32_t){ -1 }, now);
			break;
		case V6_NH_ROUTING:
			r = v6_exthdr_rx_routing(s, ifp, rx, off, &hlen, now);
			break;
		case V6_NH_FRAGMENT:
			r = ip6_rx_fragment(s, ifp, rx, &nh, &off, &nh_off,
			    &held, now);
			if (r != V6_DROP_NONE || held)
				return r;
			continue;
		default:
			/* RFC 8200 4, RFC 4443 3.4: an unrecognized Next
			 * Header (AH and ESP included: no IPsec here) gives
			 * Parameter Problem code 1 pointing at the field that
			 * named it (Linux ip6_protocol_deliver_rcu). */
			(void)v6_icmp6_error(s, ifp, rx, rx->pkt, rx->pkt_len,
			    V6_ICMP6_PARAM_PROB, 1, (uint32_t)nh_off, false, now);
			return V6_DROP_IP6_UNKNOWN_NEXTHDR;
		}
		if (r != V6_DROP_NONE)
			return r;
		nh_off = off;
		nh = rx->pkt[off];
		off += hlen;
	}
}

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
	r = v6_ip6_parse(v, &rx.ip);
	/* Linux (ip6_rcv_core): once the version is 6, each datagram is
	 * counted by its ECN field (RFC 3168 5), before its length is. */
	_Static_assert(V6_SNMP_Ip6InCEPkts == V6_SNMP_Ip6InNoECTPkts + 3 &&
	    V6_SNMP_Ip6InECT1Pkts == V6_SNMP_Ip6InNoECTPkts + 1,
	    "snmp.def: the ECN counters in codepoint order");
	if (r != V6_DROP_IP6_BAD_VERSION)
		V6_STAT_INC_IDX(ifp, V6_SNMP_Ip6InNoECTPkts + (rx.ip.tclass & 3));
	if (r != V6_DROP_NONE)
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
	rx.dst_anycast = false;
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
		bool ll = v6_addr_is_linklocal(&rx.ip.dst);
		a = v6_addr_lookup_pref(s, ifp, &rx.ip.dst, !ll);
		if (!a) {
			/* RFC 4291 2.6: an anycast address is received like
			 * a unicast one. */
			if (!v6_acast_lookup(s, ll ? ifp : NULL, &rx.ip.dst)) {
				/* Not ours: a router's (forward.c). */
				rx.fragmented = false;
				rx.rtalert = false;
				return v6_ip6_forward(s, ifp, &rx, now);
			}
			rx.dst_anycast = true;
		} else if (!v6_addr_usable(a)) {
			/* RFC 4862 5.4: a tentative address receives only ND
			 * for DAD; those are sent to its solicited-node
			 * group, not to it. */
			return V6_DROP_IP6_DST_TENTATIVE;
		}
	}

	rx.fragmented = false;
	rx.rtalert = false; /* next to fragmented: one store */
	return ip6_deliver(s, ifp, &rx, now);
}
