/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * params.ifaces_max: a stack of 1000 interfaces (examples/vhosts.c's 1000
 * hosts, each its own MAC), the bound named at the next one, and the
 * limit of the parameter itself. Public API only; frames from tests/lib.
 */
#include <stdio.h>
#include <string.h>

#include "lib/build.h"
#include "lib/t.h"
#include "v6stack/v6stack.h"

#define N_HOSTS 1000

static unsigned tx_count[N_HOSTS];

static void
count_tx(void *ctx, const uint8_t *frame, size_t len)
{
	(void)frame, (void)len;
	tx_count[(unsigned)(uintptr_t)ctx]++;
}

static void
host_mac(unsigned k, uint8_t mac[6])
{
	mac[0] = 0x02, mac[1] = 0, mac[2] = 0, mac[3] = 0x01;
	mac[4] = (uint8_t)((k + 1) >> 8), mac[5] = (uint8_t)(k + 1);
}

static struct in6_addr
host_addr(unsigned k)
{
	struct in6_addr a = b_addr("2001:db8:1::");

	a.s6_addr[14] = (uint8_t)((k + 1) >> 8);
	a.s6_addr[15] = (uint8_t)(k + 1);
	return a;
}

/* 1000 interfaces in one stack; an NS for the last host's address is
 * answered on its interface alone (RFC 4861 7.2.4), found through the
 * stack-wide address hash sized by ifaces_max. */
TEST(ifaces_max_1000_interfaces_in_one_stack)
{
	static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0xfe, 0x01 };
	static const struct v6_link_ops ops = { .tx = count_tx };
	struct v6_stack_params sp = { .seed = 1, .ifaces_max = N_HOSTS };
	struct v6_iface *ifp[N_HOSTS], *extra;
	struct in6_addr peer = b_addr("2001:db8:1::fffe"), target;
	struct bframe f;
	struct v6_stack *s;
	uint8_t mac[6], buf[256];
	char err[128], name[16];
	unsigned k, others = 0;
	size_t n;

	if (v6_stack_new(&sp, &s, err, sizeof(err)) != 0) {
		CHECK_STR(err, "");
		return;
	}
	CHECK_EQ(v6_sysctl_set(s, "conf.default.accept_dad", "0", err,
	    sizeof(err)), 0);
	CHECK_EQ(v6_sysctl_set(s, "conf.default.router_solicitations", "0",
	    err, sizeof(err)), 0);
	for (k = 0; k < N_HOSTS; k++) {
		struct in6_addr a = host_addr(k);

		host_mac(k, mac);
		snprintf(name, sizeof(name), "vh%u", k + 1);
		if (v6_iface_add(s, name, mac, 1500, &ops, (void *)(uintptr_t)k,
			&ifp[k], err, sizeof(err)) != 0 ||
		    v6_iface_up(ifp[k], 0, err, sizeof(err)) != 0 ||
		    v6_addr_add(ifp[k], &a, 64, 0, err, sizeof(err)) != 0) {
			CHECK_STR(err, "");
			goto out;
		}
	}
	host_mac(N_HOSTS, mac);
	CHECK_EQ(v6_iface_add(s, "vh1001", mac, 1500, &ops, NULL, &extra, err,
	    sizeof(err)), -1);
	CHECK_STR(err, "too many interfaces (max 1000)");

	(void)v6_poll(s, 0);
	memset(tx_count, 0, sizeof(tx_count));
	k = N_HOSTS - 1;
	target = host_addr(k);
	host_mac(k, mac);
	b_init(&f, peer_mac, mac, &peer, &target);
	b_ns(&f, &target);
	b_opt_lla(&f, 1, peer_mac); /* SLLA */
	f.hlim = 255;
	n = b_emit(&f, buf, sizeof(buf));
	CHECK_EQ(v6_input(s, ifp[k], buf, n, V6_NS_PER_MS), V6_DROP_NONE);
	CHECK_EQ(tx_count[k], 1);
	for (unsigned i = 0; i < N_HOSTS - 1; i++)
		others += tx_count[i];
	CHECK_EQ(others, 0);
	CHECK_EQ(v6_stat_get(s, ifp[k], "Icmp6OutNeighborAdvertisements"), 1);
out:
	v6_stack_free(s);
}

TEST(ifaces_max_beyond_the_limit_refused)
{
	struct v6_stack_params sp = { .ifaces_max = V6_MAX_IFACES_LIMIT + 1 };
	struct v6_stack *s = NULL;
	char err[128];

	CHECK_EQ(v6_stack_new(&sp, &s, err, sizeof(err)), -1);
	CHECK_STR(err, "ifaces_max too large (max 65536)");
}

T_MAIN()
