/*
 * What the core's files share. Tests may include it; programs that embed
 * the stack use include/v6stack/v6stack.h only.
 *
 * All state hangs off struct v6_stack; every table is a fixed pool sized at
 * creation, with its bound, eviction rule and counter stated where it is
 * declared.
 */
#ifndef V6_CORE_INTERNAL_H
#define V6_CORE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "wire/wire.h"
#include "wire/ipv6.h"
#include "core/sysctl.h"

/* V6_MAX_IFACES, V6_MAX_ADDRS, V6_MAX_ACAST: the public header. */
#define V6_ACAST_SLOTS 512 /* stack-wide anycast hash, > 2 x ifaces x anycast */
/* Multicast groups per interface: all-nodes plus one solicited-node group
 * per address at most. Bound follows from V6_MAX_ADDRS and V6_MAX_ACAST. */
#define V6_MAX_GROUPS (V6_MAX_ADDRS + V6_MAX_ACAST + 4)
#define V6_GROUP_SLOTS 64 /* hash slots, a power of two > 2 x V6_MAX_GROUPS */
#define V6_ADDR_SLOTS 512 /* stack-wide address hash, > 2 x ifaces x addrs */

#define V6_ETH_HEADROOM 14
#define V6_TX_HEADROOM (14 + 40) /* Ethernet + IPv6 before the payload */
#define V6_FRAME_MAX (14 + 40 + 65535)

/* ---- counters (stats.c) ---- */
enum v6_snmp {
#define V6_SNMP(name) V6_SNMP_##name,
#include "core/snmp.def"
#undef V6_SNMP
	V6_SNMP__COUNT
};

struct v6_stats {
	uint64_t snmp[V6_SNMP__COUNT];
	uint64_t icmp_in_type[256];
	uint64_t icmp_out_type[256];
};

#define V6_STAT_INC(ifp, name) ((ifp)->stats.snmp[V6_SNMP_##name]++)
#define V6_STAT_ADD(ifp, name, n) ((ifp)->stats.snmp[V6_SNMP_##name] += (n))

/* ---- timers (timer.c): deadlines in a binary min-heap ---- */
enum v6_timer_kind {
	V6_TIMER_NEIGH,
	V6_TIMER_ADDR,
	V6_TIMER_NEIGH_GC, /* the neighbour cache's periodic collection */
	V6_TIMER_MLD,      /* MLD reports and query responses (mld.c) */
	V6_TIMER_ACAST,    /* delayed anycast NAs (anycast.c) */
	V6_TIMER_FRAG,     /* reassembly time-outs (frag.c) */
	V6_TIMER_RS,       /* router solicitations (rdisc.c) */
	V6_TIMER_ROUTE,    /* route and router lifetimes (route.c) */
};

struct v6_timer {
	v6_time_t when;
	int32_t slot; /* index in the heap, -1 when not armed */
	uint8_t kind; /* enum v6_timer_kind */
};

/* Bound: every timer there can be (see v6_stack_new); capacity fixed at
 * creation, never exceeded. */
struct v6_timerq {
	struct v6_timer **heap;
	uint32_t n, cap;
};

void v6_timer_init(struct v6_timer *t, enum v6_timer_kind kind);
void v6_timer_arm(struct v6_timerq *q, struct v6_timer *t, v6_time_t when);
void v6_timer_cancel(struct v6_timerq *q, struct v6_timer *t);
/* The earliest timer due at now (removed from the queue), or NULL. */
struct v6_timer *v6_timer_pop_due(struct v6_timerq *q, v6_time_t now);
v6_time_t v6_timer_next(const struct v6_timerq *q);

#define v6_container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

/* ---- addresses (addrconf.c) ---- */
/* TENTATIVE: DAD running, not usable (RFC 4862 5.4). OPTIMISTIC: DAD
 * running, usable (RFC 4429 2.1). PREFERRED, DEPRECATED: RFC 4862 5.5.4
 * (the preferred lifetime has run out; still usable, avoided for new
 * communication, RFC 6724 rule 3). */
#define V6_ADDR_STATES(X) \
	X(TENTATIVE) X(OPTIMISTIC) X(PREFERRED) X(DEPRECATED) X(DADFAILED)
enum v6_addr_state {
#define X(s) V6_ADDR_##s,
	V6_ADDR_STATES(X)
#undef X
};

