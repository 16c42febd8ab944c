/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control socket's answers that read the stack: counters in nstat's
 * layout, drop reasons, the neighbour cache and addresses as iproute2
 * prints them, the fragment queues as /proc/net/sockstat6 (what Router
 * Advertisements taught: ctl_show_ra.c). With "-j" among
 * the arguments, each answers one JSON document instead, as `ip -j` and
 * `nstat -j` do: iproute2's key names where it has the object.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "cli/ctl_line.h"
#include "cli/ctl_server.h"
#include "cli/route_args.h"

/* iproute2's INFINITY_LIFE_TIME: a lifetime that never ends, in seconds. */
#define CTL_JSON_FOREVER 4294967295ULL

/* A remaining lifetime in ms as JSON's seconds (whole, as ip -j). */
uint64_t
ctl_json_s(uint64_t ms)
{
	return ms == UINT64_MAX ? CTL_JSON_FOREVER : ms / 1000;
}

/* Start the answer's JSON document on q->f, its outer value opened
 * (bracket '[' or '{'). */
void
ctl_json_begin(struct ctl_req *q, struct v6_json *j, char bracket)
{
	v6_json_init(j, q->f);
	q->jw = j;
	v6_json_open(j, NULL, bracket);
}

void
ctl_json_finish(struct ctl_req *q)
{
	v6_json_end(q->jw);
	q->jw = NULL;
}

/* Whether the counter name is asked for: every one without patterns (the
 * words of the arguments that are not options), else one that matches a
 * pattern, as nstat's. */
static bool
ctl_counter_wanted(const char *args, const char *name)
{
	char pat[V6_CTL_REQ_MAX];
	bool any = false;

	for (const char *p = args; *p;) {
		size_t l = strcspn(p, " ");
		if (l > 0 && p[0] != '-' && l < sizeof(pat)) {
			memcpy(pat, p, l);
			pat[l] = '\0';
			if (ctl_glob_match(pat, name))
				return true;
			any = true;
		}
		p += l;
		p += strspn(p, " ");
	}
	return !any;
}

static void
ctl_counter(void *ctx, const char *name, uint64_t v)
{
	struct ctl_req *q = ctx;

	if (!(v || q->zero) || !ctl_counter_wanted(q->args, name))
		return;
	if (q->jw)
		v6_json_u64(q->jw, name, v);
	else /* nstat's layout: name, value, rate (no rate here). */
		fprintf(q->f, "%-32s%-16llu%6.1f\n", name, (unsigned long long)v, 0.0);
}

/* The backends' own counters, per link, laid out as `ip -s link` lays out
 * its RX and TX lines; "dropped" is what the kernel dropped because the
 * stack did not read in time (link.h), the only loss the stack's drop
 * reasons cannot name. */
/* `ip -j -s link`'s keys: stats64.rx.packets, dropped, tx.errors; the
 * rest are the backends' own. */
static void
ctl_link_json(struct v6_json *j, const struct iface_rt *ri)
{
	struct v6_link_stats st;
	uint8_t m[6];
	char mac[18];

	v6_link_stats(ri->link, &st);
	v6_link_hwaddr(ri->link, m);
	run_fmt_mac(m, mac, sizeof(mac));
	v6_json_open(j, NULL, '{');
	v6_json_str(j, "ifname", v6_link_ifname(ri->link));
	v6_json_u64(j, "mtu", v6_link_mtu(ri->link));
	v6_json_str(j, "operstate", ri->down ? "DOWN" : "UP");
	v6_json_str(j, "link_type", "ether");
	v6_json_str(j, "address", mac);
	v6_json_open(j, "stats64", '{');
	v6_json_open(j, "rx", '{');
	v6_json_u64(j, "packets", st.rx_frames);
	v6_json_u64(j, "batches", st.rx_batches);
	v6_json_u64(j, "dropped", st.rx_dropped);
	v6_json_u64(j, "truncated", st.rx_truncated);
	v6_json_u64(j, "csum_done", st.rx_csum_completed);
	v6_json_close(j);
	v6_json_open(j, "tx", '{');
	v6_json_u64(j, "packets", st.tx_frames);
	v6_json_u64(j, "batches", st.tx_batches);
	v6_json_u64(j, "errors", st.tx_errors);
	v6_json_close(j);
	v6_json_close(j);
	v6_json_close(j);
}

