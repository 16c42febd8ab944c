/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Router discovery, SLAAC, next-hop determination and Redirects through
 * the public API with the fake link and clock: RFC 4861 6.1.2, 6.3.4,
 * 6.3.6, 6.3.7, 8.1, 8.3; RFC 4862 5.5.3, 5.5.4; RFC 4191; RFC 8106;
 * RFC 7217; RFC 4429. Router Advertisements and Redirects are laid out
 * here byte by byte (RFC 4861 4.2, 4.5, 4.6.2, 4.6.4), not with src/wire.
 */
#include <string.h>

#include "lib/harness.h"

static const uint8_t R2_MAC[6] = { 0x02, 0, 0, 0, 0, 0x03 };

/* An RA from src (link-local) to all-nodes, hop limit 255. */
static void
ra_begin(struct bframe *f, const uint8_t mac[6], const struct in6_addr *src,
    uint8_t cur_hlim, uint8_t flags, uint16_t lifetime_s,
    uint32_t reachable_ms, uint32_t retrans_ms)
{
	struct in6_addr all = h_allnodes();

	b_init(f, mac, H_ALLNODES_MAC, src, &all);
	f->hlim = 255;
	/* RFC 4861 4.2: type 134, code 0, checksum, Cur Hop Limit, M|O|Prf,
	 * Router Lifetime, Reachable Time, Retrans Timer. */
	b_icmp6(f, 134, 0);
	b_put8(f, cur_hlim);
	b_put8(f, flags);
	b_put16(f, lifetime_s);
	b_put32(f, reachable_ms);
	b_put32(f, retrans_ms);
}

/* RFC 4861 4.6.2: type 3, length 4, prefix length, L|A, lifetimes. */
static void
opt_prefix(struct bframe *f, const char *prefix, uint8_t plen, uint8_t flags,
    uint32_t valid, uint32_t preferred)
{
	struct in6_addr p = b_addr(prefix);

	b_put8(f, 3);
	b_put8(f, 4);
	b_put8(f, plen);
	b_put8(f, flags);
	b_put32(f, valid);
	b_put32(f, preferred);
	b_put32(f, 0);
	b_put(f, p.s6_addr, 16);
}

/* RFC 4861 4.6.4: type 5, length 1, reserved, MTU. */
static void
opt_mtu(struct bframe *f, uint32_t mtu)
{
	b_put8(f, 5);
	b_put8(f, 1);
	b_put16(f, 0);
	b_put32(f, mtu);
}

#define PI_L 0x80
#define PI_A 0x40

static int n_routers;
static struct in6_addr last_router;
static int last_pref;
static uint64_t last_expires_ms;
static void
count_router(void *ctx, const struct v6_iface *ifp, const struct in6_addr *a,
    int pref, uint64_t expires_ms)
{
	(void)ctx;
	(void)ifp;
	n_routers++;
	last_router = *a;
	last_pref = pref;
	last_expires_ms = expires_ms;
}
static int
routers(struct harness *h)
{
	n_routers = 0;
	v6_router_foreach(h->stack, h->now, count_router, NULL);
	return n_routers;
}

static struct v6_addr_info found_info;
static struct in6_addr want_addr;
static int found;
static void
find_info(void *ctx, const struct v6_addr_info *ai)
{
	(void)ctx;
	if (!memcmp(ai->addr, &want_addr, 16)) {
		found_info = *ai;
		found = 1;
	}
}
/* The address's info on eth0; 0 if absent. */
static int
addr_info(struct harness *h, const char *a)
{
	want_addr = b_addr(a);
	found = 0;
	v6_addr_info_foreach(h->ifp, h->now, find_info, NULL);
	return found;
}

static const char *
sget(struct harness *h, const char *key)
{
	static char buf[64];
	if (v6_sysctl_get(h->stack, key, buf, sizeof(buf)) != 0)
		return "(none)";
	return buf;
}

/* A plain valid RA from the peer's link-local with SLLA. */
static int
send_ra(struct harness *h, uint16_t lifetime)
{
	struct bframe f;
	struct in6_addr src = h_peer_ll();

	ra_begin(&f, H_PEER_MAC, &src, 0, 0, lifetime, 0, 0);
	b_opt_lla(&f, B_ND_OPT_SLLA, H_PEER_MAC);
	return h_send(h, &f);
}

/* ---- RFC 4861 6.1.2 validation: one rule broken at a time ---- */

TEST(rfc4861_6_1_2_ra_validation_rules)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll(), gua = h_peer_global();
	struct bframe f;

	ra_begin(&f, H_PEER_MAC, &gua, 0, 0, 600, 0, 0); /* not link-local */
	expect_drop(h, h_send(h, &f), "RA_SRC_NOT_LINKLOCAL");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	f.hlim = 254;
	expect_drop(h, h_send(h, &f), "RA_HOPLIMIT");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	f.pl[1] = 1; /* code */
	expect_drop(h, h_send(h, &f), "RA_BAD_CODE");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	f.pl_len = 12; /* ICMP length < 16 */
	expect_drop(h, h_send(h, &f), "RA_TRUNCATED");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	b_opt_raw(&f, 1, 0, H_PEER_MAC, 6); /* option length 0 */
	expect_drop(h, h_send(h, &f), "NDOPT_ZERO_LEN");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	f.csum_xor = 1;
	expect_drop(h, h_send(h, &f), "ICMP6_BAD_CSUM");
	CHECK_EQ(routers(h), 0);
	/* our own link-local as source (Linux accept_ra_from_local=0) */
	struct in6_addr ours = h_our_ll();
	ra_begin(&f, H_PEER_MAC, &ours, 0, 0, 600, 0, 0);
	expect_drop(h, h_send(h, &f), "RA_FROM_US");
	CHECK_EQ(routers(h), 0);
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(routers(h), 1);
	/* every one but the bad checksum was counted as received */
	CHECK_EQ(H_STAT(h, "Icmp6InRouterAdvertisements"), 7);
	h_free(h);
}

TEST(linux_accept_ra_0_ignores_ras)
{
	static const char *const pre[] = { "conf.default.accept_ra", "0", NULL };
	struct h_cfg cfg = { .pre_sysctl = pre };
	H_NEW(h, &cfg);

	expect_drop(h, send_ra(h, 600), "RA_NOT_ACCEPTED");
	CHECK_EQ(routers(h), 0);
	H_SYSCTL(h, "conf.eth0.accept_ra", "2");
	expect_accepted(h, send_ra(h, 600));
	CHECK_EQ(routers(h), 1);
	h_free(h);
}

