/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The longest-prefix-match trie (core/lpm.c): fixed cases (default route,
 * host routes, nested prefixes, deletes of inner and outer prefixes,
 * replace, the memory bound, the walk order `ip -6 route show` uses), then
 * a randomized differential test against a naive reference (a list
 * scanned in full), which also checks the invalidation contract of lpm.h:
 * an update changes only the lookups it says it changes.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdlib.h>

#include "core/lpm.h"
#include "lib/t.h"

__extension__ typedef unsigned __int128 u128;

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		fprintf(stderr, "bad address %s\n", s);
		abort();
	}
	return a;
}

static u128
to_u128(const struct in6_addr *a)
{
	u128 x = 0;

	for (int i = 0; i < 16; i++)
		x = x << 8 | a->s6_addr[i];
	return x;
}

static struct in6_addr
from_u128(u128 x)
{
	struct in6_addr a;

	for (int i = 15; i >= 0; i--) {
		a.s6_addr[i] = (uint8_t)x;
		x >>= 8;
	}
	return a;
}

static u128
mask_of(unsigned plen)
{
	return plen == 0 ? 0 : ~(u128)0 << (128 - plen);
}

struct fixture {
	struct v6_lpm_pool pool;
	struct v6_lpm t;
};

static void
fx_init(struct fixture *f, size_t mem)
{
	CHECK_EQ(v6_lpm_pool_init(&f->pool, mem), 0);
	CHECK_EQ(v6_lpm_init(&f->t, &f->pool), V6_LPM_OK);
}

static void
fx_free(struct fixture *f)
{
	v6_lpm_destroy(&f->t);
	v6_lpm_pool_free(&f->pool);
}

static uint32_t
L(struct fixture *f, const char *addr)
{
	struct in6_addr a = A(addr);
	uint32_t v = v6_lpm_lookup(&f->t, &a), b;

	/* Every lookup path must agree: single, bulk, match. */
	v6_lpm_lookup_bulk(&f->t, &a, 1, &b);
	CHECK_EQ(b, v);
	CHECK_EQ(v6_lpm_match(&f->t, &a, 128, NULL), v);
	return v;
}

static int
add(struct fixture *f, const char *pfx, unsigned plen, uint32_t v)
{
	struct in6_addr a = A(pfx);

	return v6_lpm_add(&f->t, &a, plen, v);
}

static int
del(struct fixture *f, const char *pfx, unsigned plen)
{
	struct in6_addr a = A(pfx);

	return v6_lpm_del(&f->t, &a, plen, NULL);
}

TEST(lpm_empty_table_has_no_route)
{
	struct fixture f;

	fx_init(&f, 1 << 20);
	CHECK_EQ(L(&f, "::"), V6_LPM_NONE);
	CHECK_EQ(L(&f, "2001:db8::1"), V6_LPM_NONE);
	CHECK_EQ(L(&f, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), V6_LPM_NONE);
	CHECK_EQ(del(&f, "2001:db8::", 32), V6_LPM_NOENT);
	CHECK_EQ(del(&f, "::", 0), V6_LPM_NOENT);
	CHECK_EQ(f.t.n_prefixes, 0);
	fx_free(&f);
}

TEST(lpm_default_route_matches_everything_else)
{
	struct fixture f;
	struct in6_addr z = A("::");
	uint32_t old = 0;
	unsigned plen = 99;

	fx_init(&f, 1 << 20);
	CHECK_EQ(add(&f, "::", 0, 7), V6_LPM_OK);
	CHECK_EQ(add(&f, "::", 0, 8), V6_LPM_EXIST);
	CHECK_EQ(L(&f, "2001:db8::1"), 7);
	CHECK_EQ(L(&f, "::"), 7);
	CHECK_EQ(add(&f, "2001:db8::", 32, 1), V6_LPM_OK);
	CHECK_EQ(L(&f, "2001:db8:ffff::1"), 1);
	CHECK_EQ(L(&f, "2001:db9::1"), 7);
	CHECK_EQ(v6_lpm_match(&f.t, &z, 128, &plen), 7);
	CHECK_EQ(plen, 0);
	CHECK_EQ(v6_lpm_replace(&f.t, &z, 0, 9, &old), V6_LPM_OK);
	CHECK_EQ(old, 7);
	CHECK_EQ(L(&f, "2001:db9::1"), 9);
	CHECK_EQ(v6_lpm_del(&f.t, &z, 0, &old), V6_LPM_OK);
	CHECK_EQ(old, 9);
	CHECK_EQ(L(&f, "2001:db9::1"), V6_LPM_NONE);
	CHECK_EQ(L(&f, "2001:db8::1"), 1);
	CHECK_EQ(f.t.n_prefixes, 1);
	fx_free(&f);
}

