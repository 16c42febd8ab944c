/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the link backends share: the common part of struct v6_link, the
 * backend operations table and a few helpers implemented in link.c.
 *
 * Each backend allocates its own state with struct v6_link as its first
 * member and hands back a pointer to that member; link.c dispatches through
 * link->be and never looks further.
 *
 * Nothing here is seen outside src/link.
 */
#ifndef V6_LINK_LINK_INTERNAL_H
#define V6_LINK_LINK_INTERNAL_H

#include <net/if.h>
#include <stddef.h>
#include <stdint.h>

#include "link/link.h"

#define V6_LINK_ETH_HLEN 14

/*
 * The largest Ethernet frame a backend accepts or receives: an IPv6 header
 * with the largest non-jumbo payload (RFC 8200 3: Payload Length is 16
 * bits). An MTU-sized frame is at most 65535 + 14 bytes (Linux caps the
 * MTU at 65535); the rest is room for GSO/GRO super-frames.
 */
#define V6_LINK_FRAME_MAX (V6_LINK_ETH_HLEN + 40 + 65535)
/* One buffer slot: V6_LINK_FRAME_MAX rounded up to a multiple of 64. */
#define V6_LINK_SLOT_LEN ((V6_LINK_FRAME_MAX + 63) & ~(size_t)63)

typedef void v6_link_rx_fn(void *ctx, const uint8_t *frame, size_t len);

/*
 * Backend operations. open() fills the common fields of the struct v6_link
 * it returns (except kind and be, which link.c sets). tx() may send at once
 * or queue; everything it accepted must be on the wire when flush()
 * returns.
 */
struct v6_link_backend {
	int (*open)(const struct v6_link_config *cfg, struct v6_link **out,
	    char *err, size_t errlen);
	void (*close)(struct v6_link *link);
	int (*rx_batch)(struct v6_link *link, v6_link_rx_fn *rx, void *ctx,
	    char *err, size_t errlen);
	void (*tx)(struct v6_link *link, const uint8_t *frame, size_t len);
	int (*flush)(struct v6_link *link);
	/* Optional: see v6_link_rx_ready(); NULL means -1. */
	int (*rx_ready)(const struct v6_link *link);
	/* Optional: see v6_link_set_busy_poll(); NULL means 0. */
	int (*set_busy_poll)(struct v6_link *link, unsigned usecs);
	/* Optional: bring stats.rx_dropped up to date from the kernel. */
	void (*read_kernel_stats)(struct v6_link *link);
};

/*
 * The common part of every backend's state.
 *
 * stats.tx_batches counts send system calls for a backend that batches
 * (packet: one per sendmmsg) and flushes that sent at least one frame for
 * a backend that sends frame by frame (pcap, tap).
 */
struct v6_link {
	enum v6_link_kind kind;
	const struct v6_link_backend *be;
	int fd;				/* to poll(2) for POLLIN */
	uint32_t mtu;			/* at open time */
	uint8_t hwaddr[6];		/* the device's own MAC */
	char ifname[IF_NAMESIZE];
	struct v6_link_stats stats;
};

extern const struct v6_link_backend v6_link_packet_backend;
extern const struct v6_link_backend v6_link_pcap_backend;
extern const struct v6_link_backend v6_link_tap_backend;

/*
 * Fill err from an errno value met while opening ifname: the clear
 * messages of link.h for ENODEV/ENXIO, EPERM/EACCES and EBUSY, otherwise
 * "NAME: what: strerror". Always returns -1.
 */
int v6_link_open_error(char *err, size_t errlen, int errnum,
    const char *ifname, const char *what);

/*
 * Fill err from an errno value met by rx or tx on a running link:
 * "interface NAME went down", "interface NAME is gone", or
 * "NAME: what: strerror". Always returns -1.
 */
int v6_link_run_error(char *err, size_t errlen, int errnum,
    const char *ifname, const char *what);

/*
 * Look up an existing Ethernet interface: its index, MTU, MAC and whether
 * it is up. Returns 0, or -1 with a message in err (no such interface, not
 * Ethernet, ...). Any of ifindex, mtu, mac, up may be NULL.
 */
int v6_link_dev_info(const char *ifname, int *ifindex, uint32_t *mtu,
    uint8_t mac[6], int *up, char *err, size_t errlen);

/*
 * A datagram socket for interface ioctls (SIOCGIFFLAGS and friends), close-
 * on-exec. Returns the descriptor, or -1 with errno set.
 */
int v6_link_ctl_socket(void);

/*
 * For backends whose descriptor does not report the device going down
 * (libpcap swallows the socket's ENETDOWN; a TAP descriptor has none): ask
 * the device's flags through ctl_fd. Returns 0 when it is up (or ctl_fd is
 * -1), or -1 with "interface NAME went down" / "... is gone" in err.
 */
int v6_link_check_up(int ctl_fd, const char *ifname, char *err,
    size_t errlen);

/*
 * Copy a user-supplied interface name into dst (IF_NAMESIZE bytes).
 * Returns 0, or -1 with a message in err when it is empty or too long.
 */
int v6_link_copy_ifname(char dst[IF_NAMESIZE], const char *ifname, char *err,
    size_t errlen);

/*
 * Complete a CHECKSUM_PARTIAL UDP or TCP checksum in place (packet.c).
 * frame/len is the whole Ethernet frame, net_off the offset of the IPv6
 * header. The transport checksum field holds the pseudo-header sum; the
 * sum over the transport header and payload is added, folded and
 * complemented. Returns 1 when a checksum was written, 0 when the frame is
 * not IPv6 UDP/TCP, is a fragment, or is malformed (left untouched).
 */
int v6_link_csum_complete(uint8_t *frame, size_t len, size_t net_off);

#endif
