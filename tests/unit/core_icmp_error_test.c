/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sending ICMPv6 error messages (RFC 4443 2.2, 2.4, 3.1, 3.4; RFC 8200 4)
 * and their rate limits (RFC 4443 2.4 (f) with Linux's semantics),
 * against the public API only.
 *
 * Fake network (tests/lib/harness.h): we are 2001:db8::1/64 and
 * fe80::ff:fe00:1 on eth0 (MAC 02:00:00:00:00:01), the peer 2001:db8::2
 * and fe80::ff:fe00:2 (02:00:00:00:00:02). The triggers are UDP datagrams
 * to an unbound port (Port Unreachable) and packets with an unknown Next
 * Header (Parameter Problem). Every suppression test first shows, in the
 * same stack, that the trigger does produce the error when the rule does
 * not apply.
 *
 * Linux rate limiting (net/ipv6/icmp.c icmpv6_global_allow,
 * icmpv6_xrlim_allow; net/ipv4/icmp.c icmp_global_allow;
 * net/ipv4/inetpeer.c inet_peer_xrlim_allow):
 *   - types in icmp.ratemask (default 0-1,3-127) are limited, others not;
 *   - a global bucket: icmp.msgs_burst (50) messages, refilled at
 *     icmp.msgs_per_sec (1000/s) once at least 20 ms (HZ/50) have passed;
 *   - per destination: a token bucket of XRLIM_BURST_FACTOR (6) intervals,
 *     one interval spent per message; a new destination starts full. The
 *     interval is icmp.ratelimit (1000 ms) >> ((128 - plen) >> 5), plen
 *     being the route's prefix length: 250 ms for an on-link /64.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/build_err.h"
#include "lib/harness.h"

#define PORT_FREE 33434 /* never bound */
#define PEER_PORT 40000
#define OUR_PORT 5000
#define NH_UNKNOWN 253  /* RFC 3692 experimental: nobody handles it */

/* ---- golden bytes ---- */

/*
 * scapy: the Port Unreachable for the datagram
 *   IPv6(src="2001:db8::2", dst="2001:db8::1", hlim=64)/
 *   UDP(sport=1234, dport=7)/b"hi!"
 * i.e. Ether(dst="02:00:00:00:00:02", src="02:00:00:00:00:01")/
 *   IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=64)/
 *   ICMPv6DestUnreach(code=4)/<those 51 bytes>      (checksum 0x31e2)
 */
static const uint8_t golden_port_unreach[113] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x3b, 0x3a, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x04,
	0x31, 0xe2, 0x00, 0x00, 0x00, 0x00, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x0b, 0x11, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0xd2,
	0x00, 0x07, 0x00, 0x0b, 0x16, 0x21, 0x68, 0x69,
	0x21,
};

/* The builder and the checker of tests/lib/build_err against scapy. */
TEST(lib_icmp6_error_builder_and_checker_match_scapy_golden)
{
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	const uint8_t *quote = golden_port_unreach + 62;
	struct bframe f;
	struct c_pkt p;
	uint8_t out[256];
	size_t n;

	b_init(&f, H_OUR_MAC, H_PEER_MAC, &g, &pg);
	be_icmp6_error(&f, BE_ICMP6_DST_UNREACH, 4, 0, quote, 51);
	n = b_emit(&f, out, sizeof(out));
	CHECK_EQ(n, sizeof(golden_port_unreach));
	CHECK_MEM(out, golden_port_unreach, sizeof(golden_port_unreach));
	if (CHECK_PARSE(&p, golden_port_unreach,
		sizeof(golden_port_unreach)) == 0) {
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_ICMPV6);
		CHECK_ICMP6_ERROR(&p, BE_ICMP6_DST_UNREACH, 4, 0, quote, 51);
	}
}

/* ---- helpers ---- */

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

/* eth0 with 2001:db8::1/64, STALE entries for the peer's global and
 * link-local addresses. */
