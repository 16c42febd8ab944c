/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Updates of the LPM trie (lpm.h, layout in lpm.c): the arenas its nodes
 * and values live in, the pool and its bound, add/replace/del/get. An
 * update copies the child or value array of one node per level it changes
 * (the arrays are contiguous and ordered), so it touches only the nodes on
 * one path, and frees what a delete leaves empty.
 */
#include <stdlib.h>
#include <string.h>

#include "core/lpm_node.h"

/* ---- Arenas: blocks of 1..V6_LPM_BLOCK_MAX units, a free list per size.
 * A free block's first four bytes link it to the next of its size. An
 * allocation takes, in order: a free block of its size, never used units
 * at the top, the smallest larger free block (split, the rest freed), more
 * reserved memory (x1.5, within the pool's mem_max). */

static size_t
arena_reserved(const struct v6_lpm_arena *a)
{
	return (size_t)a->cap * a->unit_len;
}

static void
arena_push(struct v6_lpm_arena *a, uint32_t b, uint32_t k)
{
	memcpy(unit_at(a, b), &a->head[k], sizeof(uint32_t));
	a->head[k] = b;
	a->nonempty[(k - 1) / 64] |= 1ull << ((k - 1) % 64);
	a->n_free += k;
}

static uint32_t
arena_pop(struct v6_lpm_arena *a, uint32_t k)
{
	uint32_t b = a->head[k];

	memcpy(&a->head[k], unit_at(a, b), sizeof(uint32_t));
	if (a->head[k] == LPM_NIL)
		a->nonempty[(k - 1) / 64] &= ~(1ull << ((k - 1) % 64));
	a->n_free -= k;
	return b;
}

/* The smallest size >= k with a free block, or 0. */
static uint32_t
arena_fit(const struct v6_lpm_arena *a, uint32_t k)
{
	for (uint32_t w = (k - 1) / 64; w < 2; w++) {
		uint64_t m = a->nonempty[w];
		if (w == (k - 1) / 64)
			m &= ~0ull << ((k - 1) % 64);
		if (m)
			return w * 64 + (uint32_t)__builtin_ctzll(m) + 1;
	}
	return 0;
}

/* Reserve at least `need` more units than top, within mem_max. */
static int
arena_grow(struct v6_lpm_pool *p, struct v6_lpm_arena *a, uint32_t need)
{
	const struct v6_lpm_arena *other = a == &p->nodes ? &p->values : &p->nodes;
	size_t room = p->mem_max - arena_reserved(other), maxcap, cap, old_off;
	void *raw;

	maxcap = room / a->unit_len;
	if (maxcap > LPM_NIL - 1)
		maxcap = LPM_NIL - 1;
	if ((size_t)a->top + need > maxcap)
		return -1;
	cap = (size_t)a->cap + a->cap / 2;
	if (cap < (size_t)a->top + need)
		cap = (size_t)a->top + need;
	if (cap < 4096 / a->unit_len)
		cap = 4096 / a->unit_len;
	if (cap > maxcap)
		cap = maxcap;
	old_off = a->raw ? (size_t)(a->base - (uint8_t *)a->raw) : 0;
	raw = realloc(a->raw, cap * a->unit_len + 64);
	if (!raw)
		return -1;
	a->raw = raw;
	a->base = (uint8_t *)(((uintptr_t)raw + 63) & ~(uintptr_t)63);
	if ((size_t)(a->base - (uint8_t *)raw) != old_off && a->top)
		memmove(a->base, (uint8_t *)raw + old_off, (size_t)a->top * a->unit_len);
	a->cap = (uint32_t)cap;
	return 0;
}

static uint32_t
arena_alloc(struct v6_lpm_pool *p, struct v6_lpm_arena *a, uint32_t k)
{
	uint32_t b, s;

	if (a->head[k] != LPM_NIL)
		return arena_pop(a, k);
	if (a->top + k <= a->cap) {
		b = a->top;
		a->top += k;
		return b;
	}
	if ((s = arena_fit(a, k + 1)) != 0) {
		b = arena_pop(a, s);
		arena_push(a, b + k, s - k);
		return b;
	}
	if (arena_grow(p, a, k) < 0)
		return LPM_NIL;
	b = a->top;
	a->top += k;
	return b;
}

