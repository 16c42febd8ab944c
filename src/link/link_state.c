/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Link state for the run loop, whatever the backend: is the device up
 * with its carrier (a link that went down is waited for, not fatal), and
 * the pending socket error that made poll(2) report POLLERR.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "link/link.h"
#include "link/link_internal.h"

int
v6_link_running(const struct v6_link *link)
{
	struct ifreq ifr;
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc;

	if (fd < 0 && (fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", link->ifname);
	rc = ioctl(fd, SIOCGIFFLAGS, &ifr);
	close(fd);
	if (rc < 0)
		return -1;
	return (ifr.ifr_flags & IFF_UP) && (ifr.ifr_flags & IFF_RUNNING);
}

int
v6_link_take_error(struct v6_link *link)
{
	int e = 0;
	socklen_t len = sizeof(e);

	if (getsockopt(link->fd, SOL_SOCKET, SO_ERROR, &e, &len) < 0)
		return errno;
	return e;
}