void
ctl_show_link(struct ctl_req *q)
{
	struct v6_json j;

	if (q->json) {
		ctl_json_begin(q, &j, '[');
		for (unsigned i = 0; i < q->run->n_ifs; i++)
			ctl_link_json(&j, &q->run->ifs[i]);
		ctl_json_finish(q);
		return;
	}
	for (unsigned i = 0; i < q->run->n_ifs; i++) {
		struct v6_link *l = q->run->ifs[i].link;
		struct v6_link_stats st;
		uint8_t m[6];

		v6_link_stats(l, &st);
		v6_link_hwaddr(l, m);
		fprintf(q->f, "%u: %s: mtu %u state %s\n", i + 1, v6_link_ifname(l),
		    (unsigned)v6_link_mtu(l), q->run->ifs[i].down ? "DOWN" : "UP");
		fprintf(q->f, "    link/ether %02x:%02x:%02x:%02x:%02x:%02x\n",
		    m[0], m[1], m[2], m[3], m[4], m[5]);
		fprintf(q->f, "    RX:  %12s %12s %12s %12s %12s\n", "frames",
		    "batches", "dropped", "truncated", "csum_done");
		fprintf(q->f, "         %12llu %12llu %12llu %12llu %12llu\n",
		    (unsigned long long)st.rx_frames, (unsigned long long)st.rx_batches,
		    (unsigned long long)st.rx_dropped, (unsigned long long)st.rx_truncated,
		    (unsigned long long)st.rx_csum_completed);
		fprintf(q->f, "    TX:  %12s %12s %12s\n", "frames", "batches", "errors");
		fprintf(q->f, "         %12llu %12llu %12llu\n",
		    (unsigned long long)st.tx_frames, (unsigned long long)st.tx_batches,
		    (unsigned long long)st.tx_errors);
	}
}

/* "stats [-z] [-j] [PATTERN...]": nstat's "#kernel" block, or its -j
 * document {"kernel":{NAME:VALUE,...}}, under the name v6stack. */
void
ctl_show_stats(struct ctl_req *q)
{
	struct v6_json j;

	if (q->json) {
		ctl_json_begin(q, &j, '{');
		v6_json_open(&j, "v6stack", '{');
	} else {
		fprintf(q->f, "#v6stack\n");
	}
	v6_stats_foreach(q->run->stack, NULL, ctl_counter, q);
	if (q->json)
		ctl_json_finish(q);
}

static void
ctl_drop(void *ctx, const char *name, const char *text, uint64_t v)
{
	struct ctl_req *q = ctx;

	if (!(v || q->zero))
		return;
	if (q->jw) {
		v6_json_open(q->jw, NULL, '{');
		v6_json_str(q->jw, "reason", name);
		v6_json_u64(q->jw, "count", v);
		v6_json_str(q->jw, "rule", text);
		v6_json_close(q->jw);
	} else {
		fprintf(q->f, "%-32s%-12llu%s\n", name, (unsigned long long)v, text);
	}
}

void
ctl_show_drops(struct ctl_req *q)
{
	struct v6_json j;

	if (q->json)
		ctl_json_begin(q, &j, '[');
	v6_drops_foreach(q->run->stack, ctl_drop, q);
	if (q->json)
		ctl_json_finish(q);
}

