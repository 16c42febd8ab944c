/*
 * Addresses and multicast membership of the interfaces: the link-local
 * address (RFC 4862 5.3, RFC 4291 2.5.1 modified EUI-64), added addresses,
 * Duplicate Address Detection (RFC 4862 5.4, RFC 7527 nonces), the groups
 * an interface listens to (RFC 4291 2.7.1, 2.8) and the link-layer filter
 * they imply (RFC 2464 7), source address selection and on-link checks.
 */
#include "core/internal.h"

static const char *const addr_state_names[] = {
#define X(st) #st,
	V6_ADDR_STATES(X)
#undef X
};

const char *
v6_addr_state_name(enum v6_addr_state st)
{
	return addr_state_names[st];
}

static uint32_t
addr_hash(const struct in6_addr *a)
{
	uint64_t x, y;

	memcpy(&x, a->s6_addr, 8);
	memcpy(&y, a->s6_addr + 8, 8);
	x ^= y * 0x9e3779b97f4a7c15ull;
	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ull;
	return (uint32_t)(x >> 40);
}

/* Our address a on ifp (any interface when ifp is NULL), or NULL. The
 * stack-wide table is probed linearly from the address's hash. */
struct v6_addr *
v6_addr_lookup(struct v6_stack *s, const struct v6_iface *ifp,
    const struct in6_addr *a)
{
	uint32_t i = addr_hash(a) & (V6_ADDR_SLOTS - 1);

	for (uint32_t n = 0; n < V6_ADDR_SLOTS; n++, i = (i + 1) & (V6_ADDR_SLOTS - 1)) {
		struct v6_addr *e = s->addr_slots[i];
		if (!e)
			return NULL;
		if ((!ifp || e->iface == ifp) && v6_addr_eq(&e->addr, a))
			return e;
	}
	return NULL;
}

static void
addr_index(struct v6_stack *s, struct v6_addr *e)
{
	uint32_t i = addr_hash(&e->addr) & (V6_ADDR_SLOTS - 1);

	while (s->addr_slots[i])
		i = (i + 1) & (V6_ADDR_SLOTS - 1);
	s->addr_slots[i] = e;
}

/* ---- groups and the link-layer filter ---- */

static uint32_t
group_low32(const struct in6_addr *g)
{
	return v6_rd32(g->s6_addr + 12);
}

static uint32_t
slot_of(uint32_t key)
{
	return (key * 2654435761u) >> 26; /* 6 bits: V6_GROUP_SLOTS == 64 */
}

/* Rebuild the group index and the MAC filter (joins and leaves are rare;
 * lookups are on every packet). */
static void
groups_reindex(struct v6_iface *ifp)
{
	memset(ifp->group_slots, 0, sizeof(ifp->group_slots));
	memset(ifp->mac_filter_refs, 0, sizeof(ifp->mac_filter_refs));
	for (uint32_t g = 0; g < V6_MAX_GROUPS; g++) {
		if (!ifp->groups[g].refs)
			continue;
		uint32_t key = group_low32(&ifp->groups[g].addr), i = slot_of(key);
		while (ifp->group_slots[i])
			i = (i + 1) & (V6_GROUP_SLOTS - 1);
		ifp->group_slots[i] = (uint8_t)(g + 1);
		for (i = slot_of(key); ifp->mac_filter_refs[i] &&
		     ifp->mac_filter_key[i] != key; i = (i + 1) & (V6_GROUP_SLOTS - 1))
			;
		ifp->mac_filter_key[i] = key;
		ifp->mac_filter_refs[i]++;
	}
}

bool
v6_group_joined(const struct v6_iface *ifp, const struct in6_addr *g)
{
	uint32_t i = slot_of(group_low32(g));

	for (; ifp->group_slots[i]; i = (i + 1) & (V6_GROUP_SLOTS - 1))
		if (v6_addr_eq(&ifp->groups[ifp->group_slots[i] - 1].addr, g))
			return true;
	return false;
}

