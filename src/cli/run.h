/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack run, what its files share: the options as parsed (run_args.c),
 * the running state (set up and torn down by run.c), what it prints
 * (run_events.c), the control-socket server (ctl_server.c, with the
 * answers of ctl_show.c) and the poll loop (run_loop.c).
 */
#ifndef V6_CLI_RUN_H
#define V6_CLI_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "cli/ctl.h"
#include "cli/ping.h"
#include "link/link.h"
#include "wire/drop.h"
#include "v6stack/v6stack.h"

struct radvd_conf;

#define RUN_MAX_SETS 256 /* --set options on one command line */
#define RUN_MAX_ROUTES 256 /* --route options on one command line */

/* One -i and the options that follow it. */
struct iface_opt {
	const char *name;
	enum v6_link_kind kind;
	bool have_mac;
	uint8_t mac[6];
	struct in6_addr addrs[V6_MAX_ADDRS];
	unsigned plens[V6_MAX_ADDRS];
	unsigned n_addrs;
	struct in6_addr acast[V6_MAX_ACAST];
	unsigned n_acast;
};

struct run_opts {
	struct iface_opt ifs[V6_MAX_IFACES];
	unsigned n_ifs;
	uint16_t udp_echo[V6_MAX_UDP_BINDS];
	unsigned n_udp_echo;
	const char *sets[RUN_MAX_SETS];
	unsigned n_sets;
	const char *routes[RUN_MAX_ROUTES]; /* --route SPEC, in order */
	unsigned n_routes;
	const char *rules[RUN_MAX_ROUTES]; /* --rule SPEC, in order */
	unsigned n_rules;
	const char *pcap_out;
	const char *ctl_path; /* --ctl PATH: the control socket (else by -i) */
	const char *radvd_conf_file; /* --radvd-conf FILE */
	struct radvd_conf *radv;     /* its blocks, read by run_parse_args */
	int verbose;
	bool timestamp;       /* -t: the time before each event line */
	bool keep_duplicates; /* --keep-duplicates: run on after a DAD failure */
	unsigned busy_poll_us; /* --busy-poll USECS, 0: off */
};
#define RUN_BUSY_POLL_MAX_US 1000000

/* One attached link: the context of its rx callback. */
struct iface_rt {
	struct run_ctx *run;
	struct v6_iface *iface;
	struct v6_link *link;
	unsigned pcap_id; /* its interface block in --pcap-out */
	bool down; /* the link went down: not polled until it is back */
	bool csum_noted; /* unfinished UDP checksums seen and said (run_events.c) */
};

struct run_ctx {
	struct v6_stack *stack;
	struct iface_rt ifs[V6_MAX_IFACES];
	unsigned n_ifs;
	struct v6_pcapfile *pcap;
	bool pcap_failed; /* a --pcap-out write failed (said once) */
	bool in_rx;       /* inside v6_input: drops go to the frame's record */
	/* The record of a packet of ours that was never sent, open for more
	 * drops of the same packet until the next received frame or flush
	 * (run_events.c): the packet's address, length and IPv6 header. */
	struct {
		bool open;
		const uint8_t *pkt;
		size_t len;
		uint8_t head[40];
	} pcap_unsent;
	int verbose;
	bool timestamp; /* -t */
	uint64_t now; /* monotonic ns, read once per round of the loop */
	int ctl_fd;
	char ctl_path[V6_CTL_PATH_MAX];
	struct v6_ping_srv *ping; /* v6stack ping sessions (ping_srv.c) */
	bool keep_duplicates; /* --keep-duplicates */
	unsigned busy_poll_us; /* --busy-poll: spin this long before poll(2) */
	bool ready; /* "ready" printed: the start's addresses passed DAD */
	bool dup_mac; /* a frame from our MAC that we did not send came */
	/* -v's drop lines, rate-limited per reason (run_events.c). */
	struct run_drop_log {
		uint64_t begin;      /* the current window's start */
		uint32_t printed;    /* lines printed in it */
		uint64_t suppressed; /* lines not printed since the last one */
	} drop_log[V6_DROP__COUNT];
};

/* run_args.c: the command line into o (and the --radvd-conf file, into
 * o->radv, which the caller frees); 0, or the exit status after saying
 * what is wrong (-h prints the usage and exits). */
int run_parse_args(int argc, char **argv, struct run_opts *o);
/* "v6stack run: MESSAGE (v6stack run -h for help)" on stderr; returns 2. */
int run_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "ADDR/PLEN"; PLEN defaults to 64 for link-local, 128 otherwise. 0 or -1. */
int run_parse_addr_plen(const char *arg, struct in6_addr *a, unsigned *plen);

/* run_events.c: the stack's events (struct v6_event) on stderr and into
 * --pcap-out; ctx is the struct run_ctx. */
void run_on_event(void *ctx, const struct v6_event *ev);
/* The interface's line and its addresses, as printed at start. */
void run_print_iface(const struct iface_rt *it, const struct iface_opt *io);
/* The counters at exit, nstat-like: SNMP names, then drop reasons. */
void run_print_counters(const struct v6_stack *stack);
/* "02:00:00:00:00:01" */
void run_fmt_mac(const uint8_t *m, char *buf, size_t len);

/* run_events.c: with -t, the wall-clock time as `ip -ts monitor` puts it
 * before a line, "[2026-12-07T12:04:34.123456] ", into buf (len >= 32);
 * else "". Returns buf. */
const char *run_ts(const struct run_ctx *r, char *buf, size_t len);

/* ctl_server.c: listen at path (--ctl; "@NAME" an abstract name), else at
 * the abstract "@v6stack/IFACE" (into r->ctl_fd; -1: the stack runs
 * without), replacing a stale socket file; -1 when a live
 * stack answers there (said, with its pid: this one is refused). Answer
 * one connection, close. */
int ctl_server_open(struct run_ctx *r, const char *ifname, const char *path);
void ctl_server_accept(struct run_ctx *r);
void ctl_server_close(struct run_ctx *r);

/* run_daemon.c: print "ready" once no address is TENTATIVE any more (0),
 * or say which one is a duplicate and return -1 (the stack is refused);
 * after a link's POLLERR, 0 if it went down (v6_iface_down; waited for),
 * -1 for a real error; before each poll(2), bring back the links that are
 * up again, set the link descriptors (-1 for a down one) in pfd, and
 * return due, sooner while a link is down. */
struct pollfd;
int run_ready_check(struct run_ctx *r);
/* A warning when /proc says the kernel's IPv6 is on for ifname. */
void run_warn_kernel_ipv6(const char *ifname);
int run_link_lost(struct run_ctx *r, unsigned i);
uint64_t run_links_watch(struct run_ctx *r, struct pollfd *pfd, uint64_t due);

/* run_loop.c: poll the links, the control socket and the ping sessions
 * until SIGINT or SIGTERM (run_signals). 0, or 1 on a link error. */
int run_loop(struct run_ctx *r);
void run_signals(void);
uint64_t run_mono_ns(void);
uint64_t run_real_ns(void);

#endif
