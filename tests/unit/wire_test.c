/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests of src/wire against golden byte vectors produced independently
 * by scapy 2.5.0 (/usr/bin/python3). Each array is preceded by the scapy
 * expression whose bytes() it is; the vectors were generated once and pasted
 * here, so the tests need no Python at run time.
 *
 * Covered: the Internet checksum (RFC 1071, RFC 1624, RFC 8200 8.1), the
 * IPv6 header view/parse/emit (RFC 8200 3), Ethernet II (RFC 2464), the ND
 * option iterator (RFC 4861 4.6), the NS/NA builders (RFC 4861 4.3, 4.4,
 * RFC 7527) and the address helpers (RFC 4291, RFC 2464 7).
 */
#include <arpa/inet.h>
#include <stdlib.h>

#include "lib/t.h"
#include "wire/csum.h"
#include "wire/eth.h"
#include "wire/exthdr.h"
#include "wire/icmpv6.h"
#include "wire/mld.h"
#include "wire/ipv6.h"
#include "wire/ndisc.h"
#include "wire/ndopt.h"

/* ---- golden vectors (scapy) ------------------------------------------ */

/* IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=64)/ICMPv6EchoRequest(id=0x1234, seq=1, data=b"abcdefghijklmnop") */
static const uint8_t g_echo_req[64] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0xce, 0xb7, 0x12, 0x34, 0x00, 0x01,
	0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c,
	0x6d, 0x6e, 0x6f, 0x70,
};

/* IPv6(src="fe80::1", dst="fe80::2", hlim=64)/ICMPv6EchoRequest(id=0xbeef, seq=0x0102, data=b"0123456789abc") */
static const uint8_t g_echo_req_odd[61] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x15, 0x3a, 0x40, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x80, 0x00, 0xf9, 0x4c, 0xbe, 0xef, 0x01, 0x02,
	0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62,
	0x63,
};

/* IPv6(src="2001:db8::ffff", dst="2001:db8::fffe", hlim=64)/ICMPv6EchoRequest(id=0xffff, seq=0xffff, data=b"\xff"*33) */
static const uint8_t g_echo_ff[81] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x29, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xff, 0xfe, 0x80, 0x00, 0x25, 0x2a, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/* IPv6(src="fe80::211:22ff:fe33:4455", dst="ff02::1:ff00:2", hlim=255)/ICMPv6ND_NS(tgt="fe80::2")/ICMPv6NDOptSrcLLAddr(lladdr="00:11:22:33:44:55") */
static const uint8_t g_ns_pkt[72] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55,
	0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xff, 0x00, 0x00, 0x02, 0x87, 0x00, 0xae, 0x66, 0x00, 0x00, 0x00, 0x00,
	0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x01, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
};

/* IPv6(tc=0xb8, fl=0xabcde, plen=24, nh=58, hlim=255, src="2001:db8:1:2::a", dst="ff02::1:ff00:a") */
static const uint8_t g_ip6_hdr[40] = {
	0x6b, 0x8a, 0xbc, 0xde, 0x00, 0x18, 0x3a, 0xff, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a,
	0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xff, 0x00, 0x00, 0x0a,
};

/* ICMPv6ND_NA(tgt="2001:db8::1", R=0, S=1, O=1, cksum=0)/ICMPv6NDOptDstLLAddr(lladdr="02:00:5e:10:20:30") */
static const uint8_t g_na_so_tlla[32] = {
	0x88, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x02, 0x01, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,
};

/* ICMPv6ND_NA(tgt="fe80::abcd", R=1, S=0, O=0, cksum=0) */
static const uint8_t g_na_r_notlla[24] = {
	0x88, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xab, 0xcd,
};

/* ICMPv6ND_NS(tgt="2001:db8::1", cksum=0)/ICMPv6NDOptSrcLLAddr(lladdr="02:00:5e:10:20:30") */
static const uint8_t g_ns_slla[32] = {
	0x87, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x01, 0x01, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,
};

/* ICMPv6ND_NS(tgt="fe80::1:2", cksum=0)/ICMPv6NDOptUnknown(type=14, len=1, data=b"\x01\x02\x03\x04\x05\x06") */
static const uint8_t g_ns_nonce[32] = {
	0x87, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02,
	0x0e, 0x01, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06,
};

/* ICMPv6ND_NS(tgt="fe80::1:2", cksum=0)/ICMPv6NDOptSrcLLAddr(lladdr="02:00:5e:10:20:30")/ICMPv6NDOptUnknown(type=14, len=1, data=b"\xa1\xb2\xc3\xd4\xe5\xf6") */
static const uint8_t g_ns_slla_nonce[40] = {
	0x87, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02,
	0x01, 0x01, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30, 0x0e, 0x01, 0xa1, 0xb2,
	0xc3, 0xd4, 0xe5, 0xf6,
};

/* Ether(dst="33:33:ff:00:00:0a", src="02:00:5e:10:20:30", type=0x86dd) */
static const uint8_t g_eth[14] = {
	0x33, 0x33, 0xff, 0x00, 0x00, 0x0a, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,
	0x86, 0xdd,
};

/* ICMPv6NDOptSrcLLAddr(lladdr="00:11:22:33:44:55")/ICMPv6NDOptMTU(mtu=1500)/ICMPv6NDOptPrefixInfo(prefix="2001:db8::", prefixlen=64) */
static const uint8_t g_opts[48] = {
	0x01, 0x01, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x05, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x05, 0xdc, 0x03, 0x04, 0x40, 0xc0, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=64)/ICMPv6EchoReply(id=0x1234, seq=1, data=b"abcdefghijklmnop") */
static const uint8_t g_echo_rep[64] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x3a, 0x40, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x81, 0x00, 0xcd, 0xb7, 0x12, 0x34, 0x00, 0x01,
	0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c,
	0x6d, 0x6e, 0x6f, 0x70,
};

/* IPv6(src="2001:db8::1", dst="fe80::99", hlim=255)/ICMPv6ND_NA(tgt="2001:db8::1", R=0, S=1, O=1)/ICMPv6NDOptDstLLAddr(lladdr="02:00:5e:10:20:30") */
static const uint8_t g_na_pkt[72] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x99, 0x88, 0x00, 0x3a, 0xd5, 0x60, 0x00, 0x00, 0x00,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x02, 0x01, 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30,
};

/* ICMPv6ND_NS(tgt="2001:db8::1", cksum=0) */
static const uint8_t g_ns_plain[24] = {
	0x87, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
};


/* Solicited-node groups and their MACs (RFC 4291 2.7.1, RFC 2464 7), from
 * scapy's in6_getnsma() and in6_getnsmac():
 *   in6_getnsma(inet_pton(AF_INET6, "2001:db8::1:2345:6789")) == ff02::1:ff45:6789
 *   in6_getnsmac(that)                                          == 33:33:ff:45:67:89
 *   in6_getnsma(inet_pton(AF_INET6, "fe80::211:22ff:fe33:4455")) == ff02::1:ff33:4455
 *   in6_getnsmac(inet_pton(AF_INET6, "ff02::1"))                == 33:33:00:00:00:01
 *   in6_getnsmac(inet_pton(AF_INET6, "ff05::1:3"))              == 33:33:00:01:00:03
 */
