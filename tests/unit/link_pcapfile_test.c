/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * src/link/pcapfile.c: the --pcap-out writer. The pcapng blocks byte by
 * byte against the layout of draft-ietf-opsawg-pcapng (Section Header,
 * Interface Description with if_name, if_MACaddr and if_tsresol, Enhanced
 * Packet with epb_flags and opt_comment), lengths at both ends of every
 * block, padding to 4 with zeros; comments inserted into a record that
 * frames sent meanwhile follow; what reaches the file at each flush; the
 * classic pcap layout; a buffer too small for an open record.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "link/link.h"
#include "lib/t.h"

static char path[64];
static uint8_t file[4 << 20];

static const uint8_t MAC[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };

static uint32_t
get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint16_t
get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

/* A fresh path with the extension ext; the writer creates the file. */
static struct v6_pcapfile *
open_ext(const char *ext)
{
	struct v6_pcapfile *pf = NULL;
	char err[128];
	int fd;

	snprintf(path, sizeof(path), "/tmp/v6pcapXXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0);
	close(fd);
	unlink(path);
	strcat(path, ext);
	CHECK_EQ(v6_pcapfile_open(path, &pf, err, sizeof(err)), 0);
	return pf;
}

/* The file as it is now on disk: its length. */
static size_t
slurp(void)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	CHECK(fd >= 0);
	n = read(fd, file, sizeof(file));
	close(fd);
	CHECK(n >= 0);
	return n < 0 ? 0 : (size_t)n;
}

/* Every block from off on: a multiple of 4, the same length at both ends,
 * within the file. Returns the number of blocks. */
static int
walk_blocks(size_t off, size_t n)
{
	int blocks = 0;

	while (off < n) {
		uint32_t len = get32(file + off + 4);
		CHECK(len >= 12 && len % 4 == 0 && off + len <= n);
		if (len < 12 || len % 4 || off + len > n)
			return -1;
		CHECK_EQ(get32(file + off + len - 4), len);
		off += len;
		blocks++;
	}
	return blocks;
}

static void
frame_fill(uint8_t *f, size_t n, uint8_t seed)
{
	for (size_t i = 0; i < n; i++)
		f[i] = (uint8_t)(seed + i);
}

TEST(pcapng_chosen_by_extension)
{
	CHECK(v6_pcapfile_name_is_pcapng("x.pcapng"));
	CHECK(v6_pcapfile_name_is_pcapng("/tmp/a.b.pcapng"));
	CHECK(!v6_pcapfile_name_is_pcapng("x.pcap"));
	CHECK(!v6_pcapfile_name_is_pcapng("pcapng"));
	CHECK(!v6_pcapfile_name_is_pcapng("x.pcapng.gz"));
}

