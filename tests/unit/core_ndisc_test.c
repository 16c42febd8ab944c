/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Neighbor Discovery responder and address formation, against the public
 * API only, from RFC 4861 (7.1.1, 7.2.3, 7.2.4) and RFC 4862 (5.3, 5.4).
 *
 * Every test that expects silence also sends a valid NS in the same test
 * and expects it answered, so that a stack that answers nothing fails.
 */
#include "lib/harness.h"

/* ------------------------------------------------------------------ */
/* The test library itself: golden bytes computed outside this code.  */
/* ------------------------------------------------------------------ */

/*
 * NS from fe80::ff:fe00:2 (02:00:00:00:00:02) for fe80::ff:fe00:1 to its
 * solicited-node group, SLLA option. Checksum 0x7c97 computed by an
 * independent script (RFC 1071 over the RFC 8200 8.1 pseudo-header).
 */
static const uint8_t golden_ns[86] = {
	0x33, 0x33, 0xff, 0x00, 0x00, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x86, 0xdd, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0xfe, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0xff, 0xfe, 0x00, 0x00, 0x02, 0xff, 0x02,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0xff, 0x00, 0x00, 0x01, 0x87, 0x00,
	0x7c, 0x97, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0xff, 0xfe, 0x00, 0x00, 0x01, 0x01, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
};

/*
 * NA from fe80::ff:fe00:1 (02:00:00:00:00:01) to fe80::ff:fe00:2, S=1 O=1,
 * TLLA option (type 2). Checksum 0x1b1c, computed independently.
 */
static const uint8_t golden_na[86] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
	0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0xfe, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0xff, 0xfe, 0x00, 0x00, 0x01, 0xfe, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0xff, 0xfe, 0x00, 0x00, 0x02, 0x88, 0x00,
	0x1b, 0x1c, 0x60, 0x00, 0x00, 0x00, 0xfe, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0xff, 0xfe, 0x00, 0x00, 0x01, 0x02, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
};

/* The builder lays out an NS byte for byte as the golden vector. */
TEST(lib_builder_ns_matches_golden_bytes)
{
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	uint8_t out[128];
	size_t n;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	n = b_emit(&f, out, sizeof(out));
	CHECK_EQ(n, sizeof(golden_ns));
	CHECK_MEM(out, golden_ns, sizeof(golden_ns));
}

/* The checker accepts the golden NA and rejects the seed's bug (type-1
 * option), a wrong checksum and the Router flag. */
TEST(lib_checker_na_golden_and_seed_bug)
{
	struct in6_addr ours = h_our_ll(), peer = h_peer_ll();
	uint8_t bad[sizeof(golden_na)];
	struct c_pkt p;
	int saved;

	CHECK_PARSE(&p, golden_na, sizeof(golden_na));
	CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
	CHECK_IP6(&p, &ours, &peer, 255, B_PROTO_ICMPV6);
	CHECK_NA(&p, B_NA_S | B_NA_O, &ours);
	CHECK_NA_TLLA_ONLY(&p, H_OUR_MAC);

	/* The checks below must fail; their failures are not this test's. */
	fprintf(stderr, "  (expected checker failures follow)\n");
	saved = t_failed_checks;
	memcpy(bad, golden_na, sizeof(bad));
	bad[14 + 40 + 24] = B_ND_OPT_SLLA; /* the seed's bug */
	c_parse(&p, bad, sizeof(bad));
	int r1 = c_check_na_tlla_only(__FILE__, __LINE__, &p, H_OUR_MAC);
	memcpy(bad, golden_na, sizeof(bad));
	bad[14 + 40 + 2] ^= 0x01;
	c_parse(&p, bad, sizeof(bad));
	int r2 = c_check_icmp6(__FILE__, __LINE__, &p, 136, 0);
	memcpy(bad, golden_na, sizeof(bad));
	bad[14 + 40 + 4] |= B_NA_R;
	bad[14 + 40 + 2] = bad[14 + 40 + 3] = 0;
	{
		uint16_t c = b_csum6(&ours, &peer, 58, bad + 54, 32);

		bad[14 + 40 + 2] = (uint8_t)(c >> 8);
		bad[14 + 40 + 3] = (uint8_t)c;
	}
	c_parse(&p, bad, sizeof(bad));
	int fixed_csum_ok = p.csum_ok;
	int r3 = c_check_na(__FILE__, __LINE__, &p, B_NA_S | B_NA_O, &ours);
	t_failed_checks = saved;
	fprintf(stderr, "  (end of expected checker failures)\n");
	CHECK(r1 != 0);
	CHECK(r2 != 0);
	CHECK(r3 != 0);
	CHECK(fixed_csum_ok);
}

