/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MLD host (RFC 3810 6, 7.2 of RFC 2710 for MLDv1 compatibility, 8):
 * state-change reports when groups are joined and left, answers to
 * General, Multicast-Address-Specific and Multicast-Address-and-Source-
 * Specific Queries after a random delay within the Maximum Response Delay,
 * MLDv1 compatibility while an MLDv1 querier is present, and the validation
 * of Queries (RFC 3810 5.1.14) with named drops. As Linux (net/ipv6/mcast.c)
 * where the RFCs leave room.
 *
 * Every group the stack joins is in EXCLUDE mode with no sources (it
 * receives from every source), so a join is reported as CHANGE_TO_EXCLUDE({})
 * and a leave as CHANGE_TO_INCLUDE({}) (RFC 3810 6.1), and current state as
 * MODE_IS_EXCLUDE({}) (6.3).
 *
 * RFC 3810 6: no MLD message is ever sent about ff02::1 nor about a group
 * of scope 0 or 1. Everything goes out with a Hop-by-Hop Router Alert
 * (value 0, RFC 2711), hop limit 1, from the link-local address or from ::
 * while none is usable (RFC 3810 5.2.13), to ff02::16 (MLDv2 Reports), the
 * group (MLDv1 Report) or ff02::2 (Done).
 */
#include "core/mld.h"
#include "core/addrconf.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/mcast.h"
#include "core/stack.h"
#include "wire/csum.h"
#include "wire/exthdr.h"
#include "wire/mld.h"

/* RFC 3810 9.2 Query Interval default (125 s), used until a Query says. */
#define MLD_QI_DEFAULT_S 125

static const struct in6_addr mld_all_routers_v2 = { .s6_addr = {
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16 } };
static const struct in6_addr mld_all_routers = { .s6_addr = {
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02 } };

/* RFC 3810 6: never ff02::1, never scope 0 (reserved) or 1 (interface). */
static bool
reportable(const struct in6_addr *g)
{
	unsigned scope = v6_mcast_scope(g);

	return scope > 1 && !v6_addr_eq(g, &v6_addr_all_nodes);
}

static uint8_t
robustness(const struct v6_iface *ifp)
{
	return ifp->mld.qrv ? ifp->mld.qrv : (uint8_t)ifp->conf.mld_qrv;
}

/* RFC 3810 8.2.1: MLDv1 compatibility while an MLDv1 querier is present;
 * Linux's force_mld_version 1 and 2 pin the version. */
static bool
v1_mode(const struct v6_iface *ifp, v6_time_t now)
{
	if (ifp->conf.force_mld_version == 1)
		return true;
	if (ifp->conf.force_mld_version == 2)
		return false;
	return now < ifp->mld.v1_until;
}

static v6_time_t
unsolicited_interval(const struct v6_iface *ifp, bool v1)
{
	int ms = v1 ? ifp->conf.mldv1_unsolicited_report_interval_ms
		    : ifp->conf.mldv2_unsolicited_report_interval_ms;
	return (v6_time_t)ms * V6_NS_PER_MS;
}

/* A delay in (0, max] as RFC 3810 6.1 asks ("random from the range"); 0
 * when max is 0 (respond at once, RFC 3810 5.1.3 for a zero code). */
static v6_time_t
rand_delay(struct v6_stack *s, v6_time_t max)
{
	return max ? 1 + v6_rand64(s) % max : 0;
}

void
v6_mld_init(struct v6_iface *ifp)
{
	v6_timer_init(&ifp->mld.ifc_timer, V6_TIMER_MLD);
	v6_timer_init(&ifp->mld.gq_timer, V6_TIMER_MLD);
	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++)
		v6_timer_init(&ifp->mcast.groups[i].mld.timer, V6_TIMER_MLD);
}

/* ---- sending ---- */

/* RFC 3810 5.2.13: the link-local address, or :: while none is usable. */
static struct in6_addr
mld_source(const struct v6_iface *ifp)
{
	for (uint32_t i = 0; i < V6_MAX_ADDRS; i++) {
		const struct v6_addr *a = &ifp->addrs[i];
		if (a->in_use && a->state == V6_ADDR_PREFERRED &&
		    v6_addr_is_linklocal(&a->addr))
			return a->addr;
	}
	return (struct in6_addr){ { { 0 } } };
}

