/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MLD host (RFC 3810; RFC 2710 for MLDv1 compatibility) with the fake
 * clock: state-change reports on join and leave (6.1), answers to General
 * and Multicast-Address-Specific Queries within the Maximum Response Delay
 * (6.2, 5.1.3 exponential codes), Query validation (5.1.14 and friends)
 * with named drops, MLDv1 compatibility (8.2.1, 9.12) with report
 * suppression and Done, and what every message must look like on the wire
 * (5: Hop-by-Hop Router Alert, hop limit 1, link-local source or ::
 * (5.2.13), ff02::16).
 *
 * Queries are laid out byte by byte here and the reports parsed here, with
 * tests/lib's checksum, independently of src/wire.
 */
#include "lib/harness.h"

#define V6_MAX_GROUPS_T 32
#define MS V6_NS_PER_MS
#define S V6_NS_PER_S

static const uint8_t HBH_RA[8] = { 58, 0, 5, 2, 0, 0, 1, 0 };

/* ---- queries ---- */

struct q {
	struct in6_addr src, dst, group;
	uint8_t hlim;
	int v1;           /* the 24-byte MLDv1 form */
	uint16_t mrc;
	uint8_t sqrv, qqic;
	uint16_t nsrc;    /* sources written (all ::1) */
	int no_hbh;       /* no Hop-by-Hop Router Alert */
	int bad_csum;
	int len_override; /* ICMPv6 length if nonzero (bytes appended/cut) */
};

/* Ethernet + IPv6 (+ HBH RA) + Query; returns the frame length. */
static size_t
query_frame(uint8_t *out, size_t cap, const struct q *q)
{
	uint8_t icmp[512];
	size_t n = 0, off = 0, hbh = q->no_hbh ? 0 : 8;
	uint8_t mac[6];

	memset(icmp, 0, sizeof(icmp));
	icmp[0] = 130;
	icmp[4] = (uint8_t)(q->mrc >> 8);
	icmp[5] = (uint8_t)q->mrc;
	memcpy(icmp + 8, q->group.s6_addr, 16);
	n = 24;
	if (!q->v1) {
		icmp[24] = q->sqrv;
		icmp[25] = q->qqic;
		icmp[26] = (uint8_t)(q->nsrc >> 8);
		icmp[27] = (uint8_t)q->nsrc;
		n = 28;
		for (int i = 0; i < q->nsrc; i++, n += 16)
			icmp[n + 15] = 1;
	}
	if (q->len_override)
		n = (size_t)q->len_override;
	uint16_t c = b_csum6(&q->src, &q->dst, 58, icmp, n);
	if (q->bad_csum)
		c ^= 0x0101;
	icmp[2] = (uint8_t)(c >> 8);
	icmp[3] = (uint8_t)c;
	if (cap < 14 + 40 + hbh + n)
		return 0;
	b_mcast_mac(mac, &q->dst);
	memcpy(out, mac, 6);
	memcpy(out + 6, H_PEER_MAC, 6);
	out[12] = 0x86;
	out[13] = 0xdd;
	off = 14;
	memset(out + off, 0, 40);
	out[off] = 0x60;
	out[off + 4] = (uint8_t)((hbh + n) >> 8);
	out[off + 5] = (uint8_t)(hbh + n);
	out[off + 6] = q->no_hbh ? 58 : 0;
	out[off + 7] = q->hlim;
	memcpy(out + off + 8, q->src.s6_addr, 16);
	memcpy(out + off + 24, q->dst.s6_addr, 16);
	off += 40;
	if (hbh) {
		memcpy(out + off, HBH_RA, 8);
		off += 8;
	}
	memcpy(out + off, icmp, n);
	return off + n;
}

/* A valid General Query: from the peer's link-local to ff02::1, hop
 * limit 1, with a Router Alert; v2 unless v1. */
static struct q
general_query(int v1, uint16_t mrc)
{
	struct q q;

	memset(&q, 0, sizeof(q));
	q.src = h_peer_ll();
	q.dst = h_allnodes();
	q.hlim = 1;
	q.v1 = v1;
	q.mrc = mrc;
	q.sqrv = 2;
	q.qqic = 125;
	return q;
}

