/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Virtual hosts: N hosts (default 1000) on one TAP device, each with its
 * own MAC (02:00:00:01:HH:LL for host HHLL, 1-based), its link-local
 * address (modified EUI-64 of that MAC) and PREFIX::HHLL/64, all answering
 * Neighbor Solicitations and Echo Requests: the kernel on the TAP sees N
 * neighbours.
 *
 *   vhosts -i TAP [-n N] [-p PREFIX]      (PREFIX default 2001:db8:1::)
 *
 * Prints "ready N" once every host's global address passed DAD, and at
 * SIGTERM the Echo Replies and Neighbor Advertisements sent.
 *
 * How: a host is an interface of one stack (an interface has one MAC;
 * the core has no per-address MAC), all N on the same TAP descriptor.
 * A stack has V6_MAX_IFACES (256) interfaces by default; this one is
 * created with params.ifaces_max = N, which sizes its stack-wide address
 * hashes for N interfaces at creation (about 1 KiB each), so a stack that
 * needs few pays for few. Per-address MACs were the other way: they would
 * have put a MAC beside every address in the core, for this one use.
 *
 * Frames are handed to the one host they are for, found in O(1) from the
 * destination MAC without a table: a unicast MAC encodes the host number;
 * a solicited-node MAC (RFC 4291 2.7.1: 33:33:ff + the address's low 24
 * bits) is 00:HH:LL for PREFIX::HHLL and 01:HH:LL for the link-local of
 * MAC 02:00:00:01:HH:LL (its EUI-64 identifier ends ff:fe:01:HH:LL). Only
 * the other multicast frames (all-nodes: an MLD Query, an RA) go to every
 * host, as they do on a real link.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loop.h"

#define HOSTS_MAX 65535 /* the 16 bits of HH:LL (V6_MAX_IFACES_LIMIT) */

struct vhosts {
	struct v6_stack *stack;
	struct v6_iface **hosts; /* host k is interface vh<k + 1> */
	unsigned n_hosts;
	struct in6_addr prefix;
	unsigned n_ready;
	bool said_ready;
	uint64_t not_ours;
};

static void
host_mac(unsigned k, uint8_t mac[6])
{
	mac[0] = 0x02, mac[1] = 0, mac[2] = 0, mac[3] = 0x01;
	mac[4] = (uint8_t)((k + 1) >> 8), mac[5] = (uint8_t)(k + 1);
}

static void
on_event(void *ctx, const struct v6_event *ev)
{
	struct vhosts *v = ctx;

	if (ev->kind == V6_EV_ADDR_STATE && strcmp(ev->state, "PREFERRED") == 0 &&
	    memcmp(ev->addr, &v->prefix, 8) == 0)
		v->n_ready++;
}

/* The host a frame is for (above), or -1 for every host, or -2 for none. */
static long
frame_host(const struct vhosts *v, const uint8_t *f, size_t len)
{
	unsigned k;

	if (len < 14)
		return -2;
	if (f[0] == 0x33 && f[1] == 0x33) {
		if (f[2] != 0xff)
			return -1;
		if (f[3] != 0x00 && f[3] != 0x01)
			return -2;
		k = (unsigned)(f[4] << 8 | f[5]);
	} else {
		if (f[0] != 0x02 || f[1] != 0 || f[2] != 0 || f[3] != 0x01)
			return -2;
		k = (unsigned)(f[4] << 8 | f[5]);
	}
	if (k == 0 || k > v->n_hosts)
		return -2;
	return (long)k - 1;
}

static void
vh_rx(void *ctx, const uint8_t *frame, size_t len)
{
	struct vhosts *v = ctx;
	long k = frame_host(v, frame, len);
	v6_time_t now = ex_now();

	if (k >= 0) {
		(void)v6_input(v->stack, v->hosts[k], frame, len, now);
	} else if (k == -1) {
		for (unsigned i = 0; i < v->n_hosts; i++)
			(void)v6_input(v->stack, v->hosts[i], frame, len, now);
	} else {
		v->not_ours++;
	}
}

static v6_time_t
vh_poll(void *ctx, v6_time_t now)
{
	struct vhosts *v = ctx;

	return v6_poll(v->stack, now);
}