struct v6_addr {
	struct in6_addr addr;
	struct v6_iface *iface;
	uint8_t plen;
	bool in_use;
	enum v6_addr_state state;
	struct v6_timer timer; /* DAD: next probe or completion; then the
				  next lifetime event */
	uint8_t dad_probes_left;
	bool dad_running;
	uint8_t nonce[6]; /* RFC 7527: nonce of our DAD probes */
	/* RFC 4862 5.5.3: an address formed from a Prefix Information
	 * option; its prefix is on-link only if the option said so (RFC
	 * 5942), so it does not count in v6_addr_onlink_plen. */
	bool autoconf;
	uint8_t dad_counter; /* RFC 7217 5: DAD_Counter of this address */
	v6_time_t preferred_until, valid_until; /* V6_TIME_NEVER: infinite */
};

/* An anycast address (anycast.c). */
struct v6_acast {
	struct in6_addr addr;
	struct v6_iface *iface;
	bool in_use;
};

/* A Neighbor Advertisement for an anycast target waiting for its random
 * delay (RFC 4861 7.2.7). Bound: V6_ACAST_NA_MAX and neigh.IFACE.proxy_qlen;
 * beyond, the solicitation is dropped (NDISC_ANYCAST_QUEUE_FULL). Kept
 * packed in acast_na[0, n_acast_na). */
#define V6_ACAST_NA_MAX 256
struct v6_acast_na {
	struct v6_iface *iface;
	struct in6_addr target, solicitor;
	bool has_solicitor;     /* false: the NS came from :: (to all-nodes) */
	v6_time_t when;
};

/* Is a usable as a source or destination (RFC 4862 5.4, RFC 4429 2.1)? */
static inline bool
v6_addr_usable(const struct v6_addr *a)
{
	return a->state == V6_ADDR_PREFERRED || a->state == V6_ADDR_DEPRECATED ||
	    a->state == V6_ADDR_OPTIMISTIC;
}

struct v6_group {
	struct in6_addr addr;
	uint32_t refs;
	/* MLD (mld.c) */
	struct v6_timer mld_timer; /* response to a Query (v1, or v2 for this group) */
	uint8_t mld_crcount;       /* state-change (join) transmissions left */
	bool mld_last_reporter;    /* MLDv1: ours was the last Report (RFC 2710 4) */
};

/* MLD host state of an interface (mld.c, RFC 3810 6, 8). Bound: the groups
 * (V6_MAX_GROUPS) and as many left groups still to be reported (tomb); a
 * leave that finds the tomb full reuses the entry with the fewest
 * transmissions left. */
struct v6_mld_iface {
	struct v6_timer ifc_timer; /* state-change reports: joins and leaves */
	struct v6_timer gq_timer;  /* the response to a General Query */
	v6_time_t v1_until;        /* Older Version Querier Present (RFC 3810 9.12) */
	uint8_t qrv;               /* Robustness Variable from a Query (0: mld_qrv) */
	uint32_t qi_s;             /* Query Interval from a Query (0: 125 s) */
	struct v6_mld_tomb {
		struct in6_addr addr;
		uint8_t crcount; /* CHANGE_TO_INCLUDE transmissions left (v1: Done) */
		bool v1_done;    /* MLDv1: ours was the last Report (RFC 2710 4) */
	} tomb[V6_MAX_GROUPS];
};
/* Timers per interface: one per group and the two above. */
#define V6_MLD_TIMERS_PER_IFACE (V6_MAX_GROUPS + 2)

/* ---- neighbours (neigh.c) ---- */
#define V6_NEIGH_STATES(X) \
	X(INCOMPLETE) X(REACHABLE) X(STALE) X(DELAY) X(PROBE) X(FAILED)
enum v6_neigh_state {
#define X(s) V6_NEIGH_##s,
	V6_NEIGH_STATES(X)
#undef X
};

#define V6_NIL UINT32_MAX

struct v6_neigh {
	struct in6_addr addr;
	struct v6_iface *iface;
	uint8_t mac[6];
	bool in_use;
	bool is_router;
	enum v6_neigh_state state; /* written only by neigh_enter() */
	uint8_t probes;            /* solicitations sent in this state */
	struct v6_timer timer;
	v6_time_t confirmed;       /* last reachability confirmation */
	v6_time_t used;            /* last packet sent to it (LRU order) */
	v6_time_t updated;         /* last state or lladdr change */
	uint32_t hash_next;        /* bucket chain */
	uint32_t lru_prev, lru_next; /* most recently used at the head */
	uint32_t q_head, q_tail, q_len; /* frames waiting for resolution */
};

/* ---- DNS configuration from RAs (rdisc.c, RFC 8106) ---- */
#define V6_DNS_MAX 4
#define V6_DNS_NAME_MAX 256
struct v6_rdnss {
	struct in6_addr addr;
	struct in6_addr router;
	v6_time_t expires; /* 0: free */
};
struct v6_dnssl {
	char name[V6_DNS_NAME_MAX];
	struct in6_addr router;
	v6_time_t expires; /* 0: free */
};

