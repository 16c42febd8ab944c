/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Extension headers for this node (RFC 8200 4): the options of the
 * Hop-by-Hop and Destination Options headers (4.2, 4.3, 4.6) and the
 * Routing header (4.4, RFC 5095). The chain itself is walked by
 * ipv6_in.c, which calls these per header; fragments go to frag.c.
 *
 * Linux (net/ipv6/exthdrs.c ip6_parse_tlv, ipv6_rthdr_rcv) is followed
 * where the RFC leaves room; where they differ the RFC's MUSTs win, as
 * noted at each spot.
 */
#include "core/exthdr.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/stack.h"
#include "wire/exthdr.h"
#include "wire/icmpv6.h"

/* Padding in a row beyond this is invalid (RFC 4942 2.1.9.5: padding
 * only aligns to 8 octets; Linux ip6_parse_tlv). */
#define V6_PAD_MAX 7

/*
 * RFC 8200 4.2: an option this node does not recognize, by the two
 * high-order bits of its type. ptr: its type byte's offset from the start
 * of the IPv6 header, the Parameter Problem pointer.
 */
static enum v6_drop
opt_unknown(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, uint8_t type, size_t ptr, bool refuse,
    v6_time_t now)
{
	unsigned act = v6_opt_action(type);

	/* Linux: a negative max_*_opts_number refuses every unknown option,
	 * silently, whatever its action bits. */
	if (refuse)
		return V6_DROP_EXTHDR_OPT_UNKNOWN_REFUSED;
	switch (act) {
	case V6_OPT_ACT_SKIP:
		/* 00: "skip over this option and continue processing the
		 * header." */
		return V6_DROP_NONE;
	case V6_OPT_ACT_DISCARD:
		/* 01: "discard the packet." */
		return V6_DROP_EXTHDR_OPT_UNKNOWN_DISCARD;
	case V6_OPT_ACT_ICMP_UNICAST:
		/* 11: "discard the packet and, only if the packet's
		 * Destination Address was not a multicast address, send an
		 * ICMP Parameter Problem, Code 2, message". */
		if (rx->dst_mcast)
			return V6_DROP_EXTHDR_OPT_UNKNOWN_MCAST;
		(void)v6_icmp6_error(s, ifp, rx, rx->pkt, rx->pkt_len,
		    V6_ICMP6_PARAM_PROB, 2, (uint32_t)ptr, false, now);
		return V6_DROP_EXTHDR_OPT_UNKNOWN_PARAMPROB;
	default:
		/* 10: "discard the packet and, regardless of whether or not
		 * the packet's Destination Address was a multicast address,
		 * send an ICMP Parameter Problem, Code 2" (RFC 4443 2.4
		 * (e.2), (e.3) make the exception). */
		(void)v6_icmp6_error(s, ifp, rx, rx->pkt, rx->pkt_len,
		    V6_ICMP6_PARAM_PROB, 2, (uint32_t)ptr, true, now);
		return V6_DROP_EXTHDR_OPT_UNKNOWN_PARAMPROB;
	}
}

