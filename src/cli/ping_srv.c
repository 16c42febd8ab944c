/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack ping, the server half: the sessions that a running `v6stack run`
 * holds for clients of its control socket (ping.h). It sends the Echo
 * Requests (RFC 4443 4.1) with v6_icmp6_echo_send and writes one line per
 * reply or error back to the client, as iputils ping prints them, then the
 * summary. The client is ping.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "cli/ctl.h"
#include "cli/ping.h"

struct ping_sess {
	bool used, stopping;
	int fd;
	struct v6_iface *ifp;
	struct in6_addr dst;
	char dst_s[INET6_ADDRSTRLEN];
	uint16_t id;
	uint32_t count; /* 0: until stopped */
	uint32_t size;
	uint64_t interval_ns, linger_ns;
	uint32_t sent, received, errors, dups;
	uint64_t start, next_send, last_send;
	uint64_t rtt_min_us, rtt_max_us, rtt_sum_us, rtt_sum2_us;
	uint32_t n_rtt;
	uint8_t seen[65536 / 8]; /* sequence numbers answered */
};

struct v6_ping_srv {
	struct v6_stack *stack;
	uint16_t next_id;
	struct ping_sess sess[V6_PING_MAX_SESSIONS];
	uint8_t buf[V6_ECHO_DATA_MAX];
};

static void
sess_printf(struct ping_sess *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sess_printf(struct ping_sess *p, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	/* A client that went away ends the session at the next run. */
	if (write(p->fd, line, (size_t)n) != n)
		p->stopping = true;
}

/* iputils' precision: 3 significant decimals for small times. */
static void
fmt_ms(uint64_t us, char *buf, size_t len)
{
	if (us >= 100000 - 50)
		snprintf(buf, len, "%llu", (unsigned long long)((us + 500) / 1000));
	else if (us >= 10000 - 5)
		snprintf(buf, len, "%.1f", (double)us / 1000.0);
	else if (us >= 1000)
		snprintf(buf, len, "%.2f", (double)us / 1000.0);
	else
		snprintf(buf, len, "%.3f", (double)us / 1000.0);
}

static struct ping_sess *
sess_by_id(struct v6_ping_srv *srv, uint16_t id)
{
	for (unsigned i = 0; i < V6_PING_MAX_SESSIONS; i++)
		if (srv->sess[i].used && srv->sess[i].id == id)
			return &srv->sess[i];
	return NULL;
}

static void
on_reply(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint16_t id, uint16_t seq, uint8_t hlim, const uint8_t *data, size_t len,
    uint64_t now)
{
	struct v6_ping_srv *srv = ctx;
	struct ping_sess *p = sess_by_id(srv, id);
	char a[INET6_ADDRSTRLEN], t[32] = "";
	bool dup;

	(void)iface;
	if (!p || (p->dst.s6_addr[0] != 0xff &&
		      memcmp(from, &p->dst, sizeof(*from)) != 0))
		return;
	inet_ntop(AF_INET6, from, a, sizeof(a));
	dup = p->seen[seq >> 3] & (1u << (seq & 7));
	p->seen[seq >> 3] |= (uint8_t)(1u << (seq & 7));
	if (dup)
		p->dups++;
	else
		p->received++;
	/* The send time travels in the data, as iputils' timestamp does. */
	if (len >= 8 && p->size >= 8) {
		uint64_t sent_at;
		memcpy(&sent_at, data, 8);
		if (sent_at <= now && now - sent_at < 3600ull * 1000 * V6_NS_PER_MS) {
			uint64_t us = (now - sent_at) / 1000;
			if (!dup) {
				if (p->n_rtt == 0 || us < p->rtt_min_us)
					p->rtt_min_us = us;
				if (us > p->rtt_max_us)
					p->rtt_max_us = us;
				p->rtt_sum_us += us;
				p->rtt_sum2_us += us * us;
				p->n_rtt++;
			}
			fmt_ms(us, t, sizeof(t));
		}
	}
	sess_printf(p, "%zu bytes from %s: icmp_seq=%u ttl=%u%s%s%s%s\n", len + 8,
	    a, seq, hlim, t[0] ? " time=" : "", t, t[0] ? " ms" : "",
	    dup ? " (DUP!)" : "");
}

/* iputils' wording for ICMPv6 errors (ping6_common.c pr_icmph). */
static void
fmt_error(uint8_t type, uint8_t code, uint32_t info, char *buf, size_t len)
{
	static const char *const unreach[] = { "No route",
		"Administratively prohibited", "Beyond scope",
		"Address unreachable", "Port unreachable",
		"Source address failed ingress/egress policy",
		"Reject route to destination" };

	switch (type) {
	case 1:
		if (code < sizeof(unreach) / sizeof(unreach[0]))
			snprintf(buf, len, "Destination unreachable: %s", unreach[code]);
		else
			snprintf(buf, len, "Destination unreachable: Unknown code %u", code);
		break;
	case 2:
		snprintf(buf, len, "Packet too big: mtu=%u", info);
		break;
	case 3:
		snprintf(buf, len, code == 0 ? "Time to live exceeded"
					     : "Frag reassembly time exceeded");
		break;
	case 4:
		snprintf(buf, len, "Parameter problem: code %u at %u", code, info);
		break;
	default:
		snprintf(buf, len, "Bad ICMP type: %u", type);
		break;
	}
}

static void
on_error(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint8_t type, uint8_t code, uint32_t info, uint16_t id, uint16_t seq,
    uint64_t now)
{
	struct v6_ping_srv *srv = ctx;
	struct ping_sess *p = sess_by_id(srv, id);
	char a[INET6_ADDRSTRLEN], what[96];

	(void)iface;
	(void)now;
	if (!p)
		return;
	inet_ntop(AF_INET6, from, a, sizeof(a));
	fmt_error(type, code, info, what, sizeof(what));
	p->errors++;
	sess_printf(p, "From %s icmp_seq=%u %s\n", a, seq, what);
}

struct v6_ping_srv *
v6_ping_srv_new(struct v6_stack *stack)
{
	struct v6_ping_srv *srv = calloc(1, sizeof(*srv));

	if (!srv)
		return NULL;
	srv->stack = stack;
	srv->next_id = (uint16_t)(getpid() * 2654435761u >> 16);
	v6_icmp6_echo_listen(stack, on_reply, on_error, srv);
	return srv;
}

static void
sess_end(struct ping_sess *p, uint64_t now)
{
	unsigned loss = p->sent ? (unsigned)(((uint64_t)(p->sent - p->received) * 100) / p->sent) : 0;
	char extra[64] = "";

	if (p->dups)
		snprintf(extra, sizeof(extra), ", +%u duplicates", p->dups);
	if (p->errors)
		snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra),
		    ", +%u errors", p->errors);
	sess_printf(p, "\n--- %s ping statistics ---\n", p->dst_s);
	sess_printf(p, "%u packets transmitted, %u received%s, %u%% packet loss, time %llums\n",
	    p->sent, p->received, extra, loss,
	    (unsigned long long)((now - p->start) / V6_NS_PER_MS));
	if (p->n_rtt) {
		uint64_t avg = p->rtt_sum_us / p->n_rtt;
		uint64_t var = p->rtt_sum2_us / p->n_rtt - avg * avg, mdev = 0;
		/* integer square root, Newton's method (no libm) */
		if (var) {
			uint64_t x = var, y = (x + 1) / 2;
			while (y < x) {
				x = y;
				y = (x + var / x) / 2;
			}
			mdev = x;
		}
		sess_printf(p, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n",
		    (double)p->rtt_min_us / 1000, (double)avg / 1000,
		    (double)p->rtt_max_us / 1000, (double)mdev / 1000);
	}
	/* iputils: 0 if any reply came, 1 if none. */
	sess_printf(p, "#exit %d\n", p->received ? 0 : 1);
	close(p->fd);
	p->used = false;
}