/* RFC 4291 2.5.1/App. A, RFC 2464 4: modified EUI-64; RFC 4291 2.7.1
 * solicited-node; RFC 2464 7: 33:33 mapping. */
TEST(lib_address_helpers)
{
	static const uint8_t sn_mac[6] = { 0x33, 0x33, 0xff, 0x00, 0x00, 0x01 };
	static const uint8_t mac2[6] = { 0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e };
	struct in6_addr ll = b_eui64_ll(H_OUR_MAC), want = h_our_ll();
	struct in6_addr g = b_addr("2001:db8::1234:5678"), sn;
	struct in6_addr ll2 = b_eui64_ll(mac2), want2 = b_addr("fe80::21b:21ff:fe3c:4d5e");
	uint8_t m[6];

	CHECK_ADDR(&ll, &want);
	CHECK_ADDR(&ll2, &want2);
	sn = b_snmc(&g);
	want = b_addr("ff02::1:ff34:5678");
	CHECK_ADDR(&sn, &want);
	b_snmc_mac(m, &ll);
	CHECK_MEM(m, sn_mac, 6);
}

/* ------------------------------------------------------------------ */
/* NS responder                                                       */
/* ------------------------------------------------------------------ */

/* RFC 4861 7.2.4: a valid multicast NS for our address is answered by a
 * solicited NA: src = target, dst = NS source, hop limit 255 (7.1.2),
 * R=0 (host), S=1, O=1, TLLA with our MAC, sent to the SLLA's MAC. */
TEST(rfc4861_7_2_4_ns_multicast_answered_by_na)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	struct c_pkt p;
	uint64_t out0 = H_STAT(h, "Icmp6OutMsgs");

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ours, &peer, 255, B_PROTO_ICMPV6);
		CHECK_NA(&p, B_NA_S | B_NA_O, &ours);
		CHECK_NA_TLLA_ONLY(&p, H_OUR_MAC);
		CHECK_EQ(p.plen, 32);
	}
	expect_stat(h, "Icmp6InNeighborSolicits", 1);
	expect_stat(h, "Icmp6OutNeighborAdvertisements", 1);
	CHECK_EQ(H_STAT(h, "Icmp6OutMsgs") - out0, 1);
	h_free(h);
}

/* RFC 4861 4.4 + 7.2.4: the NA carries a TARGET link-layer address option,
 * type 2 (the seed's bug was type 1, which Linux discards). Pins the
 * option type byte at its offset: 14 (Ethernet) + 40 (IPv6) + 24 (NA). */
TEST(rfc4861_4_4_na_option_type_byte_is_2)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0) {
		CHECK_EQ(h->tx_len[0] >= 14 + 40 + 32, 1);
		CHECK_EQ(h->tx[0][14 + 40 + 24], 2); /* Target LLA */
		CHECK_EQ(h->tx[0][14 + 40 + 25], 1); /* 8 octets */
		CHECK_MEM(&h->tx[0][14 + 40 + 26], H_OUR_MAC, 6);
	}
	h_free(h);
}

/* RFC 4861 7.2.4: a unicast NS (dst = our address, e.g. NUD) with SLLA is
 * answered to its source, at the SLLA's MAC. */
