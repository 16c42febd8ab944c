/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Counters: the SNMP tier (snmp.def, Linux's /proc/net/snmp6 names), per
 * interface and summed, and the drop reasons below them (drop.def), with
 * the map from each reason to the SNMP counter it also bumps.
 */
#include "core/stats.h"
#include "core/iface.h"
#include "core/stack.h"

static const char *const snmp_names[V6_SNMP__COUNT] = {
#define V6_SNMP(name) #name,
#include "core/snmp.def"
#undef V6_SNMP
};

static const char *const drop_names[V6_DROP__COUNT] = {
#define V6_DROP(name, snmp, text) #name,
#include "v6stack/drop.def"
#undef V6_DROP
};

static const char *const drop_texts[V6_DROP__COUNT] = {
#define V6_DROP(name, snmp, text) text,
#include "v6stack/drop.def"
#undef V6_DROP
};

#define V6_SNMP_NONE (-1)
static const int drop_snmp[V6_DROP__COUNT] = {
#define V6_DROP(name, snmp, text) V6_SNMP_##snmp,
#include "v6stack/drop.def"
#undef V6_DROP
};

const char *
v6_drop_name(int reason)
{
	if (reason < 0 || reason >= V6_DROP__COUNT)
		return "?";
	return drop_names[reason];
}

const char *
v6_drop_text(int reason)
{
	if (reason < 0 || reason >= V6_DROP__COUNT)
		return "?";
	return drop_texts[reason];
}

static void
drop_count(struct v6_stack *s, struct v6_iface *ifp, enum v6_drop why,
    const uint8_t *frame, size_t len, bool ip6)
{
	int snmp = drop_snmp[why];

	s->stats.drops[why]++;
	if (ifp && snmp != V6_SNMP_NONE) {
		ifp->stats.snmp[snmp]++;
		/* Linux icmpv6_rcv: a checksum error counts as an input error too. */
		if (snmp == V6_SNMP_Icmp6InCsumErrors)
			V6_STAT_INC(ifp, Icmp6InErrors);
	}
	if (s->params.event) {
		struct v6_event ev = { .kind = V6_EV_DROP, .reason = why,
			.iface = ifp, .frame = frame, .len = len, .ip6 = ip6,
			.text = drop_texts[why] };
		s->params.event(s->params.event_ctx, &ev);
	}
}

void
v6_drop(struct v6_stack *s, struct v6_iface *ifp, enum v6_drop why,
    const uint8_t *frame, size_t len)
{
	drop_count(s, ifp, why, frame, len, false);
}

void
v6_drop_ip6(struct v6_stack *s, struct v6_iface *ifp, enum v6_drop why,
    const uint8_t *pkt, size_t len)
{
	drop_count(s, ifp, why, pkt, len, pkt != NULL);
}

static uint64_t
snmp_value(const struct v6_stack *s, const struct v6_iface *ifp, int i)
{
	uint64_t v = 0;

	if (ifp)
		return ifp->stats.snmp[i];
	for (uint32_t j = 0; j < s->n_ifaces; j++)
		v += s->ifaces[j]->stats.snmp[i];
	return v;
}

static uint64_t
type_value(const struct v6_stack *s, const struct v6_iface *ifp, int out,
    int type)
{
	uint64_t v = 0;

	for (uint32_t j = 0; j < s->n_ifaces; j++) {
		const struct v6_iface *x = s->ifaces[j];
		if (ifp && x != ifp)
			continue;
		v += out ? x->stats.icmp_out_type[type] : x->stats.icmp_in_type[type];
	}
	return v;
}

void
v6_stats_foreach(const struct v6_stack *s, const struct v6_iface *ifp,
    void (*cb)(void *ctx, const char *name, uint64_t value), void *ctx)
{
	char name[32];

	for (int i = 0; i < V6_SNMP__COUNT; i++)
		cb(ctx, snmp_names[i], snmp_value(s, ifp, i));
	/* Linux prints Icmp6InType<N>/Icmp6OutType<N> for the types seen. */
	for (int out = 0; out < 2; out++) {
		for (int t = 0; t < 256; t++) {
			uint64_t v = type_value(s, ifp, out, t);
			if (!v)
				continue;
			const char *pfx = out ? "Icmp6OutType" : "Icmp6InType";
			size_t n = strlen(pfx);
			memcpy(name, pfx, n);
			if (t >= 100)
				name[n++] = (char)('0' + t / 100);
			if (t >= 10)
				name[n++] = (char)('0' + t / 10 % 10);
			name[n++] = (char)('0' + t % 10);
			name[n] = '\0';
			cb(ctx, name, v);
		}
	}
	/* The neighbour cache, stack-wide (Linux /proc/net/stat/ndisc_cache:
	 * entries, allocs, destroys, periodic_gc_runs, forced_gc_runs,
	 * table_fulls; evictions: entries removed to make room). */
	if (!ifp) {
		cb(ctx, "NdiscCacheEntries", s->neigh.n);
		cb(ctx, "NdiscCacheAllocs", s->neigh.n_allocs);
		cb(ctx, "NdiscCacheDestroys", s->neigh.n_destroys);
		cb(ctx, "NdiscCachePeriodicGcRuns", s->neigh.n_periodic_gc);
		cb(ctx, "NdiscCacheForcedGcRuns", s->neigh.n_forced_gc);
		cb(ctx, "NdiscCacheEvictions", s->neigh.n_evictions);
		cb(ctx, "NdiscCacheTableFulls", s->neigh.n_table_fulls);
	}
}

void
v6_drops_foreach(const struct v6_stack *s,
    void (*cb)(void *ctx, const char *name, const char *text, uint64_t value),
    void *ctx)
{
	for (int i = 1; i < V6_DROP__COUNT; i++)
		cb(ctx, drop_names[i], drop_texts[i], s->stats.drops[i]);
}

uint64_t
v6_stat_get(const struct v6_stack *s, const struct v6_iface *ifp,
    const char *name)
{
	for (int i = 0; i < V6_SNMP__COUNT; i++)
		if (strcmp(snmp_names[i], name) == 0)
			return snmp_value(s, ifp, i);
	if (strncmp(name, "drop.", 5) == 0)
		name += 5;
	for (int i = 0; i < V6_DROP__COUNT; i++)
		if (strcmp(drop_names[i], name) == 0)
			return s->stats.drops[i];
	const char *in = "Icmp6InType", *out = "Icmp6OutType";
	int isout = strncmp(name, out, strlen(out)) == 0;
	if (isout || strncmp(name, in, strlen(in)) == 0) {
		const char *p = name + strlen(isout ? out : in);
		int t = 0;
		if (!*p)
			return 0;
		for (; *p; p++) {
			if (*p < '0' || *p > '9')
				return 0;
			t = t * 10 + (*p - '0');
			if (t > 255)
				return 0;
		}
		return type_value(s, ifp, isout, t);
	}
	return 0;
}
