/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Link layer front: backend names, dispatch to the backend, and the helpers
 * the backends share (interface lookup, error messages).
 */
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "link/link.h"
#include "link/link_internal.h"

/* Backend names, indexed by enum v6_link_kind. */
static const char *const link_kind_names[] = {
	[V6_LINK_PACKET] = "packet",
	[V6_LINK_PCAP] = "pcap",
	[V6_LINK_TAP] = "tap",
};

/*
 * Parse a backend name ("packet", "pcap", "tap") into *out.
 * Returns 0, or -1 when s is NULL or unknown (*out untouched).
 */
int
v6_link_kind_parse(const char *s, enum v6_link_kind *out)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < sizeof(link_kind_names) / sizeof(link_kind_names[0]);
	    i++) {
		if (strcmp(s, link_kind_names[i]) == 0) {
			*out = (enum v6_link_kind)i;
			return 0;
		}
	}
	return -1;
}

/* The name of a backend kind; "?" for a value outside the enum. */
const char *
v6_link_kind_name(enum v6_link_kind kind)
{
	switch (kind) {
	case V6_LINK_PACKET:
	case V6_LINK_PCAP:
	case V6_LINK_TAP:
		return link_kind_names[kind];
	}
	return "?";
}

/* The operations table of a backend kind, or NULL for an unknown kind. */
static const struct v6_link_backend *
link_backend(enum v6_link_kind kind)
{
	switch (kind) {
	case V6_LINK_PACKET:
		return &v6_link_packet_backend;
	case V6_LINK_PCAP:
		return &v6_link_pcap_backend;
	case V6_LINK_TAP:
		return &v6_link_tap_backend;
	}
	return NULL;
}

/*
 * Open the backend cfg->kind on cfg->ifname. On success *out owns the
 * device until v6_link_close(). Returns 0, or -1 with a message in err.
 */
int
v6_link_open(const struct v6_link_config *cfg, struct v6_link **out,
    char *err, size_t errlen)
{
	const struct v6_link_backend *be;
	struct v6_link *link = NULL;

	*out = NULL;
	if (cfg == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "no link configuration given");
		return -1;
	}
	be = link_backend(cfg->kind);
	if (be == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "unknown link backend %d",
			    (int)cfg->kind);
		return -1;
	}
	if (be->open(cfg, &link, err, errlen) < 0)
		return -1;
	link->kind = cfg->kind;
	link->be = be;
	*out = link;
	return 0;
}

/* Flush what is queued, release the device and free the link. NULL is ok. */
void
v6_link_close(struct v6_link *link)
{
	if (link == NULL)
		return;
	(void)link->be->flush(link);
	link->be->close(link);
}

/* The descriptor to poll(2) for POLLIN. */
int
v6_link_fd(const struct v6_link *link)
{
	return link->fd;
}

/* The device's MTU, read when the link was opened. */
uint32_t
v6_link_mtu(const struct v6_link *link)
{
	return link->mtu;
}

/* Copy the device's own MAC address into mac. */
void
v6_link_hwaddr(const struct v6_link *link, uint8_t mac[6])
{
	memcpy(mac, link->hwaddr, 6);
}

/* The device's name (for tap, the name the kernel gave the device). */
const char *
v6_link_ifname(const struct v6_link *link)
{
	return link->ifname;
}

/*
 * Deliver up to V6_LINK_BATCH waiting frames to rx without blocking.
 * Returns the number delivered, or -1 with a message in err.
 */
int
v6_link_rx_batch(struct v6_link *link,
    void (*rx)(void *ctx, const uint8_t *frame, size_t len), void *ctx,
    char *err, size_t errlen)
{
	return link->be->rx_batch(link, rx, ctx, err, errlen);
}

/*
 * Queue a copy of one frame (ctx is the struct v6_link). Errors are
 * counted in tx_errors: the signature of struct v6_link_ops.tx has no
 * return value.
 */
void
v6_link_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct v6_link *link = ctx;

	link->be->tx(link, frame, len);
}

/* Send everything queued. Returns 0, or -1 when a frame could not be sent. */
int
v6_link_flush(struct v6_link *link)
{
	return link->be->flush(link);
}

/* Copy the backend's counters into *out. */
void
v6_link_stats(struct v6_link *link, struct v6_link_stats *out)
{
	if (link->be->read_kernel_stats)
		link->be->read_kernel_stats(link);
	*out = link->stats;
}