static int
send_query(struct harness *h, const struct q *q)
{
	uint8_t f[700];
	size_t n = query_frame(f, sizeof(f), q);

	if (!n) {
		t_fail(__FILE__, __LINE__, "query does not fit");
		return -1;
	}
	return h_input(h, f, n);
}

/* ---- what the stack sent ---- */

struct mld_msg {
	uint8_t eth_dst[6];
	struct in6_addr src, dst;
	uint8_t hlim, type;
	int hbh_ok, csum_ok;
	int nrec;
	uint8_t rtype[V6_MAX_GROUPS_T];
	struct in6_addr rgroup[V6_MAX_GROUPS_T];
	struct in6_addr v1group;
};

/* Parse an MLD message we sent: 0 if it is one (HBH first, then ICMPv6
 * of type 131, 132 or 143). */
static int
parse_mld(const uint8_t *f, size_t len, struct mld_msg *m)
{
	const uint8_t *ip = f + 14, *icmp;
	size_t plen, ilen;

	memset(m, 0, sizeof(*m));
	if (len < 14 + 40 + 8 + 8 || f[12] != 0x86 || f[13] != 0xdd || ip[6] != 0)
		return -1;
	plen = (size_t)ip[4] << 8 | ip[5];
	if (14 + 40 + plen > len || plen < 8 + 8)
		return -1;
	memcpy(m->eth_dst, f, 6);
	m->hlim = ip[7];
	memcpy(m->src.s6_addr, ip + 8, 16);
	memcpy(m->dst.s6_addr, ip + 24, 16);
	m->hbh_ok = memcmp(ip + 40, HBH_RA, 8) == 0;
	icmp = ip + 48;
	ilen = plen - 8;
	m->type = icmp[0];
	m->csum_ok = b_csum6(&m->src, &m->dst, 58, icmp, ilen) == 0;
	if (m->type == 143) {
		int n = icmp[6] << 8 | icmp[7];
		size_t off = 8;
		for (int i = 0; i < n && i < V6_MAX_GROUPS_T && off + 20 <= ilen; i++) {
			m->rtype[i] = icmp[off];
			if (icmp[off + 1] != 0 || icmp[off + 2] != 0 || icmp[off + 3] != 0)
				m->rtype[i] = 0xff; /* aux data or sources: unexpected */
			memcpy(m->rgroup[i].s6_addr, icmp + off + 4, 16);
			off += 20;
			m->nrec++;
		}
		if (m->nrec != n || off != ilen)
			m->csum_ok = 0; /* the length does not match the records */
	} else if ((m->type == 131 || m->type == 132) && ilen == 24) {
		memcpy(m->v1group.s6_addr, icmp + 8, 16);
	} else {
		return -1;
	}
	return 0;
}

/* Every recorded frame must be an MLD message as RFC 3810 5 says. */
static int
mld_sent(struct harness *h, struct mld_msg *out, int max)
{
	int n = 0;

	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++) {
		struct mld_msg m;
		if (parse_mld(h->tx[i], h->tx_len[i], &m) != 0)
			continue;
		CHECK(m.hbh_ok);    /* Router Alert, value 0 (RFC 2711) */
		CHECK(m.csum_ok);
		CHECK_EQ(m.hlim, 1);
		uint8_t mac[6];
		b_mcast_mac(mac, &m.dst);
		CHECK_MEM(m.eth_dst, mac, 6);
		if (n < max)
			out[n] = m;
		n++;
	}
	return n;
}

static int
has_record(const struct mld_msg *m, int type, const struct in6_addr *g)
{
	for (int i = 0; i < m->nrec; i++)
		if (m->rtype[i] == type && memcmp(&m->rgroup[i], g, 16) == 0)
			return 1;
	return 0;
}

/* Step the clock by 1 ms until a frame is recorded or max passes;
 * returns the time it took, or V6_TIME_NEVER. */
static v6_time_t
until_tx(struct harness *h, v6_time_t max)
{
	size_t n0 = h->n_tx;

	for (v6_time_t t = 0; t <= max; t += MS) {
		if (h->n_tx > n0)
			return t;
		h_advance(h, MS);
	}
	return V6_TIME_NEVER;
}