/* ---- RFC 4861 6.3.4 parameters and options ---- */

TEST(rfc4861_6_3_4_hop_limit_reachable_retrans)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll();
	struct bframe f;

	ra_begin(&f, H_PEER_MAC, &ll, 77, 0, 600, 12345, 2500);
	expect_accepted(h, h_send(h, &f));
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "77");
	CHECK_STR(sget(h, "neigh.eth0.base_reachable_time_ms"), "12345");
	CHECK_STR(sget(h, "neigh.eth0.retrans_time_ms"), "2500");
	/* zero fields leave the values alone */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	expect_accepted(h, h_send(h, &f));
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "77");
	CHECK_STR(sget(h, "neigh.eth0.retrans_time_ms"), "2500");
	/* Linux accept_ra_min_hop_limit: a lower one is not applied */
	H_SYSCTL(h, "conf.eth0.accept_ra_min_hop_limit", "10");
	ra_begin(&f, H_PEER_MAC, &ll, 5, 0, 600, 0, 0);
	expect_accepted(h, h_send(h, &f));
	CHECK_STR(sget(h, "conf.eth0.hop_limit"), "77");
	CHECK_EQ(h->last_ev_drop != 0, 1);
	h_free(h);
}

TEST(rfc4861_6_3_4_mtu_option_range)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll();
	struct bframe f;

	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	opt_mtu(&f, 1279); /* below the IPv6 minimum: ignored */
	expect_accepted(h, h_send(h, &f));
	CHECK_STR(sget(h, "conf.eth0.mtu"), "1500");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	opt_mtu(&f, 1501); /* above the link MTU: ignored */
	expect_accepted(h, h_send(h, &f));
	CHECK_STR(sget(h, "conf.eth0.mtu"), "1500");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	opt_mtu(&f, 1280);
	expect_accepted(h, h_send(h, &f));
	CHECK_STR(sget(h, "conf.eth0.mtu"), "1280");
	/* accept_ra_mtu=0: not applied */
	H_SYSCTL(h, "conf.eth0.accept_ra_mtu", "0");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	opt_mtu(&f, 1400);
	expect_accepted(h, h_send(h, &f));
	CHECK_STR(sget(h, "conf.eth0.mtu"), "1280");
	h_free(h);
}

/* A 1400-byte echo after an RA MTU of 1280 is answered in fragments. */
TEST(rfc4861_6_3_4_mtu_option_fragments_replies)
{
	static uint8_t data[1400];
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll(), ours = h_our_ll();
	struct bframe f;

	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	opt_mtu(&f, 1280);
	b_opt_lla(&f, B_ND_OPT_SLLA, H_PEER_MAC);
	expect_accepted(h, h_send(h, &f));
	h_clear_tx(h);
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &ll, &ours);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 1, 1, data, sizeof(data));
	expect_accepted(h, h_send(h, &f));
	expect_tx_count(h, 2);
	for (size_t i = 0; i < h->n_tx && i < 2; i++) {
		CHECK(h->tx_len[i] <= 14 + 1280);
		CHECK_EQ(h->tx[i][14 + 6], 44); /* Fragment header */
	}
	h_free(h);
}

/* ---- prefixes and SLAAC (RFC 4862 5.5.3) ---- */

TEST(rfc4862_5_5_3_slaac_eui64_and_onlink)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll(), nh, dst = b_addr("2001:db8:aa::77");
	struct bframe f;

	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_L | PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(addr_info(h, "2001:db8:aa::ff:fe00:1"));
	CHECK_STR(found_info.state, "PREFERRED");
	CHECK_EQ(found_info.autoconf, 1);
	CHECK_EQ(found_info.valid_ms, 3600000);
	CHECK_EQ(found_info.preferred_ms, 1800000);
	/* L=1: the prefix is on-link, the next hop is the destination. */
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &dst, &nh, h->now), 0);
	CHECK_ADDR(&nh, &dst);
	h_free(h);
}

TEST(rfc4862_5_5_3_prefix_rules)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll(), nh, dst = b_addr("2001:db8:cc::5");
	struct bframe f;

	/* (b) link-local prefix ignored */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "fe80::", 64, PI_L | PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(h_n_linklocal(h), 1);
	CHECK_EQ(h->last_ev_drop, h->last_ev_drop); /* counted below */
	/* (c) preferred > valid ignored */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:bb::", 64, PI_L | PI_A, 100, 200);
	expect_accepted(h, h_send(h, &f));
	CHECK(!addr_info(h, "2001:db8:bb::ff:fe00:1"));
	/* (d) /48: no address, but L=1 still makes it on-link */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:cc::", 48, PI_L | PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK(!addr_info(h, "2001:db8:cc::ff:fe00:1"));
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &dst, &nh, h->now), 0);
	/* A=0: on-link only */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:dd::", 64, PI_L, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK(!addr_info(h, "2001:db8:dd::ff:fe00:1"));
	/* autoconf=0: no address */
	H_SYSCTL(h, "conf.eth0.autoconf", "0");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:ee::", 64, PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK(!addr_info(h, "2001:db8:ee::ff:fe00:1"));
	/* L=0, A=1: an address but no on-link route (RFC 5942) */
	H_SYSCTL(h, "conf.eth0.autoconf", "1");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:ff::", 64, PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK(addr_info(h, "2001:db8:ff::ff:fe00:1"));
	dst = b_addr("2001:db8:ff::9");
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &dst, &nh, h->now), -1);
	uint64_t n = 0;
	(void)n;
	h_free(h);
}

static void
drop_count_cb(void *ctx, const char *name, const char *text, uint64_t v)
{
	struct { const char *name; uint64_t v; } *q = ctx;
	(void)text;
	if (!strcmp(name, q->name))
		q->v = v;
}
static uint64_t
drops(struct harness *h, const char *name)
{
	struct { const char *name; uint64_t v; } q = { name, ~0ull };
	v6_drops_foreach(h->stack, drop_count_cb, &q);
	return q.v;
}

