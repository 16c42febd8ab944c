/*
 * Link backends: the only code that touches a network device.
 *
 * One small interface over three backends:
 *   packet  AF_PACKET on an existing interface, batched with
 *           recvmmsg/sendmmsg; completes CHECKSUM_PARTIAL sums
 *           (TP_STATUS_CSUMNOTREADY in PACKET_AUXDATA); never returns frames
 *           the socket sent (PACKET_IGNORE_OUTGOING / PACKET_OUTGOING).
 *   pcap    libpcap capture and inject, direction "in" only.
 *   tap     creates a TAP device (IFF_TAP|IFF_NO_PI) and brings it up; the
 *           kernel on that device is the peer.
 *
 * The link never sees the core's internals; the CLI glues v6_link_tx() to
 * struct v6_link_ops.tx and v6_link_rx_batch()'s callback to v6_input().
 */
#ifndef V6_LINK_LINK_H
#define V6_LINK_LINK_H

#include <stddef.h>
#include <stdint.h>

enum v6_link_kind { V6_LINK_PACKET, V6_LINK_PCAP, V6_LINK_TAP };

#define V6_LINK_BATCH 64 /* frames per recvmmsg/sendmmsg */

struct v6_link_config {
	const char *ifname;
	enum v6_link_kind kind;
	const uint8_t *mac; /* the stack's MAC on this link; NULL: the device's */
};

struct v6_link;

/* Parse "packet", "pcap", "tap". Returns 0 or -1. */
int v6_link_kind_parse(const char *s, enum v6_link_kind *out);
const char *v6_link_kind_name(enum v6_link_kind kind);

/*
 * Open a backend. On failure returns -1 with a clear message in err
 * ("no such interface: eth9", "permission denied opening eth9: run as root
 * or with CAP_NET_RAW/CAP_NET_ADMIN", "device busy: ..."). pcap and tap
 * notice a link that went down only from v6_link_rx_batch().
 */
int v6_link_open(const struct v6_link_config *cfg, struct v6_link **out,
    char *err, size_t errlen);
void v6_link_close(struct v6_link *link);

/* A file descriptor to poll(2) for POLLIN. */
int v6_link_fd(const struct v6_link *link);
/* The device's MTU and its own MAC address. */
uint32_t v6_link_mtu(const struct v6_link *link);
void v6_link_hwaddr(const struct v6_link *link, uint8_t mac[6]);
const char *v6_link_ifname(const struct v6_link *link);

/*
 * Receive up to V6_LINK_BATCH frames without blocking, calling rx(ctx,
 * frame, len) for each; the frame is valid only during the call. Returns
 * the number of frames delivered (0 when none were waiting) or -1 on a fatal
 * error (message in err).
 */
int v6_link_rx_batch(struct v6_link *link,
    void (*rx)(void *ctx, const uint8_t *frame, size_t len), void *ctx,
    char *err, size_t errlen);

/*
 * Queue one frame for transmission (copied). The queue is sent when it
 * holds V6_LINK_BATCH frames or at v6_link_flush(). The signature matches
 * struct v6_link_ops.tx with ctx = the struct v6_link.
 */
void v6_link_tx(void *link, const uint8_t *frame, size_t len);
/* Send everything queued. Returns 0 or -1. */
int v6_link_flush(struct v6_link *link);

/* Counters of the backend itself. */
struct v6_link_stats {
	uint64_t rx_frames, rx_batches, tx_frames, tx_batches, tx_errors,
	    rx_csum_completed, rx_truncated;
};
void v6_link_stats(const struct v6_link *link, struct v6_link_stats *out);

/*
 * --pcap-out: a classic pcap file (LINKTYPE_ETHERNET, microsecond stamps)
 * of every frame in and out.
 */
struct v6_pcapfile;
int v6_pcapfile_open(const char *path, struct v6_pcapfile **out, char *err,
    size_t errlen);
void v6_pcapfile_write(struct v6_pcapfile *pf, uint64_t realtime_ns,
    const uint8_t *frame, size_t len);
void v6_pcapfile_close(struct v6_pcapfile *pf);

#endif
