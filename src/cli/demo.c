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
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

#define NS_HOST "v6demo-host"
#define NS_CTR "v6demo-ctr"
#define BRIDGE "lxcbr0"
#define BR_MAC "00:16:3e:00:00:00"
#define BR_LL "fe80::216:3eff:fe00:0"
#define VETH_HOST "veth-ctr"
#define CTR_IF "eth0"
#define CTR_MAC "00:16:3e:72:dc:1c"
#define CTR_LL "fe80::216:3eff:fe72:dc1c"
#define STACK_MAC "0c:22:38:4e:9a:bc"
#define STACK_LL "fe80::216:3eff:fe00:1234"
#define PING_COUNT "3"

#define READY_MS 10000	  /* the stack must print "ready" within this */
#define CMD_MS 10000	  /* a short command (ip, sysctl) */
#define PING_MS 30000	  /* ping -c 3, with margin */
#define STOP_MS 3000	  /* grace after SIGTERM/SIGINT before SIGKILL */
#define MAX_ARGS 32

/* Flags for demo_cmd(). */
#define SHOW_CMD 0x1 /* print "$ command" */
#define SHOW_OUT 0x2 /* print what it wrote */

/* The signal that asked us to stop, or 0. Set by demo_on_signal() only. */
static volatile sig_atomic_t demo_stop;

struct demo {
	char dir[64];	    /* temporary directory for the children's output */
	char exe[PATH_MAX]; /* this program, resolved from /proc/self/exe */
	pid_t stack;	    /* v6stack run, 0 when not running */
	pid_t tcpdump;	    /* tcpdump in the container, 0 when not running */
	bool keep;	    /* --keep: leave the namespaces up */
};

/* Record the signal; every wait loop looks at demo_stop. */
static void
demo_on_signal(int sig)
{
	demo_stop = sig;
}

/* Sleep for ms milliseconds (a signal may cut it short). */
static void
demo_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Monotonic milliseconds. */
static long long
demo_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The path of file name in the demo's temporary directory. */
static const char *
demo_path(const struct demo *d, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", d->dir, name);
	return buf;
}

/* Read a whole file into a NUL-terminated malloc'd string ("" on error). */
static char *
demo_slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (f) {
		for (;;) {
			if (cap - len < 4096) {
				char *n = realloc(buf, cap + 65536);

				if (!n)
					break;
				buf = n;
				cap += 65536;
			}
			size_t got = fread(buf + len, 1, cap - len - 1, f);

			if (got == 0)
				break;
			len += got;
		}
		fclose(f);
	}
	if (!buf)
		buf = malloc(1);
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* Print text indented, one line at a time; "(nothing)" when empty. */
static void
demo_print_indented(const char *text)
{
	const char *p = text, *end;

	/* Trailing blank lines say nothing. */
	end = p ? p + strlen(p) : NULL;
	while (end && end > p && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	if (!p || end == p) {
		printf("    (nothing)\n");
		return;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		int n = nl ? (int)(nl - p) : (int)(end - p);

		printf("    %.*s\n", n, p);
		p += n + 1;
	}
}

/* Print a command line as the user would type it. */
static void
demo_show_argv(char *const argv[])
{
	printf("  $");
	for (int i = 0; argv[i]; i++)
		printf(" %s", argv[i]);
	printf("\n");
	fflush(stdout);
}

/*
 * Start argv[0] (searched in PATH) with stdin from /dev/null, stdout to
 * out_path and stderr to err_path (NULL: with stdout). The child gets its own
 * process group, so a ^C at the terminal reaches only the demo, which then
 * stops its children in order; and it dies with the demo if the demo itself
 * is killed (PR_SET_PDEATHSIG). Returns the pid or -1.
 */
static pid_t
demo_spawn(char *const argv[], const char *out_path, const char *err_path)
{
	pid_t parent = getpid();
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "demo: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int err = err_path ?
		    open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600) : out;

		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL); /* the demo ignores it; exec keeps that */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		if (in < 0 || out < 0 || err < 0)
			_exit(127);
		dup2(in, STDIN_FILENO);
		dup2(out, STDOUT_FILENO);
		dup2(err, STDERR_FILENO);
		execvp(argv[0], argv);
		dprintf(STDERR_FILENO, "cannot run %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid); /* also from here: no race with the child's */
	return pid;
}

/*
 * Wait up to timeout_ms for pid to exit. With interruptible, give up early
 * when a signal asked us to stop. Returns 1 and the wait status when it
 * exited, 0 when it is still running.
 */
