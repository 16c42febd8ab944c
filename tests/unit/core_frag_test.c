/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fragmentation and reassembly (RFC 8200 4.5, RFC 5722, RFC 6946,
 * RFC 7112, RFC 6980, RFC 7739), against the core through v6_input and
 * v6_poll with the fake clock. Fragments are cut by tests/lib/build_frag
 * (independent of src/wire, pinned against scapy below); what the stack
 * sends back in fragments is put together by the test's own reassembler,
 * which checks each fragment on the way (one identification, payloads a
 * multiple of 8, no overlap).
 *
 * The echo used most: 3000 bytes of data, ICMPv6 3008 bytes, cut as
 *
 *   | IPv6 | Frag 0,M  | ICMPv6 [0, 1448)    |
 *   | IPv6 | Frag 1448,M | [1448, 2896)      |
 *   | IPv6 | Frag 2896   | [2896, 3008)      |
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/internal.h"
#include "lib/build_err.h"
#include "lib/build_frag.h"
#include "lib/harness.h"

/*
 * scapy:
 *   Ether(dst="02:00:00:00:00:01", src="02:00:00:00:00:02")/
 *   IPv6(src="2001:db8::2", dst="2001:db8::1", hlim=64, nh=44)/
 *   IPv6ExtHdrFragment(nh=58, offset=0, m=1, id=0x12345678)/
 *   <the first 16 bytes of ICMPv6EchoRequest(id=0x77, seq=1,
 *    data=bytes(range(24)))>
 */
static const uint8_t golden_frag0[78] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x2c, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x3a, 0x00, 0x00, 0x01, 0x12, 0x34,
	0x56, 0x78, 0x80, 0x00, 0x9f, 0x27, 0x00, 0x77, 0x00, 0x01, 0x00, 0x01,
	0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
};

static uint8_t frame[BX_PKT_MAX + 64];
static struct bxpkt P, Q;
static struct breasm R;

TEST(lib_bx_frag_matches_scapy_golden)
{
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	uint8_t m[32] = { 128, 0, 0, 0, 0, 0x77, 0, 1 };
	uint16_t c;
	size_t n;

	for (int i = 0; i < 24; i++)
		m[8 + i] = (uint8_t)i;
	c = b_csum6(&pg, &g, 58, m, sizeof(m));
	m[2] = (uint8_t)(c >> 8);
	m[3] = (uint8_t)c;
	bx_init(&P, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_raw(&P, 58, m, sizeof(m));
	n = bx_frag(&P, 40, 6, 0x12345678, 0, 16, 1, frame, sizeof(frame));
	CHECK_EQ(n, sizeof(golden_frag0));
	CHECK_MEM(frame, golden_frag0, sizeof(golden_frag0));
}

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

/* peer global -> our global, an echo request of len data bytes. */
static void
echo_pkt(struct bxpkt *p, size_t len, uint16_t seq)
{
	struct in6_addr g = h_our_global(), pg = h_peer_global();

	bx_init(p, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_echo(p, 0x4242, seq, len);
}

/* Fragment [off, off + n) of p's fragmentable part (after the IPv6
 * header) with identification id. Returns v6_input's result. */
static int
frag(struct harness *h, const struct bxpkt *p, uint32_t id, size_t off,
    size_t n, int more)
{
	return h_input(h, frame, bx_frag(p, 40, 6, id, off, n, more, frame,
	    sizeof(frame)));
}

/* The frames sent since h_clear_tx() are fragments of one echo reply to
 * the echo request p: put them together and check the reply. */
static void
expect_fragmented_reply(const char *file, int line, struct harness *h,
    const struct bxpkt *p, size_t data_len, int n_frags)
{
	size_t icmp_len = 8 + data_len;
	struct in6_addr g = h_our_global(), pg = h_peer_global();

	br_init(&R);
	if (h->n_tx != (size_t)n_frags) {
		t_fail(file, line, "%zu frames sent, want %d fragments", h->n_tx, n_frags);
		return;
	}
	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++) {
		struct c_pkt c;
		if (c_check_parse(file, line, &c, h->tx[i], h->tx_len[i]) != 0)
			return;
		c_check_ip6(file, line, &c, &g, &pg, 64, BX_NH_FRAGMENT);
		if ((uint32_t)c.plen + 40 > h->mtu)
			t_fail(file, line, "fragment of %u bytes over the MTU", c.plen + 40);
		br_add(file, line, &R, h->tx[i], h->tx_len[i], 40);
	}
	if (!br_done(&R)) {
		t_fail(file, line, "the reply's fragments do not make a whole");
		return;
	}
	if (R.next != B_PROTO_ICMPV6 || R.total != icmp_len) {
		t_fail(file, line, "reassembled next %u length %zu, want 58 %zu",
		    R.next, R.total, icmp_len);
		return;
	}
	/* RFC 4443 4.2: type 129, same identifier, sequence and data; the
	 * checksum verifies over the reassembled message. */
	if (R.b[40] != B_ICMP6_ECHO_REPLY || R.b[41] != 0)
		t_fail(file, line, "type %u code %u, want 129 0", R.b[40], R.b[41]);
	if (memcmp(R.b + 44, p->b + 44, 4 + data_len) != 0)
		t_fail(file, line, "identifier, sequence or data differ");
	if (b_csum6(&g, &pg, 58, R.b + 40, icmp_len) != 0)
		t_fail(file, line, "checksum does not verify");
}
#define EXPECT_FRAGMENTED_REPLY(h, p, len, n) \
	expect_fragmented_reply(__FILE__, __LINE__, h, p, len, n)

/* Exactly one frame: an ICMPv6 error of type/code/field quoting the
 * IPv6 packet q (up to 1232 bytes), from our global to the peer. */
static void
expect_error(const char *file, int line, struct harness *h, int type,
    int code, uint32_t field, const uint8_t *q, size_t qlen)
{
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct c_pkt c;
	size_t found = 0, at = 0;

	/* Among what was sent (neighbour probes may be there after a long
	 * wait), exactly one ICMPv6 error. */
	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++)
		if (c_parse(&c, h->tx[i], h->tx_len[i]) == 0 && c.has_icmp6 &&
		    c.type < 128)
			found++, at = i;
	if (found != 1) {
		t_fail(file, line, "%zu errors sent, want one", found);
		return;
	}
	if (c_check_parse(file, line, &c, h->tx[at], h->tx_len[at]) != 0)
		return;
	c_check_ip6(file, line, &c, &g, &pg, 64, B_PROTO_ICMPV6);
	if (qlen > 1232)
		qlen = 1232;
	if (40 + c.plen > 1280)
		t_fail(file, line, "error of %u bytes, over 1280", 40 + c.plen);
	ce_check_icmp6_error(file, line, &c, type, code, field, q, qlen);
}
#define EXPECT_ERROR(h, t, c, f, q, n) expect_error(__FILE__, __LINE__, h, t, c, f, q, n)

