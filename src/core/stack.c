/*
 * The stack object, interfaces, Ethernet input (RFC 2464), v6_input() and
 * v6_poll(). Memory is allocated here, at creation, and nowhere on the
 * packet path.
 */
#include <stdlib.h>

#include "core/stack.h"
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/frag.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/mld.h"
#include "core/neigh.h"
#include "core/rdisc.h"
#include "core/route.h"
#include "core/stats.h"
#include "core/sysctl.h"
#include "core/timer.h"
#include "wire/eth.h"

/* splitmix64, to expand the seed (P1: all randomness from one seed). */
static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256**: fast and good enough for jitter, nonces and IDs. */
uint64_t
v6_rand64(struct v6_stack *s)
{
	uint64_t *r = s->rng;
	uint64_t result = rotl(r[1] * 5, 7) * 9, t = r[1] << 17;

	r[2] ^= r[0];
	r[3] ^= r[1];
	r[1] ^= r[2];
	r[0] ^= r[3];
	r[2] ^= t;
	r[3] = rotl(r[3], 45);
	return result;
}

/* Copy msg into the caller's error buffer; returns -1 for `return`. */
int
v6_fail(char *err, size_t errlen, const char *msg)
{
	if (err && errlen) {
		size_t n = strlen(msg);
		if (n >= errlen)
			n = errlen - 1;
		memcpy(err, msg, n);
		err[n] = '\0';
	}
	return -1;
}

void
v6_emit_event(struct v6_stack *s, const struct v6_event *ev)
{
	if (s->params.event)
		s->params.event(s->params.event_ctx, ev);
}

void
v6_note(struct v6_stack *s, const struct v6_iface *ifp,
    enum v6_event_kind kind, const struct in6_addr *addr, const char *state,
    const char *text)
{
	struct v6_event ev = { .kind = kind, .iface = ifp, .addr = addr,
		.state = state, .text = text };
	v6_emit_event(s, &ev);
}

