/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The packet backend's TPACKET_V2 receive ring (see packet_ring.h).
 *
 * Slots: frame_size bytes each, the smallest power of two (at least 2048)
 * that holds the ring's frame header and an MTU-sized frame; blocks of
 * PACKET_RING_BLOCK bytes (or one frame, if larger); PACKET_RING_LEN bytes
 * in all, at least PACKET_RING_MIN_FRAMES slots.
 *
 * A frame longer than its slot (a GRO/GSO super-frame, or a frame past the
 * MTU) is not lost: with PACKET_COPY_THRESH the kernel also queues the
 * whole frame on the socket's ordinary receive queue and marks the slot
 * TP_STATUS_COPY; the frame is then read with recvmsg(2) into copy_buf,
 * in its place in the order. Only when that queue is full (SO_RCVBUF) is
 * the frame truncated: counted rx_truncated and skipped.
 *
 * Per frame, in this order (as before with recvmmsg):
 *   TP_STATUS_COPY               the whole frame from the receive queue
 *   tp_snaplen < tp_len          count rx_truncated, skip
 *   sll_pkttype PACKET_OUTGOING  kept: another sender on this device
 *                                (a second stack); never our own frames
 *   VLAN id                      skip: the frame belongs to a VLAN on top
 *                                of this device, not to the untagged link
 *   TP_STATUS_CSUMNOTREADY       complete the UDP/TCP checksum in place
 */
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "link/packet_ring.h"

#define PACKET_RING_LEN (4u << 20)
#define PACKET_RING_BLOCK (64u << 10)
#define PACKET_RING_MIN_FRAMES 64u
#define PACKET_RING_AUX_LEN CMSG_SPACE(sizeof(struct tpacket_auxdata))

/* Slot size for a device MTU: the kernel puts the frame at a 16-aligned
 * offset past the header and sockaddr_ll (net/packet/af_packet.c). */
static unsigned
ring_frame_size(uint32_t mtu)
{
	size_t need = TPACKET_ALIGN(TPACKET2_HDRLEN + 16) + V6_LINK_ETH_HLEN +
	    (size_t)mtu;
	unsigned size = 2048;

	while (size < need && size < (1u << 20))
		size <<= 1;
	return size;
}

int
packet_ring_setup(struct packet_ring *r, int fd, uint32_t mtu,
    const char *ifname, char *err, size_t errlen)
{
	struct tpacket_req req;
	int v2 = TPACKET_V2, one = 1;
	unsigned block;
	size_t len;
	void *map;

	memset(r, 0, sizeof(*r));
	r->frame_size = ring_frame_size(mtu);
	block = r->frame_size > PACKET_RING_BLOCK ? r->frame_size
						  : PACKET_RING_BLOCK;
	len = PACKET_RING_LEN;
	if (len < (size_t)PACKET_RING_MIN_FRAMES * r->frame_size)
		len = (size_t)PACKET_RING_MIN_FRAMES * r->frame_size;
	memset(&req, 0, sizeof(req));
	req.tp_block_size = block;
	req.tp_block_nr = (unsigned)((len + block - 1) / block);
	req.tp_frame_size = r->frame_size;
	req.tp_frame_nr = req.tp_block_nr * (block / r->frame_size);
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v2, sizeof(v2)) < 0)
		return v6_link_open_error(err, errlen, errno, ifname,
		    "PACKET_VERSION");
	if (setsockopt(fd, SOL_PACKET, PACKET_COPY_THRESH, &one,
		sizeof(one)) < 0)
		return v6_link_open_error(err, errlen, errno, ifname,
		    "PACKET_COPY_THRESH");
	if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) < 0)
		return v6_link_open_error(err, errlen, errno, ifname,
		    "PACKET_RX_RING");
	r->frame_nr = req.tp_frame_nr;
	r->map_len = (size_t)req.tp_block_nr * block;
	map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	if (map == MAP_FAILED) {
		r->map_len = 0;
		return v6_link_open_error(err, errlen, errno, ifname,
		    "mmap PACKET_RX_RING");
	}
	r->map = map;
	map = mmap(NULL, V6_LINK_SLOT_LEN, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return v6_link_open_error(err, errlen, errno, ifname,
		    "mmap buffer");
	r->copy_buf = map;
	return 0;
}

void
packet_ring_free(struct packet_ring *r)
{
	if (r->map != NULL)
		munmap(r->map, r->map_len);
	if (r->copy_buf != NULL)
		munmap(r->copy_buf, V6_LINK_SLOT_LEN);
	memset(r, 0, sizeof(*r));
}

/* Slot i's header. Frames never straddle blocks, and frame_size divides
 * the block size, so slots are evenly spaced. */
static struct tpacket2_hdr *
ring_slot(const struct packet_ring *r, unsigned i)
{
	return (struct tpacket2_hdr *)(r->map + (size_t)i * r->frame_size);
}

int
packet_ring_ready(const struct packet_ring *r)
{
	const struct tpacket2_hdr *h = ring_slot(r, r->head);

	return (__atomic_load_n(&h->tp_status, __ATOMIC_ACQUIRE) &
	    TP_STATUS_USER) != 0;
}

