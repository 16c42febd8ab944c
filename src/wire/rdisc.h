/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Router Discovery and Redirect messages (RFC 4861 4.1, 4.2, 4.5) and the
 * options they carry (RFC 4861 4.6.2-4.6.4, RFC 4191 2.3, RFC 8106 5).
 * Views check lengths once; accessors cannot read outside the message.
 * No protocol decisions here: what is valid is core/rdisc.c's business,
 * except the lengths the RFCs fix for each option.
 *
 * RS:  type 133 | code | checksum      RA:  type 134 | code | checksum
 *      reserved (32)                        cur hop limit |M|O|H|Prf|P|R| router lifetime
 *      options ...                          reachable time (32, ms)
 *                                           retrans timer (32, ms)
 *                                           options ...
 * Redirect: type 137 | code | checksum
 *      reserved (32)
 *      target address (16)
 *      destination address (16)
 *      options ...
 */
#ifndef V6_WIRE_RDISC_H
#define V6_WIRE_RDISC_H

#include "wire/icmpv6.h"
#include "wire/ndopt.h"

#define V6_RS_LEN 8        /* RFC 4861 6.1.1: ICMP length >= 8 */
#define V6_RA_LEN 16       /* RFC 4861 6.1.2: ICMP length >= 16 */
#define V6_REDIRECT_LEN 40 /* RFC 4861 8.1: ICMP length >= 40 */
/* RFC 4861 6.2.1: AdvReachableTime is at most 3,600,000 ms (one hour);
 * larger Reachable Time and Retrans Timer values are not applied. */
#define V6_RA_TIME_MAX_MS 3600000u

#define V6_RA_FLAG_MANAGED 0x80 /* M */
#define V6_RA_FLAG_OTHER 0x40   /* O */

/* RFC 4191 2.1: the 2-bit preference: 01 high, 00 medium, 11 low, 10
 * reserved. Decoded to +1, 0, -1; reserved as V6_RTR_PREF_RESERVED. */
#define V6_RTR_PREF_RESERVED (-2)
static inline int
v6_rtr_pref_decode(unsigned bits)
{
	switch (bits & 3) {
	case 1: return 1;
	case 0: return 0;
	case 3: return -1;
	default: return V6_RTR_PREF_RESERVED;
	}
}

struct v6_ra {
	const uint8_t *b;
	size_t len;
};

static inline enum v6_drop
v6_ra_view(struct v6_ra *v, struct v6_icmp6 icmp)
{
	if (icmp.len < V6_RA_LEN)
		return V6_DROP_RA_TRUNCATED;
	v->b = icmp.b;
	v->len = icmp.len;
	return V6_DROP_NONE;
}
static inline uint8_t v6_ra_cur_hlim(struct v6_ra v) { return v.b[4]; }
static inline uint8_t v6_ra_flags(struct v6_ra v) { return v.b[5]; }
static inline int v6_ra_pref(struct v6_ra v) { return v6_rtr_pref_decode(v.b[5] >> 3); }
static inline uint16_t v6_ra_lifetime_s(struct v6_ra v) { return v6_rd16(v.b + 6); }
static inline uint32_t v6_ra_reachable_ms(struct v6_ra v) { return v6_rd32(v.b + 8); }
static inline uint32_t v6_ra_retrans_ms(struct v6_ra v) { return v6_rd32(v.b + 12); }
static inline void
v6_ra_options(struct v6_ra v, struct v6_ndopt_it *it)
{
	v6_ndopt_it_init(it, v.b + V6_RA_LEN, v.len - V6_RA_LEN);
}

struct v6_rs {
	const uint8_t *b;
	size_t len;
};
static inline enum v6_drop
v6_rs_view(struct v6_rs *v, struct v6_icmp6 icmp)
{
	if (icmp.len < V6_RS_LEN)
		return V6_DROP_RS_TRUNCATED;
	v->b = icmp.b;
	v->len = icmp.len;
	return V6_DROP_NONE;
}
static inline void
v6_rs_options(struct v6_rs v, struct v6_ndopt_it *it)
{
	v6_ndopt_it_init(it, v.b + V6_RS_LEN, v.len - V6_RS_LEN);
}