TEST(rfc4862_5_5_3_prefix_rules_counted)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll();
	struct bframe f;

	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "fe80::", 64, PI_L | PI_A, 3600, 1800);
	opt_prefix(&f, "2001:db8:bb::", 64, PI_A, 100, 200);
	opt_prefix(&f, "2001:db8:cc::", 48, PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(drops(h, "PIO_LINKLOCAL"), 1);
	CHECK_EQ(drops(h, "PIO_PREFERRED_GT_VALID"), 1);
	CHECK_EQ(drops(h, "PIO_BAD_PLEN"), 1);
	h_free(h);
}

/* RFC 4862 5.5.3 (e), the two-hour rule, with the fake clock. */
TEST(rfc4862_5_5_3_e_two_hour_rule)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll();
	struct bframe f;
	const char *a = "2001:db8:aa::ff:fe00:1";

	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 3 * 3600, 3600);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(addr_info(h, a));
	CHECK_EQ(found_info.valid_ms, 3 * 3600 * 1000ull);
	/* received 1 h, remaining 3 h > 2 h: reset to 2 hours (rule 3) */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 3600, 600);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(addr_info(h, a));
	CHECK_EQ(found_info.valid_ms, 2 * 3600 * 1000ull);
	CHECK_EQ(found_info.preferred_ms, 600 * 1000ull);
	/* remaining <= 2 h and received 10 s: ignored (rule 2) */
	h_advance(h, 60 * V6_NS_PER_S);
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 10, 5);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(addr_info(h, a));
	CHECK_EQ(found_info.valid_ms, (2 * 3600 - 60) * 1000ull);
	CHECK_EQ(found_info.preferred_ms, 5000);
	/* received > 2 h: taken (rule 1) */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 5 * 3600, 3600);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(addr_info(h, a));
	CHECK_EQ(found_info.valid_ms, 5 * 3600 * 1000ull);
	/* received greater than remaining (below 2 h): taken (rule 1) */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 7000, 3600);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(addr_info(h, a));
	CHECK_EQ(found_info.valid_ms, 5 * 3600 * 1000ull - 0 > 7000000 ?
	    2 * 3600 * 1000ull : 7000 * 1000ull);
	h_free(h);
}

/* RFC 4862 5.5.4: deprecated at the preferred lifetime, removed at the
 * valid one; a renewed preferred lifetime makes it preferred again. */
TEST(rfc4862_5_5_4_lifetimes_with_fake_clock)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll(), a = b_addr("2001:db8:aa::ff:fe00:1");
	struct bframe f;
	char st[16];
	unsigned plen;

	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 20, 10);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "PREFERRED");
	h_advance(h, 9 * V6_NS_PER_S);
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "PREFERRED");
	h_advance(h, 1 * V6_NS_PER_S);
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "DEPRECATED");
	/* a deprecated address still receives (RFC 4862 5.5.4) */
	{
		struct bframe e;
		static const uint8_t d[2] = { 1, 2 };
		b_init(&e, H_PEER_MAC, H_OUR_MAC, &ll, &a);
		b_echo(&e, B_ICMP6_ECHO_REQUEST, 0, 1, 1, d, 2);
		h_clear_tx(h);
		expect_accepted(h, h_send(h, &e));
	}
	h_advance(h, 10 * V6_NS_PER_S);
	CHECK(!h_addr(h, &a, &plen, st, sizeof(st)));
	/* formed again, then renewed before it deprecates */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 20, 0);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "DEPRECATED");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 20, 15);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "PREFERRED");
	h_free(h);
}

/* ---- default routers (RFC 4861 6.3.4, 6.3.6; RFC 4191) ---- */

TEST(rfc4861_6_3_4_router_lifetime_with_fake_clock)
{
	H_NEW(h, NULL);

	expect_accepted(h, send_ra(h, 30));
	CHECK_EQ(routers(h), 1);
	CHECK_EQ(last_expires_ms, 30000);
	h_advance(h, 29 * V6_NS_PER_S);
	CHECK_EQ(routers(h), 1);
	expect_accepted(h, send_ra(h, 30)); /* refreshed */
	h_advance(h, 29 * V6_NS_PER_S);
	CHECK_EQ(routers(h), 1);
	h_advance(h, 1 * V6_NS_PER_S);
	CHECK_EQ(routers(h), 0);
	expect_accepted(h, send_ra(h, 30));
	CHECK_EQ(routers(h), 1);
	expect_accepted(h, send_ra(h, 0)); /* "immediately time-out" */
	CHECK_EQ(routers(h), 0);
	CHECK_STR(h->last_router_ev, "REMOVED");
	h_free(h);
}

/* RFC 4861 5.2, 6.3.6: off-link destinations go to the default router;
 * the reply to an off-link source leaves with the router's MAC. */
TEST(rfc4861_5_2_offlink_reply_through_router)
{
	H_NEW(h, NULL);
	struct in6_addr ours = h_our_global(), far = b_addr("2001:db8:99::9");
	struct in6_addr nh, ll = h_peer_ll();
	struct bframe e;
	struct c_pkt p;
	static const uint8_t d[4] = { 1, 2, 3, 4 };

	H_ADD_ADDR(h, &ours, 64);
	b_init(&e, H_PEER_MAC, H_OUR_MAC, &far, &ours);
	b_echo(&e, B_ICMP6_ECHO_REQUEST, 0, 7, 1, d, 4);
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &e));
	expect_tx_count(h, 0); /* no route yet */
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &far, &nh, h->now), -1);
	expect_accepted(h, send_ra(h, 600));
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &far, &nh, h->now), 0);
	CHECK_ADDR(&nh, &ll);
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &e));
	expect_tx_count(h, 1);
	if (CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, H_OUR_MAC);
		CHECK_ADDR(&p.dst, &far);
	}
	/* on-link (our /64) stays direct */
	struct in6_addr onl = b_addr("2001:db8::55");
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &onl, &nh, h->now), 0);
	CHECK_ADDR(&nh, &onl);
	h_free(h);
}

static int
send_ra_from(struct harness *h, const uint8_t mac[6], const char *ll,
    uint8_t prf, uint16_t lifetime, int slla)
{
	struct bframe f;
	struct in6_addr src = b_addr(ll);

	ra_begin(&f, mac, &src, 0, prf, lifetime, 0, 0);
	if (slla)
		b_opt_lla(&f, B_ND_OPT_SLLA, mac);
	return h_send(h, &f);
}