/* ---- routes (route.c) ----
 * The default router list (RFC 4861 5.1, 6.3.4; RFC 4191 preferences),
 * the routes (on-link prefixes from Prefix Information, RFC 4861 6.3.4;
 * Route Information, RFC 4191 3.1) and the destination cache (RFC 4861
 * 5.1, 5.2). Callers use v6_route_lookup() and the add/del calls only, so
 * the router issue can put a trie behind them.
 *
 * Bounds: V6_MAX_ROUTERS routers (a new one beyond is not added, counted
 * ROUTER_TABLE_FULL); V6_MAX_ROUTES routes (ROUTE_TABLE_FULL); the
 * destination cache is V6_DST_SETS x V6_DST_WAYS entries, set-associative
 * by destination (O(1) lookup); a miss evicts the set's least recently
 * used way. Entries carry the route generation they were computed at;
 * any change of routers, routes or addresses bumps it, which invalidates
 * them all at once (a Redirect writes its entry at the new generation). */
#define V6_MAX_ROUTERS 16
#define V6_MAX_ROUTES 64
#define V6_DST_SETS 256
#define V6_DST_WAYS 4

struct v6_router {
	struct in6_addr addr; /* link-local (RFC 4861 6.1.2) */
	struct v6_iface *iface;
	v6_time_t expires;
	int8_t pref; /* RFC 4191: +1 high, 0 medium, -1 low */
	bool used;
};

#define V6_ROUTE_SOURCES(X) X(PREFIX) X(RIO) X(KERNEL)
enum v6_route_source {
#define X(s) V6_RT_##s,
	V6_ROUTE_SOURCES(X)
#undef X
};

struct v6_route {
	struct in6_addr prefix;
	struct in6_addr gw; /* unspecified: on-link */
	struct v6_iface *iface;
	v6_time_t expires; /* V6_TIME_NEVER: no expiry */
	uint8_t plen;
	uint8_t source; /* enum v6_route_source */
	int8_t pref;
	bool used;
};

struct v6_dst {
	struct in6_addr dst, nexthop;
	struct v6_iface *iface; /* NULL: free */
	uint32_t gen;
	bool redirected;
	v6_time_t used;
};

/* ---- interfaces ---- */
struct v6_iface {
	struct v6_stack *stack;
	uint32_t index;
	char name[16];
	uint8_t mac[6];
	uint32_t link_mtu;
	bool up;
	struct v6_link_ops ops;
	void *link_ctx;

	struct v6_sysctl_conf conf;
	struct v6_sysctl_neigh neigh;
	/* RFC 4861 6.3.2: ReachableTime, BaseReachableTime randomised by a
	 * factor in [0.5, 1.5), recomputed when the base changes. */
	uint32_t reachable_time_ms;
	uint32_t reachable_base_ms; /* the base it was computed from */

	struct v6_addr addrs[V6_MAX_ADDRS];
	struct v6_acast acast[V6_MAX_ACAST];
	struct v6_group groups[V6_MAX_GROUPS];
	uint8_t group_slots[V6_GROUP_SLOTS]; /* index + 1 into groups, 0 free */
	/* RFC 2464 7: the 33:33:xx:xx:xx:xx MACs we accept, as the group
	 * addresses' low 32 bits, with a count of groups behind each. */
	uint32_t mac_filter_key[V6_GROUP_SLOTS];
	uint16_t mac_filter_refs[V6_GROUP_SLOTS];
	struct v6_mld_iface mld;

	/* Frames queued while resolving (RFC 4861 7.2.2). Bound: n_qslots
	 * slots of qslot_len bytes; per neighbour at most neigh.unres_qlen;
	 * when either is exhausted the oldest frame of that neighbour is
	 * dropped, counted as NEIGH_QUEUE_FULL. */
	uint8_t *qbuf;
	uint32_t *qlen;  /* bytes in each slot */
	uint32_t *qnext; /* chain: neighbour queue or free list */
	uint32_t qfree, n_qslots, qslot_len;

	/* RFC 4861 6.3.7: router solicitation. rs_interval_ns is the next
	 * interval (RFC 7559 backoff); ra_received stops soliciting. */
	struct v6_timer rs_timer;
	uint32_t rs_sent;
	v6_time_t rs_interval_ns;
	bool ra_received;

	/* RFC 7217: conf.IFACE.stable_secret (addr_gen_mode 2), or a random
	 * one drawn at creation (addr_gen_mode 3). */
	struct in6_addr stable_secret, random_secret;
	bool stable_secret_set;

