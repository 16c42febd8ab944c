/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The router's side of Router Discovery through the public API with the
 * fake link and clock: RFC 4861 6.2.2-6.2.5 (advertising interfaces,
 * initial and random intervals, the RA's fields and radvd's option order,
 * final RAs), RFC 4191 2.2, RFC 8106 5. Solicitations and consistency:
 * core_radv_rs_test.c.
 */
#include "lib/radv.h"

/* ---- RFC 4861 6.2.4: intervals ---- */

/* "For the first few advertisements (up to MAX_INITIAL_RTR_ADVERTISEMENTS)
 * ... if the randomly chosen interval is greater than
 * MAX_INITIAL_RTR_ADVERT_INTERVAL, the timer SHOULD be set to
 * MAX_INITIAL_RTR_ADVERT_INTERVAL instead." With the default 200..600 s
 * the first three go at 0, 16 and 32 s, the fourth 200..600 s later. */
TEST(rfc4861_6_2_4_initial_ras_then_random)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(600);
	v6_time_t t0;

	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	h_clear_tx(h);
	CHECK_EQ(v6_radv_set(h->ifp, &c, h->now, h->err, sizeof(h->err)), 0);
	t0 = h->now;
	h_advance(h, 0);
	CHECK_EQ(count_ra(h), 1);
	CHECK_EQ(next_ra(h), t0 + 16 * SEC);
	h_advance(h, 16 * SEC - 1);
	CHECK_EQ(count_ra(h), 1);
	h_advance(h, 1);
	CHECK_EQ(count_ra(h), 2);
	CHECK_EQ(next_ra(h), t0 + 32 * SEC);
	h_advance(h, 16 * SEC);
	CHECK_EQ(count_ra(h), 3);
	CHECK(next_ra(h) >= h->now + 200 * SEC);
	CHECK(next_ra(h) <= h->now + 600 * SEC);
	h_advance(h, 199 * SEC);
	CHECK_EQ(count_ra(h), 3);
	h_advance(h, 401 * SEC);
	CHECK_EQ(count_ra(h), 4);
	expect_stat(h, "Icmp6OutRouterAdvertisements", 4);
	h_free(h);
}

/* "... a uniformly-distributed random value between the router's
 * configured MinRtrAdvInterval and MaxRtrAdvInterval": Max 10 s, Min
 * 0.33 * Max (radvd's default; 3333 ms here). */
TEST(rfc4861_6_2_4_random_interval_within_min_max)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(10);
	v6_time_t lo = V6_TIME_NEVER, hi = 0, last;

	advertise(h, &c);
	for (int i = 0; i < 3; i++) /* past the initial ones */
		h_advance(h, next_ra(h) - h->now);
	last = h->now;
	for (int i = 0; i < 300; i++) {
		h_clear_tx(h);
		v6_time_t t = next_ra(h);
		CHECK(t > h->now);
		h_advance(h, t - h->now);
		CHECK_EQ(count_ra(h), 1);
		v6_time_t iv = h->now - last;
		lo = iv < lo ? iv : lo;
		hi = iv > hi ? iv : hi;
		last = h->now;
	}
	CHECK(lo >= 3333 * MS);
	CHECK(hi <= 10000 * MS);
	CHECK(lo < 3700 * MS); /* spread over the whole range */
	CHECK(hi > 9600 * MS);
	h_free(h);
}

/* ---- RFC 4861 6.2.3, 4.2: the message ---- */

/* The fields and radvd's option order (send.c, checked against radvd 2.19
 * on a veth: Prefix Information, Route Information, RDNSS, DNSSL, MTU,
 * SLLA) and its defaults: Router Lifetime and route lifetime 3 * Max,
 * RDNSS and DNSSL lifetime Max; RIO of length 3. */
