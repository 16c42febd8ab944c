/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The demo's process and namespace toolkit (proc.c, netns.c): children
 * with their output in files, waits with timeouts that a stop signal cuts
 * short, network namespaces created and deleted with iproute2.
 */
#ifndef V6_CLI_PROC_H
#define V6_CLI_PROC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Flags for proc_run(). */
#define PROC_SHOW_CMD 0x1 /* print "$ command" */
#define PROC_SHOW_OUT 0x2 /* print what it wrote */

/* The signal that asked us to stop, or 0. Set by proc_signals' handler. */
extern volatile sig_atomic_t proc_stop;

/* Catch SIGINT, SIGTERM, SIGHUP into proc_stop and ignore SIGPIPE, saving
 * the old actions in old; with restore, put old back. */
void proc_signals(struct sigaction old[4], bool restore);

void proc_sleep_ms(long ms);
long long proc_now_ms(void); /* monotonic */

/* A whole file as a NUL-terminated malloc'd string ("" on error). */
char *proc_slurp(const char *path);
/* text indented, one line at a time; "(nothing)" when empty. */
void proc_print_indented(const char *text);
/* A command line as the user would type it. */
void proc_show_argv(char *const argv[]);

/* Start argv (PATH searched), stdin /dev/null, stdout to out_path, stderr
 * to err_path (NULL: with stdout), in its own process group, killed with
 * us. Returns the pid or -1. */
pid_t proc_spawn(char *const argv[], const char *out_path, const char *err_path);
/* Wait up to timeout_ms for pid (interruptible: proc_stop ends it early).
 * 1 and its wait status when it exited, 0 when it still runs. */
int proc_wait(pid_t pid, long timeout_ms, bool interruptible, int *status);
/* Stop pid with sig, SIGKILL after a grace time. Returns its wait status. */
int proc_kill(pid_t pid, int sig);
/* The exit code of a wait status; 128 + signal when killed. */
int proc_exit_code(int status);
/* Run argv (output to out_path) and wait up to timeout_ms (interruptible:
 * as proc_wait); one still running then is stopped with stop_sig
 * (proc_kill). Returns its exit code, -1 when it could not run or was
 * stopped. */
int proc_run_argv(char *const argv[], const char *out_path, long timeout_ms,
    bool interruptible, int stop_sig);
/* Run a short command (fmt split at spaces) and wait for it; its output
 * goes through out_path into *out (malloc'd) when out is not NULL; flags:
 * PROC_SHOW_*. Returns its exit code, -1 when it could not run or did not
 * finish in time. */
int proc_run(const char *out_path, unsigned flags, char **out, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Wait until file path holds a line starting with word (or with
 * "program: word") while pid runs: 0 found, -1 timeout or stop signal,
 * -2 pid exited (reaped, wait status in *status). */
int proc_wait_for_line(const char *path, const char *word, pid_t pid, long ms,
    int *status);

/* netns.c: does namespace name exist; delete it (with leftovers: first
 * kill what still runs in it), showing the command. */
bool netns_exists(const char *name);
void netns_del(const char *out_path, const char *name, bool leftovers);

#endif
