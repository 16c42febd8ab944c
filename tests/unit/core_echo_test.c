/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ICMPv6 Echo (RFC 4443 4.1, 4.2), against the public API only.
 *
 * To answer a peer the stack needs its MAC: most tests first send an NS
 * with SLLA from the peer (RFC 4861 7.2.3: a STALE entry), so the reply
 * goes out at once.
 */
#include <stdlib.h>

#include "lib/harness.h"

/*
 * Echo request "abc", id 0x1234, seq 0xabcd, from fe80::ff:fe00:2 to
 * fe80::ff:fe00:1, hop limit 64: odd length exercises the checksum's
 * zero pad. Checksum 0x0251 computed by an independent script.
 */
static const uint8_t golden_echo[65] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x86, 0xdd, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x0b, 0x3a, 0x40, 0xfe, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0xff, 0xfe, 0x00, 0x00, 0x02, 0xfe, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0xff, 0xfe, 0x00, 0x00, 0x01, 0x80, 0x00,
	0x02, 0x51, 0x12, 0x34, 0xab, 0xcd, 0x61, 0x62,
	0x63,
};

TEST(lib_builder_echo_matches_golden_bytes)
{
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	uint8_t out[128];
	size_t n;

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 0x1234, 0xabcd,
	    (const uint8_t *)"abc", 3);
	n = b_emit(&f, out, sizeof(out));
	CHECK_EQ(n, sizeof(golden_echo));
	CHECK_MEM(out, golden_echo, sizeof(golden_echo));
}

/* Data that is not all zeros, so a shifted or truncated copy shows. */
static void
fill_data(uint8_t *d, size_t len)
{
	for (size_t i = 0; i < len; i++)
		d[i] = (uint8_t)(i * 7 + 3 + (i >> 8));
}

static int
send_echo(struct harness *h, const uint8_t eth_dst[6],
    const struct in6_addr *src, const struct in6_addr *dst, uint8_t code,
    uint16_t id, uint16_t seq, const uint8_t *data, size_t len)
{
	struct bframe f;

	b_init(&f, H_PEER_MAC, eth_dst, src, dst);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, code, id, seq, data, len);
	h_clear_tx(h);
	return h_send(h, &f);
}

/*
 * RFC 4443 4.2: "The data received in the ICMPv6 Echo Request message MUST
 * be returned entirely and unmodified in the ICMPv6 Echo Reply message",
 * with the same Identifier and Sequence Number; the reply's source is the
 * request's (unicast) destination, its destination the request's source.
 * Hop limit: conf hop_limit, default 64 (Linux).
 */
static void
echo_size(const char *file, int line, size_t len, uint32_t mtu)
{
	struct h_cfg cfg = { .mtu = mtu };
	struct harness *h = h_new(file, line, &cfg);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	uint8_t *data = malloc(len ? len : 1);
	struct c_pkt p;
	int r;

	if (h == NULL || data == NULL) {
		free(data);
		h_free(h);
		return;
	}
	fill_data(data, len);
	h_expect_ns_answered(file, line, h, &peer, &ours);
	r = send_echo(h, H_OUR_MAC, &peer, &ours, 0, 0x4a5b, 0x0102 + (uint16_t)len,
	    data, len);
	h_expect_accepted(file, line, h, r);
	if (h_expect_tx_count(file, line, h, 1) == 0 &&
	    c_check_parse(file, line, &p, h->tx[0], h->tx_len[0]) == 0) {
		c_check_eth(file, line, &p, H_PEER_MAC, H_OUR_MAC);
		c_check_ip6(file, line, &p, &ours, &peer, 64, B_PROTO_ICMPV6);
		c_check_echo_reply(file, line, &p, 0x4a5b,
		    (uint16_t)(0x0102 + len), data, len);
		if (p.plen != 8 + len)
			t_fail(file, line, "payload length %u, want %zu", p.plen,
			    8 + len);
		if (14 + 40 + 8 + len > 14 + (size_t)h->mtu)
			t_fail(file, line, "test bug: request over the MTU");
	}
	free(data);
	h_free(h);
}

