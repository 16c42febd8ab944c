/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Redirects we send (core/redirect.c; RFC 4861 8.2, 4.5, 4.6.3; Linux
 * ip6_forward and ndisc_send_redirect) and the Subnet-Router anycast
 * address (core/anycast.c; RFC 4291 2.6.1; Linux addrconf_join_anycast),
 * driven through v6_input on a harness router:
 *
 *   H1 2001:db8::2 ------+------ R2 fe80::ff:fe00:3 ---- 2001:db8:99::/48
 *   02:00:00:00:00:02    |       02:00:00:00:00:03       2001:db8:77::/48
 *                 eth0 [us] 2001:db8::1/64, fe80::ff:fe00:1
 *                 eth1 [us] 2001:db8:1::1/64 ---- gw 2001:db8:1::fe ---- 2001:db8:55::/48
 *
 * conf.all.forwarding=1; routes 2001:db8:99::/48 and 2001:db8:77::/48 via
 * R2 (link-local) on eth0, 2001:db8:98::/48 via 2001:db8::fe (global) on
 * eth0, 2001:db8:55::/48 via eth1's gateway. H1 is in the neighbour cache.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/harness.h"

static const uint8_t ETH1_MAC[6] = { 0x02, 0, 0, 0, 0x01, 0x01 };
#define FAR "2001:db8:99::7" /* via R2, back out of eth0 */
#define FAR2 "2001:db8:99::8"
#define ICMP6_REDIRECT 137

static uint64_t
ifstat(struct harness *h, const struct v6_iface *ifp, const char *name)
{
	return v6_stat_get(h->stack, ifp, name);
}

struct drop_find {
	const char *name;
	uint64_t value;
};

static void
drop_cb(void *ctx, const char *name, const char *text, uint64_t value)
{
	struct drop_find *d = ctx;

	(void)text;
	if (strcmp(name, d->name) == 0)
		d->value = value;
}

/* How many times the reason named name (drop.def) was counted. */
static uint64_t
drops(struct harness *h, const char *name)
{
	struct drop_find d = { name, 0 };

	v6_drops_foreach(h->stack, drop_cb, &d);
	return d.value;
}

static int
route_add(struct harness *h, const char *dst, unsigned len, const char *gw,
    struct v6_iface *dev)
{
	struct v6_route_spec rt = { .dst = b_addr(dst), .dst_len = len,
		.has_gw = 1, .gw = b_addr(gw), .dev = dev };

	if (v6_route_add(h->stack, &rt, 0, h->err, sizeof(h->err)) != 0) {
		t_fail(__FILE__, __LINE__, "route add %s: %s", dst, h->err);
		return -1;
	}
	return 0;
}

/* R2 solicits us with its SLLA: its entry is STALE (valid) with its MAC. */
static void
r2_known(struct harness *h)
{
	struct bframe f;
	struct in6_addr r2 = h_peer2_ll(), ll = h_our_ll();

	b_ns_mcast(&f, H_PEER2_MAC, &r2, &ll, 1);
	h_send(h, &f);
	h_clear_tx(h);
}

