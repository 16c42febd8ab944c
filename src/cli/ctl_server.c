/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control socket of `v6stack run` (ctl.h): a Unix stream socket, the
 * abstract name "@v6stack/IFACE" (per network namespace) or the path of
 * --ctl. Each connection carries one request line, a
 * verb and its arguments, served by the verb's handler in ctl_verbs[]
 * (an exact match on the verb) and closed, except by ping, whose session
 * keeps the connection (ping_srv.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include "cli/ctl_line.h"
#include "cli/ctl_server.h"

#define CTL_BACKLOG 8
#define CTL_IO_TIMEOUT_S 1 /* a client must send its line and read in time */

/* How a verb answers. */
enum ctl_kind {
	CTL_TEXT, /* writes on q->f; the server closes the connection after */
	CTL_CONN, /* owns q->fd: closes it or keeps it */
};

static void ctl_ping(struct ctl_req *q);
static void ctl_addr_add(struct ctl_req *q);
static void ctl_help(struct ctl_req *q);

static const struct ctl_verb {
	const char *verb;
	enum ctl_kind kind;
	void (*serve)(struct ctl_req *q);
	const char *help;
} ctl_verbs[] = {
	/* The text verbs take -j: one JSON document instead (ctl_show.c). */
	{ "stats", CTL_TEXT, ctl_show_stats,
	    "[-z] [-j] [PATTERN...]  SNMP counters in nstat's layout (-z: zeros too)" },
	{ "drops", CTL_TEXT, ctl_show_drops,
	    "[-z] [-j]  drop reasons with their counts and rules" },
	{ "neigh", CTL_TEXT, ctl_show_neigh, "[-j]  the neighbour cache" },
	{ "link", CTL_TEXT, ctl_show_link,
	    "[-j]  the links' own counters, dropped: what the kernel dropped unread" },
	{ "addr", CTL_TEXT, ctl_show_addr,
	    "[-l] [-j]  addresses per interface (-l: with lifetimes)" },
	{ "lifetimes", CTL_TEXT, ctl_show_lifetimes, "[-j]  as addr -l" },
	{ "frag", CTL_TEXT, ctl_show_frag, "[-j]  the reassembly queues and bounds" },
	{ "routers", CTL_TEXT, ctl_show_routers, "[-j]  the default router list" },
	{ "routes", CTL_TEXT, ctl_show_routes,
	    "[-j]  connected prefixes (proto kernel), routes learnt from RAs" },
	{ "rule", CTL_CONN, ctl_rule,
	    "show | add|del SELECTOR ACTION  the routing rules (v6stack rule)" },
	{ "route", CTL_CONN, ctl_route,
	    "show | add|replace|del SPEC | get ADDR  the forwarding table (v6stack route)" },
	{ "ra", CTL_CONN, ctl_ra,
	    "show [dev IFACE]  the Router Advertisements sent (v6stack ra), radvd.conf-like" },
	{ "prefixes", CTL_TEXT, ctl_show_prefixes, "[-j]  the on-link prefix list" },
	{ "dns", CTL_TEXT, ctl_show_dns, "[-j]  RDNSS and DNSSL from RAs" },
	{ "sysctl", CTL_CONN, ctl_sysctl,
	    "KEY | KEY=VALUE  read or set a tunable (v6stack sysctl)" },
	{ "addr-add", CTL_CONN, ctl_addr_add,
	    "IFACE|- ADDR[/PLEN]  add an address (v6stack addr add)" },
	{ "ping", CTL_CONN, ctl_ping,
	    "[-c N] [-i MS] [-s SIZE] [-W MS] [-I IFACE] ADDR  a ping session" },
	{ "help", CTL_TEXT, ctl_help, "this list" },
};

static void
ctl_help(struct ctl_req *q)
{
	for (size_t i = 0; i < sizeof(ctl_verbs) / sizeof(ctl_verbs[0]); i++)
		fprintf(q->f, "%-10s %s\n", ctl_verbs[i].verb, ctl_verbs[i].help);
}

/* v6stack ping: the session keeps the connection (ping_srv.c). */
static void
ctl_ping(struct ctl_req *q)
{
	if (!q->run->ping) {
		/* No memory for the sessions at start: as any unknown verb. */
		dprintf(q->fd, "unknown request '%s'\n", q->line);
		close(q->fd);
		return;
	}
	v6_ping_srv_start(q->run->ping, q->fd, q->args, q->run->ifs[0].iface,
	    run_mono_ns());
}

/* v6stack addr add, "addr-add IFACE|- ADDR/PLEN": the address goes
 * through DAD and joins its solicited-node group (reported by MLD) as one
 * given with -a. The last line "#exit N" is the client's exit status. */
static void
ctl_addr_add(struct ctl_req *q)
{
	struct run_ctx *r = q->run;
	struct v6_iface *ifp = r->ifs[0].iface;
	const char *sp = strchr(q->args, ' ');
	char ifname[V6_CTL_REQ_MAX], err[256], a[INET6_ADDRSTRLEN];
	struct in6_addr addr;
	unsigned plen;

	if (!sp || (size_t)(sp - q->args) >= sizeof(ifname)) {
		dprintf(q->fd, "v6stack addr: bad request\n#exit 2\n");
		goto out;
	}
	snprintf(ifname, sizeof(ifname), "%.*s", (int)(sp - q->args), q->args);
	sp++;
	if (strcmp(ifname, "-") && !(ifp = v6_iface_by_name(r->stack, ifname))) {
		dprintf(q->fd, "v6stack addr: no interface %s on this stack\n#exit 2\n",
		    ifname);
		goto out;
	}
	if (run_parse_addr_plen(sp, &addr, &plen) < 0) {
		dprintf(q->fd, "v6stack addr: %s: not ADDR[/PLEN]\n#exit 2\n", sp);
		goto out;
	}
	if (v6_addr_add(ifp, &addr, plen, run_mono_ns(), err, sizeof(err)) < 0) {
		dprintf(q->fd, "v6stack addr: %s: %s\n#exit 2\n", sp, err);
		goto out;
	}
	inet_ntop(AF_INET6, &addr, a, sizeof(a));
	printf("addr %s %s/%u added\n", v6_iface_name(ifp), a, plen);
	dprintf(q->fd, "addr %s %s/%u added\n#exit 0\n", v6_iface_name(ifp), a, plen);
out:
	close(q->fd);
}

/* A stack answers at the socket fd just connected to: say which (its pid,
 * SO_PEERCRED) and how to reach it. */
static void
ctl_live_hint(int fd, const char *path)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	char pid[32] = "";

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == 0 && cr.pid > 0)
		snprintf(pid, sizeof(pid), " (pid %d)", (int)cr.pid);
	fprintf(stderr, "v6stack run: a stack is already running%s with the "
			"control socket %s (`v6stack stats` reaches it); stop it "
			"first. Not starting.\n", pid, path);
}

