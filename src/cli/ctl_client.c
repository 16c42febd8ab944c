/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The client half of the control socket, shared by v6stack stats, show,
 * addr, sysctl, route, rule, ra and ping: find the socket of a running
 * stack (its abstract name "@v6stack/IFACE", listed per network namespace
 * in /proc/net/unix, or the path given), connect, send one request line,
 * relay the answer.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "cli/ctl.h"

void
v6_ctl_path(const char *ifname, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", V6_CTL_PREFIX, ifname);
}

int
v6_ctl_sockaddr(const char *name, struct sockaddr_un *sa, socklen_t *salen)
{
	size_t n = strlen(name);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (n == 0 || n >= sizeof(sa->sun_path) ||
	    (v6_ctl_is_abstract(name) && n == 1))
		return -1;
	memcpy(sa->sun_path, name, n);
	if (v6_ctl_is_abstract(name)) {
		/* unix(7): an abstract name is sun_path[0] = 0 and the bytes
		 * after it that the address length covers, no terminator. */
		sa->sun_path[0] = '\0';
		*salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	} else {
		*salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	}
	return 0;
}

/* Each listening stream socket of this network namespace whose abstract
 * name starts with prefix (/proc/net/unix shows it "@NAME"): cb(name,
 * ctx). Returns how many, or -1 when /proc/net/unix cannot be read. */
static int
ctl_foreach_listening(const char *prefix, void (*cb)(const char *, void *),
    void *ctx)
{
	FILE *f = fopen("/proc/net/unix", "re");
	char line[512];
	int n = 0, whole = 1;

	if (!f)
		return -1;
	/* "Num: RefCount Protocol Flags Type St Inode Path", hex but Inode. */
	while (fgets(line, sizeof(line), f)) {
		unsigned long flags, type, st;
		int off = -1;
		size_t l = strlen(line);
		int was_whole = whole;

		whole = l > 0 && line[l - 1] == '\n';
		if (!was_whole)
			continue; /* the tail of a line longer than the buffer */
		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%*s %*s %*s %lx %lx %lx %*s %n", &flags, &type,
			&st, &off) != 3 || off < 0)
			continue;
		/* __SO_ACCEPTCON (listening), SOCK_STREAM: the accepted
		 * connections carry the listener's name too, without it. */
		if (!(flags & 0x10000) || type != SOCK_STREAM)
			continue;
		if (strncmp(line + off, prefix, strlen(prefix)) != 0)
			continue;
		if (cb)
			cb(line + off, ctx);
		n++;
	}
	fclose(f);
	return n;
}

/* For ctl_foreach_listening: the names seen, the first one kept. */
struct ctl_seen {
	const char *exact; /* count only this name (NULL: every one) */
	char *first;
	size_t len;
	int n;
};

static void
ctl_seen_one(const char *name, void *ctx)
{
	struct ctl_seen *s = ctx;

	if (s->exact && strcmp(name, s->exact) != 0)
		return;
	if (s->n++ == 0 && s->first)
		snprintf(s->first, s->len, "%s", name);
}

int
v6_ctl_listening(const char *name)
{
	struct ctl_seen s = { name, NULL, 0, 0 };

	if (!v6_ctl_is_abstract(name) ||
	    ctl_foreach_listening(name, ctl_seen_one, &s) < 0)
		return -1;
	return s.n > 0;
}

int
v6_ctl_find_single(char *buf, size_t len)
{
	struct ctl_seen s = { NULL, buf, len, 0 };

	if (ctl_foreach_listening(V6_CTL_PREFIX, ctl_seen_one, &s) < 0)
		return -1;
	return s.n == 1 ? 0 : (s.n == 0 ? -1 : -2);
}

int
v6_ctl_locate(const struct v6_ctl_client *c, const char *ifname, char *path,
    size_t len)
{
	int r;

	if (!path[0] && ifname) {
		v6_ctl_path(ifname, path, len);
		if (v6_ctl_listening(path) == 0)
			path[0] = '\0';
	}
	if (path[0])
		return 0;
	r = v6_ctl_find_single(path, len);
	if (r == -1) {
		fprintf(stderr, "%s: no running stack in this network namespace "
				"(no %s* socket listens here; for one started with "
				"--ctl PATH, give --ctl PATH)\n", c->prog, V6_CTL_PREFIX);
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
	struct sockaddr_un sa;
	socklen_t salen;
	int fd;

	if (v6_ctl_sockaddr(path, &sa, &salen) < 0) {
		fprintf(stderr, "%s: socket name '%s' is empty or too long (at most "
				"%zu bytes)\n", c->prog, path, sizeof(sa.sun_path) - 1);
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, salen) < 0) {
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
	static const char exit_tag[] = "#exit ";
	char buf[4096], line[64];
	size_t ll = 0;
	int rc = 1, stop_sent = 0;
	bool through = false; /* in a line that is not "#exit N": passed on */

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
		/* Every line goes out as it comes, of any length (a -j
		 * document is one line); only the beginning of one that may
		 * still be "#exit N" is held back. */
		for (ssize_t k = 0; k < n; k++) {
			char c = buf[k];
			if (through) {
				putchar(c);
				through = c != '\n';
				continue;
			}
			line[ll++] = c;
			if (c == '\n') {
				line[ll] = '\0';
				if (!strncmp(line, exit_tag, sizeof(exit_tag) - 1))
					rc = atoi(line + sizeof(exit_tag) - 1);
				else
					fputs(line, stdout);
				ll = 0;
			} else if (ll == sizeof(line) - 1 ||
			    strncmp(line, exit_tag, ll < sizeof(exit_tag) - 1 ? ll
				: sizeof(exit_tag) - 1)) {
				fwrite(line, 1, ll, stdout);
				ll = 0;
				through = true;
			}
		}
	}
	if (ll)
		fwrite(line, 1, ll, stdout);
	return rc;
}
