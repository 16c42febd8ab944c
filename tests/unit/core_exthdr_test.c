/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The extension header chain (RFC 8200 4): Hop-by-Hop and Destination
 * Options with every action of an unrecognized option (4.2), unicast and
 * multicast, with the exact pointer; padding bounds (RFC 4942 2.1.9.5, as
 * Linux); Router Alert (RFC 2711); Hop-by-Hop only first (4.1, Parameter
 * Problem code 1 as Linux); Routing header types (4.4, RFC 5095); the bound
 * on the chain and on options per header; counters and drop reasons.
 *
 * Packets are built with tests/lib/build_frag (independent of src/wire,
 * pinned against scapy below); errors are checked field by field with
 * CHECK_ICMP6_ERROR (type, code, pointer, the whole quote, checksum).
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/build_err.h"
#include "lib/build_frag.h"
#include "lib/harness.h"

#define NH_UNKNOWN 253

/*
 * scapy:
 *   Ether(dst="02:00:00:00:00:01", src="02:00:00:00:00:02")/
 *   IPv6(src="2001:db8::2", dst="2001:db8::1", hlim=64)/
 *   IPv6ExtHdrDestOpt(options=[HBHOptUnknown(otype=0x80, optdata=b"\0\0"),
 *                              PadN(optdata=b"")])/
 *   ICMPv6EchoRequest(id=0x77, seq=1, data=bytes(range(8)))
 */
static const uint8_t golden_dstopt_echo[78] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x3c, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x3a, 0x00, 0x80, 0x02, 0x00, 0x00,
	0x01, 0x00, 0x80, 0x00, 0x17, 0xb8, 0x00, 0x77, 0x00, 0x01, 0x00, 0x01,
	0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
};

static uint8_t frame[BX_PKT_MAX + 64];

