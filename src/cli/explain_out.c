/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack explain, its output: a finding per frame a receiver would not
 * accept or act on (frame, tcpdump line, what the receiver does, the rule
 * from drop.def, what follows), then the conversations (resolutions, echo
 * requests) and a summary per address pair. Text, or JSON lines with the
 * same fields.
 */
#include <string.h>

#include "cli/explain_out.h"

struct rec {
	const char *k[10];
	const char *v[10];
	unsigned n;
};

static void
put(struct rec *r, const char *k, const char *v)
{
	if (r->n < 10 && v && v[0]) {
		r->k[r->n] = k;
		r->v[r->n++] = v;
	}
}

static void
json_str(FILE *o, const char *s)
{
	fputc('"', o);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(o, "\\%c", c);
		else if (c < 0x20)
			fprintf(o, "\\u%04x", c);
		else
			fputc(c, o);
	}
	fputc('"', o);
}

/* Text: the first field is the heading, the others indented "key: value". */
static void
emit(struct explain *x, const char *kind, const struct rec *r)
{
	if (x->json) {
		fprintf(x->out, "{\"kind\":");
		json_str(x->out, kind);
		for (unsigned i = 0; i < r->n; i++) {
			fprintf(x->out, ",");
			json_str(x->out, r->k[i]);
			fputc(':', x->out);
			json_str(x->out, r->v[i]);
		}
		fprintf(x->out, "}\n");
		return;
	}
	for (unsigned i = 0; i < r->n; i++) {
		if (i == 0)
			fprintf(x->out, "%s\n", r->v[0]);
		else
			fprintf(x->out, "  %-9s %s\n", r->k[i], r->v[i]);
	}
}

static void
rel_time(const struct explain *x, uint64_t t, char *buf, size_t cap)
{
	uint64_t d = t >= x->t0 ? t - x->t0 : 0;

	snprintf(buf, cap, "+%llu.%06llu s", (unsigned long long)(d / 1000000000u),
	    (unsigned long long)(d % 1000000000u / 1000u));
}

static bool
has_option(const uint8_t *m, size_t n, size_t off, unsigned type)
{
	while (off + 2 <= n && m[off + 1] != 0) {
		if (m[off] == type)
			return true;
		off += (size_t)m[off + 1] * 8;
	}
	return false;
}

/* What the frame itself shows about the rule it breaks. */
static void
hint(const struct cap_frame *f, const char *name, char *buf, size_t cap)
{
	char a[INET6_ADDRSTRLEN];
	size_t n = 0;
	const uint8_t *m = ex_icmp6(f, &n);

	buf[0] = '\0';
	inet_ntop(AF_INET6, f->data + 22, a, sizeof(a));
	if (!strcmp(name, "NDISC_NA_INCOMPLETE_NO_TLLA") && m)
		snprintf(buf, cap, "%s; RFC 4861 4.4: the answer to a multicast "
		    "solicitation MUST include the Target Link-Layer Address option",
		    has_option(m, n, 24, 1) ? "it carries a Source Link-Layer Address "
		    "option (type 1) instead of the Target Link-Layer Address option (type 2)"
		    : "it has no Target Link-Layer Address option (type 2)");
	else if (strstr(name, "HOPLIMIT"))
		snprintf(buf, cap, "its hop limit is %u, not 255: it may have come from "
		    "off the link", f->data[21]);
	else if (!strcmp(name, "RA_SRC_NOT_LINKLOCAL"))
		snprintf(buf, cap, "its source %s is not link-local: a router sends RAs "
		    "from its link-local address (RFC 4861 4.2, 6.1.2)", a);
	else if (!strcmp(name, "NDISC_TARGET_MULTICAST") && m && n >= 24) {
		inet_ntop(AF_INET6, m + 8, a, sizeof(a));
		snprintf(buf, cap, "the target %s is multicast: a multicast address "
		    "maps to a MAC directly (RFC 2464 7), no node answers for it", a);
	} else if (!strcmp(name, "ICMP6_BAD_CSUM") && m)
		snprintf(buf, cap, "the checksum field is 0x%04x; the receiver computes "
		    "another over the pseudo-header and message", (unsigned)(m[2] << 8 | m[3]));
	else if (!strcmp(name, "FRAG_OVERLAP"))
		snprintf(buf, cap, "this fragment overlaps data already received for "
		    "the same datagram");
}