/* Where the message is built: after the 8-byte Hop-by-Hop header. */
static uint8_t *
mld_msg(struct v6_stack *s)
{
	return v6_tx_payload(s) + V6_HBH_RTALERT_LEN;
}

/* Send the MLD message of len bytes at mld_msg(s) to dst: Hop-by-Hop
 * Router Alert (RFC 2711 value 0), hop limit 1, checksum, counters. */
static void
mld_send(struct v6_stack *s, struct v6_iface *ifp, const struct in6_addr *dst,
    size_t len, v6_time_t now)
{
	uint8_t *msg = mld_msg(s);
	struct v6_ip6_repr ip;
	uint64_t acc;

	ip.src = mld_source(ifp);
	ip.dst = *dst;
	ip.tclass = 0;
	ip.flow = 0;
	ip.hlim = 1; /* RFC 3810 5, RFC 2710 3 */
	ip.next = V6_NH_HOPOPTS;
	ip.plen = (uint16_t)(V6_HBH_RTALERT_LEN + len);
	(void)v6_hbh_rtalert_emit(v6_tx_payload(s), V6_HBH_RTALERT_LEN,
	    V6_NH_ICMPV6, V6_RTALERT_MLD);
	/* RFC 4443 2.3: the pseudo-header's length is the ICMPv6 message's. */
	acc = v6_csum_pseudo(&ip.src, &ip.dst, (uint32_t)len, V6_NH_ICMPV6);
	acc = v6_csum_acc(acc, msg, len);
	v6_csum_store(msg + V6_ICMP6_OFF_CSUM, acc);
	v6_icmp6_count_out(ifp, msg[V6_ICMP6_OFF_TYPE]);
	(void)v6_ip6_tx(s, ifp, &ip, now);
}

static void
send_v1(struct v6_stack *s, struct v6_iface *ifp, uint8_t type,
    const struct in6_addr *group, v6_time_t now)
{
	size_t len = v6_mld1_emit(mld_msg(s), type, group);

	/* RFC 2710 3: a Report goes to the group, Done to all-routers. */
	mld_send(s, ifp, type == V6_ICMP6_MLD1_DONE ? &mld_all_routers : group,
	    len, now);
}

/* Current-state report (RFC 3810 6.3): MODE_IS_EXCLUDE({}) for one group,
 * or for every reportable group when only is NULL. */
static void
send_current_state(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_group *only, v6_time_t now)
{
	uint8_t *msg = mld_msg(s);
	size_t len = V6_MLD2_REPORT_HLEN;
	uint16_t n = 0;

	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		const struct v6_group *g = &ifp->mcast.groups[i];
		if (!g->refs || !reportable(&g->addr) || (only && g != only))
			continue;
		len += v6_mld2_record_emit(msg + len, V6_MLD2_MODE_IS_EXCLUDE, &g->addr);
		n++;
	}
	if (!n)
		return;
	v6_mld2_report_emit(msg, n);
	mld_send(s, ifp, &mld_all_routers_v2, len, now);
}

/* ---- state changes (RFC 3810 6.1; RFC 2710 4 in MLDv1 mode) ---- */

static bool
changes_pending(const struct v6_iface *ifp)
{
	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++)
		if ((ifp->mcast.groups[i].refs && ifp->mcast.groups[i].mld.crcount) ||
		    ifp->mld.tomb[i].crcount)
			return true;
	return false;
}

/* The next state-change report goes out at the next v6_poll (deadline 0:
 * due at once), as Linux sends the first one at once. */
static void
schedule_change(struct v6_iface *ifp)
{
	v6_timer_arm(&ifp->stack->timers, &ifp->mld.ifc_timer, 0);
}

void
v6_mld_on_join(struct v6_iface *ifp, struct v6_group *g)
{
	g->mld.crcount = 0;
	g->mld.last_reporter = false;
	v6_timer_cancel(&ifp->stack->timers, &g->mld.timer);
	if (!reportable(&g->addr))
		return;
	/* A pending leave of the same group is replaced by the join. */
	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++)
		if (ifp->mld.tomb[i].crcount &&
		    v6_addr_eq(&ifp->mld.tomb[i].addr, &g->addr))
			ifp->mld.tomb[i].crcount = 0;
	/* RFC 3810 6.1: [Robustness Variable] transmissions in all (in MLDv1
	 * mode, Linux sends the Report twice as well). */
	g->mld.crcount = robustness(ifp);
	schedule_change(ifp);
}