static struct harness *
setup(const char *file, int line, const struct h_cfg *cfg)
{
	struct harness *h = h_new(file, line, cfg);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr ll = h_our_ll(), pll = h_peer_ll();

	if (h == NULL)
		return NULL;
	if (h_add_addr(file, line, h, &g, 64) != 0 ||
	    h_expect_ns_answered(file, line, h, &pg, &g) != 0 ||
	    h_expect_ns_answered(file, line, h, &pll, &ll) != 0) {
		h_free(h);
		return NULL;
	}
	return h;
}
#define SETUP(h, cfg)                                                      \
	struct harness *h = setup(__FILE__, __LINE__, cfg);                \
	if (h == NULL)                                                     \
		return

/* A UDP datagram to PORT_FREE; the IPv6 packet is copied to ip (if not
 * NULL, *iplen its length). Returns v6_input's result. */
static int
udp_in(struct harness *h, const uint8_t eth_dst[6], const struct in6_addr *src,
    const struct in6_addr *dst, size_t data_len, uint8_t *ip, size_t *iplen)
{
	static uint8_t data[B_PL_MAX], buf[B_PL_MAX + 128];
	struct bframe f;
	size_t n;

	for (size_t i = 0; i < data_len; i++)
		data[i] = (uint8_t)(i * 11 + 1 + (i >> 8));
	b_init(&f, H_PEER_MAC, eth_dst, src, dst);
	b_udp(&f, PEER_PORT, PORT_FREE, data, data_len);
	n = emit(&f, buf, sizeof(buf));
	if (ip) {
		memcpy(ip, buf + 14, n - 14);
		*iplen = n - 14;
	}
	return h_input(h, buf, n);
}

/* A packet with Next Header 253 and 16 bytes after the IPv6 header. */
static int
unknown_nh_in(struct harness *h, const uint8_t eth_dst[6],
    const struct in6_addr *src, const struct in6_addr *dst, uint8_t *ip,
    size_t *iplen)
{
	static const uint8_t body[16] = { 0xca, 0xfe, 0xba, 0xbe, 1, 2, 3, 4,
		5, 6, 7, 8, 9, 10, 11, 12 };
	uint8_t buf[256];
	struct bframe f;
	size_t n;

	b_init(&f, H_PEER_MAC, eth_dst, src, dst);
	be_raw(&f, NH_UNKNOWN, body, sizeof(body));
	n = emit(&f, buf, sizeof(buf));
	if (ip) {
		memcpy(ip, buf + 14, n - 14);
		*iplen = n - 14;
	}
	return h_input(h, buf, n);
}

/* ---- Parameter Problem for an unknown Next Header ---- */

/*
 * RFC 8200 4: an unrecognized Next Header value: "discard the packet and
 * send an ICMP Parameter Problem message to the source of the packet,
 * with an ICMP Code value of 1 ('unrecognized Next Header type
 * encountered') and the ICMP Pointer field containing the offset of the
 * unrecognized value within the original packet": 6 for the fixed
 * header's Next Header. RFC 4443 3.4 for the layout, 2.2 for the source.
 * Linux ip6_input_finish: Ip6InUnknownProtos.
 */
TEST(rfc8200_4_unknown_next_header_param_problem_code_1_pointer_6)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	uint8_t ip[256];
	size_t n;
	struct c_pkt p;

	h_clear_tx(h);
	CHECK(unknown_nh_in(h, H_OUR_MAC, &pg, &g, ip, &n) != 0);
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_ICMPV6);
		CHECK_ICMP6_ERROR(&p, BE_ICMP6_PARAM_PROB, 1, 6, ip, n);
	}
	expect_stat(h, "Ip6InUnknownProtos", 1);
	expect_stat(h, "Icmp6OutParmProblems", 1);
	expect_stat(h, "Icmp6OutType4", 1);
	h_free(h);
}