bool
v6_mac_filter_match(const struct v6_iface *ifp, const uint8_t *mac)
{
	uint32_t key = v6_rd32(mac + 2), i = slot_of(key);

	for (; ifp->mac_filter_refs[i]; i = (i + 1) & (V6_GROUP_SLOTS - 1))
		if (ifp->mac_filter_key[i] == key)
			return true;
	return false;
}

/* Join g (reference counted: two addresses may share a solicited-node
 * group); a new group is reported by MLD (RFC 3810 6.1). */
void
v6_group_join(struct v6_iface *ifp, const struct in6_addr *g)
{
	uint32_t free_slot = V6_MAX_GROUPS;

	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		if (ifp->groups[i].refs && v6_addr_eq(&ifp->groups[i].addr, g)) {
			ifp->groups[i].refs++;
			return;
		}
		if (!ifp->groups[i].refs && free_slot == V6_MAX_GROUPS)
			free_slot = i;
	}
	if (free_slot == V6_MAX_GROUPS)
		return; /* unreachable: V6_MAX_GROUPS > addresses + fixed groups */
	ifp->groups[free_slot].addr = *g;
	ifp->groups[free_slot].refs = 1;
	groups_reindex(ifp);
	v6_mld_on_join(ifp, &ifp->groups[free_slot]);
}

void
v6_group_leave(struct v6_iface *ifp, const struct in6_addr *g)
{
	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		if (ifp->groups[i].refs && v6_addr_eq(&ifp->groups[i].addr, g)) {
			if (ifp->groups[i].refs == 1)
				v6_mld_on_leave(ifp, &ifp->groups[i]);
			if (--ifp->groups[i].refs == 0)
				groups_reindex(ifp);
			return;
		}
	}
}

/* ---- source selection and on-link ---- */

static unsigned
common_prefix_len(const struct in6_addr *a, const struct in6_addr *b)
{
	unsigned n = 0;

	for (int i = 0; i < 16; i++) {
		uint8_t x = a->s6_addr[i] ^ b->s6_addr[i];
		if (!x) {
			n += 8;
			continue;
		}
		while (!(x & 0x80)) {
			x <<= 1;
			n++;
		}
		break;
	}
	return n;
}

/*
 * RFC 6724 5, the rules that matter to a host with one interface: only
 * preferred addresses (rule 3 excludes tentative ones), same scope as the
 * destination (rule 2), then the longest matching prefix (rule 8).
 */
const struct v6_addr *
v6_saddr_select(const struct v6_iface *ifp, const struct in6_addr *dst)
{
	bool want_ll = v6_addr_is_linklocal(dst) ||
	    (v6_addr_is_multicast(dst) && v6_mcast_scope(dst) <= 2);
	const struct v6_addr *best = NULL;
	int best_score = -1;

	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_addr *a = &ifp->addrs[i];
		if (!a->in_use || a->state != V6_ADDR_PREFERRED)
			continue;
		int score = (v6_addr_is_linklocal(&a->addr) == want_ll) ? 256 : 0;
		score += (int)common_prefix_len(&a->addr, dst);
		if (score > best_score) {
			best = a;
			best_score = score;
		}
	}
	return best;
}

/* RFC 4861 5.2: link-local destinations are on-link (fe80::/64); so are
 * those inside the prefix of one of the interface's addresses (a failed
 * DAD takes its prefix away). Returns the longest such prefix, or -1. */
int
v6_addr_onlink_plen(const struct v6_iface *ifp, const struct in6_addr *dst)
{
	int best = -1;

	if (v6_addr_is_linklocal(dst))
		return 64;
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_addr *a = &ifp->addrs[i];
		if (a->in_use && a->state != V6_ADDR_DADFAILED &&
		    !v6_addr_is_linklocal(&a->addr) &&
		    common_prefix_len(&a->addr, dst) >= a->plen && a->plen > best)
			best = a->plen;
	}
	return best;
}

