/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Router Discovery for a host (rdisc.c; RFC 4861 6.3, 8): Router
 * Solicitations, Router Advertisement and Redirect processing, and the DNS
 * configuration RAs carry (RFC 8106).
 */
#ifndef V6_CORE_RDISC_H
#define V6_CORE_RDISC_H

#include <stdbool.h>
#include <stdint.h>

#include "core/timer.h"
#include "wire/wire.h"

struct v6_rx_info;

/* RFC 8106 5.3.1: DNS servers and search domains from RAs. */
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

/* Router Discovery's state of one interface (ifp->rdisc), written only by
 * rdisc.c. RFC 4861 6.3.7: router solicitation; rs_interval_ns is the
 * next interval (RFC 7559 backoff); ra_received stops soliciting.
 * RFC 8106 5.3.1: DNS servers and search domains from RAs. Bound:
 * V6_DNS_MAX each; when full the entry expiring first is replaced
 * (counted as DNS_TABLE_FULL). Expired entries are skipped when read and
 * reused. */
struct v6_rdisc_iface {
	struct v6_timer rs_timer;
	uint32_t rs_sent;
	v6_time_t rs_interval_ns;
	bool ra_received;
	struct v6_rdnss rdnss[V6_DNS_MAX];
	struct v6_dnssl dnssl[V6_DNS_MAX];
};

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

#endif
