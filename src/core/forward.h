/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Forwarding (forward.c; RFC 8200 3, RFC 4443 3, Linux ip6_forward): a
 * unicast packet that is not for us, received on an interface with
 * conf.IFACE.forwarding=1, goes on towards its destination through the
 * forwarding table (fib.h), or an ICMPv6 error goes back.
 */
#ifndef V6_CORE_FORWARD_H
#define V6_CORE_FORWARD_H

#include "core/ipv6.h"
#include "wire/drop.h"

/* The packet rx (not ours, destination unicast) arrived on ifp. Returns
 * V6_DROP_NONE when it was sent or queued for resolution, else why not
 * (an error may have been sent). */
enum v6_drop v6_ip6_forward(struct v6_stack *s, struct v6_iface *ifp,
    struct v6_rx_info *rx, v6_time_t now);

#endif
