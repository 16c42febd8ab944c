/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack stats / v6stack show: ask a running stack over its control
 * socket and print the answer. stats prints the SNMP counters in nstat's
 * format; show drops|neigh|addr|... the drop reasons, neighbour cache,
 * addresses, what Router Advertisements taught and the links' own
 * counters.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ctl.h"

static const struct v6_ctl_client stats_client = { "v6stack", "-i IFACE" };

/* The verbs `show` passes on (ctl_server.c serves them). */
static const char *const show_verbs[] = {
	"drops", "neigh", "addr", "frag", "routers", "routes", "dns", "prefixes",
	"link",
};

static int
usage(FILE *f)
{
	fputs("usage: v6stack stats [-a] [-z] [-j] [PATTERN...] [-i IFACE | -s SOCKET]\n"
	      "       v6stack show [-j] drops|neigh|addr|frag|routers|prefixes|routes|dns|link\n"
	      "                    [-i IFACE | -s SOCKET]\n"
	      "       v6stack show addr -l   (with lifetimes)\n"
	      "  PATTERN    only the counters whose names match, as nstat's patterns\n"
	      "             (shell wildcards * and ?, in any case: Icmp6*)\n"
	      "  -a         absolute values, as nstat -a (they always are)\n"
	      "  -z         also counters that are zero\n"
	      "  -j, --json one JSON document, as nstat -j (stats) and ip -j (show):\n"
	      "             iproute2's key names where it has the object\n"
	      "  -i IFACE   the stack whose first interface is IFACE\n"
	      "  -s, --ctl SOCKET  the control socket: a path, or @NAME an abstract name\n"
	      "             (default: the only stack in this network namespace)\n", f);
	return f == stdout ? 0 : 2;
}

static int
is_show_verb(const char *what)
{
	for (size_t i = 0; i < sizeof(show_verbs) / sizeof(show_verbs[0]); i++)
		if (!strcmp(what, show_verbs[i]))
			return 1;
	return 0;
}

/* The options that take a value (for "needs a value"). */
static const char *const stats_opts[] = { "-i", "-s", "--ctl", NULL };

int
v6_cli_stats(int argc, char **argv)
{
	char path[V6_CTL_PATH_MAX] = "", req[V6_CTL_REQ_MAX], buf[4096];
	int zero = 0, lifetimes = 0, json = 0, show = !strcmp(argv[0], "show");
	const char *what = show ? NULL : "stats";
	const char *prog = show ? "v6stack show" : "v6stack stats";
	/* The patterns, as the request carries them: " PAT PAT ..." */
	char pats[V6_CTL_REQ_MAX] = "";
	size_t plen = 0;
	int fd, rc;
	ssize_t n;

	if (v6_cli_help_asked(argc, argv))
		return usage(stdout);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-z"))
			zero = 1;
		else if (!strcmp(a, "-a") && !show)
			; /* nstat's absolute values: ours always are */
		else if (!strcmp(a, "-j") || !strcmp(a, "--json") || !strcmp(a, "-json"))
			json = 1;
		else if (!strcmp(a, "-l") && what && !strcmp(what, "addr"))
			lifetimes = 1;
		else if (!strcmp(a, "-i") && i + 1 < argc)
			v6_ctl_path(argv[++i], path, sizeof(path));
		else if ((!strcmp(a, "-s") || !strcmp(a, "--ctl")) && i + 1 < argc)
			snprintf(path, sizeof(path), "%s", argv[++i]);
		else if (show && !what && is_show_verb(a))
			what = a;
		else if (show && !what && a[0] != '-') {
			fprintf(stderr, "v6stack show: unknown object '%s' (drops, neigh, "
					"addr, frag, routers, prefixes, routes, dns, link)\n", a);
			return usage(stderr);
		} else if (!show && a[0] != '-' && a[0]) {
			if (strcspn(a, " \r\n") != strlen(a) ||
			    plen + 1 + strlen(a) >= sizeof(pats) - 32) {
				fprintf(stderr, "v6stack stats: pattern '%s': too long, or "
						"with a space\n", a);
				return 2;
			}
			plen += (size_t)snprintf(pats + plen, sizeof(pats) - plen, " %s", a);
		} else {
			return v6_cli_bad_arg(prog, stats_opts, argv, i), usage(stderr);
		}
	}
	if (!what)
		return usage(stderr);
	if ((rc = v6_ctl_locate(&stats_client, NULL, path, sizeof(path))) != 0)
		return rc;
	snprintf(req, sizeof(req), "%s%s%s%s%s\n", what, zero ? " -z" : "",
	    lifetimes ? " -l" : "", json ? " -j" : "", pats);
	if ((fd = v6_ctl_request(&stats_client, path, req)) < 0)
		return 1;
	/* The answer as it comes: it carries no exit status. */
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return 0;
}
