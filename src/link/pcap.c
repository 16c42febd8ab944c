/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libpcap backend: capture in immediate, non-blocking mode with direction
 * "in" only (so frames we inject are not read back), inject with
 * pcap_inject().
 *
 * Checksum offload: libpcap does not pass on TP_STATUS_CSUMNOTREADY, so a
 * frame whose sender left a CHECKSUM_PARTIAL (a local sender on a veth
 * peer, for one) arrives with only the pseudo-header sum in its UDP/TCP
 * checksum field and the stack drops it as corrupt. Tests using this
 * backend turn transmit offload off on the peer: `ethtool -K IF tx off`.
 * The packet backend completes such sums itself.
 *
 * Frames are injected as soon as v6_link_tx() is called; v6_link_flush()
 * only reports whether any failed since the last flush.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "link/link.h"
#include "link/link_internal.h"

#define PCAP_SNAPLEN 65535
#define PCAP_TIMEOUT_MS 1
#define PCAP_BUFFER_LEN (4 * 1024 * 1024)

struct pcap_link {
	struct v6_link link;	/* first: link.c sees only this */
	pcap_t *p;
	int ctl_fd;		/* for SIOCGIFFLAGS when idle */
	unsigned n_tx;		/* frames sent since the last flush */
	int tx_failed;		/* a send failed since the last flush */
	/* pcap_dispatch() callback state */
	v6_link_rx_fn *rx;
	void *rx_ctx;
	unsigned n_rx;
};

/* The pcap_link around a struct v6_link. */
static struct pcap_link *
pcap_link_of(struct v6_link *link)
{
	return (struct pcap_link *)link;
}

/*
 * Turn a pcap_activate() or setup error into the messages of link.h.
 * Always returns -1.
 */
static int
pcap_link_error(struct pcap_link *pl, int status, const char *what, char *err,
    size_t errlen)
{
	const char *name = pl->link.ifname;

	switch (status) {
	case PCAP_ERROR_NO_SUCH_DEVICE:
		return v6_link_open_error(err, errlen, ENODEV, name, what);
	case PCAP_ERROR_PERM_DENIED:
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		return v6_link_open_error(err, errlen, EPERM, name, what);
	case PCAP_ERROR_IFACE_NOT_UP:
		return v6_link_open_error(err, errlen, ENETDOWN, name, what);
	default:
		break;
	}
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s: %s: %s", name, what,
		    pl->p != NULL ? pcap_geterr(pl->p) : pcap_statustostr(status));
	return -1;
}

/* Release a pcap link. */
static void
pcap_link_close(struct v6_link *link)
{
	struct pcap_link *pl = pcap_link_of(link);

	if (pl->p != NULL)
		pcap_close(pl->p);
	if (pl->ctl_fd >= 0)
		close(pl->ctl_fd);
	free(pl);
}

/* Create, configure and activate the capture handle. */
static int
pcap_link_activate(struct pcap_link *pl, char *err, size_t errlen)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	int rc;

	errbuf[0] = '\0';
	pl->p = pcap_create(pl->link.ifname, errbuf);
	if (pl->p == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: pcap_create: %s",
			    pl->link.ifname, errbuf);
		return -1;
	}
	/* Settings before activation fail only on an activated handle. */
	(void)pcap_set_snaplen(pl->p, PCAP_SNAPLEN);
	(void)pcap_set_promisc(pl->p, 1);
	(void)pcap_set_immediate_mode(pl->p, 1);
	(void)pcap_set_timeout(pl->p, PCAP_TIMEOUT_MS);
	(void)pcap_set_buffer_size(pl->p, PCAP_BUFFER_LEN);
	rc = pcap_activate(pl->p);
	if (rc < 0)
		return pcap_link_error(pl, rc, "pcap_activate", err, errlen);
	/* rc > 0 is a warning (e.g. promiscuous mode not supported). */

	if (pcap_datalink(pl->p) != DLT_EN10MB) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen,
			    "not an Ethernet interface: %s (pcap link type %d)",
			    pl->link.ifname, pcap_datalink(pl->p));
		return -1;
	}
	errbuf[0] = '\0';
	if (pcap_setnonblock(pl->p, 1, errbuf) < 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: pcap_setnonblock: %s",
			    pl->link.ifname, errbuf);
		return -1;
	}
	if (pcap_setdirection(pl->p, PCAP_D_IN) < 0)
		return pcap_link_error(pl, PCAP_ERROR, "pcap_setdirection", err,
		    errlen);
	pl->link.fd = pcap_get_selectable_fd(pl->p);
	if (pl->link.fd < 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: no selectable descriptor",
			    pl->link.ifname);
		return -1;
	}
	return 0;
}

