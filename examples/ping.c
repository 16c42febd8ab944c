/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A ping client (RFC 4443 4.1, 4.2) on a TAP device, as iputils' ping:
 *
 *   ping -i TAP -a ADDR/PLEN [-m MAC] [-c COUNT] [-s SIZE] [-w DEADLINE_S] DST
 *
 * Once ADDR has passed DAD it sends an Echo Request every second (the
 * stack resolves DST first, RFC 4861 7.2.2) until COUNT replies came back
 * or DEADLINE_S seconds passed (iputils' -c with -w). Prints a line per
 * reply and per error (a failed resolution is Destination Unreachable code
 * 3, looped back by the stack), and the summary; exits 0 when COUNT
 * replies arrived, 1 otherwise.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"

struct ping {
	struct ex_one one; /* first: ex_one_rx and ex_one_poll take it */
	struct in6_addr addr, dst;
	bool ready;
	uint16_t id, seq;
	unsigned count, size, received;
	v6_time_t next_send;
	v6_time_t sent_at[65536];
	uint8_t data[V6_ECHO_DATA_MAX];
};

static void
on_event(void *ctx, const struct v6_event *ev)
{
	struct ping *p = ctx;

	if (ev->kind == V6_EV_ADDR_STATE && !p->ready &&
	    memcmp(ev->addr, &p->addr, sizeof(p->addr)) == 0 &&
	    strcmp(ev->state, "PREFERRED") == 0)
		p->ready = true;
}

static void
on_reply(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint16_t id, uint16_t seq, uint8_t hlim, const uint8_t *data, size_t len,
    v6_time_t now)
{
	struct ping *p = ctx;
	char a[INET6_ADDRSTRLEN];

	(void)iface;
	/* RFC 4443 4.2: the reply carries our identifier and our data. */
	if (id != p->id || len != p->size || memcmp(data, p->data, len) != 0)
		return;
	p->received++;
	inet_ntop(AF_INET6, from, a, sizeof(a));
	printf("%zu bytes from %s: icmp_seq=%u ttl=%u time=%.3f ms\n",
	    len + 8, a, seq, hlim,
	    (double)(now - p->sent_at[seq]) / V6_NS_PER_MS);
	fflush(stdout);
}

static void
on_error(void *ctx, const struct v6_iface *iface, const struct in6_addr *from,
    uint8_t type, uint8_t code, uint32_t info, uint16_t id, uint16_t seq,
    v6_time_t now)
{
	struct ping *p = ctx;
	char a[INET6_ADDRSTRLEN];

	(void)iface, (void)info, (void)now;
	if (id != p->id)
		return;
	inet_ntop(AF_INET6, from, a, sizeof(a));
	printf("From %s icmp_seq=%u type %u code %u%s\n", a, seq, type, code,
	    type == 1 && code == 3 ? " (Destination unreachable: Address unreachable)" : "");
	fflush(stdout);
}

static bool
tick(void *ctx, v6_time_t now)
{
	struct ping *p = ctx;

	if (p->received >= p->count)
		return true;
	if (!p->ready || now < p->next_send)
		return false;
	p->sent_at[p->seq] = now;
	int r = v6_icmp6_echo_send(p->one.iface, &p->addr, &p->dst, p->id,
	    p->seq, p->data, p->size, now);
	if (r != 0)
		printf("icmp_seq=%u not sent: %s\n", p->seq, v6_drop_name(r));
	p->seq++;
	p->next_send = now + V6_NS_PER_S;
	return false;
}

/* The loop sleeps until the stack's deadline or the next request. */
static v6_time_t
ping_poll(void *ctx, v6_time_t now)
{
	struct ping *p = ctx;
	v6_time_t d = ex_one_poll(ctx, now);

	if (p->ready && p->next_send < d)
		d = p->next_send;
	return d;
}

static int
usage(void)
{
	fprintf(stderr, "usage: ping -i TAP -a ADDR/PLEN [-m MAC] [-c COUNT] "
	    "[-s SIZE] [-w DEADLINE_S] DST\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static struct ping p;
	struct v6_stack_params sp = { .event = on_event, .event_ctx = &p };
	static const struct v6_link_ops ops = { .tx = ex_link_tx };
	uint8_t mac[6] = { 0x02, 0, 0, 0, 0x0e, 0x02 };
	struct ex_link link;
	const char *ifname = NULL, *prefix = NULL;
	unsigned plen = 0, deadline_s = 10;
	char err[256], a[INET6_ADDRSTRLEN];
	int c;

	p.count = 3;
	p.size = 56;
	while ((c = getopt(argc, argv, "i:a:m:c:s:w:")) != -1) {
		switch (c) {
		case 'i': ifname = optarg; break;
		case 'a': prefix = optarg; break;
		case 'm':
			if (v6_mac_parse(optarg, mac) < 0)
				return usage();
			break;
		case 'c': p.count = (unsigned)atoi(optarg); break;
		case 's': p.size = (unsigned)atoi(optarg); break;
		case 'w': deadline_s = (unsigned)atoi(optarg); break;
		default: return usage();
		}
	}
	if (!ifname || !prefix || optind != argc - 1 ||
	    ex_parse_prefix(prefix, &p.addr, &plen) < 0 ||
	    inet_pton(AF_INET6, argv[optind], &p.dst) != 1 ||
	    p.size > V6_ECHO_DATA_MAX || p.count == 0)
		return usage();
	for (unsigned i = 0; i < p.size; i++)
		p.data[i] = (uint8_t)(0x10 + i);
	if (getentropy(&sp.seed, sizeof(sp.seed)) < 0)
		sp.seed = (uint64_t)getpid();
	p.id = (uint16_t)getpid();
	if (ex_link_open_tap(&link, ifname, err, sizeof(err)) < 0 ||
	    v6_stack_new(&sp, &p.one.stack, err, sizeof(err)) < 0 ||
	    v6_iface_add(p.one.stack, ifname, mac, link.mtu, &ops, &link,
		&p.one.iface, err, sizeof(err)) < 0 ||
	    v6_iface_up(p.one.iface, ex_now(), err, sizeof(err)) < 0 ||
	    v6_addr_add(p.one.iface, &p.addr, plen, ex_now(), err,
		sizeof(err)) < 0) {
		fprintf(stderr, "ping: %s\n", err);
		return 1;
	}
	v6_icmp6_echo_listen(p.one.stack, on_reply, on_error, &p);
	inet_ntop(AF_INET6, &p.dst, a, sizeof(a));
	printf("PING %s(%s) %u data bytes\n", a, a, p.size);
	struct ex_loop lp = { .link = &link, .rx = ex_one_rx,
		.poll = ping_poll, .done = tick, .ctx = &p };
	(void)ex_run(&lp, ex_now() + (v6_time_t)deadline_s * V6_NS_PER_S);
	printf("--- %s ping statistics ---\n%u packets transmitted, %u received\n",
	    a, p.seq, p.received);
	v6_stack_free(p.one.stack);
	ex_link_close(&link);
	return p.received >= p.count ? 0 : 1;
}
