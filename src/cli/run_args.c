/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack run: its command line. Options before the first -i apply to the
 * stack; -m, -a, --anycast and -b apply to the -i before them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "cli/radvd_conf.h"
#include "cli/run.h"

static void
usage(FILE *f)
{
	fputs("usage: v6stack run [--set KEY=VALUE]... [--pcap-out FILE] [--ctl PATH] [-v] [-t]\n"
	      "                   [--route SPEC]... [--rule SPEC]... [--udp-echo PORT]...\n"
	      "                   [--radvd-conf FILE] [--busy-poll USECS]\n"
	      "                   -i IFACE [-m MAC] [-a ADDR/PLEN]... [--anycast ADDR]...\n"
	      "                   [-b packet|pcap|tap]\n"
	      "                   [-i IFACE2 ...]...\n"
	      "\n"
	      "  -i IFACE         attach to IFACE (packet, pcap) or create the TAP device\n"
	      "                   IFACE (tap); the options below apply to the last -i\n"
	      "  -m MAC           the stack's MAC on this link (default: the device's;\n"
	      "                   for tap, one derived from the kernel side's)\n"
	      "  -a ADDR/PLEN     add an address (repeatable); a link-local from the MAC\n"
	      "                   (modified EUI-64) is added unless conf.IFACE.addr_gen_mode=1\n"
	      "  --anycast ADDR   answer for the anycast address ADDR (RFC 4291 2.6): no DAD,\n"
	      "                   NAs with O=0 after a random delay (neigh.IFACE.proxy_delay)\n"
	      "  -b BACKEND       packet (AF_PACKET, default), pcap (libpcap), tap\n"
	      "  --set KEY=VALUE  a net.ipv6 tunable, e.g. icmp.echo_ignore_all=1,\n"
	      "                   conf.eth0.accept_dad=0, neigh.default.mcast_solicit=3\n"
	      "  --pcap-out FILE  write every frame received and sent to FILE as it goes:\n"
	      "                   pcapng if FILE ends in .pcapng (interfaces, directions,\n"
	      "                   each drop's reason as a comment), else pcap\n"
	      "  --ctl PATH       the control socket at PATH (or @NAME: an abstract name);\n"
	      "                   default the abstract " V6_CTL_PREFIX "IFACE, IFACE the first -i,\n"
	      "                   one per network namespace; clients take --ctl PATH too\n"
	      "  --keep-duplicates  an address found duplicate at start is logged\n"
	      "                   (DADFAILED) and the stack runs without it, instead\n"
	      "                   of refusing to start (also a MAC in use)\n"
	      "  --busy-poll USECS  spin up to USECS on the links before sleeping\n"
	      "                   (and SO_BUSY_POLL): lower latency, a core spent;\n"
	      "                   off (0) by default\n"
	      "  -v               log drops (with their reason and the packet's addresses;\n"
	      "                   10 per reason per 5 s) and state changes\n"
	      "  -t, --timestamp  the time before each event line on stderr, as ip -ts\n"
	      "                   monitor: [2026-12-07T12:04:34.123456]\n"
	      "  --route SPEC     a route as `ip -6 route add` takes it, e.g.\n"
	      "                   \"2001:db8:b::/48 via 2001:db8:a::1 dev eth0 metric 100\",\n"
	      "                   \"default via fe80::1 dev eth0\", \"prohibit 2001:db8:bad::/48\"\n"
	      "                   (types unicast, blackhole, unreachable, prohibit, throw;\n"
	      "                   \"table N\" for another table than main)\n"
	      "  --rule SPEC      a rule as `ip -6 rule add` takes it, e.g.\n"
	      "                   \"from 2001:db8:a::/48 lookup 100 pref 1000\"\n"
	      "  --udp-echo PORT  serve UDP echo (RFC 862) on PORT, every address\n"
	      "  --radvd-conf FILE  send Router Advertisements as radvd would with FILE\n"
	      "                   (radvd.conf(5); each interface block must name an -i\n"
	      "                   interface; options v6stack lacks are refused); RAs go\n"
	      "                   out where conf.IFACE.forwarding=1; `v6stack ra show`\n",
	    f);
}

int
run_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("v6stack run: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (v6stack run -h for help)\n", stderr);
	return 2;
}

int
run_parse_addr_plen(const char *arg, struct in6_addr *a, unsigned *plen)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash, *end;
	long v;

	if (strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1)
		return -1;
	if (!slash) {
		*plen = (a->s6_addr[0] == 0xfe && (a->s6_addr[1] & 0xc0) == 0x80) ? 64 : 128;
		return 0;
	}
	errno = 0;
	v = strtol(slash + 1, &end, 10);
	if (errno || *end || end == slash + 1 || v < 0 || v > 128)
		return -1;
	*plen = (unsigned)v;
	return 0;
}