static const uint8_t g_snm1[16] = { 0xff, 0x02, [11] = 0x01, 0xff, 0x45, 0x67, 0x89 };
static const uint8_t g_snm1_mac[6] = { 0x33, 0x33, 0xff, 0x45, 0x67, 0x89 };
static const uint8_t g_snm2[16] = { 0xff, 0x02, [11] = 0x01, 0xff, 0x33, 0x44, 0x55 };
static const uint8_t g_allnodes_mac[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t g_ff05_mac[6] = { 0x33, 0x33, 0x00, 0x01, 0x00, 0x03 };

/* ---- helpers --------------------------------------------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64*: a fixed seed, so every run tests the same payloads. */
static uint32_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

static void
rnd_fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

static struct in6_addr
addr_at(const uint8_t *p)
{
	struct in6_addr a;
	memcpy(a.s6_addr, p, 16);
	return a;
}

static struct in6_addr
addr(const char *s)
{
	struct in6_addr a;
	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

/*
 * The reference Internet checksum sum, written plainly from RFC 1071 4.1:
 * big-endian 16-bit words added into 32 bits, an odd last byte padded with
 * zero, carries folded back. Returns the folded (uncomplemented) sum.
 */
static uint16_t
ref_sum(const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* The reference ICMPv6 checksum (host order): RFC 8200 8.1 pseudo-header
 * laid out as bytes, then the message with its checksum field as is. */
static uint16_t
ref_icmp6_csum(const struct in6_addr *src, const struct in6_addr *dst,
    const uint8_t *icmp, size_t len)
{
	uint8_t *b = malloc(40 + len + 1);
	uint16_t s;

	if (b == NULL)
		abort();
	memcpy(b, src->s6_addr, 16);
	memcpy(b + 16, dst->s6_addr, 16);
	b[32] = (uint8_t)(len >> 24);
	b[33] = (uint8_t)(len >> 16);
	b[34] = (uint8_t)(len >> 8);
	b[35] = (uint8_t)len;
	b[36] = b[37] = b[38] = 0;
	b[39] = 58;
	memcpy(b + 40, icmp, len);
	s = ref_sum(b, 40 + len);
	free(b);
	return (uint16_t)~s;
}

/* Fill the ICMPv6 checksum with the functions under test. */
static void
icmp6_csum(uint8_t *icmp, size_t len, const struct in6_addr *src,
    const struct in6_addr *dst)
{
	uint64_t acc;

	icmp[2] = icmp[3] = 0;
	acc = v6_csum_pseudo(src, dst, (uint32_t)len, V6_NH_ICMPV6);
	acc = v6_csum_acc(acc, icmp, len);
	v6_csum_store(icmp + 2, acc);
}

/* Check that buf[from, to) still holds the fill byte. */
#define CHECK_UNTOUCHED(buf, from, to, fill)                               \
	do {                                                               \
		for (size_t t_i_ = (from); t_i_ < (to); t_i_++)            \
			if ((buf)[t_i_] != (fill)) {                       \
				t_fail(__FILE__, __LINE__,                 \
				    "%s[%zu] == 0x%02x, written past the end", \
				    #buf, t_i_, (buf)[t_i_]);              \
				break;                                     \
			}                                                  \
	} while (0)

/* Compare n bytes and name the first differing offset. */
#define CHECK_BYTES(what, got, want, n)                                    \
	do {                                                               \
		const uint8_t *t_g_ = (got), *t_w_ = (want);               \
		for (size_t t_i_ = 0; t_i_ < (size_t)(n); t_i_++)          \
			if (t_g_[t_i_] != t_w_[t_i_]) {                    \
				t_fail(__FILE__, __LINE__,                 \
				    "%s: byte %zu is 0x%02x, want 0x%02x", \
				    (what), t_i_, t_g_[t_i_], t_w_[t_i_]); \
				break;                                     \
			}                                                  \
	} while (0)

/* ---- checksum (RFC 1071, RFC 8200 8.1) ------------------------------ */

struct golden_pkt {
	const char *name;
	const uint8_t *b;
	size_t len;
};

#define GP(x) { #x, x, sizeof(x) }
static const struct golden_pkt golden_pkts[] = {
	GP(g_echo_req), GP(g_echo_rep), GP(g_echo_req_odd), GP(g_echo_ff),
	GP(g_ns_pkt), GP(g_na_pkt),
};
#define N_GOLDEN_PKTS (sizeof(golden_pkts) / sizeof(golden_pkts[0]))

/* v6_csum_pseudo + v6_csum_acc + v6_csum_store give scapy's checksum, on
 * even and odd lengths, all-0xff data, an NS and an NA. */
TEST(csum_icmp6_matches_scapy)
{
	for (size_t i = 0; i < N_GOLDEN_PKTS; i++) {
		const struct golden_pkt *g = &golden_pkts[i];
		struct in6_addr src = addr_at(g->b + 8), dst = addr_at(g->b + 24);
		uint8_t buf[128];
		size_t ilen = g->len - 40;

		memcpy(buf, g->b, g->len);
		buf[42] = 0x5a; /* prove the field is cleared, not summed */
		buf[43] = 0xa5;
		icmp6_csum(buf + 40, ilen, &src, &dst);
		CHECK_BYTES(g->name, buf, g->b, g->len);
		/* The reference agrees with scapy too. */
		buf[42] = buf[43] = 0;
		CHECK_EQ(ref_icmp6_csum(&src, &dst, buf + 40, ilen),
		    v6_rd16(g->b + 42));
	}
}

/* RFC 4443 2.3 receive side: the sum over a message including its
 * checksum verifies; any flipped bit makes it fail. */
TEST(csum_ok_verifies_golden_and_rejects_bit_flips)
{
	for (size_t i = 0; i < N_GOLDEN_PKTS; i++) {
		const struct golden_pkt *g = &golden_pkts[i];
		struct in6_addr src = addr_at(g->b + 8), dst = addr_at(g->b + 24);
		size_t ilen = g->len - 40;
		uint8_t buf[128];
		uint64_t acc = v6_csum_pseudo(&src, &dst, (uint32_t)ilen, 58);

		if (!v6_csum_ok(v6_csum_acc(acc, g->b + 40, ilen)))
			t_fail(__FILE__, __LINE__, "%s: checksum does not verify",
			    g->name);
		for (size_t bit = 0; bit < ilen * 8; bit += 7) {
			memcpy(buf, g->b + 40, ilen);
			buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			if (v6_csum_ok(v6_csum_acc(acc, buf, ilen)))
				t_fail(__FILE__, __LINE__,
				    "%s: bit %zu flipped still verifies", g->name, bit);
		}
	}
}

/* v6_csum_pseudo equals the reference over the 40-byte pseudo-header laid
 * out by hand, including upper-layer lengths above 65535. */
TEST(csum_pseudo_vs_reference)
{
	static const uint32_t lens[] = { 0, 1, 8, 24, 0xffff, 0x10000, 0x12345,
		0xfffffffe };
	for (int iter = 0; iter < 200; iter++) {
		struct in6_addr src, dst;
		uint8_t ph[40];
		uint32_t len = iter < 8 ? lens[iter] : rnd();
		uint8_t nh = iter < 8 ? 58 : (uint8_t)rnd();

		rnd_fill(src.s6_addr, 16);
		rnd_fill(dst.s6_addr, 16);
		memcpy(ph, src.s6_addr, 16);
		memcpy(ph + 16, dst.s6_addr, 16);
		v6_wr32(ph + 32, len);
		ph[36] = ph[37] = ph[38] = 0;
		ph[39] = nh;
		CHECK_EQ(ntohs(v6_csum_fold(v6_csum_pseudo(&src, &dst, len, nh))),
		    ref_sum(ph, 40));
	}
}

/* Every length 0..70, at every start alignment 0..7, on random, all-0xff
 * and all-zero data: v6_csum_acc folds to the reference sum, and
 * v6_csum_store writes its complement in network order. */
TEST(csum_lengths_0_to_70_vs_reference)
{
	uint8_t raw[80 + 8], st[2], want[2];

	for (int kind = 0; kind < 3; kind++) {
		for (size_t len = 0; len <= 70; len++) {
			for (size_t off = 0; off < 8; off++) {
				uint8_t *p = raw + off;

				if (kind == 0)
					rnd_fill(raw, sizeof(raw));
				else
					memset(raw, kind == 1 ? 0xff : 0x00, sizeof(raw));
				uint16_t r = ref_sum(p, len);
				uint64_t acc = v6_csum_acc(0, p, len);
				if (ntohs(v6_csum_fold(acc)) != r) {
					t_fail(__FILE__, __LINE__,
					    "kind %d len %zu off %zu: 0x%04x, want 0x%04x",
					    kind, len, off, ntohs(v6_csum_fold(acc)), r);
					return;
				}
				v6_csum_store(st, acc);
				v6_wr16(want, (uint16_t)~r);
				CHECK_MEM(st, want, 2);
			}
		}
	}
}

/* Summing in two segments (the first even) equals summing at once. */
TEST(csum_segments_equal_whole)
{
	uint8_t b[200];

	for (int iter = 0; iter < 300; iter++) {
		size_t len = rnd() % sizeof(b), k = (rnd() % (len + 1)) & ~(size_t)1;
		rnd_fill(b, len);
		uint64_t a = v6_csum_acc(v6_csum_acc(0, b, k), b + k, len - k);
		CHECK_EQ(v6_csum_fold(a), v6_csum_fold(v6_csum_acc(0, b, len)));
	}
}

/* All-0xff buffers up to jumbo-ish sizes exercise every carry path of the
 * 64-bit accumulator; random large buffers too. */
TEST(csum_all_ff_and_large_vs_reference)
{
	static uint8_t b[9001];

	memset(b, 0xff, sizeof(b));
	for (size_t len = 0; len <= sizeof(b); len += (len < 300 ? 1 : 97))
		CHECK_EQ(ntohs(v6_csum_fold(v6_csum_acc(0, b, len))),
		    ref_sum(b, len));
	/* Starting from a saturated accumulator. */
	CHECK_EQ(ntohs(v6_csum_fold(v6_csum_acc(~(uint64_t)0, b, 64))), 0xffff);
	for (int iter = 0; iter < 50; iter++) {
		size_t len = rnd() % sizeof(b);
		rnd_fill(b, len);
		CHECK_EQ(ntohs(v6_csum_fold(v6_csum_acc(0, b, len))),
		    ref_sum(b, len));
	}
}

/* RFC 1624 3: updating the checksum for the echo request -> reply type
 * change (what the echo responder does) equals a full recompute. */
TEST(csum_update16_echo_req_to_reply_equals_recompute)
{
	static const uint8_t reply_tc[2] = { V6_ICMP6_ECHO_REPLY, 0 };
	uint8_t inc[400], full[400];

	for (int iter = 0; iter < 2000; iter++) {
		struct in6_addr src, dst;
		size_t len = 8 + rnd() % 300;

		rnd_fill(src.s6_addr, 16);
		rnd_fill(dst.s6_addr, 16);
		rnd_fill(inc, len);
		inc[0] = V6_ICMP6_ECHO_REQUEST;
		inc[1] = 0;
		icmp6_csum(inc, len, &src, &dst);
		memcpy(full, inc, len);
		full[0] = V6_ICMP6_ECHO_REPLY;
		icmp6_csum(full, len, &src, &dst);
		v6_csum_update16(inc + 2, inc, reply_tc);
		if (memcmp(inc, full, len) != 0) {
			t_fail(__FILE__, __LINE__,
			    "iter %d len %zu: incremental %02x%02x, full %02x%02x",
			    iter, len, inc[2], inc[3], full[2], full[3]);
			return;
		}
		/* And both equal the plain reference. */
		full[2] = full[3] = 0;
		CHECK_EQ(v6_rd16(inc + 2), ref_icmp6_csum(&src, &dst, full, len));
	}
}

/* The same update on scapy's pair: request bytes become reply bytes. */
TEST(csum_update16_golden_request_becomes_golden_reply)
{
	static const uint8_t reply_tc[2] = { V6_ICMP6_ECHO_REPLY, 0 };
	static const uint8_t req_tc[2] = { V6_ICMP6_ECHO_REQUEST, 0 };
	uint8_t b[sizeof(g_echo_req)];

	memcpy(b, g_echo_req, sizeof(b));
	v6_csum_update16(b + 42, b + 40, reply_tc);
	CHECK_BYTES("req->rep", b, g_echo_rep, sizeof(b));
	v6_csum_update16(b + 42, b + 40, req_tc);
	CHECK_BYTES("rep->req", b, g_echo_req, sizeof(b));
}

/* The one's-complement corner: a checksum of 0x0000 before or after the
 * update must stay 0x0000 (a full recompute never yields 0xffff here). */
TEST(csum_update16_zero_checksum_corners)
{
	static const uint8_t reply_tc[2] = { V6_ICMP6_ECHO_REPLY, 0 };
	struct in6_addr src = addr("2001:db8::1"), dst = addr("2001:db8::2");
	uint8_t m[32], full[32];

	for (int which = 0; which < 2; which++) {
		/* Craft the message whose checksum is to be 0: put its own
		 * checksum (computed with the word zero) in a data word. */
		uint8_t t = which == 0 ? V6_ICMP6_ECHO_REQUEST : V6_ICMP6_ECHO_REPLY;
		rnd_fill(m, sizeof(m));
		m[0] = t;
		m[1] = 0;
		m[8] = m[9] = 0;
		icmp6_csum(m, sizeof(m), &src, &dst);
		m[8] = m[2];
		m[9] = m[3];
		icmp6_csum(m, sizeof(m), &src, &dst);
		CHECK_EQ(v6_rd16(m + 2), 0); /* precondition of the case */
		/* Now m (type t) has checksum 0; start from the request. */
		m[0] = V6_ICMP6_ECHO_REQUEST;
		icmp6_csum(m, sizeof(m), &src, &dst);
		memcpy(full, m, sizeof(m));
		full[0] = V6_ICMP6_ECHO_REPLY;
		icmp6_csum(full, sizeof(full), &src, &dst);
		v6_csum_update16(m + 2, m, reply_tc);
		CHECK_BYTES(which == 0 ? "request csum 0" : "reply csum 0", m,
		    full, sizeof(m));
	}
}

/* ---- IPv6 header (RFC 8200 3) ---------------------------------------- */

/* Every field of scapy's header, through both the view and the repr. */
TEST(ip6_parse_golden_every_field)
{
	uint8_t b[40 + 24 + 6];
	struct v6_ip6 v;
	struct v6_ip6_repr r;
	struct in6_addr src = addr("2001:db8:1:2::a"), dst = addr("ff02::1:ff00:a");

	memcpy(b, g_ip6_hdr, 40);
	memset(b + 40, 0x11, sizeof(b) - 40);
	/* Exactly the payload length, then with trailing bytes (padding). */
	for (size_t len = 64; len <= sizeof(b); len += sizeof(b) - 64) {
		memset(&r, 0xcc, sizeof(r));
		CHECK_EQ(v6_ip6_view(&v, b, len), V6_DROP_NONE);
		CHECK_EQ(v6_ip6_version(v), 6);
		CHECK_EQ(v6_ip6_payload_len(v), 24);
		CHECK_EQ(v6_ip6_next(v), 58);
		CHECK_EQ(v6_ip6_hop_limit(v), 255);
		CHECK_MEM(v6_ip6_src_bytes(v), src.s6_addr, 16);
		CHECK_MEM(v6_ip6_dst_bytes(v), dst.s6_addr, 16);
		CHECK_EQ(v6_ip6_parse(v, &r), V6_DROP_NONE);
		CHECK_EQ(r.tclass, 0xb8);
		CHECK_EQ(r.flow, 0xabcde);
		CHECK_EQ(r.plen, 24);
		CHECK_EQ(r.next, V6_NH_ICMPV6);
		CHECK_EQ(r.hlim, 255);
		CHECK(v6_addr_eq(&r.src, &src));
		CHECK(v6_addr_eq(&r.dst, &dst));
	}
}

TEST(ip6_parse_drop_reasons)
{
	uint8_t b[40 + 24];
	struct v6_ip6 v;
	struct v6_ip6_repr r;

	memcpy(b, g_ip6_hdr, 40);
	memset(b + 40, 0, 24);

	/* RFC 8200 3: shorter than 40 bytes. */
	CHECK_EQ(v6_ip6_view(&v, b, 39), V6_DROP_IP6_TRUNCATED_HDR);
	CHECK_EQ(v6_ip6_view(&v, b, 0), V6_DROP_IP6_TRUNCATED_HDR);

	/* Version not 6: 4, 0, 15, 7. */
	static const uint8_t vers[] = { 4, 0, 15, 7 };
	for (size_t i = 0; i < sizeof(vers); i++) {
		b[0] = (uint8_t)(vers[i] << 4 | (g_ip6_hdr[0] & 0x0f));
		CHECK_EQ(v6_ip6_view(&v, b, sizeof(b)), V6_DROP_NONE);
		CHECK_EQ(v6_ip6_parse(v, &r), V6_DROP_IP6_BAD_VERSION);
	}
	b[0] = g_ip6_hdr[0];

	/* Payload length one past the end, and 0xffff on a bare header. */
	CHECK_EQ(v6_ip6_view(&v, b, 40 + 23), V6_DROP_NONE);
	CHECK_EQ(v6_ip6_parse(v, &r), V6_DROP_IP6_TRUNCATED);
	v6_wr16(b + 4, 0xffff);
	CHECK_EQ(v6_ip6_view(&v, b, 40), V6_DROP_NONE);
	CHECK_EQ(v6_ip6_parse(v, &r), V6_DROP_IP6_TRUNCATED);
	/* Payload length 0 on a bare header is fine (empty payload). */
	v6_wr16(b + 4, 0);
	CHECK_EQ(v6_ip6_parse(v, &r), V6_DROP_NONE);
	CHECK_EQ(r.plen, 0);
}

static struct v6_ip6_repr
golden_repr(void)
{
	struct v6_ip6_repr r;

	memset(&r, 0, sizeof(r));
	r.tclass = 0xb8;
	r.flow = 0xabcde;
	r.plen = 24;
	r.next = 58;
	r.hlim = 255;
	r.src = addr("2001:db8:1:2::a");
	r.dst = addr("ff02::1:ff00:a");
	return r;
}

/* STYLE P4: emit writes every one of the 40 bytes and nothing after. */
TEST(ip6_emit_golden_every_byte)
{
	struct v6_ip6_repr r = golden_repr();
	uint8_t buf[64];

	for (int fill = 0xaa; fill >= 0x55; fill -= 0x55) {
		memset(buf, fill, sizeof(buf));
		CHECK_EQ(v6_ip6_emit(&r, buf), V6_IP6_HLEN);
		CHECK_BYTES("ip6 emit", buf, g_ip6_hdr, 40);
		CHECK_UNTOUCHED(buf, 40, sizeof(buf), fill);
	}
	/* Flow label bits above 20 do not leak into the traffic class. */
	r.flow = 0xfff00000u | 0xabcde;
	memset(buf, 0xaa, sizeof(buf));
	v6_ip6_emit(&r, buf);
	CHECK_BYTES("ip6 emit, wide flow", buf, g_ip6_hdr, 40);
}

/* parse(emit(r)) == r for random reprs. */
TEST(ip6_emit_parse_roundtrip)
{
	uint8_t buf[40 + 300];

	for (int iter = 0; iter < 500; iter++) {
		struct v6_ip6_repr r, o;
		struct v6_ip6 v;

		memset(&r, 0, sizeof(r));
		r.tclass = (uint8_t)rnd();
		r.flow = rnd() & 0xfffff;
		r.plen = (uint16_t)(rnd() % 301);
		r.next = (uint8_t)rnd();
		r.hlim = (uint8_t)rnd();
		rnd_fill(r.src.s6_addr, 16);
		rnd_fill(r.dst.s6_addr, 16);
		v6_ip6_emit(&r, buf);
		CHECK_EQ(v6_ip6_view(&v, buf, 40 + r.plen), V6_DROP_NONE);
		CHECK_EQ(v6_ip6_parse(v, &o), V6_DROP_NONE);
		CHECK(o.tclass == r.tclass && o.flow == r.flow &&
		    o.plen == r.plen && o.next == r.next && o.hlim == r.hlim &&
		    v6_addr_eq(&o.src, &r.src) && v6_addr_eq(&o.dst, &r.dst));
	}
}

/* ---- Ethernet (RFC 2464) -------------------------------------------- */

TEST(eth_view_accessors_and_emit)
{
	static const uint8_t dst[6] = { 0x33, 0x33, 0xff, 0x00, 0x00, 0x0a };
	static const uint8_t src[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	uint8_t f[14 + 40], buf[20];
	struct v6_eth v;

	CHECK_EQ(v6_eth_view(&v, g_eth, 13), V6_DROP_ETH_TRUNCATED);
	CHECK_EQ(v6_eth_view(&v, g_eth, 0), V6_DROP_ETH_TRUNCATED);
	CHECK_EQ(v6_eth_view(&v, g_eth, 14), V6_DROP_NONE);
	CHECK_MEM(v6_eth_dst(v), dst, 6);
	CHECK_MEM(v6_eth_src(v), src, 6);
	CHECK_EQ(v6_eth_type(v), V6_ETHERTYPE_IPV6);
	CHECK_EQ(v6_eth_payload_len(v), 0);
	CHECK(v6_mac_is_group(v6_eth_dst(v)));
	CHECK(!v6_mac_is_group(v6_eth_src(v)));

	memcpy(f, g_eth, 14);
	memcpy(f + 14, g_ip6_hdr, 40);
	CHECK_EQ(v6_eth_view(&v, f, sizeof(f)), V6_DROP_NONE);
	CHECK(v6_eth_payload(v) == f + 14);
	CHECK_EQ(v6_eth_payload_len(v), 40);

	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(v6_eth_emit(buf, dst, src, V6_ETHERTYPE_IPV6), V6_ETH_HLEN);
	CHECK_BYTES("eth emit", buf, g_eth, 14);
	CHECK_UNTOUCHED(buf, 14, sizeof(buf), 0xaa);
}

/* ---- ICMPv6 header (RFC 4443 2.1) ----------------------------------- */

TEST(icmp6_view_and_emit_hdr)
{
	struct v6_icmp6 v;
	uint8_t buf[8];

	CHECK_EQ(v6_icmp6_view(&v, g_echo_req + 40, 3), V6_DROP_ICMP6_TRUNCATED);
	CHECK_EQ(v6_icmp6_view(&v, g_echo_req + 40, 4), V6_DROP_NONE);
	CHECK_EQ(v6_icmp6_type(v), V6_ICMP6_ECHO_REQUEST);
	CHECK_EQ(v6_icmp6_code(v), 0);
	/* RFC 4443 2.1: errors are types 0..127. */
	CHECK(v6_icmp6_type_is_error(V6_ICMP6_DST_UNREACH));
	CHECK(v6_icmp6_type_is_error(V6_ICMP6_PARAM_PROB));
	CHECK(v6_icmp6_type_is_error(127));
	CHECK(!v6_icmp6_type_is_error(V6_ICMP6_ECHO_REQUEST));
	CHECK(!v6_icmp6_type_is_error(V6_ICMP6_NEIGHBOR_ADVERT));
	CHECK(!v6_icmp6_type_is_error(255));

	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(v6_icmp6_emit_hdr(buf, 136, 0), V6_ICMP6_HLEN);
	CHECK_BYTES("icmp6 hdr", buf, g_na_so_tlla, 4);
	CHECK_UNTOUCHED(buf, 4, sizeof(buf), 0xaa);
}

/* ---- ND options (RFC 4861 4.6) -------------------------------------- */

TEST(ndopt_iter_normal_options)
{
	static const uint8_t mac[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t types[3] = { 1, 5, 3 };
	static const size_t lens[3] = { 8, 8, 32 }, offs[3] = { 0, 8, 16 };
	struct v6_ndopt_it it;
	struct v6_ndopt o;
	enum v6_drop why = V6_DROP_NONE;
	uint8_t got[6];

	v6_ndopt_it_init(&it, g_opts, sizeof(g_opts));
	for (int i = 0; i < 3; i++) {
		CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_OK);
		CHECK_EQ(o.type, types[i]);
		CHECK_EQ(o.len, lens[i]);
		CHECK(o.b == g_opts + offs[i]);
		if (i == 0) {
			CHECK_EQ(v6_ndopt_lladdr(&o, got), V6_DROP_NONE);
			CHECK_MEM(got, mac, 6);
		}
		if (i == 2) /* a prefix option is not a link-layer address */
			CHECK_EQ(v6_ndopt_lladdr(&o, got), V6_DROP_NDOPT_BAD_LLADDR_LEN);
	}
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_END);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_END);
	CHECK_EQ(why, V6_DROP_NONE);

	/* No options at all. */
	v6_ndopt_it_init(&it, g_opts, 0);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_END);
}

/* RFC 4861 4.6: "Nodes MUST silently discard an ND packet that contains
 * an option with length zero." */
TEST(ndopt_iter_zero_length)
{
	uint8_t b[24];
	struct v6_ndopt_it it;
	struct v6_ndopt o;
	enum v6_drop why = V6_DROP_NONE;

	memcpy(b, g_opts, 8);
	memset(b + 8, 0, 16);
	b[8] = V6_NDOPT_SLLA; /* length 0 */
	v6_ndopt_it_init(&it, b, sizeof(b));
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_OK);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_ERR);
	CHECK_EQ(why, V6_DROP_NDOPT_ZERO_LEN);

	/* A zero-length first option, followed by nothing valid. */
	why = V6_DROP_NONE;
	v6_ndopt_it_init(&it, b + 8, 16);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_ERR);
	CHECK_EQ(why, V6_DROP_NDOPT_ZERO_LEN);
}

