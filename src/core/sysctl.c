/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The tunables registry (sysctl.def): parse "scope.key", check the range,
 * store into the typed structs. Linux's scopes: conf.all and neigh.default
 * reach every interface (conf.all also conf.default), conf.default and
 * neigh.default the interfaces added after, conf.IFACE and neigh.IFACE one.
 */
#include <limits.h>
#include <stdio.h> /* snprintf only: formatting, no I/O */

#include "core/sysctl.h"
#include "core/iface.h"
#include "core/neigh.h"
#include "core/stack.h"

enum scope { SCOPE_GLOB, SCOPE_CONF, SCOPE_NEIGH };

struct sysctl_desc {
	enum scope scope;
	const char *key;
	size_t off;
	int def, min, max;
	const char *unit, *src;
};

static const struct sysctl_desc sysctls[] = {
#define V6_SYSCTL_GLOB(k, f, d, lo, hi, u, s) \
	{ SCOPE_GLOB, k, offsetof(struct v6_sysctl_glob, f), d, lo, hi, u, s },
#define V6_SYSCTL_CONF(k, f, d, lo, hi, u, s) \
	{ SCOPE_CONF, k, offsetof(struct v6_sysctl_conf, f), d, lo, hi, u, s },
#define V6_SYSCTL_NEIGH(k, f, d, lo, hi, u, s) \
	{ SCOPE_NEIGH, k, offsetof(struct v6_sysctl_neigh, f), d, lo, hi, u, s },
#include "core/sysctl.def"
#undef V6_SYSCTL_GLOB
#undef V6_SYSCTL_CONF
#undef V6_SYSCTL_NEIGH
};
#define N_SYSCTLS (sizeof(sysctls) / sizeof(sysctls[0]))

/* Linux keys that later work will implement: refused by name, never
 * silently accepted. */
static const char *const not_yet[] = {
	"icmp.errors_extension_mask",
	"route.max_size", "route.gc_thresh",
	"mld_max_msf", "flowlabel_reflect",
	"conf.use_tempaddr", "conf.accept_ra_min_lft",
	"conf.ra_honor_pio_life", "conf.ra_honor_pio_pflag",
	"conf.ra_defrtr_metric", "conf.router_probe_interval",
	"conf.disable_ipv6", "conf.proxy_ndp",
	"conf.accept_source_route", "conf.ndisc_notify",
	"conf.keep_addr_on_down", "conf.drop_unsolicited_na",
	"conf.accept_untracked_na", "conf.drop_unicast_in_l2_multicast",
	"conf.temp_valid_lft", "conf.temp_prefered_lft", "conf.regen_max_retry",
	"conf.max_desync_factor", "conf.ioam6_enabled",
	"neigh.app_solicit", "neigh.mcast_resolicit", "neigh.anycast_delay",
	"neigh.locktime",
	"neigh.unres_qlen_bytes", "neigh.retrans_time", "neigh.base_reachable_time",
	"neigh.interval_probe_time_ms",
};

void
v6_sysctl_defaults(struct v6_sysctl_glob *g, struct v6_sysctl_conf *c,
    struct v6_sysctl_conf *call, struct v6_sysctl_neigh *n)
{
	for (size_t i = 0; i < N_SYSCTLS; i++) {
		char *base = sysctls[i].scope == SCOPE_GLOB ? (char *)g
		    : sysctls[i].scope == SCOPE_CONF ? (char *)c : (char *)n;
		*(int *)(void *)(base + sysctls[i].off) = sysctls[i].def;
	}
	*call = *c;
}

static const struct sysctl_desc *
find(enum scope scope, const char *key)
{
	for (size_t i = 0; i < N_SYSCTLS; i++)
		if (sysctls[i].scope == scope && strcmp(sysctls[i].key, key) == 0)
			return &sysctls[i];
	return NULL;
}

static bool
is_not_yet(const char *prefix, const char *key)
{
	size_t pl = strlen(prefix);

	for (size_t i = 0; i < sizeof(not_yet) / sizeof(not_yet[0]); i++) {
		const char *k = not_yet[i];
		if (pl) {
			if (strncmp(k, prefix, pl) != 0 || k[pl] != '.')
				continue;
			k += pl + 1;
		} else if (strchr(k, '.') && strncmp(k, "icmp.", 5) &&
		    strncmp(k, "route.", 6)) {
			continue;
		}
		if (strcmp(k, key) == 0)
			return true;
	}
	return false;
}

