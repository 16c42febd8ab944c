/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The demo's process toolkit: run a command and wait for it with a
 * timeout, start a child in its own process group that dies with us, stop
 * one politely then firmly, wait for a line in a file a child writes, and
 * catch the signals that ask us to stop (proc_stop), so every wait ends
 * early and the caller cleans up.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/proc.h"

#define PROC_CMD_MS 10000 /* a short command (ip, sysctl) */
#define PROC_STOP_MS 3000 /* grace after SIGTERM/SIGINT before SIGKILL */
#define PROC_MAX_ARGS 32  /* words in a short command */

volatile sig_atomic_t proc_stop;

/* Record the signal; every wait loop looks at proc_stop. */
static void
proc_on_signal(int sig)
{
	proc_stop = sig;
}

/*
 * Catch SIGINT, SIGTERM and SIGHUP into proc_stop, and ignore SIGPIPE (a
 * closed output, as in "v6stack demo | head", must not skip the cleanup);
 * save the old actions in old, or put them back with restore.
 */
void
proc_signals(struct sigaction old[4], bool restore)
{
	static const int sigs[4] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: waits end early */
	for (int i = 0; i < 4; i++) {
		sa.sa_handler = sigs[i] == SIGPIPE ? SIG_IGN : proc_on_signal;
		if (restore)
			sigaction(sigs[i], &old[i], NULL);
		else
			sigaction(sigs[i], &sa, &old[i]);
	}
}

/* Sleep for ms milliseconds (a signal may cut it short). */
void
proc_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Monotonic milliseconds. */
long long
proc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Read a whole file into a NUL-terminated malloc'd string ("" on error). */
char *
proc_slurp(const char *path)
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
void
proc_print_indented(const char *text)
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
void
proc_show_argv(char *const argv[])
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
pid_t
proc_spawn(char *const argv[], const char *out_path, const char *err_path)
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
int
proc_wait(pid_t pid, long timeout_ms, bool interruptible, int *status)
{
	long long end = proc_now_ms() + timeout_ms;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid || (r < 0 && errno == ECHILD))
			return 1;
		if (proc_now_ms() >= end || (interruptible && proc_stop))
			return 0;
		proc_sleep_ms(10);
	}
}

/*
 * Stop a child: send sig, wait PROC_STOP_MS, then SIGKILL. Returns its wait
 * status.
 */
int
proc_kill(pid_t pid, int sig)
{
	int status = 0;

	kill(pid, sig);
	if (proc_wait(pid, PROC_STOP_MS, false, &status))
		return status;
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

/* The exit code of a wait status; 128 + signal when killed. */
int
proc_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return -1;
}

int
proc_run_argv(char *const argv[], const char *out_path, long timeout_ms,
    bool interruptible, int stop_sig)
{
	int status = 0;
	pid_t pid = proc_spawn(argv, out_path, NULL);

	if (pid < 0)
		return -1;
	if (proc_wait(pid, timeout_ms, interruptible, &status))
		return proc_exit_code(status);
	proc_kill(pid, stop_sig);
	return -1;
}

/*
 * Run a short command, given as one string split at spaces (none of the
 * demo's short commands needs quoting), and wait for it. Its output goes to
 * *out when out is not NULL (malloc'd). Returns its exit code, -1 when it
 * could not run or did not finish in PROC_CMD_MS. Its output
 * goes through the file out_path.
 */
int
proc_run(const char *out_path, unsigned flags, char **out, const char *fmt, ...)
{
	char line[512], *argv[PROC_MAX_ARGS], *save = NULL;
	int argc = 0, code;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (flags & PROC_SHOW_CMD)
		printf("  $ %s\n", line);
	for (char *t = strtok_r(line, " ", &save); t && argc < PROC_MAX_ARGS - 1;
	     t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;

	code = proc_run_argv(argv, out_path, PROC_CMD_MS, false, SIGKILL);
	if (flags & PROC_SHOW_OUT || out || code != 0) {
		char *text = proc_slurp(out_path);

		/* A failing command always says why. */
		if ((flags & PROC_SHOW_OUT) || code != 0) {
			if (code != 0 && !(flags & PROC_SHOW_CMD))
				printf("  $ %s\n", line);
			if (text && *text)
				proc_print_indented(text);
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

/*
 * Wait until file path holds a line starting with word (after an optional
 * "program: " prefix, as in "tcpdump: listening on"), while pid runs.
 * Returns 0 when found, -1 on timeout or a stop signal, -2 when pid exited
 * (reaped; its wait status in *status).
 */
int
proc_wait_for_line(const char *path, const char *word, pid_t pid, long ms,
    int *status)
{
	long long end = proc_now_ms() + ms;
	size_t wlen = strlen(word);

	while (!proc_stop && proc_now_ms() < end) {
		char *text = proc_slurp(path);
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
		proc_sleep_ms(20);
	}
	return -1;
}
