/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * AF_PACKET backend: a SOCK_RAW packet socket bound to one interface.
 * Frames come in through a TPACKET_V2 receive ring (packet_ring.c) and go
 * out in sendmmsg(2) batches.
 *
 * Transmit buffers: V6_LINK_BATCH slots of V6_LINK_SLOT_LEN bytes each
 * (about 4 MiB), mapped once at open. Every slot holds V6_LINK_FRAME_MAX
 * bytes, so a raised MTU is not refused here. The mapping is anonymous and
 * demand-paged: only the pages frames actually touch become resident (one
 * or two per slot at a 1500-byte MTU), so the cost in memory follows the
 * traffic.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "link/link.h"
#include "link/link_internal.h"
#include "link/packet_ring.h"

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif
#ifndef SO_PREFER_BUSY_POLL /* Linux 5.11 */
#define SO_PREFER_BUSY_POLL 69
#define SO_BUSY_POLL_BUDGET 70
#endif

#define PACKET_SOCKBUF_LEN (4 * 1024 * 1024) /* SO_RCVBUF/SO_SNDBUF */

struct packet_link {
	struct v6_link link;	/* first: link.c sees only this */
	int ifindex;
	struct packet_ring ring;
	uint8_t *bufs;		/* tx slots */
	size_t bufs_len;
	unsigned n_tx;		/* frames queued in tx slots */
	int tx_failed;		/* a send failed since the last flush */
	struct mmsghdr tx_msg[V6_LINK_BATCH];
	struct iovec tx_iov[V6_LINK_BATCH];
};

/* The packet_link around a struct v6_link. */
static struct packet_link *
packet_of(struct v6_link *link)
{
	return (struct packet_link *)link;
}

/* Transmit slot i. */
static uint8_t *
packet_tx_slot(struct packet_link *pl, unsigned i)
{
	return pl->bufs + (size_t)i * V6_LINK_SLOT_LEN;
}

/* Big-endian 16-bit read. */
static uint16_t
packet_rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * Add the bytes p[0..len) to a ones'-complement sum as 16-bit big-endian
 * words (an odd last byte is padded with zero) and return the new sum,
 * unfolded. Adding 32-bit words is the same sum modulo 0xffff.
 */