static void
arena_free(struct v6_lpm_arena *a, uint32_t b, uint32_t k)
{
	if (b + k == a->top)
		a->top = b;
	else
		arena_push(a, b, k);
}

static void
arena_init(struct v6_lpm_arena *a, uint32_t unit_len)
{
	memset(a, 0, sizeof(*a));
	a->unit_len = unit_len;
	for (int i = 0; i <= V6_LPM_BLOCK_MAX; i++)
		a->head[i] = LPM_NIL;
}

/* ---- Pool and table. */

int
v6_lpm_pool_init(struct v6_lpm_pool *p, size_t mem_max)
{
	memset(p, 0, sizeof(*p));
	if (mem_max < LPM_MEM_MIN)
		return -1;
	arena_init(&p->nodes, LPM_NODE_LEN);
	arena_init(&p->values, sizeof(uint32_t));
	p->mem_max = mem_max;
	lpm_lookup_select(p);
	return 0;
}

void
v6_lpm_pool_free(struct v6_lpm_pool *p)
{
	free(p->nodes.raw);
	free(p->values.raw);
	memset(p, 0, sizeof(*p));
}

void
v6_lpm_pool_mem(const struct v6_lpm_pool *p, struct v6_lpm_mem *out)
{
	const struct v6_lpm_arena *n = &p->nodes, *v = &p->values;

	out->n_nodes = n->top - n->n_free;
	out->n_values = v->top - v->n_free;
	out->live = (size_t)out->n_nodes * n->unit_len + (size_t)out->n_values * v->unit_len;
	out->free = (size_t)n->n_free * n->unit_len + (size_t)v->n_free * v->unit_len;
	out->reserved = arena_reserved(n) + arena_reserved(v);
	out->mem_max = p->mem_max;
}

static int
nomem(struct v6_lpm_pool *p)
{
	p->n_nomem++;
	return V6_LPM_NOMEM;
}

int
v6_lpm_init(struct v6_lpm *t, struct v6_lpm_pool *p)
{
	memset(t, 0, sizeof(*t));
	t->pool = p;
	t->dflt = V6_LPM_NONE;
	if ((t->root = arena_alloc(p, &p->nodes, 1)) == LPM_NIL)
		return nomem(p);
	memset(node_at(p, t->root), 0, sizeof(struct v6_lpm_node));
	return V6_LPM_OK;
}

static unsigned
n_values(const struct v6_lpm_node *n)
{
	return popcnt(n->part) + popcnt(n->full);
}

static void
free_subtree(struct v6_lpm_pool *p, uint32_t ni)
{
	struct v6_lpm_node *n = node_at(p, ni);
	unsigned k = popcnt(n->ext), nv = n_values(n);
	uint32_t child = n->child;

	for (unsigned i = 0; i < k; i++)
		free_subtree(p, child + i);
	n = node_at(p, ni);
	if (k)
		arena_free(&p->nodes, child, k);
	if (nv)
		arena_free(&p->values, n->value, nv);
}

void
v6_lpm_destroy(struct v6_lpm *t)
{
	if (!t->pool)
		return;
	free_subtree(t->pool, t->root);
	arena_free(&t->pool->nodes, t->root, 1);
	memset(t, 0, sizeof(*t));
	t->dflt = V6_LPM_NONE;
}

/* Node ni gets a zeroed child at rank r; returns its index or LPM_NIL.
 * (The arena may move: node pointers are taken again after allocating.) */
static uint32_t
child_insert(struct v6_lpm_pool *p, uint32_t ni, unsigned r)
{
	unsigned k = popcnt(node_at(p, ni)->ext);
	uint32_t nb = arena_alloc(p, &p->nodes, k + 1);
	struct v6_lpm_node *n, *dst;

	if (nb == LPM_NIL)
		return LPM_NIL;
	n = node_at(p, ni);
	dst = node_at(p, nb);
	if (k) {
		const struct v6_lpm_node *src = node_at(p, n->child);
		memcpy(dst, src, r * sizeof(*dst));
		memcpy(dst + r + 1, src + r, (k - r) * sizeof(*dst));
		arena_free(&p->nodes, n->child, k);
	}
	memset(dst + r, 0, sizeof(*dst));
	n->child = nb;
	return nb + r;
}

