/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Builders for extension headers and fragments (RFC 8200 4.2 - 4.6), and a
 * test-side reassembler for what the stack sends. Like build.h they are
 * written from the RFC layouts, independently of src/wire (STYLE.md P18),
 * and pinned against scapy bytes in core_frag_test.c.
 *
 * A struct bxpkt is a whole IPv6 packet (up to 65535 + 40 bytes) built by
 * appending headers in order: bx_init(), then bx_ext()/bx_raw() for
 * extension headers, then an upper layer (bx_echo, bx_udp, bx_ns) which
 * fills its checksum over the RFC 8200 8.1 pseudo-header. Payload Length
 * and the Next Header chain are kept right after every append.
 *
 * bx_frag() cuts one fragment out of a packet, as a sender would
 * (RFC 8200 4.5): the first unfrag bytes (IPv6 header and unfragmentable
 * headers) are repeated, the Next Header field at nh_field becomes 44, a
 * Fragment header follows with the original value, then n bytes of the
 * fragmentable part from off.
 */
#ifndef V6_TESTS_BUILD_FRAG_H
#define V6_TESTS_BUILD_FRAG_H

#include <stddef.h>
#include <stdint.h>

#include "build.h"
#include "check.h"

#define BX_PKT_MAX (40 + 65535)
#define BX_NH_HOPOPTS 0
#define BX_NH_ROUTING 43
#define BX_NH_FRAGMENT 44
#define BX_NH_DSTOPTS 60
#define BX_NH_NONE 59

struct bxpkt {
	uint8_t eth_src[6], eth_dst[6];
	struct in6_addr src, dst;
	uint8_t b[BX_PKT_MAX];
	size_t len;
	size_t nh_field; /* the Next Header field the next append sets */
};

/* IPv6 header (version 6, hop limit hlim), nothing after it (Next Header
 * 59 until something is appended). */
void bx_init(struct bxpkt *p, const uint8_t eth_src[6],
    const uint8_t eth_dst[6], const struct in6_addr *src,
    const struct in6_addr *dst, uint8_t hlim);
/* An extension header of this type: Next Header (filled later), Hdr Ext
 * Len = (2 + body_len) / 8 - 1 (body_len + 2 should be a multiple of 8),
 * then body. Returns the header's offset in the packet. */
size_t bx_ext(struct bxpkt *p, uint8_t type, const uint8_t *body,
    size_t body_len);
/* A Routing header (RFC 8200 4.4): type, segments left, then 4 reserved
 * bytes and n_addrs addresses of zeros (Hdr Ext Len 2 * n_addrs). */
size_t bx_routing(struct bxpkt *p, uint8_t type, uint8_t segleft,
    unsigned n_addrs);
/* Raw bytes appended after the chain (no Next Header bookkeeping). */
void bx_raw(struct bxpkt *p, uint8_t next, const void *b, size_t n);
/* Echo Request (RFC 4443 4.1) with data_len bytes of the pattern
 * bx_pattern(i). */
void bx_echo(struct bxpkt *p, uint16_t id, uint16_t seq, size_t data_len);
uint8_t bx_pattern(size_t i);
/* UDP (RFC 768) with data_len bytes of bx_pattern. */
void bx_udp(struct bxpkt *p, uint16_t sport, uint16_t dport, size_t data_len);
/* Neighbor Solicitation (RFC 4861 4.3) for target with an SLLA option. */
void bx_ns(struct bxpkt *p, const struct in6_addr *target,
    const uint8_t slla[6]);

/* The whole packet as an Ethernet frame. Returns its length. */
size_t bx_frame(const struct bxpkt *p, uint8_t *out, size_t cap);
/* One fragment as an Ethernet frame (see above). Returns its length. */
size_t bx_frag(const struct bxpkt *p, size_t unfrag, size_t nh_field,
    uint32_t ident, size_t off, size_t n, int more, uint8_t *out,
    size_t cap);

/*
 * A test-side reassembler for frames the stack sent: feed each frame with
 * br_add(); br_done() is 1 once the datagram is whole. Checks as it goes
 * (reported through t_fail at file:line): a Fragment header right after
 * the IPv6 header or after the expected unfragmentable part, one
 * identification, every non-final payload a multiple of 8, no overlap.
 */
struct breasm {
	uint8_t b[BX_PKT_MAX];
	uint8_t have[BX_PKT_MAX / 8 + 1];
	size_t total;      /* fragmentable bytes, once the last fragment came */
	size_t unfrag;     /* unfragmentable part, IPv6 header included */
	uint32_t ident;
	int n_frags, first, last, errors;
	uint8_t next;      /* the Next Header of the first fragment's header */
	size_t max_frame;  /* the largest IPv6 packet seen */
};
void br_init(struct breasm *r);
int br_add(const char *file, int line, struct breasm *r, const uint8_t *frame,
    size_t len, size_t unfrag);
#define BR_ADD(r, f, n, u) br_add(__FILE__, __LINE__, r, f, n, u)
int br_done(const struct breasm *r);

#endif
