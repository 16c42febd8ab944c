/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The neighbour cache, state by state (RFC 4861 7.2, 7.3, appendix C), with
 * the fake clock: resolution (INCOMPLETE: mcast_solicit solicitations every
 * retrans_time, the queue bounded by unres_qlen, flushed in order, failure
 * with Destination Unreachable code 3 back to the sender), NUD (REACHABLE
 * -> STALE -> DELAY -> PROBE -> REACHABLE or FAILED), every row of the
 * 7.2.5 table for NA processing, 7.2.3 for NS, and Linux's gc_thresh1/2/3
 * collection and eviction.
 *
 * Packets are sent through the public API (v6_icmp6_echo_send) and the
 * peer's NS/NA are built with tests/lib/build (independent of src/wire).
 * The exact ReachableTime is read from the interface (core/internal.h).
 */
#include <unistd.h> /* alarm: a hang fails the test */

#include "lib/harness.h"
#include "core/internal.h"

#define MS V6_NS_PER_MS
#define S V6_NS_PER_S

static const uint8_t OTHER_MAC[6] = { 0x02, 0, 0, 0, 0, 0x99 };

/* What came back to the sender of the echo requests. */
struct echo_log {
	int n_reply, n_err;
	uint8_t type, code;
	uint16_t err_seq[16];
};

static void
log_reply(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint16_t id, uint16_t seq, uint8_t hlim, const uint8_t *data, size_t len,
    v6_time_t now)
{
	struct echo_log *l = ctx;

	(void)iface, (void)from, (void)id, (void)seq, (void)hlim, (void)data;
	(void)len, (void)now;
	l->n_reply++;
}

static void
log_err(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint8_t type, uint8_t code, uint32_t info, uint16_t id, uint16_t seq,
    v6_time_t now)
{
	struct echo_log *l = ctx;

	(void)iface, (void)from, (void)info, (void)id, (void)now;
	if (l->n_err < 16)
		l->err_seq[l->n_err] = seq;
	l->n_err++;
	l->type = type;
	l->code = code;
}

/* An echo request to the peer's link-local address (seq in the data too). */
static int
send_to_peer(struct harness *h, uint16_t seq)
{
	struct in6_addr peer = h_peer_ll();
	uint8_t data[8] = { 0 };

	data[0] = (uint8_t)(seq >> 8);
	data[1] = (uint8_t)seq;
	return v6_icmp6_echo_send(h->ifp, NULL, &peer, 0x1234, seq, data,
	    sizeof(data), h->now);
}

/* An NA from the peer for its own link-local address, to ours. */
static int
na_from_peer(struct harness *h, uint8_t flags, const uint8_t *tlla)
{
	struct in6_addr peer = h_peer_ll();
	struct bframe f;

	b_init(&f, tlla ? tlla : H_PEER_MAC, h->mac, &peer, &h->ll);
	b_na(&f, flags, &peer);
	if (tlla)
		b_opt_lla(&f, B_ND_OPT_TLLA, tlla);
	return h_send(h, &f);
}

/* A multicast NS from the peer for our link-local, SLLA mac. */
static int
ns_from_peer(struct harness *h, const uint8_t mac[6])
{
	struct in6_addr peer = h_peer_ll();
	struct bframe f;

	b_ns_mcast(&f, mac, &peer, &h->ll, 1);
	return h_send(h, &f);
}

/* The peer's entry: its state ("NONE" without one) and lladdr. */
static const char *
peer_state(struct harness *h, uint8_t mac[6])
{
	static char st[16];
	struct in6_addr peer = h_peer_ll();

	if (!h_neigh(h, &peer, mac, st, sizeof(st), NULL))
		return "NONE";
	return st;
}

#define CHECK_STATE(h, want) CHECK_STR(peer_state(h, NULL), want)

/* Recorded frames that are NS for the peer; unicast ones counted apart. */
static int
count_ns(struct harness *h, int *n_unicast)
{
	struct in6_addr peer = h_peer_ll();
	int n = 0, u = 0;

	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++) {
		struct c_pkt p;
		if (c_parse(&p, h->tx[i], h->tx_len[i]) != 0 || !p.has_icmp6 ||
		    p.type != B_ND_NEIGHBOR_SOLICIT)
			continue;
		if (p.pl_len < 24 || memcmp(p.pl + 8, peer.s6_addr, 16) != 0)
			continue;
		n++;
		if (!(p.eth_dst[0] & 1))
			u++;
	}
	if (n_unicast)
		*n_unicast = u;
	return n;
}

/* Recorded echo requests, their sequence numbers in order. */
static int
echo_requests(struct harness *h, uint16_t *seqs, int max)
{
	int n = 0;

	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++) {
		struct c_pkt p;
		if (c_parse(&p, h->tx[i], h->tx_len[i]) != 0 || !p.has_icmp6 ||
		    p.type != B_ICMP6_ECHO_REQUEST || p.pl_len < 8)
			continue;
		if (n < max)
			seqs[n] = (uint16_t)(p.pl[6] << 8 | p.pl[7]);
		n++;
	}
	return n;
}

static uint32_t
reachable_ms(struct harness *h)
{
	return v6_neigh_reachable_ms(h->stack, h->ifp);
}

/* ---- reaching each state for the peer (lladdr H_PEER_MAC) ---- */

enum st { ST_REACHABLE, ST_STALE, ST_DELAY, ST_PROBE };
static const char *const st_names[] = { "REACHABLE", "STALE", "DELAY", "PROBE" };