/* Node ni loses its child at rank r (the last unit of the block is freed). */
static void
child_remove(struct v6_lpm_pool *p, uint32_t ni, unsigned r)
{
	struct v6_lpm_node *n = node_at(p, ni);
	unsigned k = popcnt(n->ext);
	struct v6_lpm_node *c = node_at(p, n->child);

	memmove(c + r, c + r + 1, (k - 1 - r) * sizeof(*c));
	arena_free(&p->nodes, n->child + k - 1, 1);
	if (k == 1)
		n->child = 0;
}

static int
value_insert(struct v6_lpm_pool *p, uint32_t ni, unsigned r, uint32_t value)
{
	unsigned k = n_values(node_at(p, ni));
	uint32_t nb = arena_alloc(p, &p->values, k + 1);
	struct v6_lpm_node *n;
	uint32_t *dst;

	if (nb == LPM_NIL)
		return -1;
	n = node_at(p, ni);
	dst = value_at(p, nb);
	if (k) {
		const uint32_t *src = value_at(p, n->value);
		memcpy(dst, src, r * sizeof(*dst));
		memcpy(dst + r + 1, src + r, (k - r) * sizeof(*dst));
		arena_free(&p->values, n->value, k);
	}
	dst[r] = value;
	n->value = nb;
	return 0;
}

static void
value_remove(struct v6_lpm_pool *p, uint32_t ni, unsigned r)
{
	struct v6_lpm_node *n = node_at(p, ni);
	unsigned k = n_values(n);
	uint32_t *v = value_at(p, n->value);

	memmove(v + r, v + r + 1, (k - 1 - r) * sizeof(*v));
	arena_free(&p->values, n->value + k - 1, 1);
	if (k == 1)
		n->value = 0;
}

/* Remove the empty nodes at the end of path[0..d] (never the root). */
static void
prune(struct v6_lpm_pool *p, const uint32_t *path, v6_u128 x, unsigned d)
{
	for (; d > 0; d--) {
		const struct v6_lpm_node *n = node_at(p, path[d]);
		struct v6_lpm_node *up;
		unsigned c;
		if (n->ext | n->full | n->part)
			return;
		c = chunk_at(x, d - 1);
		up = node_at(p, path[d - 1]);
		child_remove(p, path[d - 1], popcnt(up->ext & below(c)));
		node_at(p, path[d - 1])->ext &= ~(1ull << c);
	}
}

/* Where (x, plen), plen >= 1, lives: depth, the word (full or part), bit. */
struct slot {
	unsigned depth, bit;
	bool full;
};

static struct slot
slot_of(v6_u128 x, unsigned plen)
{
	struct slot s;
	unsigned l;

	s.depth = (plen - 1) / LPM_STRIDE;
	l = plen - LPM_STRIDE * s.depth;
	s.full = l == LPM_STRIDE;
	s.bit = s.full ? chunk_at(x, s.depth) : part_pos(l, chunk_at(x, s.depth));
	return s;
}

static unsigned
value_rank(const struct v6_lpm_node *n, struct slot s)
{
	return s.full ? popcnt(n->part) + popcnt(n->full & below(s.bit))
		      : popcnt(n->part & below(s.bit));
}

static bool
slot_used(const struct v6_lpm_node *n, struct slot s)
{
	return ((s.full ? n->full : n->part) >> s.bit) & 1;
}

/* Follow (x) down to depth; path[0..depth] receives the nodes. Returns
 * false if a node is missing. */
static bool
descend(const struct v6_lpm *t, v6_u128 x, unsigned depth, uint32_t *path)
{
	const struct v6_lpm_pool *p = t->pool;
	uint32_t ni = t->root;

	for (unsigned k = 0; k < depth; k++) {
		const struct v6_lpm_node *n = node_at(p, ni);
		unsigned c = chunk_at(x, k);
		path[k] = ni;
		if (!(n->ext >> c & 1))
			return false;
		ni = n->child + popcnt(n->ext & below(c));
	}
	path[depth] = ni;
	return true;
}

