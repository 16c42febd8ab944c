/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control socket's server in `v6stack run`: one request per
 * connection, dispatched by its verb through ctl_server.c's table; the
 * answers that only read the stack (stats, show ...) are in ctl_show.c.
 */
#ifndef V6_CLI_CTL_SERVER_H
#define V6_CLI_CTL_SERVER_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/json.h"
#include "cli/run.h"

/* One request, as its handler sees it. */
struct ctl_req {
	struct run_ctx *run;
	int fd;		  /* the connection */
	FILE *f;	  /* the answer, over fd (text verbs only) */
	const char *line; /* the request line, without its newline */
	const char *args; /* after the verb and a space; "" when none */
	bool zero;	  /* "-z" among the arguments: zero counters too */
	bool json;	  /* "-j" among them: one JSON document (as ip -j) */
	struct v6_json *jw; /* the answer's JSON writer, while json */
};

/* ctl_show.c: answers on q->f. */
void ctl_show_stats(struct ctl_req *q);
void ctl_show_link(struct ctl_req *q);
void ctl_show_drops(struct ctl_req *q);
void ctl_show_neigh(struct ctl_req *q);
void ctl_show_frag(struct ctl_req *q);
void ctl_show_addr(struct ctl_req *q);
void ctl_show_lifetimes(struct ctl_req *q);
void ctl_show_routers(struct ctl_req *q);
void ctl_show_routes(struct ctl_req *q);
/* Between ctl_show.c and ctl_show_ra.c: a JSON answer's frame, and
 * lifetimes (ms, UINT64_MAX forever) as seconds in JSON and as ip's text. */
struct v6_json;
uint64_t ctl_json_s(uint64_t ms);
void ctl_json_begin(struct ctl_req *q, struct v6_json *j, char bracket);
void ctl_json_finish(struct ctl_req *q);
void ctl_lifetime(FILE *f, const char *what, uint64_t ms);
void ctl_show_prefixes(struct ctl_req *q);
void ctl_show_dns(struct ctl_req *q);
/* ctl_route.c: the "route" verb; owns q->fd (answers end with "#exit N"). */
void ctl_route(struct ctl_req *q);
/* ctl_rule.c: the "rule" verb, likewise. */
void ctl_rule(struct ctl_req *q);
/* ctl_sysctl.c: the "sysctl" verb; owns q->fd (answers end with "#exit N"). */
void ctl_sysctl(struct ctl_req *q);
/* ctl_ra.c: the "ra" verb (show [dev IFACE]), likewise. */
void ctl_ra(struct ctl_req *q);
/* ctl_route.c, for both: the answer's stream over q->fd with the
 * subcommand in sub and what follows it in *rest (NULL, fd closed, when
 * it cannot be opened); its last line "#exit rc"; a device by name for
 * the argument parsers (ctx: the stack). */
FILE *ctl_iproute_open(struct ctl_req *q, char *sub, size_t sublen,
    const char **rest);
void ctl_iproute_close(FILE *f, int rc);
struct v6_iface *ctl_dev_by_name(void *ctx, const char *name);

#endif
