/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gen6: v6stack's end-to-end traffic generator.
 *
 *   gen6 -i IF -D DSTIP -d DSTMAC [-S SRCIP] [-s SRCMAC] [-t SECONDS]
 *        [-r RATE] [-w WINDOW] [-l PAYLOADLEN] [-I IDENT] [-m MODE] [-P PORT]
 *        [-o]
 *
 * MODE (-m) is what is asked and what counts as the answer:
 *   echo  ICMPv6 Echo Requests (default); an Echo Reply with our identifier
 *         and a valid checksum answers the request with its sequence number;
 *   udp   UDP datagrams to DSTIP port PORT (-P, default 7, RFC 862 echo)
 *         from port 32768 + IDENT % 16384, the sequence number in the first
 *         two payload bytes; the datagram echoed back answers it;
 *   ns    Neighbor Solicitations for DSTIP (to its solicited-node group,
 *         with our SLLA); a solicited NA for DSTIP to SRCIP answers the
 *         oldest unanswered one (an NA carries nothing to match it by, so
 *         latency in this mode assumes the responder answers in order).
 * -o (one way, for a router between us and DSTIP: bench/fwd_e2e.sh): no
 * answer is expected; no window and no warm-up, only -r limits sending,
 * and the output's rate is the send rate (the receiver counts arrivals).
 * Latency: every answer's round trip (send batch to receive batch, on
 * CLOCK_MONOTONIC) goes into a 100 ns histogram up to 10 ms.
 *
 * Floods the requests from an AF_PACKET socket on IF to DSTIP at
 * DSTMAC, in sendmmsg() batches of 64, for SECONDS seconds, and counts the
 * Echo Replies carrying its identifier, received on the same socket
 * (non-blocking recvmmsg(), PACKET_IGNORE_OUTGOING). Sending is limited by
 *   -w WINDOW  at most WINDOW requests unanswered (default 256, at most
 *              32768; 0 = 32768). With a window the generator measures the
 *              responder's throughput without drowning it: a request leaves
 *              only when an earlier one has been answered or has expired
 *              (unanswered for 50 ms: counted lost, a later reply to it is
 *              not counted);
 *   -r RATE    at most RATE requests per second (default 0 = no pacing).
 * Before the timed run, a warm-up sends one request at a time until one is
 * answered (at most 3 s), so that the responder's resolution of SRCIP is not
 * measured.
 * The frames are prebuilt; only the sequence number and the checksum
 * (updated from a precomputed partial sum) change per request.
 *
 * The generator also answers Neighbor Solicitations for SRCIP, so that the
 * responder can resolve it: the generator's own kernel is expected to have
 * IPv6 disabled on IF.
 *
 * Output, one line on stdout:
 *   sent N replies M rate X pps reply_ratio R p50_us A p99_us B
 * where M counts the requests answered (each at most once, within 50 ms),
 * X = M / SECONDS (the responder's answered rate), R = M / N, and A, B the
 * median and 99th percentile round trip in microseconds.
 * Diagnostics go to stderr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "frame.h"

#define BATCH 64
#define ETH_LEN 14
#define IP6_LEN 40
#define ICMP_HDR 8
#define MAX_PAYLOAD 1452 /* 1500 - 40 - 8 */
#define FRAME_MAX (ETH_LEN + IP6_LEN + ICMP_HDR + MAX_PAYLOAD)
#define RX_FRAME 2048
#define LOSS_NS 50000000ull    /* unanswered for 50 ms: lost */
#define WARMUP_NS 3000000000ull /* at most 3 s to get a first reply */
#define MAX_WINDOW 32768        /* sequence numbers stay unambiguous */
#define DRAIN_NS 200000000ull /* wait for late replies after the run */
#define LAT_BUCKET_NS 100
#define LAT_BUCKETS 100000 /* 10 ms; longer round trips in the last one */

enum mode { MODE_ECHO, MODE_UDP, MODE_NS };

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

struct opts {
	const char *ifname;
	uint8_t smac[6], dmac[6];
	int have_smac, have_dmac, have_sip, have_dip;
	struct in6_addr sip, dip;
	double seconds;
	uint64_t rate;
	uint64_t window;
	size_t payload;
	uint16_t ident;
	enum mode mode;
	uint16_t port;
	int oneway;
};

struct stats {
	uint64_t sent, replies, dups, expired;
	uint64_t send_again, send_errors, bad_csum, csum_unchecked;
	uint64_t ns_answered, rx_frames, rx_other;
};

static struct opts o;
static struct stats st;
static uint8_t pending[65536]; /* request with this sequence unanswered */
static volatile sig_atomic_t stop;
static uint64_t send_time[65536];
static uint32_t lat_hist[LAT_BUCKETS];
static uint64_t rx_now; /* time of the receive batch being handled */

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gen6 -i IF -D DSTIP -d DSTMAC [-S SRCIP] [-s SRCMAC]\n"
	    "            [-t SECONDS] [-r RATE] [-w WINDOW] [-l PAYLOADLEN]"
	    " [-I IDENT]\n"
	    "            [-m echo|udp|ns] [-P PORT] [-o]\n"
	    "  -S  default 2001:db8::2; -s default IF's MAC; -t default 5;\n"
	    "  -r  pps, 0 = as fast as possible (default 0);\n"
	    "  -w  max unanswered requests (default 256, max and 0: 32768);\n"
	    "  -l  echo payload bytes (default 64, max %d);\n"
	    "  -o  one way: no answers expected, no window; rate = send rate\n",
	    MAX_PAYLOAD);
	exit(2);
}

