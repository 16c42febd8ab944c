/* SPDX-License-Identifier: BSD-2-Clause */
/* v6stack: the command-line entry point. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "v6stack/version.h"

static void
usage(FILE *f)
{
	fputs("usage: v6stack COMMAND [OPTIONS]    (v6stack COMMAND -h: its options)\n"
	      "       v6stack -V|--version\n"
	      "\n"
	      "commands:\n"
	      "  run    attach the stack to one or more links and serve\n"
	      "         (v6stack run -h for its options)\n"
	      "  stats  a running stack's counters, in nstat's format\n"
	      "  show   drops|neigh|addr|frag|routers|prefixes|routes|dns of a running\n"
	      "         stack (v6stack show -h)\n"
	      "  ping   a running stack pings an address (v6stack ping -h)\n"
	      "  addr   add ADDR/PLEN to a running stack\n"
	      "  route  show|add|replace|del|get routes of a running stack, as ip -6 route\n"
	      "  rule   show|add|del the rules of a running stack, as ip -6 rule\n"
	      "  sysctl read or set (-w) a running stack's tunables, as sysctl(8)\n"
	      "  ra     show the Router Advertisements a running stack sends\n"
	      "         (run --radvd-conf), as radvd.conf\n"
	      "  explain  read a capture (pcap, pcapng) and say which frames a\n"
	      "         Linux receiver would not accept or act on, why, and what follows\n"
	      "  demo   the seed's scenario in network namespaces: a Linux peer\n"
	      "         resolves and pings the stack\n"
	      "  help   this text\n",
	    f);
}

bool
v6_cli_help_asked(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

void
v6_cli_bad_arg(const char *prog, const char *const *with_value, char **argv,
    int i)
{
	const char *a = argv[i];

	for (; *with_value; with_value++)
		if (!strcmp(a, *with_value)) {
			fprintf(stderr, "%s: %s needs a value\n", prog, a);
			return;
		}
	if (a[0] == '-')
		fprintf(stderr, "%s: unknown option '%s'\n", prog, a);
	else
		fprintf(stderr, "%s: unexpected argument '%s'\n", prog, a);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "run") == 0)
		return v6_cli_run(argc - 1, argv + 1);
	if (strcmp(argv[1], "demo") == 0)
		return v6_cli_demo(argc - 1, argv + 1);
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return 0;
	}
	/* As ip -V: the command's version, and the library's it runs with. */
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("v6stack %s (libv6stack %s)\n", V6STACK_VERSION, v6_version());
		return 0;
	}
	if (strcmp(argv[1], "ping") == 0)
		return v6_cli_ping(argc - 1, argv + 1);
	if (strcmp(argv[1], "addr") == 0)
		return v6_cli_addr(argc - 1, argv + 1);
	if (strcmp(argv[1], "route") == 0)
		return v6_cli_route(argc - 1, argv + 1);
	if (strcmp(argv[1], "sysctl") == 0)
		return v6_cli_sysctl(argc - 1, argv + 1);
	if (strcmp(argv[1], "rule") == 0)
		return v6_cli_rule(argc - 1, argv + 1);
	if (strcmp(argv[1], "explain") == 0)
		return v6_cli_explain(argc - 1, argv + 1);
	if (strcmp(argv[1], "ra") == 0)
		return v6_cli_ra(argc - 1, argv + 1);
	if (strcmp(argv[1], "stats") == 0 || strcmp(argv[1], "show") == 0)
		return v6_cli_stats(argc - 1, argv + 1);
	fprintf(stderr, "v6stack: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
