/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * UDP (RFC 768, RFC 8200 8.1) and the ICMPv6 errors about it (RFC 4443
 * 2.4 (a), 3.1; RFC 4861 7.2.2), against the public API only.
 *
 * Fake network (tests/lib/harness.h): we are 2001:db8::1/64 on eth0 (MAC
 * 02:00:00:00:00:01), the peer 2001:db8::2 (02:00:00:00:00:02). Most tests
 * first give the peer a neighbour entry (an NS with SLLA, RFC 4861 7.2.3)
 * so that what we send to it leaves at once.
 *
 * Every expected value comes from the RFCs or from Linux (udpv6_rcv,
 * __udp6_lib_err, icmpv6_err_convert, ndisc_error_report); frames are
 * built by tests/lib (not src/wire) and pinned by scapy golden bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/build_err.h"
#include "lib/harness.h"

#define PORT_BOUND 7      /* bound by the tests that need a listener */
#define PORT_FREE 33434   /* never bound */
#define PEER_PORT 40000
#define OUR_PORT 5000     /* our sending endpoint */
#define DST_PORT 6000

/* ---- golden bytes ---- */

/*
 * scapy:
 *   Ether(dst="02:00:00:00:00:01", src="02:00:00:00:00:02")/
 *   IPv6(src="2001:db8::2", dst="2001:db8::1", hlim=64)/
 *   UDP(sport=1234, dport=7)/b"hi!"
 * (odd data length: the checksum pads with a zero byte; 0x1621).
 */
static const uint8_t golden_udp[65] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x86, 0xdd, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x0b, 0x11, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0xd2,
	0x00, 0x07, 0x00, 0x0b, 0x16, 0x21, 0x68, 0x69,
	0x21,
};

TEST(lib_udp_builder_matches_scapy_golden)
{
	struct in6_addr pg = h_peer_global(), g = h_our_global();
	struct bframe f;
	uint8_t out[128];
	size_t n;

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, 1234, 7, (const uint8_t *)"hi!", 3);
	n = b_emit(&f, out, sizeof(out));
	CHECK_EQ(n, sizeof(golden_udp));
	CHECK_MEM(out, golden_udp, sizeof(golden_udp));

	/* be_udp_len with Length = what follows gives the same bytes. */
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	be_udp_len(&f, 1234, 7, 11, (const uint8_t *)"hi!", 3);
	n = b_emit(&f, out, sizeof(out));
	CHECK_EQ(n, sizeof(golden_udp));
	CHECK_MEM(out, golden_udp, sizeof(golden_udp));
}

/*
 * The 2-byte payload whose UDP checksum computes to 0 for 2001:db8::1
 * port 5000 -> 2001:db8::2 port 6000: searched with the test's own
 * checksum, and pinned by scapy, which sends it as 0xffff:
 *   IPv6(src="2001:db8::1", dst="2001:db8::2")/UDP(sport=5000,
 *   dport=6000)/b"\x79\x6d"  ->  UDP bytes 13 88 17 70 00 0a ff ff 79 6d
 */
static const uint8_t golden_zero_sum_udp[10] = {
	0x13, 0x88, 0x17, 0x70, 0x00, 0x0a, 0xff, 0xff, 0x79, 0x6d,
};

/* A 2-byte payload for which the UDP checksum of src:sport -> dst:dport
 * computes to 0 (RFC 768: then sent as all ones); -1 if none. */
static long
zero_sum_payload(const struct in6_addr *src, const struct in6_addr *dst,
    uint16_t sport, uint16_t dport)
{
	uint8_t u[10] = { (uint8_t)(sport >> 8), (uint8_t)sport,
		(uint8_t)(dport >> 8), (uint8_t)dport, 0, 10, 0, 0, 0, 0 };

	for (long v = 0; v <= 0xffff; v++) {
		u[8] = (uint8_t)(v >> 8);
		u[9] = (uint8_t)v;
		if (b_csum6(src, dst, B_PROTO_UDP, u, sizeof(u)) == 0)
			return v;
	}
	return -1;
}

TEST(lib_zero_sum_payload_matches_scapy_golden)
{
	struct in6_addr pg = h_peer_global(), g = h_our_global();
	struct bframe f;
	uint8_t out[128], d[2];
	long v = zero_sum_payload(&g, &pg, OUR_PORT, DST_PORT);
	size_t n;

	CHECK_EQ(v, 0x796d);
	if (v < 0)
		return;
	d[0] = (uint8_t)(v >> 8);
	d[1] = (uint8_t)v;
	b_init(&f, H_OUR_MAC, H_PEER_MAC, &g, &pg);
	b_udp(&f, OUR_PORT, DST_PORT, d, 2);
	n = b_emit(&f, out, sizeof(out));
	CHECK_EQ(n, 14 + 40 + 10);
	CHECK_MEM(out + 54, golden_zero_sum_udp, sizeof(golden_zero_sum_udp));
}

/* ---- endpoints that record what they get ---- */

struct rx_log {
	int n;
	struct v6_udp_meta m;
	uint8_t data[2048];
	size_t len;
	v6_time_t now;
};

static void
rx_cb(void *ctx, const struct v6_udp_meta *m, const uint8_t *data,
    size_t len, v6_time_t now)
{
	struct rx_log *l = ctx;

	l->n++;
	l->m = *m;
	l->len = len;
	l->now = now;
	memcpy(l->data, data, len < sizeof(l->data) ? len : sizeof(l->data));
}

