/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Forced (-include) into every file of the frame harnesses: the core's
 * large allocations go through a cache (fuzz/lib/alloc.c), so that
 * building a stack for each input costs no mmap, munmap and page faults
 * under ASan. Small ones pass straight through.
 */
#ifndef V6_FUZZ_ALLOC_H
#define V6_FUZZ_ALLOC_H

#include <stdlib.h>

void *fuzz_malloc(size_t n);
void *fuzz_calloc(size_t k, size_t n);
void *fuzz_realloc(void *p, size_t n);
void fuzz_free(void *p);

#define malloc(n) fuzz_malloc(n)
#define calloc(k, n) fuzz_calloc(k, n)
#define realloc(p, n) fuzz_realloc(p, n)
#define free(p) fuzz_free(p)

#endif
