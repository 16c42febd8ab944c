/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers of the Router Advertisement sender's tests (core_radv_test.c,
 * core_radv_rs_test.c): the RAs recorded on the fake link, read byte by
 * byte (RFC 4861 4.2, 4.6), and Router Solicitations laid out byte by
 * byte (4.1).
 */
#ifndef V6_TESTS_RADV_H
#define V6_TESTS_RADV_H

#include <string.h>

#include "harness.h"

#define ETH 14
#define IP6 40
#define MS V6_NS_PER_MS
#define SEC V6_NS_PER_S

static inline void
drop_count_cb(void *ctx, const char *name, const char *text, uint64_t v)
{
	struct { const char *name; uint64_t v; } *q = ctx;
	(void)text;
	if (!strcmp(name, q->name))
		q->v = v;
}
static inline uint64_t
drops(struct harness *h, const char *name)
{
	struct { const char *name; uint64_t v; } q = { name, ~0ull };
	v6_drops_foreach(h->stack, drop_count_cb, &q);
	return q.v;
}

/* The ICMPv6 message of recorded frame i if it is an RA, else NULL. */
static inline const uint8_t *
ra_msg(struct harness *h, size_t i, size_t *len)
{
	const uint8_t *f = h->tx[i];

	if (i >= h->n_tx || i >= H_TX_MAX || h->tx_len[i] < ETH + IP6 + 16 ||
	    f[ETH + 6] != 58 || f[ETH + IP6] != 134)
		return NULL;
	if (len)
		*len = h->tx_len[i] - ETH - IP6;
	return f + ETH + IP6;
}

static inline size_t
count_ra(struct harness *h)
{
	size_t n = 0;
	for (size_t i = 0; i < h->n_tx && i < H_TX_MAX; i++)
		n += ra_msg(h, i, NULL) != NULL;
	return n;
}

/* The last RA recorded (its frame index in *idx), or NULL. */
static inline const uint8_t *
last_ra(struct harness *h, size_t *len, size_t *idx)
{
	for (size_t i = h->n_tx < H_TX_MAX ? h->n_tx : H_TX_MAX; i-- > 0;) {
		const uint8_t *m = ra_msg(h, i, len);
		if (m) {
			if (idx)
				*idx = i;
			return m;
		}
	}
	return NULL;
}

static inline uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t rd32(const uint8_t *p) { return (uint32_t)rd16(p) << 16 | rd16(p + 2); }

/* The option types of an RA, in order, into types[] (at most max). */
static inline size_t
opt_types(const uint8_t *m, size_t len, uint8_t *types, size_t max)
{
	size_t n = 0;
	for (size_t o = 16; o + 2 <= len && m[o + 1] && n < max; o += m[o + 1] * 8u)
		types[n++] = m[o];
	return n;
}

/* The first option of type t in an RA (its offset), or 0. */
static inline size_t
opt_find(const uint8_t *m, size_t len, uint8_t t, unsigned nth)
{
	for (size_t o = 16; o + 2 <= len && m[o + 1]; o += m[o + 1] * 8u)
		if (m[o] == t && nth-- == 0)
			return o;
	return 0;
}

/* A configuration with AdvSendAdvert on and MaxRtrAdvInterval max_s. */
static inline struct v6_radv_conf
conf_on(uint32_t max_s)
{
	struct v6_radv_conf c;
	v6_radv_conf_default(&c);
	c.send_advert = true;
	c.max_interval_ms = max_s * 1000;
	return c;
}

/* Forwarding on eth0 and c set; the first RA sent at once (cleared). */
static inline void
advertise(struct harness *h, const struct v6_radv_conf *c)
{
	H_SYSCTL(h, "conf.eth0.forwarding", "1");
	CHECK_EQ(v6_radv_set(h->ifp, c, h->now, h->err, sizeof(h->err)), 0);
	h_advance(h, 0);
}

static inline v6_time_t
next_ra(struct harness *h)
{
	v6_time_t t;
	(void)v6_radv_get(h->ifp, &t);
	return t;
}

/* An RS from src (MAC H_PEER_MAC) to ff02::2: hop limit hlim, code, and
 * an SLLA when with_slla. */
static inline void
rs_frame(struct bframe *f, const struct in6_addr *src, uint8_t hlim,
    uint8_t code, int with_slla)
{
	static const uint8_t routers_mac[6] = { 0x33, 0x33, 0, 0, 0, 2 };
	struct in6_addr dst = b_addr("ff02::2");

	b_init(f, H_PEER_MAC, routers_mac, src, &dst);
	f->hlim = hlim;
	/* RFC 4861 4.1: type 133, code, checksum, reserved. */
	b_icmp6(f, 133, code);
	b_put32(f, 0);
	if (with_slla)
		b_opt_lla(f, 1, H_PEER_MAC);
}

#endif
