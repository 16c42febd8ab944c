/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack run as a daemon: `ready` only once the addresses it started
 * with passed DAD (RFC 4862 5.4), refused (exit 1) when one is a
 * duplicate; a link going down is waited for and, when it is back, its
 * addresses go through DAD again (v6_iface_down, v6_iface_up), instead of
 * an exit. Called from the loop (run_loop.c).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "cli/run.h"

#define RUN_LINK_RECHECK_MS 200 /* how often a down link is looked at */

struct ready_scan {
	const char *ifname;
	unsigned tentative, failed;
	bool keep; /* --keep-duplicates: a DADFAILED address is not fatal */
};

static void
scan_addr(void *ctx, const struct in6_addr *addr, unsigned plen,
    const char *state)
{
	struct ready_scan *rs = ctx;
	char a[INET6_ADDRSTRLEN];

	if (!strcmp(state, "TENTATIVE")) {
		rs->tentative++;
	} else if (!strcmp(state, "DADFAILED")) {
		if (rs->keep)
			return;
		inet_ntop(AF_INET6, addr, a, sizeof(a));
		fprintf(stderr, "v6stack run: %s/%u on %s is already in use on the "
		    "link (RFC 4862 5.4.5: another node answered its Duplicate "
		    "Address Detection); is another stack or host running with "
		    "this address or MAC? Not starting (--keep-duplicates: run "
		    "without it).\n", a, plen, rs->ifname);
		rs->failed++;
	}
}

int
run_ready_check(struct run_ctx *r)
{
	struct ready_scan rs = { .keep = r->keep_duplicates };

	if (r->ready)
		return 0;
	for (unsigned i = 0; i < r->n_ifs; i++) {
		rs.ifname = v6_iface_name(r->ifs[i].iface);
		v6_addr_foreach(r->ifs[i].iface, scan_addr, &rs);
	}
	if (rs.failed && !r->keep_duplicates)
		return -1;
	if (r->dup_mac && !r->keep_duplicates) {
		fprintf(stderr, "v6stack run: another node on the link sends "
		    "frames from this stack's MAC (is another stack running with "
		    "the same -m?). Not starting.\n");
		return -1;
	}
	if (rs.tentative)
		return 0;
	r->ready = true;
	printf("ready\n");
	return 0;
}

int
run_link_lost(struct run_ctx *r, unsigned i)
{
	struct iface_rt *it = &r->ifs[i];
	int e = v6_link_take_error(it->link);
	char ts[40];

	/* ENETDOWN: the device went down (packet socket); otherwise ask the
	 * device itself. Anything else is a real error. */
	if (e != ENETDOWN && v6_link_running(it->link) != 0)
		return -1;
	v6_iface_down(it->iface, r->now);
	it->down = true;
	fprintf(stderr, "%slink %s DOWN: waiting for it to come back\n",
	    run_ts(r, ts, sizeof(ts)), v6_link_ifname(it->link));
	return 0;
}

/* A down link that is up again: DAD on its addresses again. */
static void
link_back(struct run_ctx *r, struct iface_rt *it)
{
	char err[256], ts[40];

	(void)v6_link_take_error(it->link);
	if (v6_iface_up(it->iface, r->now, err, sizeof(err)) < 0) {
		fprintf(stderr, "v6stack run: %s: %s\n", v6_link_ifname(it->link), err);
		return;
	}
	it->down = false;
	fprintf(stderr, "%slink %s UP: DAD again on its addresses\n",
	    run_ts(r, ts, sizeof(ts)), v6_link_ifname(it->link));
}

uint64_t
run_links_watch(struct run_ctx *r, struct pollfd *pfd, uint64_t due)
{
	bool any_down = false;

	for (unsigned i = 0; i < r->n_ifs; i++) {
		struct iface_rt *it = &r->ifs[i];

		if (it->down && v6_link_running(it->link) == 1)
			link_back(r, it);
		/* poll(2) skips a negative descriptor. */
		pfd[i].fd = it->down ? -1 : v6_link_fd(it->link);
		any_down |= it->down;
	}
	if (any_down) {
		uint64_t soon = r->now + (uint64_t)RUN_LINK_RECHECK_MS * V6_NS_PER_MS;
		if (soon < due)
			due = soon;
	}
	return due;
}

void
run_warn_kernel_ipv6(const char *ifname)
{
	char path[128], v[8] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6",
	    ifname);
	if (!(f = fopen(path, "r")))
		return;
	if (fgets(v, sizeof(v), f) && v[0] == '0')
		fprintf(stderr, "warning: the kernel's own IPv6 is on for %s: it "
				"and the stack will both answer on the link (turn it "
				"off: sysctl -w net.ipv6.conf.%s.disable_ipv6=1)\n",
		    ifname, ifname);
	fclose(f);
}
