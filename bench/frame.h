/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Frame helpers shared by the benchmarks that build and check frames byte
 * by byte (core_pps, fwd_pps, gen6): deliberately independent of the
 * stack's own wire code (src/wire/csum.c), so that a benchmark checks the
 * stack's answers against a second implementation, not against itself.
 * (reflect6.c stays standalone: it is the bare reflector.)
 */
#ifndef V6_BENCH_FRAME_H
#define V6_BENCH_FRAME_H

#include <stddef.h>
#include <stdint.h>

static inline void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* One's-complement sum of a byte string, 16-bit big-endian words,
 * unfolded. */
static inline uint32_t
sum16(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static inline uint16_t
fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* RFC 8200 8.1: the folded sum (not complemented) of the pseudo-header
 * (source, destination, 32-bit length len, next header) and the len-byte
 * upper-layer message after the 40-byte IPv6 header at ip6; the next
 * header is ip6's own. */
static inline uint16_t
l4_sum(const uint8_t *ip6, size_t len)
{
	uint32_t sum = sum16(0, ip6 + 8, 32);

	sum += (uint32_t)(len >> 16) + (uint32_t)(len & 0xffff);
	sum += ip6[6];
	return fold(sum16(sum, ip6 + 40, len));
}

#endif
