/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack run: what it prints. The stack's events as they happen (stderr;
 * drops, neighbour and route changes only with -v; address, router and
 * log events always), every frame sent into --pcap-out, the interfaces at
 * start and the counters at exit (stdout).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include "cli/run.h"
#include "wire/csum.h"

void
run_fmt_mac(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
}

const char *
run_ts(const struct run_ctx *r, char *buf, size_t len)
{
	uint64_t ns;
	time_t sec;
	struct tm tm;
	char t[32];

	buf[0] = '\0';
	if (!r->timestamp)
		return buf;
	ns = run_real_ns();
	sec = (time_t)(ns / 1000000000u);
	if (!localtime_r(&sec, &tm) ||
	    !strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm))
		return buf;
	snprintf(buf, len, "[%s.%06u] ", t, (unsigned)(ns % 1000000000u / 1000));
	return buf;
}

/* The dropped packet's addresses, " (IP6 SRC > DST)" as tcpdump names
 * them (the frame's MACs when it is not IPv6), into buf; "" when the
 * event carries no frame, or too short a one. */
static void
drop_addrs(const struct v6_event *ev, char *buf, size_t len)
{
	const uint8_t *ip = ev->frame;
	size_t n = ev->len;
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN], ms[18], md[18];

	buf[0] = '\0';
	if (!ip)
		return;
	if (!ev->ip6) {
		if (n < 14)
			return;
		if (ip[12] != 0x86 || ip[13] != 0xdd || n < 14 + 40) {
			run_fmt_mac(ip + 6, ms, sizeof(ms));
			run_fmt_mac(ip, md, sizeof(md));
			snprintf(buf, len, " (%s > %s)", ms, md);
			return;
		}
		ip += 14;
		n -= 14;
	}
	if (n < 40 || ip[0] >> 4 != 6)
		return;
	inet_ntop(AF_INET6, ip + 8, s, sizeof(s));
	inet_ntop(AF_INET6, ip + 24, d, sizeof(d));
	snprintf(buf, len, " (IP6 %s > %s)", s, d);
}

/*
 * -v prints a line per drop, rate-limited per reason with Linux's
 * net_ratelimit() numbers (net.core.message_burst: 10 lines per
 * net.core.message_cost: 5 s): a flood must not become one write(2) per
 * frame (it made the stack fall behind flood_unreach6 at 110k frames/s),
 * and one reason's flood must not hide another's first lines. The next
 * line printed says how many were suppressed; `show drops` counts all.
 */
#define DROP_LOG_BURST 10
#define DROP_LOG_WINDOW_NS (5 * 1000000000ull)

static void
log_drop(struct run_ctx *r, const struct v6_event *ev, const char *ifn)
{
	struct run_drop_log *d;
	char ts[40], addrs[2 * INET6_ADDRSTRLEN + 12];

	if (ev->reason < 0 || ev->reason >= V6_DROP__COUNT)
		return;
	d = &r->drop_log[ev->reason];
	if (r->now - d->begin >= DROP_LOG_WINDOW_NS || d->begin == 0) {
		d->begin = r->now ? r->now : 1;
		d->printed = 0;
	}
	if (d->printed >= DROP_LOG_BURST) {
		d->suppressed++;
		return;
	}
	d->printed++;
	drop_addrs(ev, addrs, sizeof(addrs));
	if (d->suppressed)
		fprintf(stderr, "%sdrop %s %s: %s%s (%llu more suppressed)\n",
		    run_ts(r, ts, sizeof(ts)), ifn, v6_drop_name(ev->reason),
		    ev->text ? ev->text : "", addrs,
		    (unsigned long long)d->suppressed);
	else
		fprintf(stderr, "%sdrop %s %s: %s%s\n", run_ts(r, ts, sizeof(ts)),
		    ifn, v6_drop_name(ev->reason), ev->text ? ev->text : "", addrs);
	d->suppressed = 0;
}

/* Is ev's dropped datagram one whose UDP checksum field holds only the
 * pseudo-header's sum, uncomplemented: what a Linux sender leaves for the
 * NIC with transmit offload (CHECKSUM_PARTIAL, udp6_hwcsum_outgoing), so
 * that a local peer on a veth or bridge hands it on unfinished. The packet
 * backend completes such sums (TP_STATUS_CSUMNOTREADY); libpcap hides that
 * flag. Only a UDP header straight after the IPv6 header is looked at. */