static int
parse_mac(const char *s, uint8_t mac[6])
{
	unsigned v[6];
	char tail;
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3],
		&v[4], &v[5], &tail) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (v[i] > 0xff)
			return -1;
		mac[i] = (uint8_t)v[i];
	}
	return 0;
}

static uint64_t
parse_u64(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end != '\0' || *s == '\0' || *s == '-') {
		fprintf(stderr, "gen6: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

static void
parse_opts(int argc, char **argv)
{
	int c;
	char *end;

	o.seconds = 5;
	o.window = 256;
	o.payload = 64;
	o.ident = (uint16_t)(getpid() ^ 0x6b36);
	o.port = 7;
	inet_pton(AF_INET6, "2001:db8::2", &o.sip);
	while ((c = getopt(argc, argv, "i:s:S:d:D:t:r:l:w:I:m:P:oh")) != -1) {
		switch (c) {
		case 'i':
			o.ifname = optarg;
			break;
		case 's':
			if (parse_mac(optarg, o.smac) != 0)
				usage();
			o.have_smac = 1;
			break;
		case 'd':
			if (parse_mac(optarg, o.dmac) != 0)
				usage();
			o.have_dmac = 1;
			break;
		case 'S':
			if (inet_pton(AF_INET6, optarg, &o.sip) != 1)
				usage();
			break;
		case 'D':
			if (inet_pton(AF_INET6, optarg, &o.dip) != 1)
				usage();
			o.have_dip = 1;
			break;
		case 't':
			o.seconds = strtod(optarg, &end);
			if (*end != '\0' || !(o.seconds > 0))
				usage();
			break;
		case 'r':
			o.rate = parse_u64(optarg, "rate");
			break;
		case 'l':
			o.payload = parse_u64(optarg, "payload length");
			if (o.payload > MAX_PAYLOAD)
				usage();
			break;
		case 'w':
			o.window = parse_u64(optarg, "window");
			if (o.window > MAX_WINDOW)
				usage();
			break;
		case 'I':
			o.ident = (uint16_t)parse_u64(optarg, "identifier");
			break;
		case 'm':
			if (!strcmp(optarg, "echo"))
				o.mode = MODE_ECHO;
			else if (!strcmp(optarg, "udp"))
				o.mode = MODE_UDP;
			else if (!strcmp(optarg, "ns"))
				o.mode = MODE_NS;
			else
				usage();
			break;
		case 'o':
			o.oneway = 1;
			break;
		case 'P':
			o.port = (uint16_t)parse_u64(optarg, "port");
			if (o.port == 0)
				usage();
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !o.ifname || !o.have_dmac || !o.have_dip ||
	    (o.mode == MODE_UDP && o.payload < 2))
		usage();
}

/* ---- frames ---- */

static uint8_t txf[BATCH][FRAME_MAX];
static size_t txlen;
static uint16_t base_sum; /* sum of the request with seq 0, checksum 0 */

static uint8_t *
put_hdrs(uint8_t *f, const uint8_t dmac[6], const struct in6_addr *dst,
    size_t icmplen, uint8_t hlim)
{
	uint8_t *ip6 = f + ETH_LEN;

	memcpy(f, dmac, 6);
	memcpy(f + 6, o.smac, 6);
	put16(f + 12, ETHERTYPE_IPV6);
	ip6[0] = 0x60;
	ip6[1] = ip6[2] = ip6[3] = 0;
	put16(ip6 + 4, (uint16_t)icmplen);
	ip6[6] = IPPROTO_ICMPV6;
	ip6[7] = hlim;
	memcpy(ip6 + 8, &o.sip, 16);
	memcpy(ip6 + 24, dst, 16);
	return ip6;
}

/* UDP mode: our source port. */
static uint16_t
udp_sport(void)
{
	return (uint16_t)(32768 + o.ident % 16384);
}

/* UDP datagrams to o.port carrying the sequence number in their first two
 * payload bytes (zero here). */
static void
build_udp(void)
{
	size_t udplen = 8 + o.payload, i;
	int k;

	for (k = 0; k < BATCH; k++) {
		uint8_t *ip6 = put_hdrs(txf[k], o.dmac, &o.dip, udplen, 64);
		uint8_t *udp = ip6 + IP6_LEN;

		ip6[6] = IPPROTO_UDP;
		put16(udp, udp_sport());
		put16(udp + 2, o.port);
		put16(udp + 4, (uint16_t)udplen);
		put16(udp + 6, 0);
		for (i = 0; i < o.payload; i++)
			udp[8 + i] = (uint8_t)i;
		udp[8] = udp[9] = 0;
		if (k == 0)
			base_sum = l4_sum(ip6, udplen);
	}
	txlen = ETH_LEN + IP6_LEN + udplen;
}

/* Neighbor Solicitations for o.dip to its solicited-node group (RFC 4861
 * 7.2.2), with a Source Link-Layer Address option; all the same. */
static void
build_ns(void)
{
	struct in6_addr snm;
	uint8_t dmac[6] = { 0x33, 0x33, 0xff };
	int k;

	inet_pton(AF_INET6, "ff02::1:ff00:0", &snm);
	memcpy(snm.s6_addr + 13, o.dip.s6_addr + 13, 3);
	memcpy(dmac + 3, o.dip.s6_addr + 13, 3);
	for (k = 0; k < BATCH; k++) {
		uint8_t *ip6 = put_hdrs(txf[k], dmac, &snm, 32, 255);
		uint8_t *icmp = ip6 + IP6_LEN;

		memset(icmp, 0, 32);
		icmp[0] = 135;
		memcpy(icmp + 8, &o.dip, 16);
		icmp[24] = 1;
		icmp[25] = 1;
		memcpy(icmp + 26, o.smac, 6);
		put16(icmp + 2, (uint16_t)~l4_sum(ip6, 32));
	}
	txlen = ETH_LEN + IP6_LEN + 32;
}

static void
build_requests(void)
{
	size_t icmplen = ICMP_HDR + o.payload, i;
	int k;

	if (o.mode == MODE_UDP) {
		build_udp();
		return;
	}
	if (o.mode == MODE_NS) {
		build_ns();
		return;
	}
	for (k = 0; k < BATCH; k++) {
		uint8_t *ip6 = put_hdrs(txf[k], o.dmac, &o.dip, icmplen, 64);
		uint8_t *icmp = ip6 + IP6_LEN;

		icmp[0] = 128;
		icmp[1] = 0;
		put16(icmp + 2, 0);
		put16(icmp + 4, o.ident);
		put16(icmp + 6, 0);
		for (i = 0; i < o.payload; i++)
			icmp[ICMP_HDR + i] = (uint8_t)i;
		if (k == 0)
			base_sum = l4_sum(ip6, icmplen);
	}
	txlen = ETH_LEN + IP6_LEN + icmplen;
}

/* Set the sequence number of a prebuilt request; checksum from base_sum. */
static void
set_seq(uint8_t *f, uint16_t seq)
{
	uint8_t *l4 = f + ETH_LEN + IP6_LEN;
	uint16_t c = (uint16_t)~fold((uint32_t)base_sum + seq);

	if (o.mode == MODE_ECHO) {
		put16(l4 + 6, seq);
		put16(l4 + 2, c);
	} else if (o.mode == MODE_UDP) {
		put16(l4 + 8, seq);
		put16(l4 + 6, c ? c : 0xffff); /* RFC 8200 8.1 */
	}
}

/* ---- socket ---- */

static int sock;

static void
open_socket(void)
{
	struct sockaddr_ll sll;
	struct ifreq ifr;
	int one = 1, buf = 8 << 20;
	unsigned idx;

	sock = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    htons(ETH_P_IPV6));
	if (sock < 0) {
		perror("gen6: socket(AF_PACKET) (need root / CAP_NET_RAW)");
		exit(1);
	}
	idx = if_nametoindex(o.ifname);
	if (idx == 0) {
		fprintf(stderr, "gen6: no such interface: %s\n", o.ifname);
		exit(1);
	}
	if (!o.have_smac) {
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", o.ifname);
		if (ioctl(sock, SIOCGIFHWADDR, &ifr) != 0) {
			perror("gen6: SIOCGIFHWADDR");
			exit(1);
		}
		memcpy(o.smac, ifr.ifr_hwaddr.sa_data, 6);
	}
	if (setsockopt(sock, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
		sizeof(one)) != 0)
		fprintf(stderr, "gen6: PACKET_IGNORE_OUTGOING unavailable (%s); "
				"filtering on sll_pkttype\n",
		    strerror(errno));
	if (setsockopt(sock, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) !=
	    0)
		fprintf(stderr, "gen6: PACKET_AUXDATA: %s\n", strerror(errno));
	if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &buf, sizeof(buf)) !=
	    0)
		(void)setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
	if (setsockopt(sock, SOL_SOCKET, SO_SNDBUFFORCE, &buf, sizeof(buf)) !=
	    0)
		(void)setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IPV6);
	sll.sll_ifindex = (int)idx;
	if (bind(sock, (struct sockaddr *)&sll, sizeof(sll)) != 0) {
		perror("gen6: bind");
		exit(1);
	}
}

