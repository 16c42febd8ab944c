/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: src/cli/cap_read.c. Input: a capture file (pcap or pcapng).
 * Every frame the reader returns must lie inside the input, and the reader
 * must end (a frame, the end, or an error) without reading outside it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cap_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cap_reader r;
	struct cap_frame f;
	uint8_t *copy = malloc(size ? size : 1);
	uint32_t last = 0;
	int rc;

	/* An exact-size copy: ASan catches any read past the end. */
	memcpy(copy, data, size);
	if (cap_open(&r, copy, size) == 0) {
		while ((rc = cap_next(&r, &f)) == 1) {
			if (f.data < copy || f.data + f.caplen > copy + size || f.no <= last ||
			    f.caplen > CAP_MAX_FRAME || f.origlen < f.caplen)
				abort();
			last = f.no;
		}
		if (rc < 0 && !r.err[0])
			abort();
	} else if (!r.err[0]) {
		abort();
	}
	free(copy);
	return 0;
}
