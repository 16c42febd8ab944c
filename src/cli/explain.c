/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack explain CAPTURE [--json]. Each frame of the capture goes to the
 * core stack of the node it is addressed to (every other node and a
 * bystander host for multicast), at the capture's time, through v6_input:
 * the drop reason that stack counts is the verdict, so explain and the
 * stack share one truth. A multicast Neighbor Solicitation makes its
 * sender's stack resolve the target too (an Echo Request queued behind the
 * resolution), so the advertisements that follow meet the same neighbour
 * entry as on the sender, and the stack's NUD says whether the address
 * resolves or fails (ping's "Address unreachable").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/explain_int.h"
#include "cli/explain_out.h"

/* How long the stacks' timers run on after the last frame: past every
 * resolution (RFC 4861 7.2.2, 3 s) and reassembly (RFC 8200 4.5, 60 s). */
#define EX_AFTER_NS (61 * 1000000000ull)

/* Verdicts that say nothing wrong with the frame: the capture cannot tell
 * what the real node listens to or runs (groups, ports, protocols beyond
 * the stack's), or the frame is not meant to be acted on by this receiver.
 * Drops on the output side (what the receiver would send) are not about
 * the frame either. */
static const char *const benign[] = {
	"ETH_OTHERHOST", "ETH_MCAST_NOT_JOINED", "ETH_SRC_IS_OURS", "ETH_NOT_IPV6",
	"IP6_DST_NOT_OURS", "IP6_MCAST_NOT_JOINED", "IP6_UNKNOWN_NEXTHDR",
	"IP6_NO_NEXT_HEADER", "ICMP6_ECHO_REPLY_NO_LISTENER", "ICMP6_ERR_NO_LISTENER",
	"ICMP6_ERR_NOT_OURS", "UDP_NO_PORT", "UDP_MCAST_NO_PORT",
	"NDISC_TARGET_NOT_OURS", "NDISC_NA_NO_ENTRY", "MLD_HOST_IGNORES",
	"MLD_QUERY_NOT_MEMBER", "RS_NOT_ROUTER", "RS_NOT_ADVERTISING",
	"RA_NOT_ACCEPTED", "RA_FROM_US", "REDIRECT_NOT_ACCEPTED",
	"PMTU_NOT_LOWER", "FRAG_DUPLICATE",
};
static const char *const output_side[] = {
	"NEIGH_", "OUT_", "ICMP6_ERR_FOR_", "ICMP6_RATELIMIT_", "REDIRECT_RATELIMITED_",
	"REDIRECT_NO_LINKLOCAL", "REDIRECT_TARGET_NOT_LINKLOCAL",
	"REDIRECT_SRC_NOT_NEIGHBOUR", "RA_OUT_", "FWD_",
};

static bool
is_benign(int reason)
{
	const char *n = v6_drop_name(reason);

	if (reason == 0)
		return true;
	for (size_t i = 0; i < sizeof(benign) / sizeof(benign[0]); i++)
		if (!strcmp(n, benign[i]))
			return true;
	for (size_t i = 0; i < sizeof(output_side) / sizeof(output_side[0]); i++)
		if (!strncmp(n, output_side[i], strlen(output_side[i])))
			return true;
	return false;
}

static struct ex_res *
res_find(struct explain *x, const struct ex_node *n, const struct in6_addr *t)
{
	for (unsigned i = 0; i < x->nres; i++)
		if (x->res[i].node == n && IN6_ARE_ADDR_EQUAL(&x->res[i].target, t) &&
		    !x->res[i].resolved && !x->res[i].failed)
			return &x->res[i];
	return NULL;
}

void
ex_on_event(void *ctx, const struct v6_event *ev)
{
	struct ex_node *n = ctx;
	struct explain *x = n->x;
	struct ex_res *r;

	if (ev->kind == V6_EV_DROP) {
		if (x->frame && x->nnested < 8)
			x->nested[x->nnested++] = ev->reason;
		else if (!x->frame && !strcmp(v6_drop_name(ev->reason), "FRAG_TIMEOUT"))
			ex_out_timer_drop(x, n, ev->reason, ev->frame, ev->len);
		return;
	}
	if (ev->kind != V6_EV_NEIGH_STATE || !ev->addr || !(r = res_find(x, n, ev->addr)))
		return;
	if (!strcmp(ev->state, "FAILED")) {
		r->failed = true;
		r->t_fail = x->now;
	} else if (strcmp(ev->state, "INCOMPLETE") != 0) {
		r->resolved = true;
		r->ok_frame = x->frame;
	}
}

void
ex_on_echo_reply(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *from, uint16_t id, uint16_t seq, uint8_t hlim,
    const uint8_t *data, size_t len, v6_time_t now)
{
	struct ex_node *n = ctx;
	struct explain *x = n->x;

	(void)iface; (void)hlim; (void)data; (void)len; (void)now;
	for (unsigned i = 0; i < x->necho; i++) {
		struct ex_echo *e = &x->echo[i];

		if (!e->reply && e->id == id && e->seq == seq &&
		    IN6_ARE_ADDR_EQUAL(&e->dst, from)) {
			e->reply = x->frame;
			return;
		}
	}
}

void
ex_on_echo_err(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *from, uint8_t type, uint8_t code, uint32_t info,
    uint16_t id, uint16_t seq, v6_time_t now)
{
	struct ex_node *n = ctx;
	struct explain *x = n->x;

	(void)iface; (void)from; (void)info;
	/* RFC 4861 7.2.2: resolution failed; Linux's ping prints Destination
	 * unreachable: Address unreachable (type 1 code 3). */
	if (id != EX_PROBE_ID || type != 1 || code != 3 || seq >= x->nres)
		return;
	if (!x->res[seq].resolved) {
		x->res[seq].failed = true;
		if (!x->res[seq].t_fail)
			x->res[seq].t_fail = now;
	}
}

struct neigh_q { const struct ex_node *n; const struct in6_addr *a; const char *state; };

static void
neigh_cb(void *ctx, const struct v6_iface *iface, const struct in6_addr *addr,
    const uint8_t *lladdr, const char *state, int is_router)
{
	struct neigh_q *q = ctx;

	(void)lladdr; (void)is_router;
	if (iface == q->n->ifp && IN6_ARE_ADDR_EQUAL(addr, q->a))
		q->state = state;
}

/* A multicast NS from n for target: n resolves it (RFC 4861 7.2.2). */
static void
on_ns_sent(struct explain *x, struct ex_node *n, const uint8_t *ns)
{
	struct in6_addr t;
	struct ex_res *r;
	struct neigh_q q = { n, &t, NULL };

	memcpy(&t, ns + 8, 16);
	if (IN6_IS_ADDR_MULTICAST(&t) || IN6_IS_ADDR_UNSPECIFIED(&t))
		return;
	if ((r = res_find(x, n, &t)) != NULL) {
		r->nns++;
		return;
	}
	if (x->nres == EX_MAX_RES || !n->s)
		return;
	r = &x->res[x->nres];
	memset(r, 0, sizeof(*r));
	r->node = n;
	r->target = t;
	r->first_ns = x->frame;
	r->nns = 1;
	x->nres++;
	static const uint8_t none[1];

	(void)v6_icmp6_echo_send(n->ifp, NULL, &t, EX_PROBE_ID,
	    (uint16_t)(x->nres - 1), none, 0, x->now);
	v6_neigh_foreach(n->s, neigh_cb, &q);
	if (!q.state || strcmp(q.state, "INCOMPLETE") != 0)
		x->nres--; /* already known to n: nothing to follow */
}

static void
on_echo_request(struct explain *x, const struct cap_frame *f, const uint8_t *m)
{
	struct ex_echo *e;

	if (f->data[38] == 0xff || x->necho == EX_MAX_ECHO)
		return;
	e = &x->echo[x->necho++];
	memset(e, 0, sizeof(*e));
	memcpy(&e->src, f->data + 22, 16);
	memcpy(&e->dst, f->data + 38, 16);
	e->id = (uint16_t)(m[4] << 8 | m[5]);
	e->seq = (uint16_t)(m[6] << 8 | m[7]);
	e->req = f->no;
}

static struct ex_echo *
echo_of_reply(struct explain *x, const struct cap_frame *f, const uint8_t *m)
{
	uint16_t id = (uint16_t)(m[4] << 8 | m[5]), seq = (uint16_t)(m[6] << 8 | m[7]);

	for (unsigned i = 0; i < x->necho; i++) {
		struct ex_echo *e = &x->echo[i];

		if (!e->reply && e->id == id && e->seq == seq &&
		    !memcmp(&e->dst, f->data + 22, 16) && !memcmp(&e->src, f->data + 38, 16))
			return e;
	}
	return NULL;
}

/* The ICMPv6 header of the frame, also in a first fragment. */
static const uint8_t *
upper_icmp6(const struct cap_frame *f)
{
	size_t n;
	const uint8_t *m = ex_icmp6(f, &n);

	if (m)
		return n >= 8 || m[0] > 129 ? m : NULL;
	if (f->caplen >= 54 + 16 && f->data[20] == 44 && f->data[54] == 58 &&
	    ((f->data[56] << 8 | f->data[57]) & 0xfff8) == 0)
		return f->data + 62;
	return NULL;
}

/* The receiver n would answer frame f with an ICMPv6 error, but its rate
 * limit withholds it: followed per (receiver, destination, limit). */
static void
rl_note(struct explain *x, struct ex_node *n, const struct cap_frame *f,
    int reason)
{
	const char *name = v6_drop_name(reason);
	struct in6_addr dst;

	if (strcmp(name, "ICMP6_RATELIMIT_HOST") && strcmp(name, "ICMP6_RATELIMIT_GLOBAL"))
		return;
	memcpy(&dst, f->data + 22, 16); /* the error would go to the source */
	for (unsigned i = 0; i < x->nrl; i++) {
		struct ex_rl *l = &x->rl[i];

		if (l->node == n && l->reason == reason && IN6_ARE_ADDR_EQUAL(&l->dst, &dst)) {
			l->last = f->no;
			l->n++;
			return;
		}
	}
	if (x->nrl < EX_MAX_RL)
		x->rl[x->nrl++] = (struct ex_rl){ n, dst, reason, f->no, f->no, 1 };
}

/* Feed one frame to one receiver; a finding when the verdict is one. */
static void
feed(struct explain *x, struct ex_node *n, const struct cap_frame *f,
    const uint8_t *m, bool *reported)
{
	int r;

	x->nnested = 0;
	r = v6_input(n->s, n->ifp, f->data, f->caplen, x->now);
	for (unsigned i = 0; i < x->nnested; i++)
		rl_note(x, n, f, x->nested[i]);
	if (is_benign(r)) {
		for (unsigned i = 0; i < x->nnested; i++)
			if (!is_benign(x->nested[i]) && x->nested[i] != r && !*reported) {
				ex_out_finding(x, n, f, x->nested[i], true);
				*reported = true;
			}
		return;
	}
	if (m && m[0] == 136) {
		struct in6_addr t;
		struct ex_res *rs;

		memcpy(&t, m + 8, 16);
		if ((rs = res_find(x, n, &t)) != NULL) {
			rs->nbad++;
			rs->bad_frame = f->no;
			rs->bad_reason = r;
		}
	}
	if (m && m[0] == 129) {
		struct ex_echo *e = echo_of_reply(x, f, m);

		if (e) {
			e->bad_reply = f->no;
			e->bad_reason = r;
		}
	}
	if (m && m[0] == 128 && x->necho && x->echo[x->necho - 1].req == f->no)
		x->echo[x->necho - 1].req_dropped = true;
	if (!*reported) {
		ex_out_finding(x, n, f, r, false);
		*reported = true;
	}
}

/* The stacks' clock at a frame: the capture's, but never going backwards
 * (captures can be out of order) and within V6_TIME_MAX (v6stack.h) with
 * room for the run after the capture. */
static uint64_t
stack_time(const struct explain *x, uint64_t ts)
{
	if (ts > V6_TIME_MAX - EX_AFTER_NS)
		ts = V6_TIME_MAX - EX_AFTER_NS;
	return ts > x->now ? ts : x->now;
}

/* Run the stacks' timers up to now; the earliest deadline after it. */
static uint64_t
poll_all(struct explain *x, uint64_t now)
{
	uint64_t next = UINT64_MAX;

	x->frame = 0;
	for (unsigned i = 0; i <= x->nnodes; i++)
		if (x->nodes[i].s) {
			uint64_t t;

			while ((t = v6_poll(x->nodes[i].s, now)) <= now)
				;
			if (t < next)
				next = t;
		}
	return next;
}

static void
one_frame(struct explain *x, const struct cap_frame *f)
{
	struct ex_node *from, *to;
	const uint8_t *m;
	bool reported = false;

	if (f->caplen < 54 || f->data[12] != 0x86 || f->data[13] != 0xdd)
		return;
	if (f->caplen < f->origlen) {
		ex_out_truncated(x, f);
		return;
	}
	x->now = stack_time(x, f->ts_ns);
	poll_all(x, x->now);
	x->frame = f->no;
	ex_pair_count(x, f);
	from = ex_node_by_mac(x, f->data + 6);
	m = upper_icmp6(f);
	/* RFC 4861 7.2.2: a multicast NS from a unicast source resolves. */
	if (from && m && m[0] == 135 && f->data[38] == 0xff &&
	    memcmp(f->data + 22, &in6addr_any, 16) != 0)
		on_ns_sent(x, from, m);
	if (m && m[0] == 128)
		on_echo_request(x, f, m);
	if (!(f->data[0] & 1)) {
		if ((to = ex_node_by_mac(x, f->data)) != NULL && to != from)
			feed(x, to, f, m, &reported);
		return;
	}
	for (unsigned i = 0; i <= x->nnodes; i++)
		if (&x->nodes[i] != from && x->nodes[i].s)
			feed(x, &x->nodes[i], f, m, &reported);
}

static int
start_nodes(struct explain *x)
{
	struct ex_node *b = &x->nodes[x->nnodes];

	/* The bystander: a locally administered MAC no capture node has. */
	memset(b, 0, sizeof(*b));
	memcpy(b->mac, "\x02\x00\x5e\x10\x00\x01", 6);
	b->bystander = true;
	b->addrs[0] = (struct in6_addr){ .s6_addr = { 0xfe, 0x80, [8] = 0x00, [9] = 0x00,
	    [10] = 0x5e, [11] = 0xff, [12] = 0xfe, [13] = 0x10, [14] = 0x00, [15] = 0x01 } };
	b->naddrs = 1;
	for (unsigned i = 0; i <= x->nnodes; i++)
		if (ex_node_start(x, &x->nodes[i], x->t0) < 0) {
			snprintf(x->err, sizeof(x->err), "cannot create a stack for node %u", i);
			return -1;
		}
	return 0;
}

static void
stop_nodes(struct explain *x)
{
	for (unsigned i = 0; i <= x->nnodes; i++)
		if (x->nodes[i].s)
			v6_stack_free(x->nodes[i].s);
}

int
explain_run(const uint8_t *buf, size_t len, FILE *out, bool json, char *err,
    size_t errlen)
{
	struct explain *x = calloc(1, sizeof(*x));
	struct cap_reader r;
	struct cap_frame f;
	uint64_t last = 0;
	int rc = -1, got;

	if (!x) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	x->out = out;
	x->cur_pair = -1;
	x->json = json;
	if (ex_learn(x, buf, len) < 0 || start_nodes(x) < 0 || cap_open(&r, buf, len) < 0)
		goto done;
	x->now = stack_time(x, x->t0);
	while ((got = cap_next(&r, &f)) == 1) {
		one_frame(x, &f);
		last = x->now;
	}
	if (got < 0) {
		snprintf(x->err, sizeof(x->err), "%s", r.err);
		goto done;
	}
	x->end = last;
	/* What follows after the capture: the stacks' timers run on (the
	 * resolutions end, RFC 4861 7.2.2; reassembly gives up, RFC 8200 4.5). */
	for (uint64_t t = last; t <= last + EX_AFTER_NS;) {
		x->now = t;
		t = poll_all(x, t);
	}
	ex_out_end(x, &r);
	rc = 0;
done:
	if (rc < 0)
		snprintf(err, errlen, "%s", x->err);
	stop_nodes(x);
	free(x);
	return rc;
}

/* On stdout with exit 0 when asked for (-h), else on stderr with exit 2. */
static int
usage(bool asked)
{
	fputs("usage: v6stack explain CAPTURE [--json]\n"
	      "  CAPTURE  a pcap or pcapng file of an Ethernet link\n"
	      "  --json   the same as JSON lines\n", asked ? stdout : stderr);
	return asked ? 0 : 2;
}

#define EX_FILE_MAX (1u << 30)

int
v6_cli_explain(int argc, char **argv)
{
	const char *path = NULL;
	bool json = false;
	char err[256];
	uint8_t *buf;
	size_t len = 0, cap = 1 << 20;
	FILE *fp;
	int rc;

	/* Self-contained (the explain fuzz harness links this file without
	 * main.c): -h anywhere, as every command. */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return usage(true);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (argv[i][0] == '-' || path) {
			fprintf(stderr, argv[i][0] == '-' ?
			    "v6stack explain: unknown option '%s'\n" :
			    "v6stack explain: unexpected argument '%s'\n", argv[i]);
			return usage(false);
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		fputs("v6stack explain: no CAPTURE given\n", stderr);
		return usage(false);
	}
	if (!(fp = fopen(path, "rb"))) {
		fprintf(stderr, "v6stack explain: %s: %s\n", path, strerror(errno));
		return 1;
	}
	buf = malloc(cap);
	while (buf) {
		size_t n = fread(buf + len, 1, cap - len, fp);

		len += n;
		if (len < cap)
			break;
		if (cap >= EX_FILE_MAX) {
			free(buf);
			buf = NULL;
			break;
		}
		uint8_t *nb = realloc(buf, cap * 2);
		if (!nb) {
			free(buf);
			buf = NULL;
		}
		buf = nb;
		cap *= 2;
	}
	fclose(fp);
	if (!buf) {
		fprintf(stderr, "v6stack explain: %s: larger than 1 GiB or out of memory\n", path);
		return 1;
	}
	rc = explain_run(buf, len, stdout, json, err, sizeof(err));
	free(buf);
	if (rc < 0) {
		fprintf(stderr, "v6stack explain: %s: %s\n", path, err);
		return 1;
	}
	return 0;
}