/* The same to our link-local address: from it, to the peer's. */
TEST(rfc8200_4_unknown_next_header_to_link_local_answered_from_it)
{
	SETUP(h, NULL);
	struct in6_addr ll = h_our_ll(), pll = h_peer_ll();
	uint8_t ip[256];
	size_t n;
	struct c_pkt p;

	h_clear_tx(h);
	(void)unknown_nh_in(h, H_OUR_MAC, &pll, &ll, ip, &n);
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ll, &pll, 64, B_PROTO_ICMPV6);
		CHECK_ICMP6_ERROR(&p, BE_ICMP6_PARAM_PROB, 1, 6, ip, n);
	}
	h_free(h);
}

/* ---- RFC 4443 2.4 (e): when no error is sent ---- */

/*
 * RFC 4443 2.4 (e.1): no error "as a result of receiving an ICMPv6 error
 * message". Error messages of every kind sent to us, including one that
 * quotes a datagram to our unbound port and one of an unknown error type,
 * get no reply. Control: the bare datagram is answered.
 */
TEST(rfc4443_2_4_e1_no_error_for_received_error_message)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	uint8_t ip[256], nh[256];
	size_t n, nn;
	struct bframe f;
	struct {
		uint8_t type, code;
		uint32_t field;
		const uint8_t *q;
		const size_t *qlen;
	} errs[] = {
		{ BE_ICMP6_DST_UNREACH, 4, 0, ip, &n },
		{ BE_ICMP6_DST_UNREACH, 0, 0, ip, &n },
		{ BE_ICMP6_PKT_TOO_BIG, 0, 1280, ip, &n },
		{ BE_ICMP6_TIME_EXCEEDED, 1, 0, ip, &n },
		{ BE_ICMP6_PARAM_PROB, 1, 6, nh, &nn },
		{ 99, 0, 0, ip, &n },
		{ 127, 255, 0, nh, &nn },
	};

	uint64_t out0 = H_STAT(h, "Icmp6OutMsgs"); /* the setup's NAs */

	/* Control: a datagram to an unbound port is answered. */
	h_clear_tx(h);
	(void)udp_in(h, H_OUR_MAC, &pg, &g, 20, ip, &n);
	expect_tx_count(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_DST_UNREACH, 4), 1);
	h_clear_tx(h);
	(void)unknown_nh_in(h, H_OUR_MAC, &pg, &g, nh, &nn);
	expect_tx_count(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_PARAM_PROB, 1), 1);

	for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
		be_icmp6_error(&f, errs[i].type, errs[i].code, errs[i].field,
		    errs[i].q, *errs[i].qlen);
		h_clear_tx(h);
		(void)h_send(h, &f);
		if (h->n_tx != 0)
			t_fail(__FILE__, __LINE__, "error type %u code %u was "
			    "answered", errs[i].type, errs[i].code);
	}
	CHECK_EQ(H_STAT(h, "Icmp6OutMsgs") - out0, 2);
	h_free(h);
}

/* Records the ICMPv6 errors the stack delivers (including to itself). */
struct listen_log {
	int n;
	uint8_t type[8], code[8];
	uint8_t inner_next[8];
	struct in6_addr inner_dst[8];
};

static void
listen_cb(void *ctx, const struct v6_iface *iface, const struct in6_addr *src,
    const uint8_t *msg, size_t len)
{
	struct listen_log *l = ctx;

	(void)iface;
	(void)src;
	if (l->n < 8 && len >= 8 + 40) {
		l->type[l->n] = msg[0];
		l->code[l->n] = msg[1];
		l->inner_next[l->n] = msg[8 + 6];
		memcpy(l->inner_dst[l->n].s6_addr, msg + 8 + 24, 16);
	}
	l->n++;
}

static void
err_count_cb(void *ctx, const struct v6_udp_meta *m, int err, uint8_t type,
    uint8_t code, uint32_t info)
{
	(void)m;
	(void)type;
	(void)code;
	(void)info;
	if (err == EHOSTUNREACH)
		(*(int *)ctx)++;
}

static void
rx_ignore_cb(void *ctx, const struct v6_udp_meta *m, const uint8_t *data,
    size_t len, v6_time_t now)
{
	(void)ctx;
	(void)m;
	(void)data;
	(void)len;
	(void)now;
}