void
v6_mld_on_leave(struct v6_iface *ifp, struct v6_group *g)
{
	struct v6_mld_tomb *t = NULL;

	v6_timer_cancel(&ifp->stack->timers, &g->mld.timer);
	g->mld.crcount = 0;
	if (!reportable(&g->addr))
		return;
	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		struct v6_mld_tomb *x = &ifp->mld.tomb[i];
		if (x->crcount && v6_addr_eq(&x->addr, &g->addr)) {
			t = x;
			break;
		}
		if (!t || x->crcount < t->crcount)
			t = x;
	}
	t->addr = g->addr;
	t->crcount = robustness(ifp);
	/* RFC 2710 4: in MLDv1 mode, Done only if ours was the last Report. */
	t->v1_done = g->mld.last_reporter;
	schedule_change(ifp);
}

void
v6_mld_on_ll_ready(struct v6_iface *ifp)
{
	bool any = false;

	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		struct v6_group *g = &ifp->mcast.groups[i];
		if (g->refs && reportable(&g->addr)) {
			g->mld.crcount = robustness(ifp);
			any = true;
		}
	}
	if (any)
		schedule_change(ifp);
}

/* The state-change timer: one report with every pending record (v2), or
 * one Report per joined group and one Done per left group (v1). */
static void
on_ifc_timer(struct v6_stack *s, struct v6_iface *ifp, v6_time_t now)
{
	bool v1 = v1_mode(ifp, now);
	uint8_t *msg = mld_msg(s);
	size_t len = V6_MLD2_REPORT_HLEN;
	uint16_t n = 0;

	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		struct v6_group *g = &ifp->mcast.groups[i];
		if (!g->refs || !g->mld.crcount)
			continue;
		g->mld.crcount--;
		if (v1) {
			send_v1(s, ifp, V6_ICMP6_MLD1_REPORT, &g->addr, now);
			g->mld.last_reporter = true;
			continue;
		}
		len += v6_mld2_record_emit(msg + len, V6_MLD2_CHANGE_TO_EXCLUDE, &g->addr);
		n++;
	}
	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		struct v6_mld_tomb *t = &ifp->mld.tomb[i];
		if (!t->crcount)
			continue;
		if (v1) {
			/* RFC 2710 4: one Done, if we were the last reporter. */
			t->crcount = 0;
			if (t->v1_done)
				send_v1(s, ifp, V6_ICMP6_MLD1_DONE, &t->addr, now);
			continue;
		}
		t->crcount--;
		len += v6_mld2_record_emit(msg + len, V6_MLD2_CHANGE_TO_INCLUDE, &t->addr);
		n++;
	}
	if (n) {
		v6_mld2_report_emit(msg, n);
		mld_send(s, ifp, &mld_all_routers_v2, len, now);
	}
	/* RFC 3810 6.1: the retransmissions at random intervals within the
	 * Unsolicited Report Interval. */
	if (changes_pending(ifp))
		v6_timer_arm(&s->timers, &ifp->mld.ifc_timer,
		    now + rand_delay(s, unsolicited_interval(ifp, v1)));
}

/* ---- queries (RFC 3810 6.2, 5.1.14; RFC 2710 4) ---- */

static struct v6_group *
group_find(struct v6_iface *ifp, const struct in6_addr *a)
{
	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++)
		if (ifp->mcast.groups[i].refs && v6_addr_eq(&ifp->mcast.groups[i].addr, a))
			return &ifp->mcast.groups[i];
	return NULL;
}

/* Start g's response timer at now + delay unless it would fire sooner
 * already (RFC 3810 6.2 rules 2, 3; RFC 2710 4). */
static void
group_timer_start(struct v6_stack *s, struct v6_group *g, v6_time_t when)
{
	if (g->mld.timer.slot >= 0 && g->mld.timer.when <= when)
		return;
	v6_timer_arm(&s->timers, &g->mld.timer, when);
}

/* The longest Maximum Response Delay an MLDv2 Query answered in MLDv1
 * mode may give (Linux MLDV1_MRD_MAX_COMPAT): its code is read as MLDv1's
 * milliseconds, and a code past 32767 is exponential, unknown to MLDv1. */
#define MLD_V1_MRD_MAX_COMPAT_MS 32767u

