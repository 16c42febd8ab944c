/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Policy routing rules (fib.h): `ip -6 rule` with Linux's semantics
 * (net/core/fib_rules.c, net/ipv6/fib6_rules.c). An array of at most
 * V6_FIB_MAX_RULES rules in priority order, a new rule after those of the
 * same priority; a lookup tries them in order. With only Linux's two
 * default rules (0 lookup local, 32766 lookup main) a lookup goes straight
 * to main. Table local is implicit here: our addresses are matched before
 * any route (v6_input, v6_route_query), so its rule never answers.
 */
#include <stdlib.h>
#include <string.h>

#include "core/fib.h"
#include "core/route.h"
#include "core/stack.h"

#define RULE_PRIO_LOCAL 0
#define RULE_PRIO_MAIN 32766

/* A rule's own verdict, as Linux's ip6_blk_hole_entry and
 * ip6_prohibit_entry: routes of the reject types with no prefix. An
 * unreachable rule gives Linux's ip6_null_entry, which is no route at all
 * (ENETUNREACH, Destination Unreachable code 0), so NULL here. */
static const struct v6_fib_route rule_blackhole = { .type = V6_RTN_BLACKHOLE };
static const struct v6_fib_route rule_prohibit = { .type = V6_RTN_PROHIBIT };

static void
rules_changed(struct v6_fib *f)
{
	f->rules_plain = f->n_rules == 2 &&
	    f->rules[0].prio == RULE_PRIO_LOCAL &&
	    f->rules[0].action == V6_RULE_LOOKUP &&
	    f->rules[0].table == V6_RT_TABLE_LOCAL &&
	    f->rules[1].prio == RULE_PRIO_MAIN &&
	    f->rules[1].action == V6_RULE_LOOKUP &&
	    f->rules[1].table == V6_RT_TABLE_MAIN &&
	    !f->rules[0].src_len && !f->rules[0].dst_len && !f->rules[0].iif &&
	    !f->rules[1].src_len && !f->rules[1].dst_len && !f->rules[1].iif;
}

static void
rule_insert(struct v6_fib *f, const struct v6_fib_rule *r)
{
	uint32_t at = f->n_rules;

	/* Linux fib_nl_newrule: after the last rule of a priority not above. */
	while (at > 0 && f->rules[at - 1].prio > r->prio)
		at--;
	memmove(&f->rules[at + 1], &f->rules[at],
	    (f->n_rules - at) * sizeof(f->rules[0]));
	f->rules[at] = *r;
	f->n_rules++;
	rules_changed(f);
}

int
v6_fib_rules_init(struct v6_fib *f)
{
	struct v6_fib_rule local = { .prio = RULE_PRIO_LOCAL,
		.table = V6_RT_TABLE_LOCAL, .tslot = -1, .action = V6_RULE_LOOKUP };
	struct v6_fib_rule dflt_main = { .prio = RULE_PRIO_MAIN,
		.table = V6_RT_TABLE_MAIN, .tslot = V6_FIB_MAIN,
		.action = V6_RULE_LOOKUP };

	f->rules = calloc(V6_FIB_MAX_RULES, sizeof(f->rules[0]));
	if (!f->rules)
		return -1;
	f->n_rules = 0;
	rule_insert(f, &local);
	rule_insert(f, &dflt_main);
	return 0;
}

void
v6_fib_rules_table_added(struct v6_fib *f, uint32_t id, unsigned tslot)
{
	for (uint32_t i = 0; i < f->n_rules; i++)
		if (f->rules[i].action == V6_RULE_LOOKUP && f->rules[i].table == id)
			f->rules[i].tslot = (int16_t)tslot;
}

static bool
prefix_has(const struct in6_addr *pfx, unsigned len, const struct in6_addr *a)
{
	unsigned full = len / 8, rest = len % 8;

	if (memcmp(pfx->s6_addr, a->s6_addr, full) != 0)
		return false;
	return !rest || ((pfx->s6_addr[full] ^ a->s6_addr[full]) &
	    (uint8_t)(0xff00 >> rest)) == 0;
}

