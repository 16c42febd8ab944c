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