TEST(lpm_host_routes_match_one_address)
{
	struct fixture f;

	fx_init(&f, 1 << 20);
	CHECK_EQ(add(&f, "2001:db8::1", 128, 1), V6_LPM_OK);
	CHECK_EQ(add(&f, "2001:db8::2", 127, 2), V6_LPM_OK); /* ::2 and ::3 */
	CHECK_EQ(add(&f, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 128, 3), V6_LPM_OK);
	CHECK_EQ(add(&f, "::", 128, 4), V6_LPM_OK);
	CHECK_EQ(L(&f, "2001:db8::1"), 1);
	CHECK_EQ(L(&f, "2001:db8::0"), V6_LPM_NONE);
	CHECK_EQ(L(&f, "2001:db8::2"), 2);
	CHECK_EQ(L(&f, "2001:db8::3"), 2);
	CHECK_EQ(L(&f, "2001:db8::4"), V6_LPM_NONE);
	CHECK_EQ(L(&f, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 3);
	CHECK_EQ(L(&f, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"), V6_LPM_NONE);
	CHECK_EQ(L(&f, "::"), 4);
	CHECK_EQ(L(&f, "::1"), V6_LPM_NONE);
	CHECK_EQ(del(&f, "2001:db8::1", 128), V6_LPM_OK);
	CHECK_EQ(L(&f, "2001:db8::1"), V6_LPM_NONE);
	CHECK_EQ(L(&f, "2001:db8::3"), 2);
	fx_free(&f);
}

/* 2001:db8::/32 > 2001:db8:1::/48 > 2001:db8:1:2::/64 > 2001:db8:1:2::5/128 */
TEST(lpm_nested_prefixes_longest_wins)
{
	struct fixture f;
	struct in6_addr a = A("2001:db8:1:2::5");
	unsigned plen = 0;

	fx_init(&f, 1 << 20);
	CHECK_EQ(add(&f, "2001:db8::", 32, 32), V6_LPM_OK);
	CHECK_EQ(add(&f, "2001:db8:1::", 48, 48), V6_LPM_OK);
	CHECK_EQ(add(&f, "2001:db8:1:2::", 64, 64), V6_LPM_OK);
	CHECK_EQ(add(&f, "2001:db8:1:2::5", 128, 128), V6_LPM_OK);
	CHECK_EQ(L(&f, "2001:db8:1:2::5"), 128);
	CHECK_EQ(L(&f, "2001:db8:1:2::6"), 64);
	CHECK_EQ(L(&f, "2001:db8:1:3::5"), 48);
	CHECK_EQ(L(&f, "2001:db8:2::"), 32);
	CHECK_EQ(L(&f, "2001:db9::"), V6_LPM_NONE);
	/* match with a bound on the length, and the covering prefix */
	CHECK_EQ(v6_lpm_match(&f.t, &a, 127, &plen), 64);
	CHECK_EQ(plen, 64);
	CHECK_EQ(v6_lpm_match(&f.t, &a, 63, &plen), 48);
	CHECK_EQ(plen, 48);
	CHECK_EQ(v6_lpm_match(&f.t, &a, 47, &plen), 32);
	CHECK_EQ(plen, 32);
	CHECK_EQ(v6_lpm_match(&f.t, &a, 31, &plen), V6_LPM_NONE);
	CHECK_EQ(v6_lpm_cover(&f.t, &a, 64, &plen), 48);
	CHECK_EQ(plen, 48);
	CHECK_EQ(v6_lpm_cover(&f.t, &a, 0, &plen), V6_LPM_NONE);
	fx_free(&f);
}

TEST(lpm_delete_inner_prefix_falls_back_to_outer)
{
	struct fixture f;

	fx_init(&f, 1 << 20);
	CHECK_EQ(add(&f, "2001:db8::", 32, 32), V6_LPM_OK);
	CHECK_EQ(add(&f, "2001:db8:1::", 48, 48), V6_LPM_OK);
	CHECK_EQ(add(&f, "2001:db8:1:2::", 64, 64), V6_LPM_OK);
	CHECK_EQ(del(&f, "2001:db8:1::", 48), V6_LPM_OK);
	CHECK_EQ(del(&f, "2001:db8:1::", 48), V6_LPM_NOENT);
	CHECK_EQ(L(&f, "2001:db8:1:3::"), 32);
	CHECK_EQ(L(&f, "2001:db8:1:2::"), 64);
	CHECK_EQ(f.t.n_prefixes, 2);
	fx_free(&f);
}

TEST(lpm_delete_outer_prefix_keeps_inner)
{
	struct fixture f;

	fx_init(&f, 1 << 20);
	CHECK_EQ(add(&f, "::", 0, 0), V6_LPM_OK);
	CHECK_EQ(add(&f, "2001:db8::", 32, 32), V6_LPM_OK);
	CHECK_EQ(add(&f, "2001:db8:1::", 48, 48), V6_LPM_OK);
	CHECK_EQ(del(&f, "2001:db8::", 32), V6_LPM_OK);
	CHECK_EQ(L(&f, "2001:db8:1::1"), 48);
	CHECK_EQ(L(&f, "2001:db8:2::1"), 0);
	CHECK_EQ(del(&f, "2001:db8::", 33), V6_LPM_NOENT); /* exact, not covering */
	CHECK_EQ(del(&f, "2001:db8:1::", 47), V6_LPM_NOENT);
	fx_free(&f);
}

TEST(lpm_replace_changes_only_the_value)
{
	struct fixture f;
	struct in6_addr p = A("2001:db8:1::");
	uint32_t old = 0;

	fx_init(&f, 1 << 20);
	CHECK_EQ(add(&f, "2001:db8::", 32, 32), V6_LPM_OK);
	CHECK_EQ(v6_lpm_replace(&f.t, &p, 48, 1, &old), V6_LPM_OK); /* new */
	CHECK_EQ(old, V6_LPM_NONE);
	CHECK_EQ(add(&f, "2001:db8:1::", 48, 2), V6_LPM_EXIST);
	CHECK_EQ(L(&f, "2001:db8:1::1"), 1);
	CHECK_EQ(v6_lpm_replace(&f.t, &p, 48, 2, &old), V6_LPM_OK);
	CHECK_EQ(old, 1);
	CHECK_EQ(L(&f, "2001:db8:1::1"), 2);
	CHECK_EQ(v6_lpm_get(&f.t, &p, 48), 2);
	CHECK_EQ(f.t.n_prefixes, 2);
	fx_free(&f);
}

TEST(lpm_host_bits_beyond_the_length_are_ignored)
{
	struct fixture f;
	struct in6_addr p = A("2001:db8::");

	fx_init(&f, 1 << 20);
	CHECK_EQ(add(&f, "2001:db8:ffff::1", 32, 5), V6_LPM_OK); /* Linux masks too */
	CHECK_EQ(v6_lpm_get(&f.t, &p, 32), 5);
	CHECK_EQ(add(&f, "2001:db8::", 32, 6), V6_LPM_EXIST);
	CHECK_EQ(v6_lpm_get(&f.t, &p, 31), V6_LPM_NONE);
	CHECK_EQ(v6_lpm_get(&f.t, &p, 33), V6_LPM_NONE);
	fx_free(&f);
}

TEST(lpm_invalid_arguments_are_refused)
{
	struct fixture f;

	fx_init(&f, 1 << 20);
	CHECK_EQ(add(&f, "2001:db8::", 129, 1), V6_LPM_INVAL);
	CHECK_EQ(add(&f, "2001:db8::", 32, V6_LPM_NONE), V6_LPM_INVAL);
	CHECK_EQ(del(&f, "2001:db8::", 129), V6_LPM_INVAL);
	CHECK_EQ(f.t.n_prefixes, 0);
	CHECK_STR(v6_lpm_strerror(V6_LPM_NOMEM), "routing table memory exhausted (route mem_max)");
	fx_free(&f);
	CHECK_EQ(v6_lpm_pool_init(&f.pool, 1000), -1); /* below the 64 KiB minimum */
	CHECK_EQ(v6_lpm_pool_init(&f.pool, 1 << 20), 0);
	v6_lpm_pool_free(&f.pool);
	fx_init(&f, 1 << 20);
	fx_free(&f);
}

/* One address, every length 0..128 at once, removed in two orders: the
 * nodes go back to the pool. */
TEST(lpm_every_length_on_one_path)
{
	struct fixture f;
	struct in6_addr a = A("2001:db8:89ab:cdef:137:9bdf:2468:ace1");
	struct v6_lpm_mem m;
	unsigned plen;

	fx_init(&f, 1 << 20);
	for (unsigned round = 0; round < 2; round++) {
		for (unsigned l = 0; l <= 128; l++)
			CHECK_EQ(v6_lpm_add(&f.t, &a, l, 1000 + l), V6_LPM_OK);
		CHECK_EQ(f.t.n_prefixes, 129);
		for (unsigned l = 0; l <= 128; l++) {
			CHECK_EQ(v6_lpm_match(&f.t, &a, l, &plen), 1000 + l);
			CHECK_EQ(plen, l);
			CHECK_EQ(v6_lpm_get(&f.t, &a, l), 1000 + l);
		}
		CHECK_EQ(v6_lpm_lookup(&f.t, &a), 1128);
		for (unsigned i = 0; i <= 128; i++) {
			unsigned l = round == 0 ? 128 - i : i;
			CHECK_EQ(v6_lpm_del(&f.t, &a, l, NULL), V6_LPM_OK);
			if (round == 0)
				CHECK_EQ(v6_lpm_lookup(&f.t, &a), l ? 1000 + l - 1 : V6_LPM_NONE);
			else
				CHECK_EQ(v6_lpm_lookup(&f.t, &a), l < 128 ? 1128 : V6_LPM_NONE);
		}
		v6_lpm_pool_mem(&f.pool, &m);
		CHECK_EQ(m.n_nodes, 1); /* the root */
		CHECK_EQ(m.n_values, 0);
	}
	fx_free(&f);
	(void)plen;
}

struct walked {
	int n;
	char text[32][64];
	int stop_at;
};

static int
walk_collect(void *ctx, const struct in6_addr *pfx, unsigned plen, uint32_t value)
{
	struct walked *w = ctx;
	char s[INET6_ADDRSTRLEN];

	(void)value;
	if (w->n >= 32)
		return -1;
	inet_ntop(AF_INET6, pfx, s, sizeof(s));
	snprintf(w->text[w->n++], sizeof(w->text[0]), "%s/%u", s, plen);
	return w->n == w->stop_at ? 42 : 0;
}

/* The routes of this table, added in this order, were listed by
 * `ip -6 route show` on Linux 6.18 (unreachable routes in a namespace) in
 * the order of `want`: a prefix after the more specific ones inside it,
 * in address order, the default last. */
TEST(lpm_walk_in_linux_route_show_order)
{
	static const char *const add_order[] = { "2001:db8::/32", "2001:db8:1::/48",
		"2001:db8::/48", "2001:db8:8000::/33", "::/0", "2001:db8::1/128",
		"3000::/16", "2001:db8:1::/64", "::/1", "8000::/1" };
	static const char *const want[] = { "2001:db8::1/128", "2001:db8::/48",
		"2001:db8:1::/64", "2001:db8:1::/48", "2001:db8:8000::/33",
		"2001:db8::/32", "3000::/16", "::/1", "8000::/1", "::/0" };
	struct fixture f;
	struct walked w = { 0 };
	struct in6_addr after;

	fx_init(&f, 1 << 20);
	for (size_t i = 0; i < sizeof(add_order) / sizeof(add_order[0]); i++) {
		char s[64], *slash;
		snprintf(s, sizeof(s), "%s", add_order[i]);
		slash = strchr(s, '/');
		*slash = '\0';
		CHECK_EQ(add(&f, s, (unsigned)atoi(slash + 1), (uint32_t)i), V6_LPM_OK);
	}
	CHECK_EQ(v6_lpm_walk(&f.t, NULL, 0, walk_collect, &w), 0);
	CHECK_EQ(w.n, 10);
	for (int i = 0; i < w.n && i < 10; i++)
		CHECK_STR(w.text[i], want[i]);
	/* stop, then resume after the last one seen */
	memset(&w, 0, sizeof(w));
	w.stop_at = 4;
	CHECK_EQ(v6_lpm_walk(&f.t, NULL, 0, walk_collect, &w), 42);
	CHECK_EQ(w.n, 4);
	after = A("2001:db8:1::");
	w.stop_at = 0;
	CHECK_EQ(v6_lpm_walk(&f.t, &after, 48, walk_collect, &w), 0);
	CHECK_EQ(w.n, 10);
	for (int i = 0; i < w.n && i < 10; i++)
		CHECK_STR(w.text[i], want[i]);
	/* resume after a prefix that is not in the table */
	memset(&w, 0, sizeof(w));
	after = A("2001:db8:4::");
	CHECK_EQ(v6_lpm_walk(&f.t, &after, 48, walk_collect, &w), 0);
	CHECK_EQ(w.n, 6); /* 2001:db8:8000::/33 .. ::/0: want[4..9] */
	if (w.n == 6)
		CHECK_STR(w.text[0], "2001:db8:8000::/33");
	fx_free(&f);
}

TEST(lpm_tables_of_one_pool_are_independent)
{
	struct v6_lpm_pool pool;
	struct v6_lpm a, b;
	struct in6_addr p = A("2001:db8::"), x = A("2001:db8::1");
	struct v6_lpm_mem m;

	CHECK_EQ(v6_lpm_pool_init(&pool, 1 << 20), 0);
	CHECK_EQ(v6_lpm_init(&a, &pool), V6_LPM_OK);
	CHECK_EQ(v6_lpm_init(&b, &pool), V6_LPM_OK);
	CHECK_EQ(v6_lpm_add(&a, &p, 32, 1), V6_LPM_OK);
	CHECK_EQ(v6_lpm_add(&b, &p, 48, 2), V6_LPM_OK);
	CHECK_EQ(v6_lpm_lookup(&a, &x), 1);
	CHECK_EQ(v6_lpm_lookup(&b, &x), 2);
	CHECK_EQ(v6_lpm_get(&a, &p, 48), V6_LPM_NONE);
	v6_lpm_destroy(&a);
	CHECK_EQ(v6_lpm_lookup(&b, &x), 2);
	v6_lpm_destroy(&b);
	v6_lpm_pool_mem(&pool, &m);
	CHECK_EQ(m.live, 0);
	v6_lpm_pool_free(&pool);
}

/* Random /48s into a 64 KiB pool until it refuses: the refusal is counted,
 * nothing is half inserted, the bound holds, and deletes make room. */
TEST(lpm_memory_bound_refuses_and_counts)
{
	struct fixture f;
	static struct in6_addr ok[8192];
	int n = 0, r = V6_LPM_OK;
	uint64_t s = 12345;
	struct v6_lpm_mem m;
	struct in6_addr refused;

	fx_init(&f, 64 << 10);
	while (n < 8192) {
		struct in6_addr a = { 0 };
		s = s * 6364136223846793005ull + 1442695040888963407ull;
		a.s6_addr[0] = 0x20;
		for (int i = 1; i < 6; i++)
			a.s6_addr[i] = (uint8_t)(s >> (8 * i + 8));
		if ((r = v6_lpm_add(&f.t, &a, 48, (uint32_t)n)) != V6_LPM_OK) {
			refused = a;
			break;
		}
		ok[n++] = a;
	}
	CHECK_EQ(r, V6_LPM_NOMEM);
	CHECK_EQ(f.pool.n_nomem, 1);
	/* a scattered /48 costs up to 7 nodes (depths 1..7, 32 bytes each) and
	 * a value: 64 KiB / 228 = 287 with nothing shared; most of the bound
	 * must be usable (288 here) */
	CHECK(n > 200);
	CHECK_EQ(f.t.n_prefixes, (uint32_t)n);
	v6_lpm_pool_mem(&f.pool, &m);
	CHECK(m.reserved <= 64 << 10);
	CHECK_EQ(v6_lpm_get(&f.t, &refused, 48), V6_LPM_NONE);
	for (int i = 0; i < n; i++)
		if (v6_lpm_lookup(&f.t, &ok[i]) != (uint32_t)i)
			t_fail(__FILE__, __LINE__, "prefix %d lost after the refusal", i);
	for (int i = 0; i < n; i += 2)
		CHECK_EQ(v6_lpm_del(&f.t, &ok[i], 48, NULL), V6_LPM_OK);
	CHECK_EQ(v6_lpm_add(&f.t, &refused, 48, 99999), V6_LPM_OK);
	CHECK_EQ(v6_lpm_lookup(&f.t, &refused), 99999);
	fx_free(&f);
}

/* ---- Differential test against a naive reference. */

#define REF_MAX 6000
struct ref {
	u128 net[REF_MAX];
	unsigned plen[REF_MAX];
	uint32_t value[REF_MAX];
	int n;
};

static int
ref_find(const struct ref *r, u128 net, unsigned plen)
{
	for (int i = 0; i < r->n; i++)
		if (r->plen[i] == plen && r->net[i] == net)
			return i;
	return -1;
}

/* The longest match of x with length <= maxlen: index or -1. */
static int
ref_match(const struct ref *r, u128 x, unsigned maxlen)
{
	int best = -1;

	for (int i = 0; i < r->n; i++)
		if (r->plen[i] <= maxlen && (x & mask_of(r->plen[i])) == r->net[i] &&
		    (best < 0 || r->plen[i] > r->plen[best]))
			best = i;
	return best;
}

static uint32_t
ref_value(const struct ref *r, int i)
{
	return i < 0 ? V6_LPM_NONE : r->value[i];
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static u128
rnd128(void)
{
	return (u128)rnd() << 64 | rnd();
}

/* Prefixes drawn so that they nest and collide: a few bases, lengths from
 * a small set around the stride boundaries plus any length. */
static void
rnd_prefix(u128 *net, unsigned *plen)
{
	static const unsigned lens[] = { 0, 1, 5, 6, 7, 12, 16, 29, 30, 32, 35, 36,
		40, 44, 47, 48, 49, 56, 64, 96, 120, 126, 127, 128 };
	u128 base = (u128)(rnd() % 4) << 126 | (u128)(0x2001 + rnd() % 3) << 112;
	u128 x = base ^ (rnd128() >> (16 + rnd() % 40));

	*plen = rnd() % 3 ? lens[rnd() % (sizeof(lens) / sizeof(lens[0]))] : (unsigned)(rnd() % 129);
	*net = x & mask_of(*plen);
}

/* An address near the table's prefixes: inside a random one, or random. */
static u128
rnd_addr(const struct ref *r)
{
	if (r->n && rnd() % 4) {
		int i = (int)(rnd() % (uint64_t)r->n);
		return r->net[i] | (rnd128() & ~mask_of(r->plen[i]));
	}
	return rnd() % 2 ? rnd128() : (u128)(0x2001 + rnd() % 3) << 112 | (rnd128() >> 20);
}

static int
cmp_walk(const void *pa, const void *pb)
{
	const u128 *a = pa, *b = pb; /* [0] last address, [1] plen */

	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return a[1] > b[1] ? -1 : a[1] < b[1];
}

struct walk_check {
	const u128 (*want)[2];
	int i, n, bad;
	const struct ref *r;
};

static int
walk_cmp_cb(void *ctx, const struct in6_addr *pfx, unsigned plen, uint32_t value)
{
	struct walk_check *w = ctx;
	u128 net = to_u128(pfx);
	u128 last = plen == 128 ? net : net | ~mask_of(plen);
	int k;

	if (w->i >= w->n || w->want[w->i][0] != last || w->want[w->i][1] != plen)
		w->bad++;
	k = ref_find(w->r, net, plen);
	if (k < 0 || w->r->value[k] != value)
		w->bad++;
	w->i++;
	return 0;
}

static void
check_walk(struct fixture *f, const struct ref *r)
{
	static u128 want[REF_MAX][2];
	struct walk_check w = { .want = (const u128(*)[2])want, .n = r->n, .r = r };

	for (int i = 0; i < r->n; i++) {
		want[i][0] = r->plen[i] == 128 ? r->net[i] : r->net[i] | ~mask_of(r->plen[i]);
		want[i][1] = r->plen[i];
	}
	qsort(want, (size_t)r->n, sizeof(want[0]), cmp_walk);
	CHECK_EQ(v6_lpm_walk(&f->t, NULL, 0, walk_cmp_cb, &w), 0);
	CHECK_EQ(w.i, r->n);
	CHECK_EQ(w.bad, 0);
	/* resume from the middle */
	if (r->n > 2) {
		int mid = r->n / 2;
		struct in6_addr after = from_u128(want[mid][0] & mask_of((unsigned)want[mid][1]));
		w.i = mid + 1;
		w.bad = 0;
		CHECK_EQ(v6_lpm_walk(&f->t, &after, (unsigned)want[mid][1], walk_cmp_cb, &w), 0);
		CHECK_EQ(w.i, r->n);
		CHECK_EQ(w.bad, 0);
	}
}

#define SAMPLE 64

/* 30,000 random operations, every one checked: its result against the
 * reference, lookups of addresses near it before and after (the contract:
 * add changes only addresses inside P that resolved to P's cover, delete
 * and replace only those that resolved to P), and periodically the whole
 * table through the walk and bulk lookups. */
TEST(lpm_random_ops_match_the_reference)
{
	static struct ref r;
	static struct fixture f;
	u128 sample[SAMPLE];
	uint32_t before[SAMPLE];
	int ops = 10000, fails = 0;

	rng = 0x2545f4914f6cdd1dull;
	r.n = 0;
	fx_init(&f, 64 << 20);
	for (int op = 0; op < ops && fails < 10; op++) {
		u128 net;
		unsigned plen, cover_len = 0;
		struct in6_addr a;
		uint32_t value = (uint32_t)op, old = 12345, cover;
		int kind = (int)(rnd() % 10), k, res, want;

		rnd_prefix(&net, &plen);
		if (kind >= 7 && r.n) { /* delete or replace an existing one */
			k = (int)(rnd() % (uint64_t)r.n);
			net = r.net[k];
			plen = r.plen[k];
		}
		a = from_u128(net | (rnd128() & ~mask_of(plen))); /* host bits ignored */
		for (int i = 0; i < SAMPLE; i++) {
			sample[i] = i < SAMPLE / 2 ? net | (rnd128() & ~mask_of(plen)) : rnd_addr(&r);
			struct in6_addr s = from_u128(sample[i]);
			before[i] = v6_lpm_lookup(&f.t, &s);
		}
		cover = v6_lpm_cover(&f.t, &a, plen, &cover_len);
		k = ref_find(&r, net, plen);
		if (plen > 0) {
			int c = ref_match(&r, net, plen - 1);
			CHECK_EQ(cover, ref_value(&r, c));
			if (c >= 0)
				CHECK_EQ(cover_len, r.plen[c]);
		}
		if (kind < 5 || (kind >= 7 && kind < 9 && r.n == 0)) {
			res = v6_lpm_add(&f.t, &a, plen, value);
			want = k >= 0 ? V6_LPM_EXIST : r.n < REF_MAX ? V6_LPM_OK : -99;
			if (want == -99) {
				v6_lpm_del(&f.t, &a, plen, NULL);
				continue;
			}
			if (res == V6_LPM_OK) {
				r.net[r.n] = net;
				r.plen[r.n] = plen;
				r.value[r.n++] = value;
			}
		} else if (kind < 7 || kind == 9) {
			res = v6_lpm_replace(&f.t, &a, plen, value, &old);
			want = V6_LPM_OK;
			CHECK_EQ(old, k >= 0 ? r.value[k] : V6_LPM_NONE);
			if (k >= 0)
				r.value[k] = value;
			else if (r.n < REF_MAX) {
				r.net[r.n] = net;
				r.plen[r.n] = plen;
				r.value[r.n++] = value;
			} else {
				v6_lpm_del(&f.t, &a, plen, NULL);
				continue;
			}
		} else {
			res = v6_lpm_del(&f.t, &a, plen, &old);
			want = k >= 0 ? V6_LPM_OK : V6_LPM_NOENT;
			if (k >= 0) {
				CHECK_EQ(old, r.value[k]);
				r.n--;
				r.net[k] = r.net[r.n];
				r.plen[k] = r.plen[r.n];
				r.value[k] = r.value[r.n];
			}
		}
		if (res != want) {
			t_fail(__FILE__, __LINE__, "op %d kind %d plen %u: %d, want %d", op, kind, plen, res, want);
			fails++;
		}
		CHECK_EQ(f.t.n_prefixes, (uint32_t)r.n);
		for (int i = 0; i < SAMPLE; i++) {
			struct in6_addr s = from_u128(sample[i]);
			uint32_t now = v6_lpm_lookup(&f.t, &s);
			uint32_t ref = ref_value(&r, ref_match(&r, sample[i], 128));
			bool inside = (sample[i] & mask_of(plen)) == net;
			if (now != ref) {
				t_fail(__FILE__, __LINE__, "op %d: lookup %d differs from the reference", op, i);
				fails++;
			}
			if (res == V6_LPM_OK && now != before[i]) {
				/* what lpm.h promises a destination cache */
				bool allowed = inside && (kind < 5 ? before[i] == cover
								 : (k >= 0 ? before[i] == old
									   : before[i] == cover));
				if (!allowed) {
					t_fail(__FILE__, __LINE__, "op %d: lookup %d changed outside the contract", op, i);
					fails++;
				}
			}
		}
		if (op % 1000 == 999) {
			static struct in6_addr all[REF_MAX];
			static uint32_t bulk[REF_MAX];
			int bad = 0;
			check_walk(&f, &r);
			for (int i = 0; i < r.n; i++)
				all[i] = from_u128(rnd_addr(&r));
			v6_lpm_lookup_bulk(&f.t, all, (size_t)r.n, bulk);
			for (int i = 0; i < r.n; i++)
				if (bulk[i] != ref_value(&r, ref_match(&r, to_u128(&all[i]), 128)))
					bad++;
			CHECK_EQ(bad, 0);
		}
	}
	CHECK(r.n > 1000); /* the test reached a large table */
	/* delete everything: the pool gets all its memory back */
	while (r.n) {
		struct in6_addr a = from_u128(r.net[r.n - 1]);
		CHECK_EQ(v6_lpm_del(&f.t, &a, r.plen[r.n - 1], NULL), V6_LPM_OK);
		r.n--;
	}
	struct v6_lpm_mem m;
	v6_lpm_pool_mem(&f.pool, &m);
	CHECK_EQ(m.n_nodes, 1);
	CHECK_EQ(m.n_values, 0);
	fx_free(&f);
}

T_MAIN()
