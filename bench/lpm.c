/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lpm: the routing table's longest-prefix match (src/core/lpm.h) against
 * DPDK's rte_lpm6, on the same table and the same destinations, in one run.
 *
 *   lpm [-n PREFIXES] [-d DESTINATIONS] [-r PASSES] [-s SEED] [-q]
 *
 * Defaults: 1,000,000 prefixes, 4,194,304 destinations, 3 passes, seed 1.
 * -q (for callgrind) does one pass and skips the delete-all.
 *
 * The table: PREFIXES distinct prefixes from bench/bgp_gen.h, shaped like
 * the IPv6 BGP table. Value of prefix i: i.
 *
 * Two destination sets: "uniform" (128 random bits: almost all miss, the
 * easy case) and "inside" (a random prefix of the table, random host bits:
 * the lookup goes as deep as the table does, the honest case).
 *
 * For each implementation and set: lookups one at a time and in bursts of
 * BURST (v6_lpm_lookup_bulk / rte_lpm6_lookup_bulk_func), best of the
 * passes, on one core; every result of every pass is compared with
 * rte_lpm6's (when present) or checked against v6_lpm_get of the prefix it
 * came from. Then bytes per prefix (ours: live and reserved bytes of the
 * pool; rte_lpm6: its DPDK heap allocation, with the tbl8 groups this
 * table needs), load time, and the time to delete every prefix.
 *
 * rte_lpm6 is compiled in when the Makefile finds libdpdk (dpdk-dev, bench
 * only: the stack does not link it), else skipped with a message.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "core/lpm.h"

#include "bgp_gen.h"

#ifdef V6_BENCH_DPDK
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lpm6.h>
#include <rte_malloc.h>
#endif

#define BURST 64

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- The table. */

/* The tbl8 groups rte_lpm6 needs for this table: one per distinct
 * (first b bits) among the prefixes longer than b, for b = 24, 32, ... 120
 * (its first level is 24 bits, then 8 per level). */
static int
cmp_u128(const void *a, const void *b)
{
	u128 x = *(const u128 *)a, y = *(const u128 *)b;
	return x < y ? -1 : x > y;
}

static size_t
tbl8_needed(const struct bgp_pfx *p, size_t n)
{
	u128 *v = malloc(n * sizeof(*v));
	size_t total = 0;

	if (!v)
		exit(1);
	for (unsigned b = 24; b < 128; b += 8) {
		size_t m = 0, d = 0;
		for (size_t i = 0; i < n; i++)
			if (p[i].len > b)
				v[m++] = p[i].net & bgp_mask(b);
		qsort(v, m, sizeof(*v), cmp_u128);
		for (size_t i = 0; i < m; i++)
			d += i == 0 || v[i] != v[i - 1];
		total += d;
	}
	free(v);
	return total;
}

static void
make_dests(const struct bgp_pfx *p, size_t n, struct in6_addr *uni,
    struct in6_addr *in, size_t nd)
{
	for (size_t i = 0; i < nd; i++) {
		const struct bgp_pfx *q = &p[bgp_rnd() % n];
		bgp_to_addr(bgp_rnd128(), uni[i].s6_addr);
		bgp_to_addr(q->net | (bgp_rnd128() & ~bgp_mask(q->len)), in[i].s6_addr);
	}
}

/* ---- The runs (noinline: bench/lpm.sh counts their instructions with
 * callgrind --toggle-collect). */

__attribute__((noinline)) void run_ours_one(const struct v6_lpm *t,
    const struct in6_addr *d, size_t n, uint32_t *out);
__attribute__((noinline)) void run_ours_bulk(const struct v6_lpm *t,
    const struct in6_addr *d, size_t n, uint32_t *out);

void
run_ours_one(const struct v6_lpm *t, const struct in6_addr *d, size_t n,
    uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = v6_lpm_lookup(t, &d[i]);
}

void
run_ours_bulk(const struct v6_lpm *t, const struct in6_addr *d, size_t n,
    uint32_t *out)
{
	for (size_t i = 0; i < n; i += BURST)
		v6_lpm_lookup_bulk(t, &d[i], n - i < BURST ? n - i : BURST, &out[i]);
}