/* Parse a decimal integer, the whole string. */
static int
parse_int(const char *s, long long *out)
{
	long long v = 0;
	bool neg = false;

	if (*s == '-') {
		neg = true;
		s++;
	}
	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

/* Split "conf.IFACE.key" / "neigh.IFACE.key" into its parts. */
static int
split_scoped(const char *rest, char *ifname, size_t iflen, const char **key)
{
	const char *dot = strchr(rest, '.');
	size_t n;

	if (!dot)
		return -1;
	n = (size_t)(dot - rest);
	if (n == 0 || n >= iflen)
		return -1;
	memcpy(ifname, rest, n);
	ifname[n] = '\0';
	*key = dot + 1;
	return 0;
}

void
v6_sysctl_iface_init(const struct v6_stack *s, struct v6_iface *ifp,
    uint32_t mtu)
{
	ifp->conf = s->conf_default;
	ifp->neigh = s->neigh_default;
	/* Linux: conf.IFACE.mtu starts as the device MTU. */
	ifp->conf.mtu = (int)mtu;
	ifp->stable_secret = s->stable_secret_default;
}

static void
recompute_reachable(struct v6_stack *s)
{
	for (uint32_t i = 0; i < s->n_ifaces; i++)
		(void)v6_neigh_reachable_ms(s, s->ifaces[i]);
}

/* Linux's icmp.ratemask: a list of types and ranges, "0-1,3-127". */
static int
ratemask_parse(const char *v, uint64_t mask[4])
{
	uint64_t m[4] = { 0 };

	while (*v) {
		long lo = 0, hi;
		if (*v < '0' || *v > '9')
			return -1;
		while (*v >= '0' && *v <= '9' && lo <= 255)
			lo = lo * 10 + (*v++ - '0');
		hi = lo;
		if (*v == '-') {
			v++;
			if (*v < '0' || *v > '9')
				return -1;
			hi = 0;
			while (*v >= '0' && *v <= '9' && hi <= 255)
				hi = hi * 10 + (*v++ - '0');
		}
		if (lo > 255 || hi > 255 || hi < lo)
			return -1;
		for (long t = lo; t <= hi; t++)
			m[t >> 6] |= 1ull << (t & 63);
		if (*v == ',')
			v++;
		else if (*v)
			return -1;
	}
	memcpy(mask, m, sizeof(m));
	return 0;
}

void
v6_sysctl_ratemask_default(uint64_t mask[4])
{
	(void)ratemask_parse("0-1,3-127", mask);
}

/* Format the mask back as Linux prints it: "0-1,3-127". */
static void
ratemask_fmt(const uint64_t mask[4], char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int t = 0; t < 256; t++) {
		if (!(mask[t >> 6] >> (t & 63) & 1))
			continue;
		int e = t;
		while (e + 1 < 256 && (mask[(e + 1) >> 6] >> ((e + 1) & 63) & 1))
			e++;
		if (e > t)
			(void)snprintf(buf + n, len - n, "%s%d-%d", n ? "," : "", t, e);
		else
			(void)snprintf(buf + n, len - n, "%s%d", n ? "," : "", t);
		n = strlen(buf);
		if (n + 1 >= len)
			break;
		t = e;
	}
}

/* An address in RFC 5952 text (the secret is shown as Linux shows it). */
static void
addr_fmt(const struct in6_addr *a, char *buf, size_t len)
{
	/* Plain 8 groups of hex: simple and unambiguous. */
	(void)v6_fail(buf, len, "%x:%x:%x:%x:%x:%x:%x:%x",
	    v6_rd16(a->s6_addr), v6_rd16(a->s6_addr + 2), v6_rd16(a->s6_addr + 4),
	    v6_rd16(a->s6_addr + 6), v6_rd16(a->s6_addr + 8),
	    v6_rd16(a->s6_addr + 10), v6_rd16(a->s6_addr + 12),
	    v6_rd16(a->s6_addr + 14));
}

