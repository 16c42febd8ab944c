/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `ip -j` for routes and rules (route_json.h). iproute2 writes a prefix
 * as "dst" ("default" for ::/0, the bare address for a /128), the table
 * by name unless main, the protocol unless boot, an empty "flags" array,
 * the metrics as one object inside a "metrics" array, and a rule's
 * prefixes as address and length apart ("src", "srclen").
 */
#include <stdio.h>
#include <arpa/inet.h>

#include "cli/route_args.h"
#include "cli/route_json.h"
#include "cli/rule_args.h"

static void
json_addr(struct v6_json *j, const char *key, const struct in6_addr *a)
{
	char s[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, a, s, sizeof(s));
	v6_json_str(j, key, s);
}

/* "dst": the prefix as `ip route show` names it. */
static void
json_prefix(struct v6_json *j, const char *key, const struct in6_addr *a,
    unsigned len)
{
	char s[INET6_ADDRSTRLEN + 4];

	v6_json_str(j, key, route_prefix_fmt(a, len, s, sizeof(s)));
}

static void
json_table(struct v6_json *j, uint32_t table)
{
	char b[12];

	if (table && table != V6_RT_TABLE_MAIN)
		v6_json_str(j, "table", route_table_name(table, b, sizeof(b)));
}

static void
json_proto(struct v6_json *j, unsigned proto)
{
	const char *name = route_proto_name(proto);
	char b[12];

	if (!name) {
		snprintf(b, sizeof(b), "%u", proto);
		name = b;
	}
	v6_json_str(j, "protocol", name);
}

/* iproute2's print_rta_metrics: one object of the metrics given. */
static void
json_metrics(struct v6_json *j, uint32_t mtu, unsigned hoplimit)
{
	if (!mtu && !hoplimit)
		return;
	v6_json_open(j, "metrics", '[');
	v6_json_open(j, NULL, '{');
	if (mtu)
		v6_json_u64(j, "mtu", mtu);
	if (hoplimit)
		v6_json_u64(j, "hoplimit", hoplimit);
	v6_json_close(j);
	v6_json_close(j);
}

static void
json_pref(struct v6_json *j, int pref)
{
	v6_json_str(j, "pref", pref > 0 ? "high" : pref < 0 ? "low" : "medium");
}

void
route_spec_json(struct v6_json *j, const struct v6_route_spec *r,
    const char *devname)
{
	unsigned type = r->type ? r->type : V6_RTN_UNICAST;
	unsigned proto = r->protocol ? r->protocol : V6_RTPROT_BOOT;

	v6_json_open(j, NULL, '{');
	if (type != V6_RTN_UNICAST)
		v6_json_str(j, "type", route_type_name(type));
	json_prefix(j, "dst", &r->dst, r->dst_len);
	if (type == V6_RTN_UNICAST && r->has_gw)
		json_addr(j, "gateway", &r->gw);
	if (type != V6_RTN_UNICAST)
		v6_json_str(j, "dev", "lo");
	else if (devname)
		v6_json_str(j, "dev", devname);
	json_table(j, r->table);
	if (proto != V6_RTPROT_BOOT)
		json_proto(j, proto);
	v6_json_u64(j, "metric", r->metric ? r->metric : V6_RT_METRIC_USER);
	v6_json_open(j, "flags", '[');
	v6_json_close(j);
	if (r->expires_s)
		v6_json_u64(j, "expires", r->expires_s);
	json_metrics(j, r->mtu, r->hoplimit);
	json_pref(j, r->pref);
	v6_json_close(j);
}

void
route_result_json(struct v6_json *j, const struct in6_addr *dst,
    const struct in6_addr *from, const char *iifname,
    const struct v6_route_result *r, const char *devname)
{
	static const struct in6_addr any;
	int local = r->type == V6_RTN_LOCAL;

	v6_json_open(j, NULL, '{');
	if (local)
		v6_json_str(j, "type", "local");
	json_addr(j, "dst", dst);
	json_addr(j, "from", from ? from : &any);
	if (!local && r->has_gw)
		json_addr(j, "gateway", &r->gw);
	if (local)
		v6_json_str(j, "dev", "lo");
	else if (devname)
		v6_json_str(j, "dev", devname);
	if (local)
		v6_json_str(j, "table", "local");
	else
		json_table(j, r->table);
	if (local)
		json_proto(j, r->protocol ? r->protocol : V6_RTPROT_KERNEL);
	else if (r->protocol && r->protocol != V6_RTPROT_BOOT)
		json_proto(j, r->protocol);
	/* a forwarded packet keeps its source: ip writes none chosen */
	if (!iifname)
		json_addr(j, "prefsrc", &r->src);
	v6_json_u64(j, "metric", r->metric);
	v6_json_open(j, "flags", '[');
	v6_json_close(j);
	if (!local)
		json_metrics(j, r->mtu, r->hoplimit);
	if (iifname)
		v6_json_str(j, "iif", iifname);
	json_pref(j, local ? 0 : r->pref);
	v6_json_close(j);
}

/* A rule's prefix: "all", or the address and, unless /128, its length. */
static void
json_rule_prefix(struct v6_json *j, const char *key, const char *lenkey,
    const struct in6_addr *a, unsigned len)
{
	if (len == 0) {
		v6_json_str(j, key, "all");
		return;
	}
	json_addr(j, key, a);
	if (len != 128)
		v6_json_u64(j, lenkey, len);
}

void
rule_spec_json(struct v6_json *j, const struct v6_rule_spec *r,
    const char *iifname)
{
	const char *action = rule_action_name(r->action);
	char b[12];

	v6_json_open(j, NULL, '{');
	v6_json_u64(j, "priority", r->priority);
	json_rule_prefix(j, "src", "srclen", &r->src, r->src_len);
	if (r->dst_len)
		json_rule_prefix(j, "dst", "dstlen", &r->dst, r->dst_len);
	if (iifname)
		v6_json_str(j, "iif", iifname);
	if (action)
		v6_json_str(j, "action", action);
	else
		v6_json_str(j, "table", route_table_name(r->table ? r->table
		    : V6_RT_TABLE_MAIN, b, sizeof(b)));
	v6_json_close(j);
}