/* ---- receive ---- */

static void
answer_ns(const uint8_t *f, size_t len)
{
	const uint8_t *ip6 = f + ETH_LEN, *icmp = ip6 + IP6_LEN;
	static const uint8_t unspec[16];
	uint8_t na[ETH_LEN + IP6_LEN + 32], dmac[6], *nip6, *nicmp;
	struct in6_addr dst;
	size_t off;
	int from_unspec;

	if (len < ETH_LEN + IP6_LEN + 24 || ip6[7] != 255 || icmp[1] != 0 ||
	    memcmp(icmp + 8, &o.sip, 16) != 0)
		return;
	from_unspec = memcmp(ip6 + 8, unspec, 16) == 0;
	memcpy(dmac, f + 6, 6);
	/* Prefer the Source Link-Layer Address option. */
	for (off = ETH_LEN + IP6_LEN + 24; off + 8 <= len;) {
		size_t olen = (size_t)f[off + 1] * 8;

		if (olen == 0 || off + olen > len)
			break;
		if (f[off] == 1)
			memcpy(dmac, f + off + 2, 6);
		off += olen;
	}
	if (from_unspec) {
		inet_pton(AF_INET6, "ff02::1", &dst);
		memcpy(dmac, "\x33\x33\x00\x00\x00\x01", 6);
	} else
		memcpy(&dst, ip6 + 8, 16);

	nip6 = put_hdrs(na, dmac, &dst, 32, 255);
	nicmp = nip6 + IP6_LEN;
	memset(nicmp, 0, 32);
	nicmp[0] = 136;
	nicmp[4] = from_unspec ? 0x20 : 0x60; /* S unless DAD, O */
	memcpy(nicmp + 8, &o.sip, 16);
	nicmp[24] = 2; /* Target Link-Layer Address */
	nicmp[25] = 1;
	memcpy(nicmp + 26, o.smac, 6);
	put16(nicmp + 2, (uint16_t)~l4_sum(nip6, 32));
	if (send(sock, na, sizeof(na), 0) == (ssize_t)sizeof(na))
		st.ns_answered++;
}

