/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Extension header and fragment builders, and a test-side reassembler
 * (see build_frag.h). Independent of src/wire.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build_frag.h"
#include "t.h"

static void
put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static uint16_t
get16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static void
room(const struct bxpkt *p, size_t n)
{
	if (p->len + n > BX_PKT_MAX) {
		fprintf(stderr, "bxpkt: packet too long\n");
		abort();
	}
}

static void
set_plen(struct bxpkt *p)
{
	put16(p->b + 4, (uint16_t)(p->len - 40));
}

void
bx_init(struct bxpkt *p, const uint8_t eth_src[6], const uint8_t eth_dst[6],
    const struct in6_addr *src, const struct in6_addr *dst, uint8_t hlim)
{
	memcpy(p->eth_src, eth_src, 6);
	memcpy(p->eth_dst, eth_dst, 6);
	p->src = *src;
	p->dst = *dst;
	memset(p->b, 0, 40);
	p->b[0] = 0x60; /* RFC 8200 3: version 6, traffic class 0, flow 0 */
	p->b[6] = BX_NH_NONE;
	p->b[7] = hlim;
	memcpy(p->b + 8, src, 16);
	memcpy(p->b + 24, dst, 16);
	p->len = 40;
	p->nh_field = 6;
}

size_t
bx_ext(struct bxpkt *p, uint8_t type, const uint8_t *body, size_t body_len)
{
	size_t at = p->len;

	room(p, 2 + body_len);
	p->b[p->nh_field] = type;
	p->b[at] = BX_NH_NONE;
	p->b[at + 1] = (uint8_t)((2 + body_len) / 8 - 1);
	if (body_len)
		memcpy(p->b + at + 2, body, body_len);
	p->len += 2 + body_len;
	p->nh_field = at;
	set_plen(p);
	return at;
}

size_t
bx_routing(struct bxpkt *p, uint8_t type, uint8_t segleft, unsigned n_addrs)
{
	uint8_t body[6 + 16 * 8] = { 0 };

	body[0] = type;
	body[1] = segleft;
	return bx_ext(p, BX_NH_ROUTING, body, 6 + 16 * (size_t)n_addrs);
}

void
bx_raw(struct bxpkt *p, uint8_t next, const void *b, size_t n)
{
	room(p, n);
	p->b[p->nh_field] = next;
	memcpy(p->b + p->len, b, n);
	p->len += n;
	set_plen(p);
}

uint8_t
bx_pattern(size_t i)
{
	return (uint8_t)(i * 7 + (i >> 8) * 3 + 1);
}

/* Append an upper-layer message of n bytes (already at p->b + p->len) and
 * fill its checksum at csum_off within it. */
static void
finish_upper(struct bxpkt *p, uint8_t next, size_t n, size_t csum_off, int udp)
{
	uint8_t *m = p->b + p->len;
	uint16_t c;

	p->b[p->nh_field] = next;
	m[csum_off] = m[csum_off + 1] = 0;
	c = b_csum6(&p->src, &p->dst, next, m, n);
	if (udp && c == 0)
		c = 0xffff;
	put16(m + csum_off, c);
	p->len += n;
	set_plen(p);
}

void
bx_echo(struct bxpkt *p, uint16_t id, uint16_t seq, size_t data_len)
{
	uint8_t *m = p->b + p->len;

	room(p, 8 + data_len);
	m[0] = B_ICMP6_ECHO_REQUEST;
	m[1] = 0;
	put16(m + 4, id);
	put16(m + 6, seq);
	for (size_t i = 0; i < data_len; i++)
		m[8 + i] = bx_pattern(i);
	finish_upper(p, B_PROTO_ICMPV6, 8 + data_len, 2, 0);
}

void
bx_udp(struct bxpkt *p, uint16_t sport, uint16_t dport, size_t data_len)
{
	uint8_t *m = p->b + p->len;

	room(p, 8 + data_len);
	put16(m, sport);
	put16(m + 2, dport);
	put16(m + 4, (uint16_t)(8 + data_len));
	for (size_t i = 0; i < data_len; i++)
		m[8 + i] = bx_pattern(i);
	finish_upper(p, B_PROTO_UDP, 8 + data_len, 6, 1);
}

void
bx_ns(struct bxpkt *p, const struct in6_addr *target, const uint8_t slla[6])
{
	uint8_t *m = p->b + p->len;

	room(p, 32);
	memset(m, 0, 32);
	m[0] = B_ND_NEIGHBOR_SOLICIT;
	memcpy(m + 8, target, 16);
	m[24] = B_ND_OPT_SLLA;
	m[25] = 1;
	memcpy(m + 26, slla, 6);
	finish_upper(p, B_PROTO_ICMPV6, 32, 2, 0);
}

