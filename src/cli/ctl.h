/* SPDX-License-Identifier: BSD-2-Clause */
/* The control socket of a running `v6stack run`: a Unix stream socket,
 * by default the abstract name "@v6stack/IFACE" (IFACE: the first -i),
 * which Linux keeps per network namespace and removes with its owner, or
 * a filesystem path (run --ctl PATH). A client sends one request
 * line, a verb and its arguments ("stats -z", "show"'s "drops", "neigh",
 * "addr -l", ...; ctl_server.c's table lists them all, and the verb "help"
 * prints it), and reads the answer until the server closes. The server half
 * is ctl_server.c; this header is the clients' half (ctl_client.c). */
#ifndef V6_CLI_CTL_H
#define V6_CLI_CTL_H

#include <signal.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

/* The default names: V6_CTL_PREFIX IFACE, an abstract name (the '@'
 * stands for the leading NUL byte, as ss(8) and /proc/net/unix show it). */
#define V6_CTL_PREFIX "@v6stack/"
#define V6_CTL_PATH_MAX 256 /* a socket path, as the clients hold it */
#define V6_CTL_REQ_MAX 256  /* a request line, its newline included */

/* A client of the control socket, for its messages: prog prefixes them
 * ("v6stack ping"), which says how to pick one of several stacks
 * ("-I IFACE or --ctl"). */
struct v6_ctl_client {
	const char *prog;
	const char *which;
};

/* A socket name: "@NAME" is the abstract name NAME, anything else a
 * filesystem path. */
static inline int
v6_ctl_is_abstract(const char *name)
{
	return name[0] == '@';
}

/* The default socket name for an interface name: "@v6stack/IFACE". */
void v6_ctl_path(const char *ifname, char *buf, size_t len);

/* name as a socket address into *sa and *salen (an abstract name: its
 * NUL byte and exactly its characters, no terminator). Returns 0, or -1
 * when it does not fit sun_path (or is empty). */
int v6_ctl_sockaddr(const char *name, struct sockaddr_un *sa, socklen_t *salen);

/* Whether a stream socket listens at the abstract name ("@..."), in this
 * network namespace (/proc/net/unix): 1 yes, 0 no, -1 cannot tell. */
int v6_ctl_listening(const char *name);

/* The only default socket ("@v6stack/...") listening in this network
 * namespace, when exactly one stack runs, into buf: 0; -1 none; -2 several. */
int v6_ctl_find_single(char *buf, size_t len);

/* The socket to ask, into path (len bytes): path itself when already set;
 * else ifname's socket when ifname is given and that socket listens; else
 * the only one running in this network namespace. Returns 0, or the exit status after saying why
 * none: 1 no stack runs, 2 several do. */
int v6_ctl_locate(const struct v6_ctl_client *c, const char *ifname,
    char *path, size_t len);

/* Connect to path and send the request line req (one write: the server
 * answers after one read). Returns the connected fd (the caller closes
 * it), or -1 after saying why. SIGPIPE is ignored from then on. */
int v6_ctl_request(const struct v6_ctl_client *c, const char *path,
    const char *req);

/* Print the answer's lines on stdout until the server closes, and return
 * the exit status its last line "#exit N" carries (1 without one). With
 * interrupted: once *interrupted is set (by the caller's signal handler),
 * send "stop" so the server ends with its summary. */
int v6_ctl_relay(int fd, volatile sig_atomic_t *interrupted);

#endif