static int
reach(struct harness *h, enum st st)
{
	switch (st) {
	case ST_REACHABLE:
		/* INCOMPLETE, then a solicited NA with TLLA. */
		if (send_to_peer(h, 1) != 0 || na_from_peer(h, B_NA_S | B_NA_O, H_PEER_MAC) != 0)
			return -1;
		break;
	case ST_STALE:
	case ST_DELAY:
	case ST_PROBE:
		/* REACHABLE, then ReachableTime without confirmation: STALE;
		 * a packet: DELAY; delay_first_probe_time: PROBE. */
		if (send_to_peer(h, 1) != 0 || na_from_peer(h, B_NA_S | B_NA_O, H_PEER_MAC) != 0)
			return -1;
		h_advance(h, (v6_time_t)reachable_ms(h) * MS);
		if (st >= ST_DELAY && send_to_peer(h, 2) != 0)
			return -1;
		if (st == ST_PROBE)
			h_advance(h, 5 * S);
		break;
	}
	h_clear_tx(h);
	return strcmp(peer_state(h, NULL), st_names[st]) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* INCOMPLETE (RFC 4861 7.2.2)                                        */
/* ------------------------------------------------------------------ */

/* "the sender ... SHOULD retransmit the solicitation every RetransTimer
 * milliseconds until ... MAX_MULTICAST_SOLICIT solicitations": multicast
 * NS to the solicited-node group with our SLLA, then failure: the queued
 * packet is dropped and the sender gets Destination Unreachable code 3. */
static void
incomplete_mcast_solicit(int mcast_solicit)
{
	struct h_cfg cfg = { 0 };
	struct echo_log log = { 0 };
	struct in6_addr peer = h_peer_ll(), snmc = b_snmc(&peer);
	char n_str[8];
	uint8_t snmc_mac[6];
	struct c_pkt p;
	H_NEW(h, &cfg);

	snprintf(n_str, sizeof(n_str), "%d", mcast_solicit);
	H_SYSCTL(h, "neigh.eth0.mcast_solicit", n_str);
	v6_icmp6_echo_listen(h->stack, log_reply, log_err, &log);
	CHECK_EQ(send_to_peer(h, 7), 0);
	CHECK_STATE(h, "INCOMPLETE");
	/* The first solicitation at once, the packet held back. */
	CHECK_EQ(count_ns(h, NULL), 1);
	CHECK_EQ(h->n_tx, 1);
	if (CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		b_mcast_mac(snmc_mac, &snmc);
		CHECK_ETH(&p, snmc_mac, h->mac);
		CHECK_IP6(&p, &h->ll, &snmc, 255, B_PROTO_ICMPV6);
		CHECK_NS(&p, &peer);
		CHECK_NS_SLLA(&p, h->mac);
	}
	for (int k = 2; k <= mcast_solicit; k++) {
		h_advance(h, 999 * MS);
		CHECK_EQ(count_ns(h, NULL), k - 1); /* not before RetransTimer */
		h_advance(h, 1 * MS);
		CHECK_EQ(count_ns(h, NULL), k);
		CHECK_STATE(h, "INCOMPLETE");
	}
	CHECK_EQ(log.n_err, 0);
	h_advance(h, 999 * MS);
	CHECK_STATE(h, "INCOMPLETE");
	h_advance(h, 1 * MS);
	CHECK_STATE(h, "FAILED");
	CHECK_EQ(count_ns(h, NULL), mcast_solicit);
	CHECK_EQ(log.n_err, 1);
	CHECK_EQ(log.type, 1);
	CHECK_EQ(log.code, 3);
	CHECK_EQ(log.err_seq[0], 7);
	CHECK_EQ(log.n_reply, 0);
	CHECK_EQ(v6_stat_get(h->stack, NULL, "drop.NEIGH_RESOLUTION_FAILED"), 1);
	/* The event carries the queued packet from its IPv6 header on (its
	 * Ethernet header was never written): 40 + echo 8 + data 8. */
	CHECK_EQ(h->last_ev_drop, V6_DROP_NEIGH_RESOLUTION_FAILED);
	CHECK(h->last_ev_drop_ip6);
	CHECK_EQ(h->last_ev_drop_len, 56);
	CHECK_EQ(h->last_ev_drop_head[0] >> 4, 6);
	CHECK_MEM(h->last_ev_drop_head + 8, &h->ll, 16);
	/* Nothing more on the wire, the echo request never left. */
	h_advance(h, 10 * S);
	CHECK_EQ(count_ns(h, NULL), mcast_solicit);
	uint16_t seqs[4];
	CHECK_EQ(echo_requests(h, seqs, 4), 0);
	h_free(h);
}

TEST(rfc4861_7_2_2_incomplete_three_multicast_solicitations_then_unreachable)
{
	incomplete_mcast_solicit(3);
}

TEST(rfc4861_7_2_2_incomplete_mcast_solicit_5)
{
	incomplete_mcast_solicit(5);
}

TEST(rfc4861_7_2_2_incomplete_mcast_solicit_1)
{
	incomplete_mcast_solicit(1);
}

/* "the queue ... SHOULD hold at least one packet, and MAY hold more": at
 * most unres_qlen, the oldest dropped first (Linux), the rest sent in
 * order once resolved; each dropped one is counted. */
TEST(rfc4861_7_2_2_queue_bounded_by_unres_qlen_and_flushed_in_order)
{
	struct h_cfg cfg = { 0 };
	uint16_t seqs[8];
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.eth0.unres_qlen", "3");
	for (uint16_t seq = 1; seq <= 5; seq++)
		CHECK_EQ(send_to_peer(h, seq), 0);
	CHECK_EQ(v6_stat_get(h->stack, NULL, "drop.NEIGH_QUEUE_FULL"), 2);
	CHECK_EQ(echo_requests(h, seqs, 8), 0);
	CHECK_EQ(count_ns(h, NULL), 1); /* one solicitation, not one per packet */
	h_clear_tx(h);
	CHECK_EQ(na_from_peer(h, B_NA_S | B_NA_O, H_PEER_MAC), 0);
	CHECK_STATE(h, "REACHABLE");
	CHECK_EQ(echo_requests(h, seqs, 8), 3);
	CHECK_EQ(seqs[0], 3);
	CHECK_EQ(seqs[1], 4);
	CHECK_EQ(seqs[2], 5);
	for (size_t i = 0; i < h->n_tx; i++) {
		struct c_pkt p;
		if (CHECK_PARSE(&p, h->tx[i], h->tx_len[i]) == 0)
			CHECK_ETH(&p, H_PEER_MAC, h->mac);
	}
	/* Nothing left: a second NA sends nothing more. */
	h_clear_tx(h);
	CHECK_EQ(na_from_peer(h, B_NA_S | B_NA_O, H_PEER_MAC), 0);
	CHECK_EQ(h->n_tx, 0);
	h_free(h);
}

/* 7.2.5: "If no Target Link-Layer Address option is included, the
 * receiving node SHOULD silently discard the received advertisement." */
TEST(rfc4861_7_2_5_incomplete_na_without_tlla_discarded)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	CHECK_EQ(send_to_peer(h, 1), 0);
	h_clear_tx(h);
	expect_drop(h, na_from_peer(h, B_NA_S | B_NA_O, NULL),
	    "NDISC_NA_INCOMPLETE_NO_TLLA");
	CHECK_STATE(h, "INCOMPLETE");
	CHECK_EQ(h->n_tx, 0);
	/* A proper one then completes it. */
	CHECK_EQ(na_from_peer(h, B_NA_S, H_PEER_MAC), 0);
	CHECK_STATE(h, "REACHABLE");
	h_free(h);
}

