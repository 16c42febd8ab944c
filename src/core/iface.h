/*
 * An interface of the stack (iface.c: creation, identity, up and down)
 * and the per-interface state of the modules, each written by its own.
 */
#ifndef V6_CORE_IFACE_H
#define V6_CORE_IFACE_H

#include <stdbool.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/mcast.h"
#include "core/mld.h"
#include "core/rdisc.h"
#include "core/stats.h"
#include "core/sysctl.h"
#include "core/timer.h"

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
	 * interval (RFC 7559 backoff); ra_received (an RA after an RS was
	 * sent, as Linux's IF_RA_RCVD) stops soliciting. */
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

#endif
