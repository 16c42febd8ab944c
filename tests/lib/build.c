/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test frame builders: hand-written layouts, own checksum. See build.h.
 */
#include "build.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct in6_addr
b_addr(const char *text)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, text, &a) != 1) {
		fprintf(stderr, "b_addr: bad IPv6 literal \"%s\"\n", text);
		abort();
	}
	return a;
}

const char *
b_ntop(const struct in6_addr *a)
{
	static char ring[8][INET6_ADDRSTRLEN];
	static unsigned next;
	char *s = ring[next++ % 8];

	if (inet_ntop(AF_INET6, a, s, INET6_ADDRSTRLEN) == NULL)
		snprintf(s, INET6_ADDRSTRLEN, "?");
	return s;
}

struct in6_addr
b_snmc(const struct in6_addr *a)
{
	/* RFC 4291 2.7.1: FF02:0:0:0:0:1:FFXX:XXXX */
	static const uint8_t prefix[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0x01, 0xff };
	struct in6_addr g;

	memcpy(g.s6_addr, prefix, sizeof(prefix));
	memcpy(g.s6_addr + 13, a->s6_addr + 13, 3);
	return g;
}

void
b_mcast_mac(uint8_t mac[6], const struct in6_addr *group)
{
	/* RFC 2464 7: 33-33 then the last four octets of the group. */
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, group->s6_addr + 12, 4);
}

void
b_snmc_mac(uint8_t mac[6], const struct in6_addr *a)
{
	struct in6_addr g = b_snmc(a);

	b_mcast_mac(mac, &g);
}

struct in6_addr
b_eui64_ll(const uint8_t mac[6])
{
	struct in6_addr a;

	memset(&a, 0, sizeof(a));
	a.s6_addr[0] = 0xfe;
	a.s6_addr[1] = 0x80;
	/* RFC 2464 4: OUI, FF FE, rest; then invert the U/L bit (0x02). */
	a.s6_addr[8] = mac[0] ^ 0x02;
	a.s6_addr[9] = mac[1];
	a.s6_addr[10] = mac[2];
	a.s6_addr[11] = 0xff;
	a.s6_addr[12] = 0xfe;
	a.s6_addr[13] = mac[3];
	a.s6_addr[14] = mac[4];
	a.s6_addr[15] = mac[5];
	return a;
}

/* Add 16-bit big-endian words of p to acc (odd tail padded with zero). */
static uint32_t
sum16(uint32_t acc, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		acc += (uint32_t)p[len - 1] << 8;
	return acc;
}

uint16_t
b_csum6(const struct in6_addr *src, const struct in6_addr *dst, uint8_t next,
    const uint8_t *data, size_t len)
{
	uint32_t acc = 0;
	uint8_t ph[8];

	acc = sum16(acc, src->s6_addr, 16);
	acc = sum16(acc, dst->s6_addr, 16);
	/* Upper-Layer Packet Length (32 bits), zero (24 bits), Next Header */
	ph[0] = (uint8_t)(len >> 24);
	ph[1] = (uint8_t)(len >> 16);
	ph[2] = (uint8_t)(len >> 8);
	ph[3] = (uint8_t)len;
	ph[4] = ph[5] = ph[6] = 0;
	ph[7] = next;
	acc = sum16(acc, ph, 8);
	acc = sum16(acc, data, len);
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

void
b_init(struct bframe *f, const uint8_t eth_src[6], const uint8_t eth_dst[6],
    const struct in6_addr *src, const struct in6_addr *dst)
{
	memset(f, 0, sizeof(*f));
	memcpy(f->eth_src, eth_src, 6);
	memcpy(f->eth_dst, eth_dst, 6);
	f->ethertype = B_ETHERTYPE_IPV6;
	f->version = 6;
	f->plen = -1;
	f->next = 59; /* No Next Header until a helper sets it */
	f->hlim = 64;
	f->src = *src;
	f->dst = *dst;
	f->csum_off = B_NO_CSUM;
	f->pad_byte = 0;
}

void
b_put(struct bframe *f, const void *p, size_t len)
{
	if (len > B_PL_MAX - f->pl_len) {
		fprintf(stderr, "b_put: payload over %d bytes\n", B_PL_MAX);
		abort();
	}
	if (len)
		memcpy(f->pl + f->pl_len, p, len);
	f->pl_len += len;
}

void
b_put8(struct bframe *f, uint8_t v)
{
	b_put(f, &v, 1);
}

void
b_put16(struct bframe *f, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	b_put(f, b, 2);
}

void
b_put32(struct bframe *f, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
		(uint8_t)(v >> 8), (uint8_t)v };

	b_put(f, b, 4);
}

void
b_put_fill(struct bframe *f, uint8_t v, size_t len)
{
	while (len--)
		b_put8(f, v);
}

void
b_icmp6(struct bframe *f, uint8_t type, uint8_t code)
{
	/*
	 *  0                   1                   2                   3
	 * |     Type      |     Code      |          Checksum             |
	 */
	f->next = B_PROTO_ICMPV6;
	f->udp = 0;
	f->csum_off = f->pl_len + 2;
	b_put8(f, type);
	b_put8(f, code);
	b_put16(f, 0);
}

