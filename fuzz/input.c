/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer: one frame into a fresh stack (v6_input), then the timers. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct v6_iface *ifp;
	struct v6_stack *s = fuzz_start(&ifp);
	int r = v6_input(s, ifp, data, size, 1000);
	v6_time_t next;

	if (r < 0 || v6_drop_name(r)[0] == '?')
		abort(); /* every outcome is a named reason */
	fuzz_fold(&r, sizeof(r));
	next = v6_poll(s, 10ull * 1000000000ull);
	fuzz_fold(&next, sizeof(next));
	fuzz_end(s);
	return 0;
}
