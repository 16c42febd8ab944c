/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Longest-prefix match (lpm.h): a multibit trie of 6-bit strides whose
 * nodes are compressed with bitmaps (Tree Bitmap, Eatherton, Varghese,
 * Dittia, 2004), the prefixes kept exactly where they are, not pushed down
 * to the leaves: the trie is its own RIB (exact get, delete, ordered walk)
 * and an update touches only the nodes on one path.
 *
 * A node at depth d covers address bits [6d, 6d + 6) and holds:
 *   - the prefixes of lengths 6d + 1 .. 6d + 5, one bit per (length, first
 *     bits of the chunk) in `part` (62 bits, position (1 << l) - 2 +
 *     (chunk >> (6 - l)) for length 6d + l),
 *   - those of length 6d + 6, one bit per chunk in `full`,
 *   - a child per chunk that has longer prefixes below it, in `ext`;
 * its children are contiguous in the node arena, in chunk order, and its
 * values contiguous in the value arena (part's in bit order, then full's),
 * so a child or value is found by counting the bits below its own
 * (popcount). ::/0 is kept in the table itself. Depths 0..21 cover 128
 * bits; /48 lives in the last position of depth 7, /32 and /64 in part.
 *
 * A lookup descends while `ext` has the chunk's bit, then looks for the
 * longest match going back up: the deepest node usually holds it, so the
 * in-node search (one mask, one leading-zero count, one popcount) is done
 * about once per lookup instead of at each level.
 */
#include "core/lpm_node.h"

const char *
v6_lpm_strerror(int result)
{
	switch ((enum v6_lpm_result)result) {
	case V6_LPM_OK:
		return "ok";
	case V6_LPM_EXIST:
		return "route already exists";
	case V6_LPM_NOENT:
		return "no such route";
	case V6_LPM_NOMEM:
		return "routing table memory exhausted (route mem_max)";
	case V6_LPM_INVAL:
		return "invalid prefix length or value";
	}
	return "unknown lpm result";
}

/* pmask[c]: the part positions a chunk c matches (one per length 1..5). */
#define PM1(c) (1ull << ((c) >> 5))
#define PM2(c) (1ull << (2 + ((c) >> 4)))
#define PM3(c) (1ull << (6 + ((c) >> 3)))
#define PM4(c) (1ull << (14 + ((c) >> 2)))
#define PM5(c) (1ull << (30 + ((c) >> 1)))
#define PM(c) (PM1(c) | PM2(c) | PM3(c) | PM4(c) | PM5(c))
#define PM4X(c) PM(c), PM((c) + 1), PM((c) + 2), PM((c) + 3)
#define PM16X(c) PM4X(c), PM4X((c) + 4), PM4X((c) + 8), PM4X((c) + 12)
static const uint64_t pmask[64] = { PM16X(0), PM16X(16), PM16X(32), PM16X(48) };

/* lenmask[l]: the part positions of lengths 1..min(l, 5). */
static const uint64_t lenmask[7] = { 0, (1ull << 2) - 1, (1ull << 6) - 1,
	(1ull << 14) - 1, (1ull << 30) - 1, (1ull << 62) - 1, (1ull << 62) - 1 };

/* ---- Lookups. */

/* One step down: the child for the chunk at the top of *x, or NULL. */
static inline __attribute__((always_inline)) const struct v6_lpm_node *
step(const struct v6_lpm_node *nodes, const struct v6_lpm_node *n, unsigned c)
{
	if (!(n->ext >> c & 1))
		return NULL;
	return &nodes[n->child + popcnt(n->ext & below(c))];
}

/* The longest match inside node n for chunk c: a value index, or LPM_NIL. */
static inline __attribute__((always_inline)) uint32_t
in_node(const struct v6_lpm_node *n, unsigned c)
{
	uint64_t m;

	if (n->full >> c & 1)
		return n->value + popcnt(n->part) + popcnt(n->full & below(c));
	if ((m = n->part & pmask[c]) != 0)
		return n->value + popcnt(n->part & below(63 - (unsigned)__builtin_clzll(m)));
	return LPM_NIL;
}

static inline __attribute__((always_inline)) uint32_t
lookup_one(const struct v6_lpm_pool *p, uint32_t root, uint32_t dflt,
    const struct in6_addr *addr)
{
	const struct v6_lpm_node *nodes = node_at(p, 0), *n = &nodes[root], *next;
	const struct v6_lpm_node *path[LPM_DEPTHS];
	uint8_t chunk[LPM_DEPTHS];
	v6_u128 x = addr_load(addr);
	int d = 0;
	uint32_t vi;

	for (;;) {
		unsigned c = (unsigned)(x >> 122);
		path[d] = n;
		chunk[d] = (uint8_t)c;
		if ((next = step(nodes, n, c)) == NULL)
			break;
		n = next;
		x <<= LPM_STRIDE;
		d++;
	}
	for (; d >= 0; d--)
		if ((vi = in_node(path[d], chunk[d])) != LPM_NIL)
			return *value_at(p, vi);
	return dflt;
}

#define LPM_LANES 8

/* LPM_LANES lookups descend in lockstep, each lane's next node prefetched,
 * so that their cache misses overlap. */