static struct in6_addr
snmc_of(const char *a)
{
	struct in6_addr x = b_addr(a);
	return b_snmc(&x);
}

static const struct in6_addr ff02_16 = { .s6_addr = { 0xff, 2, [15] = 0x16 } };
static const struct in6_addr ff02_2 = { .s6_addr = { 0xff, 2, [15] = 2 } };

/* ------------------------------------------------------------------ */
/* State-change reports (RFC 3810 6.1)                                 */
/* ------------------------------------------------------------------ */

/* At start: CHANGE_TO_EXCLUDE({}) for the solicited-node group, none for
 * ff02::1, from the link-local, to ff02::16, [Robustness Variable] = 2
 * times in all, the second within the Unsolicited Report Interval (1 s). */
static void
join_reports(int qrv)
{
	struct h_cfg cfg = { .mld = 1 };
	struct mld_msg m[8];
	struct in6_addr sn = snmc_of("fe80::ff:fe00:1"), all = h_allnodes();
	char v[8];
	H_NEW(h, &cfg);

	snprintf(v, sizeof(v), "%d", qrv);
	H_SYSCTL(h, "conf.eth0.mld_qrv", v);
	/* a new group, so that the changed qrv applies */
	struct in6_addr a2 = b_addr("2001:db8::12:3456");
	H_ADD_ADDR(h, &a2, 64);
	struct in6_addr sn2 = snmc_of("2001:db8::12:3456");
	h_clear_tx(h);
	h_advance(h, 0);
	CHECK_EQ(mld_sent(h, m, 8), 1);
	CHECK_EQ(m[0].type, 143);
	CHECK_ADDR(&m[0].src, &h->ll);
	CHECK_ADDR(&m[0].dst, &ff02_16);
	CHECK(has_record(&m[0], 4, &sn));
	CHECK(has_record(&m[0], 4, &sn2));
	CHECK(!has_record(&m[0], 4, &all) && !has_record(&m[0], 2, &all));
	for (int k = 2; k <= qrv; k++) {
		v6_time_t t = until_tx(h, 1000 * MS);
		CHECK(t != V6_TIME_NEVER && t <= 1000 * MS);
	}
	h_advance(h, 10 * S);
	CHECK_EQ(mld_sent(h, m, 8), qrv);
	for (int k = 1; k < qrv && k < 8; k++)
		CHECK(has_record(&m[k], 4, &sn2));
	/* the link-local's group (qrv 2 at start) rode along in the first two */
	CHECK_EQ(H_STAT(h, "Icmp6OutMLDv2Reports"), qrv);
	h_free(h);
}

TEST(rfc3810_6_1_join_change_to_exclude_robustness_2)
{
	join_reports(2);
}

TEST(rfc3810_6_1_join_change_to_exclude_mld_qrv_3)
{
	join_reports(3);
}

/* While the link-local is tentative, reports come from :: (5.2.13); once
 * DAD succeeds they are sent again from the link-local (Linux
 * ipv6_mc_dad_complete). */
TEST(rfc3810_5_2_13_unspecified_source_until_link_local_usable)
{
	struct h_cfg cfg = { .mld = 1, .dad = 1 };
	struct mld_msg m[8];
	struct in6_addr sn = snmc_of("fe80::ff:fe00:1"), unspec = h_unspec();
	H_NEW(h, &cfg);

	h_advance(h, 0);
	CHECK(mld_sent(h, m, 8) >= 1);
	CHECK_ADDR(&m[0].src, &unspec);
	CHECK(has_record(&m[0], 4, &sn));
	h_advance(h, 5 * S); /* DAD done */
	int n = mld_sent(h, m, 8);
	CHECK(n >= 3);
	if (n >= 3) {
		CHECK_ADDR(&m[n - 1].src, &h->ll);
		CHECK(has_record(&m[n - 1], 4, &sn));
	}
	h_free(h);
}

/* A leave (here: the address failed DAD, so its solicited-node group is
 * left) is reported as CHANGE_TO_INCLUDE({}), robustness times. */