TEST(rfc4443_4_2_echo_reply_data_0_bytes)
{
	echo_size(__FILE__, __LINE__, 0, 1500);
}

TEST(rfc4443_4_2_echo_reply_data_1_byte)
{
	echo_size(__FILE__, __LINE__, 1, 1500);
}

TEST(rfc4443_4_2_echo_reply_data_56_bytes)
{
	echo_size(__FILE__, __LINE__, 56, 1500);
}

TEST(rfc4443_4_2_echo_reply_data_1000_bytes)
{
	echo_size(__FILE__, __LINE__, 1000, 1500);
}

/* MTU 1500: 1500 - 40 (IPv6) - 8 (echo header) = 1452 bytes of data. */
TEST(rfc4443_4_2_echo_reply_data_1452_bytes_fills_mtu_1500)
{
	echo_size(__FILE__, __LINE__, 1452, 1500);
}

/* RFC 8200 5: the minimum link MTU 1280: 1232 bytes of data. */
TEST(rfc4443_4_2_echo_reply_data_1232_bytes_fills_mtu_1280)
{
	echo_size(__FILE__, __LINE__, 1232, 1280);
}

/* RFC 4443 4.2 with a global address: src/dst swapped, to the peer MAC. */
TEST(rfc4443_4_2_echo_reply_global_address)
{
	static const uint8_t data[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	H_NEW(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct c_pkt p;

	H_ADD_ADDR(h, &g, 64);
	expect_ns_answered(h, &pg, &g);
	expect_accepted(h, send_echo(h, H_OUR_MAC, &pg, &g, 0, 1, 2, data,
	    sizeof(data)));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 1, 2, data, sizeof(data));
	}
	h_free(h);
}

/*
 * RFC 1624 3: the reply's checksum is the request's updated for the type
 * (128 -> 129, code 0), the pseudo-header sum being unchanged by the swap
 * of source and destination. Requests whose checksum field is 0x0000, and
 * 0xffff (the other zero of one's complement, which verifies as well; RFC
 * 1624 3 is about exactly that case), and odd lengths (the zero pad): the
 * reply must verify under a full recomputation over its own bytes (b_csum6,
 * independent of src/wire), and carry the request's data.
 */
static void
echo_csum_edge(const char *file, int line, size_t len, uint16_t field)
{
	struct harness *h = h_new(file, line, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	uint8_t data[64], frame[256], *icmp = frame + 14 + 40;
	struct bframe f;
	struct c_pkt p;
	size_t n = 0;
	uint32_t id;

	if (h == NULL)
		return;
	fill_data(data, len);
	h_expect_ns_answered(file, line, h, &peer, &ours);
	/* The identifier that makes the request's checksum field 0x0000
	 * (one exists: the field is the complement of a one's complement
	 * sum that the identifier shifts through every value). */
	for (id = 0; id <= 0xffff; id++) {
		b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ours);
		b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, (uint16_t)id, 0x0bad, data, len);
		n = b_emit(&f, frame, sizeof(frame));
		if (n == 14 + 40 + 8 + len && icmp[2] == 0 && icmp[3] == 0)
			break;
	}
	if (id > 0xffff) {
		t_fail(file, line, "test bug: no identifier gives checksum 0");
		h_free(h);
		return;
	}
	icmp[2] = (uint8_t)(field >> 8);
	icmp[3] = (uint8_t)field;
	if (b_csum6(&peer, &ours, B_PROTO_ICMPV6, icmp, 8 + len) != 0)
		t_fail(file, line, "test bug: request 0x%04x does not verify", field);
	h_clear_tx(h);
	h_expect_accepted(file, line, h, h_input(h, frame, n));
	if (h_expect_tx_count(file, line, h, 1) == 0 &&
	    c_check_parse(file, line, &p, h->tx[0], h->tx_len[0]) == 0) {
		const uint8_t *r = h->tx[0] + 14 + 40;
		c_check_ip6(file, line, &p, &ours, &peer, 64, B_PROTO_ICMPV6);
		c_check_echo_reply(file, line, &p, (uint16_t)id, 0x0bad, data, len);
		if (h->tx_len[0] != n ||
		    b_csum6(&ours, &peer, B_PROTO_ICMPV6, r, 8 + len) != 0)
			t_fail(file, line, "reply checksum %02x%02x does not verify",
			    r[2], r[3]);
	}
	h_free(h);
}

