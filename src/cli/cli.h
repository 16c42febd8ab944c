/* SPDX-License-Identifier: BSD-2-Clause */
/* The command-line programs: one entry point per subcommand. */
#ifndef V6_CLI_CLI_H
#define V6_CLI_CLI_H

#include <stdbool.h>

int v6_cli_run(int argc, char **argv);  /* v6stack run ... (run.c) */
int v6_cli_demo(int argc, char **argv); /* v6stack demo (demo.c) */
int v6_cli_stats(int argc, char **argv); /* v6stack stats|show (stats.c) */

int v6_cli_ping(int argc, char **argv); /* v6stack ping (ping.c) */
int v6_cli_addr(int argc, char **argv); /* v6stack addr add (addr.c) */
int v6_cli_sysctl(int argc, char **argv); /* v6stack sysctl (sysctl.c) */
int v6_cli_route(int argc, char **argv); /* v6stack route (route.c) */
int v6_cli_rule(int argc, char **argv);  /* v6stack rule (route.c) */
int v6_cli_ra(int argc, char **argv);    /* v6stack ra show (route.c) */
int v6_cli_explain(int argc, char **argv); /* v6stack explain CAPTURE (explain.c) */

/* -h or --help among a command's arguments (argv[0] is the command): it
 * prints its usage on stdout and exits 0, as iproute2 and iputils do. */
bool v6_cli_help_asked(int argc, char **argv);
/* Say why argv[i] is refused, on stderr: "PROG: OPT needs a value" (one of
 * with_value, NULL-terminated, given last), "PROG: unknown option 'OPT'",
 * or "PROG: unexpected argument 'ARG'". */
void v6_cli_bad_arg(const char *prog, const char *const *with_value,
    char **argv, int i);

#endif
