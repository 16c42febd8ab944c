/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Packets to our own addresses (loopback.c): as Linux's local routes,
 * they are delivered to the input path at the next v6_poll without
 * touching the link (no frame, no Neighbor Solicitation for ourselves),
 * counted out and in; an Echo Request to ourselves is answered and the
 * answer reaches the listener.
 */
#include "lib/harness.h"

struct seen {
	int n_reply, n_err;
	uint16_t seq;
	struct in6_addr from;
	size_t len;
};

static void
on_reply(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint16_t id, uint16_t seq, uint8_t hlim, const uint8_t *data, size_t len,
    v6_time_t now)
{
	struct seen *s = ctx;

	(void)iface, (void)id, (void)hlim, (void)data, (void)now;
	s->n_reply++;
	s->seq = seq;
	s->from = *from;
	s->len = len;
}

static void
on_err(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint8_t type, uint8_t code, uint32_t info, uint16_t id, uint16_t seq,
    v6_time_t now)
{
	struct seen *s = ctx;

	(void)iface, (void)from, (void)type, (void)code, (void)info, (void)id;
	(void)seq, (void)now;
	s->n_err++;
}

/* Ping dst from the stack; run the timers; the reply must have come. */
static void
ping_self(struct harness *h, struct seen *s, const struct in6_addr *dst,
    size_t len)
{
	static uint8_t data[2000];

	CHECK_EQ(v6_icmp6_echo_send(h->ifp, NULL, dst, 7, 1, data, len, h->now), 0);
	/* Nothing yet: delivery is at the next v6_poll, due now. */
	CHECK_EQ(s->n_reply, 0);
	CHECK_EQ(v6_poll(h->stack, h->now) == h->now, 0);
	CHECK_EQ(s->n_reply, 1);
	CHECK_EQ(s->n_err, 0);
	CHECK_EQ(s->len, len);
	CHECK_ADDR(&s->from, dst);
}

TEST(loopback_ping_own_global_address)
{
	struct h_cfg cfg = { 0 };
	struct seen s = { 0 };
	struct in6_addr g = h_our_global();
	H_NEW(h, &cfg);

	H_ADD_ADDR(h, &g, 64);
	h_advance(h, 10 * V6_NS_PER_S); /* the MLD reports of its group */
	h_clear_tx(h);
	v6_icmp6_echo_listen(h->stack, on_reply, on_err, &s);
	uint64_t out0 = H_STAT(h, "Ip6OutRequests");
	uint64_t in0 = H_STAT(h, "Ip6InReceives");
	uint64_t del0 = H_STAT(h, "Ip6InDelivers");
	ping_self(h, &s, &g, 56);
	/* Not on the wire: no frame, no solicitation for ourselves. */
	expect_tx_count(h, 0);
	/* As Linux counts a ping to a local address (on lo there): the
	 * request and the reply, each out and in. */
	CHECK_EQ(H_STAT(h, "Ip6OutRequests") - out0, 2);
	CHECK_EQ(H_STAT(h, "Ip6InReceives") - in0, 2);
	CHECK_EQ(H_STAT(h, "Ip6InDelivers") - del0, 2);
	expect_stat(h, "Icmp6OutEchos", 1);
	expect_stat(h, "Icmp6InEchos", 1);
	expect_stat(h, "Icmp6OutEchoReplies", 1);
	expect_stat(h, "Icmp6InEchoReplies", 1);
	h_free(h);
}

TEST(loopback_ping_own_linklocal_and_large)
{
	struct h_cfg cfg = { 0 };
	struct seen s = { 0 };
	H_NEW(h, &cfg);

	v6_icmp6_echo_listen(h->stack, on_reply, on_err, &s);
	/* Beyond the link MTU: not fragmented (lo's MTU is 65536). */
	ping_self(h, &s, &h->ll, 1800);
	expect_tx_count(h, 0);
	expect_stat(h, "Ip6FragCreates", 0);
	h_free(h);
}

/* The weak host model: an address of another interface is ours too. */
TEST(loopback_ping_address_of_other_interface)
{
	static const uint8_t mac1[6] = { 2, 0, 0, 0, 1, 1 };
	struct h_cfg cfg = { 0 };
	struct seen s = { 0 };
	struct in6_addr b = b_addr("2001:db8:b::1");
	char err[128];
	H_NEW(h, &cfg);
	struct h_link *l = H_ADD_IFACE(h, "eth1", mac1, 0);

	if (!CHECK_TRUE(l != NULL))
		return;
	CHECK_EQ(v6_addr_add(l->ifp, &b, 64, h->now, err, sizeof(err)), 0);
	h_clear_tx(h);
	v6_icmp6_echo_listen(h->stack, on_reply, on_err, &s);
	ping_self(h, &s, &b, 8);
	expect_tx_count(h, 0);
	CHECK_EQ(l->n_tx, 0);
	h_free(h);
}

/* The queue's bound: a ninth packet waiting is dropped by name. */
TEST(loopback_queue_full)
{
	struct h_cfg cfg = { 0 };
	uint8_t d[8] = { 0 };
	H_NEW(h, &cfg);

	for (int i = 0; i < 8; i++)
		CHECK_EQ(v6_icmp6_echo_send(h->ifp, NULL, &h->ll, 1, (uint16_t)i, d, 8,
		    h->now), 0);
	CHECK(v6_icmp6_echo_send(h->ifp, NULL, &h->ll, 1, 9, d, 8, h->now) != 0);
	expect_stat(h, "Ip6OutDiscards", 1);
	(void)v6_poll(h->stack, h->now);
	/* The eight were answered (no listener: replies dropped by name). */
	expect_stat(h, "Icmp6OutEchoReplies", 8);
	h_free(h);
}

T_MAIN()
