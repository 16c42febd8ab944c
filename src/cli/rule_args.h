/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `ip -6 rule` arguments: parse `ip -6 rule add|del` syntax into a struct
 * v6_rule_spec and print a rule as `ip -6 rule show` does. Independent of
 * the core, as route_args.h (devices through a callback, printed by the
 * name the caller gives).
 */
#ifndef V6_CLI_RULE_ARGS_H
#define V6_CLI_RULE_ARGS_H

#include <stddef.h>
#include <stdio.h>

#include "v6stack/v6stack.h"

/*
 * Parse `[from PREFIX|all] [to PREFIX|all] [iif NAME] [priority N]
 * [lookup|table ID] [blackhole|unreachable|prohibit]` (pref and preference
 * for priority, "type TYPE" for the bare type, as iproute2). argv[0] is
 * the first word. Fills *out (zeroed first: what is not given stays 0).
 * Returns 0, or -1 with an iproute2-worded message in err.
 */
int rule_spec_parse_line(const char *line, struct v6_rule_spec *out,
    struct v6_iface *(*dev_by_name)(void *ctx, const char *name), void *ctx,
    char *err, size_t errlen);

/* One line (with newline) as `ip -6 rule show` prints the rule; iifname
 * is r->iif's name. */
void rule_spec_print(FILE *f, const struct v6_rule_spec *r, const char *iifname);
/* A reject action's name (blackhole, unreachable, prohibit); NULL for
 * lookup. */
const char *rule_action_name(unsigned action);

#endif
