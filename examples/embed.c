/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Embedding the stack in a program's own event loop, with a fake link and
 * a fake clock: two stacks, A (2001:db8::a) and B (2001:db8::b), joined by
 * a wire that is two queues in memory, and a clock that is a variable the
 * loop moves to the next deadline. No system call, no device, no root:
 * tests/run.sh runs it in `make test`, twice, and compares the outputs
 * (the same seeds, frames and times give the same bytes, v6stack.h).
 *
 * What it does, each step checked (exit 1 at the first that fails):
 *   1. both addresses pass DAD (RFC 4862 5.4);
 *   2. A pings B (RFC 4443 4.1; B answers, A resolved B first, RFC 4861);
 *   3. B echoes UDP on port 7; A's port 5000, connected to it, sends and
 *      receives "hello" (v6_udp_connect, v6_udp_send_connected);
 *   4. A sends to B's closed port 9: B's Port Unreachable reaches A's
 *      error callback as ECONNREFUSED (Linux icmpv6_err_convert);
 *   5. a route added and removed on A at run time (v6_route_add/del), an
 *      address added and removed on B (v6_addr_add/del);
 *   6. the drop reasons counted on both sides (v6_drops_foreach).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "v6stack/v6stack.h"

/* One direction of the wire: a ring of frames (bounded: a full ring drops,
 * as a congested link would). */
#define WIRE_SLOTS 32
#define WIRE_FRAME 1514
struct wire_dir {
	uint8_t frame[WIRE_SLOTS][WIRE_FRAME];
	size_t len[WIRE_SLOTS];
	unsigned head, n;
	uint64_t lost;
};

struct node {
	const char *name;
	struct v6_stack *stack;
	struct v6_iface *iface;
	struct wire_dir in; /* frames on their way to this node */
	struct in6_addr addr;
	bool ready;
};

static struct node a = { .name = "A" }, b = { .name = "B" };
static v6_time_t now; /* the fake clock */

/* Received by A's endpoints. */
static unsigned n_replies, n_udp, n_errors;
static int last_errno;
static char udp_text[64];

static void
wire_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct wire_dir *w = ctx;

	if (w->n == WIRE_SLOTS || len > WIRE_FRAME) {
		w->lost++;
		return;
	}
	unsigned i = (w->head + w->n++) % WIRE_SLOTS;
	memcpy(w->frame[i], frame, len);
	w->len[i] = len;
}

/* Deliver what is on the wire to node n; frames sent meanwhile queue. */
static bool
wire_deliver(struct node *n)
{
	uint8_t f[WIRE_FRAME];
	bool any = false;

	while (n->in.n) {
		size_t len = n->in.len[n->in.head];
		memcpy(f, n->in.frame[n->in.head], len);
		n->in.head = (n->in.head + 1) % WIRE_SLOTS;
		n->in.n--;
		(void)v6_input(n->stack, n->iface, f, len, now);
		any = true;
	}
	return any;
}

/* The program's event loop: frames first, then timers, then the clock
 * jumps to the next deadline (at most to limit). Returns when cond is
 * true or the clock reached limit. */
static bool
run_until(bool (*cond)(void), v6_time_t limit)
{
	for (;;) {
		bool moved = wire_deliver(&a) | wire_deliver(&b);
		v6_time_t da = v6_poll(a.stack, now), db = v6_poll(b.stack, now);
		if (cond())
			return true;
		if (moved || a.in.n || b.in.n)
			continue;
		v6_time_t next = da < db ? da : db;
		if (next > limit)
			next = limit;
		if (next <= now) {
			if (now >= limit)
				return false;
			continue;
		}
		now = next;
	}
}

static void
on_event(void *ctx, const struct v6_event *ev)
{
	struct node *n = ctx;

	if (ev->kind == V6_EV_ADDR_STATE &&
	    memcmp(ev->addr, &n->addr, sizeof(n->addr)) == 0 &&
	    strcmp(ev->state, "PREFERRED") == 0)
		n->ready = true;
}

static void
on_echo_reply(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *from, uint16_t id, uint16_t seq, uint8_t hlim,
    const uint8_t *data, size_t len, v6_time_t t)
{
	char s[INET6_ADDRSTRLEN];

	(void)ctx, (void)iface, (void)id, (void)data;
	inet_ntop(AF_INET6, from, s, sizeof(s));
	printf("A: %zu bytes from %s: icmp_seq=%u hlim=%u at %.3f s\n", len, s,
	    seq, hlim, (double)t / V6_NS_PER_S);
	n_replies++;
}

/* B's echo server (RFC 862). */
static void
b_echo(void *ctx, const struct v6_udp_meta *m, const uint8_t *data,
    size_t len, v6_time_t t)
{
	(void)ctx;
	(void)v6_udp_send(m->iface, &m->dst, &m->src, m->dport, m->sport, data,
	    len, t);
}

static void
a_udp_rx(void *ctx, const struct v6_udp_meta *m, const uint8_t *data,
    size_t len, v6_time_t t)
{
	(void)ctx, (void)t;
	snprintf(udp_text, sizeof(udp_text), "%.*s", (int)len, (const char *)data);
	printf("A: udp %u <- %u: \"%s\"\n", m->dport, m->sport, udp_text);
	n_udp++;
}

static void
a_udp_err(void *ctx, const struct v6_udp_meta *m, int err, uint8_t type,
    uint8_t code, uint32_t info)
{
	(void)ctx, (void)info;
	printf("A: udp %u -> %u: error %s (ICMPv6 type %u code %u)\n", m->sport,
	    m->dport, strerrorname_np(err), type, code);
	last_errno = err;
	n_errors++;
}