static struct harness *
setup(const char *file, int line, struct h_link **e1)
{
	struct harness *h = h_new(file, line, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr a1 = b_addr("2001:db8:1::1");

	if (h == NULL)
		return NULL;
	if (h_add_addr(file, line, h, &g, 64) != 0 ||
	    h_expect_ns_answered(file, line, h, &pg, &g) != 0 ||
	    (*e1 = h_add_iface(file, line, h, "eth1", ETH1_MAC, 0)) == NULL ||
	    v6_addr_add((*e1)->ifp, &a1, 64, h->now, h->err, sizeof(h->err)) != 0 ||
	    route_add(h, "2001:db8:99::", 48, "fe80::ff:fe00:3", h->ifp) != 0 ||
	    route_add(h, "2001:db8:77::", 48, "fe80::ff:fe00:3", h->ifp) != 0 ||
	    route_add(h, "2001:db8:98::", 48, "2001:db8::fe", h->ifp) != 0 ||
	    route_add(h, "2001:db8:55::", 48, "2001:db8:1::fe", NULL) != 0 ||
	    h_sysctl(file, line, h, "conf.all.forwarding", "1") != 0) {
		t_fail(file, line, "setup: %s", h->err);
		h_free(h);
		return NULL;
	}
	h_clear_tx(h);
	return h;
}
#define SETUP(h, e1)                                                       \
	struct h_link *e1 = NULL;                                          \
	struct harness *h = setup(__FILE__, __LINE__, &e1);                \
	if (h == NULL)                                                     \
		return

/* A UDP packet of data_len bytes from src (MAC mac) to dst, hop limit 64,
 * in buf (B_PL_MAX + 128 bytes). Returns the frame's length. */
static size_t
udp_frame(uint8_t *buf, const uint8_t mac[6], const char *src,
    const char *dst, size_t data_len)
{
	static uint8_t data[B_PL_MAX];
	struct in6_addr s = b_addr(src), d = b_addr(dst);
	struct bframe f;
	size_t n;

	for (size_t i = 0; i < data_len; i++)
		data[i] = (uint8_t)(i * 7 + 3);
	b_init(&f, mac, H_OUR_MAC, &s, &d);
	f.hlim = 64;
	b_udp(&f, 40000, 9, data, data_len);
	n = b_emit(&f, buf, B_PL_MAX + 128);
	if (n == 0)
		abort();
	return n;
}

/*
 * eth0's frame i is a Redirect to H1 (2001:db8::2, its MAC) from our
 * link-local, hop limit 255, naming target and dest, with a TLLA of
 * tlla_mac when not NULL, then a Redirected Header quoting the first
 * quote_len bytes of pkt. Checks the exact layout RFC 4861 4.5 draws.
 */
static int
check_redirect(const char *file, int line, struct harness *h, int i,
    const char *target, const char *dest, const uint8_t *tlla_mac,
    const uint8_t *pkt, size_t quote_len)
{
	struct in6_addr ll = h_our_ll(), pg = h_peer_global();
	struct in6_addr t = b_addr(target), d = b_addr(dest);
	struct c_opt o[4];
	struct c_pkt p;
	int n, k = 0;
	size_t want_len = 40 + (tlla_mac ? 8 : 0) + 8 + quote_len;

	if (i < 0 || (size_t)i >= h->n_tx) {
		t_fail(file, line, "no Redirect sent");
		return -1;
	}
	if (c_check_parse(file, line, &p, h->tx[i], h->tx_len[i]) != 0 ||
	    c_check_eth(file, line, &p, H_PEER_MAC, H_OUR_MAC) != 0 ||
	    c_check_ip6(file, line, &p, &ll, &pg, 255, B_PROTO_ICMPV6) != 0 ||
	    c_check_icmp6(file, line, &p, ICMP6_REDIRECT, 0) != 0)
		return -1;
	if (!h_check_true(file, line, "Redirect length", p.pl_len == want_len) ||
	    !h_check_true(file, line, "checksum", p.csum_ok) ||
	    !h_check_true(file, line, "reserved 0",
		memcmp(p.pl + 4, "\0\0\0\0", 4) == 0) ||
	    c_check_addr(file, line, "target", (const struct in6_addr *)(const void *)(p.pl + 8), &t) != 0 ||
	    c_check_addr(file, line, "destination", (const struct in6_addr *)(const void *)(p.pl + 24), &d) != 0)
		return -1;
	n = c_nd_opts(p.pl + 40, p.pl_len - 40, o, 4);
	if (!h_check_true(file, line, "option count", n == (tlla_mac ? 2 : 1)))
		return -1;
	if (tlla_mac) {
		if (!h_check_true(file, line, "TLLA", o[0].type == 2 && o[0].len == 1 &&
			memcmp(o[0].data + 2, tlla_mac, 6) == 0))
			return -1;
		k = 1;
	}
	if (!h_check_true(file, line, "Redirected Header", o[k].type == 4 &&
		o[k].len * 8u == 8 + quote_len &&
		memcmp(o[k].data + 2, "\0\0\0\0\0\0", 6) == 0 &&
		memcmp(o[k].data + 8, pkt, quote_len) == 0))
		return -1;
	return 0;
}
#define CHECK_REDIRECT(h, i, target, dest, mac, pkt, qlen) \
	check_redirect(__FILE__, __LINE__, h, i, target, dest, mac, pkt, qlen)

/* eth0's frame i is in (n bytes) forwarded to mac: hop limit one less. */
static int
check_forwarded(const char *file, int line, struct harness *h, size_t i,
    const uint8_t *in, size_t n, const uint8_t mac[6])
{
	uint8_t want[B_PL_MAX + 128];

	memcpy(want, in, n);
	memcpy(want, mac, 6);
	memcpy(want + 6, H_OUR_MAC, 6);
	want[B_ETH_HLEN + 7]--;
	if (i >= h->n_tx || h->tx_len[i] != n || memcmp(h->tx[i], want, n) != 0) {
		t_fail(file, line, "frame %zu is not the packet forwarded", i);
		return -1;
	}
	return 0;
}
#define CHECK_FORWARDED(h, i, in, n, mac) \
	check_forwarded(__FILE__, __LINE__, h, i, in, n, mac)

/* ---- Redirects sent ---- */

/* RFC 4861 8.2: the packet leaves by the link it came in on, its source is
 * a neighbour: a Redirect with Target = the route's (link-local) gateway,
 * Destination = the packet's, the target's TLLA (its entry is valid), the
 * packet itself in a Redirected Header (4.6.3; here whole, rounded down
 * to 8 octets); from our link-local, hop limit 255 (4.5). The packet is
 * still forwarded (Linux ip6_forward). */
TEST(rfc4861_8_2_redirect_to_link_local_gateway_with_tlla_and_header)
{
	SETUP(h, e1);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, H_PEER_MAC, "2001:db8::2", FAR, 100);
	size_t plen = n - B_ETH_HLEN; /* 148 */
	uint64_t msgs0;

	r2_known(h);
	msgs0 = H_STAT(h, "Icmp6OutMsgs");
	expect_accepted(h, h_input(h, in, n));
	if (expect_tx_count(h, 2) == 0) {
		CHECK_REDIRECT(h, 0, "fe80::ff:fe00:3", FAR, H_PEER2_MAC,
		    in + B_ETH_HLEN, plen & ~(size_t)7);
		CHECK_FORWARDED(h, 1, in, n, H_PEER2_MAC);
	}
	CHECK_EQ(e1->n_tx, 0);
	expect_stat(h, "Icmp6OutRedirects", 1);
	CHECK_EQ(H_STAT(h, "Icmp6OutMsgs"), msgs0 + 1);
	CHECK_EQ(ifstat(h, h->ifp, "Ip6OutForwDatagrams"), 1);
	h_free(h);
}