/* Linux fib6_rule_match: from and to by prefix (a packet with no source
 * yet is from ::), iif only for a packet that arrived on it. */
static bool
rule_match(const struct v6_fib_rule *r, const struct v6_flow *fl)
{
	static const struct in6_addr unspec;

	if (r->iif && r->iif != fl->iif)
		return false;
	if (r->src_len && !prefix_has(&r->src, r->src_len,
		fl->src ? fl->src : &unspec))
		return false;
	return !r->dst_len || prefix_has(&r->dst, r->dst_len, fl->dst);
}

/* A table's route, unless it is a throw (Linux: -EAGAIN, the next rule). */
static const struct v6_fib_route *
table_answer(const struct v6_fib *f, int tslot, const struct in6_addr *dst,
    int *plen)
{
	const struct v6_fib_route *rt;

	if (tslot < 0)
		return NULL;
	rt = v6_fib_table_lookup(f, (unsigned)tslot, dst, plen);
	return rt && rt->type == V6_RTN_THROW ? NULL : rt;
}

const struct v6_fib_route *
v6_fib_lookup_flow(const struct v6_stack *s, const struct v6_flow *fl,
    int *plen, uint32_t *table)
{
	const struct v6_fib *f = &s->fib;
	const struct v6_fib_route *rt;

	if (!f->ready)
		return NULL;
	if (table)
		*table = V6_RT_TABLE_MAIN;
	if (f->rules_plain)
		return table_answer(f, V6_FIB_MAIN, fl->dst, plen);
	for (uint32_t i = 0; i < f->n_rules; i++) {
		const struct v6_fib_rule *r = &f->rules[i];
		if (!rule_match(r, fl))
			continue;
		switch (r->action) {
		case V6_RULE_BLACKHOLE:
			rt = &rule_blackhole;
			break;
		case V6_RULE_UNREACHABLE:
			return NULL;
		case V6_RULE_PROHIBIT:
			rt = &rule_prohibit;
			break;
		default:
			if (!(rt = table_answer(f, r->tslot, fl->dst, plen)))
				continue;
			if (table)
				*table = r->table;
			return rt;
		}
		if (plen)
			*plen = 0;
		return rt;
	}
	return NULL;
}

/* ---- public: ip -6 rule add, del, show ---- */

static int
rule_of(const struct v6_rule_spec *sp, struct v6_fib_rule *r, char *err,
    size_t errlen)
{
	memset(r, 0, sizeof(*r));
	if (sp->src_len > 128 || sp->dst_len > 128)
		return v6_fail(err, errlen, "Invalid prefix length");
	r->action = (uint8_t)(sp->action ? sp->action : V6_RULE_LOOKUP);
	switch (r->action) {
	case V6_RULE_LOOKUP:
	case V6_RULE_BLACKHOLE:
	case V6_RULE_UNREACHABLE:
	case V6_RULE_PROHIBIT:
		break;
	default:
		return v6_fail(err, errlen, "rule action %u not supported", sp->action);
	}
	r->table = r->action != V6_RULE_LOOKUP ? 0
	    : sp->table ? sp->table : V6_RT_TABLE_MAIN;
	/* Linux fib6_rule_configure keeps the addresses as given, host bits
	 * and all (shown so, compared whole by add and del; a match looks at
	 * the prefix only). */
	r->src_len = (uint8_t)sp->src_len;
	r->dst_len = (uint8_t)sp->dst_len;
	if (sp->src_len)
		r->src = sp->src;
	if (sp->dst_len)
		r->dst = sp->dst;
	r->iif = sp->iif;
	r->prio = sp->priority;
	return 0;
}

