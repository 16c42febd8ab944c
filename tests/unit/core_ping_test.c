/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Echo from the stack (RFC 4443 4.1, 4.2) through the public API:
 * v6_icmp6_echo_send lays out an Echo Request (checked field by field
 * here, independently of src/wire), Echo Replies reach the listener with
 * their identifier, sequence, hop limit and data, errors quoting one of our
 * requests reach it with the quoted identifier and sequence (RFC 4443 2.4
 * (a)), and without a listener replies are dropped by name.
 */
#include "lib/harness.h"

struct seen {
	int n_reply, n_err;
	uint16_t id, seq;
	uint8_t hlim, type, code;
	uint8_t data[64];
	size_t len;
	struct in6_addr from;
};

static void
on_reply(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint16_t id, uint16_t seq, uint8_t hlim, const uint8_t *data, size_t len,
    v6_time_t now)
{
	struct seen *s = ctx;

	(void)iface, (void)now;
	s->n_reply++;
	s->id = id;
	s->seq = seq;
	s->hlim = hlim;
	s->from = *from;
	s->len = len;
	memcpy(s->data, data, len < sizeof(s->data) ? len : sizeof(s->data));
}

static void
on_err(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint8_t type, uint8_t code, uint32_t info, uint16_t id, uint16_t seq,
    v6_time_t now)
{
	struct seen *s = ctx;

	(void)iface, (void)info, (void)now;
	s->n_err++;
	s->type = type;
	s->code = code;
	s->id = id;
	s->seq = seq;
	s->from = *from;
}

/* A peer entry (REACHABLE) so that requests leave at once. */
static void
resolve_peer(struct harness *h)
{
	struct in6_addr peer = h_peer_ll();
	struct bframe f;
	uint8_t d[1] = { 0 };

	(void)v6_icmp6_echo_send(h->ifp, NULL, &peer, 9, 9, d, 1, h->now);
	b_init(&f, H_PEER_MAC, h->mac, &peer, &h->ll);
	b_na(&f, B_NA_S | B_NA_O, &peer);
	b_opt_lla(&f, B_ND_OPT_TLLA, H_PEER_MAC);
	(void)h_send(h, &f);
	h_clear_tx(h);
}

TEST(rfc4443_4_1_echo_request_laid_out)
{
	struct h_cfg cfg = { 0 };
	struct in6_addr peer = h_peer_ll();
	const uint8_t data[5] = { 1, 2, 3, 4, 5 };
	struct c_pkt p;
	H_NEW(h, &cfg);

	resolve_peer(h);
	CHECK_EQ(v6_icmp6_echo_send(h->ifp, NULL, &peer, 0xbeef, 7, data, 5, h->now), 0);
	expect_tx_count(h, 1);
	if (CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_ETH(&p, H_PEER_MAC, h->mac);
		CHECK_IP6(&p, &h->ll, &peer, 64, B_PROTO_ICMPV6); /* conf hop_limit */
		CHECK_ICMP6(&p, B_ICMP6_ECHO_REQUEST, 0);
		CHECK(p.csum_ok);
		CHECK_EQ(p.pl_len, 8 + 5);
		CHECK_EQ(p.pl[4] << 8 | p.pl[5], 0xbeef);
		CHECK_EQ(p.pl[6] << 8 | p.pl[7], 7);
		CHECK_MEM(p.pl + 8, data, 5);
	}
	CHECK_EQ(H_STAT(h, "Icmp6OutEchos"), 2);
	CHECK_EQ(H_STAT(h, "Icmp6OutType128"), 2);
	h_free(h);
}

