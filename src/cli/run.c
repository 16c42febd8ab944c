/*
 * v6stack run: parse the command line, attach the stack to its links, and
 * drive it: poll(2) on the links with the core's next deadline as timeout,
 * batches of frames into v6_input(), v6_poll() for the timers, batched
 * transmit flushed after each round. Counters are printed at exit.
 */
#include <errno.h>
#include <stdbool.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "cli/cli.h"
#include "cli/ctl.h"
#include "cli/ping.h"
#include "link/link.h"
#include "v6stack/v6stack.h"

#define MAX_SETS 256

struct iface_opt {
	const char *name;
	enum v6_link_kind kind;
	bool have_mac;
	uint8_t mac[6];
	struct in6_addr addrs[V6_MAX_ADDRS];
	unsigned plens[V6_MAX_ADDRS];
	unsigned n_addrs;
	struct in6_addr acast[V6_MAX_ACAST];
	unsigned n_acast;
};

struct run_opts {
	struct iface_opt ifs[V6_MAX_IFACES];
	unsigned n_ifs;
	uint16_t udp_echo[64];
	unsigned n_udp_echo;
	const char *sets[MAX_SETS];
	unsigned n_sets;
	const char *pcap_out;
	int verbose;
};

struct iface_rt {
	struct run_ctx *run;
	struct v6_iface *iface;
	struct v6_link *link;
};

struct run_ctx {
	struct v6_stack *stack;
	struct iface_rt ifs[V6_MAX_IFACES];
	unsigned n_ifs;
	struct v6_pcapfile *pcap;
	int verbose;
	uint64_t now;
	int ctl_fd;
	char ctl_path[128];
	struct v6_ping_srv *ping; /* v6stack ping sessions (ping.c) */
};

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	stop_signal = sig;
}

static void
usage(FILE *f)
{
	fputs("usage: v6stack run [--set KEY=VALUE]... [--pcap-out FILE] [-v]\n"
	      "                   [--route SPEC]... [--udp-echo PORT]...\n"
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
	      "  --pcap-out FILE  write every frame received and sent to FILE (pcap)\n"
	      "  -v               log drops (with their reason) and state changes\n"
	      "  --route SPEC     a route as `ip -6 route add` takes it (not supported yet)\n"
	      "  --udp-echo PORT  serve UDP echo (RFC 862) on PORT, every address\n",
	    f);
}

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("v6stack run: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (v6stack run -h for help)\n", stderr);
	return 2;
}

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t
real_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* "ADDR/PLEN"; PLEN defaults to 64 for link-local, 128 otherwise. */
static int
parse_addr_plen(const char *arg, struct in6_addr *a, unsigned *plen)
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