/*
 * RFC 3810 8.2.1 / 9.12: a Query answered as an MLDv1 host. v1_query: an
 * MLDv1 Query, which starts (or extends) MLDv1 mode until the Older
 * Version Querier Present timeout; else an MLDv2 Query met in MLDv1 mode,
 * answered the same way ("the host acts in MLDv1 compatibility mode",
 * and an MLDv2 Query is a valid MLDv1 one, RFC 3810 8.1) but without
 * extending the mode: only an MLDv1 Query may (9.12), as Linux
 * (mld_process_v1 with v1_query false: the code as milliseconds, capped).
 */
static enum v6_drop
query_v1(struct v6_stack *s, struct v6_iface *ifp, struct v6_mld_query q,
    const struct in6_addr *group, bool v1_query, v6_time_t now)
{
	uint32_t mrd_ms = v6_mld_query_mrc(q);
	uint32_t qi_s = ifp->mld.qi_heard ? ifp->mld.qi_s : MLD_QI_DEFAULT_S;
	v6_time_t mrd;

	if (v1_query && ifp->conf.force_mld_version == 2)
		return V6_DROP_MLD_V1_QUERY_V2_ONLY;
	if (!v1_query && mrd_ms > MLD_V1_MRD_MAX_COMPAT_MS)
		mrd_ms = MLD_V1_MRD_MAX_COMPAT_MS;
	mrd = (v6_time_t)mrd_ms * V6_NS_PER_MS;
	/* RFC 3810 9.12: Robustness x Query Interval + Query Response
	 * Interval (Linux mld_set_v1_mode). */
	if (v1_query)
		ifp->mld.v1_until = now + (v6_time_t)robustness(ifp) * qi_s * V6_NS_PER_S + mrd;
	/* Linux: the MLDv2 reports in progress are dropped. */
	v6_timer_cancel(&s->timers, &ifp->mld.gq_timer);
	v6_timer_cancel(&s->timers, &ifp->mld.ifc_timer);
	memset(ifp->mld.tomb, 0, sizeof(ifp->mld.tomb));
	for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
		struct v6_group *g = &ifp->mcast.groups[i];
		g->mld.crcount = 0;
		if (!g->refs || !reportable(&g->addr))
			continue;
		if (!v6_addr_is_unspecified(group) && !v6_addr_eq(group, &g->addr))
			continue;
		/* RFC 2710 4: a random delay in [0, Maximum Response Delay]. */
		group_timer_start(s, g, now + rand_delay(s, mrd));
	}
	return V6_DROP_NONE;
}