#ifdef V6_BENCH_DPDK
__attribute__((noinline)) void run_rte_one(const struct rte_lpm6 *l,
    const struct in6_addr *d, size_t n, uint32_t *out);
__attribute__((noinline)) void run_rte_bulk(const struct rte_lpm6 *l,
    const struct in6_addr *d, size_t n, uint32_t *out);

void
run_rte_one(const struct rte_lpm6 *l, const struct in6_addr *d, size_t n,
    uint32_t *out)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t nh;
		out[i] = rte_lpm6_lookup(l, d[i].s6_addr, &nh) == 0 ? nh : V6_LPM_NONE;
	}
}

void
run_rte_bulk(const struct rte_lpm6 *l, const struct in6_addr *d, size_t n,
    uint32_t *out)
{
	int32_t nh[BURST];

	for (size_t i = 0; i < n; i += BURST) {
		unsigned k = n - i < BURST ? (unsigned)(n - i) : BURST;
		rte_lpm6_lookup_bulk_func(l, (uint8_t(*)[16])(uintptr_t)d[i].s6_addr, nh, k);
		for (unsigned j = 0; j < k; j++)
			out[i + j] = nh[j] < 0 ? V6_LPM_NONE : (uint32_t)nh[j];
	}
}
#endif

/* Every result must be the value of a prefix containing the destination,
 * and no longer prefix of the table may contain it: checked against
 * rte_lpm6's results when it ran (ref), else by v6_lpm_get on the path. */
static size_t
check(const struct v6_lpm *t, const struct bgp_pfx *p, const struct in6_addr *d,
    size_t nd, const uint32_t *out, const uint32_t *ref)
{
	size_t bad = 0;

	for (size_t i = 0; i < nd; i++) {
		if (ref) {
			bad += out[i] != ref[i];
			continue;
		}
		if (i % 64)
			continue; /* the slow check on a sample */
		uint32_t want = V6_LPM_NONE;
		u128 x = 0;
		for (int b = 0; b < 16; b++)
			x = x << 8 | d[i].s6_addr[b];
		for (int len = 128; len >= 1 && want == V6_LPM_NONE; len--) {
			struct in6_addr a;
			bgp_to_addr(x & bgp_mask((unsigned)len), a.s6_addr);
			want = v6_lpm_get(t, &a, (unsigned)len);
		}
		if (want != V6_LPM_NONE && (p[want].net != (x & bgp_mask(p[want].len))))
			bad++;
		bad += out[i] != want;
	}
	return bad;
}

static void
usage(void)
{
	fprintf(stderr, "usage: lpm [-n PREFIXES] [-d DESTINATIONS] [-r PASSES] [-s SEED] [-q]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	size_t n = 1000000, nd = 1u << 22;
	unsigned passes = 3;
	bool quick = false;
	int opt;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "n:d:r:s:q")) != -1) {
		switch (opt) {
		case 'n': n = strtoul(optarg, NULL, 0); break;
		case 'd': nd = strtoul(optarg, NULL, 0); break;
		case 'r': passes = (unsigned)strtoul(optarg, NULL, 0); break;
		case 's': bgp_seed(strtoull(optarg, NULL, 0)); break;
		case 'q': quick = true; break;
		default: usage();
		}
	}
	if (n < 1000 || n > (1u << 21) || nd < BURST || passes < 1)
		usage(); /* rte_lpm6's next hops have 21 bits */
	if (quick)
		passes = 1;

	struct bgp_pfx *p = bgp_table(n);
	struct in6_addr *dst[2];
	uint32_t *out = malloc(nd * sizeof(*out)), *ref = malloc(nd * sizeof(*ref));
	double mean = 0, t0, t_load, t_del = 0;
	const char *set_name[2] = { "uniform", "inside" };

	dst[0] = malloc(nd * sizeof(struct in6_addr));
	dst[1] = malloc(nd * sizeof(struct in6_addr));
	if (!out || !ref || !dst[0] || !dst[1])
		return 1;
	make_dests(p, n, dst[0], dst[1], nd);
	for (size_t i = 0; i < n; i++)
		mean += p[i].len;
	printf("table: %zu prefixes, mean length %.2f, %d%% of the longer ones inside an aggregate; %zu destinations per set, best of %u passes\n",
	    n, mean / (double)n, BGP_MORE_SPECIFIC_PCT, nd, passes);

	/* ---- Ours: load. */
	struct v6_lpm_pool pool;
	struct v6_lpm t;
	struct v6_lpm_mem mem;

	if (v6_lpm_pool_init(&pool, (size_t)1 << 30) < 0 || v6_lpm_init(&t, &pool) != V6_LPM_OK)
		return 1;
	t0 = now_s();
	for (size_t i = 0; i < n; i++) {
		struct in6_addr a;
		int r;
		bgp_to_addr(p[i].net, a.s6_addr);
		if ((r = v6_lpm_add(&t, &a, p[i].len, (uint32_t)i)) != V6_LPM_OK) {
			fprintf(stderr, "lpm: add %zu: %s\n", i, v6_lpm_strerror(r));
			return 1;
		}
	}
	t_load = now_s() - t0;
	v6_lpm_pool_mem(&pool, &mem);

	/* ---- rte_lpm6: load. */
	bool have_rte = false;
	double rte_load = 0, rte_del = 0;
	size_t rte_bytes = 0, need8 = tbl8_needed(p, n);