struct err_log {
	int n;
	struct v6_udp_meta m;
	int err;
	uint8_t type, code;
	uint32_t info;
};

static void
err_cb(void *ctx, const struct v6_udp_meta *m, int err, uint8_t type,
    uint8_t code, uint32_t info)
{
	struct err_log *l = ctx;

	l->n++;
	l->m = *m;
	l->err = err;
	l->type = type;
	l->code = code;
	l->info = info;
}

/* One endpoint's logs: the rx and err callbacks share the context. */
struct ep {
	struct rx_log rx;
	struct err_log err;
};

static void
ep_rx(void *ctx, const struct v6_udp_meta *m, const uint8_t *data,
    size_t len, v6_time_t now)
{
	rx_cb(&((struct ep *)ctx)->rx, m, data, len, now);
}

static void
ep_err(void *ctx, const struct v6_udp_meta *m, int err, uint8_t type,
    uint8_t code, uint32_t info)
{
	err_cb(&((struct ep *)ctx)->err, m, err, type, code, info);
}

static int
bind_ep(struct harness *h, uint16_t port, struct ep *e)
{
	memset(e, 0, sizeof(*e));
	if (v6_udp_bind(h->stack, port, ep_rx, ep_err, e, h->err,
		sizeof(h->err)) == 0)
		return 0;
	t_fail(__FILE__, __LINE__, "v6_udp_bind(%u): %s", port, h->err);
	return -1;
}

/* Data that is not all zeros, so a shifted or truncated copy shows. */
static void
fill_data(uint8_t *d, size_t len)
{
	for (size_t i = 0; i < len; i++)
		d[i] = (uint8_t)(i * 13 + 5 + (i >> 8));
}

/* Lay out f into buf (aborting if it does not fit). */
static size_t
emit(const struct bframe *f, uint8_t *buf, size_t cap)
{
	size_t n = b_emit(f, buf, cap);

	if (n == 0) {
		fprintf(stderr, "emit: frame does not fit\n");
		abort();
	}
	return n;
}

/* eth0 with 2001:db8::1/64 and a STALE entry for the peer 2001:db8::2. */
static struct harness *
setup(const char *file, int line, const struct h_cfg *cfg)
{
	struct harness *h = h_new(file, line, cfg);
	struct in6_addr g = h_our_global(), pg = h_peer_global();

	if (h == NULL)
		return NULL;
	if (h_add_addr(file, line, h, &g, 64) != 0 ||
	    h_expect_ns_answered(file, line, h, &pg, &g) != 0) {
		h_free(h);
		return NULL;
	}
	return h;
}
#define SETUP(h, cfg)                                                      \
	struct harness *h = setup(__FILE__, __LINE__, cfg);                \
	if (h == NULL)                                                     \
		return

/* ---- input ---- */

/* RFC 768: a datagram for a bound port reaches its user with the source
 * and destination addresses and ports, and exactly its data. */
TEST(rfc768_datagram_to_bound_port_delivered)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	uint8_t data[37];
	struct bframe f;
	struct ep e;

	if (bind_ep(h, PORT_BOUND, &e) != 0)
		goto out;
	fill_data(data, sizeof(data));
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, PEER_PORT, PORT_BOUND, data, sizeof(data));
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(e.rx.n, 1);
	if (e.rx.n == 1) {
		CHECK(e.rx.m.iface == h->ifp);
		CHECK_ADDR(&e.rx.m.src, &pg);
		CHECK_ADDR(&e.rx.m.dst, &g);
		CHECK_EQ(e.rx.m.sport, PEER_PORT);
		CHECK_EQ(e.rx.m.dport, PORT_BOUND);
		CHECK_EQ(e.rx.len, sizeof(data));
		CHECK_MEM(e.rx.data, data, sizeof(data));
		CHECK_EQ(e.rx.now, h->now);
	}
	CHECK_EQ(e.err.n, 0);
	expect_tx_count(h, 0);
	expect_stat(h, "Udp6InDatagrams", 1);
	expect_stat(h, "Udp6NoPorts", 0);
	expect_stat(h, "Udp6InErrors", 0);
out:
	h_free(h);
}

/*
 * RFC 8200 8.1: "IPv6 receivers must discard UDP packets containing a
 * zero checksum". Linux udp6_csum_init: counted as a checksum error
 * (Udp6InCsumErrors and Udp6InErrors); neither delivered nor answered
 * with an ICMPv6 error, bound port or not.
 */
TEST(rfc8200_8_1_zero_checksum_dropped)
{
	static const uint8_t data[4] = { 'z', 'e', 'r', 'o' };
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	uint16_t ports[2] = { PORT_BOUND, PORT_FREE };
	uint64_t out0 = H_STAT(h, "Icmp6OutMsgs"); /* the setup's NA */
	struct bframe f;
	struct ep e;

	if (bind_ep(h, PORT_BOUND, &e) != 0)
		goto out;
	for (int i = 0; i < 2; i++) {
		b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
		b_udp(&f, PEER_PORT, ports[i], data, sizeof(data));
		f.csum_off = B_NO_CSUM; /* the field stays 0 */
		h_clear_tx(h);
		expect_drop(h, h_send(h, &f), "UDP_ZERO_CSUM");
		expect_tx_count(h, 0);
	}
	CHECK_EQ(e.rx.n, 0);
	expect_stat(h, "Udp6InCsumErrors", 2);
	expect_stat(h, "Udp6InErrors", 2);
	expect_stat(h, "Udp6InDatagrams", 0);
	expect_stat(h, "Udp6NoPorts", 0);
	CHECK_EQ(H_STAT(h, "Icmp6OutMsgs") - out0, 0);
out:
	h_free(h);
}

