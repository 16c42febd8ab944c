/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --pcap-out: every frame in and out, to a classic pcap file or, when the
 * name ends in ".pcapng", a pcapng file (draft-ietf-opsawg-pcapng) whose
 * records carry the direction and, for frames the stack dropped, comments.
 *
 * Classic pcap (host byte order; readers tell the order from the magic):
 *
 *   global header, 24 bytes
 *     0  magic 0xa1b2c3d4 (microsecond stamps)   4  version 2.4
 *     8  thiszone 0   12  sigfigs 0   16  snaplen 65535
 *    20  network 1 (LINKTYPE_ETHERNET)
 *   per record, 16 bytes, then incl_len bytes of frame
 *     0  ts_sec   4  ts_usec   8  incl_len   12  orig_len
 *
 * pcapng (host byte order; every block a multiple of 4 bytes, framed by
 * its total length at both ends; options are code(2) length(2) value,
 * padded to 4, and end with opt_endofopt, code 0 length 0):
 *
 *   Section Header Block   0x0a0d0d0a, byte-order magic 0x1a2b3c4d,
 *                          version 1.0, section length -1 (unknown)
 *   Interface Description  type 1: LINKTYPE_ETHERNET, snaplen 65535;
 *     Block, one per       if_name (2), if_MACaddr (6), if_tsresol (9)
 *     interface            = 9 (nanosecond stamps)
 *   Enhanced Packet Block  type 6: interface id, timestamp (high, low 32
 *     per frame            bits of ns since the epoch), captured and
 *                          original length, the frame padded to 4;
 *                          epb_flags (2): bits 0-1 the direction,
 *                          1 inbound, 2 outbound; opt_comment (1) once
 *                          per drop reason
 *
 * Written as it goes: records are built in one buffer, allocated at open,
 * and v6_pcapfile_flush() hands it to write(2) (the caller flushes once
 * per batch), so the file is readable while the stack runs and complete up
 * to the last flush after a crash. An inbound record stays open in the
 * buffer while the stack handles its frame (v6_pcapfile_begin/_end):
 * the frames sent meanwhile follow it, and drop comments are inserted in
 * it, moving those frames up. Nothing is allocated per frame.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "link/link.h"

#define PCAPFILE_MAGIC 0xa1b2c3d4u
#define PCAPFILE_SNAPLEN 65535u
#define PCAPFILE_LINKTYPE_ETHERNET 1u
#define PCAPFILE_BUF_LEN (1024 * 1024) /* > one open record, its replies */
#define PCAPFILE_NO_OPEN ((size_t)-1)

#define PCAPNG_SHB 0x0a0d0d0au
#define PCAPNG_IDB 0x00000001u
#define PCAPNG_EPB 0x00000006u
#define PCAPNG_BOM 0x1a2b3c4du
#define PCAPNG_OPT_END 0
#define PCAPNG_OPT_COMMENT 1
#define PCAPNG_IF_NAME 2
#define PCAPNG_IF_MACADDR 6
#define PCAPNG_IF_TSRESOL 9
#define PCAPNG_EPB_FLAGS 2
#define PCAPNG_TSRESOL_NS 9 /* 10^-9 s */
#define PCAPNG_EPB_FIXED 28 /* type, length, if id, ts x2, caplen, len */
#define PCAPNG_EPB_TAIL 16  /* epb_flags (8), opt_endofopt (4), length (4) */
#define PCAPNG_COMMENT_MAX 1024 /* bytes of one comment, longer ones cut */

struct v6_pcapfile {
	int fd;
	bool pcapng;
	bool failed;		/* a write failed; later writes are skipped */
	unsigned n_ifaces;	/* Interface Description Blocks written */
	size_t open_off;	/* the open inbound record, or PCAPFILE_NO_OPEN */
	size_t used;		/* bytes waiting in buf */
	uint64_t n_lost;	/* comments that found their record gone */
	uint8_t buf[PCAPFILE_BUF_LEN];
};

/* Store v in host byte order at p. */
static void
pcapfile_put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* Store v in host byte order at p. */
static void
pcapfile_put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static uint32_t
pcapfile_get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static size_t
pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Write n bytes at p to the file, whole. 0 or -1 (errno set). */
static int
write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Hand the first n bytes of the buffer to the file and move the rest to
 * the front. */
