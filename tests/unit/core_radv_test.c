/*
 * The router's side of Router Discovery through the public API with the
 * fake link and clock: RFC 4861 6.2.2-6.2.7 (advertising interfaces,
 * initial and random intervals, the RA's fields and radvd's option order,
 * Router Solicitations and their answers, final RAs, consistency), RFC
 * 4191 2.2, RFC 8106 5. Solicitations are laid out here byte by byte
 * (RFC 4861 4.1), and the RAs sent are read byte by byte (4.2, 4.6).
 */
#include <string.h>

#include "lib/harness.h"

#define ETH 14
#define IP6 40
#define MS V6_NS_PER_MS
#define SEC V6_NS_PER_S

/* ---- helpers ---- */

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

/* The ICMPv6 message of recorded frame i if it is an RA, else NULL. */
static const uint8_t *
ra_msg(struct harness *h, size_t i, size_t *len)
{
	const uint8_t *f = h->tx[i];

	if (i >= h->n_tx || i >= H_TX_MAX || h->tx_len[i] < ETH + IP6 + 16 ||
	    f[ETH + 6] != 58 || f[ETH + IP6] != 134)
		return NULL;
	if (len)
		*len = h->tx_len[i] - ETH - IP6;
	return f + ETH + IP6;
}

static size_t
count_ra(struct harness *h)
{
	size_t n = 0;
	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++)
		n += ra_msg(h, i, NULL) != NULL;
	return n;
}

/* The last RA recorded (its frame index in *idx), or NULL. */
static const uint8_t *
last_ra(struct harness *h, size_t *len, size_t *idx)
{
	for (size_t i = h->n_tx < H_TX_MAX ? h->n_tx : H_TX_MAX; i-- > 0;) {
		const uint8_t *m = ra_msg(h, i, len);
		if (m) {
			if (idx)
				*idx = i;
			return m;
		}
	}
	return NULL;
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) << 16 | rd16(p + 2); }

/* The option types of an RA, in order, into types[] (at most max). */
static size_t
opt_types(const uint8_t *m, size_t len, uint8_t *types, size_t max)
{
	size_t n = 0;
	for (size_t o = 16; o + 2 <= len && m[o + 1] && n < max; o += m[o + 1] * 8u)
		types[n++] = m[o];
	return n;
}

/* The first option of type t in an RA (its offset), or 0. */
static size_t
opt_find(const uint8_t *m, size_t len, uint8_t t, unsigned nth)
{
	for (size_t o = 16; o + 2 <= len && m[o + 1]; o += m[o + 1] * 8u)
		if (m[o] == t && nth-- == 0)
			return o;
	return 0;
}

/* A configuration with AdvSendAdvert on and MaxRtrAdvInterval max_s. */
static struct v6_radv_conf
conf_on(uint32_t max_s)
{
	struct v6_radv_conf c;
	v6_radv_conf_default(&c);
	c.send_advert = true;
	c.max_interval_ms = max_s * 1000;
	return c;
}

/* Forwarding on eth0 and c set; the first RA sent at once (cleared). */
static void
advertise(struct harness *h, const struct v6_radv_conf *c)
{
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	CHECK_EQ(v6_radv_set(h->ifp, c, h->now, h->err, sizeof(h->err)), 0);
	h_advance(h, 0);
}

static v6_time_t
next_ra(struct harness *h)
{
	v6_time_t t;
	(void)v6_radv_get(h->ifp, &t);
	return t;
}

/* An RS from src (MAC H_PEER_MAC) to ff02::2: hop limit hlim, code, and
 * an SLLA when with_slla. */
static void
rs_frame(struct bframe *f, const struct in6_addr *src, uint8_t hlim,
    uint8_t code, int with_slla)
{
	static const uint8_t routers_mac[6] = { 0x33, 0x33, 0, 0, 0, 2 };
	struct in6_addr dst = b_addr("ff02::2");

	b_init(f, H_PEER_MAC, routers_mac, src, &dst);
	f->hlim = hlim;
	/* RFC 4861 4.1: type 133, code, checksum, reserved. */
	b_icmp6(f, 133, code);
	b_put32(f, 0);
	if (with_slla)
		b_opt_lla(f, 1, H_PEER_MAC);
}

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
	size_t len, idx, o;
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
	size_t len;

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
	size_t len, o;

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
	size_t len, idx;

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
		size_t idx;
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
	size_t idx;
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
	size_t idx;

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
	size_t len, o;

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
