/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * core_pps: in-memory throughput of the v6stack core, no I/O.
 *
 *   core_pps echo|ns|both [N]
 *
 * One stack, one interface (MAC 02:00:00:00:bb:01, 2001:db8::1/64, DAD
 * off) whose tx callback only counts. A peer (02:00:00:00:aa:02,
 * 2001:db8::2) first sends one Neighbor Solicitation with its link-layer
 * address so that the stack knows where to answer, then the benchmark feeds
 * N frames to v6_input() with a fake clock:
 *   echo  ICMPv6 Echo Requests, 64-byte payload, sequence numbers varying
 *   ns    Neighbor Solicitations for 2001:db8::1 sent to its solicited-node
 *         group, with a source link-layer address option
 * Every frame must be consumed (v6_input() == 0) and answered by exactly
 * one frame of the expected type (Echo Reply / Neighbor Advertisement; the
 * first answer and every 65536th are verified in full: addresses,
 * checksum, identifier and payload or target); anything else aborts: a
 * benchmark of a stack that stopped answering measures nothing.
 *
 * The frames are laid out here byte by byte, with their own checksum code,
 * independently of the stack's wire parsers.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <arpa/inet.h>

#include "frame.h"
#include "v6stack/v6stack.h"

#define ETH_LEN 14
#define IP6_LEN 40
#define ECHO_PAYLOAD 64
#define ECHO_FRAMES 256 /* distinct sequence numbers, cycled */
#define STEP_NS 50ull   /* fake clock: 50 ns per frame (20 Mpps) */

static const uint8_t stack_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0xbb, 0x01 };
static const uint8_t peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0xaa, 0x02 };

/* What the tx callback sees. */
struct txcount {
	int in_input;          /* 1 while inside v6_input() */
	uint8_t want_type;     /* ICMPv6 type every answer must have */
	uint64_t frames;       /* frames sent from inside v6_input() */
	uint64_t bytes;
	uint64_t right_type;   /* ... of which with want_type */
	uint64_t checked;      /* ... of which fully verified (a sample) */
	uint64_t other_frames; /* frames sent from v6_poll() */
};

static void verify_answer(const uint8_t *frame, size_t len, uint8_t type);

static void
tx_count(void *ctx, const uint8_t *frame, size_t len)
{
	struct txcount *c = ctx;

	if (!c->in_input) {
		c->other_frames++;
		return;
	}
	c->frames++;
	c->bytes += len;
	if (len >= ETH_LEN + IP6_LEN + 4 && frame[12] == 0x86 &&
	    frame[13] == 0xdd && frame[ETH_LEN + 6] == 58 &&
	    frame[ETH_LEN + IP6_LEN] == c->want_type)
		c->right_type++;
	/* Every 65536th answer (and the first) is checked in full. */
	if ((c->frames & 0xffff) == 1) {
		verify_answer(frame, len, c->want_type);
		c->checked++;
	}
}

/* ---- frame construction ---- */

/* ICMPv6 checksum (RFC 8200 8.1) of the message after ip6 (frame.h). */
static void
icmp6_csum(uint8_t *ip6)
{
	uint8_t *icmp = ip6 + IP6_LEN;

	icmp[2] = icmp[3] = 0;
	put16(icmp + 2, (uint16_t)~l4_sum(ip6, get16(ip6 + 4)));
}

static struct in6_addr self_ip, peer_ip;

static void
bad_answer(const char *why)
{
	fprintf(stderr, "core_pps: wrong answer: %s\n", why);
	exit(1);
}

/*
 * An answer to the peer: Echo Reply (129) with the request's identifier and
 * payload, or solicited Neighbor Advertisement (136) for 2001:db8::1.
 */
static void
verify_answer(const uint8_t *f, size_t len, uint8_t type)
{
	const uint8_t *ip6 = f + ETH_LEN, *icmp = ip6 + IP6_LEN;
	size_t plen;
	int i;

	if (len < ETH_LEN + IP6_LEN + 8)
		bad_answer("short frame");
	if (memcmp(f, peer_mac, 6) != 0 || memcmp(f + 6, stack_mac, 6) != 0)
		bad_answer("Ethernet addresses");
	if (f[12] != 0x86 || f[13] != 0xdd || (ip6[0] >> 4) != 6 ||
	    ip6[6] != 58)
		bad_answer("not ICMPv6 over IPv6");
	plen = (size_t)ip6[4] << 8 | ip6[5];
	if (ETH_LEN + IP6_LEN + plen != len)
		bad_answer("payload length");
	if (memcmp(ip6 + 8, &self_ip, 16) != 0 ||
	    memcmp(ip6 + 24, &peer_ip, 16) != 0)
		bad_answer("IPv6 addresses");
	if (fold(sum16(sum16(58 + (uint32_t)plen, ip6 + 8, 32), icmp,
		plen)) != 0xffff)
		bad_answer("ICMPv6 checksum");
	if (icmp[0] != type || icmp[1] != 0)
		bad_answer("ICMPv6 type");
	if (type == 129) {
		if (plen != 8 + ECHO_PAYLOAD || icmp[4] != 0x6b ||
		    icmp[5] != 0x36)
			bad_answer("echo reply length or identifier");
		for (i = 0; i < ECHO_PAYLOAD; i++)
			if (icmp[8 + i] != (uint8_t)(0x20 + i))
				bad_answer("echo reply payload");
	} else {
		if (ip6[7] != 255 || plen < 24 || !(icmp[4] & 0x40) ||
		    memcmp(icmp + 8, &self_ip, 16) != 0)
			bad_answer("neighbor advertisement");
	}
}

