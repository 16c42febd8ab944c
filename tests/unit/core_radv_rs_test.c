/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The router's side of Router Discovery: Router Solicitations received
 * and answered (RFC 4861 6.1.1, 6.2.6), other routers' RAs checked
 * (6.2.7), the all-routers groups (RFC 4291 2.7.1). Through the public API
 * with the fake link and clock.
 */
#include "lib/radv.h"

/* ---- RFC 4861 6.2.6: solicitations ---- */

/* radvd 2.19 (AdvRASolicitedUnicast on): an RS with a source is answered
 * to it, after a random delay of at most MAX_RA_DELAY_TIME; its SLLA makes
 * a STALE entry. */
TEST(rfc4861_6_2_6_rs_answered_unicast_within_500ms)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(600);
	struct in6_addr peer = h_peer_ll();
	struct bframe f;
	char st[16];
	uint8_t mac[6];
	int is_router;

	advertise(h, &c);
	h_advance(h, 100 * SEC); /* past the initial RAs' fast pace: 16, 32 s */
	for (int i = 0; i < 20; i++) {
		v6_time_t t0 = h->now, t;
		h_clear_tx(h);
		rs_frame(&f, &peer, 255, 0, 1);
		expect_accepted(h, h_send(h, &f));
		if (i == 0) {
			CHECK_TRUE(h_neigh(h, &peer, mac, st, sizeof(st), &is_router));
			CHECK_STR(st, "STALE");
			CHECK_MEM(mac, H_PEER_MAC, 6);
		}
		for (t = t0; count_ra(h) == 0 && t <= t0 + 600 * MS; t += MS)
			h_advance(h, MS);
		CHECK_EQ(count_ra(h), 1);
		CHECK(h->now - t0 <= 500 * MS + MS);
		size_t idx = 0;
		if (last_ra(h, NULL, &idx)) {
			CHECK_MEM(h->tx[idx] + ETH + 24, peer.s6_addr, 16);
			CHECK_MEM(h->tx[idx], H_PEER_MAC, 6);
		}
		h_advance(h, 10 * SEC);
	}
	h_free(h);
}

/* "If the router sent a multicast Router Advertisement ... within the
 * last MIN_DELAY_BETWEEN_RAS seconds, schedule the advertisement to be
 * sent at a time corresponding to MIN_DELAY_BETWEEN_RAS plus the random
 * value after the previous advertisement was sent." An RS from :: is
 * answered by multicast. */
TEST(rfc4861_6_2_6_multicast_answer_rate_limited)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(600);
	struct in6_addr unspec = h_unspec();
	struct bframe f;
	v6_time_t t0, sent = 0;

	advertise(h, &c);
	t0 = h->now; /* the first multicast RA */
	h_clear_tx(h);
	h_advance(h, 1 * SEC);
	rs_frame(&f, &unspec, 255, 0, 0);
	expect_accepted(h, h_send(h, &f));
	CHECK(next_ra(h) >= t0 + 3 * SEC);
	CHECK(next_ra(h) <= t0 + 3500 * MS);
	while (count_ra(h) == 0 && h->now < t0 + 5 * SEC) {
		h_advance(h, MS);
		sent = h->now;
	}
	CHECK_EQ(count_ra(h), 1);
	CHECK(sent >= t0 + 3 * SEC && sent <= t0 + 3500 * MS + MS);
	size_t idx = 0;
	if (last_ra(h, NULL, &idx)) {
		CHECK_MEM(h->tx[idx] + ETH + 24, h_allnodes().s6_addr, 16);
	}
	/* Long after: within MAX_RA_DELAY_TIME; an RA already due earlier
	 * is not postponed. */
	h_advance(h, 100 * SEC);
	v6_time_t before = next_ra(h);
	t0 = h->now;
	rs_frame(&f, &unspec, 255, 0, 0);
	expect_accepted(h, h_send(h, &f));
	CHECK(next_ra(h) <= t0 + 500 * MS);
	CHECK(next_ra(h) <= before);
	h_free(h);
}

/* AdvRASolicitedUnicast off: multicast answers even to a unicast source. */
TEST(radvd_solicited_unicast_off_answers_multicast)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(600);
	struct in6_addr peer = h_peer_ll();
	struct bframe f;
	size_t idx = 0;

	c.solicited_unicast = false;
	advertise(h, &c);
	h_advance(h, 100 * SEC);
	h_clear_tx(h);
	rs_frame(&f, &peer, 255, 0, 1);
	expect_accepted(h, h_send(h, &f));
	h_advance(h, 501 * MS);
	CHECK_EQ(count_ra(h), 1);
	if (last_ra(h, NULL, &idx))
		CHECK_MEM(h->tx[idx] + ETH + 24, h_allnodes().s6_addr, 16);
	h_free(h);
}

/* RFC 4861 6.1.1: invalid solicitations are silently discarded; a host
 * (6.2.6) and a router that does not advertise ignore valid ones. */
