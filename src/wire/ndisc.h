/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Neighbor Solicitation and Advertisement bodies (RFC 4861 4.3, 4.4).
 *
 * NS:  type 135 | code | checksum        NA:  type 136 | code | checksum
 *      reserved (32 bits)                     R|S|O| reserved (29 bits)
 *      target address (16)                    target address (16)
 *      options ...                            options ...
 */
#ifndef V6_WIRE_NDISC_H
#define V6_WIRE_NDISC_H

#include "wire/icmpv6.h"
#include "wire/ndopt.h"

#define V6_NDISC_NS_NA_LEN 24 /* RFC 4861 7.1.1, 7.1.2: minimum ICMP length */
#define V6_NDISC_OFF_FLAGS 4
#define V6_NDISC_OFF_TARGET 8
#define V6_NDISC_OFF_OPTS 24

#define V6_NA_FLAG_ROUTER 0x80    /* R */
#define V6_NA_FLAG_SOLICITED 0x40 /* S */
#define V6_NA_FLAG_OVERRIDE 0x20  /* O */

/* An NS or NA, checked to be >= 24 bytes. */
struct v6_nsna {
	const uint8_t *b;
	size_t len;
};

static inline enum v6_drop
v6_nsna_view(struct v6_nsna *v, struct v6_icmp6 icmp)
{
	if (icmp.len < V6_NDISC_NS_NA_LEN)
		return V6_DROP_NDISC_TRUNCATED;
	v->b = icmp.b;
	v->len = icmp.len;
	return V6_DROP_NONE;
}

static inline void
v6_nsna_target(struct v6_nsna v, struct in6_addr *t)
{
	v6_rdaddr(t, v.b + V6_NDISC_OFF_TARGET);
}

static inline uint8_t v6_na_flags(struct v6_nsna v) { return v.b[V6_NDISC_OFF_FLAGS] & 0xe0; }

static inline void
v6_nsna_options(struct v6_nsna v, struct v6_ndopt_it *it)
{
	v6_ndopt_it_init(it, v.b + V6_NDISC_OFF_OPTS, v.len - V6_NDISC_OFF_OPTS);
}

/*
 * Write an NS for target, with a Source LLA option when slla is given
 * (RFC 4861 4.3; none when the source is ::, 7.2.2 / RFC 4862 5.4.2) and a
 * Nonce option when nonce is given (RFC 7527). Checksum left zero.
 * Returns the ICMPv6 length.
 */
size_t v6_ndisc_emit_ns(uint8_t *buf, const struct in6_addr *target,
    const struct v6_slla *slla, const uint8_t nonce[6]);

/*
 * Write an NA for target with flags (V6_NA_FLAG_*) and a Target LLA option
 * when tlla is given (RFC 4861 4.4, 7.2.4). Checksum left zero.
 * Returns the ICMPv6 length.
 */
size_t v6_ndisc_emit_na(uint8_t *buf, const struct in6_addr *target,
    uint8_t flags, const struct v6_tlla *tlla);

#endif
