/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Input validation: Ethernet filtering (RFC 2464), IPv6 header checks
 * (RFC 8200 3, RFC 4291 2.7), destination ownership, ICMPv6 checksum
 * (RFC 4443 2.3), counters (RFC 4293 / Linux snmp6), the event hook, and
 * robustness against random frames.
 */
#include <stdlib.h>

#include "lib/harness.h"

static const uint8_t OTHER_MAC[6] = { 0x02, 0, 0, 0, 0, 0x99 };
static const uint8_t BCAST_MAC[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t echo_data[8] = { 'v', '6', 's', 't', 'a', 'c', 'k', 0 };

/* A valid echo request from the peer to our link-local. */
static void
echo_req(struct bframe *f, const uint8_t eth_dst[6], const struct in6_addr *dst)
{
	struct in6_addr peer = h_peer_ll();

	b_init(f, H_PEER_MAC, eth_dst, &peer, dst);
	b_echo(f, B_ICMP6_ECHO_REQUEST, 0, 0x0a0b, 0x0c0d, echo_data,
	    sizeof(echo_data));
}

/* A harness in which the peer is already in the neighbour cache. */
static struct harness *
h_with_peer(const char *file, int line)
{
	struct harness *h = h_new(file, line, NULL);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();

	if (h)
		h_expect_ns_answered(file, line, h, &peer, &ours);
	return h;
}
#define H_WITH_PEER(h)                                                     \
	struct harness *h = h_with_peer(__FILE__, __LINE__);               \
	if (h == NULL)                                                     \
		return

/* Liveness: a valid echo to our link-local is answered. */
#define EXPECT_ECHO_ANSWERED(h) expect_echo_answered(__FILE__, __LINE__, h)
static void
expect_echo_answered(const char *file, int line, struct harness *h)
{
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	struct c_pkt p;

	echo_req(&f, H_OUR_MAC, &ours);
	h_clear_tx(h);
	h_expect_accepted(file, line, h, h_send(h, &f));
	if (h_expect_tx_count(file, line, h, 1) == 0 &&
	    c_check_parse(file, line, &p, h->tx[0], h->tx_len[0]) == 0) {
		c_check_eth(file, line, &p, H_PEER_MAC, H_OUR_MAC);
		c_check_ip6(file, line, &p, &ours, &peer, 64, B_PROTO_ICMPV6);
		c_check_echo_reply(file, line, &p, 0x0a0b, 0x0c0d, echo_data,
		    sizeof(echo_data));
	}
	h_clear_tx(h);
}

/* ------------------------------------------------------------------ */
/* Ethernet (RFC 2464)                                                */
/* ------------------------------------------------------------------ */

/* RFC 2464 / IEEE 802.3: a unicast frame for another MAC is not ours. */
TEST(eth_unicast_for_other_mac_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;

	echo_req(&f, OTHER_MAC, &ours);
	expect_silent_drop(h, &f, "ETH_OTHERHOST");
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* RFC 2464 7: IPv6 maps multicast to 33:33:xx:xx:xx:xx and has no
 * broadcast; ff:ff:ff:ff:ff:ff is not IPv6-relevant. */
TEST(rfc2464_broadcast_frame_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll(), all = h_allnodes();
	struct bframe f;

	echo_req(&f, BCAST_MAC, &ours);
	expect_silent_drop(h, &f, "ETH_NOT_IPV6_GROUP");
	echo_req(&f, BCAST_MAC, &all);
	expect_silent_drop(h, &f, "ETH_NOT_IPV6_GROUP");
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* RFC 2464 7: 33:33 frames are accepted only for groups we listen to:
 * all-nodes 33:33:00:00:00:01 and our solicited-node group(s). Not
 * all-routers (a host) nor another solicited-node group. */
TEST(rfc2464_7_multicast_mac_not_joined_dropped)
{
	static const uint8_t allrouters_mac[6] = { 0x33, 0x33, 0, 0, 0, 0x02 };
	static const uint8_t other_sn_mac[6] = { 0x33, 0x33, 0xff, 0, 0, 0x99 };
	H_WITH_PEER(h);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll(), all = h_allnodes();
	struct bframe f;

	echo_req(&f, allrouters_mac, &all);
	expect_silent_drop(h, &f, "ETH_MCAST_NOT_JOINED");
	/* A valid NS for us, but in a frame for another group. */
	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	memcpy(f.eth_dst, other_sn_mac, 6);
	expect_silent_drop(h, &f, "ETH_MCAST_NOT_JOINED");
	expect_ns_answered(h, &peer, &ours);
	h_free(h);
}

/* RFC 2464 7: the all-nodes and our solicited-node MACs are accepted. */
TEST(rfc2464_7_joined_multicast_macs_accepted)
{
	H_WITH_PEER(h);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll(), all = h_allnodes();
	struct bframe f;

	echo_req(&f, H_ALLNODES_MAC, &all);
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	expect_tx_count(h, 1);
	expect_ns_answered(h, &peer, &ours); /* 33:33:ff:00:00:01 */
	h_free(h);
}

/* RFC 2464 3: IPv6 is EtherType 0x86DD; IPv4 and ARP are not ours. */
TEST(rfc2464_3_non_ipv6_ethertype_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;

	echo_req(&f, H_OUR_MAC, &ours);
	f.ethertype = B_ETHERTYPE_IPV4;
	expect_silent_drop(h, &f, "ETH_NOT_IPV6");
	f.ethertype = B_ETHERTYPE_ARP;
	expect_silent_drop(h, &f, "ETH_NOT_IPV6");
	f.ethertype = 0x8100; /* 802.1Q: not handled */
	expect_silent_drop(h, &f, "ETH_NOT_IPV6");
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* Frames shorter than an Ethernet header are dropped with a reason. */
TEST(eth_runt_frames_dropped)
{
	H_WITH_PEER(h);
	uint8_t frame[14];

	memcpy(frame, H_OUR_MAC, 6);
	memcpy(frame + 6, H_PEER_MAC, 6);
	frame[12] = 0x86;
	frame[13] = 0xdd;
	for (size_t n = 0; n < sizeof(frame); n++) {
		h_clear_tx(h);
		CHECK(h_input(h, frame, n) != 0);
		expect_tx_count(h, 0);
	}
	/* An Ethernet header alone: an IPv6 packet too short. */
	h_clear_tx(h);
	CHECK(h_input(h, frame, 14) != 0);
	expect_tx_count(h, 0);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* ------------------------------------------------------------------ */
/* IPv6 header (RFC 8200)                                             */
/* ------------------------------------------------------------------ */

/* RFC 8200 3: "Version: 4-bit Internet Protocol version number = 6."
 * Linux counts Ip6InHdrErrors. */
TEST(rfc8200_3_version_not_6_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;
	uint64_t e0 = H_STAT(h, "Ip6InHdrErrors");

	echo_req(&f, H_OUR_MAC, &ours);
	f.version = 4;
	expect_silent_drop(h, &f, "IP6_BAD_VERSION");
	f.version = 7;
	expect_silent_drop(h, &f, "IP6_BAD_VERSION");
	CHECK_EQ(H_STAT(h, "Ip6InHdrErrors") - e0, 2);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* RFC 8200 3 Payload Length: a length past the end of the frame means a
 * truncated packet (Linux Ip6InTruncatedPkts). */
TEST(rfc8200_3_payload_length_beyond_frame_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;
	uint64_t t0 = H_STAT(h, "Ip6InTruncatedPkts");

	echo_req(&f, H_OUR_MAC, &ours);
	f.plen = (int)f.pl_len + 1;
	expect_silent_drop(h, &f, "IP6_TRUNCATED");
	f.plen = 0xffff;
	expect_silent_drop(h, &f, "IP6_TRUNCATED");
	CHECK_EQ(H_STAT(h, "Ip6InTruncatedPkts") - t0, 2);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* A frame with an IPv6 header cut short (39 bytes) is dropped. */
TEST(rfc8200_3_header_truncated_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;
	uint8_t buf[256];
	size_t n;

	echo_req(&f, H_OUR_MAC, &ours);
	n = b_emit(&f, buf, sizeof(buf));
	CHECK(n > 14 + 40);
	h_clear_tx(h);
	CHECK(h_input(h, buf, 14 + 39) != 0);
	expect_tx_count(h, 0);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* RFC 8200 3 Payload Length: bytes after the payload (Ethernet padding)
 * are not part of the packet: a valid echo with 10 trailing bytes is
 * answered with exactly its own data, and its checksum (over the payload
 * only) verifies. */
TEST(rfc8200_3_trailing_bytes_trimmed)
{
	H_WITH_PEER(h);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;
	struct c_pkt p;

	echo_req(&f, H_OUR_MAC, &ours);
	f.pad = 10;
	f.pad_byte = 0xa5;
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &ours, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x0a0b, 0x0c0d, echo_data,
		    sizeof(echo_data));
		CHECK_EQ(p.plen, 8 + sizeof(echo_data));
	}
	h_free(h);
}

/* RFC 4291 2.7: "Multicast addresses must not be used as source
 * addresses in IPv6 packets" (Linux Ip6InHdrErrors). */
TEST(rfc4291_2_7_multicast_source_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll(), all = h_allnodes();
	struct bframe f;
	uint64_t e0 = H_STAT(h, "Ip6InHdrErrors");

	echo_req(&f, H_OUR_MAC, &ours);
	f.src = all;
	expect_silent_drop(h, &f, "IP6_SRC_MULTICAST");
	CHECK_EQ(H_STAT(h, "Ip6InHdrErrors") - e0, 1);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* RFC 8200 / host behaviour: a unicast destination that is not ours, on
 * a route, is not answered (a host does not forward), Ip6InAddrErrors.
 * (With no route at all a host answers as Linux does, Destination
 * Unreachable code 0: core_forward_test, test_router.py.) */
TEST(rfc8200_dst_other_unicast_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_global();
	struct in6_addr other = b_addr("fe80::ff:fe00:99");
	struct in6_addr other_g = b_addr("2001:db8::99");
	struct bframe f;
	uint64_t a0;

	H_ADD_ADDR(h, &ours, 64);
	a0 = H_STAT(h, "Ip6InAddrErrors");

	echo_req(&f, H_OUR_MAC, &other);
	expect_silent_drop(h, &f, "IP6_DST_NOT_OURS");
	echo_req(&f, H_OUR_MAC, &other_g);
	expect_silent_drop(h, &f, "IP6_DST_NOT_OURS");
	CHECK_EQ(H_STAT(h, "Ip6InAddrErrors") - a0, 2);
	expect_stat(h, "Icmp6InEchos", 0);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* RFC 4291 2.7.1: a host listens to all-nodes and its solicited-node
 * groups; a multicast group it has not joined (all-routers ff02::2, in a
 * frame to our MAC) is not delivered. */
TEST(rfc4291_2_7_1_dst_group_not_joined_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr allrouters = b_addr("ff02::2");
	struct in6_addr other_sn = b_addr("ff02::1:ff00:99");
	struct bframe f;

	echo_req(&f, H_OUR_MAC, &allrouters);
	expect_silent_drop(h, &f, "IP6_MCAST_NOT_JOINED");
	echo_req(&f, H_OUR_MAC, &other_sn);
	expect_silent_drop(h, &f, "IP6_MCAST_NOT_JOINED");
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* RFC 4291 2.7.1 + RFC 4443 4.2: our solicited-node group is ours: an
 * echo to it is answered from our unicast link-local. */
TEST(rfc4291_2_7_1_dst_our_solicited_node_accepted)
{
	H_WITH_PEER(h);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct in6_addr sn = b_snmc(&ours);
	uint8_t sn_mac[6];
	struct bframe f;
	struct c_pkt p;

	b_mcast_mac(sn_mac, &sn);
	echo_req(&f, sn_mac, &sn);
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &ours, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x0a0b, 0x0c0d, echo_data,
		    sizeof(echo_data));
	}
	h_free(h);
}

/* RFC 4443 2.3: a message with a wrong checksum is discarded: Linux
 * counts Icmp6InCsumErrors and Icmp6InErrors; no reply. */
TEST(rfc4443_2_3_bad_checksum_dropped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;
	uint64_t c0 = H_STAT(h, "Icmp6InCsumErrors");
	uint64_t e0 = H_STAT(h, "Icmp6InErrors");

	echo_req(&f, H_OUR_MAC, &ours);
	f.csum_xor = 0xffff;
	expect_silent_drop(h, &f, "ICMP6_BAD_CSUM");
	f.csum_xor = 0x0001;
	expect_silent_drop(h, &f, "ICMP6_BAD_CSUM");
	CHECK_EQ(H_STAT(h, "Icmp6InCsumErrors") - c0, 2);
	CHECK_EQ(H_STAT(h, "Icmp6InErrors") - e0, 2);
	expect_stat(h, "Icmp6InEchos", 0);
	expect_stat(h, "Icmp6OutEchoReplies", 0);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* A checksum of zero is not "no checksum" in ICMPv6 (RFC 4443 2.3: it is
 * mandatory): a zeroed field on a message whose sum is not 0 is bad. */
TEST(rfc4443_2_3_zero_checksum_is_not_skipped)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;
	uint8_t buf[256];
	size_t n;

	echo_req(&f, H_OUR_MAC, &ours);
	n = b_emit(&f, buf, sizeof(buf));
	CHECK(buf[14 + 40 + 2] != 0 || buf[14 + 40 + 3] != 0);
	buf[14 + 40 + 2] = 0;
	buf[14 + 40 + 3] = 0;
	h_clear_tx(h);
	CHECK(h_input(h, buf, n) != 0);
	expect_tx_count(h, 0);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* RFC 4443 2.4 (b): "An ICMPv6 informational message of unknown type MUST
 * be silently discarded." */
TEST(rfc4443_2_4_b_unknown_informational_silently_discarded)
{
	H_WITH_PEER(h);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	b_icmp6(&f, 200, 0);
	b_put32(&f, 0x01020304);
	h_clear_tx(h);
	(void)h_send(h, &f);
	expect_tx_count(h, 0);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

/* RFC 4293 ipSystemStatsInReceives: "The total number of input IP
 * datagrams received, including those received in error" (Linux
 * Ip6InReceives): a valid echo, a bad version, a truncated packet, one
 * for another address and a bad checksum all count. */
TEST(rfc4293_in_receives_counts_every_ipv6_packet)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll(), other = b_addr("fe80::99");
	struct bframe f;
	uint64_t r0 = H_STAT(h, "Ip6InReceives");

	echo_req(&f, H_OUR_MAC, &ours);
	(void)h_send(h, &f);
	f.version = 5;
	(void)h_send(h, &f);
	echo_req(&f, H_OUR_MAC, &ours);
	f.plen = 1000;
	(void)h_send(h, &f);
	echo_req(&f, H_OUR_MAC, &other);
	(void)h_send(h, &f);
	echo_req(&f, H_OUR_MAC, &ours);
	f.csum_xor = 1;
	(void)h_send(h, &f);
	CHECK_EQ(H_STAT(h, "Ip6InReceives") - r0, 5);
	h_free(h);
}

/* Linux's Ip6In{NoECT,ECT1,ECT0,CE}Pkts (ip6_rcv_core): each datagram is
 * counted by the ECN field of its Traffic Class (RFC 3168 5: 00, 01, 10,
 * 11) once its version is 6, a truncated one too, a bad version not. */
TEST(linux_in_ecn_counters_by_codepoint)
{
	static const char *const names[4] = { "Ip6InNoECTPkts", "Ip6InECT1Pkts",
		"Ip6InECT0Pkts", "Ip6InCEPkts" };
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;
	uint64_t before[4];

	for (int i = 0; i < 4; i++)
		before[i] = H_STAT(h, names[i]);
	for (unsigned ecn = 0; ecn < 4; ecn++)
		for (unsigned k = 0; k <= ecn; k++) { /* ecn + 1 of each */
			echo_req(&f, H_OUR_MAC, &ours);
			f.tclass = (uint8_t)(0xa0 | ecn); /* a DSCP beside it */
			(void)h_send(h, &f);
		}
	echo_req(&f, H_OUR_MAC, &ours);
	f.tclass = 3;
	f.plen = 1000; /* truncated: counted */
	(void)h_send(h, &f);
	echo_req(&f, H_OUR_MAC, &ours);
	f.tclass = 3;
	f.version = 5; /* not IPv6: not counted */
	(void)h_send(h, &f);
	for (unsigned ecn = 0; ecn < 4; ecn++)
		CHECK_EQ(H_STAT(h, names[ecn]) - before[ecn], ecn + 1 + (ecn == 3));
	h_free(h);
}

/* RFC 4293 ipSystemStatsHCOutTransmits (Linux Ip6OutTransmits, counted in
 * ip6_finish_output2): every datagram handed to the link, one per echo
 * reply here, as the fake link saw them. */
TEST(rfc4293_out_transmits_counts_every_frame_sent)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;
	uint64_t t0 = H_STAT(h, "Ip6OutTransmits");
	size_t tx0 = h->n_tx_total;

	for (int i = 0; i < 3; i++) {
		echo_req(&f, H_OUR_MAC, &ours);
		(void)h_send(h, &f);
	}
	CHECK_EQ(h->n_tx_total - tx0, 3);
	CHECK_EQ(H_STAT(h, "Ip6OutTransmits") - t0, 3);
	h_free(h);
}

/* The event hook reports each drop with the reason v6_input returned,
 * and each sent frame (v6stack.h, struct v6_event). */
TEST(api_event_hook_reports_drop_and_tx)
{
	H_WITH_PEER(h);
	struct in6_addr ours = h_our_ll();
	struct bframe f;
	size_t d0 = h->n_ev_drop, t0 = h->n_ev_tx;
	int r;

	echo_req(&f, H_OUR_MAC, &ours);
	f.csum_xor = 0x1234;
	r = h_send(h, &f);
	CHECK(r != 0);
	CHECK_EQ(h->n_ev_drop - d0, 1);
	CHECK_EQ(h->last_ev_drop, r);
	/* The received frame, from its Ethernet header on. */
	CHECK(!h->last_ev_drop_ip6);
	CHECK_MEM(h->last_ev_drop_head, H_OUR_MAC, 6);
	EXPECT_ECHO_ANSWERED(h);
	CHECK_EQ(h->n_ev_tx - t0, 1);
	h_free(h);
}

/* Every drop reason has a name and a text (v6_drop_name/v6_drop_text). */
TEST(api_drop_reasons_have_names)
{
	H_WITH_PEER(h);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll();
	struct bframe f[6];
	int r;

	echo_req(&f[0], OTHER_MAC, &ours);
	echo_req(&f[1], H_OUR_MAC, &ours);
	f[1].version = 4;
	echo_req(&f[2], H_OUR_MAC, &ours);
	f[2].csum_xor = 1;
	b_ns_mcast(&f[3], H_PEER_MAC, &peer, &ours, 1);
	f[3].hlim = 1;
	echo_req(&f[4], H_OUR_MAC, &ours);
	f[4].ethertype = B_ETHERTYPE_IPV4;
	echo_req(&f[5], H_OUR_MAC, &ours);
	f[5].plen = 200;
	for (int i = 0; i < 6; i++) {
		r = h_send(h, &f[i]);
		if (!CHECK_TRUE(r != 0))
			continue;
		CHECK(v6_drop_name(r) != NULL && v6_drop_name(r)[0] != '\0');
		CHECK(v6_drop_text(r) != NULL && v6_drop_text(r)[0] != '\0');
	}
	h_free(h);
}

/* ------------------------------------------------------------------ */
/* Robustness                                                          */
/* ------------------------------------------------------------------ */

static void
print_drop(void *ctx, const char *name, const char *text, uint64_t value)
{
	(void)ctx;
	(void)text;
	if (value)
		fprintf(stderr, "    %-32s %llu\n", name, (unsigned long long)value);
}

static void
print_stat(void *ctx, const char *name, uint64_t value)
{
	(void)ctx;
	if (value)
		fprintf(stderr, "    %-32s %llu\n", name, (unsigned long long)value);
}

/* xorshift64*: the test's own PRNG with a fixed seed. */
static uint64_t
rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

/*
 * 10000 random, mutated and truncated frames: no crash (the sanitizer
 * build catches memory errors), every drop has a name, and afterwards the
 * stack still answers a valid NS and a valid echo. Half of the mutations
 * are made before the checksum is computed, so that they reach the ND and
 * echo code instead of stopping at the checksum.
 */
TEST(robustness_10000_random_frames)
{
	H_WITH_PEER(h);
	struct in6_addr peer = h_peer_ll(), ours = h_our_ll(), any = h_unspec();
	struct in6_addr all = h_allnodes();
	static struct bframe tmpl[7], f;
	static uint8_t frame[4096];
	uint64_t s = 0x9e3779b97f4a7c15ull;
	int n_named = 0, n_drop = 0;

	b_ns_mcast(&tmpl[0], H_PEER_MAC, &peer, &ours, 1);
	b_ns_mcast(&tmpl[1], H_PEER_MAC, &any, &ours, 0);
	echo_req(&tmpl[2], H_OUR_MAC, &ours);
	echo_req(&tmpl[3], H_ALLNODES_MAC, &all);
	b_init(&tmpl[4], H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	b_na(&tmpl[4], B_NA_S | B_NA_O, &peer);
	b_opt_lla(&tmpl[4], B_ND_OPT_TLLA, H_PEER_MAC);
	b_init(&tmpl[5], H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	b_udp(&tmpl[5], 5353, 9, echo_data, sizeof(echo_data));
	b_init(&tmpl[6], H_PEER_MAC, H_OUR_MAC, &peer, &ours); /* unicast NS */
	b_ns(&tmpl[6], &ours);
	b_opt_lla(&tmpl[6], B_ND_OPT_SLLA, H_PEER_MAC);

	for (int i = 0; i < 10000; i++) {
		uint64_t r = rng_next(&s);
		size_t n, t = (size_t)(r >> 8) % 7;
		int r2;

		f = tmpl[t];
		switch (r % 6) {
		case 0: /* random bytes, random length */
			n = (size_t)(rng_next(&s) % 300);
			for (size_t k = 0; k < n; k++)
				frame[k] = (uint8_t)rng_next(&s);
			if (n >= 15 && (r & 0x100)) {
				/* make it reach IPv6 */
				memcpy(frame, H_OUR_MAC, 6);
				frame[12] = 0x86;
				frame[13] = 0xdd;
				frame[14] = (uint8_t)(0x60 | (frame[14] & 0x0f));
			}
			break;
		case 1: /* bytes changed after the checksum: mostly bad sums */
			n = b_emit(&f, frame, sizeof(frame));
			for (int k = 1 + (int)(rng_next(&s) % 4); k > 0; k--) {
				uint64_t q = rng_next(&s);

				frame[14 + q % (n - 14)] = (uint8_t)(q >> 32);
			}
			break;
		case 2: /* a template cut short */
			n = b_emit(&f, frame, sizeof(frame));
			n = (size_t)(rng_next(&s) % n);
			break;
		case 3: /* payload bytes changed, then a valid checksum */
			for (int k = 1 + (int)(rng_next(&s) % 4); k > 0; k--) {
				uint64_t q = rng_next(&s);

				if (f.pl_len)
					f.pl[q % f.pl_len] = (uint8_t)(q >> 32);
			}
			if (r & 0x100)
				f.hlim = (uint8_t)(r >> 16);
			n = b_emit(&f, frame, sizeof(frame));
			break;
		case 4: /* random ND options (type, length 0..3), valid sum */
			if (f.next == B_PROTO_ICMPV6 && f.pl_len >= 24)
				f.pl_len = 24;
			for (int k = (int)(rng_next(&s) % 5); k > 0; k--) {
				uint64_t q = rng_next(&s);
				uint8_t body[22];
				uint8_t len = (uint8_t)(q % 4);

				for (size_t m = 0; m < sizeof(body); m++)
					body[m] = (uint8_t)rng_next(&s);
				b_opt_raw(&f, (uint8_t)((q >> 8) % 20), len, body,
				    len ? len * 8u - 2 : (q >> 16) % 8);
			}
			if (r & 0x100)
				f.src = (r & 0x200) ? any : all;
			n = b_emit(&f, frame, sizeof(frame));
			break;
		default: /* random payload length and trailing bytes */
			f.plen = (int)(rng_next(&s) % 0x10000);
			f.pad = (size_t)(rng_next(&s) % 1400);
			f.pad_byte = (uint8_t)r;
			n = b_emit(&f, frame, sizeof(frame));
			break;
		}
		r2 = h_input(h, frame, n);
		if (r2 != 0) {
			n_drop++;
			if (v6_drop_name(r2) && v6_drop_name(r2)[0])
				n_named++;
		}
		if (i % 97 == 0)
			h_advance(h, (rng_next(&s) % 2000) * V6_NS_PER_MS);
	}
	if (getenv("V6_TEST_VERBOSE")) { /* what the noise reached */
		fprintf(stderr, "  %d of 10000 dropped; drops:\n", n_drop);
		v6_drops_foreach(h->stack, print_drop, NULL);
		fprintf(stderr, "  counters:\n");
		v6_stats_foreach(h->stack, NULL, print_stat, NULL);
	}
	CHECK_EQ(n_named, n_drop);
	CHECK(n_drop > 0);
	CHECK_EQ(h->n_tx_oversize, 0);
	/* Let resolutions and NUD probes started by the noise run out. */
	h_advance(h, 30 * V6_NS_PER_S);
	expect_ns_answered(h, &peer, &ours);
	EXPECT_ECHO_ANSWERED(h);
	h_free(h);
}

T_MAIN()
