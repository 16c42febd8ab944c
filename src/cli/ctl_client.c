/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The client half of the control socket, shared by v6stack stats, show,
 * addr and ping: find the socket of a running stack, connect, send one
 * request line, relay the answer.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "cli/ctl.h"

void
v6_ctl_path(const char *ifname, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s.sock", V6_CTL_DIR, ifname);
}

int
v6_ctl_find_single(char *buf, size_t len)
{
	DIR *d = opendir(V6_CTL_DIR);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".sock") == 0) {
			if (n++ == 0)
				snprintf(buf, len, "%s/%s", V6_CTL_DIR, e->d_name);
		}
	}
	closedir(d);
	return n == 1 ? 0 : (n == 0 ? -1 : -2);
}

int
v6_ctl_locate(const struct v6_ctl_client *c, const char *ifname, char *path,
    size_t len)
{
	struct stat st;
	int r;

	if (!path[0] && ifname) {
		v6_ctl_path(ifname, path, len);
		if (stat(path, &st) < 0)
			path[0] = '\0';
	}
	if (path[0])
		return 0;
	r = v6_ctl_find_single(path, len);
	if (r == -1) {
		fprintf(stderr, "%s: no running stack (no socket in %s)\n", c->prog,
		    V6_CTL_DIR);
		return 1;
	}
	if (r == -2) {
		fprintf(stderr, "%s: several stacks run: say which with %s\n",
		    c->prog, c->which);
		return 2;
	}
	return 0;
}

int
v6_ctl_request(const struct v6_ctl_client *c, const char *path,
    const char *req)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "%s: socket path too long\n", c->prog);
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "%s: cannot reach a running stack at %s: %s\n",
		    c->prog, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (write(fd, req, strlen(req)) < 0) {
		fprintf(stderr, "%s: %s: %s\n", c->prog, path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int
v6_ctl_relay(int fd, volatile sig_atomic_t *interrupted)
{
	char buf[4096], line[1024];
	size_t ll = 0;
	int rc = 1, stop_sent = 0;

	for (;;) {
		ssize_t n;
		if (interrupted && *interrupted && !stop_sent) {
			/* The server prints the summary, as ping does on ^C. */
			(void)write(fd, "stop\n", 5);
			stop_sent = 1;
		}
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t k = 0; k < n; k++) {
			if (ll < sizeof(line) - 1)
				line[ll++] = buf[k];
			if (buf[k] != '\n')
				continue;
			line[ll] = '\0';
			if (!strncmp(line, "#exit ", 6))
				rc = atoi(line + 6);
			else
				fputs(line, stdout);
			ll = 0;
		}
	}
	return rc;
}