/*
 * RFC 4443 2.4 (e.1) for an error we generated ourselves: a Port
 * Unreachable to a peer we cannot resolve waits in the neighbour queue;
 * when resolution fails (RFC 4861 7.2.2) the queued packets get Address
 * Unreachable errors, but not the queued ICMPv6 error (Linux icmp6_send
 * is_ineligible). Control: a datagram we sent to another unresolvable
 * address, queued at the same time, does get its code 3 (looped back to
 * us: the raw listener sees it and the endpoint gets EHOSTUNREACH).
 * Only the NSes are on the wire: 3 per destination.
 */
TEST(rfc4443_2_4_e1_no_error_about_queued_error_on_resolution_failure)
{
	static struct listen_log l;
	static const uint8_t data[4] = { 'q', 'u', 'e', 'd' };
	SETUP(h, NULL);
	struct in6_addr g = h_our_global();
	struct in6_addr x = b_addr("2001:db8::5"), y = b_addr("2001:db8::6");
	int n_err = 0;

	memset(&l, 0, sizeof(l));
	v6_icmp6_listen(h->stack, listen_cb, &l);
	if (v6_udp_bind(h->stack, OUR_PORT, rx_ignore_cb, err_count_cb, &n_err,
		h->err, sizeof(h->err)) != 0) {
		t_fail(__FILE__, __LINE__, "v6_udp_bind: %s", h->err);
		goto out;
	}
	h_clear_tx(h);
	/* x (no neighbour entry) sends to our unbound port: the Port
	 * Unreachable to x waits for x's resolution. */
	(void)udp_in(h, H_OUR_MAC, &x, &g, 8, NULL, NULL);
	/* We send to y (no neighbour entry either). */
	CHECK_EQ(v6_udp_send(h->ifp, &g, &y, OUR_PORT, PEER_PORT, data,
	    sizeof(data), h->now), 0);
	CHECK_EQ(ce_count_icmp6(h, B_ND_NEIGHBOR_SOLICIT, 0), 2);
	h_advance(h, 4 * V6_NS_PER_S);
	expect_tx_count(h, 6);
	CHECK_EQ(ce_count_icmp6(h, B_ND_NEIGHBOR_SOLICIT, 0), 6);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_DST_UNREACH, -1), 0);
	/* One error, about the datagram to y. */
	CHECK_EQ(l.n, 1);
	if (l.n == 1) {
		CHECK_EQ(l.type[0], BE_ICMP6_DST_UNREACH);
		CHECK_EQ(l.code[0], 3);
		CHECK_EQ(l.inner_next[0], B_PROTO_UDP);
		CHECK_ADDR(&l.inner_dst[0], &y);
	}
	CHECK_EQ(n_err, 1);
out:
	v6_icmp6_listen(h->stack, NULL, NULL);
	h_free(h);
}

/*
 * RFC 4443 2.4 (e.2): no error for "a packet destined to an IPv6
 * multicast address" (except Packet Too Big and Parameter Problem code 2).
 * UDP to ff02::1 for an unbound port: no Port Unreachable, counted as
 * Udp6IgnoredMulti (Linux __udp6_lib_mcast_deliver), not Udp6NoPorts. An
 * unknown Next Header to ff02::1: no Parameter Problem (code 1). Controls:
 * the same packets to our link-local address are answered.
 */
TEST(rfc4443_2_4_e2_no_error_for_multicast_destination)
{
	SETUP(h, NULL);
	struct in6_addr ll = h_our_ll(), pll = h_peer_ll(), all = h_allnodes();

	h_clear_tx(h);
	(void)udp_in(h, H_OUR_MAC, &pll, &ll, 10, NULL, NULL);
	expect_tx_count(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_DST_UNREACH, 4), 1);
	h_clear_tx(h);
	(void)unknown_nh_in(h, H_OUR_MAC, &pll, &ll, NULL, NULL);
	expect_tx_count(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_PARAM_PROB, 1), 1);

	h_clear_tx(h);
	CHECK(udp_in(h, H_ALLNODES_MAC, &pll, &all, 10, NULL, NULL) != 0);
	expect_tx_count(h, 0);
	expect_stat(h, "Udp6IgnoredMulti", 1);
	expect_stat(h, "Udp6NoPorts", 1);
	h_clear_tx(h);
	CHECK(unknown_nh_in(h, H_ALLNODES_MAC, &pll, &all, NULL, NULL) != 0);
	expect_tx_count(h, 0);
	expect_stat(h, "Ip6InUnknownProtos", 2);
	expect_stat(h, "Icmp6OutDestUnreachs", 1);
	expect_stat(h, "Icmp6OutParmProblems", 1);
	h_free(h);
}