static int
parse_args(int argc, char **argv, struct run_opts *o)
{
	struct iface_opt *cur = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool takes = true;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (!strcmp(a, "-v")) {
			o->verbose++;
			takes = false;
		} else if (!val) {
			if (!strcmp(a, "-i") || !strcmp(a, "-m") || !strcmp(a, "-a") ||
			    !strcmp(a, "--anycast") ||
			    !strcmp(a, "-b") || !strcmp(a, "--set") ||
			    !strcmp(a, "--pcap-out") || !strcmp(a, "--route") ||
			    !strcmp(a, "--udp-echo"))
				return usage_error("%s needs a value", a);
			return usage_error("unknown option '%s'", a);
		} else if (!strcmp(a, "-i")) {
			if (o->n_ifs >= V6_MAX_IFACES)
				return usage_error("too many interfaces (max %d)", V6_MAX_IFACES);
			for (unsigned k = 0; k < o->n_ifs; k++)
				if (!strcmp(o->ifs[k].name, val))
					return usage_error("interface %s given twice", val);
			if (strlen(val) == 0 || strlen(val) > 15)
				return usage_error("interface name '%s' must be 1 to 15 characters", val);
			cur = &o->ifs[o->n_ifs++];
			cur->name = val;
			cur->kind = V6_LINK_PACKET;
		} else if (!strcmp(a, "-m") || !strcmp(a, "-a") || !strcmp(a, "-b") ||
		    !strcmp(a, "--anycast")) {
			if (!cur)
				return usage_error("%s must follow the -i it applies to", a);
			if (!strcmp(a, "-m")) {
				if (v6_mac_parse(val, cur->mac) < 0 || (cur->mac[0] & 1) ||
				    !memcmp(cur->mac, "\0\0\0\0\0\0", 6))
					return usage_error("-m %s: not a unicast MAC address", val);
				cur->have_mac = true;
			} else if (!strcmp(a, "-a")) {
				if (cur->n_addrs >= V6_MAX_ADDRS)
					return usage_error("too many addresses on %s", cur->name);
				if (parse_addr_plen(val, &cur->addrs[cur->n_addrs],
					&cur->plens[cur->n_addrs]) < 0)
					return usage_error("-a %s: want ADDR/PLEN, e.g. 2001:db8::1/64", val);
				cur->n_addrs++;
			} else if (!strcmp(a, "--anycast")) {
				if (cur->n_acast >= V6_MAX_ACAST)
					return usage_error("too many anycast addresses on %s", cur->name);
				if (inet_pton(AF_INET6, val, &cur->acast[cur->n_acast]) != 1)
					return usage_error("--anycast %s: want an IPv6 address", val);
				cur->n_acast++;
			} else if (v6_link_kind_parse(val, &cur->kind) < 0) {
				return usage_error("-b %s: want packet, pcap or tap", val);
			}
		} else if (!strcmp(a, "--set")) {
			if (!strchr(val, '='))
				return usage_error("--set %s: want KEY=VALUE", val);
			if (o->n_sets >= MAX_SETS)
				return usage_error("too many --set");
			o->sets[o->n_sets++] = val;
		} else if (!strcmp(a, "--pcap-out")) {
			o->pcap_out = val;
		} else if (!strcmp(a, "--route")) {
			/* Route types and the routing table come with the router work. */
			fprintf(stderr, "v6stack run: --route: not supported yet\n");
			return 2;
		} else if (!strcmp(a, "--udp-echo")) {
			char *end;
			long port = strtol(val, &end, 10);
			if (*end || end == val || port < 1 || port > 65535)
				return usage_error("--udp-echo %s: want a port 1-65535", val);
			if (o->n_udp_echo >= 64)
				return usage_error("too many --udp-echo (max 64)");
			o->udp_echo[o->n_udp_echo++] = (uint16_t)port;
		} else {
			return usage_error("unknown option '%s'", a);
		}
		if (takes)
			i++;
	}
	if (o->n_ifs == 0)
		return usage_error("no interface: give at least one -i IFACE");
	return 0;
}

/* Is this --set for one named interface (conf.X.k, neigh.X.k with X not
 * all/default)? Those are applied after the interfaces exist. */
static bool
set_is_per_iface(const char *kv)
{
	const char *p = kv, *dot;

	if (!strncmp(p, "net.ipv6.", 9))
		p += 9;
	if (!strncmp(p, "conf.", 5))
		p += 5;
	else if (!strncmp(p, "neigh.", 6))
		p += 6;
	else
		return false;
	dot = strchr(p, '.');
	if (!dot)
		return false;
	return !((dot - p == 3 && !strncmp(p, "all", 3)) ||
	    (dot - p == 7 && !strncmp(p, "default", 7)));
}

static int
apply_set(struct v6_stack *s, const char *kv)
{
	char key[128], err[160];
	const char *eq = strchr(kv, '=');
	size_t n = (size_t)(eq - kv);

	if (n >= sizeof(key))
		return usage_error("--set %s: key too long", kv);
	memcpy(key, kv, n);
	key[n] = '\0';
	if (v6_sysctl_set(s, key, eq + 1, err, sizeof(err)) < 0) {
		fprintf(stderr, "v6stack run: --set %s\n", err);
		return 2;
	}
	return 0;
}

static void
fmt_mac(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
}

