/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The stack's own loop, for the examples: a link (a TAP device, or an
 * existing interface through AF_PACKET), its descriptor, a drain of its
 * frames into the stack, the monotonic clock, and a poll(2) loop with the
 * stack's next deadline as the timeout. Copy it into a program that wants
 * the stack to run itself; a program with its own event loop takes
 * ex_link_fd() and v6_next_deadline() into that loop instead.
 *
 * It is not in libv6stack, which has no system calls (ARCHITECTURE.md,
 * "The library has no I/O"). The command's backends (src/link: packet
 * ring, pcap, busy polling) are richer; this is the smallest thing that
 * works: one frame per read(2)/write(2), no batching.
 */
#ifndef V6_EXAMPLES_LOOP_H
#define V6_EXAMPLES_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"

#define EX_FRAME_MAX 65550 /* Ethernet header + 64 KiB: any MTU a TAP takes */

struct ex_link {
	int fd;
	char ifname[V6_IFNAME_MAX + 1];
	uint32_t mtu;
	uint64_t rx_frames, tx_frames, tx_errors;
};

/* Create the TAP device name (IFF_TAP | IFF_NO_PI), or attach to it when
 * it exists (`ip tuntap add dev NAME mode tap` made it persistent), and
 * bring it up. The kernel on that device is the peer. Returns 0, or -1
 * with a message in err. */
int ex_link_open_tap(struct ex_link *l, const char *name, char *err,
    size_t errlen);
/* An existing interface through an AF_PACKET socket (every frame the
 * device receives, promiscuous so that our own MAC is heard). Unlike the
 * command's packet backend it does not complete checksums a peer left to
 * offload (veth: turn the peer's tx offload off, `ethtool -K IF tx off`),
 * and the kernel's IPv6 on that interface should be off. */
int ex_link_open_packet(struct ex_link *l, const char *name, char *err,
    size_t errlen);
void ex_link_close(struct ex_link *l);
int ex_link_fd(const struct ex_link *l);

/* struct v6_link_ops.tx with ctx = the struct ex_link: one write(2). */
void ex_link_tx(void *ctx, const uint8_t *frame, size_t len);

/* Read every frame waiting (at most 64), calling rx for each. Returns the
 * number read, or -1 on a fatal error (message in err). */
int ex_link_drain(struct ex_link *l,
    void (*rx)(void *ctx, const uint8_t *frame, size_t len), void *ctx,
    char *err, size_t errlen);

/* CLOCK_MONOTONIC in nanoseconds: a valid v6_time_t (V6_TIME_MAX is 146
 * years of uptime). */
v6_time_t ex_now(void);

/* What the loop drives: frames go to rx (the program hands them to
 * v6_input of the right stack), timers to poll (v6_poll, returning the
 * next deadline); done, when not NULL, ends the loop when it returns
 * true (checked after each round). */
struct ex_loop {
	struct ex_link *link;
	void (*rx)(void *ctx, const uint8_t *frame, size_t len);
	v6_time_t (*poll)(void *ctx, v6_time_t now);
	bool (*done)(void *ctx, v6_time_t now);
	void *ctx;
};

/* Run until done, until the deadline until (V6_TIME_NEVER: none), or
 * until SIGINT or SIGTERM. Returns 0 when done said so, 1 when the
 * deadline or a signal ended it, -1 on a link error (printed). */
int ex_run(const struct ex_loop *lp, v6_time_t until);

/* The common case: one stack, one interface on the link. ex_one_rx and
 * ex_one_poll take a ctx whose first member is a struct ex_one. */
struct ex_one {
	struct v6_stack *stack;
	struct v6_iface *iface;
};
void ex_one_rx(void *ctx, const uint8_t *frame, size_t len);
v6_time_t ex_one_poll(void *ctx, v6_time_t now);

/* "2001:db8::1/64" into addr and plen. Returns 0 or -1. */
int ex_parse_prefix(const char *s, struct in6_addr *addr, unsigned *plen);

#endif