/* RFC 4861 4.6.3 "as much of the forwarded packet as can fit without the
 * redirect packet exceeding the minimum MTU": 1280 octets in all, with the
 * TLLA (1184 octets quoted) and without it (1192). */
TEST(rfc4861_4_6_3_redirected_header_capped_at_1280)
{
	SETUP(h, e1);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, H_PEER_MAC, "2001:db8::2", FAR, 1452);

	/* R2 unknown: no TLLA; the packet waits for R2's resolution */
	expect_accepted(h, h_input(h, in, n));
	int i = h_find_icmp6(h, ICMP6_REDIRECT, NULL);
	CHECK_REDIRECT(h, i, "fe80::ff:fe00:3", FAR, NULL, in + B_ETH_HLEN, 1192);
	if (i >= 0)
		CHECK_EQ(h->tx_len[i], B_ETH_HLEN + 1280);
	h_clear_tx(h);
	r2_known(h);
	h_advance(h, 2 * V6_NS_PER_S); /* the destination's bucket refills */
	h_clear_tx(h);
	expect_accepted(h, h_input(h, in, n));
	i = h_find_icmp6(h, ICMP6_REDIRECT, NULL);
	CHECK_REDIRECT(h, i, "fe80::ff:fe00:3", FAR, H_PEER2_MAC,
	    in + B_ETH_HLEN, 1184);
	if (i >= 0)
		CHECK_EQ(h->tx_len[i], B_ETH_HLEN + 1280);
	h_free(h);
}

