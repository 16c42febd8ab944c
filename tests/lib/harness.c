/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fake link, fake clock and expectations. See harness.h.
 */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

const uint8_t H_OUR_MAC[6] = { 0x02, 0, 0, 0, 0, 0x01 };
const uint8_t H_PEER_MAC[6] = { 0x02, 0, 0, 0, 0, 0x02 };
const uint8_t H_PEER2_MAC[6] = { 0x02, 0, 0, 0, 0, 0x03 };
const uint8_t H_ALLNODES_MAC[6] = { 0x33, 0x33, 0, 0, 0, 0x01 };

struct in6_addr
h_our_ll(void)
{
	return b_addr("fe80::ff:fe00:1");
}

struct in6_addr
h_our_global(void)
{
	return b_addr("2001:db8::1");
}

struct in6_addr
h_peer_ll(void)
{
	return b_addr("fe80::ff:fe00:2");
}

struct in6_addr
h_peer_global(void)
{
	return b_addr("2001:db8::2");
}

struct in6_addr
h_peer2_ll(void)
{
	return b_addr("fe80::ff:fe00:3");
}

struct in6_addr
h_allnodes(void)
{
	return b_addr("ff02::1");
}

struct in6_addr
h_unspec(void)
{
	return b_addr("::");
}

/* MLD messages (RFC 3810 5: IPv6, Hop-by-Hop first, then ICMPv6 of type
 * 130, 131, 132 or 143) are kept apart unless the test is about them (see
 * harness.h): 1 when frame is one to keep apart, counted. */
static int
h_skip_mld(struct harness *h, const uint8_t *frame, size_t len)
{
	if (!h->keep_mld && len >= 14 + 40 + 8 + 1 && frame[12] == 0x86 &&
	    frame[13] == 0xdd && frame[14 + 6] == 0 && frame[14 + 40] == 58) {
		uint8_t type = frame[14 + 40 + 8];
		if (type == 130 || type == 131 || type == 132 || type == 143) {
			h->n_tx_mld++;
			return 1;
		}
	}
	return 0;
}

/* Append frame to a transmit log (tx, tx_len, *n_tx). */
static void
h_record(struct harness *h, uint8_t (*tx)[H_FRAME_MAX], size_t *tx_len,
    size_t *n_tx, const uint8_t *frame, size_t len)
{
	if (*n_tx < H_TX_MAX) {
		size_t n = len < H_FRAME_MAX ? len : H_FRAME_MAX;

		memcpy(tx[*n_tx], frame, n);
		tx_len[*n_tx] = n;
	}
	if (len > H_FRAME_MAX)
		h->n_tx_oversize++;
	(*n_tx)++;
	h->n_tx_total++;
}

static void
h_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct harness *h = ctx;

	if (!h_skip_mld(h, frame, len))
		h_record(h, h->tx, h->tx_len, &h->n_tx, frame, len);
}

static void
h_link_tx(void *ctx, const uint8_t *frame, size_t len)
{
	struct h_link *l = ctx;

	if (!h_skip_mld(l->h, frame, len))
		h_record(l->h, l->tx, l->tx_len, &l->n_tx, frame, len);
}

static void
h_event(void *ctx, const struct v6_event *ev)
{
	struct harness *h = ctx;

	switch (ev->kind) {
	case V6_EV_DROP:
		h->n_ev_drop++;
		h->last_ev_drop = ev->reason;
		h->last_ev_drop_ip6 = ev->ip6;
		h->last_ev_drop_len = ev->frame ? ev->len : 0;
		memset(h->last_ev_drop_head, 0, sizeof(h->last_ev_drop_head));
		if (ev->frame)
			memcpy(h->last_ev_drop_head, ev->frame,
			    ev->len < 40 ? ev->len : 40);
		break;
	case V6_EV_TX:
		h->n_ev_tx++;
		break;
	case V6_EV_NEIGH_STATE:
		if (h->n_neigh_ev < 32 && ev->addr) {
			struct h_neigh_ev *e = &h->neigh_ev[h->n_neigh_ev];

			e->addr = *ev->addr;
			snprintf(e->state, sizeof(e->state), "%s",
			    ev->state ? ev->state : "(null)");
		}
		h->n_neigh_ev++;
		break;
	case V6_EV_ROUTER:
		h->n_router_ev++;
		snprintf(h->last_router_ev, sizeof(h->last_router_ev), "%s",
		    ev->state ? ev->state : "(null)");
		break;
	case V6_EV_ADDR_STATE:
	case V6_EV_LOG:
	case V6_EV_ROUTE:
		break;
	}
}

