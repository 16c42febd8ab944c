/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bgp_gen: a table of distinct IPv6 prefixes shaped like the IPv6 BGP
 * table, for the benchmarks that need one (bench/lpm.c, bench/fwd_pps.c).
 *
 * The lengths follow LEN_DIST (bgp_gen.c), a shape taken from the IPv6 BGP
 * table (bench/README.md "lpm" says where from and what is approximated).
 * Prefixes of length <= 32 are aggregates placed at random inside the RIRs'
 * blocks (2001::/16, 2400::/12, 2600::/12, 2800::/12, 2a00::/12,
 * 2c00::/12); a longer one is, with probability BGP_MORE_SPECIFIC_PCT, a
 * more specific of a random aggregate (the BGP table has 58 % more
 * specifics), else placed at random in a RIR block too. The order is
 * shuffled (insertion order is not address order).
 *
 * Everything random comes from one splitmix64 generator, seeded with
 * bgp_seed(): the same seed gives the same table and destinations.
 */
#ifndef V6_BENCH_BGP_GEN_H
#define V6_BENCH_BGP_GEN_H

#include <stddef.h>
#include <stdint.h>

#define BGP_MORE_SPECIFIC_PCT 70

__extension__ typedef unsigned __int128 u128;

struct bgp_pfx {
	u128 net; /* host bits zero */
	unsigned len;
};

void bgp_seed(uint64_t seed);
uint64_t bgp_rnd(void);
u128 bgp_rnd128(void);
u128 bgp_mask(unsigned len); /* the first len bits set */
void bgp_to_addr(u128 x, uint8_t a[16]);
u128 bgp_from_addr(const uint8_t a[16]);

/* n distinct prefixes (malloc'ed; exits on failure). */
struct bgp_pfx *bgp_table(size_t n);

/* A random address inside p (random host bits). */
static inline u128
bgp_inside(const struct bgp_pfx *p)
{
	return p->net | (bgp_rnd128() & ~bgp_mask(p->len));
}

#endif