/* RFC 768 / RFC 8200 8.1: a checksum that does not verify: dropped,
 * Udp6InCsumErrors and Udp6InErrors (Linux csum_error path). */
TEST(rfc768_bad_checksum_dropped)
{
	static const uint8_t data[6] = { 1, 2, 3, 4, 5, 6 };
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct bframe f;
	uint8_t buf[256];
	size_t n;
	struct ep e;

	if (bind_ep(h, PORT_BOUND, &e) != 0)
		goto out;
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, PEER_PORT, PORT_BOUND, data, sizeof(data));
	f.csum_xor = 0x0101;
	n = emit(&f, buf, sizeof(buf));
	/* Guard: the field is neither 0 nor an equivalent of the right sum. */
	CHECK(b_csum6(&pg, &g, B_PROTO_UDP, buf + 54, n - 54) != 0);
	h_clear_tx(h);
	expect_drop(h, h_input(h, buf, n), "UDP_BAD_CSUM");
	expect_tx_count(h, 0);
	CHECK_EQ(e.rx.n, 0);
	expect_stat(h, "Udp6InCsumErrors", 1);
	expect_stat(h, "Udp6InErrors", 1);
	expect_stat(h, "Udp6InDatagrams", 0);
out:
	h_free(h);
}

/*
 * RFC 768: Length is "the length in octets of this user datagram
 * including this header and the data". A Length larger than what the
 * IPv6 payload holds: Linux __udp6_lib_rcv "short_packet": dropped,
 * Udp6InErrors (not a checksum error), no ICMPv6 error.
 */
TEST(rfc768_length_beyond_payload_dropped)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	uint16_t ports[2] = { PORT_BOUND, PORT_FREE };
	uint8_t data[10];
	struct bframe f;
	struct ep e;
	int r;

	if (bind_ep(h, PORT_BOUND, &e) != 0)
		goto out;
	fill_data(data, sizeof(data));
	for (int i = 0; i < 2; i++) {
		b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
		/* Length 28 (20 data bytes), 10 data bytes present. */
		be_udp_len(&f, PEER_PORT, ports[i], 8 + 20, data, sizeof(data));
		h_clear_tx(h);
		r = h_send(h, &f);
		CHECK(r != 0);
		expect_tx_count(h, 0);
	}
	CHECK_EQ(e.rx.n, 0);
	expect_stat(h, "Udp6InErrors", 2);
	expect_stat(h, "Udp6InCsumErrors", 0);
	expect_stat(h, "Udp6InDatagrams", 0);
	expect_stat(h, "Udp6NoPorts", 0);
out:
	h_free(h);
}

/*
 * RFC 768 Length smaller than the IPv6 payload: the datagram is Length
 * bytes, the rest is not UDP's (Linux pskb_trim_rcsum to ulen, checksum
 * over ulen with ulen in the pseudo-header). Delivered: Length - 8 bytes.
 */
TEST(rfc768_length_short_of_payload_trimmed)
{
	static const uint8_t extra[7] = { 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
		0xee };
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	uint8_t data[5] = { 'a', 'b', 'c', 'd', 'e' };
	struct bframe f;
	struct ep e;

	if (bind_ep(h, PORT_BOUND, &e) != 0)
		goto out;
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	be_udp_len(&f, PEER_PORT, PORT_BOUND, 8 + sizeof(data), data,
	    sizeof(data));
	b_put(&f, extra, sizeof(extra)); /* IPv6 payload 20, Length 13 */
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(e.rx.n, 1);
	if (e.rx.n == 1) {
		CHECK_EQ(e.rx.len, sizeof(data));
		CHECK_MEM(e.rx.data, data, sizeof(data));
		CHECK_EQ(e.rx.m.sport, PEER_PORT);
		CHECK_EQ(e.rx.m.dport, PORT_BOUND);
	}
	expect_tx_count(h, 0);
	expect_stat(h, "Udp6InDatagrams", 1);
	expect_stat(h, "Udp6InErrors", 0);
out:
	h_free(h);
}

/* RFC 768: "If the computed checksum is zero, it is transmitted as all
 * ones"; the receiver accepts 0xffff for a sum that computes to 0. */
TEST(rfc768_rx_checksum_ffff_for_computed_zero_accepted)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	long v = zero_sum_payload(&pg, &g, PEER_PORT, PORT_BOUND);
	uint8_t d[2], buf[128];
	struct bframe f;
	struct ep e;
	size_t n;

	if (!CHECK_TRUE(v >= 0) || bind_ep(h, PORT_BOUND, &e) != 0)
		goto out;
	d[0] = (uint8_t)(v >> 8);
	d[1] = (uint8_t)v;
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, PEER_PORT, PORT_BOUND, d, 2);
	n = emit(&f, buf, sizeof(buf));
	CHECK_EQ(buf[54 + 6], 0xff); /* guard: the builder sent all ones */
	CHECK_EQ(buf[54 + 7], 0xff);
	expect_accepted(h, h_input(h, buf, n));
	CHECK_EQ(e.rx.n, 1);
	CHECK_EQ(e.rx.len, 2);
	CHECK_MEM(e.rx.data, d, 2);
out:
	h_free(h);
}