TEST(rfc4861_7_2_4_ns_unicast_answered_to_slla_mac)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	struct c_pkt p;

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	b_ns(&f, &ours);
	b_opt_lla(&f, B_ND_OPT_SLLA, H_PEER_MAC);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ours, &peer, 255, B_PROTO_ICMPV6);
		CHECK_NA(&p, B_NA_S | B_NA_O, &ours);
		CHECK_NA_TLLA_ONLY(&p, H_OUR_MAC);
	}
	h_free(h);
}

/* RFC 4861 7.2.4 with a global address added by v6_addr_add: the NA
 * comes from that address. */
TEST(rfc4861_7_2_4_ns_for_added_global_answered)
{
	H_NEW(h, NULL);
	struct in6_addr g = h_our_global(), peer = h_peer_global();
	struct bframe f;
	struct c_pkt p;
	unsigned plen = 0;

	H_ADD_ADDR(h, &g, 64);
	CHECK(h_addr(h, &g, &plen, NULL, 0));
	CHECK_EQ(plen, 64);
	b_ns_mcast(&f, H_PEER_MAC, &peer, &g, 1);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &g, &peer, 255, B_PROTO_ICMPV6);
		CHECK_NA(&p, B_NA_S | B_NA_O, &g);
		CHECK_NA_TLLA_ONLY(&p, H_OUR_MAC);
	}
	h_free(h);
}

/* RFC 4861 7.2.4: an NS from :: (someone's DAD for our address) is
 * answered to all-nodes ff02::1 (33:33:00:00:00:01) with S=0, O=1. */
TEST(rfc4861_7_2_4_ns_dad_answered_to_all_nodes)
{
	H_NEW(h, NULL);
	struct in6_addr any = h_unspec(), ours = h_our_ll(), all = h_allnodes();
	struct bframe f;
	struct c_pkt p;

	b_ns_mcast(&f, H_PEER_MAC, &any, &ours, 0);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_ALLNODES_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ours, &all, 255, B_PROTO_ICMPV6);
		CHECK_NA(&p, B_NA_O, &ours);
		CHECK_NA_TLLA_ONLY(&p, H_OUR_MAC);
	}
	expect_stat(h, "Icmp6OutNeighborAdvertisements", 1);
	h_free(h);
}

/* RFC 4861 7.2.3: "If the Source Address is the unspecified address the
 * node MUST NOT create or update the Neighbor Cache entry." */
TEST(rfc4861_7_2_3_ns_dad_creates_no_neighbour)
{
	H_NEW(h, NULL);
	struct in6_addr any = h_unspec(), ours = h_our_ll(), peer = h_peer_ll();
	struct bframe f;

	b_ns_mcast(&f, H_PEER_MAC, &any, &ours, 0);
	expect_accepted(h, h_send(h, &f));
	CHECK(!h_neigh(h, &any, NULL, NULL, 0, NULL));
	CHECK(!h_neigh(h, &peer, NULL, NULL, 0, NULL));
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 4861 7.1.1: "The IP Hop Limit field has a value of 255". */
TEST(rfc4861_7_1_1_ns_hop_limit_254_dropped)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	f.hlim = 254;
	expect_silent_drop(h, &f, "NDISC_HOPLIMIT");
	expect_stat(h, "Icmp6OutNeighborAdvertisements", 0);
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 4861 7.1.1: "ICMP Code is 0." */
TEST(rfc4861_7_1_1_ns_code_1_dropped)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	f.pl[1] = 1; /* code; the checksum is computed after */
	expect_silent_drop(h, &f, "NDISC_BAD_CODE");
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 4861 7.1.1: "ICMP length (derived from the IP length) is 24 or more
 * octets." An NS of 23 bytes (target cut short), valid checksum. */
TEST(rfc4861_7_1_1_ns_icmp_length_23_dropped)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 0);
	f.pl_len = 23;
	expect_silent_drop(h, &f, "NDISC_TRUNCATED");
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 4861 7.1.1: "Target Address is not a multicast address." Target
 * ff02::1 is sent to ff02::1:ff00:1, which is also our group. */