void
v6_ping_srv_free(struct v6_ping_srv *srv)
{
	if (!srv)
		return;
	for (unsigned i = 0; i < V6_PING_MAX_SESSIONS; i++)
		if (srv->sess[i].used) {
			close(srv->sess[i].fd);
			srv->sess[i].used = false;
		}
	free(srv);
}

/* Answer a request that starts no session, and close it. */
static void
refuse(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
refuse(int fd, const char *fmt, ...)
{
	char msg[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dprintf(fd, "ping: %s\n#exit 2\n", msg);
	close(fd);
}

/* A request's options; addr and ifname point into buf. */
struct ping_req {
	unsigned long count, size, interval_ms, linger_ms;
	const char *ifname, *addr;
	char buf[V6_CTL_REQ_MAX];
};

/* "[-c N] [-i MS] [-s SIZE] [-W MS] [-I IFACE] ADDR" into q: NULL, or
 * what is wrong with it. */
static const char *
ping_req_parse(struct ping_req *q, const char *req)
{
	char *tok, *save = NULL;

	*q = (struct ping_req){ 0, PING_DEFAULT_SIZE, PING_INTERVAL_MS,
		PING_LINGER_MS, NULL, NULL, "" };
	snprintf(q->buf, sizeof(q->buf), "%s", req);
	for (tok = strtok_r(q->buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		char *val = NULL, *end;
		unsigned long v = 0;
		if (tok[0] == '-' && tok[1] && !tok[2] && strchr("cisWI", tok[1])) {
			if (!(val = strtok_r(NULL, " \t", &save)))
				return "option needs a value";
			if (tok[1] != 'I') {
				errno = 0;
				v = strtoul(val, &end, 10);
				if (errno || *end || end == val)
					return "bad number";
			}
			switch (tok[1]) {
			case 'c': q->count = v; break;
			case 'i': q->interval_ms = v; break;
			case 's': q->size = v; break;
			case 'W': q->linger_ms = v; break;
			case 'I': q->ifname = val; break;
			default: break;
			}
		} else if (!q->addr) {
			q->addr = tok;
		} else {
			return "one address only";
		}
	}
	return q->addr ? NULL : "no address";
}

void
v6_ping_srv_start(struct v6_ping_srv *srv, int fd, const char *req,
    struct v6_iface *dflt, uint64_t now)
{
	struct ping_sess *p = NULL;
	struct ping_req q;
	const char *bad = ping_req_parse(&q, req);

	if (bad)
		return refuse(fd, "%s", bad);
	if (q.size > V6_ECHO_DATA_MAX)
		return refuse(fd, "packet size too large (max %d)", V6_ECHO_DATA_MAX);
	if (q.interval_ms < 1)
		return refuse(fd, "interval must be at least 1 ms");
	for (unsigned i = 0; i < V6_PING_MAX_SESSIONS; i++)
		if (!srv->sess[i].used) {
			p = &srv->sess[i];
			break;
		}
	if (!p)
		return refuse(fd, "too many ping sessions (%d) on this stack",
		    V6_PING_MAX_SESSIONS);
	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET6, q.addr, &p->dst) != 1)
		return refuse(fd, "not an IPv6 address");
	p->ifp = q.ifname ? v6_iface_by_name(srv->stack, q.ifname) : dflt;
	if (!p->ifp)
		return refuse(fd, "no such interface on this stack");
	p->used = true;
	p->fd = fd;
	inet_ntop(AF_INET6, &p->dst, p->dst_s, sizeof(p->dst_s));
	/* A new identifier per session, so that sessions tell their replies
	 * apart (as ping sockets' ports). */
	do
		p->id = srv->next_id++;
	while (sess_by_id(srv, p->id) != p || p->id == 0);
	p->count = (uint32_t)q.count;
	p->size = (uint32_t)q.size;
	p->interval_ns = q.interval_ms * V6_NS_PER_MS;
	p->linger_ns = q.linger_ms * V6_NS_PER_MS;
	p->start = p->next_send = now;
	sess_printf(p, "PING %s (%s) %lu data bytes\n", p->dst_s, p->dst_s, q.size);
}

unsigned
v6_ping_srv_pollfds(struct v6_ping_srv *srv, struct pollfd *pfd)
{
	unsigned n = 0;

	for (unsigned i = 0; i < V6_PING_MAX_SESSIONS; i++)
		if (srv->sess[i].used) {
			pfd[n].fd = srv->sess[i].fd;
			pfd[n].events = POLLIN;
			pfd[n++].revents = 0;
		}
	return n;
}

static void
sess_send(struct v6_ping_srv *srv, struct ping_sess *p, uint64_t now)
{
	uint16_t seq = (uint16_t)(p->sent + 1);
	int r;

	/* The data: the send time, then iputils' pattern (0x08, 0x09, ...). */
	for (uint32_t i = 0; i < p->size; i++)
		srv->buf[i] = (uint8_t)(i + 8);
	if (p->size >= 8)
		memcpy(srv->buf, &now, 8);
	p->seen[seq >> 3] &= (uint8_t)~(1u << (seq & 7));
	p->sent++;
	p->last_send = now;
	r = v6_icmp6_echo_send(p->ifp, NULL, &p->dst, p->id, seq, srv->buf,
	    p->size, now);
	if (r != 0) {
		p->errors++;
		sess_printf(p, "ping: icmp_seq=%u not sent: %s (%s)\n", seq,
		    v6_drop_name(r), v6_drop_text(r));
	}
}

uint64_t
v6_ping_srv_run(struct v6_ping_srv *srv, const struct pollfd *pfd, unsigned n,
    uint64_t now)
{
	uint64_t next = V6_TIME_NEVER;

	for (unsigned k = 0; k < n; k++) {
		if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		for (unsigned i = 0; i < V6_PING_MAX_SESSIONS; i++) {
			struct ping_sess *p = &srv->sess[i];
			char b[64];
			if (p->used && p->fd == pfd[k].fd) {
				/* "stop" (the client's SIGINT) or the client's
				 * end: finish with the summary. */
				ssize_t got = read(p->fd, b, sizeof(b));
				if (got <= 0 || memmem(b, (size_t)got, "stop", 4))
					p->stopping = true;
			}
		}
	}
	for (unsigned i = 0; i < V6_PING_MAX_SESSIONS; i++) {
		struct ping_sess *p = &srv->sess[i];
		if (!p->used)
			continue;
		bool all_sent = p->count && p->sent >= p->count;
		if (!p->stopping && !all_sent && now >= p->next_send) {
			sess_send(srv, p, now);
			p->next_send += p->interval_ns;
			if (p->next_send < now)
				p->next_send = now + p->interval_ns;
			all_sent = p->count && p->sent >= p->count;
		}
		/* iputils -c: done when every request got its answer (reply
		 * or error), or the linger time after the last one ran out. */
		if (p->stopping || (all_sent &&
		    (p->received + p->errors >= p->count ||
		     now >= p->last_send + p->linger_ns))) {
			sess_end(p, now);
			continue;
		}
		uint64_t due = all_sent ? p->last_send + p->linger_ns : p->next_send;
		if (due < next)
			next = due;
	}
	return next;
}
