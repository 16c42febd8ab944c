/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack explain, the nodes: who is on the link, learnt from the capture
 * (a MAC, the addresses it sends from or advertises, the link-local
 * destinations of frames to it; whether it advertises itself as a router),
 * and one core stack per node configured to own them. A bystander host
 * (a MAC of its own) hears every multicast frame, for captures that show
 * only one side.
 */
#include <string.h>

#include "cli/explain_int.h"

static struct ex_node *
node_of(struct explain *x, const uint8_t mac[6], bool add)
{
	for (unsigned i = 0; i < x->nnodes; i++)
		if (!memcmp(x->nodes[i].mac, mac, 6))
			return &x->nodes[i];
	if (!add || (mac[0] & 1))
		return NULL;
	if (x->nnodes == EX_MAX_NODES) {
		x->too_many_nodes = true;
		return NULL;
	}
	memcpy(x->nodes[x->nnodes].mac, mac, 6);
	return &x->nodes[x->nnodes++];
}

struct ex_node *
ex_node_by_mac(struct explain *x, const uint8_t mac[6])
{
	return node_of(x, mac, false);
}

static void
node_addr(struct ex_node *n, const uint8_t *a)
{
	struct in6_addr v;

	memcpy(&v, a, 16);
	if (IN6_IS_ADDR_UNSPECIFIED(&v) || IN6_IS_ADDR_MULTICAST(&v) ||
	    IN6_IS_ADDR_LOOPBACK(&v))
		return;
	for (unsigned i = 0; i < n->naddrs; i++)
		if (IN6_ARE_ADDR_EQUAL(&n->addrs[i], &v))
			return;
	if (n->naddrs < EX_NODE_ADDRS)
		n->addrs[n->naddrs++] = v;
}

/* The ICMPv6 message right after the IPv6 header, or NULL. */
const uint8_t *
ex_icmp6(const struct cap_frame *f, size_t *n)
{
	size_t plen;

	if (f->caplen < 54 + 4 || f->data[12] != 0x86 || f->data[13] != 0xdd ||
	    f->data[14 + 6] != 58)
		return NULL;
	plen = (size_t)(f->data[18] << 8 | f->data[19]);
	*n = f->caplen - 54 < plen ? f->caplen - 54 : plen;
	return *n >= 4 ? f->data + 54 : NULL;
}

/* Pass 1: sources and what they advertise. */
static void
learn_sources(struct explain *x, const struct cap_frame *f)
{
	const uint8_t *m;
	struct ex_node *n;
	size_t len;

	if (f->caplen < 54 || f->data[12] != 0x86 || f->data[13] != 0xdd)
		return;
	if (!(n = node_of(x, f->data + 6, true)))
		return;
	node_addr(n, f->data + 22);
	if (!(f->data[0] & 1))
		node_of(x, f->data, true);
	if ((m = ex_icmp6(f, &len)) == NULL)
		return;
	if (m[0] == 136 && len >= 24)
		node_addr(n, m + 8);
	if (m[0] == 134 && len >= 16 && (m[6] | m[7]))
		n->router = true;
}

/* Pass 2: a unicast frame's destination belongs to the node it is sent
 * to, unless that node is a router forwarding it (global destinations). */
static void
learn_dests(struct explain *x, const struct cap_frame *f)
{
	struct ex_node *n;

	if (f->caplen < 54 || f->data[12] != 0x86 || f->data[13] != 0xdd ||
	    (f->data[0] & 1) || !(n = node_of(x, f->data, false)))
		return;
	if (n->router && !(f->data[38] == 0xfe && (f->data[39] & 0xc0) == 0x80))
		return;
	node_addr(n, f->data + 38);
}

int
ex_learn(struct explain *x, const uint8_t *buf, size_t len)
{
	struct cap_reader r;
	struct cap_frame f;
	int pass, rc;

	for (pass = 0; pass < 2; pass++) {
		if (cap_open(&r, buf, len) < 0)
			goto bad;
		while ((rc = cap_next(&r, &f)) == 1) {
			if (pass == 0)
				learn_sources(x, &f);
			else
				learn_dests(x, &f);
			if (x->t0 == 0 || f.ts_ns < x->t0)
				x->t0 = f.ts_ns;
		}
		if (rc < 0)
			goto bad;
	}
	return 0;
bad:
	snprintf(x->err, sizeof(x->err), "%s", r.err);
	return -1;
}

static int
set(struct ex_node *n, const char *k, const char *v)
{
	char err[128];

	return v6_sysctl_set(n->s, k, v, err, sizeof(err));
}

static void
null_tx(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx;
	(void)frame;
	(void)len;
}

static const struct v6_link_ops ex_link = { null_tx };

/* The stack for one node: its MAC, its addresses usable at once (no DAD),
 * a router when it advertised itself as one. */
int
ex_node_start(struct explain *x, struct ex_node *n, v6_time_t now)
{
	struct v6_stack_params p = { 0 };
	char err[160];

	p.seed = 1;
	p.neigh_max = 256;
	p.neigh_queue_max = 64;
	p.frag_queues_max = 64;
	p.frag_mem_max = 1 << 20;
	p.event = ex_on_event;
	p.event_ctx = n;
	n->x = x;
	if (v6_stack_new(&p, &n->s, err, sizeof(err)) < 0)
		return -1;
	if (set(n, "conf.default.accept_dad", "0") || set(n, "conf.default.addr_gen_mode", "1") ||
	    set(n, "conf.default.router_solicitations", "0"))
		return -1;
	if (n->router && (set(n, "conf.all.forwarding", "1") || set(n, "conf.default.forwarding", "1")))
		return -1;
	if (v6_iface_add(n->s, "eth0", n->mac, 1500, &ex_link, n, &n->ifp, err, sizeof(err)) < 0)
		return -1;
	if (v6_iface_up(n->ifp, now, err, sizeof(err)) < 0)
		return -1;
	for (unsigned i = 0; i < n->naddrs; i++)
		(void)v6_addr_add(n->ifp, &n->addrs[i], 64, now, err, sizeof(err));
	v6_icmp6_echo_listen(n->s, ex_on_echo_reply, ex_on_echo_err, n);
	return 0;
}

void
ex_node_name(const struct ex_node *n, char *buf, size_t cap)
{
	char a[INET6_ADDRSTRLEN] = "?";

	if (n->bystander) {
		snprintf(buf, cap, "a host on the link");
		return;
	}
	for (unsigned i = 0; i < n->naddrs; i++)
		if (IN6_IS_ADDR_LINKLOCAL(&n->addrs[i]) || i + 1 == n->naddrs) {
			inet_ntop(AF_INET6, &n->addrs[i], a, sizeof(a));
			break;
		}
	snprintf(buf, cap, "%s (%02x:%02x:%02x:%02x:%02x:%02x)", a, n->mac[0],
	    n->mac[1], n->mac[2], n->mac[3], n->mac[4], n->mac[5]);
}
