/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * UDP (udp.c; RFC 768, RFC 8200 8.1): input, delivery to the endpoint
 * bound to the port, output, and errors about datagrams we sent.
 */
#ifndef V6_CORE_UDP_H
#define V6_CORE_UDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "wire/drop.h"

struct v6_rx_info;

/* Bound: V6_UDP_MAX_EPS bound ports, found through a hash of
 * V6_UDP_SLOTS slots. */
#define V6_UDP_MAX_EPS V6_MAX_UDP_BINDS
#define V6_UDP_SLOTS 128
struct v6_udp_ep {
	uint16_t port;
	bool used;
	v6_udp_rx_fn rx;
	v6_udp_err_fn err;
	void *ctx;
	/* v6_udp_connect: the one peer (Linux's connected socket), the
	 * interface and the source (:: chosen per datagram) it sends with. */
	bool connected;
	struct v6_iface *peer_iface;
	struct in6_addr peer_src, peer;
	uint16_t peer_port;
};
/* The bound ports: struct v6_stack's member udp, written only by udp.c. */
struct v6_udp_table {
	struct v6_udp_ep eps[V6_UDP_MAX_EPS];
	uint8_t slots[V6_UDP_SLOTS]; /* index + 1 into eps, 0 free */
	uint32_t n_eps;
};

enum v6_drop v6_udp_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *pkt, size_t off,
    v6_time_t now);
/* An ICMPv6 error quoting a datagram we sent (RFC 4443 2.4 (a)). */
enum v6_drop v6_udp_on_error(struct v6_stack *s, struct v6_iface *ifp,
    const uint8_t *inner, size_t inner_len, size_t udp_off, uint8_t type,
    uint8_t code, uint32_t info);

#endif