/* RFC 4861 4.6: an option longer than what is left of the message. */
TEST(ndopt_iter_option_past_end)
{
	struct v6_ndopt_it it;
	struct v6_ndopt o;
	enum v6_drop why;

	/* The prefix option (32 bytes) cut after 24 of its bytes. */
	why = V6_DROP_NONE;
	v6_ndopt_it_init(&it, g_opts, 16 + 24);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_OK);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_OK);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_ERR);
	CHECK_EQ(why, V6_DROP_NDOPT_TRUNCATED);

	/* An 8-byte option cut after 7 bytes, and a lone type byte. */
	for (size_t len = 1; len < 8; len++) {
		why = V6_DROP_NONE;
		v6_ndopt_it_init(&it, g_opts, len);
		CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_ERR);
		CHECK_EQ(why, V6_DROP_NDOPT_TRUNCATED);
	}
	/* One whole option then a single stray byte. */
	why = V6_DROP_NONE;
	v6_ndopt_it_init(&it, g_opts, 9);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_OK);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_ERR);
	CHECK_EQ(why, V6_DROP_NDOPT_TRUNCATED);

	/* Length 255 (2040 bytes) in a 16-byte buffer. */
	uint8_t b[16] = { 99, 255 };
	why = V6_DROP_NONE;
	v6_ndopt_it_init(&it, b, sizeof(b));
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_ERR);
	CHECK_EQ(why, V6_DROP_NDOPT_TRUNCATED);
}