TEST(rfc4443_4_2_echo_reply_to_listener)
{
	struct h_cfg cfg = { 0 };
	struct seen s = { 0 };
	struct in6_addr peer = h_peer_ll();
	const uint8_t data[3] = { 7, 8, 9 };
	struct bframe f;
	H_NEW(h, &cfg);

	/* without a listener: dropped by name */
	b_init(&f, H_PEER_MAC, h->mac, &peer, &h->ll);
	b_echo(&f, B_ICMP6_ECHO_REPLY, 0, 1, 1, data, 3);
	expect_drop(h, h_send(h, &f), "ICMP6_ECHO_REPLY_NO_LISTENER");
	v6_icmp6_echo_listen(h->stack, on_reply, on_err, &s);
	b_init(&f, H_PEER_MAC, h->mac, &peer, &h->ll);
	f.hlim = 61;
	b_echo(&f, B_ICMP6_ECHO_REPLY, 0, 0x1234, 42, data, 3);
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(s.n_reply, 1);
	CHECK_EQ(s.id, 0x1234);
	CHECK_EQ(s.seq, 42);
	CHECK_EQ(s.hlim, 61);
	CHECK_EQ(s.len, 3);
	CHECK_MEM(s.data, data, 3);
	CHECK_ADDR(&s.from, &peer);
	/* truncated: not passed on */
	b_init(&f, H_PEER_MAC, h->mac, &peer, &h->ll);
	b_icmp6(&f, B_ICMP6_ECHO_REPLY, 0);
	b_put16(&f, 1);
	expect_drop(h, h_send(h, &f), "ICMP6_ECHO_TRUNCATED");
	CHECK_EQ(s.n_reply, 1);
	/* a reply does not confirm reachability (as Linux's ping sockets) */
	char st[16];
	CHECK(!h_neigh(h, &peer, NULL, st, sizeof(st), NULL));
	h_free(h);
}

/* RFC 4443 2.4 (a): a Destination Unreachable from a router quoting our
 * Echo Request reaches the listener with the quoted id and sequence. */
TEST(rfc4443_2_4_a_error_about_our_echo_to_listener)
{
	struct h_cfg cfg = { 0 };
	struct seen s = { 0 };
	struct in6_addr peer = h_peer_ll(), far = b_addr("fe80::99");
	uint8_t d[4] = { 0 }, quoted[48];
	struct bframe f;
	H_NEW(h, &cfg);

	v6_icmp6_echo_listen(h->stack, on_reply, on_err, &s);
	/* the quoted request: IPv6 header + echo header */
	memset(quoted, 0, sizeof(quoted));
	quoted[0] = 0x60;
	quoted[5] = 8;
	quoted[6] = 58;
	quoted[7] = 64;
	memcpy(quoted + 8, h->ll.s6_addr, 16);
	memcpy(quoted + 24, far.s6_addr, 16);
	quoted[40] = 128;
	quoted[44] = 0xab;
	quoted[45] = 0xcd;
	quoted[47] = 5;
	b_init(&f, H_PEER_MAC, h->mac, &peer, &h->ll);
	b_icmp6(&f, 1, 1);
	b_put32(&f, 0);
	b_put(&f, quoted, sizeof(quoted));
	expect_accepted(h, h_send(h, &f));
	CHECK_EQ(s.n_err, 1);
	CHECK_EQ(s.type, 1);
	CHECK_EQ(s.code, 1);
	CHECK_EQ(s.id, 0xabcd);
	CHECK_EQ(s.seq, 5);
	CHECK_ADDR(&s.from, &peer);
	/* one quoting somebody else's request: not ours */
	memcpy(quoted + 8, far.s6_addr, 16);
	b_init(&f, H_PEER_MAC, h->mac, &peer, &h->ll);
	b_icmp6(&f, 1, 1);
	b_put32(&f, 0);
	b_put(&f, quoted, sizeof(quoted));
	expect_drop(h, h_send(h, &f), "ICMP6_ERR_NOT_OURS");
	CHECK_EQ(s.n_err, 1);
	(void)d;
	h_free(h);
}

TEST(echo_send_refuses_without_source_or_up)
{
	struct h_cfg cfg = { .no_up = 1 };
	struct in6_addr peer = h_peer_ll(), bogus = b_addr("2001:db8::77");
	uint8_t d[1] = { 0 };
	H_NEW(h, &cfg);

	CHECK_STR(v6_drop_name(v6_icmp6_echo_send(h->ifp, NULL, &peer, 1, 1, d,
		      1, h->now)), "IFACE_DOWN");
	H_UP(h);
	CHECK_STR(v6_drop_name(v6_icmp6_echo_send(h->ifp, &bogus, &peer, 1, 1, d,
		      1, h->now)), "OUT_NO_SOURCE");
	CHECK_EQ(h->n_tx, 0);
	h_free(h);
}

T_MAIN()
