/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * --pcap-out: write every frame in and out to a classic pcap file.
 *
 * Layout (host byte order; readers tell the order from the magic):
 *
 *   global header, 24 bytes
 *     0  magic          0xa1b2c3d4 (microsecond stamps)
 *     4  version        2.4
 *     8  thiszone       0
 *    12  sigfigs        0
 *    16  snaplen        65535
 *    20  network        1 (LINKTYPE_ETHERNET)
 *   per record, 16 bytes, then incl_len bytes of frame
 *     0  ts_sec   4  ts_usec   8  incl_len   12  orig_len
 *
 * Writes go through a 64 KiB stdio buffer; the file is complete after
 * v6_pcapfile_close().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

#define PCAPFILE_MAGIC 0xa1b2c3d4u
#define PCAPFILE_SNAPLEN 65535u
#define PCAPFILE_LINKTYPE_ETHERNET 1u
#define PCAPFILE_BUF_LEN (64 * 1024)

struct v6_pcapfile {
	FILE *f;
	int failed;		/* a write failed; later writes are skipped */
	char buf[PCAPFILE_BUF_LEN];	/* the stream's buffer */
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

/*
 * Create (or truncate) path and write the global header. Returns 0 with
 * *out set, or -1 with a message in err.
 */
int
v6_pcapfile_open(const char *path, struct v6_pcapfile **out, char *err,
    size_t errlen)
{
	struct v6_pcapfile *pf;
	uint8_t h[24];
	int e;

	*out = NULL;
	pf = calloc(1, sizeof(*pf));
	if (pf == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	pf->f = fopen(path, "wbe");
	if (pf->f == NULL) {
		e = errno;
		free(pf);
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "cannot create %s: %s", path,
			    strerror(e));
		return -1;
	}
	setvbuf(pf->f, pf->buf, _IOFBF, sizeof(pf->buf));

	pcapfile_put32(h + 0, PCAPFILE_MAGIC);
	pcapfile_put16(h + 4, 2);
	pcapfile_put16(h + 6, 4);
	pcapfile_put32(h + 8, 0);
	pcapfile_put32(h + 12, 0);
	pcapfile_put32(h + 16, PCAPFILE_SNAPLEN);
	pcapfile_put32(h + 20, PCAPFILE_LINKTYPE_ETHERNET);
	if (fwrite(h, sizeof(h), 1, pf->f) != 1 || fflush(pf->f) != 0) {
		e = errno;
		fclose(pf->f);
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
 * Append one frame stamped realtime_ns (nanoseconds since the Unix epoch),
 * cut to the snap length. A write error stops further writes silently:
 * the capture is a diagnostic aid, never a reason to stop the stack.
 */
void
v6_pcapfile_write(struct v6_pcapfile *pf, uint64_t realtime_ns,
    const uint8_t *frame, size_t len)
{
	uint8_t h[16];
	size_t incl;

	if (pf == NULL || pf->failed)
		return;
	incl = len < PCAPFILE_SNAPLEN ? len : PCAPFILE_SNAPLEN;
	pcapfile_put32(h + 0, (uint32_t)(realtime_ns / 1000000000u));
	pcapfile_put32(h + 4, (uint32_t)(realtime_ns % 1000000000u / 1000u));
	pcapfile_put32(h + 8, (uint32_t)incl);
	pcapfile_put32(h + 12, len > UINT32_MAX ? UINT32_MAX : (uint32_t)len);
	if (fwrite(h, sizeof(h), 1, pf->f) != 1 ||
	    (incl > 0 && fwrite(frame, incl, 1, pf->f) != 1))
		pf->failed = 1;
}

/* Flush and close the file, and free pf. NULL is ok. */
void
v6_pcapfile_close(struct v6_pcapfile *pf)
{
	if (pf == NULL)
		return;
	fflush(pf->f);
	fclose(pf->f);
	free(pf);
}
