/* SPDX-License-Identifier: BSD-2-Clause */
#include "wire/ndisc.h"

size_t
v6_ndisc_emit_ns(uint8_t *buf, const struct in6_addr *target,
    const struct v6_slla *slla, const uint8_t nonce[6])
{
	size_t n = v6_icmp6_emit_hdr(buf, V6_ICMP6_NEIGHBOR_SOLICIT, 0);

	v6_wr32(buf + n, 0); /* reserved */
	v6_wraddr(buf + V6_NDISC_OFF_TARGET, target);
	n = V6_NDISC_OFF_OPTS;
	if (slla)
		n += v6_ndopt_emit_slla(buf + n, slla);
	if (nonce) {
		/* RFC 3971 5.3.2: type 14, length 1, 6 octets of nonce. */
		buf[n] = V6_NDOPT_NONCE;
		buf[n + 1] = 1;
		memcpy(buf + n + 2, nonce, 6);
		n += 8;
	}
	return n;
}

size_t
v6_ndisc_emit_na(uint8_t *buf, const struct in6_addr *target, uint8_t flags,
    const struct v6_tlla *tlla)
{
	size_t n = v6_icmp6_emit_hdr(buf, V6_ICMP6_NEIGHBOR_ADVERT, 0);

	v6_wr32(buf + n, (uint32_t)(flags & 0xe0) << 24); /* R S O, reserved 0 */
	v6_wraddr(buf + V6_NDISC_OFF_TARGET, target);
	n = V6_NDISC_OFF_OPTS;
	if (tlla)
		n += v6_ndopt_emit_tlla(buf + n, tlla);
	return n;
}
