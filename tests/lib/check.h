/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Checkers for frames the stack transmits: an independent parser of
 * Ethernet II + IPv6 + ICMPv6/ND (not src/wire), and assertions that report
 * failures with the caller's file:line through t_fail(). Each check_*
 * returns 0 when everything held, -1 otherwise (after reporting), so a
 * test can stop looking at a frame that already failed.
 */
#ifndef V6_TESTS_CHECK_H
#define V6_TESTS_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

struct c_pkt {
	const uint8_t *frame;
	size_t len;
	uint8_t eth_dst[6], eth_src[6];
	uint16_t ethertype;
	/* IPv6 (valid when ethertype is IPv6 and len >= 14 + 40) */
	int has_ip6;
	uint8_t version, tclass;
	uint32_t flow;
	uint16_t plen;
	uint8_t next, hlim;
	struct in6_addr src, dst;
	const uint8_t *pl; /* IPv6 payload, plen bytes (clipped to the frame) */
	size_t pl_len;
	size_t trailing; /* frame bytes after the IPv6 payload */
	/* ICMPv6 (valid when next == 58 and pl_len >= 4) */
	int has_icmp6;
	uint8_t type, code;
	int csum_ok; /* ICMPv6 checksum verified */
};

struct c_opt {
	uint8_t type;
	uint8_t len; /* units of 8 octets */
	const uint8_t *data; /* the whole option, type byte first */
};

/* Parse a frame; never reads past len. Returns 0 if it is Ethernet+IPv6. */
int c_parse(struct c_pkt *p, const uint8_t *frame, size_t len);
/*
 * Split ND options (RFC 4861 4.6). Returns how many were stored (at most
 * max), or -1 if an option has length 0 or runs past the end.
 */
int c_nd_opts(const uint8_t *b, size_t len, struct c_opt *out, int max);
/* The NA flags byte (R|S|O in the top bits), or -1 if not an NA. */
int c_na_flags(const struct c_pkt *p);

#define CHECK_PARSE(p, frame, len) c_check_parse(__FILE__, __LINE__, p, frame, len)
#define CHECK_ETH(p, dst, src) c_check_eth(__FILE__, __LINE__, p, dst, src)
#define CHECK_IP6(p, src, dst, hlim, next) \
	c_check_ip6(__FILE__, __LINE__, p, src, dst, hlim, next)
#define CHECK_ICMP6(p, type, code) c_check_icmp6(__FILE__, __LINE__, p, type, code)
#define CHECK_NA(p, flags, target) c_check_na(__FILE__, __LINE__, p, flags, target)
#define CHECK_NA_TLLA_ONLY(p, mac) c_check_na_tlla_only(__FILE__, __LINE__, p, mac)
#define CHECK_NS(p, target) c_check_ns(__FILE__, __LINE__, p, target)
#define CHECK_NS_SLLA(p, mac) c_check_ns_slla(__FILE__, __LINE__, p, mac)
#define CHECK_NS_NO_SLLA(p) c_check_ns_slla(__FILE__, __LINE__, p, NULL)
#define CHECK_ECHO_REPLY(p, id, seq, data, len) \
	c_check_echo_reply(__FILE__, __LINE__, p, id, seq, data, len)
#define CHECK_ADDR(a, b) c_check_addr(__FILE__, __LINE__, #a, a, b)

int c_check_parse(const char *file, int line, struct c_pkt *p,
    const uint8_t *frame, size_t len);
int c_check_eth(const char *file, int line, const struct c_pkt *p,
    const uint8_t dst[6], const uint8_t src[6]);
int c_check_ip6(const char *file, int line, const struct c_pkt *p,
    const struct in6_addr *src, const struct in6_addr *dst, int hlim,
    int next);
int c_check_icmp6(const char *file, int line, const struct c_pkt *p,
    int type, int code);
int c_check_na(const char *file, int line, const struct c_pkt *p,
    int flags, const struct in6_addr *target);
int c_check_na_tlla_only(const char *file, int line, const struct c_pkt *p,
    const uint8_t mac[6]);
int c_check_ns(const char *file, int line, const struct c_pkt *p,
    const struct in6_addr *target);
int c_check_ns_slla(const char *file, int line, const struct c_pkt *p,
    const uint8_t *mac);
int c_check_echo_reply(const char *file, int line, const struct c_pkt *p,
    uint16_t id, uint16_t seq, const uint8_t *data, size_t len);
int c_check_addr(const char *file, int line, const char *what,
    const struct in6_addr *a, const struct in6_addr *b);

#endif