/* STYLE P6 / OpenBSD nd6_maxndopt: 64 options are walked, the 65th is a
 * named drop. */
TEST(ndopt_iter_too_many)
{
	static uint8_t b[65 * 8];
	struct v6_ndopt_it it;
	struct v6_ndopt o;
	enum v6_drop why = V6_DROP_NONE;
	int ok;

	for (size_t i = 0; i < 65; i++) {
		memset(b + i * 8, 0, 8);
		b[i * 8] = 99; /* unknown type: skipped, still counted */
		b[i * 8 + 1] = 1;
	}
	CHECK_EQ(V6_NDOPT_MAX, 64);

	v6_ndopt_it_init(&it, b, 64 * 8);
	for (ok = 0; v6_ndopt_next(&it, &o, &why) == V6_NDOPT_OK; ok++)
		;
	CHECK_EQ(ok, 64);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_END);

	v6_ndopt_it_init(&it, b, sizeof(b));
	enum v6_ndopt_next_result res;
	for (ok = 0; (res = v6_ndopt_next(&it, &o, &why)) == V6_NDOPT_OK; ok++)
		;
	CHECK_EQ(ok, 64);
	CHECK_EQ(res, V6_NDOPT_ERR);
	CHECK_EQ(why, V6_DROP_NDOPT_TOO_MANY);
}

