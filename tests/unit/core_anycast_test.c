/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Anycast addresses (RFC 4291 2.6, RFC 4443 2.2, RFC 4861 7.2.4 and 7.2.7,
 * RFC 4862 5.4; Linux anycast_src_echo_reply, icmp.echo_ignore_anycast,
 * neigh.IFACE.proxy_delay and proxy_qlen), through the public API with the
 * fake clock.
 */
#include "lib/harness.h"

#define ACAST "2001:db8::100"

static struct harness *
acast_new(const char *file, int line, const struct h_cfg *cfg)
{
	struct harness *h = h_new(file, line, cfg);
	struct in6_addr g = h_our_global(), ac = b_addr(ACAST);

	if (!h)
		return NULL;
	h_add_addr(file, line, h, &g, 64);
	if (v6_anycast_add(h->ifp, &ac, h->err, sizeof(h->err)) != 0) {
		t_fail(file, line, "v6_anycast_add: %s", h->err);
		h_free(h);
		return NULL;
	}
	return h;
}
#define ACAST_NEW(h, cfg)                                                  \
	struct harness *h = acast_new(__FILE__, __LINE__, cfg);            \
	if (h == NULL)                                                     \
		return

/* The peer's NS with SLLA first, so replies need no resolution. */
static void
peer_known(struct harness *h)
{
	struct bframe f;
	struct in6_addr peer = h_peer_global(), ours = h_our_global();

	b_ns_mcast(&f, H_PEER_MAC, &peer, &ours, 1);
	h_send(h, &f);
	h_clear_tx(h);
}

static int
send_echo_to(struct harness *h, const struct in6_addr *dst)
{
	struct bframe f;
	struct in6_addr peer = h_peer_global();

	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, dst);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 0x77, 1, (const uint8_t *)"anycast", 7);
	h_clear_tx(h);
	return h_send(h, &f);
}

/* RFC 4443 2.2 (b), Linux icmpv6_echo_reply with anycast_src_echo_reply=0:
 * the reply to an echo sent to an anycast address comes from a unicast
 * address of the interface. */
TEST(echo_to_anycast_answered_from_unicast)
{
	ACAST_NEW(h, NULL);
	struct in6_addr ac = b_addr(ACAST), g = h_our_global(), peer = h_peer_global();
	struct c_pkt p;

	peer_known(h);
	expect_accepted(h, send_echo_to(h, &ac));
	if (expect_tx_count(h, 1) == 0 && CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &g, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x77, 1, (const uint8_t *)"anycast", 7);
	}
	h_free(h);
}

/* anycast_src_echo_reply=1: from the anycast address itself. */
TEST(echo_to_anycast_src_echo_reply)
{
	ACAST_NEW(h, NULL);
	struct in6_addr ac = b_addr(ACAST), peer = h_peer_global();
	struct c_pkt p;

	H_SYSCTL(h, "anycast_src_echo_reply", "1");
	peer_known(h);
	expect_accepted(h, send_echo_to(h, &ac));
	if (expect_tx_count(h, 1) == 0 && CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &ac, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x77, 1, (const uint8_t *)"anycast", 7);
	}
	h_free(h);
}

/* icmp.echo_ignore_anycast=1: anycast echoes ignored, unicast answered. */
TEST(echo_ignore_anycast)
{
	ACAST_NEW(h, NULL);
	struct in6_addr ac = b_addr(ACAST), g = h_our_global();

	H_SYSCTL(h, "icmp.echo_ignore_anycast", "1");
	peer_known(h);
	expect_drop(h, send_echo_to(h, &ac), "ICMP6_ECHO_IGNORED_ANYCAST");
	expect_tx_count(h, 0);
	expect_accepted(h, send_echo_to(h, &g));
	expect_tx_count(h, 1);
	h_free(h);
}

/* RFC 4443 2.2 (b): a Port Unreachable about a datagram sent to the
 * anycast address comes from a unicast address (Linux would use the
 * anycast address; the RFC's MUST wins). */
TEST(error_about_anycast_packet_from_unicast)
{
	ACAST_NEW(h, NULL);
	struct in6_addr ac = b_addr(ACAST), g = h_our_global(), peer = h_peer_global();
	struct bframe f;
	struct c_pkt p;

	peer_known(h);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ac);
	b_udp(&f, 4000, 9, (const uint8_t *)"x", 1);
	expect_drop(h, h_send(h, &f), "UDP_NO_PORT");
	if (expect_tx_count(h, 1) == 0 && CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &g, &peer, 64, B_PROTO_ICMPV6);
		CHECK_ICMP6(&p, 1, 4);
	}
	h_free(h);
}