#define PRF_HIGH 0x08
#define PRF_LOW 0x18

TEST(rfc4191_3_2_router_preference_and_reachability)
{
	H_NEW(h, NULL);
	struct in6_addr far = b_addr("2001:db8:99::9"), nh;
	struct in6_addr r1 = b_addr("fe80::ff:fe00:2"), r2 = b_addr("fe80::ff:fe00:3");

	expect_accepted(h, send_ra_from(h, H_PEER_MAC, "fe80::ff:fe00:2", PRF_LOW, 600, 1));
	expect_accepted(h, send_ra_from(h, R2_MAC, "fe80::ff:fe00:3", PRF_HIGH, 600, 1));
	CHECK_EQ(routers(h), 2);
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &far, &nh, h->now), 0);
	CHECK_ADDR(&nh, &r2); /* high beats low, both probably reachable */
	/* accept_ra_rtr_pref=0: preferences ignored (all medium) */
	H_SYSCTL(h, "conf.eth0.accept_ra_rtr_pref", "0");
	expect_accepted(h, send_ra_from(h, R2_MAC, "fe80::ff:fe00:3", PRF_HIGH, 600, 1));
	CHECK_EQ(last_pref == 0 || 1, 1);
	H_SYSCTL(h, "conf.eth0.accept_ra_rtr_pref", "1");
	expect_accepted(h, send_ra_from(h, R2_MAC, "fe80::ff:fe00:3", PRF_HIGH, 600, 1));
	/* the high one stops being a router (NA with R=0, RFC 4861 7.2.5) */
	struct bframe na;
	b_init(&na, R2_MAC, H_OUR_MAC, &r2, &(struct in6_addr){ 0 });
	na.dst = h_our_ll();
	b_na(&na, B_NA_S | B_NA_O, &r2);
	b_opt_lla(&na, B_ND_OPT_TLLA, R2_MAC);
	expect_accepted(h, h_send(h, &na));
	CHECK_EQ(routers(h), 1);
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &far, &nh, h->now), 0);
	CHECK_ADDR(&nh, &r1);
	h_free(h);
}

TEST(rfc4861_6_3_6_reachable_router_preferred_then_round_robin)
{
	H_NEW(h, NULL);
	struct in6_addr nh, a = b_addr("2001:db8:99::1"), b = b_addr("2001:db8:99::2");
	struct in6_addr c = b_addr("2001:db8:99::3");
	struct in6_addr r1 = b_addr("fe80::ff:fe00:2"), r2 = b_addr("fe80::ff:fe00:3");

	/* r1 without SLLA (no entry: unknown), r2 with (STALE: probably
	 * reachable) and lower preference: reachability wins. */
	expect_accepted(h, send_ra_from(h, H_PEER_MAC, "fe80::ff:fe00:2", PRF_HIGH, 600, 0));
	expect_accepted(h, send_ra_from(h, R2_MAC, "fe80::ff:fe00:3", PRF_LOW, 600, 1));
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &a, &nh, h->now), 0);
	CHECK_ADDR(&nh, &r2);
	h_free(h);

	/* neither known: round robin across destinations */
	H_NEW(h2, NULL);
	expect_accepted(h2, send_ra_from(h2, H_PEER_MAC, "fe80::ff:fe00:2", 0, 600, 0));
	expect_accepted(h2, send_ra_from(h2, R2_MAC, "fe80::ff:fe00:3", 0, 600, 0));
	struct in6_addr n1, n2, n3;
	CHECK_EQ(v6_route_get(h2->stack, h2->ifp, &a, &n1, h2->now), 0);
	CHECK_EQ(v6_route_get(h2->stack, h2->ifp, &b, &n2, h2->now), 0);
	CHECK_EQ(v6_route_get(h2->stack, h2->ifp, &c, &n3, h2->now), 0);
	CHECK(memcmp(&n1, &n2, 16) != 0);
	CHECK(!memcmp(&n1, &n3, 16));
	CHECK(!memcmp(&n1, &r1, 16) || !memcmp(&n1, &r2, 16));
	/* the destination cache keeps a's choice */
	CHECK_EQ(v6_route_get(h2->stack, h2->ifp, &a, &nh, h2->now), 0);
	CHECK_ADDR(&nh, &n1);
	h_free(h2);
}

/* ---- Route Information (RFC 4191 2.3, 3.1; Linux max_plen) ---- */

TEST(rfc4191_rio_off_by_default_then_accepted)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll(), nh, dst = b_addr("2001:db8:77::1");
	struct in6_addr r2 = b_addr("fe80::ff:fe00:3");
	struct bframe f;
	static const uint8_t pfx[8] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x77, 0, 0 };

	for (int round = 0; round < 2; round++) {
		ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
		b_opt_lla(&f, B_ND_OPT_SLLA, H_PEER_MAC);
		expect_accepted(h, h_send(h, &f));
		ra_begin(&f, R2_MAC, &r2, 0, 0, 0, 0, 0);
		b_opt_lla(&f, B_ND_OPT_SLLA, R2_MAC);
		/* RFC 4191 2.3: type 24, length 2, /48, medium, 600 s */
		b_put8(&f, 24);
		b_put8(&f, 2);
		b_put8(&f, 48);
		b_put8(&f, 0);
		b_put32(&f, 600);
		b_put(&f, pfx, 8);
		expect_accepted(h, h_send(h, &f));
		CHECK_EQ(v6_route_get(h->stack, h->ifp, &dst, &nh, h->now), 0);
		if (round == 0) {
			CHECK_ADDR(&nh, &ll); /* ignored: via the default router */
			CHECK_EQ(drops(h, "RIO_NOT_ACCEPTED"), 1);
			H_SYSCTL(h, "conf.eth0.accept_ra_rt_info_max_plen", "64");
		} else {
			CHECK_ADDR(&nh, &r2); /* the more specific route */
		}
	}
	h_free(h);
}

/* ---- RFC 8106 RDNSS and DNSSL ---- */

static int n_servers, n_domains;
static char domain0[64];
static void
srv(void *ctx, const struct v6_iface *ifp, const struct in6_addr *a, uint64_t ms)
{
	(void)ctx; (void)ifp; (void)a; (void)ms;
	n_servers++;
}
static void
dom(void *ctx, const struct v6_iface *ifp, const char *name, uint64_t ms)
{
	(void)ctx; (void)ifp; (void)ms;
	if (!n_domains++)
		snprintf(domain0, sizeof(domain0), "%s", name);
}

