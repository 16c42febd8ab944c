/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control socket's "rule" verb (v6stack rule, route.c): show, add and
 * del on the stack's routing rules in `ip -6 rule` syntax (rule_args.c).
 * The answer ends with "#exit N": 0, 1 for bad syntax, 2 for a request the
 * rules refused (ip's "RTNETLINK answers: ..." status).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/ctl_server.h"
#include "cli/route_json.h"
#include "cli/rule_args.h"

static void
show_one(void *ctx, const struct v6_rule_spec *r)
{
	rule_spec_print(ctx, r, r->iif ? v6_iface_name(r->iif) : NULL);
}

static void
show_one_json(void *ctx, const struct v6_rule_spec *r)
{
	rule_spec_json(ctx, r, r->iif ? v6_iface_name(r->iif) : NULL);
}

void
ctl_rule(struct ctl_req *q)
{
	struct v6_stack *s = q->run->stack;
	const char *sp;
	char sub[16], err[256];
	struct v6_rule_spec spec;
	int rc = 0;
	FILE *f = ctl_iproute_open(q, sub, sizeof(sub), &sp);

	if (!f)
		return;
	if (!*sub || !strcmp(sub, "show") || !strcmp(sub, "list")) {
		if (q->json) {
			struct v6_json j;

			v6_json_init(&j, f);
			v6_json_open(&j, NULL, '[');
			v6_rule_foreach(s, show_one_json, &j);
			v6_json_end(&j);
		} else {
			v6_rule_foreach(s, show_one, f);
		}
	} else if (!strcmp(sub, "add") || !strcmp(sub, "del") || !strcmp(sub, "delete")) {
		if (rule_spec_parse_line(sp, &spec, ctl_dev_by_name, s, err, sizeof(err)) < 0) {
			fprintf(f, "%s\n", err);
			rc = 1;
		} else if ((sub[0] == 'd' ? v6_rule_del(s, &spec, err, sizeof(err))
					  : v6_rule_add(s, &spec, err, sizeof(err))) < 0) {
			fprintf(f, "RTNETLINK answers: %s\n", err);
			rc = 2;
		} else {
			printf("rule %s %s\n", sub, sp);
			fflush(stdout);
		}
	} else {
		fprintf(f, "v6stack rule: unknown subcommand '%s'\n", sub);
		rc = 2;
	}
	ctl_iproute_close(f, rc);
}
