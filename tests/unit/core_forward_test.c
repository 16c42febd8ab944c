/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Forwarding (core/forward.c; RFC 8200 3, 5; RFC 4443 2.4, 3; RFC 4291
 * 2.5.6; RFC 4861 7.2.2; Linux ip6_forward), driven through v6_input on
 * a harness stack with two links:
 *
 *   peer 2001:db8::2 ---- eth0 [us] eth1 ---- gw 2001:db8:1::fe ---- 2001:db8:99::/48
 *   fe80::ff:fe00:2       2001:db8::1/64  2001:db8:1::1/64
 *   02:00:00:00:00:02     02:..:00:01     02:..:01:01     02:00:00:00:01:fe
 *
 * with the route 2001:db8:99::/48 via 2001:db8:1::fe and
 * conf.all.forwarding=1. Each case checks the exact frame that leaves (or
 * that none does), the drop reason v6_input returns, and the counters.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/build_err.h"
#include "lib/harness.h"

static const uint8_t ETH1_MAC[6] = { 0x02, 0, 0, 0, 0x01, 0x01 };
static const uint8_t GW_MAC[6] = { 0x02, 0, 0, 0, 0x01, 0xfe };
#define FAR "2001:db8:99::7" /* routed via the gateway */
#define PEER_PORT 40000
#define FAR_PORT 9

/* ---- helpers ---- */

static uint64_t
ifstat(struct harness *h, const struct v6_iface *ifp, const char *name)
{
	return v6_stat_get(h->stack, ifp, name);
}

struct drop_find {
	const char *name;
	uint64_t value;
};

static void
drop_cb(void *ctx, const char *name, const char *text, uint64_t value)
{
	struct drop_find *d = ctx;

	(void)text;
	if (strcmp(name, d->name) == 0)
		d->value = value;
}

/* How many frames were dropped for the reason named name (drop.def). */
static uint64_t
drops(struct harness *h, const char *name)
{
	struct drop_find d = { name, 0 };

	v6_drops_foreach(h->stack, drop_cb, &d);
	return d.value;
}

/*
 * The network above, forwarding on unless fwd is 0, eth1's link MTU
 * eth1_mtu (0: 1500); the peer's addresses are in the neighbour cache
 * (STALE), so that errors back to it leave at once.
 */
static struct harness *
setup(const char *file, int line, int fwd, uint32_t eth1_mtu,
    struct h_link **e1)
{
	struct harness *h = h_new(file, line, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr ll = h_our_ll(), pll = h_peer_ll();
	struct in6_addr a1 = b_addr("2001:db8:1::1");
	struct v6_route_spec rt = { .dst = b_addr("2001:db8:99::"),
		.dst_len = 48, .has_gw = 1, .gw = b_addr("2001:db8:1::fe") };

	if (h == NULL)
		return NULL;
	/* before forwarding: a router's NA has R=1, which this helper
	 * checks is 0 */
	if (h_add_addr(file, line, h, &g, 64) != 0 ||
	    h_expect_ns_answered(file, line, h, &pg, &g) != 0 ||
	    h_expect_ns_answered(file, line, h, &pll, &ll) != 0 ||
	    (*e1 = h_add_iface(file, line, h, "eth1", ETH1_MAC, eth1_mtu)) == NULL)
		goto fail;
	if (v6_addr_add((*e1)->ifp, &a1, 64, h->now, h->err, sizeof(h->err)) != 0 ||
	    v6_route_add(h->stack, &rt, 0, h->err, sizeof(h->err)) != 0) {
		t_fail(file, line, "setup: %s", h->err);
		goto fail;
	}
	if (fwd && h_sysctl(file, line, h, "conf.all.forwarding", "1") != 0)
		goto fail;
	h_clear_tx(h);
	return h;
fail:
	h_free(h);
	return NULL;
}
#define SETUP(h, e1, fwd, mtu)                                             \
	struct h_link *e1 = NULL;                                          \
	struct harness *h = setup(__FILE__, __LINE__, fwd, mtu, &e1);      \
	if (h == NULL)                                                     \
		return

/* A packet to forward: a UDP datagram of data_len bytes from src (MAC
 * H_PEER_MAC) to dst, hop limit hlim, in a frame to our MAC, laid out in
 * buf (B_PL_MAX + 128 bytes). Returns the frame's length. */
static size_t
udp_frame(uint8_t *buf, const char *src, const char *dst, uint8_t hlim,
    size_t data_len)
{
	static uint8_t data[B_PL_MAX];
	struct in6_addr s = b_addr(src), d = b_addr(dst);
	struct bframe f;
	size_t n;

	for (size_t i = 0; i < data_len; i++)
		data[i] = (uint8_t)(i * 7 + 3);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &s, &d);
	f.hlim = hlim;
	f.tclass = 0xb8; /* DSCP EF: must cross unchanged */
	f.flow = 0x5a5a5;
	b_udp(&f, PEER_PORT, FAR_PORT, data, data_len);
	n = b_emit(&f, buf, B_PL_MAX + 128);
	if (n == 0) {
		fprintf(stderr, "udp_frame: does not fit\n");
		abort();
	}
	return n;
}

