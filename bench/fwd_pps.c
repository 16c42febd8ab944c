/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fwd_pps: the router in memory, no I/O: the time to load and delete a
 * BGP-sized table through the public route API, and forwarded packets per
 * second through the core with that table and with a tiny one.
 *
 *   fwd_pps [-n ROUTES] [-t TINY] [-N PACKETS] [-d DESTS] [-r PASSES]
 *           [-s SEED] [-q]
 *
 * Defaults: 1,000,000 routes, a tiny table of 10, 2,000,000 packets per
 * run, 1,048,576 destinations, 3 passes, seed 1; -q (for callgrind) does
 * one pass and skips the delete-all.
 *
 * Each table is a stack of its own, built through v6stack.h as a router
 * (conf.all.forwarding=1, DAD off) with two interfaces on fake links whose
 * tx callbacks count and check:
 *
 *   peer 2001:db8:a::2 --- fwd0 2001:db8:a::1/64 [router]
 *                          fwd1 2001:db8:b::1/64 --- gw 2001:db8:b::fe
 *
 * The routes: prefixes from bench/bgp_gen.h (the shape of the IPv6 BGP
 * table), each added by v6_route_add "via 2001:db8:b::fe dev fwd1", timed;
 * at the end every one is removed by v6_route_del, timed.
 *
 * Forwarding: UDP datagrams (64-byte payload, hop limit 64) from the peer
 * to the router's MAC on fwd0, each to a random address inside a random
 * prefix of the table (DESTS of them, cycled, outside 2001:db8::/32 so no
 * connected route takes them), fed to v6_input() with a fake clock
 * advancing 50 ns per frame. Before timing, the first datagram makes the
 * router solicit the gateway (the NS is checked) and the gateway's
 * solicited NA makes it REACHABLE and releases the datagram. Then every
 * frame must return 0 and leave on fwd1 exactly once, to the gateway's MAC
 * with hop limit 63 and its own destination; every 4096th is compared in
 * full with the frame that went in. Nothing may leave on fwd0. Anything
 * else aborts: a benchmark that forwards nothing measures drops.
 * The tiny and full runs are interleaved over the passes (the machine's
 * load is shared); the best of each is printed, and their ratio.
 *
 * The frames are laid out here byte by byte, with their own checksums,
 * independently of the stack's wire code.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>

#include "frame.h"
#include "v6stack/v6stack.h"

#include "bgp_gen.h"

#define ETH_LEN 14
#define IP6_LEN 40
#define UDP_PAYLOAD 64
#define FRAME_LEN (ETH_LEN + IP6_LEN + 8 + UDP_PAYLOAD)
#define OFF_HLIM (ETH_LEN + 7)
#define OFF_DST (ETH_LEN + 24)
#define OFF_UDP (ETH_LEN + IP6_LEN)
#define STEP_NS 50ull            /* fake clock: 50 ns per frame */
#define FAKE_MAX (10 * V6_NS_PER_S) /* below REACHABLE's 15 s minimum */
#define FULL_CHECK 4096          /* every 4096th frame compared in full */

static const uint8_t r0_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0xbb, 0x01 };
static const uint8_t r1_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0xbb, 0x02 };
static const uint8_t peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0xaa, 0x02 };
static const uint8_t gw_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0xcc, 0x02 };
static struct in6_addr r0_ip, r1_ip, peer_ip, gw_ip;

/* A destination and the UDP checksum of the datagram to it. */
struct dest {
	uint8_t a[16];
	uint16_t csum;
};

/* What a fake link's tx callback saw. */
struct link {
	int in_input;          /* 1 while inside v6_input() */
	int strict;            /* 1: every frame must be the forwarded one */
	const uint8_t *cur;    /* the frame being fed (strict) */
	uint64_t frames;       /* frames sent from inside v6_input() */
	uint64_t bad;          /* ... not the forwarded frame (strict) */
	uint64_t checked;      /* ... compared in full */
	uint64_t poll_frames;  /* frames sent from v6_poll() */
	uint8_t last[FRAME_LEN + 64];
	size_t last_len;
};

struct router {
	struct v6_stack *stack;
	struct v6_iface *if0, *if1;
	struct link l0, l1;
	v6_time_t now, deadline;
};