static const struct v6_link_ops h_ops = { .tx = h_tx };
static const struct v6_link_ops h_link_ops = { .tx = h_link_tx };

struct harness *
h_new(const char *file, int line, const struct h_cfg *cfg)
{
	static const struct h_cfg dflt;
	struct v6_stack_params sp;
	struct harness *h;

	if (cfg == NULL)
		cfg = &dflt;
	h = calloc(1, sizeof(*h));
	if (h == NULL) {
		t_fail(file, line, "out of memory");
		return NULL;
	}
	memcpy(h->mac, cfg->mac ? cfg->mac : H_OUR_MAC, 6);
	h->mtu = cfg->mtu ? cfg->mtu : 1500;
	h->ll = b_eui64_ll(h->mac);
	h->now = H_T0;
	h->keep_mld = cfg->mld;

	memset(&sp, 0, sizeof(sp));
	sp.seed = cfg->seed ? cfg->seed : H_SEED;
	sp.event = h_event;
	sp.event_ctx = h;
	if (v6_stack_new(&sp, &h->stack, h->err, sizeof(h->err)) != 0) {
		t_fail(file, line, "v6_stack_new: %s", h->err);
		free(h);
		return NULL;
	}
	/* RFC 4862 DAD off unless the test is about it (see harness.h). */
	if (!cfg->dad &&
	    v6_sysctl_set(h->stack, "conf.default.accept_dad", "0", h->err,
		sizeof(h->err)) != 0) {
		t_fail(file, line, "conf.default.accept_dad=0: %s", h->err);
		h_free(h);
		return NULL;
	}
	/* RFC 4861 6.3.7 Router Solicitations off unless the test is about
	 * them (cfg.rs = 1), so that other tests' transmit logs stay exact. */
	if (!cfg->rs &&
	    v6_sysctl_set(h->stack, "conf.default.router_solicitations", "0",
		h->err, sizeof(h->err)) != 0) {
		t_fail(file, line, "conf.default.router_solicitations=0: %s", h->err);
		h_free(h);
		return NULL;
	}
	for (const char *const *kv = cfg->pre_sysctl; kv && kv[0]; kv += 2) {
		if (h_sysctl(file, line, h, kv[0], kv[1]) != 0) {
			h_free(h);
			return NULL;
		}
	}
	if (v6_iface_add(h->stack, "eth0", h->mac, h->mtu, &h_ops, h, &h->ifp,
		h->err, sizeof(h->err)) != 0) {
		t_fail(file, line, "v6_iface_add: %s", h->err);
		h_free(h);
		return NULL;
	}
	if (!cfg->no_up && h_up(file, line, h) != 0) {
		h_free(h);
		return NULL;
	}
	return h;
}

int
h_up(const char *file, int line, struct harness *h)
{
	if (v6_iface_up(h->ifp, h->now, h->err, sizeof(h->err)) != 0) {
		t_fail(file, line, "v6_iface_up: %s", h->err);
		return -1;
	}
	h_clear_tx(h);
	return 0;
}

void
h_free(struct harness *h)
{
	if (h == NULL)
		return;
	if (h->stack)
		v6_stack_free(h->stack);
	for (size_t i = 0; i < h->n_links; i++)
		free(h->links[i]);
	free(h);
}

