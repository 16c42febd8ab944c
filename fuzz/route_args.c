/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: src/cli/route_args.c. Input: one `ip -6 route add` line (a
 * control-socket line or a --route argument). Whatever parses must print,
 * and the printed `ip -6 route show` line must parse back to the same
 * route (the printer's words are the parser's; a reject route's dev is
 * printed as "dev lo", as Linux does, so only unicast keeps it); errors
 * must be one line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/route_args.h"
#include "fuzz_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[ROUTE_ARGS_LINE_MAX + 64], out[1024], err[256];
	struct v6_route_spec r, r2;
	FILE *f;
	char *nl;

	fuzz_line(line, sizeof(line), data, size);
	err[0] = '\0';
	if (route_spec_parse_line(line, &r, fuzz_dev, NULL, err, sizeof(err)) != 0) {
		if (err[0] == '\0' || strchr(err, '\n') != NULL)
			abort();
		return 0;
	}
	f = fmemopen(out, sizeof(out), "w");
	if (f == NULL)
		return 0;
	route_spec_print(f, &r, r.dev ? "r0" : NULL);
	fclose(f);
	nl = strchr(out, '\n');
	if (nl == NULL || nl[1] != '\0')
		abort();
	*nl = '\0';
	/* `ip -6 route show` adds "dev lo" to reject routes and "pref medium";
	 * cut "pref medium" and parse the rest back (lo is not our device). */
	if ((nl = strstr(out, " pref medium")) == NULL)
		abort();
	*nl = '\0';
	if ((nl = strstr(out, " dev lo")) != NULL)
		memmove(nl, nl + 7, strlen(nl + 7) + 1);
	if (route_spec_parse_line(out, &r2, fuzz_dev, NULL, err, sizeof(err)) != 0)
		abort();
	if (r.metric == 0)
		r.metric = V6_RT_METRIC_USER;
	if (r.protocol == 0)
		r.protocol = V6_RTPROT_BOOT;
	if (r2.protocol == 0)
		r2.protocol = V6_RTPROT_BOOT;
	if (r.type == 0 && r2.type == 0)
		;
	else if ((r.type ? r.type : V6_RTN_UNICAST) != (r2.type ? r2.type : V6_RTN_UNICAST))
		abort();
	/* main is the table ip names by saying none */
	if (r.table == V6_RT_TABLE_MAIN)
		r.table = 0;
	if (r.table != r2.table)
		abort();
	if (r.dst_len != r2.dst_len || r.metric != r2.metric || r.protocol != r2.protocol ||
	    r.has_gw != r2.has_gw || r.mtu != r2.mtu ||
	    ((r.type == 0 || r.type == V6_RTN_UNICAST) && r.dev != r2.dev) ||
	    (r.has_gw && memcmp(&r.gw, &r2.gw, 16) != 0))
		abort();
	for (unsigned b = 0; b < r.dst_len; b++)
		if (((r.dst.s6_addr[b / 8] ^ r2.dst.s6_addr[b / 8]) >> (7 - b % 8)) & 1)
			abort();
	return 0;
}