TEST(rfc3810_6_1_leave_change_to_include)
{
	struct h_cfg cfg = { .mld = 1, .dad = 1 };
	struct mld_msg m[8];
	struct in6_addr dup = b_addr("2001:db8::ab:cdef"), sn = b_snmc(&dup);
	struct bframe f;
	H_NEW(h, &cfg);

	h_advance(h, 10 * S); /* the link-local's reports are done */
	H_ADD_ADDR(h, &dup, 64);
	h_advance(h, 0);
	h_clear_tx(h);
	/* RFC 4862 5.4.4: an NA for the tentative address: a duplicate. */
	struct in6_addr all = h_allnodes();
	b_init(&f, H_PEER_MAC, H_ALLNODES_MAC, &dup, &all);
	b_na(&f, B_NA_O, &dup);
	b_opt_lla(&f, B_ND_OPT_TLLA, H_PEER_MAC);
	(void)h_send(h, &f);
	h_advance(h, 0);
	CHECK_EQ(mld_sent(h, m, 8), 1);
	CHECK_EQ(m[0].nrec, 1);
	CHECK(has_record(&m[0], 3, &sn));
	h_advance(h, 10 * S);
	CHECK_EQ(mld_sent(h, m, 8), 2);
	CHECK(has_record(&m[1], 3, &sn));
	h_free(h);
}

/* ------------------------------------------------------------------ */
/* Queries (RFC 3810 6.2, 5.1.3)                                       */
/* ------------------------------------------------------------------ */

/* A General Query: one report within the Maximum Response Delay with
 * MODE_IS_EXCLUDE({}) for every group but ff02::1. */
TEST(rfc3810_6_2_general_query_answered_within_mrd)
{
	struct h_cfg cfg = { .mld = 1 };
	struct mld_msg m[4];
	struct q q = general_query(0, 2000);
	struct in6_addr sn = snmc_of("fe80::ff:fe00:1"), all = h_allnodes();
	H_NEW(h, &cfg);

	h_advance(h, 5 * S);
	h_clear_tx(h);
	expect_accepted(h, send_query(h, &q));
	CHECK_EQ(H_STAT(h, "Icmp6InGroupMembQueries"), 1);
	CHECK_EQ(h->n_tx, 0); /* not at once: after a random delay */
	v6_time_t t = until_tx(h, 2000 * MS);
	CHECK(t != V6_TIME_NEVER);
	h_advance(h, 10 * S);
	CHECK_EQ(mld_sent(h, m, 4), 1);
	CHECK_EQ(m[0].type, 143);
	CHECK_ADDR(&m[0].dst, &ff02_16);
	CHECK_ADDR(&m[0].src, &h->ll);
	CHECK_EQ(m[0].nrec, 1);
	CHECK(has_record(&m[0], 2, &sn));
	CHECK(!has_record(&m[0], 2, &all));
	h_free(h);
}

/* 5.1.3: a Maximum Response Code of 32768 or more is 1|exp|mant:
 * 0xa100 is (0x100 | 0x1000) << (2 + 3) = 139264 ms (not 41216 ms). Over
 * 12 seeds, some answer after 41.2 s and none after 139.3 s. */
TEST(rfc3810_5_1_3_exponential_maximum_response_code)
{
	v6_time_t latest = 0;

	for (uint64_t seed = 1; seed <= 12; seed++) {
		struct h_cfg cfg = { .mld = 1, .seed = seed };
		struct q q = general_query(0, 0xa100);
		struct harness *h = h_new(__FILE__, __LINE__, &cfg);
		if (!h)
			return;
		h_advance(h, 5 * S);
		h_clear_tx(h);
		expect_accepted(h, send_query(h, &q));
		v6_time_t t = 0;
		/* coarse steps: 100 ms */
		while (h->n_tx == 0 && t <= 140 * S) {
			h_advance(h, 100 * MS);
			t += 100 * MS;
		}
		CHECK(h->n_tx == 1);
		CHECK(t <= 139264 * MS + 100 * MS);
		if (t > latest)
			latest = t;
		h_free(h);
	}
	CHECK(latest > 41216 * MS);
}

/* A Multicast-Address-Specific Query (to the group): a report for that
 * group alone; a MASQ with sources (MASSQ) too. */
