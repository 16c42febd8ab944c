/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Counters (stats.c): the SNMP tier of snmp.def with Linux's
 * /proc/net/snmp6 names, kept per interface and summed on request, the
 * ICMPv6 per-type counters (Icmp6InType<N>, Icmp6OutType<N>), and the drop
 * reasons of drop.def below them.
 */
#ifndef V6_CORE_STATS_H
#define V6_CORE_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "wire/drop.h"

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

/* The stack-wide counters (s->stats): drops by reason (drop.def). */
struct v6_stack_stats {
	uint64_t drops[V6_DROP__COUNT];
};

#define V6_STAT_INC(ifp, name) ((ifp)->stats.snmp[V6_SNMP_##name]++)
#define V6_STAT_ADD(ifp, name, n) ((ifp)->stats.snmp[V6_SNMP_##name] += (n))
/* The same by index (an enum v6_snmp from a table, icmpv6.c's per type). */
#define V6_STAT_INC_IDX(ifp, idx) ((ifp)->stats.snmp[(idx)]++)

/* RFC 4293 / Linux snmp6: one ICMPv6 message of this type in or out. */
#define V6_STAT_ICMP_IN_TYPE(ifp, type) ((ifp)->stats.icmp_in_type[(type)]++)
#define V6_STAT_ICMP_OUT_TYPE(ifp, type) ((ifp)->stats.icmp_out_type[(type)]++)

/* Count a drop: its reason, its SNMP counter, and an event. frame is the
 * Ethernet frame dropped, or NULL. */
void v6_drop(struct v6_stack *s, struct v6_iface *ifp, enum v6_drop why,
    const uint8_t *frame, size_t len);
/* The same for an IPv6 packet without its Ethernet header (the event says
 * so: struct v6_event.ip6). */
void v6_drop_ip6(struct v6_stack *s, struct v6_iface *ifp, enum v6_drop why,
    const uint8_t *pkt, size_t len);

#endif
