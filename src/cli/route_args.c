/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * `ip -6 route` arguments and output (route_args.h).
 *
 * Formats copied from iproute2-6.1.0 on Linux 6.18 (network namespace,
 * veth r0 with 2001:db8:a::1/64), `ip -6 route show`:
 *   2001:db8:a::/64 dev r0 proto kernel metric 256 pref medium
 *   2001:db8:b::/64 via 2001:db8:a::2 dev r0 proto static metric 1024 mtu 1400 pref medium
 *   2001:db8:c::/64 dev r0 proto babel metric 5 pref medium        (proto 42)
 *   2001:db8:d::/64 via 2001:db8:a::3 dev r0 proto ra metric 1024 pref medium
 *   unreachable 2001:db8:e::/48 dev lo proto static metric 1024 mtu 1300 pref medium
 *   unreachable 2001:db8:f1::/48 dev lo metric 1024 pref medium
 *   prohibit 2001:db8:f2::/48 dev lo metric 1024 pref medium
 *   blackhole 2001:db8:dead::/48 dev lo metric 1024 pref medium
 *   default via fe80::1 dev r0 proto static metric 1024 pref medium
 *   2001:db8::1 dev r0 metric 1024 pref medium                     (/128, proto boot: not printed)
 * `ip -6 route get`:
 *   2001:db8:b::5 from :: via 2001:db8:a::2 dev r0 proto static src 2001:db8:a::1 metric 1024 mtu 1400 pref medium
 *   2001:db8:a::7 from :: dev r0 proto kernel src 2001:db8:a::1 metric 256 pref medium
 *   2001:db8:9::1 from :: via fe80::1 dev r0 proto static src 2001:db8:a::1 metric 1024 pref medium
 *   local 2001:db8:a::1 from :: dev lo table local proto kernel src 2001:db8:a::1 metric 0 pref medium
 *   blackhole:   RTNETLINK answers: Invalid argument
 *   unreachable: RTNETLINK answers: No route to host
 *   prohibit:    RTNETLINK answers: Permission denied
 *   no route:    RTNETLINK answers: Network is unreachable
 * Errors of `ip -6 route add`:
 *   Error: inet6 prefix is expected rather than "2001:db8::/129".
 *   Error: inet6 address is expected rather than "zz".
 *   Error: argument "x" is wrong: "metric" value is invalid
 *   Error: argument "zz" is wrong: "protocol" value is invalid
 *   Error: either "to" is duplicate, or "foo" is a garbage.
 *   Command line is not complete. Try option "help"
 *   Cannot find device "eth9"
 * (Linux accepts "blackhole ... via" and "mtu 100"; we refuse both.)
 */
#include "cli/route_args.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	unsigned num;
	const char *name;
} route_protos[] = {
	{1, "redirect"}, {2, "kernel"}, {3, "boot"}, {4, "static"}, {8, "gated"},
	{9, "ra"}, {10, "mrt"}, {11, "zebra"}, {12, "bird"}, {13, "dnrouted"},
	{14, "xorp"}, {15, "ntk"}, {16, "dhcp"}, {18, "keepalived"}, {42, "babel"},
	{99, "openr"}, {186, "bgp"}, {187, "isis"}, {188, "ospf"}, {189, "rip"},
	{192, "eigrp"},
};

static const struct {
	unsigned type;
	const char *name;
} route_types[] = {
	{V6_RTN_UNICAST, "unicast"},
	{V6_RTN_BLACKHOLE, "blackhole"},
	{V6_RTN_UNREACHABLE, "unreachable"},
	{V6_RTN_PROHIBIT, "prohibit"},
	{V6_RTN_THROW, "throw"},
};

const char *
route_type_name(unsigned type)
{
	for (size_t t = 0; t < sizeof(route_types) / sizeof(route_types[0]); t++)
		if (route_types[t].type == type)
			return route_types[t].name;
	return "unicast";
}

void
route_result_print_none(FILE *f)
{
	fputs("RTNETLINK answers: Network is unreachable\n", f);
}

