/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capture files in: pcap (both byte orders, microsecond and nanosecond
 * timestamps) and pcapng (Section Header, Interface Description, Enhanced
 * and Simple Packet Blocks; other blocks skipped; both byte orders), for
 * `v6stack explain`. Ethernet link type only. The capture is hostile:
 * every length is checked against the block and the buffer before a byte
 * is read, and nothing is allocated (the caller holds the whole file).
 */
#ifndef V6_CLI_CAP_READ_H
#define V6_CLI_CAP_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CAP_LINKTYPE_ETHERNET 1
#define CAP_MAX_IFS 64     /* pcapng interfaces per section */
#define CAP_MAX_FRAME 262144 /* longest frame accepted (tcpdump's snaplen) */

struct cap_if {
	uint16_t linktype;
	uint32_t snaplen;
	uint8_t tsresol; /* if_tsresol: bit 7 clear 10^-n, set 2^-n */
	int64_t tsoffset; /* if_tsoffset, seconds */
};

struct cap_reader {
	const uint8_t *buf;
	size_t len, off;
	bool pcapng, swap, nsec; /* nsec: pcap with nanosecond timestamps */
	bool be;                 /* pcapng: the section is big-endian */
	uint32_t snaplen, linktype; /* pcap */
	struct cap_if ifs[CAP_MAX_IFS]; /* pcapng, current section */
	unsigned nifs;
	uint32_t records;        /* packet records read, any link type */
	uint32_t skipped_link;   /* of them on a link type other than Ethernet */
	char err[160];
};

struct cap_frame {
	uint32_t no;        /* 1-based, as tcpdump -# and Wireshark count */
	uint64_t ts_ns;     /* since the epoch */
	const uint8_t *data;
	size_t caplen, origlen;
};

/* Start reading buf[0..len). Returns 0, or -1 with a message in r->err. */
int cap_open(struct cap_reader *r, const uint8_t *buf, size_t len);

/* The next Ethernet frame: 1, 0 at the end, -1 with a message in r->err
 * (the frames before it were good). Records on other link types are
 * counted in skipped_link and passed over. */
int cap_next(struct cap_reader *r, struct cap_frame *f);

#endif
