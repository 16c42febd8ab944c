/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control socket's answers about what Router Advertisements taught
 * (ctl_show.c has the rest): the default router list, the routes as
 * `ip -6 route` lists them (connected prefixes first), the on-link
 * prefixes, RDNSS and DNSSL; with "-j", one JSON document each.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "cli/ctl_line.h"
#include "cli/ctl_server.h"
#include "cli/route_args.h"

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
	if (q->jw) {
		v6_json_open(q->jw, NULL, '{');
		v6_json_str(q->jw, "gateway", a);
		v6_json_str(q->jw, "dev", v6_iface_name(iface));
		v6_json_str(q->jw, "pref", pref_name(pref));
		v6_json_u64(q->jw, "lifetime", ctl_json_s(expires_ms));
		v6_json_close(q->jw);
		return;
	}
	fprintf(q->f, "%s dev %s pref %s", a, v6_iface_name(iface), pref_name(pref));
	ctl_lifetime(q->f, "lifetime", expires_ms);
	fputc('\n', q->f);
}

/* fn's answer; with -j, inside one JSON array. */
static void
ctl_json_array(struct ctl_req *q, void (*fn)(struct ctl_req *))
{
	struct v6_json j;

	if (q->json)
		ctl_json_begin(q, &j, '[');
	fn(q);
	if (q->json)
		ctl_json_finish(q);
}

static void
ctl_routers_all(struct ctl_req *q)
{
	v6_router_foreach(q->run->stack, run_mono_ns(), ctl_router, q);
}

void
ctl_show_routers(struct ctl_req *q)
{
	ctl_json_array(q, ctl_routers_all);
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
	if (q->jw) {
		/* ip -j -6 route's keys; "source" (PREFIX, RIO) is v6stack's. */
		char d[INET6_ADDRSTRLEN + 4];

		snprintf(d, sizeof(d), "%s/%u", p, plen);
		v6_json_open(q->jw, NULL, '{');
		v6_json_str(q->jw, "dst", d);
		if (gw) {
			inet_ntop(AF_INET6, gw, g, sizeof(g));
			v6_json_str(q->jw, "gateway", g);
		}
		v6_json_str(q->jw, "dev", v6_iface_name(iface));
		v6_json_str(q->jw, "protocol", "ra");
		v6_json_str(q->jw, "source", source);
		v6_json_str(q->jw, "pref", pref_name(pref));
		if (expires_ms != UINT64_MAX)
			v6_json_u64(q->jw, "expires", ctl_json_s(expires_ms));
		v6_json_close(q->jw);
		return;
	}
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
	if (q->jw) {
		v6_json_open(q->jw, NULL, '{');
		v6_json_str(q->jw, "dst", "default");
		v6_json_str(q->jw, "gateway", a);
		v6_json_str(q->jw, "dev", v6_iface_name(iface));
		v6_json_str(q->jw, "protocol", "ra");
		v6_json_str(q->jw, "pref", pref_name(pref));
		if (expires_ms != UINT64_MAX)
			v6_json_u64(q->jw, "expires", ctl_json_s(expires_ms));
		v6_json_close(q->jw);
		return;
	}
	fprintf(q->f, "default via %s dev %s proto ra pref %s", a,
	    v6_iface_name(iface), pref_name(pref));
	ctl_lifetime(q->f, "expires", expires_ms);
	fputc('\n', q->f);
}

/* The connected prefixes: main's proto kernel routes of our addresses
 * (fib.c, one per interface and prefix, fe80::/64 too), as `ip -6 route`
 * lists them ("2001:db8::/64 dev eth0 proto kernel metric 256 pref
 * medium"; -j: ip -j's object, flags and all). */
static void
ctl_connected(void *ctx, const struct v6_route_spec *r)
{
	struct ctl_req *q = ctx;
	struct v6_route_spec p = *r;
	char a[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN + 4];

	if (r->protocol != V6_RTPROT_KERNEL || r->has_gw || !r->dev ||
	    (r->type != 0 && r->type != V6_RTN_UNICAST))
		return;
	if (!q->jw) {
		p.table = 0;
		route_spec_print(q->f, &p, v6_iface_name(r->dev));
		return;
	}
	inet_ntop(AF_INET6, &r->dst, a, sizeof(a));
	snprintf(d, sizeof(d), "%s/%u", a, r->dst_len);
	v6_json_open(q->jw, NULL, '{');
	v6_json_str(q->jw, "dst", d);
	v6_json_str(q->jw, "dev", v6_iface_name(r->dev));
	v6_json_str(q->jw, "protocol", "kernel");
	v6_json_u64(q->jw, "metric", r->metric);
	v6_json_open(q->jw, "flags", '[');
	v6_json_close(q->jw);
	v6_json_str(q->jw, "pref", pref_name(r->pref));
	v6_json_close(q->jw);
}

