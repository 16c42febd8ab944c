/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sending Redirects (redirect.c; RFC 4861 8.2; Linux ip6_forward and
 * ndisc_send_redirect): a router tells a neighbour of a better first hop
 * when a packet it forwards leaves by the link it came in on.
 *
 * No state of its own: the rate limits are Linux's inet_peer buckets, the
 * table icmpv6.c keeps for ICMPv6 errors (v6_icmp_peer_allow), which
 * Linux shares between both (net->ipv6.peers).
 */
#ifndef V6_CORE_REDIRECT_H
#define V6_CORE_REDIRECT_H

#include "core/ipv6.h"
#include "core/fib.h"
#include "wire/drop.h"

/* Linux: inet_peer_xrlim_allow(peer, 1*HZ), by destination and by source. */
#define V6_REDIRECT_INTERVAL_NS V6_NS_PER_S

/*
 * The packet rx, received on ifp, is forwarded by the route rt back out of
 * ifp: send its source a Redirect to rt's gateway (the destination itself
 * when rt has none) if RFC 4861 8.2 allows it. Called before the packet is
 * copied for forwarding (the Redirect is built in the transmit buffer).
 * Every suppressed Redirect is counted under its reason (drop.def
 * REDIRECT_*); the packet itself is still forwarded either way.
 */
void v6_redirect_tx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const struct v6_fib_route *rt,
    v6_time_t now);

#endif