/*
 * RFC 4443 3.1: "Destination Unreachable ... SHOULD be generated ... if
 * the transport protocol (e.g., UDP) has no listener": Type 1 Code 4,
 * Unused 0, "As much of invoking packet as possible without the ICMPv6
 * packet exceeding the minimum IPv6 MTU". 2.2: the source is the invoking
 * packet's (unicast, ours) destination. Destination: the invoking source.
 * Hop limit 64 (Linux hop_limit). Linux: Udp6NoPorts, Icmp6OutDestUnreachs,
 * Icmp6OutType1.
 */
TEST(rfc4443_3_1_unbound_port_port_unreachable)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	uint64_t out0 = H_STAT(h, "Icmp6OutMsgs"); /* the setup's NA */
	uint8_t data[29], buf[256];
	struct bframe f;
	struct c_pkt p;
	size_t n;
	int r;

	fill_data(data, sizeof(data));
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, PEER_PORT, PORT_FREE, data, sizeof(data));
	n = emit(&f, buf, sizeof(buf));
	h_clear_tx(h);
	r = h_input(h, buf, n);
	CHECK(r != 0); /* nobody consumed it */
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_EQ(p.version, 6);
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_ICMPV6);
		CHECK_EQ(p.trailing, 0);
		/* type 1, code 4, checksum valid, unused 0, exact quote */
		CHECK_ICMP6_ERROR(&p, BE_ICMP6_DST_UNREACH, 4, 0, buf + 14,
		    n - 14);
	}
	expect_stat(h, "Udp6NoPorts", 1);
	expect_stat(h, "Udp6InDatagrams", 0);
	expect_stat(h, "Icmp6OutDestUnreachs", 1);
	expect_stat(h, "Icmp6OutType1", 1);
	CHECK_EQ(H_STAT(h, "Icmp6OutMsgs") - out0, 1);
	h_free(h);
}

/*
 * Linux __udp6_lib_rcv verifies the checksum before looking for a socket:
 * a corrupt datagram to an unbound port is a checksum error, not a reason
 * for a Port Unreachable. The control (same datagram, valid checksum) is
 * answered.
 */
TEST(rfc4443_3_1_bad_checksum_to_unbound_port_no_error)
{
	static const uint8_t data[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct bframe f;

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, PEER_PORT, PORT_FREE, data, sizeof(data));
	f.csum_xor = 0x8001;
	h_clear_tx(h);
	expect_drop(h, h_send(h, &f), "UDP_BAD_CSUM");
	expect_tx_count(h, 0);
	expect_stat(h, "Udp6NoPorts", 0);
	expect_stat(h, "Udp6InCsumErrors", 1);
	expect_stat(h, "Icmp6OutDestUnreachs", 0);

	/* Control: the same datagram with its checksum right. */
	f.csum_xor = 0;
	h_clear_tx(h);
	(void)h_send(h, &f);
	expect_tx_count(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_DST_UNREACH, 4), 1);
	expect_stat(h, "Udp6NoPorts", 1);
	h_free(h);
}

/* ---- output ---- */

/*
 * RFC 768 header: ports, Length = 8 + data, checksum over the RFC 8200
 * 8.1 pseudo-header; IPv6 Next Header 17, hop limit 64. The checksum is
 * recomputed here from the sent bytes. Udp6OutDatagrams counts it.
 */
TEST(rfc768_send_header_and_checksum)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	uint8_t data[101], u[256];
	struct c_pkt p;
	struct ep e;

	if (bind_ep(h, OUR_PORT, &e) != 0)
		goto out;
	fill_data(data, sizeof(data));
	h_clear_tx(h);
	CHECK_EQ(v6_udp_send(h->ifp, &g, &pg, OUR_PORT, DST_PORT, data,
	    sizeof(data), h->now), 0);
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_UDP);
		CHECK_UDP(&p, OUR_PORT, DST_PORT, data, sizeof(data));
		if (p.pl_len == 8 + sizeof(data)) {
			uint16_t want, got;

			memcpy(u, p.pl, p.pl_len);
			u[6] = u[7] = 0;
			want = b_csum6(&g, &pg, B_PROTO_UDP, u, p.pl_len);
			if (want == 0)
				want = 0xffff;
			got = (uint16_t)(p.pl[6] << 8 | p.pl[7]);
			CHECK_EQ(got, want);
		}
	}
	expect_stat(h, "Udp6OutDatagrams", 1);
out:
	h_free(h);
}

/* RFC 768 / RFC 8200 8.1: a computed checksum of 0 is sent as 0xffff
 * (0 would mean "no checksum", which IPv6 receivers discard). */
TEST(rfc768_send_computed_zero_checksum_as_ffff)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	long v = zero_sum_payload(&g, &pg, OUR_PORT, DST_PORT);
	uint8_t d[2];
	struct c_pkt p;
	struct ep e;

	if (!CHECK_TRUE(v >= 0) || bind_ep(h, OUR_PORT, &e) != 0)
		goto out;
	d[0] = (uint8_t)(v >> 8);
	d[1] = (uint8_t)v;
	h_clear_tx(h);
	CHECK_EQ(v6_udp_send(h->ifp, &g, &pg, OUR_PORT, DST_PORT, d, 2,
	    h->now), 0);
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_UDP);
		CHECK_UDP(&p, OUR_PORT, DST_PORT, d, 2);
		if (p.pl_len == sizeof(golden_zero_sum_udp))
			CHECK_MEM(p.pl, golden_zero_sum_udp,
			    sizeof(golden_zero_sum_udp));
	}
	expect_stat(h, "Udp6OutDatagrams", 1);