TEST(pcapng_section_and_interface_blocks)
{
	struct v6_pcapfile *pf = open_ext(".pcapng");
	static const uint8_t shb_tail[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff };
	size_t n;

	/* The Section Header Block reaches the file at open. */
	n = slurp();
	CHECK_EQ(n, 28);
	CHECK_EQ(get32(file), 0x0a0d0d0au);
	CHECK_EQ(get32(file + 4), 28);
	CHECK_EQ(get32(file + 8), 0x1a2b3c4du);
	CHECK_EQ(get16(file + 12), 1);
	CHECK_EQ(get16(file + 14), 0);
	CHECK_MEM(file + 16, shb_tail, 8); /* section length -1 */
	CHECK_EQ(get32(file + 24), 28);

	CHECK_EQ(v6_pcapfile_add_iface(pf, "eth0", MAC), 0);
	CHECK_EQ(v6_pcapfile_add_iface(pf, "veth-abcde", MAC), 1);
	CHECK_EQ(slurp(), 28); /* buffered until the flush */
	CHECK_EQ(v6_pcapfile_flush(pf), 0);
	n = slurp();
	/* 16 + if_name "eth0" (4 + 4) + if_MACaddr (4 + 8) + if_tsresol
	 * (4 + 4) + opt_endofopt 4 + length 4 = 52. */
	const uint8_t *b = file + 28;
	CHECK_EQ(get32(b), 1);
	CHECK_EQ(get32(b + 4), 52);
	CHECK_EQ(get16(b + 8), 1);  /* LINKTYPE_ETHERNET */
	CHECK_EQ(get16(b + 10), 0); /* reserved */
	CHECK_EQ(get32(b + 12), 65535);
	CHECK_EQ(get16(b + 16), 2);
	CHECK_EQ(get16(b + 18), 4);
	CHECK_MEM(b + 20, "eth0", 4);
	CHECK_EQ(get16(b + 24), 6);
	CHECK_EQ(get16(b + 26), 6);
	CHECK_MEM(b + 28, MAC, 6);
	CHECK_EQ(get16(b + 34), 0); /* padding */
	CHECK_EQ(get16(b + 36), 9);
	CHECK_EQ(get16(b + 38), 1);
	CHECK_EQ(b[40], 9); /* 10^-9 s */
	CHECK_EQ(b[41] | b[42] | b[43], 0);
	CHECK_EQ(get32(b + 44), 0); /* opt_endofopt */
	CHECK_EQ(get32(b + 48), 52);
	/* The second: "veth-abcde" is 10 bytes, padded to 12: 60 bytes. */
	CHECK_EQ(get32(file + 28 + 52 + 4), 60);
	CHECK_EQ(get16(file + 28 + 52 + 18), 10);
	CHECK_MEM(file + 28 + 52 + 20, "veth-abcde\0\0", 12);
	CHECK_EQ(n, 28 + 52 + 60);
	CHECK_EQ(walk_blocks(0, n), 3);
	v6_pcapfile_close(pf);
	unlink(path);
}

/* An EPB for a 61-byte frame: 28 + 64 (padded) + epb_flags 8 + end 4 +
 * length 4 = 108. */
static void
check_epb(const uint8_t *b, uint32_t ifid, uint64_t ts, const uint8_t *f,
    size_t flen, uint32_t dir, uint32_t blen)
{
	size_t p = 28 + ((flen + 3) & ~(size_t)3);

	CHECK_EQ(get32(b), 6);
	CHECK_EQ(get32(b + 4), blen);
	CHECK_EQ(get32(b + 8), ifid);
	CHECK_EQ(get32(b + 12), (uint32_t)(ts >> 32));
	CHECK_EQ(get32(b + 16), (uint32_t)ts);
	CHECK_EQ(get32(b + 20), flen);
	CHECK_EQ(get32(b + 24), flen);
	CHECK_MEM(b + 28, f, flen);
	for (size_t i = 28 + flen; i < p; i++)
		CHECK_EQ(b[i], 0);
	CHECK_EQ(get16(b + p), 2);
	CHECK_EQ(get16(b + p + 2), 4);
	CHECK_EQ(get32(b + p + 4), dir);
	CHECK_EQ(get32(b + blen - 4), blen);
}

TEST(pcapng_enhanced_packet_blocks)
{
	struct v6_pcapfile *pf = open_ext(".pcapng");
	uint64_t ts = 1796000000123456789ull;
	uint8_t f[61], g[64];
	size_t n;

	frame_fill(f, sizeof(f), 1);
	frame_fill(g, sizeof(g), 7);
	(void)v6_pcapfile_add_iface(pf, "a", MAC);
	(void)v6_pcapfile_add_iface(pf, "b", MAC);
	v6_pcapfile_write(pf, 1, V6_PCAP_OUT, ts, f, sizeof(f));
	v6_pcapfile_write(pf, 0, V6_PCAP_IN, ts + 1, g, sizeof(g));
	CHECK_EQ(v6_pcapfile_flush(pf), 0);
	n = slurp();
	size_t off = 28 + 2 * 52;
	check_epb(file + off, 1, ts, f, sizeof(f), 2, 108);
	CHECK_EQ(get32(file + off + 104 - 4), 0); /* opt_endofopt */
	check_epb(file + off + 108, 0, ts + 1, g, sizeof(g), 1, 108);
	CHECK_EQ(n, off + 216);
	CHECK_EQ(walk_blocks(0, n), 5);
	v6_pcapfile_close(pf);
	unlink(path);
}