/* 7.2.5: an unsolicited NA (S=0) with TLLA completes an INCOMPLETE entry
 * as STALE; the queued packet is sent, which makes it DELAY (7.3.3). */
TEST(rfc4861_7_2_5_incomplete_unsolicited_na_stale_then_delay)
{
	struct h_cfg cfg = { 0 };
	uint16_t seqs[2];
	uint8_t mac[6];
	H_NEW(h, &cfg);

	CHECK_EQ(send_to_peer(h, 1), 0);
	h_clear_tx(h);
	CHECK_EQ(na_from_peer(h, B_NA_O, H_PEER_MAC), 0);
	CHECK_STR(peer_state(h, mac), "DELAY");
	CHECK_MEM(mac, H_PEER_MAC, 6);
	CHECK_EQ(echo_requests(h, seqs, 2), 1);
	h_free(h);
}

/* Appendix C: INCOMPLETE + NS with a link-layer address: record it, STALE,
 * send the queued packets (and so DELAY, 7.3.3). */
TEST(rfc4861_appendix_c_incomplete_ns_with_slla_sends_queue)
{
	struct h_cfg cfg = { 0 };
	uint16_t seqs[2];
	uint8_t mac[6];
	H_NEW(h, &cfg);

	CHECK_EQ(send_to_peer(h, 1), 0);
	h_clear_tx(h);
	CHECK_EQ(ns_from_peer(h, H_PEER_MAC), 0);
	CHECK_STR(peer_state(h, mac), "DELAY");
	CHECK_MEM(mac, H_PEER_MAC, 6);
	CHECK_EQ(echo_requests(h, seqs, 2), 1);
	h_free(h);
}

/* ------------------------------------------------------------------ */
/* NUD (RFC 4861 7.3.2, 7.3.3)                                        */
/* ------------------------------------------------------------------ */

/* "When ReachableTime milliseconds have passed since receipt of the last
 * reachability confirmation for a neighbor, the Neighbor Cache entry's
 * state changes from REACHABLE to STALE." ReachableTime is within
 * [0.5, 1.5) x base_reachable_time_ms (6.3.2). */
TEST(rfc4861_7_3_3_reachable_to_stale_after_reachable_time)
{
	struct h_cfg cfg = { 0 };
	uint32_t rt;
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.eth0.base_reachable_time_ms", "2000");
	rt = reachable_ms(h);
	CHECK(rt >= 1000 && rt < 3000);
	CHECK_EQ(reach(h, ST_REACHABLE), 0);
	h_advance(h, (v6_time_t)(rt - 1) * MS);
	CHECK_STATE(h, "REACHABLE");
	h_advance(h, 1 * MS);
	CHECK_STATE(h, "STALE");
	/* STALE has no timer: it stays, silent. */
	h_clear_tx(h);
	h_advance(h, 50 * S);
	CHECK_STATE(h, "STALE");
	CHECK_EQ(h->n_tx, 0);
	h_free(h);
}

/* "The first time a node sends a packet to a neighbor whose entry is
 * STALE, the sender changes the state to DELAY" and sends it at once. */
TEST(rfc4861_7_3_3_stale_to_delay_on_send)
{
	struct h_cfg cfg = { 0 };
	uint16_t seqs[2];
	H_NEW(h, &cfg);

	CHECK_EQ(reach(h, ST_STALE), 0);
	CHECK_EQ(send_to_peer(h, 9), 0);
	CHECK_STATE(h, "DELAY");
	CHECK_EQ(echo_requests(h, seqs, 2), 1);
	CHECK_EQ(seqs[0], 9);
	CHECK_EQ(count_ns(h, NULL), 0);
	h_free(h);
}

/* DELAY -> REACHABLE on a solicited NA (a confirmation) before the timer. */
TEST(rfc4861_7_3_3_delay_to_reachable_on_confirmation)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	CHECK_EQ(reach(h, ST_DELAY), 0);
	h_advance(h, 4 * S);
	CHECK_EQ(na_from_peer(h, B_NA_S, NULL), 0); /* no TLLA needed */
	CHECK_STATE(h, "REACHABLE");
	h_advance(h, 2 * S);
	CHECK_STATE(h, "REACHABLE");
	CHECK_EQ(count_ns(h, NULL), 0);
	h_free(h);
}

/* "If the entry is still in the DELAY state when the timer expires, the
 * entry's state changes to PROBE": DELAY_FIRST_PROBE_TIME, then unicast
 * solicitations to the cached address every RetransTimer, MAX_UNICAST_
 * SOLICIT of them, then the entry fails (Linux: FAILED). */
