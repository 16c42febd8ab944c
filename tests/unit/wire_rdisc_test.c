/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * src/wire/rdisc.[ch] against golden bytes made by scapy 2.x
 * (ICMPv6ND_RS/RA/Redirect and ICMPv6NDOpt* with the fields named in each
 * test): the RS emitter byte for byte, the views' accessors, each option
 * parser, and the lengths RFC 4861 4.6.2-4.6.4, RFC 4191 2.3 and RFC 8106
 * 5 fix.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "lib/t.h"
#include "wire/rdisc.h"

static struct in6_addr
A(const char *s)
{
	struct in6_addr a;
	if (inet_pton(AF_INET6, s, &a) != 1)
		abort();
	return a;
}

static struct v6_ndopt
opt(const uint8_t *b, size_t len)
{
	struct v6_ndopt o = { b[0], b, len };
	return o;
}

/* ICMPv6ND_RS()/ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01") */
TEST(rs_emit_matches_scapy)
{
	static const uint8_t want[] = { 0x85, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x01, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	struct v6_slla s = { { 2, 0, 0, 0, 0, 1 } };
	uint8_t buf[32];

	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(v6_rdisc_emit_rs(buf, &s), sizeof(want));
	CHECK_MEM(buf, want, sizeof(want));
	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(v6_rdisc_emit_rs(buf, NULL), 8);
	CHECK_MEM(buf, want, 8);
}

/* ICMPv6ND_RA(chlim=64, M=1, prf=3, routerlifetime=1800,
 * reachabletime=30000, retranstimer=1000) */
TEST(ra_view_matches_scapy)
{
	static const uint8_t b[] = { 0x86, 0x00, 0x00, 0x00, 0x40, 0x98, 0x07,
		0x08, 0x00, 0x00, 0x75, 0x30, 0x00, 0x00, 0x03, 0xe8 };
	struct v6_icmp6 icmp = { b, sizeof(b) };
	struct v6_ra ra;
	struct v6_ndopt_it it;
	struct v6_ndopt o;
	enum v6_drop why;

	CHECK_EQ(v6_ra_view(&ra, icmp), V6_DROP_NONE);
	CHECK_EQ(v6_ra_cur_hlim(ra), 64);
	CHECK_EQ(v6_ra_flags(ra) & V6_RA_FLAG_MANAGED, V6_RA_FLAG_MANAGED);
	CHECK_EQ(v6_ra_pref(ra), -1); /* prf 3 = low (RFC 4191 2.1) */
	CHECK_EQ(v6_ra_lifetime_s(ra), 1800);
	CHECK_EQ(v6_ra_reachable_ms(ra), 30000);
	CHECK_EQ(v6_ra_retrans_ms(ra), 1000);
	v6_ra_options(ra, &it);
	CHECK_EQ(v6_ndopt_next(&it, &o, &why), V6_NDOPT_END);
	icmp.len = 15;
	CHECK_EQ(v6_ra_view(&ra, icmp), V6_DROP_RA_TRUNCATED);
	CHECK_EQ(v6_rtr_pref_decode(2), V6_RTR_PREF_RESERVED);
	CHECK_EQ(v6_rtr_pref_decode(1), 1);
	CHECK_EQ(v6_rtr_pref_decode(0), 0);
}

/* ICMPv6ND_Redirect(tgt="fe80::1", dst="2001:db8::9") */
TEST(redirect_view_matches_scapy)
{
	static const uint8_t b[] = { 0x89, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09 };
	struct v6_icmp6 icmp = { b, sizeof(b) };
	struct v6_redirect rd;
	struct in6_addr t, d, wt = A("fe80::1"), wd = A("2001:db8::9");

	CHECK_EQ(v6_redirect_view(&rd, icmp), V6_DROP_NONE);
	v6_redirect_target(rd, &t);
	v6_redirect_dest(rd, &d);
	CHECK_MEM(&t, &wt, 16);
	CHECK_MEM(&d, &wd, 16);
	icmp.len = 39;
	CHECK_EQ(v6_redirect_view(&rd, icmp), V6_DROP_REDIRECT_TRUNCATED);
}

/* ICMPv6NDOptPrefixInfo(prefix="2001:db8:aa::", prefixlen=64, L=1, A=0,
 * validlifetime=3600, preferredlifetime=1800) */
TEST(prefix_option_matches_scapy)
{
	static const uint8_t b[] = { 0x03, 0x04, 0x40, 0x80, 0x00, 0x00, 0x0e,
		0x10, 0x00, 0x00, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00, 0x20, 0x01,
		0x0d, 0xb8, 0x00, 0xaa, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00 };
	struct v6_ndopt o = opt(b, sizeof(b));
	struct v6_ndopt_prefix p;
	struct in6_addr want = A("2001:db8:aa::");

	CHECK_EQ(v6_ndopt_prefix_parse(&o, &p), V6_DROP_NONE);
	CHECK_EQ(p.plen, 64);
	CHECK_EQ(p.flags, V6_PI_FLAG_ONLINK);
	CHECK_EQ(p.valid_s, 3600);
	CHECK_EQ(p.preferred_s, 1800);
	CHECK_MEM(&p.prefix, &want, 16);
	o.len = 24; /* RFC 4861 4.6.2: length 4 exactly */
	CHECK_EQ(v6_ndopt_prefix_parse(&o, &p), V6_DROP_NDOPT_BAD_PREFIX_LEN);
}

/* ICMPv6NDOptMTU(mtu=1400) */
TEST(mtu_option_matches_scapy)
{
	static const uint8_t b[] = { 0x05, 0x01, 0x00, 0x00, 0x00, 0x00, 0x05, 0x78 };
	struct v6_ndopt o = opt(b, sizeof(b));
	uint32_t mtu = 0;

	CHECK_EQ(v6_ndopt_mtu_parse(&o, &mtu), V6_DROP_NONE);
	CHECK_EQ(mtu, 1400);
	o.len = 16;
	CHECK_EQ(v6_ndopt_mtu_parse(&o, &mtu), V6_DROP_NDOPT_BAD_MTU_LEN);
}

/* ICMPv6NDOptRouteInfo(prefix="2001:db8:77::", plen=48, prf=3,
 * rtlifetime=600) and (prefix="::", plen=0, prf=1, rtlifetime=1800) */
TEST(route_info_option_matches_scapy)
{
	static const uint8_t b[] = { 0x18, 0x03, 0x30, 0x18, 0x00, 0x00, 0x02,
		0x58, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x77, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
	static const uint8_t b0[] = { 0x18, 0x03, 0x00, 0x08, 0x00, 0x00, 0x07,
		0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
	/* a /48 in a length-2 option, with a stray bit past the prefix */
	static const uint8_t b2[] = { 0x18, 0x02, 0x30, 0x00, 0x00, 0x00, 0x00,
		0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x77, 0x80, 0x00 };
	/* a /96 cannot fit a length-2 option */
	static const uint8_t bad[] = { 0x18, 0x02, 0x60, 0x00, 0x00, 0x00, 0x00,
		0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x77, 0x00, 0x00 };
	struct v6_ndopt o = opt(b, sizeof(b));
	struct v6_ndopt_rio r;
	struct in6_addr want = A("2001:db8:77::"), zero = A("::");

	CHECK_EQ(v6_ndopt_rio_parse(&o, &r), V6_DROP_NONE);
	CHECK_EQ(r.plen, 48);
	CHECK_EQ(r.pref, -1);
	CHECK_EQ(r.lifetime_s, 600);
	CHECK_MEM(&r.prefix, &want, 16);
	o = opt(b0, sizeof(b0));
	CHECK_EQ(v6_ndopt_rio_parse(&o, &r), V6_DROP_NONE);
	CHECK_EQ(r.plen, 0);
	CHECK_EQ(r.pref, 1);
	CHECK_EQ(r.lifetime_s, 1800);
	CHECK_MEM(&r.prefix, &zero, 16);
	o = opt(b2, sizeof(b2));
	CHECK_EQ(v6_ndopt_rio_parse(&o, &r), V6_DROP_NONE);
	CHECK_MEM(&r.prefix, &want, 16);
	o = opt(bad, sizeof(bad));
	CHECK_EQ(v6_ndopt_rio_parse(&o, &r), V6_DROP_NDOPT_BAD_RIO_LEN);
}

/* ICMPv6NDOptRDNSS(dns=["2001:db8::53", "2001:db8::54"], lifetime=60) */
TEST(rdnss_option_matches_scapy)
{
	static const uint8_t b[] = { 0x19, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x3c, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x53, 0x20, 0x01, 0x0d, 0xb8, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x54 };
	struct v6_ndopt o = opt(b, sizeof(b));
	struct v6_ndopt_rdnss r;
	struct in6_addr a0 = A("2001:db8::53"), a1 = A("2001:db8::54");

	CHECK_EQ(v6_ndopt_rdnss_parse(&o, &r), V6_DROP_NONE);
	CHECK_EQ(r.lifetime_s, 60);
	CHECK_EQ(r.n, 2);
	CHECK_MEM(&r.addr[0], &a0, 16);
	CHECK_MEM(&r.addr[1], &a1, 16);
	o.len = 32; /* 3 + 2n: 4 units is not a whole number of addresses */
	CHECK_EQ(v6_ndopt_rdnss_parse(&o, &r), V6_DROP_NDOPT_BAD_RDNSS_LEN);
	o.len = 16;
	CHECK_EQ(v6_ndopt_rdnss_parse(&o, &r), V6_DROP_NDOPT_BAD_RDNSS_LEN);
}

/* ICMPv6NDOptDNSSL(searchlist=["example.org.", "lab.example.net."],
 * lifetime=120) */
TEST(dnssl_option_matches_scapy)
{
	static const uint8_t b[] = { 0x1f, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x78, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x6f,
		0x72, 0x67, 0x00, 0x03, 0x6c, 0x61, 0x62, 0x07, 0x65, 0x78, 0x61,
		0x6d, 0x70, 0x6c, 0x65, 0x03, 0x6e, 0x65, 0x74, 0x00, 0x00, 0x00 };
	struct v6_ndopt o = opt(b, sizeof(b));
	struct v6_ndopt_dnssl d;
	uint8_t broken[sizeof(b)];

	CHECK_EQ(v6_ndopt_dnssl_parse(&o, &d), V6_DROP_NONE);
	CHECK_EQ(d.lifetime_s, 120);
	CHECK_EQ(d.n, 2);
	CHECK_STR(d.text, "example.org");
	CHECK_STR(d.text + strlen(d.text) + 1, "lab.example.net");
	/* a label running past the option */
	memcpy(broken, b, sizeof(b));
	broken[21] = 40;
	o = opt(broken, sizeof(broken));
	CHECK_EQ(v6_ndopt_dnssl_parse(&o, &d), V6_DROP_NDOPT_BAD_DNSSL_NAME);
	o = opt(b, 8);
	CHECK_EQ(v6_ndopt_dnssl_parse(&o, &d), V6_DROP_NDOPT_BAD_DNSSL_LEN);
}

/* ICMPv6ND_Redirect(cksum=0, tgt="fe80::3", dst="2001:db8:99::7")/
 * ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:03")/
 * ICMPv6NDOptRedirectedHdr(pkt=bytes(range(0x60, 0x70))) */
TEST(redirect_emit_matches_scapy)
{
	static const uint8_t want[] = { 0x89, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x20, 0x01,
		0x0d, 0xb8, 0x00, 0x99, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x07, 0x02, 0x01, 0x02, 0x00, 0x00, 0x00,
		0x00, 0x03, 0x04, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
		0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f };
	struct in6_addr t = A("fe80::3"), d = A("2001:db8:99::7");
	struct v6_tlla tl = { { 2, 0, 0, 0, 0, 3 } };
	uint8_t pkt[16], buf[96];

	for (int i = 0; i < 16; i++)
		pkt[i] = (uint8_t)(0x60 + i);
	memset(buf, 0xee, sizeof(buf));
	CHECK_EQ(v6_rdisc_emit_redirect(buf, &t, &d, &tl, pkt, 16), sizeof(want));
	CHECK_EQ(memcmp(buf, want, sizeof(want)), 0);
	CHECK_EQ(buf[sizeof(want)], 0xee);
	/* neither option: the 40-octet message alone */
	CHECK_EQ(v6_rdisc_emit_redirect(buf, &t, &d, NULL, NULL, 0), 40);
	CHECK_EQ(memcmp(buf, want, 40), 0);
}

T_MAIN()