/* RFC 4861 8.2: a destination on the link itself: Target = Destination
 * ("the destination is a neighbor"); no TLLA while it is unresolved. */
TEST(rfc4861_8_2_onlink_destination_is_the_target)
{
	SETUP(h, e1);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, H_PEER_MAC, "2001:db8::2", "2001:db8::7", 17);
	struct in6_addr d = b_addr("2001:db8::7");

	expect_accepted(h, h_input(h, in, n));
	CHECK_REDIRECT(h, h_find_icmp6(h, ICMP6_REDIRECT, NULL), "2001:db8::7",
	    "2001:db8::7", NULL, in + B_ETH_HLEN, 64);
	CHECK_TRUE(h_find_icmp6(h, 135, &d) >= 0); /* forwarded: resolving */
	h_free(h);
}

/* RFC 4861 8.2: "the Source Address of the packet identifies a neighbor":
 * a packet from an off-link source (its route has a gateway, Linux's test)
 * gets no Redirect, and is forwarded. */
TEST(rfc4861_8_2_no_redirect_when_source_not_onlink)
{
	SETUP(h, e1);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, H_PEER2_MAC, "2001:db8:77::5", FAR, 40);

	r2_known(h);
	expect_accepted(h, h_input(h, in, n));
	if (expect_tx_count(h, 1) == 0)
		CHECK_FORWARDED(h, 0, in, n, H_PEER2_MAC);
	CHECK_EQ(drops(h, "REDIRECT_SRC_NOT_NEIGHBOUR"), 1);
	expect_stat(h, "Icmp6OutRedirects", 0);
	h_free(h);
}

/* RFC 4861 8.2: "the Target Address MUST be the link-local address of the
 * router": a route through a global gateway gives no Redirect. */
TEST(rfc4861_8_2_no_redirect_when_gateway_not_link_local)
{
	SETUP(h, e1);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, H_PEER_MAC, "2001:db8::2", "2001:db8:98::1", 40);

	expect_accepted(h, h_input(h, in, n));
	CHECK_EQ(h_find_icmp6(h, ICMP6_REDIRECT, NULL), -1);
	CHECK_EQ(drops(h, "REDIRECT_TARGET_NOT_LINKLOCAL"), 1);
	expect_stat(h, "Icmp6OutRedirects", 0);
	CHECK_EQ(ifstat(h, h->ifp, "Ip6OutForwDatagrams"), 1);
	h_free(h);
}

/* RFC 4861 8.2 applies only when the packet leaves by the interface it
 * came in on: to another link, no Redirect nor any REDIRECT_ count. */
TEST(rfc4861_8_2_no_redirect_to_another_interface)
{
	SETUP(h, e1);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, H_PEER_MAC, "2001:db8::2", "2001:db8:55::1", 40);

	expect_accepted(h, h_input(h, in, n));
	expect_tx_count(h, 0);
	CHECK_EQ(e1->n_tx, 1); /* the NS for eth1's gateway */
	CHECK_EQ(drops(h, "REDIRECT_RATELIMITED_DST") + drops(h, "REDIRECT_SRC_NOT_NEIGHBOUR") +
	    drops(h, "REDIRECT_TARGET_NOT_LINKLOCAL"), 0);
	expect_stat(h, "Icmp6OutRedirects", 0);
	h_free(h);
}

/* Linux: no per-interface forwarding check in ndisc_send_redirect; with
 * conf.all.forwarding=1 and conf.eth0.forwarding=0 the router still
 * forwards and redirects. */