/* Ethernet + IPv6 headers; returns the start of the IPv6 header. */
static uint8_t *
build_hdrs(uint8_t *f, const uint8_t dmac[6], const struct in6_addr *src,
    const struct in6_addr *dst, uint16_t plen, uint8_t hlim)
{
	uint8_t *ip6 = f + ETH_LEN;

	memcpy(f, dmac, 6);
	memcpy(f + 6, peer_mac, 6);
	put16(f + 12, 0x86dd);
	ip6[0] = 0x60; /* version 6, traffic class 0, flow label 0 */
	ip6[1] = ip6[2] = ip6[3] = 0;
	put16(ip6 + 4, plen);
	ip6[6] = 58; /* ICMPv6 */
	ip6[7] = hlim;
	memcpy(ip6 + 8, src, 16);
	memcpy(ip6 + 24, dst, 16);
	return ip6;
}

/* Echo Request (RFC 4443 4.1), 64-byte payload. Returns the frame length. */
static size_t
build_echo(uint8_t *f, const struct in6_addr *src, const struct in6_addr *dst,
    uint16_t id, uint16_t seq)
{
	uint8_t *ip6 = build_hdrs(f, stack_mac, src, dst, 8 + ECHO_PAYLOAD, 64);
	uint8_t *icmp = ip6 + IP6_LEN;
	int i;

	icmp[0] = 128;
	icmp[1] = 0;
	put16(icmp + 4, id);
	put16(icmp + 6, seq);
	for (i = 0; i < ECHO_PAYLOAD; i++)
		icmp[8 + i] = (uint8_t)(0x20 + i);
	icmp6_csum(ip6);
	return ETH_LEN + IP6_LEN + 8 + ECHO_PAYLOAD;
}

/*
 * Neighbor Solicitation (RFC 4861 4.3) for target, sent to its
 * solicited-node group ff02::1:ffXX:XXXX (33:33:ff:XX:XX:XX), hop limit
 * 255, with a Source Link-Layer Address option. Returns the frame length.
 */
static size_t
build_ns(uint8_t *f, const struct in6_addr *src, const struct in6_addr *target)
{
	struct in6_addr snm;
	uint8_t dmac[6] = { 0x33, 0x33, 0xff, 0, 0, 0 };
	uint8_t *ip6, *icmp;

	memset(&snm, 0, sizeof(snm));
	snm.s6_addr[0] = 0xff;
	snm.s6_addr[1] = 0x02;
	snm.s6_addr[11] = 0x01;
	snm.s6_addr[12] = 0xff;
	memcpy(&snm.s6_addr[13], &target->s6_addr[13], 3);
	memcpy(dmac + 3, &target->s6_addr[13], 3);

	ip6 = build_hdrs(f, dmac, src, &snm, 24 + 8, 255);
	icmp = ip6 + IP6_LEN;
	icmp[0] = 135;
	icmp[1] = 0;
	memset(icmp + 4, 0, 4); /* reserved */
	memcpy(icmp + 8, target, 16);
	icmp[24] = 1; /* Source Link-Layer Address */
	icmp[25] = 1; /* length in units of 8 octets */
	memcpy(icmp + 26, peer_mac, 6);
	icmp6_csum(ip6);
	return ETH_LEN + IP6_LEN + 24 + 8;
}

/* ---- harness ---- */

struct bench {
	struct v6_stack *stack;
	struct v6_iface *iface;
	struct txcount tx;
	v6_time_t now;
	v6_time_t deadline;
	struct in6_addr self, peer;
};

static void
die(const char *what, const char *err)
{
	fprintf(stderr, "core_pps: %s: %s\n", what, err);
	exit(1);
}

static void
bench_setup(struct bench *b)
{
	struct v6_stack_params p;
	struct v6_link_ops ops = { .tx = tx_count };
	char err[256];

	memset(b, 0, sizeof(*b));
	memset(&p, 0, sizeof(p));
	p.seed = 1;
	inet_pton(AF_INET6, "2001:db8::1", &b->self);
	inet_pton(AF_INET6, "2001:db8::2", &b->peer);
	self_ip = b->self;
	peer_ip = b->peer;
	b->now = 1 * V6_NS_PER_S;

	if (v6_stack_new(&p, &b->stack, err, sizeof(err)) != 0)
		die("v6_stack_new", err);
	if (v6_sysctl_set(b->stack, "conf.default.accept_dad", "0", err,
		sizeof(err)) != 0)
		die("v6_sysctl_set conf.default.accept_dad", err);
	if (v6_iface_add(b->stack, "bench0", stack_mac, 1500, &ops, &b->tx,
		&b->iface, err, sizeof(err)) != 0)
		die("v6_iface_add", err);
	if (v6_iface_up(b->iface, b->now, err, sizeof(err)) != 0)
		die("v6_iface_up", err);
	if (v6_addr_add(b->iface, &b->self, 64, b->now, err, sizeof(err)) != 0)
		die("v6_addr_add", err);
	b->deadline = v6_poll(b->stack, b->now);
}

