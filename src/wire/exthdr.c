/* SPDX-License-Identifier: BSD-2-Clause */
#include "wire/exthdr.h"

enum v6_drop
v6_exthdr_skip(const uint8_t *pkt, size_t len, struct v6_exthdr_end *out)
{
	return v6_exthdr_skip_from(pkt, len, pkt[V6_IP6_OFF_NEXT], V6_IP6_HLEN,
	    V6_IP6_OFF_NEXT, out);
}

enum v6_drop
v6_exthdr_skip_from(const uint8_t *pkt, size_t len, uint8_t nh, size_t off,
    size_t nh_off, struct v6_exthdr_end *out)
{
	size_t hlen;

	out->frag_nonfirst = false;
	out->frag_first = false;
	for (unsigned n = 0; v6_nh_is_exthdr(nh); n++) {
		if (n >= V6_EXTHDR_MAX)
			return V6_DROP_EXTHDR_TOO_MANY;
		if (len < off + 8)
			return V6_DROP_EXTHDR_TRUNCATED;
		if (nh == V6_NH_FRAGMENT) {
			hlen = 8;
			if ((v6_rd16(pkt + off + 2) & 0xfff8) != 0) {
				/* Later fragments hold no upper-layer header. */
				out->frag_nonfirst = true;
				break;
			}
			if (v6_rd16(pkt + off + 2) & 1)
				out->frag_first = true;
		} else if (nh == V6_NH_AH) {
			hlen = ((size_t)pkt[off + 1] + 2) * 4;
		} else {
			hlen = ((size_t)pkt[off + 1] + 1) * 8;
		}
		if (len < off + hlen)
			return V6_DROP_EXTHDR_TRUNCATED;
		nh_off = off;
		nh = pkt[off];
		off += hlen;
	}
	out->next = nh;
	out->off = off;
	out->nh_off = nh_off;
	return V6_DROP_NONE;
}

size_t
v6_hbh_rtalert_emit(uint8_t *buf, size_t cap, uint8_t next, uint16_t value)
{
	if (cap < V6_HBH_RTALERT_LEN)
		return 0;
	buf[0] = next;
	buf[1] = 0; /* Hdr Ext Len: (0 + 1) x 8 bytes */
	buf[2] = V6_OPT_ROUTER_ALERT;
	buf[3] = 2;
	v6_wr16(buf + 4, value);
	buf[6] = V6_OPT_PADN; /* PadN with 0 bytes of data fills the last 2 */
	buf[7] = 0;
	return V6_HBH_RTALERT_LEN;
}

enum v6_drop
v6_tlv_next(struct v6_tlv_it *it, struct v6_tlv *opt)
{
	const uint8_t *p = it->b + it->off;

	opt->off = it->off;
	opt->type = p[0];
	if (opt->type == V6_OPT_PAD1) {
		/* RFC 8200 4.2: Pad1 has no length and no data. */
		opt->data_len = 0;
		opt->data = p + 1;
		opt->total = 1;
	} else {
		if (it->end - it->off < 2)
			return V6_DROP_EXTHDR_OPT_TRUNCATED;
		opt->data_len = p[1];
		opt->data = p + 2;
		opt->total = 2 + (size_t)p[1];
		if (opt->total > it->end - it->off)
			return V6_DROP_EXTHDR_OPT_TRUNCATED;
	}
	it->off += opt->total;
	return V6_DROP_NONE;
}

size_t
v6_frag_emit(uint8_t *buf, uint8_t next, uint32_t offset_bytes, bool more,
    uint32_t ident)
{
	buf[0] = next;
	buf[1] = 0; /* reserved */
	v6_wr16(buf + V6_FRAG_OFF_OFFSET,
	    (uint16_t)((offset_bytes & 0xfff8u) | (more ? 1u : 0u)));
	v6_wr32(buf + V6_FRAG_OFF_IDENT, ident);
	return V6_FRAG_HLEN;
}
