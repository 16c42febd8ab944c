/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A UDP echo server (RFC 862) on a TAP device, or with -b packet on an
 * existing interface (AF_PACKET), run by the stack's own loop (loop.h):
 *
 *   udp_echo [-b tap|packet] -i IFACE -a ADDR/PLEN [-m MAC] [-p PORT]
 *            [-s DST,PORT]
 *
 * Every datagram to PORT (default 7) goes back to its sender, from the
 * address it was sent to. With -s, once the address has passed DAD, the
 * server also connects a second port (PORT + 1) to DST,PORT and sends it
 * one datagram: the ICMPv6 error that comes back (a closed port on the
 * kernel: Destination Unreachable code 4) reaches the port's error callback
 * as an errno code, printed as "error ECONNREFUSED ...". It prints "ready"
 * when the address is usable, and its counts at SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"

struct echo {
	struct ex_one one; /* first: ex_one_rx and ex_one_poll take it */
	struct in6_addr addr;
	uint16_t port;
	bool ready;
	bool probe;
	struct in6_addr probe_dst;
	uint16_t probe_port;
	uint64_t echoed, bytes, errors;
};

static void
on_event(void *ctx, const struct v6_event *ev)
{
	struct echo *e = ctx;

	if (ev->kind == V6_EV_ADDR_STATE && !e->ready &&
	    memcmp(ev->addr, &e->addr, sizeof(e->addr)) == 0 &&
	    strcmp(ev->state, "PREFERRED") == 0) {
		e->ready = true;
		printf("ready\n");
		fflush(stdout);
	}
}

/* RFC 862: "any data received is sent back", to its source, from the
 * address it came to (the reply is safe from inside rx: v6stack.h). */
static void
on_datagram(void *ctx, const struct v6_udp_meta *m, const uint8_t *data,
    size_t len, v6_time_t now)
{
	struct echo *e = ctx;

	if (v6_udp_send(m->iface, &m->dst, &m->src, m->dport, m->sport, data,
		len, now) == 0) {
		e->echoed++;
		e->bytes += len;
	}
}

static void
on_error(void *ctx, const struct v6_udp_meta *m, int err, uint8_t type,
    uint8_t code, uint32_t info)
{
	struct echo *e = ctx;
	char a[INET6_ADDRSTRLEN];

	e->errors++;
	inet_ntop(AF_INET6, &m->dst, a, sizeof(a));
	printf("error %s from port %u to [%s]:%u (type %u code %u info %u)\n",
	    strerrorname_np(err), m->sport, a, m->dport, type, code, info);
	fflush(stdout);
}

static bool
probe_once(void *ctx, v6_time_t now)
{
	struct echo *e = ctx;
	char err[256];
	uint16_t p = (uint16_t)(e->port + 1);

	if (!e->probe || !e->ready)
		return false;
	e->probe = false;
	if (v6_udp_bind(e->one.stack, p, on_datagram, on_error, e, err,
		sizeof(err)) < 0 ||
	    v6_udp_connect(e->one.stack, p, e->one.iface, &e->addr,
		&e->probe_dst, e->probe_port, err, sizeof(err)) < 0) {
		fprintf(stderr, "udp_echo: %s\n", err);
		return false;
	}
	int r = v6_udp_send_connected(e->one.stack, p,
	    (const uint8_t *)"anyone there?", 13, now);
	if (r != 0)
		fprintf(stderr, "udp_echo: probe dropped: %s\n", v6_drop_name(r));
	return false;
}

static int
usage(void)
{
	fprintf(stderr, "usage: udp_echo [-b tap|packet] -i IFACE -a ADDR/PLEN "
	    "[-m MAC] [-p PORT] [-s DST,PORT]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static struct echo e;
	struct v6_stack_params sp = { .event = on_event, .event_ctx = &e };
	static const struct v6_link_ops ops = { .tx = ex_link_tx };
	uint8_t mac[6] = { 0x02, 0, 0, 0, 0x0e, 0x01 };
	struct ex_link link;
	const char *ifname = NULL, *prefix = NULL;
	char err[256], *comma;
	unsigned plen = 0;
	bool packet = false;
	int c;

	e.port = 7;
	while ((c = getopt(argc, argv, "b:i:a:m:p:s:")) != -1) {
		switch (c) {
		case 'b':
			if (strcmp(optarg, "packet") != 0 && strcmp(optarg, "tap") != 0)
				return usage();
			packet = strcmp(optarg, "packet") == 0;
			break;
		case 'i': ifname = optarg; break;
		case 'a': prefix = optarg; break;
		case 'm':
			if (v6_mac_parse(optarg, mac) < 0)
				return usage();
			break;
		case 'p': e.port = (uint16_t)atoi(optarg); break;
		case 's':
			comma = strchr(optarg, ',');
			if (!comma)
				return usage();
			*comma = '\0';
			if (inet_pton(AF_INET6, optarg, &e.probe_dst) != 1)
				return usage();
			e.probe_port = (uint16_t)atoi(comma + 1);
			e.probe = true;
			break;
		default: return usage();
		}
	}
	if (!ifname || !prefix || ex_parse_prefix(prefix, &e.addr, &plen) < 0 ||
	    e.port == 0 || e.port == 65535)
		return usage();
	/* A real link: seed from the kernel's randomness (v6stack.h). */
	if (getentropy(&sp.seed, sizeof(sp.seed)) < 0)
		sp.seed = (uint64_t)getpid();
	if ((packet ? ex_link_open_packet(&link, ifname, err, sizeof(err)) :
		ex_link_open_tap(&link, ifname, err, sizeof(err))) < 0 ||
	    v6_stack_new(&sp, &e.one.stack, err, sizeof(err)) < 0 ||
	    v6_iface_add(e.one.stack, ifname, mac, link.mtu, &ops, &link,
		&e.one.iface, err, sizeof(err)) < 0 ||
	    v6_iface_up(e.one.iface, ex_now(), err, sizeof(err)) < 0 ||
	    v6_addr_add(e.one.iface, &e.addr, plen, ex_now(), err,
		sizeof(err)) < 0 ||
	    v6_udp_bind(e.one.stack, e.port, on_datagram, NULL, &e, err,
		sizeof(err)) < 0) {
		fprintf(stderr, "udp_echo: %s\n", err);
		return 1;
	}
	struct ex_loop lp = { .link = &link, .rx = ex_one_rx,
		.poll = ex_one_poll, .done = probe_once, .ctx = &e };
	int r = ex_run(&lp, V6_TIME_NEVER);
	printf("echoed %llu datagrams, %llu bytes; %llu errors\n",
	    (unsigned long long)e.echoed, (unsigned long long)e.bytes,
	    (unsigned long long)e.errors);
	v6_stack_free(e.one.stack);
	ex_link_close(&link);
	return r < 0 ? 1 : 0;
}