static void
ctl_neigh(void *ctx, const struct v6_iface *iface, const struct in6_addr *addr,
    const uint8_t *ll, const char *state, int is_router)
{
	struct ctl_req *q = ctx;
	char a[INET6_ADDRSTRLEN], m[18] = "";

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	if (ll)
		run_fmt_mac(ll, m, sizeof(m));
	if (q->jw) {
		/* ip -j -6 neigh: {"dst","dev","lladdr","router":null,"state":[]} */
		v6_json_open(q->jw, NULL, '{');
		v6_json_str(q->jw, "dst", a);
		v6_json_str(q->jw, "dev", v6_iface_name(iface));
		if (ll)
			v6_json_str(q->jw, "lladdr", m);
		if (is_router)
			v6_json_null(q->jw, "router");
		v6_json_open(q->jw, "state", '[');
		v6_json_str(q->jw, NULL, state);
		v6_json_close(q->jw);
		v6_json_close(q->jw);
		return;
	}
	fprintf(q->f, "%s dev %s%s%s%s %s\n", a, v6_iface_name(iface),
	    ll ? " lladdr " : "", m, is_router ? " router" : "", state);
}

void
ctl_show_neigh(struct ctl_req *q)
{
	struct v6_json j;

	if (q->json)
		ctl_json_begin(q, &j, '[');
	v6_neigh_foreach(q->run->stack, ctl_neigh, q);
	if (q->json)
		ctl_json_finish(q);
}

/* As Linux's /proc/net/sockstat6, plus the peak and bounds. */
void
ctl_show_frag(struct ctl_req *q)
{
	uint64_t n, mem, peak;
	char hi[32] = "?", lo[32] = "?";

	v6_frag_mem(q->run->stack, &n, &mem, &peak);
	v6_sysctl_get(q->run->stack, "ip6frag_high_thresh", hi, sizeof(hi));
	v6_sysctl_get(q->run->stack, "ip6frag_low_thresh", lo, sizeof(lo));
	if (q->json) {
		/* One object: /proc/net/sockstat6's FRAG6 line has no -j. */
		struct v6_json j;

		ctl_json_begin(q, &j, '{');
		v6_json_u64(&j, "inuse", n);
		v6_json_u64(&j, "memory", mem);
		v6_json_u64(&j, "peak", peak);
		v6_json_u64(&j, "high_thresh", strtoull(hi, NULL, 10));
		v6_json_u64(&j, "low_thresh", strtoull(lo, NULL, 10));
		ctl_json_finish(q);
		return;
	}
	fprintf(q->f, "FRAG6: inuse %llu memory %llu\n", (unsigned long long)n,
	    (unsigned long long)mem);
	fprintf(q->f, "peak %llu high_thresh %s low_thresh %s\n",
	    (unsigned long long)peak, hi, lo);
}

static void
ctl_addr(void *ctx, const struct in6_addr *addr, unsigned plen,
    const char *state)
{
	struct ctl_req *q = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(q->f, "    inet6 %s/%u %s\n", a, plen, state);
}

static void
ctl_anycast(void *ctx, const struct in6_addr *addr)
{
	struct ctl_req *q = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(q->f, "    anycast %s\n", a);
}

/* ip -j -6 addr's addr_info entry, with v6stack's state beside ip's flags
 * (tentative, deprecated, dadfailed; dynamic: formed from an RA). */
static void
ctl_addr_json(void *ctx, const struct v6_addr_info *ai)
{
	struct v6_json *j = ((struct ctl_req *)ctx)->jw;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, ai->addr, a, sizeof(a));
	v6_json_open(j, NULL, '{');
	v6_json_str(j, "family", "inet6");
	v6_json_str(j, "local", a);
	v6_json_u64(j, "prefixlen", ai->plen);
	v6_json_str(j, "scope", IN6_IS_ADDR_LINKLOCAL(ai->addr) ? "link" : "global");
	if (ai->autoconf)
		v6_json_bool(j, "dynamic", true);
	if (!strcmp(ai->state, "TENTATIVE") || !strcmp(ai->state, "OPTIMISTIC"))
		v6_json_bool(j, "tentative", true);
	if (!strcmp(ai->state, "OPTIMISTIC"))
		v6_json_bool(j, "optimistic", true);
	if (!strcmp(ai->state, "DEPRECATED"))
		v6_json_bool(j, "deprecated", true);
	if (!strcmp(ai->state, "DADFAILED"))
		v6_json_bool(j, "dadfailed", true);
	v6_json_str(j, "state", ai->state);
	v6_json_u64(j, "valid_life_time", ctl_json_s(ai->valid_ms));
	v6_json_u64(j, "preferred_life_time", ctl_json_s(ai->preferred_ms));
	v6_json_close(j);
}

