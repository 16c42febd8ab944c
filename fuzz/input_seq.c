/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: a sequence of frames with time steps into one stack, to reach
 * the neighbour state machine, queues and DAD. Input: records of
 *   [1 byte: time step in 100 ms units][2 bytes: length, big-endian][frame]
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct v6_iface *ifp;
	struct v6_stack *s = fuzz_start(&ifp);
	v6_time_t now = 1000, next = V6_TIME_NEVER;
	int r;

	while (size >= 3) {
		size_t len = (size_t)data[1] << 8 | data[2];
		now += (v6_time_t)data[0] * 100000000ull;
		data += 3;
		size -= 3;
		if (len > size)
			len = size;
		if (next != V6_TIME_NEVER && next <= now)
			next = v6_poll(s, now);
		if ((r = v6_input(s, ifp, data, len, now)) < 0)
			abort();
		next = v6_poll(s, now);
		fuzz_fold(&r, sizeof(r));
		fuzz_fold(&next, sizeof(next));
		if (next != V6_TIME_NEVER && next < now)
			abort(); /* a deadline in the past would spin the caller */
		data += len;
		size -= len;
	}
	/* Let every timer run out: resolution fails, DAD completes. */
	for (int i = 0; i < 64 && next != V6_TIME_NEVER; i++) {
		now = next > now ? next : now;
		next = v6_poll(s, now);
		fuzz_fold(&next, sizeof(next));
	}
	fuzz_end(s);
	return 0;
}