enum v6_drop
v6_exthdr_rx_opts(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, size_t off, bool hbh, size_t *hlen,
    int32_t *rtalert, v6_time_t now)
{
	struct v6_ext ext;
	struct v6_tlv_it it;
	struct v6_tlv opt;
	enum v6_drop r;
	int max_opts = hbh ? s->glob.max_hbh_opts_number
			   : s->glob.max_dst_opts_number;
	bool refuse_unknown = max_opts < 0;
	unsigned n_opts = 0, padlen = 0;

	if ((r = v6_ext_view(&ext, rx->pkt + off, rx->pkt_len - off)) !=
	    V6_DROP_NONE)
		return r;
	/* Linux: max_hbh_length / max_dst_opts_length bound the header. */
	if (ext.len > (size_t)(hbh ? s->glob.max_hbh_length
				   : s->glob.max_dst_opts_length))
		return V6_DROP_EXTHDR_TOO_LONG;
	if (refuse_unknown)
		max_opts = -max_opts;
	for (v6_tlv_begin(&it, ext); !v6_tlv_done(&it);) {
		if ((r = v6_tlv_next(&it, &opt)) != V6_DROP_NONE)
			return r;
		if (opt.type == V6_OPT_PAD1 || opt.type == V6_OPT_PADN) {
			/* RFC 8200 4.2 Pad1, PadN. Linux: at most 7 bytes of
			 * padding in a row, and PadN data all zero (RFC 4942
			 * 2.1.9.5), else the packet is dropped. */
			padlen += (unsigned)opt.total;
			if (padlen > V6_PAD_MAX)
				return V6_DROP_EXTHDR_PAD_TOO_LONG;
			for (size_t i = 0; i < opt.data_len; i++)
				if (opt.data[i] != 0)
					return V6_DROP_EXTHDR_PADN_NOT_ZERO;
			continue;
		}
		padlen = 0;
		/* Linux: at most max_*_opts_number options, padding apart. */
		if (++n_opts > (unsigned)max_opts)
			return V6_DROP_EXTHDR_TOO_MANY_OPTS;
		if (hbh && opt.type == V6_OPT_ROUTER_ALERT) {
			/* RFC 2711 2.1: length 2. It is recognized, never an
			 * unknown option; its value goes up with the packet,
			 * for MLD (RFC 3810 6.2; Linux ipv6_hop_ra keeps it
			 * in IP6CB(skb)->ra). */
			if (opt.data_len != 2)
				return V6_DROP_EXTHDR_RTALERT_BAD_LEN;
			*rtalert = v6_rd16(opt.data);
			continue;
		}
		/* Every other option is unknown to this node, the Jumbo
		 * Payload (RFC 2675) included: a host on a link whose MTU is
		 * below 65575 never gets one. (Linux recognizes it for its
		 * BIG TCP; RFC 8200 4.2 rules an option we do not implement.) */
		r = opt_unknown(s, ifp, rx, opt.type, off + opt.off,
		    refuse_unknown, now);
		if (r != V6_DROP_NONE)
			return r;
	}
	*hlen = ext.len;
	return V6_DROP_NONE;
}

enum v6_drop
v6_exthdr_rx_routing(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, size_t off, size_t *hlen, v6_time_t now)
{
	struct v6_ext ext;
	enum v6_drop r;

	if ((r = v6_ext_view(&ext, rx->pkt + off, rx->pkt_len - off)) !=
	    V6_DROP_NONE)
		return r;
	/* RFC 8200 4.4: "If Segments Left is zero, the node must ignore the
	 * Routing header and proceed to process the next header in the
	 * packet, whose type is identified by the Next Header field in the
	 * Routing header." Whatever the type: Linux drops every Segment
	 * Routing header (type 4) when seg6_enabled is 0, and a Routing
	 * header to a multicast destination; the RFC's MUST wins here. */
	if (v6_rthdr_segleft(ext) == 0) {
		*hlen = ext.len;
		return V6_DROP_NONE;
	}
	/* RFC 8200 4.4: an unrecognized Routing Type with Segments Left > 0:
	 * "the node must discard the packet and send an ICMP Parameter
	 * Problem, Code 0, message to the packet's Source Address, pointing
	 * to the unrecognized Routing Type." RFC 5095 3: type 0 is processed
	 * as an unrecognized type. A host routes nothing, so every type is
	 * unrecognized here (types 2, 3, 4 belong to mobile nodes, RPL and
	 * SR nodes). Linux ipv6_rthdr_rcv: the same pointer, Ip6InHdrErrors. */
	(void)v6_icmp6_error(s, ifp, rx, rx->pkt, rx->pkt_len,
	    V6_ICMP6_PARAM_PROB, 0, (uint32_t)(off + V6_RTHDR_OFF_TYPE), false,
	    now);
	return v6_rthdr_type(ext) == V6_RTHDR_TYPE0 ? V6_DROP_RTHDR_TYPE0
						     : V6_DROP_RTHDR_UNKNOWN_TYPE;
}
