/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the libFuzzer harnesses: a stack with one interface whose
 * transmit callback checks every frame the core sends. */
#ifndef V6_FUZZ_COMMON_H
#define V6_FUZZ_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "v6stack/v6stack.h"

#define FUZZ_MTU 1500

static uint64_t fuzz_tx_frames;
static uint64_t fuzz_hash; /* what an input did: frames out, drops, deadlines */

uint64_t fuzz_result(void);

/* FNV-1a over what the stack did, for fuzz/lib/replay.c. */
static void
fuzz_fold(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		fuzz_hash = (fuzz_hash ^ b[i]) * 0x100000001b3ull;
}

uint64_t
fuzz_result(void)
{
	return fuzz_hash;
}

/* Every frame out must fit the link and carry an IPv6 EtherType. */
static void
fuzz_tx(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx;
	if (len < 14 + 40 || len > 14 + FUZZ_MTU)
		abort();
	if (frame[12] != 0x86 || frame[13] != 0xdd || (frame[14] >> 4) != 6)
		abort();
	fuzz_tx_frames++;
	fuzz_fold(frame, len);
}

static struct v6_stack *
fuzz_stack(struct v6_iface **ifp)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	/* Small reassembly pools, so that eviction is reached too. */
	struct v6_stack_params p = { .seed = 1, .neigh_max = 64, .neigh_queue_max = 8,
		.frag_queues_max = 64, .frag_mem_max = 256 << 10, .ifaces_max = 1 };
	struct v6_link_ops ops = { fuzz_tx };
	struct v6_stack *s;
	struct in6_addr a = { .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } };
	char err[128];

	fuzz_hash = 0xcbf29ce484222325ull;
	if (v6_stack_new(&p, &s, err, sizeof(err)) < 0)
		abort();
	/* Half the addresses stay tentative, so DAD paths are reached too. */
	v6_sysctl_set(s, "conf.default.router_solicitation_delay", "0", err, sizeof(err));
	if (v6_iface_add(s, "eth0", mac, FUZZ_MTU, &ops, NULL, ifp, err, sizeof(err)) < 0)
		abort();
	v6_sysctl_set(s, "conf.eth0.accept_dad", "0", err, sizeof(err));
	if (v6_addr_add(*ifp, &a, 64, 0, err, sizeof(err)) < 0)
		abort();
	/* 2001:db8::100, anycast: echo, NS and the delayed-NA queue. */
	a.s6_addr[14] = 1;
	a.s6_addr[15] = 0;
	if (v6_anycast_add(*ifp, &a, err, sizeof(err)) < 0)
		abort();
	if (v6_iface_up(*ifp, 0, err, sizeof(err)) < 0)
		abort();
	return s;
}

/*
 * The stack an input of the frame harnesses starts from: fuzz_stack's,
 * built once per process, in the arena of fuzz/lib/alloc.c, and put back
 * byte for byte (fuzz_restore) before every input after the first. The
 * first input runs on the stack just built, the others on the copy put
 * back: fuzz/lib/replay.c compares the two for each input, so a state
 * the snapshot missed (one outside the arena) shows there. An input
 * costs what it does, not a v6_stack_new and v6_stack_free. Built with
 * -DFUZZ_FRESH, each input has a stack of its own instead (v6_stack_new,
 * then v6_stack_free in fuzz_end, where LeakSanitizer sees what the
 * core forgot to free).
 */
static struct v6_stack *
fuzz_start(struct v6_iface **ifp)
{
#ifdef FUZZ_FRESH
	return fuzz_stack(ifp);
#else
	static struct v6_stack *s;
	static struct v6_iface *i;

	if (!s) {
		fuzz_arena_begin();
		s = fuzz_stack(&i);
		fuzz_snapshot();
	} else {
		fuzz_restore();
		fuzz_hash = 0xcbf29ce484222325ull;
	}
	*ifp = i;
	return s;
#endif
}

static void
fuzz_end(struct v6_stack *s)
{
#ifdef FUZZ_FRESH
	v6_stack_free(s);
#else
	(void)s; /* the next fuzz_start puts the snapshot back */
#endif
}

#endif