TEST(lib_bx_ext_matches_scapy_golden)
{
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	static struct bxpkt p;
	static const uint8_t opts[6] = { 0x80, 2, 0, 0, 1, 0 };
	size_t n;

	bx_init(&p, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_ext(&p, BX_NH_DSTOPTS, opts, sizeof(opts));
	/* bx_echo's pattern is not scapy's range(8): write the data by
	 * hand through bx_raw after an 8-byte echo header. */
	{
		uint8_t m[16] = { 128, 0, 0, 0, 0, 0x77, 0, 1 };
		uint16_t c;
		for (int i = 0; i < 8; i++)
			m[8 + i] = (uint8_t)i;
		c = b_csum6(&pg, &g, 58, m, sizeof(m));
		m[2] = (uint8_t)(c >> 8);
		m[3] = (uint8_t)c;
		bx_raw(&p, 58, m, sizeof(m));
	}
	n = bx_frame(&p, frame, sizeof(frame));
	CHECK_EQ(n, sizeof(golden_dstopt_echo));
	CHECK_MEM(frame, golden_dstopt_echo, sizeof(golden_dstopt_echo));
}

/* eth0 with 2001:db8::1/64; STALE entries for the peer's addresses. */
static struct harness *
setup(const char *file, int line, const struct h_cfg *cfg)
{
	struct harness *h = h_new(file, line, cfg);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr ll = h_our_ll(), pll = h_peer_ll();

	if (h == NULL)
		return NULL;
	if (h_add_addr(file, line, h, &g, 64) != 0 ||
	    h_expect_ns_answered(file, line, h, &pg, &g) != 0 ||
	    h_expect_ns_answered(file, line, h, &pll, &ll) != 0) {
		h_free(h);
		return NULL;
	}
	h_clear_tx(h);
	return h;
}
#define SETUP(h)                                                           \
	struct harness *h = setup(__FILE__, __LINE__, NULL);               \
	if (h == NULL)                                                     \
		return

/* Unicast: peer global -> our global. Multicast: peer link-local ->
 * ff02::1 (33:33:00:00:00:01). */
static void
start(struct bxpkt *p, int mcast)
{
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct in6_addr pll = h_peer_ll(), all = h_allnodes();

	if (mcast)
		bx_init(p, H_PEER_MAC, H_ALLNODES_MAC, &pll, &all, 64);
	else
		bx_init(p, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
}

static int
send_pkt(struct harness *h, const struct bxpkt *p)
{
	h_clear_tx(h);
	return h_input(h, frame, bx_frame(p, frame, sizeof(frame)));
}

/* Exactly one frame: an Echo Reply to the packet's source. */
static void
expect_echo_reply(const char *file, int line, struct harness *h)
{
	struct c_pkt c;

	if (h->n_tx != 1) {
		t_fail(file, line, "%zu frames sent, want one echo reply", h->n_tx);
		return;
	}
	if (c_check_parse(file, line, &c, h->tx[0], h->tx_len[0]) == 0)
		c_check_icmp6(file, line, &c, B_ICMP6_ECHO_REPLY, 0);
}
#define EXPECT_ECHO_REPLY(h) expect_echo_reply(__FILE__, __LINE__, h)

/* Exactly one frame: a Parameter Problem of this code and pointer, from
 * our address (global for unicast, link-local for multicast) to the
 * packet's source, quoting the whole packet (all of these are < 1232). */
static void
expect_param_prob(const char *file, int line, struct harness *h,
    const struct bxpkt *p, int mcast, int code, uint32_t ptr)
{
	struct in6_addr g = h_our_global(), ll = h_our_ll();
	struct c_pkt c;

	if (h->n_tx != 1) {
		t_fail(file, line, "%zu frames sent, want one Parameter Problem", h->n_tx);
		return;
	}
	if (c_check_parse(file, line, &c, h->tx[0], h->tx_len[0]) != 0)
		return;
	c_check_eth(file, line, &c, H_PEER_MAC, H_OUR_MAC);
	c_check_ip6(file, line, &c, mcast ? &ll : &g, &p->src, 64, B_PROTO_ICMPV6);
	ce_check_icmp6_error(file, line, &c, BE_ICMP6_PARAM_PROB, code, ptr,
	    p->b, p->len);
}
#define EXPECT_PARAM_PROB(h, p, m, code, ptr) \
	expect_param_prob(__FILE__, __LINE__, h, p, m, code, ptr)

/* A Destination Options (or Hop-by-Hop) header holding one option of
 * type with 2 bytes of data at byte 2 of the header, padded by PadN. */
static size_t
ext_one_opt(struct bxpkt *p, uint8_t ext, uint8_t type)
{
	const uint8_t body[6] = { type, 2, 0xab, 0xcd, 1, 0 };
	return bx_ext(p, ext, body, sizeof(body));
}

/* ---- RFC 8200 4.2: the action bits of an unrecognized option ---- */

/* 00: "skip over this option and continue processing the header." */
TEST(rfc8200_4_2_unknown_option_00_skipped_unicast_and_multicast)
{
	SETUP(h);
	static struct bxpkt p;

	for (int mcast = 0; mcast < 2; mcast++) {
		for (int hbh = 0; hbh < 2; hbh++) {
			start(&p, mcast);
			ext_one_opt(&p, hbh ? BX_NH_HOPOPTS : BX_NH_DSTOPTS, 0x1e);
			bx_echo(&p, 1, (uint16_t)(mcast * 2 + hbh), 40);
			CHECK_EQ(send_pkt(h, &p), 0);
			EXPECT_ECHO_REPLY(h);
		}
	}
	h_free(h);
}

/* 01: "discard the packet." No error, unicast or multicast. */
TEST(rfc8200_4_2_unknown_option_01_discarded_silently)
{
	SETUP(h);
	static struct bxpkt p;

	for (int mcast = 0; mcast < 2; mcast++) {
		start(&p, mcast);
		ext_one_opt(&p, BX_NH_DSTOPTS, 0x5e);
		bx_echo(&p, 1, 1, 40);
		expect_drop(h, send_pkt(h, &p), "EXTHDR_OPT_UNKNOWN_DISCARD");
		expect_tx_count(h, 0);
	}
	expect_stat(h, "Ip6InHdrErrors", 2);
	h_free(h);
}

/* 10: "discard the packet and, regardless of whether or not the packet's
 * Destination Address was a multicast address, send an ICMP Parameter
 * Problem, Code 2, message to the packet's Source Address, pointing to
 * the unrecognized Option Type" (RFC 4443 2.4 (e.2), (e.3) exceptions). */
TEST(rfc8200_4_2_unknown_option_10_param_prob_2_even_to_multicast)
{
	SETUP(h);
	static struct bxpkt p;

	for (int mcast = 0; mcast < 2; mcast++) {
		for (int hbh = 0; hbh < 2; hbh++) {
			start(&p, mcast);
			ext_one_opt(&p, hbh ? BX_NH_HOPOPTS : BX_NH_DSTOPTS, 0x9e);
			bx_echo(&p, 1, 1, 40);
			expect_drop(h, send_pkt(h, &p),
			    "EXTHDR_OPT_UNKNOWN_PARAMPROB");
			/* The option's type byte: 40 (IPv6) + 2. */
			EXPECT_PARAM_PROB(h, &p, mcast, 2, 42);
		}
	}
	expect_stat(h, "Icmp6OutParmProblems", 4);
	h_free(h);
}

/* 11: the same, "only if the packet's Destination Address was not a
 * multicast address". */
TEST(rfc8200_4_2_unknown_option_11_param_prob_2_unicast_only)
{
	SETUP(h);
	static struct bxpkt p;

	start(&p, 0);
	ext_one_opt(&p, BX_NH_DSTOPTS, 0xde);
	bx_echo(&p, 1, 1, 40);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_OPT_UNKNOWN_PARAMPROB");
	EXPECT_PARAM_PROB(h, &p, 0, 2, 42);

	start(&p, 1);
	ext_one_opt(&p, BX_NH_DSTOPTS, 0xde);
	bx_echo(&p, 1, 2, 40);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_OPT_UNKNOWN_MCAST");
	expect_tx_count(h, 0);
	h_free(h);
}

/*
 * The pointer is the offset of the option's type byte from the start of
 * the IPv6 header: after padding, in a second option, and in Destination
 * Options after a Routing header (Segments Left 0) and a first
 * Destination Options header:
 *
 *   IPv6 (40) | HBH 8: Pad1 Pad1 RtrAlert(4) | DstOpt 8 | Routing 24 | DstOpt 16: skip-opt(4) PadN(2) unknown-10 at +8 |
 *   offsets:  40        48         56           80: unknown at 80 + 8 = 88
 */
TEST(rfc8200_4_2_pointer_is_the_option_type_offset_deep_in_the_chain)
{
	SETUP(h);
	static struct bxpkt p;
	const uint8_t hbh[6] = { 0, 0, 5, 2, 0, 0 };    /* Pad1 Pad1 RA(0) */
	const uint8_t d1[6] = { 1, 4, 0, 0, 0, 0 };     /* PadN(4) */
	const uint8_t d2[14] = { 0x1e, 2, 7, 7, 1, 0, 0x9f, 4, 1, 2, 3, 4, 1, 0 };

	for (int mcast = 0; mcast < 2; mcast++) {
		start(&p, mcast);
		bx_ext(&p, BX_NH_HOPOPTS, hbh, sizeof(hbh));
		bx_ext(&p, BX_NH_DSTOPTS, d1, sizeof(d1));
		bx_routing(&p, 0, 0, 1);
		bx_ext(&p, BX_NH_DSTOPTS, d2, sizeof(d2));
		bx_echo(&p, 1, 1, 40);
		CHECK_EQ(p.len, 40 + 8 + 8 + 24 + 16 + 48);
		expect_drop(h, send_pkt(h, &p), "EXTHDR_OPT_UNKNOWN_PARAMPROB");
		EXPECT_PARAM_PROB(h, &p, mcast, 2, 88);
	}
	/* Control: the same chain with the option skipped is answered. */
	start(&p, 0);
	bx_ext(&p, BX_NH_HOPOPTS, hbh, sizeof(hbh));
	bx_ext(&p, BX_NH_DSTOPTS, d1, sizeof(d1));
	bx_routing(&p, 0, 0, 1);
	{
		uint8_t d3[14];
		memcpy(d3, d2, sizeof(d3));
		d3[6] = 0x1f;
		bx_ext(&p, BX_NH_DSTOPTS, d3, sizeof(d3));
	}
	bx_echo(&p, 1, 2, 40);
	CHECK_EQ(send_pkt(h, &p), 0);
	EXPECT_ECHO_REPLY(h);
	h_free(h);
}

/* ---- padding, Router Alert, option bounds ---- */

/* RFC 4942 2.1.9.5, Linux ip6_parse_tlv: more than 7 bytes of padding in
 * a row, or PadN data that is not zero, is invalid; 7 is fine. */
TEST(rfc4942_padding_bounds_as_linux)
{
	SETUP(h);
	static struct bxpkt p;
	/* skip-option(3) RA(4) then Pad1 + PadN(4): 7 bytes in a row */
	const uint8_t pad7[14] = { 0x1e, 1, 0, 5, 2, 0, 0, 0, 1, 4, 0, 0, 0, 0 };
	const uint8_t padn8[14] = { 1, 6, 0, 0, 0, 0, 0, 0, 5, 2, 0, 0, 1, 0 };
	const uint8_t pad1x8[14] = { 0, 0, 0, 0, 0, 0, 0, 0, 5, 2, 0, 0, 1, 0 };
	const uint8_t padn_nz[6] = { 1, 4, 0, 0, 9, 0 };

	start(&p, 0);
	bx_ext(&p, BX_NH_HOPOPTS, pad7, sizeof(pad7));
	bx_echo(&p, 1, 1, 8);
	CHECK_EQ(send_pkt(h, &p), 0);
	EXPECT_ECHO_REPLY(h);

	start(&p, 0);
	bx_ext(&p, BX_NH_DSTOPTS, padn8, sizeof(padn8));
	bx_echo(&p, 1, 2, 8);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_PAD_TOO_LONG");
	expect_tx_count(h, 0);

	start(&p, 0);
	bx_ext(&p, BX_NH_HOPOPTS, pad1x8, sizeof(pad1x8));
	bx_echo(&p, 1, 3, 8);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_PAD_TOO_LONG");

	start(&p, 0);
	bx_ext(&p, BX_NH_DSTOPTS, padn_nz, sizeof(padn_nz));
	bx_echo(&p, 1, 4, 8);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_PADN_NOT_ZERO");
	h_free(h);
}

/* RFC 8200 4.2: an option running past its header's end. */
TEST(rfc8200_4_2_option_past_the_header_end_dropped)
{
	SETUP(h);
	static struct bxpkt p;
	const uint8_t body[6] = { 0x1e, 5, 0, 0, 0, 0 };

	start(&p, 0);
	bx_ext(&p, BX_NH_DSTOPTS, body, sizeof(body));
	bx_echo(&p, 1, 1, 8);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_OPT_TRUNCATED");
	expect_stat(h, "Ip6InHdrErrors", 1);
	h_free(h);
}

/* RFC 2711 2.1: Router Alert is recognized in Hop-by-Hop (a host has
 * nothing to do with it); its length must be 2. */
TEST(rfc2711_router_alert_recognized_and_length_checked)
{
	SETUP(h);
	static struct bxpkt p;
	const uint8_t ra_bad[6] = { 5, 3, 0, 0, 0, 0 };

	for (int mcast = 0; mcast < 2; mcast++) {
		start(&p, mcast);
		ext_one_opt(&p, BX_NH_HOPOPTS, 5);
		bx_echo(&p, 1, 1, 8);
		CHECK_EQ(send_pkt(h, &p), 0);
		EXPECT_ECHO_REPLY(h);
	}
	start(&p, 0);
	bx_ext(&p, BX_NH_HOPOPTS, ra_bad, sizeof(ra_bad));
	bx_echo(&p, 1, 2, 8);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_RTALERT_BAD_LEN");
	h_free(h);
}

/* Linux max_dst_opts_number / max_hbh_opts_number (8): options beyond it,
 * padding apart, drop the packet; a negative value refuses unknown
 * options whatever their action bits. */
TEST(linux_max_opts_number_bounds_options_per_header)
{
	SETUP(h);
	static struct bxpkt p;
	uint8_t body[38];

	/* n options of type 0x1e (skip) with 2 bytes each: 4n bytes, then
	 * padding to a multiple of 8 with 2 + 4n + pad. */
	for (int n = 8; n <= 9; n++) {
		size_t len = 0;
		for (int i = 0; i < n; i++) {
			body[len++] = 0x1e;
			body[len++] = 2;
			body[len++] = 0;
			body[len++] = 0;
		}
		while ((len + 2) % 8 != 0) {
			if ((len + 2) % 8 == 7)
				body[len++] = 0;
			else {
				size_t pad = 8 - (len + 2) % 8;
				body[len++] = 1;
				body[len++] = (uint8_t)(pad - 2);
				for (size_t k = 0; k < pad - 2; k++)
					body[len++] = 0;
			}
		}
		start(&p, 0);
		bx_ext(&p, BX_NH_DSTOPTS, body, len);
		bx_echo(&p, 1, (uint16_t)n, 8);
		if (n == 8) {
			CHECK_EQ(send_pkt(h, &p), 0);
			EXPECT_ECHO_REPLY(h);
		} else {
			expect_drop(h, send_pkt(h, &p), "EXTHDR_TOO_MANY_OPTS");
		}
	}
	H_SYSCTL(h, "max_dst_opts_number", "-8");
	start(&p, 0);
	ext_one_opt(&p, BX_NH_DSTOPTS, 0x1e);
	bx_echo(&p, 1, 20, 8);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_OPT_UNKNOWN_REFUSED");
	H_SYSCTL(h, "max_dst_opts_length", "8");
	start(&p, 0);
	bx_ext(&p, BX_NH_DSTOPTS, body, 14);
	bx_echo(&p, 1, 21, 8);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_TOO_LONG");
	h_free(h);
}

/* ---- RFC 8200 4.1: Hop-by-Hop only first; the chain ---- */

/* Hop-by-Hop after another header: Linux sends Parameter Problem code 1
 * pointing at the Next Header field that named it (here the Destination
 * Options header's, at 40) and counts Ip6InUnknownProtos. */
TEST(rfc8200_4_1_hop_by_hop_not_first_param_prob_1_at_its_next_header)
{
	SETUP(h);
	static struct bxpkt p;
	const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };

	start(&p, 0);
	bx_ext(&p, BX_NH_DSTOPTS, pad, sizeof(pad));
	bx_ext(&p, BX_NH_HOPOPTS, pad, sizeof(pad));
	bx_echo(&p, 1, 1, 8);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_HBH_NOT_FIRST");
	EXPECT_PARAM_PROB(h, &p, 0, 1, 40);
	expect_stat(h, "Ip6InUnknownProtos", 1);

	/* Two HBH in a row: the second is named by the first's field, 40. */
	start(&p, 0);
	bx_ext(&p, BX_NH_HOPOPTS, pad, sizeof(pad));
	bx_ext(&p, BX_NH_HOPOPTS, pad, sizeof(pad));
	bx_echo(&p, 1, 2, 8);
	expect_drop(h, send_pkt(h, &p), "EXTHDR_HBH_NOT_FIRST");
	EXPECT_PARAM_PROB(h, &p, 0, 1, 40);
	h_free(h);
}

/* An unknown upper layer after extension headers: Parameter Problem code
 * 1 at the last header's Next Header field. */
TEST(rfc8200_4_unknown_next_header_after_options_points_at_that_field)
{
	SETUP(h);
	static struct bxpkt p;
	const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };
	const uint8_t junk[16] = { 1, 2, 3 };

	start(&p, 0);
	bx_ext(&p, BX_NH_HOPOPTS, pad, sizeof(pad));
	bx_ext(&p, BX_NH_DSTOPTS, pad, sizeof(pad));
	bx_raw(&p, NH_UNKNOWN, junk, sizeof(junk));
	expect_drop(h, send_pkt(h, &p), "IP6_UNKNOWN_NEXTHDR");
	EXPECT_PARAM_PROB(h, &p, 0, 1, 48);
	h_free(h);
}