TEST(rfc1624_3_echo_reply_csum_request_field_0000)
{
	echo_csum_edge(__FILE__, __LINE__, 8, 0x0000);
}

TEST(rfc1624_3_echo_reply_csum_request_field_ffff)
{
	echo_csum_edge(__FILE__, __LINE__, 8, 0xffff);
}

TEST(rfc1624_3_echo_reply_csum_odd_lengths)
{
	static const size_t lens[] = { 1, 3, 7, 33, 57, 63 };
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		echo_csum_edge(__FILE__, __LINE__, lens[i], 0x0000);
		echo_csum_edge(__FILE__, __LINE__, lens[i], 0xffff);
	}
}

/* RFC 4443 4.1 gives Code 0 for the request but no rule to discard
 * another code; Linux answers. The reply has code 0 (4.2). */
TEST(rfc4443_4_1_echo_request_code_1_still_answered)
{
	static const uint8_t data[3] = { 9, 8, 7 };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct c_pkt p;

	expect_ns_answered(h, &peer, &ours);
	expect_accepted(h, send_echo(h, H_OUR_MAC, &peer, &ours, 1, 0x77, 0x88,
	    data, sizeof(data)));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &ours, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x77, 0x88, data, sizeof(data));
	}
	h_free(h);
}

/* RFC 4443 4.2: "If the Echo Request was sent to a multicast address, the
 * source address of the Echo Reply MUST be a unicast address belonging
 * to the interface": ff02::1 from a link-local peer -> our link-local. */
TEST(rfc4443_4_2_echo_to_all_nodes_answered_from_link_local)
{
	static const uint8_t data[5] = { 'h', 'e', 'l', 'l', 'o' };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll(), all = h_allnodes();
	struct c_pkt p;

	expect_ns_answered(h, &peer, &ours);
	expect_accepted(h, send_echo(h, H_ALLNODES_MAC, &peer, &all, 0, 5, 6,
	    data, sizeof(data)));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ours, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 5, 6, data, sizeof(data));
	}
	h_free(h);
}

/*
 * RFC 4861 7.2.2: an echo to ff02::1 from a peer with no neighbour entry.
 * Either the reply goes out at once, or the stack resolves the peer first:
 * an NS from our link-local (7.2.2: the prompting packet's source) to the
 * peer's solicited-node group, with our SLLA (4.3: MUST in multicast NS),
 * hop limit 255. The peer's NA (S=1, TLLA) then releases the queued reply
 * (7.2.5: "the Neighbor Cache entry ... any packets queued ... sent").
 */
TEST(rfc4861_7_2_2_echo_to_all_nodes_resolves_peer_then_replies)
{
	static const uint8_t data[6] = { 0x10, 0x20, 0x30, 0x40, 0x50, 0x60 };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll(), all = h_allnodes();
	struct in6_addr psn = b_snmc(&peer);
	uint8_t psn_mac[6];
	struct bframe f;
	struct c_pkt p;

	b_mcast_mac(psn_mac, &psn);
	expect_accepted(h, send_echo(h, H_ALLNODES_MAC, &peer, &all, 0, 0x99, 1,
	    data, sizeof(data)));
	if (expect_tx_count(h, 1) != 0 ||
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) != 0) {
		h_free(h);
		return;
	}
	if (p.has_icmp6 && p.type == B_ICMP6_ECHO_REPLY) {
		/* Answered directly. */
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ours, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x99, 1, data, sizeof(data));
		h_free(h);
		return;
	}
	CHECK_ETH(&p, psn_mac, H_OUR_MAC);
	CHECK_IP6(&p, &ours, &psn, 255, B_PROTO_ICMPV6);
	CHECK_NS(&p, &peer);
	CHECK_NS_SLLA(&p, H_OUR_MAC);

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	b_na(&f, B_NA_S | B_NA_O, &peer);
	b_opt_lla(&f, B_ND_OPT_TLLA, H_PEER_MAC);
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ours, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x99, 1, data, sizeof(data));
	}
	h_free(h);
}