static uint16_t next_seq, head_seq; /* head: oldest maybe unanswered */

/* The request with sequence number seq was answered (at rx_now). */
static void
answered(uint16_t seq)
{
	uint64_t b;

	if (!pending[seq]) {
		st.dups++;
		return;
	}
	pending[seq] = 0;
	st.replies++;
	b = (rx_now - send_time[seq]) / LAT_BUCKET_NS;
	lat_hist[b < LAT_BUCKETS ? b : LAT_BUCKETS - 1]++;
}

/* NS mode: an NA answers the oldest unanswered solicitation. */
static void
answered_oldest(void)
{
	uint16_t s;

	for (s = head_seq; s != next_seq && !pending[s]; s++)
		;
	answered(s); /* s == next_seq: nothing pending, counted a dup */
}

/* Is frame f (IPv6 payload plen) an answer of the mode's kind to us? */
static int
is_answer(const uint8_t *ip6, size_t plen)
{
	const uint8_t *l4 = ip6 + IP6_LEN;

	if (memcmp(ip6 + 8, &o.dip, 16) != 0 ||
	    memcmp(ip6 + 24, &o.sip, 16) != 0)
		return 0;
	switch (o.mode) {
	case MODE_UDP:
		return ip6[6] == IPPROTO_UDP && plen >= 10 &&
		    get16(l4) == o.port && get16(l4 + 2) == udp_sport();
	case MODE_NS:
		return ip6[6] == IPPROTO_ICMPV6 && plen >= 24 && l4[0] == 136 &&
		    (l4[4] & 0x40) && memcmp(l4 + 8, &o.dip, 16) == 0;
	case MODE_ECHO:
		break;
	}
	return ip6[6] == IPPROTO_ICMPV6 && l4[0] == 129 &&
	    get16(l4 + 4) == o.ident;
}

