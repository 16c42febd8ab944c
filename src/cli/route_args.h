/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `ip -6 route` arguments: parse `ip -6 route add` syntax into a
 * struct v6_route_spec, print a spec as `ip -6 route show` and a query
 * result as `ip -6 route get` do. Independent of the core: devices are
 * looked up through a callback and printed by the name the caller gives.
 */
#ifndef V6_CLI_ROUTE_ARGS_H
#define V6_CLI_ROUTE_ARGS_H

#include <stddef.h>
#include <stdio.h>

#include "v6stack/v6stack.h"

/* Most words one spec line may hold, and the longest line route_spec_parse_line splits. */
#define ROUTE_ARGS_MAX_WORDS 32
#define ROUTE_ARGS_LINE_MAX 512

/*
 * Parse `[TYPE] PREFIX|default [via ADDR] [dev NAME] [metric N|preference N]
 * [proto NAME|N] [mtu N] [table ID]` (argv[0] is the first word, not a program name).
 * dev_by_name(ctx, name) returns the interface or NULL ("Cannot find
 * device"); it may be NULL when no spec names a device. Fills *out (zeroed
 * first; defaults left 0 as struct v6_route_spec means them). Returns 0, or
 * -1 with an iproute2-worded message in err.
 */
int route_spec_parse(int argc, char **argv, struct v6_route_spec *out,
    struct v6_iface *(*dev_by_name)(void *ctx, const char *name), void *ctx,
    char *err, size_t errlen);

/* The same from one line, split at blanks into a fixed buffer (no
 * allocation); a line longer than ROUTE_ARGS_LINE_MAX or with more than
 * ROUTE_ARGS_MAX_WORDS words is an error. */
int route_spec_parse_line(const char *line, struct v6_route_spec *out,
    struct v6_iface *(*dev_by_name)(void *ctx, const char *name), void *ctx,
    char *err, size_t errlen);

/* One line (with newline) as `ip -6 route show` prints the route; devname
 * is r->dev's name (NULL: no "dev"; reject types always print "dev lo");
 * r->table other than 0 and main printed as "table N" (the caller zeroes
 * it for a listing of one table, as ip prints none there). */
void route_spec_print(FILE *f, const struct v6_route_spec *r, const char *devname);

/* One line as `ip -6 route get DST` prints it; reject types print the
 * error ip prints ("RTNETLINK answers: No route to host"); V6_RTN_LOCAL
 * prints Linux's local-table line ("local ADDR from :: dev lo table local
 * proto kernel src ADDR metric 0 pref medium"). r->mtu is printed ("mtu N",
 * as Linux does for a route or cached PMTU below the link's) when not 0:
 * the caller passes 0 when it is just the interface's MTU. */
void route_result_print(FILE *f, const struct in6_addr *dst,
    const struct v6_route_result *r, const char *devname);

/* The same for `ip -6 route get DST from FROM iif IIF` (either NULL when
 * not given): "from FROM", and for iif no "src" but "iif IIF". */
void route_result_print_flow(FILE *f, const struct in6_addr *dst,
    const struct in6_addr *from, const char *iifname,
    const struct v6_route_result *r, const char *devname);

/* A table by iproute2's name (main, local, default) or number 1..2^32-1;
 * 0 or -1. route_table_name gives the name back (buf for a number). */
int route_table_parse(const char *s, uint32_t *id);
const char *route_table_name(uint32_t id, char *buf, size_t len);

/* Shared with rule_args.c: the message into err (-1 returned); decimal
 * 0..max, no sign, no blanks (0 or -1); ADDR/LEN, ADDR (/128) or default
 * (/0), 0 or -1. */
int route_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int route_parse_u32(const char *s, uint32_t max, uint32_t *out);
int route_parse_prefix(const char *s, struct in6_addr *a, unsigned *len);

/* What `ip -6 route get` prints when there is no route at all
 * (v6_route_query returned -1): "RTNETLINK answers: Network is unreachable". */
void route_result_print_none(FILE *f);

/* The protocol's name as iproute2 prints it, or NULL for a bare number. */
const char *route_proto_name(unsigned proto);
/* A route type's name as ip prints it (blackhole, ...; "unicast" for
 * any other). */
const char *route_type_name(unsigned type);
/* A route's prefix as ip names it: "default" for /0, the bare address for
 * a /128, else ADDR/LEN with the bits past LEN cleared; into buf (at
 * least INET6_ADDRSTRLEN + 4 bytes). */
const char *route_prefix_fmt(const struct in6_addr *a, unsigned len, char *buf,
    size_t n);

#endif