	/* RFC 8106 5.3.1: DNS servers and search domains from RAs. Bound:
	 * V6_DNS_MAX each; when full the entry expiring first is replaced
	 * (counted as DNS_TABLE_FULL). Expired entries are skipped when
	 * read and reused. */
	struct v6_rdnss rdnss[V6_DNS_MAX];
	struct v6_dnssl dnssl[V6_DNS_MAX];

	struct v6_stats stats;
};

/* ---- ICMPv6 error rate limiting (icmpv6.c) ----
 * Per-destination token buckets, as Linux's inet_peer: a set-associative
 * cache of V6_RATE_SETS x V6_RATE_WAYS destinations. Bound: 1024 entries;
 * eviction: the least recently used way of the set. */
#define V6_RATE_SETS 256
#define V6_RATE_WAYS 4
struct v6_rate_peer {
	struct in6_addr addr;
	v6_time_t last;
	uint64_t tokens_ns;
	bool used;
};

/* ---- UDP endpoints (udp.c). Bound: V6_UDP_MAX_EPS bound ports. ---- */
#define V6_UDP_MAX_EPS 64
#define V6_UDP_SLOTS 128
struct v6_udp_ep {
	uint16_t port;
	bool used;
	v6_udp_rx_fn rx;
	v6_udp_err_fn err;
	void *ctx;
};

/* ---- the path MTU cache (pmtu.c) ---- */
#define V6_PMTU_SETS 64
#define V6_PMTU_WAYS 4
struct v6_pmtu {
	struct in6_addr dst;
	uint32_t mtu; /* 0: free */
	v6_time_t expires;
};

/* ---- reassembly (frag.c; RFC 8200 4.5) ----
 * Queues keyed by (source, destination, identification, and the interface
 * when the destination is link-local or multicast, as Linux's fq_find),
 * in a fixed pool of frag_queue_cap descriptors with a hash of twice as
 * many buckets. Fragment data lives in a fixed arena of V6_FRAG_CHUNK-byte
 * chunks; each fragment held is one record (offset, length, its chunks).
 * Memory is accounted per queue (descriptor, records, chunks) against
 * ip6frag_high_thresh: see frag.c for the eviction rule. Bound: the pools;
 * eviction: the oldest queue first (FRAG_EVICTED, Ip6ReasmFails). */
#define V6_FRAG_CHUNK 256
#define V6_FRAG_MAX_PER_QUEUE 256 /* fragments held per datagram */
struct v6_frag_rec {
	uint32_t next;  /* next fragment by offset, V6_NIL at the tail */
	uint32_t chunk; /* first chunk of its data */
	uint32_t off, len; /* bytes in the fragmentable part */
};
struct v6_fragq {
	struct in6_addr src, dst;
	uint32_t ident;
	uint32_t key_ifindex;   /* UINT32_MAX when the key has no interface */
	struct v6_iface *ifp;   /* where the latest fragment arrived */
	struct v6_timer timer;  /* ip6frag_time after the queue's creation */
	uint32_t hash_next;
	uint32_t age_prev, age_next; /* creation order, oldest at the head */
	uint32_t head, tail;    /* fragment records in offset order */
	uint32_t hdr_chunk;     /* first fragment's bytes up to and with its
				 * Fragment header, once it arrived */
	uint32_t hdr_len;       /* those bytes' count (the header at hdr_len - 8) */
	uint32_t nh_off;        /* first fragment: the field naming the Fragment header */
	uint32_t len;           /* end of the datagram's fragmentable part */
	uint32_t meat;          /* fragmentable bytes held */
	uint32_t mem;           /* bytes accounted to this queue */
	uint16_t n_frags;
	uint8_t ecn_seen;       /* RFC 3168 5.3: 1 << ECN codepoint of each fragment */
	bool in_use, first_in, last_in;
	bool l2_mcast;          /* the first fragment came as link-layer multicast */
};

/* ---- the stack ---- */
struct v6_stack {
	struct v6_stack_params params;
	uint64_t rng[4];

	struct v6_sysctl_glob glob;
	struct v6_sysctl_conf conf_default;
	struct v6_sysctl_neigh neigh_default;

	struct v6_iface *ifaces[V6_MAX_IFACES];
	uint32_t n_ifaces;

	/* Stack-wide index of unicast addresses: (iface, address). */
	struct v6_addr *addr_slots[V6_ADDR_SLOTS];
	/* Stack-wide index of anycast addresses, and the delayed NAs. */
	struct v6_acast *acast_slots[V6_ACAST_SLOTS];
	struct v6_acast_na acast_na[V6_ACAST_NA_MAX];
	uint32_t n_acast_na;
	struct v6_timer acast_timer; /* the earliest acast_na deadline */

