/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ICMPv6 (icmpv6.c; RFC 4443): input and dispatch by type, Echo, the
 * common transmit path, the errors the stack sends (one function for all)
 * and those it receives.
 */
#ifndef V6_CORE_ICMPV6_H
#define V6_CORE_ICMPV6_H

#include <stdbool.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "wire/icmpv6.h"
#include "wire/ipv6.h"

struct v6_rx_info;

/* RFC 4443 2.4 (c): an error quotes as much of the invoking packet as fits
 * in the minimum MTU. */
#define V6_ICMP6_QUOTE_MAX (V6_IP6_MIN_MTU - V6_IP6_HLEN - V6_ICMP6_ERR_HLEN)

/* ---- ICMPv6 error rate limiting ----
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

/* ICMPv6's state: struct v6_stack's member icmp, written by icmpv6.c. */
struct v6_icmp_state {
	/* Errors: icmp.ratemask as a bitmap of types, the global bucket
	 * (micro-messages), the per-destination buckets. */
	uint64_t ratemask[4];
	uint64_t global_credit_u;
	v6_time_t global_stamp;
	struct v6_rate_peer rate_peers[V6_RATE_SETS * V6_RATE_WAYS];
	v6_icmp6_listen_fn listener;
	void *listener_ctx;
	/* Our own Echo Requests' replies and errors (v6_icmp6_echo_listen). */
	v6_echo_reply_fn echo_reply_cb;
	v6_echo_err_fn echo_err_cb;
	void *echo_ctx;
};

/* The rate limits' initial state: icmp.ratemask's default, the global
 * bucket empty until its first use (as Linux's). */
void v6_icmp_init(struct v6_stack *s);
/* Linux inet_peer_xrlim_allow on the peer entry of addr, the table that
 * Linux shares between ICMPv6 errors (by destination) and Redirects
 * (redirect.c: by destination and by source): may one more message go,
 * one per tmo_ns with a burst of 6? Spends the token when it may. */
bool v6_icmp_peer_allow(struct v6_stack *s, const struct in6_addr *addr,
    uint64_t tmo_ns, v6_time_t now);
/* net.ipv6.icmp.ratemask was set (sysctl.c). */
void v6_icmp_set_ratemask(struct v6_stack *s, const uint64_t mask[4]);
enum v6_drop v6_icmp6_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now);
/* Fill in the checksum of the ICMPv6 message at v6_tx_payload(s) and count
 * it (Icmp6OutMsgs, the type); v6_icmp6_tx also sends it. */
void v6_icmp6_finish(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_ip6_repr *ip);
enum v6_drop v6_icmp6_tx(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_ip6_repr *ip, v6_time_t now);
/* Count an ICMPv6 message we send: Icmp6OutMsgs, its type, its name. */
void v6_icmp6_count_out(struct v6_iface *ifp, uint8_t type);

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

#endif
