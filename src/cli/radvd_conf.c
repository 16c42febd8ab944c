/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * radvd.conf parser (radvd_conf.h): radvd.conf(5) of radvd 2.19, the
 * subset whose variables struct v6_radv_conf holds (RFC 4861 6.2.1,
 * RFC 4191 2.3, RFC 8106 5.1, 5.2).
 *
 * Grammar, as radvd's scanner and parser take it (case-sensitive words;
 * `#` to the end of the line is a comment):
 *   file      := iface+
 *   iface     := "interface" NAME "{" (option | prefix | route | rdnss | dnssl)* "}" ";"
 *   option    := NAME VALUE ";"
 *   prefix    := "prefix" ADDR/LEN ("{" option* "}")? ";"
 *   route     := "route" ADDR/LEN "{" option* "}" ";"
 *   rdnss     := "RDNSS" ADDR+ "{" option* "}" ";"
 *   dnssl     := "DNSSL" DOMAIN+ "{" option* "}" ";"
 * Every value is checked where radvd checks it (its check_iface and
 * grammar actions); where radvd only warns or takes more than the RA can
 * carry (AdvCurHopLimit 256, more than 3 RDNSS addresses) we refuse, so
 * what this parser accepts `radvd -c` accepts too. Bounded: the input is
 * read once, words are at most RADVD_CONF_WORD_MAX bytes, the nesting is
 * the grammar's (two levels, no recursion), the output fixed arrays.
 */
#include "cli/radvd_conf.h"
#include "cli/radvd_conf_lex.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define IOPT(n, k, f, m, l) { n, k, offsetof(struct v6_radv_conf, f), m, l }
static const struct rc_opt iface_opts[] = {
	IOPT("AdvSendAdvert", RC_BOOL, send_advert, 0, L_NONE),
	IOPT("MinRtrAdvInterval", RC_SECS_MS, min_interval_ms, 0, L_MIN),
	IOPT("MaxRtrAdvInterval", RC_SECS_MS, max_interval_ms, 0, L_MAX),
	IOPT("AdvManagedFlag", RC_BOOL, managed, 0, L_NONE),
	IOPT("AdvOtherConfigFlag", RC_BOOL, other, 0, L_NONE),
	IOPT("AdvLinkMTU", RC_U32, link_mtu, UINT32_MAX, L_MTU),
	/* radvd.conf(5): AdvReachableTime at most 3,600,000 ms (RFC 4861 6.2.1). */
	IOPT("AdvReachableTime", RC_U32, reachable_ms, 3600000, L_NONE),
	IOPT("AdvRetransTimer", RC_U32, retrans_ms, UINT32_MAX, L_NONE),
	/* RFC 4861 4.2: Cur Hop Limit is 8 bits. */
	IOPT("AdvCurHopLimit", RC_U8, cur_hop_limit, 255, L_NONE),
	/* RFC 4861 6.2.1: AdvDefaultLifetime 0 or MaxRtrAdvInterval..9000. */
	IOPT("AdvDefaultLifetime", RC_I64, default_lifetime_s, 9000, L_DEFLT),
	IOPT("AdvDefaultPreference", RC_PREF, default_pref, 0, L_NONE),
	IOPT("AdvSourceLLAddress", RC_BOOL, source_lladdr, 0, L_NONE),
	/* radvd 2.19 (RFC 7772): a solicitation from a unicast source is
	 * answered to it. */
	IOPT("AdvRASolicitedUnicast", RC_BOOL, solicited_unicast, 0, L_NONE),
};
#define POPT(n, k, f) { n, k, offsetof(struct v6_radv_prefix, f), 0, L_NONE }
static const struct rc_opt prefix_opts[] = {
	POPT("AdvOnLink", RC_BOOL, on_link),
	POPT("AdvAutonomous", RC_BOOL, autonomous),
	POPT("AdvValidLifetime", RC_LIFE_U32, valid_s),
	POPT("AdvPreferredLifetime", RC_LIFE_U32, preferred_s),
};
static const struct rc_opt route_opts[] = {
	{ "AdvRoutePreference", RC_PREF, offsetof(struct v6_radv_route, pref), 0, L_NONE },
	{ "AdvRouteLifetime", RC_LIFE_I64, offsetof(struct v6_radv_route, lifetime_s), 0, L_NONE },
};
static const struct rc_opt rdnss_opts[] = {
	{ "AdvRDNSSLifetime", RC_LIFE_I64, offsetof(struct v6_radv_rdnss, lifetime_s), 0, L_NONE },
};
static const struct rc_opt dnssl_opts[] = {
	{ "AdvDNSSLLifetime", RC_LIFE_I64, offsetof(struct v6_radv_dnssl, lifetime_s), 0, L_NONE },
};
#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

