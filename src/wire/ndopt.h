/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Neighbor Discovery options (RFC 4861 4.6): type, length in units of 8
 * octets, value.
 *
 * +--------+--------+---------------------------
 * |  Type  | Length |  ...
 * +--------+--------+---------------------------
 *
 * Source and Target Link-Layer Address options (4.6.1) have their own
 * types and emitters, so an NA builder cannot be handed an SLLA (the
 * seed's bug: an NA carrying a Source LLA option, which Linux ignores).
 */
#ifndef V6_WIRE_NDOPT_H
#define V6_WIRE_NDOPT_H

#include "wire/wire.h"

/* RFC 4861 6.1.1, 6.1.2, 7.1.1, 7.1.2, 8.1: every Neighbor Discovery
 * message is sent with, and must arrive with, hop limit 255 (so it cannot
 * have come through a router). */
#define V6_ND_HOP_LIMIT 255

enum v6_ndopt_type {
	V6_NDOPT_SLLA = 1,       /* RFC 4861 4.6.1 */
	V6_NDOPT_TLLA = 2,       /* RFC 4861 4.6.1 */
	V6_NDOPT_PREFIX = 3,     /* RFC 4861 4.6.2 */
	V6_NDOPT_REDIRECTED = 4, /* RFC 4861 4.6.3 */
	V6_NDOPT_MTU = 5,        /* RFC 4861 4.6.4 */
	V6_NDOPT_NONCE = 14,     /* RFC 3971 5.3.2, RFC 7527 */
	V6_NDOPT_ROUTE_INFO = 24,/* RFC 4191 2.3 */
	V6_NDOPT_RDNSS = 25,     /* RFC 8106 5.1 */
	V6_NDOPT_DNSSL = 31,     /* RFC 8106 5.2 */
};

#define V6_NDOPT_LLA_LEN 8 /* RFC 2464 8: Ethernet LLA option, length 1 */
#define V6_NDOPT_MAX 64    /* options walked per message before giving up */

/* A link-layer address that may only go into a Source LLA option. */
struct v6_slla {
	uint8_t mac[6];
};
/* A link-layer address that may only go into a Target LLA option. */
struct v6_tlla {
	uint8_t mac[6];
};

/* One option, as found by the iterator. */
struct v6_ndopt {
	uint8_t type;
	const uint8_t *b; /* the whole option, type and length included */
	size_t len;       /* in bytes, >= 8 */
};

struct v6_ndopt_it {
	const uint8_t *p, *end;
	unsigned n;
};

enum v6_ndopt_next_result { V6_NDOPT_OK, V6_NDOPT_END, V6_NDOPT_ERR };

static inline void
v6_ndopt_it_init(struct v6_ndopt_it *it, const uint8_t *p, size_t len)
{
	it->p = p;
	it->end = p + len;
	it->n = 0;
}

/*
 * Next option. Returns V6_NDOPT_OK with *opt filled, V6_NDOPT_END, or
 * V6_NDOPT_ERR with *why = V6_DROP_NDOPT_ZERO_LEN (RFC 4861 4.6: "Nodes
 * MUST silently discard an ND packet that contains an option with length
 * zero"), V6_DROP_NDOPT_TRUNCATED or V6_DROP_NDOPT_TOO_MANY.
 */
enum v6_ndopt_next_result v6_ndopt_next(struct v6_ndopt_it *it,
    struct v6_ndopt *opt, enum v6_drop *why);

/* The MAC carried in an SLLA/TLLA option, or V6_DROP_NDOPT_BAD_LLADDR_LEN. */
enum v6_drop v6_ndopt_lladdr(const struct v6_ndopt *opt, uint8_t mac[6]);

/* Write an 8-byte Source / Target Link-Layer Address option. */
size_t v6_ndopt_emit_slla(uint8_t *buf, const struct v6_slla *a);
size_t v6_ndopt_emit_tlla(uint8_t *buf, const struct v6_tlla *a);

#endif
