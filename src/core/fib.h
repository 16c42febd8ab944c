/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The forwarding tables (fib.c) and the rules that choose among them
 * (fib_rule.c): the routes a program configures (v6_route_add, `ip -6
 * route add` semantics) in numbered tables, our addresses' prefix routes
 * (proto kernel, metric 256, as Linux's addrconf_prefix_route) in main,
 * each table looked up by longest prefix through a trie of lpm.h (one
 * pool for all). A trie maps a prefix to the first of its routes; the
 * routes of one prefix are a list ordered by metric (the lowest wins, as
 * Linux's fib6 leaf order), so a prefix can have a kernel route on each
 * interface (fe80::/64) and user routes of other metrics. The rules are
 * an array in priority order (`ip -6 rule`); with only Linux's two
 * default rules a lookup goes straight to main.
 *
 * Bound: V6_FIB_MAX_ROUTES routes (an add beyond fails, "table full"),
 * V6_FIB_MAX_TABLES tables, V6_FIB_MAX_RULES rules, and V6_FIB_LPM_MEM
 * bytes of tries (an add beyond fails as ENOMEM). The route array grows by
 * doubling on adds (the control path), never on the packet path; nothing
 * is evicted (Linux refuses a route it has no memory for).
 *
 * GAP(issue 11): a change still invalidates the whole destination cache
 * (route.c's generation); no ECMP (a second route with the same prefix and
 * metric is EEXIST); rules match from, to, iif and priority only (no
 * fwmark, oif, not, sport/dport, suppress_prefixlength).
 */
#ifndef V6_CORE_FIB_H
#define V6_CORE_FIB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/lpm.h"
#include "wire/wire.h"

#define V6_FIB_MAX_ROUTES (1u << 22)
#define V6_FIB_LPM_MEM ((size_t)256 << 20)
#define V6_FIB_MAX_TABLES 64
#define V6_FIB_MAX_RULES 1024
#define V6_FIB_MAIN 0 /* tables[0] is main, always there */

struct v6_fib_route {
	struct in6_addr dst;
	struct in6_addr gw; /* has_gw */
	struct v6_iface *dev; /* NULL for blackhole, unreachable, prohibit */
	uint32_t metric;
	uint32_t mtu;  /* 0: the interface's */
	uint32_t next;  /* the prefix's next route by metric, or the free list; V6_NIL */
	uint32_t knext; /* the next kernel route (proto kernel list); V6_NIL */
	uint8_t dst_len;
	uint8_t tslot;    /* its table: fib->tables[tslot] */
	uint8_t type;     /* enum v6_rt_type */
	uint8_t protocol; /* V6_RTPROT_* */
	bool has_gw;
	bool used;
	bool stale; /* a kernel route during v6_fib_addrs_changed */
};

struct v6_fib_table {
	uint32_t id;       /* V6_RT_TABLE_MAIN, or the user's number */
	struct v6_lpm lpm; /* prefix -> index of its first route */
};

struct v6_fib_rule {
	struct in6_addr src, dst;
	const struct v6_iface *iif; /* NULL: any */
	uint32_t prio;
	uint32_t table;  /* V6_RULE_LOOKUP's */
	int16_t tslot;   /* that table's slot, -1 while it has none */
	uint8_t action;  /* enum v6_rule_action */
	uint8_t src_len, dst_len;
};

/* struct v6_stack's member fib, written only by fib.c and fib_rule.c. */
struct v6_fib {
	struct v6_lpm_pool pool;
	struct v6_fib_table tables[V6_FIB_MAX_TABLES];
	uint32_t n_tables;
	struct v6_fib_rule *rules; /* V6_FIB_MAX_RULES, by priority */
	uint32_t n_rules;
	bool rules_plain; /* just Linux's defaults: lookups go to main */
	struct v6_fib_route *routes;
	uint32_t cap, top, n_used; /* slots allocated, handed out, live */
	uint32_t free_head;
	uint32_t kernel_head; /* list of the proto kernel routes */
	/* The proto kernel route each address slot brought (index by
	 * interface x V6_MAX_ADDRS + slot; V6_NIL), a hint that spares
	 * v6_fib_addrs_changed the walk of a prefix's chain, which is as long
	 * as the interfaces sharing the prefix (1000 virtual hosts). */
	uint32_t *kernel_hint;
	bool ready;
};

int v6_fib_init(struct v6_stack *s, char *err, size_t errlen);
void v6_fib_free(struct v6_stack *s);

/* What a lookup knows of the packet (Linux's flowi6): src NULL for ::,
 * iif NULL for a packet we send. */
struct v6_flow {
	const struct in6_addr *dst, *src;
	const struct v6_iface *iif;
};

/* The route a packet takes, through the rules (Linux fib6_rule_lookup):
 * in a table, the first route by metric of the longest matching prefix
 * whose interface is up (reject types have none); a rule's own verdict is
 * a route of its type (no prefix: *plen 0); NULL when there is none (a
 * throw with nothing after it included). *plen (may be NULL) receives the
 * prefix's length, *table (may be NULL) the table's number. */
const struct v6_fib_route *v6_fib_lookup_flow(const struct v6_stack *s,
    const struct v6_flow *fl, int *plen, uint32_t *table);
/* The same for a packet we send to dst from a source not chosen yet. */
const struct v6_fib_route *v6_fib_lookup(const struct v6_stack *s,
    const struct in6_addr *dst, int *plen);
/* One table's answer (fib.c, for fib_rule.c): NULL for none. */
const struct v6_fib_route *v6_fib_table_lookup(const struct v6_fib *f,
    unsigned tslot, const struct in6_addr *dst, int *plen);
/* The slot of table id, -1 when it has none (fib.c). */
int v6_fib_table_slot(const struct v6_fib *f, uint32_t id);

/* The rules (fib_rule.c): Linux's defaults at init; a new table's slot
 * given to the rules that name it. */
int v6_fib_rules_init(struct v6_fib *f);
void v6_fib_rules_table_added(struct v6_fib *f, uint32_t id, unsigned tslot);

/* Our addresses changed: the kernel prefix routes follow them (one per
 * interface and prefix of an address we hold, failed DAD or not, as
 * Linux adds it with the address), and next hops are recomputed. */
void v6_fib_addrs_changed(struct v6_stack *s);

#endif