/* Words of radvd 2.19's scanner for what v6stack does not implement:
 * refused by name, never skipped (radvd.conf(5) describes each). */
static const char *const unsupported[] = {
	"IgnoreIfMissing", "AdvRASrcAddress", "AdvRAMTU", "RemoveAdvOnExit",
	"DeprecatePrefix", "DecrementLifetimes", "AdvRouterAddr",
	"AdvHomeAgentFlag", "AdvIntervalOpt", "AdvHomeAgentInfo", "UnicastOnly",
	"UnrestrictedUnicast", "AdvCaptivePortalAPI",
	"Base6Interface", "Base6to4Interface", "HomeAgentPreference",
	"HomeAgentLifetime", "RemoveRoute", "AdvRDNSSPreference", "AdvRDNSSOpen",
	"FlushRDNSS", "FlushDNSSL", "MinDelayBetweenRAs", "AdvMobRtrSupportFlag",
	"AdvContextLength", "AdvContextCompressionFlag", "AdvContextID",
	"AdvLifeTime", "AdvContextPrefix", "AdvVersionLow", "AdvVersionHigh",
	"AdvValidLifeTime", "Adv6LBRaddress", "clients", "lowpanco", "abro",
	"nat64prefix",
};

static const struct rc_opt *
rc_find(const struct rc *x, const struct rc_opt *opts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (rc_is(x, opts[i].name))
			return &opts[i];
	return NULL;
}

/* A word that is no option of the block we are in (what). */
static int
rc_unknown(struct rc *x, const char *what)
{
	static const struct {
		const struct rc_opt *opts;
		size_t n;
	} all[] = {
		{ iface_opts, NOPTS(iface_opts) }, { prefix_opts, NOPTS(prefix_opts) },
		{ route_opts, NOPTS(route_opts) }, { rdnss_opts, NOPTS(rdnss_opts) },
		{ dnssl_opts, NOPTS(dnssl_opts) },
	};

	if (!rc_is_word(x))
		return rc_unexpected(x, "an option or '}'");
	for (size_t i = 0; i < NOPTS(unsupported); i++)
		if (rc_is(x, unsupported[i]))
			return rc_fail(x, x->tok.line, "%s: not supported by v6stack",
			    unsupported[i]);
	for (size_t i = 0; i < NOPTS(all); i++)
		if (rc_find(x, all[i].opts, all[i].n))
			return rc_fail(x, x->tok.line, "%.*s: not an option of %s",
			    (int)x->tok.len, x->tok.s, what);
	return rc_fail(x, x->tok.line, "unknown option '%.*s'", (int)x->tok.len,
	    x->tok.s);
}

/* The options of a block up to "}" ";" ("{" read). */
static int
rc_block(struct rc *x, const char *what, const struct rc_opt *opts, size_t n,
    void *base)
{
	for (;;) {
		const struct rc_opt *o;

		if (rc_next(x) < 0)
			return -1;
		if (rc_is(x, "}"))
			return rc_expect(x, ";");
		if (!(o = rc_find(x, opts, n)))
			return rc_unknown(x, what);
		if (rc_value(x, o, base) < 0)
			return -1;
	}
}

/* ADDR/LEN as the current word (radvd: prefix length at most 128). */
static int
rc_prefix_word(struct rc *x, struct in6_addr *a, uint8_t *plen)
{
	char w[RADVD_CONF_WORD_MAX + 1], *slash;
	struct rc_tok lt;
	uint32_t len;

	if (!rc_is_word(x))
		return rc_unexpected(x, "ADDR/LEN");
	rc_word(x, w);
	if (!(slash = strchr(w, '/')))
		return rc_fail(x, x->tok.line, "%s: want ADDR/LEN", w);
	*slash = '\0';
	lt = (struct rc_tok){ slash + 1, strlen(slash + 1), x->tok.line };
	if (inet_pton(AF_INET6, w, a) != 1)
		return rc_fail(x, x->tok.line, "%s: not an IPv6 address", w);
	if (rc_u32(&lt, &len) < 0 || len > 128)
		return rc_fail(x, x->tok.line, "invalid prefix length '%s'", slash + 1);
	*plen = (uint8_t)len;
	return 0;
}

