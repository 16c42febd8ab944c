/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tcpdump's one-line view of an IPv6 frame, for v6stack explain
 * (explain_summary in explain.h): "IP6 SRC > DST: " then the upper layer
 * as tcpdump -n prints it. Every read is bounds-checked: the frame comes
 * from a hostile capture.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "cli/explain.h"

static const char *
icmp6_name(unsigned type)
{
	switch (type) {
	case 1: return "destination unreachable";
	case 2: return "packet too big";
	case 3: return "time exceeded in-transit";
	case 4: return "parameter problem";
	case 128: return "echo request";
	case 129: return "echo reply";
	case 130: return "multicast listener query";
	case 131: return "multicast listener report";
	case 132: return "multicast listener done";
	case 133: return "router solicitation";
	case 134: return "router advertisement";
	case 135: return "neighbor solicitation";
	case 136: return "neighbor advertisement";
	case 137: return "redirect";
	case 143: return "multicast listener report v2";
	default: return NULL;
	}
}

static void
icmp6_sum(const uint8_t *p, size_t n, size_t plen, char *buf, size_t cap)
{
	char a[INET6_ADDRSTRLEN];
	const char *name;

	if (n < 4) {
		snprintf(buf, cap, "ICMP6, truncated");
		return;
	}
	name = icmp6_name(p[0]);
	if (!name) {
		snprintf(buf, cap, "ICMP6, type-#%u, length %zu", p[0], plen);
		return;
	}
	if ((p[0] == 128 || p[0] == 129) && n >= 8) {
		snprintf(buf, cap, "ICMP6, %s, id %u, seq %u, length %zu", name,
		    (unsigned)(p[4] << 8 | p[5]), (unsigned)(p[6] << 8 | p[7]), plen);
	} else if ((p[0] == 135 || p[0] == 136) && n >= 24) {
		inet_ntop(AF_INET6, p + 8, a, sizeof(a));
		snprintf(buf, cap, "ICMP6, %s, %s %s, length %zu", name,
		    p[0] == 135 ? "who has" : "tgt is", a, plen);
	} else {
		snprintf(buf, cap, "ICMP6, %s, length %zu", name, plen);
	}
}

void
explain_summary(const uint8_t *f, size_t len, char *buf, size_t cap)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], up[200], fr[48] = "";
	const uint8_t *ip = f + 14, *p;
	size_t n, plen;
	unsigned next;

	if (len < 14 + 40 || f[12] != 0x86 || f[13] != 0xdd) {
		snprintf(buf, cap, "not an IPv6 frame, length %zu", len);
		return;
	}
	inet_ntop(AF_INET6, ip + 8, s, sizeof(s));
	inet_ntop(AF_INET6, ip + 24, d, sizeof(d));
	plen = (size_t)(ip[4] << 8 | ip[5]);
	next = ip[6];
	p = ip + 40;
	n = len - 54 < plen ? len - 54 : plen;
	if (next == 44 && n >= 8) {
		unsigned off = (unsigned)((p[2] << 8 | p[3]) & 0xfff8);

		snprintf(fr, sizeof(fr), "frag (%u|%zu) ", off, plen - 8);
		next = p[0];
		p += 8;
		n -= 8;
		plen -= 8;
		if (off != 0) {
			snprintf(buf, cap, "IP6 %s > %s: %s", s, d, fr);
			buf[strlen(buf) - 1] = '\0';
			return;
		}
	}
	if (next == 58)
		icmp6_sum(p, n, plen, up, sizeof(up));
	else if (next == 17)
		snprintf(up, sizeof(up), "UDP, length %zu", plen >= 8 ? plen - 8 : 0);
	else if (next == 0)
		snprintf(up, sizeof(up), "HBH, length %zu", plen);
	else
		snprintf(up, sizeof(up), "ip-proto-%u %zu", next, plen);
	snprintf(buf, cap, "IP6 %s > %s: %s%s", s, d, fr, up);
}