/*
 * RFC 4443 2.4 (e.3): no error for "a packet sent as a link-layer
 * multicast" (Linux: skb->pkt_type != PACKET_HOST). Our unicast address
 * in an Ethernet frame to 33:33:00:00:00:01 (the all-nodes MAC we listen
 * to; Linux accepts it, drop_unicast_in_l2_multicast=0): UDP to an
 * unbound port counts Udp6NoPorts but gets no Port Unreachable; unknown
 * Next Header: no Parameter Problem. Controls: the same to our MAC.
 */
TEST(rfc4443_2_4_e3_no_error_for_link_layer_multicast)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();

	h_clear_tx(h);
	(void)udp_in(h, H_OUR_MAC, &pg, &g, 10, NULL, NULL);
	expect_tx_count(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_DST_UNREACH, 4), 1);
	h_clear_tx(h);
	(void)unknown_nh_in(h, H_OUR_MAC, &pg, &g, NULL, NULL);
	expect_tx_count(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_PARAM_PROB, 1), 1);

	h_clear_tx(h);
	(void)udp_in(h, H_ALLNODES_MAC, &pg, &g, 10, NULL, NULL);
	expect_tx_count(h, 0);
	expect_stat(h, "Udp6NoPorts", 2);
	h_clear_tx(h);
	(void)unknown_nh_in(h, H_ALLNODES_MAC, &pg, &g, NULL, NULL);
	expect_tx_count(h, 0);
	expect_stat(h, "Ip6InUnknownProtos", 2);
	expect_stat(h, "Icmp6OutDestUnreachs", 1);
	expect_stat(h, "Icmp6OutParmProblems", 1);
	h_free(h);
}

/*
 * RFC 4443 2.4 (e.4): no error for "a packet whose source address does
 * not uniquely identify a single node", e.g. the unspecified address.
 * From :: to our unicast address: unknown Next Header (still counted in
 * Ip6InUnknownProtos) and UDP to an unbound port: nothing sent, not even
 * an NS trying to reach ::. Controls: the same from the peer.
 */
TEST(rfc4443_2_4_e4_no_error_to_unspecified_source)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr any = h_unspec();

	h_clear_tx(h);
	(void)unknown_nh_in(h, H_OUR_MAC, &pg, &g, NULL, NULL);
	expect_tx_count(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_PARAM_PROB, 1), 1);
	h_clear_tx(h);
	(void)udp_in(h, H_OUR_MAC, &pg, &g, 10, NULL, NULL);
	expect_tx_count(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_DST_UNREACH, 4), 1);

	h_clear_tx(h);
	(void)unknown_nh_in(h, H_OUR_MAC, &any, &g, NULL, NULL);
	expect_tx_count(h, 0);
	expect_stat(h, "Ip6InUnknownProtos", 2);
	h_clear_tx(h);
	(void)udp_in(h, H_OUR_MAC, &any, &g, 10, NULL, NULL);
	expect_tx_count(h, 0);
	h_advance(h, 3 * V6_NS_PER_S);
	expect_tx_count(h, 0);
	expect_stat(h, "Icmp6OutParmProblems", 1);
	expect_stat(h, "Icmp6OutDestUnreachs", 1);
	h_free(h);
}

/*
 * RFC 4443 2.4 (e.4) for a multicast source; RFC 4291 2.7: multicast
 * addresses "must not be used as source addresses", and Linux ip6_rcv_core
 * drops such packets on input. Either way nothing is sent. Controls: the
 * same from the peer.
 */