TEST(rfc4861_6_2_3_fields_and_radvd_option_order)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(10);
	const uint8_t *m, *f;
	size_t len = 0, idx = 0, o;
	uint8_t types[16];
	struct in6_addr ll = h_our_ll();
	static const uint8_t dnssl[] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0, 0, 0, 0 };

	c.managed = c.other = true;
	c.default_pref = 1;
	c.reachable_ms = 30000;
	c.retrans_ms = 1000;
	c.link_mtu = 1400;
	c.n_prefix = 1;
	c.prefix[0] = (struct v6_radv_prefix){ b_addr("2001:db8:5::"), 64, true, false, 86400, 14400 };
	c.n_route = 1;
	c.route[0] = (struct v6_radv_route){ b_addr("2001:db8:99::"), 48, 0, -1 };
	c.n_rdnss = 1;
	c.rdnss[0].addr[0] = b_addr("2001:db8::53");
	c.rdnss[0].n_addr = 1;
	c.rdnss[0].lifetime_s = -1;
	c.n_dnssl = 1;
	memcpy(c.dnssl[0].names, "example.org\0", 13);
	c.dnssl[0].lifetime_s = -1;
	h_clear_tx(h);
	advertise(h, &c);
	if (!CHECK_TRUE((m = last_ra(h, &len, &idx)) != NULL))
		return h_free(h);
	f = h->tx[idx];
	CHECK_MEM(f, H_ALLNODES_MAC, 6);
	CHECK_EQ(f[ETH + 7], 255);                   /* hop limit */
	CHECK_MEM(f + ETH + 8, ll.s6_addr, 16);      /* from the link-local */
	CHECK_MEM(f + ETH + 24, h_allnodes().s6_addr, 16);
	struct in6_addr all = h_allnodes();
	CHECK_EQ(b_csum6(&ll, &all, 58, m, len), 0);
	CHECK_EQ(m[1], 0);                           /* code */
	CHECK_EQ(m[4], 64);                          /* Cur Hop Limit */
	CHECK_EQ(m[5], 0x80 | 0x40 | 0x08);          /* M, O, Prf high */
	CHECK_EQ(rd16(m + 6), 30);                   /* 3 * MaxRtrAdvInterval */
	CHECK_EQ(rd32(m + 8), 30000);
	CHECK_EQ(rd32(m + 12), 1000);
	CHECK_EQ(opt_types(m, len, types, 16), 6);
	CHECK_MEM(types, ((uint8_t[]){ 3, 24, 25, 31, 5, 1 }), 6);
	o = opt_find(m, len, 3, 0);
	CHECK_EQ(m[o + 1], 4);
	CHECK_EQ(m[o + 2], 64);
	CHECK_EQ(m[o + 3], 0x80);                    /* L, not A */
	CHECK_EQ(rd32(m + o + 4), 86400);
	CHECK_EQ(rd32(m + o + 8), 14400);
	CHECK_MEM(m + o + 16, b_addr("2001:db8:5::").s6_addr, 16);
	o = opt_find(m, len, 24, 0);
	CHECK_EQ(m[o + 1], 3);
	CHECK_EQ(m[o + 2], 48);
	CHECK_EQ(m[o + 3], 0);
	CHECK_EQ(rd32(m + o + 4), 30);
	CHECK_MEM(m + o + 8, b_addr("2001:db8:99::").s6_addr, 16);
	o = opt_find(m, len, 25, 0);
	CHECK_EQ(m[o + 1], 3);
	CHECK_EQ(rd32(m + o + 4), 10);
	CHECK_MEM(m + o + 8, b_addr("2001:db8::53").s6_addr, 16);
	o = opt_find(m, len, 31, 0);
	CHECK_EQ(m[o + 1], 3);
	CHECK_EQ(rd32(m + o + 4), 10);
	CHECK_MEM(m + o + 8, dnssl, sizeof(dnssl));
	o = opt_find(m, len, 5, 0);
	CHECK_EQ(rd32(m + o + 4), 1400);
	o = opt_find(m, len, 1, 0);
	CHECK_EQ(m[o + 1], 1);
	CHECK_MEM(m + o + 2, H_OUR_MAC, 6);
	h_free(h);
}

/* No SLLA with AdvSourceLLAddress off, no MTU option with AdvLinkMTU 0;
 * RFC 4191 2.2: AdvDefaultLifetime 0 makes the preference medium. */
TEST(rfc4191_2_2_lifetime_zero_preference_medium)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(10);
	const uint8_t *m;
	size_t len = 0;

	c.source_lladdr = false;
	c.default_lifetime_s = 0;
	c.default_pref = -1;
	h_clear_tx(h);
	advertise(h, &c);
	if (!CHECK_TRUE((m = last_ra(h, &len, NULL)) != NULL))
		return h_free(h);
	CHECK_EQ(rd16(m + 6), 0);
	CHECK_EQ(m[5], 0);
	CHECK_EQ(len, 16);
	h_free(h);
}

/* radvd: "::/64" stands for the prefix of each non-link-local address of
 * the interface (with its own length), the last added first. */