/* RFC 2464 8: on Ethernet an LLA option is exactly 8 octets. */
TEST(ndopt_lladdr_wrong_length)
{
	uint8_t b[16] = { V6_NDOPT_SLLA, 2, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
	uint8_t mac[6] = { 0xee, 0xee, 0xee, 0xee, 0xee, 0xee };
	static const uint8_t untouched[6] = { 0xee, 0xee, 0xee, 0xee, 0xee, 0xee };
	struct v6_ndopt_it it;
	struct v6_ndopt o;
	enum v6_drop why = V6_DROP_NONE;

	v6_ndopt_it_init(&it, b, sizeof(b));
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_OK);
	CHECK_EQ(o.len, 16);
	CHECK_EQ(v6_ndopt_lladdr(&o, mac), V6_DROP_NDOPT_BAD_LLADDR_LEN);
	CHECK_MEM(mac, untouched, 6);
}

/* The option emitters against scapy's option bytes, every byte written. */
TEST(ndopt_emit_slla_tlla_golden)
{
	struct v6_slla s = { { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 } };
	struct v6_tlla t = { { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 } };
	uint8_t buf[12];

	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(v6_ndopt_emit_slla(buf, &s), 8);
	CHECK_BYTES("slla", buf, g_ns_slla + 24, 8);
	CHECK_EQ(buf[0], 1);
	CHECK_UNTOUCHED(buf, 8, sizeof(buf), 0xaa);

	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(v6_ndopt_emit_tlla(buf, &t), 8);
	CHECK_BYTES("tlla", buf, g_na_so_tlla + 24, 8);
	CHECK_EQ(buf[0], 2);
	CHECK_UNTOUCHED(buf, 8, sizeof(buf), 0xaa);
}

/* ---- NS / NA (RFC 4861 4.3, 4.4) ------------------------------------ */

/* The project's origin bug: an NA carrying a Source LLA option (type 1).
 * RFC 4861 4.4: the NA's option is the Target Link-Layer Address, type 2. */
TEST(ndisc_emit_na_golden_tlla_type_pinned)
{
	struct in6_addr tgt = addr("2001:db8::1");
	struct v6_tlla t = { { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 } };
	uint8_t buf[48];
	size_t n;

	memset(buf, 0xaa, sizeof(buf));
	n = v6_ndisc_emit_na(buf, &tgt, V6_NA_FLAG_SOLICITED | V6_NA_FLAG_OVERRIDE,
	    &t);
	CHECK_EQ(n, sizeof(g_na_so_tlla));
	CHECK_BYTES("NA S|O TLLA", buf, g_na_so_tlla, sizeof(g_na_so_tlla));
	CHECK_UNTOUCHED(buf, sizeof(g_na_so_tlla), sizeof(buf), 0xaa);
	/* The pin: option type byte is 2 (TLLA), never 1 (SLLA). */
	CHECK_EQ(buf[V6_NDISC_OFF_OPTS], 2);
	CHECK_EQ(buf[V6_NDISC_OFF_OPTS], V6_NDOPT_TLLA);
	CHECK(buf[V6_NDISC_OFF_OPTS] != V6_NDOPT_SLLA);
	CHECK_EQ(buf[V6_NDISC_OFF_OPTS + 1], 1);
	CHECK_EQ(buf[0], 136);

	/* Read back through the view and the iterator. */
	struct v6_icmp6 ic = { 0 };
	struct v6_nsna na = { 0 };
	struct v6_ndopt_it it;
	struct v6_ndopt o;
	enum v6_drop why = V6_DROP_NONE;
	struct in6_addr got;
	CHECK_EQ(v6_icmp6_view(&ic, buf, n), V6_DROP_NONE);
	CHECK_EQ(v6_nsna_view(&na, ic), V6_DROP_NONE);
	CHECK_EQ(v6_na_flags(na), V6_NA_FLAG_SOLICITED | V6_NA_FLAG_OVERRIDE);
	v6_nsna_target(na, &got);
	CHECK(v6_addr_eq(&got, &tgt));
	v6_nsna_options(na, &it);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_OK);
	CHECK_EQ(o.type, V6_NDOPT_TLLA);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_END);
}

/* Router flag, no TLLA; and stray low flag bits never reach the reserved
 * field (RFC 4861 4.4: "Reserved ... MUST be initialized to zero"). */