static void
die(const char *what, const char *err)
{
	fprintf(stderr, "fwd_pps: %s: %s\n", what, err);
	exit(1);
}

static double
mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The forwarded frame is the fed one with the gateway's and fwd1's MACs
 * and the hop limit less one (RFC 8200 3). */
static int
is_forwarded(const uint8_t *f, size_t len, const uint8_t *in, int full)
{
	if (len != FRAME_LEN || f[OFF_HLIM] != 63 || memcmp(f, gw_mac, 6) ||
	    memcmp(f + OFF_DST + 8, in + OFF_DST + 8, 8))
		return 0;
	return !full || (!memcmp(f + 6, r1_mac, 6) &&
	    !memcmp(f + 12, in + 12, OFF_HLIM - 12) &&
	    !memcmp(f + OFF_HLIM + 1, in + OFF_HLIM + 1, len - OFF_HLIM - 1));
}

static void
tx_link(void *ctx, const uint8_t *frame, size_t len)
{
	struct link *l = ctx;

	if (!l->in_input) {
		l->poll_frames++;
		return;
	}
	l->frames++;
	if (!l->strict) {
		l->last_len = len < sizeof(l->last) ? len : sizeof(l->last);
		memcpy(l->last, frame, l->last_len);
		return;
	}
	if (!is_forwarded(frame, len, l->cur, (l->frames % FULL_CHECK) == 1))
		l->bad++;
	l->checked += (l->frames % FULL_CHECK) == 1;
}

/* ---- frames ---- */

/* Upper-layer checksum (RFC 8200 8.1) of the message after the IPv6
 * header at ip6: pseudo-header, then the message with its checksum at
 * csum_off zero. */
static uint16_t
l4_csum(uint8_t *ip6, size_t csum_off)
{
	put16(ip6 + IP6_LEN + csum_off, 0);
	return (uint16_t)~l4_sum(ip6, get16(ip6 + 4));
}

static uint8_t *
put_hdrs(uint8_t *f, const uint8_t dmac[6], const uint8_t smac[6],
    const struct in6_addr *src, const struct in6_addr *dst, uint16_t plen,
    uint8_t next, uint8_t hlim)
{
	uint8_t *ip6 = f + ETH_LEN;

	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	put16(f + 12, 0x86dd);
	ip6[0] = 0x60;
	ip6[1] = ip6[2] = ip6[3] = 0;
	put16(ip6 + 4, plen);
	ip6[6] = next;
	ip6[7] = hlim;
	memcpy(ip6 + 8, src, 16);
	memcpy(ip6 + 24, dst, 16);
	return ip6;
}

/* The peer's UDP datagram to dst, port 32768 to 7; returns its checksum. */
static uint16_t
build_udp(uint8_t *f, const uint8_t dst[16])
{
	struct in6_addr d;
	uint8_t *ip6, *udp;
	uint16_t c;

	memcpy(&d, dst, 16);
	ip6 = put_hdrs(f, r0_mac, peer_mac, &peer_ip, &d, 8 + UDP_PAYLOAD, 17, 64);
	udp = ip6 + IP6_LEN;
	put16(udp, 32768);
	put16(udp + 2, 7);
	put16(udp + 4, 8 + UDP_PAYLOAD);
	for (int i = 0; i < UDP_PAYLOAD; i++)
		udp[8 + i] = (uint8_t)(0x20 + i);
	c = l4_csum(ip6, 6);
	c = c ? c : 0xffff; /* RFC 8200 8.1: zero is sent as all ones */
	put16(udp + 6, c);
	return c;
}

/* The gateway's solicited NA for itself (RFC 4861 4.4: R, S, O; Target
 * Link-Layer Address option) to fwd1's address. */
static size_t
build_gw_na(uint8_t *f)
{
	uint8_t *ip6 = put_hdrs(f, r1_mac, gw_mac, &gw_ip, &r1_ip, 32, 58, 255);
	uint8_t *icmp = ip6 + IP6_LEN;

	memset(icmp, 0, 32);
	icmp[0] = 136;
	icmp[4] = 0xe0;
	memcpy(icmp + 8, &gw_ip, 16);
	icmp[24] = 2;
	icmp[25] = 1;
	memcpy(icmp + 26, gw_mac, 6);
	put16(icmp + 2, l4_csum(ip6, 2));
	return ETH_LEN + IP6_LEN + 32;
}