TEST(rfc3810_6_2_multicast_address_specific_query)
{
	struct h_cfg cfg = { .mld = 1 };
	struct mld_msg m[4];
	struct in6_addr sn = snmc_of("fe80::ff:fe00:1");
	struct in6_addr g2 = snmc_of("2001:db8::12:3456");
	H_NEW(h, &cfg);

	struct in6_addr a2 = b_addr("2001:db8::12:3456");
	H_ADD_ADDR(h, &a2, 64);
	h_advance(h, 5 * S);
	for (int nsrc = 0; nsrc <= 2; nsrc += 2) {
		struct q q = general_query(0, 1000);
		q.group = sn;
		q.dst = sn;
		q.nsrc = (uint16_t)nsrc;
		h_clear_tx(h);
		expect_accepted(h, send_query(h, &q));
		h_advance(h, 2 * S);
		CHECK_EQ(mld_sent(h, m, 4), 1);
		CHECK_EQ(m[0].nrec, 1);
		CHECK(has_record(&m[0], 2, &sn));
		CHECK(!has_record(&m[0], 2, &g2));
	}
	h_free(h);
}

/* RFC 3810 5.1.14 and section 5: what makes a Query invalid, each with its
 * named drop and no report; each next to a valid one that is answered. */
TEST(rfc3810_5_1_14_query_validation)
{
	static const struct {
		const char *drop;
		int what;
	} cases[] = {
		{ "MLD_QUERY_SRC_NOT_LINKLOCAL", 1 }, /* global source */
		{ "MLD_QUERY_SRC_NOT_LINKLOCAL", 2 }, /* :: */
		{ "MLD_HOPLIMIT", 3 },                /* hop limit 2 */
		{ "ICMP6_BAD_CSUM", 4 },
		{ "MLD_QUERY_BAD_LEN", 5 },           /* 26 bytes */
		{ "MLD_TRUNCATED", 6 },               /* 20 bytes */
		{ "MLD_QUERY_TRUNCATED", 7 },         /* 3 sources announced, 1 there */
		{ "MLD_GENERAL_QUERY_SOURCES", 8 },
		{ "MLD_QUERY_BAD_GROUP", 9 },         /* a unicast address */
		{ "MLD_QUERY_NOT_MEMBER", 10 },       /* ff02::1:ff99:9999 to ff02::1 */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct h_cfg cfg = { .mld = 1 };
		struct q q = general_query(0, 1000);
		struct harness *h = h_new(__FILE__, __LINE__, &cfg);
		if (!h)
			return;
		h_advance(h, 5 * S);
		h_clear_tx(h);
		switch (cases[i].what) {
		case 1: q.src = b_addr("2001:db8::2"); break;
		case 2: q.src = h_unspec(); break;
		case 3: q.hlim = 2; break;
		case 4: q.bad_csum = 1; break;
		case 5: q.len_override = 26; break;
		case 6: q.len_override = 20; break;
		case 7: q.nsrc = 1; q.len_override = 28 + 16; break;
		case 8: q.nsrc = 1; break;
		case 9: q.group = b_addr("2001:db8::9"); break;
		case 10: q.group = b_addr("ff02::1:ff99:9999"); break;
		}
		if (cases[i].what == 7) {
			/* announce 3 sources where 1 is present */
			uint8_t f[700];
			size_t n = query_frame(f, sizeof(f), &q);
			size_t icmp = n - (28 + 16);
			f[icmp + 27] = 3;
			uint16_t c = 0;
			f[icmp + 2] = f[icmp + 3] = 0;
			c = b_csum6(&q.src, &q.dst, 58, f + icmp, 28 + 16);
			f[icmp + 2] = (uint8_t)(c >> 8);
			f[icmp + 3] = (uint8_t)c;
			expect_drop(h, h_input(h, f, n), cases[i].drop);
		} else {
			expect_drop(h, send_query(h, &q), cases[i].drop);
		}
		h_advance(h, 3 * S);
		CHECK_EQ(h->n_tx, 0);
		/* the control: a valid query is answered */
		struct q ok = general_query(0, 1000);
		expect_accepted(h, send_query(h, &ok));
		h_advance(h, 3 * S);
		CHECK_EQ(h->n_tx, 1);
		h_free(h);
	}
}

