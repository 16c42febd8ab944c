/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Multicast Listener Discovery messages: the Query in its MLDv1 (RFC 2710
 * 3) and MLDv2 (RFC 3810 5.1) forms, the MLDv2 Report (RFC 3810 5.2) and
 * the MLDv1 Report and Done (RFC 2710 3).
 *
 * Query (type 130):                          MLDv2 Report (type 143):
 *  0 type | code | checksum                   0 type | code | checksum
 *  4 Maximum Response Code | Reserved         4 Reserved | Nr of Mcast Address Records
 *  8 Multicast Address (16)                   8 Multicast Address Records ...
 * 24 Resv(4) S(1) QRV(3) | QQIC | N sources     record: type | aux len | N sources
 * 28 Source Addresses (16 each)  (v2 only)            Multicast Address (16)
 *                                                     sources, aux data
 * MLDv1 Report (131) / Done (132): as the 24-byte v1 Query, delay 0.
 */
#ifndef V6_WIRE_MLD_H
#define V6_WIRE_MLD_H

#include "wire/icmpv6.h"

#define V6_MLD1_LEN 24        /* RFC 2710 3; RFC 3810 8.1: a v1 Query */
#define V6_MLD2_QUERY_MIN 28  /* RFC 3810 8.1: a v2 Query is >= 28 */
#define V6_MLD_OFF_MRC 4
#define V6_MLD_OFF_GROUP 8
#define V6_MLD_OFF_SQRV 24
#define V6_MLD_OFF_QQIC 25
#define V6_MLD_OFF_NSRC 26
#define V6_MLD_OFF_SRCS 28
#define V6_MLD2_REPORT_HLEN 8
#define V6_MLD2_RECORD_HLEN 20

/* RFC 3810 5.2.12: Multicast Address Record types. */
enum v6_mld2_rec_type {
	V6_MLD2_MODE_IS_INCLUDE = 1,
	V6_MLD2_MODE_IS_EXCLUDE = 2,
	V6_MLD2_CHANGE_TO_INCLUDE = 3,
	V6_MLD2_CHANGE_TO_EXCLUDE = 4,
	V6_MLD2_ALLOW_NEW_SOURCES = 5,
	V6_MLD2_BLOCK_OLD_SOURCES = 6,
};

/* A Query checked for its length: v2 (>= 28 bytes, its source list within
 * the message) or v1 (exactly 24). */
struct v6_mld_query {
	const uint8_t *b;
	size_t len;
	bool v2;
};

/*
 * RFC 3810 8.1 (and 5.1.10): 24 bytes is MLDv1, 28 or more MLDv2, anything
 * else is not a valid Query. Returns V6_DROP_NONE, V6_DROP_MLD_TRUNCATED,
 * V6_DROP_MLD_QUERY_BAD_LEN or V6_DROP_MLD_QUERY_TRUNCATED.
 */
static inline enum v6_drop
v6_mld_query_view(struct v6_mld_query *q, const uint8_t *b, size_t len)
{
	if (len < V6_MLD1_LEN)
		return V6_DROP_MLD_TRUNCATED;
	if (len > V6_MLD1_LEN && len < V6_MLD2_QUERY_MIN)
		return V6_DROP_MLD_QUERY_BAD_LEN;
	q->b = b;
	q->len = len;
	q->v2 = len >= V6_MLD2_QUERY_MIN;
	if (q->v2 && V6_MLD_OFF_SRCS + 16 * (size_t)v6_rd16(b + V6_MLD_OFF_NSRC) > len)
		return V6_DROP_MLD_QUERY_TRUNCATED;
	return V6_DROP_NONE;
}

static inline uint16_t v6_mld_query_mrc(struct v6_mld_query q) { return v6_rd16(q.b + V6_MLD_OFF_MRC); }
static inline void v6_mld_query_group(struct v6_mld_query q, struct in6_addr *g) { v6_rdaddr(g, q.b + V6_MLD_OFF_GROUP); }
/* v2 only: */
static inline uint8_t v6_mld_query_qrv(struct v6_mld_query q) { return q.b[V6_MLD_OFF_SQRV] & 7; }
static inline bool v6_mld_query_sflag(struct v6_mld_query q) { return q.b[V6_MLD_OFF_SQRV] & 8; }
static inline uint8_t v6_mld_query_qqic(struct v6_mld_query q) { return q.b[V6_MLD_OFF_QQIC]; }
static inline uint16_t v6_mld_query_nsrc(struct v6_mld_query q) { return v6_rd16(q.b + V6_MLD_OFF_NSRC); }

/*
 * RFC 3810 5.1.3: the Maximum Response Delay in milliseconds. Below 32768
 * the code is the delay; from 32768 it is 1|exp(3)|mant(12):
 * (mant | 0x1000) << (exp + 3).
 */
uint32_t v6_mld_mrc_to_ms(uint16_t mrc);
/* RFC 3810 5.1.9: the Querier's Query Interval in seconds from QQIC
 * (below 128 the code; from 128 1|exp(3)|mant(4): (mant | 0x10) << (exp + 3)). */
uint32_t v6_mld_qqic_to_s(uint8_t qqic);

/* Write an MLDv2 Report header for n_records records (RFC 3810 5.2).
 * Checksum left zero. Returns V6_MLD2_REPORT_HLEN. */
size_t v6_mld2_report_emit(uint8_t *buf, uint16_t n_records);
/* Write one record with no sources and no auxiliary data (RFC 3810
 * 5.2.4-5.2.11). Returns V6_MLD2_RECORD_HLEN. */
size_t v6_mld2_record_emit(uint8_t *buf, enum v6_mld2_rec_type type,
    const struct in6_addr *group);
/* Write an MLDv1 Report (131) or Done (132) for group (RFC 2710 3):
 * Maximum Response Delay 0. Checksum left zero. Returns V6_MLD1_LEN. */
size_t v6_mld1_emit(uint8_t *buf, uint8_t type, const struct in6_addr *group);

#endif
