/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * udpecho6: the kernel's side of e2e.sh's UDP echo mode, a UDP echo
 * (RFC 862) server on an ordinary socket, batched like the others:
 *
 *   udpecho6 PORT
 *
 * recvmmsg(2) a batch on [::]:PORT, sendmmsg(2) each datagram back to its
 * sender. The kernel's IPv6 and UDP do the work; this is their cheapest
 * user.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define BATCH 64

int
main(int argc, char **argv)
{
	static char buf[BATCH][2048];
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6 }, from[BATCH];
	struct mmsghdr m[BATCH];
	struct iovec iov[BATCH];
	int fd, n, i, big = 8 << 20;

	if (argc != 2 || atoi(argv[1]) <= 0 || atoi(argv[1]) > 65535) {
		fprintf(stderr, "usage: udpecho6 PORT\n");
		return 2;
	}
	sa.sin6_port = htons((uint16_t)atoi(argv[1]));
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("udpecho6");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = buf[i];
			iov[i].iov_len = sizeof(buf[i]);
			memset(&m[i].msg_hdr, 0, sizeof(m[i].msg_hdr));
			m[i].msg_hdr.msg_iov = &iov[i];
			m[i].msg_hdr.msg_iovlen = 1;
			m[i].msg_hdr.msg_name = &from[i];
			m[i].msg_hdr.msg_namelen = sizeof(from[i]);
		}
		n = recvmmsg(fd, m, BATCH, MSG_WAITFORONE, NULL);
		for (i = 0; i < n; i++)
			iov[i].iov_len = m[i].msg_len;
		if (n > 0 && sendmmsg(fd, m, (unsigned)n, 0) < 0)
			perror("udpecho6: sendmmsg");
	}
}
