/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer: src/cli/rule_args.c. Input: one `ip -6 rule add` line (a
 * control-socket line). Whatever parses must print one line, and that
 * `ip -6 rule show` line, its "N:" turned into "priority N", must parse
 * back to the same rule; errors must be one line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/rule_args.h"
#include "fuzz_args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same_prefix(const struct in6_addr *a, const struct in6_addr *b, unsigned len)
{
	for (unsigned i = 0; i < len; i++)
		if (((a->s6_addr[i / 8] ^ b->s6_addr[i / 8]) >> (7 - i % 8)) & 1)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[512], out[512], back[560], err[256];
	struct v6_rule_spec r, r2;
	unsigned prio;
	FILE *f;
	char *nl, *tab;

	fuzz_line(line, sizeof(line), data, size);
	err[0] = '\0';
	if (rule_spec_parse_line(line, &r, fuzz_dev, NULL, err, sizeof(err)) != 0) {
		if (err[0] == '\0' || strchr(err, '\n') != NULL)
			abort();
		return 0;
	}
	f = fmemopen(out, sizeof(out), "w");
	if (f == NULL)
		return 0;
	rule_spec_print(f, &r, r.iif ? "r0" : NULL);
	fclose(f);
	nl = strchr(out, '\n');
	if (nl == NULL || nl[1] != '\0' || (tab = strchr(out, '\t')) == NULL)
		abort();
	*nl = '\0';
	if (sscanf(out, "%u:", &prio) != 1 || prio != r.priority)
		abort();
	snprintf(back, sizeof(back), "priority %u %s", prio, tab + 1);
	if (rule_spec_parse_line(back, &r2, fuzz_dev, NULL, err, sizeof(err)) != 0)
		abort();
	if (r.action == 0)
		r.action = V6_RULE_LOOKUP;
	if (r.action == V6_RULE_LOOKUP && r.table == 0)
		r.table = V6_RT_TABLE_MAIN;
	if (r2.priority != r.priority || r2.action != r.action ||
	    (r.action == V6_RULE_LOOKUP && r2.table != r.table) ||
	    r2.src_len != r.src_len || r2.dst_len != r.dst_len || r2.iif != r.iif ||
	    !same_prefix(&r.src, &r2.src, r.src_len) ||
	    !same_prefix(&r.dst, &r2.dst, r.dst_len))
		abort();
	return 0;
}