TEST(ndisc_emit_na_flags_and_reserved)
{
	struct in6_addr tgt = addr("fe80::abcd");
	uint8_t buf[40];

	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(v6_ndisc_emit_na(buf, &tgt, V6_NA_FLAG_ROUTER, NULL), 24);
	CHECK_BYTES("NA R", buf, g_na_r_notlla, 24);
	CHECK_UNTOUCHED(buf, 24, sizeof(buf), 0xaa);

	memset(buf, 0xaa, sizeof(buf));
	CHECK_EQ(v6_ndisc_emit_na(buf, &tgt, 0xff, NULL), 24);
	CHECK_EQ(buf[4], 0xe0);
	CHECK_EQ(buf[5], 0);
	CHECK_EQ(buf[6], 0);
	CHECK_EQ(buf[7], 0);
	CHECK_EQ(buf[1], 0);
	CHECK_EQ(buf[2], 0);
	CHECK_EQ(buf[3], 0);
}

/* A whole NA packet (IPv6 emit + NA emit + checksum) equals scapy's. */
TEST(ndisc_na_packet_with_checksum_golden)
{
	struct v6_tlla t = { { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 } };
	struct v6_ip6_repr r;
	uint8_t buf[80];
	size_t n;

	memset(&r, 0, sizeof(r));
	r.src = addr("2001:db8::1");
	r.dst = addr("fe80::99");
	r.next = V6_NH_ICMPV6;
	r.hlim = 255;
	memset(buf, 0xaa, sizeof(buf));
	n = v6_ndisc_emit_na(buf + 40, &r.src,
	    V6_NA_FLAG_SOLICITED | V6_NA_FLAG_OVERRIDE, &t);
	r.plen = (uint16_t)n;
	v6_ip6_emit(&r, buf);
	icmp6_csum(buf + 40, n, &r.src, &r.dst);
	CHECK_EQ(40 + n, sizeof(g_na_pkt));
	CHECK_BYTES("NA packet", buf, g_na_pkt, sizeof(g_na_pkt));
}

TEST(ndisc_emit_ns_golden)
{
	struct v6_slla s = { { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 } };
	static const uint8_t nonce1[6] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t nonce2[6] = { 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6 };
	struct in6_addr t1 = addr("2001:db8::1"), t2 = addr("fe80::1:2");
	uint8_t buf[56];
	size_t n;

	memset(buf, 0xaa, sizeof(buf));
	n = v6_ndisc_emit_ns(buf, &t1, NULL, NULL);
	CHECK_EQ(n, sizeof(g_ns_plain));
	CHECK_BYTES("NS plain", buf, g_ns_plain, sizeof(g_ns_plain));
	CHECK_UNTOUCHED(buf, n, sizeof(buf), 0xaa);

	memset(buf, 0xaa, sizeof(buf));
	n = v6_ndisc_emit_ns(buf, &t1, &s, NULL);
	CHECK_EQ(n, sizeof(g_ns_slla));
	CHECK_BYTES("NS SLLA", buf, g_ns_slla, sizeof(g_ns_slla));
	CHECK_EQ(buf[V6_NDISC_OFF_OPTS], V6_NDOPT_SLLA);
	CHECK_UNTOUCHED(buf, n, sizeof(buf), 0xaa);

	/* RFC 7527: DAD probe from ::, nonce and no SLLA. */
	memset(buf, 0xaa, sizeof(buf));
	n = v6_ndisc_emit_ns(buf, &t2, NULL, nonce1);
	CHECK_EQ(n, sizeof(g_ns_nonce));
	CHECK_BYTES("NS nonce", buf, g_ns_nonce, sizeof(g_ns_nonce));
	CHECK_EQ(buf[V6_NDISC_OFF_OPTS], 14);
	CHECK_UNTOUCHED(buf, n, sizeof(buf), 0xaa);

	memset(buf, 0xaa, sizeof(buf));
	n = v6_ndisc_emit_ns(buf, &t2, &s, nonce2);
	CHECK_EQ(n, sizeof(g_ns_slla_nonce));
	CHECK_BYTES("NS SLLA+nonce", buf, g_ns_slla_nonce, sizeof(g_ns_slla_nonce));
	CHECK_UNTOUCHED(buf, n, sizeof(buf), 0xaa);
}

/* A whole NS packet equals scapy's, checksum included; and the view reads
 * it back. */
TEST(ndisc_ns_packet_with_checksum_golden)
{
	struct v6_slla s = { { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 } };
	struct in6_addr tgt = addr("fe80::2"), got;
	struct v6_ip6_repr r;
	uint8_t buf[80];
	size_t n;

	memset(&r, 0, sizeof(r));
	r.src = addr("fe80::211:22ff:fe33:4455");
	v6_addr_solicited_node(&r.dst, &tgt);
	r.next = V6_NH_ICMPV6;
	r.hlim = 255;
	memset(buf, 0xaa, sizeof(buf));
	n = v6_ndisc_emit_ns(buf + 40, &tgt, &s, NULL);
	r.plen = (uint16_t)n;
	v6_ip6_emit(&r, buf);
	icmp6_csum(buf + 40, n, &r.src, &r.dst);
	CHECK_EQ(40 + n, sizeof(g_ns_pkt));
	CHECK_BYTES("NS packet", buf, g_ns_pkt, sizeof(g_ns_pkt));

	struct v6_icmp6 ic = { 0 };
	struct v6_nsna ns = { 0 };
	struct v6_ndopt_it it;
	struct v6_ndopt o;
	enum v6_drop why = V6_DROP_NONE;
	uint8_t mac[6];
	CHECK_EQ(v6_icmp6_view(&ic, g_ns_pkt + 40, 23), V6_DROP_NONE);
	CHECK_EQ(v6_nsna_view(&ns, ic), V6_DROP_NDISC_TRUNCATED);
	CHECK_EQ(v6_icmp6_view(&ic, g_ns_pkt + 40, 32), V6_DROP_NONE);
	CHECK_EQ(v6_nsna_view(&ns, ic), V6_DROP_NONE);
	v6_nsna_target(ns, &got);
	CHECK(v6_addr_eq(&got, &tgt));
	v6_nsna_options(ns, &it);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_OK);
	CHECK_EQ(o.type, V6_NDOPT_SLLA);
	CHECK_EQ(v6_ndopt_lladdr(&o, mac), V6_DROP_NONE);
	CHECK_MEM(mac, s.mac, 6);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_END);
}

/* ---- addresses (RFC 4291, RFC 2464 7) -------------------------------- */

TEST(addr_solicited_node_and_mcast_mac_vs_scapy)
{
	struct in6_addr a = addr("2001:db8::1:2345:6789"), s;
	uint8_t mac[6];

	memset(&s, 0x77, sizeof(s));
	v6_addr_solicited_node(&s, &a);
	CHECK_MEM(s.s6_addr, g_snm1, 16);
	CHECK(v6_addr_is_solicited_node(&s));
	CHECK(v6_addr_is_multicast(&s));
	CHECK_EQ(v6_mcast_scope(&s), 2);
	v6_mcast_to_mac(mac, &s);
	CHECK_MEM(mac, g_snm1_mac, 6);

	a = addr("fe80::211:22ff:fe33:4455");
	v6_addr_solicited_node(&s, &a);
	CHECK_MEM(s.s6_addr, g_snm2, 16);
	a = addr("fe80::2"); /* the NS target of g_ns_pkt, sent to its group */
	v6_addr_solicited_node(&s, &a);
	CHECK_MEM(s.s6_addr, g_ns_pkt + 24, 16);

	v6_mcast_to_mac(mac, &v6_addr_all_nodes);
	CHECK_MEM(mac, g_allnodes_mac, 6);
	a = addr("ff05::1:3");
	v6_mcast_to_mac(mac, &a);
	CHECK_MEM(mac, g_ff05_mac, 6);
	a = addr("ff02::1:ff00:a");
	v6_mcast_to_mac(mac, &a);
	CHECK_MEM(mac, g_eth, 6);

	CHECK(!v6_addr_is_solicited_node(&v6_addr_all_nodes));
	a = addr("ff02::1:fe00:a"); /* one bit off the prefix */
	CHECK(!v6_addr_is_solicited_node(&a));
	a = addr("ff05::1:ff00:a"); /* wrong scope */
	CHECK(!v6_addr_is_solicited_node(&a));
}

