/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Frame builders for tests: hand-written byte layouts of Ethernet II
 * (RFC 894 / RFC 2464), IPv6 (RFC 8200 3), ICMPv6 (RFC 4443 2.1, 4.1, 4.2),
 * Neighbor Discovery (RFC 4861 4.3, 4.4, 4.6.1) and UDP (RFC 768), with
 * their own Internet checksum (RFC 1071, pseudo-header of RFC 8200 8.1).
 *
 * Nothing here uses src/wire: a test that builds its input with the code
 * under test cannot catch a misreading of the RFC (STYLE.md P18).
 *
 * A frame is described by a struct bframe: every header field is a plain
 * member that a test may overwrite between b_init() and b_emit(), so that
 * exactly one field can be broken (hop limit 254, code 1, checksum XOR,
 * payload length override, trailing padding, ...). The upper-layer bytes
 * are appended with b_put*() and the message helpers; b_emit() lays out
 * the frame and fills the IPv6 payload length and the checksum last.
 */
#ifndef V6_TESTS_BUILD_H
#define V6_TESTS_BUILD_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#define B_ETH_HLEN 14
#define B_IP6_HLEN 40
#define B_PL_MAX 1800 /* IPv6 payload bytes a bframe can hold */

#define B_ETHERTYPE_IPV6 0x86dd
#define B_ETHERTYPE_IPV4 0x0800
#define B_ETHERTYPE_ARP 0x0806

#define B_PROTO_UDP 17
#define B_PROTO_ICMPV6 58

/* ICMPv6 types (RFC 4443 4.1, 4.2; RFC 4861 4.3, 4.4). */
#define B_ICMP6_ECHO_REQUEST 128
#define B_ICMP6_ECHO_REPLY 129
#define B_ND_NEIGHBOR_SOLICIT 135
#define B_ND_NEIGHBOR_ADVERT 136

/* Neighbor Discovery option types (RFC 4861 4.6). */
#define B_ND_OPT_SLLA 1
#define B_ND_OPT_TLLA 2

/* NA flags, in the first byte after the checksum (RFC 4861 4.4). */
#define B_NA_R 0x80
#define B_NA_S 0x40
#define B_NA_O 0x20

#define B_NO_CSUM ((size_t)-1)

struct bframe {
	/* Ethernet II */
	uint8_t eth_dst[6];
	uint8_t eth_src[6];
	uint16_t ethertype; /* B_ETHERTYPE_IPV6 */

	/* IPv6 fixed header, RFC 8200 3 */
	uint8_t version; /* 6 */
	uint8_t tclass;
	uint32_t flow; /* 20 bits used */
	int plen;      /* -1: the number of payload bytes appended */
	uint8_t next;  /* set by the upper-layer helpers */
	uint8_t hlim;
	struct in6_addr src, dst;

	/* IPv6 payload (the upper-layer message) */
	uint8_t pl[B_PL_MAX];
	size_t pl_len;
	size_t csum_off;   /* offset of the 16-bit checksum in pl, or B_NO_CSUM */
	uint16_t csum_xor; /* XORed into the correct checksum: 0 = valid */
	int udp;           /* 1: a computed checksum of 0 is sent as 0xffff */

	/* bytes after the IPv6 packet, e.g. Ethernet padding */
	size_t pad;
	uint8_t pad_byte;
};

/* Parse an address literal; aborts the test binary on a typo. */
struct in6_addr b_addr(const char *text);
/* Format an address into a static ring of buffers (for messages). */
const char *b_ntop(const struct in6_addr *a);

/* RFC 4291 2.7.1: ff02::1:ffXX:XXXX from the low 24 bits of a. */
struct in6_addr b_snmc(const struct in6_addr *a);
/* RFC 2464 7: 33:33 followed by the low 32 bits of the group. */
void b_mcast_mac(uint8_t mac[6], const struct in6_addr *group);
/* The Ethernet address of a's solicited-node group. */
void b_snmc_mac(uint8_t mac[6], const struct in6_addr *a);
/* RFC 4291 2.5.1 + appendix A, RFC 2464 4/5: fe80::/64 + modified EUI-64. */
struct in6_addr b_eui64_ll(const uint8_t mac[6]);

/*
 * RFC 1071 Internet checksum over the RFC 8200 8.1 pseudo-header (src, dst,
 * upper-layer length, next header) and the upper-layer bytes; the checksum
 * field inside data must be zero (or the result verifies: 0 means valid
 * when the field holds the sent value).
 */
uint16_t b_csum6(const struct in6_addr *src, const struct in6_addr *dst,
    uint8_t next, const uint8_t *data, size_t len);

/*
 * Start a frame: Ethernet header (IPv6 ethertype), IPv6 version 6, hop
 * limit 64, payload empty, no checksum.
 */
void b_init(struct bframe *f, const uint8_t eth_src[6],
    const uint8_t eth_dst[6], const struct in6_addr *src,
    const struct in6_addr *dst);

/* Append payload bytes (big-endian for the integer forms). */
void b_put(struct bframe *f, const void *p, size_t len);
void b_put8(struct bframe *f, uint8_t v);
void b_put16(struct bframe *f, uint16_t v);
void b_put32(struct bframe *f, uint32_t v);
void b_put_fill(struct bframe *f, uint8_t v, size_t len);

/* ICMPv6 header (RFC 4443 2.1): type, code, checksum to be computed. */
void b_icmp6(struct bframe *f, uint8_t type, uint8_t code);
/* Echo Request/Reply (RFC 4443 4.1/4.2): identifier, sequence, data. */
void b_echo(struct bframe *f, uint8_t type, uint8_t code, uint16_t id,
    uint16_t seq, const uint8_t *data, size_t len);
/* Neighbor Solicitation (RFC 4861 4.3): hop limit 255, reserved 0, target. */
void b_ns(struct bframe *f, const struct in6_addr *target);
/* Neighbor Advertisement (RFC 4861 4.4): hop limit 255, flags, target. */
void b_na(struct bframe *f, uint8_t flags, const struct in6_addr *target);
/* Source/Target Link-Layer Address option (RFC 4861 4.6.1): type, 1, mac. */
void b_opt_lla(struct bframe *f, uint8_t type, const uint8_t mac[6]);
/*
 * Any option: the type, the length byte exactly as given (units of 8
 * octets, 0 allowed) and body_len bytes of body (not checked against len).
 */
void b_opt_raw(struct bframe *f, uint8_t type, uint8_t len_units,
    const uint8_t *body, size_t body_len);
/* UDP datagram (RFC 768) with its checksum computed by b_emit(). */
void b_udp(struct bframe *f, uint16_t sport, uint16_t dport,
    const uint8_t *data, size_t len);

/*
 * Lay the frame out into out (cap bytes): Ethernet, IPv6, payload, pad.
 * Fills the payload length (unless plen >= 0) and the checksum (XORed with
 * csum_xor). Returns the frame length, or 0 if it does not fit.
 */
size_t b_emit(const struct bframe *f, uint8_t *out, size_t cap);

/*
 * A ready NS from a peer: src_mac/src_ip to the solicited-node group of
 * target (both layers), hop limit 255, with an SLLA option carrying
 * src_mac when slla is nonzero.
 */
void b_ns_mcast(struct bframe *f, const uint8_t src_mac[6],
    const struct in6_addr *src, const struct in6_addr *target, int slla);

/* Print a frame in hex to stderr (for failure messages). */
void b_hexdump(const char *title, const uint8_t *b, size_t len);

#endif