	/* Neighbour cache. Bound: neigh_cap entries (params.neigh_max) and
	 * the sysctl neigh.default.gc_thresh3. Collection as Linux's: never
	 * below gc_thresh1; periodically, FAILED entries and STALE ones unused
	 * for gc_stale_time; at gc_thresh2 (at most every 5 s) and at
	 * gc_thresh3 a forced pass removes FAILED entries and those not
	 * updated for 5 s, down to gc_thresh2. Eviction: still at
	 * gc_thresh3, the least recently used entry that is not INCOMPLETE
	 * goes (counted: NdiscCacheEvictions); if none among the 32 oldest,
	 * the new one is refused (NEIGH_TABLE_FULL, NdiscCacheTableFulls). */
	struct v6_neigh *neigh;
	uint32_t neigh_cap, n_neigh, neigh_free;
	uint32_t *neigh_buckets;
	uint32_t neigh_bucket_mask;
	uint32_t lru_head, lru_tail;
	/* Linux's neigh_periodic_work and neigh_forced_gc (see neigh.c). */
	struct v6_timer neigh_gc_timer;
	v6_time_t neigh_last_forced_gc, neigh_last_rand;
	uint64_t n_neigh_allocs, n_neigh_destroys, n_neigh_periodic_gc,
	    n_neigh_forced_gc, n_neigh_table_fulls;

	struct v6_timerq timers;

	uint8_t *txbuf; /* V6_FRAME_MAX bytes: every frame is built here */

	/* ICMPv6 errors: icmp.ratemask as a bitmap of types, the global
	 * bucket (micro-messages), the per-destination buckets. */
	uint64_t icmp_ratemask[4];
	uint64_t icmp_global_credit_u;
	v6_time_t icmp_global_stamp;
	struct v6_rate_peer rate_peers[V6_RATE_SETS * V6_RATE_WAYS];

	struct v6_udp_ep udp_eps[V6_UDP_MAX_EPS];
	uint8_t udp_slots[V6_UDP_SLOTS]; /* index + 1 into udp_eps, 0 free */
	uint32_t n_udp_eps;

	v6_icmp6_listen_fn icmp_listener;
	void *icmp_listener_ctx;
	/* Our own Echo Requests' replies and errors (v6_icmp6_echo_listen). */
	v6_echo_reply_fn echo_reply_cb;
	v6_echo_err_fn echo_err_cb;
	void *echo_ctx;

	struct v6_pmtu pmtu[V6_PMTU_SETS * V6_PMTU_WAYS];
	uint8_t *fragbuf; /* V6_FRAME_MAX bytes: fragments are built here */

	/* Reassembly (frag.c). */
	struct v6_fragq *fragq;
	uint32_t frag_queue_cap, n_fragq, fragq_free;
	uint32_t *frag_buckets, frag_bucket_mask;
	uint64_t frag_hash_key[2];
	uint32_t frag_age_head, frag_age_tail;
	struct v6_frag_rec *frag_recs;
	uint32_t frag_rec_free;
	uint8_t *frag_arena;      /* frag_chunk_cap x V6_FRAG_CHUNK bytes */
	uint32_t *frag_chunk_next;
	uint32_t frag_chunk_cap, frag_chunk_free, n_frag_chunks;
	uint64_t frag_mem, frag_mem_peak; /* bytes accounted, and the most ever */
	uint8_t *reasmbuf; /* V6_FRAME_MAX bytes: reassembled datagrams */

	uint64_t drops[V6_DROP__COUNT];
	uint64_t n_neigh_evictions;

	/* route.c */
	struct v6_router routers[V6_MAX_ROUTERS];
	struct v6_route routes[V6_MAX_ROUTES];
	struct v6_dst dsts[V6_DST_SETS * V6_DST_WAYS];
	uint32_t route_gen;
	uint32_t rr_cursor; /* RFC 4861 6.3.6 round robin */
	struct v6_timer route_timer; /* earliest router or route expiry */

	/* conf.default.stable_secret (RFC 7217), copied by new interfaces. */
	struct in6_addr stable_secret_default;
	bool stable_secret_default_set;
};

/* stack.c */
int v6_fail(char *err, size_t errlen, const char *msg);
void v6_emit_event(struct v6_stack *s, const struct v6_event *ev);
/* Report a state change or a notable fact as an event (no formatting in
 * the core: the embedding program prints). */
void v6_note(struct v6_stack *s, const struct v6_iface *ifp,
    enum v6_event_kind kind, const struct in6_addr *addr, const char *state,
    const char *text);
uint64_t v6_rand64(struct v6_stack *s);
/* Count a drop: its reason, its SNMP counter, and an event. */
void v6_drop(struct v6_stack *s, struct v6_iface *ifp, enum v6_drop why,
    const uint8_t *frame, size_t len);