/* The IPv6 packet of data_len UDP bytes whose datagram is data_len - 8 -
 * 40: a packet of exactly ip_len bytes. */
#define UDP_DATA_FOR(ip_len) ((ip_len) - B_IP6_HLEN - 8)

/* Frame i on link l is frame in (n bytes) forwarded: to dst_mac from
 * l's MAC, the hop limit one less, every other byte the same. */
static int
check_forwarded(const char *file, int line, struct h_link *l, size_t i,
    const uint8_t *in, size_t n, const uint8_t dst_mac[6])
{
	uint8_t want[B_PL_MAX + 128];

	if (l->n_tx <= i || i >= H_TX_MAX) {
		t_fail(file, line, "%zu frames on the link, want frame %zu",
		    l->n_tx, i);
		return -1;
	}
	memcpy(want, in, n);
	memcpy(want, dst_mac, 6);
	memcpy(want + 6, l->mac, 6);
	want[B_ETH_HLEN + 7]--; /* RFC 8200 3: "decremented by 1" */
	if (l->tx_len[i] != n || memcmp(l->tx[i], want, n) != 0) {
		t_fail(file, line, "forwarded frame differs (%zu bytes, want %zu)",
		    l->tx_len[i], n);
		b_hexdump("sent", l->tx[i], l->tx_len[i]);
		b_hexdump("want", want, n);
		return -1;
	}
	return 0;
}
#define CHECK_FORWARDED(l, i, in, n, mac) \
	check_forwarded(__FILE__, __LINE__, l, i, in, n, mac)

/* Eth0 sent exactly one frame: an ICMPv6 error from src to dst (to the
 * peer's MAC) of type/code/field quoting quote (quote_len bytes). */
static int
check_error(const char *file, int line, struct harness *h, const char *src,
    const char *dst, int type, int code, uint32_t field, const uint8_t *quote,
    size_t quote_len)
{
	struct in6_addr s = b_addr(src), d = b_addr(dst);
	struct c_pkt p;

	if (h_expect_tx_count(file, line, h, 1) != 0 ||
	    c_check_parse(file, line, &p, h->tx[0], h->tx_len[0]) != 0)
		return -1;
	if (c_check_eth(file, line, &p, H_PEER_MAC, H_OUR_MAC) != 0 ||
	    c_check_ip6(file, line, &p, &s, &d, 64, B_PROTO_ICMPV6) != 0 ||
	    ce_check_icmp6_error(file, line, &p, type, code, field, quote,
		quote_len) != 0)
		return -1;
	return 0;
}
#define CHECK_ERROR(h, src, dst, type, code, field, quote, len) \
	check_error(__FILE__, __LINE__, h, src, dst, type, code, field, quote, len)

