/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Checkers for transmitted frames. See check.h.
 */
#include "check.h"

#include <string.h>

#include "build.h"
#include "t.h"

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

int
c_parse(struct c_pkt *p, const uint8_t *frame, size_t len)
{
	const uint8_t *ip;

	memset(p, 0, sizeof(*p));
	p->frame = frame;
	p->len = len;
	if (len < B_ETH_HLEN)
		return -1;
	memcpy(p->eth_dst, frame, 6);
	memcpy(p->eth_src, frame + 6, 6);
	p->ethertype = rd16(frame + 12);
	if (p->ethertype != B_ETHERTYPE_IPV6 || len < B_ETH_HLEN + B_IP6_HLEN)
		return -1;
	ip = frame + B_ETH_HLEN;
	p->has_ip6 = 1;
	p->version = ip[0] >> 4;
	p->tclass = (uint8_t)((ip[0] & 0x0f) << 4 | ip[1] >> 4);
	p->flow = (uint32_t)(ip[1] & 0x0f) << 16 | (uint32_t)ip[2] << 8 | ip[3];
	p->plen = rd16(ip + 4);
	p->next = ip[6];
	p->hlim = ip[7];
	memcpy(p->src.s6_addr, ip + 8, 16);
	memcpy(p->dst.s6_addr, ip + 24, 16);
	p->pl = ip + B_IP6_HLEN;
	p->pl_len = len - B_ETH_HLEN - B_IP6_HLEN;
	if (p->plen <= p->pl_len) {
		p->trailing = p->pl_len - p->plen;
		p->pl_len = p->plen;
	}
	if (p->next == B_PROTO_ICMPV6 && p->pl_len >= 4) {
		p->has_icmp6 = 1;
		p->type = p->pl[0];
		p->code = p->pl[1];
		/* Summing over the sent checksum gives 0 when it is right. */
		p->csum_ok = p->plen == p->pl_len &&
		    b_csum6(&p->src, &p->dst, B_PROTO_ICMPV6, p->pl,
			p->pl_len) == 0;
	}
	return 0;
}

int
c_nd_opts(const uint8_t *b, size_t len, struct c_opt *out, int max)
{
	size_t off = 0;
	int n = 0;

	while (off < len) {
		size_t olen;

		if (len - off < 2 || b[off + 1] == 0)
			return -1;
		olen = (size_t)b[off + 1] * 8;
		if (olen > len - off)
			return -1;
		if (n < max) {
			out[n].type = b[off];
			out[n].len = b[off + 1];
			out[n].data = b + off;
		}
		n++;
		off += olen;
	}
	return n < max ? n : max;
}

int
c_na_flags(const struct c_pkt *p)
{
	if (!p->has_icmp6 || p->type != B_ND_NEIGHBOR_ADVERT || p->pl_len < 24)
		return -1;
	return p->pl[4];
}

static const char *
mac_str(const uint8_t m[6], char buf[18])
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 0; i < 6; i++) {
		buf[i * 3] = hex[m[i] >> 4];
		buf[i * 3 + 1] = hex[m[i] & 15];
		buf[i * 3 + 2] = i == 5 ? '\0' : ':';
	}
	return buf;
}

static void
dump(const struct c_pkt *p)
{
	b_hexdump("frame", p->frame, p->len);
}

int
c_check_parse(const char *file, int line, struct c_pkt *p,
    const uint8_t *frame, size_t len)
{
	if (c_parse(p, frame, len) == 0)
		return 0;
	t_fail(file, line, "not an Ethernet+IPv6 frame (%zu bytes)", len);
	b_hexdump("frame", frame, len);
	return -1;
}

int
c_check_eth(const char *file, int line, const struct c_pkt *p,
    const uint8_t dst[6], const uint8_t src[6])
{
	char a[18], b[18];
	int bad = 0;

	if (memcmp(p->eth_dst, dst, 6) != 0) {
		t_fail(file, line, "Ethernet dst %s, want %s",
		    mac_str(p->eth_dst, a), mac_str(dst, b));
		bad = 1;
	}
	if (memcmp(p->eth_src, src, 6) != 0) {
		t_fail(file, line, "Ethernet src %s, want %s",
		    mac_str(p->eth_src, a), mac_str(src, b));
		bad = 1;
	}
	if (p->ethertype != B_ETHERTYPE_IPV6) {
		t_fail(file, line, "EtherType 0x%04x, want 0x86dd", p->ethertype);
		bad = 1;
	}
	if (bad)
		dump(p);
	return bad ? -1 : 0;
}