/* Parse an IPv6 address in text (RFC 4291 2.2 forms 1 and 2). */
static int
addr_parse(const char *p, struct in6_addr *out)
{
	uint16_t g[8];
	int n = 0, gap = -1;

	if (p[0] == ':' && p[1] == ':') {
		gap = 0;
		p += 2;
	}
	while (*p) {
		unsigned v = 0, digits = 0;
		while (digits < 5 && ((*p >= '0' && *p <= '9') ||
			((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f'))) {
			v = v * 16 + (unsigned)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
			p++;
			digits++;
		}
		if (digits == 0 || digits > 4 || n >= 8)
			return -1;
		g[n++] = (uint16_t)v;
		if (*p == '\0')
			break;
		if (*p != ':')
			return -1;
		p++;
		if (*p == ':') {
			if (gap >= 0)
				return -1;
			gap = n;
			p++;
			if (*p == '\0')
				break;
		}
	}
	if ((gap < 0 && n != 8) || (gap >= 0 && n > 7))
		return -1;
	memset(out, 0, sizeof(*out));
	int tail = gap < 0 ? 0 : n - gap;
	for (int i = 0; i < n; i++) {
		int pos = (gap >= 0 && i >= gap) ? 8 - tail + (i - gap) : i;
		v6_wr16(out->s6_addr + 2 * pos, g[i]);
	}
	return 0;
}

/* conf.{all,default,IFACE}.stable_secret (RFC 7217): an IPv6 address;
 * as Linux, setting it switches the interfaces it reaches to
 * addr_gen_mode 2 (stable privacy). */
static int
stable_secret_set(struct v6_stack *s, const char *name, const char *ifname,
    const char *value, char *err, size_t errlen)
{
	struct in6_addr a;
	bool all = strcmp(ifname, "all") == 0, dflt = strcmp(ifname, "default") == 0;
	bool found = false;

	if (addr_parse(value, &a) < 0)
		return v6_fail(err, errlen, "%s: '%s' is not an IPv6 address", name, value);
	if (all)
		return v6_fail(err, errlen, "%s: Linux has no conf.all.stable_secret "
		    "(use conf.default or conf.IFACE)", name);
	if (dflt) {
		s->stable_secret_default.addr = a;
		s->stable_secret_default.set = true;
		s->conf_default.addr_gen_mode = 2;
		return 0;
	}
	for (uint32_t i = 0; i < s->n_ifaces; i++) {
		struct v6_iface *ifp = s->ifaces[i];
		if (strcmp(ifp->name, ifname) != 0)
			continue;
		ifp->stable_secret.addr = a;
		ifp->stable_secret.set = true;
		ifp->conf.addr_gen_mode = 2;
		found = true;
	}
	if (!found)
		return v6_fail(err, errlen, "%s: no interface named %s", name, ifname);
	return 0;
}

int
v6_sysctl_set(struct v6_stack *s, const char *name, const char *value,
    char *err, size_t errlen)
{
	const struct sysctl_desc *d;
	enum scope scope;
	char ifname[16] = "";
	const char *key = name;
	long long v;

	if (strncmp(name, "net.ipv6.", 9) == 0)
		name += 9;
	if (strncmp(name, "conf.", 5) == 0 && split_scoped(name + 5, ifname,
		sizeof(ifname), &key) == 0 && strcmp(key, "stable_secret") == 0)
		return stable_secret_set(s, name, ifname, value, err, errlen);
	if (strcmp(name, "icmp.ratemask") == 0) {
		uint64_t mask[4];
		if (ratemask_parse(value, mask) < 0)
			return v6_fail(err, errlen, "%s: '%s' is not a list of types "
			    "and ranges 0-255 (e.g. 0-1,3-127)", name, value);
		v6_icmp_set_ratemask(s, mask);
		return 0;
	}
	if (strncmp(name, "conf.", 5) == 0 || strncmp(name, "neigh.", 6) == 0) {
		scope = name[0] == 'c' ? SCOPE_CONF : SCOPE_NEIGH;
		if (split_scoped(name + (scope == SCOPE_CONF ? 5 : 6), ifname,
			sizeof(ifname), &key) < 0)
			return v6_fail(err, errlen, "%s: unknown key (want %s.IFACE.KEY)",
			    name, scope == SCOPE_CONF ? "conf" : "neigh");
		/* gc_thresh* live under neigh.default only, as in Linux. */
		if (scope == SCOPE_NEIGH && strcmp(ifname, "default") == 0 &&
		    find(SCOPE_GLOB, name)) {
			scope = SCOPE_GLOB;
			key = name;
		}
	} else {
		scope = SCOPE_GLOB;
		key = name;
	}
	d = find(scope, key);
	if (!d) {
		if (is_not_yet(scope == SCOPE_CONF ? "conf"
			: scope == SCOPE_NEIGH ? "neigh" : "", key))
			return v6_fail(err, errlen, "%s: not supported yet", name);
		return v6_fail(err, errlen, "%s: unknown key", name);
	}
	if (parse_int(value, &v) < 0)
		return v6_fail(err, errlen, "%s: '%s' is not an integer", name, value);
	if (v < d->min || v > d->max)
		return v6_fail(err, errlen, "%s: %lld out of range [%d, %d]", name, v,
		    d->min, d->max);

	if (scope == SCOPE_GLOB) {
		*(int *)(void *)((char *)&s->glob + d->off) = (int)v;
		return 0;
	}
	bool all = strcmp(ifname, "all") == 0;
	bool dflt = strcmp(ifname, "default") == 0;
	if (scope == SCOPE_NEIGH && all)
		return v6_fail(err, errlen, "%s: unknown key (neigh has no 'all' scope)", name);
	if (all || dflt) {
		char *base = scope == SCOPE_CONF ? (char *)&s->conf_default
						 : (char *)&s->neigh_default;
		*(int *)(void *)(base + d->off) = (int)v;
	}
	/* conf.all keeps its own values too (Linux's devconf_all: what
	 * conf.all.forwarding decides, net/ipv6/ip6_output.c ip6_forward). */
	if (all && scope == SCOPE_CONF)
		*(int *)(void *)((char *)&s->conf_all + d->off) = (int)v;
	for (uint32_t i = 0; i < s->n_ifaces; i++) {
		struct v6_iface *ifp = s->ifaces[i];
		if (!all && !(scope == SCOPE_NEIGH && dflt) &&
		    strcmp(ifp->name, ifname) != 0)
			continue;
		char *base = scope == SCOPE_CONF ? (char *)&ifp->conf
						 : (char *)&ifp->neigh;
		bool forwarding_changed = scope == SCOPE_CONF &&
		    d->off == offsetof(struct v6_sysctl_conf, forwarding) &&
		    ifp->conf.forwarding != (int)v;
		*(int *)(void *)(base + d->off) = (int)v;
		if (forwarding_changed)
			v6_iface_forwarding_changed(ifp);
	}
	if (!all && !dflt && !v6_iface_by_name(s, ifname))
		return v6_fail(err, errlen, "%s: no interface named %s", name, ifname);
	recompute_reachable(s);
	return 0;
}

int
v6_sysctl_get(struct v6_stack *s, const char *name, char *buf, size_t len)
{
	const struct sysctl_desc *d;
	char ifname[16];
	const char *key;
	const char *base = NULL;

	if (strncmp(name, "net.ipv6.", 9) == 0)
		name += 9;
	if (strcmp(name, "icmp.ratemask") == 0) {
		ratemask_fmt(s->icmp.ratemask, buf, len);
		return 0;
	}
	if (strncmp(name, "conf.", 5) == 0 && split_scoped(name + 5, ifname,
		sizeof(ifname), &key) == 0 && strcmp(key, "stable_secret") == 0) {
		struct v6_iface *ifp = v6_iface_by_name(s, ifname);
		const struct v6_sysctl_secret *sec = ifp ? &ifp->stable_secret
		    : &s->stable_secret_default;
		const struct in6_addr *a = &sec->addr;
		bool set = sec->set;
		if (!ifp && strcmp(ifname, "default") && strcmp(ifname, "all"))
			return -1;
		/* Linux: reading an unset secret fails (EIO). */
		if (!set)
			return -1;
		addr_fmt(a, buf, len);
		return 0;
	}
	if ((d = find(SCOPE_GLOB, name)) != NULL) {
		base = (const char *)&s->glob;
	} else if (strncmp(name, "conf.", 5) == 0 &&
	    split_scoped(name + 5, ifname, sizeof(ifname), &key) == 0 &&
	    (d = find(SCOPE_CONF, key)) != NULL) {
		struct v6_iface *ifp = v6_iface_by_name(s, ifname);
		if (ifp)
			base = (const char *)&ifp->conf;
		else if (!strcmp(ifname, "default"))
			base = (const char *)&s->conf_default;
		else if (!strcmp(ifname, "all"))
			base = (const char *)&s->conf_all;
	} else if (strncmp(name, "neigh.", 6) == 0 &&
	    split_scoped(name + 6, ifname, sizeof(ifname), &key) == 0 &&
	    (d = find(SCOPE_NEIGH, key)) != NULL) {
		struct v6_iface *ifp = v6_iface_by_name(s, ifname);
		if (ifp)
			base = (const char *)&ifp->neigh;
		else if (!strcmp(ifname, "default"))
			base = (const char *)&s->neigh_default;
	}
	if (!base)
		return -1;
	int v = *(const int *)(const void *)(base + d->off);
	(void)v6_fail(buf, len, "%d", v);
	return 0;
}

void
v6_sysctl_foreach(struct v6_stack *s,
    void (*cb)(void *ctx, const char *key, long long value), void *ctx)
{
	char name[96];

	for (size_t i = 0; i < N_SYSCTLS; i++) {
		const struct sysctl_desc *d = &sysctls[i];
		if (d->scope == SCOPE_GLOB) {
			cb(ctx, d->key, *(const int *)(const void *)((const char *)&s->glob + d->off));
			continue;
		}
		for (uint32_t j = 0; j < s->n_ifaces; j++) {
			const struct v6_iface *ifp = s->ifaces[j];
			const char *base = d->scope == SCOPE_CONF ? (const char *)&ifp->conf
							       : (const char *)&ifp->neigh;
			v6_fail(name, sizeof(name), "%s.%s.%s",
			    d->scope == SCOPE_CONF ? "conf" : "neigh", ifp->name, d->key);
			cb(ctx, name, *(const int *)(const void *)(base + d->off));
		}
	}
}
