/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Forced (-include) into every file of the frame harnesses: the core's
 * allocations go through fuzz/lib/alloc.c. Outside a snapshot, its large
 * blocks come from a cache, so that building a stack for each input
 * costs no mmap, munmap and page faults under ASan; small ones pass
 * straight through. fuzz_arena_begin() sends every allocation after it
 * into one mapping, so that fuzz_snapshot() can copy the whole state (a
 * stack built once, its pointers included) and fuzz_restore() can put
 * it back before each input.
 */
#ifndef V6_FUZZ_ALLOC_H
#define V6_FUZZ_ALLOC_H

#include <stdlib.h>

void *fuzz_malloc(size_t n);
void *fuzz_calloc(size_t k, size_t n);
void *fuzz_realloc(void *p, size_t n);
void fuzz_free(void *p);

void fuzz_arena_begin(void);
void fuzz_snapshot(void);
void fuzz_restore(void);

#define malloc(n) fuzz_malloc(n)
#define calloc(k, n) fuzz_calloc(k, n)
#define realloc(p, n) fuzz_realloc(p, n)
#define free(p) fuzz_free(p)

#endif
