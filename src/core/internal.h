/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Everything the core's modules declare, for the unit tests: each module
 * has its own header (one per .c file, see ARCHITECTURE.md "Where to start
 * reading"); core files include the ones they use. Programs that embed the
 * stack use include/v6stack/v6stack.h only.
 */
#ifndef V6_CORE_INTERNAL_H
#define V6_CORE_INTERNAL_H

#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/exthdr.h"
#include "core/frag.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/limits.h"
#include "core/mcast.h"
#include "core/mld.h"
#include "core/ndisc.h"
#include "core/neigh.h"
#include "core/pmtu.h"
#include "core/rdisc.h"
#include "core/route.h"
#include "core/stack.h"
#include "core/stats.h"
#include "core/sysctl.h"
#include "core/timer.h"
#include "core/udp.h"

#endif