TEST(rfc4861_7_1_1_ns_multicast_target_dropped)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll(), all = h_allnodes();
	struct bframe f;

	struct in6_addr other = b_addr("fe80::abcd:ff:fe00:1");
	int r_mcast, r_other;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &all, 1);
	expect_silent_drop(h, &f, "NDISC_TARGET_MULTICAST");
	r_mcast = h_send(h, &f);
	/* The validity check (7.1.1) is its own rule: a multicast target is
	 * not merely "not ours" (7.2.3), so the reasons differ. */
	b_ns_mcast(&f, H_PEER_MAC, &peer, &other, 1);
	r_other = h_send(h, &f);
	CHECK(r_other != 0);
	if (r_mcast == r_other)
		t_fail(__FILE__, __LINE__, "multicast target dropped as %s, the "
		    "same reason as a unicast target not ours",
		    v6_drop_name(r_mcast));
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 4861 7.1.1: "All included options have a length that is greater
 * than zero." A valid SLLA followed by an option of length 0. */
TEST(rfc4861_7_1_1_ns_option_length_0_dropped)
{
	static const uint8_t zero6[6];
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	b_opt_raw(&f, 14, 0, zero6, 6);
	expect_silent_drop(h, &f, "NDOPT_ZERO_LEN");

	/* The same with the zero-length option first. */
	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 0);
	b_opt_raw(&f, B_ND_OPT_SLLA, 0, zero6, 6);
	b_opt_lla(&f, B_ND_OPT_SLLA, H_PEER_MAC);
	expect_silent_drop(h, &f, "NDOPT_ZERO_LEN");

	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 4861 7.1.1: "If the IP source address is the unspecified address,
 * there is no source link-layer address option in the message." */
TEST(rfc4861_7_1_1_ns_dad_with_slla_dropped)
{
	H_NEW(h, NULL);
	struct in6_addr any = h_unspec(), peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	b_ns_mcast(&f, H_PEER_MAC, &any, &ours, 1);
	expect_silent_drop(h, &f, "NDISC_DAD_WITH_SLLA");
	expect_stat(h, "Icmp6OutNeighborAdvertisements", 0);
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 4861 7.1.1: "If the IP source address is the unspecified address,
 * the IP destination address is a solicited-node multicast address." */
TEST(rfc4861_7_1_1_ns_dad_to_unicast_dropped)
{
	H_NEW(h, NULL);
	struct in6_addr any = h_unspec(), peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &any, &ours);
	b_ns(&f, &ours);
	expect_silent_drop(h, &f, "NDISC_DAD_NOT_SNMC");
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 4861 7.1.1: "The ICMP checksum is valid." (RFC 4443 2.3) */
TEST(rfc4861_7_1_1_ns_bad_checksum_dropped)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	f.csum_xor = 0x0100;
	expect_silent_drop(h, &f, "ICMP6_BAD_CSUM");
	expect_stat(h, "Icmp6InCsumErrors", 1);
	expect_stat(h, "Icmp6InNeighborSolicits", 0);
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 4861 7.2.3: "If the Target Address is not a valid 'unicast' or
 * anycast address assigned to the receiving interface ... the
 * solicitation is silently discarded." The target shares our
 * solicited-node group (low 24 bits 00:00:01), so only this rule drops
 * it. The NS is still a received NS (Icmp6InNeighborSolicits). */
TEST(rfc4861_7_2_3_ns_target_not_ours_ignored)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct in6_addr other = b_addr("fe80::abcd:ff:fe00:1");
	struct bframe f;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &other, 1);
	expect_silent_drop(h, &f, "NDISC_TARGET_NOT_OURS");
	expect_stat(h, "Icmp6InNeighborSolicits", 1);
	expect_stat(h, "Icmp6OutNeighborAdvertisements", 0);
	expect_ns_answered(h, &peer, &ours);
	expect_stat(h, "Icmp6InNeighborSolicits", 2);
	expect_stat(h, "Icmp6OutNeighborAdvertisements", 1);
	h_free(h);
}

/* RFC 4861 7.1.1 (end): options a receiver does not recognize "MUST be
 * silently ignored and the packet processed as normal". */