static bool
udp_csum_left_to_offload(const struct v6_event *ev)
{
	const uint8_t *ip = ev->frame;
	size_t n = ev->len;
	struct in6_addr src, dst;
	uint16_t field, pseudo;

	if (!ip || ev->reason != V6_DROP_UDP_BAD_CSUM)
		return false;
	if (!ev->ip6) {
		if (n < 14 || ip[12] != 0x86 || ip[13] != 0xdd)
			return false;
		ip += 14;
		n -= 14;
	}
	if (n < 40 + 8 || ip[0] >> 4 != 6 || ip[6] != 17)
		return false;
	memcpy(&src, ip + 8, 16);
	memcpy(&dst, ip + 24, 16);
	/* the pseudo-header with the UDP header's own length (RFC 8200 8.1) */
	pseudo = v6_csum_fold(v6_csum_pseudo(&src, &dst,
	    (uint32_t)(ip[40 + 4] << 8 | ip[40 + 5]), 17));
	memcpy(&field, ip + 40 + 6, 2); /* native order, as the fold */
	return field == pseudo;
}

/* Said once per interface, without -v: every such datagram is lost. */
static void
note_csum_offload(struct run_ctx *r, const struct v6_event *ev, const char *ifn)
{
	char ts[40], addrs[2 * INET6_ADDRSTRLEN + 12];

	for (unsigned i = 0; i < r->n_ifs; i++) {
		if (r->ifs[i].iface != ev->iface)
			continue;
		if (r->ifs[i].csum_noted)
			return;
		r->ifs[i].csum_noted = true;
		drop_addrs(ev, addrs, sizeof(addrs));
		fprintf(stderr, "%snote %s UDP checksums arrive unfinished%s: the "
		    "sender leaves them to transmit offload, which libpcap cannot "
		    "show (-b pcap); use -b packet, or turn the sender's offload "
		    "off (ethtool -K IF tx off)\n", run_ts(r, ts, sizeof(ts)), ifn,
		    addrs);
		return;
	}
}

/* The interface block of ifp in --pcap-out: blocks are written in the
 * order of r->ifs (run.c iface_attach). */
static unsigned
pcap_ifid(const struct run_ctx *r, const struct v6_iface *ifp)
{
	for (unsigned i = 0; i < r->n_ifs; i++)
		if (r->ifs[i].iface == ifp)
			return r->ifs[i].pcap_id;
	return 0;
}

/* Is ev's packet the one whose never-sent record is open (the same
 * buffer, length and IPv6 header: a queue slot may be reused)? */
static bool
pcap_unsent_same(const struct run_ctx *r, const struct v6_event *ev)
{
	size_t n = ev->len < 40 ? ev->len : 40;

	return r->pcap_unsent.open && r->pcap_unsent.pkt == ev->frame &&
	    r->pcap_unsent.len == ev->len &&
	    memcmp(r->pcap_unsent.head, ev->frame, n) == 0;
}

/* A packet of ours that was never sent: the outbound frame it would have
 * been, destination MAC 00:00:00:00:00:00 (never resolved), its record
 * left open for more drops of the same packet. */
static void
pcap_unsent_begin(struct run_ctx *r, const struct v6_event *ev)
{
	uint8_t eth[14] = { 0 };

	v6_iface_mac(ev->iface, eth + 6);
	eth[12] = 0x86;
	eth[13] = 0xdd;
	v6_pcapfile_begin(r->pcap, pcap_ifid(r, ev->iface), V6_PCAP_OUT,
	    run_real_ns(), eth, sizeof(eth), ev->frame, ev->len);
	r->pcap_unsent.open = true;
	r->pcap_unsent.pkt = ev->frame;
	r->pcap_unsent.len = ev->len;
	memcpy(r->pcap_unsent.head, ev->frame, ev->len < 40 ? ev->len : 40);
}

/*
 * A drop into --pcap-out, in the words of `v6stack show drops` (name,
 * rule). While the stack handles a received frame (r->in_rx), a comment on
 * that frame's record, whatever the event's pointer (the frame, its IPv6
 * packet, a reassembled datagram, none). Else a packet of ours dropped
 * before it was framed (ev->ip6: resolution queue, NEIGH_RESOLUTION_FAILED;
 * then, maybe, the ICMP error about it suppressed) is one outbound record
 * with a comment per drop; a drop without a packet (a timer's) has no
 * frame to go on.
 */