/* nd destinations, each inside a random prefix of p, none in
 * 2001:db8::/32 (the connected prefixes). */
static struct dest *
make_dests(const struct bgp_pfx *p, size_t n, size_t nd)
{
	struct dest *d = malloc(nd * sizeof(*d));
	uint8_t f[FRAME_LEN];
	const u128 doc = (u128)0x20010db8u << 96;

	if (!d)
		die("make_dests", "out of memory");
	for (size_t i = 0; i < nd; i++) {
		u128 x;
		do
			x = bgp_inside(&p[bgp_rnd() % n]);
		while ((x & bgp_mask(32)) == doc);
		bgp_to_addr(x, d[i].a);
		d[i].csum = build_udp(f, d[i].a);
	}
	return d;
}

/* ---- the router ---- */

static void
router_iface(struct router *r, const char *name, const uint8_t mac[6],
    const struct in6_addr *a, struct link *l, struct v6_iface **out)
{
	struct v6_link_ops ops = { .tx = tx_link };
	char err[256];

	if (v6_iface_add(r->stack, name, mac, 1500, &ops, l, out, err,
		sizeof(err)) != 0)
		die("v6_iface_add", err);
	if (v6_iface_up(*out, r->now, err, sizeof(err)) != 0)
		die("v6_iface_up", err);
	if (v6_addr_add(*out, a, 64, r->now, err, sizeof(err)) != 0)
		die("v6_addr_add", err);
}

static void
router_new(struct router *r)
{
	struct v6_stack_params p;
	char err[256];

	memset(r, 0, sizeof(*r));
	memset(&p, 0, sizeof(p));
	p.seed = 1;
	r->now = 1 * V6_NS_PER_S;
	if (v6_stack_new(&p, &r->stack, err, sizeof(err)) != 0)
		die("v6_stack_new", err);
	if (v6_sysctl_set(r->stack, "conf.default.accept_dad", "0", err,
		sizeof(err)) != 0)
		die("conf.default.accept_dad", err);
	router_iface(r, "fwd0", r0_mac, &r0_ip, &r->l0, &r->if0);
	router_iface(r, "fwd1", r1_mac, &r1_ip, &r->l1, &r->if1);
	if (v6_sysctl_set(r->stack, "conf.all.forwarding", "1", err,
		sizeof(err)) != 0)
		die("conf.all.forwarding", err);
	r->deadline = v6_poll(r->stack, r->now);
}

static void
route_spec(struct v6_route_spec *s, const struct router *r,
    const struct bgp_pfx *p)
{
	memset(s, 0, sizeof(*s));
	bgp_to_addr(p->net, s->dst.s6_addr);
	s->dst_len = p->len;
	s->has_gw = 1;
	s->gw = gw_ip;
	s->dev = r->if1;
}

/* Every prefix through v6_route_add (del: v6_route_del); seconds taken. */
static double
routes_apply(struct router *r, const struct bgp_pfx *p, size_t n, int del)
{
	struct v6_route_spec s;
	char err[256];
	double t0 = mono();

	for (size_t i = 0; i < n; i++) {
		route_spec(&s, r, &p[i]);
		if ((del ? v6_route_del(r->stack, &s, err, sizeof(err))
			 : v6_route_add(r->stack, &s, 0, err, sizeof(err))) != 0) {
			fprintf(stderr, "fwd_pps: route %s %zu (/%u): %s\n",
			    del ? "del" : "add", i, p[i].len, err);
			exit(1);
		}
	}
	return mono() - t0;
}

/* One frame in on fwd0; it must be consumed. */
static inline void
feed(struct router *r, struct v6_iface *ifp, const uint8_t *f, size_t len)
{
	int rc;

	r->now += STEP_NS;
	if (r->now >= r->deadline)
		r->deadline = v6_poll(r->stack, r->now);
	r->l0.in_input = r->l1.in_input = 1;
	r->l1.cur = f;
	rc = v6_input(r->stack, ifp, f, len, r->now);
	r->l0.in_input = r->l1.in_input = 0;
	if (rc != 0) {
		fprintf(stderr, "fwd_pps: frame dropped: %s (%s)\n",
		    v6_drop_name(rc), v6_drop_text(rc));
		exit(1);
	}
}