static void
probe_then_failed(int ucast_solicit, int delay_s, int retrans_ms)
{
	struct h_cfg cfg = { 0 };
	struct in6_addr peer = h_peer_ll();
	char v[16];
	int n_uni;
	H_NEW(h, &cfg);

	snprintf(v, sizeof(v), "%d", ucast_solicit);
	H_SYSCTL(h, "neigh.eth0.ucast_solicit", v);
	snprintf(v, sizeof(v), "%d", delay_s);
	H_SYSCTL(h, "neigh.eth0.delay_first_probe_time", v);
	snprintf(v, sizeof(v), "%d", retrans_ms);
	H_SYSCTL(h, "neigh.eth0.retrans_time_ms", v);
	CHECK_EQ(ns_from_peer(h, H_PEER_MAC), 0);
	CHECK_EQ(send_to_peer(h, 1), 0);
	CHECK_STATE(h, "DELAY");
	h_clear_tx(h);
	h_advance(h, (v6_time_t)delay_s * S - 1 * MS);
	CHECK_STATE(h, "DELAY");
	CHECK_EQ(count_ns(h, NULL), 0);
	h_advance(h, 1 * MS);
	CHECK_STATE(h, "PROBE");
	CHECK_EQ(count_ns(h, &n_uni), 1);
	CHECK_EQ(n_uni, 1);
	if (h->n_tx >= 1) {
		struct c_pkt p;
		if (CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
			/* RFC 4861 7.2.2 / 7.3.3: to the cached lladdr and the
			 * neighbour's own address. */
			CHECK_ETH(&p, H_PEER_MAC, h->mac);
			CHECK_IP6(&p, &h->ll, &peer, 255, B_PROTO_ICMPV6);
			CHECK_NS(&p, &peer);
			CHECK_NS_SLLA(&p, h->mac);
		}
	}
	for (int k = 2; k <= ucast_solicit; k++) {
		h_advance(h, (v6_time_t)retrans_ms * MS - 1 * MS);
		CHECK_EQ(count_ns(h, NULL), k - 1);
		h_advance(h, 1 * MS);
		CHECK_EQ(count_ns(h, &n_uni), k);
		CHECK_EQ(n_uni, k);
		CHECK_STATE(h, "PROBE");
	}
	h_advance(h, (v6_time_t)retrans_ms * MS - 1 * MS);
	CHECK_STATE(h, "PROBE");
	h_advance(h, 1 * MS);
	CHECK_STATE(h, "FAILED");
	CHECK_EQ(count_ns(h, NULL), ucast_solicit);
	h_free(h);
}

TEST(rfc4861_7_3_3_delay_probe_three_unicast_then_failed)
{
	probe_then_failed(3, 5, 1000);
}

TEST(rfc4861_7_3_3_probe_ucast_solicit_1_lowered_timers)
{
	probe_then_failed(1, 1, 100);
}

/* PROBE -> REACHABLE on a solicited NA: no more probes. */
TEST(rfc4861_7_3_3_probe_to_reachable_on_solicited_na)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	CHECK_EQ(reach(h, ST_PROBE), 0);
	CHECK_EQ(na_from_peer(h, B_NA_S, H_PEER_MAC), 0);
	CHECK_STATE(h, "REACHABLE");
	h_clear_tx(h);
	h_advance(h, 3 * S);
	CHECK_EQ(count_ns(h, NULL), 0);
	h_free(h);
}

/* As Linux: a packet to a FAILED entry starts resolution again. */
TEST(linux_failed_entry_resolves_again_on_send)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	CHECK_EQ(send_to_peer(h, 1), 0);
	h_advance(h, 3 * S);
	CHECK_STATE(h, "FAILED");
	h_clear_tx(h);
	CHECK_EQ(send_to_peer(h, 2), 0);
	CHECK_STATE(h, "INCOMPLETE");
	CHECK_EQ(count_ns(h, NULL), 1);
	CHECK_EQ(na_from_peer(h, B_NA_S, H_PEER_MAC), 0);
	CHECK_STATE(h, "REACHABLE");
	h_free(h);
}

/* ------------------------------------------------------------------ */
/* The 7.2.5 table: an NA for an entry that is not INCOMPLETE          */
/* ------------------------------------------------------------------ */

enum lla { LLA_SAME, LLA_DIFF, LLA_NONE };
static const char *const lla_names[] = { "same", "different", "none" };

/*
 * RFC 4861 7.2.5, written out:
 *  "If the Override flag is clear and the supplied link-layer address
 *   differs from that in the cache, then one of two actions takes place:
 *   a. If the state of the entry is REACHABLE, set it to STALE, but do not
 *      update the entry in any other way.
 *   b. Otherwise, the received advertisement should be ignored"
 *  "If the Override flag is set, or the supplied link-layer address is the
 *   same as that in the cache, or no Target Link-Layer Address option was
 *   supplied, the received advertisement MUST update the entry: the
 *   link-layer address in the TLLA option MUST be inserted in the cache (if
 *   one is supplied and differs); if the Solicited flag is set, the state
 *   MUST be set to REACHABLE; if the Solicited flag is zero and the
 *   link-layer address was updated with a different address, the state
 *   MUST be set to STALE. Otherwise, the entry's state remains unchanged."
 */