const char *
route_proto_name(unsigned proto)
{
	for (size_t i = 0; i < sizeof(route_protos) / sizeof(route_protos[0]); i++)
		if (route_protos[i].num == proto)
			return route_protos[i].name;
	return NULL;
}

int
route_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int
route_parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	unsigned long long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (unsigned)(*s - '0');
		if (v > max)
			return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

int
route_parse_prefix(const char *s, struct in6_addr *a, unsigned *len)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	uint32_t l = 128;

	if (strcmp(s, "default") == 0) {
		memset(a, 0, sizeof(*a));
		*len = 0;
		return 0;
	}
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1)
		return -1;
	if (slash && route_parse_u32(slash + 1, 128, &l) != 0)
		return -1;
	*len = l;
	return 0;
}

int
route_table_parse(const char *s, uint32_t *id)
{
	if (strcmp(s, "main") == 0)
		*id = V6_RT_TABLE_MAIN;
	else if (strcmp(s, "local") == 0)
		*id = V6_RT_TABLE_LOCAL;
	else if (strcmp(s, "default") == 0)
		*id = V6_RT_TABLE_DEFAULT;
	else if (route_parse_u32(s, UINT32_MAX, id) != 0 || *id == 0)
		return -1;
	return 0;
}

const char *
route_table_name(uint32_t id, char *buf, size_t len)
{
	if (id == V6_RT_TABLE_MAIN)
		return "main";
	if (id == V6_RT_TABLE_LOCAL)
		return "local";
	if (id == V6_RT_TABLE_DEFAULT)
		return "default";
	snprintf(buf, len, "%u", id);
	return buf;
}

/* One KEY VALUE pair of a route spec. */
static int
route_parse_kv(const char *k, const char *val, struct v6_route_spec *out,
    struct v6_iface *(*dev_by_name)(void *ctx, const char *name), void *ctx,
    char *err, size_t errlen)
{
	uint32_t v;

	if (strcmp(k, "via") == 0) {
		if (out->has_gw)
			return route_err(err, errlen,
			    "Error: either \"via\" is duplicate, or \"%s\" is a garbage.", val);
		if (inet_pton(AF_INET6, val, &out->gw) != 1)
			return route_err(err, errlen,
			    "Error: inet6 address is expected rather than \"%s\".", val);
		out->has_gw = 1;
	} else if (strcmp(k, "dev") == 0) {
		out->dev = dev_by_name ? dev_by_name(ctx, val) : NULL;
		if (out->dev == NULL)
			return route_err(err, errlen, "Cannot find device \"%s\"", val);
	} else if (strcmp(k, "metric") == 0 || strcmp(k, "preference") == 0) {
		if (route_parse_u32(val, UINT32_MAX, &v) != 0)
			return route_err(err, errlen,
			    "Error: argument \"%s\" is wrong: \"metric\" value is invalid", val);
		out->metric = v;
	} else if (strcmp(k, "proto") == 0) {
		size_t p;

		for (p = 0; p < sizeof(route_protos) / sizeof(route_protos[0]); p++)
			if (strcmp(val, route_protos[p].name) == 0)
				break;
		if (p < sizeof(route_protos) / sizeof(route_protos[0]))
			out->protocol = route_protos[p].num;
		else if (route_parse_u32(val, 255, &v) == 0)
			out->protocol = v;
		else
			return route_err(err, errlen,
			    "Error: argument \"%s\" is wrong: \"protocol\" value is invalid", val);
	} else if (strcmp(k, "table") == 0) {
		if (route_table_parse(val, &out->table) != 0)
			return route_err(err, errlen,
			    "Error: argument \"%s\" is wrong: \"table\" value is invalid", val);
	} else {
		if (route_parse_u32(val, 65535, &v) != 0 || v < 1280)
			return route_err(err, errlen,
			    "Error: argument \"%s\" is wrong: \"mtu\" value is invalid", val);
		out->mtu = v;
	}
	return 0;
}