/* The gateway answers an NS for itself on eth1: solicited, override. */
static int
gw_advertises(struct h_link *e1)
{
	struct in6_addr gw = b_addr("2001:db8:1::fe"), a1 = b_addr("2001:db8:1::1");
	struct bframe f;

	b_init(&f, GW_MAC, ETH1_MAC, &gw, &a1);
	b_na(&f, B_NA_S | B_NA_O | B_NA_R, &gw);
	b_opt_lla(&f, B_ND_OPT_TLLA, GW_MAC);
	return h_link_send(e1, &f);
}

/* ---- forwarded ---- */

/*
 * RFC 8200 3: "Hop Limit ... Decremented by 1 by each node that forwards
 * the packet." RFC 4861 7.2.2: the first packet to an unresolved next
 * hop is queued while an NS goes to its solicited-node group, from our
 * address on that link; the NA releases it, to the gateway's MAC.
 */
TEST(rfc8200_3_forwarded_to_the_gateway_hop_limit_less_one_nothing_else_changed)
{
	SETUP(h, e1, 1, 0);
	struct in6_addr gw = b_addr("2001:db8:1::fe"), a1 = b_addr("2001:db8:1::1");
	struct in6_addr snmc = b_snmc(&gw);
	uint8_t in[B_PL_MAX + 128], in2[B_PL_MAX + 128], snmc_mac[6];
	size_t n = udp_frame(in, "2001:db8::2", FAR, 64, 100);
	size_t n2 = udp_frame(in2, "2001:db8::2", "2001:db8:99:1::1", 255, 7);
	struct c_pkt p;
	uint64_t rx0 = ifstat(h, h->ifp, "Ip6InReceives");

	expect_accepted(h, h_input(h, in, n));
	expect_tx_count(h, 0);
	b_snmc_mac(snmc_mac, &gw);
	if (CHECK_TRUE(e1->n_tx == 1) &&
	    CHECK_PARSE(&p, e1->tx[0], e1->tx_len[0]) == 0) {
		CHECK_ETH(&p, snmc_mac, ETH1_MAC);
		CHECK_IP6(&p, &a1, &snmc, 255, B_PROTO_ICMPV6);
		CHECK_NS(&p, &gw);
		CHECK_NS_SLLA(&p, ETH1_MAC);
	}
	h_clear_tx(h);
	expect_accepted(h, gw_advertises(e1));
	CHECK_EQ(e1->n_tx, 1);
	CHECK_FORWARDED(e1, 0, in, n, GW_MAC);
	/* resolved now: the next one leaves at once */
	h_clear_tx(h);
	expect_accepted(h, h_input(h, in2, n2));
	CHECK_EQ(e1->n_tx, 1);
	CHECK_FORWARDED(e1, 0, in2, n2, GW_MAC);
	expect_tx_count(h, 0);
	CHECK_EQ(ifstat(h, e1->ifp, "Ip6OutForwDatagrams"), 2);
	CHECK_EQ(ifstat(h, h->ifp, "Ip6OutForwDatagrams"), 0);
	CHECK_EQ(ifstat(h, h->ifp, "Ip6InReceives"), rx0 + 2);
	expect_stat(h, "Icmp6OutErrors", 0);
	h_free(h);
}

/* ---- hop limit ---- */

/* RFC 4443 3.3: "If a router receives a packet with a Hop Limit of zero,
 * or if a router decrements a packet's Hop Limit to zero, it MUST
 * discard the packet and originate an ICMPv6 Time Exceeded message with
 * Code 0 to the source"; from our address on the link it came by (2.2). */