static const struct na_row {
	enum st from;
	int s, o;
	enum lla lla;
	const char *to;
	int mac_updated;
} na_table[] = {
	/* O=0, different lladdr: (a) and (b) */
	{ ST_REACHABLE, 0, 0, LLA_DIFF, "STALE", 0 },
	{ ST_REACHABLE, 1, 0, LLA_DIFF, "STALE", 0 },
	{ ST_STALE, 0, 0, LLA_DIFF, "STALE", 0 },
	{ ST_STALE, 1, 0, LLA_DIFF, "STALE", 0 },
	{ ST_DELAY, 0, 0, LLA_DIFF, "DELAY", 0 },
	{ ST_DELAY, 1, 0, LLA_DIFF, "DELAY", 0 },
	{ ST_PROBE, 0, 0, LLA_DIFF, "PROBE", 0 },
	{ ST_PROBE, 1, 0, LLA_DIFF, "PROBE", 0 },
	/* O=1, different lladdr: updated; S=1 REACHABLE, S=0 STALE */
	{ ST_REACHABLE, 0, 1, LLA_DIFF, "STALE", 1 },
	{ ST_REACHABLE, 1, 1, LLA_DIFF, "REACHABLE", 1 },
	{ ST_STALE, 0, 1, LLA_DIFF, "STALE", 1 },
	{ ST_STALE, 1, 1, LLA_DIFF, "REACHABLE", 1 },
	{ ST_DELAY, 0, 1, LLA_DIFF, "STALE", 1 },
	{ ST_DELAY, 1, 1, LLA_DIFF, "REACHABLE", 1 },
	{ ST_PROBE, 0, 1, LLA_DIFF, "STALE", 1 },
	{ ST_PROBE, 1, 1, LLA_DIFF, "REACHABLE", 1 },
	/* same lladdr, O either way: S=1 REACHABLE, S=0 unchanged */
	{ ST_REACHABLE, 0, 0, LLA_SAME, "REACHABLE", 0 },
	{ ST_REACHABLE, 0, 1, LLA_SAME, "REACHABLE", 0 },
	{ ST_REACHABLE, 1, 0, LLA_SAME, "REACHABLE", 0 },
	{ ST_REACHABLE, 1, 1, LLA_SAME, "REACHABLE", 0 },
	{ ST_STALE, 0, 0, LLA_SAME, "STALE", 0 },
	{ ST_STALE, 0, 1, LLA_SAME, "STALE", 0 },
	{ ST_STALE, 1, 0, LLA_SAME, "REACHABLE", 0 },
	{ ST_STALE, 1, 1, LLA_SAME, "REACHABLE", 0 },
	{ ST_DELAY, 0, 0, LLA_SAME, "DELAY", 0 },
	{ ST_DELAY, 0, 1, LLA_SAME, "DELAY", 0 },
	{ ST_DELAY, 1, 0, LLA_SAME, "REACHABLE", 0 },
	{ ST_DELAY, 1, 1, LLA_SAME, "REACHABLE", 0 },
	{ ST_PROBE, 0, 0, LLA_SAME, "PROBE", 0 },
	{ ST_PROBE, 0, 1, LLA_SAME, "PROBE", 0 },
	{ ST_PROBE, 1, 0, LLA_SAME, "REACHABLE", 0 },
	{ ST_PROBE, 1, 1, LLA_SAME, "REACHABLE", 0 },
	/* no TLLA option: as "same" */
	{ ST_REACHABLE, 0, 0, LLA_NONE, "REACHABLE", 0 },
	{ ST_REACHABLE, 0, 1, LLA_NONE, "REACHABLE", 0 },
	{ ST_REACHABLE, 1, 0, LLA_NONE, "REACHABLE", 0 },
	{ ST_REACHABLE, 1, 1, LLA_NONE, "REACHABLE", 0 },
	{ ST_STALE, 0, 0, LLA_NONE, "STALE", 0 },
	{ ST_STALE, 0, 1, LLA_NONE, "STALE", 0 },
	{ ST_STALE, 1, 0, LLA_NONE, "REACHABLE", 0 },
	{ ST_STALE, 1, 1, LLA_NONE, "REACHABLE", 0 },
	{ ST_DELAY, 0, 0, LLA_NONE, "DELAY", 0 },
	{ ST_DELAY, 0, 1, LLA_NONE, "DELAY", 0 },
	{ ST_DELAY, 1, 0, LLA_NONE, "REACHABLE", 0 },
	{ ST_DELAY, 1, 1, LLA_NONE, "REACHABLE", 0 },
	{ ST_PROBE, 0, 0, LLA_NONE, "PROBE", 0 },
	{ ST_PROBE, 0, 1, LLA_NONE, "PROBE", 0 },
	{ ST_PROBE, 1, 0, LLA_NONE, "REACHABLE", 0 },
	{ ST_PROBE, 1, 1, LLA_NONE, "REACHABLE", 0 },
};

TEST(rfc4861_7_2_5_every_row_of_the_table)
{
	for (size_t i = 0; i < sizeof(na_table) / sizeof(na_table[0]); i++) {
		const struct na_row *r = &na_table[i];
		struct h_cfg cfg = { 0 };
		uint8_t mac[6];
		const char *got;
		struct harness *h = h_new(__FILE__, __LINE__, &cfg);
		if (!h)
			return;
		if (reach(h, r->from) != 0) {
			t_fail(__FILE__, __LINE__, "row %zu: could not reach %s", i,
			    st_names[r->from]);
			h_free(h);
			continue;
		}
		int rc = na_from_peer(h, (uint8_t)((r->s ? B_NA_S : 0) | (r->o ? B_NA_O : 0)),
		    r->lla == LLA_NONE ? NULL : r->lla == LLA_SAME ? H_PEER_MAC : OTHER_MAC);
		got = peer_state(h, mac);
		if (rc != 0 || strcmp(got, r->to) != 0 ||
		    memcmp(mac, r->mac_updated ? OTHER_MAC : H_PEER_MAC, 6) != 0)
			t_fail(__FILE__, __LINE__,
			    "row %zu: %s + NA S=%d O=%d lladdr %s: got %s lladdr %s "
			    "(input %d), want %s lladdr %s", i, st_names[r->from],
			    r->s, r->o, lla_names[r->lla], got,
			    memcmp(mac, OTHER_MAC, 6) == 0 ? "new" : "old", rc, r->to,
			    r->mac_updated ? "new" : "old");
		h_free(h);
	}
}

/* 7.2.5: "the IsRouter flag in the cache entry MUST be set based on the
 * Router flag in the received advertisement" (the Default Router List
 * side of a true -> false change belongs to router discovery). */