static void
on_event(void *ctx, const struct v6_event *ev)
{
	struct run_ctx *r = ctx;
	char a[INET6_ADDRSTRLEN] = "";
	const char *ifn = ev->iface ? v6_iface_name(ev->iface) : "-";

	if (ev->addr)
		inet_ntop(AF_INET6, ev->addr, a, sizeof(a));
	switch (ev->kind) {
	case V6_EV_TX:
		if (r->pcap)
			v6_pcapfile_write(r->pcap, real_ns(), ev->frame, ev->len);
		break;
	case V6_EV_DROP:
		if (r->verbose)
			fprintf(stderr, "drop %s %s: %s\n", ifn,
			    v6_drop_name(ev->reason), ev->text ? ev->text : "");
		break;
	case V6_EV_NEIGH_STATE:
		if (r->verbose)
			fprintf(stderr, "neigh %s %s %s\n", ifn, a, ev->state);
		break;
	case V6_EV_ADDR_STATE:
		/* Always shown: a duplicate address must not go unnoticed. */
		fprintf(stderr, "addr %s %s %s%s%s\n", ifn, a, ev->state,
		    ev->text ? ": " : "", ev->text ? ev->text : "");
		break;
	case V6_EV_LOG:
		fprintf(stderr, "note %s %s %s\n", ifn, a, ev->text ? ev->text : "");
		break;
	case V6_EV_ROUTER:
		fprintf(stderr, "router %s %s %s%s%s\n", ifn, a, ev->state,
		    ev->text ? ": " : "", ev->text ? ev->text : "");
		break;
	case V6_EV_ROUTE:
		if (r->verbose)
			fprintf(stderr, "route %s %s %s%s%s\n", ifn, a, ev->state,
			    ev->text ? ": " : "", ev->text ? ev->text : "");
		break;
	}
}

/* --udp-echo: RFC 862 over UDP, back to the sender from the address it
 * was sent to (or, for a multicast one, a chosen source). */
static void
udp_echo_rx(void *ctx, const struct v6_udp_meta *m, const uint8_t *data,
    size_t len, v6_time_t now)
{
	(void)ctx;
	(void)v6_udp_send(m->iface, m->dst.s6_addr[0] == 0xff ? NULL : &m->dst,
	    &m->src, m->dport, m->sport, data, len, now);
}

static void
on_rx(void *ctx, const uint8_t *frame, size_t len)
{
	struct iface_rt *it = ctx;

	if (it->run->pcap)
		v6_pcapfile_write(it->run->pcap, real_ns(), frame, len);
	(void)v6_input(it->run->stack, it->iface, frame, len, it->run->now);
}

static void
print_counter(void *ctx, const char *name, uint64_t v)
{
	(void)ctx;
	if (v)
		printf("%-36s %llu\n", name, (unsigned long long)v);
}

static void
print_drop(void *ctx, const char *name, const char *text, uint64_t v)
{
	(void)ctx;
	(void)text;
	if (v)
		printf("drop.%-31s %llu\n", name, (unsigned long long)v);
}

static void
print_addr(void *ctx, const struct in6_addr *addr, unsigned plen,
    const char *state)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	printf("addr %s %s/%u %s\n", (const char *)ctx, a, plen, state);
}

static void
print_anycast(void *ctx, const struct in6_addr *addr)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	printf("anycast %s %s\n", (const char *)ctx, a);
}

/* ---- the control socket (v6stack stats / show) ---- */

struct ctl_out {
	FILE *f;
	int zero;
};

static void
ctl_counter(void *ctx, const char *name, uint64_t v)
{
	struct ctl_out *o = ctx;

	/* nstat's layout: name, value, rate (no rate here). */
	if (v || o->zero)
		fprintf(o->f, "%-32s%-16llu%6.1f\n", name, (unsigned long long)v, 0.0);
}

static void
ctl_drop(void *ctx, const char *name, const char *text, uint64_t v)
{
	struct ctl_out *o = ctx;

	if (v || o->zero)
		fprintf(o->f, "%-32s%-12llu%s\n", name, (unsigned long long)v, text);
}

static void
ctl_neigh(void *ctx, const struct v6_iface *iface, const struct in6_addr *addr,
    const uint8_t *ll, const char *state, int is_router)
{
	struct ctl_out *o = ctx;
	char a[INET6_ADDRSTRLEN], m[18] = "";

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	if (ll)
		fmt_mac(ll, m, sizeof(m));
	fprintf(o->f, "%s dev %s%s%s%s %s\n", a, v6_iface_name(iface),
	    ll ? " lladdr " : "", m, is_router ? " router" : "", state);
}