/* ipv6_in.c */
enum v6_drop v6_ip6_rx(struct v6_stack *s, struct v6_iface *ifp,
    const uint8_t *pkt, size_t len, const uint8_t *l2_src, bool l2_mcast,
    v6_time_t now);

/* ipv6_out.c: the payload is built at v6_tx_payload(s); v6_ip6_tx writes
 * the IPv6 and Ethernet headers in front of it, picks the next hop and
 * sends or queues it. */
static inline uint8_t *
v6_tx_payload(struct v6_stack *s)
{
	return s->txbuf + V6_TX_HEADROOM;
}
enum v6_drop v6_ip6_tx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip, v6_time_t now);
/* Send the packet at v6_tx_payload(s) to a known link-layer address. */
void v6_ip6_tx_lladdr(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip, const uint8_t mac[6]);
/* Send a complete frame (Ethernet header included) on ifp. */
void v6_link_send(struct v6_stack *s, struct v6_iface *ifp, uint8_t *frame,
    size_t len);

/* icmpv6.c */
struct v6_rx_info {
	struct v6_ip6_repr ip;
	bool fragmented;       /* reassembled, or an atomic fragment (RFC 6946) */
	const uint8_t *pkt;    /* the IPv6 header as received */
	size_t pkt_len;        /* its length, padding trimmed */
	const uint8_t *l2_src; /* the frame's source MAC */
	bool l2_mcast;         /* the frame was sent to a group MAC */
	bool dst_mcast;        /* the IPv6 destination is multicast */
	bool dst_anycast;      /* the IPv6 destination is one of our anycast addresses */
};
enum v6_drop v6_icmp6_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
/* Fill in the checksum of the ICMPv6 message at v6_tx_payload(s) and count
 * it (Icmp6OutMsgs, the type); v6_icmp6_tx also sends it. */
void v6_icmp6_finish(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_ip6_repr *ip);
enum v6_drop v6_icmp6_tx(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_ip6_repr *ip, v6_time_t now);

/*
 * Send an ICMPv6 error about the invoking packet pkt (its IPv6 header, len
 * bytes) received on ifp (RFC 4443 2.4; Linux icmp6_send). rx: how it
 * arrived (NULL for our own packets). allow_mcast: Packet Too Big, and
 * Parameter Problem code 2 for an option type whose high bits are 10
 * (RFC 4443 2.4 (e.2, e.3)). info: the MTU or the pointer.
 * Returns V6_DROP_NONE or why no error was sent (already counted).
 */
enum v6_drop v6_icmp6_error(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *pkt, size_t len,
    uint8_t type, uint8_t code, uint32_t info, bool allow_mcast,
    v6_time_t now);

/* Deliver a received (or looped-back) ICMPv6 error: Linux icmpv6_notify. */
enum v6_drop v6_icmp6_notify(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *from, const uint8_t *msg, size_t len,
    v6_time_t now);

/* exthdr.c: the Hop-by-Hop or Destination Options header at off of
 * rx->pkt (RFC 8200 4.2, 4.3, 4.6); *hlen its length. Returns V6_DROP_NONE
 * to go on, or why the packet was dropped (errors sent). */
enum v6_drop v6_exthdr_rx_opts(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, size_t off, bool hbh, size_t *hlen,
    v6_time_t now);
/* exthdr.c: the Routing header at off (RFC 8200 4.4, RFC 5095). */
enum v6_drop v6_exthdr_rx_routing(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, size_t off, size_t *hlen, v6_time_t now);

/* frag.c: where processing goes on after a Fragment header. */
struct v6_frag_out {
	const uint8_t *pkt; /* NULL: the fragment was queued (or dropped) */
	size_t len;
	uint8_t next;       /* the header after the Fragment header */
	size_t off, nh_off; /* where it starts; the field that names it */
};
/*
 * A Fragment header at fh_off of rx->pkt, named by the field at nh_off
 * (RFC 8200 4.5). Returns V6_DROP_NONE with out->pkt set to the packet to
 * go on with (the atomic fragment itself, or the reassembled datagram in
 * s->reasmbuf, valid until the next fragment), or out->pkt NULL when the
 * fragment was queued; otherwise why it was dropped (errors sent).
 */
enum v6_drop v6_frag_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, size_t fh_off, size_t nh_off,
    struct v6_frag_out *out, v6_time_t now);
int v6_frag_init(struct v6_stack *s, char *err, size_t errlen);
void v6_frag_free(struct v6_stack *s);
void v6_frag_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);

/* Count an ICMPv6 message we send: Icmp6OutMsgs, its type, its name. */
void v6_icmp6_count_out(struct v6_iface *ifp, uint8_t type);