/* -a VAL refused by run_parse_addr_plen: say which part is wrong. */
static int
addr_plen_error(const char *val)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(val, '/');
	struct in6_addr a;
	char *end;

	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - val) : (int)strlen(val), val);
	if (strlen(val) >= sizeof(buf) || inet_pton(AF_INET6, buf, &a) != 1)
		return run_usage_error("-a %s: '%s' is not an IPv6 address (want ADDR/PLEN, "
		    "e.g. 2001:db8::1/64)", val, buf);
	(void)strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end)
		return run_usage_error("-a %s: prefix length '%s' is not a number 0-128",
		    val, slash + 1);
	return run_usage_error("-a %s: prefix length %s is out of range (0-128)", val,
	    slash + 1);
}

/* The options that take a value (for "needs a value"). */
static const char *const with_value[] = {
	"-i", "-m", "-a", "--anycast", "-b", "--set", "--pcap-out", "--route", "--rule",
	"--udp-echo", "--radvd-conf", "--ctl", "--busy-poll",
};

static bool
takes_value(const char *a)
{
	for (size_t i = 0; i < sizeof(with_value) / sizeof(with_value[0]); i++)
		if (!strcmp(a, with_value[i]))
			return true;
	return false;
}

/* The options of one interface: -m, -a, --anycast, -b. */
static bool
is_iface_opt(const char *a)
{
	return !strcmp(a, "-m") || !strcmp(a, "-a") || !strcmp(a, "-b") ||
	    !strcmp(a, "--anycast");
}

/* -i IFACE: a new interface. */
static int
parse_iface(struct run_opts *o, const char *val)
{
	struct iface_opt *cur;

	if (o->n_ifs >= V6_MAX_IFACES)
		return run_usage_error("too many interfaces (max %d)", V6_MAX_IFACES);
	for (unsigned k = 0; k < o->n_ifs; k++)
		if (!strcmp(o->ifs[k].name, val))
			return run_usage_error("interface %s given twice", val);
	if (strlen(val) == 0 || strlen(val) > V6_IFNAME_MAX)
		return run_usage_error("interface name '%s' must be 1 to %d characters",
		    val, V6_IFNAME_MAX);
	cur = &o->ifs[o->n_ifs++];
	cur->name = val;
	cur->kind = V6_LINK_PACKET;
	return 0;
}

/* -m, -a, --anycast or -b for the interface cur. */
static int
parse_iface_opt(struct iface_opt *cur, const char *a, const char *val)
{
	if (!strcmp(a, "-m")) {
		if (v6_mac_parse(val, cur->mac) < 0 || (cur->mac[0] & 1) ||
		    !memcmp(cur->mac, "\0\0\0\0\0\0", 6))
			return run_usage_error("-m %s: not a unicast MAC address", val);
		cur->have_mac = true;
	} else if (!strcmp(a, "-a")) {
		if (cur->n_addrs >= V6_MAX_ADDRS)
			return run_usage_error("too many addresses on %s", cur->name);
		if (run_parse_addr_plen(val, &cur->addrs[cur->n_addrs],
			&cur->plens[cur->n_addrs]) < 0)
			return addr_plen_error(val);
		if (!strchr(val, '/'))
			fprintf(stderr, "v6stack run: -a %s: no prefix length, so /%u (a link-local "
			    "address takes /64, any other /128)\n", val,
			    cur->plens[cur->n_addrs]);
		cur->n_addrs++;
	} else if (!strcmp(a, "--anycast")) {
		if (cur->n_acast >= V6_MAX_ACAST)
			return run_usage_error("too many anycast addresses on %s", cur->name);
		if (inet_pton(AF_INET6, val, &cur->acast[cur->n_acast]) != 1)
			return run_usage_error("--anycast %s: want an IPv6 address", val);
		cur->n_acast++;
	} else if (v6_link_kind_parse(val, &cur->kind) < 0) {
		return run_usage_error("-b %s: want packet, pcap or tap", val);
	}
	return 0;
}

