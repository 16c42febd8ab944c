/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack run: set the stack up from the command line (run_args.c), attach
 * it to its links, serve (run_loop.c, with the control socket of
 * ctl_server.c), print the counters at exit (run_events.c), tear down.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "cli/cli.h"
#include "cli/ctl_server.h"
#include "cli/radvd_conf.h"
#include "cli/route_args.h"
#include "cli/rule_args.h"

/* Is this --set for one named interface (conf.X.k, neigh.X.k with X not
 * all/default)? Those are applied after the interfaces exist. */
static bool
set_is_per_iface(const char *kv)
{
	const char *p = kv, *dot;

	if (!strncmp(p, "net.ipv6.", 9))
		p += 9;
	if (!strncmp(p, "conf.", 5))
		p += 5;
	else if (!strncmp(p, "neigh.", 6))
		p += 6;
	else
		return false;
	dot = strchr(p, '.');
	if (!dot)
		return false;
	return !((dot - p == 3 && !strncmp(p, "all", 3)) ||
	    (dot - p == 7 && !strncmp(p, "default", 7)));
}

/* The --set options that are (per_iface) or are not for one interface. */
static int
apply_sets(struct v6_stack *s, const struct run_opts *o, bool per_iface)
{
	char key[128], err[160];

	for (unsigned i = 0; i < o->n_sets; i++) {
		const char *kv = o->sets[i], *eq = strchr(kv, '=');
		size_t n = (size_t)(eq - kv);

		if (set_is_per_iface(kv) != per_iface)
			continue;
		if (n >= sizeof(key))
			return run_usage_error("--set %s: key too long", kv);
		memcpy(key, kv, n);
		key[n] = '\0';
		if (v6_sysctl_set(s, key, eq + 1, err, sizeof(err)) < 0) {
			fprintf(stderr, "v6stack run: --set %s\n", err);
			return 2;
		}
	}
	return 0;
}

/* The stack, with its stack-wide and default tunables first, so new
 * interfaces inherit them; and --pcap-out. */
static int
stack_open(struct run_ctx *r, const struct run_opts *o)
{
	struct v6_stack_params params = { 0 };
	char err[256];
	int rc;

	params.seed = run_mono_ns() ^ ((uint64_t)getpid() << 32);
	params.event = run_on_event;
	params.event_ctx = r;
	if (v6_stack_new(&params, &r->stack, err, sizeof(err)) < 0) {
		fprintf(stderr, "v6stack run: %s\n", err);
		return 1;
	}
	if ((rc = apply_sets(r->stack, o, false)) != 0)
		return rc;
	if (o->pcap_out && v6_pcapfile_open(o->pcap_out, &r->pcap, err, sizeof(err)) < 0) {
		fprintf(stderr, "v6stack run: --pcap-out %s: %s\n", o->pcap_out, err);
		return 1;
	}
	return 0;
}

/* The TAP device's own MAC belongs to the kernel (the peer): derive a
 * different, locally administered one for the stack. */
static void
tap_default_mac(const uint8_t kernel[6], uint8_t out[6])
{
	memcpy(out, kernel, 6);
	out[0] = (uint8_t)((out[0] | 0x02) & ~0x01);
	out[5] ^= 0x01;
}

/* Open the link of -i io and add its interface to the stack. */
static int
iface_attach(struct run_ctx *r, const struct iface_opt *io, struct iface_rt *it)
{
	struct v6_link_config cfg = { io->name, io->kind,
		io->have_mac ? io->mac : NULL };
	struct v6_link_ops ops = { v6_link_tx };
	uint8_t mac[6], hw[6];
	char err[256];

	it->run = r;
	if (v6_link_open(&cfg, &it->link, err, sizeof(err)) < 0) {
		fprintf(stderr, "v6stack run: %s\n", err);
		return 1;
	}
	r->n_ifs++;
	if (io->kind != V6_LINK_TAP) /* on tap the kernel is the peer */
		run_warn_kernel_ipv6(io->name);
	v6_link_hwaddr(it->link, hw);
	if (io->have_mac)
		memcpy(mac, io->mac, 6);
	else if (io->kind == V6_LINK_TAP)
		tap_default_mac(hw, mac);
	else
		memcpy(mac, hw, 6);
	if (v6_iface_add(r->stack, io->name, mac, v6_link_mtu(it->link), &ops,
		it->link, &it->iface, err, sizeof(err)) < 0) {
		fprintf(stderr, "v6stack run: %s: %s\n", io->name, err);
		return 1;
	}
	it->pcap_id = v6_pcapfile_add_iface(r->pcap, io->name, mac);
	/* SO_BUSY_POLL where the backend has a socket: the kernel polls the
	 * device's queue too while the loop spins. */
	if (r->busy_poll_us && v6_link_set_busy_poll(it->link, r->busy_poll_us) < 0)
		fprintf(stderr, "v6stack run: %s: SO_BUSY_POLL refused; spinning "
		    "on the ring only\n", io->name);
	return 0;
}

