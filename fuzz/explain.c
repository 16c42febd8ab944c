/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: v6stack explain as a whole (src/cli/explain*.c, the reader,
 * the core stacks it feeds). Input: a capture file. It must return 0 or
 * -1 with a message, and never read outside the input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/explain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256] = "";
	uint8_t *copy;
	int rc;

	if (size > 256 * 1024)
		return 0;
	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		abort();
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	rc = explain_run(copy, size, devnull, size % 2 == 1, err, sizeof(err));
	if (rc != 0 && (rc != -1 || !err[0]))
		abort();
	free(copy);
	return 0;
}