/* The first datagram: an NS for the gateway on fwd1, then its NA, and the
 * datagram leaves; the gateway is REACHABLE from here on. */
static void
resolve_gw(struct router *r, const struct dest *d)
{
	uint8_t f[FRAME_LEN], na[FRAME_LEN];
	const uint8_t *ns = r->l1.last;
	size_t na_len = build_gw_na(na);

	build_udp(f, d->a);
	feed(r, r->if0, f, FRAME_LEN);
	if (r->l1.frames != 1 || r->l1.last_len < ETH_LEN + IP6_LEN + 24 ||
	    ns[ETH_LEN + 6] != 58 || ns[OFF_UDP] != 135 ||
	    memcmp(ns + OFF_UDP + 8, &gw_ip, 16))
		die("resolution", "the first datagram did not make one NS for the gateway");
	feed(r, r->if1, na, na_len);
	if (r->l1.frames != 2 || !is_forwarded(r->l1.last, r->l1.last_len, f, 1))
		die("resolution", "the gateway's NA did not release the datagram");
	if (r->l0.frames != 0)
		die("resolution", "a frame went back out of fwd0");
	r->l1.frames = 0;
	r->l1.strict = 1;
}

/* n datagrams to d[0 .. nd) cycled; seconds taken. */
static inline double
fwd_loop(struct router *r, const struct dest *d, size_t nd, uint64_t n)
{
	uint8_t f[FRAME_LEN];
	size_t k = 0;
	double t0;

	build_udp(f, d[0].a);
	t0 = mono();
	for (uint64_t i = 0; i < n; i++) {
		memcpy(f + OFF_DST, d[k].a, 16);
		put16(f + OFF_UDP + 6, d[k].csum);
		feed(r, r->if0, f, FRAME_LEN);
		if (++k == nd)
			k = 0;
	}
	return mono() - t0;
}

/* noinline: bench/callgrind.sh counts their instructions with
 * callgrind --toggle-collect. */
__attribute__((noinline)) double fwd_run_tiny(struct router *r,
    const struct dest *d, size_t nd, uint64_t n);
__attribute__((noinline)) double fwd_run_full(struct router *r,
    const struct dest *d, size_t nd, uint64_t n);

double
fwd_run_tiny(struct router *r, const struct dest *d, size_t nd, uint64_t n)
{
	return fwd_loop(r, d, nd, n);
}

double
fwd_run_full(struct router *r, const struct dest *d, size_t nd, uint64_t n)
{
	return fwd_loop(r, d, nd, n);
}

/* Every frame of the runs so far forwarded, once, and nothing else. */
static void
check_forwarded(const struct router *r, const char *what, uint64_t n)
{
	if (r->l1.frames != n || r->l1.bad || r->l0.frames) {
		fprintf(stderr,
		    "fwd_pps: %s: %" PRIu64 " frames in, %" PRIu64
		    " out of fwd1 (%" PRIu64 " not the forwarded frame), %" PRIu64
		    " out of fwd0: the router did not forward every frame\n",
		    what, n, r->l1.frames, r->l1.bad, r->l0.frames);
		exit(1);
	}
}

static void
report(const char *what, size_t routes, uint64_t n, double best,
    const struct router *r)
{
	printf("fwd %-4s (%7zu routes): %" PRIu64 " pkts in %.3f s = %6.3f "
	       "Mpps/core (%5.1f ns/pkt), every one forwarded, hop limit 63 "
	       "(%" PRIu64 " compared in full over the passes)\n",
	    what, routes, n, best, (double)n / best / 1e6,
	    best * 1e9 / (double)n, r->l1.checked);
}

static void
usage(void)
{
	fprintf(stderr, "usage: fwd_pps [-n ROUTES] [-t TINY] [-N PACKETS] "
			"[-d DESTS] [-r PASSES] [-s SEED] [-q]\n");
	exit(2);
}