/* The error the socket holds (ENETDOWN when the device went down). */
static int
ring_sock_error(int fd)
{
	int e = 0;
	socklen_t len = sizeof(e);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		return errno;
	return e;
}

/* Turn a socket errno into the link's run-time message. */
static int
ring_error(struct v6_link *link, int ifindex, int e, const char *what,
    char *err, size_t errlen)
{
	char name[IF_NAMESIZE];

	/* The kernel says ENETDOWN for down and for deleted alike. */
	if (e == ENETDOWN && if_indextoname((unsigned)ifindex, name) == NULL)
		e = ENODEV;
	return v6_link_run_error(err, errlen, e, link->ifname, what);
}

/*
 * The whole frame of a TP_STATUS_COPY slot, from the receive queue, with
 * its status and net offset from PACKET_AUXDATA. Returns its length, 0 when
 * it is not there (counted truncated), -1 on a socket error (in err).
 */
static ssize_t
ring_read_copy(struct packet_ring *r, struct v6_link *link, int ifindex,
    uint32_t *status, size_t *net_off, char *err, size_t errlen)
{
	union {
		struct cmsghdr align;
		uint8_t buf[PACKET_RING_AUX_LEN];
	} cbuf;
	struct iovec iov = { r->copy_buf, V6_LINK_SLOT_LEN };
	struct msghdr mh;
	struct cmsghdr *c;
	struct tpacket_auxdata aux;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf.buf;
	mh.msg_controllen = sizeof(cbuf.buf);
	n = recvmsg(link->fd, &mh, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		return ring_error(link, ifindex, errno, "recvmsg", err,
		    errlen);
	}
	if (mh.msg_flags & MSG_TRUNC)
		return 0;
	*status = 0;
	*net_off = V6_LINK_ETH_HLEN;
	for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_PACKET &&
		    c->cmsg_type == PACKET_AUXDATA &&
		    c->cmsg_len >= CMSG_LEN(sizeof(aux))) {
			memcpy(&aux, CMSG_DATA(c), sizeof(aux));
			*status = aux.tp_status;
			*net_off = aux.tp_net;
		}
	}
	return n;
}

/*
 * Check one slot's frame and deliver it. Returns 1 if delivered, 0 if
 * skipped, -1 on a socket error (in err).
 */
static int
ring_deliver(struct packet_ring *r, struct v6_link *link, int ifindex,
    struct tpacket2_hdr *h, uint32_t status, v6_link_rx_fn *rx, void *ctx,
    char *err, size_t errlen)
{
	uint8_t *frame = (uint8_t *)h + h->tp_mac;
	size_t len = h->tp_snaplen, net_off = h->tp_net - h->tp_mac;

	if (status & TP_STATUS_COPY) {
		/* Read it even if skipped below: the queue stays in step. */
		ssize_t n = ring_read_copy(r, link, ifindex, &status, &net_off,
		    err, errlen);

		if (n < 0)
			return -1;
		if (n == 0) {
			link->stats.rx_truncated++;
			return 0;
		}
		frame = r->copy_buf;
		len = (size_t)n;
	} else if (h->tp_snaplen < h->tp_len) {
		link->stats.rx_truncated++;
		return 0;
	}
	if ((status & TP_STATUS_VLAN_VALID) && (h->tp_vlan_tci & 0x0fff) != 0)
		return 0;
	if ((status & TP_STATUS_CSUMNOTREADY) &&
	    v6_link_csum_complete(frame, len, net_off))
		link->stats.rx_csum_completed++;
	link->stats.rx_frames++;
	rx(ctx, frame, len);
	return 1;
}

int
packet_ring_rx(struct packet_ring *r, struct v6_link *link, int ifindex,
    v6_link_rx_fn *rx, void *ctx, char *err, size_t errlen)
{
	unsigned i, n_rx = 0;

	for (i = 0; i < V6_LINK_BATCH; i++) {
		struct tpacket2_hdr *h = ring_slot(r, r->head);
		uint32_t status = __atomic_load_n(&h->tp_status,
		    __ATOMIC_ACQUIRE);
		int got;

		if (!(status & TP_STATUS_USER))
			break;
		got = ring_deliver(r, link, ifindex, h, status, rx, ctx, err,
		    errlen);
		/* The slot goes back to the kernel once rx has returned. */
		__atomic_store_n(&h->tp_status, TP_STATUS_KERNEL,
		    __ATOMIC_RELEASE);
		r->head = r->head + 1 == r->frame_nr ? 0 : r->head + 1;
		if (got < 0)
			return -1;
		n_rx += (unsigned)got;
	}
	if (i > 0) {
		link->stats.rx_batches++;
		return (int)n_rx;
	}
	/* Woken with nothing in the ring: the device may have gone. */
	{
		int e = ring_sock_error(link->fd);

		if (e != 0)
			return ring_error(link, ifindex, e, "receive", err,
			    errlen);
	}
	return 0;
}
