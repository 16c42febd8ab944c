/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Internet checksum (RFC 1071), computed in native byte order over
 * 64-bit words with end-around carry (RFC 1071 2 (B): the sum is byte-order
 * independent), and updated incrementally (RFC 1624 3).
 *
 * An accumulator is a uint64_t; every segment but the last must have an even
 * length. v6_csum_store() writes the complemented, folded sum into a 2-byte
 * field in network order.
 */
#ifndef V6_WIRE_CSUM_H
#define V6_WIRE_CSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <netinet/in.h>

uint64_t v6_csum_acc(uint64_t acc, const uint8_t *p, size_t len);

/* Add a 64-bit word with end-around carry (RFC 1071 2 (C): one's
 * complement addition; x86 compiles it to add, adc). */
static inline uint64_t
v6_csum_add64(uint64_t acc, uint64_t v)
{
	acc += v;
	return acc + (acc < v);
}

/* Fold an accumulator to 16 bits (native order, not complemented). */
static inline uint16_t
v6_csum_fold(uint64_t acc)
{
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffffffu) + (acc >> 32);
	acc = (acc & 0xffffu) + (acc >> 16);
	acc = (acc & 0xffffu) + (acc >> 16);
	return (uint16_t)acc;
}

/*
 * RFC 8200 8.1: the upper-layer pseudo-header (source, destination, the
 * upper-layer length in 32 bits, three zero bytes, the Next Header). Inline,
 * five 64-bit words loaded with memcpy (no alignment assumed), since every
 * checksum of the packet path starts with it.
 */
static inline uint64_t
v6_csum_pseudo(const struct in6_addr *src, const struct in6_addr *dst,
    uint32_t upper_len, uint8_t next_header)
{
	const uint8_t tail[8] = {
		(uint8_t)(upper_len >> 24), (uint8_t)(upper_len >> 16),
		(uint8_t)(upper_len >> 8), (uint8_t)upper_len, 0, 0, 0,
		next_header,
	};
	uint64_t w[5], acc;

	memcpy(&w[0], src->s6_addr, 8);
	memcpy(&w[1], src->s6_addr + 8, 8);
	memcpy(&w[2], dst->s6_addr, 8);
	memcpy(&w[3], dst->s6_addr + 8, 8);
	memcpy(&w[4], tail, 8);
	acc = v6_csum_add64(w[0], w[1]);
	acc = v6_csum_add64(acc, w[2]);
	acc = v6_csum_add64(acc, w[3]);
	return v6_csum_add64(acc, w[4]);
}

/* True when a sum over data that includes its checksum field verifies. */
static inline bool
v6_csum_ok(uint64_t acc)
{
	return v6_csum_fold(acc) == 0xffff;
}

/* Write ~fold(acc) into the 2-byte field at p (network order). */
static inline void
v6_csum_store(uint8_t *p, uint64_t acc)
{
	uint16_t s = (uint16_t)~v6_csum_fold(acc);
	memcpy(p, &s, 2);
}

/*
 * RFC 1624 3, eqn. 3: HC' = ~(~HC + ~m + m'). Update the checksum field at
 * csum when the 16-bit word at word (both in the packet) changes to the two
 * bytes at new_word. Writes the new word too.
 */
static inline void
v6_csum_update16(uint8_t *csum, uint8_t *word, const uint8_t new_word[2])
{
	uint16_t hc, m, m2;
	uint32_t sum;

	memcpy(&hc, csum, 2);
	memcpy(&m, word, 2);
	memcpy(&m2, new_word, 2);
	sum = (uint32_t)(uint16_t)~hc + (uint16_t)~m + m2;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	hc = (uint16_t)~sum;
	memcpy(csum, &hc, 2);
	memcpy(word, new_word, 2);
}

#endif
