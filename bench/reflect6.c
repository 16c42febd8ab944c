/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reflect6: the bare AF_PACKET reflector, e2e.sh's third system.
 *
 *   reflect6 -i IF -m MAC
 *
 * The least a responder can do on plain packet sockets: recvmmsg(2) a batch,
 * turn each frame around in place by swapping addresses, sendmmsg(2) the
 * batch back. No validation beyond the lengths it reads, no state, no
 * timers: a ceiling for any responder built on the same sockets, not a
 * network stack.
 *   Echo Request  -> Echo Reply (type 129, checksum adjusted)
 *   UDP           -> UDP back (ports swapped; the checksum is unchanged)
 *   NS (not DAD)  -> NA from the target, S and O set, SLLA made TLLA = MAC
 * Ethernet: back to the sender, from MAC.
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH 64
#define FRAME 2048

static uint8_t mac[6];

/* Ones'-complement sum of 16-bit big-endian words, unfolded. */
static uint32_t
sum16(uint32_t s, const uint8_t *p, size_t n)
{
	for (; n > 1; p += 2, n -= 2)
		s += (uint32_t)(p[0] << 8 | p[1]);
	return n ? s + ((uint32_t)p[0] << 8) : s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static void
swap(uint8_t *a, uint8_t *b, size_t n)
{
	uint8_t t[16];

	memcpy(t, a, n);
	memcpy(a, b, n);
	memcpy(b, t, n);
}

/* Turn frame f around in place; returns its new length, 0 to drop it. */
static size_t
reflect(uint8_t *f, size_t len)
{
	uint8_t *ip = f + 14, *l4 = ip + 40;
	uint16_t c;

	if (len < 14 + 40 + 8 || f[12] != 0x86 || f[13] != 0xdd)
		return 0;
	memcpy(f, f + 6, 6);
	memcpy(f + 6, mac, 6);
	if (ip[6] == 17) {
		swap(l4, l4 + 2, 2);
	} else if (ip[6] == 58 && l4[0] == 128) {
		l4[0] = 129;
		c = (uint16_t)~fold((uint16_t)~(l4[2] << 8 | l4[3]) + 0x100u);
		l4[2] = (uint8_t)(c >> 8);
		l4[3] = (uint8_t)c;
	} else if (ip[6] == 58 && l4[0] == 135 && len >= 14 + 40 + 32 &&
	    l4[24] == 1 && memcmp(ip + 8, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16)) {
		memcpy(ip + 24, l4 + 8, 16); /* from the target, swapped below */
		ip[4] = 0;
		ip[5] = 32;
		l4[0] = 136;
		l4[4] = 0x60;
		l4[24] = 2;
		memcpy(l4 + 26, mac, 6);
		l4[2] = l4[3] = 0;
		c = (uint16_t)~fold(sum16(sum16(32 + 58, ip + 8, 32), l4, 32));
		l4[2] = (uint8_t)(c >> 8);
		l4[3] = (uint8_t)c;
		len = 14 + 40 + 32;
	} else {
		return 0;
	}
	swap(ip + 8, ip + 24, 16);
	return len;
}

int
main(int argc, char **argv)
{
	static uint8_t buf[BATCH][FRAME];
	struct mmsghdr rx[BATCH], tx[BATCH];
	struct iovec rio[BATCH], tio[BATCH];
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd, one = 1, n, i, k;
	unsigned v[6];

	if (argc != 5 || strcmp(argv[1], "-i") || strcmp(argv[3], "-m") ||
	    sscanf(argv[4], "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3],
		&v[4], &v[5]) != 6) {
		fprintf(stderr, "usage: reflect6 -i IF -m MAC\n");
		return 2;
	}
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = (int)if_nametoindex(argv[2]);
	if (fd < 0 || setsockopt(fd, SOL_PACKET, 23 /* IGNORE_OUTGOING */,
			  &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("reflect6");
		return 1;
	}
	memset(rx, 0, sizeof(rx));
	memset(tx, 0, sizeof(tx));
	for (i = 0; i < BATCH; i++) {
		rio[i] = (struct iovec){ buf[i], FRAME };
		rx[i].msg_hdr.msg_iov = &rio[i];
		rx[i].msg_hdr.msg_iovlen = 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		n = recvmmsg(fd, rx, BATCH, MSG_WAITFORONE, NULL);
		for (i = k = 0; i < n; i++) {
			size_t len = reflect(buf[i], rx[i].msg_len);

			if (len == 0 || (rx[i].msg_hdr.msg_flags & MSG_TRUNC))
				continue;
			tio[k] = (struct iovec){ buf[i], len };
			tx[k].msg_hdr.msg_iov = &tio[k];
			tx[k++].msg_hdr.msg_iovlen = 1;
		}
		if (k > 0 && sendmmsg(fd, tx, (unsigned)k, 0) < 0)
			perror("reflect6: sendmmsg");
	}
}
