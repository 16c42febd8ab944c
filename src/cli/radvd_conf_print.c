/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A struct v6_radv_conf as radvd.conf text (radvd_conf.h): what
 * `v6stack ra show` prints, in the syntax radvd_conf_parse reads back.
 * Values left to be derived are comments giving what they come to
 * (RFC 4861 6.2.1: MinRtrAdvInterval, AdvDefaultLifetime; RFC 4191 2.3,
 * RFC 8106 5.1 / 5.2: route, RDNSS and DNSSL lifetimes as the core
 * derives them, radv.c).
 */
#include "cli/radvd_conf.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

static const char *
onoff(bool b)
{
	return b ? "on" : "off";
}

static const char *
pref_name(int pref)
{
	return pref < 0 ? "low" : pref > 0 ? "high" : "medium";
}

/* Seconds from milliseconds: "200", "3.5", "4.125". */
static void
secs(FILE *f, uint32_t ms)
{
	if (ms % 1000 == 0)
		fprintf(f, "%" PRIu32, ms / 1000);
	else if (ms % 100 == 0)
		fprintf(f, "%" PRIu32 ".%" PRIu32, ms / 1000, ms % 1000 / 100);
	else if (ms % 10 == 0)
		fprintf(f, "%" PRIu32 ".%02" PRIu32, ms / 1000, ms % 1000 / 10);
	else
		fprintf(f, "%" PRIu32 ".%03" PRIu32, ms / 1000, ms % 1000);
}

static void
lifetime(FILE *f, uint64_t s)
{
	if (s == V6_LIFETIME_INFINITE)
		fputs("infinity", f);
	else
		fprintf(f, "%" PRIu64, s);
}

/* "\tNAME VALUE;" for a lifetime, or, when -1, the comment "#\tNAME
 * VALUE; (how)" with the value it comes to (radvd_conf_derived_life). */
static void
derived_life(FILE *f, const char *ind, const char *name, int64_t s,
    enum radvd_life which, uint32_t max_ms)
{
	if (s >= 0) {
		fprintf(f, "%s%s ", ind, name);
		lifetime(f, (uint64_t)s);
		fputs(";\n", f);
	} else {
		fprintf(f, "#%s%s %" PRIu64 "; (%s)\n", ind, name,
		    radvd_conf_derived_life(which, max_ms),
		    which == RADVD_LIFE_DNS ? "MaxRtrAdvInterval"
					    : "3 * MaxRtrAdvInterval");
	}
}

uint64_t
radvd_conf_derived_life(enum radvd_life which, uint32_t max_ms)
{
	uint64_t d;

	switch (which) {
	case RADVD_LIFE_ROUTER: /* radvd: at least 1 */
		d = (uint64_t)max_ms * 3 / 1000;
		return d ? d : 1;
	case RADVD_LIFE_ROUTE:
		return 3 * (uint64_t)(max_ms / 1000);
	case RADVD_LIFE_DNS: /* RDNSS, DNSSL: what radvd 2.19 sends (v6stack.h) */
	default:
		return max_ms / 1000;
	}
}

static void
print_header(FILE *f, const struct v6_radv_conf *c)
{
	uint32_t min = c->max_interval_ms >= 9000 ? c->max_interval_ms / 3
						  : c->max_interval_ms * 3 / 4;

	fprintf(f, "\tAdvSendAdvert %s;\n", onoff(c->send_advert));
	if (c->min_interval_ms) {
		fputs("\tMinRtrAdvInterval ", f);
		secs(f, c->min_interval_ms);
		fputs(";\n", f);
	} else {
		fputs("#\tMinRtrAdvInterval ", f);
		secs(f, min);
		fputs("; (derived from MaxRtrAdvInterval)\n", f);
	}
	fputs("\tMaxRtrAdvInterval ", f);
	secs(f, c->max_interval_ms);
	fputs(";\n", f);
	fprintf(f, "\tAdvManagedFlag %s;\n\tAdvOtherConfigFlag %s;\n",
	    onoff(c->managed), onoff(c->other));
	fprintf(f, "\tAdvLinkMTU %" PRIu32 ";\n\tAdvReachableTime %" PRIu32
	    ";\n\tAdvRetransTimer %" PRIu32 ";\n\tAdvCurHopLimit %u;\n",
	    c->link_mtu, c->reachable_ms, c->retrans_ms, c->cur_hop_limit);
	derived_life(f, "\t", "AdvDefaultLifetime", c->default_lifetime_s, RADVD_LIFE_ROUTER,
	    c->max_interval_ms);
	fprintf(f, "\tAdvDefaultPreference %s;\n\tAdvSourceLLAddress %s;\n"
	    "\tAdvRASolicitedUnicast %s;\n", pref_name(c->default_pref),
	    onoff(c->source_lladdr), onoff(c->solicited_unicast));
}

