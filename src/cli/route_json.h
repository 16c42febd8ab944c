/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Routes, route lookups and rules as `ip -j -6 route show`, `ip -j -6
 * route get` and `ip -j -6 rule show` write them: one JSON object each,
 * with iproute2's keys in iproute2's order (print_route, print_rule), so
 * that a script written for the kernel's output reads ours. The text
 * forms are route_args.h's and rule_args.h's.
 */
#ifndef V6_CLI_ROUTE_JSON_H
#define V6_CLI_ROUTE_JSON_H

#include "cli/json.h"
#include "v6stack/v6stack.h"

/* As route_spec_print: devname is r->dev's name; r->table other than 0 and
 * main is written as "table". */
void route_spec_json(struct v6_json *j, const struct v6_route_spec *r,
    const char *devname);
/* As route_result_print_flow, for the types it prints a route for
 * (unicast and local; the reject types are an error, not an object). */
void route_result_json(struct v6_json *j, const struct in6_addr *dst,
    const struct in6_addr *from, const char *iifname,
    const struct v6_route_result *r, const char *devname);
/* As rule_spec_print. */
void rule_spec_json(struct v6_json *j, const struct v6_rule_spec *r,
    const char *iifname);

#endif