/* RFC 3810 6.2: a Query without a Hop-by-Hop Router Alert is dropped, and
 * one whose Router Alert value is not MLD's (0), as Linux; MLDv2 and MLDv1
 * Queries alike. The same Query with the Router Alert is answered. */
TEST(rfc3810_6_2_query_without_router_alert_dropped)
{
	for (int v1 = 0; v1 <= 1; v1++) {
		struct h_cfg cfg = { .mld = 1 };
		struct q q = general_query(v1, 1000);
		uint8_t f[200];
		size_t n;
		H_NEW(h, &cfg);

		h_advance(h, 5 * S);
		h_clear_tx(h);
		q.no_hbh = 1;
		expect_drop(h, send_query(h, &q), "MLD_QUERY_NO_ROUTER_ALERT");
		/* Router Alert value 1 (RFC 2711: RSVP) */
		q.no_hbh = 0;
		n = query_frame(f, sizeof(f), &q);
		f[14 + 40 + 5] = 1;
		expect_drop(h, h_input(h, f, n), "MLD_QUERY_ROUTER_ALERT_NOT_MLD");
		h_advance(h, 3 * S);
		CHECK_EQ(h->n_tx, 0);
		/* the control: with the Router Alert (0), a report */
		expect_accepted(h, send_query(h, &q));
		h_advance(h, 2 * S);
		CHECK_EQ(h->n_tx, 1);
		h_free(h);
	}
}

/* ------------------------------------------------------------------ */
/* MLDv1 compatibility (RFC 3810 8.2.1, 9.12; RFC 2710 4)              */
/* ------------------------------------------------------------------ */

/* An MLDv1 General Query: an MLDv1 Report (type 131) to each group,
 * within the delay; MLDv2 Queries are then answered as MLDv1 ones
 * (RFC 3810 8.2.1: the host acts in MLDv1 compatibility mode; Linux
 * mld_process_v1) without extending the mode, until the Older Version
 * Querier Present timeout (2 x 125 s + MRD) after the MLDv1 Query, after
 * which they are answered with MLDv2 Reports again. */
TEST(rfc3810_8_2_1_v1_querier_present_v1_reports_then_back_to_v2)
{
	struct h_cfg cfg = { .mld = 1 };
	struct mld_msg m[4];
	struct q q1 = general_query(1, 1000), q2 = general_query(0, 1000);
	struct in6_addr sn = snmc_of("fe80::ff:fe00:1");
	H_NEW(h, &cfg);

	h_advance(h, 5 * S);
	h_clear_tx(h);
	expect_accepted(h, send_query(h, &q1));
	h_advance(h, 1100 * MS);
	CHECK_EQ(mld_sent(h, m, 4), 1);
	CHECK_EQ(m[0].type, 131);
	CHECK_ADDR(&m[0].v1group, &sn);
	CHECK_ADDR(&m[0].dst, &sn); /* RFC 2710 3: to the group */
	CHECK_ADDR(&m[0].src, &h->ll);
	CHECK_EQ(H_STAT(h, "Icmp6OutGroupMembResponses"), 1);
	h_clear_tx(h);
	/* 100 s later, an MLDv2 Query: an MLDv1 Report within its 1 s */
	h_advance(h, 100 * S);
	expect_accepted(h, send_query(h, &q2));
	h_advance(h, 1100 * MS);
	CHECK_EQ(mld_sent(h, m, 4), 1);
	CHECK_EQ(m[0].type, 131);
	CHECK_ADDR(&m[0].v1group, &sn);
	h_clear_tx(h);
	/* 250 s + 1 s after the v1 query (the v2 one did not extend the
	 * mode): MLDv2 again */
	h_advance(h, 150 * S);
	expect_accepted(h, send_query(h, &q2));
	h_advance(h, 2 * S);
	CHECK_EQ(mld_sent(h, m, 4), 1);
	CHECK_EQ(m[0].type, 143);
	h_free(h);
}

/* RFC 3810 5.1.9, 9.12 as Linux reads them (mld_update_qi): a QQIC of 0
 * is a Query Interval of 0 s, not the default, so an MLDv1 Query then
 * starts a compatibility mode of QRV * 0 + the Response Interval only. */
