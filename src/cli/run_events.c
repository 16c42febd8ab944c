/*
 * v6stack run: what it prints. The stack's events as they happen (stderr;
 * drops, neighbour and route changes only with -v; address, router and
 * log events always), every frame sent into --pcap-out, the interfaces at
 * start and the counters at exit (stdout).
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "cli/run.h"

void
run_fmt_mac(const uint8_t *m, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2],
	    m[3], m[4], m[5]);
}

void
run_on_event(void *ctx, const struct v6_event *ev)
{
	struct run_ctx *r = ctx;
	char a[INET6_ADDRSTRLEN] = "";
	const char *ifn = ev->iface ? v6_iface_name(ev->iface) : "-";

	if (ev->addr)
		inet_ntop(AF_INET6, ev->addr, a, sizeof(a));
	switch (ev->kind) {
	case V6_EV_TX:
		if (r->pcap)
			v6_pcapfile_write(r->pcap, run_real_ns(), ev->frame, ev->len);
		break;
	case V6_EV_DROP:
		if (r->verbose)
			fprintf(stderr, "drop %s %s: %s\n", ifn,
			    v6_drop_name(ev->reason), ev->text ? ev->text : "");
		break;
	case V6_EV_NEIGH_STATE:
		if (r->verbose)
			fprintf(stderr, "neigh %s %s %s\n", ifn, a, ev->state);
		break;
	case V6_EV_ADDR_STATE:
		/* Always shown: a duplicate address must not go unnoticed. */
		fprintf(stderr, "addr %s %s %s%s%s\n", ifn, a, ev->state,
		    ev->text ? ": " : "", ev->text ? ev->text : "");
		break;
	case V6_EV_LOG:
		if (ev->state && !strcmp(ev->state, "DUPLICATE_MAC")) {
			/* Once: every frame of that node says it. */
			if (!r->dup_mac)
				fprintf(stderr, "note %s %s\n", ifn, ev->text);
			r->dup_mac = true;
			break;
		}
		fprintf(stderr, "note %s %s %s\n", ifn, a, ev->text ? ev->text : "");
		break;
	case V6_EV_ROUTER:
		fprintf(stderr, "router %s %s %s%s%s\n", ifn, a, ev->state,
		    ev->text ? ": " : "", ev->text ? ev->text : "");
		break;
	case V6_EV_ROUTE:
		if (r->verbose)
			fprintf(stderr, "route %s %s %s%s%s\n", ifn, a, ev->state,
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
