/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ICMPv6 (RFC 4443 2.1) and Echo (RFC 4443 4.1, 4.2).
 *
 * +--------+--------+----------------+
 * |  Type  |  Code  |    Checksum    |   0
 * +--------+--------+----------------+
 * | Identifier      | Sequence       |   4  (echo)
 * +-----------------+----------------+
 * | Data ...                              8
 */
#ifndef V6_WIRE_ICMPV6_H
#define V6_WIRE_ICMPV6_H

#include "wire/wire.h"

#define V6_ICMP6_HLEN 4
#define V6_ICMP6_OFF_TYPE 0
#define V6_ICMP6_OFF_CODE 1
#define V6_ICMP6_OFF_CSUM 2
#define V6_ICMP6_ECHO_HLEN 8
#define V6_ICMP6_ERR_HLEN 8 /* type, code, checksum, MTU or pointer or unused */
#define V6_ICMP6_OFF_ECHO_ID 4
#define V6_ICMP6_OFF_ECHO_SEQ 6

/* Message types (RFC 4443 2.1, RFC 4861 4, RFC 3810 5, RFC 2710 3). */
enum v6_icmp6_type {
	V6_ICMP6_DST_UNREACH = 1,
	V6_ICMP6_PKT_TOO_BIG = 2,
	V6_ICMP6_TIME_EXCEEDED = 3,
	V6_ICMP6_PARAM_PROB = 4,
	V6_ICMP6_ECHO_REQUEST = 128,
	V6_ICMP6_ECHO_REPLY = 129,
	V6_ICMP6_MLD_QUERY = 130,
	V6_ICMP6_MLD1_REPORT = 131,
	V6_ICMP6_MLD1_DONE = 132,
	V6_ICMP6_ROUTER_SOLICIT = 133,
	V6_ICMP6_ROUTER_ADVERT = 134,
	V6_ICMP6_NEIGHBOR_SOLICIT = 135,
	V6_ICMP6_NEIGHBOR_ADVERT = 136,
	V6_ICMP6_REDIRECT = 137,
	V6_ICMP6_MLD2_REPORT = 143,
};

struct v6_icmp6 {
	const uint8_t *b;
	size_t len; /* the ICMPv6 message length, >= V6_ICMP6_HLEN */
};

static inline enum v6_drop
v6_icmp6_view(struct v6_icmp6 *v, const uint8_t *b, size_t len)
{
	if (len < V6_ICMP6_HLEN)
		return V6_DROP_ICMP6_TRUNCATED;
	v->b = b;
	v->len = len;
	return V6_DROP_NONE;
}

static inline uint8_t v6_icmp6_type(struct v6_icmp6 v) { return v.b[V6_ICMP6_OFF_TYPE]; }
static inline uint8_t v6_icmp6_code(struct v6_icmp6 v) { return v.b[V6_ICMP6_OFF_CODE]; }

/* RFC 4443 2.1: error messages have the high bit of the type clear. */
static inline bool
v6_icmp6_type_is_error(uint8_t type)
{
	return (type & 0x80) == 0;
}

/* Write type, code and a zero checksum. Returns V6_ICMP6_HLEN. */
static inline size_t
v6_icmp6_emit_hdr(uint8_t *buf, uint8_t type, uint8_t code)
{
	buf[V6_ICMP6_OFF_TYPE] = type;
	buf[V6_ICMP6_OFF_CODE] = code;
	buf[V6_ICMP6_OFF_CSUM] = 0;
	buf[V6_ICMP6_OFF_CSUM + 1] = 0;
	return V6_ICMP6_HLEN;
}

#endif