TEST(rfc3810_9_12_qqic_zero_is_a_zero_query_interval)
{
	struct h_cfg cfg = { .mld = 1 };
	struct mld_msg m[4];
	struct q q1 = general_query(1, 1000), q2 = general_query(0, 1000);
	H_NEW(h, &cfg);

	q2.qqic = 0;
	h_advance(h, 5 * S);
	h_clear_tx(h);
	expect_accepted(h, send_query(h, &q2));
	h_advance(h, 1100 * MS);
	CHECK_EQ(mld_sent(h, m, 4), 1);
	CHECK_EQ(m[0].type, 143);
	h_clear_tx(h);
	expect_accepted(h, send_query(h, &q1));
	h_advance(h, 1100 * MS);
	CHECK_EQ(mld_sent(h, m, 4), 1);
	CHECK_EQ(m[0].type, 131);
	h_clear_tx(h);
	/* 1.5 s after the MLDv1 Query the mode is over: MLDv2 again (with
	 * the default 125 s it would last 251 s) */
	h_advance(h, 400 * MS);
	expect_accepted(h, send_query(h, &q2));
	h_advance(h, 1100 * MS);
	CHECK_EQ(mld_sent(h, m, 4), 1);
	CHECK_EQ(m[0].type, 143);
	h_free(h);
}

/* RFC 2710 4: another node's Report for the group stops our timer. */
TEST(rfc2710_4_v1_report_suppression)
{
	struct h_cfg cfg = { .mld = 1 };
	struct q q1 = general_query(1, 10000);
	struct in6_addr sn = snmc_of("fe80::ff:fe00:1");
	struct in6_addr other = h_peer2_ll();
	H_NEW(h, &cfg);

	h_advance(h, 5 * S);
	h_clear_tx(h);
	expect_accepted(h, send_query(h, &q1));
	/* another listener's v1 Report for the group, at once */
	struct q r = general_query(1, 0);
	r.src = other;
	r.dst = sn;
	r.group = sn;
	uint8_t f[200];
	size_t n = query_frame(f, sizeof(f), &r);
	f[n - 24] = 131;
	f[n - 24 + 2] = f[n - 24 + 3] = 0;
	uint16_t c = b_csum6(&r.src, &r.dst, 58, f + n - 24, 24);
	f[n - 24 + 2] = (uint8_t)(c >> 8);
	f[n - 24 + 3] = (uint8_t)c;
	expect_accepted(h, h_input(h, f, n));
	h_advance(h, 11 * S);
	CHECK_EQ(h->n_tx, 0);
	h_free(h);
}

/* force_mld_version=1: joins are MLDv1 Reports to the group; a leave after
 * we reported is a Done to ff02::2 (RFC 2710 4). */
TEST(rfc2710_4_force_v1_report_then_done)
{
	struct h_cfg cfg = { .mld = 1, .dad = 1 };
	struct mld_msg m[8];
	struct in6_addr dup = b_addr("2001:db8::ab:cdef"), sn = b_snmc(&dup);
	struct bframe f;
	H_NEW(h, &cfg);

	H_SYSCTL(h, "conf.eth0.force_mld_version", "1");
	h_advance(h, 30 * S); /* the link-local's reports are done */
	h_clear_tx(h);
	H_ADD_ADDR(h, &dup, 64);
	h_advance(h, 0);
	CHECK_EQ(mld_sent(h, m, 8), 1);
	CHECK_EQ(m[0].type, 131);
	CHECK_ADDR(&m[0].dst, &sn);
	CHECK_ADDR(&m[0].v1group, &sn);
	h_clear_tx(h);
	struct in6_addr all = h_allnodes();
	b_init(&f, H_PEER_MAC, H_ALLNODES_MAC, &dup, &all);
	b_na(&f, B_NA_O, &dup);
	b_opt_lla(&f, B_ND_OPT_TLLA, H_PEER_MAC);
	(void)h_send(h, &f);
	h_advance(h, 15 * S);
	int n = mld_sent(h, m, 8), dones = 0;
	for (int i = 0; i < n && i < 8; i++)
		if (m[i].type == 132) {
			dones++;
			CHECK_ADDR(&m[i].dst, &ff02_2);
			CHECK_ADDR(&m[i].v1group, &sn);
		}
	CHECK_EQ(dones, 1);
	CHECK_EQ(H_STAT(h, "Icmp6OutGroupMembReductions"), 1);
	h_free(h);
}