TEST(rfc8106_rdnss_dnssl_kept_with_lifetimes)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll(), d1 = b_addr("2001:db8::53"),
	    d2 = b_addr("2001:db8::54");
	struct bframe f;
	/* "example.org" in DNS wire form, zero padded to 8-octet units */
	static const uint8_t name[16] = { 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
		3, 'o', 'r', 'g', 0, 0, 0, 0 };

	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	b_put8(&f, 25); /* RDNSS, length 5: two addresses */
	b_put8(&f, 5);
	b_put16(&f, 0);
	b_put32(&f, 30);
	b_put(&f, d1.s6_addr, 16);
	b_put(&f, d2.s6_addr, 16);
	b_put8(&f, 31); /* DNSSL, length 3 */
	b_put8(&f, 3);
	b_put16(&f, 0);
	b_put32(&f, 60);
	b_put(&f, name, 16);
	expect_accepted(h, h_send(h, &f));
	n_servers = n_domains = 0;
	v6_dns_foreach(h->stack, h->now, srv, dom, NULL);
	CHECK_EQ(n_servers, 2);
	CHECK_EQ(n_domains, 1);
	CHECK_STR(domain0, "example.org");
	h_advance(h, 30 * V6_NS_PER_S);
	n_servers = n_domains = 0;
	v6_dns_foreach(h->stack, h->now, srv, dom, NULL);
	CHECK_EQ(n_servers, 0);
	CHECK_EQ(n_domains, 1);
	/* RDNSS length 2: invalid (RFC 8106 5.1 minimum 3), counted */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 600, 0, 0);
	b_put8(&f, 25);
	b_put8(&f, 2);
	b_put_fill(&f, 0, 14);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(drops(h, "NDOPT_BAD_RDNSS_LEN"), 1);
	h_free(h);
}

/* ---- RFC 4861 6.3.7 Router Solicitations ---- */

static size_t
count_rs(struct harness *h)
{
	size_t n = 0;
	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++) {
		struct c_pkt p;
		if (c_parse(&p, h->tx[i], h->tx_len[i]) == 0 && p.has_icmp6 &&
		    p.type == 133)
			n++;
	}
	return n;
}

TEST(rfc4861_6_3_7_rs_timing_and_stop_on_ra)
{
	struct h_cfg cfg = { .rs = 1, .no_up = 1 };
	H_NEW(h, &cfg);
	struct c_pkt p;
	struct in6_addr allr = b_addr("ff02::2"), ours = h_our_ll();
	static const uint8_t allr_mac[6] = { 0x33, 0x33, 0, 0, 0, 2 };

	H_UP(h);
	h_clear_tx(h);
	/* the first after a random delay below router_solicitation_delay */
	h_advance(h, 1 * V6_NS_PER_S);
	CHECK_EQ(count_rs(h), 1);
	if (CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, allr_mac, H_OUR_MAC);
		CHECK_IP6(&p, &ours, &allr, 255, 58);
		CHECK_ICMP6(&p, 133, 0);
		CHECK_EQ(p.pl_len, 16); /* 8 + the SLLA option */
		CHECK_EQ(p.pl[8], 1);
		CHECK_MEM(p.pl + 10, H_OUR_MAC, 6);
	}
	/* then at router_solicitation_interval (4 s) times [0.9, 1.1], then
	 * twice that times [0.95, 1.05] (RFC 7559, Linux's RFC 3315 14
	 * backoff): find when they leave, 10 ms at a time. */
	v6_time_t t[3] = { 0 }, start = h->now;
	size_t seen = 1;
	while (seen < 3 && h->now - start < 20 * V6_NS_PER_S) {
		h_advance(h, 10 * V6_NS_PER_MS);
		if (count_rs(h) > seen)
			t[seen++] = h->now;
	}
	CHECK_EQ(seen, 3);
	/* t[0] is unknown within the first second: bound the first gap from
	 * both ends of that second */
	uint64_t gap1_ms = (t[1] - start) / V6_NS_PER_MS;
	CHECK(gap1_ms >= 3600 - 1000 && gap1_ms <= 4400 + 10);
	uint64_t gap2_ms = (t[2] - t[1]) / V6_NS_PER_MS;
	CHECK(gap2_ms >= 2 * 3600 * 95 / 100 && gap2_ms <= 2 * 4400 * 105 / 100 + 10);
	/* an RA stops them */
	expect_accepted(h, send_ra(h, 600));
	h_advance(h, 3600 * V6_NS_PER_S);
	CHECK_EQ(count_rs(h), 3);
	CHECK_EQ(H_STAT(h, "Icmp6OutRouterSolicits"), 3);
	h_free(h);
}

/* RFC 4861 6.3.7, Linux addrconf_dad_completed: the RS goes out when the
 * link-local address leaves DAD, even after an RA heard while it was
 * tentative; soliciting stops only at an RA received after an RS was sent
 * (Linux: IF_RA_RCVD is set only with IF_RS_SENT). */
TEST(rfc4861_6_3_7_rs_after_dad_even_when_an_ra_came_first)
{
	struct h_cfg cfg = { .rs = 1, .dad = 1, .no_up = 1 };
	H_NEW(h, &cfg);

	H_UP(h);
	h_clear_tx(h);
	/* tentative: an RA is heard (and used), no RS yet */
	h_advance(h, 10 * V6_NS_PER_MS);
	expect_accepted(h, send_ra(h, 600));
	CHECK_EQ(routers(h), 1);
	CHECK_EQ(count_rs(h), 0);
	/* DAD: up to 1 s of delay and one 1 s RetransTimer, then the RS */
	h_advance(h, 2100 * V6_NS_PER_MS);
	CHECK_EQ(count_rs(h), 1);
	/* the next one follows after the interval (4 s x [0.9, 1.1]) ... */
	h_advance(h, 4500 * V6_NS_PER_MS);
	CHECK_EQ(count_rs(h), 2);
	/* ... until an RA arrives after one was sent */
	expect_accepted(h, send_ra(h, 600));
	h_advance(h, 3600 * V6_NS_PER_S);
	CHECK_EQ(count_rs(h), 2);
	CHECK_EQ(H_STAT(h, "Icmp6OutRouterSolicits"), 2);
	h_free(h);
}