int
v6_stack_new(const struct v6_stack_params *params, struct v6_stack **out,
    char *err, size_t errlen)
{
	struct v6_stack *s = calloc(1, sizeof(*s));
	uint64_t seed;

	if (!s)
		return v6_fail(err, errlen, "out of memory");
	if (params)
		s->params = *params;
	if (!s->params.neigh_max)
		s->params.neigh_max = 1024;
	if (!s->params.neigh_queue_max)
		s->params.neigh_queue_max = 256;
	if (!s->params.frag_queues_max)
		s->params.frag_queues_max = 16384;
	if (!s->params.frag_mem_max)
		s->params.frag_mem_max = 4u << 20;
	if (s->params.neigh_max > (1u << 20))
		return free(s), v6_fail(err, errlen, "neigh_max too large (max 1048576)");
	seed = s->params.seed;
	for (int i = 0; i < 4; i++)
		s->rng[i] = splitmix64(&seed);
	v6_sysctl_defaults(&s->glob, &s->conf_default, &s->neigh_default);
	v6_sysctl_ratemask_default(s->icmp.ratemask);
	/* The global ICMPv6 bucket fills at its first use, as Linux's. */
	s->icmp.global_credit_u = 0;
	s->icmp.global_stamp = V6_TIME_NEVER;
	s->txbuf = malloc(V6_FRAME_MAX);
	s->fragbuf = malloc(V6_FRAME_MAX);
	/* Every timer there can be: one per neighbour, the cache's collection,
	 * per interface one per address, MLD's (mld.c) and the router
	 * solicitation's, the anycast NA timer, the route tables' timer, one
	 * per reassembly queue. */
	s->timers.cap = (uint32_t)s->params.neigh_max + 1 +
	    V6_MAX_IFACES * (V6_MAX_ADDRS + V6_MLD_TIMERS_PER_IFACE + 1) + 2;
	if (s->params.frag_queues_max <= (1u << 20))
		s->timers.cap += (uint32_t)s->params.frag_queues_max;
	v6_timer_init(&s->acast_timer, V6_TIMER_ACAST);
	v6_timer_init(&s->route.timer, V6_TIMER_ROUTE);
	s->timers.heap = calloc(s->timers.cap, sizeof(*s->timers.heap));
	if (!s->txbuf || !s->fragbuf || !s->timers.heap || v6_neigh_init(s, err, errlen) < 0) {
		v6_stack_free(s);
		return v6_fail(err, errlen, "out of memory");
	}
	if (v6_frag_init(s, err, errlen) < 0) {
		v6_stack_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void
v6_stack_free(struct v6_stack *s)
{
	if (!s)
		return;
	for (uint32_t i = 0; i < s->n_ifaces; i++) {
		free(s->ifaces[i]->qbuf);
		free(s->ifaces[i]->qlen);
		free(s->ifaces[i]->qnext);
		free(s->ifaces[i]);
	}
	free(s->neigh.entries);
	free(s->neigh.buckets);
	free(s->timers.heap);
	free(s->txbuf);
	free(s->fragbuf);
	v6_frag_free(s);
	free(s);
}

int
v6_iface_add(struct v6_stack *s, const char *name, const uint8_t mac[6],
    uint32_t mtu, const struct v6_link_ops *ops, void *link_ctx,
    struct v6_iface **out, char *err, size_t errlen)
{
	struct v6_iface *ifp;
	size_t nlen = strlen(name);

	if (nlen == 0 || nlen > 15)
		return v6_fail(err, errlen, "interface name must be 1 to 15 characters");
	if (!strcmp(name, "all") || !strcmp(name, "default"))
		return v6_fail(err, errlen, "interface name 'all' and 'default' are reserved");
	if (v6_iface_by_name(s, name))
		return v6_fail(err, errlen, "interface added twice");
	if (s->n_ifaces >= V6_MAX_IFACES)
		return v6_fail(err, errlen, "too many interfaces (max 16)");
	if (v6_mac_is_group(mac) || !memcmp(mac, "\0\0\0\0\0\0", 6))
		return v6_fail(err, errlen, "MAC must be a unicast, non-zero address");
	/* RFC 8200 5: every link must carry 1280-byte packets. */
	if (mtu < V6_IP6_MIN_MTU || mtu > 65535)
		return v6_fail(err, errlen, "link MTU must be between 1280 and 65535");
	if (!ops || !ops->tx)
		return v6_fail(err, errlen, "link ops need a tx function");
	ifp = calloc(1, sizeof(*ifp));
	if (!ifp)
		return v6_fail(err, errlen, "out of memory");
	ifp->stack = s;
	ifp->index = s->n_ifaces;
	memcpy(ifp->name, name, nlen + 1);
	memcpy(ifp->mac, mac, 6);
	ifp->link_mtu = mtu;
	ifp->ops = *ops;
	ifp->link_ctx = link_ctx;
	ifp->conf = s->conf_default;
	ifp->neigh = s->neigh_default;
	/* Linux: conf.IFACE.mtu starts as the device MTU. */
	ifp->conf.mtu = (int)mtu;
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		ifp->addrs[i].iface = ifp;
		v6_timer_init(&ifp->addrs[i].timer, V6_TIMER_ADDR);
	}
	v6_mld_init(ifp);
	v6_timer_init(&ifp->rs_timer, V6_TIMER_RS);
	/* RFC 7217 with addr_gen_mode 3: a secret of our own (Linux
	 * ipv6_gen_mode_random_init); conf.default.stable_secret is
	 * inherited as Linux's devconf_dflt one. */
	{
		/* Drawn from the seed apart from the main generator, so that
		 * adding it changed no other random value. */
		uint64_t x = s->params.seed ^ (0x5ec7e7ull * (ifp->index + 1));
		for (int i = 0; i < 2; i++) {
			uint64_t r = splitmix64(&x);
			memcpy(ifp->random_secret.s6_addr + 8 * i, &r, 8);
		}
	}
	ifp->stable_secret = s->stable_secret_default;
	ifp->stable_secret_set = s->stable_secret_default_set;
	ifp->n_qslots = (uint32_t)s->params.neigh_queue_max;
	ifp->qslot_len = V6_ETH_HEADROOM + mtu;
	ifp->qbuf = malloc((size_t)ifp->n_qslots * ifp->qslot_len);
	ifp->qlen = calloc(ifp->n_qslots, sizeof(uint32_t));
	ifp->qnext = calloc(ifp->n_qslots, sizeof(uint32_t));
	if (!ifp->qbuf || !ifp->qlen || !ifp->qnext) {
		free(ifp->qbuf);
		free(ifp->qlen);
		free(ifp->qnext);
		free(ifp);
		return v6_fail(err, errlen, "out of memory");
	}
	for (uint32_t i = 0; i < ifp->n_qslots; i++)
		ifp->qnext[i] = i + 1 < ifp->n_qslots ? i + 1 : V6_NIL;
	ifp->qfree = 0;
	s->ifaces[s->n_ifaces++] = ifp;
	(void)v6_neigh_reachable_ms(s, ifp);
	if (out)
		*out = ifp;
	return 0;
}

struct v6_iface *
v6_iface_by_name(struct v6_stack *s, const char *name)
{
	for (uint32_t i = 0; i < s->n_ifaces; i++)
		if (strcmp(s->ifaces[i]->name, name) == 0)
			return s->ifaces[i];
	return NULL;
}

const char *
v6_iface_name(const struct v6_iface *ifp)
{
	return ifp->name;
}

void
v6_iface_mac(const struct v6_iface *ifp, uint8_t mac[6])
{
	memcpy(mac, ifp->mac, 6);
}

/*
 * RFC 2464 3, 7: take IPv6 frames sent to our MAC, or to the 33:33 MAC of a
 * group we listen to. Returns V6_DROP_NONE or why the frame was dropped.
 */
static enum v6_drop
eth_rx(struct v6_stack *s, struct v6_iface *ifp, const uint8_t *frame,
    size_t len, v6_time_t now)
{
	struct v6_eth eth;
	enum v6_drop r;
	const uint8_t *dst, *src;
	bool l2_mcast = false;

	if (!ifp->up)
		return V6_DROP_IFACE_DOWN;
	if ((r = v6_eth_view(&eth, frame, len)) != V6_DROP_NONE)
		return r;
	if (v6_eth_type(eth) != V6_ETHERTYPE_IPV6)
		return V6_DROP_ETH_NOT_IPV6;
	dst = v6_eth_dst(eth);
	src = v6_eth_src(eth);
	if (v6_mac_is_group(dst)) {
		/* RFC 2464 7: IPv6 multicast maps to 33:33:xx:xx:xx:xx; IPv6
		 * has no use for the broadcast or other group MACs. */
		if (dst[0] != 0x33 || dst[1] != 0x33)
			return V6_DROP_ETH_NOT_IPV6_GROUP;
		if (!v6_mac_filter_match(ifp, dst))
			return V6_DROP_ETH_MCAST_NOT_JOINED;
		l2_mcast = true;
	} else if (memcmp(dst, ifp->mac, 6) != 0) {
		return V6_DROP_ETH_OTHERHOST;
	}
	if (v6_mac_is_group(src))
		return V6_DROP_ETH_SRC_MULTICAST;
	if (memcmp(src, ifp->mac, 6) == 0)
		return V6_DROP_ETH_SRC_IS_OURS;
	return v6_ip6_rx(s, ifp, v6_eth_payload(eth), v6_eth_payload_len(eth),
	    src, l2_mcast, now);
}

int
v6_input(struct v6_stack *s, struct v6_iface *ifp, const uint8_t *frame,
    size_t len, v6_time_t now)
{
	enum v6_drop r = eth_rx(s, ifp, frame, len, now);

	if (r != V6_DROP_NONE)
		v6_drop(s, ifp, r, frame, len);
	return (int)r;
}

v6_time_t
v6_poll(struct v6_stack *s, v6_time_t now)
{
	struct v6_timer *t;

	while ((t = v6_timer_pop_due(&s->timers, now)) != NULL) {
		switch ((enum v6_timer_kind)t->kind) {
		case V6_TIMER_NEIGH:
			v6_neigh_on_timer(s, t, now);
			break;
		case V6_TIMER_ADDR:
			v6_addr_on_timer(s, t, now);
			break;
		case V6_TIMER_ACAST:
			v6_acast_on_timer(s, now);
			break;
		case V6_TIMER_FRAG:
			v6_frag_on_timer(s, t, now);
			break;
		case V6_TIMER_NEIGH_GC:
			v6_neigh_on_gc_timer(s, now);
			break;
		case V6_TIMER_MLD:
			v6_mld_on_timer(s, t, now);
			break;
		case V6_TIMER_RS:
			v6_rdisc_on_timer(s, t, now);
			break;
		case V6_TIMER_ROUTE:
			v6_route_on_timer(s, t, now);
			break;
		}
	}
	return v6_timer_next(&s->timers);
}

/* Send a finished frame: the one exit of every frame from the core. */
void
v6_link_send(struct v6_stack *s, struct v6_iface *ifp, uint8_t *frame,
    size_t len)
{
	if (s->params.event) {
		struct v6_event ev = { .kind = V6_EV_TX, .iface = ifp,
			.frame = frame, .len = len };
		s->params.event(s->params.event_ctx, &ev);
	}
	ifp->ops.tx(ifp->link_ctx, frame, len);
}
