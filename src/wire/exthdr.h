/* SPDX-License-Identifier: BSD-2-Clause */
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
	bool frag_first;    /* walked past a first fragment's Fragment header
			     * (offset 0, M=1) */
};

/*
 * Walk the chain of the packet at pkt (len bytes, IPv6 header included) to
 * the upper-layer header. Returns V6_DROP_NONE, V6_DROP_EXTHDR_TRUNCATED or
 * V6_DROP_EXTHDR_TOO_MANY.
 */
enum v6_drop v6_exthdr_skip(const uint8_t *pkt, size_t len,
    struct v6_exthdr_end *out);

/*
 * The same walk from the header nh found at off, named by the Next Header
 * field at nh_off (e.g. the header after a Fragment header). Also stops at
 * a non-first fragment's Fragment header.
 */
enum v6_drop v6_exthdr_skip_from(const uint8_t *pkt, size_t len, uint8_t nh,
    size_t off, size_t nh_off, struct v6_exthdr_end *out);

/*
 * An option-bearing or routing header (RFC 8200 4.3, 4.4, 4.6): Next
 * Header, Hdr Ext Len, then (Hdr Ext Len + 1) * 8 - 2 bytes. Once viewed,
 * len bytes from b are readable.
 */
struct v6_ext {
	const uint8_t *b;
	size_t len; /* (Hdr Ext Len + 1) * 8 */
};

/* View the header at b (avail bytes left in the packet). Returns
 * V6_DROP_NONE or V6_DROP_EXTHDR_TRUNCATED. */
static inline enum v6_drop
v6_ext_view(struct v6_ext *v, const uint8_t *b, size_t avail)
{
	if (avail < 8)
		return V6_DROP_EXTHDR_TRUNCATED;
	v->len = ((size_t)b[1] + 1) * 8;
	if (avail < v->len)
		return V6_DROP_EXTHDR_TRUNCATED;
	v->b = b;
	return V6_DROP_NONE;
}
static inline uint8_t v6_ext_next(struct v6_ext v) { return v.b[0]; }

/*
 * Routing header (RFC 8200 4.4):
 *  | Next Header | Hdr Ext Len | Routing Type | Segments Left |
 *  | type-specific data ...
 */
#define V6_RTHDR_OFF_TYPE 2
#define V6_RTHDR_OFF_SEGLEFT 3
#define V6_RTHDR_TYPE0 0 /* RFC 5095: deprecated */
static inline uint8_t v6_rthdr_type(struct v6_ext v) { return v.b[V6_RTHDR_OFF_TYPE]; }
static inline uint8_t v6_rthdr_segleft(struct v6_ext v) { return v.b[V6_RTHDR_OFF_SEGLEFT]; }

/*
 * TLV-encoded options (RFC 8200 4.2) of a Hop-by-Hop or Destination
 * Options header: Pad1 is one byte (type 0); every other option is
 *  | Option Type | Opt Data Len | Option Data (Opt Data Len bytes) |
 * The two high-order bits of the type say what a node that does not
 * recognize it must do (v6_opt_action).
 */
struct v6_tlv_it {
	const uint8_t *b; /* the header */
	size_t off, end;  /* next option, end of the header */
};
struct v6_tlv {
	uint8_t type;
	uint8_t data_len;    /* Opt Data Len (0 for Pad1) */
	const uint8_t *data; /* the option data */
	size_t off;          /* offset of the type byte in the header */
	size_t total;        /* bytes the option takes (1 for Pad1) */
};
static inline void
v6_tlv_begin(struct v6_tlv_it *it, struct v6_ext v)
{
	it->b = v.b;
	it->off = 2;
	it->end = v.len;
}
static inline bool v6_tlv_done(const struct v6_tlv_it *it) { return it->off >= it->end; }
/* The next option. Returns V6_DROP_NONE or V6_DROP_EXTHDR_OPT_TRUNCATED
 * (the option runs past the end of the header). */
enum v6_drop v6_tlv_next(struct v6_tlv_it *it, struct v6_tlv *opt);

/* RFC 8200 4.2: the action bits, the type's two high-order bits. */
#define V6_OPT_ACT_SKIP 0          /* 00: skip over the option */
#define V6_OPT_ACT_DISCARD 1       /* 01: discard the packet */
#define V6_OPT_ACT_ICMP 2          /* 10: discard, Parameter Problem code 2 */
#define V6_OPT_ACT_ICMP_UNICAST 3  /* 11: likewise unless to multicast */
static inline unsigned v6_opt_action(uint8_t type) { return type >> 6; }

/*
 * Fragment header (RFC 8200 4.5):
 *  | Next Header |  Reserved  |  Fragment Offset (13) |Res|M|
 *  |                    Identification                      |
 */
#define V6_FRAG_HLEN 8
#define V6_FRAG_OFF_OFFSET 2
#define V6_FRAG_OFF_IDENT 4
struct v6_frag {
	const uint8_t *b; /* V6_FRAG_HLEN bytes */
};
static inline enum v6_drop
v6_frag_view(struct v6_frag *v, const uint8_t *b, size_t avail)
{
	if (avail < V6_FRAG_HLEN)
		return V6_DROP_EXTHDR_TRUNCATED;
	v->b = b;
	return V6_DROP_NONE;
}
static inline uint8_t v6_frag_next(struct v6_frag v) { return v.b[0]; }
/* The offset in bytes (the field counts 8-octet units). */
static inline uint32_t v6_frag_offset(struct v6_frag v) { return v6_rd16(v.b + V6_FRAG_OFF_OFFSET) & 0xfff8u; }
static inline bool v6_frag_more(struct v6_frag v) { return v.b[3] & 1; }
static inline uint32_t v6_frag_ident(struct v6_frag v) { return v6_rd32(v.b + V6_FRAG_OFF_IDENT); }

/* Write a Fragment header: offset_bytes must be a multiple of 8. Returns
 * V6_FRAG_HLEN. */
size_t v6_frag_emit(uint8_t *buf, uint8_t next, uint32_t offset_bytes,
    bool more, uint32_t ident);

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