static bool both_ready(void) { return a.ready && b.ready; }
static bool got_reply(void) { return n_replies > 0; }
static bool got_udp(void) { return n_udp > 0; }
static bool got_error(void) { return n_errors > 0; }
static bool never(void) { return false; }

static void
print_drop(void *ctx, const char *name, const char *text, uint64_t value)
{
	(void)text;
	if (value)
		printf("%s: drop %s %llu\n", (const char *)ctx, name,
		    (unsigned long long)value);
}

static int
node_init(struct node *n, struct node *peer, uint64_t seed, uint8_t mac_lo,
    const char *addr)
{
	struct v6_stack_params sp = { .seed = seed, .event = on_event,
		.event_ctx = n };
	struct v6_link_ops ops = { .tx = wire_tx };
	uint8_t mac[6] = { 0x02, 0, 0, 0, 0, mac_lo };
	char err[256];

	inet_pton(AF_INET6, addr, &n->addr);
	/* n's frames go into the peer's queue. */
	if (v6_stack_new(&sp, &n->stack, err, sizeof(err)) < 0 ||
	    v6_iface_add(n->stack, "fake0", mac, 1500, &ops, &peer->in,
		&n->iface, err, sizeof(err)) < 0 ||
	    v6_iface_up(n->iface, now, err, sizeof(err)) < 0 ||
	    v6_addr_add(n->iface, &n->addr, 64, now, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", n->name, err);
		return -1;
	}
	return 0;
}

#define STEP(ok, what)                                                    \
	do {                                                              \
		if (!(ok)) {                                              \
			fprintf(stderr, "embed: FAILED: %s\n", what);     \
			return 1;                                         \
		}                                                         \
		printf("ok: %s\n", what);                                 \
	} while (0)

int
main(void)
{
	static const uint8_t hello[5] = { 'h', 'e', 'l', 'l', 'o' };
	struct v6_route_spec rt;
	struct v6_route_result res;
	struct in6_addr extra, far;
	char err[256];

	/* Seed 0 is as deterministic as any: the run repeats exactly. */
	if (node_init(&a, &b, 0, 0x0a, "2001:db8::a") < 0 ||
	    node_init(&b, &a, 1, 0x0b, "2001:db8::b") < 0)
		return 1;
	STEP(run_until(both_ready, 5 * V6_NS_PER_S), "DAD passed on A and B");

	v6_icmp6_echo_listen(a.stack, on_echo_reply, NULL, NULL);
	STEP(v6_icmp6_echo_send(a.iface, NULL, &b.addr, 1, 0,
	    (const uint8_t *)"ping", 4, now) == V6_DROP_NONE &&
	    run_until(got_reply, now + V6_NS_PER_S), "A pinged B");

	STEP(v6_udp_bind(b.stack, 7, b_echo, NULL, NULL, err, sizeof(err)) == 0 &&
	    v6_udp_bind(a.stack, 5000, a_udp_rx, a_udp_err, NULL, err,
		sizeof(err)) == 0 &&
	    v6_udp_connect(a.stack, 5000, a.iface, NULL, &b.addr, 7, err,
		sizeof(err)) == 0 &&
	    v6_udp_send_connected(a.stack, 5000, hello, sizeof(hello), now) == 0 &&
	    run_until(got_udp, now + V6_NS_PER_S) &&
	    strcmp(udp_text, "hello") == 0, "UDP echo through a connected port");

	STEP(v6_udp_send(a.iface, NULL, &b.addr, 5000, 9, hello, sizeof(hello),
	    now) == 0 && run_until(got_error, now + V6_NS_PER_S) &&
	    last_errno == ECONNREFUSED, "closed port: ECONNREFUSED");

	memset(&rt, 0, sizeof(rt));
	inet_pton(AF_INET6, "2001:db8:f::", &rt.dst);
	rt.dst_len = 48;
	rt.has_gw = 1;
	rt.gw = b.addr;
	inet_pton(AF_INET6, "2001:db8:f::1", &far);
	STEP(v6_route_add(a.stack, &rt, 0, err, sizeof(err)) == 0 &&
	    v6_route_query(a.stack, &far, NULL, NULL, &res, now) == 0 &&
	    res.has_gw && memcmp(&res.gw, &b.addr, sizeof(b.addr)) == 0 &&
	    v6_route_del(a.stack, &rt, err, sizeof(err)) == 0 &&
	    v6_route_query(a.stack, &far, NULL, NULL, &res, now) < 0,
	    "route added, used, removed");

	inet_pton(AF_INET6, "2001:db8::bb", &extra);
	STEP(v6_addr_add(b.iface, &extra, 64, now, err, sizeof(err)) == 0 &&
	    v6_addr_del(b.iface, &extra, 64, err, sizeof(err)) == 0 &&
	    v6_addr_del(b.iface, &extra, 64, err, sizeof(err)) < 0,
	    "address added and removed");

	/* Let the timers run a minute: MLD reports, NUD. */
	(void)run_until(never, now + 60 * V6_NS_PER_S);
	v6_drops_foreach(a.stack, print_drop, "A");
	v6_drops_foreach(b.stack, print_drop, "B");
	printf("wire: %llu frames lost\n",
	    (unsigned long long)(a.in.lost + b.in.lost));
	v6_stack_free(a.stack);
	v6_stack_free(b.stack);
	return 0;
}
