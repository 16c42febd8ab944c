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
	fputs("usage: v6stack stats [-z] [-i IFACE | -s SOCKET]\n"
	      "       v6stack show drops|neigh|addr|frag|routers|prefixes|routes|dns|link [-i IFACE | -s SOCKET]\n"
	      "       v6stack show addr -l   (with lifetimes)\n"
	      "  -i IFACE   the stack whose first interface is IFACE\n"
	      "  -s, --ctl SOCKET  the control socket: a path, or @NAME an abstract name\n"
	      "             (default: the only stack in this network namespace)\n"
	      "  -z         also counters that are zero\n", f);
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
static const char *const stats_opts[] = { "-i", "-s", NULL };

int
v6_cli_stats(int argc, char **argv)
{
	char path[V6_CTL_PATH_MAX] = "", req[32], buf[4096];
	int zero = 0, lifetimes = 0, i = 1, fd, rc;
	const char *what = "stats";
	ssize_t n;

	if (v6_cli_help_asked(argc, argv))
		return usage(stdout);
	if (strcmp(argv[0], "show") == 0) {
		if (argc < 2 || !is_show_verb(argv[1]))
			return usage(stderr);
		what = argv[1];
		i = 2;
	}
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-z"))
			zero = 1;
		else if (!strcmp(argv[i], "-l") && !strcmp(what, "addr"))
			lifetimes = 1;
		else if (!strcmp(argv[i], "-i") && i + 1 < argc)
			v6_ctl_path(argv[++i], path, sizeof(path));
		else if ((!strcmp(argv[i], "-s") || !strcmp(argv[i], "--ctl")) && i + 1 < argc)
			snprintf(path, sizeof(path), "%s", argv[++i]);
		else
			return v6_cli_bad_arg(argv[0][1] == 'h' ? "v6stack show" :
				"v6stack stats", stats_opts, argv, i), usage(stderr);
	}
	if ((rc = v6_ctl_locate(&stats_client, NULL, path, sizeof(path))) != 0)
		return rc;
	snprintf(req, sizeof(req), "%s%s%s\n", what, zero ? " -z" : "",
	    lifetimes ? " -l" : "");
	if ((fd = v6_ctl_request(&stats_client, path, req)) < 0)
		return 1;
	/* The answer as it comes: it carries no exit status. */
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return 0;
}