TEST(rfc4443_2_4_e4_no_error_to_multicast_source)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr srcs[2] = { b_addr("ff02::1"), b_addr("ff0e::1234") };

	h_clear_tx(h);
	(void)unknown_nh_in(h, H_OUR_MAC, &pg, &g, NULL, NULL);
	(void)udp_in(h, H_OUR_MAC, &pg, &g, 10, NULL, NULL);
	expect_tx_count(h, 2);

	for (int i = 0; i < 2; i++) {
		h_clear_tx(h);
		CHECK(unknown_nh_in(h, H_OUR_MAC, &srcs[i], &g, NULL, NULL) != 0);
		CHECK(udp_in(h, H_OUR_MAC, &srcs[i], &g, 10, NULL, NULL) != 0);
		expect_tx_count(h, 0);
	}
	h_advance(h, 3 * V6_NS_PER_S);
	expect_tx_count(h, 0);
	expect_stat(h, "Icmp6OutParmProblems", 1);
	expect_stat(h, "Icmp6OutDestUnreachs", 1);
	h_free(h);
}

/* ---- the quote (RFC 4443 2.4 (c), 3.1) ---- */

/*
 * "As much of invoking packet as possible without the ICMPv6 packet
 * exceeding the minimum IPv6 MTU": with MTU 1500 a 1440-byte invoking
 * packet (UDP Length 1400) gives an error of exactly 1280 bytes (IPv6
 * payload length 1240) quoting the first 1232 bytes.
 */
TEST(rfc4443_2_4_c_quote_truncated_to_minimum_mtu)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	static uint8_t ip[2048];
	size_t n;
	struct c_pkt p;

	CHECK_EQ(h->mtu, 1500);
	h_clear_tx(h);
	(void)udp_in(h, H_OUR_MAC, &pg, &g, 1392, ip, &n);
	CHECK_EQ(n, 1440);
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_EQ(p.plen, 1240);
		CHECK_EQ(h->tx_len[0], 14 + 1280);
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_ICMPV6);
		CHECK_ICMP6_ERROR(&p, BE_ICMP6_DST_UNREACH, 4, 0, ip, 1232);
	}
	h_free(h);
}

/* The boundary: a 1232-byte invoking packet is quoted whole (error 1280
 * bytes), a 1233-byte one loses its last byte. */
TEST(rfc4443_2_4_c_quote_boundary_1232_whole_1233_cut)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	static uint8_t ip[2048];
	size_t n;
	struct c_pkt p;

	for (size_t extra = 0; extra < 2; extra++) {
		h_clear_tx(h);
		(void)udp_in(h, H_OUR_MAC, &pg, &g, 1232 - 48 + extra, ip, &n);
		CHECK_EQ(n, 1232 + extra);
		if (expect_tx_count(h, 1) == 0 &&
		    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
			CHECK_EQ(p.plen, 1240);
			CHECK_ICMP6_ERROR(&p, BE_ICMP6_DST_UNREACH, 4, 0, ip,
			    1232);
		}
	}
	h_free(h);
}

/* ---- rate limiting (RFC 4443 2.4 (f), Linux) ---- */

/* n datagrams to PORT_FREE from src at h->now, after clearing tx. Returns
 * how many Destination Unreachables went out (and checks nothing else
 * did). */
static size_t
burst(struct harness *h, const struct in6_addr *src, int n)
{
	struct in6_addr g = h_our_global();
	size_t k;

	h_clear_tx(h);
	for (int i = 0; i < n; i++)
		(void)udp_in(h, H_OUR_MAC, src, &g, 4, NULL, NULL);
	k = ce_count_icmp6(h, BE_ICMP6_DST_UNREACH, 4);
	if (h->n_tx <= H_TX_MAX && k != h->n_tx)
		t_fail(__FILE__, __LINE__, "%zu frames sent, %zu of them Port "
		    "Unreachables", h->n_tx, k);
	return h->n_tx;
}

