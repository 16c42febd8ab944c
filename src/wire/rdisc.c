/* SPDX-License-Identifier: BSD-2-Clause */
#include <string.h>

#include "wire/rdisc.h"

size_t
v6_rdisc_emit_rs(uint8_t *buf, const struct v6_slla *slla)
{
	size_t n = v6_icmp6_emit_hdr(buf, V6_ICMP6_ROUTER_SOLICIT, 0);

	v6_wr32(buf + n, 0); /* reserved */
	n = V6_RS_LEN;
	if (slla)
		n += v6_ndopt_emit_slla(buf + n, slla);
	return n;
}

/* RFC 4191 2.1: +1 high 01, 0 medium 00, -1 low 11. */
static uint8_t
rtr_pref_encode(int pref)
{
	return pref > 0 ? 1 : pref < 0 ? 3 : 0;
}

size_t
v6_rdisc_emit_ra(uint8_t *buf, const struct v6_ra_repr *ra)
{
	(void)v6_icmp6_emit_hdr(buf, V6_ICMP6_ROUTER_ADVERT, 0);
	buf[4] = ra->cur_hlim;
	/* M | O | H=0 | Prf | P=0 | reserved */
	buf[5] = (uint8_t)((ra->flags & (V6_RA_FLAG_MANAGED | V6_RA_FLAG_OTHER)) |
	    rtr_pref_encode(ra->pref) << 3);
	v6_wr16(buf + 6, ra->lifetime_s);
	v6_wr32(buf + 8, ra->reachable_ms);
	v6_wr32(buf + 12, ra->retrans_ms);
	return V6_RA_LEN;
}

size_t
v6_ndopt_emit_prefix(uint8_t *buf, size_t cap, const struct in6_addr *prefix,
    uint8_t plen, uint8_t flags, uint32_t valid_s, uint32_t preferred_s)
{
	if (cap < V6_NDOPT_PREFIX_LEN)
		return 0;
	buf[0] = V6_NDOPT_PREFIX;
	buf[1] = V6_NDOPT_PREFIX_LEN / 8;
	buf[2] = plen;
	buf[3] = flags;
	v6_wr32(buf + 4, valid_s);
	v6_wr32(buf + 8, preferred_s);
	v6_wr32(buf + 12, 0); /* reserved2 */
	v6_wraddr(buf + 16, prefix);
	return V6_NDOPT_PREFIX_LEN;
}

size_t
v6_ndopt_emit_mtu(uint8_t *buf, size_t cap, uint32_t mtu)
{
	if (cap < V6_NDOPT_MTU_LEN)
		return 0;
	buf[0] = V6_NDOPT_MTU;
	buf[1] = 1;
	v6_wr16(buf + 2, 0);
	v6_wr32(buf + 4, mtu);
	return V6_NDOPT_MTU_LEN;
}

size_t
v6_ndopt_emit_rio(uint8_t *buf, size_t cap, const struct in6_addr *prefix,
    uint8_t plen, int pref, uint32_t lifetime_s)
{
	if (cap < V6_NDOPT_RIO_LEN || plen > 128)
		return 0;
	buf[0] = V6_NDOPT_ROUTE_INFO;
	buf[1] = V6_NDOPT_RIO_LEN / 8;
	buf[2] = plen;
	buf[3] = (uint8_t)(rtr_pref_encode(pref) << 3);
	v6_wr32(buf + 4, lifetime_s);
	for (unsigned i = 0; i < 16; i++) {
		unsigned bit = i * 8;
		uint8_t b = prefix->s6_addr[i];
		if (bit >= plen)
			b = 0;
		else if (bit + 8 > plen)
			b &= (uint8_t)(0xff00 >> (plen - bit));
		buf[8 + i] = b;
	}
	return V6_NDOPT_RIO_LEN;
}

