/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The capture reader (cap_read.h): pcap (draft-ietf-opsawg-pcap) and
 * pcapng (draft-ietf-opsawg-pcapng). Each record is checked whole before
 * its fields are read: its length against what is left of the buffer,
 * its captured length against its block, the block's two length fields
 * against each other. Errors name the byte offset.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cap_read.h"

#define PCAP_MAGIC_US   0xa1b2c3d4u
#define PCAP_MAGIC_NS   0xa1b23c4du
#define PCAP_HDR_LEN    24
#define PCAP_REC_LEN    16

#define PCAPNG_SHB      0x0a0d0d0au
#define PCAPNG_IDB      0x00000001u
#define PCAPNG_SPB      0x00000003u
#define PCAPNG_EPB      0x00000006u
#define PCAPNG_BOM      0x1a2b3c4du
#define PCAPNG_SHB_MIN  28
#define PCAPNG_IDB_MIN  20
#define PCAPNG_EPB_MIN  32
#define PCAPNG_SPB_MIN  16
#define PCAPNG_OPT_TSRESOL  9
#define PCAPNG_OPT_TSOFFSET 14

static uint32_t
bswap32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

static uint32_t
rd32(const struct cap_reader *r, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return r->swap ? bswap32(v) : v;
}

static uint16_t
rd16(const struct cap_reader *r, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return r->swap ? (uint16_t)((v >> 8) | (v << 8)) : v;
}

static int
fail(struct cap_reader *r, const char *what)
{
	snprintf(r->err, sizeof(r->err), "%s at byte %zu", what, r->off);
	return -1;
}

/* Timestamp units to nanoseconds, saturating: 10^-n or 2^-n seconds. */
static uint64_t
ts_to_ns(uint64_t ts, uint8_t resol)
{
	unsigned __int128 v = ts;
	unsigned n = resol & 0x7f;

	if (resol & 0x80) {
		v = n >= 64 ? 0 : (v * 1000000000u) >> n;
	} else if (n <= 9) {
		for (unsigned i = n; i < 9; i++)
			v *= 10;
	} else {
		for (unsigned i = 9; i < n && v; i++)
			v /= 10;
	}
	return v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
}

static int
pcap_open(struct cap_reader *r, uint32_t magic)
{
	if (r->len < PCAP_HDR_LEN)
		return fail(r, "pcap file header truncated");
	r->swap = magic == bswap32(PCAP_MAGIC_US) || magic == bswap32(PCAP_MAGIC_NS);
	r->nsec = magic == PCAP_MAGIC_NS || magic == bswap32(PCAP_MAGIC_NS);
	r->snaplen = rd32(r, r->buf + 16);
	/* The upper bits of the link type field carry FCS information. */
	r->linktype = rd32(r, r->buf + 20) & 0x0fffffffu;
	if (r->linktype != CAP_LINKTYPE_ETHERNET) {
		snprintf(r->err, sizeof(r->err),
		    "link type %u is not Ethernet (1): not supported", r->linktype);
		return -1;
	}
	r->off = PCAP_HDR_LEN;
	return 0;
}

int
cap_open(struct cap_reader *r, const uint8_t *buf, size_t len)
{
	uint32_t magic;

	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = len;
	if (len < 4)
		return fail(r, "not a capture: shorter than a file header");
	memcpy(&magic, buf, 4);
	if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS ||
	    magic == bswap32(PCAP_MAGIC_US) || magic == bswap32(PCAP_MAGIC_NS))
		return pcap_open(r, magic);
	if (magic == PCAPNG_SHB) {
		r->pcapng = true;
		return 0; /* the Section Header Block is read as a block */
	}
	return fail(r, "not a pcap or pcapng capture (unknown magic number)");
}

static int
pcap_next(struct cap_reader *r, struct cap_frame *f)
{
	const uint8_t *p = r->buf + r->off;
	uint32_t sec, frac, incl, orig;

	if (r->off == r->len)
		return 0;
	if (r->len - r->off < PCAP_REC_LEN)
		return fail(r, "pcap record header truncated");
	sec = rd32(r, p);
	frac = rd32(r, p + 4);
	incl = rd32(r, p + 8);
	orig = rd32(r, p + 12);
	if (incl > CAP_MAX_FRAME)
		return fail(r, "pcap record longer than 262144 bytes");
	if (incl > r->len - r->off - PCAP_REC_LEN)
		return fail(r, "pcap record runs past the end of the file");
	f->no = ++r->records;
	f->ts_ns = (uint64_t)sec * 1000000000u + (r->nsec ? frac : (uint64_t)frac * 1000u);
	f->data = p + PCAP_REC_LEN;
	f->caplen = incl;
	f->origlen = orig < incl ? incl : orig;
	r->off += PCAP_REC_LEN + (size_t)incl;
	return 1;
}

/* Interface Description Block options: if_tsresol, if_tsoffset. */
static void
idb_options(struct cap_reader *r, struct cap_if *ifc, const uint8_t *p, size_t n)
{
	while (n >= 4) {
		uint16_t code = rd16(r, p), olen = rd16(r, p + 2);
		size_t padded = ((size_t)olen + 3) & ~(size_t)3;

		if (code == 0 || padded > n - 4)
			return;
		if (code == PCAPNG_OPT_TSRESOL && olen == 1)
			ifc->tsresol = p[4];
		else if (code == PCAPNG_OPT_TSOFFSET && olen == 8) {
			uint64_t w0 = rd32(r, p + 4), w1 = rd32(r, p + 8);

			/* A 64-bit value in the section's byte order. */
			ifc->tsoffset = (int64_t)(r->be ? (w0 << 32 | w1) : (w1 << 32 | w0));
		}
		p += 4 + padded;
		n -= 4 + padded;
	}
}