TEST(radvd_any64_expands_to_the_interface_prefixes)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(10);
	struct in6_addr a1 = b_addr("2001:db8:1::1"), a2 = b_addr("2001:db8:2:0:1::1");
	const uint8_t *m;
	size_t len = 0, o;

	H_ADD_ADDR(h, &a1, 64);
	H_ADD_ADDR(h, &a2, 48);
	c.n_prefix = 1;
	c.prefix[0] = (struct v6_radv_prefix){ b_addr("::"), 64, true, true, 86400, 14400 };
	h_clear_tx(h);
	advertise(h, &c);
	if (!CHECK_TRUE((m = last_ra(h, &len, NULL)) != NULL))
		return h_free(h);
	CHECK(opt_find(m, len, 3, 2) == 0); /* two, the link-local left out */
	o = opt_find(m, len, 3, 0);
	CHECK_EQ(m[o + 2], 48);
	CHECK_EQ(m[o + 3], 0xc0);
	CHECK_MEM(m + o + 16, b_addr("2001:db8:2::").s6_addr, 16);
	o = opt_find(m, len, 3, 1);
	CHECK_EQ(m[o + 2], 64);
	CHECK_MEM(m + o + 16, b_addr("2001:db8:1::").s6_addr, 16);
	h_free(h);
}

/* RFC 4861 6.2.3: "the router SHOULD ... not exceed the link MTU": what
 * does not fit is left out and counted. */
TEST(rfc4861_6_2_3_ra_within_link_mtu)
{
	struct h_cfg cfg = { .mtu = 1280 };
	H_NEW(h, &cfg);
	struct v6_radv_conf c = conf_on(10);
	const uint8_t *m;
	size_t len = 0, idx = 0;

	c.n_prefix = V6_RADV_MAX_PREFIXES;
	for (unsigned i = 0; i < c.n_prefix; i++) {
		c.prefix[i] = (struct v6_radv_prefix){ b_addr("2001:db8::"), 64, true, true, 86400, 14400 };
		c.prefix[i].prefix.s6_addr[5] = (uint8_t)i;
	}
	c.n_dnssl = V6_RADV_MAX_DNSSL;
	for (unsigned i = 0; i < c.n_dnssl; i++) {
		memset(c.dnssl[i].names, 'a', 200);
		c.dnssl[i].names[60] = '.';
		c.dnssl[i].names[120] = '.';
		c.dnssl[i].names[180] = '.';
		c.dnssl[i].names[200] = c.dnssl[i].names[201] = '\0';
		c.dnssl[i].lifetime_s = -1;
	}
	h_clear_tx(h);
	advertise(h, &c);
	if (!CHECK_TRUE((m = last_ra(h, &len, &idx)) != NULL))
		return h_free(h);
	CHECK(h->tx_len[idx] <= ETH + 1280);
	CHECK(drops(h, "RA_OUT_NO_ROOM") >= 1);
	CHECK(opt_find(m, len, 1, 0) != 0); /* the SLLA still fits */
	h_free(h);
}

/* ---- RFC 4861 6.2.2: when to advertise ---- */

/* No RA while the link-local address is tentative (RAs come from it);
 * the first one once DAD has finished. No RA at all with forwarding off. */
TEST(rfc4861_6_2_2_no_ra_while_linklocal_tentative)
{
	struct h_cfg cfg = { .dad = 1, .no_up = 1 };
	H_NEW(h, &cfg);
	struct v6_radv_conf c = conf_on(600);

	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	CHECK_EQ(v6_radv_set(h->ifp, &c, h->now, h->err, sizeof(h->err)), 0);
	H_UP(h);
	h_advance(h, 500 * MS);
	CHECK_EQ(count_ra(h), 0);
	CHECK_EQ(next_ra(h), V6_TIME_NEVER);
	h_advance(h, 5 * SEC);
	CHECK_EQ(count_ra(h), 1);
	h_free(h);
}

TEST(rfc4861_6_2_2_no_ra_when_forwarding_off)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(600);

	CHECK_EQ(v6_radv_set(h->ifp, &c, h->now, h->err, sizeof(h->err)), 0);
	h_advance(h, 1000 * SEC);
	CHECK_EQ(count_ra(h), 0);
	CHECK_EQ(next_ra(h), V6_TIME_NEVER);
	/* forwarding on: advertising starts at the next poll */
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	h_advance(h, 0);
	CHECK_EQ(count_ra(h), 1);
	h_free(h);
}