TEST(rfc4861_7_1_1_ns_unknown_option_ignored)
{
	static const uint8_t body[14] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
		13, 14 };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	struct c_pkt p;

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 0);
	b_opt_raw(&f, 200, 2, body, sizeof(body));
	b_opt_lla(&f, B_ND_OPT_SLLA, H_PEER_MAC);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_NA(&p, B_NA_S | B_NA_O, &ours);
		CHECK_NA_TLLA_ONLY(&p, H_OUR_MAC);
	}
	h_free(h);
}

/* Counters: Icmp6InNeighborSolicits counts received NS,
 * Icmp6OutNeighborAdvertisements counts sent NA (Linux snmp6 names). */
TEST(rfc4861_counters_ns_in_na_out)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	uint64_t msgs0 = H_STAT(h, "Icmp6OutMsgs");
	uint64_t in0 = H_STAT(h, "Icmp6InMsgs");

	for (int i = 0; i < 3; i++)
		expect_ns_answered(h, &peer, &ours);
	expect_stat(h, "Icmp6InNeighborSolicits", 3);
	expect_stat(h, "Icmp6OutNeighborAdvertisements", 3);
	CHECK_EQ(H_STAT(h, "Icmp6OutMsgs") - msgs0, 3);
	CHECK_EQ(H_STAT(h, "Icmp6InMsgs") - in0, 3);
	h_free(h);
}

/* Send a valid NS with SLLA mac from peer for our link-local; expect an
 * NA to mac (tx log and neighbour events are kept for the caller). */
static void
ns_from(const char *file, int line, struct harness *h, const uint8_t mac[6])
{
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	struct c_pkt p;

	b_ns_mcast(&f, mac, &peer, &ours, 1);
	h_clear_tx(h);
	h_expect_accepted(file, line, h, h_send(h, &f));
	if (h_expect_tx_count(file, line, h, 1) == 0 &&
	    c_check_parse(file, line, &p, h->tx[0], h->tx_len[0]) == 0) {
		c_check_eth(file, line, &p, mac, H_OUR_MAC);
		c_check_na(file, line, &p, B_NA_S | B_NA_O, &ours);
	}
}

/*
 * RFC 4861 7.2.3: an NS with SLLA from a unicast source creates (or
 * updates) the sender's entry with the SLLA's address and "its
 * reachability state MUST be set to STALE" (seen as a V6_EV_NEIGH_STATE
 * event). RFC 4861 7.3.3: "The first time a node sends a packet to a
 * neighbor whose entry is STALE, the sender changes the state to DELAY":
 * our NA is that packet, so v6_neigh_foreach then shows DELAY (as Linux).
 */
TEST(rfc4861_7_2_3_ns_slla_creates_stale_entry)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll();
	uint8_t mac[6];
	char state[32];
	int router = -1;

	CHECK(!h_neigh(h, &peer, NULL, NULL, 0, NULL));
	ns_from(__FILE__, __LINE__, h, H_PEER_MAC);
	CHECK_TRUE(h_neigh_went(h, &peer, "STALE"));
	if (CHECK_TRUE(h_neigh(h, &peer, mac, state, sizeof(state), &router))) {
		CHECK_STR(state, "DELAY");
		CHECK_MEM(mac, H_PEER_MAC, 6);
		CHECK_EQ(router, 0);
	}
	h_free(h);
}

/* RFC 4861 7.2.3: if the cached link-layer address differs from the
 * SLLA, "the cached address should be replaced by the received address,
 * and the entry's reachability state MUST be set to STALE"; the NA goes
 * to the new address (and, sent on a STALE entry, makes it DELAY, 7.3.3). */
TEST(rfc4861_7_2_3_ns_new_slla_replaces_lladdr)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll();
	uint8_t mac[6];
	char state[32];

	ns_from(__FILE__, __LINE__, h, H_PEER_MAC);
	ns_from(__FILE__, __LINE__, h, H_PEER2_MAC);
	CHECK_TRUE(h_neigh_went(h, &peer, "STALE"));
	if (CHECK_TRUE(h_neigh(h, &peer, mac, state, sizeof(state), NULL))) {
		CHECK_MEM(mac, H_PEER2_MAC, 6);
		CHECK_STR(state, "DELAY");
	}
	h_free(h);
}