static void
flush_prefix(struct v6_pcapfile *pf, size_t n)
{
	if (n == 0)
		return;
	if (!pf->failed && write_all(pf->fd, pf->buf, n) < 0)
		pf->failed = true;
	memmove(pf->buf, pf->buf + n, pf->used - n);
	pf->used -= n;
	if (pf->open_off != PCAPFILE_NO_OPEN)
		pf->open_off -= n;
}

/*
 * Room for n more bytes in the buffer: write out what is before the open
 * record; if that is not enough, the open record is closed early (its
 * later comments are lost, counted) and everything goes. Returns the room
 * (n), or 0 when n does not fit even in an empty buffer.
 */
static size_t
reserve(struct v6_pcapfile *pf, size_t n)
{
	if (n > sizeof(pf->buf))
		return 0;
	if (pf->used + n <= sizeof(pf->buf))
		return n;
	if (pf->open_off != PCAPFILE_NO_OPEN) {
		flush_prefix(pf, pf->open_off);
		if (pf->used + n <= sizeof(pf->buf))
			return n;
		pf->open_off = PCAPFILE_NO_OPEN;
	}
	flush_prefix(pf, pf->used);
	return n;
}

/* An option at p: code, length, value padded with zeros. Returns its size. */
static size_t
put_opt(uint8_t *p, uint16_t code, const void *val, size_t len)
{
	size_t n = pad4(len);

	pcapfile_put16(p, code);
	pcapfile_put16(p + 2, (uint16_t)len);
	memcpy(p + 4, val, len);
	memset(p + 4 + len, 0, n - len);
	return 4 + n;
}

/* Close a block of total length n at p: the length at both ends. */
static void
put_block_len(uint8_t *p, size_t n)
{
	pcapfile_put32(p + 4, (uint32_t)n);
	pcapfile_put32(p + n - 4, (uint32_t)n);
}

/* The file's first bytes: the pcap global header or the pcapng Section
 * Header Block. */
static size_t
put_file_header(struct v6_pcapfile *pf, uint8_t *h)
{
	if (!pf->pcapng) {
		pcapfile_put32(h + 0, PCAPFILE_MAGIC);
		pcapfile_put16(h + 4, 2);
		pcapfile_put16(h + 6, 4);
		pcapfile_put32(h + 8, 0);
		pcapfile_put32(h + 12, 0);
		pcapfile_put32(h + 16, PCAPFILE_SNAPLEN);
		pcapfile_put32(h + 20, PCAPFILE_LINKTYPE_ETHERNET);
		return 24;
	}
	pcapfile_put32(h + 0, PCAPNG_SHB);
	pcapfile_put32(h + 8, PCAPNG_BOM);
	pcapfile_put16(h + 12, 1);
	pcapfile_put16(h + 14, 0);
	pcapfile_put32(h + 16, UINT32_MAX); /* section length -1: unknown */
	pcapfile_put32(h + 20, UINT32_MAX);
	put_block_len(h, 28);
	return 28;
}

bool
v6_pcapfile_name_is_pcapng(const char *path)
{
	size_t n = strlen(path);

	return n >= 7 && strcmp(path + n - 7, ".pcapng") == 0;
}

/*
 * Create (or truncate) path and write the file header: pcapng when path
 * ends in ".pcapng", else classic pcap. Returns 0 with *out set, or -1 with
 * a message in err.
 */
int
v6_pcapfile_open(const char *path, struct v6_pcapfile **out, char *err,
    size_t errlen)
{
	struct v6_pcapfile *pf;
	uint8_t h[28];
	size_t n;
	int e;

	*out = NULL;
	pf = calloc(1, sizeof(*pf));
	if (pf == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	pf->pcapng = v6_pcapfile_name_is_pcapng(path);
	pf->open_off = PCAPFILE_NO_OPEN;
	pf->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (pf->fd < 0) {
		e = errno;
		free(pf);
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "cannot create %s: %s", path,
			    strerror(e));
		return -1;
	}
	n = put_file_header(pf, h);
	if (write_all(pf->fd, h, n) < 0) {
		e = errno;
		close(pf->fd);
		free(pf);
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "cannot write %s: %s", path,
			    strerror(e));
		return -1;
	}
	*out = pf;
	return 0;
}