static void
ctl_addr(void *ctx, const struct in6_addr *addr, unsigned plen,
    const char *state)
{
	struct ctl_out *o = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(o->f, "    inet6 %s/%u %s\n", a, plen, state);
}

static void
ctl_anycast(void *ctx, const struct in6_addr *addr)
{
	struct ctl_out *o = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(o->f, "    anycast %s\n", a);
}

/* ---- show routers | routes | dns (what Router Advertisements taught) ---- */

static void
ctl_lifetime(FILE *f, const char *what, uint64_t ms)
{
	if (ms == UINT64_MAX)
		fprintf(f, " %s forever", what);
	else
		fprintf(f, " %s %llu.%03llus", what, (unsigned long long)(ms / 1000),
		    (unsigned long long)(ms % 1000));
}

static const char *
pref_name(int pref)
{
	return pref > 0 ? "high" : pref < 0 ? "low" : "medium";
}

static void
ctl_router(void *ctx, const struct v6_iface *iface, const struct in6_addr *addr,
    int pref, uint64_t expires_ms)
{
	struct ctl_out *o = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(o->f, "%s dev %s pref %s", a, v6_iface_name(iface), pref_name(pref));
	ctl_lifetime(o->f, "lifetime", expires_ms);
	fputc('\n', o->f);
}

/* `ip -6 route` style: "2001:db8::/64 dev eth0 proto ra expires 86400s". */
static void
ctl_route(void *ctx, const struct v6_iface *iface, const struct in6_addr *prefix,
    unsigned plen, const struct in6_addr *gw, const char *source, int pref,
    uint64_t expires_ms)
{
	struct ctl_out *o = ctx;
	char p[INET6_ADDRSTRLEN], g[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, prefix, p, sizeof(p));
	fprintf(o->f, "%s/%u", p, plen);
	if (gw) {
		inet_ntop(AF_INET6, gw, g, sizeof(g));
		fprintf(o->f, " via %s", g);
	}
	fprintf(o->f, " dev %s proto ra source %s pref %s", v6_iface_name(iface),
	    source, pref_name(pref));
	ctl_lifetime(o->f, "expires", expires_ms);
	fputc('\n', o->f);
}

/* The prefix list (RFC 4861 5.1): on-link prefixes from RAs. */
static void
ctl_prefix(void *ctx, const struct v6_iface *iface, const struct in6_addr *prefix,
    unsigned plen, const struct in6_addr *gw, const char *source, int pref,
    uint64_t expires_ms)
{
	struct ctl_out *o = ctx;
	char p[INET6_ADDRSTRLEN];

	(void)pref;
	if (gw || strcmp(source, "PREFIX") != 0)
		return;
	inet_ntop(AF_INET6, prefix, p, sizeof(p));
	fprintf(o->f, "%s/%u dev %s onlink", p, plen, v6_iface_name(iface));
	ctl_lifetime(o->f, "valid_lft", expires_ms);
	fputc('\n', o->f);
}

static void
ctl_default_route(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *addr, int pref, uint64_t expires_ms)
{
	struct ctl_out *o = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(o->f, "default via %s dev %s proto ra pref %s", a,
	    v6_iface_name(iface), pref_name(pref));
	ctl_lifetime(o->f, "expires", expires_ms);
	fputc('\n', o->f);
}

static void
ctl_dns_server(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *addr, uint64_t expires_ms)
{
	struct ctl_out *o = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(o->f, "nameserver %s dev %s", a, v6_iface_name(iface));
	ctl_lifetime(o->f, "lifetime", expires_ms);
	fputc('\n', o->f);
}

static void
ctl_dns_domain(void *ctx, const struct v6_iface *iface, const char *name,
    uint64_t expires_ms)
{
	struct ctl_out *o = ctx;

	fprintf(o->f, "search %s dev %s", name, v6_iface_name(iface));
	ctl_lifetime(o->f, "lifetime", expires_ms);
	fputc('\n', o->f);
}

static void
ctl_addr_info(void *ctx, const struct v6_addr_info *ai)
{
	struct ctl_out *o = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, ai->addr, a, sizeof(a));
	fprintf(o->f, "    inet6 %s/%u %s%s", a, ai->plen, ai->state,
	    ai->autoconf ? " autoconf" : "");
	ctl_lifetime(o->f, "valid_lft", ai->valid_ms);
	ctl_lifetime(o->f, "preferred_lft", ai->preferred_ms);
	fputc('\n', o->f);
}

