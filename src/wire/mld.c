/* SPDX-License-Identifier: BSD-2-Clause */
#include "wire/mld.h"

uint32_t
v6_mld_mrc_to_ms(uint16_t mrc)
{
	if (mrc < 0x8000)
		return mrc;
	return ((uint32_t)(mrc & 0x0fff) | 0x1000) << (((mrc >> 12) & 7) + 3);
}

uint32_t
v6_mld_qqic_to_s(uint8_t qqic)
{
	if (qqic < 0x80)
		return qqic;
	return ((uint32_t)(qqic & 0x0f) | 0x10) << (((qqic >> 4) & 7) + 3);
}

size_t
v6_mld2_report_emit(uint8_t *buf, uint16_t n_records)
{
	v6_icmp6_emit_hdr(buf, V6_ICMP6_MLD2_REPORT, 0);
	v6_wr16(buf + 4, 0); /* Reserved */
	v6_wr16(buf + 6, n_records);
	return V6_MLD2_REPORT_HLEN;
}

size_t
v6_mld2_record_emit(uint8_t *buf, enum v6_mld2_rec_type type,
    const struct in6_addr *group)
{
	buf[0] = (uint8_t)type;
	buf[1] = 0;          /* Aux Data Len: RFC 3810 5.2.6, none */
	v6_wr16(buf + 2, 0); /* Number of Sources */
	memcpy(buf + 4, group->s6_addr, 16);
	return V6_MLD2_RECORD_HLEN;
}

size_t
v6_mld1_emit(uint8_t *buf, uint8_t type, const struct in6_addr *group)
{
	v6_icmp6_emit_hdr(buf, type, 0);
	v6_wr16(buf + 4, 0); /* Maximum Response Delay: 0 from a host */
	v6_wr16(buf + 6, 0); /* Reserved */
	memcpy(buf + 8, group->s6_addr, 16);
	return V6_MLD1_LEN;
}