int
h_sysctl(const char *file, int line, struct harness *h, const char *key,
    const char *value)
{
	if (v6_sysctl_set(h->stack, key, value, h->err, sizeof(h->err)) == 0)
		return 0;
	t_fail(file, line, "v6_sysctl_set(%s, %s): %s", key, value, h->err);
	return -1;
}

int
h_add_addr(const char *file, int line, struct harness *h,
    const struct in6_addr *a, unsigned plen)
{
	if (v6_addr_add(h->ifp, a, plen, h->now, h->err, sizeof(h->err)) == 0)
		return 0;
	t_fail(file, line, "v6_addr_add(%s/%u): %s", b_ntop(a), plen, h->err);
	return -1;
}

struct h_link *
h_add_iface(const char *file, int line, struct harness *h, const char *name,
    const uint8_t mac[6], uint32_t mtu)
{
	struct h_link *l;

	if (h->n_links == H_LINKS_MAX) {
		t_fail(file, line, "h_add_iface: more than %d interfaces",
		    H_LINKS_MAX);
		return NULL;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		t_fail(file, line, "out of memory");
		return NULL;
	}
	l->h = h;
	memcpy(l->mac, mac, 6);
	l->ll = b_eui64_ll(mac);
	if (v6_iface_add(h->stack, name, mac, mtu ? mtu : 1500, &h_link_ops, l,
		&l->ifp, h->err, sizeof(h->err)) != 0) {
		t_fail(file, line, "h_add_iface(%s): %s", name, h->err);
		free(l);
		return NULL;
	}
	h->links[h->n_links++] = l; /* the stack holds l from here on */
	if (v6_iface_up(l->ifp, h->now, h->err, sizeof(h->err)) != 0) {
		t_fail(file, line, "v6_iface_up(%s): %s", name, h->err);
		return NULL;
	}
	h_clear_tx(h);
	return l;
}

int
h_link_input(struct h_link *l, const uint8_t *frame, size_t len)
{
	return v6_input(l->h->stack, l->ifp, frame, len, l->h->now);
}

int
h_link_send(struct h_link *l, const struct bframe *f)
{
	uint8_t buf[B_ETH_HLEN + B_IP6_HLEN + B_PL_MAX + 256];
	size_t n = b_emit(f, buf, sizeof(buf));

	if (n == 0) {
		fprintf(stderr, "h_link_send: frame does not fit\n");
		abort();
	}
	return h_link_input(l, buf, n);
}

void
h_clear_tx(struct harness *h)
{
	h->n_tx = 0;
	h->n_neigh_ev = 0;
	for (size_t i = 0; i < h->n_links; i++)
		h->links[i]->n_tx = 0;
}

int
h_neigh_went(struct harness *h, const struct in6_addr *addr,
    const char *state)
{
	size_t i, n = h->n_neigh_ev < 32 ? h->n_neigh_ev : 32;

	for (i = 0; i < n; i++)
		if (memcmp(&h->neigh_ev[i].addr, addr, 16) == 0 &&
		    strcmp(h->neigh_ev[i].state, state) == 0)
			return 1;
	return 0;
}

int
h_input(struct harness *h, const uint8_t *frame, size_t len)
{
	return v6_input(h->stack, h->ifp, frame, len, h->now);
}

int
h_send(struct harness *h, const struct bframe *f)
{
	uint8_t buf[B_ETH_HLEN + B_IP6_HLEN + B_PL_MAX + 256];
	size_t n = b_emit(f, buf, sizeof(buf));

	if (n == 0) {
		fprintf(stderr, "h_send: frame does not fit\n");
		abort();
	}
	return h_input(h, buf, n);
}