out:
	h_free(h);
}

/* ---- errors about what we sent (RFC 4443 2.4 (a), Linux icmpv6_notify,
 * __udp6_lib_err, icmpv6_err_convert) ---- */

/* Send data from OUR_PORT to the peer's DST_PORT; copy the IPv6 packet
 * that went out into ip. Returns its length, 0 on failure. */
static size_t
send_ours(struct harness *h, const uint8_t *data, size_t len, uint8_t *ip,
    size_t cap)
{
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	size_t n;

	h_clear_tx(h);
	CHECK_EQ(v6_udp_send(h->ifp, &g, &pg, OUR_PORT, DST_PORT, data, len,
	    h->now), 0);
	if (expect_tx_count(h, 1) != 0 || h->tx_len[0] < 14 + 40)
		return 0;
	n = h->tx_len[0] - 14;
	if (n > cap)
		return 0;
	memcpy(ip, h->tx[0] + 14, n);
	h_clear_tx(h);
	return n;
}

/* Feed an ICMPv6 error from src to 2001:db8::1 quoting len bytes. */
static int
feed_error(struct harness *h, const struct in6_addr *src, uint8_t type,
    uint8_t code, uint32_t field, const uint8_t *quote, size_t len)
{
	struct in6_addr g = h_our_global();
	struct bframe f;

	b_init(&f, H_PEER_MAC, H_OUR_MAC, src, &g);
	be_icmp6_error(&f, type, code, field, quote, len);
	h_clear_tx(h);
	return h_send(h, &f);
}

static void
check_err_meta(const char *file, int line, struct harness *h,
    const struct err_log *l)
{
	struct in6_addr g = h_our_global(), pg = h_peer_global();

	c_check_addr(file, line, "m.src", &l->m.src, &g);
	c_check_addr(file, line, "m.dst", &l->m.dst, &pg);
	if (l->m.sport != OUR_PORT || l->m.dport != DST_PORT)
		t_fail(file, line, "ports %u -> %u, want %u -> %u", l->m.sport,
		    l->m.dport, OUR_PORT, DST_PORT);
	if (l->m.iface != h->ifp)
		t_fail(file, line, "iface is not eth0");
}

/* RFC 4443 3.1 code 4 (port unreachable) about our datagram: Linux
 * icmpv6_err_convert -> ECONNREFUSED; no ICMPv6 reply to an error. */
TEST(rfc4443_2_4_a_port_unreachable_reaches_sender_econnrefused)
{
	static const uint8_t data[12] = "are you up?";
	SETUP(h, NULL);
	struct in6_addr pg = h_peer_global();
	uint8_t ip[256];
	size_t n;
	struct ep e;

	if (bind_ep(h, OUR_PORT, &e) != 0 ||
	    (n = send_ours(h, data, sizeof(data), ip, sizeof(ip))) == 0)
		goto out;
	expect_accepted(h, feed_error(h, &pg, BE_ICMP6_DST_UNREACH, 4, 0, ip,
	    n));
	CHECK_EQ(e.err.n, 1);
	if (e.err.n == 1) {
		CHECK_EQ(e.err.err, ECONNREFUSED);
		CHECK_EQ(e.err.type, BE_ICMP6_DST_UNREACH);
		CHECK_EQ(e.err.code, 4);
		CHECK_EQ(e.err.info, 0);
		check_err_meta(__FILE__, __LINE__, h, &e.err);
	}
	CHECK_EQ(e.rx.n, 0);
	expect_tx_count(h, 0);
	expect_stat(h, "Icmp6InDestUnreachs", 1);
out:
	h_free(h);
}

/* Code 3 (address unreachable), from a router: EHOSTUNREACH. */
TEST(rfc4443_2_4_a_address_unreachable_reaches_sender_ehostunreach)
{
	static const uint8_t data[3] = { 1, 2, 3 };
	SETUP(h, NULL);
	struct in6_addr rtr = b_addr("2001:db8::fe");
	uint8_t ip[256];
	size_t n;
	struct ep e;

	if (bind_ep(h, OUR_PORT, &e) != 0 ||
	    (n = send_ours(h, data, sizeof(data), ip, sizeof(ip))) == 0)
		goto out;
	expect_accepted(h, feed_error(h, &rtr, BE_ICMP6_DST_UNREACH, 3, 0, ip,
	    n));
	CHECK_EQ(e.err.n, 1);
	if (e.err.n == 1) {
		CHECK_EQ(e.err.err, EHOSTUNREACH);
		CHECK_EQ(e.err.type, BE_ICMP6_DST_UNREACH);
		CHECK_EQ(e.err.code, 3);
		check_err_meta(__FILE__, __LINE__, h, &e.err);
	}
	expect_tx_count(h, 0);
out:
	h_free(h);
}

/*
 * RFC 4443 3.2 Packet Too Big about a 1440-byte packet we sent, from a
 * router with a 1280 link: the quote is the first 1232 bytes (2.4 (c)),
 * the MTU field 1280. Linux: EMSGSIZE, info = the MTU.
 */