TEST(rfc4861_6_1_1_invalid_rs_dropped)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(600);
	struct in6_addr peer = h_peer_ll(), unspec = h_unspec();
	struct bframe f;

	/* a host has not joined ff02::2: to our link-local */
	struct in6_addr ours = h_our_ll();
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &ours);
	f.hlim = 255;
	b_icmp6(&f, 133, 0);
	b_put32(&f, 0);
	expect_silent_drop(h, &f, "RS_NOT_ROUTER");
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	rs_frame(&f, &peer, 255, 0, 1);
	expect_silent_drop(h, &f, "RS_NOT_ADVERTISING");
	advertise(h, &c);
	h_advance(h, 100 * SEC);
	rs_frame(&f, &peer, 64, 0, 1);
	expect_silent_drop(h, &f, "RS_HOPLIMIT");
	rs_frame(&f, &peer, 255, 1, 1);
	expect_silent_drop(h, &f, "RS_BAD_CODE");
	rs_frame(&f, &unspec, 255, 0, 1);
	expect_silent_drop(h, &f, "RS_UNSPEC_SLLA");
	rs_frame(&f, &peer, 255, 0, 0);
	b_opt_raw(&f, 1, 0, H_PEER_MAC, 6);
	expect_silent_drop(h, &f, "NDOPT_ZERO_LEN");
	rs_frame(&f, &peer, 255, 0, 0);
	b_opt_raw(&f, 1, 2, (const uint8_t[14]){ 2, 0, 0, 0, 0, 2 }, 14);
	expect_silent_drop(h, &f, "NDOPT_BAD_LLADDR_LEN");
	/* ICMP length below 8 */
	struct in6_addr routers = b_addr("ff02::2");
	b_init(&f, H_PEER_MAC, (const uint8_t[]){ 0x33, 0x33, 0, 0, 0, 2 }, &peer,
	    &routers);
	f.hlim = 255;
	b_icmp6(&f, 133, 0);
	expect_silent_drop(h, &f, "RS_TRUNCATED");
	h_advance(h, 1 * SEC);
	CHECK_EQ(count_ra(h), 0);
	h_free(h);
}

/* ---- RFC 4861 6.2.7: consistency ---- */

static void
peer_ra(struct harness *h, uint8_t hlim, uint8_t flags, uint32_t reach,
    uint32_t retrans, uint32_t mtu, uint32_t valid, uint32_t pref)
{
	struct in6_addr src = h_peer_ll(), all = h_allnodes();
	struct in6_addr px = b_addr("2001:db8:5::");
	struct bframe f;

	b_init(&f, H_PEER_MAC, H_ALLNODES_MAC, &src, &all);
	f.hlim = 255;
	b_icmp6(&f, 134, 0);
	b_put8(&f, hlim);
	b_put8(&f, flags);
	b_put16(&f, 1800);
	b_put32(&f, reach);
	b_put32(&f, retrans);
	b_put8(&f, 5);
	b_put8(&f, 1);
	b_put16(&f, 0);
	b_put32(&f, mtu);
	b_put8(&f, 3);
	b_put8(&f, 4);
	b_put8(&f, 64);
	b_put8(&f, 0xc0);
	b_put32(&f, valid);
	b_put32(&f, pref);
	b_put32(&f, 0);
	b_put(&f, px.s6_addr, 16);
	/* a router with accept_ra=1 does not take it (Linux) */
	expect_drop(h, h_send(h, &f), "RA_NOT_ACCEPTED");
}

TEST(rfc4861_6_2_7_inconsistent_ras_counted)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(600);
	static const char *const names[] = { "RA_INCONSISTENT_HLIM",
		"RA_INCONSISTENT_FLAGS", "RA_INCONSISTENT_REACHABLE",
		"RA_INCONSISTENT_RETRANS", "RA_INCONSISTENT_MTU",
		"RA_INCONSISTENT_VALID", "RA_INCONSISTENT_PREFERRED" };

	c.reachable_ms = 30000;
	c.retrans_ms = 1000;
	c.link_mtu = 1500;
	c.n_prefix = 1;
	c.prefix[0] = (struct v6_radv_prefix){ b_addr("2001:db8:5::"), 64, true, true, 86400, 14400 };
	/* not advertising yet: nothing checked */
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	peer_ra(h, 32, 0x80, 1, 2, 1400, 1, 1);
	for (unsigned i = 0; i < 7; i++)
		CHECK_EQ(drops(h, names[i]), 0);
	advertise(h, &c);
	/* the same values, and unspecified (0) ones: consistent */
	peer_ra(h, 64, 0, 30000, 1000, 1500, 86400, 14400);
	peer_ra(h, 0, 0, 0, 0, 1500, 86400, 14400);
	for (unsigned i = 0; i < 7; i++)
		CHECK_EQ(drops(h, names[i]), 0);
	/* every field different */
	peer_ra(h, 32, 0x40, 20000, 2000, 1400, 7200, 3600);
	for (unsigned i = 0; i < 7; i++)
		CHECK_EQ(drops(h, names[i]), 1);
	h_free(h);
}

/* ---- RFC 4291 2.7.1: a router listens to all-routers ---- */

static int
echo_to(struct harness *h, const char *group)
{
	struct in6_addr src = h_peer_ll(), dst = b_addr(group);
	uint8_t mac[6];
	struct bframe f;

	b_mcast_mac(mac, &dst);
	b_init(&f, H_PEER_MAC, mac, &src, &dst);
	b_echo(&f, 128, 0, 1, 1, NULL, 0);
	return h_send(h, &f);
}

TEST(rfc4291_2_7_1_all_routers_joined_while_forwarding)
{
	H_NEW(h, NULL);

	CHECK(echo_to(h, "ff02::2") != 0);
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	expect_accepted(h, echo_to(h, "ff02::2"));
	expect_accepted(h, echo_to(h, "ff05::2"));
	H_SYSCTL(h, "conf.eth0.forwarding", "0");
	CHECK(echo_to(h, "ff02::2") != 0);
	h_free(h);
}

T_MAIN()
