/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack run: the loop. poll(2) on the links, the control socket and the
 * ping sessions, with the earliest of the core's and the sessions'
 * deadlines as timeout; batches of frames into v6_input(); v6_poll() for
 * the timers; the batched transmit and --pcap-out flushed after each
 * batch and round. It owns the
 * clock: the core is given `now`.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/ctl_server.h"

#define RUN_RX_ROUNDS 16 /* batches drained from one link per round */
#define RUN_MAX_WAIT_MS (3600 * 1000) /* the longest poll(2) timeout */

static volatile sig_atomic_t stop_signal, hup_signal;

/* SIGINT, SIGTERM, SIGQUIT: stop cleanly (final RAs, counters); SIGHUP:
 * print the counters so far and go on. */
static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		hup_signal = 1;
	else
		stop_signal = sig;
}

void
run_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

uint64_t
run_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * V6_NS_PER_S + (uint64_t)ts.tv_nsec;
}

uint64_t
run_real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * V6_NS_PER_S + (uint64_t)ts.tv_nsec;
}

static void
on_rx(void *ctx, const uint8_t *frame, size_t len)
{
	struct iface_rt *it = ctx;

	struct run_ctx *r = it->run;

	if (!r->pcap) {
		(void)v6_input(r->stack, it->iface, frame, len, r->now);
		return;
	}
	/* The frame's record stays open while the stack handles it: every
	 * drop counted meanwhile becomes one of its comments (run_events.c),
	 * whatever the pointer the event carries (the frame, its IPv6
	 * packet, a reassembled datagram, or none). */
	v6_pcapfile_begin(r->pcap, it->pcap_id, V6_PCAP_IN, run_real_ns(), NULL,
	    0, frame, len);
	r->pcap_unsent.open = false; /* closed by the begin */
	r->in_rx = true;
	(void)v6_input(r->stack, it->iface, frame, len, r->now);
	r->in_rx = false;
	v6_pcapfile_end(r->pcap);
}

/* poll(2)'s timeout in ms until due (rounded up; -1: none). */
static int
poll_timeout(uint64_t due, uint64_t now)
{
	uint64_t wait;

	if (due == V6_TIME_NEVER)
		return -1;
	wait = due > now ? due - now : 0;
	if (wait > (uint64_t)RUN_MAX_WAIT_MS * V6_NS_PER_MS)
		return RUN_MAX_WAIT_MS;
	return (int)((wait + V6_NS_PER_MS - 1) / V6_NS_PER_MS);
}

/* --pcap-out is written as it goes: once per batch and per round. The
 * first failure is reported; the stack goes on without the capture. */
static void
pcap_flush(struct run_ctx *r)
{
	if (!r->pcap)
		return;
	v6_pcapfile_end(r->pcap); /* a never-sent packet's record */
	r->pcap_unsent.open = false;
	if (v6_pcapfile_flush(r->pcap) < 0 && !r->pcap_failed) {
		r->pcap_failed = true;
		fprintf(stderr, "v6stack run: --pcap-out: write failed, "
		    "the capture stops here\n");
	}
}

/* Drain a readable link in batches, bounded so one busy link cannot
 * starve the timers or the others. 0, or -1 on a fatal link error. */
static int
drain_link(struct iface_rt *it)
{
	char err[256];

	for (int rounds = 0; rounds < RUN_RX_ROUNDS; rounds++) {
		int got = v6_link_rx_batch(it->link, on_rx, it, err, sizeof(err));
		if (got < 0) {
			fprintf(stderr, "v6stack run: %s\n", err);
			return -1;
		}
		/* The capture first: a frame the peer has seen is in it. */
		pcap_flush(it->run);
		if (v6_link_flush(it->link) < 0)
			fprintf(stderr, "v6stack run: %s: transmit failed\n",
			    v6_link_ifname(it->link));
		if (got < V6_LINK_BATCH)
			break;
	}
	return 0;
}

/* The links that poll(2) found readable. 0, or -1 on a link error. */
static int
drain_links(struct run_ctx *r, const struct pollfd *pfd)
{
	for (unsigned i = 0; i < r->n_ifs; i++) {
		if ((pfd[i].revents & POLLERR) && run_link_lost(r, i) == 0)
			continue;
		if (pfd[i].revents & (POLLERR | POLLNVAL)) {
			fprintf(stderr, "v6stack run: %s: link error\n",
			    v6_link_ifname(r->ifs[i].link));
			return -1;
		}
		if ((pfd[i].revents & POLLIN) && drain_link(&r->ifs[i]) < 0)
			return -1;
	}
	return 0;
}

