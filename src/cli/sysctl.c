/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack sysctl: read or set a running stack's tunables, as sysctl(8)
 * does the kernel's: `v6stack sysctl net.ipv6.conf.eth0.forwarding`
 * prints "net.ipv6.conf.eth0.forwarding = 1", `-w KEY=VALUE` sets it
 * (v6_sysctl_set's rules and messages). The server half is ctl_sysctl.c's
 * verb "sysctl" (request "sysctl KEY" or "sysctl KEY=VALUE"; the answer's
 * last line "#exit N" carries the exit status).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ctl.h"

static const struct v6_ctl_client sysctl_client = {
	"v6stack sysctl", "-i IFACE or --ctl"
};

static int
sysctl_usage(FILE *f)
{
	fputs("usage: v6stack sysctl [-w] KEY[=VALUE] [-i IFACE] [--ctl SOCKET]\n"
	      "  KEY          net.ipv6.* as sysctl(8) names it (the prefix may be left out)\n"
	      "  -w           KEY=VALUE sets the tunable (KEY=VALUE alone does too)\n"
	      "  -i IFACE     picks the control socket " V6_CTL_PREFIX "IFACE\n"
	      "  --ctl SOCKET the control socket: a path, or @NAME an abstract name\n"
	      "               (default: the only stack in this network namespace)\n",
	    f);
	return f == stdout ? 0 : 2;
}

/* The options that take a value (for "needs a value"). */
static const char *const ctl_opts[] = { "-i", "--ctl", NULL };

int
v6_cli_sysctl(int argc, char **argv)
{
	char path[V6_CTL_PATH_MAX] = "", req[V6_CTL_REQ_MAX];
	const char *ifname = NULL, *kv = NULL;
	bool write = false;
	int fd, rc;

	if (v6_cli_help_asked(argc, argv))
		return sysctl_usage(stdout);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-w"))
			write = true;
		else if (!strcmp(argv[i], "-i") && i + 1 < argc)
			ifname = argv[++i];
		else if (!strcmp(argv[i], "--ctl") && i + 1 < argc)
			snprintf(path, sizeof(path), "%s", argv[++i]);
		else if (argv[i][0] != '-' && !kv)
			kv = argv[i];
		else
			return v6_cli_bad_arg("v6stack sysctl", ctl_opts, argv, i),
			    sysctl_usage(stderr);
	}
	/* sysctl(8): -w needs KEY=VALUE; KEY=VALUE alone writes too. */
	if (!kv || strchr(kv, ' ') || (write && !strchr(kv, '=')) ||
	    strlen(kv) + 8 >= sizeof(req))
		return sysctl_usage(stderr);
	if ((rc = v6_ctl_locate(&sysctl_client, ifname, path, sizeof(path))) != 0)
		return rc;
	snprintf(req, sizeof(req), "sysctl %s\n", kv);
	if ((fd = v6_ctl_request(&sysctl_client, path, req)) < 0)
		return 1;
	rc = v6_ctl_relay(fd, NULL);
	close(fd);
	return rc;
}