int
ctl_server_open(struct run_ctx *r, const char *ifname, const char *path)
{
	struct sockaddr_un sa;
	socklen_t salen;
	int fd, abstract;

	r->ctl_fd = -1;
	if (path)
		snprintf(r->ctl_path, sizeof(r->ctl_path), "%s", path);
	else
		v6_ctl_path(ifname, r->ctl_path, sizeof(r->ctl_path));
	if (v6_ctl_sockaddr(r->ctl_path, &sa, &salen) < 0) {
		fprintf(stderr, "v6stack run: control socket %s: name too long "
				"(v6stack stats unavailable)\n", r->ctl_path);
		r->ctl_path[0] = '\0';
		return 0;
	}
	abstract = v6_ctl_is_abstract(r->ctl_path);
	/* A live socket there (connected, or its backlog full) means another
	 * stack owns the name: refused. A socket file nobody listens on
	 * (ECONNREFUSED) was left by a stack killed without its clean exit
	 * (kill -9): replaced. An abstract name is never stale: it goes with
	 * its owner (and it is this network namespace's only). */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	if (connect(fd, (struct sockaddr *)&sa, salen) == 0 || errno == EAGAIN) {
		ctl_live_hint(fd, r->ctl_path);
		close(fd);
		r->ctl_path[0] = '\0';
		return -1;
	}
	if (errno == ECONNREFUSED && !abstract)
		fprintf(stderr, "note: control socket %s was stale (left by a "
				"stack that did not exit cleanly): replaced\n",
		    r->ctl_path);
	close(fd);
	if (!abstract)
		(void)unlink(r->ctl_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, salen) < 0 ||
	    listen(fd, CTL_BACKLOG) < 0) {
		fprintf(stderr, "v6stack run: control socket %s: %s (v6stack stats "
				"unavailable)\n", r->ctl_path, strerror(errno));
		if (fd >= 0)
			close(fd);
		r->ctl_path[0] = '\0';
		return 0;
	}
	r->ctl_fd = fd;
	return 0;
}

void
ctl_server_close(struct run_ctx *r)
{
	if (r->ctl_fd < 0)
		return;
	close(r->ctl_fd);
	if (!v6_ctl_is_abstract(r->ctl_path))
		(void)unlink(r->ctl_path);
	r->ctl_fd = -1;
}

static const struct ctl_verb *
ctl_verb_find(const char *verb, size_t len)
{
	for (size_t i = 0; i < sizeof(ctl_verbs) / sizeof(ctl_verbs[0]); i++)
		if (strlen(ctl_verbs[i].verb) == len &&
		    !memcmp(ctl_verbs[i].verb, verb, len))
			return &ctl_verbs[i];
	return NULL;
}

/* Serve one request line: the verb's handler, or "unknown request". */
static void
ctl_dispatch(struct run_ctx *r, int fd, const struct ctl_line *l)
{
	const char *line = l->line;
	const struct ctl_verb *v = ctl_verb_find(line, l->verb_len);
	struct ctl_req q = { r, fd, NULL, line, l->args, l->zero, l->json, NULL };

	if (v && v->kind == CTL_CONN) {
		v->serve(&q);
		return;
	}
	if (!(q.f = fdopen(fd, "w"))) {
		close(fd);
		return;
	}
	if (v)
		v->serve(&q);
	else
		fprintf(q.f, "unknown request '%s'\n", line);
	fclose(q.f);
}

void
ctl_server_accept(struct run_ctx *r)
{
	struct timeval tv = { CTL_IO_TIMEOUT_S, 0 };
	char line[V6_CTL_REQ_MAX];
	struct ctl_line l;
	ssize_t n;
	int fd = accept4(r->ctl_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	/* The clients send their line in one write. */
	n = read(fd, line, sizeof(line) - 1);
	if (n <= 0) {
		close(fd);
		return;
	}
	ctl_line_parse(line, (size_t)n, &l);
	ctl_dispatch(r, fd, &l);
}