TEST(rfc4861_7_2_5_isrouter_follows_r_flag)
{
	struct h_cfg cfg = { 0 };
	struct in6_addr peer = h_peer_ll();
	int isr = -1;
	H_NEW(h, &cfg);

	CHECK_EQ(send_to_peer(h, 1), 0);
	CHECK_EQ(na_from_peer(h, B_NA_S | B_NA_R, H_PEER_MAC), 0);
	CHECK(h_neigh(h, &peer, NULL, NULL, 0, &isr) && isr == 1);
	CHECK_EQ(na_from_peer(h, B_NA_O, H_PEER_MAC), 0);
	CHECK(h_neigh(h, &peer, NULL, NULL, 0, &isr) && isr == 0);
	/* (a): O=0 and a different lladdr update nothing but the state. */
	CHECK_EQ(na_from_peer(h, B_NA_S | B_NA_R, H_PEER_MAC), 0);
	CHECK(h_neigh(h, &peer, NULL, NULL, 0, &isr) && isr == 1);
	CHECK_EQ(na_from_peer(h, B_NA_S, OTHER_MAC), 0);
	CHECK(h_neigh(h, &peer, NULL, NULL, 0, &isr) && isr == 1);
	CHECK_STATE(h, "STALE");
	h_free(h);
}

/* 7.2.5: "If no entry exists, the advertisement SHOULD be silently
 * discarded": an unsolicited NA creates nothing. */
TEST(rfc4861_7_2_5_unsolicited_na_without_entry_creates_nothing)
{
	struct h_cfg cfg = { 0 };
	struct bframe f;
	struct in6_addr peer = h_peer_ll(), all = h_allnodes();
	H_NEW(h, &cfg);

	b_init(&f, H_PEER_MAC, H_ALLNODES_MAC, &peer, &all);
	b_na(&f, B_NA_O, &peer);
	b_opt_lla(&f, B_ND_OPT_TLLA, H_PEER_MAC);
	expect_drop(h, h_send(h, &f), "NDISC_NA_NO_ENTRY");
	CHECK_STATE(h, "NONE");
	/* An unsolicited NA (to all-nodes) for an entry we have updates it. */
	CHECK_EQ(reach(h, ST_REACHABLE), 0);
	b_init(&f, H_PEER_MAC, H_ALLNODES_MAC, &peer, &all);
	b_na(&f, B_NA_O, &peer);
	b_opt_lla(&f, B_ND_OPT_TLLA, OTHER_MAC);
	CHECK_EQ(h_send(h, &f), 0);
	uint8_t mac[6];
	CHECK_STR(peer_state(h, mac), "STALE");
	CHECK_MEM(mac, OTHER_MAC, 6);
	h_free(h);
}

/* 7.2.3: an NS with SLLA from a new source creates the entry STALE (and
 * our NA to it, a packet sent to a STALE entry, makes it DELAY: 7.3.3, as
 * Linux shows after being pinged); from a known one with a different
 * lladdr it updates it and makes it STALE (then DELAY for the NA); with
 * the same lladdr it changes nothing. */
TEST(rfc4861_7_2_3_ns_source_lladdr_in_each_state)
{
	struct h_cfg cfg = { 0 };
	struct in6_addr peer = h_peer_ll();
	uint8_t mac[6];
	H_NEW(h, &cfg);

	h_clear_tx(h);
	CHECK_EQ(ns_from_peer(h, H_PEER_MAC), 0);
	CHECK(h_neigh_went(h, &peer, "STALE"));
	CHECK_STR(peer_state(h, mac), "DELAY");
	CHECK_MEM(mac, H_PEER_MAC, 6);
	h_free(h);

	for (int st = ST_REACHABLE; st <= ST_PROBE; st++) {
		struct harness *h2 = h_new(__FILE__, __LINE__, &cfg);
		if (!h2)
			return;
		CHECK_EQ(reach(h2, (enum st)st), 0);
		CHECK_EQ(ns_from_peer(h2, H_PEER_MAC), 0);
		/* same lladdr: unchanged, but our NA to a STALE entry: DELAY */
		CHECK_STR(peer_state(h2, mac), st == ST_STALE ? "DELAY" : st_names[st]);
		h_clear_tx(h2);
		CHECK_EQ(ns_from_peer(h2, OTHER_MAC), 0);
		CHECK(h_neigh_went(h2, &peer, "STALE"));
		CHECK_STR(peer_state(h2, mac), "DELAY");
		CHECK_MEM(mac, OTHER_MAC, 6);
		h_free(h2);
	}
}

/* ------------------------------------------------------------------ */
/* Collection and bounds (Linux gc_thresh1/2/3)                        */
/* ------------------------------------------------------------------ */

/* NS with SLLA from fe80::1:N (N = first..first+n-1), MAC
 * 02:00:00:01:HH:LL; with confirm, then a solicited NA from it too, so the
 * entry is REACHABLE (else it is DELAY after our NA, then PROBE, FAILED). */
static void
ns_from_many(struct harness *h, int first, int n, int confirm)
{
	for (int k = first; k < first + n; k++) {
		struct in6_addr src = b_addr("fe80::1:0");
		uint8_t mac[6] = { 0x02, 0, 0, 1, (uint8_t)(k >> 8), (uint8_t)k };
		struct bframe f;
		src.s6_addr[14] = (uint8_t)(k >> 8);
		src.s6_addr[15] = (uint8_t)k;
		b_ns_mcast(&f, mac, &src, &h->ll, 1);
		CHECK_EQ(h_send(h, &f), 0);
		if (!confirm)
			continue;
		b_init(&f, mac, h->mac, &src, &h->ll);
		b_na(&f, B_NA_S | B_NA_O, &src);
		b_opt_lla(&f, B_ND_OPT_TLLA, mac);
		CHECK_EQ(h_send(h, &f), 0);
	}
}

static int
has_many(struct harness *h, int k)
{
	struct in6_addr a = b_addr("fe80::1:0");
	a.s6_addr[14] = (uint8_t)(k >> 8);
	a.s6_addr[15] = (uint8_t)k;
	return h_neigh(h, &a, NULL, NULL, 0, NULL);
}

/* Linux: below gc_thresh1 nothing is collected, however old. */
TEST(linux_gc_thresh1_entries_never_collected_below)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.default.gc_thresh1", "5");
	ns_from_many(h, 1, 3, 1); /* STALE after ReachableTime */
	ns_from_many(h, 4, 1, 0); /* FAILED after its probes */
	h_advance(h, 600 * S);
	for (int k = 1; k <= 4; k++)
		CHECK(has_many(h, k));
	CHECK_EQ(h->stack->neigh.n, 4);
	CHECK(h->stack->neigh.n_periodic_gc == 0);
	h_free(h);
}

