/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A struct v6_radv_conf as JSON (radvd_conf.h), for `v6stack ra show -j`.
 * radvd has no JSON form, so the keys are radvd.conf(5)'s option names
 * with the values as the core uses them: a value left to be derived
 * (MinRtrAdvInterval 0, a lifetime -1) is written as what it comes to
 * (RFC 4861 6.2.1, RFC 4191 2.3, RFC 8106 5.1 / 5.2; radvd_conf_print.c
 * says the same in comments) and named in "derived". Times are in
 * milliseconds where radvd.conf takes fractions of a second (the two
 * intervals: "_ms"), else in radvd.conf's units; "infinity" lifetimes
 * are 4294967295, as on the wire.
 */
#include "cli/radvd_conf.h"
#include "cli/json.h"

#include <arpa/inet.h>
#include <string.h>

static const char *
pref_name(int pref)
{
	return pref < 0 ? "low" : pref > 0 ? "high" : "medium";
}

static void
json_prefix(struct v6_json *j, const struct in6_addr *a, unsigned plen)
{
	char s[INET6_ADDRSTRLEN + 4], n[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, a, n, sizeof(n));
	snprintf(s, sizeof(s), "%s/%u", n, plen);
	v6_json_str(j, "prefix", s);
}

/* A lifetime: its value, or (-1) what it comes to, noted. */
static void
json_life(struct v6_json *j, const char *key, int64_t s, enum radvd_life which,
    uint32_t max_ms, bool *derived)
{
	if (s >= 0) {
		v6_json_u64(j, key, (uint64_t)s);
	} else {
		v6_json_u64(j, key, radvd_conf_derived_life(which, max_ms));
		*derived = true;
	}
}

static void
json_header(struct v6_json *j, const struct v6_radv_conf *c)
{
	uint32_t min = c->min_interval_ms ? c->min_interval_ms
		: c->max_interval_ms >= 9000 ? c->max_interval_ms / 3
					     : c->max_interval_ms * 3 / 4;
	bool life_derived = false;

	v6_json_bool(j, "AdvSendAdvert", c->send_advert);
	v6_json_u64(j, "MinRtrAdvInterval_ms", min);
	v6_json_u64(j, "MaxRtrAdvInterval_ms", c->max_interval_ms);
	v6_json_bool(j, "AdvManagedFlag", c->managed);
	v6_json_bool(j, "AdvOtherConfigFlag", c->other);
	v6_json_u64(j, "AdvLinkMTU", c->link_mtu);
	v6_json_u64(j, "AdvReachableTime", c->reachable_ms);
	v6_json_u64(j, "AdvRetransTimer", c->retrans_ms);
	v6_json_u64(j, "AdvCurHopLimit", c->cur_hop_limit);
	json_life(j, "AdvDefaultLifetime", c->default_lifetime_s, RADVD_LIFE_ROUTER,
	    c->max_interval_ms, &life_derived);
	v6_json_str(j, "AdvDefaultPreference", pref_name(c->default_pref));
	v6_json_bool(j, "AdvSourceLLAddress", c->source_lladdr);
	v6_json_bool(j, "AdvRASolicitedUnicast", c->solicited_unicast);
	v6_json_open(j, "derived", '[');
	if (!c->min_interval_ms)
		v6_json_str(j, NULL, "MinRtrAdvInterval");
	if (life_derived)
		v6_json_str(j, NULL, "AdvDefaultLifetime");
	v6_json_close(j);
}

static void
json_prefixes(struct v6_json *j, const struct v6_radv_conf *c)
{
	v6_json_open(j, "prefixes", '[');
	for (unsigned i = 0; i < c->n_prefix && i < V6_RADV_MAX_PREFIXES; i++) {
		const struct v6_radv_prefix *p = &c->prefix[i];

		v6_json_open(j, NULL, '{');
		json_prefix(j, &p->prefix, p->plen);
		v6_json_bool(j, "AdvOnLink", p->on_link);
		v6_json_bool(j, "AdvAutonomous", p->autonomous);
		v6_json_u64(j, "AdvValidLifetime", p->valid_s);
		v6_json_u64(j, "AdvPreferredLifetime", p->preferred_s);
		v6_json_close(j);
	}
	v6_json_close(j);
	v6_json_open(j, "routes", '[');
	for (unsigned i = 0; i < c->n_route && i < V6_RADV_MAX_ROUTES; i++) {
		const struct v6_radv_route *r = &c->route[i];
		bool derived = false;

		v6_json_open(j, NULL, '{');
		json_prefix(j, &r->prefix, r->plen);
		v6_json_str(j, "AdvRoutePreference", pref_name(r->pref));
		json_life(j, "AdvRouteLifetime", r->lifetime_s, RADVD_LIFE_ROUTE, c->max_interval_ms,
		    &derived);
		v6_json_bool(j, "derived", derived);
		v6_json_close(j);
	}
	v6_json_close(j);
}

static void
json_dns(struct v6_json *j, const struct v6_radv_conf *c)
{
	char a[INET6_ADDRSTRLEN];

	v6_json_open(j, "RDNSS", '[');
	for (unsigned i = 0; i < c->n_rdnss && i < V6_RADV_MAX_RDNSS; i++) {
		const struct v6_radv_rdnss *d = &c->rdnss[i];
		bool derived = false;

		v6_json_open(j, NULL, '{');
		v6_json_open(j, "addresses", '[');
		for (unsigned k = 0; k < d->n_addr && k < V6_RADV_RDNSS_ADDRS; k++)
			v6_json_str(j, NULL, inet_ntop(AF_INET6, &d->addr[k], a, sizeof(a)));
		v6_json_close(j);
		json_life(j, "AdvRDNSSLifetime", d->lifetime_s, RADVD_LIFE_DNS, c->max_interval_ms,
		    &derived);
		v6_json_bool(j, "derived", derived);
		v6_json_close(j);
	}
	v6_json_close(j);
	v6_json_open(j, "DNSSL", '[');
	for (unsigned i = 0; i < c->n_dnssl && i < V6_RADV_MAX_DNSSL; i++) {
		const struct v6_radv_dnssl *d = &c->dnssl[i];
		const char *n = d->names, *end = d->names + sizeof(d->names);
		char name[V6_RADV_DNSSL_LEN];
		bool derived = false;

		v6_json_open(j, NULL, '{');
		v6_json_open(j, "domains", '[');
		/* '\0'-separated names, an empty one last (v6stack.h). */
		while (n < end && *n) {
			size_t len = strnlen(n, (size_t)(end - n));
			memcpy(name, n, len);
			name[len] = '\0';
			v6_json_str(j, NULL, name);
			n += len + 1;
		}
		v6_json_close(j);
		json_life(j, "AdvDNSSLLifetime", d->lifetime_s, RADVD_LIFE_DNS, c->max_interval_ms,
		    &derived);
		v6_json_bool(j, "derived", derived);
		v6_json_close(j);
	}
	v6_json_close(j);
}

void
radvd_conf_json(struct v6_json *j, const char *name, const struct v6_radv_conf *c,
    int64_t next_ra_ms)
{
	v6_json_open(j, NULL, '{');
	v6_json_str(j, "interface", name);
	if (!c) {
		v6_json_null(j, "config");
		v6_json_close(j);
		return;
	}
	json_header(j, c);
	json_prefixes(j, c);
	json_dns(j, c);
	if (next_ra_ms < 0)
		v6_json_null(j, "next_ra_ms");
	else
		v6_json_u64(j, "next_ra_ms", (uint64_t)next_ra_ms);
	v6_json_close(j);
}