/*
 * A new destination may receive a burst of 6 (XRLIM_BURST_FACTOR); at a
 * fixed time, 20 triggers from one source give exactly 6 errors, the
 * other 14 counted in Icmp6OutRateLimitHost.
 */
TEST(linux_icmp_ratelimit_burst_of_6_per_destination)
{
	SETUP(h, NULL);
	struct in6_addr pg = h_peer_global();
	char buf[32];

	CHECK_EQ(v6_sysctl_get(h->stack, "icmp.ratelimit", buf, sizeof(buf)), 0);
	CHECK_STR(buf, "1000");
	CHECK_EQ(burst(h, &pg, 20), 6);
	expect_stat(h, "Icmp6OutRateLimitHost", 14);
	expect_stat(h, "Udp6NoPorts", 20);
	expect_stat(h, "Icmp6OutDestUnreachs", 6);
	h_free(h);
}

/*
 * The interval for an on-link /64 destination is 1000 ms >> ((128 - 64)
 * >> 5) = 250 ms: after the burst, 249 ms give no token, 250 ms one.
 */
TEST(linux_icmp_ratelimit_one_token_per_250ms_for_onlink_64)
{
	SETUP(h, NULL);
	struct in6_addr pg = h_peer_global();

	CHECK_EQ(burst(h, &pg, 20), 6);
	h_advance(h, 249 * V6_NS_PER_MS);
	CHECK_EQ(burst(h, &pg, 1), 0);
	h_advance(h, 1 * V6_NS_PER_MS);
	CHECK_EQ(burst(h, &pg, 5), 1);
	h_advance(h, 500 * V6_NS_PER_MS);
	CHECK_EQ(burst(h, &pg, 5), 2);
	expect_stat(h, "Icmp6OutRateLimitHost", 14 + 1 + 4 + 3);
	h_free(h);
}

/* The limit is per destination: another source, limited or not the
 * first, gets its own burst of 6. */
TEST(linux_icmp_ratelimit_per_destination_buckets)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr p2 = b_addr("2001:db8::3");

	CHECK_EQ(expect_ns_answered(h, &p2, &g), 0);
	CHECK_EQ(burst(h, &pg, 20), 6);
	CHECK_EQ(burst(h, &p2, 20), 6);
	CHECK_EQ(burst(h, &pg, 1), 0);
	expect_stat(h, "Icmp6OutRateLimitHost", 14 + 14 + 1);
	h_free(h);
}

/* 100 on-link sources 2001:db8::100..163 with neighbour entries. */
static int
many_sources(struct harness *h, struct in6_addr *srcs, int n)
{
	struct in6_addr g = h_our_global();
	char text[64];

	for (int i = 0; i < n; i++) {
		snprintf(text, sizeof(text), "2001:db8::%x", 0x100 + i);
		srcs[i] = b_addr(text);
		if (expect_ns_answered(h, &srcs[i], &g) != 0)
			return -1;
	}
	return 0;
}

/* One trigger from each source at h->now; returns the errors sent. */
static size_t
one_each(struct harness *h, const struct in6_addr *srcs, int n)
{
	struct in6_addr g = h_our_global();
	size_t k;

	h_clear_tx(h);
	for (int i = 0; i < n; i++)
		(void)udp_in(h, H_OUR_MAC, &srcs[i], &g, 4, NULL, NULL);
	k = ce_count_icmp6(h, BE_ICMP6_DST_UNREACH, 4);
	if (h->n_tx <= H_TX_MAX && k != h->n_tx)
		t_fail(__FILE__, __LINE__, "%zu frames sent, %zu of them Port "
		    "Unreachables", h->n_tx, k);
	return h->n_tx;
}

/*
 * icmp.ratelimit=0 turns the per-destination limit off (a 0 interval
 * always passes); the global bucket (icmp.msgs_burst = 50, full at first)
 * still holds: 100 triggers from 100 sources at one instant give exactly
 * 50 errors, none counted as host-limited.
 */
