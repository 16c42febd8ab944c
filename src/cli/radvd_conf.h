/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * radvd.conf (radvd.conf(5), radvd 2.19) for `v6stack run --radvd-conf`:
 * parse its text into one struct v6_radv_conf per interface block, and
 * print a configuration back in the same syntax (`v6stack ra show`).
 * Independent of the core: the names are checked by the caller. Options
 * radvd knows and v6stack does not implement are refused, never ignored.
 */
#ifndef V6_CLI_RADVD_CONF_H
#define V6_CLI_RADVD_CONF_H

#include <stddef.h>
#include <stdio.h>

#include "v6stack/v6stack.h"

#define RADVD_CONF_FILE_MAX (1024 * 1024) /* bytes read from a file */
#define RADVD_CONF_WORD_MAX 255           /* longest word (radvd: 255) */
#define RADVD_CONF_MAX_IFACES V6_MAX_IFACES

/* One `interface NAME { ... };` block. */
struct radvd_conf_iface {
	char name[V6_IFNAME_MAX + 1];
	unsigned line;             /* of the word "interface" */
	struct v6_radv_conf conf;
};

struct radvd_conf {
	struct radvd_conf_iface ifs[RADVD_CONF_MAX_IFACES];
	unsigned n_ifs;
};

/*
 * Parse len bytes of text (need not end in '\0'; a '\0' inside is an
 * error). file names the input in messages. Fills *out (the interfaces in
 * file order, options radvd's defaults unless given). Returns 0, or -1
 * with "FILE:LINE: message" in err: a syntax error, a value radvd refuses
 * (radvd.conf(5); RFC 4861 6.2.1 bounds), a bound of struct v6_radv_conf
 * (V6_RADV_MAX_*), or "OPTION: not supported by v6stack".
 */
int radvd_conf_parse(const char *file, const char *text, size_t len,
    struct radvd_conf *out, char *err, size_t errlen);

/* The same from a file of at most RADVD_CONF_FILE_MAX bytes ("FILE: ..."
 * when it cannot be read or is larger). */
int radvd_conf_read(const char *file, struct radvd_conf *out, char *err,
    size_t errlen);

/*
 * Print c as an `interface NAME { ... };` block radvd_conf_parse reads
 * back to the same struct: every option with its value; one left to be
 * derived (MinRtrAdvInterval 0, lifetimes -1) as a comment giving the
 * value it takes.
 */
void radvd_conf_print(FILE *f, const char *name, const struct v6_radv_conf *c);

/* What a lifetime left to be derived (-1) comes to, in seconds, as the
 * core derives it (radv.c): the Router Lifetime 3 * MaxRtrAdvInterval
 * (RFC 4861 6.2.1; at least 1), a route's 3 * MaxRtrAdvInterval in whole
 * seconds (RFC 4191 2.3), RDNSS and DNSSL MaxRtrAdvInterval. */
enum radvd_life { RADVD_LIFE_ROUTER, RADVD_LIFE_ROUTE, RADVD_LIFE_DNS };
uint64_t radvd_conf_derived_life(enum radvd_life which, uint32_t max_ms);

/* The same as one JSON object (radvd_conf_json.c): "interface", the
 * options by their radvd.conf names with derived values resolved, and
 * "next_ra_ms" (null: not advertising); c NULL: "config" null. */
struct v6_json;
void radvd_conf_json(struct v6_json *j, const char *name,
    const struct v6_radv_conf *c, int64_t next_ra_ms);

#endif