TEST(rfc4443_2_4_a_packet_too_big_reaches_sender_emsgsize)
{
	SETUP(h, NULL);
	struct in6_addr rtr = b_addr("2001:db8::fe");
	static uint8_t data[1392], ip[2048];
	size_t n;
	struct ep e;

	fill_data(data, sizeof(data));
	if (bind_ep(h, OUR_PORT, &e) != 0 ||
	    (n = send_ours(h, data, sizeof(data), ip, sizeof(ip))) == 0)
		goto out;
	CHECK_EQ(n, 1440);
	expect_accepted(h, feed_error(h, &rtr, BE_ICMP6_PKT_TOO_BIG, 0, 1280,
	    ip, 1232));
	CHECK_EQ(e.err.n, 1);
	if (e.err.n == 1) {
		CHECK_EQ(e.err.err, EMSGSIZE);
		CHECK_EQ(e.err.type, BE_ICMP6_PKT_TOO_BIG);
		CHECK_EQ(e.err.code, 0);
		CHECK_EQ(e.err.info, 1280);
		check_err_meta(__FILE__, __LINE__, h, &e.err);
	}
	expect_tx_count(h, 0);
	expect_stat(h, "Icmp6InPktTooBigs", 1);
out:
	h_free(h);
}

/*
 * RFC 4443 2.4 (b): an error of unknown type (99 < 128: an error) "MUST
 * be passed to the upper-layer process that originated the packet";
 * Linux icmpv6_err_convert leaves EPROTO for it.
 */
TEST(rfc4443_2_4_b_unknown_error_type_reaches_sender_eproto)
{
	static const uint8_t data[4] = { 4, 3, 2, 1 };
	SETUP(h, NULL);
	struct in6_addr pg = h_peer_global();
	uint8_t ip[256];
	size_t n;
	struct ep e;

	if (bind_ep(h, OUR_PORT, &e) != 0 ||
	    (n = send_ours(h, data, sizeof(data), ip, sizeof(ip))) == 0)
		goto out;
	(void)feed_error(h, &pg, 99, 7, 0, ip, n);
	CHECK_EQ(e.err.n, 1);
	if (e.err.n == 1) {
		CHECK_EQ(e.err.err, EPROTO);
		CHECK_EQ(e.err.type, 99);
		CHECK_EQ(e.err.code, 7);
		check_err_meta(__FILE__, __LINE__, h, &e.err);
	}
	expect_tx_count(h, 0);
out:
	h_free(h);
}

/*
 * An error quoting a datagram whose source is not ours names no endpoint
 * of ours (Linux __udp6_lib_err finds no socket): not delivered, even
 * though its source port is bound. Control: the same quote with our
 * source is delivered.
 */
TEST(rfc4443_2_4_a_error_quoting_foreign_source_not_delivered)
{
	static const uint8_t data[5] = { 'o', 't', 'h', 'e', 'r' };
	SETUP(h, NULL);
	struct in6_addr pg = h_peer_global(), other = b_addr("2001:db8::77");
	uint8_t ip[256], foreign[256];
	size_t n;
	struct ep e;

	if (bind_ep(h, OUR_PORT, &e) != 0 ||
	    (n = send_ours(h, data, sizeof(data), ip, sizeof(ip))) == 0)
		goto out;
	memcpy(foreign, ip, n);
	memcpy(foreign + 8, other.s6_addr, 16); /* the quoted source */
	(void)feed_error(h, &pg, BE_ICMP6_DST_UNREACH, 4, 0, foreign, n);
	CHECK_EQ(e.err.n, 0);
	expect_tx_count(h, 0);

	(void)feed_error(h, &pg, BE_ICMP6_DST_UNREACH, 4, 0, ip, n);
	CHECK_EQ(e.err.n, 1);
	CHECK_EQ(e.err.err, ECONNREFUSED);
out:
	h_free(h);
}

/* ---- the raw ICMPv6 listener ---- */

#define LOG_MAX 8
struct listen_log {
	int n;
	struct {
		const struct v6_iface *iface;
		struct in6_addr src;
		uint8_t msg[1400];
		size_t len;
	} e[LOG_MAX];
};

static void
listen_cb(void *ctx, const struct v6_iface *iface, const struct in6_addr *src,
    const uint8_t *msg, size_t len)
{
	struct listen_log *l = ctx;

	if (l->n < LOG_MAX) {
		l->e[l->n].iface = iface;
		l->e[l->n].src = *src;
		l->e[l->n].len = len;
		memcpy(l->e[l->n].msg, msg,
		    len < sizeof(l->e[0].msg) ? len : sizeof(l->e[0].msg));
	}
	l->n++;
}

/*
 * v6_icmp6_listen sees every ICMPv6 error message received after
 * validation, whoever it is about (like a raw ICMPv6 socket): Destination
 * Unreachable, Packet Too Big, Time Exceeded, an unknown error type, and
 * an error about a packet that is not ours. It does not see an Echo
 * Request (informational) nor an error with a bad checksum (RFC 4443 2.3).
 */
