/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack explain, the end: what became of each conversation the capture
 * shows (address resolutions, echo requests), then one line per address
 * pair.
 */
#include <string.h>

#include "cli/explain_out.h"

void
ex_pair_count(struct explain *x, const struct cap_frame *f)
{
	struct in6_addr a, b;

	if (!f) {
		if (x->cur_pair >= 0)
			x->pairs[x->cur_pair].findings++;
		return;
	}
	x->cur_pair = -1;
	memcpy(&a, f->data + 22, 16);
	memcpy(&b, f->data + 38, 16);
	if (memcmp(&a, &b, 16) > 0) {
		struct in6_addr t = a;

		a = b;
		b = t;
	}
	for (unsigned i = 0; i < x->npairs; i++)
		if (IN6_ARE_ADDR_EQUAL(&x->pairs[i].a, &a) && IN6_ARE_ADDR_EQUAL(&x->pairs[i].b, &b)) {
			x->pairs[i].frames++;
			x->cur_pair = (int)i;
			return;
		}
	if (x->npairs == EX_MAX_PAIRS)
		return;
	x->cur_pair = (int)x->npairs;
	x->pairs[x->npairs++] = (struct ex_pair){ a, b, 1, 0 };
}

static void
line(struct explain *x, const char *kind, const char *text, bool problem)
{
	if (problem)
		x->findings++;
	if (x->json) {
		fprintf(x->out, "{\"kind\":\"%s\",\"problem\":%s,\"text\":\"", kind,
		    problem ? "true" : "false");
		for (const char *s = text; *s; s++)
			if (*s == '"' || *s == '\\')
				fprintf(x->out, "\\%c", *s);
			else
				fputc(*s, x->out);
		fprintf(x->out, "\"}\n");
	} else {
		fprintf(x->out, "  %s\n", text);
	}
}

static void
resolution(struct explain *x, const struct ex_res *r)
{
	char who[100], t[INET6_ADDRSTRLEN], buf[700];
	uint64_t d = r->t_fail > x->t0 ? r->t_fail - x->t0 : 0;

	ex_node_name(r->node, who, sizeof(who));
	inet_ntop(AF_INET6, &r->target, t, sizeof(t));
	if (r->resolved) {
		snprintf(buf, sizeof(buf), "%s resolved %s: the advertisement in frame %u "
		    "made its entry usable (solicitation in frame %u)", who, t, r->ok_frame,
		    r->first_ns);
		line(x, "resolution", buf, false);
		return;
	}
	if (r->nbad)
		snprintf(buf, sizeof(buf), "%s never resolves %s: %u solicitation(s) from frame "
		    "%u, answered only by advertisements it cannot use (%u, the last in frame "
		    "%u: %s)", who, t, r->nns, r->first_ns, r->nbad, r->bad_frame,
		    v6_drop_name(r->bad_reason));
	else
		snprintf(buf, sizeof(buf), "%s never resolves %s: %u solicitation(s) from frame "
		    "%u, no advertisement answers", who, t, r->nns, r->first_ns);
	if (r->failed)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "; the entry goes "
		    "FAILED at +%llu.%03llu s%s (RFC 4861 7.2.2: after MAX_MULTICAST_SOLICIT "
		    "solicitations), queued packets are dropped and ping reports "
		    "\"Destination unreachable: Address unreachable\"",
		    (unsigned long long)(d / 1000000000u),
		    (unsigned long long)(d % 1000000000u / 1000000u),
		    r->t_fail > x->end ? " (after the capture)" : "");
	line(x, "resolution", buf, true);
}

static void
echo(struct explain *x, const struct ex_echo *e)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], buf[400];

	if (e->reply)
		return;
	inet_ntop(AF_INET6, &e->src, s, sizeof(s));
	inet_ntop(AF_INET6, &e->dst, d, sizeof(d));
	if (e->bad_reply)
		snprintf(buf, sizeof(buf), "echo request %s > %s id %u seq %u (frame %u) is "
		    "never answered: its reply (frame %u) is discarded (%s)", s, d, e->id,
		    e->seq, e->req, e->bad_reply, v6_drop_name(e->bad_reason));
	else
		snprintf(buf, sizeof(buf), "echo request %s > %s id %u seq %u (frame %u) is "
		    "never answered%s", s, d, e->id, e->seq, e->req,
		    e->req_dropped ? ": the destination discards it" : " in the capture");
	line(x, "echo", buf, true);
}

/* Errors withheld: the capture will lack them, and the sender is not told
 * about its packets; not a fault of the receiver (RFC 4443 2.4 (f) MUST
 * limit), said so the missing errors are understood. */
static void
ratelimit(struct explain *x, const struct ex_rl *l)
{
	char who[100], d[INET6_ADDRSTRLEN], buf[600];

	ex_node_name(l->node, who, sizeof(who));
	inet_ntop(AF_INET6, &l->dst, d, sizeof(d));
	snprintf(buf, sizeof(buf), "%s withholds the ICMPv6 errors it owes %s about %u "
	    "frame(s), frames %u to %u: %s (Linux's defaults: "
	    "net.ipv6.icmp.ratelimit 1000 ms per destination with a burst of 6, "
	    "icmp.msgs_per_sec 1000); the sender is not told about those packets",
	    who, d, l->n, l->first, l->last, v6_drop_text(l->reason));
	line(x, "ratelimit", buf, false);
}

void
ex_out_end(struct explain *x, const struct cap_reader *r)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], buf[300];
	uint32_t per_frame = x->findings;

	if (!x->json)
		fprintf(x->out, "%sconversations:\n", per_frame ? "\n" : "");
	for (unsigned i = 0; i < x->nres; i++)
		resolution(x, &x->res[i]);
	for (unsigned i = 0; i < x->necho; i++)
		echo(x, &x->echo[i]);
	for (unsigned i = 0; i < x->nrl; i++)
		ratelimit(x, &x->rl[i]);
	if (x->too_many_nodes)
		line(x, "note", "more than 16 nodes: the frames to the others are not judged", false);
	if (r->skipped_link) {
		snprintf(buf, sizeof(buf), "%u record(s) on non-Ethernet interfaces skipped",
		    r->skipped_link);
		line(x, "note", buf, false);
	}
	if (!x->json)
		fprintf(x->out, "\nsummary per address pair:\n");
	for (unsigned i = 0; i < x->npairs; i++) {
		inet_ntop(AF_INET6, &x->pairs[i].a, a, sizeof(a));
		inet_ntop(AF_INET6, &x->pairs[i].b, b, sizeof(b));
		snprintf(buf, sizeof(buf), "%s <-> %s: %u frame(s), %u finding(s)", a, b,
		    x->pairs[i].frames, x->pairs[i].findings);
		line(x, "pair", buf, false);
	}
	snprintf(buf, sizeof(buf), "%u frame(s), %u problem(s)", r->records, x->findings);
	if (x->json)
		line(x, "total", buf, false);
	else
		fprintf(x->out, "\n%s\n", buf);
}
