/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Longest-prefix match over IPv6 prefixes (lpm.c, lpm_update.c,
 * lpm_walk.c): one routing table's prefixes, (prefix, length) -> a 32-bit value that the route module owns
 * (the index of its route entry). A multibit trie with 6-bit strides and
 * bitmap-compressed nodes (Tree Bitmap, Eatherton, Varghese, Dittia 2004):
 * ARCHITECTURE.md "The routing table's trie" argues the choice and gives
 * the measurements.
 *
 * Bound: every table of a pool takes its nodes and values from the pool's
 * two arenas, whose reserved bytes never exceed the pool's mem_max; an
 * insert that would pass it fails with V6_LPM_NOMEM and is counted in
 * n_nomem. Nothing is evicted: a route that does not fit is refused (Linux
 * bounds its routes by kernel memory only, and answers ENOMEM). Lookups allocate
 * nothing; an insert allocates at most 22 node arrays and one value array.
 */
#ifndef V6_CORE_LPM_H
#define V6_CORE_LPM_H

#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"

#define V6_LPM_NONE UINT32_MAX /* no route; not a valid value */

/* Results of the update calls (0 is success). */
enum v6_lpm_result {
	V6_LPM_OK = 0,
	V6_LPM_EXIST = -1, /* add: the prefix is there (Linux: EEXIST) */
	V6_LPM_NOENT = -2, /* del: the prefix is not there (ESRCH) */
	V6_LPM_NOMEM = -3, /* the pool's mem_max would be passed (ENOMEM) */
	V6_LPM_INVAL = -4, /* length above 128, or the value V6_LPM_NONE */
};
const char *v6_lpm_strerror(int result);

/* A growable array of fixed-size units, carved into blocks of 1 to
 * V6_LPM_BLOCK_MAX units, with a free list per block size (lpm_update.c). */
#define V6_LPM_BLOCK_MAX 128
struct v6_lpm_arena {
	void *raw;     /* as allocated */
	uint8_t *base; /* raw rounded up to 64 bytes: a node never spans two lines */
	uint32_t unit_len; /* bytes per unit */
	uint32_t cap;      /* units reserved */
	uint32_t top;      /* units below it were handed out at least once */
	uint32_t n_free;   /* units in the free lists */
	uint32_t head[V6_LPM_BLOCK_MAX + 1]; /* free blocks of each size */
	uint64_t nonempty[2];                /* bit s-1: head[s] is not empty */
};

struct v6_lpm_node;

/* Memory shared by the tables of one stack. */
struct v6_lpm_pool {
	struct v6_lpm_arena nodes;  /* struct v6_lpm_node, 32 bytes */
	struct v6_lpm_arena values; /* uint32_t */
	size_t mem_max;             /* bound of both arenas' reserved bytes */
	uint64_t n_nomem;           /* updates refused at the bound */
	uint32_t (*lookup)(const struct v6_lpm_pool *, uint32_t root,
	    uint32_t dflt, const struct in6_addr *); /* for this CPU */
	uint32_t (*match)(const struct v6_lpm_pool *, uint32_t root,
	    uint32_t dflt, const struct in6_addr *, unsigned maxlen,
	    unsigned *plen);
	void (*lookup_bulk)(const struct v6_lpm_pool *, uint32_t root,
	    uint32_t dflt, const struct in6_addr *, size_t n, uint32_t *out);
};

/* One table. */
struct v6_lpm {
	struct v6_lpm_pool *pool;
	uint32_t root;       /* node index in pool->nodes */
	uint32_t dflt;       /* the value of ::/0, or V6_LPM_NONE */
	uint32_t n_prefixes; /* ::/0 included */
	uint64_t gen;        /* bumped by every change */
};

/* What the pool holds, in bytes. */
struct v6_lpm_mem {
	size_t live;     /* in blocks handed out */
	size_t free;     /* in the free lists */
	size_t reserved; /* allocated from the system: live + free + spare */
	size_t mem_max;
	uint32_t n_nodes, n_values; /* live units */
};

/* mem_max: the bound in bytes (at least 64 KiB). Returns 0, or -1 when
 * mem_max is below 64 KiB or the first reservation fails. */