struct v6_redirect {
	const uint8_t *b;
	size_t len;
};
static inline enum v6_drop
v6_redirect_view(struct v6_redirect *v, struct v6_icmp6 icmp)
{
	if (icmp.len < V6_REDIRECT_LEN)
		return V6_DROP_REDIRECT_TRUNCATED;
	v->b = icmp.b;
	v->len = icmp.len;
	return V6_DROP_NONE;
}
static inline void v6_redirect_target(struct v6_redirect v, struct in6_addr *a) { v6_rdaddr(a, v.b + 8); }
static inline void v6_redirect_dest(struct v6_redirect v, struct in6_addr *a) { v6_rdaddr(a, v.b + 24); }
static inline void
v6_redirect_options(struct v6_redirect v, struct v6_ndopt_it *it)
{
	v6_ndopt_it_init(it, v.b + V6_REDIRECT_LEN, v.len - V6_REDIRECT_LEN);
}

/*
 * Write a Router Solicitation (RFC 4861 4.1) with a Source LLA option when
 * slla is given (none from ::, 4.1; none from an optimistic address, RFC
 * 4429 3.2). Checksum left zero. Returns the ICMPv6 length.
 */
size_t v6_rdisc_emit_rs(uint8_t *buf, const struct v6_slla *slla);

/* The header of a Router Advertisement (RFC 4861 4.2), as sent. */
struct v6_ra_repr {
	uint8_t cur_hlim;
	uint8_t flags;        /* V6_RA_FLAG_MANAGED | V6_RA_FLAG_OTHER */
	int pref;             /* RFC 4191 2.2: +1, 0, -1 */
	uint16_t lifetime_s;
	uint32_t reachable_ms, retrans_ms;
};
/* Write an RA's 16 octets (checksum zero); options follow at V6_RA_LEN. */
size_t v6_rdisc_emit_ra(uint8_t *buf, const struct v6_ra_repr *ra);

/* Option emitters for an RA: each writes its whole option at buf if it
 * fits in cap octets and returns its length, else returns 0 (the octets
 * within cap are then scratch). */
#define V6_NDOPT_PREFIX_LEN 32 /* RFC 4861 4.6.2 */
#define V6_NDOPT_MTU_LEN 8     /* RFC 4861 4.6.4 */
#define V6_NDOPT_RIO_LEN 24    /* RFC 4191 2.3, as radvd sends it: length 3 */
size_t v6_ndopt_emit_prefix(uint8_t *buf, size_t cap, const struct in6_addr *prefix,
    uint8_t plen, uint8_t flags, uint32_t valid_s, uint32_t preferred_s);
size_t v6_ndopt_emit_mtu(uint8_t *buf, size_t cap, uint32_t mtu);
/* Route Information with the whole prefix (length 3 whatever the prefix
 * length, as radvd; bits beyond plen written zero). */
size_t v6_ndopt_emit_rio(uint8_t *buf, size_t cap, const struct in6_addr *prefix,
    uint8_t plen, int pref, uint32_t lifetime_s);
/* RFC 8106 5.1: n >= 1 addresses. */
size_t v6_ndopt_emit_rdnss(uint8_t *buf, size_t cap, const struct in6_addr *addr,
    unsigned n, uint32_t lifetime_s);
/* RFC 8106 5.2: names as "a.example\0b.example\0\0" (dotted text, each
 * NUL-terminated, an empty one ends), written in RFC 1035 3.1 form and
 * zero padded to 8 octets. Returns 0 as well for a name that cannot be
 * encoded (a label over 63 octets, an empty label). */
size_t v6_ndopt_emit_dnssl(uint8_t *buf, size_t cap, const char *names,
    uint32_t lifetime_s);