#ifdef V6_BENCH_DPDK
	struct rte_lpm6 *l = NULL;
	char *eal_argv[] = { argv[0], "--no-huge", "-m", "4096", "--no-pci",
		"--no-shconf", "--no-telemetry", "--log-level=lib.*:error", "-l", "0", NULL };
	if (rte_eal_init(10, eal_argv) < 0) {
		printf("rte_lpm6: skipped: rte_eal_init failed (%s)\n", rte_strerror(rte_errno));
	} else {
		struct rte_lpm6_config cfg = { .max_rules = (uint32_t)n,
			.number_tbl8s = (uint32_t)(need8 + need8 / 64 + 16) };
		struct rte_malloc_socket_stats s0, s1;
		rte_malloc_get_socket_stats(0, &s0);
		l = rte_lpm6_create("bench", 0, &cfg);
		rte_malloc_get_socket_stats(0, &s1);
		if (!l) {
			printf("rte_lpm6: skipped: rte_lpm6_create failed (%s)\n", rte_strerror(rte_errno));
		} else {
			rte_bytes = s1.heap_allocsz_bytes - s0.heap_allocsz_bytes;
			t0 = now_s();
			for (size_t i = 0; i < n; i++) {
				uint8_t a[16];
				int r;
				bgp_to_addr(p[i].net, a);
				if ((r = rte_lpm6_add(l, a, (uint8_t)p[i].len, (uint32_t)i)) != 0) {
					fprintf(stderr, "lpm: rte_lpm6_add %zu: %d\n", i, r);
					return 1;
				}
			}
			rte_load = now_s() - t0;
			have_rte = true;
		}
	}
#else
	printf("rte_lpm6: skipped: built without DPDK (install dpdk-dev: tools/deps.sh bench, then make bench-lpm)\n");
