/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: the LPM trie (src/core/lpm.h) against a naive reference.
 * Input: records of 4 bytes [op][len][addr seed][value seed]; the address
 * is derived from a small set of bases so that prefixes nest and collide.
 * op % 4: 0 add, 1 replace, 2 del, 3 lookup/get; after each update a
 * lookup of the prefix's first and last address is compared too.
 */
#include <stdlib.h>
#include <string.h>

#include "core/lpm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REF_MAX 256

struct ref {
	uint8_t a[16];
	unsigned len;
	uint32_t value;
};

static struct ref ref[REF_MAX];
static size_t n_ref;

static int
covers(const struct ref *r, const uint8_t *a)
{
	for (unsigned b = 0; b < r->len; b++)
		if (((r->a[b / 8] ^ a[b / 8]) >> (7 - b % 8)) & 1)
			return 0;
	return 1;
}

static struct ref *
ref_find(const uint8_t *a, unsigned len)
{
	for (size_t i = 0; i < n_ref; i++)
		if (ref[i].len == len && covers(&ref[i], a))
			return &ref[i];
	return NULL;
}

static uint32_t
ref_lookup(const uint8_t *a)
{
	const struct ref *best = NULL;

	for (size_t i = 0; i < n_ref; i++)
		if (covers(&ref[i], a) && (!best || ref[i].len > best->len))
			best = &ref[i];
	return best ? best->value : V6_LPM_NONE;
}

static void
mask(uint8_t *a, unsigned len)
{
	for (unsigned b = len; b < 128; b++)
		a[b / 8] &= (uint8_t)~(0x80u >> (b % 8));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t base[4][16] = {
		{ 0x20, 0x01, 0x0d, 0xb8 }, { 0x20, 0x01, 0x0d, 0xb8, 0x80 },
		{ 0xfe, 0x80 }, { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 } };
	struct v6_lpm_pool pool;
	struct v6_lpm t;

	if (v6_lpm_pool_init(&pool, 64 << 10) < 0 || v6_lpm_init(&t, &pool) != V6_LPM_OK)
		abort();
	n_ref = 0;
	for (; size >= 4; data += 4, size -= 4) {
		unsigned op = data[0] % 4, len = data[1] % 130;
		uint8_t a[16];
		struct in6_addr ia;
		uint32_t v = data[3], old;
		struct ref *r;
		int rc;

		memcpy(a, base[data[2] & 3], 16);
		a[(data[2] >> 2) & 15] ^= (uint8_t)(data[2] * 37);
		a[data[3] & 15] ^= data[0];
		memcpy(ia.s6_addr, a, 16);
		mask(a, len > 128 ? 128 : len);
		r = len <= 128 ? ref_find(a, len) : NULL;
		switch (op) {
		case 0:
		case 1:
			rc = op == 0 ? v6_lpm_add(&t, &ia, len, v) : v6_lpm_replace(&t, &ia, len, v, &old);
			if (len > 128) {
				if (rc != V6_LPM_INVAL)
					abort();
				break;
			}
			if (rc == V6_LPM_NOMEM)
				break;
			if (op == 0 && r) {
				if (rc != V6_LPM_EXIST)
					abort();
				break;
			}
			if (rc != V6_LPM_OK || (op == 1 && old != (r ? r->value : V6_LPM_NONE)))
				abort();
			if (!r) {
				if (n_ref == REF_MAX)
					abort(); /* the trie took it: the reference must too */
				r = &ref[n_ref++];
				memcpy(r->a, a, 16);
				r->len = len;
			}
			r->value = v;
			break;
		case 2:
			rc = v6_lpm_del(&t, &ia, len, &old);
			if (len > 128 ? rc != V6_LPM_INVAL : r ? rc != V6_LPM_OK || old != r->value : rc != V6_LPM_NOENT)
				abort();
			if (r)
				*r = ref[--n_ref];
			break;
		default:
			if (len <= 128 && v6_lpm_get(&t, &ia, len) != (r ? r->value : V6_LPM_NONE))
				abort();
			break;
		}
		if (n_ref >= REF_MAX - 1)
			break;
		if (v6_lpm_lookup(&t, &ia) != ref_lookup(ia.s6_addr))
			abort();
		memset(ia.s6_addr + 8, 0xff, 8);
		if (v6_lpm_lookup(&t, &ia) != ref_lookup(ia.s6_addr))
			abort();
		if (t.n_prefixes != n_ref)
			abort();
	}
	v6_lpm_destroy(&t);
	v6_lpm_pool_free(&pool);
	return 0;
}
