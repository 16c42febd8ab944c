/* SPDX-License-Identifier: BSD-2-Clause */
/* v6stack explain, shared between its files (explain.c, explain_nodes.c). */
#ifndef V6_CLI_EXPLAIN_INT_H
#define V6_CLI_EXPLAIN_INT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>

#include "cli/cap_read.h"
#include "cli/explain.h"
#include "v6stack/v6stack.h"

#define EX_MAX_NODES 16  /* nodes simulated; frames of others are not */
#define EX_NODE_ADDRS 16 /* V6_MAX_ADDRS */
#define EX_MAX_RES 256   /* address resolutions followed */
#define EX_MAX_ECHO 1024 /* echo requests followed */
#define EX_MAX_PAIRS 64  /* address pairs summarised */
#define EX_MAX_RL 64     /* (receiver, destination) error rate limits followed */
#define EX_PROBE_ID 0xfffe /* identifier of the echo that starts a resolution */

struct explain;

struct ex_node {
	uint8_t mac[6];
	struct in6_addr addrs[EX_NODE_ADDRS];
	unsigned naddrs;
	bool router, bystander;
	struct v6_stack *s;
	struct v6_iface *ifp;
	struct explain *x;
};

/* A Neighbor Solicitation's address resolution, seen from the solicitor. */
struct ex_res {
	struct ex_node *node;
	struct in6_addr target;
	uint32_t first_ns, nns, nbad, bad_frame, ok_frame;
	int bad_reason;
	bool failed, resolved;
	uint64_t t_fail;
};

struct ex_echo {
	struct in6_addr src, dst;
	uint16_t id, seq;
	uint32_t req, reply, bad_reply;
	int bad_reason;
	bool req_dropped;
};

/* Errors a receiver would send about frames, withheld by its rate limit
 * (RFC 4443 2.4 (f)): per receiver, destination and limit. */
struct ex_rl {
	struct ex_node *node;
	struct in6_addr dst;
	int reason;          /* ICMP6_RATELIMIT_HOST or _GLOBAL */
	uint32_t first, last, n;
};

struct ex_pair {
	struct in6_addr a, b;
	uint32_t frames, findings;
};

struct explain {
	FILE *out;
	bool json;
	struct ex_node nodes[EX_MAX_NODES + 1]; /* + the bystander */
	unsigned nnodes;
	bool too_many_nodes;
	uint64_t t0;
	uint32_t frame;      /* the frame being fed, 0 at the end */
	uint64_t now, end;  /* end: the last frame's time */
	struct ex_res res[EX_MAX_RES];
	unsigned nres;
	struct ex_echo echo[EX_MAX_ECHO];
	unsigned necho;
	struct ex_rl rl[EX_MAX_RL];
	unsigned nrl;
	struct ex_pair pairs[EX_MAX_PAIRS];
	unsigned npairs;
	int cur_pair;        /* the pair of the frame being fed, or -1 */
	uint32_t findings;
	int nested[8];       /* drops counted during one v6_input */
	unsigned nnested;
	char err[200];
};

int ex_learn(struct explain *x, const uint8_t *buf, size_t len);
int ex_node_start(struct explain *x, struct ex_node *n, v6_time_t now);
struct ex_node *ex_node_by_mac(struct explain *x, const uint8_t mac[6]);
void ex_node_name(const struct ex_node *n, char *buf, size_t cap);
const uint8_t *ex_icmp6(const struct cap_frame *f, size_t *n);

void ex_on_event(void *ctx, const struct v6_event *ev);
void ex_on_echo_reply(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *from, uint16_t id, uint16_t seq, uint8_t hlim,
    const uint8_t *data, size_t len, v6_time_t now);
void ex_on_echo_err(void *ctx, const struct v6_iface *iface,
    const struct in6_addr *from, uint8_t type, uint8_t code, uint32_t info,
    uint16_t id, uint16_t seq, v6_time_t now);

#endif