struct drop_find {
	const char *name;
	uint64_t v;
};

static void
drop_cb(void *ctx, const char *name, const char *text, uint64_t v)
{
	struct drop_find *d = ctx;

	(void)text;
	if (strcmp(name, d->name) == 0)
		d->v = v;
}

/* A drop reason's count. */
static uint64_t
drop_count(struct harness *h, const char *name)
{
	struct drop_find d = { name, 0 };

	v6_drops_foreach(h->stack, drop_cb, &d);
	return d.v;
}

/* ---- reassembly: order, duplicates, overlaps ---- */

/* RFC 8200 4.5: in order, reverse order and mixed order all reassemble;
 * the 3008-byte reply leaves in three fragments (MTU 1500). */
TEST(rfc8200_4_5_echo_3000_reassembled_in_any_order_and_answered_in_fragments)
{
	SETUP(h);
	static const int orders[3][3] = { { 0, 1, 2 }, { 2, 1, 0 }, { 1, 2, 0 } };

	echo_pkt(&P, 3000, 1);
	for (int o = 0; o < 3; o++) {
		h_clear_tx(h);
		for (int k = 0; k < 3; k++) {
			int i = orders[o][k];
			size_t off = (size_t)i * 1448;
			CHECK_EQ(frag(h, &P, 0x100u + (uint32_t)o, off,
			    i == 2 ? 3008 - 2896 : 1448, i != 2), 0);
			if (k < 2)
				CHECK_EQ(h->n_tx, 0);
		}
		EXPECT_FRAGMENTED_REPLY(h, &P, 3000, 3);
	}
	expect_stat(h, "Ip6ReasmReqds", 9);
	expect_stat(h, "Ip6ReasmOKs", 3);
	expect_stat(h, "Ip6ReasmFails", 0);
	expect_stat(h, "Ip6FragOKs", 3);
	expect_stat(h, "Ip6FragCreates", 9);
	{
		uint64_t q, mem, peak;
		v6_frag_mem(h->stack, &q, &mem, &peak);
		CHECK_EQ(q, 0);
		CHECK_EQ(mem, 0);
		CHECK(peak > 3008);
	}
	h_free(h);
}

/* RFC 8200 4.5: "an implementation may choose to detect this case and
 * drop exact duplicate fragments while keeping the other fragments":
 * the duplicate is dropped, the datagram still completes. */