TEST(rfc4443_3_3_hop_limit_1_or_0_time_exceeded_code_0_quoting_the_packet)
{
	for (uint8_t hlim = 0; hlim <= 1; hlim++) {
		SETUP(h, e1, 1, 0);
		uint8_t in[B_PL_MAX + 128];
		size_t n = udp_frame(in, "2001:db8::2", FAR, hlim, 40);

		expect_drop(h, h_input(h, in, n), "FWD_HOPLIMIT");
		CHECK_ERROR(h, "2001:db8::1", "2001:db8::2",
		    BE_ICMP6_TIME_EXCEEDED, 0, 0, in + B_ETH_HLEN, n - B_ETH_HLEN);
		CHECK_EQ(e1->n_tx, 0);
		expect_stat(h, "Icmp6OutTimeExcds", 1);
		expect_stat(h, "Ip6InHdrErrors", 1);
		expect_stat(h, "Ip6OutForwDatagrams", 0);
		h_free(h);
	}
}

/* RFC 4443 2.4 (e.1): no error about an ICMPv6 error message; an
 * informational message (Echo Request) does get its Time Exceeded. */
TEST(rfc4443_2_4_e_an_icmpv6_error_at_hop_limit_1_gets_no_time_exceeded)
{
	SETUP(h, e1, 1, 0);
	struct in6_addr pg = h_peer_global(), far = b_addr(FAR);
	static const uint8_t quoted[48] = { 0x60, 0, 0, 0, 0, 8, 17, 64 };
	uint8_t buf[256];
	struct bframe f;
	size_t n;

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &far);
	f.hlim = 1;
	be_icmp6_error(&f, BE_ICMP6_DST_UNREACH, 4, 0, quoted, sizeof(quoted));
	n = b_emit(&f, buf, sizeof(buf));
	expect_drop(h, h_input(h, buf, n), "FWD_HOPLIMIT");
	expect_tx_count(h, 0);
	CHECK_EQ(e1->n_tx, 0);
	CHECK_EQ(drops(h, "ICMP6_ERR_FOR_ERROR"), 1);
	expect_stat(h, "Icmp6OutTimeExcds", 0);
	/* the same with an Echo Request: answered */
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &far);
	f.hlim = 1;
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 0x1234, 1, quoted, 8);
	n = b_emit(&f, buf, sizeof(buf));
	expect_drop(h, h_input(h, buf, n), "FWD_HOPLIMIT");
	CHECK_ERROR(h, "2001:db8::1", "2001:db8::2", BE_ICMP6_TIME_EXCEEDED, 0,
	    0, buf + B_ETH_HLEN, n - B_ETH_HLEN);
	expect_stat(h, "Icmp6OutTimeExcds", 1);
	h_free(h);
}

/* ---- no route, reject routes ---- */

/* RFC 4443 3.1: code 0 "no route to destination" (also Linux's
 * unreachable route, ip6_pkt_discard), code 1 "communication with
 * destination administratively prohibited" (ip6_pkt_prohibit); a
 * blackhole drops silently (dst_discard), counted. */