void
h_advance(struct harness *h, v6_time_t dt)
{
	v6_time_t target = h->now + dt;
	int i;

	for (i = 0; i < 100000; i++) {
		v6_time_t next = v6_poll(h->stack, h->now);

		if (next == V6_TIME_NEVER || next > target)
			break;
		/* A deadline not after now would loop: step 1 ms. */
		h->now = next > h->now ? next : h->now + V6_NS_PER_MS;
		if (h->now > target)
			break;
	}
	h->now = target;
	(void)v6_poll(h->stack, h->now);
}

struct stat_find {
	const char *name;
	int found;
	uint64_t value;
};

static void
stat_cb(void *ctx, const char *name, uint64_t value)
{
	struct stat_find *sf = ctx;

	if (strcmp(name, sf->name) == 0) {
		sf->found = 1;
		sf->value = value;
	}
}

uint64_t
h_stat(const char *file, int line, struct harness *h, const char *name)
{
	struct stat_find sf = { name, 0, 0 };
	uint64_t v;

	v6_stats_foreach(h->stack, NULL, stat_cb, &sf);
	if (!sf.found)
		t_fail(file, line, "no counter named %s (v6_stats_foreach)", name);
	v = v6_stat_get(h->stack, NULL, name);
	if (sf.found && v != sf.value)
		t_fail(file, line, "%s: v6_stat_get %llu, v6_stats_foreach %llu",
		    name, (unsigned long long)v, (unsigned long long)sf.value);
	return v;
}

struct neigh_find {
	struct in6_addr addr;
	int found;
	uint8_t mac[6];
	char state[32];
	int is_router;
};

static void
neigh_cb(void *ctx, const struct v6_iface *iface, const struct in6_addr *addr,
    const uint8_t *lladdr, const char *state, int is_router)
{
	struct neigh_find *nf = ctx;

	(void)iface;
	if (memcmp(addr, &nf->addr, 16) != 0)
		return;
	nf->found = 1;
	if (lladdr)
		memcpy(nf->mac, lladdr, 6);
	snprintf(nf->state, sizeof(nf->state), "%s", state ? state : "(null)");
	nf->is_router = is_router;
}

int
h_neigh(struct harness *h, const struct in6_addr *addr, uint8_t mac[6],
    char *state, size_t state_len, int *is_router)
{
	struct neigh_find nf;

	memset(&nf, 0, sizeof(nf));
	nf.addr = *addr;
	v6_neigh_foreach(h->stack, neigh_cb, &nf);
	if (!nf.found)
		return 0;
	if (mac)
		memcpy(mac, nf.mac, 6);
	if (state)
		snprintf(state, state_len, "%s", nf.state);
	if (is_router)
		*is_router = nf.is_router;
	return 1;
}

struct addr_find {
	struct in6_addr addr;
	int found;
	unsigned plen;
	char state[32];
	int n_ll;
};

static void
addr_cb(void *ctx, const struct in6_addr *addr, unsigned plen,
    const char *state)
{
	struct addr_find *af = ctx;

	if (addr->s6_addr[0] == 0xfe && (addr->s6_addr[1] & 0xc0) == 0x80)
		af->n_ll++;
	if (memcmp(addr, &af->addr, 16) != 0)
		return;
	af->found = 1;
	af->plen = plen;
	snprintf(af->state, sizeof(af->state), "%s", state ? state : "(null)");
}

int
h_addr(struct harness *h, const struct in6_addr *addr, unsigned *plen,
    char *state, size_t state_len)
{
	struct addr_find af;

	memset(&af, 0, sizeof(af));
	af.addr = *addr;
	v6_addr_foreach(h->ifp, addr_cb, &af);
	if (!af.found)
		return 0;
	if (plen)
		*plen = af.plen;
	if (state)
		snprintf(state, state_len, "%s", af.state);
	return 1;
}

int
h_n_linklocal(struct harness *h)
{
	struct addr_find af;

	memset(&af, 0, sizeof(af));
	v6_addr_foreach(h->ifp, addr_cb, &af);
	return af.n_ll;
}