/* Open the pcap backend on an existing, up, Ethernet interface. */
static int
pcap_link_open(const struct v6_link_config *cfg, struct v6_link **out,
    char *err, size_t errlen)
{
	struct pcap_link *pl;
	int up;

	pl = calloc(1, sizeof(*pl));
	if (pl == NULL)
		return v6_link_open_error(err, errlen, ENOMEM,
		    cfg->ifname ? cfg->ifname : "?", "calloc");
	pl->link.fd = -1;
	pl->ctl_fd = -1;
	if (v6_link_copy_ifname(pl->link.ifname, cfg->ifname, err, errlen) <
		0 ||
	    v6_link_dev_info(pl->link.ifname, NULL, &pl->link.mtu,
		pl->link.hwaddr, &up, err, errlen) < 0)
		goto fail;
	if (!up) {
		v6_link_open_error(err, errlen, ENETDOWN, pl->link.ifname, "");
		goto fail;
	}
	if (pcap_link_activate(pl, err, errlen) < 0)
		goto fail;
	pl->ctl_fd = v6_link_ctl_socket();
	if (pl->ctl_fd < 0) {
		v6_link_open_error(err, errlen, errno, pl->link.ifname,
		    "socket");
		goto fail;
	}
	*out = &pl->link;
	return 0;

fail:
	pcap_link_close(&pl->link);
	return -1;
}

/* pcap_dispatch() callback: count and deliver one frame. */
static void
pcap_link_on_frame(u_char *user, const struct pcap_pkthdr *h,
    const u_char *bytes)
{
	struct pcap_link *pl = (struct pcap_link *)(void *)user;

	if (h->caplen < h->len) {
		pl->link.stats.rx_truncated++;
		return;
	}
	pl->link.stats.rx_frames++;
	pl->n_rx++;
	pl->rx(pl->rx_ctx, bytes, h->caplen);
}

/*
 * Deliver up to V6_LINK_BATCH captured frames. libpcap reads and ignores
 * the socket's ENETDOWN (it waits for the device to come back), so a call
 * that finds nothing asks the device's flags (one ioctl, only when idle).
 */
static int
pcap_link_rx_batch(struct v6_link *link, v6_link_rx_fn *rx, void *ctx,
    char *err, size_t errlen)
{
	struct pcap_link *pl = pcap_link_of(link);
	int n;

	pl->rx = rx;
	pl->rx_ctx = ctx;
	pl->n_rx = 0;
	n = pcap_dispatch(pl->p, V6_LINK_BATCH, pcap_link_on_frame,
	    (u_char *)(void *)pl);
	if (n == PCAP_ERROR_BREAK)
		return (int)pl->n_rx;
	if (n < 0) {
		/* Prefer our wording for a device that went down or away. */
		if (v6_link_check_up(pl->ctl_fd, link->ifname, err, errlen) < 0)
			return -1;
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s: %s", link->ifname,
			    pcap_geterr(pl->p));
		return -1;
	}
	if (n > 0)
		link->stats.rx_batches++;
	else if (v6_link_check_up(pl->ctl_fd, link->ifname, err, errlen) < 0)
		return -1;
	return (int)pl->n_rx;
}

/* Inject one frame now. */
static void
pcap_link_tx(struct v6_link *link, const uint8_t *frame, size_t len)
{
	struct pcap_link *pl = pcap_link_of(link);

	if (len < V6_LINK_ETH_HLEN || len > V6_LINK_FRAME_MAX ||
	    pcap_inject(pl->p, frame, len) < 0) {
		link->stats.tx_errors++;
		pl->tx_failed = 1;
		return;
	}
	link->stats.tx_frames++;
	pl->n_tx++;
}

/* Frames are already out; report whether any failed since the last call. */
static int
pcap_link_flush(struct v6_link *link)
{
	struct pcap_link *pl = pcap_link_of(link);
	int rc = pl->tx_failed ? -1 : 0;

	if (pl->n_tx > 0)
		link->stats.tx_batches++;
	pl->n_tx = 0;
	pl->tx_failed = 0;
	return rc;
}

/* pcap_stats counts from the open: ps_drop is the ring's drops so far. */
static void
pcap_link_read_kernel_stats(struct v6_link *link)
{
	struct pcap_stat st;

	if (pcap_stats(pcap_link_of(link)->p, &st) == 0)
		link->stats.rx_dropped = st.ps_drop;
}

const struct v6_link_backend v6_link_pcap_backend = {
	.open = pcap_link_open,
	.close = pcap_link_close,
	.rx_batch = pcap_link_rx_batch,
	.tx = pcap_link_tx,
	.flush = pcap_link_flush,
	.read_kernel_stats = pcap_link_read_kernel_stats,
};