int v6_lpm_pool_init(struct v6_lpm_pool *pool, size_t mem_max);
void v6_lpm_pool_free(struct v6_lpm_pool *pool);
void v6_lpm_pool_mem(const struct v6_lpm_pool *pool, struct v6_lpm_mem *out);

/* An empty table (one root node). V6_LPM_OK or V6_LPM_NOMEM. */
int v6_lpm_init(struct v6_lpm *t, struct v6_lpm_pool *pool);
/* Every node back to the pool; the table is unusable until v6_lpm_init. */
void v6_lpm_destroy(struct v6_lpm *t);

/*
 * Updates. Bits of pfx beyond plen are ignored (Linux masks them too,
 * ip6_route_info_create). Each touches only the nodes on the prefix's path:
 * no other prefix's value or position changes.
 *
 * add: V6_LPM_EXIST if (pfx, plen) is there.
 * replace: adds or replaces; *old (if not NULL) receives the previous value
 * or V6_LPM_NONE.
 * del: V6_LPM_NOENT if absent; *old receives the value removed.
 */
int v6_lpm_add(struct v6_lpm *t, const struct in6_addr *pfx, unsigned plen,
    uint32_t value);
int v6_lpm_replace(struct v6_lpm *t, const struct in6_addr *pfx, unsigned plen,
    uint32_t value, uint32_t *old);
int v6_lpm_del(struct v6_lpm *t, const struct in6_addr *pfx, unsigned plen,
    uint32_t *old);

/* The value of exactly (pfx, plen), or V6_LPM_NONE. */
uint32_t v6_lpm_get(const struct v6_lpm *t, const struct in6_addr *pfx,
    unsigned plen);

/* The value of the longest prefix containing addr, or V6_LPM_NONE. */
static inline uint32_t
v6_lpm_lookup(const struct v6_lpm *t, const struct in6_addr *addr)
{
	return t->pool->lookup(t->pool, t->root, t->dflt, addr);
}

/* n lookups at once, their memory accesses overlapped: out[i] is
 * v6_lpm_lookup(t, &addrs[i]). */
static inline void
v6_lpm_lookup_bulk(const struct v6_lpm *t, const struct in6_addr *addrs,
    size_t n, uint32_t *out)
{
	t->pool->lookup_bulk(t->pool, t->root, t->dflt, addrs, n, out);
}

/* The longest prefix containing addr whose length is at most maxlen: its
 * value (or V6_LPM_NONE) and, in *plen if not NULL, its length. */
uint32_t v6_lpm_match(const struct v6_lpm *t, const struct in6_addr *addr,
    unsigned maxlen, unsigned *plen);

/*
 * The covering prefix of (pfx, plen): the longest one strictly shorter that
 * contains it (v6_lpm_match with maxlen plen - 1; none for plen 0).
 *
 * This is what a destination cache needs to be invalidated per prefix:
 * adding P changes the lookup of exactly the addresses inside P whose
 * result was P's covering prefix C (or nothing); deleting P or replacing its
 * value changes exactly those whose result was P. So a cache whose entries
 * remember the route they resolved through (and that route's generation)
 * bumps the generation of C on add, of P on delete and replace, and of the
 * table's "no route" state when C is none (tests/unit/core_lpm_test.c
 * checks this contract).
 */
static inline uint32_t
v6_lpm_cover(const struct v6_lpm *t, const struct in6_addr *pfx, unsigned plen,
    unsigned *cover_len)
{
	if (plen == 0 || plen > 128)
		return V6_LPM_NONE;
	return v6_lpm_match(t, pfx, plen - 1, cover_len);
}

/*
 * Every prefix in the order `ip -6 route show` lists a table (Linux's fib6
 * walk: address order, a prefix after the more specific ones inside it,
 * ::/0 last): ordered by (last address, length descending). With after
 * not NULL, starts after (after, after_len) in that order, whether or not
 * it is in the table (to resume a dump). cb returning non-zero stops the
 * walk, which returns that value; else 0. The table must not change during
 * the walk.
 */
typedef int (*v6_lpm_walk_cb)(void *ctx, const struct in6_addr *pfx,
    unsigned plen, uint32_t value);
int v6_lpm_walk(const struct v6_lpm *t, const struct in6_addr *after,
    unsigned after_len, v6_lpm_walk_cb cb, void *ctx);

#endif