static int
demo_wait(pid_t pid, long timeout_ms, bool interruptible, int *status)
{
	long long end = demo_now_ms() + timeout_ms;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid || (r < 0 && errno == ECHILD))
			return 1;
		if (demo_now_ms() >= end || (interruptible && demo_stop))
			return 0;
		demo_sleep_ms(10);
	}
}

/*
 * Stop a child: send sig, wait STOP_MS, then SIGKILL. Returns its wait
 * status.
 */
static int
demo_kill(pid_t pid, int sig)
{
	int status = 0;

	kill(pid, sig);
	if (demo_wait(pid, STOP_MS, false, &status))
		return status;
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* The exit code of a wait status; 128 + signal when killed. */
static int
demo_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

/*
 * Run a short command, given as one string split at spaces (none of the
 * demo's short commands needs quoting), and wait for it. Its output goes to
 * *out when out is not NULL (malloc'd). Returns its exit code, -1 when it
 * could not run or did not finish in CMD_MS.
 */
static int
demo_cmd(struct demo *d, unsigned flags, char **out, const char *fmt, ...)
{
	char line[512], path[128], *argv[MAX_ARGS], *save = NULL;
	int argc = 0, status = 0, code;
	va_list ap;
	pid_t pid;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (flags & SHOW_CMD)
		printf("  $ %s\n", line);
	for (char *t = strtok_r(line, " ", &save); t && argc < MAX_ARGS - 1;
	     t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;

	demo_path(d, "cmd.out", path, sizeof(path));
	pid = demo_spawn(argv, path, NULL);
	if (pid < 0)
		return -1;
	if (demo_wait(pid, CMD_MS, false, &status)) {
		code = demo_exit_code(status);
	} else {
		demo_kill(pid, SIGKILL);
		code = -1;
	}
	if (flags & SHOW_OUT || out || code != 0) {
		char *text = demo_slurp(path);

		/* A failing command always says why. */
		if ((flags & SHOW_OUT) || code != 0) {
			if (code != 0 && !(flags & SHOW_CMD))
				printf("  $ %s\n", line);
			if (text && *text)
				demo_print_indented(text);
			if (code != 0)
				printf("    (exit status %d)\n", code);
		}
		if (out)
			*out = text;
		else
			free(text);
	}
	fflush(stdout);
	return code;
}

/* Does network namespace name exist (iproute2 keeps it in /run/netns)? */
static bool
demo_netns_exists(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	return access(path, F_OK) == 0;
}

/*
 * Delete a namespace of ours. Leftovers of an interrupted earlier run may
 * still hold a process (a stack, a tcpdump): stop those first, or the
 * namespace would live on unnamed. Deleting the namespace destroys its
 * devices: the veth pair and the bridge.
 */
static void
demo_netns_del(struct demo *d, const char *name, bool leftovers)
{
	char *pids = NULL;

	if (!demo_netns_exists(name))
		return;
	if (leftovers && demo_cmd(d, 0, &pids, "ip netns pids %s", name) == 0) {
		char *p = pids, *end;
		long pid = strtol(p, &end, 10);

		while (end != p) {
			if (pid > 1 && pid != getpid()) {
				printf("  stopping leftover process %ld in %s\n",
				    pid, name);
				kill((pid_t)pid, SIGKILL);
			}
			p = end;
			pid = strtol(p, &end, 10);
		}
	}
	free(pids);
	demo_cmd(d, SHOW_CMD, NULL, "ip netns del %s", name);
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
		demo_kill(d->tcpdump, SIGINT);
	d->tcpdump = 0;
	if (d->stack > 0)
		demo_kill(d->stack, SIGTERM);
	d->stack = 0;
	if (!keep_netns) {
		printf("\n==> Cleanup: remove the namespaces (their bridge and "
		       "veth pair go with them)\n");
		demo_netns_del(d, NS_CTR, false);
		demo_netns_del(d, NS_HOST, false);
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
		if (demo_stop)
			return -1;
		if (demo_cmd(d, SHOW_CMD, NULL, "%s", steps[i]) != 0)
			return -1;
	}
	demo_cmd(d, SHOW_CMD | SHOW_OUT, NULL, "ip -n %s -br addr show", NS_HOST);
	demo_cmd(d, SHOW_CMD | SHOW_OUT, NULL, "ip -n %s -br addr show", NS_CTR);
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
	int status = 0, code;
	pid_t pid;

	/*
	 * A link-local destination needs its zone (RFC 4007 11.2): "%eth0"
	 * rather than "-I eth0", which makes this ping print a spurious
	 * "source address might be selected on device other than" warning.
	 */
	snprintf(scoped, sizeof(scoped), "%s%%%s", dst, CTR_IF);
	demo_show_argv(argv);
	demo_path(d, name, path, sizeof(path));
	pid = demo_spawn(argv, path, NULL);
	if (pid < 0)
		return -1;
	if (demo_wait(pid, PING_MS, true, &status)) {
		code = demo_exit_code(status);
	} else {
		demo_kill(pid, SIGINT);
		code = -1;
	}
	*out = demo_slurp(path);
	demo_print_indented(*out);
	fflush(stdout);
	return code;
}

/*
 * Wait until file path holds a line starting with word (after an optional
 * "program: " prefix, as in "tcpdump: listening on"), while pid runs.
 * Returns 0 when found, -1 on timeout or a stop signal, -2 when pid exited
 * (reaped; its wait status in *status).
 */
static int
demo_wait_for_line(const char *path, const char *word, pid_t pid, long ms,
    int *status)
{
	long long end = demo_now_ms() + ms;
	size_t wlen = strlen(word);

	while (!demo_stop && demo_now_ms() < end) {
		char *text = demo_slurp(path);
		bool found = false;

		for (char *l = text; l && *l;) {
			const char *colon = strstr(l, ": ");
			const char *nl = strchr(l, '\n');

			if (strncmp(l, word, wlen) == 0 || (colon &&
			    (!nl || colon < nl) &&
			    strncmp(colon + 2, word, wlen) == 0)) {
				found = true;
				break;
			}
			l = strchr(l, '\n');
			l = l ? l + 1 : NULL;
		}
		free(text);
		if (found)
			return 0;
		if (waitpid(pid, status, WNOHANG) == pid)
			return -2;
		demo_sleep_ms(20);
	}
	return -1;
}

/* The value of counter name in the stack's "Name value" lines, or NULL. */
static const char *
demo_counter(const char *text, const char *name, char *buf, size_t len)
{
	size_t nlen = strlen(name);

	for (const char *l = text; l && *l;) {
		if (strncmp(l, name, nlen) == 0 && (l[nlen] == ' ' ||
		    l[nlen] == '\t')) {
			const char *v = l + nlen + strspn(l + nlen, " \t");
			size_t n = strcspn(v, " \t\n");

			snprintf(buf, len, "%.*s", (int)n, v);
			return buf;
		}
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	return NULL;
}

/* Copy line l without its leading and trailing blanks into buf. */
static const char *
demo_line(const char *l, char *buf, size_t len)
{
	int n;

	l += strspn(l, " \t");
	n = (int)strcspn(l, "\n");
	while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t' ||
	    l[n - 1] == '\r'))
		n--;
	snprintf(buf, len, "%.*s", n, l);
	return buf;
}

/*
 * Check 1: every echo request got its reply. ping prints
 * "3 packets transmitted, 3 received, ..." and exits 0.
 */
static bool
demo_check_ping(int code, const char *out)
{
	const char *stats = out ? strstr(out, "packets transmitted") : NULL;
	char line[256];

	while (stats && stats > out && stats[-1] != '\n')
		stats--;
	if (code == 0 && out && strstr(out, ", " PING_COUNT " received")) {
		printf("ok:   ping: " PING_COUNT "/" PING_COUNT
		       " echo replies from " STACK_LL "\n");
		return true;
	}
	printf("FAIL: ping: %s\n", stats ? demo_line(stats, line, sizeof(line))
					 : "no statistics (interrupted?)");
	return false;
}

/*
 * Check 2: the container resolved the stack. A solicited NA with a Target
 * Link-Layer Address option makes the entry REACHABLE (RFC 4861 7.2.5);
 * it turns STALE when ReachableTime passes, and DELAY when traffic is sent
 * while STALE (7.3.3). The seed saw FAILED: without the option the NA is
 * silently discarded while the entry is INCOMPLETE (7.2.5).
 */
static bool
demo_check_neigh(const char *out)
{
	const char *l = out;
	char line[256];
	const char *state, *last;

	while (l && *l && strncmp(l, STACK_LL " ", strlen(STACK_LL " ")) != 0) {
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	if (!l || !*l) {
		printf("FAIL: neighbour: no entry for " STACK_LL
		       " in the container\n");
		return false;
	}
	demo_line(l, line, sizeof(line));
	/* The state is the last word of the line. */
	last = strrchr(line, ' ');
	state = last ? last + 1 : line;
	if (!strstr(line, "lladdr " STACK_MAC)) {
		printf("FAIL: neighbour: %s (want lladdr " STACK_MAC
		       ", REACHABLE or STALE)\n",
		    line);
		return false;
	}
	if (!strcmp(state, "REACHABLE") || !strcmp(state, "STALE")) {
		printf("ok:   neighbour: %s\n", line);
		return true;
	}
	if (!strcmp(state, "DELAY")) {
		printf("ok:   neighbour: %s (DELAY: resolved, the kernel is "
		       "about to reconfirm; expected REACHABLE or STALE)\n",
		    line);
		return true;
	}
	printf("FAIL: neighbour: %s (want REACHABLE or STALE)\n", line);
	return false;
}

/* Is l the start of a packet line in tcpdump's output (not a follow-on)? */
static bool
demo_is_packet_line(const char *l)
{
	return *l && *l != ' ' && *l != '\t' && *l != '\n';
}

/*
 * Check 3: the stack's Neighbor Advertisement carries a Target Link-Layer
 * Address option (type 2) with its MAC. RFC 4861 4.4: the option MUST be
 * included in an NA answering a multicast solicitation; 4.6.1: Source
 * Link-Layer Address is type 1, Target Link-Layer Address type 2. tcpdump
 * 4.99 names type 2 "destination link-address option (2)", newer ones
 * "target link-address option (2)".
 */
static bool
demo_check_na(const char *out)
{
	char line[512], na[512] = "", src_opt[512] = "";
	bool in_na = false, seen_na = false;

	for (const char *l = out; l && *l;) {
		demo_line(l, line, sizeof(line));
		if (demo_is_packet_line(l)) {
			in_na = strstr(line, "neighbor advertisement") &&
			    strstr(line, "tgt is " STACK_LL);
			if (in_na) {
				seen_na = true;
				snprintf(na, sizeof(na), "%s", line);
			}
		} else if (in_na) {
			/* The NA's options follow on indented lines. */
			if (strstr(line, "link-address option (2)") &&
			    strstr(line, STACK_MAC)) {
				printf("ok:   NA from the stack: %s\n", na);
				printf("      with its option:   %s\n", line);
				return true;
			}
			if (strstr(line, "link-address option (1)"))
				snprintf(src_opt, sizeof(src_opt), "%s", line);
		}
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	if (src_opt[0]) {
		printf("FAIL: NA from the stack carries a Source (type 1), not "
		       "a Target (type 2) Link-Layer Address option, as in the "
		       "seed: %s\n", src_opt);
	} else if (seen_na) {
		printf("FAIL: NA from the stack has no \"link-address option "
		       "(2)\" with " STACK_MAC ": %s\n", na);
	} else {
		printf("FAIL: tcpdump saw no neighbor advertisement for "
		       STACK_LL "\n");
	}
	return false;
}

/*
 * Check 4: every ICMPv6 message on the wire has a correct checksum
 * (RFC 4443 2.3, over the RFC 8200 8.1 pseudo-header); tcpdump -vv says
 * "[icmp6 sum ok]" for each.
 */
static bool
demo_check_sums(const char *out)
{
	int total = 0, bad = 0;
	char line[512], first_bad[512] = "";

	for (const char *l = out; l && *l;) {
		if (demo_is_packet_line(l)) {
			demo_line(l, line, sizeof(line));
			if (strstr(line, "ICMP6")) {
				total++;
				if (!strstr(line, "[icmp6 sum ok]")) {
					if (!bad++)
						snprintf(first_bad,
						    sizeof(first_bad), "%s",
						    line);
				}
			}
		}
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	if (total == 0) {
		printf("FAIL: checksums: tcpdump decoded no ICMPv6 message\n");
		return false;
	}
	if (bad) {
		printf("FAIL: checksums: %d of %d ICMPv6 messages without "
		       "[icmp6 sum ok], first: %s\n", bad, total, first_bad);
		return false;
	}
	printf("ok:   checksums: all %d ICMPv6 messages [icmp6 sum ok]\n",
	    total);
	return true;
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

/*
 * Install h for SIGINT, SIGTERM and SIGHUP, and ignore SIGPIPE (a closed
 * output, as in "v6stack demo | head", must not skip the cleanup); save the
 * old actions in old, or put them back with restore.
 */
static void
demo_signals(void (*h)(int), struct sigaction old[4], bool restore)
{
	static const int sigs[4] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: waits end early */
	for (int i = 0; i < 4; i++) {
		sa.sa_handler = sigs[i] == SIGPIPE ? SIG_IGN : h;
		if (restore)
			sigaction(sigs[i], &old[i], NULL);
		else
			sigaction(sigs[i], &sa, &old[i]);
	}
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

/*
 * The steps after the topology: stack, capture, ping, neighbour entry,
 * counters, verdict. Returns 0 when all checks pass, 1 otherwise.
 */
static int
demo_exchange(struct demo *d)
{
	char *stack_argv[] = {
		"ip", "netns", "exec", NS_HOST, d->exe, "run", "-i", BRIDGE,
		"-b", "pcap", "-m", STACK_MAC, "-a", STACK_LL "/64",
		"--set", "conf." BRIDGE ".addr_gen_mode=1",
		"--set", "conf." BRIDGE ".accept_dad=0", NULL,
	};
	char *dump_argv[] = {
		"ip", "netns", "exec", NS_CTR, "tcpdump", "-i", CTR_IF, "-nn",
		"-vv", "-l", "--immediate-mode", "icmp6", NULL,
	};
	static const char *const names[] = {
		"Icmp6InNeighborSolicits", "Icmp6OutNeighborAdvertisements",
		"Icmp6InEchos", "Icmp6OutEchoReplies",
	};
	char out_path[128], err_path[128], buf[64];
	char *ping_out = NULL, *neigh = NULL, *dump = NULL, *text = NULL;
	int ping_code, status = 0, rc = 1, r;
	bool ok = true;

	/* The stack, in the host namespace, on the bridge. */
	printf("\n==> [2/5] Start the stack in " NS_HOST " on " BRIDGE
	       " through libpcap\n");
	demo_show_argv(stack_argv);
	demo_path(d, "stack.out", out_path, sizeof(out_path));
	demo_path(d, "stack.err", err_path, sizeof(err_path));
	d->stack = demo_spawn(stack_argv, out_path, err_path);
	if (d->stack < 0) {
		d->stack = 0;
		return 1;
	}
	r = demo_wait_for_line(out_path, "ready", d->stack, READY_MS, &status);
	if (r != 0) {
		if (demo_stop)
			return 1;
		if (r == -2) {
			printf("FAIL: the stack exited (status %d) before "
			       "printing \"ready\"\n", demo_exit_code(status));
			d->stack = 0;
		} else {
			printf("FAIL: the stack printed no \"ready\" in %d s\n",
			    READY_MS / 1000);
		}
		printf("  (\"ready\" must be flushed: stdout is a file here)\n");
		text = demo_slurp(out_path);
		printf("  its stdout:\n");
		demo_print_indented(text);
		free(text);
		text = demo_slurp(err_path);
		printf("  its stderr:\n");
		demo_print_indented(text);
		free(text);
		return 1;
	}
	printf("    ready\n");

	/* The capture, in the container, started before the ping. */
	printf("\n==> [3/5] Capture ICMPv6 on the container's " CTR_IF "\n");
	demo_show_argv(dump_argv);
	demo_path(d, "tcpdump.out", out_path, sizeof(out_path));
	demo_path(d, "tcpdump.err", err_path, sizeof(err_path));
	d->tcpdump = demo_spawn(dump_argv, out_path, err_path);
	if (d->tcpdump < 0) {
		d->tcpdump = 0;
		return 1;
	}
	r = demo_wait_for_line(err_path, "listening on", d->tcpdump, READY_MS,
	    &status);
	if (r != 0) {
		if (demo_stop)
			return 1;
		if (r == -2)
			d->tcpdump = 0;
		printf("FAIL: tcpdump did not start\n");
		text = demo_slurp(err_path);
		demo_print_indented(text);
		free(text);
		return 1;
	}
	text = demo_slurp(err_path);
	demo_print_indented(text);
	free(text);
	text = NULL;

	/*
	 * The ping. The container first resolves the stack's address: an NS
	 * to the solicited-node group ff02::1:ff00:1234 (RFC 4861 7.2.2), an
	 * NA back (7.2.4), then the echoes (RFC 4443 4.1, 4.2).
	 */
	printf("\n==> [4/5] Ping the stack from the container\n");
	ping_code = demo_ping(d, STACK_LL, PING_COUNT, "ping.out", &ping_out);
	if (demo_stop)
		goto out;
	/*
	 * The entry right after the ping: a solicited NA made it REACHABLE
	 * (RFC 4861 7.2.5), for ReachableTime, 15 to 45 s (6.3.2).
	 */
	demo_cmd(d, SHOW_CMD | SHOW_OUT, &neigh, "ip -n %s -6 neigh show dev %s",
	    NS_CTR, CTR_IF);

	/* Let the last reply reach tcpdump's file, then stop it. */
	demo_sleep_ms(300);
	printf("\n  tcpdump's decoding of the exchange:\n");
	demo_kill(d->tcpdump, SIGINT);
	d->tcpdump = 0;
	dump = demo_slurp(out_path);
	demo_print_indented(dump);

	printf("\n==> [5/5] Stop the stack (SIGTERM); its counters\n");
	demo_path(d, "stack.out", out_path, sizeof(out_path));
	status = demo_kill(d->stack, SIGTERM);
	d->stack = 0;
	text = demo_slurp(out_path);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = demo_counter(text, names[i], buf, sizeof(buf));

		printf("    %-32s %s\n", names[i], v ? v : "(not printed)");
	}
	if (demo_exit_code(status) != 0)
		printf("    (the stack exited with status %d)\n",
		    demo_exit_code(status));

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
	free(text);
	free(dump);
	free(neigh);
	free(ping_out);
	return rc;
}

/* v6stack demo [--keep]: see demo_usage(). */
int
v6_cli_demo(int argc, char **argv)
{
	struct demo d;
	struct sigaction old[4];
	char *control = NULL;
	ssize_t n;
	int rc = 1;

	memset(&d, 0, sizeof(d));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--keep")) {
			d.keep = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			demo_usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "demo: unknown argument: %s\n", argv[i]);
			demo_usage(stderr);
			return 2;
		}
	}
	if (geteuid() != 0) {
		fprintf(stderr, "demo: needs root (network namespaces, "
				"bridges, packet capture)\n");
		return 1;
	}
	/* Resolved now, so the stack runs this very binary. */
	n = readlink("/proc/self/exe", d.exe, sizeof(d.exe) - 1);
	if (n <= 0) {
		fprintf(stderr, "demo: /proc/self/exe: %s\n", strerror(errno));
		return 1;
	}
	d.exe[n] = '\0';
	snprintf(d.dir, sizeof(d.dir), "/tmp/v6demo.XXXXXX");
	if (!mkdtemp(d.dir)) {
		fprintf(stderr, "demo: mkdtemp: %s\n", strerror(errno));
		return 1;
	}

	demo_stop = 0;
	demo_signals(demo_on_signal, old, false);
	demo_header();

	if (demo_netns_exists(NS_HOST) || demo_netns_exists(NS_CTR)) {
		printf("\n==> Remove the leftovers of an earlier run\n");
		demo_netns_del(&d, NS_CTR, true);
		demo_netns_del(&d, NS_HOST, true);
	}

	printf("\n==> [1/5] Build the topology\n");
	if (demo_topology(&d) != 0) {
		if (!demo_stop)
			printf("FAIL: could not build the topology\n");
		goto out;
	}
	/* The control, as in the seed: the kernel's own address answers. */
	printf("\n  control: the bridge's kernel address answers the "
	       "container\n");
	if (demo_ping(&d, BR_LL, "1", "control.out", &control) != 0) {
		if (!demo_stop)
			printf("FAIL: the container cannot reach the bridge's "
			       "kernel address: the plumbing is broken\n");
		goto out;
	}
	rc = demo_exchange(&d);
out:
	free(control);
	if (demo_stop) {
		printf("\ninterrupted by %s\n", strsignal(demo_stop));
		rc = 128 + demo_stop;
	}
	demo_cleanup(&d, d.keep && !demo_stop);
	if (d.keep && !demo_stop) {
		printf("\nThe topology is still up (--keep). Explore it, e.g.:\n"
		       "  ip netns exec " NS_HOST " %s run -i " BRIDGE
		       " -b pcap -m " STACK_MAC " -a " STACK_LL "/64 &\n"
		       "  ip netns exec " NS_CTR " ping -c 3 " STACK_LL "%%"
		       CTR_IF "\n"
		       "  ip -n " NS_CTR " -6 neigh show dev " CTR_IF "\n"
		       "Remove it with:\n"
		       "  ip netns del " NS_CTR "; ip netns del " NS_HOST "\n",
		    d.exe);
	}
	demo_signals(NULL, old, true);
	fflush(stdout);
	return rc;
}