static void
handle_frame(const uint8_t *f, size_t len, int csum_not_ready)
{
	const uint8_t *ip6 = f + ETH_LEN, *l4 = ip6 + IP6_LEN;
	size_t plen;

	st.rx_frames++;
	if (len < ETH_LEN + IP6_LEN + ICMP_HDR || get16(f + 12) != 0x86dd ||
	    (ip6[0] >> 4) != 6) {
		st.rx_other++;
		return;
	}
	plen = get16(ip6 + 4);
	if (plen < ICMP_HDR || ETH_LEN + IP6_LEN + plen > len) {
		st.rx_other++;
		return;
	}
	if (ip6[6] == IPPROTO_ICMPV6 && l4[0] == 135) {
		answer_ns(f, ETH_LEN + IP6_LEN + plen);
		return;
	}
	if (!is_answer(ip6, plen)) {
		st.rx_other++;
		return;
	}
	if (csum_not_ready)
		st.csum_unchecked++;
	else if (l4_sum(ip6, plen) != 0xffff) {
		st.bad_csum++;
		return;
	}
	if (o.mode == MODE_NS)
		answered_oldest();
	else
		answered(get16(l4 + (o.mode == MODE_UDP ? 8 : 6)));
}

static uint8_t rxbuf[BATCH][RX_FRAME];
static char rxctl[BATCH][CMSG_SPACE(sizeof(struct tpacket_auxdata))];
static struct sockaddr_ll rxsll[BATCH];
static struct mmsghdr rxmsg[BATCH];
static struct iovec rxiov[BATCH];

