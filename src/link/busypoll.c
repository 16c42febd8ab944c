/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Busy polling over the links (link.h): spin on the backends' own "frame
 * waiting" test, with a zero-timeout poll(2) for those that have none.
 */
#include <poll.h>
#include <time.h>

#include "link/link.h"
#include "link/link_internal.h"

/* Passes between two reads of the clock. */
#define BUSYPOLL_CLOCK_EVERY 64

int
v6_link_rx_ready(const struct v6_link *link)
{
	if (link->be->rx_ready == NULL)
		return -1;
	return link->be->rx_ready(link);
}

int
v6_link_set_busy_poll(struct v6_link *link, unsigned usecs)
{
	if (link->be->set_busy_poll == NULL)
		return 0;
	return link->be->set_busy_poll(link, usecs);
}

static uint64_t
busypoll_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Tell the core this is a spin loop (lets a sibling hyperthread run). */
static void
busypoll_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ __volatile__("yield");
#endif
}

int
v6_link_busy_wait(struct v6_link *const *links, unsigned n, uint64_t max_ns)
{
	struct pollfd pfd[V6_LINK_BUSY_MAX];
	unsigned idx[V6_LINK_BUSY_MAX];
	uint64_t start = busypoll_now_ns();
	unsigned i, n_poll, pass;

	if (n > V6_LINK_BUSY_MAX)
		n = V6_LINK_BUSY_MAX;
	for (pass = 1;; pass++) {
		n_poll = 0;
		for (i = 0; i < n; i++) {
			int r = v6_link_rx_ready(links[i]);

			if (r > 0)
				return (int)i;
			if (r < 0) {
				pfd[n_poll].fd = links[i]->fd;
				pfd[n_poll].events = POLLIN;
				pfd[n_poll].revents = 0;
				idx[n_poll++] = i;
			}
		}
		if (n_poll > 0 && poll(pfd, n_poll, 0) > 0) {
			for (i = 0; i < n_poll; i++)
				if (pfd[i].revents != 0)
					return (int)idx[i];
		}
		if (pass % BUSYPOLL_CLOCK_EVERY == 0 &&
		    busypoll_now_ns() - start >= max_ns)
			return -1;
		busypoll_relax();
	}
}