/* ";" or "{ options };" after a prefix head. */
static int
rc_opt_block(struct rc *x, const char *what, const struct rc_opt *opts,
    size_t n, void *base)
{
	if (rc_next(x) < 0)
		return -1;
	if (rc_is(x, ";"))
		return 0;
	if (!rc_is(x, "{"))
		return rc_unexpected(x, "'{' or ';'");
	return rc_block(x, what, opts, n, base);
}

/* radvd.conf(5) prefix: defaults AdvOnLink on, AdvAutonomous on,
 * AdvValidLifetime 86400, AdvPreferredLifetime 14400 (RFC 4861 6.2.1).
 * ::/64 stays the unspecified prefix: the core advertises the
 * interface's own /64s for it. */
static int
rc_prefix(struct rc *x, struct v6_radv_conf *c)
{
	unsigned line = x->tok.line;
	struct v6_radv_prefix *p;

	if (c->n_prefix >= V6_RADV_MAX_PREFIXES)
		return rc_fail(x, line, "too many prefixes (max %d)", V6_RADV_MAX_PREFIXES);
	p = &c->prefix[c->n_prefix];
	memset(p, 0, sizeof(*p));
	p->on_link = p->autonomous = true;
	p->valid_s = 86400;
	p->preferred_s = 14400;
	if (rc_next(x) < 0 || rc_prefix_word(x, &p->prefix, &p->plen) < 0 ||
	    rc_opt_block(x, "a prefix", prefix_opts, NOPTS(prefix_opts), p) < 0)
		return -1;
	/* RFC 4861 6.2.1, radvd: preferred lifetime <= valid lifetime. */
	if (p->preferred_s > p->valid_s)
		return rc_fail(x, line, "AdvPreferredLifetime must not exceed "
		    "AdvValidLifetime");
	c->n_prefix++;
	return 0;
}

/* RFC 4191 2.3 Route Information: preference medium, lifetime -1 (the
 * core's 3 * MaxRtrAdvInterval, radvd's default). */
static int
rc_route(struct rc *x, struct v6_radv_conf *c)
{
	unsigned line = x->tok.line;
	struct v6_radv_route *r;

	if (c->n_route >= V6_RADV_MAX_ROUTES)
		return rc_fail(x, line, "too many routes (max %d)", V6_RADV_MAX_ROUTES);
	r = &c->route[c->n_route];
	memset(r, 0, sizeof(*r));
	r->lifetime_s = -1;
	/* radvd 2.19 wants the braces here, unlike after a prefix. */
	if (rc_next(x) < 0 || rc_prefix_word(x, &r->prefix, &r->plen) < 0 ||
	    rc_expect(x, "{") < 0 ||
	    rc_block(x, "a route", route_opts, NOPTS(route_opts), r) < 0)
		return -1;
	c->n_route++;
	return 0;
}

/* RFC 8106 5.1: RDNSS ADDR [ADDR [ADDR]] { AdvRDNSSLifetime N; }; */
static int
rc_rdnss(struct rc *x, struct v6_radv_conf *c)
{
	unsigned line = x->tok.line;
	struct v6_radv_rdnss *d;
	char w[RADVD_CONF_WORD_MAX + 1];

	if (c->n_rdnss >= V6_RADV_MAX_RDNSS)
		return rc_fail(x, line, "too many RDNSS (max %d)", V6_RADV_MAX_RDNSS);
	x->rdnss_line[c->n_rdnss] = line;
	d = &c->rdnss[c->n_rdnss];
	memset(d, 0, sizeof(*d));
	d->lifetime_s = -1;
	for (;;) {
		if (rc_next(x) < 0)
			return -1;
		if (rc_is(x, "{") && d->n_addr > 0)
			break;
		if (!rc_is_word(x))
			return rc_unexpected(x, d->n_addr ? "an address or '{'" : "an address");
		rc_word(x, w);
		if (d->n_addr >= V6_RADV_RDNSS_ADDRS)
			return rc_fail(x, x->tok.line, "too many addresses in one RDNSS "
			    "(max %d)", V6_RADV_RDNSS_ADDRS);
		if (inet_pton(AF_INET6, w, &d->addr[d->n_addr]) != 1)
			return rc_fail(x, x->tok.line, "%s: not an IPv6 address", w);
		d->n_addr++;
	}
	if (rc_block(x, "RDNSS", rdnss_opts, NOPTS(rdnss_opts), d) < 0)
		return -1;
	c->n_rdnss++;
	return 0;
}