#endif

	/* ---- Lookups: best of the passes, implementations interleaved so
	 * that the machine's load is shared. */
	enum { OURS_ONE, OURS_BULK, RTE_ONE, RTE_BULK, N_RUN };
	static const char *run_name[N_RUN] = { "v6_lpm one", "v6_lpm bulk", "rte_lpm6 one",
		"rte_lpm6 bulk" };
	double best[2][N_RUN];
	size_t bad = 0;

	for (int s = 0; s < 2; s++)
		for (int k = 0; k < N_RUN; k++)
			best[s][k] = 1e30;
	for (unsigned pass = 0; pass < passes; pass++)
		for (int s = 0; s < 2; s++) {
			if (have_rte) {
#ifdef V6_BENCH_DPDK
				t0 = now_s();
				run_rte_one(l, dst[s], nd, ref);
				if (now_s() - t0 < best[s][RTE_ONE])
					best[s][RTE_ONE] = now_s() - t0;
				t0 = now_s();
				run_rte_bulk(l, dst[s], nd, out);
				if (now_s() - t0 < best[s][RTE_BULK])
					best[s][RTE_BULK] = now_s() - t0;
				bad += check(&t, p, dst[s], nd, out, ref);
#endif
			}
			t0 = now_s();
			run_ours_one(&t, dst[s], nd, out);
			if (now_s() - t0 < best[s][OURS_ONE])
				best[s][OURS_ONE] = now_s() - t0;
			bad += check(&t, p, dst[s], nd, out, have_rte ? ref : NULL);
			t0 = now_s();
			run_ours_bulk(&t, dst[s], nd, out);
			if (now_s() - t0 < best[s][OURS_BULK])
				best[s][OURS_BULK] = now_s() - t0;
			bad += check(&t, p, dst[s], nd, out, have_rte ? ref : NULL);
		}
	if (bad) {
		printf("lpm: FAILED: %zu lookups disagree%s\n", bad, have_rte ? " with rte_lpm6" : "");
		return 1;
	}
	printf("results: every lookup agrees with %s\n",
	    have_rte ? "rte_lpm6" : "v6_lpm_get on its path (1 in 64 checked)");
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < N_RUN; k++) {
			if (!have_rte && k >= RTE_ONE)
				continue;
			printf("lookup %-7s %-14s %7.2f Mlookups/s  (%5.1f ns)",
			    set_name[s], run_name[k], (double)nd / best[s][k] / 1e6,
			    best[s][k] / (double)nd * 1e9);
			if (have_rte && k < RTE_ONE)
				printf("  x%.2f rte_lpm6 %s", best[s][k + 2] / best[s][k],
				    k == OURS_ONE ? "one" : "bulk");
			printf("\n");
		}

	/* ---- Memory and update times. */
	printf("memory v6_lpm:   %6.1f bytes/prefix live (%u nodes of 32 B, %u values of 4 B), %.1f reserved\n",
	    (double)mem.live / (double)n, mem.n_nodes, mem.n_values,
	    (double)mem.reserved / (double)n);
	if (have_rte)
		printf("memory rte_lpm6: %6.1f bytes/prefix (DPDK heap for max_rules %zu, %zu tbl8 groups of 1 KiB, the ones this table needs)\n",
		    (double)rte_bytes / (double)n, n, need8);
	printf("load   v6_lpm:   %6.3f s (%.2f M adds/s)\n", t_load, (double)n / t_load / 1e6);
	if (have_rte)
		printf("load   rte_lpm6: %6.3f s (%.2f M adds/s)\n", rte_load, (double)n / rte_load / 1e6);
	if (!quick) {
		t0 = now_s();
		for (size_t i = 0; i < n; i++) {
			struct in6_addr a;
			uint32_t old;
			bgp_to_addr(p[i].net, a.s6_addr);
			if (v6_lpm_del(&t, &a, p[i].len, &old) != V6_LPM_OK || old != i) {
				printf("lpm: FAILED: delete %zu\n", i);
				return 1;
			}
		}
		t_del = now_s() - t0;
		v6_lpm_pool_mem(&pool, &mem);
		printf("delete v6_lpm:   %6.3f s (%.2f M dels/s), after: %u nodes, %u values live\n",
		    t_del, (double)n / t_del / 1e6, mem.n_nodes, mem.n_values);
#ifdef V6_BENCH_DPDK
		if (have_rte) {
			t0 = now_s();
			for (size_t i = 0; i < n; i++) {
				uint8_t a[16];
				bgp_to_addr(p[i].net, a);
				if (rte_lpm6_delete(l, a, (uint8_t)p[i].len) != 0) {
					printf("lpm: FAILED: rte_lpm6_delete %zu\n", i);
					return 1;
				}
			}
			rte_del = now_s() - t0;
			printf("delete rte_lpm6: %6.3f s (%.2f M dels/s)\n", rte_del,
			    (double)n / rte_del / 1e6);
		}
#endif
	}
#ifdef V6_BENCH_DPDK
	if (l)
		rte_lpm6_free(l);
#endif
	v6_lpm_destroy(&t);
	v6_lpm_pool_free(&pool);
	free(p);
	free(out);
	free(ref);
	free(dst[0]);
	free(dst[1]);
	return 0;
}