TEST(rfc8200_4_5_exact_duplicate_dropped_datagram_kept)
{
	SETUP(h);

	echo_pkt(&P, 3000, 2);
	CHECK_EQ(frag(h, &P, 7, 0, 1448, 1), 0);
	expect_drop(h, frag(h, &P, 7, 0, 1448, 1), "FRAG_DUPLICATE");
	CHECK_EQ(frag(h, &P, 7, 2896, 112, 0), 0);
	expect_drop(h, frag(h, &P, 7, 2896, 112, 0), "FRAG_DUPLICATE");
	CHECK_EQ(h->n_tx, 0);
	CHECK_EQ(frag(h, &P, 7, 1448, 1448, 1), 0);
	EXPECT_FRAGMENTED_REPLY(h, &P, 3000, 3);
	expect_stat(h, "Ip6ReasmFails", 0);
	h_free(h);
}

/*
 * RFC 5722 4: an overlapping fragment discards the whole datagram, with
 * no error:
 *
 *   [0 ........ 1448)
 *            [1440 ........ 2888)     overlaps by 8: all discarded
 *                       [2896 .. 3008)  arrives later: a new queue, never whole
 *
 * Same place with other bytes is an overlap too, not a duplicate.
 */
TEST(rfc5722_overlap_discards_the_datagram_silently)
{
	SETUP(h);
	uint64_t q;

	echo_pkt(&P, 3000, 3);
	CHECK_EQ(frag(h, &P, 9, 0, 1448, 1), 0);
	expect_drop(h, frag(h, &P, 9, 1440, 1448, 1), "FRAG_OVERLAP");
	v6_frag_mem(h->stack, &q, NULL, NULL);
	CHECK_EQ(q, 0);
	CHECK_EQ(frag(h, &P, 9, 1448, 1448, 1), 0);
	CHECK_EQ(frag(h, &P, 9, 2896, 112, 0), 0);
	CHECK_EQ(h->n_tx, 0);
	expect_stat(h, "Ip6ReasmFails", 1);

	/* The same range, one byte changed. */
	CHECK_EQ(frag(h, &P, 10, 0, 1448, 1), 0);
	(void)bx_frag(&P, 40, 6, 10, 0, 1448, 1, frame, sizeof(frame));
	frame[14 + 48 + 100] ^= 1;
	expect_drop(h, h_input(h, frame, 14 + 48 + 1448), "FRAG_OVERLAP");
	/* An overlap seen on the walk (neither head nor tail). */
	CHECK_EQ(frag(h, &P, 11, 0, 1448, 1), 0);
	CHECK_EQ(frag(h, &P, 11, 2896, 112, 0), 0);
	expect_drop(h, frag(h, &P, 11, 1448, 1456, 1), "FRAG_OVERLAP");
	CHECK_EQ(h->n_tx, 0);
	expect_stat(h, "Ip6ReasmFails", 3);
	h_free(h);
}

/* RFC 6946 4: an atomic fragment (offset 0, M 0) is processed alone, even
 * while a queue with the same identification waits; that queue is not
 * disturbed. RFC 6980 does not apply to echo. */
TEST(rfc6946_atomic_fragment_processed_alone)
{
	SETUP(h);
	struct c_pkt c;

	echo_pkt(&P, 3000, 4);
	CHECK_EQ(frag(h, &P, 0x55, 0, 1448, 1), 0);
	echo_pkt(&Q, 100, 5);
	h_clear_tx(h);
	CHECK_EQ(frag(h, &Q, 0x55, 0, 108, 0), 0);
	if (expect_tx_count(h, 1) == 0 &&
	    CHECK_PARSE(&c, h->tx[0], h->tx_len[0]) == 0) {
		/* The reply is not fragmented. */
		CHECK_ICMP6(&c, B_ICMP6_ECHO_REPLY, 0);
		CHECK_EQ(c.plen, 108);
	}
	h_clear_tx(h);
	CHECK_EQ(frag(h, &P, 0x55, 1448, 1448, 1), 0);
	CHECK_EQ(frag(h, &P, 0x55, 2896, 112, 0), 0);
	EXPECT_FRAGMENTED_REPLY(h, &P, 3000, 3);
	expect_stat(h, "Ip6ReasmOKs", 2);
	h_free(h);
}

/* ---- time-outs ---- */

/* RFC 8200 4.5: after ip6frag_time (60 s) from the first-arriving
 * fragment, the datagram is abandoned; the first fragment having arrived,
 * Time Exceeded code 1 goes to its source quoting it as received. */
TEST(rfc8200_4_5_lone_first_fragment_times_out_with_time_exceeded_1)
{
	SETUP(h);

	echo_pkt(&P, 3000, 6);
	h_advance(h, V6_NS_PER_S / 2);
	CHECK_EQ(frag(h, &P, 0x66, 0, 1448, 1), 0);
	h_advance(h, 60 * V6_NS_PER_S - 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_TIME_EXCEEDED, -1), 0);
	expect_stat(h, "Ip6ReasmTimeout", 0);
	{
		/* Keep the peer's neighbour entry fresh (it would be
		 * resolved again after 60 s, the error waiting). */
		struct in6_addr g = h_our_global(), pg = h_peer_global();
		expect_ns_answered(h, &pg, &g);
	}
	h_clear_tx(h);
	h_advance(h, 1);
	(void)bx_frag(&P, 40, 6, 0x66, 0, 1448, 1, frame, sizeof(frame));
	EXPECT_ERROR(h, BE_ICMP6_TIME_EXCEEDED, 1, 0, frame + 14, 40 + 8 + 1448);
	expect_stat(h, "Ip6ReasmTimeout", 1);
	expect_stat(h, "Ip6ReasmFails", 1);
	expect_stat(h, "Icmp6OutTimeExcds", 1);
	h_free(h);
}