static void
follows(struct explain *x, const struct ex_node *n, const struct cap_frame *f,
    const char *name, char *buf, size_t cap)
{
	char who[80], t[INET6_ADDRSTRLEN];
	size_t len = 0;
	const uint8_t *m = ex_icmp6(f, &len);

	ex_node_name(n, who, sizeof(who));
	if (m && m[0] == 136 && len >= 24) {
		inet_ntop(AF_INET6, m + 8, t, sizeof(t));
		snprintf(buf, cap, "%s is not resolved by this advertisement: the entry "
		    "stays as it was (INCOMPLETE while it is resolving) and %s keeps "
		    "soliciting", t, who);
	} else if (m && m[0] == 134)
		snprintf(buf, cap, "hosts do not take the sender as a default router and "
		    "ignore its prefixes, MTU and hop limit: no SLAAC address, no default route");
	else if (m && m[0] == 135)
		snprintf(buf, cap, "no Neighbor Advertisement answers it");
	else if (m && m[0] == 129 && len >= 8)
		snprintf(buf, cap, "ping on %s never sees this reply (seq %u): it counts "
		    "the request as lost", who, (unsigned)(m[6] << 8 | m[7]));
	else if (m && m[0] == 128 && len >= 8)
		snprintf(buf, cap, "no Echo Reply for seq %u", (unsigned)(m[6] << 8 | m[7]));
	else if (!strncmp(name, "FRAG_", 5))
		snprintf(buf, cap, "the datagram is never reassembled (RFC 5722 4: all "
		    "its fragments are discarded); the sender's upper layer gets no answer");
	else
		snprintf(buf, cap, "the receiver acts as if the frame had never arrived");
	(void)x;
}

void
ex_out_finding(struct explain *x, const struct ex_node *n,
    const struct cap_frame *f, int reason, bool partial)
{
	char head[400], sum[300], tm[32], who[120], why[600], hn[400], fol[300];
	const char *name = v6_drop_name(reason);
	struct rec r = { 0 };

	x->findings++;
	if (x->npairs)
		ex_pair_count(x, NULL); /* the current frame's pair gets the finding */
	explain_summary(f->data, f->caplen, sum, sizeof(sum));
	rel_time(x, f->ts_ns, tm, sizeof(tm));
	snprintf(head, sizeof(head), "frame %u (%s): %s", f->no, tm, sum);
	ex_node_name(n, who, sizeof(who));
	snprintf(who + strlen(who), sizeof(who) - strlen(who), " %s (%s)",
	    partial ? "accepts it but ignores part of it" : "discards it", name);
	hint(f, name, hn, sizeof(hn));
	snprintf(why, sizeof(why), "%s%s%s", v6_drop_text(reason), hn[0] ? "; " : "", hn);
	follows(x, n, f, name, fol, sizeof(fol));
	char fno[16];
	snprintf(fno, sizeof(fno), "%u", f->no);
	if (x->json) {
		put(&r, "frame", fno);
		put(&r, "time", tm);
		put(&r, "summary", sum);
	} else {
		put(&r, "frame", head);
	}
	put(&r, "receiver", who);
	put(&r, "reason", x->json ? name : NULL);
	put(&r, "why", why);
	put(&r, "follows", partial ? NULL : fol);
	emit(x, "finding", &r);
}

void
ex_out_timer_drop(struct explain *x, const struct ex_node *n, int reason,
    const uint8_t *frame, size_t len)
{
	char head[400], sum[300] = "", tm[32], who[160];
	struct rec r = { 0 };

	x->findings++;
	if (frame && len >= 54)
		explain_summary(frame, len, sum, sizeof(sum));
	rel_time(x, x->now, tm, sizeof(tm));
	snprintf(head, sizeof(head), "at %s%s: %s", tm,
	    x->now > x->end ? " (after the capture)" : "", sum[0] ? sum : "reassembly");
	ex_node_name(n, who, sizeof(who));
	snprintf(who + strlen(who), sizeof(who) - strlen(who), " discards an incomplete "
	    "datagram (%s)", v6_drop_name(reason));
	put(&r, x->json ? "time" : "at", head);
	put(&r, "receiver", who);
	put(&r, "why", v6_drop_text(reason));
	put(&r, "follows", "the datagram is never delivered");
	emit(x, "timeout", &r);
}

void
ex_out_truncated(struct explain *x, const struct cap_frame *f)
{
	char head[100];
	struct rec r = { 0 };

	snprintf(head, sizeof(head), "frame %u: captured %zu of %zu bytes (snaplen): "
	    "not judged", f->no, f->caplen, f->origlen);
	put(&r, "note", head);
	emit(x, "note", &r);
}