/* Linux neigh_periodic_work: at gc_thresh1 or more, STALE entries unused
 * for gc_stale_time and FAILED ones go; fresher ones stay. */
TEST(linux_gc_stale_entries_collected_at_gc_thresh1)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.default.gc_thresh1", "3");
	H_SYSCTL(h, "neigh.eth0.gc_stale_time", "60");
	ns_from_many(h, 1, 3, 1);
	h_advance(h, 50 * S); /* STALE by now, unused for < 60 s */
	CHECK_EQ(h->stack->neigh.n, 3);
	for (int k = 1; k <= 3; k++)
		CHECK(has_many(h, k));
	h_advance(h, 60 * S);
	CHECK_EQ(h->stack->neigh.n, 0);
	CHECK(h->stack->neigh.n_periodic_gc >= 1);
	h_free(h);
}

/* Linux neigh_alloc at gc_thresh2 (forced collection at most every 5 s):
 * entries not updated for 5 s go, down to gc_thresh2 (here confirmed more
 * than gc_stale_time ago: fresher confirmed ones are kept, see below). */
TEST(linux_gc_thresh2_forced_collection)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.default.gc_thresh2", "2");
	H_SYSCTL(h, "neigh.eth0.gc_stale_time", "5");
	ns_from_many(h, 1, 3, 1); /* the third: forced gc finds nothing 5 s old */
	CHECK_EQ(h->stack->neigh.n, 3);
	h_advance(h, 6 * S);
	ns_from_many(h, 4, 1, 1);
	CHECK(!has_many(h, 1)); /* the least recently used, down to 2 */
	CHECK(has_many(h, 2) && has_many(h, 3) && has_many(h, 4));
	CHECK_EQ(h->stack->neigh.n, 3);
	h_free(h);
}

/* RFC 6583 7.1, unlike Linux: entries confirmed reachable within
 * gc_stale_time carry traffic; a forced collection keeps them. */
TEST(rfc6583_7_1_confirmed_entries_survive_forced_collection)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.default.gc_thresh2", "2");
	ns_from_many(h, 1, 3, 1);
	h_advance(h, 6 * S);
	ns_from_many(h, 4, 1, 1);
	for (int k = 1; k <= 4; k++)
		CHECK(has_many(h, k));
	CHECK(h->stack->neigh.n_forced_gc >= 1);
	CHECK_EQ(h->stack->neigh.n, 4);
	h_free(h);
}

/* Send an echo request to fe80::1:N, N = first..first+n-1 (unknown
 * neighbours: each needs a resolution). */
static void
echo_to_many(struct harness *h, int first, int n)
{
	uint8_t d[4] = { 0 };

	for (int k = first; k < first + n; k++) {
		struct in6_addr a = b_addr("fe80::2:0");
		a.s6_addr[14] = (uint8_t)(k >> 8);
		a.s6_addr[15] = (uint8_t)k;
		(void)v6_icmp6_echo_send(h->ifp, NULL, &a, 1, 1, d, 4, h->now);
	}
}

/* RFC 6583 7.2: at most neigh.IFACE.incomplete_max resolutions at once;
 * the next is refused and counted; a finished one frees its place. */
TEST(rfc6583_7_2_incomplete_max)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.eth0.incomplete_max", "2");
	echo_to_many(h, 1, 3);
	CHECK_EQ(h->stack->neigh.n, 2);
	CHECK_EQ(v6_stat_get(h->stack, NULL, "drop.NEIGH_INCOMPLETE_FULL"), 1);
	h_advance(h, 4 * S); /* both FAILED (RFC 4861 7.2.2) */
	echo_to_many(h, 3, 1);
	CHECK_EQ(v6_stat_get(h->stack, NULL, "drop.NEIGH_INCOMPLETE_FULL"), 1);
	h_free(h);
}

/* RFC 6583 7.2: at most neigh.IFACE.resolve_rate new resolutions per
 * second (a burst of one second's worth), a FAILED entry's restart too. */
TEST(rfc6583_7_2_resolve_rate)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.eth0.resolve_rate", "2");
	echo_to_many(h, 1, 3);
	CHECK_EQ(h->stack->neigh.n, 2);
	CHECK_EQ(v6_stat_get(h->stack, NULL, "drop.NEIGH_RESOLVE_RATELIMITED"), 1);
	h_advance(h, 500 * MS);
	echo_to_many(h, 3, 2);
	CHECK_EQ(v6_stat_get(h->stack, NULL, "drop.NEIGH_RESOLVE_RATELIMITED"), 2);
	h_free(h);
}

/* RFC 6583 7.1: a flood of resolutions (here our answers to unknown
 * sources) fills the table but never evicts a confirmed neighbour. */
TEST(rfc6583_7_1_resolution_flood_keeps_confirmed_neighbour)
{
	struct h_cfg cfg = { 0 };
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.default.gc_thresh3", "8");
	H_SYSCTL(h, "neigh.eth0.resolve_rate", "0");
	ns_from_many(h, 1, 1, 1);
	h_advance(h, 6 * S);
	echo_to_many(h, 1, 50);
	CHECK(has_many(h, 1));
	CHECK_EQ(h->stack->neigh.n, 8);
	CHECK(v6_stat_get(h->stack, NULL, "drop.NEIGH_TABLE_FULL") >= 40);
	h_free(h);
}

/* Linux neigh_alloc at gc_thresh3 (the hard bound): entries younger than
 * 5 s are not collected, so new ones are refused (NEIGH_TABLE_FULL) and
 * their NSs go unanswered; once the old ones are 5 s old, the forced
 * collection makes room and new sources are answered again. */