static void
pcap_drop(struct run_ctx *r, const struct v6_event *ev)
{
	char c[512];

	if (!r->in_rx && !(ev->frame && ev->ip6 && ev->iface))
		return;
	snprintf(c, sizeof(c), "drop %s: %s", v6_drop_name(ev->reason),
	    v6_drop_text(ev->reason));
	if (!r->in_rx && !pcap_unsent_same(r, ev))
		pcap_unsent_begin(r, ev);
	v6_pcapfile_comment(r->pcap, c);
}

void
run_on_event(void *ctx, const struct v6_event *ev)
{
	struct run_ctx *r = ctx;
	char a[INET6_ADDRSTRLEN] = "", ts[40];
	const char *ifn = ev->iface ? v6_iface_name(ev->iface) : "-";

	if (ev->addr)
		inet_ntop(AF_INET6, ev->addr, a, sizeof(a));
	switch (ev->kind) {
	case V6_EV_TX:
		if (r->pcap)
			v6_pcapfile_write(r->pcap, pcap_ifid(r, ev->iface),
			    V6_PCAP_OUT, run_real_ns(), ev->frame, ev->len);
		break;
	case V6_EV_DROP:
		if (udp_csum_left_to_offload(ev))
			note_csum_offload(r, ev, ifn);
		if (r->verbose)
			log_drop(r, ev, ifn);
		if (r->pcap)
			pcap_drop(r, ev);
		break;
	case V6_EV_NEIGH_STATE:
		if (r->verbose)
			fprintf(stderr, "%sneigh %s %s %s\n", run_ts(r, ts, sizeof(ts)),
			    ifn, a, ev->state);
		break;
	case V6_EV_ADDR_STATE:
		/* Always shown: a duplicate address must not go unnoticed. */
		fprintf(stderr, "%saddr %s %s %s%s%s\n", run_ts(r, ts, sizeof(ts)),
		    ifn, a, ev->state,
		    ev->text ? ": " : "", ev->text ? ev->text : "");
		break;
	case V6_EV_LOG:
		if (ev->state && !strcmp(ev->state, "DUPLICATE_MAC")) {
			/* Once: every frame of that node says it. */
			if (!r->dup_mac)
				fprintf(stderr, "%snote %s %s\n",
				    run_ts(r, ts, sizeof(ts)), ifn, ev->text);
			r->dup_mac = true;
			break;
		}
		fprintf(stderr, "%snote %s %s %s\n", run_ts(r, ts, sizeof(ts)), ifn,
		    a, ev->text ? ev->text : "");
		break;
	case V6_EV_ROUTER:
		fprintf(stderr, "%srouter %s %s %s%s%s\n", run_ts(r, ts, sizeof(ts)),
		    ifn, a, ev->state,
		    ev->text ? ": " : "", ev->text ? ev->text : "");
		break;
	case V6_EV_ROUTE:
		if (r->verbose)
			fprintf(stderr, "%sroute %s %s %s%s%s\n",
			    run_ts(r, ts, sizeof(ts)), ifn, a, ev->state,
			    ev->text ? ": " : "", ev->text ? ev->text : "");
		break;
	}
}

static void
print_addr(void *ctx, const struct in6_addr *addr, unsigned plen,
    const char *state)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	printf("addr %s %s/%u %s\n", (const char *)ctx, a, plen, state);
}

static void
print_anycast(void *ctx, const struct in6_addr *addr)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(AF_INET6, addr, a, sizeof(a));
	printf("anycast %s %s\n", (const char *)ctx, a);
}

void
run_print_iface(const struct iface_rt *it, const struct iface_opt *io)
{
	uint8_t mac[6];
	char m[18];

	v6_iface_mac(it->iface, mac);
	run_fmt_mac(mac, m, sizeof(m));
	printf("iface %s backend %s mac %s mtu %u\n", io->name,
	    v6_link_kind_name(io->kind), m, v6_link_mtu(it->link));
	v6_addr_foreach(it->iface, print_addr, (void *)io->name);
	v6_anycast_foreach(it->iface, print_anycast, (void *)io->name);
}

static void
print_counter(void *ctx, const char *name, uint64_t v)
{
	(void)ctx;
	if (v)
		printf("%-36s %llu\n", name, (unsigned long long)v);
}

static void
print_drop(void *ctx, const char *name, const char *text, uint64_t v)
{
	(void)ctx;
	(void)text;
	if (v)
		printf("drop.%-31s %llu\n", name, (unsigned long long)v);
}

void
run_print_counters(const struct v6_stack *stack)
{
	printf("#v6stack\n");
	v6_stats_foreach(stack, NULL, print_counter, NULL);
	v6_drops_foreach(stack, print_drop, NULL);
	fflush(stdout);
}
