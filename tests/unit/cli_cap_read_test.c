/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * src/cli/cap_read.c: the capture reader of `v6stack explain`. Files are
 * built here byte by byte (pcap: draft-ietf-opsawg-pcap; pcapng:
 * draft-ietf-opsawg-pcapng), in both byte orders: the fields of every
 * frame (number, time, lengths, data), the timestamp units (pcap
 * microseconds and nanoseconds, pcapng if_tsresol 10^-n and 2^-n,
 * if_tsoffset), blocks skipped (unknown types, other link types), and
 * each malformed case ending in -1 with a message, after the frames
 * before it were returned.
 */
#include <stdbool.h>
#include <string.h>

#include "cli/cap_read.h"
#include "lib/t.h"

/* A capture under construction, in one byte order. */
struct cap {
	uint8_t b[4096];
	size_t n;
	bool be;
};

static void
put8(struct cap *c, uint8_t v)
{
	c->b[c->n++] = v;
}

static void
put16(struct cap *c, uint16_t v)
{
	if (c->be) {
		put8(c, (uint8_t)(v >> 8));
		put8(c, (uint8_t)v);
	} else {
		put8(c, (uint8_t)v);
		put8(c, (uint8_t)(v >> 8));
	}
}

static void
put32(struct cap *c, uint32_t v)
{
	if (c->be) {
		put16(c, (uint16_t)(v >> 16));
		put16(c, (uint16_t)v);
	} else {
		put16(c, (uint16_t)v);
		put16(c, (uint16_t)(v >> 16));
	}
}

static void
put(struct cap *c, const void *p, size_t len)
{
	memcpy(c->b + c->n, p, len);
	c->n += len;
}

static void
pad4(struct cap *c)
{
	while (c->n % 4)
		put8(c, 0);
}

/* A 60-byte frame whose bytes are i + k. */
static const uint8_t *
frame(uint8_t k)
{
	static uint8_t f[60];

	for (unsigned i = 0; i < sizeof(f); i++)
		f[i] = (uint8_t)(i + k);
	return f;
}

static void
pcap_header(struct cap *c, uint32_t magic, uint32_t linktype)
{
	put32(c, magic);
	put16(c, 2);
	put16(c, 4);
	put32(c, 0);
	put32(c, 0);
	put32(c, 65535);
	put32(c, linktype);
}

static void
pcap_record(struct cap *c, uint32_t sec, uint32_t frac, uint32_t incl,
    uint32_t orig, const uint8_t *data)
{
	put32(c, sec);
	put32(c, frac);
	put32(c, incl);
	put32(c, orig);
	put(c, data, incl);
}

/* pcapng blocks: the body is written by the caller between begin and end. */
static size_t
block_begin(struct cap *c, uint32_t type)
{
	size_t at = c->n;

	put32(c, type);
	put32(c, 0); /* its length, filled in by block_end */
	return at;
}

static void
block_end(struct cap *c, size_t at)
{
	struct cap len = { .be = c->be };

	pad4(c);
	put32(c, (uint32_t)(c->n - at + 4));
	put32(&len, (uint32_t)(c->n - at));
	memcpy(c->b + at + 4, len.b, 4);
}

static void
shb(struct cap *c)
{
	size_t at = block_begin(c, 0x0a0d0d0a);

	put32(c, 0x1a2b3c4d);
	put16(c, 1);
	put16(c, 0);
	put32(c, 0xffffffff); /* section length: unknown */
	put32(c, 0xffffffff);
	block_end(c, at);
}

/* An IDB; tsresol < 0: none; tsoffset 0: none. */
static void
idb(struct cap *c, uint16_t linktype, int tsresol, int64_t tsoffset)
{
	size_t at = block_begin(c, 1);

	put16(c, linktype);
	put16(c, 0);
	put32(c, 0); /* snaplen: none */
	if (tsresol >= 0) {
		put16(c, 9);
		put16(c, 1);
		put8(c, (uint8_t)tsresol);
		pad4(c);
	}
	if (tsoffset) {
		put16(c, 14);
		put16(c, 8);
		put32(c, c->be ? (uint32_t)((uint64_t)tsoffset >> 32) : (uint32_t)tsoffset);
		put32(c, c->be ? (uint32_t)tsoffset : (uint32_t)((uint64_t)tsoffset >> 32));
	}
	put16(c, 0); /* opt_endofopt */
	put16(c, 0);
	block_end(c, at);
}

