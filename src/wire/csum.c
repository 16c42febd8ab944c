/* SPDX-License-Identifier: BSD-2-Clause */
#include "wire/csum.h"

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
		acc = v6_csum_add64(acc, w0);
		acc = v6_csum_add64(acc, w1);
		acc = v6_csum_add64(acc, w2);
		acc = v6_csum_add64(acc, w3);
		p += 32;
		len -= 32;
	}
	while (len >= 8) {
		memcpy(&w0, p, 8);
		acc = v6_csum_add64(acc, w0);
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		uint32_t w;
		memcpy(&w, p, 4);
		acc = v6_csum_add64(acc, w);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		uint16_t w;
		memcpy(&w, p, 2);
		acc = v6_csum_add64(acc, w);
		p += 2;
		len -= 2;
	}
	if (len) {
		/* RFC 1071 4.1: an odd byte is padded with a zero byte. */
		uint8_t last[2] = { p[0], 0 };
		uint16_t w;
		memcpy(&w, last, 2);
		acc = v6_csum_add64(acc, w);
	}
	return acc;
}
