/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Extension headers for this node (exthdr.c; RFC 8200 4): the options of
 * the Hop-by-Hop and Destination Options headers and the Routing header.
 * ipv6_in.c walks the chain and calls these per header.
 */
#ifndef V6_CORE_EXTHDR_H
#define V6_CORE_EXTHDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "wire/drop.h"

struct v6_rx_info;

/* The Hop-by-Hop or Destination Options header at off of rx->pkt (RFC
 * 8200 4.2, 4.3, 4.6); *hlen its length, *rtalert the value of a
 * Hop-by-Hop Router Alert option (RFC 2711), else left as it was. Returns
 * V6_DROP_NONE to go on, or why the packet was dropped (errors sent). */
enum v6_drop v6_exthdr_rx_opts(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, size_t off, bool hbh, size_t *hlen,
    int32_t *rtalert, v6_time_t now);
/* The Routing header at off (RFC 8200 4.4, RFC 5095). */
enum v6_drop v6_exthdr_rx_routing(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, size_t off, size_t *hlen, v6_time_t now);

#endif