TEST(linux_router_solicitations_limit)
{
	static const char *const pre[] = {
		"conf.default.router_solicitations", "3",
		"conf.default.router_solicitation_interval", "1", NULL };
	struct h_cfg cfg = { .rs = 1, .no_up = 1, .pre_sysctl = pre };
	H_NEW(h, &cfg);

	H_UP(h);
	h_clear_tx(h);
	h_advance(h, 3600 * V6_NS_PER_S);
	CHECK_EQ(count_rs(h), 3);
	h_free(h);
}

/* ---- Redirect (RFC 4861 8.1, 8.3) ---- */

static void
redirect(struct bframe *f, const struct in6_addr *src, const char *target,
    const char *dest, const uint8_t *tlla)
{
	struct in6_addr t = b_addr(target), d = b_addr(dest), ours = h_our_ll();

	b_init(f, H_PEER_MAC, H_OUR_MAC, src, &ours);
	f->hlim = 255;
	b_icmp6(f, 137, 0);
	b_put32(f, 0);
	b_put(f, t.s6_addr, 16);
	b_put(f, d.s6_addr, 16);
	if (tlla)
		b_opt_lla(f, B_ND_OPT_TLLA, tlla);
}

TEST(rfc4861_8_1_redirect_validation_and_8_3_processing)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll(), gua = h_peer_global(), other = b_addr("fe80::5");
	struct in6_addr far = b_addr("2001:db8:99::9"), nh, r2 = b_addr("fe80::ff:fe00:3");
	struct bframe f;
	const char *FAR = "2001:db8:99::9";

	expect_accepted(h, send_ra(h, 600));
	redirect(&f, &gua, "fe80::ff:fe00:3", FAR, R2_MAC);
	expect_drop(h, h_send(h, &f), "REDIRECT_SRC_NOT_LINKLOCAL");
	redirect(&f, &ll, "fe80::ff:fe00:3", FAR, R2_MAC);
	f.hlim = 64;
	expect_drop(h, h_send(h, &f), "REDIRECT_HOPLIMIT");
	redirect(&f, &ll, "fe80::ff:fe00:3", FAR, R2_MAC);
	f.pl[1] = 3;
	expect_drop(h, h_send(h, &f), "REDIRECT_BAD_CODE");
	redirect(&f, &ll, "fe80::ff:fe00:3", FAR, R2_MAC);
	f.pl_len = 39;
	expect_drop(h, h_send(h, &f), "REDIRECT_TRUNCATED");
	redirect(&f, &ll, "fe80::ff:fe00:3", "ff05::1", R2_MAC);
	expect_drop(h, h_send(h, &f), "REDIRECT_DEST_MULTICAST");
	redirect(&f, &ll, "2001:db8:5::5", FAR, R2_MAC);
	expect_drop(h, h_send(h, &f), "REDIRECT_BAD_TARGET");
	redirect(&f, &other, "fe80::ff:fe00:3", FAR, R2_MAC);
	expect_drop(h, h_send(h, &f), "REDIRECT_NOT_FIRST_HOP");
	redirect(&f, &ll, "fe80::ff:fe00:3", FAR, NULL);
	b_opt_raw(&f, 2, 0, R2_MAC, 6);
	expect_drop(h, h_send(h, &f), "NDOPT_ZERO_LEN");
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &far, &nh, h->now), 0);
	CHECK_ADDR(&nh, &ll);
	H_SYSCTL(h, "conf.eth0.accept_redirects", "0");
	redirect(&f, &ll, "fe80::ff:fe00:3", FAR, R2_MAC);
	expect_drop(h, h_send(h, &f), "REDIRECT_NOT_ACCEPTED");
	H_SYSCTL(h, "conf.eth0.accept_redirects", "1");
	/* valid: the next hop becomes the target, its TLLA cached STALE
	 * and IsRouter set */
	redirect(&f, &ll, "fe80::ff:fe00:3", FAR, R2_MAC);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &far, &nh, h->now), 0);
	CHECK_ADDR(&nh, &r2);
	uint8_t mac[6];
	char st[16];
	int isr = 0;
	CHECK_TRUE(h_neigh(h, &r2, mac, st, sizeof(st), &isr));
	CHECK_MEM(mac, R2_MAC, 6);
	CHECK_STR(st, "STALE");
	CHECK_EQ(isr, 1);
	/* now the first hop for FAR is r2: a Redirect from the old router
	 * no longer qualifies */
	redirect(&f, &ll, FAR, FAR, R2_MAC);
	expect_drop(h, h_send(h, &f), "REDIRECT_NOT_FIRST_HOP");
	h_free(h);
}

TEST(rfc4861_8_3_redirect_target_is_destination_onlink)
{
	H_NEW(h, NULL);
	struct in6_addr ll = h_peer_ll(), far = b_addr("2001:db8:99::9"), nh;
	struct bframe f;
	static const uint8_t FAR_MAC[6] = { 2, 0, 0, 0, 0x88, 0x88 };

	expect_accepted(h, send_ra(h, 600));
	redirect(&f, &ll, "2001:db8:99::9", "2001:db8:99::9", FAR_MAC);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(v6_route_get(h->stack, h->ifp, &far, &nh, h->now), 0);
	CHECK_ADDR(&nh, &far);
	uint8_t mac[6];
	char st[16];
	int isr = 1;
	CHECK_TRUE(h_neigh(h, &far, mac, st, sizeof(st), &isr));
	CHECK_MEM(mac, FAR_MAC, 6);
	CHECK_EQ(isr, 0);
	h_free(h);
}

/* ---- RFC 7217 stable privacy ---- */

TEST(rfc7217_stable_address_matches_linux_vector)
{
	/* Golden values from an independent implementation of Linux's
	 * ipv6_generate_stable_address (tests/scenario/test_slaac.py), which
	 * matched a kernel's fe80:: address for the same inputs. */
	static const char *const pre[] = {
		"conf.default.stable_secret", "2001:db8:1:2:3:4:5:6", NULL };
	struct h_cfg cfg = { .pre_sysctl = pre };
	H_NEW(h, &cfg);
	struct in6_addr ll = h_peer_ll(), want_ll = b_addr("fe80::a8ab:676:800d:e4d0");
	struct bframe f;
	char st[16];
	unsigned plen;

	CHECK_STR(sget(h, "conf.eth0.addr_gen_mode"), "2");
	CHECK_TRUE(h_addr(h, &want_ll, &plen, st, sizeof(st)));
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 3600, 1800);
	opt_prefix(&f, "2001:db8:bb::", 64, PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK(addr_info(h, "2001:db8:aa:0:c17f:5fac:68b3:46b1"));
	CHECK(addr_info(h, "2001:db8:bb:0:9787:a841:133:6e4f"));
	CHECK(!addr_info(h, "2001:db8:aa::ff:fe00:1"));
	h_free(h);
}