static uint64_t
packet_csum_add(uint64_t sum, const uint8_t *p, size_t len)
{
	uint32_t w;

	while (len >= 4) {
		memcpy(&w, p, 4);
		sum += ntohl(w);
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		sum += packet_rd16(p);
		p += 2;
		len -= 2;
	}
	if (len > 0)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

/* Fold a ones'-complement sum to 16 bits. */
static uint16_t
packet_csum_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * See link_internal.h. The IPv6 extension header walk follows RFC 8200 4:
 * Hop-by-Hop (0), Routing (43) and Destination Options (60) share the
 * (next header, length in 8-octet units not counting the first 8) layout;
 * a Fragment header (44) means the transport header may be elsewhere, so
 * nothing is completed. At most 8 extension headers are walked.
 */
int
v6_link_csum_complete(uint8_t *frame, size_t len, size_t net_off)
{
	const uint8_t *ip6;
	size_t off, end, csum_off;
	unsigned next, n_ext;
	uint16_t sum;

	if (net_off > len || len - net_off < 40)
		return 0;
	ip6 = frame + net_off;
	if ((ip6[0] >> 4) != 6)
		return 0;
	end = net_off + 40 + packet_rd16(ip6 + 4);
	if (end > len || end == net_off + 40) /* truncated, or a jumbogram */
		return 0;
	next = ip6[6];
	off = net_off + 40;
	for (n_ext = 0;; n_ext++) {
		if (next == 6 || next == 17)
			break;
		if ((next != 0 && next != 43 && next != 60) || n_ext == 8)
			return 0; /* fragment (44), ESP, unknown, too many */
		if (end - off < 8)
			return 0;
		next = frame[off];
		off += ((size_t)frame[off + 1] + 1) * 8;
		if (off > end)
			return 0;
	}
	csum_off = off + (next == 17 ? 6 : 16);
	if (end - off < (next == 17 ? 8u : 20u))
		return 0;
	/* The field holds the pseudo-header sum: sum it along. */
	sum = (uint16_t)~packet_csum_fold(packet_csum_add(0, frame + off,
	    end - off));
	if (next == 17 && sum == 0)
		sum = 0xffff; /* RFC 8200 8.1: UDP never sends zero */
	frame[csum_off] = (uint8_t)(sum >> 8);
	frame[csum_off + 1] = (uint8_t)sum;
	return 1;
}

/* Set an int socket option; returns what setsockopt returns. */
static int
packet_setopt(int fd, int level, int name, int val)
{
	return setsockopt(fd, level, name, &val, sizeof(val));
}

/*
 * Join a membership (PACKET_MR_*) on the bound interface; mac may be NULL.
 * Returns what setsockopt returns.
 */
static int
packet_membership(struct packet_link *pl, unsigned short type,
    const uint8_t *mac)
{
	struct packet_mreq mr;

	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = pl->ifindex;
	mr.mr_type = type;
	if (mac != NULL) {
		mr.mr_alen = 6;
		memcpy(mr.mr_address, mac, 6);
	}
	return setsockopt(pl->link.fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
	    sizeof(mr));
}

/* Point the transmit message headers at their slots. */
static void
packet_init_msgs(struct packet_link *pl)
{
	unsigned i;

	for (i = 0; i < V6_LINK_BATCH; i++) {
		pl->tx_iov[i].iov_base = packet_tx_slot(pl, i);
		pl->tx_msg[i].msg_hdr.msg_iov = &pl->tx_iov[i];
		pl->tx_msg[i].msg_hdr.msg_iovlen = 1;
		/* No address: the socket's binding names the device. */
	}
}

/*
 * Create the socket, set up its receive ring, bind it to the interface and
 * join the memberships. The socket is created with protocol 0 so it
 * receives nothing until bind() names both ETH_P_ALL and the interface: no
 * frame from another device can slip in between, and none reaches the
 * socket before its ring exists.
 */
static int
packet_socket_setup(struct packet_link *pl, const struct v6_link_config *cfg,
    char *err, size_t errlen)
{
	const char *name = pl->link.ifname;
	struct sockaddr_ll sll;
	int fd;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return v6_link_open_error(err, errlen, errno, name,
		    "socket(AF_PACKET)");
	pl->link.fd = fd;

	/* No PACKET_IGNORE_OUTGOING: it hides every frame sent on the
	 * device, another stack's on the same interface too, whose DAD
	 * probes and answers (RFC 4862 5.4) we must hear. The kernel never
	 * hands a packet socket the frames it sent itself (dev_queue_xmit_nit
	 * skips the originating socket). */
	/* Status and offsets of the frames the ring copies to the queue. */
	if (packet_setopt(fd, SOL_PACKET, PACKET_AUXDATA, 1) < 0)
		return v6_link_open_error(err, errlen, errno, name,
		    "PACKET_AUXDATA");
	if (packet_ring_setup(&pl->ring, fd, pl->link.mtu, name, err,
		errlen) < 0)
		return -1;
	/* Best effort: the FORCE variants need CAP_NET_ADMIN. */
	if (packet_setopt(fd, SOL_SOCKET, SO_RCVBUFFORCE,
		PACKET_SOCKBUF_LEN) < 0)
		(void)packet_setopt(fd, SOL_SOCKET, SO_RCVBUF,
		    PACKET_SOCKBUF_LEN);
	if (packet_setopt(fd, SOL_SOCKET, SO_SNDBUFFORCE,
		PACKET_SOCKBUF_LEN) < 0)
		(void)packet_setopt(fd, SOL_SOCKET, SO_SNDBUF,
		    PACKET_SOCKBUF_LEN);

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = pl->ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return v6_link_open_error(err, errlen, errno, name, "bind");

	/*
	 * The stack's own MAC, when it is not the device's, must pass the
	 * NIC's unicast filter; a device without one (or a driver that
	 * refuses) gets promiscuous mode instead. Memberships end with the
	 * socket.
	 */
	if (cfg->mac != NULL && memcmp(cfg->mac, pl->link.hwaddr, 6) != 0 &&
	    packet_membership(pl, PACKET_MR_UNICAST, cfg->mac) < 0 &&
	    packet_membership(pl, PACKET_MR_PROMISC, NULL) < 0)
		return v6_link_open_error(err, errlen, errno, name,
		    "PACKET_MR_PROMISC");
	/* The 33:33:xx groups of the stack's addresses. */
	if (packet_membership(pl, PACKET_MR_ALLMULTI, NULL) < 0)
		return v6_link_open_error(err, errlen, errno, name,
		    "PACKET_MR_ALLMULTI");
	return 0;
}

/* Release a packet link: socket, buffers, state. */
static void
packet_close(struct v6_link *link)
{
	struct packet_link *pl = packet_of(link);

	packet_ring_free(&pl->ring);
	if (pl->link.fd >= 0)
		close(pl->link.fd);
	if (pl->bufs != NULL)
		munmap(pl->bufs, pl->bufs_len);
	free(pl);
}

/* Open the packet backend on an existing, up, Ethernet interface. */
static int
packet_open(const struct v6_link_config *cfg, struct v6_link **out,
    char *err, size_t errlen)
{
	struct packet_link *pl;
	void *map;
	int up;

	pl = calloc(1, sizeof(*pl));
	if (pl == NULL)
		return v6_link_open_error(err, errlen, ENOMEM,
		    cfg->ifname ? cfg->ifname : "?", "calloc");
	pl->link.fd = -1;
	if (v6_link_copy_ifname(pl->link.ifname, cfg->ifname, err, errlen) <
		0 ||
	    v6_link_dev_info(pl->link.ifname, &pl->ifindex, &pl->link.mtu,
		pl->link.hwaddr, &up, err, errlen) < 0)
		goto fail;
	if (!up) {
		v6_link_open_error(err, errlen, ENETDOWN, pl->link.ifname, "");
		goto fail;
	}

	pl->bufs_len = (size_t)V6_LINK_BATCH * V6_LINK_SLOT_LEN;
	map = mmap(NULL, pl->bufs_len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED) {
		v6_link_open_error(err, errlen, errno, pl->link.ifname,
		    "mmap buffers");
		goto fail;
	}
	pl->bufs = map;
	packet_init_msgs(pl);

	if (packet_socket_setup(pl, cfg, err, errlen) < 0)
		goto fail;
	*out = &pl->link;
	return 0;

fail:
	packet_close(&pl->link);
	return -1;
}

/* Receive from the ring (packet_ring.c). */
static int
packet_rx_batch(struct v6_link *link, v6_link_rx_fn *rx, void *ctx,
    char *err, size_t errlen)
{
	struct packet_link *pl = packet_of(link);

	return packet_ring_rx(&pl->ring, link, pl->ifindex, rx, ctx, err,
	    errlen);
}

/* See link.h: best effort, the kernel decides where they apply. */
static int
packet_set_busy_poll(struct v6_link *link, unsigned usecs)
{
	int on = usecs > 0, took;

	took = packet_setopt(link->fd, SOL_SOCKET, SO_BUSY_POLL,
		   (int)(usecs > 1000000 ? 1000000 : usecs)) == 0;
	(void)packet_setopt(link->fd, SOL_SOCKET, SO_PREFER_BUSY_POLL, on);
	if (on)
		(void)packet_setopt(link->fd, SOL_SOCKET, SO_BUSY_POLL_BUDGET,
		    V6_LINK_BATCH);
	return took && on;
}

/* A frame waiting in the ring (no system call). */
static int
packet_rx_ready(const struct v6_link *link)
{
	return packet_ring_ready(&((const struct packet_link *)link)->ring);
}

/*
 * Send the queued frames with as few sendmmsg calls as the kernel allows.
 * A frame the kernel refuses (too big for the MTU, dropped by the qdisc) is
 * counted and skipped; the device going away drops the rest. The socket is
 * blocking, so a full send buffer pushes back rather than losing frames.
 */
static int
packet_flush(struct v6_link *link)
{
	struct packet_link *pl = packet_of(link);
	unsigned i = 0;
	int n, rc;

	while (i < pl->n_tx) {
		n = sendmmsg(link->fd, &pl->tx_msg[i], pl->n_tx - i, 0);
		if (n > 0) {
			link->stats.tx_batches++;
			link->stats.tx_frames += (unsigned)n;
			i += (unsigned)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		pl->tx_failed = 1;
		if (n < 0 && (errno == ENETDOWN || errno == ENXIO ||
				 errno == ENODEV)) {
			link->stats.tx_errors += pl->n_tx - i;
			break;
		}
		link->stats.tx_errors++; /* the frame at i; go on after it */
		i++;
	}
	pl->n_tx = 0;
	rc = pl->tx_failed ? -1 : 0;
	pl->tx_failed = 0;
	return rc;
}

/* Copy one frame into the next transmit slot; flush when all are full. */
static void
packet_tx(struct v6_link *link, const uint8_t *frame, size_t len)
{
	struct packet_link *pl = packet_of(link);
	unsigned i;

	if (len < V6_LINK_ETH_HLEN || len > V6_LINK_FRAME_MAX) {
		link->stats.tx_errors++;
		pl->tx_failed = 1;
		return;
	}
	i = pl->n_tx++;
	memcpy(packet_tx_slot(pl, i), frame, len);
	pl->tx_iov[i].iov_len = len;
	if (pl->n_tx == V6_LINK_BATCH) {
		int failed = packet_flush(link) < 0;

		/* Keep the failure for the caller's next v6_link_flush(). */
		pl->tx_failed = failed;
	}
}

/* PACKET_STATISTICS clears the kernel's counters as it reads them: add. */
static void
packet_read_kernel_stats(struct v6_link *link)
{
	struct tpacket_stats st;
	socklen_t len = sizeof(st);

	if (getsockopt(link->fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0)
		link->stats.rx_dropped += st.tp_drops;
}

const struct v6_link_backend v6_link_packet_backend = {
	.open = packet_open,
	.close = packet_close,
	.rx_batch = packet_rx_batch,
	.tx = packet_tx,
	.flush = packet_flush,
	.rx_ready = packet_rx_ready,
	.set_busy_poll = packet_set_busy_poll,
	.read_kernel_stats = packet_read_kernel_stats,
};