/* force_mld_version=2: MLDv1 Queries are ignored (Linux). */
TEST(linux_force_mld_version_2_ignores_v1_query)
{
	struct h_cfg cfg = { .mld = 1 };
	struct q q1 = general_query(1, 1000);
	H_NEW(h, &cfg);

	H_SYSCTL(h, "conf.eth0.force_mld_version", "2");
	h_advance(h, 5 * S);
	h_clear_tx(h);
	expect_drop(h, send_query(h, &q1), "MLD_V1_QUERY_V2_ONLY");
	h_advance(h, 2 * S);
	CHECK_EQ(h->n_tx, 0);
	h_free(h);
}

/* RFC 3810 6: nothing about ff02::1 or groups of scope 1 ever. With only
 * the link-local's group, exactly one record per report, never ff02::1. */
TEST(rfc3810_6_never_all_nodes)
{
	struct h_cfg cfg = { .mld = 1 };
	struct mld_msg m[8];
	struct in6_addr all = h_allnodes();
	H_NEW(h, &cfg);

	h_advance(h, 10 * S);
	int n = mld_sent(h, m, 8);
	CHECK(n >= 1);
	for (int i = 0; i < n && i < 8; i++) {
		CHECK_EQ(m[i].nrec, 1);
		CHECK(!has_record(&m[i], 4, &all));
	}
	h_free(h);
}

/* RFC 3810 6.2 rule 1: with a General Query response pending sooner, a
 * Multicast-Address-Specific Query schedules nothing more: one report. */
TEST(rfc3810_6_2_rule1_pending_general_response_covers_masq)
{
	struct h_cfg cfg = { .mld = 1 };
	struct mld_msg m[4];
	struct q g = general_query(0, 0), s1 = general_query(0, 5000);
	struct in6_addr sn = snmc_of("fe80::ff:fe00:1");
	H_NEW(h, &cfg);

	h_advance(h, 5 * S);
	h_clear_tx(h);
	/* MRC 0: the General Query's response is due at once (before any
	 * MASQ delay); then a MASQ for the same group */
	expect_accepted(h, send_query(h, &g));
	s1.group = sn;
	s1.dst = sn;
	expect_accepted(h, send_query(h, &s1));
	h_advance(h, 6 * S);
	CHECK_EQ(mld_sent(h, m, 4), 1);
	CHECK(has_record(&m[0], 2, &sn));
	h_free(h);
}

/* Queries arrive behind a Hop-by-Hop header (RFC 3810 5): the chain
 * (RFC 8200 4.2) skips an unknown option whose type starts 00 and the
 * query is answered; a Hop-by-Hop length past the payload is dropped;
 * Pad1 x2 + Router Alert + Pad1 x2 is fine. */
TEST(query_through_hop_by_hop_chain)
{
	struct h_cfg cfg = { .mld = 1 };
	struct q q = general_query(0, 1000);
	uint8_t f[200];
	size_t n;
	H_NEW(h, &cfg);

	h_advance(h, 5 * S);
	n = query_frame(f, sizeof(f), &q);
	/* an unknown option (type 0x1e, action 00: skip) instead of PadN */
	f[14 + 40 + 6] = 0x1e;
	h_clear_tx(h);
	expect_accepted(h, h_input(h, f, n));
	h_advance(h, 2 * S);
	CHECK_EQ(h->n_tx, 1);
	/* a Hop-by-Hop length past the payload */
	n = query_frame(f, sizeof(f), &q);
	f[14 + 40 + 1] = 9;
	expect_drop(h, h_input(h, f, n), "EXTHDR_TRUNCATED");
	/* Pad1 x2 + Router Alert + Pad1 x2 is fine */
	n = query_frame(f, sizeof(f), &q);
	memcpy(f + 14 + 40 + 2, (const uint8_t[]){ 0, 0, 5, 2, 0, 0 }, 6);
	h_advance(h, 20 * S);
	h_clear_tx(h);
	expect_accepted(h, h_input(h, f, n));
	h_advance(h, 2 * S);
	CHECK_EQ(h->n_tx, 1);
	h_free(h);
}

T_MAIN()