static bool
vh_done(void *ctx, v6_time_t now)
{
	struct vhosts *v = ctx;

	(void)now;
	if (!v->said_ready && v->n_ready >= v->n_hosts) {
		v->said_ready = true;
		printf("ready %u\n", v->n_hosts);
		fflush(stdout);
	}
	return false;
}

static int
usage(void)
{
	fprintf(stderr, "usage: vhosts -i TAP [-n N] [-p PREFIX]\n");
	return 2;
}

int
main(int argc, char **argv)
{
	static struct vhosts v;
	static const struct v6_link_ops ops = { .tx = ex_link_tx };
	struct ex_link link;
	const char *ifname = NULL, *prefix = "2001:db8:1::";
	char err[256], name[V6_IFNAME_MAX + 1];
	uint64_t seed;
	int c;

	v.n_hosts = 1000;
	while ((c = getopt(argc, argv, "i:n:p:")) != -1) {
		switch (c) {
		case 'i': ifname = optarg; break;
		case 'n': v.n_hosts = (unsigned)atoi(optarg); break;
		case 'p': prefix = optarg; break;
		default: return usage();
		}
	}
	if (!ifname || v.n_hosts == 0 || v.n_hosts > HOSTS_MAX ||
	    inet_pton(AF_INET6, prefix, &v.prefix) != 1)
		return usage();
	if (ex_link_open_tap(&link, ifname, err, sizeof(err)) < 0) {
		fprintf(stderr, "vhosts: %s\n", err);
		return 1;
	}
	if (getentropy(&seed, sizeof(seed)) < 0)
		seed = (uint64_t)getpid();
	v.hosts = calloc(v.n_hosts, sizeof(*v.hosts));
	if (!v.hosts)
		return 1;
	/* A host's queue for resolution: 8 frames is plenty for answering;
	 * the default (256 per interface) would reserve 400 KB for each of
	 * the N. The neighbour cache (default 1024 entries) is shared. */
	struct v6_stack_params sp = { .seed = seed, .ifaces_max = v.n_hosts,
		.neigh_queue_max = 8, .neigh_max = 4 * (size_t)v.n_hosts,
		.event = on_event, .event_ctx = &v };
	if (v6_stack_new(&sp, &v.stack, err, sizeof(err)) < 0 ||
	    /* Hosts that only answer: no Router Solicitations (N x RS until
	     * an RA, RFC 4861 6.3.7). */
	    v6_sysctl_set(v.stack, "conf.default.router_solicitations", "0",
		err, sizeof(err)) < 0) {
		fprintf(stderr, "vhosts: %s\n", err);
		return 1;
	}
	for (unsigned k = 0; k < v.n_hosts; k++) {
		struct in6_addr a = v.prefix;
		uint8_t mac[6];

		host_mac(k, mac);
		a.s6_addr[14] = (uint8_t)((k + 1) >> 8);
		a.s6_addr[15] = (uint8_t)(k + 1);
		snprintf(name, sizeof(name), "vh%u", k + 1);
		if (v6_iface_add(v.stack, name, mac, link.mtu, &ops, &link,
			&v.hosts[k], err, sizeof(err)) < 0 ||
		    v6_iface_up(v.hosts[k], ex_now(), err, sizeof(err)) < 0 ||
		    v6_addr_add(v.hosts[k], &a, 64, ex_now(), err, sizeof(err)) < 0) {
			fprintf(stderr, "vhosts: host %u: %s\n", k + 1, err);
			return 1;
		}
	}
	struct ex_loop lp = { .link = &link, .rx = vh_rx, .poll = vh_poll,
		.done = vh_done, .ctx = &v };
	int r = ex_run(&lp, V6_TIME_NEVER);
	uint64_t replies = v6_stat_get(v.stack, NULL, "Icmp6OutEchoReplies");
	uint64_t nas = v6_stat_get(v.stack, NULL,
	    "Icmp6OutNeighborAdvertisements");
	v6_stack_free(v.stack);
	printf("hosts %u in one stack; echo replies %llu, neighbor "
	    "advertisements %llu; frames for no host %llu\n", v.n_hosts,
	    (unsigned long long)replies, (unsigned long long)nas,
	    (unsigned long long)v.not_ours);
	free(v.hosts);
	ex_link_close(&link);
	return r < 0 ? 1 : 0;
}