static void
epb(struct cap *c, uint32_t ifid, uint64_t ts, uint32_t caplen, uint32_t orig,
    const uint8_t *data)
{
	size_t at = block_begin(c, 6);

	put32(c, ifid);
	put32(c, (uint32_t)(ts >> 32));
	put32(c, (uint32_t)ts);
	put32(c, caplen);
	put32(c, orig);
	put(c, data, caplen);
	block_end(c, at);
}

static int
open_cap(struct cap_reader *r, const struct cap *c)
{
	return cap_open(r, c->b, c->n);
}

TEST(pcap_little_endian_microseconds_two_frames)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	pcap_header(&c, 0xa1b2c3d4, 1);
	pcap_record(&c, 1700000000, 250000, 60, 60, frame(0));
	pcap_record(&c, 1700000001, 1, 40, 1514, frame(7));
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(f.no, 1);
	CHECK_EQ(f.ts_ns, 1700000000ull * 1000000000u + 250000000u);
	CHECK_EQ(f.caplen, 60);
	CHECK_EQ(f.origlen, 60);
	CHECK_MEM(f.data, frame(0), 60);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(f.no, 2);
	CHECK_EQ(f.ts_ns, 1700000001ull * 1000000000u + 1000u);
	CHECK_EQ(f.caplen, 40);
	CHECK_EQ(f.origlen, 1514); /* truncated by the snap length */
	CHECK_MEM(f.data, frame(7), 40);
	CHECK_EQ(cap_next(&r, &f), 0);
	CHECK_EQ(cap_next(&r, &f), 0);
}

TEST(pcap_big_endian_nanoseconds)
{
	struct cap c = { .be = true };
	struct cap_reader r;
	struct cap_frame f;

	pcap_header(&c, 0xa1b23c4d, 1);
	pcap_record(&c, 10, 123456789, 60, 60, frame(1));
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK(r.swap && r.nsec);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(f.ts_ns, 10123456789ull);
	CHECK_MEM(f.data, frame(1), 60);
	CHECK_EQ(cap_next(&r, &f), 0);
}

TEST(pcap_other_link_type_refused)
{
	struct cap c = { 0 };
	struct cap_reader r;

	pcap_header(&c, 0xa1b2c3d4, 101); /* LINKTYPE_RAW */
	CHECK_EQ(open_cap(&r, &c), -1);
	CHECK(strstr(r.err, "link type 101") != NULL);
}

TEST(pcap_fcs_bits_of_the_link_type_ignored)
{
	struct cap c = { 0 };
	struct cap_reader r;

	pcap_header(&c, 0xa1b2c3d4, 0x10000000u | 1);
	CHECK_EQ(open_cap(&r, &c), 0);
}

TEST(pcap_record_past_the_end_after_a_good_one)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	pcap_header(&c, 0xa1b2c3d4, 1);
	pcap_record(&c, 1, 0, 60, 60, frame(0));
	pcap_record(&c, 2, 0, 60, 60, frame(0));
	c.n -= 1; /* the second record loses its last byte */
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(cap_next(&r, &f), -1);
	CHECK(strstr(r.err, "runs past the end") != NULL);
	CHECK(strstr(r.err, "at byte 100") != NULL); /* 24 + 16 + 60 */
	CHECK_EQ(cap_next(&r, &f), -1); /* and it stays an error */
}

TEST(pcap_short_header_and_record_header)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	pcap_header(&c, 0xa1b2c3d4, 1);
	CHECK_EQ(cap_open(&r, c.b, 23), -1);
	CHECK(strstr(r.err, "file header truncated") != NULL);
	put32(&c, 1);
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), -1);
	CHECK(strstr(r.err, "record header truncated") != NULL);
}

TEST(pcap_record_longer_than_the_frame_bound)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	pcap_header(&c, 0xa1b2c3d4, 1);
	put32(&c, 1);
	put32(&c, 0);
	put32(&c, CAP_MAX_FRAME + 1);
	put32(&c, CAP_MAX_FRAME + 1);
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), -1);
	CHECK(strstr(r.err, "longer than 262144") != NULL);
}

TEST(unknown_magic_and_tiny_file)
{
	static const uint8_t junk[8] = "GIF89a..";
	struct cap_reader r;

	CHECK_EQ(cap_open(&r, junk, sizeof(junk)), -1);
	CHECK(strstr(r.err, "unknown magic") != NULL);
	CHECK_EQ(cap_open(&r, junk, 3), -1);
	CHECK(strstr(r.err, "shorter than a file header") != NULL);
}

/* Both byte orders: SHB, IDB with if_tsresol 9, an unknown block that is
 * skipped, two EPBs. */
