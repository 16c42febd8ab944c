/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A program outside the tree that embeds the installed libv6stack
 * (tests/install/install.sh copies it to a temporary directory and builds
 * it with pkg-config against the shared and the static library). One
 * interface on a fake link and a fake clock: an address without DAD, one
 * Echo Request handed in, and what the stack sends back (RFC 4861 7.2.2:
 * it must first resolve the requester, so a Neighbor Solicitation for it).
 * Prints what it saw; the test compares the lines.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include <v6stack/v6stack.h>

static const uint8_t our_mac[6] = { 0x02, 0, 0, 0, 0xaa, 0x01 };
static const uint8_t peer_mac[6] = { 0x02, 0, 0, 0, 0xaa, 0x02 };

static int n_tx, n_ns_for_peer;

/* The link: count frames, and recognize an NS (ICMPv6 type 135) for the peer. */
static void
tx(void *ctx, const uint8_t *f, size_t len)
{
	struct in6_addr *peer = ctx;

	n_tx++;
	if (len >= 14 + 40 + 24 && f[12] == 0x86 && f[13] == 0xdd && f[14 + 6] == 58 &&
	    f[54] == 135 && !memcmp(f + 54 + 8, peer, 16))
		n_ns_for_peer++;
}

static void
print_addr(void *ctx, const struct in6_addr *a, unsigned plen, const char *state)
{
	char buf[INET6_ADDRSTRLEN];

	(void)ctx;
	printf("addr %s/%u %s\n", inet_ntop(AF_INET6, a, buf, sizeof(buf)), plen, state);
}

/* RFC 4443 2.3: the checksum over the pseudo-header and the message. */
static uint16_t
icmp6_csum(const uint8_t *ip6, const uint8_t *msg, size_t len)
{
	uint32_t sum = 58 + (uint32_t)len;

	for (int i = 8; i < 40; i += 2)
		sum += (uint32_t)(ip6[i] << 8 | ip6[i + 1]);
	for (size_t i = 0; i < len; i += 2)
		sum += (uint32_t)(msg[i] << 8 | (i + 1 < len ? msg[i + 1] : 0));
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Ethernet + IPv6 + Echo Request (8 bytes of data) from peer to us. */
static size_t
echo_request(uint8_t *f, const struct in6_addr *src, const struct in6_addr *dst)
{
	uint8_t *ip = f + 14, *icmp = ip + 40;
	uint16_t c;

	memset(f, 0, 14 + 40 + 16);
	memcpy(f, our_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	f[12] = 0x86, f[13] = 0xdd;
	ip[0] = 0x60, ip[5] = 16, ip[6] = 58, ip[7] = 64;
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	icmp[0] = 128, icmp[4] = 0x12, icmp[5] = 0x34, icmp[7] = 1;
	memcpy(icmp + 8, "embedded", 8);
	c = icmp6_csum(ip, icmp, 16);
	icmp[2] = (uint8_t)(c >> 8), icmp[3] = (uint8_t)c;
	return 14 + 40 + 16;
}

int
main(void)
{
	struct v6_stack_params params = { .seed = 1 };
	struct v6_link_ops ops = { .tx = tx };
	struct in6_addr ours, peer;
	struct v6_stack *s;
	struct v6_iface *ifp;
	char err[256];
	uint8_t frame[128];
	v6_time_t now = 0;
	int rc;

	inet_pton(AF_INET6, "2001:db8::1", &ours);
	inet_pton(AF_INET6, "2001:db8::2", &peer);
	printf("version %s %s\n", v6_version(), V6STACK_VERSION);
	if (v6_stack_new(&params, &s, err, sizeof(err)) < 0 ||
	    v6_sysctl_set(s, "conf.default.accept_dad", "0", err, sizeof(err)) < 0 ||
	    v6_iface_add(s, "fake0", our_mac, 1500, &ops, &peer, &ifp, err, sizeof(err)) < 0 ||
	    v6_iface_up(ifp, now, err, sizeof(err)) < 0 ||
	    v6_addr_add(ifp, &ours, 64, now, err, sizeof(err)) < 0) {
		fprintf(stderr, "prog: %s\n", err);
		return 1;
	}
	v6_addr_foreach(ifp, print_addr, NULL);
	now += V6_NS_PER_MS;
	v6_poll(s, now);
	n_tx = n_ns_for_peer = 0;
	rc = v6_input(s, ifp, frame, echo_request(frame, &peer, &ours), now);
	/* enum v6_drop is public (<v6stack/drop.h>, from the installed drop.def). */
	printf("input %s\n", rc != V6_DROP_NONE ? v6_drop_name(rc) : "ok");
	printf("Icmp6InEchos %llu\n", (unsigned long long)v6_stat_get(s, NULL, "Icmp6InEchos"));
	printf("solicited the peer %d\n", n_ns_for_peer);
	v6_stack_free(s);
	return 0;
}