/* mld.c: the MLD host (RFC 3810, RFC 2710 compatibility). */
void v6_mld_init(struct v6_iface *ifp);
/* g was joined (refs 0 -> 1) / is being left (refs 1 -> 0, still in
 * place): schedule the state-change report (RFC 3810 6.1), sent at the
 * next v6_poll. */
void v6_mld_on_join(struct v6_iface *ifp, struct v6_group *g);
void v6_mld_on_leave(struct v6_iface *ifp, struct v6_group *g);
/* The link-local address became usable: report every group again from it
 * (Linux ipv6_mc_dad_complete; reports sent before came from ::). */
void v6_mld_on_ll_ready(struct v6_iface *ifp);
enum v6_drop v6_mld_rx_query(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
/* Reports (v1, v2) and Done: what a host does with them. */
enum v6_drop v6_mld_rx_report(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
void v6_mld_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);

/* pmtu.c: the learned path MTU to dst, or 0. */
uint32_t v6_pmtu_get(struct v6_stack *s, const struct in6_addr *dst,
    v6_time_t now);
enum v6_drop v6_pmtu_on_too_big(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, uint32_t mtu, v6_time_t now);

/* udp.c */
enum v6_drop v6_udp_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *pkt, size_t off,
    v6_time_t now);
/* An ICMPv6 error quoting a datagram we sent (RFC 4443 2.4 (a)). */
enum v6_drop v6_udp_on_error(struct v6_stack *s, struct v6_iface *ifp,
    const uint8_t *inner, size_t inner_len, size_t udp_off, uint8_t type,
    uint8_t code, uint32_t info);

/* ndisc.c */
enum v6_drop v6_ndisc_rx_ns(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
enum v6_drop v6_ndisc_rx_na(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
/* RFC 4861 7.2.4: advertise target (ours) to solicitor, or to all-nodes
 * when NULL (the NS came from ::). override: the O flag (0 for anycast). */
void v6_ndisc_tx_na(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *target, const struct in6_addr *solicitor,
    bool override, v6_time_t now);
/* Send an NS for target. dst NULL: to target's solicited-node group.
 * src NULL: from :: (DAD), without SLLA. */
/* as v6_ndisc_tx_ns; RFC 4429 3.2: no SLLA from an optimistic source. */
void v6_ndisc_tx_ns(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const struct in6_addr *dst,
    const uint8_t *dst_mac, const struct in6_addr *target,
    const uint8_t *nonce, v6_time_t now);

/* neigh.c */
struct v6_neigh *v6_neigh_lookup(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr);
/* RFC 4861 7.2.3: an NS (or RS, RA, redirect) carried a source LLA. */
void v6_neigh_on_lladdr_hint(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr, const uint8_t mac[6], v6_time_t now);
/* RFC 4861 6.3.4, 8.3: mark addr's entry (if any) as a router. */
void v6_neigh_set_router(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr);
/* RFC 4861 7.2.5: an NA arrived for a target we have an entry for. */
enum v6_drop v6_neigh_on_advert(struct v6_stack *s, struct v6_neigh *n,
    const uint8_t *tlla, uint8_t flags, v6_time_t now);
/* Send frame (Ethernet header space included, ip header written) to the
 * on-link next hop, resolving it first if needed. n: its entry if the
 * caller looked it up, else NULL. */
enum v6_drop v6_neigh_output(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_neigh *n, const struct in6_addr *nexthop, uint8_t *frame,
    size_t len, v6_time_t now);
void v6_neigh_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);
/* The periodic collection (Linux neigh_periodic_work). */
void v6_neigh_on_gc_timer(struct v6_stack *s, v6_time_t now);
int v6_neigh_init(struct v6_stack *s, char *err, size_t errlen);
const char *v6_neigh_state_name(enum v6_neigh_state st);
uint32_t v6_neigh_reachable_ms(struct v6_stack *s, struct v6_iface *ifp);

/* route.c */
/*
 * RFC 4861 5.2: the next hop for dst sent on ifp: dst itself when on-link
 * (link-local, one of our prefixes, an on-link route), else the gateway of
 * the longest matching route, else a default router (6.3.6). Consults the
 * destination cache first. Returns V6_DROP_NONE with *nexthop set, or
 * V6_DROP_OUT_NO_ROUTE.
 */
enum v6_drop v6_route_lookup(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, struct in6_addr *nexthop, v6_time_t now);
/* The prefix length of the longest on-link prefix or route covering dst,
 * or -1 (a default router's route counts as 0 for the caller). */
int v6_route_match_plen(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst);
/* Add or refresh a router (lifetime_s > 0) or remove it (0). */
enum v6_drop v6_route_router_update(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr, uint32_t lifetime_s, int pref, v6_time_t now);
/* RFC 4861 7.2.5: a router stopped being one: off the default router list. */
void v6_route_router_gone(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr);
/* Add, refresh (lifetime_s > 0, 0xffffffff = infinite) or remove (0) a
 * route from source; gw NULL: on-link. */
enum v6_drop v6_route_update(struct v6_stack *s, struct v6_iface *ifp,
    enum v6_route_source source, const struct in6_addr *prefix,
    unsigned plen, const struct in6_addr *gw, int pref, uint32_t lifetime_s,
    v6_time_t now);
/* RFC 4861 8.3: from now on send to dst through nexthop. */
void v6_route_redirect(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *dst, const struct in6_addr *nexthop, v6_time_t now);
/* Something next hops depend on changed: drop every cached one. */
static inline void
v6_route_changed(struct v6_stack *s)
{
	s->route_gen++;
}
/* The neighbour at addr became unreachable: if it is a router, next hops
 * through it are recomputed (RFC 4861 6.3.6). */
void v6_route_on_neigh_unreachable(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *addr);
void v6_route_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);
bool v6_route_is_router(const struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *addr);