/* See link_internal.h. */
int
v6_link_open_error(char *err, size_t errlen, int errnum, const char *ifname,
    const char *what)
{
	if (err == NULL || errlen == 0)
		return -1;
	switch (errnum) {
	case ENODEV:
	case ENXIO:
		snprintf(err, errlen, "no such interface: %s", ifname);
		break;
	case EPERM:
	case EACCES:
		snprintf(err, errlen,
		    "permission denied opening %s: run as root or with "
		    "CAP_NET_RAW/CAP_NET_ADMIN",
		    ifname);
		break;
	case EBUSY:
		snprintf(err, errlen, "device busy: %s (%s)", ifname, what);
		break;
	case ENETDOWN:
		snprintf(err, errlen, "interface %s is down", ifname);
		break;
	default:
		snprintf(err, errlen, "%s: %s: %s", ifname, what,
		    strerror(errnum));
		break;
	}
	return -1;
}

/* See link_internal.h. */
int
v6_link_run_error(char *err, size_t errlen, int errnum, const char *ifname,
    const char *what)
{
	if (err == NULL || errlen == 0)
		return -1;
	switch (errnum) {
	case ENETDOWN:
		snprintf(err, errlen, "interface %s went down", ifname);
		break;
	case ENODEV:
	case ENXIO:
	case EBADFD:
		snprintf(err, errlen, "interface %s is gone", ifname);
		break;
	default:
		snprintf(err, errlen, "%s: %s: %s", ifname, what,
		    strerror(errnum));
		break;
	}
	return -1;
}

/*
 * See link_internal.h. Interface ioctls work on a socket of any family;
 * IPv4 may be compiled out, so fall back to IPv6, then to AF_UNIX.
 */
int
v6_link_ctl_socket(void)
{
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	return fd;
}

/* See link_internal.h. */
int
v6_link_copy_ifname(char dst[IF_NAMESIZE], const char *ifname, char *err,
    size_t errlen)
{
	size_t n;

	if (ifname == NULL || ifname[0] == '\0') {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "no interface name given");
		return -1;
	}
	n = strlen(ifname);
	if (n >= IF_NAMESIZE) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen,
			    "interface name too long: %s (at most %d bytes)",
			    ifname, IF_NAMESIZE - 1);
		return -1;
	}
	memcpy(dst, ifname, n + 1);
	return 0;
}

/* See link_internal.h. */
int
v6_link_dev_info(const char *ifname, int *ifindex, uint32_t *mtu,
    uint8_t mac[6], int *up, char *err, size_t errlen)
{
	struct ifreq ifr;
	unsigned idx;
	int fd, e;

	if (strlen(ifname) >= IF_NAMESIZE)
		return v6_link_open_error(err, errlen, ENODEV, ifname, "");
	idx = if_nametoindex(ifname);
	if (idx == 0)
		return v6_link_open_error(err, errlen,
		    errno == ENODEV || errno == ENXIO ? ENODEV : errno, ifname,
		    "if_nametoindex");
	fd = v6_link_ctl_socket();
	if (fd < 0)
		return v6_link_open_error(err, errlen, errno, ifname, "socket");

	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strlen(ifname) + 1);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		goto fail_errno;
	if (ifr.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
		close(fd);
		if (err != NULL && errlen > 0)
			snprintf(err, errlen,
			    "not an Ethernet interface: %s (hardware type %u)",
			    ifname, (unsigned)ifr.ifr_hwaddr.sa_family);
		return -1;
	}
	if (mac != NULL)
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	if (ioctl(fd, SIOCGIFMTU, &ifr) < 0)
		goto fail_errno;
	if (mtu != NULL)
		*mtu = (uint32_t)ifr.ifr_mtu;
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
		goto fail_errno;
	if (up != NULL)
		*up = (ifr.ifr_flags & IFF_UP) != 0;
	if (ifindex != NULL)
		*ifindex = (int)idx;
	close(fd);
	return 0;

fail_errno:
	e = errno;
	close(fd);
	return v6_link_open_error(err, errlen, e, ifname, "ioctl");
}

/* See link_internal.h. */
int
v6_link_check_up(int ctl_fd, const char *ifname, char *err, size_t errlen)
{
	struct ifreq ifr;

	if (ctl_fd < 0)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, ifname, strnlen(ifname, IF_NAMESIZE - 1));
	if (ioctl(ctl_fd, SIOCGIFFLAGS, &ifr) < 0)
		return v6_link_run_error(err, errlen, errno, ifname,
		    "SIOCGIFFLAGS");
	if (!(ifr.ifr_flags & IFF_UP))
		return v6_link_run_error(err, errlen, ENETDOWN, ifname, "");
	return 0;
}