int
h_find_icmp6(struct harness *h, int type, const struct in6_addr *target)
{
	size_t i, n = h->n_tx < H_TX_MAX ? h->n_tx : H_TX_MAX;

	for (i = 0; i < n; i++) {
		struct c_pkt p;

		if (c_parse(&p, h->tx[i], h->tx_len[i]) != 0 || !p.has_icmp6 ||
		    p.type != type)
			continue;
		if (target && (p.pl_len < 24 || memcmp(p.pl + 8, target, 16)))
			continue;
		return (int)i;
	}
	return -1;
}

int
h_check_true(const char *file, int line, const char *what, int ok)
{
	if (!ok)
		t_fail(file, line, "CHECK(%s)", what);
	return ok;
}

int
h_expect_tx_count(const char *file, int line, struct harness *h, size_t n)
{
	size_t i;

	if (h->n_tx == n)
		return 0;
	t_fail(file, line, "%zu frames sent, want %zu", h->n_tx, n);
	for (i = 0; i < h->n_tx && i < H_TX_MAX && i < 4; i++)
		b_hexdump("sent", h->tx[i], h->tx_len[i]);
	return -1;
}

int
h_expect_stat(const char *file, int line, struct harness *h,
    const char *name, uint64_t n)
{
	uint64_t v = h_stat(file, line, h, name);

	if (v == n)
		return 0;
	t_fail(file, line, "%s == %llu, want %llu", name,
	    (unsigned long long)v, (unsigned long long)n);
	return -1;
}

int
h_expect_drop(const char *file, int line, struct harness *h, int reason,
    const char *name)
{
	const char *got;

	(void)h;
	if (reason == 0) {
		t_fail(file, line, "frame consumed, want drop %s", name);
		return -1;
	}
	got = v6_drop_name(reason);
	if (got == NULL || strcmp(got, name) != 0) {
		t_fail(file, line, "drop %s (%d), want %s", got ? got : "(null)",
		    reason, name);
		return -1;
	}
	return 0;
}

int
h_expect_accepted(const char *file, int line, struct harness *h, int reason)
{
	(void)h;
	if (reason == 0)
		return 0;
	t_fail(file, line, "frame dropped: %s (%d: %s), want consumed",
	    v6_drop_name(reason) ? v6_drop_name(reason) : "(null)", reason,
	    v6_drop_text(reason) ? v6_drop_text(reason) : "(null)");
	return -1;
}

int
h_expect_silent_drop(const char *file, int line, struct harness *h,
    const struct bframe *f, const char *name)
{
	int bad;

	h_clear_tx(h);
	bad = h_expect_drop(file, line, h, h_send(h, f), name) != 0;
	if (h->n_tx != 0) {
		t_fail(file, line, "%zu frames sent, want none", h->n_tx);
		b_hexdump("sent", h->tx[0], h->tx_len[0]);
		bad = 1;
	}
	return bad ? -1 : 0;
}

int
h_expect_ns_answered(const char *file, int line, struct harness *h,
    const struct in6_addr *peer_ip, const struct in6_addr *target)
{
	struct bframe f;
	struct c_pkt p;
	int r;

	b_ns_mcast(&f, H_PEER_MAC, peer_ip, target, 1);
	h_clear_tx(h);
	r = h_send(h, &f);
	if (h_expect_accepted(file, line, h, r) != 0)
		return -1;
	if (h_expect_tx_count(file, line, h, 1) != 0)
		return -1;
	if (c_check_parse(file, line, &p, h->tx[0], h->tx_len[0]) != 0 ||
	    c_check_eth(file, line, &p, H_PEER_MAC, h->mac) != 0 ||
	    c_check_ip6(file, line, &p, target, peer_ip, 255,
		B_PROTO_ICMPV6) != 0 ||
	    c_check_na(file, line, &p, B_NA_S | B_NA_O, target) != 0 ||
	    c_check_na_tlla_only(file, line, &p, h->mac) != 0)
		return -1;
	h_clear_tx(h);
	return 0;
}