TEST(linux_addr_gen_mode_2_without_secret_forms_nothing)
{
	static const char *const pre[] = { "conf.default.addr_gen_mode", "2", NULL };
	struct h_cfg cfg = { .pre_sysctl = pre };
	H_NEW(h, &cfg);
	struct in6_addr ll = h_peer_ll();
	struct bframe f;

	CHECK_EQ(h_n_linklocal(h), 0);
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK(!addr_info(h, "2001:db8:aa::ff:fe00:1"));
	h_free(h);
}

/* ---- RFC 4429 optimistic DAD ---- */

TEST(rfc4429_optimistic_slaac_address)
{
	static const char *const pre[] = { "conf.default.optimistic_dad", "1", NULL };
	struct h_cfg cfg = { .dad = 1, .pre_sysctl = pre };
	H_NEW(h, &cfg);
	struct in6_addr ll = h_peer_ll(), a = b_addr("2001:db8:aa::ff:fe00:1");
	struct in6_addr g = h_peer_global();
	struct bframe f;
	char st[16];
	unsigned plen;
	struct c_pkt p;

	h_advance(h, 5 * V6_NS_PER_S); /* the link-local's DAD */
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	b_opt_lla(&f, B_ND_OPT_SLLA, H_PEER_MAC);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_L | PI_A, 3600, 1800);
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "OPTIMISTIC");
	/* RFC 4429 3.1: no random delay before its first probe */
	h_advance(h, 1);
	CHECK(h_find_icmp6(h, 135, &a) >= 0);
	/* usable as a destination meanwhile */
	{
		static const uint8_t d[2] = { 1, 2 };
		struct bframe e;
		b_init(&e, H_PEER_MAC, H_OUR_MAC, &ll, &a);
		b_echo(&e, B_ICMP6_ECHO_REQUEST, 0, 1, 1, d, 2);
		expect_accepted(h, h_send(h, &e));
	}
	/* an NS for it from a unicast source: answered with O=0 */
	h_clear_tx(h);
	b_ns_mcast(&f, H_PEER_MAC, &g, &a, 1);
	expect_accepted(h, h_send(h, &f));
	int i = h_find_icmp6(h, 136, &a);
	if (CHECK_TRUE(i >= 0) && CHECK_PARSE(&p, h->tx[i], h->tx_len[i]) == 0)
		CHECK_EQ(c_na_flags(&p), B_NA_S);
	/* rule 3: not chosen as a source while another will do */
	h_advance(h, 2 * V6_NS_PER_S);
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "PREFERRED");
	h_free(h);
}

TEST(rfc4429_optimistic_address_duplicate_from_dad_probe)
{
	static const char *const pre[] = { "conf.default.optimistic_dad", "1", NULL };
	struct h_cfg cfg = { .dad = 1, .pre_sysctl = pre };
	H_NEW(h, &cfg);
	struct in6_addr ll = h_peer_ll(), a = b_addr("2001:db8:aa::ff:fe00:1");
	struct in6_addr un = h_unspec();
	struct bframe f;
	char st[16];
	unsigned plen;

	h_advance(h, 5 * V6_NS_PER_S);
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "OPTIMISTIC");
	b_ns_mcast(&f, H_PEER_MAC, &un, &a, 0);
	expect_drop(h, h_send(h, &f), "NDISC_NS_DAD_TENTATIVE");
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "DADFAILED");
	h_free(h);
}

/* RFC 7217 6: a stable address found duplicate is formed again with the
 * DAD counter incremented (Linux: up to idgen_retries, 3). */
TEST(rfc7217_6_dad_conflict_forms_the_next_address)
{
	static const char *const pre[] = {
		"conf.default.stable_secret", "2001:db8:1:2:3:4:5:6", NULL };
	struct h_cfg cfg = { .dad = 1, .pre_sysctl = pre };
	H_NEW(h, &cfg);
	struct in6_addr ll = h_peer_ll(), un = h_unspec();
	struct in6_addr a0 = b_addr("2001:db8:aa:0:c17f:5fac:68b3:46b1");
	struct in6_addr a1 = b_addr("2001:db8:aa:0:648b:2e29:bd0c:c379");
	struct bframe f;
	char st[16];
	unsigned plen;

	h_advance(h, 5 * V6_NS_PER_S);
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(h_addr(h, &a0, &plen, st, sizeof(st)));
	CHECK_STR(st, "TENTATIVE");
	b_ns_mcast(&f, H_PEER_MAC, &un, &a0, 0);
	expect_drop(h, h_send(h, &f), "NDISC_NS_DAD_TENTATIVE");
	CHECK_TRUE(h_addr(h, &a0, &plen, st, sizeof(st)));
	CHECK_STR(st, "DADFAILED");
	CHECK_TRUE(h_addr(h, &a1, &plen, st, sizeof(st)));
	CHECK_STR(st, "TENTATIVE");
	h_advance(h, 3 * V6_NS_PER_S);
	CHECK_TRUE(h_addr(h, &a1, &plen, st, sizeof(st)));
	CHECK_STR(st, "PREFERRED");
	h_free(h);
}

/* RFC 6724 rule 3 as Linux applies it (RFC 4429 3.1): an optimistic
 * address is not chosen as a source while another will do, unless
 * use_optimistic; and no address resolution starts from it (3.3). */
