/* SPDX-License-Identifier: BSD-2-Clause */
#include "wire/ipv6.h"

enum v6_drop
v6_ip6_parse(struct v6_ip6 v, struct v6_ip6_repr *out)
{
	uint32_t vtf = v6_rd32(v.b + V6_IP6_OFF_VTF);

	if ((vtf >> 28) != 6)
		return V6_DROP_IP6_BAD_VERSION;
	out->tclass = (uint8_t)(vtf >> 20);
	out->flow = vtf & 0xfffff;
	out->plen = v6_ip6_payload_len(v);
	/* RFC 8200 3: a payload length of 0 would mean a jumbogram; we
	 * do not take jumbograms (RFC 2675), so 0 is simply empty. */
	if ((size_t)out->plen > v.len - V6_IP6_HLEN)
		return V6_DROP_IP6_TRUNCATED;
	out->next = v6_ip6_next(v);
	out->hlim = v6_ip6_hop_limit(v);
	v6_rdaddr(&out->src, v.b + V6_IP6_OFF_SRC);
	v6_rdaddr(&out->dst, v.b + V6_IP6_OFF_DST);
	return V6_DROP_NONE;
}

size_t
v6_ip6_emit(const struct v6_ip6_repr *r, uint8_t *buf)
{
	v6_wr32(buf + V6_IP6_OFF_VTF,
	    (uint32_t)6 << 28 | (uint32_t)r->tclass << 20 | (r->flow & 0xfffff));
	v6_wr16(buf + V6_IP6_OFF_PLEN, r->plen);
	buf[V6_IP6_OFF_NEXT] = r->next;
	buf[V6_IP6_OFF_HLIM] = r->hlim;
	v6_wraddr(buf + V6_IP6_OFF_SRC, &r->src);
	v6_wraddr(buf + V6_IP6_OFF_DST, &r->dst);
	return V6_IP6_HLEN;
}