TEST(linux_gc_thresh3_bound_refuses_then_collects)
{
	struct h_cfg cfg = { 0 };
	struct in6_addr nine = b_addr("fe80::9");
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.default.gc_thresh3", "4");
	H_SYSCTL(h, "neigh.default.gc_thresh2", "2"); /* below thresh3 */
	ns_from_many(h, 1, 4, 0);
	CHECK_EQ(h->stack->neigh.n, 4);
	h_clear_tx(h);
	ns_from_many(h, 5, 100, 0);
	CHECK_EQ(h->stack->neigh.n, 4);
	CHECK_EQ(h->stack->neigh.n_evictions, 0);
	CHECK(v6_stat_get(h->stack, NULL, "drop.NEIGH_TABLE_FULL") >= 100);
	for (int k = 1; k <= 4; k++)
		CHECK(has_many(h, k));
	CHECK(!has_many(h, 5));
	CHECK(h_find_icmp6(h, 136, NULL) < 0); /* no NA to the refused */
	h_advance(h, 30 * S); /* the first four FAILED (DELAY, PROBE x3) */
	expect_ns_answered(h, &nine, &h->ll);
	CHECK(h->stack->neigh.n <= 4);
	h_free(h);
}

/* INCOMPLETE entries (holding packets) are never evicted: with a table
 * full of them, a new entry is refused and counted. */
TEST(linux_gc_thresh3_incomplete_not_evicted_table_full)
{
	struct h_cfg cfg = { 0 };
	struct in6_addr a = b_addr("fe80::77");
	uint8_t d[4] = { 0 };
	H_NEW(h, &cfg);

	H_SYSCTL(h, "neigh.default.gc_thresh3", "2");
	CHECK_EQ(send_to_peer(h, 1), 0);
	CHECK_EQ(v6_icmp6_echo_send(h->ifp, NULL, &a, 1, 1, d, 4, h->now), 0);
	CHECK_EQ(h->stack->neigh.n, 2);
	ns_from_many(h, 1, 1, 0);
	CHECK_EQ(h->stack->neigh.n, 2);
	CHECK(!has_many(h, 1));
	/* Refused once: the NS source's entry; then, as Linux's
	 * ndisc_recv_ns, no NA is even tried. */
	CHECK_EQ(v6_stat_get(h->stack, NULL, "drop.NEIGH_TABLE_FULL"), 1);
	CHECK_EQ(h->stack->neigh.n_table_fulls, 1);
	CHECK_STATE(h, "INCOMPLETE");
	h_free(h);
}

/* RFC 4862 5.4.5: an address that failed DAD is not ours; the node that
 * owns it is resolved like any neighbour (its NA is not "for one of our
 * addresses"; found by test_dad.py against the kernel). */
TEST(rfc4862_5_4_5_dadfailed_address_owner_resolvable)
{
	struct h_cfg cfg = { .dad = 1 };
	struct in6_addr ours = h_our_global(), theirs = h_peer_global();
	struct in6_addr all = h_allnodes();
	struct bframe f;
	uint16_t seqs[2];
	uint8_t d[4] = { 0 };
	char st[16];
	H_NEW(h, &cfg);

	H_ADD_ADDR(h, &theirs, 64);
	H_ADD_ADDR(h, &ours, 64);
	/* the peer defends its address */
	b_init(&f, H_PEER_MAC, H_ALLNODES_MAC, &theirs, &all);
	b_na(&f, B_NA_O, &theirs);
	b_opt_lla(&f, B_ND_OPT_TLLA, H_PEER_MAC);
	(void)h_send(h, &f);
	CHECK(h_addr(h, &theirs, NULL, st, sizeof(st)) && !strcmp(st, "DADFAILED"));
	h_advance(h, 5 * S);
	CHECK(h_addr(h, &ours, NULL, st, sizeof(st)) && !strcmp(st, "PREFERRED"));
	h_clear_tx(h);
	CHECK_EQ(v6_icmp6_echo_send(h->ifp, NULL, &theirs, 1, 1, d, 4, h->now), 0);
	b_init(&f, H_PEER_MAC, h->mac, &theirs, &ours);
	b_na(&f, B_NA_S | B_NA_O, &theirs);
	b_opt_lla(&f, B_ND_OPT_TLLA, H_PEER_MAC);
	expect_accepted(h, h_send(h, &f));
	CHECK(h_neigh(h, &theirs, NULL, st, sizeof(st), NULL) && !strcmp(st, "REACHABLE"));
	CHECK_EQ(echo_requests(h, seqs, 2), 1);
	h_free(h);
}

/* The end of time (v6stack.h: now at most V6_TIME_MAX, later values are
 * taken as it). A capture's timestamps or a caller's clock can be
 * anything: with a neighbour entry the collection timer is periodic, and
 * before the clamp now + gc_interval wrapped past UINT64_MAX, so the timer
 * was due again at once and v6_poll never returned (found by the explain
 * fuzzer). SIGALRM fails the test if it hangs. */
TEST(time_beyond_v6_time_max_is_clamped_and_poll_returns)
{
	struct h_cfg cfg = { 0 };
	struct in6_addr peer = h_peer_ll();
	struct bframe f;
	v6_time_t next;
	H_NEW(h, &cfg);

	CHECK_EQ(reach(h, ST_REACHABLE), 0);
	alarm(10);
	next = v6_poll(h->stack, UINT64_MAX);
	CHECK(next > V6_TIME_MAX);
	CHECK(v6_poll(h->stack, UINT64_MAX - 1) > V6_TIME_MAX);
	/* The peer's entry aged as at V6_TIME_MAX (REACHABLE ran out: STALE),
	 * and the stack still answers at the end of time: an Echo Request
	 * from the peer gets its reply. */
	CHECK_STR(peer_state(h, NULL), "STALE");
	h->now = UINT64_MAX;
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &peer, &h->ll);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 7, 1, (const uint8_t *)"x", 1);
	h_clear_tx(h);
	CHECK_EQ(h_send(h, &f), 0);
	CHECK(h_find_icmp6(h, 129, NULL) >= 0);
	alarm(0);
	h_free(h);
}

T_MAIN()
