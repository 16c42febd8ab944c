/*
 * v6stack stats / v6stack show: ask a running stack over its control
 * socket and print the answer. stats prints the SNMP counters in nstat's
 * format; show drops|neigh|addr the drop reasons, neighbour cache and
 * addresses.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cli/cli.h"
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

static int
ask(const char *path, const char *req)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[4096];
	ssize_t n;
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "v6stack: control socket path too long\n");
		return 1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "v6stack: cannot reach a running stack at %s: %s\n",
		    path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	/* One write for the whole line: the server answers after one read. */
	signal(SIGPIPE, SIG_IGN);
	if (write(fd, req, strlen(req)) < 0) {
		fprintf(stderr, "v6stack: %s: %s\n", path, strerror(errno));
		close(fd);
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return 0;
}

static int
usage(void)
{
	fputs("usage: v6stack stats [-z] [-i IFACE | -s SOCKET]\n"
	      "       v6stack show drops|neigh|addr|frag|routers|prefixes|routes|dns [-i IFACE | -s SOCKET]\n"
	      "       v6stack show addr -l   (with lifetimes)\n"
	      "  -i IFACE   the stack whose first interface is IFACE\n"
	      "  -s SOCKET  the control socket (default: the only one in " V6_CTL_DIR ")\n"
	      "  -z         also counters that are zero\n", stderr);
	return 2;
}

int
v6_cli_stats(int argc, char **argv)
{
	char path[256] = "", req[32];
	int zero = 0, lifetimes = 0, i = 1;
	const char *what = "stats";

	if (strcmp(argv[0], "show") == 0) {
		if (argc < 2)
			return usage();
		what = argv[1];
		if (strcmp(what, "drops") && strcmp(what, "neigh") && strcmp(what, "addr") &&
		    strcmp(what, "frag") &&
		    strcmp(what, "routers") && strcmp(what, "routes") && strcmp(what, "dns") &&
		    strcmp(what, "prefixes"))
			return usage();
		i = 2;
	}
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-z"))
			zero = 1;
		else if (!strcmp(argv[i], "-l") && !strcmp(what, "addr"))
			lifetimes = 1;
		else if (!strcmp(argv[i], "-i") && i + 1 < argc)
			v6_ctl_path(argv[++i], path, sizeof(path));
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			snprintf(path, sizeof(path), "%s", argv[++i]);
		else
			return usage();
	}
	if (!path[0]) {
		int r = v6_ctl_find_single(path, sizeof(path));
		if (r == -1) {
			fprintf(stderr, "v6stack: no running stack (no socket in %s)\n", V6_CTL_DIR);
			return 1;
		}
		if (r == -2) {
			fprintf(stderr, "v6stack: several stacks run: say which with -i IFACE\n");
			return 2;
		}
	}
	snprintf(req, sizeof(req), "%s%s%s\n", what, zero ? " -z" : "",
	    lifetimes ? " -l" : "");
	return ask(path, req);
}