/* Answer the requests of this file; 0 if req was none of them. */
static int
ctl_serve_ra(struct run_ctx *r, struct ctl_out *o, const char *req)
{
	uint64_t now = mono_ns();

	if (!strncmp(req, "routers", 7)) {
		v6_router_foreach(r->stack, now, ctl_router, o);
	} else if (!strncmp(req, "routes", 6)) {
		v6_route_foreach(r->stack, now, ctl_route, o);
		v6_router_foreach(r->stack, now, ctl_default_route, o);
	} else if (!strncmp(req, "prefixes", 8)) {
		v6_route_foreach(r->stack, now, ctl_prefix, o);
	} else if (!strncmp(req, "dns", 3)) {
		v6_dns_foreach(r->stack, now, ctl_dns_server, ctl_dns_domain, o);
	} else if (!strncmp(req, "lifetimes", 9)) {
		for (unsigned i = 0; i < r->n_ifs; i++) {
			fprintf(o->f, "%s:\n", v6_iface_name(r->ifs[i].iface));
			v6_addr_info_foreach(r->ifs[i].iface, now, ctl_addr_info, o);
		}
	} else {
		return 0;
	}
	return 1;
}

/* Listen at /run/v6stack/IFACE.sock; a live socket there means another
 * stack owns the name. Returns the fd, or -1 (the stack runs without). */
static int
ctl_open(struct run_ctx *r, const char *ifname)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	v6_ctl_path(ifname, r->ctl_path, sizeof(r->ctl_path));
	if (strlen(r->ctl_path) >= sizeof(sa.sun_path))
		return -1;
	strcpy(sa.sun_path, r->ctl_path);
	(void)mkdir(V6_CTL_DIR, 0755);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		fprintf(stderr, "v6stack run: another stack answers at %s; its "
				"`v6stack stats` keeps working, this one has none\n",
		    r->ctl_path);
		close(fd);
		r->ctl_path[0] = '\0';
		return -1;
	}
	close(fd);
	(void)unlink(r->ctl_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 8) < 0) {
		fprintf(stderr, "v6stack run: control socket %s: %s (v6stack stats "
				"unavailable)\n", r->ctl_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		r->ctl_path[0] = '\0';
		return -1;
	}
	return fd;
}

/* v6stack addr add: the address goes through DAD and joins its
 * solicited-node group (reported by MLD) as one given with -a. */
static void
ctl_addr_add(struct run_ctx *r, int fd, char *args)
{
	char *sp = strchr(args, ' '), err[256], a[INET6_ADDRSTRLEN];
	struct v6_iface *ifp = r->ifs[0].iface;
	struct in6_addr addr;
	unsigned plen;

	if (!sp) {
		dprintf(fd, "v6stack addr: bad request\n#exit 2\n");
		return;
	}
	*sp++ = '\0';
	if (strcmp(args, "-") && !(ifp = v6_iface_by_name(r->stack, args))) {
		dprintf(fd, "v6stack addr: no interface %s on this stack\n#exit 2\n", args);
		return;
	}
	if (parse_addr_plen(sp, &addr, &plen) < 0) {
		dprintf(fd, "v6stack addr: %s: not ADDR[/PLEN]\n#exit 2\n", sp);
		return;
	}
	if (v6_addr_add(ifp, &addr, plen, mono_ns(), err, sizeof(err)) < 0) {
		dprintf(fd, "v6stack addr: %s: %s\n#exit 2\n", sp, err);
		return;
	}
	inet_ntop(AF_INET6, &addr, a, sizeof(a));
	printf("addr %s %s/%u added\n", v6_iface_name(ifp), a, plen);
	dprintf(fd, "addr %s %s/%u added\n#exit 0\n", v6_iface_name(ifp), a, plen);
}

