/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The examples' link and loop (loop.h): TAP or AF_PACKET, one frame per
 * system call, poll(2) with the stack's next deadline.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

static volatile sig_atomic_t ex_stop;

static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Bring name up and read its MTU, through an ordinary socket's ioctls. */
static int
link_up(struct ex_link *l, char *err, size_t errlen)
{
	struct ifreq ifr;
	int s = socket(AF_INET6, SOCK_DGRAM, 0);

	if (s < 0)
		return fail(err, errlen, "socket: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", l->ifname);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		goto bad;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		goto bad;
	if (ioctl(s, SIOCGIFMTU, &ifr) < 0)
		goto bad;
	l->mtu = (uint32_t)ifr.ifr_mtu;
	close(s);
	return 0;
bad:
	fail(err, errlen, "%s: %s", l->ifname, strerror(errno));
	close(s);
	return -1;
}

int
ex_link_open_tap(struct ex_link *l, const char *name, char *err,
    size_t errlen)
{
	struct ifreq ifr;

	memset(l, 0, sizeof(*l));
	if (strlen(name) > V6_IFNAME_MAX)
		return fail(err, errlen, "interface name too long: %s", name);
	l->fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (l->fd < 0)
		return fail(err, errlen, "/dev/net/tun: %s%s", strerror(errno),
		    errno == EACCES ? " (run as root or with CAP_NET_ADMIN)" : "");
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(l->fd, TUNSETIFF, &ifr) < 0) {
		fail(err, errlen, "TUNSETIFF %s: %s", name, strerror(errno));
		close(l->fd);
		return -1;
	}
	snprintf(l->ifname, sizeof(l->ifname), "%s", ifr.ifr_name);
	if (link_up(l, err, errlen) < 0) {
		close(l->fd);
		return -1;
	}
	return 0;
}

int
ex_link_open_packet(struct ex_link *l, const char *name, char *err,
    size_t errlen)
{
	struct sockaddr_ll sll;
	struct packet_mreq mr;
	unsigned idx = if_nametoindex(name);

	memset(l, 0, sizeof(*l));
	if (errlen)
		err[0] = '\0';
	if (idx == 0 || strlen(name) > V6_IFNAME_MAX)
		return fail(err, errlen, "no such interface: %s", name);
	snprintf(l->ifname, sizeof(l->ifname), "%s", name);
	l->fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    htons(ETH_P_ALL));
	if (l->fd < 0)
		return fail(err, errlen, "AF_PACKET: %s%s", strerror(errno),
		    errno == EPERM ? " (run as root or with CAP_NET_RAW)" : "");
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)idx;
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = (int)idx;
	mr.mr_type = PACKET_MR_PROMISC;
	if (bind(l->fd, (struct sockaddr *)&sll, sizeof(sll)) < 0 ||
	    setsockopt(l->fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
		sizeof(mr)) < 0 ||
	    link_up(l, err, errlen) < 0) {
		if (!err[0])
			fail(err, errlen, "%s: %s", name, strerror(errno));
		close(l->fd);
		return -1;
	}
	return 0;
}

void
ex_link_close(struct ex_link *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}

int
ex_link_fd(const struct ex_link *l)
{
	return l->fd;
}

void
ex_link_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct ex_link *l = ctx;

	/* A full queue (EAGAIN) loses the frame, as a busy wire would. */
	if (write(l->fd, frame, len) == (ssize_t)len)
		l->tx_frames++;
	else
		l->tx_errors++;
}

int
ex_link_drain(struct ex_link *l,
    void (*rx)(void *ctx, const uint8_t *frame, size_t len), void *ctx,
    char *err, size_t errlen)
{
	static uint8_t buf[EX_FRAME_MAX];
	int n;

	for (n = 0; n < 64; n++) {
		ssize_t r = read(l->fd, buf, sizeof(buf));
		if (r < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			return fail(err, errlen, "%s: read: %s", l->ifname,
			    strerror(errno));
		}
		l->rx_frames++;
		rx(ctx, buf, (size_t)r);
	}
	return n;
}

v6_time_t
ex_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (v6_time_t)ts.tv_sec * V6_NS_PER_S + (v6_time_t)ts.tv_nsec;
}

static void
on_signal(int sig)
{
	(void)sig;
	ex_stop = 1;
}

int
ex_run(const struct ex_loop *lp, v6_time_t until)
{
	struct sigaction sa;
	char err[256];
	v6_time_t now, next;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!ex_stop) {
		struct pollfd pfd = { .fd = lp->link->fd, .events = POLLIN };
		int timeout_ms = -1;

		now = ex_now();
		if (lp->done && lp->done(lp->ctx, now))
			return 0;
		if (until != V6_TIME_NEVER && now >= until)
			return 1;
		/* After done and the frames: both may have armed timers. */
		next = lp->poll(lp->ctx, now);
		if (next > until)
			next = until;
		if (next != V6_TIME_NEVER)
			timeout_ms = next <= now ? 0 :
			    (int)((next - now + V6_NS_PER_MS - 1) / V6_NS_PER_MS);
		if (poll(&pfd, 1, timeout_ms) < 0 && errno != EINTR) {
			perror("poll");
			return -1;
		}
		if (pfd.revents & (POLLIN | POLLERR)) {
			err[0] = '\0';
			if (ex_link_drain(lp->link, lp->rx, lp->ctx, err,
				sizeof(err)) < 0) {
				fprintf(stderr, "%s\n", err);
				return -1;
			}
		}
	}
	return 1;
}

void
ex_one_rx(void *ctx, const uint8_t *frame, size_t len)
{
	struct ex_one *o = ctx;

	(void)v6_input(o->stack, o->iface, frame, len, ex_now());
}

v6_time_t
ex_one_poll(void *ctx, v6_time_t now)
{
	struct ex_one *o = ctx;

	return v6_poll(o->stack, now);
}

int
ex_parse_prefix(const char *s, struct in6_addr *addr, unsigned *plen)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end;
	unsigned long n;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	if (!(slash = strchr(buf, '/')))
		return -1;
	*slash = '\0';
	n = strtoul(slash + 1, &end, 10);
	if (*end || end == slash + 1 || n > 128)
		return -1;
	*plen = (unsigned)n;
	return inet_pton(AF_INET6, buf, addr) == 1 ? 0 : -1;
}