/* ---- options ---- */

/* RFC 4861 4.6.2 Prefix Information: length 4 (32 octets).
 *  type | length | prefix length |L|A| reserved1
 *  valid lifetime (32, s) | preferred lifetime (32, s) | reserved2 (32)
 *  prefix (16) */
#define V6_PI_FLAG_ONLINK 0x80 /* L */
#define V6_PI_FLAG_AUTO 0x40   /* A */
struct v6_ndopt_prefix {
	uint8_t plen, flags;
	uint32_t valid_s, preferred_s;
	struct in6_addr prefix;
};
enum v6_drop v6_ndopt_prefix_parse(const struct v6_ndopt *o,
    struct v6_ndopt_prefix *out);

/* RFC 4861 4.6.4 MTU: length 1; reserved (16), MTU (32). */
enum v6_drop v6_ndopt_mtu_parse(const struct v6_ndopt *o, uint32_t *mtu);

/* RFC 4191 2.3 Route Information: length 1, 2 or 3 by prefix length.
 *  type | length | prefix length | resvd|Prf|resvd
 *  route lifetime (32, s) | prefix (0, 8 or 16 octets) */
struct v6_ndopt_rio {
	uint8_t plen;
	int pref; /* v6_rtr_pref_decode */
	uint32_t lifetime_s;
	struct in6_addr prefix; /* bits beyond plen zeroed */
};
enum v6_drop v6_ndopt_rio_parse(const struct v6_ndopt *o,
    struct v6_ndopt_rio *out);

/* RFC 8106 5.1 RDNSS: length 3 + 2n (n >= 1 addresses); reserved (16),
 * lifetime (32, s), addresses. */
#define V6_RDNSS_MAX 3 /* addresses kept from one option */
struct v6_ndopt_rdnss {
	uint32_t lifetime_s;
	unsigned n; /* addresses in the option */
	struct in6_addr addr[V6_RDNSS_MAX]; /* the first V6_RDNSS_MAX */
};
enum v6_drop v6_ndopt_rdnss_parse(const struct v6_ndopt *o,
    struct v6_ndopt_rdnss *out);

/* RFC 8106 5.2 DNSSL: length >= 2; reserved (16), lifetime (32, s),
 * domain names in DNS wire format (RFC 1035 3.1), zero padded. The names
 * are decoded to dotted text, one after another, NUL separated. */
#define V6_DNSSL_TEXT_MAX 256
struct v6_ndopt_dnssl {
	uint32_t lifetime_s;
	unsigned n; /* names decoded */
	char text[V6_DNSSL_TEXT_MAX]; /* n NUL-terminated names */
};
enum v6_drop v6_ndopt_dnssl_parse(const struct v6_ndopt *o,
    struct v6_ndopt_dnssl *out);

/* RFC 4861 4.6.3 Redirected Header: length >= 1; reserved (48), then as
 * much of the redirected packet as fits. Only its length is checked. */
enum v6_drop v6_ndopt_redirected_check(const struct v6_ndopt *o);

/* ---- Redirect emitter (RFC 4861 4.5, 4.6.1, 4.6.3) ---- */

/*
 * Write a Redirect (RFC 4861 4.5): target, destination, a Target
 * Link-Layer Address option when tlla is given, then a Redirected Header
 * option (4.6.3) carrying the first pkt_len bytes of pkt when pkt_len > 0
 * (pkt_len a multiple of 8; the caller chooses how much fits). Checksum
 * left zero. Returns the ICMPv6 length.
 */
size_t v6_rdisc_emit_redirect(uint8_t *buf, const struct in6_addr *target,
    const struct in6_addr *dest, const struct v6_tlla *tlla,
    const uint8_t *pkt, size_t pkt_len);
/* RFC 4861 4.6.3: the Redirected Header option's own header (type,
 * length, 6 reserved octets). */
#define V6_NDOPT_REDIRECTED_HLEN 8

#endif
