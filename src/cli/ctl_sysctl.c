/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control verb "sysctl" (v6stack sysctl): "sysctl KEY" answers
 * "net.ipv6.KEY = VALUE"; "sysctl KEY=VALUE" sets it through
 * v6_sysctl_set and answers as sysctl -w does. The last line "#exit N" is
 * the client's exit status (0, or 1 as sysctl(8) for a refused key or value).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/ctl_server.h"

void
ctl_sysctl(struct ctl_req *q)
{
	struct v6_stack *s = q->run->stack;
	char key[V6_CTL_REQ_MAX], val[128], err[256];
	const char *eq = strchr(q->args, '=');
	const char *k;

	snprintf(key, sizeof(key), "%.*s",
	    eq ? (int)(eq - q->args) : (int)strlen(q->args), q->args);
	k = strncmp(key, "net.ipv6.", 9) == 0 ? key + 9 : key;
	if (eq && v6_sysctl_set(s, k, eq + 1, err, sizeof(err)) < 0) {
		dprintf(q->fd, "v6stack sysctl: %s\n#exit 1\n", err);
		goto out;
	}
	if (v6_sysctl_get(s, k, val, sizeof(val)) < 0) {
		dprintf(q->fd, "v6stack sysctl: cannot stat net.ipv6.%s: No such file or directory\n#exit 1\n", k);
		goto out;
	}
	if (eq)
		printf("sysctl net.ipv6.%s = %s\n", k, val);
	dprintf(q->fd, "net.ipv6.%s = %s\n#exit 0\n", k, val);
out:
	close(q->fd);
}
