/* SPDX-License-Identifier: BSD-2-Clause */
/* Address constants, formatting and parsing. */
#include <arpa/inet.h>
#include <stdio.h>

#include "wire/wire.h"

const struct in6_addr v6_addr_all_nodes = { .s6_addr = { 0xff, 0x02, [15] = 0x01 } };
const struct in6_addr v6_addr_all_routers = { .s6_addr = { 0xff, 0x02, [15] = 0x02 } };
const struct in6_addr v6_addr_all_mldv2_routers = { .s6_addr = { 0xff, 0x02, [15] = 0x16 } };

const char *
v6_addr_fmt(const struct in6_addr *a, char *buf, size_t len)
{
	if (inet_ntop(AF_INET6, a, buf, (socklen_t)len) == NULL)
		snprintf(buf, len, "?");
	return buf;
}

const char *
v6_mac_fmt(const uint8_t mac[6], char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
	    mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

int
v6_addr_parse(const char *s, struct in6_addr *out)
{
	return inet_pton(AF_INET6, s, out) == 1 ? 0 : -1;
}

int
v6_mac_parse(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3], &v[4],
		&v[5], &tail) != 6)
		return -1;
	for (int i = 0; i < 6; i++) {
		if (v[i] > 0xff)
			return -1;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}
