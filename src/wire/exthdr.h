/*
 * IPv6 extension headers (RFC 8200 4): walking the chain to the upper-layer
 * header. Only the generic layout is read here (Next Header, Hdr Ext Len);
 * the processing of each header's contents is protocol logic (core).
 *
 *  Hop-by-Hop (0), Routing (43), Destination Options (60):
 *    +--------+--------+------ ... length (Hdr Ext Len + 1) * 8
 *    | Next   | HdrLen |
 *  Fragment (44): 8 bytes: Next, reserved, offset(13) res(2) M(1), ident(32)
 *  AH (51, RFC 4302 2): length (Payload Len + 2) * 4
 */
#ifndef V6_WIRE_EXTHDR_H
#define V6_WIRE_EXTHDR_H

#include "wire/ipv6.h"

#define V6_EXTHDR_MAX 16 /* headers walked before giving up */

static inline bool
v6_nh_is_exthdr(uint8_t nh)
{
	return nh == V6_NH_HOPOPTS || nh == V6_NH_ROUTING ||
	    nh == V6_NH_FRAGMENT || nh == V6_NH_DSTOPTS || nh == V6_NH_AH;
}

/* Where the chain starting after the fixed header ends. */
struct v6_exthdr_end {
	uint8_t next;      /* the upper-layer protocol, or the header that stopped the walk */
	size_t off;        /* its offset from the start of the IPv6 header */
	size_t nh_off;     /* offset of the Next Header field that named it */
	bool frag_nonfirst; /* stopped at a fragment with a non-zero offset */
};

/*
 * Walk the chain of the packet at pkt (len bytes, IPv6 header included) to
 * the upper-layer header. Returns V6_DROP_NONE, V6_DROP_EXTHDR_TRUNCATED or
 * V6_DROP_EXTHDR_TOO_MANY.
 */
enum v6_drop v6_exthdr_skip(const uint8_t *pkt, size_t len,
    struct v6_exthdr_end *out);

/* RFC 2711 2.1: the Router Alert option (type 5, length 2, value). */
#define V6_OPT_PAD1 0
#define V6_OPT_PADN 1
#define V6_OPT_ROUTER_ALERT 5
#define V6_RTALERT_MLD 0 /* RFC 2711 2.1: the datagram contains an MLD message */
#define V6_HBH_RTALERT_LEN 8

/*
 * Write an 8-byte Hop-by-Hop Options header holding one Router Alert option
 * with value, padded with PadN (RFC 8200 4.2, 4.3), as MLD needs (RFC 3810
 * 5). Returns the bytes written (8), or 0 if cap is too small.
 */
size_t v6_hbh_rtalert_emit(uint8_t *buf, size_t cap, uint8_t next,
    uint16_t value);

#endif