/* The chain's bound: 16 extension headers are walked, 17 are not. */
TEST(exthdr_chain_bound_counted)
{
	SETUP(h);
	static struct bxpkt p;
	const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };

	for (int n = 16; n <= 17; n++) {
		start(&p, 0);
		for (int i = 0; i < n; i++)
			bx_ext(&p, BX_NH_DSTOPTS, pad, sizeof(pad));
		bx_echo(&p, 1, (uint16_t)n, 8);
		if (n == 16) {
			CHECK_EQ(send_pkt(h, &p), 0);
			EXPECT_ECHO_REPLY(h);
		} else {
			expect_drop(h, send_pkt(h, &p), "EXTHDR_TOO_MANY");
			expect_tx_count(h, 0);
		}
	}
	h_free(h);
}

/* A header cut by the end of the packet. */
TEST(rfc8200_4_truncated_extension_header_dropped)
{
	SETUP(h);
	static struct bxpkt p;
	const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };

	start(&p, 0);
	bx_ext(&p, BX_NH_DSTOPTS, pad, sizeof(pad));
	p.b[41] = 3; /* claims 32 bytes, 8 are there */
	expect_drop(h, send_pkt(h, &p), "EXTHDR_TRUNCATED");
	h_free(h);
}

/* ---- RFC 8200 4.4, RFC 5095: Routing header ---- */