bool
v6_addr_onlink(const struct v6_iface *ifp, const struct in6_addr *dst)
{
	return v6_addr_onlink_plen(ifp, dst) >= 0;
}

/* ---- DAD (RFC 4862 5.4) ---- */

static void
addr_set_state(struct v6_stack *s, struct v6_addr *a, enum v6_addr_state st,
    const char *why)
{
	a->state = st;
	v6_note(s, a->iface, V6_EV_ADDR_STATE, &a->addr, addr_state_names[st], why);
}

/* RFC 4862 5.4.2: send one probe, from ::, to the solicited-node group,
 * with a fresh nonce when enhanced_dad is on (RFC 7527 4.1). */
static void
dad_send_probe(struct v6_stack *s, struct v6_addr *a, v6_time_t now)
{
	struct v6_iface *ifp = a->iface;
	const uint8_t *nonce = NULL;

	if (ifp->conf.enhanced_dad) {
		uint64_t r = v6_rand64(s);
		memcpy(a->nonce, &r, 6);
		nonce = a->nonce;
	}
	a->dad_probes_left--;
	v6_ndisc_tx_ns(s, ifp, NULL, NULL, NULL, &a->addr, nonce, now);
	v6_timer_arm(&s->timers, &a->timer,
	    now + (v6_time_t)ifp->neigh.retrans_time_ms * V6_NS_PER_MS);
}

/* Begin using a: DAD first unless accept_dad or dad_transmits say no. */
static void
addr_start(struct v6_stack *s, struct v6_addr *a, v6_time_t now)
{
	struct v6_iface *ifp = a->iface;
	struct in6_addr snm;

	/* RFC 4862 5.4.2: join the solicited-node group before probing, so
	 * that another node's probe for the same address is heard. */
	v6_addr_solicited_node(&snm, &a->addr);
	v6_group_join(ifp, &snm);
	if (ifp->conf.accept_dad <= 0 || ifp->conf.dad_transmits <= 0) {
		addr_set_state(s, a, V6_ADDR_PREFERRED, "DAD disabled");
		return;
	}
	a->state = V6_ADDR_TENTATIVE;
	a->dad_probes_left = (uint8_t)ifp->conf.dad_transmits;
	/* RFC 4862 5.4.2: a random delay in [0, MAX_RTR_SOLICITATION_DELAY)
	 * before the first probe (Linux: conf.rtr_solicit_delay). */
	v6_time_t delay = 0;
	if (ifp->conf.rtr_solicit_delay_s > 0)
		delay = v6_rand64(s) %
		    ((v6_time_t)ifp->conf.rtr_solicit_delay_s * V6_NS_PER_S);
	v6_timer_arm(&s->timers, &a->timer, now + delay);
	v6_note(s, ifp, V6_EV_ADDR_STATE, &a->addr, "TENTATIVE", "DAD started");
}

void
v6_addr_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now)
{
	struct v6_addr *a = v6_container_of(t, struct v6_addr, timer);

	if (a->state != V6_ADDR_TENTATIVE)
		return;
	if (a->dad_probes_left > 0) {
		dad_send_probe(s, a, now);
		return;
	}
	/* RFC 4862 5.4.3: no conflict within RetransTimer after the last
	 * probe: the address is unique. */
	addr_set_state(s, a, V6_ADDR_PREFERRED, "DAD succeeded");
	if (v6_addr_is_linklocal(&a->addr))
		v6_mld_on_ll_ready(a->iface);
}

void
v6_addr_dad_failed(struct v6_stack *s, struct v6_addr *a, const char *why)
{
	struct v6_iface *ifp = a->iface;
	struct in6_addr snm;

	/* RFC 4862 5.4.5: the address is not assigned to the interface and
	 * the failure is logged; the other addresses keep working. */
	v6_timer_cancel(&s->timers, &a->timer);
	addr_set_state(s, a, V6_ADDR_DADFAILED, why);
	v6_addr_solicited_node(&snm, &a->addr);
	v6_group_leave(ifp, &snm);
	/* Linux accept_dad=2: a duplicate MAC-based link-local disables IPv6
	 * on the interface (RFC 4862 5.4.5 allows it). */
	if (ifp->conf.accept_dad == 2 && v6_addr_is_linklocal(&a->addr)) {
		ifp->up = false;
		v6_note(s, ifp, V6_EV_LOG, &a->addr, "DISABLED",
		    "accept_dad=2: duplicate link-local, IPv6 disabled on the interface");
	}
}