/* --set, --pcap-out, --radvd-conf, --route, --rule, --udp-echo. */
static int
parse_stack_opt(struct run_opts *o, const char *a, const char *val)
{
	if (!strcmp(a, "--set")) {
		if (!strchr(val, '='))
			return run_usage_error("--set %s: want KEY=VALUE", val);
		if (o->n_sets >= RUN_MAX_SETS)
			return run_usage_error("too many --set");
		o->sets[o->n_sets++] = val;
	} else if (!strcmp(a, "--pcap-out")) {
		o->pcap_out = val;
	} else if (!strcmp(a, "--ctl")) {
		if (strlen(val) >= V6_CTL_PATH_MAX || !val[0])
			return run_usage_error("--ctl %s: want a socket path "
			    "shorter than %d bytes", val, V6_CTL_PATH_MAX);
		o->ctl_path = val;
	} else if (!strcmp(a, "--radvd-conf")) {
		o->radvd_conf_file = val;
	} else if (!strcmp(a, "--busy-poll")) {
		char *end;
		long us = strtol(val, &end, 10);
		if (*end || end == val || us < 0 || us > RUN_BUSY_POLL_MAX_US)
			return run_usage_error("--busy-poll %s: want microseconds "
			    "0-%d", val, RUN_BUSY_POLL_MAX_US);
		o->busy_poll_us = (unsigned)us;
	} else if (!strcmp(a, "--route")) {
		/* Parsed once the interfaces exist (run.c: routes_add). */
		if (o->n_routes >= RUN_MAX_ROUTES)
			return run_usage_error("too many --route (max %d; more with "
			    "v6stack route add)", RUN_MAX_ROUTES);
		o->routes[o->n_routes++] = val;
	} else if (!strcmp(a, "--rule")) {
		if (o->n_rules >= RUN_MAX_ROUTES)
			return run_usage_error("too many --rule (max %d; more with "
			    "v6stack rule add)", RUN_MAX_ROUTES);
		o->rules[o->n_rules++] = val;
	} else if (!strcmp(a, "--udp-echo")) {
		char *end;
		long port = strtol(val, &end, 10);
		if (*end || end == val || port < 1 || port > 65535)
			return run_usage_error("--udp-echo %s: want a port 1-65535", val);
		if (o->n_udp_echo >= V6_MAX_UDP_BINDS)
			return run_usage_error("too many --udp-echo (max %d)",
			    V6_MAX_UDP_BINDS);
		o->udp_echo[o->n_udp_echo++] = (uint16_t)port;
	} else {
		return run_usage_error("unknown option '%s'", a);
	}
	return 0;
}

/* --radvd-conf FILE, read and parsed before any link opens; each block
 * must name one of the -i interfaces (radvd.conf(5): IgnoreIfMissing off,
 * the only way v6stack takes). */
static int
radvd_conf_load(struct run_opts *o)
{
	char err[512];

	if (!o->radvd_conf_file)
		return 0;
	if (!(o->radv = malloc(sizeof(*o->radv))))
		return run_usage_error("--radvd-conf: out of memory");
	if (radvd_conf_read(o->radvd_conf_file, o->radv, err, sizeof(err)) < 0)
		return run_usage_error("--radvd-conf %s", err);
	for (unsigned i = 0; i < o->radv->n_ifs; i++) {
		const struct radvd_conf_iface *it = &o->radv->ifs[i];
		unsigned k = 0;

		while (k < o->n_ifs && strcmp(o->ifs[k].name, it->name))
			k++;
		if (k == o->n_ifs)
			return run_usage_error("--radvd-conf %s:%u: interface %s is "
			    "not one of the stack's (-i)", o->radvd_conf_file,
			    it->line, it->name);
	}
	return 0;
}

int
run_parse_args(int argc, char **argv, struct run_opts *o)
{
	struct iface_opt *cur = NULL;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		}
		if (!strcmp(a, "-v")) {
			o->verbose++;
			continue;
		}
		if (!strcmp(a, "-t") || !strcmp(a, "--timestamp")) {
			o->timestamp = true;
			continue;
		}
		if (!strcmp(a, "--keep-duplicates")) {
			o->keep_duplicates = true;
			continue;
		}
		if (!val)
			return run_usage_error(takes_value(a) ? "%s needs a value"
							      : "unknown option '%s'", a);
		if (!strcmp(a, "-i")) {
			if ((rc = parse_iface(o, val)) == 0)
				cur = &o->ifs[o->n_ifs - 1];
		} else if (is_iface_opt(a)) {
			rc = cur ? parse_iface_opt(cur, a, val)
				 : run_usage_error("%s must follow the -i it applies to", a);
		} else {
			rc = parse_stack_opt(o, a, val);
		}
		if (rc)
			return rc;
		i++;
	}
	if (o->n_ifs == 0)
		return run_usage_error("no interface: give at least one -i IFACE");
	return radvd_conf_load(o);
}
