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

/* RFC 8200 8.1: the upper-layer pseudo-header. */
uint64_t v6_csum_pseudo(const struct in6_addr *src, const struct in6_addr *dst,
    uint32_t upper_len, uint8_t next_header);

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
void v6_csum_update16(uint8_t *csum, uint8_t *word, const uint8_t new_word[2]);

#endif