size_t
bx_frame(const struct bxpkt *p, uint8_t *out, size_t cap)
{
	if (cap < 14 + p->len)
		abort();
	memcpy(out, p->eth_dst, 6);
	memcpy(out + 6, p->eth_src, 6);
	put16(out + 12, B_ETHERTYPE_IPV6);
	memcpy(out + 14, p->b, p->len);
	return 14 + p->len;
}

size_t
bx_frag(const struct bxpkt *p, size_t unfrag, size_t nh_field, uint32_t ident,
    size_t off, size_t n, int more, uint8_t *out, size_t cap)
{
	uint8_t *ip = out + 14, *fh;

	if (cap < 14 + unfrag + 8 + n || unfrag + off + n > p->len) {
		fprintf(stderr, "bx_frag: does not fit\n");
		abort();
	}
	memcpy(out, p->eth_dst, 6);
	memcpy(out + 6, p->eth_src, 6);
	put16(out + 12, B_ETHERTYPE_IPV6);
	memcpy(ip, p->b, unfrag);
	ip[nh_field] = BX_NH_FRAGMENT;
	/* RFC 8200 4.5: Next Header, Reserved, Fragment Offset (8-octet
	 * units) << 3 | Res | M, Identification. */
	fh = ip + unfrag;
	fh[0] = p->b[nh_field];
	fh[1] = 0;
	put16(fh + 2, (uint16_t)((off / 8) << 3 | (more ? 1 : 0)));
	fh[4] = (uint8_t)(ident >> 24);
	fh[5] = (uint8_t)(ident >> 16);
	fh[6] = (uint8_t)(ident >> 8);
	fh[7] = (uint8_t)ident;
	memcpy(fh + 8, p->b + unfrag + off, n);
	put16(ip + 4, (uint16_t)(unfrag - 40 + 8 + n));
	return 14 + unfrag + 8 + n;
}

void
br_init(struct breasm *r)
{
	memset(r, 0, sizeof(*r));
}

int
br_add(const char *file, int line, struct breasm *r, const uint8_t *frame,
    size_t len, size_t unfrag)
{
	const uint8_t *ip = frame + 14, *fh;
	size_t plen, off, n;
	uint32_t ident;
	int more;

	if (len < 14 + unfrag + 8) {
		t_fail(file, line, "fragment frame too short (%zu)", len);
		return -1;
	}
	plen = get16(ip + 4);
	if (len < 14 + 40 + plen || plen < unfrag - 40 + 8) {
		t_fail(file, line, "fragment payload length %zu vs frame %zu", plen, len);
		return -1;
	}
	if (40 + plen > r->max_frame)
		r->max_frame = 40 + plen;
	if ((unfrag == 40 ? ip[6] : ip[40]) != BX_NH_FRAGMENT) {
		t_fail(file, line, "no Fragment header after %zu bytes", unfrag);
		return -1;
	}
	fh = ip + unfrag;
	off = (size_t)(get16(fh + 2) & 0xfff8);
	more = fh[3] & 1;
	ident = (uint32_t)fh[4] << 24 | (uint32_t)fh[5] << 16 |
	    (uint32_t)fh[6] << 8 | fh[7];
	n = 40 + plen - unfrag - 8;
	if (r->n_frags == 0)
		r->ident = ident;
	else if (ident != r->ident)
		t_fail(file, line, "identification %08x, want %08x", ident, r->ident);
	if (more && n % 8 != 0)
		t_fail(file, line, "non-final fragment of %zu bytes (not a multiple of 8)", n);
	if (off + n > 65535) {
		t_fail(file, line, "fragment beyond 65535");
		return -1;
	}
	for (size_t i = off / 8; i < (off + n + 7) / 8; i++) {
		if (r->have[i])
			t_fail(file, line, "overlap at %zu", i * 8);
		r->have[i] = 1;
	}
	memcpy(r->b + unfrag + off, fh + 8, n);
	if (off == 0) {
		memcpy(r->b, ip, unfrag);
		r->unfrag = unfrag;
		r->next = fh[0];
		r->first = 1;
	}
	if (!more) {
		r->total = off + n;
		r->last = 1;
	}
	r->n_frags++;
	return 0;
}

int
br_done(const struct breasm *r)
{
	if (!r->first || !r->last)
		return 0;
	for (size_t i = 0; i < (r->total + 7) / 8; i++)
		if (!r->have[i])
			return 0;
	return 1;
}