/* RFC 1035 2.3.4, RFC 8106 5.2: labels of 1 to 63 letters, digits, '-'
 * or '_', a name of at most 253; appended to names at *used. */
static int
rc_dnssl_name(struct rc *x, struct v6_radv_dnssl *d, size_t *used)
{
	const char *s = x->tok.s;
	size_t n = x->tok.len, label = 0;

	if (n > 253)
		return rc_fail(x, x->tok.line, "DNSSL name longer than 253 bytes");
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (label == 0 || label > 63)
				return rc_fail(x, x->tok.line, "%.*s: DNSSL labels must be 1 "
				    "to 63 bytes", (int)n, s);
			label = 0;
		} else if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_') {
			label++;
		} else {
			return rc_fail(x, x->tok.line, "%.*s: not a domain name", (int)n, s);
		}
	}
	/* The name, its '\0', and the final empty name must fit. */
	if (*used + n + 2 > V6_RADV_DNSSL_LEN)
		return rc_fail(x, x->tok.line, "DNSSL names longer than %d bytes in all",
		    V6_RADV_DNSSL_LEN - 2);
	memcpy(d->names + *used, s, n);
	*used += n + 1;
	return 0;
}

/* RFC 8106 5.2: DNSSL NAME... { AdvDNSSLLifetime N; }; */
static int
rc_dnssl(struct rc *x, struct v6_radv_conf *c)
{
	unsigned line = x->tok.line;
	struct v6_radv_dnssl *d;
	size_t used = 0;

	if (c->n_dnssl >= V6_RADV_MAX_DNSSL)
		return rc_fail(x, line, "too many DNSSL (max %d)", V6_RADV_MAX_DNSSL);
	x->dnssl_line[c->n_dnssl] = line;
	d = &c->dnssl[c->n_dnssl];
	memset(d, 0, sizeof(*d));
	d->lifetime_s = -1;
	for (;;) {
		if (rc_next(x) < 0)
			return -1;
		if (rc_is(x, "{") && used > 0)
			break;
		if (!rc_is_word(x))
			return rc_unexpected(x, used ? "a domain or '{'" : "a domain");
		if (rc_dnssl_name(x, d, &used) < 0)
			return -1;
	}
	if (rc_block(x, "DNSSL", dnssl_opts, NOPTS(dnssl_opts), d) < 0)
		return -1;
	c->n_dnssl++;
	return 0;
}

/* An RDNSS or DNSSL lifetime other than 0 (remove) below
 * MaxRtrAdvInterval: radvd refuses it (RFC 8106 5.1). */
static bool
rc_dns_life_short(int64_t life, uint32_t max_ms)
{
	return life > 0 && life * 1000 < (int64_t)max_ms;
}

/* radvd's check_iface: RFC 4861 6.2.1's bounds, at the option's line
 * (or the block's when it is a default). */
static int
rc_iface_check(struct rc *x, const struct radvd_conf_iface *it)
{
	const struct v6_radv_conf *c = &it->conf;
	unsigned *l = x->lines, b = it->line;

	if (c->max_interval_ms < 4000 || c->max_interval_ms > 1800000)
		return rc_fail(x, l[L_MAX] ? l[L_MAX] : b,
		    "MaxRtrAdvInterval must be between 4 and 1800 seconds");
	if (l[L_MIN] && (c->min_interval_ms < 3000 ||
	    (uint64_t)c->min_interval_ms * 4 > (uint64_t)c->max_interval_ms * 3))
		return rc_fail(x, l[L_MIN], "MinRtrAdvInterval must be at least 3 "
		    "seconds and at most 3/4 of MaxRtrAdvInterval");
	if (c->default_lifetime_s > 0 &&
	    c->default_lifetime_s * 1000 < (int64_t)c->max_interval_ms)
		return rc_fail(x, l[L_DEFLT], "AdvDefaultLifetime must be 0 or "
		    "between MaxRtrAdvInterval and 9000 seconds");
	if (c->link_mtu && (c->link_mtu < 1280 || c->link_mtu > 65535))
		return rc_fail(x, l[L_MTU], "AdvLinkMTU must be 0 or between 1280 "
		    "and 65535");
	for (unsigned i = 0; i < c->n_rdnss; i++)
		if (rc_dns_life_short(c->rdnss[i].lifetime_s, c->max_interval_ms))
			return rc_fail(x, x->rdnss_line[i], "AdvRDNSSLifetime must be at least "
			    "MaxRtrAdvInterval");
	for (unsigned i = 0; i < c->n_dnssl; i++)
		if (rc_dns_life_short(c->dnssl[i].lifetime_s, c->max_interval_ms))
			return rc_fail(x, x->dnssl_line[i], "AdvDNSSLLifetime must be at least "
			    "MaxRtrAdvInterval");
	return 0;
}