/*
 * pcapng: an Interface Description Block for the next interface (ids count
 * from 0 in the order of these calls): name, MAC, nanosecond stamps.
 * Returns its id (classic pcap: 0, nothing written).
 */
unsigned
v6_pcapfile_add_iface(struct v6_pcapfile *pf, const char *name,
    const uint8_t mac[6])
{
	uint8_t tsresol = PCAPNG_TSRESOL_NS;
	size_t nlen = strlen(name), n, len;
	uint8_t *p;

	if (pf == NULL || !pf->pcapng)
		return 0;
	if (nlen > 255)
		nlen = 255;
	/* header 16, if_name, if_MACaddr, if_tsresol, end, length 4 */
	len = 16 + (4 + pad4(nlen)) + (4 + 8) + (4 + 4) + 4 + 4;
	if (reserve(pf, len) == 0)
		return pf->n_ifaces++;
	p = pf->buf + pf->used;
	pcapfile_put32(p, PCAPNG_IDB);
	pcapfile_put16(p + 8, PCAPFILE_LINKTYPE_ETHERNET);
	pcapfile_put16(p + 10, 0);
	pcapfile_put32(p + 12, PCAPFILE_SNAPLEN);
	n = 16;
	n += put_opt(p + n, PCAPNG_IF_NAME, name, nlen);
	n += put_opt(p + n, PCAPNG_IF_MACADDR, mac, 6);
	n += put_opt(p + n, PCAPNG_IF_TSRESOL, &tsresol, 1);
	pcapfile_put32(p + n, PCAPNG_OPT_END);
	put_block_len(p, len);
	pf->used += len;
	return pf->n_ifaces++;
}

/* Copy head (head_len bytes, may be NULL) then frame to p, incl bytes in
 * all. */
static void
put_data(uint8_t *p, size_t incl, const uint8_t *head, size_t head_len,
    const uint8_t *frame)
{
	size_t h = head_len < incl ? head_len : incl;

	if (h > 0)
		memcpy(p, head, h);
	if (incl > h)
		memcpy(p + h, frame, incl - h);
}

/* One record for head + frame at the end of the buffer; returns its
 * offset, or PCAPFILE_NO_OPEN when it did not fit. */
static size_t
put_record(struct v6_pcapfile *pf, unsigned ifid, enum v6_pcap_dir dir,
    uint64_t realtime_ns, const uint8_t *head, size_t head_len,
    const uint8_t *frame, size_t frame_len)
{
	size_t len = head_len + frame_len;
	size_t incl = len < PCAPFILE_SNAPLEN ? len : PCAPFILE_SNAPLEN, off;
	uint32_t orig = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	size_t rlen = pf->pcapng ? PCAPNG_EPB_FIXED + pad4(incl) + PCAPNG_EPB_TAIL :
	    16 + incl;
	uint32_t flags = (uint32_t)dir;
	uint8_t *p;

	if (pf->failed || reserve(pf, rlen) == 0)
		return PCAPFILE_NO_OPEN;
	off = pf->used;
	p = pf->buf + off;
	if (!pf->pcapng) {
		pcapfile_put32(p + 0, (uint32_t)(realtime_ns / 1000000000u));
		pcapfile_put32(p + 4, (uint32_t)(realtime_ns % 1000000000u / 1000u));
		pcapfile_put32(p + 8, (uint32_t)incl);
		pcapfile_put32(p + 12, orig);
		put_data(p + 16, incl, head, head_len, frame);
	} else {
		pcapfile_put32(p, PCAPNG_EPB);
		pcapfile_put32(p + 8, ifid);
		pcapfile_put32(p + 12, (uint32_t)(realtime_ns >> 32));
		pcapfile_put32(p + 16, (uint32_t)realtime_ns);
		pcapfile_put32(p + 20, (uint32_t)incl);
		pcapfile_put32(p + 24, orig);
		put_data(p + PCAPNG_EPB_FIXED, incl, head, head_len, frame);
		memset(p + PCAPNG_EPB_FIXED + incl, 0, pad4(incl) - incl);
		put_opt(p + PCAPNG_EPB_FIXED + pad4(incl), PCAPNG_EPB_FLAGS, &flags, 4);
		pcapfile_put32(p + rlen - 8, PCAPNG_OPT_END);
		put_block_len(p, rlen);
	}
	pf->used += rlen;
	return off;
}