/* -a and --anycast of one interface. */
static int
iface_addrs_add(struct run_ctx *r, const struct iface_opt *io, struct v6_iface *ifp)
{
	char err[256], a[INET6_ADDRSTRLEN];

	for (unsigned k = 0; k < io->n_addrs; k++) {
		if (v6_addr_add(ifp, &io->addrs[k], io->plens[k], r->now, err,
			sizeof(err)) < 0) {
			inet_ntop(AF_INET6, &io->addrs[k], a, sizeof(a));
			fprintf(stderr, "v6stack run: -a %s on %s: %s\n", a, io->name, err);
			return 2;
		}
	}
	for (unsigned k = 0; k < io->n_acast; k++) {
		if (v6_anycast_add(ifp, &io->acast[k], err, sizeof(err)) < 0) {
			inet_ntop(AF_INET6, &io->acast[k], a, sizeof(a));
			fprintf(stderr, "v6stack run: --anycast %s on %s: %s\n", a,
			    io->name, err);
			return 2;
		}
	}
	return 0;
}

/* --udp-echo: RFC 862 over UDP, back to the sender from the address it
 * was sent to (or, for a multicast one, a chosen source). */
static void
udp_echo_rx(void *ctx, const struct v6_udp_meta *m, const uint8_t *data,
    size_t len, v6_time_t now)
{
	(void)ctx;
	(void)v6_udp_send(m->iface, m->dst.s6_addr[0] == 0xff ? NULL : &m->dst,
	    &m->src, m->dport, m->sport, data, len, now);
}

static int
udp_echo_bind(struct run_ctx *r, const struct run_opts *o)
{
	char err[256];

	for (unsigned i = 0; i < o->n_udp_echo; i++) {
		if (v6_udp_bind(r->stack, o->udp_echo[i], udp_echo_rx, NULL, r, err,
			sizeof(err)) < 0) {
			fprintf(stderr, "v6stack run: --udp-echo %u: %s\n",
			    o->udp_echo[i], err);
			return 2;
		}
	}
	return 0;
}

static struct v6_iface *
route_dev(void *ctx, const char *name)
{
	return v6_iface_by_name(ctx, name);
}

/* --route SPEC, after the addresses (a gateway is checked against their
 * prefix routes, as Linux does), then --rule SPEC. Exit status 2 on a
 * refused route or rule. */
static int
routes_add(struct run_ctx *r, const struct run_opts *o)
{
	struct v6_route_spec spec;
	struct v6_rule_spec rule;
	char err[256];

	for (unsigned i = 0; i < o->n_routes; i++) {
		if (route_spec_parse_line(o->routes[i], &spec, route_dev, r->stack,
			err, sizeof(err)) < 0)
			return run_usage_error("--route \"%s\": %s", o->routes[i], err);
		if (v6_route_add(r->stack, &spec, 0, err, sizeof(err)) < 0) {
			fprintf(stderr, "v6stack run: --route \"%s\": %s\n",
			    o->routes[i], err);
			return 2;
		}
	}
	for (unsigned i = 0; i < o->n_rules; i++) {
		if (rule_spec_parse_line(o->rules[i], &rule, route_dev, r->stack,
			err, sizeof(err)) < 0)
			return run_usage_error("--rule \"%s\": %s", o->rules[i], err);
		if (v6_rule_add(r->stack, &rule, err, sizeof(err)) < 0) {
			fprintf(stderr, "v6stack run: --rule \"%s\": %s\n",
			    o->rules[i], err);
			return 2;
		}
	}
	return 0;
}

