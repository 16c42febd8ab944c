/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ICMPv6 error and UDP builders and checkers. See build_err.h.
 */
#include "build_err.h"

#include <string.h>

#include "harness.h"
#include "t.h"

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

void
be_icmp6_error(struct bframe *f, uint8_t type, uint8_t code, uint32_t field,
    const uint8_t *quote, size_t len)
{
	/*
	 * RFC 4443 3.1 - 3.4:
	 * |     Type      |     Code      |          Checksum             |
	 * |        Unused / MTU / Pointer (32 bits)                       |
	 * |    As much of invoking packet as possible ...                 |
	 */
	b_icmp6(f, type, code);
	b_put32(f, field);
	if (len)
		b_put(f, quote, len);
}

void
be_raw(struct bframe *f, uint8_t next, const uint8_t *data, size_t len)
{
	f->next = next;
	f->udp = 0;
	f->csum_off = B_NO_CSUM;
	if (len)
		b_put(f, data, len);
}

void
be_udp_len(struct bframe *f, uint16_t sport, uint16_t dport, uint16_t ulen,
    const uint8_t *data, size_t len)
{
	size_t start = f->pl_len, n;
	uint32_t acc = 0;
	uint16_t c;
	uint8_t ph[40];

	/* RFC 768: | Source Port | Destination Port | Length | Checksum | */
	f->next = B_PROTO_UDP;
	f->udp = 1;
	f->csum_off = B_NO_CSUM;
	b_put16(f, sport);
	b_put16(f, dport);
	b_put16(f, ulen);
	b_put16(f, 0);
	b_put(f, data, len);
	n = f->pl_len - start;
	if (n > ulen)
		n = ulen;
	/*
	 * RFC 8200 8.1 pseudo-header with Upper-Layer Packet Length = ulen,
	 * summed by hand here (b_csum6 takes the length from the data).
	 */
	memcpy(ph, f->src.s6_addr, 16);
	memcpy(ph + 16, f->dst.s6_addr, 16);
	ph[32] = ph[33] = 0;
	ph[34] = (uint8_t)(ulen >> 8);
	ph[35] = (uint8_t)ulen;
	ph[36] = ph[37] = ph[38] = 0;
	ph[39] = B_PROTO_UDP;
	for (size_t i = 0; i < 40; i += 2)
		acc += rd16(ph + i);
	for (size_t i = 0; i + 1 < n; i += 2)
		acc += rd16(f->pl + start + i);
	if (n & 1)
		acc += (uint32_t)f->pl[start + n - 1] << 8;
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	c = (uint16_t)~acc;
	if (c == 0)
		c = 0xffff;
	f->pl[start + 6] = (uint8_t)(c >> 8);
	f->pl[start + 7] = (uint8_t)c;
}

int
ce_udp_parse(const struct c_pkt *p, struct ce_udp *u)
{
	memset(u, 0, sizeof(*u));
	if (!p->has_ip6 || p->next != B_PROTO_UDP || p->pl_len < 8)
		return -1;
	u->sport = rd16(p->pl);
	u->dport = rd16(p->pl + 2);
	u->len = rd16(p->pl + 4);
	u->csum = rd16(p->pl + 6);
	u->data = p->pl + 8;
	u->data_len = (u->len >= 8 ? u->len : 8) - 8;
	if (u->data_len > p->pl_len - 8)
		u->data_len = p->pl_len - 8;
	/* Summing over the sent field gives 0 when it is right (0xffff and
	 * 0x0000 sum alike, so a zero field is rejected on its own). */
	u->csum_ok = u->csum != 0 && u->len == p->pl_len &&
	    b_csum6(&p->src, &p->dst, B_PROTO_UDP, p->pl, p->pl_len) == 0;
	return 0;
}

int
ce_check_udp(const char *file, int line, const struct c_pkt *p,
    uint16_t sport, uint16_t dport, const uint8_t *data, size_t len)
{
	struct ce_udp u;
	int bad = 0;

	if (ce_udp_parse(p, &u) != 0) {
		t_fail(file, line, "not UDP (next header %u, %zu payload bytes)",
		    p->next, p->pl_len);
		return -1;
	}
	if (u.sport != sport || u.dport != dport) {
		t_fail(file, line, "UDP ports %u -> %u, want %u -> %u", u.sport,
		    u.dport, sport, dport);
		bad = 1;
	}
	if (u.len != 8 + len || p->plen != 8 + len) {
		t_fail(file, line, "UDP Length %u, IPv6 payload length %u, want "
		    "both %zu", u.len, p->plen, 8 + len);
		bad = 1;
	} else if (len && memcmp(u.data, data, len) != 0) {
		t_fail(file, line, "UDP data differs");
		b_hexdump("got", u.data, len);
		b_hexdump("want", data, len);
		bad = 1;
	}
	if (!u.csum_ok) {
		t_fail(file, line, "UDP checksum 0x%04x does not verify", u.csum);
		bad = 1;
	}
	return bad ? -1 : 0;
}

int
ce_check_icmp6_error(const char *file, int line, const struct c_pkt *p,
    int type, int code, uint32_t field, const uint8_t *quote,
    size_t quote_len)
{
	uint32_t got;
	int bad = 0;

	if (!p->has_icmp6 || p->pl_len < 8) {
		t_fail(file, line, "not an ICMPv6 error (next header %u, %zu "
		    "payload bytes)", p->next, p->pl_len);
		return -1;
	}
	if (p->type != type || p->code != code) {
		t_fail(file, line, "ICMPv6 type %u code %u, want %d code %d",
		    p->type, p->code, type, code);
		bad = 1;
	}
	if (!p->csum_ok) {
		t_fail(file, line, "ICMPv6 checksum 0x%04x does not verify",
		    rd16(p->pl + 2));
		bad = 1;
	}
	got = (uint32_t)p->pl[4] << 24 | (uint32_t)p->pl[5] << 16 |
	    (uint32_t)p->pl[6] << 8 | p->pl[7];
	if (got != field) {
		t_fail(file, line, "ICMPv6 32-bit field 0x%08x, want 0x%08x", got,
		    field);
		bad = 1;
	}
	if (p->plen != 8 + quote_len || p->pl_len != 8 + quote_len) {
		t_fail(file, line, "IPv6 payload length %u (%zu in the frame), "
		    "want 8 + %zu quoted", p->plen, p->pl_len, quote_len);
		bad = 1;
	} else if (memcmp(p->pl + 8, quote, quote_len) != 0) {
		size_t i = 0;

		while (p->pl[8 + i] == quote[i])
			i++;
		t_fail(file, line, "quoted packet differs from byte %zu", i);
		bad = 1;
	}
	return bad ? -1 : 0;
}

size_t
ce_count_icmp6(const struct harness *h, int type, int code)
{
	size_t i, n = h->n_tx < H_TX_MAX ? h->n_tx : H_TX_MAX, k = 0;

	for (i = 0; i < n; i++) {
		struct c_pkt p;

		if (c_parse(&p, h->tx[i], h->tx_len[i]) != 0 || !p.has_icmp6)
			continue;
		if (p.type == type && (code < 0 || p.code == code))
			k++;
	}
	return k;
}
