/*
 * v6stack route: `ip -6 route` for a running stack, over its control
 * socket: add, replace and del take `ip -6 route add` syntax, show lists
 * the forwarding table as `ip -6 route show` does, get ADDR says what a
 * packet to ADDR would do as `ip -6 route get`. The server half is
 * ctl_route.c (request "route SUBCOMMAND ARGS"; the answer's last line
 * "#exit N" carries the exit status).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ctl.h"

static const struct v6_ctl_client route_client = {
	"v6stack route", "-I IFACE or --ctl"
};

static int
route_usage(void)
{
	fputs("usage: v6stack route [show]                 [-I IFACE] [--ctl SOCKET]\n"
	      "       v6stack route add|replace|del SPEC    [-I IFACE] [--ctl SOCKET]\n"
	      "       v6stack route get ADDR                [-I IFACE] [--ctl SOCKET]\n"
	      "  SPEC       as `ip -6 route add` takes it: [TYPE] PREFIX|default\n"
	      "             [via ADDR] [dev NAME] [metric N] [proto P] [mtu N];\n"
	      "             TYPE unicast (default), blackhole, unreachable, prohibit\n"
	      "  -I IFACE   the stack whose first interface is IFACE (picks the\n"
	      "             control socket " V6_CTL_DIR "/IFACE.sock)\n"
	      "  --ctl SOCKET the control socket (default: the only one running)\n",
	    stderr);
	return 2;
}

int
v6_cli_route(int argc, char **argv)
{
	char path[V6_CTL_PATH_MAX] = "", req[V6_CTL_REQ_MAX];
	const char *ifname = NULL, *sub = argc > 1 ? argv[1] : "show";
	size_t len;
	int fd, rc, i = argc > 1 ? 2 : 1;

	if (strcmp(sub, "show") && strcmp(sub, "list") && strcmp(sub, "add") &&
	    strcmp(sub, "replace") && strcmp(sub, "del") && strcmp(sub, "delete") &&
	    strcmp(sub, "get"))
		return route_usage();
	len = (size_t)snprintf(req, sizeof(req), "route %s", sub);
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-I") && i + 1 < argc) {
			ifname = argv[++i];
			continue;
		}
		if (!strcmp(argv[i], "--ctl") && i + 1 < argc) {
			snprintf(path, sizeof(path), "%s", argv[++i]);
			continue;
		}
		if (strchr(argv[i], '\n') ||
		    len + 1 + strlen(argv[i]) + 2 > sizeof(req)) {
			fprintf(stderr, "v6stack route: arguments too long\n");
			return 2;
		}
		len += (size_t)snprintf(req + len, sizeof(req) - len, " %s", argv[i]);
	}
	snprintf(req + len, sizeof(req) - len, "\n");
	if ((rc = v6_ctl_locate(&route_client, ifname, path, sizeof(path))) != 0)
		return rc;
	if ((fd = v6_ctl_request(&route_client, path, req)) < 0)
		return 1;
	rc = v6_ctl_relay(fd, NULL);
	close(fd);
	return rc;
}