/* Segments Left 0: "the node must ignore the Routing header and proceed
 * to process the next header", whatever the type (0, 2, 3, 4, 253). */
TEST(rfc8200_4_4_routing_segments_left_0_ignored_any_type)
{
	SETUP(h);
	static struct bxpkt p;
	const uint8_t types[] = { 0, 2, 3, 4, 253 };

	for (size_t i = 0; i < sizeof(types); i++) {
		start(&p, 0);
		bx_routing(&p, types[i], 0, 1);
		bx_echo(&p, 1, (uint16_t)i, 8);
		CHECK_EQ(send_pkt(h, &p), 0);
		EXPECT_ECHO_REPLY(h);
	}
	h_free(h);
}

/* RFC 5095 3: type 0 is processed as an unrecognized type; RFC 8200 4.4:
 * Segments Left > 0 with an unrecognized type: Parameter Problem code 0
 * pointing at the Routing Type (40 + 2, or deeper after other headers). */
TEST(rfc5095_rfc8200_4_4_routing_type_0_and_unknown_param_prob_0_at_type)
{
	SETUP(h);
	static struct bxpkt p;
	const uint8_t types[] = { 0, 2, 4, 253 };
	const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };

	for (size_t i = 0; i < sizeof(types); i++) {
		start(&p, 0);
		bx_routing(&p, types[i], 1, 1);
		bx_echo(&p, 1, (uint16_t)i, 8);
		expect_drop(h, send_pkt(h, &p),
		    types[i] == 0 ? "RTHDR_TYPE0" : "RTHDR_UNKNOWN_TYPE");
		EXPECT_PARAM_PROB(h, &p, 0, 0, 42);
	}
	start(&p, 0);
	bx_ext(&p, BX_NH_HOPOPTS, pad, sizeof(pad));
	bx_ext(&p, BX_NH_DSTOPTS, pad, sizeof(pad));
	bx_routing(&p, 0, 2, 2);
	bx_echo(&p, 1, 9, 8);
	expect_drop(h, send_pkt(h, &p), "RTHDR_TYPE0");
	EXPECT_PARAM_PROB(h, &p, 0, 0, 58);
	/* To a multicast destination: no error (RFC 4443 2.4 (e.2)). */
	start(&p, 1);
	bx_routing(&p, 0, 1, 1);
	bx_echo(&p, 1, 10, 8);
	expect_drop(h, send_pkt(h, &p), "RTHDR_TYPE0");
	expect_tx_count(h, 0);
	expect_stat(h, "Ip6InHdrErrors", 6);
	h_free(h);
}

T_MAIN()
