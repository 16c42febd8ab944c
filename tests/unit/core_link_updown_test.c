/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A link going down and up (v6_iface_down, v6_iface_up again): nothing in
 * or out while down; the addresses stay, TENTATIVE, and go through DAD
 * again when it comes up (RFC 4862 5.4; Linux addrconf_dad_run on
 * NETDEV_UP); a duplicate found then is a DADFAILED as at start.
 */
#include "lib/harness.h"

/* DAD probes (NS from ::) for target among the frames sent. */
static int
n_dad_probes(struct harness *h, const struct in6_addr *target)
{
	static const struct in6_addr unspec;
	struct c_pkt p;
	int n = 0;

	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++)
		if (CHECK_PARSE(&p, h->tx[i], h->tx_len[i]) == 0 && p.has_icmp6 &&
		    p.type == B_ND_NEIGHBOR_SOLICIT && !memcmp(&p.src, &unspec, 16) &&
		    p.pl_len >= 24 && !memcmp(p.pl + 8, target, 16))
			n++;
	return n;
}

TEST(rfc4862_5_4_link_down_up_dad_again)
{
	static const uint8_t data[4] = { 1, 2, 3, 4 };
	struct h_cfg cfg = { .dad = 1 };
	H_NEW(h, &cfg);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	char st[16];
	unsigned plen;
	struct bframe f;
	char err[128];

	H_ADD_ADDR(h, &g, 64);
	h_advance(h, 3 * V6_NS_PER_S);
	CHECK(h_addr(h, &g, &plen, st, sizeof(st)) && !strcmp(st, "PREFERRED"));
	v6_iface_down(h->ifp, h->now);
	CHECK(h_addr(h, &g, &plen, st, sizeof(st)) && !strcmp(st, "TENTATIVE"));
	CHECK(h_addr(h, &h->ll, &plen, st, sizeof(st)) && !strcmp(st, "TENTATIVE"));
	h_clear_tx(h);
	/* Down: nothing received, nothing sent, whatever the timers say. */
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &g);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 0x55, 1, data, sizeof(data));
	expect_drop(h, h_send(h, &f), "IFACE_DOWN");
	h_advance(h, 10 * V6_NS_PER_S);
	expect_tx_count(h, 0);
	/* Up: DAD again on each address, then usable. */
	CHECK_EQ(v6_iface_up(h->ifp, h->now, err, sizeof(err)), 0);
	h_advance(h, 1500 * V6_NS_PER_MS);
	CHECK_EQ(n_dad_probes(h, &g), 1);
	CHECK_EQ(n_dad_probes(h, &h->ll), 1);
	h_advance(h, 3 * V6_NS_PER_S);
	CHECK(h_addr(h, &g, &plen, st, sizeof(st)) && !strcmp(st, "PREFERRED"));
	CHECK(h_addr(h, &h->ll, &plen, st, sizeof(st)) && !strcmp(st, "PREFERRED"));
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	h_free(h);
}

T_MAIN()
