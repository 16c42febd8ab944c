/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `ip -6 rule` arguments and output (rule_args.h).
 *
 * Formats of iproute2-6.1.0 on Linux 6.18, `ip -6 rule show`:
 *   0:	from all lookup local
 *   496:	from all to 2001:db8:de::/48 unreachable
 *   497:	from all to 2001:db8:dd::/48 blackhole
 *   499:	from all iif r0 lookup 102
 *   700:	from 2001:db8:a::1 to 2001:db8:c::/48 iif r0 lookup main
 *   32766:	from all lookup main
 * Errors of `ip -6 rule add`:
 *   Error: inet6 prefix is expected rather than "zz".
 *   Error: argument "x" is wrong: preference value is invalid
 *   Error: argument "x" is wrong: invalid table ID
 *   Error: argument "foo" is wrong: Failed to parse rule type
 */
#include "cli/rule_args.h"

#include <arpa/inet.h>
#include <string.h>

#include "cli/route_args.h"

#define RULE_MAX_WORDS 16
#define RULE_LINE_MAX 256

static const struct {
	unsigned action;
	const char *name;
} rule_types[] = {
	{V6_RULE_BLACKHOLE, "blackhole"},
	{V6_RULE_UNREACHABLE, "unreachable"},
	{V6_RULE_PROHIBIT, "prohibit"},
};

/* PREFIX, ADDR (/128), all or default (/0). */
static int
rule_parse_prefix(const char *s, struct in6_addr *a, unsigned *len)
{
	if (strcmp(s, "all") == 0) {
		memset(a, 0, sizeof(*a));
		*len = 0;
		return 0;
	}
	return route_parse_prefix(s, a, len);
}

/* One KEY VALUE pair; 1 when key is not one. */
static int
rule_parse_kv(const char *k, const char *val, struct v6_rule_spec *out,
    struct v6_iface *(*dev_by_name)(void *ctx, const char *name), void *ctx,
    char *err, size_t errlen)
{
	if (!strcmp(k, "from") || !strcmp(k, "to")) {
		int to = k[0] == 't';
		if (rule_parse_prefix(val, to ? &out->dst : &out->src,
			to ? &out->dst_len : &out->src_len) != 0)
			return route_err(err, errlen,
			    "Error: inet6 prefix is expected rather than \"%s\".", val);
	} else if (!strcmp(k, "iif") || !strcmp(k, "dev")) {
		if (!(out->iif = dev_by_name ? dev_by_name(ctx, val) : NULL))
			return route_err(err, errlen, "Cannot find device \"%s\"", val);
	} else if (!strcmp(k, "priority") || !strcmp(k, "pref") ||
	    !strcmp(k, "preference")) {
		if (route_parse_u32(val, UINT32_MAX, &out->priority) != 0)
			return route_err(err, errlen,
			    "Error: argument \"%s\" is wrong: preference value is invalid", val);
		out->has_priority = 1;
	} else if (!strcmp(k, "lookup") || !strcmp(k, "table")) {
		if (route_table_parse(val, &out->table) != 0)
			return route_err(err, errlen,
			    "Error: argument \"%s\" is wrong: invalid table ID", val);
		out->action = V6_RULE_LOOKUP;
	} else if (!strcmp(k, "type")) {
		for (size_t t = 0; t < sizeof(rule_types) / sizeof(rule_types[0]); t++)
			if (!strcmp(val, rule_types[t].name)) {
				out->action = rule_types[t].action;
				return 0;
			}
		return route_err(err, errlen,
		    "Error: argument \"%s\" is wrong: Failed to parse rule type", val);
	} else {
		return 1;
	}
	return 0;
}

int
rule_spec_parse_line(const char *line, struct v6_rule_spec *out,
    struct v6_iface *(*dev_by_name)(void *ctx, const char *name), void *ctx,
    char *err, size_t errlen)
{
	char buf[RULE_LINE_MAX + 1], *argv[RULE_MAX_WORDS], *save = NULL;
	int argc = 0, rc;

	memset(out, 0, sizeof(*out));
	if (strlen(line) > RULE_LINE_MAX)
		return route_err(err, errlen, "Error: rule longer than %d bytes.", RULE_LINE_MAX);
	memcpy(buf, line, strlen(line) + 1);
	for (char *t = strtok_r(buf, " \t\r\n", &save); t;
	     t = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == RULE_MAX_WORDS)
			return route_err(err, errlen, "Error: rule has more than %d words.",
			    RULE_MAX_WORDS);
		argv[argc++] = t;
	}
	for (int i = 0; i < argc; i++) {
		size_t t;
		for (t = 0; t < sizeof(rule_types) / sizeof(rule_types[0]); t++)
			if (!strcmp(argv[i], rule_types[t].name))
				break;
		if (t < sizeof(rule_types) / sizeof(rule_types[0])) {
			out->action = rule_types[t].action;
			continue;
		}
		if (i + 1 >= argc) {
			if (!strcmp(argv[i], "from") || !strcmp(argv[i], "to") ||
			    !strcmp(argv[i], "iif") || !strcmp(argv[i], "dev") ||
			    !strcmp(argv[i], "priority") || !strcmp(argv[i], "pref") ||
			    !strcmp(argv[i], "preference") || !strcmp(argv[i], "lookup") ||
			    !strcmp(argv[i], "table") || !strcmp(argv[i], "type"))
				return route_err(err, errlen,
				    "Command line is not complete. Try option \"help\"");
			return route_err(err, errlen,
			    "Error: argument \"%s\" is wrong: Failed to parse rule type", argv[i]);
		}
		rc = rule_parse_kv(argv[i], argv[i + 1], out, dev_by_name, ctx, err, errlen);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return route_err(err, errlen,
			    "Error: argument \"%s\" is wrong: Failed to parse rule type", argv[i]);
		i++;
	}
	return 0;
}

static void
rule_print_prefix(FILE *f, const struct in6_addr *a, unsigned len)
{
	char s[INET6_ADDRSTRLEN];

	if (len == 0) {
		fputs("all", f);
		return;
	}
	inet_ntop(AF_INET6, a, s, sizeof(s));
	if (len == 128)
		fputs(s, f);
	else
		fprintf(f, "%s/%u", s, len);
}

const char *
rule_action_name(unsigned action)
{
	for (size_t t = 0; t < sizeof(rule_types) / sizeof(rule_types[0]); t++)
		if (action == rule_types[t].action)
			return rule_types[t].name;
	return NULL;
}

void
rule_spec_print(FILE *f, const struct v6_rule_spec *r, const char *iifname)
{
	char b[12];

	fprintf(f, "%u:\tfrom ", r->priority);
	rule_print_prefix(f, &r->src, r->src_len);
	if (r->dst_len) {
		fputs(" to ", f);
		rule_print_prefix(f, &r->dst, r->dst_len);
	}
	if (iifname)
		fprintf(f, " iif %s", iifname);
	if (rule_action_name(r->action)) {
		fprintf(f, " %s\n", rule_action_name(r->action));
		return;
	}
	fprintf(f, " lookup %s\n", route_table_name(r->table ? r->table
	    : V6_RT_TABLE_MAIN, b, sizeof(b)));
}
