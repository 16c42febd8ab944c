/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test harness: a stack with a fixed seed, one interface "eth0" on a fake
 * link that records every transmitted frame, a fake clock (a variable),
 * and expect_* helpers that report with the caller's file:line.
 *
 * Conventions of the fake network:
 *   us    02:00:00:00:00:01  fe80::ff:fe00:1 (EUI-64)   2001:db8::1/64 (H_ADD_ADDR)
 *   peer  02:00:00:00:00:02  fe80::ff:fe00:2            2001:db8::2
 *   peer2 02:00:00:00:00:03  fe80::ff:fe00:3
 *
 * By default conf.default.accept_dad is set to 0 before eth0 exists, so
 * addresses are usable at once (RFC 4862 DAD is tested on its own with
 * cfg.dad = 1); likewise conf.default.router_solicitations is 0 unless
 * cfg.rs = 1. Frames sent while bringing the interface up (router or
 * MLD solicitations, if any) are cleared before the test starts. MLD
 * messages (which the stack sends whenever groups change) are not
 * recorded, only counted in n_tx_mld, unless cfg.mld = 1.
 *
 * More interfaces (h_add_iface: a router's other links) each sit on a
 * fake link of their own, with their own transmit log (struct h_link);
 * h_clear_tx() clears every log.
 */
#ifndef V6_TESTS_HARNESS_H
#define V6_TESTS_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"

#include "build.h"
#include "check.h"
#include "t.h"

#define H_SEED 0x7636737461636bull
#define H_TX_MAX 64
#define H_FRAME_MAX 2048
#define H_T0 (100 * V6_NS_PER_S) /* the fake clock's start */

extern const uint8_t H_OUR_MAC[6];
extern const uint8_t H_PEER_MAC[6];
extern const uint8_t H_PEER2_MAC[6];
extern const uint8_t H_ALLNODES_MAC[6]; /* 33:33:00:00:00:01 */

struct in6_addr h_our_ll(void);   /* fe80::ff:fe00:1 */
struct in6_addr h_our_global(void); /* 2001:db8::1 */
struct in6_addr h_peer_ll(void);  /* fe80::ff:fe00:2 */
struct in6_addr h_peer_global(void); /* 2001:db8::2 */
struct in6_addr h_peer2_ll(void); /* fe80::ff:fe00:3 */
struct in6_addr h_allnodes(void); /* ff02::1 */
struct in6_addr h_unspec(void);   /* :: */

struct h_cfg {
	uint64_t seed;      /* 0: H_SEED */
	const uint8_t *mac; /* NULL: H_OUR_MAC */
	uint32_t mtu;       /* 0: 1500 */
	int dad;            /* 1: leave conf.default.accept_dad at its default */
	int rs;             /* 1: leave conf.default.router_solicitations at its
			       default (-1); else 0, no Router Solicitations */
	int no_up;          /* 1: stop after v6_iface_add; call h_up() later */
	int mld;            /* 1: record MLD messages like any frame */
	/* key, value, key, value, ..., NULL: set before v6_iface_add */
	const char *const *pre_sysctl;
};

#define H_LINKS_MAX 4 /* interfaces h_add_iface may add */

struct harness;

/* A further interface and its fake link (h_add_iface). */
struct h_link {
	struct harness *h;
	struct v6_iface *ifp;
	uint8_t mac[6];
	struct in6_addr ll; /* the EUI-64 link-local of mac */
	/* frames sent on this link since the last h_clear_tx() */
	uint8_t tx[H_TX_MAX][H_FRAME_MAX];
	size_t tx_len[H_TX_MAX];
	size_t n_tx; /* may exceed H_TX_MAX: later frames not stored */
};

struct harness {
	struct v6_stack *stack;
	struct v6_iface *ifp;
	v6_time_t now; /* the fake clock */
	uint8_t mac[6];
	uint32_t mtu;
	struct in6_addr ll; /* the EUI-64 link-local of mac */

	/* the fake link: frames sent since the last h_clear_tx() */
	uint8_t tx[H_TX_MAX][H_FRAME_MAX];
	size_t tx_len[H_TX_MAX];
	size_t n_tx;       /* may exceed H_TX_MAX: later frames not stored */
	size_t n_tx_total; /* since creation */
	size_t n_tx_oversize; /* frames longer than H_FRAME_MAX */
	int keep_mld;         /* cfg.mld */
	size_t n_tx_mld;      /* MLD messages not recorded (cfg.mld = 0) */

	/* the event hook */
	size_t n_ev_drop, n_ev_tx;
	int last_ev_drop;
	/* the last drop's frame: whether it starts at IPv6 (ev->ip6), its
	 * length and first 40 bytes (zeros when none) */
	bool last_ev_drop_ip6;
	size_t last_ev_drop_len;
	uint8_t last_ev_drop_head[40];
	/* V6_EV_NEIGH_STATE events since the last h_clear_tx() (first 32) */
	struct h_neigh_ev {
		struct in6_addr addr;
		char state[16];
	} neigh_ev[32];
	size_t n_neigh_ev;
	/* V6_EV_ROUTER events since creation, and the last one's state */
	size_t n_router_ev;
	char last_router_ev[16];

	/* interfaces added by h_add_iface, freed by h_free */
	struct h_link *links[H_LINKS_MAX];
	size_t n_links;

	char err[256];
};

/* Create stack + eth0 (and bring it up unless cfg->no_up). NULL on error. */
struct harness *h_new(const char *file, int line, const struct h_cfg *cfg);
#define H_NEW(h, cfg)                                                      \
	struct harness *h = h_new(__FILE__, __LINE__, cfg);                \
	if (h == NULL)                                                     \
		return
/* v6_iface_up at h->now, then clear the tx log. */
int h_up(const char *file, int line, struct harness *h);
#define H_UP(h) h_up(__FILE__, __LINE__, h)
void h_free(struct harness *h);

/* v6_sysctl_set that must succeed. */
int h_sysctl(const char *file, int line, struct harness *h, const char *key,
    const char *value);
#define H_SYSCTL(h, k, v) h_sysctl(__FILE__, __LINE__, h, k, v)
/* v6_addr_add at h->now that must succeed. */
int h_add_addr(const char *file, int line, struct harness *h,
    const struct in6_addr *a, unsigned plen);
#define H_ADD_ADDR(h, a, plen) h_add_addr(__FILE__, __LINE__, h, a, plen)

/* Add interface name (MAC mac, link MTU mtu, 0: 1500) on a fake link of
 * its own, bring it up at h->now and clear every transmit log. It takes
 * conf.default as eth0 did (no DAD, no RS). NULL on error. */
struct h_link *h_add_iface(const char *file, int line, struct harness *h,
    const char *name, const uint8_t mac[6], uint32_t mtu);
#define H_ADD_IFACE(h, name, mac, mtu) \
	h_add_iface(__FILE__, __LINE__, h, name, mac, mtu)
/* v6_input of a frame received on l's interface, at h->now. */
int h_link_input(struct h_link *l, const uint8_t *frame, size_t len);
/* b_emit + h_link_input. */
int h_link_send(struct h_link *l, const struct bframe *f);

/* Clear the transmit log of eth0 and of every added interface. */
void h_clear_tx(struct harness *h);
/* v6_input at h->now. */
int h_input(struct harness *h, const uint8_t *frame, size_t len);
/* b_emit + v6_input. */
int h_send(struct harness *h, const struct bframe *f);
/* Advance the fake clock by dt, running v6_poll at every deadline on the
 * way and at the end. */
void h_advance(struct harness *h, v6_time_t dt);

/* A counter by its snmp6 name; the name must exist (checked). */
uint64_t h_stat(const char *file, int line, struct harness *h,
    const char *name);
#define H_STAT(h, name) h_stat(__FILE__, __LINE__, h, name)

/* Neighbour cache lookup: 1 and its fields if addr has an entry. */
int h_neigh(struct harness *h, const struct in6_addr *addr, uint8_t mac[6],
    char *state, size_t state_len, int *is_router);
/* 1 if a V6_EV_NEIGH_STATE event since the last h_clear_tx() put addr
 * into state. */
int h_neigh_went(struct harness *h, const struct in6_addr *addr,
    const char *state);
/* Address lookup on eth0: 1 if present (plen, state filled). */
int h_addr(struct harness *h, const struct in6_addr *addr, unsigned *plen,
    char *state, size_t state_len);
/* Number of addresses on eth0 in fe80::/10. */
int h_n_linklocal(struct harness *h);

/* Index of the first recorded frame that is an ICMPv6 message of type
 * (and, if target is not NULL, an NS/NA for target); -1 if none. */
int h_find_icmp6(struct harness *h, int type, const struct in6_addr *target);

/* CHECK that also yields the condition, to guard dependent checks. */
#define CHECK_TRUE(c) h_check_true(__FILE__, __LINE__, #c, (c) != 0)
int h_check_true(const char *file, int line, const char *what, int ok);

/* Expectations, reporting at the caller's file:line. */
#define expect_tx_count(h, n) h_expect_tx_count(__FILE__, __LINE__, h, n)
#define expect_stat(h, name, n) h_expect_stat(__FILE__, __LINE__, h, name, n)
/* reason != 0 and v6_drop_name(reason) is name. */
#define expect_drop(h, reason, name) \
	h_expect_drop(__FILE__, __LINE__, h, reason, name)
/* reason == 0 (consumed). */
#define expect_accepted(h, reason) \
	h_expect_accepted(__FILE__, __LINE__, h, reason)
/* Clear tx, send f: dropped for the reason named name (drop.def), and
 * nothing sent. */
#define expect_silent_drop(h, f, name) \
	h_expect_silent_drop(__FILE__, __LINE__, h, f, name)
/*
 * Liveness: clear tx, send a valid multicast NS for target from peer (MAC
 * H_PEER_MAC, address peer_ip, with SLLA) and expect exactly one NA back:
 * src target, dst peer_ip, hop limit 255, S=1 O=1 R=0, exactly a TLLA with
 * our MAC, to the peer's MAC.
 */
#define expect_ns_answered(h, peer_ip, target) \
	h_expect_ns_answered(__FILE__, __LINE__, h, peer_ip, target)

int h_expect_tx_count(const char *file, int line, struct harness *h,
    size_t n);
int h_expect_stat(const char *file, int line, struct harness *h,
    const char *name, uint64_t n);
int h_expect_drop(const char *file, int line, struct harness *h, int reason,
    const char *name);
int h_expect_accepted(const char *file, int line, struct harness *h,
    int reason);
int h_expect_silent_drop(const char *file, int line, struct harness *h,
    const struct bframe *f, const char *name);
int h_expect_ns_answered(const char *file, int line, struct harness *h,
    const struct in6_addr *peer_ip, const struct in6_addr *target);

#endif