TEST(rfc4443_2_4_a_raw_listener_sees_every_error)
{
	static struct listen_log l;
	static const uint8_t data[9] = "listener";
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr rtr = b_addr("2001:db8::fe");
	struct in6_addr other = b_addr("2001:db8::77");
	struct {
		const struct in6_addr *src;
		uint8_t type, code;
		uint32_t field;
		int foreign;
	} errs[] = {
		{ &pg, BE_ICMP6_DST_UNREACH, 4, 0, 0 },
		{ &rtr, BE_ICMP6_PKT_TOO_BIG, 0, 1280, 0 },
		{ &rtr, BE_ICMP6_TIME_EXCEEDED, 0, 0, 0 },
		{ &pg, 99, 0, 0xdeadbeef, 0 },
		{ &pg, BE_ICMP6_DST_UNREACH, 4, 0, 1 },
	};
	uint8_t ip[256], q[256], frame[512];
	struct bframe f;
	size_t n, fn;
	struct ep e;

	memset(&l, 0, sizeof(l));
	v6_icmp6_listen(h->stack, listen_cb, &l);
	if (bind_ep(h, OUR_PORT, &e) != 0 ||
	    (n = send_ours(h, data, sizeof(data), ip, sizeof(ip))) == 0)
		goto out;
	for (int i = 0; i < (int)(sizeof(errs) / sizeof(errs[0])); i++) {
		memcpy(q, ip, n);
		if (errs[i].foreign)
			memcpy(q + 8, other.s6_addr, 16);
		b_init(&f, H_PEER_MAC, H_OUR_MAC, errs[i].src, &g);
		be_icmp6_error(&f, errs[i].type, errs[i].code, errs[i].field, q,
		    n);
		fn = emit(&f, frame, sizeof(frame));
		h_clear_tx(h);
		(void)h_input(h, frame, fn);
		expect_tx_count(h, 0);
		if (!CHECK_TRUE(l.n == i + 1))
			continue;
		CHECK(l.e[i].iface == h->ifp);
		CHECK_ADDR(&l.e[i].src, errs[i].src);
		CHECK_EQ(l.e[i].len, fn - 54);
		if (l.e[i].len == fn - 54)
			CHECK_MEM(l.e[i].msg, frame + 54, fn - 54);
	}
	/* Four of the five are about our datagram. */
	CHECK_EQ(e.err.n, 4);

	/* Not errors, or not valid: not seen. */
	l.n = 0;
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 1, 1, data, sizeof(data));
	(void)h_send(h, &f);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	be_icmp6_error(&f, BE_ICMP6_DST_UNREACH, 4, 0, ip, n);
	f.csum_xor = 0x0404;
	(void)h_send(h, &f);
	CHECK_EQ(l.n, 0);
	CHECK_EQ(e.err.n, 4);
out:
	v6_icmp6_listen(h->stack, NULL, NULL);
	h_free(h);
}

/* ---- address resolution failure (RFC 4861 7.2.2, 7.3.3) ---- */

/*
 * RFC 4861 7.2.2: "If no Neighbor Advertisement is received after
 * MAX_MULTICAST_SOLICIT solicitations, address resolution has failed. The
 * sender MUST return ICMP destination unreachable indications with code 3
 * (Address Unreachable) for each packet queued awaiting address
 * resolution." Linux: mcast_solicit 3 NSes, retrans_time 1 s apart (the
 * first at once), failure 1 s after the last (t0 + 3 s), and
 * ndisc_error_report's error about our own datagram is looped back to us:
 * the endpoint gets EHOSTUNREACH; nothing but the 3 NSes is on the wire.
 * The NS: from the datagram's source (7.2.2), to the target's
 * solicited-node group, hop limit 255, with our SLLA.
 */
TEST(rfc4861_7_2_2_resolution_failure_address_unreachable)
{
	static const uint8_t data[6] = "hello";
	H_NEW(h, NULL); /* no other neighbour whose NUD could send probes */
	struct in6_addr g = h_our_global(), x = b_addr("2001:db8::99");
	struct in6_addr xsn = b_snmc(&x);
	uint8_t xsn_mac[6];
	struct c_pkt p;
	struct ep e;
	size_t i;

	b_mcast_mac(xsn_mac, &xsn);
	if (H_ADD_ADDR(h, &g, 64) != 0 || bind_ep(h, OUR_PORT, &e) != 0)
		goto out;
	h_clear_tx(h);
	CHECK_EQ(v6_udp_send(h->ifp, &g, &x, OUR_PORT, DST_PORT, data,
	    sizeof(data), h->now), 0);
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, xsn_mac, H_OUR_MAC);
		CHECK_IP6(&p, &g, &xsn, 255, B_PROTO_ICMPV6);
		CHECK_NS(&p, &x);
		CHECK_NS_SLLA(&p, H_OUR_MAC);
	}
	h_advance(h, 1 * V6_NS_PER_S);
	expect_tx_count(h, 2);
	h_advance(h, 1 * V6_NS_PER_S);
	expect_tx_count(h, 3);
	h_advance(h, V6_NS_PER_S / 2); /* t0 + 2.5 s: still resolving */
	CHECK_EQ(e.err.n, 0);
	h_advance(h, V6_NS_PER_S / 2); /* t0 + 3 s: failed */
	CHECK_EQ(e.err.n, 1);
	if (e.err.n == 1) {
		CHECK_EQ(e.err.err, EHOSTUNREACH);
		CHECK_EQ(e.err.type, BE_ICMP6_DST_UNREACH);
		CHECK_EQ(e.err.code, 3);
		CHECK_EQ(e.err.info, 0);
		CHECK_ADDR(&e.err.m.src, &g);
		CHECK_ADDR(&e.err.m.dst, &x);
		CHECK_EQ(e.err.m.sport, OUR_PORT);
		CHECK_EQ(e.err.m.dport, DST_PORT);
	}
	h_advance(h, 10 * V6_NS_PER_S);
	CHECK_EQ(e.err.n, 1);
	CHECK_EQ(e.rx.n, 0);
	/* Exactly the 3 NSes went out, nothing else. */
	expect_tx_count(h, 3);
	for (i = 0; i < h->n_tx && i < H_TX_MAX; i++)
		if (CHECK_PARSE(&p, h->tx[i], h->tx_len[i]) == 0) {
			CHECK_ICMP6(&p, B_ND_NEIGHBOR_SOLICIT, 0);
			CHECK_NS(&p, &x);
		}