static void
ctl_anycast_json(void *ctx, const struct in6_addr *addr)
{
	struct v6_json *j = ((struct ctl_req *)ctx)->jw;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	v6_json_open(j, NULL, '{');
	v6_json_str(j, "family", "inet6");
	v6_json_str(j, "local", a);
	v6_json_u64(j, "prefixlen", 128);
	v6_json_str(j, "scope", IN6_IS_ADDR_LINKLOCAL(addr) ? "link" : "global");
	v6_json_bool(j, "anycast", true);
	v6_json_close(j);
}

/* As ip -j -6 addr: one object per interface, its addresses in addr_info
 * (always with their lifetimes, as ip's). */
static void
ctl_show_addr_json(struct ctl_req *q)
{
	struct run_ctx *r = q->run;
	uint64_t now = run_mono_ns();
	struct v6_json j;

	ctl_json_begin(q, &j, '[');
	for (unsigned i = 0; i < r->n_ifs; i++) {
		struct v6_iface *ifp = r->ifs[i].iface;
		uint8_t mac[6];
		char m[18];

		v6_iface_mac(ifp, mac);
		run_fmt_mac(mac, m, sizeof(m));
		v6_json_open(&j, NULL, '{');
		v6_json_str(&j, "ifname", v6_iface_name(ifp));
		v6_json_str(&j, "link_type", "ether");
		v6_json_str(&j, "address", m);
		v6_json_open(&j, "addr_info", '[');
		v6_addr_info_foreach(ifp, now, ctl_addr_json, q);
		v6_anycast_foreach(ifp, ctl_anycast_json, q);
		v6_json_close(&j);
		v6_json_close(&j);
	}
	ctl_json_finish(q);
}

/* "addr": each interface's MAC, addresses and anycast addresses; "addr -l":
 * with lifetimes. */
void
ctl_show_addr(struct ctl_req *q)
{
	struct run_ctx *r = q->run;

	if (q->json) {
		ctl_show_addr_json(q);
		return;
	}
	if (ctl_line_has_word(q->args, "-l")) {
		ctl_show_lifetimes(q);
		return;
	}
	for (unsigned i = 0; i < r->n_ifs; i++) {
		uint8_t mac[6];
		char m[18];
		v6_iface_mac(r->ifs[i].iface, mac);
		run_fmt_mac(mac, m, sizeof(m));
		fprintf(q->f, "%s: link/ether %s\n", v6_iface_name(r->ifs[i].iface), m);
		v6_addr_foreach(r->ifs[i].iface, ctl_addr, q);
		v6_anycast_foreach(r->ifs[i].iface, ctl_anycast, q);
	}
}

void
ctl_lifetime(FILE *f, const char *what, uint64_t ms)
{
	if (ms == UINT64_MAX)
		fprintf(f, " %s forever", what);
	else
		fprintf(f, " %s %llu.%03llus", what, (unsigned long long)(ms / 1000),
		    (unsigned long long)(ms % 1000));
}

static void
ctl_addr_info(void *ctx, const struct v6_addr_info *ai)
{
	struct ctl_req *q = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, ai->addr, a, sizeof(a));
	fprintf(q->f, "    inet6 %s/%u %s%s", a, ai->plen, ai->state,
	    ai->autoconf ? " autoconf" : "");
	ctl_lifetime(q->f, "valid_lft", ai->valid_ms);
	ctl_lifetime(q->f, "preferred_lft", ai->preferred_ms);
	fputc('\n', q->f);
}

void
ctl_show_lifetimes(struct ctl_req *q)
{
	struct run_ctx *r = q->run;
	uint64_t now = run_mono_ns();

	if (q->json) {
		ctl_show_addr_json(q);
		return;
	}
	for (unsigned i = 0; i < r->n_ifs; i++) {
		fprintf(q->f, "%s:\n", v6_iface_name(r->ifs[i].iface));
		v6_addr_info_foreach(r->ifs[i].iface, now, ctl_addr_info, q);
	}
}