/* rdisc.c: Router Solicitation, Advertisement, Redirect (RFC 4861 6, 8) */
enum v6_drop v6_rdisc_rx_rs(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
enum v6_drop v6_rdisc_rx_ra(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
enum v6_drop v6_rdisc_rx_redirect(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
/* Start soliciting (RFC 4861 6.3.7): after a random delay in
 * [0, router_solicitation_delay) when random_delay, else at once. */
void v6_rdisc_start(struct v6_stack *s, struct v6_iface *ifp, bool random_delay,
    v6_time_t now);
void v6_rdisc_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);
/* Linux ipv6_accept_ra: accept_ra 2, or 1 when not forwarding. */
static inline bool
v6_rdisc_accept_ra(const struct v6_iface *ifp)
{
	return ifp->conf.accept_ra == 2 ||
	    (ifp->conf.accept_ra == 1 && !ifp->conf.forwarding);
}

/* addrconf.c */
/* RFC 4862 5.5.3: a Prefix Information option with A=1 (already
 * validated: not link-local, preferred <= valid). */
enum v6_drop v6_addrconf_prefix_rcv(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *prefix, unsigned plen, uint32_t valid_s,
    uint32_t preferred_s, v6_time_t now);
/* RFC 7217 5: the interface identifier of prefix (a /64) for ifp. */
void v6_addrconf_stable_iid(const struct v6_iface *ifp,
    const struct in6_addr *prefix, uint8_t dad_counter, uint8_t iid[8]);
/* SHA-1 compression of one 64-byte block into h (FIPS 180-4 6.1.2), as
 * Linux's sha1_transform, which RFC 7217 addresses are computed with. */
void v6_sha1_block(uint32_t h[5], const uint8_t block[64]);
struct v6_addr *v6_addr_lookup(struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *a);
bool v6_group_joined(const struct v6_iface *ifp, const struct in6_addr *g);
bool v6_mac_filter_match(const struct v6_iface *ifp, const uint8_t *mac);
void v6_group_join(struct v6_iface *ifp, const struct in6_addr *g);
void v6_group_leave(struct v6_iface *ifp, const struct in6_addr *g);
/* RFC 6724 (simplified): a source address on ifp for dst, or NULL. */
const struct v6_addr *v6_saddr_select(const struct v6_iface *ifp,
    const struct in6_addr *dst);
/* Is dst on-link on ifp (link-local, or inside one of our prefixes)? */
bool v6_addr_onlink(const struct v6_iface *ifp, const struct in6_addr *dst);
/* The longest on-link prefix covering dst (64 for link-local), or -1. */
int v6_addr_onlink_plen(const struct v6_iface *ifp, const struct in6_addr *dst);
void v6_addr_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);
/* RFC 4862 5.4.3, 5.4.4: DAD saw another node using a tentative address. */
void v6_addr_dad_failed(struct v6_stack *s, struct v6_addr *a, const char *why,
    v6_time_t now);
const char *v6_addr_state_name(enum v6_addr_state st);

/* anycast.c */
const struct v6_acast *v6_acast_lookup(const struct v6_stack *s,
    const struct v6_iface *ifp, const struct in6_addr *a);
/* RFC 4861 7.2.7: send the NA for an anycast target after a random delay. */
void v6_acast_na_schedule(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *target, const struct in6_addr *solicitor,
    v6_time_t now);
void v6_acast_on_timer(struct v6_stack *s, v6_time_t now);

#endif
