/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack ping: the stack sends ICMPv6 Echo Requests (RFC 4443 4.1) and
 * prints the replies and errors as iputils ping does. This client asks a
 * running `v6stack run` over its control socket; the sessions live in the
 * server (ping_srv.c), which writes the lines this prints.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "cli/cli.h"
#include "cli/ctl.h"
#include "cli/ping.h"

static volatile sig_atomic_t ping_interrupted;

static void
on_sigint(int sig)
{
	(void)sig;
	ping_interrupted = 1;
}

static int
ping_usage(FILE *f)
{
	fputs("usage: v6stack ping [-n] [-c COUNT] [-i INTERVAL] [-s SIZE] [-W TIMEOUT]\n"
	      "                    [-I IFACE] [--ctl SOCKET] ADDR[%IFACE]\n"
	      "  the running stack (v6stack run) sends the echo requests\n"
	      "  -c COUNT     stop after COUNT requests (default: until Ctrl-C)\n"
	      "  -i INTERVAL  seconds between requests (default 1, fractions allowed)\n"
	      "  -s SIZE      data bytes (default 56)\n"
	      "  -W TIMEOUT   seconds to wait for replies after the last request (10)\n"
	      "  -n           numeric output (taken, as iputils; it always is)\n"
	      "  -I IFACE     the stack's interface to send on (default: its first);\n"
	      "               also picks the control socket " V6_CTL_PREFIX "IFACE\n"
	      "  --ctl SOCKET the control socket: a path, or @NAME an abstract name\n"
	      "               (default: the only stack in this network namespace)\n",
	    f);
	return f == stdout ? 0 : 2;
}

static int
parse_seconds_ms(const char *s, unsigned long *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || end == s || v < 0.001 || v > 86400.0)
		return -1;
	*ms = (unsigned long)(v * 1000.0 + 0.5);
	return 0;
}

/* What the command line asks for. */
struct ping_args {
	unsigned long count, size, interval_ms, linger_ms;
	const char *ifname;
	char path[V6_CTL_PATH_MAX];
	char addr[128];
};

/* The options into a; 0, or the exit status after saying what is wrong.
 * getopt's rules, as iputils ping takes them: a value glued to its option
 * (-c1, -W1, -i0.2) or separate, flags grouped (-nc1), the address
 * anywhere among the options. */
static int
ping_parse_args(int argc, char **argv, struct ping_args *a)
{
	static const struct option longopts[] = {
		{ "ctl", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	char *pct, *end;
	int c;

	opterr = 0; /* the messages below name the command */
	optind = 1;
	while ((c = getopt_long(argc, argv, ":c:s:i:W:I:n", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			errno = 0;
			a->count = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg || optarg[0] == '-' ||
			    a->count == 0)
				return fprintf(stderr, "v6stack ping: bad count '%s' "
						   "(1 or more)\n", optarg), 2;
			break;
		case 's':
			errno = 0;
			a->size = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg || optarg[0] == '-' ||
			    a->size > V6_ECHO_DATA_MAX)
				return fprintf(stderr, "v6stack ping: bad size '%s' "
						   "(0 to %d)\n", optarg, V6_ECHO_DATA_MAX), 2;
			break;
		case 'i':
			if (parse_seconds_ms(optarg, &a->interval_ms) < 0)
				return fprintf(stderr, "v6stack ping: bad interval '%s' "
						   "(0.001 to 86400 s)\n", optarg), 2;
			break;
		case 'W':
			if (parse_seconds_ms(optarg, &a->linger_ms) < 0)
				return fprintf(stderr, "v6stack ping: bad timeout '%s' "
						   "(0.001 to 86400 s)\n", optarg), 2;
			break;
		case 'I':
			a->ifname = optarg;
			break;
		case 'S':
			snprintf(a->path, sizeof(a->path), "%s", optarg);
			break;
		case 'n':
			break; /* numeric output: it always is */
		case ':':
			fprintf(stderr, "v6stack ping: %s needs a value\n",
			    argv[optind - 1]);
			return ping_usage(stderr);
		default:
			if (optopt)
				fprintf(stderr, "v6stack ping: unknown option '-%c'\n", optopt);
			else
				fprintf(stderr, "v6stack ping: unknown option '%s'\n",
				    argv[optind - 1]);
			return ping_usage(stderr);
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "v6stack ping: which address? (ADDR[%%IFACE])\n");
		return ping_usage(stderr);
	}
	if (optind + 1 < argc) {
		fprintf(stderr, "v6stack ping: unexpected argument '%s'\n",
		    argv[optind + 1]);
		return ping_usage(stderr);
	}
	snprintf(a->addr, sizeof(a->addr), "%s", argv[optind]);
	/* fe80::1%eth0: the scope names the interface, as for ping. */
	if ((pct = strchr(a->addr, '%')) != NULL) {
		*pct = '\0';
		if (!a->ifname)
			a->ifname = pct + 1;
	}
	return 0;
}

int
v6_cli_ping(int argc, char **argv)
{
	static const struct v6_ctl_client client = {
		"v6stack ping", "-I IFACE or --ctl"
	};
	struct ping_args a = { 0, PING_DEFAULT_SIZE, PING_INTERVAL_MS,
		PING_LINGER_MS, NULL, "", "" };
	char req[V6_CTL_REQ_MAX];
	struct in6_addr dst;
	struct sigaction act;
	int fd, rc;

	if (v6_cli_help_asked(argc, argv))
		return ping_usage(stdout);
	if ((rc = ping_parse_args(argc, argv, &a)) != 0)
		return rc;
	if (inet_pton(AF_INET6, a.addr, &dst) != 1) {
		fprintf(stderr, "v6stack ping: %s: not an IPv6 address\n", a.addr);
		return 2;
	}
	if ((rc = v6_ctl_locate(&client, a.ifname, a.path, sizeof(a.path))) != 0)
		return rc;
	snprintf(req, sizeof(req), "ping -c %lu -i %lu -s %lu -W %lu%s%s %s\n",
	    a.count, a.interval_ms, a.size, a.linger_ms, a.ifname ? " -I " : "",
	    a.ifname ? a.ifname : "", a.addr);
	if ((fd = v6_ctl_request(&client, a.path, req)) < 0)
		return 1;
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_sigint; /* no SA_RESTART: read returns EINTR */
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = v6_ctl_relay(fd, &ping_interrupted);
	close(fd);
	return rc;
}