TEST(addr_predicates)
{
	static const struct {
		const char *a;
		bool mc, unspec, lo, v4m, ll;
		unsigned scope;
	} tab[] = {
		{ "::", false, true, false, false, false, 0 },
		{ "::1", false, false, true, false, false, 0 },
		{ "::2", false, false, false, false, false, 0 },
		{ "::ffff:192.0.2.1", false, false, false, true, false, 0 },
		{ "::fffe:192.0.2.1", false, false, false, false, false, 0 },
		{ "fe80::1", false, false, false, false, true, 0 },
		{ "febf:ffff::1", false, false, false, false, true, 0 },
		{ "fec0::1", false, false, false, false, false, 0 },
		{ "fe7f::1", false, false, false, false, false, 0 },
		{ "2001:db8::1", false, false, false, false, false, 0 },
		{ "ff02::1", true, false, false, false, false, 2 },
		{ "ff01::1", true, false, false, false, false, 1 },
		{ "ff05::2", true, false, false, false, false, 5 },
		{ "ff0e::1", true, false, false, false, false, 14 },
		{ "ff30::1", true, false, false, false, false, 0 },
		{ "fe80::ff02:1", false, false, false, false, true, 0 },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		struct in6_addr a = addr(tab[i].a);
		if (v6_addr_is_multicast(&a) != tab[i].mc ||
		    v6_addr_is_unspecified(&a) != tab[i].unspec ||
		    v6_addr_is_loopback(&a) != tab[i].lo ||
		    v6_addr_is_v4mapped(&a) != tab[i].v4m ||
		    v6_addr_is_linklocal(&a) != tab[i].ll ||
		    (tab[i].mc && v6_mcast_scope(&a) != tab[i].scope))
			t_fail(__FILE__, __LINE__, "predicates wrong for %s", tab[i].a);
	}
	CHECK(v6_addr_eq(&v6_addr_all_nodes, &(struct in6_addr){ .s6_addr = { 0xff, 0x02, [15] = 1 } }));
	struct in6_addr r = addr("ff02::2"), m = addr("ff02::16");
	CHECK(v6_addr_eq(&v6_addr_all_routers, &r));
	CHECK(v6_addr_eq(&v6_addr_all_mldv2_routers, &m));
	CHECK(!v6_addr_eq(&v6_addr_all_nodes, &r));
}

TEST(addr_parse_and_fmt)
{
	struct in6_addr a;
	char buf[46];

	CHECK_EQ(v6_addr_parse("2001:db8:1:2::a", &a), 0);
	CHECK_MEM(a.s6_addr, g_ip6_hdr + 8, 16);
	CHECK_EQ(v6_addr_parse("ff02::1:ff00:a", &a), 0);
	CHECK_MEM(a.s6_addr, g_ip6_hdr + 24, 16);
	CHECK_EQ(v6_addr_parse("::", &a), 0);
	CHECK(v6_addr_is_unspecified(&a));
	CHECK_EQ(v6_addr_parse("", &a), -1);
	CHECK_EQ(v6_addr_parse("2001:db8::1::2", &a), -1);
	CHECK_EQ(v6_addr_parse("2001:db8::g", &a), -1);
	CHECK_EQ(v6_addr_parse("192.0.2.1", &a), -1);
	CHECK_EQ(v6_addr_parse("1:2:3:4:5:6:7:8:9", &a), -1);
	CHECK_EQ(v6_addr_parse("fe80::1%eth0", &a), -1);

	/* RFC 5952: lower case, longest zero run compressed. */
	a = addr("2001:0DB8:0000:0000:0000:0000:0000:0001");
	CHECK_STR(v6_addr_fmt(&a, buf, sizeof(buf)), "2001:db8::1");
	a = addr("2001:db8:0:1:0:0:0:1");
	CHECK_STR(v6_addr_fmt(&a, buf, sizeof(buf)), "2001:db8:0:1::1");
	CHECK_STR(v6_addr_fmt(&v6_addr_all_nodes, buf, sizeof(buf)), "ff02::1");
	CHECK_STR(v6_addr_fmt(&v6_addr_all_nodes, buf, 4), "?");
}

TEST(mac_parse_and_fmt)
{
	uint8_t mac[6];
	static const uint8_t want[6] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t want2[6] = { 0x02, 0x00, 0x5e, 0x10, 0x20, 0x30 };
	char buf[18];

	CHECK_EQ(v6_mac_parse("00:11:22:33:44:55", mac), 0);
	CHECK_MEM(mac, want, 6);
	CHECK_EQ(v6_mac_parse("02:00:5E:10:20:30", mac), 0);
	CHECK_MEM(mac, want2, 6);
	CHECK_EQ(v6_mac_parse("2:0:5e:10:20:30", mac), 0);
	CHECK_MEM(mac, want2, 6);
	CHECK_EQ(v6_mac_parse("", mac), -1);
	CHECK_EQ(v6_mac_parse("00:11:22:33:44", mac), -1);
	CHECK_EQ(v6_mac_parse("00:11:22:33:44:55:66", mac), -1);
	CHECK_EQ(v6_mac_parse("00:11:22:33:44:55x", mac), -1);
	CHECK_EQ(v6_mac_parse("00:11:22:33:44:100", mac), -1);
	CHECK_EQ(v6_mac_parse("00:11:22:33:44:-1", mac), -1);
	CHECK_EQ(v6_mac_parse("00-11-22-33-44-55", mac), -1);
	CHECK_EQ(v6_mac_parse("zz:11:22:33:44:55", mac), -1);

	CHECK_STR(v6_mac_fmt(want2, buf, sizeof(buf)), "02:00:5e:10:20:30");
}

/* RFC 2711, RFC 3810 5: the Hop-by-Hop header MLD carries equals scapy's
 * IPv6ExtHdrHopByHop(nh=58, options=[RouterAlert(value=0)]). */
TEST(hbh_router_alert_matches_scapy)
{
	static const uint8_t want[8] = { 0x3a, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00 };
	uint8_t buf[8];

	CHECK_EQ(v6_hbh_rtalert_emit(buf, sizeof(buf), 58, 0), 8);
	CHECK_MEM(buf, want, 8);
	CHECK_EQ(v6_hbh_rtalert_emit(buf, 7, 58, 0), 0);
}

/* MLDv2 Report (RFC 3810 5.2) with two records, golden bytes from scapy:
 * ICMPv6MLReport2(cksum=0, records=[ICMPv6MLDMultAddrRec(rtype=4,
 * dst='ff02::1:ff00:1'), ICMPv6MLDMultAddrRec(rtype=3, dst='ff05::2')]). */
TEST(mld2_report_emit_golden)
{
	static const uint8_t want[48] = {
		0x8f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x04, 0x00, 0x00, 0x00,
		0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		0xff, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, 0xff, 0x05, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	};
	uint8_t buf[64];
	struct in6_addr g1, g2;
	size_t n;

	inet_pton(AF_INET6, "ff02::1:ff00:1", &g1);
	inet_pton(AF_INET6, "ff05::2", &g2);
	memset(buf, 0xaa, sizeof(buf));
	n = v6_mld2_report_emit(buf, 2);
	n += v6_mld2_record_emit(buf + n, V6_MLD2_CHANGE_TO_EXCLUDE, &g1);
	n += v6_mld2_record_emit(buf + n, V6_MLD2_CHANGE_TO_INCLUDE, &g2);
	CHECK_EQ(n, sizeof(want));
	CHECK_MEM(buf, want, sizeof(want));
}

/* MLDv1 Report and Done (RFC 2710 3), golden bytes from scapy
 * ICMPv6MLReport / ICMPv6MLDone(cksum=0, mladdr='ff02::1:ff00:1'). */
