/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPv6 header (RFC 8200 3).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |  0
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |  4
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Source Address                        |  8..23
 * |                      Destination Address                      | 24..39
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#ifndef V6_WIRE_IPV6_H
#define V6_WIRE_IPV6_H

#include "wire/wire.h"

#define V6_IP6_HLEN 40
#define V6_IP6_OFF_VTF 0
#define V6_IP6_OFF_PLEN 4
#define V6_IP6_OFF_NEXT 6
#define V6_IP6_OFF_HLIM 7
#define V6_IP6_OFF_SRC 8
#define V6_IP6_OFF_DST 24
#define V6_IP6_MIN_MTU 1280 /* RFC 8200 5 */

/* Protocol numbers (IANA), as Next Header values. */
#define V6_NH_HOPOPTS 0
#define V6_NH_TCP 6
#define V6_NH_UDP 17
#define V6_NH_ROUTING 43
#define V6_NH_FRAGMENT 44
#define V6_NH_ESP 50
#define V6_NH_AH 51
#define V6_NH_ICMPV6 58
#define V6_NH_NONE 59
#define V6_NH_DSTOPTS 60

struct v6_ip6 {
	const uint8_t *b;
	size_t len; /* bytes available from b, >= V6_IP6_HLEN */
};

struct v6_ip6_repr {
	struct in6_addr src, dst;
	uint32_t flow;    /* 20 bits */
	uint16_t plen;    /* payload length */
	uint8_t tclass;
	uint8_t next;     /* next header */
	uint8_t hlim;
};

static inline enum v6_drop
v6_ip6_view(struct v6_ip6 *v, const uint8_t *b, size_t len)
{
	if (len < V6_IP6_HLEN)
		return V6_DROP_IP6_TRUNCATED_HDR;
	v->b = b;
	v->len = len;
	return V6_DROP_NONE;
}

static inline unsigned v6_ip6_version(struct v6_ip6 v) { return v.b[0] >> 4; }
static inline uint16_t v6_ip6_payload_len(struct v6_ip6 v) { return v6_rd16(v.b + V6_IP6_OFF_PLEN); }
static inline uint8_t v6_ip6_next(struct v6_ip6 v) { return v.b[V6_IP6_OFF_NEXT]; }
static inline uint8_t v6_ip6_hop_limit(struct v6_ip6 v) { return v.b[V6_IP6_OFF_HLIM]; }
static inline const uint8_t *v6_ip6_src_bytes(struct v6_ip6 v) { return v.b + V6_IP6_OFF_SRC; }
static inline const uint8_t *v6_ip6_dst_bytes(struct v6_ip6 v) { return v.b + V6_IP6_OFF_DST; }

/*
 * Decode the header. Checks the version (RFC 8200 3) and that the payload
 * length fits in the bytes available. Returns V6_DROP_NONE,
 * V6_DROP_IP6_BAD_VERSION or V6_DROP_IP6_TRUNCATED.
 */
enum v6_drop v6_ip6_parse(struct v6_ip6 v, struct v6_ip6_repr *out);

/* Write the 40-byte header. Returns V6_IP6_HLEN. */
size_t v6_ip6_emit(const struct v6_ip6_repr *r, uint8_t *buf);

#endif
