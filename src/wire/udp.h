/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * UDP header (RFC 768; over IPv6, RFC 8200 8.1).
 *
 * +--------+--------+--------+--------+
 * |  Source Port    |  Dest Port      |  0
 * +--------+--------+--------+--------+
 * |  Length         |  Checksum       |  4
 * +--------+--------+--------+--------+
 */
#ifndef V6_WIRE_UDP_H
#define V6_WIRE_UDP_H

#include "wire/wire.h"

#define V6_UDP_HLEN 8
#define V6_UDP_OFF_SPORT 0
#define V6_UDP_OFF_DPORT 2
#define V6_UDP_OFF_LEN 4
#define V6_UDP_OFF_CSUM 6

struct v6_udp {
	const uint8_t *b;
	size_t len; /* bytes available, >= V6_UDP_HLEN */
};

static inline enum v6_drop
v6_udp_view(struct v6_udp *v, const uint8_t *b, size_t len)
{
	if (len < V6_UDP_HLEN)
		return V6_DROP_UDP_TRUNCATED;
	v->b = b;
	v->len = len;
	return V6_DROP_NONE;
}

static inline uint16_t v6_udp_sport(struct v6_udp v) { return v6_rd16(v.b + V6_UDP_OFF_SPORT); }
static inline uint16_t v6_udp_dport(struct v6_udp v) { return v6_rd16(v.b + V6_UDP_OFF_DPORT); }
static inline uint16_t v6_udp_length(struct v6_udp v) { return v6_rd16(v.b + V6_UDP_OFF_LEN); }
static inline uint16_t v6_udp_csum_field(struct v6_udp v) { return v6_rd16(v.b + V6_UDP_OFF_CSUM); }

/* Write the header with a zero checksum; len includes the header. */
static inline size_t
v6_udp_emit(uint8_t *buf, uint16_t sport, uint16_t dport, uint16_t len)
{
	v6_wr16(buf + V6_UDP_OFF_SPORT, sport);
	v6_wr16(buf + V6_UDP_OFF_DPORT, dport);
	v6_wr16(buf + V6_UDP_OFF_LEN, len);
	v6_wr16(buf + V6_UDP_OFF_CSUM, 0);
	return V6_UDP_HLEN;
}

#endif
