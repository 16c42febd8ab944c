/* SPDX-License-Identifier: BSD-2-Clause */
#include "wire/csum.h"

/* Add a 64-bit word with end-around carry. */
static inline uint64_t
add_carry(uint64_t acc, uint64_t v)
{
	acc += v;
	return acc + (acc < v);
}

/* Sum len bytes at p into acc, native order, 32 bytes per iteration. */
uint64_t
v6_csum_acc(uint64_t acc, const uint8_t *p, size_t len)
{
	uint64_t w0, w1, w2, w3;

	while (len >= 32) {
		memcpy(&w0, p, 8);
		memcpy(&w1, p + 8, 8);
		memcpy(&w2, p + 16, 8);
		memcpy(&w3, p + 24, 8);
		acc = add_carry(acc, w0);
		acc = add_carry(acc, w1);
		acc = add_carry(acc, w2);
		acc = add_carry(acc, w3);
		p += 32;
		len -= 32;
	}
	while (len >= 8) {
		memcpy(&w0, p, 8);
		acc = add_carry(acc, w0);
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		uint32_t w;
		memcpy(&w, p, 4);
		acc = add_carry(acc, w);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		uint16_t w;
		memcpy(&w, p, 2);
		acc = add_carry(acc, w);
		p += 2;
		len -= 2;
	}
	if (len) {
		/* RFC 1071 4.1: an odd byte is padded with a zero byte. */
		uint8_t last[2] = { p[0], 0 };
		uint16_t w;
		memcpy(&w, last, 2);
		acc = add_carry(acc, w);
	}
	return acc;
}

uint64_t
v6_csum_pseudo(const struct in6_addr *src, const struct in6_addr *dst,
    uint32_t upper_len, uint8_t next_header)
{
	uint8_t tail[8] = {
		(uint8_t)(upper_len >> 24), (uint8_t)(upper_len >> 16),
		(uint8_t)(upper_len >> 8), (uint8_t)upper_len, 0, 0, 0,
		next_header,
	};
	uint64_t acc = v6_csum_acc(0, src->s6_addr, 16);
	acc = v6_csum_acc(acc, dst->s6_addr, 16);
	return v6_csum_acc(acc, tail, 8);
}

void
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
