/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack addr add: add an address to a running stack (as `ip addr add`),
 * over its control socket. The stack runs DAD on it (RFC 4862 5.4), joins
 * its solicited-node group and reports that to MLD routers (RFC 3810 6.1).
 * The server half is ctl_server.c's verb "addr-add" (request
 * "addr-add IFACE|- ADDR/PLEN"; the answer's last line "#exit N" carries
 * the exit status).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ctl.h"

static const struct v6_ctl_client addr_client = {
	"v6stack addr", "-i IFACE or --ctl"
};

static int
addr_usage(FILE *f)
{
	fputs("usage: v6stack addr add ADDR[/PLEN] [-i IFACE] [--ctl SOCKET]\n"
	      "  -i IFACE     the stack's interface (default: its first); also\n"
	      "               picks the control socket " V6_CTL_PREFIX "IFACE\n"
	      "  --ctl SOCKET the control socket: a path, or @NAME an abstract name\n"
	      "               (default: the only stack in this network namespace)\n",
	    f);
	return f == stdout ? 0 : 2;
}

/* The options that take a value (for "needs a value"). */
static const char *const ctl_opts[] = { "-i", "--ctl", NULL };

int
v6_cli_addr(int argc, char **argv)
{
	char path[V6_CTL_PATH_MAX] = "", req[V6_CTL_REQ_MAX];
	const char *ifname = NULL, *addr = NULL;
	int fd, rc;

	if (v6_cli_help_asked(argc, argv))
		return addr_usage(stdout);
	if (argc < 3 || strcmp(argv[1], "add") != 0)
		return addr_usage(stderr);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-i") && i + 1 < argc)
			ifname = argv[++i];
		else if (!strcmp(argv[i], "--ctl") && i + 1 < argc)
			snprintf(path, sizeof(path), "%s", argv[++i]);
		else if (argv[i][0] != '-' && !addr)
			addr = argv[i];
		else
			return v6_cli_bad_arg("v6stack addr", ctl_opts, argv, i),
			    addr_usage(stderr);
	}
	if (!addr || strchr(addr, ' '))
		return addr_usage(stderr);
	if ((rc = v6_ctl_locate(&addr_client, ifname, path, sizeof(path))) != 0)
		return rc;
	snprintf(req, sizeof(req), "addr-add %s %s\n", ifname ? ifname : "-", addr);
	if ((fd = v6_ctl_request(&addr_client, path, req)) < 0)
		return 1;
	rc = v6_ctl_relay(fd, NULL);
	close(fd);
	return rc;
}
