/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The packet backend's receive side: a TPACKET_V2 PACKET_RX_RING shared
 * with the kernel (PACKET_MMAP), read without a system call per batch.
 *
 * Why V2 and not V3: a V3 ring hands frames over a block at a time, and the
 * kernel wakes the reader (and marks the block the reader's) only when a
 * block is full or its retire timer (tp_retire_blk_tov, in milliseconds)
 * fires; at 1000 packets/s every frame would wait up to that timer, where
 * the stack's echo latency is tens of microseconds. V2 hands over and wakes
 * per frame, and under load the reader still takes whatever is ready in one
 * pass, so batching comes from the load, as with recvmmsg.
 *
 * Nothing here is seen outside src/link.
 */
#ifndef V6_LINK_PACKET_RING_H
#define V6_LINK_PACKET_RING_H

#include <stddef.h>
#include <stdint.h>

#include "link/link_internal.h"

struct packet_ring {
	uint8_t *map;		/* the ring, mapped from the socket */
	size_t map_len;
	unsigned frame_size;	/* bytes per frame slot */
	unsigned frame_nr;	/* frame slots */
	unsigned head;		/* the next slot to look at */
	uint8_t *copy_buf;	/* one V6_LINK_SLOT_LEN frame: TP_STATUS_COPY */
};

/*
 * Set up and map the receive ring on fd, an AF_PACKET socket not bound yet,
 * for frames of a device with this MTU. Returns 0, or -1 with a message in
 * err. packet_ring_free() releases what was set up either way.
 */
int packet_ring_setup(struct packet_ring *r, int fd, uint32_t mtu,
    const char *ifname, char *err, size_t errlen);
void packet_ring_free(struct packet_ring *r);

/* Is the next slot the reader's (a frame waiting)? 1 or 0. */
int packet_ring_ready(const struct packet_ring *r);

/*
 * The backend's rx_batch over the ring: deliver up to V6_LINK_BATCH ready
 * frames to rx and give their slots back. Returns the number delivered, or
 * -1 with a message in err when the socket reports an error (the device
 * went down or away).
 */
int packet_ring_rx(struct packet_ring *r, struct v6_link *link, int ifindex,
    v6_link_rx_fn *rx, void *ctx, char *err, size_t errlen);

#endif
