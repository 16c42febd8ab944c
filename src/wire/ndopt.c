/* SPDX-License-Identifier: BSD-2-Clause */
#include "wire/ndopt.h"

enum v6_ndopt_next_result
v6_ndopt_next(struct v6_ndopt_it *it, struct v6_ndopt *opt, enum v6_drop *why)
{
	size_t left = (size_t)(it->end - it->p), olen;

	if (left == 0)
		return V6_NDOPT_END;
	if (left < 2) {
		*why = V6_DROP_NDOPT_TRUNCATED;
		return V6_NDOPT_ERR;
	}
	/* RFC 4861 4.6: length 0 is invalid. */
	if (it->p[1] == 0) {
		*why = V6_DROP_NDOPT_ZERO_LEN;
		return V6_NDOPT_ERR;
	}
	olen = (size_t)it->p[1] * 8;
	if (olen > left) {
		*why = V6_DROP_NDOPT_TRUNCATED;
		return V6_NDOPT_ERR;
	}
	if (++it->n > V6_NDOPT_MAX) {
		*why = V6_DROP_NDOPT_TOO_MANY;
		return V6_NDOPT_ERR;
	}
	opt->type = it->p[0];
	opt->b = it->p;
	opt->len = olen;
	it->p += olen;
	return V6_NDOPT_OK;
}

enum v6_drop
v6_ndopt_lladdr(const struct v6_ndopt *opt, uint8_t mac[6])
{
	/* RFC 2464 8: on Ethernet the option is 8 octets, MAC at offset 2. */
	if (opt->len != V6_NDOPT_LLA_LEN)
		return V6_DROP_NDOPT_BAD_LLADDR_LEN;
	memcpy(mac, opt->b + 2, 6);
	return V6_DROP_NONE;
}

static size_t
emit_lla(uint8_t *buf, uint8_t type, const uint8_t mac[6])
{
	buf[0] = type;
	buf[1] = 1;
	memcpy(buf + 2, mac, 6);
	return V6_NDOPT_LLA_LEN;
}

size_t
v6_ndopt_emit_slla(uint8_t *buf, const struct v6_slla *a)
{
	return emit_lla(buf, V6_NDOPT_SLLA, a->mac);
}

size_t
v6_ndopt_emit_tlla(uint8_t *buf, const struct v6_tlla *a)
{
	return emit_lla(buf, V6_NDOPT_TLLA, a->mac);
}
