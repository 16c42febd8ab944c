/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack route and v6stack rule: `ip -6 route` and `ip -6 rule` for a
 * running stack, over its control socket. route add, replace and del take
 * `ip -6 route add` syntax, show lists a table as `ip -6 route show` does,
 * get ADDR says what a packet to ADDR would do as `ip -6 route get`; rule
 * add, del and show take and print `ip -6 rule` syntax. The server halves
 * are ctl_route.c and ctl_rule.c (request "route|rule SUBCOMMAND ARGS";
 * the answer's last line "#exit N" carries the exit status). v6stack ra
 * show prints the Router Advertisement configuration (ctl_ra.c) the same
 * way.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/ctl.h"

struct iproute_verb {
	const char *verb;
	const char *const *subs; /* NULL-terminated; subs[0] is the default */
	const char *usage;
	struct v6_ctl_client client;
};

static const char *const route_subs[] = { "show", "list", "add", "replace",
	"del", "delete", "get", NULL };
static const char *const ra_subs[] = { "show", "list", NULL };
static const char *const rule_subs[] = { "show", "list", "add", "del",
	"delete", NULL };

#define CTL_OPTS_USAGE \
	"  -j, --json one JSON document, as ip -j (anywhere among the words)\n" \
	"  -I IFACE   the stack whose first interface is IFACE (picks the\n" \
	"             control socket " V6_CTL_PREFIX "IFACE)\n" \
	"  --ctl SOCKET the control socket: a path, or @NAME an abstract name\n" \
	"             (default: the only stack in this network namespace)\n"

static const struct iproute_verb route_verb = {
	"route", route_subs,
	"usage: v6stack route [-j] [show [table ID|all]]   [-I IFACE] [--ctl SOCKET]\n"
	"       v6stack route add|replace|del SPEC         [-I IFACE] [--ctl SOCKET]\n"
	"       v6stack route [-j] get ADDR [from ADDR] [iif NAME] [-I IFACE] [--ctl SOCKET]\n"
	"  SPEC       as `ip -6 route add` takes it: [TYPE] PREFIX|default\n"
	"             [via ADDR] [dev NAME] [metric N] [proto P] [mtu N] [table ID];\n"
	"             TYPE unicast (default), blackhole, unreachable, prohibit, throw\n"
	CTL_OPTS_USAGE,
	{ "v6stack route", "-I IFACE or --ctl" },
};

static const struct iproute_verb rule_verb = {
	"rule", rule_subs,
	"usage: v6stack rule [-j] [show]             [-I IFACE] [--ctl SOCKET]\n"
	"       v6stack rule add|del SELECTOR ACTION [-I IFACE] [--ctl SOCKET]\n"
	"  SELECTOR   as `ip -6 rule` takes it: [from PREFIX|all] [to PREFIX|all]\n"
	"             [iif NAME] [priority N]\n"
	"  ACTION     [lookup|table ID] (default main), blackhole, unreachable,\n"
	"             prohibit\n"
	CTL_OPTS_USAGE,
	{ "v6stack rule", "-I IFACE or --ctl" },
};

static const struct iproute_verb ra_verb = {
	"ra", ra_subs,
	"usage: v6stack ra [-j] [show [dev IFACE]]  [-I IFACE] [--ctl SOCKET]\n"
	"  show       what each interface advertises (--radvd-conf), as radvd.conf\n"
	"             blocks, and when the next Router Advertisement goes out\n"
	CTL_OPTS_USAGE,
	{ "v6stack ra", "-I IFACE or --ctl" },
};

static int
is_json_opt(const char *a)
{
	return !strcmp(a, "-j") || !strcmp(a, "--json") || !strcmp(a, "-json");
}

static int
iproute_client(const struct iproute_verb *v, int argc, char **argv)
{
	char path[V6_CTL_PATH_MAX] = "", req[V6_CTL_REQ_MAX];
	const char *ifname = NULL, *sub;
	size_t len, k;
	int fd, rc, i = 1, json = 0;

	if (v6_cli_help_asked(argc, argv)) {
		fputs(v->usage, stdout);
		return 0;
	}
	/* -j, --json: anywhere, as `ip -j route` and `ip route show -j`... */
	for (int a = 1; a < argc; a++)
		if (is_json_opt(argv[a]))
			json = 1;
	/* ...and not a word of the request. */
	while (i < argc && is_json_opt(argv[i]))
		i++;
	sub = i < argc ? argv[i++] : v->subs[0];
	for (k = 0; v->subs[k] && strcmp(sub, v->subs[k]); k++)
		;
	if (!v->subs[k]) {
		fputs(v->usage, stderr);
		return 2;
	}
	len = (size_t)snprintf(req, sizeof(req), "%s%s %s", v->verb,
	    json ? " -j" : "", sub);
	for (; i < argc; i++) {
		if (is_json_opt(argv[i]))
			continue;
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
			fprintf(stderr, "%s: arguments too long\n", v->client.prog);
			return 2;
		}
		len += (size_t)snprintf(req + len, sizeof(req) - len, " %s", argv[i]);
	}
	snprintf(req + len, sizeof(req) - len, "\n");
	if ((rc = v6_ctl_locate(&v->client, ifname, path, sizeof(path))) != 0)
		return rc;
	if ((fd = v6_ctl_request(&v->client, path, req)) < 0)
		return 1;
	rc = v6_ctl_relay(fd, NULL);
	close(fd);
	return rc;
}

int
v6_cli_route(int argc, char **argv)
{
	return iproute_client(&route_verb, argc, argv);
}

int
v6_cli_rule(int argc, char **argv)
{
	return iproute_client(&rule_verb, argc, argv);
}

int
v6_cli_ra(int argc, char **argv)
{
	return iproute_client(&ra_verb, argc, argv);
}