/* Linux rule_exists with fib6_rule_compare: the priority, action, table
 * and iif must be equal, from and to only when the new rule gives them
 * (a rule "from all" exists wherever one of its priority and table does). */
static bool
rule_exists(const struct v6_fib_rule *r, const struct v6_fib_rule *new)
{
	return r->prio == new->prio && r->action == new->action &&
	    r->table == new->table && r->iif == new->iif &&
	    (!new->src_len || (r->src_len == new->src_len &&
		!memcmp(&r->src, &new->src, sizeof(r->src)))) &&
	    (!new->dst_len || (r->dst_len == new->dst_len &&
		!memcmp(&r->dst, &new->dst, sizeof(r->dst))));
}

int
v6_rule_add(struct v6_stack *s, const struct v6_rule_spec *sp, char *err,
    size_t errlen)
{
	struct v6_fib *f = &s->fib;
	struct v6_fib_rule r;

	if (rule_of(sp, &r, err, errlen) < 0)
		return -1;
	/* Linux fib_default_rule_pref: no priority given, the second
	 * rule's less one (just before main with the defaults). */
	if (!sp->has_priority)
		r.prio = f->n_rules > 1 && f->rules[1].prio ? f->rules[1].prio - 1 : 0;
	for (uint32_t i = 0; i < f->n_rules; i++)
		if (rule_exists(&f->rules[i], &r))
			return v6_fail(err, errlen, "File exists");
	if (f->n_rules == V6_FIB_MAX_RULES)
		return v6_fail(err, errlen, "too many rules (%u)", V6_FIB_MAX_RULES);
	r.tslot = (int16_t)(r.action == V6_RULE_LOOKUP
	    ? v6_fib_table_slot(f, r.table) : -1);
	rule_insert(f, &r);
	v6_route_changed(s);
	return 0;
}

/* Linux fib_nl_delrule: each attribute given must match. */
static bool
del_matches(const struct v6_rule_spec *sp, const struct v6_fib_rule *want,
    const struct v6_fib_rule *r)
{
	return (!sp->has_priority || r->prio == want->prio) &&
	    (!sp->action || r->action == want->action) &&
	    (!sp->table || r->table == want->table) &&
	    (!sp->iif || r->iif == want->iif) &&
	    (!sp->src_len || (r->src_len == want->src_len &&
		!memcmp(&r->src, &want->src, sizeof(r->src)))) &&
	    (!sp->dst_len || (r->dst_len == want->dst_len &&
		!memcmp(&r->dst, &want->dst, sizeof(r->dst))));
}

int
v6_rule_del(struct v6_stack *s, const struct v6_rule_spec *sp, char *err,
    size_t errlen)
{
	struct v6_fib *f = &s->fib;
	struct v6_fib_rule want;

	if (rule_of(sp, &want, err, errlen) < 0)
		return -1;
	if (sp->table)
		want.table = sp->table;
	for (uint32_t i = 0; i < f->n_rules; i++) {
		if (!del_matches(sp, &want, &f->rules[i]))
			continue;
		memmove(&f->rules[i], &f->rules[i + 1],
		    (f->n_rules - i - 1) * sizeof(f->rules[0]));
		f->n_rules--;
		rules_changed(f);
		v6_route_changed(s);
		return 0;
	}
	return v6_fail(err, errlen, "No such file or directory");
}

void
v6_rule_foreach(const struct v6_stack *s,
    void (*cb)(void *ctx, const struct v6_rule_spec *spec), void *ctx)
{
	const struct v6_fib *f = &s->fib;

	for (uint32_t i = 0; f->ready && i < f->n_rules; i++) {
		const struct v6_fib_rule *r = &f->rules[i];
		struct v6_rule_spec sp = {
			.priority = r->prio, .has_priority = 1, .action = r->action,
			.table = r->table, .src = r->src, .dst = r->dst,
			.src_len = r->src_len, .dst_len = r->dst_len, .iif = r->iif,
		};
		cb(ctx, &sp);
	}
}