TEST(linux_redirect_sent_with_all_forwarding_and_iface_forwarding_0)
{
	SETUP(h, e1);
	uint8_t in[B_PL_MAX + 128];
	size_t n = udp_frame(in, H_PEER_MAC, "2001:db8::2", FAR, 8);

	H_SYSCTL(h, "conf.eth0.forwarding", "0");
	r2_known(h);
	expect_accepted(h, h_input(h, in, n));
	CHECK_REDIRECT(h, 0, "fe80::ff:fe00:3", FAR, H_PEER2_MAC,
	    in + B_ETH_HLEN, 56);
	h_free(h);
}

/* Linux ip6_forward and ndisc_send_redirect: inet_peer_xrlim_allow(peer,
 * 1 s) by the destination, then by the source; a new peer holds 6 tokens
 * (burst), one comes back per second. */
TEST(linux_redirect_rate_limited_by_destination_then_source)
{
	SETUP(h, e1);
	uint8_t in[B_PL_MAX + 128], in2[B_PL_MAX + 128];
	size_t n = udp_frame(in, H_PEER_MAC, "2001:db8::2", FAR, 8);
	size_t n2 = udp_frame(in2, H_PEER_MAC, "2001:db8::2", FAR2, 8);

	r2_known(h);
	for (int k = 0; k < 7; k++)
		expect_accepted(h, h_input(h, in, n));
	expect_stat(h, "Icmp6OutRedirects", 6);
	CHECK_EQ(drops(h, "REDIRECT_RATELIMITED_DST"), 1);
	CHECK_EQ(ifstat(h, h->ifp, "Ip6OutForwDatagrams"), 7);
	/* a fresh destination, but the source's 6 tokens are spent */
	expect_accepted(h, h_input(h, in2, n2));
	expect_stat(h, "Icmp6OutRedirects", 6);
	CHECK_EQ(drops(h, "REDIRECT_RATELIMITED_SRC"), 1);
	/* a second later: one token each */
	h_advance(h, V6_NS_PER_S);
	h_clear_tx(h);
	expect_accepted(h, h_input(h, in2, n2));
	CHECK_REDIRECT(h, h_find_icmp6(h, ICMP6_REDIRECT, NULL),
	    "fe80::ff:fe00:3", FAR2, H_PEER2_MAC, in2 + B_ETH_HLEN, 56);
	expect_accepted(h, h_input(h, in2, n2));
	/* FAR2's bucket pays first (ip6_forward), the source's is empty */
	expect_stat(h, "Icmp6OutRedirects", 7);
	CHECK_EQ(drops(h, "REDIRECT_RATELIMITED_SRC"), 2);
	CHECK_EQ(drops(h, "REDIRECT_RATELIMITED_DST"), 1);
	h_free(h);
}

/* ---- Subnet-Router anycast (RFC 4291 2.6.1) ---- */

/* A NS for target from H1 to its solicited-node group, with SLLA. */
static void
ns_from_h1(struct harness *h, const struct in6_addr *target)
{
	struct bframe f;
	struct in6_addr pg = h_peer_global();

	b_ns_mcast(&f, H_PEER_MAC, &pg, target, 1);
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
}

/* Within 1 s (proxy_delay 0.8 s), the NA for target: S=1 R=1 O=0 (RFC
 * 4861 7.2.4 for an anycast target, 4.4 a router). */
static int
check_anycast_na(const char *file, int line, struct harness *h,
    const struct in6_addr *target)
{
	struct c_pkt p;
	int i;

	h_advance(h, V6_NS_PER_S);
	i = h_find_icmp6(h, 136, target);
	if (!h_check_true(file, line, "NA sent", i >= 0) ||
	    c_check_parse(file, line, &p, h->tx[i], h->tx_len[i]) != 0)
		return -1;
	return c_check_na(file, line, &p, B_NA_S | B_NA_R, target);
}
#define CHECK_ANYCAST_NA(h, t) check_anycast_na(__FILE__, __LINE__, h, t)

/* Not answered: the NS is dropped for the reason named why (the target
 * is not ours; or its solicited-node group is not joined at all). */