void
b_echo(struct bframe *f, uint8_t type, uint8_t code, uint16_t id,
    uint16_t seq, const uint8_t *data, size_t len)
{
	/* RFC 4443 4.1: | Identifier | Sequence Number | Data ... */
	b_icmp6(f, type, code);
	b_put16(f, id);
	b_put16(f, seq);
	b_put(f, data, len);
}

void
b_ns(struct bframe *f, const struct in6_addr *target)
{
	/* RFC 4861 4.3: | Reserved (32) | Target Address (128) | Options */
	f->hlim = 255;
	b_icmp6(f, B_ND_NEIGHBOR_SOLICIT, 0);
	b_put32(f, 0);
	b_put(f, target->s6_addr, 16);
}

void
b_na(struct bframe *f, uint8_t flags, const struct in6_addr *target)
{
	/* RFC 4861 4.4: |R|S|O| Reserved (29) | Target Address | Options */
	f->hlim = 255;
	b_icmp6(f, B_ND_NEIGHBOR_ADVERT, 0);
	b_put8(f, flags);
	b_put8(f, 0);
	b_put16(f, 0);
	b_put(f, target->s6_addr, 16);
}

void
b_opt_lla(struct bframe *f, uint8_t type, const uint8_t mac[6])
{
	/* RFC 4861 4.6.1: | Type | Length = 1 | Link-Layer Address (6) | */
	b_put8(f, type);
	b_put8(f, 1);
	b_put(f, mac, 6);
}

void
b_opt_raw(struct bframe *f, uint8_t type, uint8_t len_units,
    const uint8_t *body, size_t body_len)
{
	b_put8(f, type);
	b_put8(f, len_units);
	if (body_len)
		b_put(f, body, body_len);
}

void
b_udp(struct bframe *f, uint16_t sport, uint16_t dport, const uint8_t *data,
    size_t len)
{
	/* RFC 768: | Source Port | Destination Port | Length | Checksum | */
	f->next = B_PROTO_UDP;
	f->udp = 1;
	f->csum_off = f->pl_len + 6;
	b_put16(f, sport);
	b_put16(f, dport);
	b_put16(f, (uint16_t)(8 + len));
	b_put16(f, 0);
	b_put(f, data, len);
}

size_t
b_emit(const struct bframe *f, uint8_t *out, size_t cap)
{
	size_t len = B_ETH_HLEN + B_IP6_HLEN + f->pl_len + f->pad;
	uint16_t plen = f->plen >= 0 ? (uint16_t)f->plen : (uint16_t)f->pl_len;
	uint8_t *ip = out + B_ETH_HLEN;
	uint8_t *pl = ip + B_IP6_HLEN;

	if (len > cap)
		return 0;
	/* Ethernet II: destination, source, EtherType */
	memcpy(out, f->eth_dst, 6);
	memcpy(out + 6, f->eth_src, 6);
	out[12] = (uint8_t)(f->ethertype >> 8);
	out[13] = (uint8_t)f->ethertype;
	/*
	 * RFC 8200 3:
	 * |Version| Traffic Class |           Flow Label                  |
	 * |         Payload Length        |  Next Header  |   Hop Limit   |
	 * |                        Source Address (128)                   |
	 * |                     Destination Address (128)                 |
	 */
	ip[0] = (uint8_t)(f->version << 4 | f->tclass >> 4);
	ip[1] = (uint8_t)((f->tclass & 0x0f) << 4 | ((f->flow >> 16) & 0x0f));
	ip[2] = (uint8_t)(f->flow >> 8);
	ip[3] = (uint8_t)f->flow;
	ip[4] = (uint8_t)(plen >> 8);
	ip[5] = (uint8_t)plen;
	ip[6] = f->next;
	ip[7] = f->hlim;
	memcpy(ip + 8, f->src.s6_addr, 16);
	memcpy(ip + 24, f->dst.s6_addr, 16);
	memcpy(pl, f->pl, f->pl_len);
	if (f->csum_off != B_NO_CSUM && f->csum_off + 2 <= f->pl_len) {
		uint16_t c;

		pl[f->csum_off] = 0;
		pl[f->csum_off + 1] = 0;
		c = b_csum6(&f->src, &f->dst, f->next, pl, f->pl_len);
		if (f->udp && c == 0)
			c = 0xffff; /* RFC 768 / RFC 8200 8.1 */
		c ^= f->csum_xor;
		pl[f->csum_off] = (uint8_t)(c >> 8);
		pl[f->csum_off + 1] = (uint8_t)c;
	}
	memset(pl + f->pl_len, f->pad_byte, f->pad);
	return len;
}

void
b_ns_mcast(struct bframe *f, const uint8_t src_mac[6],
    const struct in6_addr *src, const struct in6_addr *target, int slla)
{
	uint8_t mac[6];
	struct in6_addr g = b_snmc(target);

	b_mcast_mac(mac, &g);
	b_init(f, src_mac, mac, src, &g);
	b_ns(f, target);
	if (slla)
		b_opt_lla(f, B_ND_OPT_SLLA, src_mac);
}

void
b_hexdump(const char *title, const uint8_t *b, size_t len)
{
	size_t i;

	fprintf(stderr, "    %s (%zu bytes):", title, len);
	for (i = 0; i < len; i++) {
		if (i % 16 == 0)
			fprintf(stderr, "\n      %04zx:", i);
		fprintf(stderr, " %02x", b[i]);
	}
	fputc('\n', stderr);
}