TEST(pcapng_comments_on_the_open_record)
{
	struct v6_pcapfile *pf = open_ext(".pcapng");
	uint8_t rx[62], tx[70];
	const char *c1 = "drop NDISC_HOPLIMIT: RFC 4861 7.1.1: hop limit";
	const char *c2 = "abc"; /* 3 bytes, padded to 4 */
	size_t n, l1 = strlen(c1), p1 = (l1 + 3) & ~(size_t)3;

	frame_fill(rx, sizeof(rx), 3);
	frame_fill(tx, sizeof(tx), 9);
	(void)v6_pcapfile_add_iface(pf, "eth0", MAC);
	v6_pcapfile_begin(pf, 0, V6_PCAP_IN, 1000, NULL, 0, rx, sizeof(rx));
	/* A reply sent while the frame is handled, then two drops. */
	v6_pcapfile_write(pf, 0, V6_PCAP_OUT, 2000, tx, sizeof(tx));
	/* Flushing now leaves the open record (and what follows) buffered. */
	CHECK_EQ(v6_pcapfile_flush(pf), 0);
	CHECK_EQ(slurp(), 28 + 52);
	v6_pcapfile_comment(pf, c1);
	v6_pcapfile_comment(pf, c2);
	v6_pcapfile_end(pf);
	v6_pcapfile_comment(pf, "after the end: lost");
	CHECK_EQ(v6_pcapfile_lost_comments(pf), 1);
	CHECK_EQ(v6_pcapfile_flush(pf), 0);
	n = slurp();

	const uint8_t *b = file + 28 + 52;
	uint32_t blen = 28 + 64 + 8 + (4 + (uint32_t)p1) + (4 + 4) + 4 + 4;
	check_epb(b, 0, 1000, rx, sizeof(rx), 1, blen);
	const uint8_t *o = b + 28 + 64 + 8;
	CHECK_EQ(get16(o), 1);
	CHECK_EQ(get16(o + 2), l1);
	CHECK_MEM(o + 4, c1, l1);
	for (size_t i = l1; i < p1; i++)
		CHECK_EQ(o[4 + i], 0);
	o += 4 + p1;
	CHECK_EQ(get16(o), 1);
	CHECK_EQ(get16(o + 2), 3);
	CHECK_MEM(o + 4, "abc\0", 4);
	CHECK_EQ(get32(o + 8), 0); /* opt_endofopt */
	/* The reply follows, untouched. */
	check_epb(b + blen, 0, 2000, tx, sizeof(tx), 2, 28 + 72 + 16);
	CHECK_EQ(n, 28 + 52 + blen + 116);
	CHECK_EQ(walk_blocks(0, n), 4);
	v6_pcapfile_close(pf);
	unlink(path);
}

/* A record made of a head and a frame (a packet of ours given its
 * Ethernet header by the caller): the two back to back, one length. */
TEST(pcapng_record_from_head_and_frame)
{
	struct v6_pcapfile *pf = open_ext(".pcapng");
	uint8_t head[14], pkt[47], whole[61];
	size_t n;

	frame_fill(head, sizeof(head), 40);
	frame_fill(pkt, sizeof(pkt), 90);
	memcpy(whole, head, 14);
	memcpy(whole + 14, pkt, 47);
	(void)v6_pcapfile_add_iface(pf, "eth0", MAC);
	v6_pcapfile_begin(pf, 0, V6_PCAP_OUT, 5, head, sizeof(head), pkt,
	    sizeof(pkt));
	v6_pcapfile_comment(pf, "drop X: y");
	v6_pcapfile_end(pf);
	v6_pcapfile_close(pf);
	n = slurp();
	check_epb(file + 28 + 52, 0, 5, whole, 61, 2, 108 + 4 + 12);
	CHECK_MEM(file + 28 + 52 + 28 + 64 + 8 + 4, "drop X: y\0\0\0", 12);
	CHECK_EQ(walk_blocks(0, n), 3);
	unlink(path);
}

