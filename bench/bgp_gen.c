/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bgp_gen (bgp_gen.h): BGP-shaped prefix tables for the benchmarks.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bgp_gen.h"

/* Share of each length in per-mille (sums to 1000): the shape of the IPv6
 * BGP table (bgp.potaroo.net AS6447, Oct 2024: 226,415 entries, average
 * length 43.24; /48 about half, then /32, /44, /40, /36, /29). */
static const struct {
	unsigned len, permille;
} LEN_DIST[] = {
	{ 48, 470 }, { 32, 120 }, { 44, 85 }, { 40, 60 }, { 36, 30 }, { 29, 30 },
	{ 46, 30 }, { 47, 25 }, { 42, 20 }, { 45, 15 }, { 33, 15 }, { 34, 10 },
	{ 38, 10 }, { 28, 10 }, { 30, 10 }, { 31, 8 }, { 35, 7 }, { 39, 5 },
	{ 41, 5 }, { 43, 5 }, { 37, 5 }, { 56, 8 }, { 64, 6 }, { 24, 3 },
	{ 20, 2 }, { 27, 2 },
};
#define N_DIST (sizeof(LEN_DIST) / sizeof(LEN_DIST[0]))

static const struct {
	uint16_t first; /* first 16 bits */
	unsigned len;
} RIR_BLOCKS[] = { { 0x2001, 16 }, { 0x2400, 12 }, { 0x2600, 12 },
	{ 0x2800, 12 }, { 0x2a00, 12 }, { 0x2c00, 12 } };
#define N_RIR (sizeof(RIR_BLOCKS) / sizeof(RIR_BLOCKS[0]))

static uint64_t rng_state = 1;

void
bgp_seed(uint64_t seed)
{
	rng_state = seed;
}

uint64_t
bgp_rnd(void) /* splitmix64 */
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

u128
bgp_rnd128(void)
{
	return (u128)bgp_rnd() << 64 | bgp_rnd();
}

u128
bgp_mask(unsigned len)
{
	return len == 0 ? 0 : ~(u128)0 << (128 - len);
}

void
bgp_to_addr(u128 x, uint8_t a[16])
{
	for (int i = 15; i >= 0; i--, x >>= 8)
		a[i] = (uint8_t)x;
}

u128
bgp_from_addr(const uint8_t a[16])
{
	u128 x = 0;

	for (int i = 0; i < 16; i++)
		x = x << 8 | a[i];
	return x;
}

static unsigned
pick_len(void)
{
	unsigned r = (unsigned)(bgp_rnd() % 1000);

	for (size_t i = 0; i < N_DIST; i++) {
		if (r < LEN_DIST[i].permille)
			return LEN_DIST[i].len;
		r -= LEN_DIST[i].permille;
	}
	return 48;
}

/* A distinct-prefix set: open addressing on (net, len). */
struct pset {
	struct bgp_pfx *slot;
	size_t mask;
};

static int
pset_add(struct pset *s, u128 net, unsigned len)
{
	uint64_t h = ((uint64_t)(net >> 64) * 0x9e3779b97f4a7c15ull) ^
	    ((uint64_t)net * 0xc2b2ae3d27d4eb4full) ^ len;
	size_t i = (size_t)(h ^ h >> 29) & s->mask;

	for (;; i = (i + 1) & s->mask) {
		if (s->slot[i].len == 0) {
			s->slot[i].net = net;
			s->slot[i].len = len;
			return 1;
		}
		if (s->slot[i].len == len && s->slot[i].net == net)
			return 0;
	}
}

/* A new prefix of length len (or /48 when len's room is full), distinct
 * from those in set; aggregates p[0 .. n_agg) may contain it. */
static struct bgp_pfx
new_prefix(struct pset *set, const struct bgp_pfx *p, size_t n_agg,
    unsigned len)
{
	unsigned tries = 0;
	u128 net;

	do {
		/* A short length whose room is full (/20s in the RIR
		 * blocks) becomes a /48. */
		if (++tries > 64)
			len = 48;
		if (len > 32 && n_agg > 0 &&
		    bgp_rnd() % 100 < BGP_MORE_SPECIFIC_PCT) {
			const struct bgp_pfx *a = &p[bgp_rnd() % n_agg];
			net = a->net | (bgp_rnd128() & ~bgp_mask(a->len));
		} else {
			size_t b = bgp_rnd() % N_RIR;
			net = (u128)RIR_BLOCKS[b].first << 112 |
			    (bgp_rnd128() & ~bgp_mask(RIR_BLOCKS[b].len));
		}
		net &= bgp_mask(len);
	} while (!pset_add(set, net, len));
	return (struct bgp_pfx){ .net = net, .len = len };
}

struct bgp_pfx *
bgp_table(size_t n)
{
	struct bgp_pfx *p = malloc(n * sizeof(*p));
	unsigned *lens = malloc(n * sizeof(*lens));
	struct pset set;
	size_t n_agg = 0, i = 0, cap = 1;

	while (cap < 2 * n)
		cap <<= 1;
	set.slot = calloc(cap, sizeof(*set.slot));
	set.mask = cap - 1;
	if (!p || !lens || !set.slot) {
		fprintf(stderr, "bgp_gen: out of memory\n");
		exit(1);
	}
	for (size_t k = 0; k < n; k++)
		lens[k] = pick_len();
	/* The aggregates (<= /32) first, so that longer ones can nest in them. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < n; k++) {
			if ((lens[k] <= 32) != (pass == 0))
				continue;
			p[i++] = new_prefix(&set, p, n_agg, lens[k]);
			if (pass == 0)
				n_agg = i;
		}
	free(set.slot);
	free(lens);
	for (size_t k = n - 1; k > 0; k--) {
		size_t j = (size_t)(bgp_rnd() % (k + 1));
		struct bgp_pfx t = p[k];
		p[k] = p[j];
		p[j] = t;
	}
	return p;
}