int
c_check_ip6(const char *file, int line, const struct c_pkt *p,
    const struct in6_addr *src, const struct in6_addr *dst, int hlim,
    int next)
{
	int bad = 0;

	if (!p->has_ip6) {
		t_fail(file, line, "no IPv6 header");
		dump(p);
		return -1;
	}
	if (p->version != 6) {
		t_fail(file, line, "IPv6 version %u, want 6", p->version);
		bad = 1;
	}
	if ((size_t)p->plen + B_ETH_HLEN + B_IP6_HLEN > p->len) {
		t_fail(file, line, "payload length %u past the frame (%zu bytes)",
		    p->plen, p->len);
		bad = 1;
	}
	if (src && memcmp(&p->src, src, 16) != 0) {
		t_fail(file, line, "IPv6 src %s, want %s", b_ntop(&p->src),
		    b_ntop(src));
		bad = 1;
	}
	if (dst && memcmp(&p->dst, dst, 16) != 0) {
		t_fail(file, line, "IPv6 dst %s, want %s", b_ntop(&p->dst),
		    b_ntop(dst));
		bad = 1;
	}
	if (hlim >= 0 && p->hlim != hlim) {
		t_fail(file, line, "hop limit %u, want %d", p->hlim, hlim);
		bad = 1;
	}
	if (next >= 0 && p->next != next) {
		t_fail(file, line, "next header %u, want %d", p->next, next);
		bad = 1;
	}
	if (bad)
		dump(p);
	return bad ? -1 : 0;
}

int
c_check_icmp6(const char *file, int line, const struct c_pkt *p, int type,
    int code)
{
	int bad = 0;

	if (!p->has_icmp6) {
		t_fail(file, line, "not ICMPv6 (next header %u, %zu bytes)",
		    p->next, p->pl_len);
		dump(p);
		return -1;
	}
	if (p->type != type) {
		t_fail(file, line, "ICMPv6 type %u, want %d", p->type, type);
		bad = 1;
	}
	if (p->code != code) {
		t_fail(file, line, "ICMPv6 code %u, want %d", p->code, code);
		bad = 1;
	}
	if (!p->csum_ok) {
		t_fail(file, line, "ICMPv6 checksum 0x%04x is wrong",
		    rd16(p->pl + 2));
		bad = 1;
	}
	if (bad)
		dump(p);
	return bad ? -1 : 0;
}

int
c_check_na(const char *file, int line, const struct c_pkt *p, int flags,
    const struct in6_addr *target)
{
	int bad = 0;

	if (c_check_icmp6(file, line, p, B_ND_NEIGHBOR_ADVERT, 0) != 0)
		return -1;
	if (p->pl_len < 24) {
		t_fail(file, line, "NA of %zu bytes, want >= 24", p->pl_len);
		dump(p);
		return -1;
	}
	if (p->hlim != 255) {
		t_fail(file, line, "NA hop limit %u, want 255 (RFC 4861 7.1.2)",
		    p->hlim);
		bad = 1;
	}
	if (p->pl[4] != flags) {
		t_fail(file, line, "NA flags 0x%02x (R%d S%d O%d), want 0x%02x "
		    "(R%d S%d O%d)", p->pl[4], !!(p->pl[4] & B_NA_R),
		    !!(p->pl[4] & B_NA_S), !!(p->pl[4] & B_NA_O), flags,
		    !!(flags & B_NA_R), !!(flags & B_NA_S), !!(flags & B_NA_O));
		bad = 1;
	}
	if (p->pl[5] || p->pl[6] || p->pl[7]) {
		t_fail(file, line, "NA reserved bits not zero");
		bad = 1;
	}
	if (target && memcmp(p->pl + 8, target, 16) != 0) {
		struct in6_addr t;

		memcpy(&t, p->pl + 8, 16);
		t_fail(file, line, "NA target %s, want %s", b_ntop(&t),
		    b_ntop(target));
		bad = 1;
	}
	if (bad)
		dump(p);
	return bad ? -1 : 0;
}

int
c_check_na_tlla_only(const char *file, int line, const struct c_pkt *p,
    const uint8_t mac[6])
{
	struct c_opt o[8];
	int n;
	char a[18], b[18];

	if (!p->has_icmp6 || p->pl_len < 24) {
		t_fail(file, line, "not an NA");
		dump(p);
		return -1;
	}
	n = c_nd_opts(p->pl + 24, p->pl_len - 24, o, 8);
	if (n < 0) {
		t_fail(file, line, "NA options malformed (length 0 or past end)");
		dump(p);
		return -1;
	}
	if (n != 1) {
		t_fail(file, line, "NA has %d options, want exactly 1 (TLLA)", n);
		dump(p);
		return -1;
	}
	/* The seed's bug: type 1 (Source LLA) in an NA; RFC 4861 4.4 says
	 * Target Link-Layer Address, type 2. */
	if (o[0].type != B_ND_OPT_TLLA || o[0].len != 1 ||
	    memcmp(o[0].data + 2, mac, 6) != 0) {
		t_fail(file, line, "NA option type %u len %u lladdr %s, want "
		    "type 2 (TLLA) len 1 lladdr %s", o[0].type, o[0].len,
		    mac_str(o[0].data + 2, a), mac_str(mac, b));
		dump(p);
		return -1;
	}
	return 0;
}