/* Only the last fragment (or a middle one): the time-out is silent
 * ("If the first fragment ... has been received"). */
TEST(rfc8200_4_5_lone_last_fragment_times_out_silently)
{
	SETUP(h);

	echo_pkt(&P, 3000, 7);
	CHECK_EQ(frag(h, &P, 0x67, 2896, 112, 0), 0);
	CHECK_EQ(frag(h, &P, 0x68, 1448, 1448, 1), 0);
	h_advance(h, 61 * V6_NS_PER_S);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_TIME_EXCEEDED, -1), 0);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_PARAM_PROB, -1), 0);
	expect_stat(h, "Ip6ReasmTimeout", 2);
	expect_stat(h, "Ip6ReasmFails", 2);
	h_free(h);
}

/* ip6frag_time is the tunable time-out. */
TEST(ip6frag_time_sets_the_timeout)
{
	SETUP(h);

	H_SYSCTL(h, "ip6frag_time", "5");
	echo_pkt(&P, 3000, 8);
	CHECK_EQ(frag(h, &P, 0x69, 0, 1448, 1), 0);
	h_advance(h, 5 * V6_NS_PER_S - 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_TIME_EXCEEDED, 1), 0);
	h_advance(h, 1);
	CHECK_EQ(ce_count_icmp6(h, BE_ICMP6_TIME_EXCEEDED, 1), 1);
	h_free(h);
}

/* ---- errors about a fragment ---- */

/* RFC 8200 4.5, RFC 7112 5: a first fragment without the whole chain
 * (here: Destination Options, the UDP header in the next fragment; then
 * a Destination Options header cut by the fragment's end) gets Parameter
 * Problem code 3, pointer 0, quoting the fragment. */
