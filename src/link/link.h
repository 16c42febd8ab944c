/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Link backends: the only code that touches a network device.
 *
 * One small interface over three backends:
 *   packet  AF_PACKET on an existing interface, batched with
 *           recvmmsg/sendmmsg; completes CHECKSUM_PARTIAL sums
 *           (TP_STATUS_CSUMNOTREADY in PACKET_AUXDATA); returns the frames
 *           others send on the device (PACKET_OUTGOING), never its own.
 *   pcap    libpcap capture and inject, direction "in" only.
 *   tap     creates a TAP device (IFF_TAP|IFF_NO_PI) and brings it up; the
 *           kernel on that device is the peer.
 *
 * The link never sees the core's internals; the CLI glues v6_link_tx() to
 * struct v6_link_ops.tx and v6_link_rx_batch()'s callback to v6_input().
 */
#ifndef V6_LINK_LINK_H
#define V6_LINK_LINK_H

#include <stdbool.h>
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

/*
 * Busy polling (off by default) on the backend's socket: SO_BUSY_POLL with
 * usecs microseconds (0 turns it off), SO_PREFER_BUSY_POLL and
 * SO_BUSY_POLL_BUDGET, where the backend has a socket (packet). Best
 * effort: the kernel applies them only to devices whose receive runs in
 * NAPI, and a value above net.core.busy_read needs CAP_NET_ADMIN. Returns
 * 1 if the socket took SO_BUSY_POLL, 0 if not (or no socket). The spinning
 * itself is v6_link_busy_wait().
 */
int v6_link_set_busy_poll(struct v6_link *link, unsigned usecs);

/*
 * Is a received frame waiting? 1 or 0, told without a system call where
 * the backend can (packet: the receive ring's next slot); -1 when the
 * backend cannot tell without one (poll its descriptor instead).
 */
int v6_link_rx_ready(const struct v6_link *link);

/*
 * Busy polling, instead of sleeping in poll(2): spin until a frame is
 * waiting on one of the n links or max_ns nanoseconds have passed. Links
 * that cannot tell without a system call (v6_link_rx_ready() < 0) are asked
 * with a zero-timeout poll(2) on each pass. At most V6_LINK_BUSY_MAX links
 * (the rest are not watched). Returns the index of a link
 * with a frame waiting (or an error to report: its descriptor polled
 * POLLERR), or -1 when max_ns passed. It spends a core while it spins:
 * callers use it only when asked to (off by default), and still poll(2)
 * with a zero timeout afterwards for their other descriptors.
 */
#define V6_LINK_BUSY_MAX 32 /* links one v6_link_busy_wait() watches */
int v6_link_busy_wait(struct v6_link *const *links, unsigned n,
    uint64_t max_ns);

/*
 * Is the device up with its carrier (IFF_UP and IFF_RUNNING)? 1 or 0, -1
 * when it cannot be told (the device is gone). A link that went down is
 * waited for: poll(2) reports POLLERR (the packet socket's ENETDOWN), the
 * caller stops polling it and asks this until it is back; the packet
 * socket is bound again by the kernel when the device comes up.
 */
int v6_link_running(const struct v6_link *link);
/* The socket's pending error (SO_ERROR, which reading clears): 0, or an
 * errno value (ENETDOWN after the device went down). */
int v6_link_take_error(struct v6_link *link);

/*
 * Counters of the backend itself. rx_dropped: frames the kernel dropped
 * before the stack could read them, its receive ring or queue being full
 * (packet: PACKET_STATISTICS tp_drops; pcap: pcap_stats ps_drop), i.e.
 * the stack fell behind a flood; never counted by the core, which never
 * saw them. Reading them is a system call: not on the per-packet path.
 */
struct v6_link_stats {
	uint64_t rx_frames, rx_batches, tx_frames, tx_batches, tx_errors,
	    rx_csum_completed, rx_truncated, rx_dropped;
};
void v6_link_stats(struct v6_link *link, struct v6_link_stats *out);

/*
 * --pcap-out (pcapfile.c): every frame in and out, to a pcapng file when
 * the name ends in ".pcapng" (an interface block per interface, the
 * direction of every frame, comments on the frames the stack dropped),
 * else to a classic pcap file (LINKTYPE_ETHERNET, microsecond stamps).
 * Records wait in a buffer allocated at open until v6_pcapfile_flush();
 * nothing is allocated per frame.
 */
struct v6_pcapfile;
enum v6_pcap_dir { V6_PCAP_IN = 1, V6_PCAP_OUT = 2 }; /* pcapng epb_flags */
bool v6_pcapfile_name_is_pcapng(const char *path);
int v6_pcapfile_open(const char *path, struct v6_pcapfile **out, char *err,
    size_t errlen);
/* pcapng: an interface block (name, MAC); returns its id (pcap: 0). */
unsigned v6_pcapfile_add_iface(struct v6_pcapfile *pf, const char *name,
    const uint8_t mac[6]);
void v6_pcapfile_write(struct v6_pcapfile *pf, unsigned ifid,
    enum v6_pcap_dir dir, uint64_t realtime_ns, const uint8_t *frame,
    size_t len);
/* A frame (head_len bytes of head, then len of frame; head may be NULL)
 * whose record takes comments (pcapng opt_comment, one per call) until
 * v6_pcapfile_end; frames written meanwhile follow it. */
void v6_pcapfile_begin(struct v6_pcapfile *pf, unsigned ifid,
    enum v6_pcap_dir dir, uint64_t realtime_ns, const uint8_t *head,
    size_t head_len, const uint8_t *frame, size_t len);
void v6_pcapfile_comment(struct v6_pcapfile *pf, const char *text);
void v6_pcapfile_end(struct v6_pcapfile *pf);
/* Write out what is buffered: 0, or -1 once a write has failed. */
int v6_pcapfile_flush(struct v6_pcapfile *pf);
uint64_t v6_pcapfile_lost_comments(const struct v6_pcapfile *pf);
void v6_pcapfile_close(struct v6_pcapfile *pf);

#endif