struct opts {
	size_t n, tiny, nd;
	uint64_t pkts;
	unsigned passes;
	int quick;
};

static void
parse_opts(int argc, char **argv, struct opts *o)
{
	int c;

	*o = (struct opts){ .n = 1000000, .tiny = 10, .nd = 1u << 20,
		.pkts = 2000000, .passes = 3 };
	while ((c = getopt(argc, argv, "n:t:N:d:r:s:q")) != -1) {
		switch (c) {
		case 'n': o->n = strtoul(optarg, NULL, 0); break;
		case 't': o->tiny = strtoul(optarg, NULL, 0); break;
		case 'N': o->pkts = strtoull(optarg, NULL, 0); break;
		case 'd': o->nd = strtoul(optarg, NULL, 0); break;
		case 'r': o->passes = (unsigned)strtoul(optarg, NULL, 0); break;
		case 's': bgp_seed(strtoull(optarg, NULL, 0)); break;
		case 'q': o->quick = 1; break;
		default: usage();
		}
	}
	if (o->quick)
		o->passes = 1;
	if (optind != argc || o->n < 1 || o->tiny < 1 || o->nd < 1 ||
	    o->pkts < 1 || o->passes < 1)
		usage();
	/* The fake clock stays below the gateway's REACHABLE time. */
	if ((o->pkts + 2) * o->passes > FAKE_MAX / STEP_NS) {
		fprintf(stderr, "fwd_pps: PACKETS x PASSES at most %llu\n",
		    FAKE_MAX / STEP_NS);
		exit(2);
	}
}

int
main(int argc, char **argv)
{
	struct opts o;
	struct router tiny, full;
	struct bgp_pfx *pt, *pf;
	struct dest *dt, *df;
	double bt = 1e30, bf = 1e30, t;

	setvbuf(stdout, NULL, _IOLBF, 0);
	parse_opts(argc, argv, &o);
	inet_pton(AF_INET6, "2001:db8:a::1", &r0_ip);
	inet_pton(AF_INET6, "2001:db8:a::2", &peer_ip);
	inet_pton(AF_INET6, "2001:db8:b::1", &r1_ip);
	inet_pton(AF_INET6, "2001:db8:b::fe", &gw_ip);
	pt = bgp_table(o.tiny);
	pf = bgp_table(o.n);
	dt = make_dests(pt, o.tiny, o.nd);
	df = make_dests(pf, o.n, o.nd);

	router_new(&tiny);
	router_new(&full);
	(void)routes_apply(&tiny, pt, o.tiny, 0);
	t = routes_apply(&full, pf, o.n, 0);
	printf("load   %zu routes (BGP-shaped) via v6_route_add: %.3f s (%.2f M adds/s, %.0f ns/route)\n",
	    o.n, t, (double)o.n / t / 1e6, t * 1e9 / (double)o.n);
	resolve_gw(&tiny, &dt[0]);
	resolve_gw(&full, &df[0]);
	for (unsigned pass = 0; pass < o.passes; pass++) {
		if ((t = fwd_run_tiny(&tiny, dt, o.nd, o.pkts)) < bt)
			bt = t;
		check_forwarded(&tiny, "tiny", (pass + 1) * o.pkts);
		if ((t = fwd_run_full(&full, df, o.nd, o.pkts)) < bf)
			bf = t;
		check_forwarded(&full, "full", (pass + 1) * o.pkts);
	}
	report("tiny", o.tiny, o.pkts, bt, &tiny);
	report("full", o.n, o.pkts, bf, &full);
	printf("fwd    full/tiny: %.3f (pps with %zu routes over pps with %zu; best of %u passes, %zu destinations)\n",
	    bt / bf, o.n, o.tiny, o.passes, o.nd);
	if (!o.quick) {
		t = routes_apply(&full, pf, o.n, 1);
		printf("delete %zu routes via v6_route_del: %.3f s (%.2f M dels/s, %.0f ns/route)\n",
		    o.n, t, (double)o.n / t / 1e6, t * 1e9 / (double)o.n);
	}
	v6_stack_free(tiny.stack);
	v6_stack_free(full.stack);
	free(pt);
	free(pf);
	free(dt);
	free(df);
	return 0;
}