/* A Section Header Block: its byte order, and a new interface list. */
static int
shb(struct cap_reader *r, const uint8_t *p, size_t avail, uint32_t *blen)
{
	uint32_t bom;

	if (avail < PCAPNG_SHB_MIN)
		return fail(r, "pcapng section header truncated");
	memcpy(&bom, p + 8, 4);
	if (bom == PCAPNG_BOM)
		r->swap = false;
	else if (bom == bswap32(PCAPNG_BOM))
		r->swap = true;
	else
		return fail(r, "pcapng section header: bad byte-order magic");
	r->be = p[8] == 0x1a;
	if (rd16(r, p + 12) != 1)
		return fail(r, "pcapng section header: major version is not 1");
	*blen = rd32(r, p + 4);
	r->nifs = 0;
	return 0;
}

static int
idb(struct cap_reader *r, const uint8_t *p, uint32_t blen)
{
	struct cap_if *ifc;

	if (blen < PCAPNG_IDB_MIN)
		return fail(r, "pcapng interface block too short");
	if (r->nifs == CAP_MAX_IFS)
		return fail(r, "more than 64 pcapng interfaces in one section");
	ifc = &r->ifs[r->nifs++];
	memset(ifc, 0, sizeof(*ifc));
	ifc->linktype = rd16(r, p + 8);
	ifc->snaplen = rd32(r, p + 12);
	ifc->tsresol = 6;
	idb_options(r, ifc, p + 16, blen - PCAPNG_IDB_MIN);
	return 0;
}

/* An Enhanced or Simple Packet Block into f; 0 when on another link type. */
static int
packet_block(struct cap_reader *r, const uint8_t *p, uint32_t type,
    uint32_t blen, struct cap_frame *f)
{
	const struct cap_if *ifc;
	uint32_t ifid = 0, caplen, orig;
	uint64_t ts = 0;
	size_t hdr;

	if (type == PCAPNG_EPB) {
		if (blen < PCAPNG_EPB_MIN)
			return fail(r, "pcapng packet block too short");
		ifid = rd32(r, p + 8);
		ts = (uint64_t)rd32(r, p + 12) << 32 | rd32(r, p + 16);
		caplen = rd32(r, p + 20);
		orig = rd32(r, p + 24);
		hdr = 28;
	} else {
		if (blen < PCAPNG_SPB_MIN)
			return fail(r, "pcapng simple packet block too short");
		orig = rd32(r, p + 8);
		hdr = 12;
		caplen = orig;
		if (caplen > blen - PCAPNG_SPB_MIN)
			caplen = blen - PCAPNG_SPB_MIN;
	}
	if (ifid >= r->nifs)
		return fail(r, "pcapng packet for an undeclared interface");
	ifc = &r->ifs[ifid];
	if (type == PCAPNG_SPB && ifc->snaplen && caplen > ifc->snaplen)
		caplen = ifc->snaplen;
	if (caplen > blen - hdr - 4)
		return fail(r, "pcapng packet data runs past its block");
	if (caplen > CAP_MAX_FRAME)
		return fail(r, "pcapng packet longer than 262144 bytes");
	r->records++;
	if (ifc->linktype != CAP_LINKTYPE_ETHERNET) {
		r->skipped_link++;
		return 0;
	}
	f->no = r->records;
	f->ts_ns = ts_to_ns(ts, ifc->tsresol) + (uint64_t)ifc->tsoffset * 1000000000u;
	f->data = p + hdr;
	f->caplen = caplen;
	f->origlen = orig < caplen ? caplen : orig;
	return 1;
}

static int
pcapng_next(struct cap_reader *r, struct cap_frame *f)
{
	for (;;) {
		const uint8_t *p = r->buf + r->off;
		size_t avail = r->len - r->off;
		uint32_t type, blen;
		int got = 0;

		if (avail == 0)
			return 0;
		if (avail < 12)
			return fail(r, "pcapng block header truncated");
		memcpy(&type, p, 4); /* the SHB's type reads the same both ways */
		if (type == PCAPNG_SHB) {
			if (shb(r, p, avail, &blen) < 0)
				return -1;
		} else {
			type = rd32(r, p);
			blen = rd32(r, p + 4);
		}
		if (blen < 12 || blen % 4 != 0 || blen > avail)
			return fail(r, "pcapng block length is invalid or runs past the end of the file");
		if (rd32(r, p + blen - 4) != blen)
			return fail(r, "pcapng block's trailing length differs from its leading one");
		if (type == PCAPNG_IDB)
			got = idb(r, p, blen);
		else if (type == PCAPNG_EPB || type == PCAPNG_SPB)
			got = packet_block(r, p, type, blen, f);
		/* Any other block (statistics, name resolution, custom): skipped. */
		if (got < 0)
			return -1;
		r->off += blen;
		if (got == 1)
			return 1;
	}
}

int
cap_next(struct cap_reader *r, struct cap_frame *f)
{
	if (r->err[0])
		return -1;
	return r->pcapng ? pcapng_next(r, f) : pcap_next(r, f);
}