static int
route_is_key(const char *k)
{
	static const char *const keys[] = { "via", "dev", "metric", "preference",
		"proto", "mtu", "table" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

int
route_spec_parse(int argc, char **argv, struct v6_route_spec *out,
    struct v6_iface *(*dev_by_name)(void *ctx, const char *name), void *ctx,
    char *err, size_t errlen)
{
	int i = 0, have_dst = 0;

	memset(out, 0, sizeof(*out));
	if (argc > 0) {
		for (size_t t = 0; t < sizeof(route_types) / sizeof(route_types[0]); t++)
			if (strcmp(argv[0], route_types[t].name) == 0) {
				out->type = route_types[t].type;
				i = 1;
			}
	}
	for (; i < argc; i++) {
		const char *k = argv[i];

		if (route_is_key(k)) {
			if (i + 1 >= argc)
				return route_err(err, errlen,
				    "Command line is not complete. Try option \"help\"");
			if (route_parse_kv(k, argv[++i], out, dev_by_name, ctx, err,
				errlen) != 0)
				return -1;
		} else if (!have_dst) {
			if (route_parse_prefix(k, &out->dst, &out->dst_len) != 0)
				return route_err(err, errlen,
				    "Error: inet6 prefix is expected rather than \"%s\".", k);
			have_dst = 1;
		} else {
			return route_err(err, errlen,
			    "Error: either \"to\" is duplicate, or \"%s\" is a garbage.", k);
		}
	}
	if (!have_dst)
		return route_err(err, errlen, "Command line is not complete. Try option \"help\"");
	if (out->type != 0 && out->type != V6_RTN_UNICAST && out->has_gw)
		return route_err(err, errlen, "Error: a %s route takes no gateway (\"via\").",
		    route_type_name(out->type));
	return 0;
}

int
route_spec_parse_line(const char *line, struct v6_route_spec *out,
    struct v6_iface *(*dev_by_name)(void *ctx, const char *name), void *ctx,
    char *err, size_t errlen)
{
	char buf[ROUTE_ARGS_LINE_MAX + 1];
	char *argv[ROUTE_ARGS_MAX_WORDS];
	int argc = 0;
	size_t n = strlen(line);
	char *p;

	if (n > ROUTE_ARGS_LINE_MAX)
		return route_err(err, errlen, "Error: route spec longer than %d bytes.",
		    ROUTE_ARGS_LINE_MAX);
	memcpy(buf, line, n + 1);
	for (p = buf; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (argc == ROUTE_ARGS_MAX_WORDS)
			return route_err(err, errlen, "Error: route spec has more than %d words.",
			    ROUTE_ARGS_MAX_WORDS);
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
	}
	return route_spec_parse(argc, argv, out, dev_by_name, ctx, err, errlen);
}

static void
route_print_proto(FILE *f, unsigned proto)
{
	const char *name = route_proto_name(proto);

	if (name)
		fprintf(f, " proto %s", name);
	else
		fprintf(f, " proto %u", proto);
}

/* iproute2 names a table other than main (" table 100") where it can
 * differ: in a dump of every table and in route get. */
static void
route_print_table(FILE *f, uint32_t table)
{
	char b[12];

	if (table && table != V6_RT_TABLE_MAIN)
		fprintf(f, " table %s", route_table_name(table, b, sizeof(b)));
}

const char *
route_prefix_fmt(const struct in6_addr *a, unsigned len, char *buf, size_t n)
{
	char s[INET6_ADDRSTRLEN];
	struct in6_addr p = *a;

	if (len > 128)
		len = 128;
	for (unsigned b = len; b < 128; b++)
		p.s6_addr[b / 8] &= (uint8_t)~(0x80u >> (b % 8));
	inet_ntop(AF_INET6, &p, s, sizeof(s));
	if (len == 0)
		snprintf(buf, n, "default");
	else if (len == 128)
		snprintf(buf, n, "%s", s);
	else
		snprintf(buf, n, "%s/%u", s, len);
	return buf;
}

void
route_spec_print(FILE *f, const struct v6_route_spec *r, const char *devname)
{
	char a[INET6_ADDRSTRLEN + 4];
	unsigned type = r->type ? r->type : V6_RTN_UNICAST;
	unsigned proto = r->protocol ? r->protocol : V6_RTPROT_BOOT;

	if (type != V6_RTN_UNICAST)
		fprintf(f, "%s ", route_type_name(type));
	fputs(route_prefix_fmt(&r->dst, r->dst_len, a, sizeof(a)), f);
	if (type == V6_RTN_UNICAST && r->has_gw) {
		inet_ntop(AF_INET6, &r->gw, a, sizeof(a));
		fprintf(f, " via %s", a);
	}
	if (type != V6_RTN_UNICAST)
		fputs(" dev lo", f);
	else if (devname)
		fprintf(f, " dev %s", devname);
	route_print_table(f, r->table);
	if (proto != V6_RTPROT_BOOT)
		route_print_proto(f, proto);
	fprintf(f, " metric %u", r->metric ? r->metric : V6_RT_METRIC_USER);
	/* iproute2's order: the cache info, then the metrics by number */
	if (r->expires_s)
		fprintf(f, " expires %usec", r->expires_s);
	if (r->mtu)
		fprintf(f, " mtu %u", r->mtu);
	if (r->hoplimit)
		fprintf(f, " hoplimit %u", r->hoplimit);
	fprintf(f, " pref %s\n", r->pref > 0 ? "high" : r->pref < 0 ? "low" : "medium");
}

void
route_result_print(FILE *f, const struct in6_addr *dst, const struct v6_route_result *r,
    const char *devname)
{
	route_result_print_flow(f, dst, NULL, NULL, r, devname);
}

void
route_result_print_flow(FILE *f, const struct in6_addr *dst,
    const struct in6_addr *from, const char *iifname,
    const struct v6_route_result *r, const char *devname)
{
	char a[INET6_ADDRSTRLEN], fr[INET6_ADDRSTRLEN] = "::";

	switch (r->type) {
	case V6_RTN_BLACKHOLE:
		fputs("RTNETLINK answers: Invalid argument\n", f);
		return;
	case V6_RTN_UNREACHABLE:
		fputs("RTNETLINK answers: No route to host\n", f);
		return;
	case V6_RTN_PROHIBIT:
		fputs("RTNETLINK answers: Permission denied\n", f);
		return;
	default:
		break;
	}
	if (from)
		inet_ntop(AF_INET6, from, fr, sizeof(fr));
	inet_ntop(AF_INET6, dst, a, sizeof(a));
	if (r->type == V6_RTN_LOCAL) {
		/* ours: Linux answers from the local table, on lo */
		fprintf(f, "local %s from %s dev lo table local", a, fr);
		route_print_proto(f, r->protocol ? r->protocol : V6_RTPROT_KERNEL);
		inet_ntop(AF_INET6, &r->src, a, sizeof(a));
		fprintf(f, " src %s metric %u pref medium\n", a, r->metric);
		return;
	}
	fprintf(f, "%s from %s", a, fr);
	if (r->has_gw) {
		inet_ntop(AF_INET6, &r->gw, a, sizeof(a));
		fprintf(f, " via %s", a);
	}
	if (devname)
		fprintf(f, " dev %s", devname);
	route_print_table(f, r->table);
	if (r->protocol && r->protocol != V6_RTPROT_BOOT)
		route_print_proto(f, r->protocol);
	/* a forwarded packet keeps its source: ip prints none chosen */
	if (!iifname) {
		inet_ntop(AF_INET6, &r->src, a, sizeof(a));
		fprintf(f, " src %s", a);
	}
	fprintf(f, " metric %u", r->metric);
	if (r->mtu)
		fprintf(f, " mtu %u", r->mtu);
	if (r->hoplimit)
		fprintf(f, " hoplimit %u", r->hoplimit);
	if (iifname)
		fprintf(f, " iif %s", iifname);
	fprintf(f, " pref %s\n", r->pref > 0 ? "high" : r->pref < 0 ? "low" : "medium");
}
