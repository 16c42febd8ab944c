/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPv6 input (ipv6_in.c: header checks, destination ownership, the header
 * chain, RFC 8200 3, 4) and output (ipv6_out.c: the header, the path MTU,
 * fragmentation, the next hop and the link-layer destination).
 */
#ifndef V6_CORE_IPV6_H
#define V6_CORE_IPV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "wire/ipv6.h"

/* How a packet arrived, as the upper layers see it. */
struct v6_rx_info {
	struct v6_ip6_repr ip;
	bool fragmented;       /* reassembled, or an atomic fragment (RFC 6946) */
	bool rtalert;          /* a Hop-by-Hop Router Alert option (RFC 2711) ... */
	uint16_t rtalert_value; /* ... and its value (0: MLD); only if rtalert */
	const uint8_t *pkt;    /* the IPv6 header as received */
	size_t pkt_len;        /* its length, padding trimmed */
	const uint8_t *l2_src; /* the frame's source MAC */
	bool l2_mcast;         /* the frame was sent to a group MAC */
	bool dst_mcast;        /* the IPv6 destination is multicast */
	bool dst_anycast;      /* the IPv6 destination is one of our anycast addresses */
};

enum v6_drop v6_ip6_rx(struct v6_stack *s, struct v6_iface *ifp,
    const uint8_t *pkt, size_t len, const uint8_t *l2_src, bool l2_mcast,
    v6_time_t now);

/* The payload is built at v6_tx_payload(s) (stack.h); v6_ip6_tx writes
 * the IPv6 and Ethernet headers in front of it, picks the next hop and
 * sends or queues it. */
enum v6_drop v6_ip6_tx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip, v6_time_t now);
/* Send the packet at v6_tx_payload(s) to a known link-layer address. */
void v6_ip6_tx_lladdr(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip, const uint8_t mac[6]);

#endif