TEST(mld1_report_done_emit_golden)
{
	static const uint8_t want[24] = {
		0x83, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x02, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x00, 0x00, 0x01,
	};
	uint8_t buf[24];
	struct in6_addr g;

	inet_pton(AF_INET6, "ff02::1:ff00:1", &g);
	CHECK_EQ(v6_mld1_emit(buf, V6_ICMP6_MLD1_REPORT, &g), 24);
	CHECK_MEM(buf, want, 24);
	CHECK_EQ(v6_mld1_emit(buf, V6_ICMP6_MLD1_DONE, &g), 24);
	CHECK_EQ(buf[0], 0x84);
	CHECK_MEM(buf + 1, want + 1, 23);
}

/* RFC 3810 5.1.3 and 5.1.9: the exponential codes. */
TEST(mld_mrc_qqic_decoding)
{
	CHECK_EQ(v6_mld_mrc_to_ms(0), 0);
	CHECK_EQ(v6_mld_mrc_to_ms(10000), 10000);
	CHECK_EQ(v6_mld_mrc_to_ms(32767), 32767);
	CHECK_EQ(v6_mld_mrc_to_ms(0x8000), 0x1000 << 3);         /* 32768 */
	CHECK_EQ(v6_mld_mrc_to_ms(0xa100), 0x1100 << 5);         /* 139264 */
	CHECK_EQ(v6_mld_mrc_to_ms(0xffff), (uint32_t)0x1fff << 10); /* 8387584 */
	CHECK_EQ(v6_mld_qqic_to_s(125), 125);
	CHECK_EQ(v6_mld_qqic_to_s(0x80), 0x10 << 3);             /* 128 */
	CHECK_EQ(v6_mld_qqic_to_s(0xff), 0x1f << 10);            /* 31744 */
}

/* RFC 3810 8.1: 24 bytes is v1, 28+ v2, 25-27 invalid; sources must fit. */
TEST(mld_query_view_lengths)
{
	uint8_t q[64] = { 130 };
	struct v6_mld_query v;

	CHECK_EQ(v6_mld_query_view(&v, q, 23), V6_DROP_MLD_TRUNCATED);
	CHECK_EQ(v6_mld_query_view(&v, q, 24), V6_DROP_NONE);
	CHECK(!v.v2);
	for (size_t n = 25; n < 28; n++)
		CHECK_EQ(v6_mld_query_view(&v, q, n), V6_DROP_MLD_QUERY_BAD_LEN);
	CHECK_EQ(v6_mld_query_view(&v, q, 28), V6_DROP_NONE);
	CHECK(v.v2);
	q[27] = 2; /* two sources: 28 + 32 */
	CHECK_EQ(v6_mld_query_view(&v, q, 59), V6_DROP_MLD_QUERY_TRUNCATED);
	CHECK_EQ(v6_mld_query_view(&v, q, 60), V6_DROP_NONE);
	CHECK_EQ(v6_mld_query_nsrc(v), 2);
}

/*
 * scapy: IPv6ExtHdrFragment(nh=58, offset=0, m=1, id=0x12345678) and
 * IPv6ExtHdrFragment(nh=17, offset=1448 // 8, m=0, id=0xdeadbeef).
 */
TEST(frag_emit_and_view_match_scapy)
{
	static const uint8_t g1[8] = { 0x3a, 0x00, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78 };
	static const uint8_t g2[8] = { 0x11, 0x00, 0x05, 0xa8, 0xde, 0xad, 0xbe, 0xef };
	uint8_t buf[8];
	struct v6_frag v;

	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(v6_frag_emit(buf, 58, 0, true, 0x12345678), 8);
	CHECK_MEM(buf, g1, 8);
	CHECK_EQ(v6_frag_emit(buf, 17, 1448, false, 0xdeadbeef), 8);
	CHECK_MEM(buf, g2, 8);
	CHECK_EQ(v6_frag_view(&v, g2, 8), V6_DROP_NONE);
	CHECK_EQ(v6_frag_next(v), 17);
	CHECK_EQ(v6_frag_offset(v), 1448);
	CHECK(!v6_frag_more(v));
	CHECK_EQ(v6_frag_ident(v), 0xdeadbeef);
	CHECK_EQ(v6_frag_view(&v, g1, 8), V6_DROP_NONE);
	CHECK(v6_frag_more(v));
	CHECK_EQ(v6_frag_view(&v, g1, 7), V6_DROP_EXTHDR_TRUNCATED);
}

/* The chain walk past a Fragment header: a first fragment (offset 0,
 * M=1) is marked, an atomic fragment (M=0) is not, a later fragment stops
 * the walk. Here IPv6 / Fragment / Destination Options (8) / ICMPv6,
 * the ICMPv6 header cut off. */
TEST(exthdr_skip_marks_a_first_fragment)
{
	uint8_t p[40 + 8 + 8];
	struct v6_exthdr_end end;

	memset(p, 0, sizeof(p));
	p[0] = 0x60;
	p[6] = 44;
	CHECK_EQ(v6_frag_emit(p + 40, 60, 0, true, 1), 8);
	p[48] = 58; /* Destination Options, 8 bytes of padding */
	p[50] = 1;
	p[51] = 4;
	CHECK_EQ(v6_exthdr_skip(p, sizeof(p), &end), V6_DROP_NONE);
	CHECK_EQ(end.next, 58);
	CHECK_EQ(end.off, 56);
	CHECK(end.frag_first);
	CHECK(!end.frag_nonfirst);
	CHECK_EQ(v6_frag_emit(p + 40, 60, 0, false, 1), 8);
	CHECK_EQ(v6_exthdr_skip(p, sizeof(p), &end), V6_DROP_NONE);
	CHECK(!end.frag_first);
	CHECK_EQ(v6_frag_emit(p + 40, 60, 8, true, 1), 8);
	CHECK_EQ(v6_exthdr_skip(p, sizeof(p), &end), V6_DROP_NONE);
	CHECK(!end.frag_first);
	CHECK(end.frag_nonfirst);
	CHECK_EQ(end.next, 44);
}

/*
 * scapy: IPv6ExtHdrDestOpt(nh=58, options=[Pad1(), HBHOptUnknown(otype=0x9e,
 * optdata=b"\xab"), PadN(optdata=b"")]): Pad1 at 2, the option at 3, PadN
 * at 6.
 */
TEST(tlv_walk_matches_scapy_layout)
{
	static const uint8_t g[8] = { 0x3a, 0x00, 0x00, 0x9e, 0x01, 0xab, 0x01, 0x00 };
	struct v6_ext e;
	struct v6_tlv_it it;
	struct v6_tlv o;

	CHECK_EQ(v6_ext_view(&e, g, 8), V6_DROP_NONE);
	CHECK_EQ(e.len, 8);
	CHECK_EQ(v6_ext_next(e), 58);
	v6_tlv_begin(&it, e);
	CHECK_EQ(v6_tlv_next(&it, &o), V6_DROP_NONE);
	CHECK_EQ(o.type, V6_OPT_PAD1);
	CHECK_EQ(o.off, 2);
	CHECK_EQ(o.total, 1);
	CHECK_EQ(v6_tlv_next(&it, &o), V6_DROP_NONE);
	CHECK_EQ(o.type, 0x9e);
	CHECK_EQ(o.off, 3);
	CHECK_EQ(o.data_len, 1);
	CHECK_EQ(o.data[0], 0xab);
	CHECK_EQ(v6_opt_action(o.type), V6_OPT_ACT_ICMP);
	CHECK_EQ(v6_tlv_next(&it, &o), V6_DROP_NONE);
	CHECK_EQ(o.type, V6_OPT_PADN);
	CHECK_EQ(o.off, 6);
	CHECK_EQ(o.total, 2);
	CHECK(v6_tlv_done(&it));
	/* An option running past the end, and a header past the packet. */
	{
		static const uint8_t bad[8] = { 0x3a, 0, 0x1e, 5, 0, 0, 0, 0 };
		CHECK_EQ(v6_ext_view(&e, bad, 8), V6_DROP_NONE);
		v6_tlv_begin(&it, e);
		CHECK_EQ(v6_tlv_next(&it, &o), V6_DROP_EXTHDR_OPT_TRUNCATED);
		CHECK_EQ(v6_ext_view(&e, g, 7), V6_DROP_EXTHDR_TRUNCATED);
	}
}

T_MAIN()