/* --radvd-conf: each block's configuration on its interface (parsed and
 * its names checked by run_parse_args). Exit status 2, with the block's
 * line, when the core refuses one (RFC 4861 6.2.1 bounds). */
static int
radv_setup(struct run_ctx *r, const struct run_opts *o)
{
	char err[256];

	for (unsigned i = 0; o->radv && i < o->radv->n_ifs; i++) {
		const struct radvd_conf_iface *it = &o->radv->ifs[i];
		struct v6_iface *ifp = v6_iface_by_name(r->stack, it->name);

		if (!ifp || v6_radv_set(ifp, &it->conf, r->now, err, sizeof(err)) < 0)
			return run_usage_error("--radvd-conf %s:%u: %s",
			    o->radvd_conf_file, it->line, ifp ? err : "no such interface");
	}
	return 0;
}

/* Links, interfaces, their tunables, addresses; UDP echo. */
static int
ifaces_setup(struct run_ctx *r, const struct run_opts *o)
{
	int rc;

	r->now = run_mono_ns();
	for (unsigned i = 0; i < o->n_ifs; i++)
		if ((rc = iface_attach(r, &o->ifs[i], &r->ifs[i])) != 0)
			return rc;
	if ((rc = apply_sets(r->stack, o, true)) != 0)
		return rc;
	for (unsigned i = 0; i < o->n_ifs; i++)
		if ((rc = iface_addrs_add(r, &o->ifs[i], r->ifs[i].iface)) != 0)
			return rc;
	return udp_echo_bind(r, o);
}

/* Bring the interfaces up (DAD, RS, MLD start) and say so. */
static int
ifaces_up(struct run_ctx *r, const struct run_opts *o)
{
	char err[256];

	for (unsigned i = 0; i < r->n_ifs; i++) {
		struct iface_rt *it = &r->ifs[i];

		if (v6_iface_up(it->iface, r->now, err, sizeof(err)) < 0) {
			fprintf(stderr, "v6stack run: %s: %s\n", o->ifs[i].name, err);
			return 1;
		}
		run_print_iface(it, &o->ifs[i]);
		(void)v6_link_flush(it->link);
	}
	return 0;
}

static void
run_close(struct run_ctx *r)
{
	for (unsigned i = 0; i < r->n_ifs; i++) {
		(void)v6_link_flush(r->ifs[i].link);
		v6_link_close(r->ifs[i].link);
	}
	if (r->pcap)
		v6_pcapfile_close(r->pcap);
	ctl_server_close(r);
	v6_ping_srv_free(r->ping);
	v6_stack_free(r->stack);
}

int
v6_cli_run(int argc, char **argv)
{
	static struct run_opts o;
	static struct run_ctx r;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	r.ctl_fd = -1;
	if ((rc = run_parse_args(argc, argv, &o)) != 0)
		return rc;
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Before any link opens: a live stack of that name refuses this one. */
	if (ctl_server_open(&r, o.ifs[0].name, o.ctl_path) < 0)
		return 1;
	r.verbose = o.verbose;
	r.timestamp = o.timestamp;
	r.keep_duplicates = o.keep_duplicates;
	r.busy_poll_us = o.busy_poll_us;
	if ((rc = stack_open(&r, &o)) == 0 && (rc = ifaces_setup(&r, &o)) == 0) {
		run_signals();
		/* Routes once the links are up: a gateway must be on-link
		 * through an interface that is up, as in Linux. */
		if ((rc = ifaces_up(&r, &o)) == 0 &&
		    (rc = routes_add(&r, &o)) == 0)
			rc = radv_setup(&r, &o);
	}
	if (rc == 0) {
		r.ping = v6_ping_srv_new(r.stack);
		/* "ready" once DAD is over (run_daemon.c). */
		rc = run_loop(&r);
		run_print_counters(r.stack);
	}
	run_close(&r);
	free(o.radv);
	return rc;
}
