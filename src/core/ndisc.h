/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Neighbor Discovery messages (ndisc.c; RFC 4861 4.3, 4.4, 7): NS and NA
 * validation, the NA responder, NS transmission for resolution, NUD and
 * DAD. The neighbour cache they feed is neigh.c.
 */
#ifndef V6_CORE_NDISC_H
#define V6_CORE_NDISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "wire/drop.h"

struct v6_rx_info;

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
 * dst_mac: straight to that link-layer address (a NUD probe, RFC 4861
 * 7.3.3). src NULL: from :: (DAD), without SLLA; RFC 4429 3.2: no SLLA
 * from an optimistic source either. */
void v6_ndisc_tx_ns(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const struct in6_addr *dst,
    const uint8_t *dst_mac, const struct in6_addr *target,
    const uint8_t *nonce, v6_time_t now);

#endif