TEST(linux_icmp_ratelimit_0_leaves_global_bucket_of_50)
{
	static struct in6_addr srcs[100];
	SETUP(h, NULL);

	if (many_sources(h, srcs, 100) != 0)
		goto out;
	H_SYSCTL(h, "icmp.ratelimit", "0");
	CHECK_EQ(one_each(h, srcs, 100), 50);
	expect_stat(h, "Icmp6OutRateLimitHost", 0);
	expect_stat(h, "Udp6NoPorts", 100);
out:
	h_free(h);
}

/*
 * The global bucket refills at icmp.msgs_per_sec (1000/s) up to
 * icmp.msgs_burst (50), and not before 20 ms (HZ/50) have passed since
 * the last refill: empty at t, nothing at t + 10 ms, 50 again at t + 1 s.
 */
TEST(linux_icmp_msgs_per_sec_refills_global_bucket)
{
	static struct in6_addr srcs[100];
	SETUP(h, NULL);

	if (many_sources(h, srcs, 100) != 0)
		goto out;
	H_SYSCTL(h, "icmp.ratelimit", "0");
	CHECK_EQ(one_each(h, srcs, 100), 50);
	h_advance(h, 10 * V6_NS_PER_MS);
	CHECK_EQ(one_each(h, srcs, 1), 0);
	h_advance(h, 990 * V6_NS_PER_MS);
	CHECK_EQ(one_each(h, srcs, 100), 50);
out:
	h_free(h);
}

/* icmp.ratemask is Linux's list of types and ranges: the default reads
 * back as "0-1,3-127", a set value round-trips, a type past 255 is
 * refused and leaves the mask alone (proc_do_large_bitmap: EINVAL). */
TEST(linux_icmp_ratemask_get_set_round_trip)
{
	H_NEW(h, NULL);
	char buf[64];

	CHECK_EQ(v6_sysctl_get(h->stack, "icmp.ratemask", buf, sizeof(buf)), 0);
	CHECK_STR(buf, "0-1,3-127");
	H_SYSCTL(h, "icmp.ratemask", "0,3-127");
	CHECK_EQ(v6_sysctl_get(h->stack, "icmp.ratemask", buf, sizeof(buf)), 0);
	CHECK_STR(buf, "0,3-127");
	H_SYSCTL(h, "icmp.ratemask", "0-1,3-127");
	CHECK_EQ(v6_sysctl_get(h->stack, "icmp.ratemask", buf, sizeof(buf)), 0);
	CHECK_STR(buf, "0-1,3-127");
	CHECK(v6_sysctl_set(h->stack, "icmp.ratemask", "0-256", h->err,
	    sizeof(h->err)) != 0);
	CHECK_EQ(v6_sysctl_get(h->stack, "icmp.ratemask", buf, sizeof(buf)), 0);
	CHECK_STR(buf, "0-1,3-127");
	h_free(h);
}

/*
 * A type outside icmp.ratemask is not limited at all, neither per
 * destination nor by the global bucket (icmpv6_global_allow returns at
 * once): with "0,3-127", 60 triggers from one source give 60 Port
 * Unreachables. Control: Parameter Problem (type 4, still in the mask) to
 * the same source is limited to 6.
 */
TEST(linux_icmp_ratemask_without_type_1_not_limited)
{
	SETUP(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	size_t k;

	H_SYSCTL(h, "icmp.ratemask", "0,3-127");
	CHECK_EQ(burst(h, &pg, 60), 60);
	expect_stat(h, "Icmp6OutRateLimitHost", 0);
	expect_stat(h, "Icmp6OutDestUnreachs", 60);

	h_clear_tx(h);
	for (int i = 0; i < 20; i++)
		(void)unknown_nh_in(h, H_OUR_MAC, &pg, &g, NULL, NULL);
	k = ce_count_icmp6(h, BE_ICMP6_PARAM_PROB, 1);
	CHECK_EQ(k, 6);
	expect_tx_count(h, 6);
	expect_stat(h, "Icmp6OutRateLimitHost", 14);
	h_free(h);
}

T_MAIN()
