/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack demo, what its files share: the seed's topology (names,
 * addresses, MACs) and the checks of its verdict (demo_check.c).
 */
#ifndef V6_CLI_DEMO_H
#define V6_CLI_DEMO_H

#include <stdbool.h>
#include <stddef.h>

#define NS_HOST "v6demo-host"
#define NS_CTR "v6demo-ctr"
#define BRIDGE "lxcbr0"
#define BR_MAC "00:16:3e:00:00:00"
#define BR_LL "fe80::216:3eff:fe00:0"
#define VETH_HOST "veth-ctr"
#define CTR_IF "eth0"
#define CTR_MAC "00:16:3e:72:dc:1c"
#define CTR_LL "fe80::216:3eff:fe72:dc1c"
#define STACK_MAC "0c:22:38:4e:9a:bc"
#define STACK_LL "fe80::216:3eff:fe00:1234"
#define PING_COUNT "3"

/* The value of counter name in the stack's "Name value" lines, or NULL. */
const char *demo_counter(const char *text, const char *name, char *buf,
    size_t len);

/* The checks: each prints "ok:   ..." or "FAIL: ..." and says whether it
 * passed. */
bool demo_check_ping(int code, const char *out);
bool demo_check_neigh(const char *out);
bool demo_check_na(const char *out);
bool demo_check_sums(const char *out);

#endif