size_t
v6_ndopt_emit_rdnss(uint8_t *buf, size_t cap, const struct in6_addr *addr,
    unsigned n, uint32_t lifetime_s)
{
	size_t len = 8 + 16 * (size_t)n;

	if (n == 0 || cap < len || len / 8 > 255)
		return 0;
	buf[0] = V6_NDOPT_RDNSS;
	buf[1] = (uint8_t)(len / 8);
	v6_wr16(buf + 2, 0);
	v6_wr32(buf + 4, lifetime_s);
	for (unsigned i = 0; i < n; i++)
		v6_wraddr(buf + 8 + 16 * i, &addr[i]);
	return len;
}

/* One dotted name in RFC 1035 3.1 form at out (room: cap); its length, or
 * 0 when it does not fit or a label is empty or longer than 63. */
static size_t
dns_name_emit(uint8_t *out, size_t cap, const char *name)
{
	size_t n = 0;

	while (*name) {
		const char *dot = strchr(name, '.');
		size_t l = dot ? (size_t)(dot - name) : strlen(name);
		if (l == 0 || l > 63 || n + 1 + l >= cap)
			return 0;
		out[n++] = (uint8_t)l;
		memcpy(out + n, name, l);
		n += l;
		name += l + (dot ? 1 : 0);
	}
	if (n + 1 > cap)
		return 0;
	out[n++] = 0; /* the root label */
	return n;
}

size_t
v6_ndopt_emit_dnssl(uint8_t *buf, size_t cap, const char *names,
    uint32_t lifetime_s)
{
	size_t len = 8, room = cap < 255 * 8 ? cap : 255 * 8;

	if (cap < 16 || !*names)
		return 0;
	for (const char *p = names; *p; p += strlen(p) + 1) {
		size_t l = dns_name_emit(buf + len, room - len, p);
		if (l == 0)
			return 0;
		len += l;
	}
	/* RFC 8106 5.2: padded with zeros to a multiple of 8 octets. */
	while (len % 8) {
		if (len >= room)
			return 0;
		buf[len++] = 0;
	}
	buf[0] = V6_NDOPT_DNSSL;
	buf[1] = (uint8_t)(len / 8);
	v6_wr16(buf + 2, 0);
	v6_wr32(buf + 4, lifetime_s);
	return len;
}

enum v6_drop
v6_ndopt_prefix_parse(const struct v6_ndopt *o, struct v6_ndopt_prefix *out)
{
	/* RFC 4861 4.6.2: "Length 4". */
	if (o->len != 32)
		return V6_DROP_NDOPT_BAD_PREFIX_LEN;
	out->plen = o->b[2];
	out->flags = o->b[3];
	out->valid_s = v6_rd32(o->b + 4);
	out->preferred_s = v6_rd32(o->b + 8);
	v6_rdaddr(&out->prefix, o->b + 16);
	return V6_DROP_NONE;
}

enum v6_drop
v6_ndopt_mtu_parse(const struct v6_ndopt *o, uint32_t *mtu)
{
	/* RFC 4861 4.6.4: "Length 1". */
	if (o->len != 8)
		return V6_DROP_NDOPT_BAD_MTU_LEN;
	*mtu = v6_rd32(o->b + 4);
	return V6_DROP_NONE;
}

enum v6_drop
v6_ndopt_rio_parse(const struct v6_ndopt *o, struct v6_ndopt_rio *out)
{
	size_t units = o->len / 8, plen = o->b[2];

	/* RFC 4191 2.3: "The Length field is 1, 2, or 3 depending on the
	 * Prefix Length": 1 only for 0, 2 at most for <= 64. */
	if (units > 3 || plen > 128 || (plen > 64 && units < 3) ||
	    (plen > 0 && units < 2))
		return V6_DROP_NDOPT_BAD_RIO_LEN;
	out->plen = (uint8_t)plen;
	out->pref = v6_rtr_pref_decode(o->b[3] >> 3);
	out->lifetime_s = v6_rd32(o->b + 4);
	memset(&out->prefix, 0, sizeof(out->prefix));
	memcpy(out->prefix.s6_addr, o->b + 8, o->len - 8);
	/* Bits past the prefix length are ignored (RFC 4191 2.3). */
	for (unsigned i = 0; i < 16; i++) {
		unsigned bit = i * 8;
		if (bit >= plen)
			out->prefix.s6_addr[i] = 0;
		else if (bit + 8 > plen)
			out->prefix.s6_addr[i] &= (uint8_t)(0xff00 >> (plen - bit));
	}
	return V6_DROP_NONE;
}