/* The body of `interface NAME {` up to "};". */
static int
rc_iface_body(struct rc *x, struct v6_radv_conf *c)
{
	for (;;) {
		const struct rc_opt *o;
		int rc;

		if (rc_next(x) < 0)
			return -1;
		if (rc_is(x, "}"))
			return rc_expect(x, ";");
		if (rc_is(x, "prefix"))
			rc = rc_prefix(x, c);
		else if (rc_is(x, "route"))
			rc = rc_route(x, c);
		else if (rc_is(x, "RDNSS"))
			rc = rc_rdnss(x, c);
		else if (rc_is(x, "DNSSL"))
			rc = rc_dnssl(x, c);
		else if ((o = rc_find(x, iface_opts, NOPTS(iface_opts))))
			rc = rc_value(x, o, c);
		else
			rc = rc_unknown(x, "an interface");
		if (rc < 0)
			return -1;
	}
}

/* `interface NAME { ... };` ("interface" read) into out->ifs. */
static int
rc_iface(struct rc *x, struct radvd_conf *out)
{
	unsigned line = x->tok.line;
	struct radvd_conf_iface *it;

	if (out->n_ifs >= RADVD_CONF_MAX_IFACES)
		return rc_fail(x, line, "too many interfaces (max %d)",
		    RADVD_CONF_MAX_IFACES);
	it = &out->ifs[out->n_ifs];
	memset(it, 0, sizeof(*it));
	it->line = line;
	v6_radv_conf_default(&it->conf);
	memset(x->lines, 0, sizeof(x->lines));
	if (rc_next(x) < 0)
		return -1;
	if (!rc_is_word(x))
		return rc_unexpected(x, "an interface name");
	if (x->tok.len > V6_IFNAME_MAX)
		return rc_fail(x, x->tok.line, "interface name longer than %d bytes",
		    V6_IFNAME_MAX);
	rc_word(x, it->name);
	/* radvd: "duplicate interface definition". */
	for (unsigned i = 0; i < out->n_ifs; i++)
		if (!strcmp(out->ifs[i].name, it->name))
			return rc_fail(x, line, "interface %s defined twice (first "
			    "at line %u)", it->name, out->ifs[i].line);
	if (rc_expect(x, "{") < 0 || rc_iface_body(x, &it->conf) < 0 ||
	    rc_iface_check(x, it) < 0)
		return -1;
	out->n_ifs++;
	return 0;
}

int
radvd_conf_parse(const char *file, const char *text, size_t len,
    struct radvd_conf *out, char *err, size_t errlen)
{
	struct rc x = { file, text, text + len, 1, err, errlen, { text, 0, 1 },
		{ 0 }, { 0 }, { 0 } };

	out->n_ifs = 0;
	for (;;) {
		if (rc_next(&x) < 0)
			return -1;
		if (x.tok.len == 0)
			break;
		if (!rc_is(&x, "interface"))
			return rc_unexpected(&x, "interface NAME { ... };");
		if (rc_iface(&x, out) < 0)
			return -1;
	}
	/* radvd: a file without an interface is a syntax error. */
	if (out->n_ifs == 0)
		return rc_fail(&x, x.tok.line, "no interface defined");
	return 0;
}

int
radvd_conf_read(const char *file, struct radvd_conf *out, char *err,
    size_t errlen)
{
	FILE *f = fopen(file, "r");
	char *buf;
	size_t n;
	int rc = -1;

	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -1;
	}
	if (!(buf = malloc(RADVD_CONF_FILE_MAX + 1))) {
		snprintf(err, errlen, "%s: out of memory", file);
	} else if ((n = fread(buf, 1, RADVD_CONF_FILE_MAX + 1, f)),
	    ferror(f)) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
	} else if (n > RADVD_CONF_FILE_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes", file,
		    RADVD_CONF_FILE_MAX);
	} else {
		rc = radvd_conf_parse(file, buf, n, out, err, errlen);
	}
	free(buf);
	fclose(f);
	return rc;
}
