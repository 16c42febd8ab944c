/*
 * The forwarding table (fib.c): the routes a program configures
 * (v6_route_add, `ip -6 route add` semantics) and our addresses' prefix
 * routes (proto kernel, metric 256, as Linux's addrconf_prefix_route),
 * in Linux's main table, looked up by longest prefix through the trie of
 * lpm.h. The trie maps a prefix to the first of its routes; the routes of
 * one prefix are a list ordered by metric (the lowest wins, as Linux's
 * fib6 leaf order), so a prefix can have a kernel route on each interface
 * (fe80::/64) and user routes of other metrics.
 *
 * Bound: V6_FIB_MAX_ROUTES routes (an add beyond fails, "table full",
 * counted ROUTE_TABLE_FULL) and V6_FIB_LPM_MEM bytes of trie (an add
 * beyond fails as ENOMEM). The route array grows by doubling on adds (the
 * control path), never on the packet path; nothing is evicted (Linux
 * refuses a route it has no memory for).
 *
 * GAP(issue 11): one table (no `table N`, no rules, no throw); a change
 * still invalidates the whole destination cache (route.c's generation);
 * no ECMP (a second route with the same prefix and metric is EEXIST).
 */
#ifndef V6_CORE_FIB_H
#define V6_CORE_FIB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/lpm.h"
#include "wire/wire.h"

#define V6_FIB_MAX_ROUTES (1u << 22)
#define V6_FIB_LPM_MEM ((size_t)256 << 20)

struct v6_fib_route {
	struct in6_addr dst;
	struct in6_addr gw; /* has_gw */
	struct v6_iface *dev; /* NULL for blackhole, unreachable, prohibit */
	uint32_t metric;
	uint32_t mtu;  /* 0: the interface's */
	uint32_t next;  /* the prefix's next route by metric, or the free list; V6_NIL */
	uint32_t knext; /* the next kernel route (proto kernel list); V6_NIL */
	uint8_t dst_len;
	uint8_t type;     /* enum v6_rt_type */
	uint8_t protocol; /* V6_RTPROT_* */
	bool has_gw;
	bool used;
	bool stale; /* a kernel route during v6_fib_addrs_changed */
};

/* struct v6_stack's member fib, written only by fib.c. */
struct v6_fib {
	struct v6_lpm_pool pool;
	struct v6_lpm main; /* prefix -> index of its first route */
	struct v6_fib_route *routes;
	uint32_t cap, top, n_used; /* slots allocated, handed out, live */
	uint32_t free_head;
	uint32_t kernel_head; /* list of the proto kernel routes */
	bool ready;
};

int v6_fib_init(struct v6_stack *s, char *err, size_t errlen);
void v6_fib_free(struct v6_stack *s);

/* The route a packet to dst takes: the first route, by metric, of the
 * longest matching prefix whose interface is up (reject types have none);
 * NULL when there is none. *plen receives the prefix's length. */
const struct v6_fib_route *v6_fib_lookup(const struct v6_stack *s,
    const struct in6_addr *dst, int *plen);

/* Our addresses changed: the kernel prefix routes follow them (one per
 * interface and prefix of an address we hold, failed DAD or not, as
 * Linux adds it with the address), and next hops are recomputed. */
void v6_fib_addrs_changed(struct v6_stack *s);

#endif
