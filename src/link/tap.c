/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * TAP backend: create a TAP device (IFF_TAP | IFF_NO_PI, not persistent),
 * bring it up, and exchange whole Ethernet frames with the kernel through
 * the descriptor: read(2) returns one frame the kernel sent on the device,
 * write(2) hands one frame to the kernel as received on it.
 *
 * The kernel is the peer on the device; the MAC reported by
 * v6_link_hwaddr() is the kernel's side, so the stack must pick another.
 * The device disappears when the descriptor is closed (unless it existed
 * before as a persistent device we attached to).
 *
 * Without IFF_VNET_HDR the kernel completes checksums before the frame
 * reaches us, so there is nothing to fix up on receive.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "link/link.h"
#include "link/link_internal.h"

#define TAP_DEV "/dev/net/tun"

struct tap_link {
	struct v6_link link;	/* first: link.c sees only this */
	int ctl_fd;		/* for SIOCGIFFLAGS/SIOCSIFFLAGS */
	unsigned n_tx;		/* frames written since the last flush */
	int tx_failed;		/* a write failed since the last flush */
	uint8_t rxbuf[V6_LINK_SLOT_LEN];
};

/* The tap_link around a struct v6_link. */
static struct tap_link *
tap_of(struct v6_link *link)
{
	return (struct tap_link *)link;
}

/* Release a tap link; closing the descriptor deletes the device. */
static void
tap_close(struct v6_link *link)
{
	struct tap_link *tl = tap_of(link);

	if (tl->ctl_fd >= 0)
		close(tl->ctl_fd);
	if (link->fd >= 0)
		close(link->fd);
	free(tl);
}

/*
 * Attach the open tun descriptor to a TAP device named name (created if
 * it does not exist; the kernel picks "tapN" when name is empty) and copy
 * the device's final name to name.
 */
static int
tap_attach(int fd, char name[IF_NAMESIZE], char *err, size_t errlen)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, strlen(name) + 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		switch (errno) {
		case EBUSY:
			return v6_link_open_error(err, errlen, EBUSY, name,
			    "a TAP device of that name is in use by another "
			    "process");
		case EINVAL:
			return v6_link_open_error(err, errlen, EBUSY, name,
			    "the name belongs to a device that is not a TAP "
			    "device");
		default:
			return v6_link_open_error(err, errlen, errno, name,
			    "TUNSETIFF");
		}
	}
	memcpy(name, ifr.ifr_name, IF_NAMESIZE);
	name[IF_NAMESIZE - 1] = '\0';
	return 0;
}

/* Set IFF_UP on the device name, through the ioctl socket ctl_fd. */
static int
tap_bring_up(int ctl_fd, const char *name, char *err, size_t errlen)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, name, strlen(name) + 1);
	if (ioctl(ctl_fd, SIOCGIFFLAGS, &ifr) < 0)
		return v6_link_open_error(err, errlen, errno, name,
		    "SIOCGIFFLAGS");
	if (ifr.ifr_flags & IFF_UP)
		return 0;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(ctl_fd, SIOCSIFFLAGS, &ifr) < 0)
		return v6_link_open_error(err, errlen, errno, name,
		    "bring up (SIOCSIFFLAGS)");
	return 0;
}

/* Create the TAP device cfg->ifname (empty: kernel's choice) and open it. */
static int
tap_open(const struct v6_link_config *cfg, struct v6_link **out, char *err,
    size_t errlen)
{
	struct tap_link *tl;
	const char *want = cfg->ifname ? cfg->ifname : "";
	int fd;

	tl = calloc(1, sizeof(*tl));
	if (tl == NULL)
		return v6_link_open_error(err, errlen, ENOMEM, want, "calloc");
	tl->link.fd = -1;
	tl->ctl_fd = -1;
	if (want[0] != '\0' &&
	    v6_link_copy_ifname(tl->link.ifname, want, err, errlen) < 0)
		goto fail;

	fd = open(TAP_DEV, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENODEV)
			v6_link_open_error(err, errlen, errno, TAP_DEV,
			    "open (is the tun module loaded?)");
		else
			v6_link_open_error(err, errlen, errno,
			    want[0] ? want : TAP_DEV, "open " TAP_DEV);
		goto fail;
	}
	tl->link.fd = fd;
	tl->ctl_fd = v6_link_ctl_socket();
	if (tl->ctl_fd < 0) {
		v6_link_open_error(err, errlen, errno, want, "socket");
		goto fail;
	}
	if (tap_attach(fd, tl->link.ifname, err, errlen) < 0 ||
	    tap_bring_up(tl->ctl_fd, tl->link.ifname, err, errlen) < 0 ||
	    v6_link_dev_info(tl->link.ifname, NULL, &tl->link.mtu,
		tl->link.hwaddr, NULL, err, errlen) < 0)
		goto fail;
	*out = &tl->link;
	return 0;

fail:
	tap_close(&tl->link);
	return -1;
}

/*
 * Read up to V6_LINK_BATCH frames, one read(2) each. The descriptor says
 * nothing when the device is set down, so a call that finds nothing
 * waiting asks the device's flags (one ioctl, only when idle).
 */
static int
tap_rx_batch(struct v6_link *link, v6_link_rx_fn *rx, void *ctx, char *err,
    size_t errlen)
{
	struct tap_link *tl = tap_of(link);
	unsigned i, n_rx = 0;
	ssize_t n;

	for (i = 0; i < V6_LINK_BATCH; i++) {
		n = read(link->fd, tl->rxbuf, sizeof(tl->rxbuf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				return v6_link_run_error(err, errlen, errno,
				    link->ifname, "read");
			if (n_rx == 0 && v6_link_check_up(tl->ctl_fd,
					  link->ifname, err, errlen) < 0)
				return -1;
			break;
		}
		if (n == 0)
			break;
		link->stats.rx_frames++;
		n_rx++;
		rx(ctx, tl->rxbuf, (size_t)n);
	}
	if (n_rx > 0)
		link->stats.rx_batches++;
	return (int)n_rx;
}

/* Write one frame to the kernel now. */
static void
tap_tx(struct v6_link *link, const uint8_t *frame, size_t len)
{
	struct tap_link *tl = tap_of(link);
	ssize_t n;

	if (len < V6_LINK_ETH_HLEN || len > V6_LINK_FRAME_MAX)
		goto fail;
	do {
		n = write(link->fd, frame, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0 || (size_t)n != len)
		goto fail;
	link->stats.tx_frames++;
	tl->n_tx++;
	return;

fail:
	link->stats.tx_errors++;
	tl->tx_failed = 1;
}

/* Frames are already out; report whether any failed since the last call. */
static int
tap_flush(struct v6_link *link)
{
	struct tap_link *tl = tap_of(link);
	int rc = tl->tx_failed ? -1 : 0;

	if (tl->n_tx > 0)
		link->stats.tx_batches++;
	tl->n_tx = 0;
	tl->tx_failed = 0;
	return rc;
}

const struct v6_link_backend v6_link_tap_backend = {
	.open = tap_open,
	.close = tap_close,
	.rx_batch = tap_rx_batch,
	.tx = tap_tx,
	.flush = tap_flush,
};
