/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ethernet II header (IEEE 802.3, RFC 2464 for IPv6).
 *
 *  0                   6                  12      14
 * +-------------------+-------------------+-------+
 * | destination MAC   | source MAC        | type  |
 * +-------------------+-------------------+-------+
 */
#ifndef V6_WIRE_ETH_H
#define V6_WIRE_ETH_H

#include "wire/wire.h"

#define V6_ETH_HLEN 14
#define V6_ETH_OFF_DST 0
#define V6_ETH_OFF_SRC 6
#define V6_ETH_OFF_TYPE 12
#define V6_ETHERTYPE_IPV6 0x86dd

struct v6_eth {
	const uint8_t *b;
	size_t len; /* >= V6_ETH_HLEN */
};

/* Check that len covers an Ethernet header. */
static inline enum v6_drop
v6_eth_view(struct v6_eth *v, const uint8_t *b, size_t len)
{
	if (len < V6_ETH_HLEN)
		return V6_DROP_ETH_TRUNCATED;
	v->b = b;
	v->len = len;
	return V6_DROP_NONE;
}

static inline const uint8_t *v6_eth_dst(struct v6_eth v) { return v.b + V6_ETH_OFF_DST; }
static inline const uint8_t *v6_eth_src(struct v6_eth v) { return v.b + V6_ETH_OFF_SRC; }
static inline uint16_t v6_eth_type(struct v6_eth v) { return v6_rd16(v.b + V6_ETH_OFF_TYPE); }
static inline const uint8_t *v6_eth_payload(struct v6_eth v) { return v.b + V6_ETH_HLEN; }
static inline size_t v6_eth_payload_len(struct v6_eth v) { return v.len - V6_ETH_HLEN; }

/* IEEE 802: the I/G bit, set on group (multicast and broadcast) MACs. */
static inline bool
v6_mac_is_group(const uint8_t *mac)
{
	return mac[0] & 1;
}

/* Write all 14 bytes. Returns V6_ETH_HLEN. */
static inline size_t
v6_eth_emit(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
    uint16_t type)
{
	memcpy(buf + V6_ETH_OFF_DST, dst, 6);
	memcpy(buf + V6_ETH_OFF_SRC, src, 6);
	v6_wr16(buf + V6_ETH_OFF_TYPE, type);
	return V6_ETH_HLEN;
}

#endif