TEST(pcapng_long_comment_cut)
{
	struct v6_pcapfile *pf = open_ext(".pcapng");
	static char text[3000];
	uint8_t rx[60] = { 0 };
	size_t n;

	memset(text, 'x', sizeof(text) - 1);
	(void)v6_pcapfile_add_iface(pf, "eth0", MAC);
	v6_pcapfile_begin(pf, 0, V6_PCAP_IN, 1, NULL, 0, rx, sizeof(rx));
	v6_pcapfile_comment(pf, text);
	v6_pcapfile_end(pf);
	v6_pcapfile_close(pf);
	n = slurp();
	CHECK_EQ(get16(file + 28 + 52 + 28 + 60 + 8 + 2), 1024);
	CHECK_EQ(n, 28 + 52 + 28 + 60 + 8 + 4 + 1024 + 4 + 4);
	CHECK_EQ(walk_blocks(0, n), 3);
	unlink(path);
}

/* An open record followed by more than the buffer holds: it is closed
 * early, whole, and the comment that comes too late is counted lost; the
 * file stays a valid sequence of blocks with every frame in it. */
TEST(pcapng_open_record_beyond_the_buffer)
{
	struct v6_pcapfile *pf = open_ext(".pcapng");
	static uint8_t big[65535];
	uint8_t rx[60] = { 0 };
	size_t n;

	(void)v6_pcapfile_add_iface(pf, "eth0", MAC);
	v6_pcapfile_begin(pf, 0, V6_PCAP_IN, 1, NULL, 0, rx, sizeof(rx));
	v6_pcapfile_comment(pf, "first");
	for (int i = 0; i < 20; i++)
		v6_pcapfile_write(pf, 0, V6_PCAP_OUT, 2, big, sizeof(big));
	v6_pcapfile_comment(pf, "too late");
	v6_pcapfile_end(pf);
	CHECK_EQ(v6_pcapfile_lost_comments(pf), 1);
	v6_pcapfile_close(pf);
	n = slurp();
	CHECK_EQ(walk_blocks(0, n), 2 + 1 + 20);
	CHECK_MEM(file + 28 + 52 + 28 + 60 + 8 + 4, "first", 5);
}

TEST(pcap_classic_records)
{
	struct v6_pcapfile *pf = open_ext(".pcap");
	uint64_t ts = 1796000000123456789ull;
	uint8_t f[61];
	size_t n;

	frame_fill(f, sizeof(f), 5);
	CHECK_EQ(v6_pcapfile_add_iface(pf, "eth0", MAC), 0); /* nothing */
	v6_pcapfile_begin(pf, 0, V6_PCAP_IN, ts, NULL, 0, f, sizeof(f));
	v6_pcapfile_comment(pf, "not in classic pcap");
	v6_pcapfile_end(pf);
	v6_pcapfile_write(pf, 0, V6_PCAP_OUT, ts, f, 14);
	CHECK_EQ(v6_pcapfile_flush(pf), 0);
	n = slurp();
	CHECK_EQ(n, 24 + 16 + 61 + 16 + 14);
	CHECK_EQ(get32(file), 0xa1b2c3d4u);
	CHECK_EQ(get16(file + 4), 2);
	CHECK_EQ(get16(file + 6), 4);
	CHECK_EQ(get32(file + 16), 65535);
	CHECK_EQ(get32(file + 20), 1);
	CHECK_EQ(get32(file + 24), 1796000000u);
	CHECK_EQ(get32(file + 28), 123456u);
	CHECK_EQ(get32(file + 32), 61);
	CHECK_EQ(get32(file + 36), 61);
	CHECK_MEM(file + 40, f, 61);
	CHECK_EQ(get32(file + 101 + 8), 14);
	v6_pcapfile_close(pf);
	unlink(path);
}

T_MAIN()