static inline __attribute__((always_inline)) void
lookup_bulk_one(const struct v6_lpm_pool *p, uint32_t root, uint32_t dflt,
    const struct in6_addr *addrs, size_t n, uint32_t *out)
{
	const struct v6_lpm_node *nodes = node_at(p, 0);

	for (size_t i = 0; i < n; i += LPM_LANES) {
		const struct v6_lpm_node *path[LPM_LANES][LPM_DEPTHS], *cur[LPM_LANES];
		uint8_t chunk[LPM_LANES][LPM_DEPTHS];
		v6_u128 x[LPM_LANES];
		int depth[LPM_LANES];
		unsigned g = n - i < LPM_LANES ? (unsigned)(n - i) : LPM_LANES;
		unsigned active = (1u << g) - 1;

		for (unsigned j = 0; j < g; j++) {
			x[j] = addr_load(&addrs[i + j]);
			cur[j] = &nodes[root];
			depth[j] = 0;
		}
		while (active) {
			for (unsigned j = 0; j < g; j++) {
				if (!(active >> j & 1))
					continue;
				const struct v6_lpm_node *nx;
				unsigned c = (unsigned)(x[j] >> 122);
				path[j][depth[j]] = cur[j];
				chunk[j][depth[j]] = (uint8_t)c;
				if ((nx = step(nodes, cur[j], c)) == NULL) {
					active &= ~(1u << j);
					continue;
				}
				__builtin_prefetch(nx);
				cur[j] = nx;
				x[j] <<= LPM_STRIDE;
				depth[j]++;
			}
		}
		for (unsigned j = 0; j < g; j++) {
			uint32_t v = dflt, vi;
			for (int d = depth[j]; d >= 0; d--)
				if ((vi = in_node(path[j][d], chunk[j][d])) != LPM_NIL) {
					v = *value_at(p, vi);
					break;
				}
			out[i + j] = v;
		}
	}
}

static uint32_t
lookup_generic(const struct v6_lpm_pool *p, uint32_t root, uint32_t dflt,
    const struct in6_addr *addr)
{
	return lookup_one(p, root, dflt, addr);
}

static void
lookup_bulk_generic(const struct v6_lpm_pool *p, uint32_t root, uint32_t dflt,
    const struct in6_addr *addrs, size_t n, uint32_t *out)
{
	lookup_bulk_one(p, root, dflt, addrs, n, out);
}

#if defined(__x86_64__)
/* The same code with the POPCNT instruction (x86-64-v2 and
 * later; chosen at pool creation when the CPU has them). */
__attribute__((target("popcnt"))) static uint32_t
lookup_popcnt(const struct v6_lpm_pool *p, uint32_t root, uint32_t dflt,
    const struct in6_addr *addr)
{
	return lookup_one(p, root, dflt, addr);
}

__attribute__((target("popcnt"))) static void
lookup_bulk_popcnt(const struct v6_lpm_pool *p, uint32_t root, uint32_t dflt,
    const struct in6_addr *addrs, size_t n, uint32_t *out)
{
	lookup_bulk_one(p, root, dflt, addrs, n, out);
}
#endif

/* The longest match of at most maxlen bits, with its length (v6_lpm_match),
 * compiled twice as the lookups are. */
static inline __attribute__((always_inline)) uint32_t
match_one(const struct v6_lpm_pool *p, uint32_t root, uint32_t dflt,
    const struct in6_addr *addr, unsigned maxlen, unsigned *plen)
{
	const struct v6_lpm_node *path[LPM_DEPTHS], *n = node_at(p, root);
	v6_u128 x = addr_load(addr);
	unsigned dmax, lmax;
	int d = 0;

	if (plen)
		*plen = 0;
	if (maxlen > 128)
		maxlen = 128;
	if (maxlen == 0)
		return dflt;
	dmax = (maxlen - 1) / LPM_STRIDE;
	lmax = maxlen - LPM_STRIDE * dmax;
	for (;;) {
		path[d] = n;
		if ((unsigned)d == dmax || (n = step(node_at(p, 0), n, chunk_at(x, (unsigned)d))) == NULL)
			break;
		d++;
	}
	for (; d >= 0; d--) {
		unsigned c = chunk_at(x, (unsigned)d), lim = (unsigned)d == dmax ? lmax : 6;
		uint64_t m;
		n = path[d];
		if (lim == 6 && (n->full >> c & 1)) {
			if (plen)
				*plen = LPM_STRIDE * (unsigned)d + 6;
			return *value_at(p, n->value + popcnt(n->part) + popcnt(n->full & below(c)));
		}
		if ((m = n->part & pmask[c] & lenmask[lim]) != 0) {
			unsigned pos = 63 - (unsigned)__builtin_clzll(m);
			if (plen)
				*plen = LPM_STRIDE * (unsigned)d + 31 - (unsigned)__builtin_clz(pos + 2);
			return *value_at(p, n->value + popcnt(n->part & below(pos)));
		}
	}
	return dflt;
}

static uint32_t
match_generic(const struct v6_lpm_pool *p, uint32_t root, uint32_t dflt,
    const struct in6_addr *addr, unsigned maxlen, unsigned *plen)
{
	return match_one(p, root, dflt, addr, maxlen, plen);
}

#if defined(__x86_64__)
__attribute__((target("popcnt"))) static uint32_t
match_popcnt(const struct v6_lpm_pool *p, uint32_t root, uint32_t dflt,
    const struct in6_addr *addr, unsigned maxlen, unsigned *plen)
{
	return match_one(p, root, dflt, addr, maxlen, plen);
}
#endif

uint32_t
v6_lpm_match(const struct v6_lpm *t, const struct in6_addr *addr,
    unsigned maxlen, unsigned *plen)
{
	return t->pool->match(t->pool, t->root, t->dflt, addr, maxlen, plen);
}

/* The lookups for this CPU. */
void
lpm_lookup_select(struct v6_lpm_pool *p)
{
	p->lookup = lookup_generic;
	p->match = match_generic;
	p->lookup_bulk = lookup_bulk_generic;
#if defined(__x86_64__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("popcnt")) {
		p->lookup = lookup_popcnt;
		p->match = match_popcnt;
		p->lookup_bulk = lookup_bulk_popcnt;
	}
#endif
}