static void
bench_free(struct bench *b)
{
	v6_stack_free(b->stack);
}

/* One frame in; fails loudly unless it was consumed. */
static inline void
feed(struct bench *b, const uint8_t *f, size_t len, const char *what,
    uint64_t i)
{
	int r;

	b->now += STEP_NS;
	if (b->now >= b->deadline)
		b->deadline = v6_poll(b->stack, b->now);
	b->tx.in_input = 1;
	r = v6_input(b->stack, b->iface, f, len, b->now);
	b->tx.in_input = 0;
	if (r != 0) {
		fprintf(stderr,
		    "core_pps: %s: frame %" PRIu64 " dropped: %s (%s)\n", what,
		    i, v6_drop_name(r), v6_drop_text(r));
		exit(1);
	}
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
check_answers(const struct bench *b, const char *what, uint64_t n)
{
	if (b->tx.frames != n || b->tx.right_type != n) {
		fprintf(stderr,
		    "core_pps: %s: %" PRIu64 " frames in, %" PRIu64
		    " frames out (%" PRIu64 " of ICMPv6 type %u): the stack "
		    "did not answer every frame\n",
		    what, n, b->tx.frames, b->tx.right_type,
		    (unsigned)b->tx.want_type);
		exit(1);
	}
}

static void
report(const char *what, uint64_t n, double s, const struct bench *b)
{
	printf("%s: %" PRIu64 " pkts in %.3f s = %.3f Mpps/core "
	       "(%.1f ns/pkt, tx %" PRIu64 " frames %" PRIu64 " bytes)\n",
	    what, n, s, s > 0 ? (double)n / s / 1e6 : 0.0,
	    (double)s * 1e9 / (double)n, b->tx.frames, b->tx.bytes);
	fflush(stdout);
}

/* Teach the stack the peer's MAC: one NS with SLLA. */
static void
learn_peer(struct bench *b)
{
	uint8_t f[128];
	size_t len = build_ns(f, &b->peer, &b->self);

	b->tx.want_type = 136;
	feed(b, f, len, "initial NS", 0);
	check_answers(b, "initial NS", 1);
	b->tx.frames = b->tx.bytes = b->tx.right_type = b->tx.checked = 0;
}

static void
run_echo(uint64_t n)
{
	static uint8_t frames[ECHO_FRAMES][ETH_LEN + IP6_LEN + 8 + ECHO_PAYLOAD];
	size_t len = 0;
	struct bench b;
	uint64_t i;
	double t0, t1;

	bench_setup(&b);
	learn_peer(&b);
	for (i = 0; i < ECHO_FRAMES; i++)
		len = build_echo(frames[i], &b.peer, &b.self, 0x6b36,
		    (uint16_t)i);
	b.tx.want_type = 129;

	t0 = mono();
	for (i = 0; i < n; i++)
		feed(&b, frames[i % ECHO_FRAMES], len, "echo", i);
	t1 = mono();

	check_answers(&b, "echo", n);
	report("echo", n, t1 - t0, &b);
	bench_free(&b);
}

static void
run_ns(uint64_t n)
{
	uint8_t f[128];
	size_t len;
	struct bench b;
	uint64_t i;
	double t0, t1;

	bench_setup(&b);
	learn_peer(&b);
	len = build_ns(f, &b.peer, &b.self);
	b.tx.want_type = 136;

	t0 = mono();
	for (i = 0; i < n; i++)
		feed(&b, f, len, "ns", i);
	t1 = mono();

	check_answers(&b, "ns", n);
	report("ns", n, t1 - t0, &b);
	bench_free(&b);
}

static void
usage(void)
{
	fprintf(stderr, "usage: core_pps echo|ns|both [N]  (N default "
			"2000000)\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	uint64_t n = 2000000;
	char *end;

	if (argc < 2 || argc > 3)
		usage();
	if (argc == 3) {
		n = strtoull(argv[2], &end, 10);
		if (*end != '\0' || n == 0)
			usage();
	}
	/* Keep the fake clock within a few seconds: no NUD timer fires. */
	if (n > 4 * V6_NS_PER_S / STEP_NS) {
		fprintf(stderr, "core_pps: N at most %llu\n",
		    4 * V6_NS_PER_S / STEP_NS);
		return 2;
	}
	if (strcmp(argv[1], "echo") == 0)
		run_echo(n);
	else if (strcmp(argv[1], "ns") == 0)
		run_ns(n);
	else if (strcmp(argv[1], "both") == 0) {
		run_echo(n);
		run_ns(n);
	} else
		usage();
	return 0;
}
