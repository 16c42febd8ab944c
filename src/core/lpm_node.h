/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Tree Bitmap trie's node layout and bit helpers, shared by the three
 * parts of the LPM module: lpm.c (lookups), lpm_update.c (the arenas, the
 * pool, updates) and lpm_walk.c (the ordered walk). Internal to them.
 */
#ifndef V6_CORE_LPM_NODE_H
#define V6_CORE_LPM_NODE_H

#include <stdbool.h>
#include <string.h>

#include "core/lpm.h"

__extension__ typedef unsigned __int128 v6_u128;

#define LPM_STRIDE 6
#define LPM_DEPTHS 22  /* 22 x 6 >= 128 */
#define LPM_NIL UINT32_MAX
#define LPM_NODE_LEN 32
#define LPM_MEM_MIN (64u << 10)

struct v6_lpm_node {
	uint64_t ext;   /* bit c: a child for chunk c */
	uint64_t full;  /* bit c: the prefix of length 6d + 6 ending in chunk c */
	uint64_t part;  /* lengths 6d + 1 .. 6d + 5 (above) */
	uint32_t child; /* first child, in pool->nodes */
	uint32_t value; /* first value, in pool->values */
};
_Static_assert(sizeof(struct v6_lpm_node) == LPM_NODE_LEN, "a node is half a cache line");

/* Bit helpers; __builtin_popcountll becomes one instruction where the CPU
 * has it (the lookups below are compiled for it and chosen at run time). */
static inline unsigned
popcnt(uint64_t x)
{
	return (unsigned)__builtin_popcountll(x);
}

static inline uint64_t
below(unsigned bit) /* the bits under bit, bit <= 63 */
{
	return (1ull << bit) - 1;
}

static inline unsigned
part_pos(unsigned l, unsigned chunk) /* l = 1..5 */
{
	return (1u << l) - 2 + (chunk >> (LPM_STRIDE - l));
}

static inline v6_u128
addr_load(const struct in6_addr *a)
{
	uint64_t hi, lo;

	memcpy(&hi, a->s6_addr, 8);
	memcpy(&lo, a->s6_addr + 8, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	hi = __builtin_bswap64(hi);
	lo = __builtin_bswap64(lo);
#endif
	return (v6_u128)hi << 64 | lo;
}

static inline void
addr_store(struct in6_addr *a, v6_u128 x)
{
	uint64_t hi = (uint64_t)(x >> 64), lo = (uint64_t)x;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	hi = __builtin_bswap64(hi);
	lo = __builtin_bswap64(lo);
#endif
	memcpy(a->s6_addr, &hi, 8);
	memcpy(a->s6_addr + 8, &lo, 8);
}

static inline unsigned
chunk_at(v6_u128 x, unsigned depth)
{
	return (unsigned)((x << (LPM_STRIDE * depth)) >> 122);
}

/* x with the bits from plen on cleared or set. */
static inline v6_u128
first_of(v6_u128 x, unsigned plen)
{
	return plen == 0 ? 0 : plen >= 128 ? x : x >> (128 - plen) << (128 - plen);
}

static inline v6_u128
last_of(v6_u128 x, unsigned plen)
{
	return plen >= 128 ? x : x | (~(v6_u128)0 >> plen);
}

static inline void *
unit_at(const struct v6_lpm_arena *a, uint32_t i)
{
	return a->base + (size_t)i * a->unit_len;
}

static inline struct v6_lpm_node *
node_at(const struct v6_lpm_pool *p, uint32_t i)
{
	return (struct v6_lpm_node *)p->nodes.base + i;
}

static inline uint32_t *
value_at(const struct v6_lpm_pool *p, uint32_t i)
{
	return (uint32_t *)p->values.base + i;
}

void lpm_lookup_select(struct v6_lpm_pool *p); /* lpm.c */

#endif