static void
check_not_answered(const char *file, int line, struct harness *h,
    const struct in6_addr *target, const char *why)
{
	struct bframe f;
	struct in6_addr pg = h_peer_global();

	b_ns_mcast(&f, H_PEER_MAC, &pg, target, 1);
	h_clear_tx(h);
	h_expect_drop(file, line, h, h_send(h, &f), why);
	h_advance(h, V6_NS_PER_S);
	h_check_true(file, line, "no NA", h_find_icmp6(h, 136, target) < 0);
}
#define CHECK_NOT_ANSWERED(h, t, why) check_not_answered(__FILE__, __LINE__, h, t, why)

struct acast_list {
	struct in6_addr a[32];
	int n;
};

static void
acast_cb(void *ctx, const struct in6_addr *addr)
{
	struct acast_list *l = ctx;

	if (l->n < 32)
		l->a[l->n++] = *addr;
}

static int
acast_count(const struct acast_list *l, const char *addr)
{
	struct in6_addr a = b_addr(addr);
	int c = 0;

	for (int i = 0; i < l->n; i++)
		c += memcmp(&l->a[i], &a, 16) == 0;
	return c;
}

/* RFC 4291 2.6.1 "Routers must support the Subnet-Router anycast address
 * for the subnets to which they have interfaces": with forwarding on, the
 * prefix of 2001:db8::1/64 and of fe80::/64 (Linux: link-local too) is
 * answered like our anycast; off, not. Listed once each (Linux
 * /proc/net/anycast6). */
TEST(rfc4291_2_6_1_subnet_router_anycast_follows_forwarding)
{
	H_NEW(h, NULL);
	struct in6_addr g = h_our_global(), g2 = b_addr("2001:db8::5");
	struct in6_addr sr = b_addr("2001:db8::"), srll = b_addr("fe80::");
	struct acast_list l = { .n = 0 };

	H_ADD_ADDR(h, &g, 64);
	H_ADD_ADDR(h, &g2, 64);
	CHECK_NOT_ANSWERED(h, &sr, "ETH_MCAST_NOT_JOINED");
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	ns_from_h1(h, &sr);
	CHECK_ANYCAST_NA(h, &sr);
	ns_from_h1(h, &srll);
	CHECK_ANYCAST_NA(h, &srll);
	v6_anycast_foreach(h->ifp, acast_cb, &l);
	CHECK_EQ(l.n, 2);
	CHECK_EQ(acast_count(&l, "2001:db8::"), 1);
	CHECK_EQ(acast_count(&l, "fe80::"), 1);
	H_SYSCTL(h, "conf.eth0.forwarding", "0");
	/* ff02::1:ff00:0 left with the last of them */
	CHECK_NOT_ANSWERED(h, &sr, "ETH_MCAST_NOT_JOINED");
	CHECK_NOT_ANSWERED(h, &srll, "ETH_MCAST_NOT_JOINED");
	l.n = 0;
	v6_anycast_foreach(h->ifp, acast_cb, &l);
	CHECK_EQ(l.n, 0);
	h_free(h);
}

/* RFC 4291 2.6.1, RFC 4443 2.2 (b): an Echo Request to the Subnet-Router
 * anycast address is answered from a unicast address (Linux
 * anycast_src_echo_reply=0). */
TEST(rfc4291_2_6_1_echo_to_subnet_router_anycast_from_unicast)
{
	H_NEW(h, NULL);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr sr = b_addr("2001:db8::");
	struct bframe f;
	struct c_pkt p;

	H_ADD_ADDR(h, &g, 64);
	expect_ns_answered(h, &pg, &g);
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	b_init(&f, H_PEER_MAC, H_OUR_MAC, &pg, &sr);
	b_echo(&f, B_ICMP6_ECHO_REQUEST, 0, 0x55, 3, (const uint8_t *)"sr", 2);
	h_clear_tx(h);
	expect_accepted(h, h_send(h, &f));
	if (expect_tx_count(h, 1) == 0 && CHECK_PARSE(&p, h->tx[0], h->tx_len[0]) == 0) {
		CHECK_IP6(&p, &g, &pg, 64, B_PROTO_ICMPV6);
		CHECK_ECHO_REPLY(&p, 0x55, 3, (const uint8_t *)"sr", 2);
	}
	h_free(h);
}