/* RFC 4861 7.2.3 + 7.3.3: with a STALE entry from the NS, an echo request
 * from the same peer is answered at once to the peer's MAC, without any
 * NS from us (a STALE entry is used; NUD only starts a DELAY timer). */
TEST(rfc4861_7_3_3_stale_entry_used_without_resolution)
{
	static const uint8_t data[4] = { 0xde, 0xad, 0xbe, 0xef };
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	struct c_pkt p;

	expect_ns_answered(h, &peer, &ours);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 0x0101, 7, data, sizeof(data));
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ours, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x0101, 7, data, sizeof(data));
	}
	CHECK_EQ(h_find_icmp6(h, B_ND_NEIGHBOR_SOLICIT, NULL), -1);
	h_free(h);
}

/* ------------------------------------------------------------------ */
/* Addresses (RFC 4862)                                               */
/* ------------------------------------------------------------------ */

/* RFC 4862 5.3 + RFC 4291 2.5.1 + RFC 2464 5: v6_iface_up forms
 * fe80::/64 + modified EUI-64 of 02:00:00:00:00:01 = fe80::ff:fe00:1, and
 * NS for it are answered. */
TEST(rfc4862_5_3_link_local_from_eui64)
{
	H_NEW(h, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	unsigned plen = 0;

	CHECK_ADDR(&h->ll, &ours);
	if (CHECK_TRUE(h_addr(h, &ours, &plen, NULL, 0)))
		CHECK_EQ(plen, 64);
	CHECK_EQ(h_n_linklocal(h), 1);
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* The same with another MAC (U/L bit already 0 in the MAC: it gets set). */
TEST(rfc4862_5_3_link_local_other_mac)
{
	static const uint8_t mac[6] = { 0x00, 0x1b, 0x21, 0x3c, 0x4d, 0x5e };
	struct h_cfg cfg = { .mac = mac };
	H_NEW(h, &cfg);
	struct in6_addr peer = h_peer_ll(), ll = b_addr("fe80::21b:21ff:fe3c:4d5e");
	struct bframe f;
	struct c_pkt p;

	CHECK(h_addr(h, &ll, NULL, NULL, 0));
	b_ns_mcast(&f, H_PEER_MAC, &peer, &ll, 1);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, mac);
		CHECK_IP6(&p, &ll, &peer, 255, B_PROTO_ICMPV6);
		CHECK_NA(&p, B_NA_S | B_NA_O, &ll);
		CHECK_NA_TLLA_ONLY(&p, mac);
	}
	h_free(h);
}

/* Linux addr_gen_mode=1 (none): no link-local is formed, so NS for the
 * EUI-64 address get no answer; an added global address still works. */
TEST(linux_addr_gen_mode_1_no_link_local)
{
	struct h_cfg cfg = { .no_up = 1 };
	H_NEW(h, &cfg);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct bframe f;

	H_SYSCTL(h, "conf.eth0.addr_gen_mode", "1");
	H_UP(h);
	CHECK_EQ(h_n_linklocal(h), 0);
	CHECK(!h_addr(h, &ours, NULL, NULL, 0));
	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	expect_silent_drop(h, &f, "ETH_MCAST_NOT_JOINED");
	H_ADD_ADDR(h, &g, 64);
	expect_ns_answered(h, &pg, &g);
	h_free(h);
}

/* RFC 4862 5.4: with accept_dad=1 a new address is tentative; "the node
 * MUST NOT ... respond" to NS for it (5.4.3: unicast source). */
