/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack ping, the server half: ping sessions that a running `v6stack run`
 * holds for clients of its control socket (ping_srv.c; the client is
 * ping.c). A client sends one line
 *   ping [-c N] [-i MS] [-s SIZE] [-W S] [-I IFACE] ADDR
 * and reads iputils-like lines until the server closes (the last line,
 * "#exit N", carries the exit status and is not printed). A line "stop"
 * from the client (its SIGINT) ends the session with the summary.
 */
#ifndef V6_CLI_PING_H
#define V6_CLI_PING_H

#include <poll.h>
#include <stdint.h>

#include "v6stack/v6stack.h"

#define V6_PING_MAX_SESSIONS 4
/* The defaults of the client and of a request that omits the option. */
#define PING_DEFAULT_SIZE 56 /* iputils: 56 data bytes, 64 with the header */
#define PING_INTERVAL_MS 1000
#define PING_LINGER_MS 10000 /* iputils MAXWAIT: wait for late replies */

struct v6_ping_srv;

/* Create the server for stack (registers the echo listener). NULL: no
 * memory. */
struct v6_ping_srv *v6_ping_srv_new(struct v6_stack *stack);
void v6_ping_srv_free(struct v6_ping_srv *srv);
/* Take over the control connection fd with its request line (after
 * "ping"); dflt is the interface used without -I. */
void v6_ping_srv_start(struct v6_ping_srv *srv, int fd, const char *req,
    struct v6_iface *dflt, uint64_t now);
/* Fill pfd with the sessions' fds (at most V6_PING_MAX_SESSIONS); returns
 * how many. */
unsigned v6_ping_srv_pollfds(struct v6_ping_srv *srv, struct pollfd *pfd);
/* After poll(): read pfd's revents (n entries, as filled), send the
 * requests due, end finished sessions. Returns the next deadline or
 * V6_TIME_NEVER. */
uint64_t v6_ping_srv_run(struct v6_ping_srv *srv, const struct pollfd *pfd,
    unsigned n, uint64_t now);

#endif