/* Linux icmp.echo_ignore_multicast=1: echo to a multicast group is
 * ignored; unicast echo is still answered. */
TEST(linux_icmp_echo_ignore_multicast)
{
	static const uint8_t data[2] = { 1, 2 };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll(), all = h_allnodes();
	struct c_pkt p;

	H_SYSCTL(h, "icmp.echo_ignore_multicast", "1");
	expect_ns_answered(h, &peer, &ours);
	(void)send_echo(h, H_ALLNODES_MAC, &peer, &all, 0, 3, 4, data,
	    sizeof(data));
	expect_tx_count(h, 0);
	expect_stat(h, "Icmp6OutEchoReplies", 0);
	expect_accepted(h, send_echo(h, H_OUR_MAC, &peer, &ours, 0, 3, 5, data,
	    sizeof(data)));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0)
		CHECK_ECHO_REPLY(&p, 3, 5, data, sizeof(data));
	h_free(h);
}

/* Linux icmp.echo_ignore_all=1: no echo replies at all; ND still works. */
TEST(linux_icmp_echo_ignore_all)
{
	static const uint8_t data[2] = { 1, 2 };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll(), all = h_allnodes();

	H_SYSCTL(h, "icmp.echo_ignore_all", "1");
	expect_ns_answered(h, &peer, &ours);
	(void)send_echo(h, H_OUR_MAC, &peer, &ours, 0, 3, 4, data, sizeof(data));
	expect_tx_count(h, 0);
	(void)send_echo(h, H_ALLNODES_MAC, &peer, &all, 0, 3, 5, data,
	    sizeof(data));
	expect_tx_count(h, 0);
	expect_stat(h, "Icmp6OutEchoReplies", 0);
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* Counters: Icmp6InEchos per request, Icmp6OutEchoReplies per reply,
 * Icmp6InMsgs / Icmp6OutMsgs (Linux snmp6). */
TEST(rfc4443_counters_in_echos_out_echo_replies)
{
	static const uint8_t data[1] = { 0x42 };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	uint64_t in0, out0;

	expect_ns_answered(h, &peer, &ours);
	in0 = H_STAT(h, "Icmp6InMsgs");
	out0 = H_STAT(h, "Icmp6OutMsgs");
	for (uint16_t i = 0; i < 3; i++) {
		expect_accepted(h, send_echo(h, H_OUR_MAC, &peer, &ours, 0, 1, i,
		    data, sizeof(data)));
		expect_tx_count(h, 1);
	}
	expect_stat(h, "Icmp6InEchos", 3);
	expect_stat(h, "Icmp6OutEchoReplies", 3);
	CHECK_EQ(H_STAT(h, "Icmp6InMsgs") - in0, 3);
	CHECK_EQ(H_STAT(h, "Icmp6OutMsgs") - out0, 3);
	h_free(h);
}

/* RFC 4443 2.4 (f) rate-limits ICMPv6 *error* messages; echo replies are
 * informational (Linux: icmp.ratemask 0-1,3-127 excludes 129). 100
 * requests in the same nanosecond get 100 replies. */
TEST(rfc4443_2_4_f_echo_replies_not_rate_limited)
{
	static const uint8_t data[4] = { 1, 2, 3, 4 };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	expect_ns_answered(h, &peer, &ours);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 1, 1, data, sizeof(data));
	for (int i = 0; i < 100; i++)
		expect_accepted(h, h_send(h, &f));
	expect_tx_count(h, 100);
	expect_stat(h, "Icmp6OutEchoReplies", 100);
	h_free(h);
}

T_MAIN()
