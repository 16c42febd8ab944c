/*
 * The control socket's "route" verb (v6stack route, route.c): show, add,
 * replace, del and get on the stack's forwarding table, in `ip -6 route`
 * syntax (route_args.c parses and prints it). The answer ends with
 * "#exit N", the client's exit status: 0, 2 for a request the table
 * refused (ip's "RTNETLINK answers: ..." status), 2 for bad syntax.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "cli/ctl_server.h"
#include "cli/route_args.h"

static struct v6_iface *
dev_by_name(void *ctx, const char *name)
{
	return v6_iface_by_name(ctx, name);
}

static void
show_one(void *ctx, const struct v6_route_spec *r)
{
	route_spec_print(ctx, r, r->dev ? v6_iface_name(r->dev) : NULL);
}

/* "get ADDR": as `ip -6 route get ADDR`. */
static int
route_get(struct ctl_req *q, FILE *f, const char *arg)
{
	struct in6_addr dst;
	struct v6_route_result res;

	while (*arg == ' ')
		arg++;
	if (inet_pton(AF_INET6, arg, &dst) != 1) {
		fprintf(f, "Error: inet6 prefix is expected rather than \"%s\".\n", arg);
		return 1;
	}
	if (v6_route_query(q->run->stack, &dst, &res, run_mono_ns()) < 0) {
		route_result_print_none(f);
		return 2;
	}
	route_result_print(f, &dst, &res, res.dev ? v6_iface_name(res.dev) : NULL);
	/* ip exits 2 with its RTNETLINK error for the reject types. */
	return res.type == V6_RTN_UNICAST || res.type == V6_RTN_LOCAL ? 0 : 2;
}

void
ctl_route(struct ctl_req *q)
{
	struct v6_stack *s = q->run->stack;
	FILE *f = fdopen(q->fd, "w");
	const char *sp = strchr(q->args, ' ');
	char sub[16], err[256];
	struct v6_route_spec spec;
	int rc = 0;

	if (!f) {
		close(q->fd);
		return;
	}
	snprintf(sub, sizeof(sub), "%.*s", sp ? (int)(sp - q->args) : (int)strlen(q->args),
	    q->args);
	sp = sp ? sp + 1 : "";
	if (!*sub || !strcmp(sub, "show") || !strcmp(sub, "list")) {
		v6_route_spec_foreach(s, show_one, f);
	} else if (!strcmp(sub, "get")) {
		rc = route_get(q, f, sp);
	} else if (!strcmp(sub, "add") || !strcmp(sub, "replace") ||
	    !strcmp(sub, "del") || !strcmp(sub, "delete")) {
		if (route_spec_parse_line(sp, &spec, dev_by_name, s, err,
			sizeof(err)) < 0) {
			fprintf(f, "%s\n", err);
			rc = 1;
		} else if ((sub[0] == 'd'
			? v6_route_del(s, &spec, err, sizeof(err))
			: v6_route_add(s, &spec, sub[0] == 'r', err, sizeof(err))) < 0) {
			fprintf(f, "RTNETLINK answers: %s\n", err);
			rc = 2;
		} else {
			printf("route %s %s\n", sub, sp);
			fflush(stdout);
		}
	} else {
		fprintf(f, "v6stack route: unknown subcommand '%s'\n", sub);
		rc = 2;
	}
	fprintf(f, "#exit %d\n", rc);
	fclose(f);
}