/* The poll set: the links, then the control socket (if any); the ping
 * sessions' fds follow, refilled each round. Returns how many. */
static unsigned
pollfds_init(const struct run_ctx *r, struct pollfd *pfd)
{
	unsigned n = 0;

	for (unsigned i = 0; i < r->n_ifs; i++) {
		pfd[n].fd = v6_link_fd(r->ifs[i].link);
		pfd[n++].events = POLLIN;
	}
	if (r->ctl_fd >= 0) {
		pfd[n].fd = r->ctl_fd;
		pfd[n].events = POLLIN;
		pfd[n++].revents = 0;
	}
	return n;
}

/*
 * --busy-poll: before sleeping in poll(2), spin on the links' rings (and
 * sockets) for up to busy_poll_us or until the next deadline, whichever
 * comes first. Returns poll(2)'s timeout: 0 when a frame came, else what
 * is left of timeout_ms. The control socket and ping sessions wait at
 * most busy_poll_us longer than without.
 */
static int
busy_poll(struct run_ctx *r, uint64_t due, int timeout_ms)
{
	struct v6_link *links[V6_LINK_BUSY_MAX];
	uint64_t spin = (uint64_t)r->busy_poll_us * 1000u, now;
	unsigned n = 0;

	if (!r->busy_poll_us || timeout_ms == 0)
		return timeout_ms;
	if (due != V6_TIME_NEVER)
		spin = due <= r->now ? 0 : due - r->now < spin ? due - r->now : spin;
	for (unsigned i = 0; i < r->n_ifs && n < V6_LINK_BUSY_MAX; i++)
		if (!r->ifs[i].down)
			links[n++] = r->ifs[i].link;
	if (!spin || !n || v6_link_busy_wait(links, n, spin) >= 0)
		return spin && n ? 0 : timeout_ms;
	now = run_mono_ns();
	return poll_timeout(due, now);
}

/* A clean stop (SIGINT, SIGTERM): RFC 4861 6.2.5, the final Router
 * Advertisements with Router Lifetime 0 on every advertising interface,
 * due now; one v6_poll for what the core arms at now, then out. */
static void
run_radv_stop(struct run_ctx *r)
{
	r->now = run_mono_ns();
	v6_radv_stop(r->stack, r->now);
	(void)v6_poll(r->stack, r->now);
	for (unsigned i = 0; i < r->n_ifs; i++)
		(void)v6_link_flush(r->ifs[i].link);
}

int
run_loop(struct run_ctx *r)
{
	struct pollfd pfd[V6_MAX_IFACES + 1 + V6_PING_MAX_SESSIONS];
	uint64_t ping_deadline = V6_TIME_NEVER;
	unsigned nfds = pollfds_init(r, pfd), n_ping;
	/* The timers armed before the loop (DAD, RFC 4862 5.4.2) must run
	 * even if no frame ever arrives. */
	uint64_t deadline = v6_poll(r->stack, run_mono_ns());

	if (run_ready_check(r) < 0)
		return 1;
	while (!stop_signal) {
		uint64_t due = deadline < ping_deadline ? deadline : ping_deadline;
		r->now = run_mono_ns();
		due = run_links_watch(r, pfd, due);
		n_ping = r->ping ? v6_ping_srv_pollfds(r->ping, pfd + nfds) : 0;
		int n = poll(pfd, nfds + n_ping,
		    busy_poll(r, due, poll_timeout(due, r->now)));
		if (n < 0 && errno != EINTR) {
			perror("v6stack run: poll");
			return 1;
		}
		r->now = run_mono_ns();
		if (n > 0 && drain_links(r, pfd) < 0)
			return 1;
		if (n > 0 && nfds > r->n_ifs && (pfd[r->n_ifs].revents & POLLIN))
			ctl_server_accept(r);
		if (r->ping)
			ping_deadline = v6_ping_srv_run(r->ping, pfd + nfds,
			    n > 0 ? n_ping : 0, r->now);
		deadline = v6_poll(r->stack, r->now);
		pcap_flush(r);
		for (unsigned i = 0; i < r->n_ifs; i++)
			(void)v6_link_flush(r->ifs[i].link);
		if (run_ready_check(r) < 0)
			return 1;
		if (hup_signal) {
			hup_signal = 0;
			run_print_counters(r->stack);
		}
	}
	run_radv_stop(r);
	return 0;
}