out:
	h_free(h);
}

/* ---- connected endpoints (v6_udp_connect), addresses removed ---- */

/* Linux's connected UDP socket (compute_score): only the peer's datagrams
 * reach it; another source port finds no socket, so it gets the Port
 * Unreachable of RFC 4443 3.1 and counts Udp6NoPorts. */
TEST(udp_connected_port_takes_only_its_peer)
{
	static const uint8_t data[5] = "peer";
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct bframe f;
	struct ep e;

	if (bind_ep(h, OUR_PORT, &e) != 0)
		goto out;
	CHECK_EQ(v6_udp_connect(h->stack, OUR_PORT, h->ifp, NULL, &pg,
	    DST_PORT, h->err, sizeof(h->err)), 0);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, DST_PORT, OUR_PORT, data, sizeof(data));
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(e.rx.n, 1);
	expect_tx_count(h, 0);

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, DST_PORT + 1, OUR_PORT, data, sizeof(data));
	h_clear_tx(h);
	expect_drop(h, h_send(h, &f), "UDP_NO_PORT");
	CHECK_EQ(e.rx.n, 1);
	expect_tx_count(h, 1); /* the Port Unreachable */
	expect_stat(h, "Udp6NoPorts", 1);

	/* Disconnected (connect(AF_UNSPEC)): any peer again. */
	CHECK_EQ(v6_udp_connect(h->stack, OUR_PORT, NULL, NULL, NULL, 0,
	    h->err, sizeof(h->err)), 0);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, DST_PORT + 1, OUR_PORT, data, sizeof(data));
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(e.rx.n, 2);
out:
	h_free(h);
}

/* Connected with a source (Linux: connect after bind to an address):
 * the peer's datagram to another of our addresses finds no endpoint. */
TEST(udp_connected_with_source_takes_only_datagrams_to_it)
{
	static const uint8_t data[2] = { 4, 2 };
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), ll = h_our_ll();
	struct in6_addr pg = h_peer_global();
	struct bframe f;
	struct ep e;

	if (bind_ep(h, OUR_PORT, &e) != 0)
		goto out;
	CHECK_EQ(v6_udp_connect(h->stack, OUR_PORT, h->ifp, &g, &pg, DST_PORT,
	    h->err, sizeof(h->err)), 0);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &ll);
	b_udp(&f, DST_PORT, OUR_PORT, data, sizeof(data));
	expect_drop(h, h_send(h, &f), "UDP_NO_PORT");
	CHECK_EQ(e.rx.n, 0);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, DST_PORT, OUR_PORT, data, sizeof(data));
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(e.rx.n, 1);
out:
	h_free(h);
}

/* v6_udp_send_connected: from the port to the peer (RFC 768 header); on a
 * port not connected, the named drop and nothing sent. */
TEST(udp_send_connected_goes_to_the_peer)
{
	static const uint8_t data[3] = { 7, 8, 9 };
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct c_pkt p;
	struct ep e;

	if (bind_ep(h, OUR_PORT, &e) != 0)
		goto out;
	h_clear_tx(h);
	CHECK_EQ(v6_udp_send_connected(h->stack, OUR_PORT, data, sizeof(data),
	    h->now), V6_DROP_UDP_NOT_CONNECTED);
	expect_tx_count(h, 0);
	CHECK_EQ(v6_udp_connect(h->stack, PORT_FREE, h->ifp, NULL, &pg,
	    DST_PORT, h->err, sizeof(h->err)), -1); /* not bound */
	CHECK_EQ(v6_udp_connect(h->stack, OUR_PORT, h->ifp, &g, &pg, DST_PORT,
	    h->err, sizeof(h->err)), 0);
	CHECK_EQ(v6_udp_send_connected(h->stack, OUR_PORT, data, sizeof(data),
	    h->now), V6_DROP_NONE);
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_UDP);
		CHECK_UDP(&p, OUR_PORT, DST_PORT, data, sizeof(data));
	}
out:
	h_free(h);
}

/* v6_addr_del (Linux inet6_addr_del): the address is no longer ours, a
 * second removal is refused; v6_next_deadline says the leave's report is
 * due, then agrees with v6_poll. */
TEST(addr_del_address_no_longer_ours)
{
	static const uint8_t data[2] = { 1, 2 };
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct bframe f;
	struct ep e;
	v6_time_t d;

	if (bind_ep(h, PORT_BOUND, &e) != 0)
		goto out;
	CHECK_EQ(v6_addr_del(h->ifp, &g, 48, h->err, sizeof(h->err)), -1);
	CHECK_EQ(v6_addr_del(h->ifp, &g, 64, h->err, sizeof(h->err)), 0);
	CHECK_EQ(v6_addr_del(h->ifp, &g, 64, h->err, sizeof(h->err)), -1);
	CHECK(strstr(h->err, "Cannot assign requested address") != NULL);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_udp(&f, PEER_PORT, PORT_BOUND, data, sizeof(data));
	CHECK(h_send(h, &f) != V6_DROP_NONE);
	CHECK_EQ(e.rx.n, 0);
	/* The MLD report of the leave is due at once (RFC 3810 6.1). */
	CHECK(v6_next_deadline(h->stack) <= h->now);
	d = v6_poll(h->stack, h->now);
	CHECK(d > h->now);
	CHECK_EQ(v6_next_deadline(h->stack), d);
out:
	h_free(h);
}

T_MAIN()