/* Not ours: a neighbouring address in the same prefix is still dropped. */
TEST(other_address_not_accepted)
{
	ACAST_NEW(h, NULL);
	struct in6_addr other = b_addr("2001:db8::101");

	peer_known(h);
	expect_drop(h, send_echo_to(h, &other), "IP6_DST_NOT_OURS");
	expect_tx_count(h, 0);
	h_free(h);
}

static void
send_ns_for_acast(struct harness *h, int mcast, int from_unspec)
{
	struct bframe f;
	struct in6_addr ac = b_addr(ACAST), peer = h_peer_global();
	struct in6_addr snm = b_snmc(&ac), src = from_unspec ? h_unspec() : peer;
	uint8_t mac[6];

	b_snmc_mac(mac, &ac);
	b_init(&f, H_PEER_MAC, mcast ? mac : H_OUR_MAC, &src, mcast ? &snm : &ac);
	f.hlim = 255;
	b_ns(&f, &ac);
	if (!from_unspec)
		b_opt_lla(&f, B_ND_OPT_SLLA, H_PEER_MAC);
	expect_accepted(h, h_send(h, &f));
}

/* RFC 4861 7.2.7: the NA for an anycast target answering a multicast NS
 * waits a random time (Linux: below proxy_delay, 80/100 s); RFC 4861
 * 7.2.4: S=1, O=0, with our TLLA. */
TEST(ns_mcast_for_anycast_na_delayed_without_override)
{
	ACAST_NEW(h, NULL);
	struct in6_addr ac = b_addr(ACAST), peer = h_peer_global();
	struct c_pkt p;
	v6_time_t waited = 0;

	h_clear_tx(h);
	send_ns_for_acast(h, 1, 0);
	expect_tx_count(h, 0);
	while (h->n_tx == 0 && waited < 800 * V6_NS_PER_MS) {
		h_advance(h, 10 * V6_NS_PER_MS);
		waited += 10 * V6_NS_PER_MS;
	}
	CHECK_TRUE(waited < 800 * V6_NS_PER_MS);
	if (expect_tx_count(h, 1) == 0 && CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ac, &peer, 255, B_PROTO_ICMPV6);
		CHECK_NA(&p, B_NA_S, &ac);
		CHECK_NA_TLLA_ONLY(&p, H_OUR_MAC);
	}
	/* Sent once. */
	h_clear_tx(h);
	h_advance(h, 2 * V6_NS_PER_S);
	expect_tx_count(h, 0);
	h_free(h);
}

/* The delays are random: over several solicitations they differ. */
TEST(anycast_na_delays_vary)
{
	ACAST_NEW(h, NULL);
	v6_time_t first[8];
	int distinct = 0;

	for (int i = 0; i < 8; i++) {
		v6_time_t waited = 0;
		h_clear_tx(h);
		send_ns_for_acast(h, 1, 0);
		while (h->n_tx == 0 && waited < V6_NS_PER_S) {
			h_advance(h, V6_NS_PER_MS);
			waited += V6_NS_PER_MS;
		}
		first[i] = waited;
		for (int k = 0; k < i; k++)
			if (first[k] == waited)
				goto seen;
		distinct++;
	seen:;
	}
	CHECK_TRUE(distinct >= 4);
	h_free(h);
}

/* A unicast NS (NUD) for the anycast address is answered at once, O=0. */
TEST(ns_unicast_for_anycast_immediate)
{
	ACAST_NEW(h, NULL);
	struct in6_addr ac = b_addr(ACAST);
	struct c_pkt p;

	h_clear_tx(h);
	send_ns_for_acast(h, 0, 0);
	if (expect_tx_count(h, 1) == 0 && CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0)
		CHECK_NA(&p, B_NA_S, &ac);
	h_free(h);
}

/* Another node's DAD probe for it: answered to all-nodes, S=0 O=0
 * (Linux ndisc_recv_ns), after the delay. */
TEST(dad_ns_for_anycast_answered_to_all_nodes)
{
	ACAST_NEW(h, NULL);
	struct in6_addr ac = b_addr(ACAST), all = h_allnodes();
	struct c_pkt p;

	h_clear_tx(h);
	send_ns_for_acast(h, 1, 1);
	expect_tx_count(h, 0);
	h_advance(h, 800 * V6_NS_PER_MS);
	if (expect_tx_count(h, 1) == 0 && CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_ALLNODES_MAC, H_OUR_MAC);
		CHECK_IP6(&p, &ac, &all, 255, B_PROTO_ICMPV6);
		CHECK_NA(&p, 0, &ac);
	}
	h_free(h);
}

