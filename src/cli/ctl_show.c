/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control socket's answers that read the stack: counters in nstat's
 * layout, drop reasons, the neighbour cache and addresses as iproute2
 * prints them, the fragment queues as /proc/net/sockstat6, and what Router
 * Advertisements taught (routers, routes, prefixes, DNS).
 */
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>

#include "cli/ctl_server.h"

static void
ctl_counter(void *ctx, const char *name, uint64_t v)
{
	struct ctl_req *q = ctx;

	/* nstat's layout: name, value, rate (no rate here). */
	if (v || q->zero)
		fprintf(q->f, "%-32s%-16llu%6.1f\n", name, (unsigned long long)v, 0.0);
}

/* The backends' own counters, per link, laid out as `ip -s link` lays out
 * its RX and TX lines; "dropped" is what the kernel dropped because the
 * stack did not read in time (link.h), the only loss the stack's drop
 * reasons cannot name. */
void
ctl_show_link(struct ctl_req *q)
{
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

void
ctl_show_stats(struct ctl_req *q)
{
	fprintf(q->f, "#v6stack\n");
	v6_stats_foreach(q->run->stack, NULL, ctl_counter, q);
}

static void
ctl_drop(void *ctx, const char *name, const char *text, uint64_t v)
{
	struct ctl_req *q = ctx;

	if (v || q->zero)
		fprintf(q->f, "%-32s%-12llu%s\n", name, (unsigned long long)v, text);
}

void
ctl_show_drops(struct ctl_req *q)
{
	v6_drops_foreach(q->run->stack, ctl_drop, q);
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
	fprintf(q->f, "%s dev %s%s%s%s %s\n", a, v6_iface_name(iface),
	    ll ? " lladdr " : "", m, is_router ? " router" : "", state);
}

void
ctl_show_neigh(struct ctl_req *q)
{
	v6_neigh_foreach(q->run->stack, ctl_neigh, q);
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

/* "addr": each interface's MAC, addresses and anycast addresses; "addr -l"
 * (-l right after the verb): with lifetimes. */
void
ctl_show_addr(struct ctl_req *q)
{
	struct run_ctx *r = q->run;

	if (!strncmp(q->args, "-l", 2)) {
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

static void
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

	for (unsigned i = 0; i < r->n_ifs; i++) {
		fprintf(q->f, "%s:\n", v6_iface_name(r->ifs[i].iface));
		v6_addr_info_foreach(r->ifs[i].iface, now, ctl_addr_info, q);
	}
}

/* ---- what Router Advertisements taught ---- */

static const char *
pref_name(int pref)
{
	return pref > 0 ? "high" : pref < 0 ? "low" : "medium";
}

static void
ctl_router(void *ctx, const struct v6_iface *iface, const struct in6_addr *addr,
    int pref, uint64_t expires_ms)
{
	struct ctl_req *q = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(q->f, "%s dev %s pref %s", a, v6_iface_name(iface), pref_name(pref));
	ctl_lifetime(q->f, "lifetime", expires_ms);
	fputc('\n', q->f);
}

void
ctl_show_routers(struct ctl_req *q)
{
	v6_router_foreach(q->run->stack, run_mono_ns(), ctl_router, q);
}

/* `ip -6 route` style: "2001:db8::/64 dev eth0 proto ra expires 86400s". */
static void
show_route_cb(void *ctx, const struct v6_iface *iface, const struct in6_addr *prefix,
    unsigned plen, const struct in6_addr *gw, const char *source, int pref,
    uint64_t expires_ms)
{
	struct ctl_req *q = ctx;
	char p[INET6_ADDRSTRLEN], g[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, prefix, p, sizeof(p));
	fprintf(q->f, "%s/%u", p, plen);
	if (gw) {
		inet_ntop(AF_INET6, gw, g, sizeof(g));
		fprintf(q->f, " via %s", g);
	}
	fprintf(q->f, " dev %s proto ra source %s pref %s", v6_iface_name(iface),
	    source, pref_name(pref));
	ctl_lifetime(q->f, "expires", expires_ms);
	fputc('\n', q->f);
}

static void
ctl_default_route(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *addr, int pref, uint64_t expires_ms)
{
	struct ctl_req *q = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(q->f, "default via %s dev %s proto ra pref %s", a,
	    v6_iface_name(iface), pref_name(pref));
	ctl_lifetime(q->f, "expires", expires_ms);
	fputc('\n', q->f);
}

void
ctl_show_routes(struct ctl_req *q)
{
	uint64_t now = run_mono_ns();

	v6_route_foreach(q->run->stack, now, show_route_cb, q);
	v6_router_foreach(q->run->stack, now, ctl_default_route, q);
}

/* The prefix list (RFC 4861 5.1): on-link prefixes from RAs. */
static void
ctl_prefix(void *ctx, const struct v6_iface *iface, const struct in6_addr *prefix,
    unsigned plen, const struct in6_addr *gw, const char *source, int pref,
    uint64_t expires_ms)
{
	struct ctl_req *q = ctx;
	char p[INET6_ADDRSTRLEN];

	(void)pref;
	if (gw || strcmp(source, "PREFIX") != 0)
		return;
	inet_ntop(AF_INET6, prefix, p, sizeof(p));
	fprintf(q->f, "%s/%u dev %s onlink", p, plen, v6_iface_name(iface));
	ctl_lifetime(q->f, "valid_lft", expires_ms);
	fputc('\n', q->f);
}

void
ctl_show_prefixes(struct ctl_req *q)
{
	v6_route_foreach(q->run->stack, run_mono_ns(), ctl_prefix, q);
}

static void
ctl_dns_server(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *addr, uint64_t expires_ms)
{
	struct ctl_req *q = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	fprintf(q->f, "nameserver %s dev %s", a, v6_iface_name(iface));
	ctl_lifetime(q->f, "lifetime", expires_ms);
	fputc('\n', q->f);
}

static void
ctl_dns_domain(void *ctx, const struct v6_iface *iface, const char *name,
    uint64_t expires_ms)
{
	struct ctl_req *q = ctx;

	fprintf(q->f, "search %s dev %s", name, v6_iface_name(iface));
	ctl_lifetime(q->f, "lifetime", expires_ms);
	fputc('\n', q->f);
}

void
ctl_show_dns(struct ctl_req *q)
{
	v6_dns_foreach(q->run->stack, run_mono_ns(), ctl_dns_server,
	    ctl_dns_domain, q);
}