/* ---- RFC 4861 6.2.5: ceasing ---- */

/* The final RA: Router Lifetime 0 (RFC 4191 2.2: preference medium), the
 * same options; as radvd's defaults routes, DNS servers and domains with
 * lifetime 0, prefixes unchanged. */
static void
check_final(struct harness *h)
{
	const uint8_t *m;
	size_t len = 0, o;

	CHECK_EQ(count_ra(h), 1);
	if (!CHECK_TRUE((m = last_ra(h, &len, NULL)) != NULL))
		return;
	CHECK_EQ(rd16(m + 6), 0);
	CHECK_EQ(m[5] & 0x18, 0);
	CHECK_TRUE((o = opt_find(m, len, 3, 0)) != 0);
	CHECK_EQ(rd32(m + o + 4), 86400);
	CHECK_TRUE((o = opt_find(m, len, 24, 0)) != 0);
	CHECK_EQ(rd32(m + o + 4), 0);
	CHECK_TRUE((o = opt_find(m, len, 25, 0)) != 0);
	CHECK_EQ(rd32(m + o + 4), 0);
}

static struct v6_radv_conf
conf_full(void)
{
	struct v6_radv_conf c = conf_on(10);
	c.default_pref = 1;
	c.n_prefix = 1;
	c.prefix[0] = (struct v6_radv_prefix){ b_addr("2001:db8:5::"), 64, true, true, 86400, 14400 };
	c.n_route = 1;
	c.route[0] = (struct v6_radv_route){ b_addr("2001:db8:99::"), 48, 0, -1 };
	c.n_rdnss = 1;
	c.rdnss[0].addr[0] = b_addr("2001:db8::53");
	c.rdnss[0].n_addr = 1;
	c.rdnss[0].lifetime_s = -1;
	return c;
}

TEST(rfc4861_6_2_5_final_ra_when_forwarding_off)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_full();

	advertise(h, &c);
	h_advance(h, 5 * SEC);
	h_clear_tx(h);
	H_SYSCTL(h, "conf.eth0.forwarding", "0");
	h_advance(h, 0);
	check_final(h);
	CHECK_EQ(next_ra(h), V6_TIME_NEVER);
	h_clear_tx(h);
	h_advance(h, 1000 * SEC);
	CHECK_EQ(count_ra(h), 0);
	h_free(h);
}

TEST(rfc4861_6_2_5_final_ra_on_stop_and_send_advert_off)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_full();

	advertise(h, &c);
	h_clear_tx(h);
	v6_radv_stop(h->stack, h->now); /* at once, no poll */
	check_final(h);
	h_clear_tx(h);
	v6_radv_stop(h->stack, h->now); /* owed once only */
	CHECK_EQ(count_ra(h), 0);

	/* again, then AdvSendAdvert off */
	c.max_interval_ms = 20000;
	CHECK_EQ(v6_radv_set(h->ifp, &c, h->now, h->err, sizeof(h->err)), 0);
	h_advance(h, 0);
	CHECK_EQ(count_ra(h), 1);
	h_clear_tx(h);
	c.send_advert = false;
	CHECK_EQ(v6_radv_set(h->ifp, &c, h->now, h->err, sizeof(h->err)), 0);
	check_final(h);
	h_clear_tx(h);
	h_advance(h, 1000 * SEC);
	CHECK_EQ(count_ra(h), 0);
	h_free(h);
}

/* RFC 4861 6.2.4: "when ... its configuration changes" the initial fast
 * RAs start again, the first at once. */
TEST(rfc4861_6_2_4_config_change_restarts_initial_ras)
{
	H_NEW(h, NULL);
	struct v6_radv_conf c = conf_on(600);

	advertise(h, &c);
	h_advance(h, 1000 * SEC);
	h_clear_tx(h);
	c.cur_hop_limit = 32;
	CHECK_EQ(v6_radv_set(h->ifp, &c, h->now, h->err, sizeof(h->err)), 0);
	h_advance(h, 0);
	CHECK_EQ(count_ra(h), 1);
	CHECK_EQ(next_ra(h), h->now + 16 * SEC);
	/* the same configuration again changes nothing */
	v6_time_t t = next_ra(h);
	CHECK_EQ(v6_radv_set(h->ifp, &c, h->now + SEC, h->err, sizeof(h->err)), 0);
	CHECK_EQ(next_ra(h), t);
	h_free(h);
}

T_MAIN()