enum v6_drop
v6_ndopt_rdnss_parse(const struct v6_ndopt *o, struct v6_ndopt_rdnss *out)
{
	/* RFC 8106 5.1: "The minimum value is 3 if one IPv6 address is
	 * contained"; 2 more per address. */
	if (o->len < 24 || (o->len - 8) % 16 != 0)
		return V6_DROP_NDOPT_BAD_RDNSS_LEN;
	out->lifetime_s = v6_rd32(o->b + 4);
	out->n = (unsigned)((o->len - 8) / 16);
	for (unsigned i = 0; i < out->n && i < V6_RDNSS_MAX; i++)
		v6_rdaddr(&out->addr[i], o->b + 8 + 16 * i);
	return V6_DROP_NONE;
}

enum v6_drop
v6_ndopt_dnssl_parse(const struct v6_ndopt *o, struct v6_ndopt_dnssl *out)
{
	const uint8_t *p = o->b + 8, *end = o->b + o->len;
	size_t t = 0;

	/* RFC 8106 5.2: "The minimum value is 2". */
	if (o->len < 16)
		return V6_DROP_NDOPT_BAD_DNSSL_LEN;
	out->lifetime_s = v6_rd32(o->b + 4);
	out->n = 0;
	/* Names in RFC 1035 3.1 form (no compression), then zero padding. */
	while (p < end && *p != 0) {
		size_t start = t;
		while (p < end && *p != 0) {
			size_t l = *p++;
			if (l > 63 || l > (size_t)(end - p))
				return V6_DROP_NDOPT_BAD_DNSSL_NAME;
			if (t + l + 2 > V6_DNSSL_TEXT_MAX)
				return V6_DROP_NDOPT_BAD_DNSSL_NAME;
			if (t > start)
				out->text[t++] = '.';
			memcpy(out->text + t, p, l);
			t += l;
			p += l;
		}
		if (p >= end) /* a name without its terminating root label */
			return V6_DROP_NDOPT_BAD_DNSSL_NAME;
		p++; /* the root label */
		out->text[t++] = '\0';
		out->n++;
	}
	if (out->n == 0)
		return V6_DROP_NDOPT_BAD_DNSSL_NAME;
	return V6_DROP_NONE;
}

enum v6_drop
v6_ndopt_redirected_check(const struct v6_ndopt *o)
{
	/* RFC 4861 4.6.3: 8 octets of header before the packet. */
	return o->len >= 8 ? V6_DROP_NONE : V6_DROP_NDOPT_TRUNCATED;
}

size_t
v6_rdisc_emit_redirect(uint8_t *buf, const struct in6_addr *target,
    const struct in6_addr *dest, const struct v6_tlla *tlla,
    const uint8_t *pkt, size_t pkt_len)
{
	size_t n = v6_icmp6_emit_hdr(buf, V6_ICMP6_REDIRECT, 0);

	v6_wr32(buf + n, 0); /* reserved */
	v6_wraddr(buf + 8, target);
	v6_wraddr(buf + 24, dest);
	n = V6_REDIRECT_LEN;
	if (tlla)
		n += v6_ndopt_emit_tlla(buf + n, tlla);
	if (pkt_len) {
		size_t olen = V6_NDOPT_REDIRECTED_HLEN + pkt_len;
		buf[n] = V6_NDOPT_REDIRECTED;
		buf[n + 1] = (uint8_t)(olen / 8); /* units of 8 octets */
		memset(buf + n + 2, 0, 6);        /* reserved */
		memcpy(buf + n + V6_NDOPT_REDIRECTED_HLEN, pkt, pkt_len);
		n += olen;
	}
	return n;
}