/*
 * Append one frame of interface ifid (an id from v6_pcapfile_add_iface)
 * going in direction dir, stamped realtime_ns (nanoseconds since the Unix
 * epoch), cut to the snap length. A write error stops further writes
 * silently: the capture is a diagnostic aid, never a reason to stop the
 * stack.
 */
void
v6_pcapfile_write(struct v6_pcapfile *pf, unsigned ifid, enum v6_pcap_dir dir,
    uint64_t realtime_ns, const uint8_t *frame, size_t len)
{
	if (pf != NULL)
		(void)put_record(pf, ifid, dir, realtime_ns, NULL, 0, frame, len);
}

/*
 * A frame, as v6_pcapfile_write, whose first head_len bytes are head (NULL
 * and 0: none), left open for comments until v6_pcapfile_end (a record
 * still open is closed first).
 */
void
v6_pcapfile_begin(struct v6_pcapfile *pf, unsigned ifid, enum v6_pcap_dir dir,
    uint64_t realtime_ns, const uint8_t *head, size_t head_len,
    const uint8_t *frame, size_t len)
{
	if (pf == NULL)
		return;
	pf->open_off = PCAPFILE_NO_OPEN;
	pf->open_off = put_record(pf, ifid, dir, realtime_ns, head, head_len,
	    frame, len);
}

/*
 * pcapng: an opt_comment with text (cut to PCAPNG_COMMENT_MAX bytes) in
 * the open record, after the ones it has; the records written since it
 * move up. No open record (or classic pcap): nothing.
 */
void
v6_pcapfile_comment(struct v6_pcapfile *pf, const char *text)
{
	size_t tlen, olen, blen, at;
	uint8_t *b;

	if (pf == NULL || !pf->pcapng || pf->failed)
		return;
	if (pf->open_off == PCAPFILE_NO_OPEN) {
		pf->n_lost++;
		return;
	}
	tlen = strlen(text);
	if (tlen > PCAPNG_COMMENT_MAX)
		tlen = PCAPNG_COMMENT_MAX;
	olen = 4 + pad4(tlen);
	if (reserve(pf, olen) == 0 || pf->open_off == PCAPFILE_NO_OPEN) {
		pf->n_lost++;
		return;
	}
	b = pf->buf + pf->open_off;
	blen = pcapfile_get32(b + 4);
	at = pf->open_off + blen - 8; /* before opt_endofopt */
	memmove(pf->buf + at + olen, pf->buf + at, pf->used - at);
	put_opt(pf->buf + at, PCAPNG_OPT_COMMENT, text, tlen);
	pf->used += olen;
	put_block_len(b, blen + olen);
}

/* The open record takes no more comments. */
void
v6_pcapfile_end(struct v6_pcapfile *pf)
{
	if (pf != NULL)
		pf->open_off = PCAPFILE_NO_OPEN;
}

/*
 * Write out what is buffered (the callers do so once per batch; an open
 * record and what follows it stay until v6_pcapfile_end). Returns 0, or
 * -1 once a write has failed.
 */
int
v6_pcapfile_flush(struct v6_pcapfile *pf)
{
	if (pf == NULL)
		return 0;
	flush_prefix(pf, pf->open_off != PCAPFILE_NO_OPEN ? pf->open_off : pf->used);
	return pf->failed ? -1 : 0;
}

/* Comments that found no open record to go into (see reserve()). */
uint64_t
v6_pcapfile_lost_comments(const struct v6_pcapfile *pf)
{
	return pf ? pf->n_lost : 0;
}

/* Flush and close the file, and free pf. NULL is ok. */
void
v6_pcapfile_close(struct v6_pcapfile *pf)
{
	if (pf == NULL)
		return;
	pf->open_off = PCAPFILE_NO_OPEN;
	(void)v6_pcapfile_flush(pf);
	close(pf->fd);
	free(pf);
}