/* Answer one request on the control socket. */
static void
ctl_serve(struct run_ctx *r)
{
	struct ctl_out o = { NULL, 0 };
	struct timeval tv = { 1, 0 };
	char req[256];
	ssize_t n;
	int fd = accept4(r->ctl_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	n = read(fd, req, sizeof(req) - 1);
	if (n > 0 && r->ping && !strncmp(req, "ping ", 5)) {
		/* v6stack ping: the session keeps the connection (ping.c). */
		req[n] = '\0';
		req[strcspn(req, "\r\n")] = '\0';
		v6_ping_srv_start(r->ping, fd, req + 5, r->ifs[0].iface, mono_ns());
		return;
	}
	if (n > 0 && !strncmp(req, "addr-add ", 9)) {
		/* v6stack addr add (addr.c): "addr-add IFACE|- ADDR/PLEN". */
		req[n] = '\0';
		req[strcspn(req, "\r\n")] = '\0';
		ctl_addr_add(r, fd, req + 9);
		close(fd);
		return;
	}
	if (n <= 0 || !(o.f = fdopen(fd, "w"))) {
		close(fd);
		return;
	}
	req[n] = '\0';
	req[strcspn(req, "\r\n")] = '\0';
	o.zero = strstr(req, "-z") != NULL;
	if (!strncmp(req, "stats", 5)) {
		fprintf(o.f, "#v6stack\n");
		v6_stats_foreach(r->stack, NULL, ctl_counter, &o);
	} else if (!strncmp(req, "drops", 5)) {
		v6_drops_foreach(r->stack, ctl_drop, &o);
	} else if (!strncmp(req, "neigh", 5)) {
		v6_neigh_foreach(r->stack, ctl_neigh, &o);
	} else if (!strncmp(req, "frag", 4)) {
		uint64_t q, mem, peak;
		char hi[32] = "?", lo[32] = "?";
		v6_frag_mem(r->stack, &q, &mem, &peak);
		v6_sysctl_get(r->stack, "ip6frag_high_thresh", hi, sizeof(hi));
		v6_sysctl_get(r->stack, "ip6frag_low_thresh", lo, sizeof(lo));
		/* As Linux's /proc/net/sockstat6, plus the peak and bounds. */
		fprintf(o.f, "FRAG6: inuse %llu memory %llu\n",
		    (unsigned long long)q, (unsigned long long)mem);
		fprintf(o.f, "peak %llu high_thresh %s low_thresh %s\n",
		    (unsigned long long)peak, hi, lo);
	} else if (!strncmp(req, "addr -l", 7)) {
		(void)ctl_serve_ra(r, &o, "lifetimes");
	} else if (!strncmp(req, "addr", 4)) {
		for (unsigned i = 0; i < r->n_ifs; i++) {
			uint8_t mac[6];
			char m[18];
			v6_iface_mac(r->ifs[i].iface, mac);
			fmt_mac(mac, m, sizeof(m));
			fprintf(o.f, "%s: link/ether %s\n", v6_iface_name(r->ifs[i].iface), m);
			v6_addr_foreach(r->ifs[i].iface, ctl_addr, &o);
			v6_anycast_foreach(r->ifs[i].iface, ctl_anycast, &o);
		}
	} else if (!ctl_serve_ra(r, &o, req)) {
		fprintf(o.f, "unknown request '%s'\n", req);
	}
	fclose(o.f);
}

/* The TAP device's own MAC belongs to the kernel (the peer): derive a
 * different, locally administered one for the stack. */
static void
tap_default_mac(const uint8_t kernel[6], uint8_t out[6])
{
	memcpy(out, kernel, 6);
	out[0] = (uint8_t)((out[0] | 0x02) & ~0x01);
	out[5] ^= 0x01;
}

static int
serve(struct run_ctx *r)
{
	struct pollfd pfd[V6_MAX_IFACES + 1 + V6_PING_MAX_SESSIONS];
	uint64_t ping_deadline = V6_TIME_NEVER;
	unsigned n_ping = 0;
	unsigned nfds = r->n_ifs;
	char err[256];
	/* The timers armed before the loop (DAD, RFC 4862 5.4.2) must run
	 * even if no frame ever arrives. */
	uint64_t deadline = v6_poll(r->stack, mono_ns());

	for (unsigned i = 0; i < r->n_ifs; i++) {
		pfd[i].fd = v6_link_fd(r->ifs[i].link);
		pfd[i].events = POLLIN;
	}
	if (r->ctl_fd >= 0) {
		pfd[nfds].fd = r->ctl_fd;
		pfd[nfds].events = POLLIN;
		pfd[nfds++].revents = 0;
	}
	while (!stop_signal) {
		int timeout = -1;
		uint64_t due = deadline < ping_deadline ? deadline : ping_deadline;
		r->now = mono_ns();
		n_ping = r->ping ? v6_ping_srv_pollfds(r->ping, pfd + nfds) : 0;
		if (due != V6_TIME_NEVER) {
			uint64_t wait = due > r->now ? due - r->now : 0;
			timeout = (int)((wait + 999999) / 1000000);
			if (wait > 3600ull * 1000000000ull)
				timeout = 3600 * 1000;
		}
		int n = poll(pfd, nfds + n_ping, timeout);
		if (n < 0 && errno != EINTR) {
			perror("v6stack run: poll");
			return 1;
		}
		r->now = mono_ns();
		for (unsigned i = 0; n > 0 && i < r->n_ifs; i++) {
			if (pfd[i].revents & (POLLERR | POLLNVAL)) {
				fprintf(stderr, "v6stack run: %s: link error\n",
				    v6_link_ifname(r->ifs[i].link));
				return 1;
			}
			if (!(pfd[i].revents & POLLIN))
				continue;
			/* Drain in batches, bounded so one busy link cannot
			 * starve the timers or the others. */
			for (int rounds = 0; rounds < 16; rounds++) {
				int got = v6_link_rx_batch(r->ifs[i].link, on_rx,
				    &r->ifs[i], err, sizeof(err));
				if (got < 0) {
					fprintf(stderr, "v6stack run: %s\n", err);
					return 1;
				}
				if (v6_link_flush(r->ifs[i].link) < 0) {
					fprintf(stderr, "v6stack run: %s: transmit failed\n",
					    v6_link_ifname(r->ifs[i].link));
				}
				if (got < V6_LINK_BATCH)
					break;
			}
		}
		if (n > 0 && nfds > r->n_ifs && (pfd[r->n_ifs].revents & POLLIN))
			ctl_serve(r);
		if (r->ping)
			ping_deadline = v6_ping_srv_run(r->ping, pfd + nfds,
			    n > 0 ? n_ping : 0, r->now);
		deadline = v6_poll(r->stack, r->now);
		for (unsigned i = 0; i < r->n_ifs; i++)
			(void)v6_link_flush(r->ifs[i].link);
	}
	return 0;
}

int
v6_cli_run(int argc, char **argv)
{
	static struct run_opts o;
	static struct run_ctx r;
	struct v6_stack_params params = { 0 };
	char err[256];
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	r.ctl_fd = -1;
	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	r.verbose = o.verbose;

	params.seed = mono_ns() ^ ((uint64_t)getpid() << 32);
	params.event = on_event;
	params.event_ctx = &r;
	if (v6_stack_new(&params, &r.stack, err, sizeof(err)) < 0) {
		fprintf(stderr, "v6stack run: %s\n", err);
		return 1;
	}
	/* Stack-wide and default tunables first, so new interfaces inherit
	 * them; per-interface ones once the interfaces exist. */
	for (unsigned i = 0; i < o.n_sets; i++)
		if (!set_is_per_iface(o.sets[i]) && (rc = apply_set(r.stack, o.sets[i])))
			goto out;
	if (o.pcap_out && v6_pcapfile_open(o.pcap_out, &r.pcap, err, sizeof(err)) < 0) {
		fprintf(stderr, "v6stack run: --pcap-out %s: %s\n", o.pcap_out, err);
		rc = 1;
		goto out;
	}

	r.now = mono_ns();
	for (unsigned i = 0; i < o.n_ifs; i++) {
		struct iface_opt *io = &o.ifs[i];
		struct iface_rt *it = &r.ifs[i];
		struct v6_link_config cfg = { io->name, io->kind,
			io->have_mac ? io->mac : NULL };
		struct v6_link_ops ops = { v6_link_tx };
		uint8_t mac[6], hw[6];

		it->run = &r;
		if (v6_link_open(&cfg, &it->link, err, sizeof(err)) < 0) {
			fprintf(stderr, "v6stack run: %s\n", err);
			rc = 1;
			goto out;
		}
		r.n_ifs++;
		v6_link_hwaddr(it->link, hw);
		if (io->have_mac)
			memcpy(mac, io->mac, 6);
		else if (io->kind == V6_LINK_TAP)
			tap_default_mac(hw, mac);
		else
			memcpy(mac, hw, 6);
		if (v6_iface_add(r.stack, io->name, mac, v6_link_mtu(it->link), &ops,
			it->link, &it->iface, err, sizeof(err)) < 0) {
			fprintf(stderr, "v6stack run: %s: %s\n", io->name, err);
			rc = 1;
			goto out;
		}
	}
	for (unsigned i = 0; i < o.n_sets; i++)
		if (set_is_per_iface(o.sets[i]) && (rc = apply_set(r.stack, o.sets[i])))
			goto out;
	for (unsigned i = 0; i < o.n_ifs; i++) {
		struct iface_opt *io = &o.ifs[i];
		for (unsigned k = 0; k < io->n_addrs; k++) {
			if (v6_addr_add(r.ifs[i].iface, &io->addrs[k], io->plens[k],
				r.now, err, sizeof(err)) < 0) {
				char a[INET6_ADDRSTRLEN];
				inet_ntop(AF_INET6, &io->addrs[k], a, sizeof(a));
				fprintf(stderr, "v6stack run: -a %s on %s: %s\n", a,
				    io->name, err);
				rc = 2;
				goto out;
			}
		}
		for (unsigned k = 0; k < io->n_acast; k++) {
			if (v6_anycast_add(r.ifs[i].iface, &io->acast[k], err,
				sizeof(err)) < 0) {
				char a[INET6_ADDRSTRLEN];
				inet_ntop(AF_INET6, &io->acast[k], a, sizeof(a));
				fprintf(stderr, "v6stack run: --anycast %s on %s: %s\n",
				    a, io->name, err);
				rc = 2;
				goto out;
			}
		}
	}

	for (unsigned i = 0; i < o.n_udp_echo; i++) {
		if (v6_udp_bind(r.stack, o.udp_echo[i], udp_echo_rx, NULL, &r, err,
			sizeof(err)) < 0) {
			fprintf(stderr, "v6stack run: --udp-echo %u: %s\n",
			    o.udp_echo[i], err);
			rc = 2;
			goto out;
		}
	}

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	for (unsigned i = 0; i < r.n_ifs; i++) {
		struct iface_rt *it = &r.ifs[i];
		uint8_t mac[6];
		char m[18];

		if (v6_iface_up(it->iface, r.now, err, sizeof(err)) < 0) {
			fprintf(stderr, "v6stack run: %s: %s\n", o.ifs[i].name, err);
			rc = 1;
			goto out;
		}
		v6_iface_mac(it->iface, mac);
		fmt_mac(mac, m, sizeof(m));
		printf("iface %s backend %s mac %s mtu %u\n", o.ifs[i].name,
		    v6_link_kind_name(o.ifs[i].kind), m, v6_link_mtu(it->link));
		v6_addr_foreach(it->iface, print_addr, (void *)o.ifs[i].name);
		v6_anycast_foreach(it->iface, print_anycast, (void *)o.ifs[i].name);
		(void)v6_link_flush(it->link);
	}
	r.ctl_fd = ctl_open(&r, o.ifs[0].name);
	r.ping = v6_ping_srv_new(r.stack);
	printf("ready\n");

	rc = serve(&r);

	/* Counters at exit, nstat-like: SNMP names, then drop reasons. */
	printf("#v6stack\n");
	v6_stats_foreach(r.stack, NULL, print_counter, NULL);
	v6_drops_foreach(r.stack, print_drop, NULL);
	fflush(stdout);
out:
	for (unsigned i = 0; i < r.n_ifs; i++) {
		(void)v6_link_flush(r.ifs[i].link);
		v6_link_close(r.ifs[i].link);
	}
	if (r.pcap)
		v6_pcapfile_close(r.pcap);
	if (r.ctl_fd >= 0) {
		close(r.ctl_fd);
		(void)unlink(r.ctl_path);
	}
	v6_ping_srv_free(r.ping);
	v6_stack_free(r.stack);
	return rc;
}