static void
print_prefixes(FILE *f, const struct v6_radv_conf *c)
{
	char a[INET6_ADDRSTRLEN];

	for (unsigned i = 0; i < c->n_prefix && i < V6_RADV_MAX_PREFIXES; i++) {
		const struct v6_radv_prefix *p = &c->prefix[i];

		inet_ntop(AF_INET6, &p->prefix, a, sizeof(a));
		fprintf(f, "\tprefix %s/%u {\n\t\tAdvOnLink %s;\n\t\tAdvAutonomous %s;\n",
		    a, p->plen, onoff(p->on_link), onoff(p->autonomous));
		fputs("\t\tAdvValidLifetime ", f);
		lifetime(f, p->valid_s);
		fputs(";\n\t\tAdvPreferredLifetime ", f);
		lifetime(f, p->preferred_s);
		fputs(";\n\t};\n", f);
	}
	for (unsigned i = 0; i < c->n_route && i < V6_RADV_MAX_ROUTES; i++) {
		const struct v6_radv_route *r = &c->route[i];

		inet_ntop(AF_INET6, &r->prefix, a, sizeof(a));
		fprintf(f, "\troute %s/%u {\n\t\tAdvRoutePreference %s;\n", a, r->plen,
		    pref_name(r->pref));
		derived_life(f, "\t\t", "AdvRouteLifetime", r->lifetime_s, RADVD_LIFE_ROUTE,
		    c->max_interval_ms);
		fputs("\t};\n", f);
	}
}

static void
print_dns(FILE *f, const struct v6_radv_conf *c)
{
	char a[INET6_ADDRSTRLEN];

	for (unsigned i = 0; i < c->n_rdnss && i < V6_RADV_MAX_RDNSS; i++) {
		const struct v6_radv_rdnss *d = &c->rdnss[i];

		fputs("\tRDNSS", f);
		for (unsigned k = 0; k < d->n_addr && k < V6_RADV_RDNSS_ADDRS; k++)
			fprintf(f, " %s", inet_ntop(AF_INET6, &d->addr[k], a, sizeof(a)));
		fputs(" {\n", f);
		derived_life(f, "\t\t", "AdvRDNSSLifetime", d->lifetime_s, RADVD_LIFE_DNS,
		    c->max_interval_ms);
		fputs("\t};\n", f);
	}
	for (unsigned i = 0; i < c->n_dnssl && i < V6_RADV_MAX_DNSSL; i++) {
		const struct v6_radv_dnssl *d = &c->dnssl[i];
		const char *n = d->names, *end = d->names + sizeof(d->names);

		fputs("\tDNSSL", f);
		/* '\0'-separated names, an empty one last (v6stack.h). */
		while (n < end && *n) {
			size_t len = strnlen(n, (size_t)(end - n));
			fprintf(f, " %.*s", (int)len, n);
			n += len + 1;
		}
		fputs(" {\n", f);
		derived_life(f, "\t\t", "AdvDNSSLLifetime", d->lifetime_s, RADVD_LIFE_DNS,
		    c->max_interval_ms);
		fputs("\t};\n", f);
	}
}

void
radvd_conf_print(FILE *f, const char *name, const struct v6_radv_conf *c)
{
	fprintf(f, "interface %s {\n", name);
	print_header(f, c);
	print_prefixes(f, c);
	print_dns(f, c);
	fputs("};\n", f);
}