TEST(rfc4443_3_1_no_route_unreachable_prohibit_and_blackhole)
{
	static const struct {
		const char *dst;
		unsigned type; /* 0: no route */
		int code;      /* -1: no error */
		const char *drop;
	} t[] = {
		{ "2001:db8:77::1", 0, 0, "FWD_NO_ROUTE" },
		{ "2001:db8:a0::1", V6_RTN_UNREACHABLE, 0, "FWD_UNREACHABLE" },
		{ "2001:db8:a1::1", V6_RTN_PROHIBIT, 1, "FWD_PROHIBIT" },
		{ "2001:db8:a2::1", V6_RTN_BLACKHOLE, -1, "FWD_BLACKHOLE" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		SETUP(h, e1, 1, 0);
		struct v6_route_spec rt = { .dst = b_addr(t[i].dst), .dst_len = 48,
			.type = t[i].type };
		uint8_t in[B_PL_MAX + 128];
		size_t n = udp_frame(in, "2001:db8::2", t[i].dst, 64, 20);

		if (t[i].type)
			CHECK_EQ(v6_route_add(h->stack, &rt, 0, h->err,
				     sizeof(h->err)), 0);
		expect_drop(h, h_input(h, in, n), t[i].drop);
		CHECK_EQ(drops(h, t[i].drop), 1);
		CHECK_EQ(e1->n_tx, 0);
		if (t[i].code >= 0)
			CHECK_ERROR(h, "2001:db8::1", "2001:db8::2",
			    BE_ICMP6_DST_UNREACH, t[i].code, 0, in + B_ETH_HLEN,
			    n - B_ETH_HLEN);
		else
			expect_tx_count(h, 0);
		expect_stat(h, "Icmp6OutDestUnreachs", t[i].code >= 0);
		expect_stat(h, "Ip6InNoRoutes", t[i].code >= 0);
		h_free(h);
	}
}

/* ---- scope ---- */

/* RFC 4291 2.5.6: "Routers must not forward any packets with Link-Local
 * source or destination addresses to other links." RFC 4443 3.1: code 2,
 * "beyond scope of source address", from our link-local. */
TEST(rfc4291_2_5_6_link_local_source_to_another_link_code_2)
{
	SETUP(h, e1, 1, 0);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, "fe80::ff:fe00:2", FAR, 64, 20);

	expect_drop(h, h_input(h, in, n), "FWD_SRC_LINKLOCAL");
	CHECK_ERROR(h, "fe80::ff:fe00:1", "fe80::ff:fe00:2",
	    BE_ICMP6_DST_UNREACH, 2, 0, in + B_ETH_HLEN, n - B_ETH_HLEN);
	CHECK_EQ(e1->n_tx, 0);
	expect_stat(h, "Ip6InAddrErrors", 1);
	expect_stat(h, "Ip6OutForwDatagrams", 0);
	h_free(h);
}

TEST(rfc4291_2_5_6_link_local_destination_not_ours_is_dropped)
{
	SETUP(h, e1, 1, 0);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, "2001:db8::2", "fe80::99", 64, 20);

	expect_drop(h, h_input(h, in, n), "FWD_LINKLOCAL_DST");
	expect_tx_count(h, 0);
	CHECK_EQ(e1->n_tx, 0);
	expect_stat(h, "Ip6InAddrErrors", 1);
	expect_stat(h, "Icmp6OutErrors", 0);
	h_free(h);
}

/* ---- MTU ---- */

/* Put the gateway in the neighbour cache (STALE, from its NS). */
static void
gw_known(struct harness *h, struct h_link *e1)
{
	struct in6_addr gw = b_addr("2001:db8:1::fe"), a1 = b_addr("2001:db8:1::1");
	struct bframe f;

	b_ns_mcast(&f, GW_MAC, &gw, &a1, 1);
	expect_accepted(h, h_link_send(e1, &f));
	h_clear_tx(h);
}

/* RFC 8200 5 (a router does not fragment), RFC 4443 3.2: Packet Too Big
 * with the next link's MTU, quoting "as much of invoking packet as
 * possible without the ICMPv6 packet exceeding the minimum IPv6 MTU"
 * (2.4 (c)): 1280 - 40 - 8 = 1232 bytes. */
