/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack demo: the seed's scenario, end to end, in network namespaces.
 *
 * The seed: a homemade stack sat on the Linux bridge lxcbr0 through libpcap
 * with MAC 0c:22:38:4e:9a:bc and address fe80::216:3eff:fe00:1234; a
 * container (00:16:3e:72:dc:1c, fe80::216:3eff:fe72:dc1c) pinged it and
 * never got an answer, because the stack's Neighbor Advertisement carried a
 * Source instead of a Target Link-Layer Address option.
 *
 * The demo rebuilds that topology:
 *
 *   v6demo-host: lxcbr0 (bridge, 00:16:3e:00:00:00, fe80::216:3eff:fe00:0)
 *                  |-- veth-ctr <------> eth0 in v6demo-ctr
 *                  |                     (00:16:3e:72:dc:1c,
 *                  |                      fe80::216:3eff:fe72:dc1c)
 *                  `-- v6stack run -b pcap (0c:22:38:4e:9a:bc,
 *                                           fe80::216:3eff:fe00:1234)
 *
 * then pings the stack from the container, shows the container's neighbour
 * entry and tcpdump's decoding of the exchange, checks them, and removes all
 * it made: on success, on failure and on SIGINT, SIGTERM or SIGHUP.
 *
 * Exit status: 0 all checks passed, 1 a check or a step failed, 2 usage,
 * 128 + signal number when interrupted.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/demo.h"
#include "cli/proc.h"

#define READY_MS 10000 /* the stack must print "ready" within this */
#define PING_MS 30000  /* ping -c 3, with margin */

struct demo {
	char dir[64];	    /* temporary directory for the children's output */
	char cmd_out[128];  /* dir/cmd.out: the short commands' output */
	char exe[PATH_MAX]; /* this program, resolved from /proc/self/exe */
	pid_t stack;	    /* v6stack run, 0 when not running */
	pid_t tcpdump;	    /* tcpdump in the container, 0 when not running */
	bool keep;	    /* --keep: leave the namespaces up */
};

/* The path of file name in the demo's temporary directory. */
static const char *
demo_path(const struct demo *d, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", d->dir, name);
	return buf;
}

/* Stop the children, remove the namespaces (unless kept), the temp files. */
static void
demo_cleanup(struct demo *d, bool keep_netns)
{
	char path[128];
	static const char *const files[] = {
		"cmd.out", "stack.out", "stack.err", "tcpdump.out",
		"tcpdump.err", "ping.out", "control.out",
	};

	if (d->tcpdump > 0)
		proc_kill(d->tcpdump, SIGINT);
	d->tcpdump = 0;
	if (d->stack > 0)
		proc_kill(d->stack, SIGTERM);
	d->stack = 0;
	if (!keep_netns) {
		printf("\n==> Cleanup: remove the namespaces (their bridge and "
		       "veth pair go with them)\n");
		netns_del(d->cmd_out, NS_CTR, false);
		netns_del(d->cmd_out, NS_HOST, false);
	}
	if (d->dir[0]) {
		for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
			unlink(demo_path(d, files[i], path, sizeof(path)));
		rmdir(d->dir);
		d->dir[0] = '\0';
	}
	fflush(stdout);
}

/*
 * Build the seed's topology. The bridge and the container's eth0 get the
 * seed's MACs and their EUI-64 link-locals (RFC 4291 2.5.1, RFC 4862 5.3),
 * added explicitly with nodad so nothing waits for Duplicate Address
 * Detection. Router Solicitations are turned off so the capture shows only
 * the exchange under test. ICMPv6 needs no checksum-offload tweaks: the
 * kernel computes ICMPv6 sums in software, the stack computes its own.
 */
static int
demo_topology(struct demo *d)
{
	static const char *const steps[] = {
		"ip netns add " NS_HOST,
		"ip netns add " NS_CTR,
		"ip netns exec " NS_HOST
		" sysctl -qw net.ipv6.conf.default.router_solicitations=0",
		"ip netns exec " NS_CTR
		" sysctl -qw net.ipv6.conf.default.router_solicitations=0",
		"ip -n " NS_HOST " link add " BRIDGE " address " BR_MAC
		" type bridge mcast_snooping 0 forward_delay 0",
		/*
		 * Unknown-unicast frames (the echo requests to the stack's
		 * MAC, which the bridge never learns) reach the bridge's own
		 * device only when it is promiscuous, as libpcap makes it.
		 */
		"ip -n " NS_HOST " link set " BRIDGE " addrgenmode none promisc on",
		"ip -n " NS_HOST " link add " VETH_HOST " type veth peer name "
		CTR_IF " netns " NS_CTR,
		/* A bridge port needs no address of its own. */
		"ip -n " NS_HOST " link set " VETH_HOST " master " BRIDGE
		" addrgenmode none",
		"ip -n " NS_CTR " link set " CTR_IF " address " CTR_MAC
		" addrgenmode none",
		"ip -n " NS_HOST " link set lo up",
		"ip -n " NS_CTR " link set lo up",
		"ip -n " NS_HOST " link set " VETH_HOST " up",
		"ip -n " NS_HOST " link set " BRIDGE " up",
		"ip -n " NS_CTR " link set " CTR_IF " up",
		"ip -n " NS_HOST " addr add " BR_LL "/64 dev " BRIDGE " nodad",
		"ip -n " NS_CTR " addr add " CTR_LL "/64 dev " CTR_IF " nodad",
	};

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (proc_stop)
			return -1;
		if (proc_run(d->cmd_out, PROC_SHOW_CMD, NULL, "%s", steps[i]) != 0)
			return -1;
	}
	proc_run(d->cmd_out, PROC_SHOW_CMD | PROC_SHOW_OUT, NULL, "ip -n %s -br addr show", NS_HOST);
	proc_run(d->cmd_out, PROC_SHOW_CMD | PROC_SHOW_OUT, NULL, "ip -n %s -br addr show", NS_CTR);
	return 0;
}

/*
 * Run a ping from the container and show its output. Returns its exit code
 * (-1 when interrupted or timed out); *out receives the output.
 */
static int
demo_ping(struct demo *d, const char *dst, const char *count, const char *name,
    char **out)
{
	char scoped[64];
	char *argv[] = {
		"ip", "netns", "exec", NS_CTR, "ping", "-c", (char *)count,
		"-W", "2", scoped, NULL,
	};
	char path[128];
	int code;

	/*
	 * A link-local destination needs its zone (RFC 4007 11.2): "%eth0"
	 * rather than "-I eth0", which makes this ping print a spurious
	 * "source address might be selected on device other than" warning.
	 */
	snprintf(scoped, sizeof(scoped), "%s%%%s", dst, CTR_IF);
	proc_show_argv(argv);
	demo_path(d, name, path, sizeof(path));
	code = proc_run_argv(argv, path, PING_MS, true, SIGINT);
	*out = proc_slurp(path);
	proc_print_indented(*out);
	fflush(stdout);
	return code;
}

/* Print the usage. */
static void
demo_usage(FILE *f)
{
	fprintf(f,
	    "usage: v6stack demo [--keep]\n"
	    "\n"
	    "Rebuild the seed's topology in two network namespaces:\n"
	    "  " NS_HOST "  bridge " BRIDGE " with the kernel's link-local "
	    BR_LL "\n"
	    "  " NS_CTR "   " CTR_IF " (" CTR_MAC ", " CTR_LL ") on a veth\n"
	    "run the stack on " BRIDGE " (libpcap) as " STACK_MAC
	    " / " STACK_LL ",\n"
	    "ping it from the container, show the container's neighbour "
	    "entry and the\n"
	    "NS/NA/echo exchange as tcpdump decodes it, check them, and "
	    "remove all it made,\n"
	    "also when interrupted. Needs root, ip (iproute2), tcpdump and "
	    "ping.\n"
	    "\n"
	    "  --keep   leave the namespaces up afterwards (the stack is "
	    "stopped)\n"
	    "  -h       this help\n"
	    "\n"
	    "Exit status: 0 all checks passed, 1 otherwise, 128+N on "
	    "signal N.\n");
}

/* Print the header: what the seed was, what the demo shows. */
static void
demo_header(void)
{
	printf(
	    "v6stack demo: the seed's scenario, rebuilt in network namespaces.\n"
	    "A userspace stack on the Linux bridge " BRIDGE " (libpcap) is "
	    STACK_MAC "\n"
	    "/ " STACK_LL "; a container (" CTR_MAC ",\n"
	    CTR_LL ") pings it. In the seed the stack's Neighbor\n"
	    "Advertisement carried a Source, not a Target, link-layer address "
	    "option:\n"
	    "Linux dropped it and the neighbour entry went FAILED. Here it "
	    "must work.\n");
}

/* Show a child's output file under a title. */
static void
demo_show_file(const char *title, const char *path)
{
	char *text = proc_slurp(path);

	if (title)
		printf("  %s:\n", title);
	proc_print_indented(text);
	free(text);
}

/* Step 2: the stack, in the host namespace, on the bridge, until it says
 * "ready". Returns 0, or 1 after saying why not. */
static int
demo_start_stack(struct demo *d)
{
	char *stack_argv[] = {
		"ip", "netns", "exec", NS_HOST, d->exe, "run", "-i", BRIDGE,
		"-b", "pcap", "-m", STACK_MAC, "-a", STACK_LL "/64",
		"--set", "conf." BRIDGE ".addr_gen_mode=1",
		"--set", "conf." BRIDGE ".accept_dad=0", NULL,
	};
	char out_path[128], err_path[128];
	int status = 0, r;

	printf("\n==> [2/5] Start the stack in " NS_HOST " on " BRIDGE
	       " through libpcap\n");
	proc_show_argv(stack_argv);
	demo_path(d, "stack.out", out_path, sizeof(out_path));
	demo_path(d, "stack.err", err_path, sizeof(err_path));
	d->stack = proc_spawn(stack_argv, out_path, err_path);
	if (d->stack < 0) {
		d->stack = 0;
		return 1;
	}
	r = proc_wait_for_line(out_path, "ready", d->stack, READY_MS, &status);
	if (r == 0) {
		printf("    ready\n");
		return 0;
	}
	if (proc_stop)
		return 1;
	if (r == -2) {
		printf("FAIL: the stack exited (status %d) before "
		       "printing \"ready\"\n", proc_exit_code(status));
		d->stack = 0;
	} else {
		printf("FAIL: the stack printed no \"ready\" in %d s\n",
		    READY_MS / 1000);
	}
	printf("  (\"ready\" must be flushed: stdout is a file here)\n");
	demo_show_file("its stdout", out_path);
	demo_show_file("its stderr", err_path);
	return 1;
}

/* Step 3: the capture, in the container, started before the ping.
 * Returns 0, or 1 after saying why not. */
static int
demo_start_capture(struct demo *d)
{
	char *dump_argv[] = {
		"ip", "netns", "exec", NS_CTR, "tcpdump", "-i", CTR_IF, "-nn",
		"-vv", "-l", "--immediate-mode", "icmp6", NULL,
	};
	char out_path[128], err_path[128];
	int status = 0, r;

	printf("\n==> [3/5] Capture ICMPv6 on the container's " CTR_IF "\n");
	proc_show_argv(dump_argv);
	demo_path(d, "tcpdump.out", out_path, sizeof(out_path));
	demo_path(d, "tcpdump.err", err_path, sizeof(err_path));
	d->tcpdump = proc_spawn(dump_argv, out_path, err_path);
	if (d->tcpdump < 0) {
		d->tcpdump = 0;
		return 1;
	}
	r = proc_wait_for_line(err_path, "listening on", d->tcpdump, READY_MS,
	    &status);
	if (r != 0) {
		if (proc_stop)
			return 1;
		if (r == -2)
			d->tcpdump = 0;
		printf("FAIL: tcpdump did not start\n");
		demo_show_file(NULL, err_path);
		return 1;
	}
	demo_show_file(NULL, err_path);
	return 0;
}

/* Stop the capture and show its decoding; returns it (malloc'd). */
static char *
demo_stop_capture(struct demo *d)
{
	char path[128];
	char *dump;

	/* Let the last reply reach tcpdump's file, then stop it. */
	proc_sleep_ms(300);
	printf("\n  tcpdump's decoding of the exchange:\n");
	proc_kill(d->tcpdump, SIGINT);
	d->tcpdump = 0;
	dump = proc_slurp(demo_path(d, "tcpdump.out", path, sizeof(path)));
	proc_print_indented(dump);
	return dump;
}

/* Step 5: stop the stack (SIGTERM) and show the counters it printed. */
static void
demo_stop_stack(struct demo *d)
{
	static const char *const names[] = {
		"Icmp6InNeighborSolicits", "Icmp6OutNeighborAdvertisements",
		"Icmp6InEchos", "Icmp6OutEchoReplies",
	};
	char path[128], buf[64];
	char *text;
	int status;

	printf("\n==> [5/5] Stop the stack (SIGTERM); its counters\n");
	status = proc_kill(d->stack, SIGTERM);
	d->stack = 0;
	text = proc_slurp(demo_path(d, "stack.out", path, sizeof(path)));
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = demo_counter(text, names[i], buf, sizeof(buf));

		printf("    %-32s %s\n", names[i], v ? v : "(not printed)");
	}
	if (proc_exit_code(status) != 0)
		printf("    (the stack exited with status %d)\n",
		    proc_exit_code(status));
	free(text);
}

/*
 * The steps after the topology: stack, capture, ping, neighbour entry,
 * counters, verdict. Returns 0 when all checks pass, 1 otherwise.
 */
static int
demo_exchange(struct demo *d)
{
	char *ping_out = NULL, *neigh = NULL, *dump = NULL;
	int ping_code, rc = 1;
	bool ok = true;

	if (demo_start_stack(d) != 0 || demo_start_capture(d) != 0)
		return 1;
	/*
	 * The ping. The container first resolves the stack's address: an NS
	 * to the solicited-node group ff02::1:ff00:1234 (RFC 4861 7.2.2), an
	 * NA back (7.2.4), then the echoes (RFC 4443 4.1, 4.2).
	 */
	printf("\n==> [4/5] Ping the stack from the container\n");
	ping_code = demo_ping(d, STACK_LL, PING_COUNT, "ping.out", &ping_out);
	if (proc_stop)
		goto out;
	/*
	 * The entry right after the ping: a solicited NA made it REACHABLE
	 * (RFC 4861 7.2.5), for ReachableTime, 15 to 45 s (6.3.2).
	 */
	proc_run(d->cmd_out, PROC_SHOW_CMD | PROC_SHOW_OUT, &neigh,
	    "ip -n %s -6 neigh show dev %s", NS_CTR, CTR_IF);
	dump = demo_stop_capture(d);
	demo_stop_stack(d);

	printf("\n==> Verdict\n");
	ok &= demo_check_ping(ping_code, ping_out);
	ok &= demo_check_neigh(neigh);
	ok &= demo_check_na(dump);
	ok &= demo_check_sums(dump);
	printf("%s\n", ok ? "PASS: the stack is resolved and answers, as the "
			    "seed's never was"
			  : "FAILED: see the FAIL lines above");
	rc = ok ? 0 : 1;
out:
	free(dump);
	free(neigh);
	free(ping_out);
	return rc;
}

/* The options into d; -1 to go on, else the exit status. */
static int
demo_parse_args(int argc, char **argv, struct demo *d)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--keep")) {
			d->keep = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			demo_usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "demo: unknown argument: %s\n", argv[i]);
			demo_usage(stderr);
			return 2;
		}
	}
	return -1;
}

/* Root, this program's path, the temporary directory. 0 or -1 (said). */
static int
demo_prepare(struct demo *d)
{
	ssize_t n;

	if (geteuid() != 0) {
		fprintf(stderr, "demo: needs root (network namespaces, "
				"bridges, packet capture)\n");
		return -1;
	}
	/* Resolved now, so the stack runs this very binary. */
	n = readlink("/proc/self/exe", d->exe, sizeof(d->exe) - 1);
	if (n <= 0) {
		fprintf(stderr, "demo: /proc/self/exe: %s\n", strerror(errno));
		return -1;
	}
	d->exe[n] = '\0';
	snprintf(d->dir, sizeof(d->dir), "/tmp/v6demo.XXXXXX");
	if (!mkdtemp(d->dir)) {
		fprintf(stderr, "demo: mkdtemp: %s\n", strerror(errno));
		return -1;
	}
	demo_path(d, "cmd.out", d->cmd_out, sizeof(d->cmd_out));
	return 0;
}

/* Leftovers, topology, the control ping, the exchange: 0 all passed. */
static int
demo_run(struct demo *d)
{
	char *control = NULL;
	int rc = 1;

	if (netns_exists(NS_HOST) || netns_exists(NS_CTR)) {
		printf("\n==> Remove the leftovers of an earlier run\n");
		netns_del(d->cmd_out, NS_CTR, true);
		netns_del(d->cmd_out, NS_HOST, true);
	}
	printf("\n==> [1/5] Build the topology\n");
	if (demo_topology(d) != 0) {
		if (!proc_stop)
			printf("FAIL: could not build the topology\n");
		return 1;
	}
	/* The control, as in the seed: the kernel's own address answers. */
	printf("\n  control: the bridge's kernel address answers the "
	       "container\n");
	if (demo_ping(d, BR_LL, "1", "control.out", &control) != 0) {
		if (!proc_stop)
			printf("FAIL: the container cannot reach the bridge's "
			       "kernel address: the plumbing is broken\n");
	} else {
		rc = demo_exchange(d);
	}
	free(control);
	return rc;
}

/* --keep: how to go on with the topology. */
static void
demo_keep_hint(const struct demo *d)
{
	printf("\nThe topology is still up (--keep). Explore it, e.g.:\n"
	       "  ip netns exec " NS_HOST " %s run -i " BRIDGE
	       " -b pcap -m " STACK_MAC " -a " STACK_LL "/64 &\n"
	       "  ip netns exec " NS_CTR " ping -c 3 " STACK_LL "%%"
	       CTR_IF "\n"
	       "  ip -n " NS_CTR " -6 neigh show dev " CTR_IF "\n"
	       "Remove it with:\n"
	       "  ip netns del " NS_CTR "; ip netns del " NS_HOST "\n",
	    d->exe);
}

/* v6stack demo [--keep]: see demo_usage(). */
int
v6_cli_demo(int argc, char **argv)
{
	struct demo d;
	struct sigaction old[4];
	int rc;

	memset(&d, 0, sizeof(d));
	if ((rc = demo_parse_args(argc, argv, &d)) >= 0)
		return rc;
	if (demo_prepare(&d) < 0)
		return 1;
	proc_stop = 0;
	proc_signals(old, false);
	demo_header();
	rc = demo_run(&d);
	if (proc_stop) {
		printf("\ninterrupted by %s\n", strsignal(proc_stop));
		rc = 128 + proc_stop;
	}
	demo_cleanup(&d, d.keep && !proc_stop);
	if (d.keep && !proc_stop)
		demo_keep_hint(&d);
	proc_signals(old, true);
	fflush(stdout);
	return rc;
}
