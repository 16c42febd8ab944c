/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The ordered walk of an LPM trie (lpm.h v6_lpm_walk), in the order
 * `ip -6 route show` lists a table.
 */
#include "core/lpm_node.h"

/* ---- The ordered walk: post-order over the binary positions of each
 * node (left half, right half, then the position's own prefix), a child
 * node before the full-length prefix at its chunk. */

struct walk {
	const struct v6_lpm_pool *p;
	v6_lpm_walk_cb cb;
	void *ctx;
	bool resume;
	v6_u128 after_last; /* resume after (after_last, after_len) */
	unsigned after_len;
};

/* The part positions inside binary position (l, v) of a node. */
static uint64_t
part_under(unsigned l, unsigned v)
{
	uint64_t m = 0;

	for (unsigned l2 = l ? l : 1; l2 < LPM_STRIDE; l2++) {
		unsigned sh = l2 - l;
		m |= ((1ull << (1u << sh)) - 1) << ((1u << l2) - 2 + (v << sh));
	}
	return m;
}

static int
emit(const struct walk *w, v6_u128 net, unsigned plen, uint32_t value)
{
	struct in6_addr a;

	if (w->resume) {
		v6_u128 last = last_of(net, plen);
		if (last < w->after_last || (last == w->after_last && plen >= w->after_len))
			return 0;
	}
	addr_store(&a, net);
	return w->cb(w->ctx, &a, plen, value);
}

static int walk_node(const struct walk *w, uint32_t ni, unsigned d, v6_u128 net);

/* Binary position (l, v) of node n at depth d: the prefix of length
 * 6d + l whose last l bits are v. */
static int
walk_pos(const struct walk *w, const struct v6_lpm_node *n, unsigned d,
    v6_u128 net, unsigned l, unsigned v)
{
	unsigned len = LPM_STRIDE * d + l, span = 1u << (LPM_STRIDE - l);
	uint64_t chunks = span == 64 ? ~0ull : ((1ull << span) - 1) << (v * span);
	v6_u128 sub;
	int r;

	if (len > 128 || (!((n->ext | n->full) & chunks) && !(n->part & part_under(l, v))))
		return 0;
	sub = len == 0 ? 0 : net | (v6_u128)v << (128 - len);
	if (w->resume && last_of(sub, len) < w->after_last)
		return 0;
	if (l == LPM_STRIDE) {
		if ((n->ext >> v & 1) &&
		    (r = walk_node(w, n->child + popcnt(n->ext & below(v)), d + 1, sub)) != 0)
			return r;
		if (n->full >> v & 1)
			return emit(w, sub, len,
			    *value_at(w->p, n->value + popcnt(n->part) + popcnt(n->full & below(v))));
		return 0;
	}
	if ((r = walk_pos(w, n, d, net, l + 1, 2 * v)) != 0 ||
	    (r = walk_pos(w, n, d, net, l + 1, 2 * v + 1)) != 0)
		return r;
	if (l > 0 && (n->part >> part_pos(l, v << (LPM_STRIDE - l)) & 1)) {
		unsigned pos = part_pos(l, v << (LPM_STRIDE - l));
		return emit(w, sub, len, *value_at(w->p, n->value + popcnt(n->part & below(pos))));
	}
	return 0;
}

static int
walk_node(const struct walk *w, uint32_t ni, unsigned d, v6_u128 net)
{
	return walk_pos(w, node_at(w->p, ni), d, net, 0, 0);
}

int
v6_lpm_walk(const struct v6_lpm *t, const struct in6_addr *after,
    unsigned after_len, v6_lpm_walk_cb cb, void *ctx)
{
	struct walk w = { .p = t->pool, .cb = cb, .ctx = ctx };
	int r;

	if (after) {
		if (after_len > 128)
			after_len = 128;
		w.resume = true;
		w.after_len = after_len;
		w.after_last = last_of(first_of(addr_load(after), after_len), after_len);
	}
	if ((r = walk_node(&w, t->root, 0, 0)) != 0)
		return r;
	if (t->dflt != V6_LPM_NONE)
		return emit(&w, 0, 0, t->dflt);
	return 0;
}