/* ---- the public calls ---- */

static int
addr_insert(struct v6_iface *ifp, const struct in6_addr *addr, unsigned plen,
    v6_time_t now, char *err, size_t errlen)
{
	struct v6_stack *s = ifp->stack;
	struct v6_addr *a = NULL;

	if (v6_addr_is_multicast(addr) || v6_addr_is_unspecified(addr) ||
	    v6_addr_is_loopback(addr) || v6_addr_is_v4mapped(addr))
		return v6_fail(err, errlen, "not a unicast address");
	if (plen > 128)
		return v6_fail(err, errlen, "prefix length must be 0 to 128");
	if (v6_addr_lookup(s, ifp, addr))
		return v6_fail(err, errlen, "address already on this interface");
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		if (!ifp->addrs[i].in_use) {
			a = &ifp->addrs[i];
			break;
		}
	}
	if (!a)
		return v6_fail(err, errlen, "too many addresses on this interface (max 16)");
	a->addr = *addr;
	a->plen = (uint8_t)plen;
	a->in_use = true;
	a->state = V6_ADDR_TENTATIVE;
	addr_index(s, a);
	if (ifp->up)
		addr_start(s, a, now);
	return 0;
}

int
v6_addr_add(struct v6_iface *ifp, const struct in6_addr *addr, unsigned plen,
    v6_time_t now, char *err, size_t errlen)
{
	return addr_insert(ifp, addr, plen, now, err, errlen);
}

int
v6_iface_up(struct v6_iface *ifp, v6_time_t now, char *err, size_t errlen)
{
	struct v6_stack *s = ifp->stack;

	if (ifp->up)
		return 0;
	ifp->up = true;
	/* RFC 4291 2.7.1, 2.8: every node listens to all-nodes. */
	v6_group_join(ifp, &v6_addr_all_nodes);
	/* RFC 4862 5.3: fe80::/64 and the interface identifier, here the
	 * modified EUI-64 of the MAC (RFC 4291 2.5.1, appendix A: insert
	 * ff:fe, flip the universal/local bit). */
	if (ifp->conf.addr_gen_mode == 0) {
		struct in6_addr ll = { .s6_addr = { 0xfe, 0x80 } };
		ll.s6_addr[8] = ifp->mac[0] ^ 0x02;
		ll.s6_addr[9] = ifp->mac[1];
		ll.s6_addr[10] = ifp->mac[2];
		ll.s6_addr[11] = 0xff;
		ll.s6_addr[12] = 0xfe;
		ll.s6_addr[13] = ifp->mac[3];
		ll.s6_addr[14] = ifp->mac[4];
		ll.s6_addr[15] = ifp->mac[5];
		if (!v6_addr_lookup(s, ifp, &ll) &&
		    addr_insert(ifp, &ll, 64, now, err, errlen) < 0) {
			ifp->up = false;
			return -1;
		}
	}
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++)
		if (ifp->addrs[i].in_use && ifp->addrs[i].timer.slot < 0 &&
		    ifp->addrs[i].state == V6_ADDR_TENTATIVE)
			addr_start(s, &ifp->addrs[i], now);
	return 0;
}

void
v6_addr_foreach(const struct v6_iface *ifp,
    void (*cb)(void *ctx, const struct in6_addr *addr, unsigned plen,
	const char *state),
    void *ctx)
{
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++)
		if (ifp->addrs[i].in_use)
			cb(ctx, &ifp->addrs[i].addr, ifp->addrs[i].plen,
			    addr_state_names[ifp->addrs[i].state]);
}