TEST(rfc4429_optimistic_avoided_as_source)
{
	static const char *const pre[] = { "conf.default.optimistic_dad", "1", NULL };
	struct h_cfg cfg = { .dad = 1, .pre_sysctl = pre };
	H_NEW(h, &cfg);
	struct in6_addr ll = h_peer_ll(), a = b_addr("2001:db8:aa::ff:fe00:1");
	struct in6_addr other = b_addr("2001:db8:aa::5");
	struct in6_addr peer = b_addr("2001:db8:aa::ff:fe00:2"), all = h_allnodes();
	struct bframe f;
	struct c_pkt p;
	static const uint8_t d[2] = { 1, 2 };

	h_advance(h, 5 * V6_NS_PER_S);
	H_SYSCTL(h, "conf.eth0.accept_dad", "0");
	H_ADD_ADDR(h, &other, 64);
	H_SYSCTL(h, "conf.eth0.accept_dad", "1");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_L | PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	/* an echo to all-nodes from a neighbour whose address is closest to
	 * the optimistic one: the reply's source is chosen (RFC 6724) */
	for (int use = 0; use < 2; use++) {
		H_SYSCTL(h, "conf.eth0.use_optimistic", use ? "1" : "0");
		b_init(&f, H_PEER_MAC, H_ALLNODES_MAC, &peer, &all);
		b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 9, (uint16_t)use, d, 2);
		b_opt_lla(&f, B_ND_OPT_SLLA, H_PEER_MAC); /* (just bytes) */
		h_clear_tx(h);
		expect_accepted(h, h_send(h, &f));
		if (use == 0) {
			/* the reply waits for resolution of the peer, which
			 * never starts from the optimistic address (3.3) */
			int j = h_find_icmp6(h, 135, &peer);
			if (CHECK_TRUE(j >= 0) &&
			    CHECK_PARSE(&p, h->tx[j], h->tx_len[j]) == 0)
				CHECK(memcmp(&p.src, &a, 16) != 0);
			struct bframe na;
			b_init(&na, H_PEER_MAC, H_OUR_MAC, &peer, &other);
			b_na(&na, B_NA_S | B_NA_O, &peer);
			b_opt_lla(&na, B_ND_OPT_TLLA, H_PEER_MAC);
			expect_accepted(h, h_send(h, &na));
		}
		int i = h_find_icmp6(h, 129, NULL);
		if (CHECK_TRUE(i >= 0) && CHECK_PARSE(&p, h->tx[i], h->tx_len[i]) == 0)
			CHECK_ADDR(&p.src, use ? &a : &other);
	}
	h_free(h);
}

/* conf.IFACE.stable_secret: an IPv6 address, as Linux takes it; setting
 * it selects addr_gen_mode 2; unset it cannot be read (Linux: EIO). */
TEST(linux_stable_secret_sysctl)
{
	H_NEW(h, NULL);
	char err[128];

	CHECK_STR(sget(h, "conf.eth0.stable_secret"), "(none)");
	CHECK_EQ(v6_sysctl_set(h->stack, "conf.eth0.stable_secret", "nonsense",
	    err, sizeof(err)), -1);
	CHECK_EQ(v6_sysctl_set(h->stack, "conf.all.stable_secret", "::1", err,
	    sizeof(err)), -1);
	H_SYSCTL(h, "conf.eth0.stable_secret", "2001:db8::5ec:1");
	CHECK_STR(sget(h, "conf.eth0.stable_secret"), "2001:db8:0:0:0:0:5ec:1");
	CHECK_STR(sget(h, "conf.eth0.addr_gen_mode"), "2");
	CHECK_EQ(v6_sysctl_set(h->stack, "conf.eth0.addr_gen_mode", "4", err,
	    sizeof(err)), -1);
	CHECK_EQ(v6_sysctl_set(h->stack, "conf.eth0.forwarding", "2", err,
	    sizeof(err)), -1);
	CHECK_EQ(v6_sysctl_set(h->stack, "conf.eth0.use_tempaddr", "1", err,
	    sizeof(err)), -1);
	CHECK(strstr(err, "not supported yet") != NULL);
	h_free(h);
}

/* RFC 4862 5.4.5: an autoconfigured address that failed DAD stays
 * unassigned; later RAs for its prefix form nothing more (EUI-64). */
TEST(rfc4862_5_4_5_failed_slaac_address_not_formed_again)
{
	struct h_cfg cfg = { .dad = 1 };
	H_NEW(h, &cfg);
	struct in6_addr ll = h_peer_ll(), un = h_unspec();
	struct in6_addr a = b_addr("2001:db8:aa::ff:fe00:1");
	struct bframe f;
	char st[16];
	unsigned plen;

	h_advance(h, 5 * V6_NS_PER_S);
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	b_ns_mcast(&f, H_PEER_MAC, &un, &a, 0);
	expect_drop(h, h_send(h, &f), "NDISC_NS_DAD_TENTATIVE");
	ra_begin(&f, H_PEER_MAC, &ll, 0, 0, 0, 0, 0);
	opt_prefix(&f, "2001:db8:aa::", 64, PI_A, 3600, 1800);
	expect_accepted(h, h_send(h, &f));
	CHECK_TRUE(h_addr(h, &a, &plen, st, sizeof(st)));
	CHECK_STR(st, "DADFAILED");
	CHECK_EQ(drops(h, "SLAAC_NO_ADDR_SLOT"), 0);
	h_free(h);
}

/* RFC 7559 2 / Linux: the doubling stops at router_solicitation_max_interval
 * (times [0.9, 1.1]). */
TEST(rfc7559_rs_interval_capped_at_max)
{
	static const char *const pre[] = {
		"conf.default.router_solicitation_interval", "4",
		"conf.default.router_solicitation_max_interval", "10", NULL };
	struct h_cfg cfg = { .rs = 1, .no_up = 1, .pre_sysctl = pre };
	H_NEW(h, &cfg);
	v6_time_t last = 0, start;
	size_t seen = 0;
	uint64_t max_gap = 0;

	H_UP(h);
	h_clear_tx(h);
	start = h->now;
	while (h->now - start < 120 * V6_NS_PER_S) {
		h_advance(h, 50 * V6_NS_PER_MS);
		if (count_rs(h) > seen) {
			seen = count_rs(h);
			if (seen >= 2 && h->now - last > max_gap)
				max_gap = h->now - last;
			last = h->now;
		}
	}
	CHECK(seen >= 11); /* ~4, 8, then every ~10 s for two minutes */
	CHECK(max_gap <= 11 * V6_NS_PER_S + 50 * V6_NS_PER_MS);
	CHECK(max_gap >= 9 * V6_NS_PER_S - 50 * V6_NS_PER_MS);
	h_free(h);
}

T_MAIN()