/* Receive everything waiting (bounded). Returns the number of frames. */
static int
rx_drain(void)
{
	int total = 0, rounds, n, i;

	for (rounds = 0; rounds < 16; rounds++) {
		for (i = 0; i < BATCH; i++) {
			rxiov[i].iov_base = rxbuf[i];
			rxiov[i].iov_len = RX_FRAME;
			memset(&rxmsg[i].msg_hdr, 0, sizeof(rxmsg[i].msg_hdr));
			rxmsg[i].msg_hdr.msg_iov = &rxiov[i];
			rxmsg[i].msg_hdr.msg_iovlen = 1;
			rxmsg[i].msg_hdr.msg_name = &rxsll[i];
			rxmsg[i].msg_hdr.msg_namelen = sizeof(rxsll[i]);
			rxmsg[i].msg_hdr.msg_control = rxctl[i];
			rxmsg[i].msg_hdr.msg_controllen = sizeof(rxctl[i]);
		}
		n = recvmmsg(sock, rxmsg, BATCH, MSG_DONTWAIT, NULL);
		rx_now = now_ns();
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR) {
				perror("gen6: recvmmsg");
				exit(1);
			}
			break;
		}
		for (i = 0; i < n; i++) {
			struct msghdr *mh = &rxmsg[i].msg_hdr;
			struct cmsghdr *c;
			int notready = 0;

			if (rxsll[i].sll_pkttype == PACKET_OUTGOING)
				continue;
			for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
				struct tpacket_auxdata aux;

				if (c->cmsg_level != SOL_PACKET ||
				    c->cmsg_type != PACKET_AUXDATA)
					continue;
				memcpy(&aux, CMSG_DATA(c), sizeof(aux));
				notready = (aux.tp_status &
					       TP_STATUS_CSUMNOTREADY) != 0;
			}
			handle_frame(rxbuf[i], rxmsg[i].msg_len, notready);
		}
		total += n;
		if (n < BATCH)
			break;
	}
	return total;
}

/* ---- send ---- */

static void
tx_batch(unsigned count, uint64_t now)
{
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	unsigned k;
	int n;

	memset(msg, 0, sizeof(msg[0]) * count);
	for (k = 0; k < count; k++) {
		set_seq(txf[k], (uint16_t)(next_seq + k));
		iov[k].iov_base = txf[k];
		iov[k].iov_len = txlen;
		msg[k].msg_hdr.msg_iov = &iov[k];
		msg[k].msg_hdr.msg_iovlen = 1;
	}
	n = sendmmsg(sock, msg, count, MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS ||
		    errno == EINTR)
			st.send_again++;
		else
			st.send_errors++;
		return;
	}
	for (k = 0; k < (unsigned)n; k++) {
		uint16_t s = (uint16_t)(next_seq + k);

		pending[s] = 1;
		send_time[s] = now;
	}
	next_seq = (uint16_t)(next_seq + (unsigned)n);
	st.sent += (uint64_t)n;
	if ((unsigned)n < count)
		st.send_again++;
}

/* Requests unanswered for LOSS_NS are lost: they leave the window. */
static void
expire(uint64_t now)
{
	while (head_seq != next_seq) {
		if (pending[head_seq]) {
			if (now - send_time[head_seq] <= LOSS_NS)
				break;
			pending[head_seq] = 0;
			st.expired++;
		}
		head_seq++;
	}
}

static uint64_t
outstanding(void)
{
	return st.sent - st.replies - st.expired;
}

static void
wait_fd(uint64_t ns)
{
	struct pollfd p = { .fd = sock, .events = POLLIN };
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull) };

	(void)ppoll(&p, 1, &ts, NULL);
}

/*
 * Before timing: one request at a time until one is answered, so that the
 * responder's neighbour resolution of SRCIP is not part of the measurement.
 */