static void
pcapng_two_frames(bool be)
{
	struct cap c = { .be = be };
	struct cap_reader r;
	struct cap_frame f;
	size_t at;

	shb(&c);
	idb(&c, 1, 9, 0);
	at = block_begin(&c, 0x00000005); /* Interface Statistics: skipped */
	put32(&c, 0);
	put32(&c, 0);
	put32(&c, 0);
	block_end(&c, at);
	epb(&c, 0, 1700000000123456789ull, 60, 60, frame(3));
	epb(&c, 0, 1700000001000000000ull, 59, 60, frame(4));
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(r.be, be);
	CHECK_EQ(f.no, 1);
	CHECK_EQ(f.ts_ns, 1700000000123456789ull);
	CHECK_EQ(f.caplen, 60);
	CHECK_MEM(f.data, frame(3), 60);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(f.no, 2);
	CHECK_EQ(f.caplen, 59); /* padded to 4 in its block: still 59 */
	CHECK_EQ(f.origlen, 60);
	CHECK_MEM(f.data, frame(4), 59);
	CHECK_EQ(cap_next(&r, &f), 0);
}

TEST(pcapng_little_endian)
{
	pcapng_two_frames(false);
}

TEST(pcapng_big_endian)
{
	pcapng_two_frames(true);
}

TEST(pcapng_default_resolution_is_microseconds)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	shb(&c);
	idb(&c, 1, -1, 0);
	epb(&c, 0, 1500000, 60, 60, frame(0));
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(f.ts_ns, 1500000000ull); /* 1.5 s */
}

TEST(pcapng_binary_resolution_and_offset)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	shb(&c);
	idb(&c, 1, 0x80 | 10, 1000); /* 2^-10 s units, +1000 s */
	epb(&c, 0, 1024 * 3 + 512, 60, 60, frame(0));
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(f.ts_ns, 1003500000000ull); /* 3.5 s + 1000 s */
}

TEST(pcapng_other_link_type_skipped_and_counted)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	shb(&c);
	idb(&c, 101, -1, 0); /* interface 0: raw IP */
	idb(&c, 1, -1, 0);   /* interface 1: Ethernet */
	epb(&c, 0, 1, 60, 60, frame(0));
	epb(&c, 1, 2, 60, 60, frame(9));
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(f.no, 2); /* numbered as Wireshark counts: every record */
	CHECK_MEM(f.data, frame(9), 60);
	CHECK_EQ(r.skipped_link, 1);
	CHECK_EQ(cap_next(&r, &f), 0);
}

TEST(pcapng_trailing_length_differs)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	shb(&c);
	idb(&c, 1, -1, 0);
	epb(&c, 0, 1, 60, 60, frame(0));
	c.b[c.n - 4] ^= 4;
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), -1);
	CHECK(strstr(r.err, "trailing length") != NULL);
}

TEST(pcapng_block_longer_than_the_file)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	shb(&c);
	idb(&c, 1, -1, 0);
	epb(&c, 0, 1, 60, 60, frame(0));
	c.n -= 8;
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), -1);
	CHECK(strstr(r.err, "runs past the end") != NULL);
}

TEST(pcapng_packet_data_past_its_block)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;
	struct cap big = { 0 };

	shb(&c);
	idb(&c, 1, -1, 0);
	epb(&c, 0, 1, 60, 60, frame(0));
	/* the captured length rewritten to 64: past the block's 60 + pad */
	put32(&big, 64);
	memcpy(c.b + c.n - 92 + 20, big.b, 4);
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), -1);
	CHECK(strstr(r.err, "runs past its block") != NULL);
}

TEST(pcapng_undeclared_interface_and_new_section)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	shb(&c);
	idb(&c, 1, -1, 0);
	epb(&c, 0, 1, 60, 60, frame(0));
	shb(&c); /* a new section forgets the interfaces */
	epb(&c, 0, 2, 60, 60, frame(0));
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), 1);
	CHECK_EQ(cap_next(&r, &f), -1);
	CHECK(strstr(r.err, "undeclared interface") != NULL);
}

TEST(pcapng_bad_byte_order_magic_and_version)
{
	struct cap c = { 0 };
	struct cap_reader r;
	struct cap_frame f;

	shb(&c);
	c.b[8] = 0x55;
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), -1);
	CHECK(strstr(r.err, "byte-order magic") != NULL);
	c.n = 0;
	shb(&c);
	c.b[12] = 2; /* major version 2 */
	CHECK_EQ(open_cap(&r, &c), 0);
	CHECK_EQ(cap_next(&r, &f), -1);
	CHECK(strstr(r.err, "major version") != NULL);
}

T_MAIN()