enum v6_drop
v6_mld_rx_query(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now)
{
	struct v6_mld_query q;
	struct in6_addr group;
	struct v6_group *g;
	enum v6_drop r;
	v6_time_t mrd, when;

	if ((r = v6_mld_query_view(&q, msg, len)) != V6_DROP_NONE)
		return r;
	/* RFC 3810 5.1.14: "MUST silently discard" a Query whose source is
	 * not a link-local address (:: included). */
	if (!v6_addr_is_linklocal(&rx->ip.src))
		return V6_DROP_MLD_QUERY_SRC_NOT_LINKLOCAL;
	/* RFC 3810 6.2: "Upon reception of an MLD message that contains a
	 * Query, the node checks if the source address of the message is a
	 * valid link-local address, if the field for the hop limit is set to
	 * 1, and if the Router Alert option is present in the Hop-By-Hop
	 * Options header of the IPv6 packet. If any of these checks fails,
	 * the packet is dropped." MLDv1 Queries too, and the option's value
	 * must be MLD's (RFC 2711 2.1: 0), as Linux (__mld_query_work). */
	if (rx->ip.hlim != 1)
		return V6_DROP_MLD_HOPLIMIT;
	if (!rx->rtalert)
		return V6_DROP_MLD_QUERY_NO_ROUTER_ALERT;
	if (rx->rtalert_value != V6_RTALERT_MLD)
		return V6_DROP_MLD_QUERY_ROUTER_ALERT_NOT_MLD;
	v6_mld_query_group(q, &group);
	if (!v6_addr_is_unspecified(&group) && !v6_addr_is_multicast(&group))
		return V6_DROP_MLD_QUERY_BAD_GROUP;
	g = v6_addr_is_unspecified(&group) ? NULL : group_find(ifp, &group);
	if (!v6_addr_is_unspecified(&group) && (!g || !reportable(&group)))
		return V6_DROP_MLD_QUERY_NOT_MEMBER;
	if (!q.v2 || v1_mode(ifp, now))
		return query_v1(s, ifp, q, &group, !q.v2, now);
	if (!g && v6_mld_query_nsrc(q) != 0)
		return V6_DROP_MLD_GENERAL_QUERY_SOURCES;
	/* RFC 3810 5.1.8, 5.1.9: the querier's Robustness Variable (a QRV
	 * of 0 means the default) and Query Interval. The RFC gives a QQIC
	 * of 0 no meaning of its own; Linux (mld_update_qi) takes it as 0 s,
	 * so that its MLDv1 mode then lasts only the Query Response
	 * Interval (9.12), and so does the stack: the kernel proves it in
	 * test_host_deviations. */
	ifp->mld.qrv = v6_mld_query_qrv(q);
	ifp->mld.qi_s = v6_mld_qqic_to_s(v6_mld_query_qqic(q));
	ifp->mld.qi_heard = true;
	mrd = (v6_time_t)v6_mld_mrc_to_ms(v6_mld_query_mrc(q)) * V6_NS_PER_MS;
	when = now + rand_delay(s, mrd);
	/* RFC 3810 6.2 rule 1: a General Query response pending sooner than
	 * the chosen delay makes any other response unnecessary. */
	if (ifp->mld.gq_timer.slot >= 0 && ifp->mld.gq_timer.when <= when)
		return V6_DROP_NONE;
	if (!g) {
		/* Rule 2: a General Query: one response for the interface. */
		v6_timer_arm(&s->timers, &ifp->mld.gq_timer, when);
		return V6_DROP_NONE;
	}
	/* Rules 3-5: a Multicast Address (and Source) Specific Query: a
	 * response for this group. Every group is EXCLUDE({}), so the answer
	 * is MODE_IS_EXCLUDE({}) whatever sources were asked about, as Linux
	 * answers for a group without source filters (add_grec).
	 * GAP(RFC 3810 6.3): its table gives IS_IN(queried sources) for a
	 * MASSQ in EXCLUDE mode. */
	group_timer_start(s, g, when);
	return V6_DROP_NONE;
}

enum v6_drop
v6_mld_rx_report(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now)
{
	struct in6_addr group;
	struct v6_group *g;

	if (len < V6_MLD1_LEN)
		return V6_DROP_MLD_TRUNCATED;
	if (msg[V6_ICMP6_OFF_TYPE] != V6_ICMP6_MLD1_REPORT || !v1_mode(ifp, now))
		return V6_DROP_MLD_HOST_IGNORES;
	if (rx->ip.hlim != 1)
		return V6_DROP_MLD_HOPLIMIT;
	/* RFC 2710 4: another node reported the group: stop our timer (report
	 * suppression) and remember we were not the last to report. */
	v6_rdaddr(&group, msg + V6_MLD_OFF_GROUP);
	if ((g = group_find(ifp, &group)) == NULL)
		return V6_DROP_MLD_HOST_IGNORES;
	v6_timer_cancel(&s->timers, &g->mld.timer);
	g->mld.last_reporter = false;
	return V6_DROP_NONE;
}

void
v6_mld_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now)
{
	for (uint32_t k = 0; k < s->n_ifaces; k++) {
		struct v6_iface *ifp = s->ifaces[k];
		/* accept_dad=2 may have disabled the interface: silence. */
		if (!ifp->up)
			continue;
		if (t == &ifp->mld.ifc_timer) {
			on_ifc_timer(s, ifp, now);
			return;
		}
		if (t == &ifp->mld.gq_timer) {
			if (!v1_mode(ifp, now))
				send_current_state(s, ifp, NULL, now);
			return;
		}
		for (uint32_t i = 0; i < V6_MAX_GROUPS; i++) {
			struct v6_group *g = &ifp->mcast.groups[i];
			if (t != &g->mld.timer)
				continue;
			if (!g->refs || !reportable(&g->addr))
				return;
			if (v1_mode(ifp, now)) {
				send_v1(s, ifp, V6_ICMP6_MLD1_REPORT, &g->addr, now);
				g->mld.last_reporter = true;
			} else {
				send_current_state(s, ifp, g, now);
			}
			return;
		}
	}
}
