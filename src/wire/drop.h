/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Drop reasons: every exit from an input function that does not consume a
 * frame returns one. enum v6_drop is public (v6stack/drop.h), generated
 * from v6stack/drop.def (one table: the enum, the names, the texts, and
 * the SNMP counter each one also bumps).
 */
#ifndef V6_WIRE_DROP_H
#define V6_WIRE_DROP_H

#include "v6stack/drop.h"

#endif
