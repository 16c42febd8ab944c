/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interfaces (iface.h): creation, lookup by name, identity, and the
 * enabling of IPv6 on them (addrconf.c decides when).
 */
#include <stdlib.h>

#include "core/iface.h"
#include "core/anycast.h"
#include "core/addrconf.h"
#include "core/mld.h"
#include "core/neigh.h"
#include "core/radv.h"
#include "core/stack.h"
#include "core/sysctl.h"
#include "core/timer.h"
#include "wire/eth.h"
#include "wire/ipv6.h"

int
v6_iface_add(struct v6_stack *s, const char *name, const uint8_t mac[6],
    uint32_t mtu, const struct v6_link_ops *ops, void *link_ctx,
    struct v6_iface **out, char *err, size_t errlen)
{
	struct v6_iface *ifp;
	size_t nlen = strlen(name);

	if (nlen == 0 || nlen > V6_IFNAME_MAX)
		return v6_fail(err, errlen, "interface name must be 1 to 15 characters");
	if (!strcmp(name, "all") || !strcmp(name, "default"))
		return v6_fail(err, errlen, "interface name 'all' and 'default' are reserved");
	if (v6_iface_by_name(s, name))
		return v6_fail(err, errlen, "interface added twice");
	if (s->n_ifaces >= s->params.ifaces_max)
		return v6_fail(err, errlen, "too many interfaces (max %zu)",
		    s->params.ifaces_max);
	if (v6_mac_is_group(mac) || !memcmp(mac, "\0\0\0\0\0\0", 6))
		return v6_fail(err, errlen, "MAC must be a unicast, non-zero address");
	/* RFC 8200 5: every link must carry 1280-byte packets. */
	if (mtu < V6_IP6_MIN_MTU || mtu > 65535)
		return v6_fail(err, errlen, "link MTU must be between 1280 and 65535");
	if (!ops || !ops->tx)
		return v6_fail(err, errlen, "link ops need a tx function");
	ifp = calloc(1, sizeof(*ifp));
	if (!ifp)
		return v6_fail(err, errlen, "out of memory");
	ifp->stack = s;
	ifp->index = s->n_ifaces;
	memcpy(ifp->name, name, nlen + 1);
	memcpy(ifp->mac, mac, 6);
	ifp->link_mtu = mtu;
	ifp->ops = *ops;
	ifp->link_ctx = link_ctx;
	v6_sysctl_iface_init(s, ifp, mtu);
	v6_addrconf_iface_init(ifp);
	v6_mld_init(ifp);
	v6_timer_init(&ifp->rdisc.rs_timer, V6_TIMER_RS);
	v6_radv_iface_init(ifp);
	/* RFC 7217 with addr_gen_mode 3: a secret of our own (Linux
	 * ipv6_gen_mode_random_init). */
	{
		/* Drawn from the seed apart from the main generator, so that
		 * adding it changed no other random value. */
		uint64_t x = s->params.seed ^ (0x5ec7e7ull * (ifp->index + 1));
		for (int i = 0; i < 2; i++) {
			uint64_t r = v6_splitmix64(&x);
			memcpy(ifp->random_secret.s6_addr + 8 * i, &r, 8);
		}
	}
	if (v6_neigh_iface_init(s, ifp, mtu) < 0) {
		free(ifp);
		return v6_fail(err, errlen, "out of memory");
	}
	v6_stack_attach(s, ifp);
	(void)v6_neigh_reachable_ms(s, ifp);
	if (out)
		*out = ifp;
	return 0;
}

struct v6_iface *
v6_iface_by_name(struct v6_stack *s, const char *name)
{
	for (uint32_t i = 0; i < s->n_ifaces; i++)
		if (strcmp(s->ifaces[i]->name, name) == 0)
			return s->ifaces[i];
	return NULL;
}

const char *
v6_iface_name(const struct v6_iface *ifp)
{
	return ifp->name;
}

void
v6_iface_mac(const struct v6_iface *ifp, uint8_t mac[6])
{
	memcpy(mac, ifp->mac, 6);
}

void
v6_iface_set_up(struct v6_iface *ifp, bool up)
{
	ifp->up = up;
	v6_radv_up_changed(ifp);
}

/* conf.IFACE.forwarding changed (sysctl.c): the interface becomes a
 * router or stops being one (Linux addrconf dev_forward_change). */
void
v6_iface_forwarding_changed(struct v6_iface *ifp)
{
	v6_radv_forwarding_changed(ifp);
	v6_acast_subnet_sync(ifp); /* RFC 4291 2.6.1 */
}

void
v6_iface_free(struct v6_iface *ifp)
{
	v6_neigh_iface_free(ifp);
	v6_radv_iface_free(ifp);
	free(ifp);
}