static int
update(struct v6_lpm *t, const struct in6_addr *pfx, unsigned plen,
    uint32_t value, bool replace, uint32_t *old)
{
	struct v6_lpm_pool *p = t->pool;
	uint32_t path[LPM_DEPTHS], ni = t->root;
	v6_u128 x;
	struct slot s;
	struct v6_lpm_node *n;
	unsigned r;

	if (old)
		*old = V6_LPM_NONE;
	if (plen > 128 || value == V6_LPM_NONE)
		return V6_LPM_INVAL;
	if (plen == 0) {
		if (t->dflt != V6_LPM_NONE && !replace)
			return V6_LPM_EXIST;
		if (old)
			*old = t->dflt;
		if (t->dflt == V6_LPM_NONE)
			t->n_prefixes++;
		t->dflt = value;
		t->gen++;
		return V6_LPM_OK;
	}
	x = addr_load(pfx);
	s = slot_of(x, plen);
	for (unsigned k = 0; k < s.depth; k++) {
		unsigned c = chunk_at(x, k);
		path[k] = ni;
		n = node_at(p, ni);
		r = popcnt(n->ext & below(c));
		if (n->ext >> c & 1) {
			ni = n->child + r;
			continue;
		}
		if ((ni = child_insert(p, path[k], r)) == LPM_NIL) {
			prune(p, path, x, k);
			return nomem(p);
		}
		node_at(p, path[k])->ext |= 1ull << c;
	}
	path[s.depth] = ni;
	n = node_at(p, ni);
	r = value_rank(n, s);
	if (slot_used(n, s)) {
		uint32_t *v = value_at(p, n->value + r);
		if (!replace)
			return V6_LPM_EXIST;
		if (old)
			*old = *v;
		*v = value;
		t->gen++;
		return V6_LPM_OK;
	}
	if (value_insert(p, ni, r, value) < 0) {
		prune(p, path, x, s.depth);
		return nomem(p);
	}
	n = node_at(p, ni);
	if (s.full)
		n->full |= 1ull << s.bit;
	else
		n->part |= 1ull << s.bit;
	t->n_prefixes++;
	t->gen++;
	return V6_LPM_OK;
}

int
v6_lpm_add(struct v6_lpm *t, const struct in6_addr *pfx, unsigned plen,
    uint32_t value)
{
	return update(t, pfx, plen, value, false, NULL);
}

int
v6_lpm_replace(struct v6_lpm *t, const struct in6_addr *pfx, unsigned plen,
    uint32_t value, uint32_t *old)
{
	return update(t, pfx, plen, value, true, old);
}

int
v6_lpm_del(struct v6_lpm *t, const struct in6_addr *pfx, unsigned plen,
    uint32_t *old)
{
	struct v6_lpm_pool *p = t->pool;
	uint32_t path[LPM_DEPTHS];
	struct v6_lpm_node *n;
	struct slot s;
	unsigned r;
	v6_u128 x;

	if (old)
		*old = V6_LPM_NONE;
	if (plen > 128)
		return V6_LPM_INVAL;
	if (plen == 0) {
		if (t->dflt == V6_LPM_NONE)
			return V6_LPM_NOENT;
		if (old)
			*old = t->dflt;
		t->dflt = V6_LPM_NONE;
		t->n_prefixes--;
		t->gen++;
		return V6_LPM_OK;
	}
	x = addr_load(pfx);
	s = slot_of(x, plen);
	if (!descend(t, x, s.depth, path))
		return V6_LPM_NOENT;
	n = node_at(p, path[s.depth]);
	if (!slot_used(n, s))
		return V6_LPM_NOENT;
	r = value_rank(n, s);
	if (old)
		*old = *value_at(p, n->value + r);
	value_remove(p, path[s.depth], r);
	n = node_at(p, path[s.depth]);
	if (s.full)
		n->full &= ~(1ull << s.bit);
	else
		n->part &= ~(1ull << s.bit);
	prune(p, path, x, s.depth);
	t->n_prefixes--;
	t->gen++;
	return V6_LPM_OK;
}

uint32_t
v6_lpm_get(const struct v6_lpm *t, const struct in6_addr *pfx, unsigned plen)
{
	uint32_t path[LPM_DEPTHS];
	const struct v6_lpm_node *n;
	struct slot s;
	v6_u128 x;

	if (plen > 128)
		return V6_LPM_NONE;
	if (plen == 0)
		return t->dflt;
	x = addr_load(pfx);
	s = slot_of(x, plen);
	if (!descend(t, x, s.depth, path))
		return V6_LPM_NONE;
	n = node_at(t->pool, path[s.depth]);
	if (!slot_used(n, s))
		return V6_LPM_NONE;
	return *value_at(t->pool, n->value + value_rank(n, s));
}