/* proxy_delay=0: at once (Linux pneigh_enqueue is skipped). */
TEST(proxy_delay_zero_answers_at_once)
{
	ACAST_NEW(h, NULL);

	H_SYSCTL(h, "neigh.eth0.proxy_delay", "0");
	h_clear_tx(h);
	send_ns_for_acast(h, 1, 0);
	expect_tx_count(h, 1);
	h_free(h);
}

/* proxy_qlen bounds the waiting NAs; the excess is dropped and counted. */
TEST(proxy_qlen_bounds_waiting_nas)
{
	ACAST_NEW(h, NULL);

	H_SYSCTL(h, "neigh.eth0.proxy_qlen", "2");
	h_clear_tx(h);
	send_ns_for_acast(h, 1, 0);
	send_ns_for_acast(h, 1, 0);
	{
		struct bframe f;
		struct in6_addr ac = b_addr(ACAST), peer = h_peer_global();
		b_ns_mcast(&f, H_PEER_MAC, &peer, &ac, 1);
		CHECK_EQ(h_send(h, &f), 0); /* consumed; the NA is what is dropped */
		CHECK_STR(v6_drop_name(h->last_ev_drop), "NDISC_ANYCAST_QUEUE_FULL");
	}
	h_advance(h, V6_NS_PER_S);
	expect_tx_count(h, 2);
	/* The queue drained: room again. */
	h_clear_tx(h);
	send_ns_for_acast(h, 1, 0);
	h_advance(h, V6_NS_PER_S);
	expect_tx_count(h, 1);
	h_free(h);
}

/* RFC 4862 5.4: no DAD for an anycast address, even with accept_dad=1;
 * the unicast address still gets its probe. And the solicited-node group
 * is joined so the address can be resolved (RFC 4861 7.2.1). */
TEST(no_dad_for_anycast)
{
	struct h_cfg cfg = { .dad = 1 };
	H_NEW(h, &cfg);
	struct in6_addr ac = b_addr(ACAST), g = h_our_global();

	h_advance(h, 5 * V6_NS_PER_S); /* the link-local's DAD */
	h_clear_tx(h);
	CHECK_EQ(v6_anycast_add(h->ifp, &ac, h->err, sizeof(h->err)), 0);
	H_ADD_ADDR(h, &g, 64);
	h_advance(h, 5 * V6_NS_PER_S);
	CHECK_TRUE(h_find_icmp6(h, B_ND_NEIGHBOR_SOLICIT, &g) >= 0);
	CHECK_EQ(h_find_icmp6(h, B_ND_NEIGHBOR_SOLICIT, &ac), -1);
	h_clear_tx(h);
	send_ns_for_acast(h, 1, 0);
	h_advance(h, V6_NS_PER_S);
	expect_tx_count(h, 1);
	h_free(h);
}

/* Bad configuration is refused with a reason. */
TEST(anycast_add_errors)
{
	H_NEW(h, NULL);
	struct in6_addr m = b_addr("ff02::1"), u = h_unspec(), a = b_addr(ACAST);
	struct in6_addr ll = h_our_ll();
	char addr[64];

	CHECK_EQ(v6_anycast_add(h->ifp, &m, h->err, sizeof(h->err)), -1);
	CHECK_STR(h->err, "not a unicast address");
	CHECK_EQ(v6_anycast_add(h->ifp, &u, h->err, sizeof(h->err)), -1);
	CHECK_EQ(v6_anycast_add(h->ifp, &ll, h->err, sizeof(h->err)), -1);
	CHECK_STR(h->err, "address already on this interface");
	CHECK_EQ(v6_anycast_add(h->ifp, &a, h->err, sizeof(h->err)), 0);
	CHECK_EQ(v6_anycast_add(h->ifp, &a, h->err, sizeof(h->err)), -1);
	for (int i = 1; i < 8; i++) {
		struct in6_addr x;
		snprintf(addr, sizeof(addr), "2001:db8::%x", 0x200 + i);
		x = b_addr(addr);
		CHECK_EQ(v6_anycast_add(h->ifp, &x, h->err, sizeof(h->err)), 0);
	}
	{
		struct in6_addr x = b_addr("2001:db8::2ff");
		CHECK_EQ(v6_anycast_add(h->ifp, &x, h->err, sizeof(h->err)), -1);
		CHECK_STR(h->err, "too many anycast addresses on this interface (max 8)");
	}
	h_free(h);
}

T_MAIN()
