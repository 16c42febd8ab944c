/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * More builders and checkers, for ICMPv6 error (RFC 4443 2.1, 3) and UDP
 * (RFC 768, RFC 8200 8.1) tests. Like build.h and check.h they are written
 * from the RFC layouts, independently of src/wire (STYLE.md P18), and they
 * only add to those files: a struct bframe is built with b_init() and the
 * helpers below, a sent frame is parsed with c_parse() first.
 */
#ifndef V6_TESTS_BUILD_ERR_H
#define V6_TESTS_BUILD_ERR_H

#include <stddef.h>
#include <stdint.h>

#include "build.h"
#include "check.h"

/* ICMPv6 error types (RFC 4443 3.1 - 3.4). */
#define BE_ICMP6_DST_UNREACH 1
#define BE_ICMP6_PKT_TOO_BIG 2
#define BE_ICMP6_TIME_EXCEEDED 3
#define BE_ICMP6_PARAM_PROB 4

/*
 * An ICMPv6 error message (RFC 4443 2.1, 3):
 *   | Type | Code | Checksum | 32-bit field (unused, MTU or pointer) |
 *   | as much of the invoking packet as given ...                    |
 * The checksum is filled by b_emit().
 */
void be_icmp6_error(struct bframe *f, uint8_t type, uint8_t code,
    uint32_t field, const uint8_t *quote, size_t len);

/* An upper-layer payload of any Next Header value, no checksum. */
void be_raw(struct bframe *f, uint8_t next, const uint8_t *data, size_t len);

/*
 * A UDP datagram whose Length field is ulen whatever the data appended
 * (RFC 768: Length counts header and data). The checksum is computed at
 * once over the pseudo-header with Upper-Layer Packet Length ulen and the
 * first min(ulen, 8 + len) bytes of the datagram (a computed 0 sent as
 * 0xffff), then frozen: bytes appended later (b_put) are outside it and
 * b_emit() leaves it alone. Call after b_init(), on an empty payload.
 */
void be_udp_len(struct bframe *f, uint16_t sport, uint16_t dport,
    uint16_t ulen, const uint8_t *data, size_t len);

/* A parsed UDP datagram from a frame the stack sent (c_parse first). */
struct ce_udp {
	uint16_t sport, dport, len, csum;
	const uint8_t *data; /* len - 8 bytes, clipped to the payload */
	size_t data_len;
	int csum_ok; /* nonzero field, and it verifies over the pseudo-header */
};
/* 0 if p carries UDP with at least its 8-byte header. */
int ce_udp_parse(const struct c_pkt *p, struct ce_udp *u);

/*
 * UDP (RFC 768, RFC 8200 8.1): Next Header 17, ports, Length == IPv6
 * payload length == 8 + len, the data, and a checksum that is not zero and
 * verifies.
 */
#define CHECK_UDP(p, sport, dport, data, len) \
	ce_check_udp(__FILE__, __LINE__, p, sport, dport, data, len)
int ce_check_udp(const char *file, int line, const struct c_pkt *p,
    uint16_t sport, uint16_t dport, const uint8_t *data, size_t len);

/*
 * An ICMPv6 error (RFC 4443 2.1, 2.4 (c), 3): type, code, valid checksum,
 * the 32-bit field after the checksum equal to field, and the message body
 * exactly the quote (so the IPv6 payload length is 8 + quote_len).
 */
#define CHECK_ICMP6_ERROR(p, type, code, field, quote, len) \
	ce_check_icmp6_error(__FILE__, __LINE__, p, type, code, field, quote, len)
int ce_check_icmp6_error(const char *file, int line, const struct c_pkt *p,
    int type, int code, uint32_t field, const uint8_t *quote,
    size_t quote_len);

/*
 * How many of the frames the harness recorded since h_clear_tx() are
 * ICMPv6 messages of this type (and code, unless code < 0).
 */
struct harness;
size_t ce_count_icmp6(const struct harness *h, int type, int code);

#endif
