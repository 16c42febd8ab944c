/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The allocation cache of the frame harnesses (alloc.h). A freed block of
 * FUZZ_ALLOC_MIN bytes or more is kept, with its size, and given back to
 * the next request of the same size: a stack built for each input takes
 * the same blocks again instead of mapping fresh pages. Determinism: a
 * block given back is filled as a fresh one would be (calloc: zeros;
 * malloc: ASan's malloc_fill_byte, 0xbe, throughout), so nothing of an
 * earlier input can be read through it; fuzz/lib/replay.c checks that
 * each input gives the same result alone and after the others.
 *
 * The arena (fuzz_arena_begin, fuzz_snapshot, fuzz_restore): every block
 * is cut from one mapping, at an address that stays the same for the
 * process's life, so a byte copy of the mapping is the whole state of
 * what was built in it, pointers between its blocks included. A block is
 * [header, 16 bytes][data, rounded up to 16][redzone, 16 bytes]; the
 * header and redzone are poisoned for ASan, so that an overflow into the
 * next block is caught as on the heap, and a freed block's data is
 * poisoned too (a use after free within one input is caught; the space
 * is not reused before the next restore). fuzz_restore copies the
 * snapshot back over the mapping, poisons again what the snapshot had
 * poisoned and everything cut after it, and starts cutting again where
 * the snapshot ended: an input starts from the very bytes the first
 * input started from. Blocks cut after the snapshot are filled as a fresh
 * one would be (malloc: 0xbe, calloc: zeros), whatever an earlier input
 * left there.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sanitizer/asan_interface.h>

#undef malloc
#undef calloc
#undef realloc
#undef free

#include "alloc.h"

#undef malloc
#undef calloc
#undef realloc
#undef free

#define FUZZ_ALLOC_MIN 4096
#define FUZZ_ALLOC_SLOTS 64

/* A header before each large block says its size; small blocks have one
 * too, with size 0, so that free can tell them apart. */
struct fuzz_hdr {
	size_t size;
	size_t pad; /* keeps the block 16-byte aligned */
};

static struct fuzz_hdr *cache[FUZZ_ALLOC_SLOTS];
static unsigned n_cache;

#define ARENA_SIZE ((size_t)1 << 30) /* reserved, not committed */
#define ARENA_RZ 16
#define ARENA_LIVE ((size_t)1 << 63) /* in pad: the block is not freed */

static uint8_t *arena;  /* NULL: no arena yet, the cache serves */
static size_t a_top;    /* where the next block is cut */
static size_t a_high;   /* the most ever cut, since the mapping */
static uint8_t *a_snap; /* the copy of [0, a_snap_top) */
static size_t a_snap_top;

static int
in_arena(const void *p)
{
	return arena && (const uint8_t *)p >= arena &&
	    (const uint8_t *)p < arena + ARENA_SIZE;
}

static size_t
round16(size_t n)
{
	return (n + 15) & ~(size_t)15;
}

void
fuzz_arena_begin(void)
{
	if (arena)
		return;
	arena = mmap(NULL, ARENA_SIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (arena == MAP_FAILED) {
		perror("fuzz_arena_begin: mmap");
		abort();
	}
	a_top = a_high = 0;
}

static void *
arena_cut(size_t n, int fill)
{
	struct fuzz_hdr *h;
	size_t need;

	if (n > ARENA_SIZE / 2)
		return NULL;
	need = sizeof(*h) + round16(n) + ARENA_RZ;
	if (a_top + need > ARENA_SIZE) {
		fprintf(stderr, "fuzz arena: out of space (%zu bytes)\n", a_top);
		abort();
	}
	h = (struct fuzz_hdr *)(arena + a_top);
	ASAN_UNPOISON_MEMORY_REGION(h, need);
	h->size = n;
	h->pad = ARENA_LIVE;
	memset(h + 1, fill, n);
	ASAN_POISON_MEMORY_REGION(h, sizeof(*h));
	ASAN_POISON_MEMORY_REGION((uint8_t *)(h + 1) + n, need - sizeof(*h) - n);
	a_top += need;
	if (a_top > a_high)
		a_high = a_top;
	return h + 1;
}

static struct fuzz_hdr *
arena_hdr(void *p)
{
	struct fuzz_hdr *h = (struct fuzz_hdr *)p - 1;

	ASAN_UNPOISON_MEMORY_REGION(h, sizeof(*h));
	if (!(h->pad & ARENA_LIVE)) {
		fprintf(stderr, "fuzz arena: free or realloc of %p, not live\n", p);
		abort();
	}
	return h;
}

static void
arena_free(void *p)
{
	struct fuzz_hdr *h = arena_hdr(p);

	h->pad &= ~ARENA_LIVE;
	ASAN_POISON_MEMORY_REGION(h, sizeof(*h) + round16(h->size));
}

/* Poisons [from, to) as arena_cut and arena_free left it: headers and
 * redzones, and the data of blocks freed. */
static void
arena_poison(size_t from, size_t to)
{
	while (from < to) {
		struct fuzz_hdr *h = (struct fuzz_hdr *)(arena + from);
		size_t n = h->size, need = sizeof(*h) + round16(n) + ARENA_RZ;

		if (h->pad & ARENA_LIVE) {
			ASAN_POISON_MEMORY_REGION(h, sizeof(*h));
			ASAN_POISON_MEMORY_REGION((uint8_t *)(h + 1) + n,
			    need - sizeof(*h) - n);
		} else {
			ASAN_POISON_MEMORY_REGION(h, need);
		}
		from += need;
	}
}

void
fuzz_snapshot(void)
{
	if (!arena)
		abort();
	free(a_snap);
	a_snap_top = a_top;
	if (!(a_snap = malloc(a_snap_top ? a_snap_top : 1)))
		abort();
	ASAN_UNPOISON_MEMORY_REGION(arena, a_snap_top);
	memcpy(a_snap, arena, a_snap_top);
	arena_poison(0, a_snap_top);
}

void
fuzz_restore(void)
{
	if (!arena || !a_snap)
		abort();
	ASAN_UNPOISON_MEMORY_REGION(arena, a_high);
	memcpy(arena, a_snap, a_snap_top);
	arena_poison(0, a_snap_top);
	ASAN_POISON_MEMORY_REGION(arena + a_snap_top, a_high - a_snap_top);
	a_top = a_snap_top;
}

static void *
take(size_t n, int fill)
{
	struct fuzz_hdr *h = NULL;

	for (unsigned i = 0; i < n_cache; i++)
		if (cache[i]->size == n) {
			h = cache[i];
			cache[i] = cache[--n_cache];
			break;
		}
	if (!h) {
		if (!(h = malloc(sizeof(*h) + n)))
			return NULL;
		h->size = n;
	}
	memset(h + 1, fill, n);
	return h + 1;
}

void *
fuzz_malloc(size_t n)
{
	struct fuzz_hdr *h;

	if (arena)
		return arena_cut(n, 0xbe);
	if (n >= FUZZ_ALLOC_MIN)
		return take(n, 0xbe);
	if (!(h = malloc(sizeof(*h) + n)))
		return NULL;
	h->size = 0;
	return h + 1;
}

void *
fuzz_calloc(size_t k, size_t n)
{
	void *p;

	if (n && k > SIZE_MAX / n)
		return NULL;
	if (arena)
		return arena_cut(k * n, 0);
	if (k * n >= FUZZ_ALLOC_MIN)
		return take(k * n, 0);
	if ((p = fuzz_malloc(k * n)))
		memset(p, 0, k * n);
	return p;
}

void
fuzz_free(void *p)
{
	struct fuzz_hdr *h;

	if (!p)
		return;
	if (in_arena(p)) {
		arena_free(p);
		return;
	}
	h = (struct fuzz_hdr *)p - 1;
	if (h->size && n_cache < FUZZ_ALLOC_SLOTS)
		cache[n_cache++] = h;
	else
		free(h);
}

void *
fuzz_realloc(void *p, size_t n)
{
	struct fuzz_hdr *h;
	size_t old;
	void *q;

	if (!p)
		return fuzz_malloc(n);
	if (in_arena(p)) {
		old = arena_hdr(p)->size;
		ASAN_POISON_MEMORY_REGION((struct fuzz_hdr *)p - 1, sizeof(*h));
		if (!(q = arena_cut(n, 0xbe)))
			return NULL;
		memcpy(q, p, old < n ? old : n);
		arena_free(p);
		return q;
	}
	h = (struct fuzz_hdr *)p - 1;
	old = h->size;
	if (!old) { /* a small block: its size is ASan's business */
		if (n < FUZZ_ALLOC_MIN) {
			if (!(h = realloc(h, sizeof(*h) + n)))
				return NULL;
			return h + 1;
		}
		old = malloc_usable_size(h) - sizeof(*h);
	}
	if (!(q = fuzz_malloc(n)))
		return NULL;
	memcpy(q, p, old < n ? old : n);
	fuzz_free(p);
	return q;
}
