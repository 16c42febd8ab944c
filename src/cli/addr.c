/*
 * v6stack addr add: add an address to a running stack (as `ip addr add`),
 * over its control socket. The stack runs DAD on it (RFC 4862 5.4), joins
 * its solicited-node group and reports that to MLD routers (RFC 3810 6.1).
 * The server half is in run.c (request "addr-add IFACE ADDR/PLEN"; the
 * answer's last line "#exit N" carries the exit status).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "cli/cli.h"
#include "cli/ctl.h"

static int
addr_usage(void)
{
	fputs("usage: v6stack addr add ADDR[/PLEN] [-i IFACE] [--ctl SOCKET]\n"
	      "  -i IFACE     the stack's interface (default: its first); also\n"
	      "               picks the control socket " V6_CTL_DIR "/IFACE.sock\n"
	      "  --ctl SOCKET the control socket (default: the only one running)\n",
	    stderr);
	return 2;
}

int
v6_cli_addr(int argc, char **argv)
{
	char path[256] = "", req[256], buf[1024], line[512];
	const char *ifname = NULL, *addr = NULL;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t ll = 0;
	int fd, rc = 1;

	if (argc < 3 || strcmp(argv[1], "add") != 0)
		return addr_usage();
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-i") && i + 1 < argc)
			ifname = argv[++i];
		else if (!strcmp(argv[i], "--ctl") && i + 1 < argc)
			snprintf(path, sizeof(path), "%s", argv[++i]);
		else if (argv[i][0] != '-' && !addr)
			addr = argv[i];
		else
			return addr_usage();
	}
	if (!addr || strchr(addr, ' '))
		return addr_usage();
	if (!path[0] && ifname) {
		struct stat st;
		v6_ctl_path(ifname, path, sizeof(path));
		if (stat(path, &st) < 0)
			path[0] = '\0';
	}
	if (!path[0]) {
		int r = v6_ctl_find_single(path, sizeof(path));
		if (r < 0) {
			fprintf(stderr, "v6stack addr: %s\n", r == -1
				? "no running stack (no socket in " V6_CTL_DIR ")"
				: "several stacks run: say which with -i IFACE or --ctl");
			return r == -1 ? 1 : 2;
		}
	}
	if (strlen(path) >= sizeof(sa.sun_path))
		return fprintf(stderr, "v6stack addr: socket path too long\n"), 1;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "v6stack addr: cannot reach a running stack at %s: %s\n",
		    path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	snprintf(req, sizeof(req), "addr-add %s %s\n", ifname ? ifname : "-", addr);
	signal(SIGPIPE, SIG_IGN);
	if (write(fd, req, strlen(req)) < 0) {
		fprintf(stderr, "v6stack addr: %s: %s\n", path, strerror(errno));
		close(fd);
		return 1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
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
	close(fd);
	return rc;
}
