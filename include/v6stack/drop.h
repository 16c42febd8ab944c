/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Drop reasons: why the stack did not take a frame or a datagram. One
 * table, drop.def (installed beside this header), gives each its name, the
 * rule it implements (v6_drop_name, v6_drop_text) and the SNMP counter it
 * also bumps. v6_input, v6_udp_send, v6_udp_send_connected and
 * v6_icmp6_echo_send return one (V6_DROP_NONE, 0, when nothing was
 * dropped); a V6_EV_DROP event carries one in its reason. Every drop is
 * counted once (v6_drops_foreach). The values follow the table's order:
 * compare with the names, never with numbers kept across versions. The
 * names and rules are drop.def's lines, V6_DROP(NAME, SNMP counter, rule),
 * listed in docs/COUNTERS.md: V6_DROP_IP6_TRUNCATED, V6_DROP_UDP_NO_PORT,
 * V6_DROP_NEIGH_QUEUE_FULL, ...
 */
#ifndef V6STACK_DROP_H
#define V6STACK_DROP_H

enum v6_drop {
#define V6_DROP(name, snmp, text) V6_DROP_##name,
#include "v6stack/drop.def"
#undef V6_DROP
	V6_DROP__COUNT
};

#endif
