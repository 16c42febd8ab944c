/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The demo's network namespaces, as iproute2 names them (/run/netns):
 * is one there, delete one with what still runs in it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/proc.h"

/* Does network namespace name exist (iproute2 keeps it in /run/netns)? */
bool
netns_exists(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	return access(path, F_OK) == 0;
}

/*
 * Delete a namespace of ours. Leftovers of an interrupted earlier run may
 * still hold a process (a stack, a tcpdump): stop those first, or the
 * namespace would live on unnamed. Deleting the namespace destroys its
 * devices: the veth pair and the bridge. Commands' output goes through
 * out_path.
 */
void
netns_del(const char *out_path, const char *name, bool leftovers)
{
	char *pids = NULL;

	if (!netns_exists(name))
		return;
	if (leftovers && proc_run(out_path, 0, &pids, "ip netns pids %s", name) == 0) {
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
	proc_run(out_path, PROC_SHOW_CMD, NULL, "ip netns del %s", name);
}