int
c_check_ns(const char *file, int line, const struct c_pkt *p,
    const struct in6_addr *target)
{
	int bad = 0;

	if (c_check_icmp6(file, line, p, B_ND_NEIGHBOR_SOLICIT, 0) != 0)
		return -1;
	if (p->pl_len < 24) {
		t_fail(file, line, "NS of %zu bytes, want >= 24", p->pl_len);
		dump(p);
		return -1;
	}
	if (p->hlim != 255) {
		t_fail(file, line, "NS hop limit %u, want 255", p->hlim);
		bad = 1;
	}
	if (p->pl[4] || p->pl[5] || p->pl[6] || p->pl[7]) {
		t_fail(file, line, "NS reserved field not zero");
		bad = 1;
	}
	if (target && memcmp(p->pl + 8, target, 16) != 0) {
		struct in6_addr t;

		memcpy(&t, p->pl + 8, 16);
		t_fail(file, line, "NS target %s, want %s", b_ntop(&t),
		    b_ntop(target));
		bad = 1;
	}
	if (bad)
		dump(p);
	return bad ? -1 : 0;
}

int
c_check_ns_slla(const char *file, int line, const struct c_pkt *p,
    const uint8_t *mac)
{
	struct c_opt o[8];
	int n, i, found = -1;
	char a[18], b[18];

	if (!p->has_icmp6 || p->pl_len < 24) {
		t_fail(file, line, "not an NS");
		dump(p);
		return -1;
	}
	n = c_nd_opts(p->pl + 24, p->pl_len - 24, o, 8);
	if (n < 0) {
		t_fail(file, line, "NS options malformed");
		dump(p);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (o[i].type == B_ND_OPT_SLLA)
			found = i;
	if (mac == NULL) {
		if (found >= 0) {
			t_fail(file, line, "NS carries an SLLA option, want none "
			    "(RFC 4861 4.3: not from ::)");
			dump(p);
			return -1;
		}
		return 0;
	}
	if (found < 0) {
		t_fail(file, line, "NS has no SLLA option");
		dump(p);
		return -1;
	}
	if (o[found].len != 1 || memcmp(o[found].data + 2, mac, 6) != 0) {
		t_fail(file, line, "NS SLLA len %u lladdr %s, want len 1 %s",
		    o[found].len, mac_str(o[found].data + 2, a), mac_str(mac, b));
		dump(p);
		return -1;
	}
	return 0;
}

int
c_check_echo_reply(const char *file, int line, const struct c_pkt *p,
    uint16_t id, uint16_t seq, const uint8_t *data, size_t len)
{
	int bad = 0;

	if (c_check_icmp6(file, line, p, B_ICMP6_ECHO_REPLY, 0) != 0)
		return -1;
	if (p->pl_len != 8 + len) {
		t_fail(file, line, "echo reply of %zu bytes, want %zu",
		    p->pl_len, 8 + len);
		dump(p);
		return -1;
	}
	if (rd16(p->pl + 4) != id) {
		t_fail(file, line, "echo identifier 0x%04x, want 0x%04x",
		    rd16(p->pl + 4), id);
		bad = 1;
	}
	if (rd16(p->pl + 6) != seq) {
		t_fail(file, line, "echo sequence 0x%04x, want 0x%04x",
		    rd16(p->pl + 6), seq);
		bad = 1;
	}
	if (len && memcmp(p->pl + 8, data, len) != 0) {
		size_t i;

		for (i = 0; i < len && p->pl[8 + i] == data[i]; i++)
			;
		t_fail(file, line, "echo data differs at byte %zu: 0x%02x, "
		    "want 0x%02x", i, p->pl[8 + i], data[i]);
		bad = 1;
	}
	if (bad)
		dump(p);
	return bad ? -1 : 0;
}

int
c_check_addr(const char *file, int line, const char *what,
    const struct in6_addr *a, const struct in6_addr *b)
{
	if (memcmp(a, b, 16) == 0)
		return 0;
	t_fail(file, line, "%s == %s, want %s", what, b_ntop(a), b_ntop(b));
	return -1;
}
