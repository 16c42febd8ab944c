/* SPDX-License-Identifier: BSD-2-Clause */
/* Tunables (sysctl.def): the typed structs code reads on the packet path. */
#ifndef V6_CORE_SYSCTL_H
#define V6_CORE_SYSCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/wire.h"

struct v6_iface;
struct v6_stack;

#define V6_SYSCTL_GLOB(key, field, def, min, max, unit, src) int field;
#define V6_SYSCTL_CONF(key, field, def, min, max, unit, src)
#define V6_SYSCTL_NEIGH(key, field, def, min, max, unit, src)
struct v6_sysctl_glob {
#include "core/sysctl.def"
};
#undef V6_SYSCTL_GLOB
#undef V6_SYSCTL_CONF
#define V6_SYSCTL_GLOB(key, field, def, min, max, unit, src)
#define V6_SYSCTL_CONF(key, field, def, min, max, unit, src) int field;
struct v6_sysctl_conf {
#include "core/sysctl.def"
};
#undef V6_SYSCTL_CONF
#undef V6_SYSCTL_NEIGH
#define V6_SYSCTL_CONF(key, field, def, min, max, unit, src)
#define V6_SYSCTL_NEIGH(key, field, def, min, max, unit, src) int field;
struct v6_sysctl_neigh {
#include "core/sysctl.def"
};
#undef V6_SYSCTL_GLOB
#undef V6_SYSCTL_CONF
#undef V6_SYSCTL_NEIGH

/* RFC 7217: a conf.{default,IFACE}.stable_secret, if one was set. */
struct v6_sysctl_secret {
	struct in6_addr addr;
	bool set;
};

/* A new interface's conf and neigh: copies of conf.default and
 * neigh.default, with conf.IFACE.mtu the device MTU and
 * conf.default.stable_secret inherited (as Linux's devconf_dflt). */
void v6_sysctl_iface_init(const struct v6_stack *s, struct v6_iface *ifp,
    uint32_t mtu);
void v6_sysctl_ratemask_default(uint64_t mask[4]);
/* The defaults into glob, conf.default (c), conf.all (call) and
 * neigh.default (n). */
void v6_sysctl_defaults(struct v6_sysctl_glob *g, struct v6_sysctl_conf *c,
    struct v6_sysctl_conf *call, struct v6_sysctl_neigh *n);

#endif