TEST(rfc7112_first_fragment_without_the_chain_param_prob_3)
{
	SETUP(h);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };
	uint8_t big[14] = { 1, 12 };
	size_t n;

	bx_init(&P, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_ext(&P, BX_NH_DSTOPTS, pad, sizeof(pad));
	bx_udp(&P, 4000, 7, 100);
	h_clear_tx(h);
	n = bx_frag(&P, 40, 6, 0x70, 0, 8, 1, frame, sizeof(frame));
	expect_drop(h, h_input(h, frame, n), "FRAG_HDR_CHAIN_INCOMPLETE");
	EXPECT_ERROR(h, BE_ICMP6_PARAM_PROB, 3, 0, frame + 14, n - 14);

	bx_init(&P, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_ext(&P, BX_NH_DSTOPTS, big, sizeof(big));
	bx_udp(&P, 4000, 7, 100);
	h_clear_tx(h);
	n = bx_frag(&P, 40, 6, 0x71, 0, 8, 1, frame, sizeof(frame));
	expect_drop(h, h_input(h, frame, n), "FRAG_HDR_CHAIN_INCOMPLETE");
	EXPECT_ERROR(h, BE_ICMP6_PARAM_PROB, 3, 0, frame + 14, n - 14);
	expect_stat(h, "Ip6InHdrErrors", 2);
	/* Control: 16 bytes hold Destination Options and the UDP header. */
	h_clear_tx(h);
	CHECK_EQ(frag(h, &P, 0x72, 0, 24, 1), 0);
	CHECK_EQ(h->n_tx, 0);
	h_free(h);
}

/* RFC 7112 5, Linux ipv6frag_thdr_truncated: the first fragment ends
 * right after a complete Destination Options header, the ICMPv6 header in
 * the second: Parameter Problem code 3, pointer 0, and the datagram is
 * never reassembled (no echo reply once the second fragment arrives). */
TEST(rfc7112_first_fragment_without_the_icmpv6_header)
{
	SETUP(h);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };
	size_t n;

	bx_init(&P, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_ext(&P, BX_NH_DSTOPTS, pad, sizeof(pad));
	bx_echo(&P, 0x99, 1, 64);
	h_clear_tx(h);
	n = bx_frag(&P, 40, 6, 0x74, 0, 8, 1, frame, sizeof(frame));
	expect_drop(h, h_input(h, frame, n), "FRAG_HDR_CHAIN_INCOMPLETE");
	EXPECT_ERROR(h, BE_ICMP6_PARAM_PROB, 3, 0, frame + 14, n - 14);
	h_clear_tx(h);
	n = bx_frag(&P, 40, 6, 0x74, 8, 72, 0, frame, sizeof(frame));
	expect_accepted(h, h_input(h, frame, n));
	CHECK_EQ(h->n_tx, 0);
	expect_stat(h, "Ip6ReasmOKs", 0);
	/* Control: 16 bytes in the first fragment hold the ICMPv6 header. */
	n = bx_frag(&P, 40, 6, 0x75, 0, 16, 1, frame, sizeof(frame));
	expect_accepted(h, h_input(h, frame, n));
	n = bx_frag(&P, 40, 6, 0x75, 16, 64, 0, frame, sizeof(frame));
	expect_accepted(h, h_input(h, frame, n));
	CHECK_EQ(h->n_tx, 1);
	expect_stat(h, "Ip6ReasmOKs", 1);
	h_free(h);
}

/* RFC 8200 4.5: M=1 and a length not a multiple of 8: Parameter Problem
 * code 0 pointing at the Payload Length field (4). */
TEST(rfc8200_4_5_bad_length_param_prob_0_pointer_4)
{
	SETUP(h);
	size_t n;

	echo_pkt(&P, 3000, 9);
	h_clear_tx(h);
	n = bx_frag(&P, 40, 6, 0x73, 0, 1001, 1, frame, sizeof(frame));
	expect_drop(h, h_input(h, frame, n), "FRAG_BAD_LEN");
	EXPECT_ERROR(h, BE_ICMP6_PARAM_PROB, 0, 4, frame + 14, n - 14);
	h_clear_tx(h);
	n = bx_frag(&P, 40, 6, 0x73, 1448, 1001, 1, frame, sizeof(frame));
	expect_drop(h, h_input(h, frame, n), "FRAG_BAD_LEN");
	EXPECT_ERROR(h, BE_ICMP6_PARAM_PROB, 0, 4, frame + 14, n - 14);
	h_free(h);
}

/* RFC 8200 4.5: offset + length beyond 65535: Parameter Problem code 0
 * pointing at the Fragment Offset field: 42 right after the IPv6 header,
 * 50 after an 8-byte Hop-by-Hop header, whose length counts (the RFC's
 * "Payload Length of the packet reassembled"). */
TEST(rfc8200_4_5_oversize_param_prob_0_at_the_fragment_offset)
{
	SETUP(h);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };
	uint8_t *fh;
	size_t n;

	bx_init(&P, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_echo(&P, 1, 1, 100);
	h_clear_tx(h);
	n = bx_frag(&P, 40, 6, 0x74, 0, 16, 0, frame, sizeof(frame));
	fh = frame + 14 + 40;
	fh[2] = (uint8_t)(65528 >> 8); /* offset 65528, M 0: ends at 65544 */
	fh[3] = (uint8_t)(65528 & 0xf8);
	expect_drop(h, h_input(h, frame, n), "FRAG_TOO_BIG");
	EXPECT_ERROR(h, BE_ICMP6_PARAM_PROB, 0, 42, frame + 14, n - 14);

	bx_init(&P, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_ext(&P, BX_NH_HOPOPTS, pad, sizeof(pad));
	bx_echo(&P, 1, 1, 100);
	h_clear_tx(h);
	n = bx_frag(&P, 48, 40, 0x75, 0, 16, 0, frame, sizeof(frame));
	fh = frame + 14 + 48;
	fh[2] = (uint8_t)(65512 >> 8); /* ends at 65528, + 8 of HBH > 65535 */
	fh[3] = (uint8_t)(65512 & 0xf8);
	expect_drop(h, h_input(h, frame, n), "FRAG_TOO_BIG");
	EXPECT_ERROR(h, BE_ICMP6_PARAM_PROB, 0, 50, frame + 14, n - 14);
	h_free(h);
}

/* Linux: a Fragment header inside an atomic fragment is pointed at. */
TEST(linux_nested_fragment_header_param_prob_0_at_it)
{
	SETUP(h);
	size_t n;
	uint8_t inner[8 + 108];

	echo_pkt(&P, 100, 10);
	/* IPv6 | Frag(0, M0) | Frag(0, M0) | ICMPv6 */
	n = bx_frag(&P, 40, 6, 0x76, 0, 108, 0, frame, sizeof(frame));
	memcpy(inner, frame + 14 + 40, sizeof(inner));
	frame[14 + 40] = BX_NH_FRAGMENT;
	memcpy(frame + 14 + 48, inner, sizeof(inner));
	frame[14 + 5] = (uint8_t)(frame[14 + 5] + 8);
	n += 8;
	h_clear_tx(h);
	expect_drop(h, h_input(h, frame, n), "FRAG_NESTED");
	EXPECT_ERROR(h, BE_ICMP6_PARAM_PROB, 0, 48, frame + 14, n - 14);
	h_free(h);
}

/* Linux ip6_frag_queue: an empty fragment, and two different ends,
 * discard the queue. */
TEST(linux_empty_fragment_and_conflicting_ends_discard_the_queue)
{
	SETUP(h);

	echo_pkt(&P, 3000, 11);
	CHECK_EQ(frag(h, &P, 0x77, 0, 1448, 1), 0);
	expect_drop(h, frag(h, &P, 0x77, 1448, 0, 1), "FRAG_EMPTY");
	CHECK_EQ(frag(h, &P, 0x78, 2896, 112, 0), 0);
	expect_drop(h, frag(h, &P, 0x78, 1448, 1456, 0), "FRAG_BAD_END");
	CHECK_EQ(frag(h, &P, 0x79, 1448, 1448, 0), 0);
	expect_drop(h, frag(h, &P, 0x79, 2888, 113, 1), "FRAG_BAD_LEN");
	expect_drop(h, frag(h, &P, 0x79, 2896, 104, 1), "FRAG_BAD_END");
	expect_stat(h, "Ip6ReasmFails", 3);
	h_free(h);
}

/* The bound on fragments per datagram (256). */
TEST(frag_too_many_fragments_per_datagram)
{
	SETUP(h);
	int r = 0;

	echo_pkt(&P, 3000, 12);
	for (int i = 0; i < 257; i++) {
		r = frag(h, &P, 0x80, (size_t)i * 8, 8, 1);
		if (i < 256)
			CHECK_EQ(r, 0);
	}
	expect_drop(h, r, "FRAG_TOO_MANY");
	h_free(h);
}

/* A fragment whose Traffic Class carries this ECN codepoint. */
static int
frag_ecn(struct harness *h, const struct bxpkt *p, uint32_t id, size_t off,
    size_t n, int more, unsigned ecn)
{
	size_t len = bx_frag(p, 40, 6, id, off, n, more, frame, sizeof(frame));

	frame[14 + 1] = (uint8_t)((frame[14 + 1] & 0xcf) | ecn << 4);
	return h_input(h, frame, len);
}

/* RFC 3168 5.3 (Linux ip_frag_ecn_table): Not-ECT mixed with ECT
 * discards the datagram; ECT(0) with one CE fragment reassembles as CE
 * (the echo reply copies the Traffic Class, as Linux). */
TEST(rfc3168_5_3_ecn_across_fragments)
{
	SETUP(h);
	struct c_pkt c;

	echo_pkt(&P, 3000, 16);
	CHECK_EQ(frag_ecn(h, &P, 0xe1, 0, 1448, 1, 0), 0);
	CHECK_EQ(frag_ecn(h, &P, 0xe1, 1448, 1448, 1, 2), 0);
	expect_drop(h, frag_ecn(h, &P, 0xe1, 2896, 112, 0, 2), "FRAG_ECN_MIXED");
	CHECK_EQ(h->n_tx, 0);
	expect_stat(h, "Ip6ReasmFails", 1);

	h_clear_tx(h);
	CHECK_EQ(frag_ecn(h, &P, 0xe2, 0, 1448, 1, 2), 0);
	CHECK_EQ(frag_ecn(h, &P, 0xe2, 1448, 1448, 1, 3), 0);
	CHECK_EQ(frag_ecn(h, &P, 0xe2, 2896, 112, 0, 2), 0);
	EXPECT_FRAGMENTED_REPLY(h, &P, 3000, 3);
	if (h->n_tx > 0 && CHECK_PARSE(&c, h->tx[0], h->tx_len[0]) == 0)
		CHECK_EQ(c.tclass & 3, 3);
	h_free(h);
}

/* RFC 8200 4.5: each fragment fits, but the first fragment's 16-byte
 * Hop-by-Hop header makes the reassembled payload 16 + 65528 > 65535:
 * the datagram is discarded at reassembly (Linux: no error). */
TEST(rfc8200_4_5_reassembled_payload_over_65535_discarded)
{
	SETUP(h);
	size_t total, off, n;
	const uint8_t hbh[16] = { 44, 1, 0x1e, 2, 0, 0, 0x1e, 2, 0, 0, 1, 4 };

	echo_pkt(&P, 65520, 17);
	total = P.len - 40;
	n = bx_frag(&P, 40, 6, 0xf1, 0, 1448, 1, frame, sizeof(frame));
	memmove(frame + 14 + 40 + 16, frame + 14 + 40, n - 54);
	memcpy(frame + 14 + 40, hbh, 16);
	frame[14 + 6] = BX_NH_HOPOPTS;
	frame[14 + 5] = (uint8_t)(frame[14 + 5] + 16);
	CHECK_EQ(h_input(h, frame, n + 16), 0);
	for (off = 1448; off < total; off += 1448) {
		size_t k = total - off < 1448 ? total - off : 1448;
		int r = frag(h, &P, 0xf1, off, k, off + k < total);
		if (off + k < total)
			CHECK_EQ(r, 0);
		else
			expect_drop(h, r, "FRAG_REASM_TOO_BIG");
	}
	CHECK_EQ(h->n_tx, 0);
	expect_stat(h, "Ip6ReasmFails", 1);
	expect_stat(h, "Ip6ReasmOKs", 0);
	h_free(h);
}

/* RFC 8200 4.1: a Hop-by-Hop header after the Fragment header was not
 * first in the packet, even though reassembly puts it right after the
 * IPv6 header: Parameter Problem code 1 at the field naming it in the
 * reassembled datagram (6), quoting it, as Linux. */
TEST(rfc8200_4_1_hop_by_hop_after_the_fragment_header_refused)
{
	SETUP(h);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	const uint8_t pad[6] = { 1, 4, 0, 0, 0, 0 };
	size_t total;

	bx_init(&P, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_ext(&P, BX_NH_HOPOPTS, pad, sizeof(pad));
	bx_echo(&P, 1, 1, 2000);
	total = P.len - 40;
	h_clear_tx(h);
	CHECK_EQ(frag(h, &P, 0xf2, 0, 1448, 1), 0);
	expect_drop(h, frag(h, &P, 0xf2, 1448, total - 1448, 0),
	    "EXTHDR_HBH_NOT_FIRST");
	EXPECT_ERROR(h, BE_ICMP6_PARAM_PROB, 1, 6, P.b, P.len);
	h_free(h);
}

/* ---- RFC 6980: no Neighbor Discovery in fragments ---- */

TEST(rfc6980_nd_in_fragments_dropped)
{
	SETUP(h);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	size_t n;

	/* Control: the NS itself is answered. */
	bx_init(&P, H_PEER_MAC, H_OUR_MAC, &pg, &g, 255);
	bx_ns(&P, &g, H_PEER_MAC);
	h_clear_tx(h);
	n = bx_frame(&P, frame, sizeof(frame));
	CHECK_EQ(h_input(h, frame, n), 0);
	CHECK_EQ(h_find_icmp6(h, B_ND_NEIGHBOR_ADVERT, &g), 0);
	/* In an atomic fragment. */
	h_clear_tx(h);
	expect_drop(h, frag(h, &P, 0x90, 0, 32, 0), "NDISC_FRAGMENTED");
	CHECK_EQ(h->n_tx, 0);
	/* In two fragments. */
	CHECK_EQ(frag(h, &P, 0x91, 0, 16, 1), 0);
	expect_drop(h, frag(h, &P, 0x91, 16, 16, 0), "NDISC_FRAGMENTED");
	CHECK_EQ(h->n_tx, 0);
	expect_stat(h, "Ip6ReasmOKs", 2);
	h_free(h);
}

/* ---- big datagrams ---- */

struct udp_got {
	size_t len;
	int same;
	int n;
};

static void
udp_rx(void *ctx, const struct v6_udp_meta *m, const uint8_t *data,
    size_t len, v6_time_t now)
{
	struct udp_got *g = ctx;

	(void)m;
	(void)now;
	g->n++;
	g->len = len;
	g->same = 1;
	for (size_t i = 0; i < len; i++)
		if (data[i] != bx_pattern(i))
			g->same = 0;
}

/* A 60000-byte UDP datagram in 42 fragments reaches its endpoint whole. */
TEST(rfc8200_4_5_udp_60000_reassembled_to_the_endpoint)
{
	SETUP(h);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct udp_got got = { 0 };
	size_t total, off;

	CHECK_EQ(v6_udp_bind(h->stack, 7, udp_rx, NULL, &got, h->err,
	    sizeof(h->err)), 0);
	bx_init(&P, H_PEER_MAC, H_OUR_MAC, &pg, &g, 64);
	bx_udp(&P, 4000, 7, 60000);
	total = P.len - 40;
	for (off = 0; off < total; off += 1448) {
		size_t n = total - off < 1448 ? total - off : 1448;
		CHECK_EQ(frag(h, &P, 0xabc, off, n, off + n < total), 0);
	}
	CHECK_EQ(got.n, 1);
	CHECK_EQ(got.len, 60000);
	CHECK(got.same);
	expect_stat(h, "Udp6InDatagrams", 1);
	h_free(h);
}

/* An echo of 60000 bytes in reverse order: the reply leaves in 42
 * fragments (RFC 7739: the identification is not the request's). */
TEST(rfc8200_4_5_echo_60000_answered_in_fragments)
{
	SETUP(h);
	size_t total, off;

	echo_pkt(&P, 60000, 13);
	total = P.len - 40;
	off = (total - 1) / 1448 * 1448;
	for (;;) {
		size_t n = total - off < 1448 ? total - off : 1448;
		CHECK_EQ(frag(h, &P, 0xabd, off, n, off + n < total), 0);
		if (off == 0)
			break;
		off -= 1448;
	}
	EXPECT_FRAGMENTED_REPLY(h, &P, 60000, 42);
	CHECK(R.ident != 0xabd);
	CHECK_EQ(R.max_frame, 1496);
	h_free(h);
}

/* ---- the memory bound ---- */

/*
 * 20000 incomplete datagrams (the middle fragment of a 24-byte echo each,
 * ids 1..20000) against ip6frag_high_thresh 4194304: the memory accounted
 * never passes it; the oldest queues go first (FRAG_EVICTED, one
 * Ip6ReasmFails each), eviction stops under ip6frag_low_thresh; the
 * newest datagram still completes, the oldest no longer can.
 *
 *   [0, 8) M   [8, 16) M   [16, 24)
 *   A          B (flood)   C
 */
TEST(frag_memory_bounded_oldest_evicted_newest_still_reassembled)
{
	SETUP(h);
	uint64_t q, mem, peak, evicted, max_mem = 0;
	const uint32_t n_ids = 20000;

	echo_pkt(&P, 16, 14);
	for (uint32_t id = 1; id <= n_ids; id++) {
		CHECK_EQ(frag(h, &P, id, 8, 8, 1), 0);
		v6_frag_mem(h->stack, &q, &mem, &peak);
		if (mem > max_mem)
			max_mem = mem;
	}
	v6_frag_mem(h->stack, &q, &mem, &peak);
	evicted = drop_count(h, "FRAG_EVICTED");
	CHECK(max_mem <= 4194304);
	CHECK(peak <= 4194304);
	CHECK(peak > 3145728);
	CHECK(evicted > 0);
	CHECK_EQ(evicted + q, n_ids);
	expect_stat(h, "Ip6ReasmFails", evicted);
	expect_stat(h, "Ip6ReasmReqds", n_ids);
	/* The newest completes and is answered. */
	h_clear_tx(h);
	CHECK_EQ(frag(h, &P, n_ids, 0, 8, 1), 0);
	CHECK_EQ(frag(h, &P, n_ids, 16, 8, 0), 0);
	CHECK_EQ(ce_count_icmp6(h, B_ICMP6_ECHO_REPLY, 0), 1);
	/* The oldest was evicted: its other fragments make a new queue. */
	h_clear_tx(h);
	CHECK_EQ(frag(h, &P, 1, 0, 8, 1), 0);
	CHECK_EQ(frag(h, &P, 1, 16, 8, 0), 0);
	CHECK_EQ(h->n_tx, 0);
	/* A lower threshold takes effect at the next fragment. */
	H_SYSCTL(h, "ip6frag_low_thresh", "100000");
	H_SYSCTL(h, "ip6frag_high_thresh", "200000");
	CHECK_EQ(frag(h, &P, n_ids + 1, 8, 8, 1), 0);
	v6_frag_mem(h->stack, NULL, &mem, NULL);
	CHECK(mem <= 100000 + sizeof(struct v6_fragq) +
	    sizeof(struct v6_frag_rec) + V6_FRAG_CHUNK);
	CHECK(mem > 0);
	h_free(h);
}

/*
 * RFC 8200 4.5 on output: a packet with a Hop-by-Hop header beyond the
 * MTU repeats the header (the Unfragmentable Part) in every fragment,
 * its Next Header now 44; the Fragment header names ICMPv6.
 *
 *   | IPv6 nh=0 | HBH nh=44 | Frag nh=58 | piece of the echo |
 */
TEST(rfc8200_4_5_output_repeats_the_unfragmentable_part)
{
	SETUP(h);
	struct in6_addr g = h_our_global(), pg = h_peer_global();
	struct v6_ip6_repr ip = { .src = g, .dst = pg, .plen = 8 + 3008,
		.next = BX_NH_HOPOPTS, .hlim = 64 };
	uint8_t *pl = v6_tx_payload(h->stack);
	const uint8_t hbh[8] = { 58, 0, 5, 2, 0, 0, 1, 0 };

	echo_pkt(&P, 3000, 15);
	memcpy(pl, hbh, 8);
	memcpy(pl + 8, P.b + 40, 3008);
	h_clear_tx(h);
	CHECK_EQ(v6_ip6_tx(h->stack, h->ifp, &ip, h->now), 0);
	br_init(&R);
	CHECK_EQ(h->n_tx, 3);
	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++) {
		const uint8_t *p6 = h->tx[i] + 14;
		CHECK_EQ(p6[6], BX_NH_HOPOPTS);
		CHECK_MEM(p6 + 42, hbh + 2, 6);
		CHECK_EQ(p6[48], 58);
		CHECK(h->tx_len[i] - 14 <= 1500);
		BR_ADD(&R, h->tx[i], h->tx_len[i], 48);
	}
	CHECK(br_done(&R));
	CHECK_EQ(R.total, 3008);
	CHECK_MEM(R.b + 48, P.b + 40, 3008);
	expect_stat(h, "Ip6FragCreates", 3);
	h_free(h);
}

T_MAIN()
