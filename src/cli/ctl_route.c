/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control socket's "route" verb (v6stack route, route.c): show, add,
 * replace, del and get on the stack's forwarding table, in `ip -6 route`
 * syntax (route_args.c parses and prints it). The answer ends with
 * "#exit N", the client's exit status: 0, 2 for a request the table
 * refused (ip's "RTNETLINK answers: ..." status), 2 for bad syntax.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "cli/ctl_server.h"
#include "cli/route_args.h"
#include "cli/route_json.h"

struct v6_iface *
ctl_dev_by_name(void *ctx, const char *name)
{
	return v6_iface_by_name(ctx, name);
}

FILE *
ctl_iproute_open(struct ctl_req *q, char *sub, size_t sublen, const char **rest)
{
	FILE *f = fdopen(q->fd, "w");
	const char *args = q->args, *sp;

	if (!f) {
		close(q->fd);
		return NULL;
	}
	/* The client puts -j (ip -j) before the subcommand. */
	if (!strncmp(args, "-j", 2) && (args[2] == ' ' || !args[2]))
		args += args[2] ? 3 : 2;
	sp = strchr(args, ' ');
	snprintf(sub, sublen, "%.*s", sp ? (int)(sp - args) : (int)strlen(args), args);
	*rest = sp ? sp + 1 : "";
	return f;
}

void
ctl_iproute_close(FILE *f, int rc)
{
	fprintf(f, "#exit %d\n", rc);
	fclose(f);
}

/* Most routes Router Advertisements teach (route.c's bounds are far
 * below). */
#define SHOW_RA_MAX 256

struct show_ctx {
	FILE *f;
	struct v6_json *j; /* -j: the listing's array, else NULL */
	bool one_table; /* ip names no table when it lists one */
	bool main_seen;
	struct v6_route_spec ra[SHOW_RA_MAX]; /* in listing order */
	unsigned n_ra, next_ra;
};

static bool
bit_at(const struct in6_addr *a, unsigned i)
{
	return a->s6_addr[i / 8] >> (7 - i % 8) & 1;
}

/* Linux lists a table in post-order over the prefixes' bits (a prefix
 * after the longer ones inside it, ::/0 last), then by metric. */
static bool
listed_before(const struct v6_route_spec *a, const struct v6_route_spec *b)
{
	unsigned m = a->dst_len < b->dst_len ? a->dst_len : b->dst_len;

	for (unsigned i = 0; i < m; i++)
		if (bit_at(&a->dst, i) != bit_at(&b->dst, i))
			return !bit_at(&a->dst, i);
	if (a->dst_len != b->dst_len)
		return a->dst_len > b->dst_len;
	return a->metric < b->metric;
}

static void
ra_collect(void *ctx, const struct v6_route_spec *r)
{
	struct show_ctx *c = ctx;
	unsigned k;

	if (c->n_ra == SHOW_RA_MAX)
		return;
	for (k = c->n_ra++; k > 0 && listed_before(r, &c->ra[k - 1]); k--)
		c->ra[k] = c->ra[k - 1];
	c->ra[k] = *r;
}

static void
print_spec(const struct show_ctx *c, const struct v6_route_spec *r)
{
	struct v6_route_spec p = *r;

	if (c->one_table)
		p.table = 0;
	if (c->j)
		route_spec_json(c->j, &p, r->dev ? v6_iface_name(r->dev) : NULL);
	else
		route_spec_print(c->f, &p, r->dev ? v6_iface_name(r->dev) : NULL);
}

/* The RA-taught routes (all of main's) that Linux lists before r, or
 * every one left (r NULL). */
static void
ra_flush(struct show_ctx *c, const struct v6_route_spec *r)
{
	while (c->next_ra < c->n_ra && (!r || listed_before(&c->ra[c->next_ra], r)))
		print_spec(c, &c->ra[c->next_ra++]);
}

static void
show_one(void *ctx, const struct v6_route_spec *r)
{
	struct show_ctx *c = ctx;

	if (r->table == V6_RT_TABLE_MAIN) {
		c->main_seen = true;
		ra_flush(c, r);
	} else if (c->main_seen) {
		ra_flush(c, NULL);
	}
	print_spec(c, r);
}

/* "show [table ID|all]": as `ip -6 route show`. */
static int
route_show(struct ctl_req *q, FILE *f, const char *arg)
{
	static struct show_ctx c; /* 20 KiB: off the stack; one request at a time */
	struct v6_json j;
	uint32_t table = V6_RT_TABLE_MAIN;
	char word[16], val[16];
	int n = sscanf(arg, "%15s %15s", word, val);

	memset(&c, 0, sizeof(c));
	c.f = f;
	c.one_table = true;

	if (n >= 1 && (strcmp(word, "table") != 0 || n != 2)) {
		fprintf(f, "Error: either \"to\" is duplicate, or \"%s\" is a garbage.\n",
		    word);
		return 1;
	}
	if (n == 2 && strcmp(val, "all") == 0) {
		table = V6_RT_TABLE_UNSPEC;
		c.one_table = false;
	} else if (n == 2 && route_table_parse(val, &table) != 0) {
		fprintf(f, "Error: argument \"%s\" is wrong: table id value is invalid\n",
		    val);
		return 1;
	}
	if (q->json) {
		v6_json_init(&j, f);
		v6_json_open(&j, NULL, '[');
		c.j = &j;
	}
	/* Linux keeps what RAs teach in main: merged in its place. */
	if (table == V6_RT_TABLE_MAIN || table == V6_RT_TABLE_UNSPEC)
		v6_route_ra_spec_foreach(q->run->stack, run_mono_ns(), ra_collect, &c);
	v6_route_spec_foreach(q->run->stack, table, show_one, &c);
	ra_flush(&c, NULL);
	if (c.j)
		v6_json_end(c.j);
	return 0;
}

/* "get ADDR [from ADDR] [iif NAME]": as `ip -6 route get`. */
static int
route_get(struct ctl_req *q, FILE *f, const char *arg)
{
	struct in6_addr dst, from;
	struct v6_route_result res;
	const struct v6_iface *iif = NULL;
	char buf[256], *w[6], *save = NULL;
	int n = 0;
	bool has_from = false;

	snprintf(buf, sizeof(buf), "%s", arg);
	for (char *t = strtok_r(buf, " ", &save); t && n < 6;
	     t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	if (n < 1 || inet_pton(AF_INET6, w[0], &dst) != 1) {
		fprintf(f, "Error: inet6 prefix is expected rather than \"%s\".\n",
		    n >= 1 ? w[0] : "");
		return 1;
	}
	for (int i = 1; i < n; i += 2) {
		if (i + 1 == n) {
			fputs("Command line is not complete. Try option \"help\"\n", f);
			return 1;
		}
		if (!strcmp(w[i], "from") && inet_pton(AF_INET6, w[i + 1], &from) == 1) {
			has_from = true;
		} else if (!strcmp(w[i], "iif")) {
			if (!(iif = v6_iface_by_name(q->run->stack, w[i + 1]))) {
				fprintf(f, "Cannot find device \"%s\"\n", w[i + 1]);
				return 1;
			}
		} else {
			fprintf(f, "Error: either \"to\" is duplicate, or \"%s\" is a garbage.\n",
			    w[i]);
			return 1;
		}
	}
	if (v6_route_query(q->run->stack, &dst, has_from ? &from : NULL, iif, &res,
		run_mono_ns()) < 0) {
		route_result_print_none(f);
		return 2;
	}
	if (q->json && (res.type == V6_RTN_UNICAST || res.type == V6_RTN_LOCAL)) {
		struct v6_json j;

		v6_json_init(&j, f);
		v6_json_open(&j, NULL, '[');
		route_result_json(&j, &dst, has_from ? &from : NULL,
		    iif ? v6_iface_name(iif) : NULL, &res,
		    res.dev ? v6_iface_name(res.dev) : NULL);
		v6_json_end(&j);
	} else {
		route_result_print_flow(f, &dst, has_from ? &from : NULL,
		    iif ? v6_iface_name(iif) : NULL, &res,
		    res.dev ? v6_iface_name(res.dev) : NULL);
	}
	/* ip exits 2 with its RTNETLINK error for the reject types. */
	return res.type == V6_RTN_UNICAST || res.type == V6_RTN_LOCAL ? 0 : 2;
}

void
ctl_route(struct ctl_req *q)
{
	struct v6_stack *s = q->run->stack;
	const char *sp;
	char sub[16], err[256];
	struct v6_route_spec spec;
	int rc = 0;
	FILE *f = ctl_iproute_open(q, sub, sizeof(sub), &sp);

	if (!f)
		return;
	if (!*sub || !strcmp(sub, "show") || !strcmp(sub, "list")) {
		rc = route_show(q, f, sp);
	} else if (!strcmp(sub, "get")) {
		rc = route_get(q, f, sp);
	} else if (!strcmp(sub, "add") || !strcmp(sub, "replace") ||
	    !strcmp(sub, "del") || !strcmp(sub, "delete")) {
		if (route_spec_parse_line(sp, &spec, ctl_dev_by_name, s, err,
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
	ctl_iproute_close(f, rc);
}
