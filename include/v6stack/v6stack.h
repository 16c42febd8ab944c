/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack: a userspace IPv6 node, sans-I/O.
 *
 * The core never reads a clock, never makes a syscall and never prints. The
 * program that embeds it:
 *   - creates a stack (v6_stack_new) and interfaces (v6_iface_add), each
 *     with a transmit callback;
 *   - hands every received Ethernet frame to v6_input() with the current
 *     time;
 *   - calls v6_poll() when the deadline it last returned is reached, and
 *     after v6_input() and the other calls, which may arm an earlier one
 *     (a state change such as an MLD report is due at once).
 * Frames leave only through the interface's tx callback, synchronously,
 * from inside v6_input(), v6_poll() or a call that sends (v6_udp_send,
 * v6_udp_send_connected, v6_icmp6_echo_send, v6_addr_add, ...).
 *
 * Two ways to run it:
 *   - in the caller's event loop: the program owns its file descriptors
 *     (a TAP, an AF_PACKET socket, a DPDK port, a test's fake link) and
 *     polls them with the stack's next deadline as the timeout
 *     (v6_next_deadline() after any call, or what v6_poll() returned);
 *     when one is readable it hands the frames to v6_input(), then calls
 *     v6_poll(). The core keeps no descriptor: it is sans-I/O.
 *   - the stack's own loop: examples/loop.[ch] is that loop for a TAP or
 *     an existing interface (open, its descriptor, drain into v6_input,
 *     run until a condition), about 350 lines to copy; it is not in the
 *     library, which stays free of system calls (see ARCHITECTURE.md).
 *
 * Time is monotonic nanoseconds (v6_time_t), chosen by the caller: any
 * origin (0 is fine), never going backwards, and at most V6_TIME_MAX
 * (2^62 ns, 146 years); a later value is taken as V6_TIME_MAX, so that
 * no deadline the stack computes (now plus a lifetime of up to 2^32 s)
 * can overflow.
 */
#ifndef V6STACK_V6STACK_H
#define V6STACK_V6STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h> /* struct in6_addr only */

#include "v6stack/drop.h"
#include "v6stack/version.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef uint64_t v6_time_t; /* monotonic nanoseconds */
#define V6_TIME_NEVER UINT64_MAX
#define V6_TIME_MAX (1ull << 62) /* the latest valid now */
#define V6_NS_PER_MS 1000000ull
#define V6_NS_PER_S 1000000000ull

/* Limits of one stack: v6_iface_add (beyond params.ifaces_max, by default
 * V6_MAX_IFACES), v6_addr_add, v6_anycast_add, v6_udp_bind and
 * v6_icmp6_echo_send refuse beyond them. Programs size their own tables
 * and check their options with these. */
#define V6_MAX_IFACES 256 /* interfaces by default (params.ifaces_max) */
#define V6_MAX_IFACES_LIMIT 65536 /* the most params.ifaces_max takes */
#define V6_MAX_ADDRS 16 /* unicast addresses per interface */
#define V6_MAX_ACAST 8  /* anycast addresses per interface */
#define V6_IFNAME_MAX 15 /* characters in an interface name (IFNAMSIZ - 1) */
#define V6_MAX_UDP_BINDS 64 /* ports bound with v6_udp_bind */
/* Data bytes in one Echo Request: 65535 less the echo header (8) and 8. */
#define V6_ECHO_DATA_MAX (65535 - 8 - 8)

struct v6_stack;
struct v6_iface;

/*
 * How frames leave an interface. tx() is called synchronously; the frame is
 * valid only during the call (the callee copies it or sends it at once).
 */
struct v6_link_ops {
	void (*tx)(void *ctx, const uint8_t *frame, size_t len);
};

/* What an event reports. */
enum v6_event_kind {
	V6_EV_DROP,        /* a frame was dropped: reason, frame */
	V6_EV_TX,          /* a frame was sent: frame */
	V6_EV_NEIGH_STATE, /* a neighbour changed state: addr, state */
	V6_EV_ADDR_STATE,  /* an address changed state: addr, state */
	V6_EV_LOG,         /* a human-readable message: text */
	V6_EV_ROUTER,      /* default router ADDED/REMOVED: addr, state, text */
	V6_EV_ROUTE,       /* route ADDED/REMOVED (addr: prefix), or a
			      destination REDIRECTED (addr: destination) */
};

struct v6_event {
	enum v6_event_kind kind;
	int reason;                   /* enum v6_drop, for V6_EV_DROP */
	const struct v6_iface *iface; /* may be NULL */
	const uint8_t *frame;         /* V6_EV_DROP, V6_EV_TX */
	size_t len;
	/* V6_EV_DROP: frame starts at the IPv6 header, not at Ethernet (a
	 * packet within the received frame, a reassembled datagram, or one
	 * of ours dropped before it was framed: resolution queue). */
	bool ip6;
	const struct in6_addr *addr; /* V6_EV_NEIGH_STATE, V6_EV_ADDR_STATE */
	const char *state;           /* state name */
	const char *text;            /* V6_EV_LOG */
};

/* Creation parameters. Zero means the documented default. */
struct v6_stack_params {
	/* All randomness (DAD nonces and delays, reachable-time jitter,
	 * RS and MLD delays, fragment identifications) derives from seed,
	 * 0 included: the same seed, frames and times give the same bytes
	 * out (0 is as deterministic as any other value, for tests). A
	 * program on a real link seeds it from getrandom(2), so that two
	 * stacks there never draw the same DAD nonces or delays. */
	uint64_t seed;
	size_t neigh_max;    /* neighbour entries (default 1024, gc_thresh3) */
	size_t neigh_queue_max; /* frames queued for resolution, all entries (256) */
	size_t frag_queues_max; /* reassembly queues (default 16384) */
	size_t frag_mem_max;    /* reassembly data arena in bytes (default 4 MiB) */
	/* Interfaces (default V6_MAX_IFACES, at most V6_MAX_IFACES_LIMIT):
	 * the stack-wide address hashes are sized by it at creation, about
	 * 1 KiB per interface (examples/vhosts.c: 1000 hosts, one stack). */
	size_t ifaces_max;
	/* Observation hook: drops, sent frames, state changes. Optional. */
	void (*event)(void *ctx, const struct v6_event *ev);
	void *event_ctx;
};

/*
 * Create a stack. Returns 0, or -1 with a message in err.
 * The stack owns all its memory; nothing is allocated after creation
 * except by v6_iface_add.
 */
int v6_stack_new(const struct v6_stack_params *params, struct v6_stack **out,
    char *err, size_t errlen);
void v6_stack_free(struct v6_stack *stack);

/*
 * Add an interface: name (up to 15 characters), its MAC, link MTU, the link
 * ops and their context. The interface takes a copy of conf.default and
 * neigh.default. Nothing is sent until v6_iface_up().
 * Returns 0, or -1 with a message in err.
 */
int v6_iface_add(struct v6_stack *stack, const char *name,
    const uint8_t mac[6], uint32_t mtu, const struct v6_link_ops *ops,
    void *link_ctx, struct v6_iface **out, char *err, size_t errlen);

/*
 * Bring an interface up: form its link-local address (modified EUI-64 of
 * the MAC unless conf.IFACE.addr_gen_mode=1) and start using its addresses.
 */
int v6_iface_up(struct v6_iface *iface, v6_time_t now, char *err,
    size_t errlen);

/*
 * The link went down (carrier lost, the device set down): nothing is
 * received or sent on the interface until v6_iface_up() is called again,
 * when it comes back. Its addresses stay, and go through DAD again at
 * that v6_iface_up() (RFC 4862 5.4; Linux addrconf_dad_run on NETDEV_UP).
 */
void v6_iface_down(struct v6_iface *iface, v6_time_t now);

struct v6_iface *v6_iface_by_name(struct v6_stack *stack, const char *name);
const char *v6_iface_name(const struct v6_iface *iface);
void v6_iface_mac(const struct v6_iface *iface, uint8_t mac[6]);

/* Add a unicast address with its prefix length (RFC 4291). */
int v6_addr_add(struct v6_iface *iface, const struct in6_addr *addr,
    unsigned plen, v6_time_t now, char *err, size_t errlen);

/*
 * Remove the address with that prefix length (`ip -6 addr del ADDR/PLEN`),
 * at run time like v6_addr_add: its solicited-node group is left (an MLD
 * report follows), its prefix route goes, datagrams to it are no longer
 * ours. Any address can go, the link-local included. Returns 0, or -1 with
 * "Cannot assign requested address" in err when iface has no such address.
 */
int v6_addr_del(struct v6_iface *iface, const struct in6_addr *addr,
    unsigned plen, char *err, size_t errlen);

/* Visit the addresses of an interface. */
void v6_addr_foreach(const struct v6_iface *iface,
    void (*cb)(void *ctx, const struct in6_addr *addr, unsigned plen,
	const char *state),
    void *ctx);

/* An address with its lifetimes (RFC 4862 5.5.4), for display. */
struct v6_addr_info {
	const struct in6_addr *addr;
	unsigned plen;
	const char *state;      /* TENTATIVE OPTIMISTIC PREFERRED DEPRECATED DADFAILED */
	int autoconf;           /* formed from a Router Advertisement's prefix */
	uint64_t valid_ms;      /* remaining; UINT64_MAX: forever */
	uint64_t preferred_ms;  /* remaining; UINT64_MAX: forever */
};
void v6_addr_info_foreach(const struct v6_iface *iface, v6_time_t now,
    void (*cb)(void *ctx, const struct v6_addr_info *info), void *ctx);

/*
 * What Router Advertisements taught the stack (RFC 4861 6.3.4, RFC 4191,
 * RFC 8106), for display. Remaining lifetimes in ms (UINT64_MAX: forever).
 * pref: RFC 4191 preference +1 high, 0 medium, -1 low.
 */
void v6_router_foreach(const struct v6_stack *stack, v6_time_t now,
    void (*cb)(void *ctx, const struct v6_iface *iface,
	const struct in6_addr *addr, int pref, uint64_t expires_ms),
    void *ctx);
/* Routes: on-link prefixes ("PREFIX", gw NULL) and Route Information
 * ("RIO", through gw). */
void v6_route_foreach(const struct v6_stack *stack, v6_time_t now,
    void (*cb)(void *ctx, const struct v6_iface *iface,
	const struct in6_addr *prefix, unsigned plen,
	const struct in6_addr *gw, const char *source, int pref,
	uint64_t expires_ms),
    void *ctx);
/* DNS servers (RDNSS) and search domains (DNSSL) still valid at now. */
void v6_dns_foreach(const struct v6_stack *stack, v6_time_t now,
    void (*server)(void *ctx, const struct v6_iface *iface,
	const struct in6_addr *addr, uint64_t expires_ms),
    void (*domain)(void *ctx, const struct v6_iface *iface, const char *name,
	uint64_t expires_ms),
    void *ctx);
/* The next hop for dst on iface (RFC 4861 5.2: dst itself when on-link,
 * else a router). Returns 0, or -1 when there is no route. */
int v6_route_get(struct v6_stack *stack, struct v6_iface *iface,
    const struct in6_addr *dst, struct in6_addr *nexthop, v6_time_t now);

/*
 * Routes a program configures (`ip -6 route add` semantics, Linux's route
 * types) in numbered tables (main by default), chosen per packet by rules
 * (`ip -6 rule` semantics), beside what Router Advertisements teach. Our
 * addresses' prefixes are in main as proto kernel routes. Forwarding
 * (conf.all.forwarding=1) and the host's own output both use them; in a
 * table the longest prefix wins, then the lowest metric.
 */
enum v6_rt_type {
	V6_RTN_UNICAST = 1,     /* to gw, or on-link on dev */
	V6_RTN_BLACKHOLE = 6,   /* dropped silently (counted) */
	V6_RTN_UNREACHABLE = 7, /* Destination Unreachable code 0 (no route) */
	V6_RTN_PROHIBIT = 8,    /* Destination Unreachable code 1 */
	V6_RTN_THROW = 9,       /* the lookup goes on with the next rule */
};
/* Route protocols, Linux's RTPROT_* numbers (`ip -6 route` "proto"). */
#define V6_RTPROT_KERNEL 2
#define V6_RTPROT_BOOT 3 /* ip route add's default */
#define V6_RTPROT_STATIC 4
#define V6_RTPROT_RA 9
#define V6_RT_METRIC_USER 1024   /* Linux IP6_RT_PRIO_USER: ip route add's default */
#define V6_RT_METRIC_KERNEL 256  /* Linux IP6_RT_PRIO_ADDRCONF: prefix routes */
/* Tables, Linux's numbers: 1..252 and above 255 are the user's. */
#define V6_RT_TABLE_UNSPEC 0   /* in a dump: every table */
#define V6_RT_TABLE_DEFAULT 253
#define V6_RT_TABLE_MAIN 254
#define V6_RT_TABLE_LOCAL 255  /* our addresses: implicit, never written */

struct v6_route_spec {
	struct in6_addr dst; /* bits past dst_len are ignored */
	unsigned dst_len;    /* 0..128 */
	unsigned type;       /* enum v6_rt_type; 0 means unicast */
	unsigned protocol;   /* V6_RTPROT_*; 0 means boot */
	uint32_t metric;     /* 0 means V6_RT_METRIC_USER */
	int has_gw;          /* unicast only: through gw ... */
	struct in6_addr gw;
	struct v6_iface *dev; /* ... on dev; NULL: the interface whose on-link
				 prefix covers gw (a link-local gw needs dev) */
	uint32_t mtu;         /* 0: the interface's */
	uint32_t table;       /* 0 means main; V6_RT_TABLE_LOCAL is refused */
	/* What a listing adds (ignored by add and del): */
	uint32_t expires_s;   /* seconds left, 0: no expiry */
	int pref;             /* RFC 4191: 1 high, 0 medium, -1 low */
	unsigned hoplimit;    /* the hoplimit metric, 0: none */
};

/*
 * Add a route (replace: an existing route with the same prefix and metric
 * in its table is replaced, else the add fails as Linux's EEXIST). Returns
 * 0, or -1 with a message in err ("File exists", no such device, bad
 * gateway, table full). v6_route_del removes the first route of that
 * prefix in the table whose given attributes (gw when has_gw, dev, metric
 * and protocol when not 0; never the type, as Linux) match, -1 with "No
 * such process" when there is none.
 */
int v6_route_add(struct v6_stack *stack, const struct v6_route_spec *spec,
    int replace, char *err, size_t errlen);
int v6_route_del(struct v6_stack *stack, const struct v6_route_spec *spec,
    char *err, size_t errlen);
/* The routes of table (V6_RT_TABLE_UNSPEC: of every table, main first),
 * in the order `ip -6 route show` lists them. */
void v6_route_spec_foreach(const struct v6_stack *stack, uint32_t table,
    void (*cb)(void *ctx, const struct v6_route_spec *spec), void *ctx);
/* What Router Advertisements taught, as the routes Linux keeps for it in
 * main: on-link prefixes (proto kernel, metric 256), Route Information
 * and default routers (proto ra, metric 1024; the default route's
 * hoplimit the RA's Cur Hop Limit), with their expiry, in no order
 * (v6_route_spec_foreach does not list them: a listing merges them). */
void v6_route_ra_spec_foreach(const struct v6_stack *stack, v6_time_t now,
    void (*cb)(void *ctx, const struct v6_route_spec *spec), void *ctx);

/*
 * Rules, as `ip -6 rule`: tried by priority, lowest first; the first that
 * matches (from src/src_len, to dst/dst_len, iif) and gives an answer
 * decides: a lookup in its table answers unless the table has no route or
 * a throw route for the destination; blackhole, unreachable and prohibit
 * rules answer as routes of those types. Linux's defaults: 0 lookup local,
 * 32766 lookup main.
 */
enum v6_rule_action {
	V6_RULE_LOOKUP = 1,       /* Linux FR_ACT_TO_TBL */
	V6_RULE_BLACKHOLE = 6,
	V6_RULE_UNREACHABLE = 7,
	V6_RULE_PROHIBIT = 8,
};
struct v6_rule_spec {
	uint32_t priority;
	int has_priority;   /* add: 0 picks Linux's (the second rule's - 1) */
	unsigned action;    /* enum v6_rule_action; 0: lookup (add), any (del) */
	uint32_t table;     /* lookup's table; 0: main (add), any (del) */
	struct in6_addr src, dst; /* kept whole, as Linux; matched by prefix */
	unsigned src_len, dst_len; /* 0: from all, to all */
	const struct v6_iface *iif; /* NULL: any incoming interface */
};
/* Add (EEXIST "File exists" when a rule of that priority, action, table
 * and iif exists whose from and to are the new rule's where it gives
 * them, as Linux), del (the first rule matching every attribute given;
 * ENOENT "No such file or directory"). Returns 0 or -1 with the message in
 * err. An unreachable rule answers as no route at all (Linux's null
 * entry: "Network is unreachable"). */
int v6_rule_add(struct v6_stack *stack, const struct v6_rule_spec *spec,
    char *err, size_t errlen);
int v6_rule_del(struct v6_stack *stack, const struct v6_rule_spec *spec,
    char *err, size_t errlen);
/* Every rule, in priority order, as `ip -6 rule show` lists them. */
void v6_rule_foreach(const struct v6_stack *stack,
    void (*cb)(void *ctx, const struct v6_rule_spec *spec), void *ctx);

/* What a packet to dst would do, as `ip -6 route get` says it. */
struct v6_route_result {
	unsigned type;           /* enum v6_rt_type, V6_RTN_LOCAL for ours */
	unsigned protocol;
	uint32_t metric;
	uint32_t table;          /* the table that answered */
	const struct v6_iface *dev; /* unicast: the interface it leaves by */
	int has_gw;
	struct in6_addr gw;
	struct in6_addr src;     /* the source the stack would choose */
	uint32_t mtu;            /* ip route get's "mtu N": the route's own MTU
	                            as configured, or the learned path MTU when
	                            lower; 0: neither (the link's applies) */
	int pref;                /* RFC 4191 preference of an RA-taught route */
	unsigned hoplimit;       /* the route's hoplimit metric, 0: none */
};
#define V6_RTN_LOCAL 2
/* For a packet from src (NULL: ::, the stack choosing) arriving on iif
 * (NULL: one the stack sends). Returns 0, or -1 when there is no route
 * (ip: "Network is unreachable"). */
int v6_route_query(struct v6_stack *stack, const struct in6_addr *dst,
    const struct in6_addr *src, const struct v6_iface *iif,
    struct v6_route_result *res, v6_time_t now);

/*
 * Add an anycast address (RFC 4291 2.6; Linux IPV6_JOIN_ANYCAST): received
 * like our own, no DAD, never used as a source except for echo replies with
 * anycast_src_echo_reply=1; Neighbor Advertisements for it carry O=0 and
 * answer a multicast solicitation after a random delay (RFC 4861 7.2.7).
 */
int v6_anycast_add(struct v6_iface *iface, const struct in6_addr *addr,
    char *err, size_t errlen);
/* The interface's anycast addresses, each once: those added, then while
 * conf.IFACE.forwarding=1 the Subnet-Router anycast addresses of its
 * prefixes (RFC 4291 2.6.1), as Linux's /proc/net/anycast6 lists them. */
void v6_anycast_foreach(const struct v6_iface *iface,
    void (*cb)(void *ctx, const struct in6_addr *addr), void *ctx);

/*
 * Router Advertisements this stack sends on an interface (RFC 4861 6.2.1,
 * the AdvXxx variables; radvd.conf names them). Fill one with
 * v6_radv_conf_default (radvd's defaults) and change what differs.
 * Lifetimes in seconds. Preferences are RFC 4191's: +1 high, 0 medium,
 * -1 low.
 */
/* RFC 4861 4.6.2, 6.3.4; RFC 4862 5.5.3; RFC 4191 2.3; RFC 8106 5.1: a
 * lifetime (in seconds) of all one bits is infinity. */
#define V6_LIFETIME_INFINITE 0xffffffffu
#define V6_RADV_MAX_PREFIXES 16
#define V6_RADV_MAX_ROUTES 16
#define V6_RADV_MAX_RDNSS 4   /* RDNSS options, each with up to 3 servers */
#define V6_RADV_RDNSS_ADDRS 3
#define V6_RADV_MAX_DNSSL 4   /* DNSSL options */
#define V6_RADV_DNSSL_LEN 256 /* names of one option, '\0'-separated, "" ends */
struct v6_radv_prefix {
	struct in6_addr prefix; /* ::/64 means, as radvd: the prefix (with its
				   own length) of each non-link-local address
				   of the interface, newest first */
	uint8_t plen;
	bool on_link;           /* AdvOnLink, default on */
	bool autonomous;        /* AdvAutonomous, default on */
	uint32_t valid_s;       /* AdvValidLifetime, default 86400 */
	uint32_t preferred_s;   /* AdvPreferredLifetime, default 14400 */
};
struct v6_radv_route {          /* RFC 4191 Route Information */
	struct in6_addr prefix;
	uint8_t plen;
	int pref;               /* AdvRoutePreference, default medium */
	int64_t lifetime_s;     /* AdvRouteLifetime, -1: 3 * MaxRtrAdvInterval */
};
struct v6_radv_rdnss {          /* RFC 8106 5.1 */
	struct in6_addr addr[V6_RADV_RDNSS_ADDRS];
	unsigned n_addr;
	int64_t lifetime_s;     /* AdvRDNSSLifetime, -1: MaxRtrAdvInterval (what
				   radvd 2.19 sends; its man page says 2 * Max) */
};
struct v6_radv_dnssl {          /* RFC 8106 5.2 */
	char names[V6_RADV_DNSSL_LEN]; /* "a.example\0b.example\0\0" */
	int64_t lifetime_s;     /* AdvDNSSLLifetime, -1: MaxRtrAdvInterval (as
				   radvd 2.19 sends) */
};
struct v6_radv_conf {
	bool send_advert;         /* AdvSendAdvert, default off */
	uint32_t min_interval_ms; /* MinRtrAdvInterval, 0: 0.33 * Max (Max >= 9 s), else 0.75 * Max */
	uint32_t max_interval_ms; /* MaxRtrAdvInterval, default 600 s */
	bool managed;             /* AdvManagedFlag */
	bool other;               /* AdvOtherConfigFlag */
	uint32_t link_mtu;        /* AdvLinkMTU, 0: no MTU option */
	uint32_t reachable_ms;    /* AdvReachableTime, 0: unspecified */
	uint32_t retrans_ms;      /* AdvRetransTimer, 0: unspecified */
	uint8_t cur_hop_limit;    /* AdvCurHopLimit, default 64 */
	int64_t default_lifetime_s; /* AdvDefaultLifetime, -1: 3 * MaxRtrAdvInterval */
	int default_pref;         /* AdvDefaultPreference, default medium */
	bool source_lladdr;       /* AdvSourceLLAddress, default on */
	bool solicited_unicast;   /* AdvRASolicitedUnicast, default on (radvd
				     2.19, RFC 7772): an RS from a unicast
				     source is answered to it, not to ff02::1 */
	struct v6_radv_prefix prefix[V6_RADV_MAX_PREFIXES];
	unsigned n_prefix;
	struct v6_radv_route route[V6_RADV_MAX_ROUTES];
	unsigned n_route;
	struct v6_radv_rdnss rdnss[V6_RADV_MAX_RDNSS];
	unsigned n_rdnss;
	struct v6_radv_dnssl dnssl[V6_RADV_MAX_DNSSL];
	unsigned n_dnssl;
};
void v6_radv_conf_default(struct v6_radv_conf *conf);
/* Advertise on iface as conf says (RFC 4861 6.2.4: initial fast RAs, then a
 * random interval in [Min, Max]), while the interface forwards
 * (conf.IFACE.forwarding=1) and send_advert is on. Replaces an earlier
 * configuration. Returns 0, or -1 with the reason (RFC 4861 6.2.1 bounds:
 * 4 s <= Max <= 1800 s, 3 s <= Min <= 0.75 * Max, Max <= lifetime <= 9000 s
 * or 0, ...) in err. */
int v6_radv_set(struct v6_iface *iface, const struct v6_radv_conf *conf,
    v6_time_t now, char *err, size_t errlen);
/* What is advertised on iface (NULL when nothing is configured), and when
 * the next RA goes out (V6_TIME_NEVER: not advertising). */
const struct v6_radv_conf *v6_radv_get(const struct v6_iface *iface,
    v6_time_t *next_ra);
/* RFC 4861 6.2.5: the final RAs with Router Lifetime 0, on every
 * advertising interface, before the stack stops. */
void v6_radv_stop(struct v6_stack *stack, v6_time_t now);

/*
 * Tunables, named as Linux's net.ipv6.* sysctls without the prefix:
 * "icmp.ratelimit", "conf.eth0.accept_dad", "neigh.default.mcast_solicit".
 * Scopes all/default/IFACE behave as Linux's. Returns 0, or -1 with a
 * message naming the key or the range in err. A key Linux has and v6stack
 * does not implement yet is refused as "not supported yet".
 */
int v6_sysctl_set(struct v6_stack *stack, const char *key, const char *value,
    char *err, size_t errlen);
/* Write the value of key into buf. Returns 0, or -1 for an unknown key. */
int v6_sysctl_get(struct v6_stack *stack, const char *key, char *buf,
    size_t len);
/* Visit every integer tunable: the global ones, then conf.IFACE.* and
 * neigh.IFACE.* of every interface. */
void v6_sysctl_foreach(struct v6_stack *stack,
    void (*cb)(void *ctx, const char *key, long long value), void *ctx);

/*
 * Hand one received Ethernet frame to the stack. The frame is only read,
 * and only during the call. Returns 0 (V6_DROP_NONE) when the frame was
 * consumed, or the reason it was dropped (see v6_drop_name()).
 */
int v6_input(struct v6_stack *stack, struct v6_iface *iface,
    const uint8_t *frame, size_t len, v6_time_t now);

/*
 * Run every timer due at now. Returns the next deadline, or V6_TIME_NEVER.
 */
v6_time_t v6_poll(struct v6_stack *stack, v6_time_t now);
/* The earliest deadline armed now (V6_TIME_NEVER: none), without running
 * anything: what to sleep until after a call that may arm a timer
 * (v6_input, v6_udp_send, v6_addr_add, ...). O(1). */
v6_time_t v6_next_deadline(const struct v6_stack *stack);

/*
 * Counters. SNMP counters carry Linux's /proc/net/snmp6 names
 * (Ip6InReceives, Icmp6OutEchoReplies, ...), summed over interfaces when
 * iface is NULL. Drop reasons are the finer tier below them. Zero-valued
 * counters are visited too.
 */
void v6_stats_foreach(const struct v6_stack *stack,
    const struct v6_iface *iface,
    void (*cb)(void *ctx, const char *name, uint64_t value), void *ctx);
void v6_drops_foreach(const struct v6_stack *stack,
    void (*cb)(void *ctx, const char *name, const char *text, uint64_t value),
    void *ctx);
uint64_t v6_stat_get(const struct v6_stack *stack,
    const struct v6_iface *iface, const char *name);
const char *v6_drop_name(int reason); /* "NDISC_HOPLIMIT" */

/* Reassembly (RFC 8200 4.5): queues in use, bytes accounted against
 * ip6frag_high_thresh now, and the most ever accounted (Linux's
 * /proc/net/sockstat6 "FRAG6: inuse N memory M", plus the peak). */
void v6_frag_mem(const struct v6_stack *stack, uint64_t *queues,
    uint64_t *mem, uint64_t *mem_peak);
const char *v6_drop_text(int reason); /* the rule it implements */

/*
 * UDP (RFC 768, RFC 8200 8.1): datagrams in and out, no sockets.
 * A datagram for a bound port reaches rx with its addresses and ports; a
 * datagram for an unbound port gets a Port Unreachable (RFC 4443 3.1).
 * An ICMPv6 error about a datagram we sent from a bound port reaches err
 * with an errno-like code (ECONNREFUSED, EHOSTUNREACH, ENETUNREACH,
 * EACCES, EMSGSIZE, EPROTO, ...) as Linux's icmpv6_err_convert maps it.
 */
struct v6_udp_meta {
	struct v6_iface *iface;
	struct in6_addr src, dst;
	uint16_t sport, dport;
};
typedef void (*v6_udp_rx_fn)(void *ctx, const struct v6_udp_meta *m,
    const uint8_t *data, size_t len, v6_time_t now);
typedef void (*v6_udp_err_fn)(void *ctx, const struct v6_udp_meta *m,
    int err, uint8_t type, uint8_t code, uint32_t info);

/* Bind port (1..65535). Returns 0, or -1 with a message (in use, table full:
 * at most 64 ports). err_cb may be NULL. */
int v6_udp_bind(struct v6_stack *stack, uint16_t port, v6_udp_rx_fn rx,
    v6_udp_err_fn err_cb, void *ctx, char *err, size_t errlen);
void v6_udp_unbind(struct v6_stack *stack, uint16_t port);

/*
 * Send a datagram on iface from src (NULL: chosen per RFC 6724) to dst.
 * Safe to call from an rx callback. Returns 0 or the reason it was dropped
 * (v6_drop_name()).
 */
int v6_udp_send(struct v6_iface *iface, const struct in6_addr *src,
    const struct in6_addr *dst, uint16_t sport, uint16_t dport,
    const uint8_t *data, size_t len, v6_time_t now);

/*
 * Connect a bound port to one peer, as connect(2) does a UDP socket: its
 * rx then sees only datagrams from dst port dport (to src, when src is
 * not NULL); a datagram from anyone else finds no endpoint and gets a
 * Port Unreachable, as Linux's socket lookup gives. v6_udp_send_connected
 * sends on iface from src (NULL: chosen per datagram, RFC 6724) to the
 * peer. dst NULL disconnects (connect(AF_UNSPEC)). Errors about what the
 * port sent reach its err callback as before (ECONNREFUSED for the peer's
 * Port Unreachable). Returns 0, or -1 with a message (port not bound, no
 * interface, port 0).
 */
int v6_udp_connect(struct v6_stack *stack, uint16_t port,
    struct v6_iface *iface, const struct in6_addr *src,
    const struct in6_addr *dst, uint16_t dport, char *err, size_t errlen);
/* Send a datagram from a connected port to its peer. Returns 0 or the
 * reason it was dropped (V6_DROP_UDP_NOT_CONNECTED: not connected). */
int v6_udp_send_connected(struct v6_stack *stack, uint16_t port,
    const uint8_t *data, size_t len, v6_time_t now);

/*
 * A raw ICMPv6 listener: sees every ICMPv6 error message received (after
 * validation), with the iface, the error's source, and the message.
 */
typedef void (*v6_icmp6_listen_fn)(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *src, const uint8_t *msg, size_t len);
void v6_icmp6_listen(struct v6_stack *stack, v6_icmp6_listen_fn fn, void *ctx);

/*
 * ICMPv6 Echo sent by the stack (RFC 4443 4.1): what ping needs, without
 * sockets. v6_icmp6_echo_send sends an Echo Request with identifier id,
 * sequence seq and len bytes of data from src (NULL: chosen per RFC 6724)
 * to dst on iface; it resolves the next hop first if needed (RFC 4861
 * 7.2.2). Returns 0 or the reason it was dropped (v6_drop_name()).
 *
 * Echo Replies (RFC 4443 4.2) reach reply with their source, the hop limit
 * they arrived with and their data. ICMPv6 errors quoting an Echo Request
 * we sent (e.g. Destination Unreachable code 3 when address resolution
 * failed, RFC 4861 7.2.2, looped back as Linux does) reach err with the
 * quoted request's identifier and sequence. Without a listener, Echo
 * Replies are dropped as ICMP6_ECHO_REPLY_NO_LISTENER. Either callback may
 * be NULL; both may call v6_icmp6_echo_send.
 */
typedef void (*v6_echo_reply_fn)(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *from, uint16_t id, uint16_t seq, uint8_t hlim,
    const uint8_t *data, size_t len, v6_time_t now);
typedef void (*v6_echo_err_fn)(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *from, uint8_t type, uint8_t code, uint32_t info,
    uint16_t id, uint16_t seq, v6_time_t now);
void v6_icmp6_echo_listen(struct v6_stack *stack, v6_echo_reply_fn reply,
    v6_echo_err_fn err, void *ctx);
int v6_icmp6_echo_send(struct v6_iface *iface, const struct in6_addr *src,
    const struct in6_addr *dst, uint16_t id, uint16_t seq,
    const uint8_t *data, size_t len, v6_time_t now);

/* Parse "02:00:00:00:aa:01". Returns 0 or -1. */
int v6_mac_parse(const char *s, uint8_t mac[6]);

/* Neighbour cache, for display. */
void v6_neigh_foreach(const struct v6_stack *stack,
    void (*cb)(void *ctx, const struct v6_iface *iface,
	const struct in6_addr *addr, const uint8_t *lladdr, const char *state,
	int is_router),
    void *ctx);

#ifdef __cplusplus
}
#endif
#endif