/* Linux addrconf_join_anycast: none for a /127 (RFC 6164) or /128; the
 * user's anycast slots stay free (all V6_MAX_ACAST can be added, the
 * Subnet-Router address too). */
TEST(linux_subnet_router_anycast_bounds_and_user_slots)
{
	H_NEW(h, NULL);
	struct in6_addr p2p = b_addr("2001:db8:5::1"), host = b_addr("2001:db8:6::1");
	struct in6_addr sr = b_addr("2001:db8:5::"), sr6 = b_addr("2001:db8:6::");
	struct in6_addr g = h_our_global(), srg = b_addr("2001:db8::");

	H_ADD_ADDR(h, &g, 64);
	H_ADD_ADDR(h, &p2p, 127);
	H_ADD_ADDR(h, &host, 128);
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	/* ff02::1:ff00:0 is joined for 2001:db8:: and fe80:: */
	CHECK_NOT_ANSWERED(h, &sr, "NDISC_TARGET_NOT_OURS");
	CHECK_NOT_ANSWERED(h, &sr6, "NDISC_TARGET_NOT_OURS");
	CHECK_EQ(v6_anycast_add(h->ifp, &srg, h->err, sizeof(h->err)), 0);
	for (int i = 1; i < V6_MAX_ACAST; i++) {
		struct in6_addr a = b_addr("2001:db8::100");
		a.s6_addr[15] = (uint8_t)i;
		CHECK_EQ(v6_anycast_add(h->ifp, &a, h->err, sizeof(h->err)), 0);
	}
	/* the user's entry outlives the implicit one */
	H_SYSCTL(h, "conf.eth0.forwarding", "0");
	ns_from_h1(h, &srg);
	h_advance(h, V6_NS_PER_S);
	CHECK_TRUE(h_find_icmp6(h, 136, &srg) >= 0);
	h_free(h);
}

/* An RA (from R2) with a Prefix Information option for 2001:db8:5::/64,
 * A=1, valid lifetime valid_s. */
static void
ra_with_prefix(struct harness *h, uint32_t valid_s)
{
	struct bframe f;
	struct in6_addr r2 = h_peer2_ll(), all = h_allnodes();
	struct in6_addr p = b_addr("2001:db8:5::");

	b_init(&f, H_PEER2_MAC, H_ALLNODES_MAC, &r2, &all);
	f.hlim = 255;
	b_icmp6(&f, 134, 0); /* RFC 4861 4.2 */
	b_put8(&f, 64);
	b_put8(&f, 0);
	b_put16(&f, 0); /* not a default router */
	b_put32(&f, 0);
	b_put32(&f, 0);
	b_put8(&f, 3); /* RFC 4861 4.6.2 */
	b_put8(&f, 4);
	b_put8(&f, 64);
	b_put8(&f, 0xc0); /* L, A */
	b_put32(&f, valid_s);
	b_put32(&f, valid_s);
	b_put32(&f, 0);
	b_put(&f, p.s6_addr, 16);
	expect_accepted(h, h_send(h, &f));
}

/* Linux __ipv6_ifa_notify(RTM_DELADDR): the Subnet-Router anycast address
 * goes with the last address of its prefix (two SLAAC addresses here
 * would need two prefixes; one address, its valid lifetime ending). */
TEST(linux_subnet_router_anycast_removed_with_the_address)
{
	H_NEW(h, NULL);
	struct in6_addr sr = b_addr("2001:db8:5::");

	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	H_SYSCTL(h, "conf.eth0.accept_ra", "2"); /* Linux: RAs while forwarding */
	ra_with_prefix(h, 5);
	ns_from_h1(h, &sr);
	CHECK_ANYCAST_NA(h, &sr);
	h_advance(h, 5 * V6_NS_PER_S);
	/* fe80:: keeps ff02::1:ff00:0 joined */
	CHECK_NOT_ANSWERED(h, &sr, "NDISC_TARGET_NOT_OURS");
	h_free(h);
}

T_MAIN()