TEST(rfc4862_5_4_tentative_address_not_answered)
{
	struct h_cfg cfg = { .dad = 1 };
	H_NEW(h, &cfg);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct bframe f;

	H_ADD_ADDR(h, &g, 64);
	h_clear_tx(h);
	b_ns_mcast(&f, H_PEER_MAC, &pg, &g, 1);
	(void)h_send(h, &f); /* the reason is not pinned */
	expect_tx_count(h, 0);
	/* Liveness: once DAD is done (1 s RetransTimer, plus up to 1 s of
	 * initial delay), it is answered. */
	h_advance(h, 3 * V6_NS_PER_S);
	expect_ns_answered(h, &pg, &g);
	h_free(h);
}

/* RFC 4862 5.4: "Other packets addressed to the tentative address should
 * be silently discarded": an echo to it gets no reply (and no NS). */
TEST(rfc4862_5_4_packets_to_tentative_address_discarded)
{
	static const uint8_t data[4] = { 4, 3, 2, 1 };
	struct h_cfg cfg = { .dad = 1 };
	H_NEW(h, &cfg);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct bframe f;
	struct c_pkt p;

	H_ADD_ADDR(h, &g, 64);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 0x55, 1, data, sizeof(data));
	expect_silent_drop(h, &f, "IP6_DST_TENTATIVE");
	/* Liveness: once DAD is over, the same echo is answered. */
	h_advance(h, 3 * V6_NS_PER_S);
	expect_ns_answered(h, &pg, &g);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x55, 1, data, sizeof(data));
	}
	h_free(h);
}

/* RFC 4862 5.4.2: DAD sends an NS from :: to the target's solicited-node
 * group (RFC 4861 4.3: no SLLA from ::), hop limit 255; after
 * RetransTimer with no answer the address is assigned (5.4.5) and used. */
TEST(rfc4862_5_4_2_dad_ns_then_address_usable)
{
	struct h_cfg cfg = { .dad = 1 };
	H_NEW(h, &cfg);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr any = h_unspec(), sn = b_snmc(&g);
	uint8_t sn_mac[6];
	struct c_pkt p;
	int i;

	b_mcast_mac(sn_mac, &sn);
	H_ADD_ADDR(h, &g, 64);
	h_advance(h, 3 * V6_NS_PER_S);
	i = h_find_icmp6(h, B_ND_NEIGHBOR_SOLICIT, &g);
	if (i < 0) {
		t_fail(__FILE__, __LINE__, "no DAD NS for %s in %zu frames",
		    b_ntop(&g), h->n_tx);
	} else if (CHECK_PARSE(&p, h->tx[i], h->tx_len[i]) == 0) {
		CHECK_ETH(&p, sn_mac, H_OUR_MAC);
		CHECK_IP6(&p, &any, &sn, 255, B_PROTO_ICMPV6);
		CHECK_NS(&p, &g);
		CHECK_NS_NO_SLLA(&p);
	}
	expect_ns_answered(h, &pg, &g);
	h_free(h);
}

/* RFC 4862 5.4: the link-local formed at v6_iface_up goes through DAD too
 * (NS from :: for fe80::ff:fe00:1), then is answered. */
TEST(rfc4862_5_4_link_local_dad_at_up)
{
	struct h_cfg cfg = { .dad = 1, .no_up = 1 };
	H_NEW(h, &cfg);
	struct in6_addr ours = h_our_ll(), peer = h_peer_ll();
	struct in6_addr any = h_unspec(), sn = b_snmc(&ours);
	struct c_pkt p;
	int i;

	if (v6_iface_up(h->ifp, h->now, h->err, sizeof(h->err)) != 0)
		t_fail(__FILE__, __LINE__, "v6_iface_up: %s", h->err);
	h_advance(h, 3 * V6_NS_PER_S);
	i = h_find_icmp6(h, B_ND_NEIGHBOR_SOLICIT, &ours);
	if (i < 0) {
		t_fail(__FILE__, __LINE__, "no DAD NS for %s in %zu frames",
		    b_ntop(&ours), h->n_tx);
	} else if (CHECK_PARSE(&p, h->tx[i], h->tx_len[i]) == 0) {
		CHECK_IP6(&p, &any, &sn, 255, B_PROTO_ICMPV6);
		CHECK_NS(&p, &ours);
		CHECK_NS_NO_SLLA(&p);
	}
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

T_MAIN()
