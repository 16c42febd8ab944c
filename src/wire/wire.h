/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Byte access for the wire layer: unaligned big-endian reads and writes,
 * IPv6 address predicates. No protocol decisions here.
 */
#ifndef V6_WIRE_WIRE_H
#define V6_WIRE_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <netinet/in.h>

#include "wire/drop.h"

static inline uint16_t
v6_rd16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

static inline uint32_t
v6_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline void
v6_wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void
v6_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void
v6_rdaddr(struct in6_addr *a, const uint8_t *p)
{
	memcpy(a->s6_addr, p, 16);
}

static inline void
v6_wraddr(uint8_t *p, const struct in6_addr *a)
{
	memcpy(p, a->s6_addr, 16);
}

/* How many leading bits a and b share (0 to 128; RFC 6724 CommonPrefixLen). */
static inline unsigned
v6_addr_common_prefix_len(const struct in6_addr *a, const struct in6_addr *b)
{
	unsigned n = 0;

	for (int i = 0; i < 16; i++) {
		uint8_t x = a->s6_addr[i] ^ b->s6_addr[i];
		if (!x) {
			n += 8;
			continue;
		}
		while (!(x & 0x80)) {
			x <<= 1;
			n++;
		}
		break;
	}
	return n;
}

/* A 24-bit hash of an address for the stack's open-addressed tables. */
static inline uint32_t
v6_addr_hash(const struct in6_addr *a)
{
	uint64_t x, y;

	memcpy(&x, a->s6_addr, 8);
	memcpy(&y, a->s6_addr + 8, 8);
	x ^= y * 0x9e3779b97f4a7c15ull;
	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ull;
	return (uint32_t)(x >> 40);
}

static inline bool
v6_addr_eq(const struct in6_addr *a, const struct in6_addr *b)
{
	return memcmp(a->s6_addr, b->s6_addr, 16) == 0;
}

/* RFC 4291 2.7: ff00::/8. */
static inline bool
v6_addr_is_multicast(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xff;
}

/* RFC 4291 2.5.2: ::. */
static inline bool
v6_addr_is_unspecified(const struct in6_addr *a)
{
	static const uint8_t zero[16];
	return memcmp(a->s6_addr, zero, 16) == 0;
}

/* RFC 4291 2.5.3: ::1. */
static inline bool
v6_addr_is_loopback(const struct in6_addr *a)
{
	static const uint8_t lo[16] = { [15] = 1 };
	return memcmp(a->s6_addr, lo, 16) == 0;
}

/* RFC 4291 2.5.5.2: ::ffff:0:0/96. */
static inline bool
v6_addr_is_v4mapped(const struct in6_addr *a)
{
	static const uint8_t pfx[12] = { [10] = 0xff, [11] = 0xff };
	return memcmp(a->s6_addr, pfx, 12) == 0;
}

/* RFC 4291 2.5.6: fe80::/10. */
static inline bool
v6_addr_is_linklocal(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80;
}

/* RFC 4291 2.7: the scope field of a multicast address. */
static inline unsigned
v6_mcast_scope(const struct in6_addr *a)
{
	return a->s6_addr[1] & 0x0f;
}

/* RFC 4291 2.7.1: solicited-node group ff02::1:ffXX:XXXX of an address. */
static inline void
v6_addr_solicited_node(struct in6_addr *out, const struct in6_addr *a)
{
	memset(out->s6_addr, 0, 16);
	out->s6_addr[0] = 0xff;
	out->s6_addr[1] = 0x02;
	out->s6_addr[11] = 0x01;
	out->s6_addr[12] = 0xff;
	memcpy(out->s6_addr + 13, a->s6_addr + 13, 3);
}

static inline bool
v6_addr_is_solicited_node(const struct in6_addr *a)
{
	static const uint8_t pfx[13] = { 0xff, 0x02, [11] = 0x01, [12] = 0xff };
	return memcmp(a->s6_addr, pfx, 13) == 0;
}

/* RFC 2464 7: a multicast IPv6 address maps to 33:33 + its low 32 bits. */
static inline void
v6_mcast_to_mac(uint8_t mac[6], const struct in6_addr *a)
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, a->s6_addr + 12, 4);
}

/* The all-nodes group ff02::1 (RFC 4291 2.7.1). */
extern const struct in6_addr v6_addr_all_nodes;
/* The all-routers group ff02::2 (RFC 4291 2.7.1). */
extern const struct in6_addr v6_addr_all_routers;
/* The all-MLDv2-capable-routers group ff02::16 (RFC 3810 5.2.14). */
extern const struct in6_addr v6_addr_all_mldv2_routers;

/* Format an address (RFC 5952) or a MAC; buf of 46 or 18 bytes. */
const char *v6_addr_fmt(const struct in6_addr *a, char *buf, size_t len);
const char *v6_mac_fmt(const uint8_t mac[6], char *buf, size_t len);
int v6_addr_parse(const char *s, struct in6_addr *out);
int v6_mac_parse(const char *s, uint8_t mac[6]);

#endif
