/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The addrconf module across a link going down and up (v6_iface_down,
 * then v6_iface_up again). Linux on carrier loss, and on an
 * administrative down with keep_addr_on_down=1, keeps the addresses and,
 * on NETDEV_UP, runs DAD on each again (addrconf_dad_run): another node
 * may have taken an address while we were away. Here the same for every
 * down: the addresses stay, back to TENTATIVE, their solicited-node groups
 * left (v6_iface_up joins them again before probing, RFC 4862 5.4.2).
 */
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/fib.h"
#include "core/iface.h"
#include "core/mcast.h"
#include "core/stack.h"
#include "core/timer.h"

void
v6_iface_down(struct v6_iface *ifp, v6_time_t now)
{
	struct v6_stack *s = ifp->stack;
	struct in6_addr snm;
	bool changed = false;

	(void)now;
	if (!ifp->up)
		return;
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		struct v6_addr *a = &ifp->addrs[i];

		if (!a->in_use || a->state == V6_ADDR_DADFAILED)
			continue;
		v6_timer_cancel(&s->timers, &a->timer);
		v6_addr_solicited_node(&snm, &a->addr);
		v6_group_leave(ifp, &snm);
		changed |= v6_addr_usable(a);
		a->dad_running = false;
		a->state = V6_ADDR_TENTATIVE;
		v6_note(s, ifp, V6_EV_ADDR_STATE, &a->addr, "TENTATIVE",
		    "link down: DAD again when it comes up");
	}
	v6_group_leave(ifp, &v6_addr_all_nodes);
	v6_iface_set_up(ifp, false);
	if (changed) {
		v6_fib_addrs_changed(s);
		v6_acast_subnet_sync(ifp); /* RFC 4291 2.6.1 */
	}
}