static void
warm_up(void)
{
	uint64_t start = now_ns(), now = start, last = 0;

	while (!stop && st.replies == 0 && now - start < WARMUP_NS) {
		if (last == 0 || now - last >= 100000000ull) {
			tx_batch(1, now);
			last = now;
		}
		if (rx_drain() == 0)
			wait_fd(1000000);
		now = now_ns();
	}
	if (st.replies == 0)
		fprintf(stderr, "gen6: no reply within %llu s of warm-up; "
				"measuring anyway\n",
		    WARMUP_NS / 1000000000ull);
	memset(pending, 0, sizeof(pending));
	memset(lat_hist, 0, sizeof(lat_hist));
	head_seq = next_seq;
	st.sent = st.replies = st.expired = st.dups = 0;
}

/* The q-quantile of the round trips in microseconds (bucket's upper end). */
static double
lat_quantile(double q)
{
	uint64_t total = 0, want, cum = 0;
	size_t b;

	for (b = 0; b < LAT_BUCKETS; b++)
		total += lat_hist[b];
	if (total == 0)
		return 0;
	want = (uint64_t)(q * (double)total);
	if (want == 0)
		want = 1;
	for (b = 0; b < LAT_BUCKETS; b++) {
		cum += lat_hist[b];
		if (cum >= want)
			break;
	}
	return (double)(b + 1) * LAT_BUCKET_NS / 1000.0;
}

int
main(int argc, char **argv)
{
	uint64_t t0, t_end, now, elapsed, window;
	double secs;

	parse_opts(argc, argv);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	open_socket();
	build_requests();
	if (!o.oneway)
		warm_up();
	window = o.window ? o.window : MAX_WINDOW;

	t0 = now = now_ns();
	t_end = t0 + (uint64_t)(o.seconds * 1e9);
	while (!stop && now < t_end) {
		uint64_t credit = BATCH, out;
		int window_limited = 0;

		rx_drain();
		now = now_ns();
		if (!o.oneway)
			expire(now);
		out = outstanding();
		if (!o.oneway && (out >= window || window - out < credit)) {
			credit = out >= window ? 0 : window - out;
			window_limited = 1;
		}
		if (o.rate) {
			double due = (double)o.rate * (double)(now - t0) / 1e9;
			uint64_t allowed = (uint64_t)due >= st.sent
			    ? (uint64_t)due - st.sent
			    : 0;

			if (allowed < credit) {
				credit = allowed;
				window_limited = 0;
			}
		}
		if (credit > 0) {
			tx_batch((unsigned)credit, now);
		} else if (window_limited) {
			wait_fd(1000000);
		} else {
			/* Paced: sleep until the next request is due. */
			uint64_t gap = 1000000000ull / o.rate;

			wait_fd(gap < 1000000 ? gap : 1000000);
		}
		now = now_ns();
	}
	elapsed = now - t0;

	/* Late replies to the requests still in flight. */
	t_end = now + DRAIN_NS;
	while (!o.oneway && now < t_end && outstanding() > 0) {
		if (rx_drain() == 0)
			wait_fd(1000000);
		now = now_ns();
		expire(now);
	}
	expire(now + LOSS_NS + 1);

	secs = (double)elapsed / 1e9;
	printf("sent %" PRIu64 " replies %" PRIu64 " rate %.0f pps "
	       "reply_ratio %.4f p50_us %.1f p99_us %.1f\n",
	    st.sent, st.replies,
	    secs > 0 ? (double)(o.oneway ? st.sent : st.replies) / secs : 0.0,
	    st.sent ? (double)st.replies / (double)st.sent : 0.0,
	    lat_quantile(0.5), lat_quantile(0.99));
	fprintf(stderr,
	    "gen6: %.3f s, send_rate %.0f pps, expired %" PRIu64
	    " late_or_dup %" PRIu64 " bad_csum %" PRIu64
	    " csum_unchecked %" PRIu64 " send_again %" PRIu64
	    " send_errors %" PRIu64 " ns_answered %" PRIu64
	    " rx_frames %" PRIu64 " rx_other %" PRIu64 "\n",
	    secs, secs > 0 ? (double)st.sent / secs : 0.0, st.expired, st.dups,
	    st.bad_csum, st.csum_unchecked, st.send_again, st.send_errors,
	    st.ns_answered, st.rx_frames, st.rx_other);
	close(sock);
	return 0;
}
