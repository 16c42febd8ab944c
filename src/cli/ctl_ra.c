/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control socket's "ra" verb (v6stack ra, route.c): `ra show [dev
 * IFACE]` prints what each interface advertises (v6_radv_get) as a
 * radvd.conf block (radvd_conf_print: flags, intervals, lifetimes,
 * prefixes, routes, RDNSS, DNSSL; RFC 4861 6.2.1 variables by their
 * radvd.conf(5) names) and when the next RA goes out. The answer ends
 * with "#exit N": 0, 1 for an unknown device, 2 for bad syntax. With -j,
 * one JSON array of the interfaces' configurations (radvd_conf_json).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/ctl_server.h"
#include "cli/radvd_conf.h"

/* One interface's block and "# next RA in X.XXXs" / "# not advertising". */
static void
ra_show_one(FILE *f, struct v6_iface *ifp, uint64_t now)
{
	v6_time_t next;
	const struct v6_radv_conf *c = v6_radv_get(ifp, &next);
	uint64_t ms;

	if (!c) {
		fprintf(f, "# %s: no Router Advertisement configuration\n",
		    v6_iface_name(ifp));
		return;
	}
	radvd_conf_print(f, v6_iface_name(ifp), c);
	if (next == V6_TIME_NEVER) {
		fputs("# not advertising\n", f);
		return;
	}
	ms = next > now ? (next - now) / V6_NS_PER_MS : 0;
	fprintf(f, "# next RA in %" PRIu64 ".%03" PRIu64 "s\n", ms / 1000, ms % 1000);
}

/* The same as one object of the -j array. */
static void
ra_show_one_json(struct v6_json *j, struct v6_iface *ifp, uint64_t now)
{
	v6_time_t next;
	const struct v6_radv_conf *c = v6_radv_get(ifp, &next);
	int64_t ms = -1;

	if (c && next != V6_TIME_NEVER)
		ms = next > now ? (int64_t)((next - now) / V6_NS_PER_MS) : 0;
	radvd_conf_json(j, v6_iface_name(ifp), c, ms);
}

/* "show [dev IFACE]". */
static int
ra_show(struct run_ctx *r, FILE *f, const char *args, bool json)
{
	struct v6_json j;
	const char *dev = NULL;
	uint64_t now = run_mono_ns();

	if (*args) {
		if (strncmp(args, "dev ", 4) || !args[4] || strchr(args + 4, ' ')) {
			fputs("usage: v6stack ra show [dev IFACE]\n", f);
			return 2;
		}
		dev = args + 4;
		if (!v6_iface_by_name(r->stack, dev)) {
			fprintf(f, "Cannot find device \"%s\"\n", dev);
			return 1;
		}
	}
	if (json) {
		v6_json_init(&j, f);
		v6_json_open(&j, NULL, '[');
	}
	for (unsigned i = 0; i < r->n_ifs; i++) {
		struct v6_iface *ifp = r->ifs[i].iface;

		if (dev && strcmp(v6_iface_name(ifp), dev))
			continue;
		if (json)
			ra_show_one_json(&j, ifp, now);
		else
			ra_show_one(f, ifp, now);
	}
	if (json)
		v6_json_end(&j);
	return 0;
}

void
ctl_ra(struct ctl_req *q)
{
	const char *sp;
	char sub[16];
	int rc;
	FILE *f = ctl_iproute_open(q, sub, sizeof(sub), &sp);

	if (!f)
		return;
	if (!*sub || !strcmp(sub, "show") || !strcmp(sub, "list")) {
		rc = ra_show(q->run, f, sp, q->json);
	} else {
		fprintf(f, "v6stack ra: unknown subcommand '%s'\n", sub);
		rc = 2;
	}
	ctl_iproute_close(f, rc);
}