TEST(rfc4443_3_2_larger_than_the_out_link_mtu_packet_too_big_with_it)
{
	SETUP(h, e1, 1, 1400);
	uint8_t in[B_PL_MAX + 128];
	size_t n;

	gw_known(h, e1);
	n = udp_frame(in, "2001:db8::2", FAR, 64, UDP_DATA_FOR(1400));
	expect_accepted(h, h_input(h, in, n));
	CHECK_EQ(e1->n_tx, 1);
	CHECK_FORWARDED(e1, 0, in, n, GW_MAC);
	expect_tx_count(h, 0);
	h_clear_tx(h);
	n = udp_frame(in, "2001:db8::2", FAR, 64, UDP_DATA_FOR(1401));
	expect_drop(h, h_input(h, in, n), "FWD_TOO_BIG");
	CHECK_EQ(e1->n_tx, 0);
	if (CHECK_ERROR(h, "2001:db8::1", "2001:db8::2", BE_ICMP6_PKT_TOO_BIG,
		0, 1400, in + B_ETH_HLEN, 1232) == 0)
		CHECK_EQ(h->tx_len[0], B_ETH_HLEN + 1280);
	CHECK_EQ(ifstat(h, e1->ifp, "Ip6FragFails"), 1);
	/* both: Linux 6.x counts a packet too big as forwarded, then failed
	 * (test_router.py reads the kernel's counters for the same case) */
	CHECK_EQ(ifstat(h, e1->ifp, "Ip6OutForwDatagrams"), 2);
	expect_stat(h, "Ip6InTooBigErrors", 1);
	expect_stat(h, "Icmp6OutPktTooBigs", 1);
	h_free(h);
}

/* A route's mtu below the link's (ip route add ... mtu 1300): Linux
 * applies it at output (ip6_fragment), after the hop limit was
 * decremented, so the error quotes the packet as it would have left, and
 * counts Ip6FragFails but not Ip6InTooBigErrors (the kernel shows both in
 * test_router.py). */
TEST(rfc4443_3_2_larger_than_the_route_mtu_packet_too_big_with_it)
{
	SETUP(h, e1, 1, 0);
	struct v6_route_spec rt = { .dst = b_addr("2001:db8:98::"), .dst_len = 48,
		.has_gw = 1, .gw = b_addr("2001:db8:1::fe"), .mtu = 1300 };
	uint8_t in[B_PL_MAX + 128], sent[1232];
	size_t n;

	CHECK_EQ(v6_route_add(h->stack, &rt, 0, h->err, sizeof(h->err)), 0);
	gw_known(h, e1);
	n = udp_frame(in, "2001:db8::2", "2001:db8:98::1", 64, UDP_DATA_FOR(1300));
	expect_accepted(h, h_input(h, in, n));
	CHECK_FORWARDED(e1, 0, in, n, GW_MAC);
	h_clear_tx(h);
	n = udp_frame(in, "2001:db8::2", "2001:db8:98::1", 64, UDP_DATA_FOR(1301));
	expect_drop(h, h_input(h, in, n), "FWD_ROUTE_MTU");
	CHECK_EQ(e1->n_tx, 0);
	memcpy(sent, in + B_ETH_HLEN, 1232);
	sent[7] = 63;
	CHECK_ERROR(h, "2001:db8::1", "2001:db8::2", BE_ICMP6_PKT_TOO_BIG, 0,
	    1300, sent, 1232);
	expect_stat(h, "Ip6InTooBigErrors", 0);
	/* the /48 via the same link keeps the link's 1500 */
	h_clear_tx(h);
	n = udp_frame(in, "2001:db8::2", FAR, 64, UDP_DATA_FOR(1500));
	expect_accepted(h, h_input(h, in, n));
	CHECK_FORWARDED(e1, 0, in, n, GW_MAC);
	CHECK_EQ(ifstat(h, e1->ifp, "Ip6FragFails"), 1);
	CHECK_EQ(ifstat(h, e1->ifp, "Ip6OutForwDatagrams"), 3);
	h_free(h);
}

/* ---- not forwarded ---- */

/* RFC 8200 3 "node" vs "router": a host drops what is not for it. The
 * switch is conf.all.forwarding, or the receiving interface's
 * force_forwarding (Linux 6.17 ip6_forward). */