/* "routes": the connected prefixes, then what RAs taught. */
static void
ctl_routes_all(struct ctl_req *q)
{
	uint64_t now = run_mono_ns();

	v6_route_spec_foreach(q->run->stack, V6_RT_TABLE_MAIN, ctl_connected, q);
	v6_route_foreach(q->run->stack, now, show_route_cb, q);
	v6_router_foreach(q->run->stack, now, ctl_default_route, q);
}

void
ctl_show_routes(struct ctl_req *q)
{
	ctl_json_array(q, ctl_routes_all);
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
	if (q->jw) {
		char d[INET6_ADDRSTRLEN + 4];

		snprintf(d, sizeof(d), "%s/%u", p, plen);
		v6_json_open(q->jw, NULL, '{');
		v6_json_str(q->jw, "dst", d);
		v6_json_str(q->jw, "dev", v6_iface_name(iface));
		v6_json_bool(q->jw, "onlink", true);
		v6_json_u64(q->jw, "valid_life_time", ctl_json_s(expires_ms));
		v6_json_close(q->jw);
		return;
	}
	fprintf(q->f, "%s/%u dev %s onlink", p, plen, v6_iface_name(iface));
	ctl_lifetime(q->f, "valid_lft", expires_ms);
	fputc('\n', q->f);
}

static void
ctl_prefixes_all(struct ctl_req *q)
{
	v6_route_foreach(q->run->stack, run_mono_ns(), ctl_prefix, q);
}

void
ctl_show_prefixes(struct ctl_req *q)
{
	ctl_json_array(q, ctl_prefixes_all);
}

static void
ctl_dns_server(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *addr, uint64_t expires_ms)
{
	struct ctl_req *q = ctx;
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	if (q->jw) {
		v6_json_open(q->jw, NULL, '{');
		v6_json_str(q->jw, "nameserver", a);
		v6_json_str(q->jw, "dev", v6_iface_name(iface));
		v6_json_u64(q->jw, "lifetime", ctl_json_s(expires_ms));
		v6_json_close(q->jw);
		return;
	}
	fprintf(q->f, "nameserver %s dev %s", a, v6_iface_name(iface));
	ctl_lifetime(q->f, "lifetime", expires_ms);
	fputc('\n', q->f);
}

static void
ctl_dns_domain(void *ctx, const struct v6_iface *iface, const char *name,
    uint64_t expires_ms)
{
	struct ctl_req *q = ctx;

	if (q->jw) {
		v6_json_open(q->jw, NULL, '{');
		v6_json_str(q->jw, "search", name);
		v6_json_str(q->jw, "dev", v6_iface_name(iface));
		v6_json_u64(q->jw, "lifetime", ctl_json_s(expires_ms));
		v6_json_close(q->jw);
		return;
	}
	/* The name's bytes come from the wire (RFC 8106 5.2 leaves labels
	 * free): nothing but printable ASCII reaches the operator's
	 * terminal, the rest as \xHH (a backslash as \\). */
	fputs("search ", q->f);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", q->f);
		else if (*p > 0x20 && *p < 0x7f)
			fputc(*p, q->f);
		else
			fprintf(q->f, "\\x%02x", *p);
	}
	fprintf(q->f, " dev %s", v6_iface_name(iface));
	ctl_lifetime(q->f, "lifetime", expires_ms);
	fputc('\n', q->f);
}

static void
ctl_dns_all(struct ctl_req *q)
{
	v6_dns_foreach(q->run->stack, run_mono_ns(), ctl_dns_server,
	    ctl_dns_domain, q);
}

void
ctl_show_dns(struct ctl_req *q)
{
	ctl_json_array(q, ctl_dns_all);
}
