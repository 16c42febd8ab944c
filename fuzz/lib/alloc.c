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
 */
#include <malloc.h>
#include <stdint.h>
#include <string.h>

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