TEST(forwarding_off_a_packet_not_for_us_is_dropped)
{
	SETUP(h, e1, 0, 0);
	struct in6_addr gw = b_addr("2001:db8:1::fe");
	struct c_pkt p;
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, "2001:db8::2", FAR, 64, 20);

	expect_drop(h, h_input(h, in, n), "IP6_DST_NOT_OURS");
	expect_tx_count(h, 0);
	CHECK_EQ(e1->n_tx, 0);
	expect_stat(h, "Ip6InAddrErrors", 1);
	/* Linux ip6_forward: conf.IFACE.forwarding makes a router for ND
	 * and RAs only, on either side; conf.all.forwarding forwards (the
	 * kernel shows it in test_router.py) */
	H_SYSCTL(h, "conf.eth1.forwarding", "1");
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	expect_drop(h, h_input(h, in, n), "IP6_DST_NOT_OURS");
	CHECK_EQ(e1->n_tx, 0);
	/* force_forwarding on the way out: still not */
	H_SYSCTL(h, "conf.eth1.force_forwarding", "1");
	expect_drop(h, h_input(h, in, n), "IP6_DST_NOT_OURS");
	CHECK_EQ(e1->n_tx, 0);
	/* on the way in: forwarded (an NS for the gateway first) */
	H_SYSCTL(h, "conf.eth0.force_forwarding", "1");
	h_clear_tx(h);
	expect_accepted(h, h_input(h, in, n));
	if (CHECK_TRUE(e1->n_tx == 1) &&
	    CHECK_PARSE(&p, e1->tx[0], e1->tx_len[0]) == 0)
		CHECK_NS(&p, &gw);
	expect_accepted(h, gw_advertises(e1));
	CHECK_FORWARDED(e1, 1, in, n, GW_MAC);
	h_free(h);
}

/* Linux ip6_forward: "if (skb->pkt_type != PACKET_HOST) goto drop": a
 * unicast destination in a frame sent to a group MAC stays. */
TEST(a_frame_to_a_link_layer_multicast_address_is_not_forwarded)
{
	SETUP(h, e1, 1, 0);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, "2001:db8::2", FAR, 64, 20);

	memcpy(in, H_ALLNODES_MAC, 6);
	expect_drop(h, h_input(h, in, n), "FWD_NOT_HOST");
	expect_tx_count(h, 0);
	CHECK_EQ(e1->n_tx, 0);
	expect_stat(h, "Ip6OutForwDatagrams", 0);
	h_free(h);
}

/* ---- the next hop does not answer ---- */

/* RFC 4861 7.2.2: after MAX_MULTICAST_SOLICIT (3) solicitations
 * RetransTimer (1 s) apart, resolution fails and "ICMP destination
 * unreachable indications with code 3 (Address Unreachable) SHOULD be
 * returned" for the queued packets: to the source, quoting the packet as
 * it was queued (hop limit already decremented, as Linux's
 * ip6_link_failure quotes it). */
TEST(rfc4861_7_2_2_unresolvable_next_hop_address_unreachable_to_the_source)
{
	SETUP(h, e1, 1, 0);
	struct in6_addr gw = b_addr("2001:db8:1::fe");
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, "2001:db8::2", FAR, 64, 30);

	expect_accepted(h, h_input(h, in, n));
	CHECK_EQ(e1->n_tx, 1);
	h_advance(h, 2999 * V6_NS_PER_MS);
	CHECK_EQ(e1->n_tx, 3);
	for (size_t i = 0; i < e1->n_tx && i < 3; i++) {
		struct c_pkt p;
		if (CHECK_PARSE(&p, e1->tx[i], e1->tx_len[i]) == 0)
			CHECK_NS(&p, &gw);
	}
	expect_tx_count(h, 0);
	h_advance(h, 1 * V6_NS_PER_MS);
	in[B_ETH_HLEN + 7]--;
	CHECK_ERROR(h, "2001:db8::1", "2001:db8::2", BE_ICMP6_DST_UNREACH, 3, 0,
	    in + B_ETH_HLEN, n - B_ETH_HLEN);
	CHECK_EQ(e1->n_tx, 3);
	CHECK_EQ(drops(h, "NEIGH_RESOLUTION_FAILED"), 1);
	expect_stat(h, "Icmp6OutDestUnreachs", 1);
	h_free(h);
}

T_MAIN()
