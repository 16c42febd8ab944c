/* The control socket of a running `v6stack run`: a Unix stream socket at
 * /run/v6stack/IFACE.sock (IFACE: the first -i). A client sends one request
 * line ("stats", "stats -z", "drops", "neigh", "addr") and reads the
 * answer until the server closes. */
#ifndef V6_CLI_CTL_H
#define V6_CLI_CTL_H

#include <stddef.h>

#define V6_CTL_DIR "/run/v6stack"

/* The socket path for an interface name. */
void v6_ctl_path(const char *ifname, char *buf, size_t len);

/* The only socket in V6_CTL_DIR, when exactly one stack runs, into buf:
 * 0; -1 none; -2 several. */
int v6_ctl_find_single(char *buf, size_t len);

#endif
