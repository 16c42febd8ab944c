/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Drop reasons: every exit from an input function that does not consume a
 * frame returns one. Generated from drop.def (one table: the enum, the
 * names, the texts, and the SNMP counter each one also bumps).
 */
#ifndef V6_WIRE_DROP_H
#define V6_WIRE_DROP_H

enum v6_drop {
#define V6_DROP(name, snmp, text) V6_DROP_##name,
#include "wire/drop.def"
#undef V6_DROP
	V6_DROP__COUNT
};

#endif
