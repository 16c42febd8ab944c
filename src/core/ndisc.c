/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Neighbor Discovery messages (RFC 4861 4.3, 4.4, 7): NS and NA validation,
 * the NA responder, and NS transmission for resolution, NUD and DAD.
 */
#include "core/ndisc.h"
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/neigh.h"
#include "core/stack.h"
#include "wire/ndisc.h"

/* What the options of an NS or NA carried. */
struct nd_opts {
	const struct v6_ndopt *slla, *tlla, *nonce;
	struct v6_ndopt slla_opt, tlla_opt, nonce_opt;
};

/*
 * RFC 4861 4.6, 7.1.1, 7.1.2: walk the options; every one must have a
 * non-zero length and fit. The first of each kind is kept (as Linux).
 */
static enum v6_drop
nd_parse_opts(struct v6_nsna m, struct nd_opts *o)
{
	struct v6_ndopt_it it;
	struct v6_ndopt opt;
	enum v6_drop why = V6_DROP_NONE;
	enum v6_ndopt_next_result res;

	memset(o, 0, sizeof(*o));
	v6_nsna_options(m, &it);
	while ((res = v6_ndopt_next(&it, &opt, &why)) == V6_NDOPT_OK) {
		if (opt.type == V6_NDOPT_SLLA && !o->slla) {
			o->slla_opt = opt;
			o->slla = &o->slla_opt;
		} else if (opt.type == V6_NDOPT_TLLA && !o->tlla) {
			o->tlla_opt = opt;
			o->tlla = &o->tlla_opt;
		} else if (opt.type == V6_NDOPT_NONCE && !o->nonce) {
			o->nonce_opt = opt;
			o->nonce = &o->nonce_opt;
		}
		/* RFC 4861 4.6: unknown options are ignored. */
	}
	return res == V6_NDOPT_END ? V6_DROP_NONE : why;
}

/* RFC 4861 7.1.1, 7.1.2: the checks NS and NA share. */
static enum v6_drop
nd_validate_common(const struct v6_rx_info *rx, struct v6_icmp6 icmp,
    struct v6_nsna *m, struct in6_addr *target)
{
	enum v6_drop r;

	/* "The IP Hop Limit field has a value of 255, i.e., the packet
	 * could not possibly have been forwarded by a router." */
	if (rx->ip.hlim != V6_ND_HOP_LIMIT)
		return V6_DROP_NDISC_HOPLIMIT;
	if (v6_icmp6_code(icmp) != 0)
		return V6_DROP_NDISC_BAD_CODE;
	/* "ICMP length (derived from the IP length) is 24 or more octets." */
	if ((r = v6_nsna_view(m, icmp)) != V6_DROP_NONE)
		return r;
	v6_nsna_target(*m, target);
	if (v6_addr_is_multicast(target))
		return V6_DROP_NDISC_TARGET_MULTICAST;
	return V6_DROP_NONE;
}

/*
 * RFC 4861 7.2.4: answer a solicitation for one of our addresses.
 * To the solicitor with S=1, or to all-nodes with S=0 when it came from ::.
 * O=1 when the target is our own unicast address and the TLLA is included;
 * O=0 for an anycast target ("SHOULD NOT set the Override flag").
 * The Target Link-Layer Address option is always included: RFC 4861 4.4
 * makes it a MUST for multicast solicitations and allows it otherwise
 * (Linux omits it, with O=0, when answering a unicast NS; carrying it is
 * what lets every peer resolve us, the seed's lesson).
 */
void
v6_ndisc_tx_na(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *target, const struct in6_addr *solicitor,
    bool override, v6_time_t now)
{
	struct v6_ip6_repr ip;
	struct v6_tlla tlla;
	uint8_t flags = override ? V6_NA_FLAG_OVERRIDE : 0;

	memcpy(tlla.mac, ifp->mac, 6);
	if (solicitor)
		flags |= V6_NA_FLAG_SOLICITED;
	/* RFC 4861 7.2.4, 4.4: the Router flag says a router sends it (Linux
	 * ndisc_send_na: the interface's forwarding). */
	if (ifp->conf.forwarding)
		flags |= V6_NA_FLAG_ROUTER;
	ip.tclass = 0;
	ip.flow = 0;
	ip.hlim = V6_ND_HOP_LIMIT;
	ip.src = *target;
	ip.dst = solicitor ? *solicitor : v6_addr_all_nodes;
	ip.plen = (uint16_t)v6_ndisc_emit_na(v6_tx_payload(s), target, flags, &tlla);
	(void)v6_icmp6_tx(s, ifp, &ip, now);
}

/*
 * An NS for one of our anycast addresses (RFC 4861 7.2.3, 7.2.4, 7.2.7;
 * Linux ndisc_recv_ns): the solicitor's entry is updated now; the NA, with
 * O=0, leaves after a random delay when the NS was multicast, at once when
 * it was unicast (a NUD probe). An NS from :: (another node's DAD) is
 * answered to all-nodes like Linux: an anycast address has no DAD of its
 * own to defend, and the answer tells the prober it is in use.
 */
static enum v6_drop
ns_for_anycast(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const struct in6_addr *target,
    const uint8_t *slla, v6_time_t now)
{
	bool dad = v6_addr_is_unspecified(&rx->ip.src);

	if (slla)
		v6_neigh_on_lladdr_hint(s, ifp, &rx->ip.src, slla, now);
	if (rx->dst_mcast)
		v6_acast_na_schedule(s, ifp, target, dad ? NULL : &rx->ip.src, now);
	else
		v6_ndisc_tx_na(s, ifp, target, dad ? NULL : &rx->ip.src, false, now);
	return V6_DROP_NONE;
}

enum v6_drop
v6_ndisc_rx_ns(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now)
{
	struct v6_icmp6 icmp = { msg, len };
	struct v6_nsna m;
	struct in6_addr target;
	struct nd_opts o;
	struct v6_addr *a;
	uint8_t mac[6];
	bool dad = v6_addr_is_unspecified(&rx->ip.src);
	enum v6_drop r;

	if ((r = nd_validate_common(rx, icmp, &m, &target)) != V6_DROP_NONE)
		return r;
	if ((r = nd_parse_opts(m, &o)) != V6_DROP_NONE)
		return r;
	if (dad) {
		/* RFC 4861 7.1.1: "If the IP source address is the unspecified
		 * address, the IP destination address is a solicited-node
		 * multicast address" and "there is no source link-layer
		 * address option in the message." */
		if (!v6_addr_is_solicited_node(&rx->ip.dst))
			return V6_DROP_NDISC_DAD_NOT_SNMC;
		if (o.slla)
			return V6_DROP_NDISC_DAD_WITH_SLLA;
	}
	if (o.slla && (r = v6_ndopt_lladdr(o.slla, mac)) != V6_DROP_NONE)
		return r;

	/* RFC 4861 7.2.3: the target must be one of our addresses on the
	 * receiving interface. */
	a = v6_addr_lookup(s, ifp, &target);
	if (!a && v6_acast_lookup(s, ifp, &target))
		return ns_for_anycast(s, ifp, rx, &target, o.slla ? mac : NULL, now);
	if (!a || a->state == V6_ADDR_DADFAILED)
		return V6_DROP_NDISC_TARGET_NOT_OURS;
	if (a->state == V6_ADDR_TENTATIVE || a->state == V6_ADDR_OPTIMISTIC) {
		/* RFC 4862 5.4.3: from a unicast source, ignore it; RFC 4429
		 * 3.3: an optimistic address is answered (without O). */
		if (!dad && a->state == V6_ADDR_TENTATIVE)
			return V6_DROP_NDISC_NS_TENTATIVE;
		if (!dad)
			goto answer;
		/* RFC 7527 4.2: our own probe looped back carries our nonce. */
		if (o.nonce && o.nonce->len == 8 &&
		    memcmp(o.nonce->b + 2, a->nonce, 6) == 0)
			return V6_DROP_NDISC_NS_LOOPED;
		/* Another node is doing DAD for the same address. */
		v6_addr_dad_failed(s, a, "NS from :: for a tentative address", now);
		return V6_DROP_NDISC_NS_DAD_TENTATIVE;
	}

	if (dad) {
		v6_ndisc_tx_na(s, ifp, &target, NULL, true, now);
		return V6_DROP_NONE;
	}
answer:
	/* RFC 4861 7.2.3: a source link-layer address creates or updates the
	 * solicitor's entry (STALE), so the answer needs no resolution. */
	if (o.slla) {
		/* Linux ndisc_recv_ns: no entry could be made (the table is
		 * full: NEIGH_TABLE_FULL, counted), no NA: a flood of new
		 * solicitors costs no answer per packet. */
		if (!v6_neigh_on_lladdr_hint(s, ifp, &rx->ip.src, mac, now))
			return V6_DROP_NONE;
	}
	/* RFC 4429 3.3: "(modifies section 7.2.4) ... the Override flag MUST
	 * NOT be set" in an advertisement for an Optimistic Address, so that
	 * it cannot displace the rightful owner's cache entries. */
	v6_ndisc_tx_na(s, ifp, &target, &rx->ip.src,
	    a->state != V6_ADDR_OPTIMISTIC, now);
	return V6_DROP_NONE;
}

enum v6_drop
v6_ndisc_rx_na(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *msg, size_t len,
    v6_time_t now)
{
	struct v6_icmp6 icmp = { msg, len };
	struct v6_nsna m;
	struct in6_addr target;
	struct nd_opts o;
	struct v6_addr *a;
	struct v6_neigh *n;
	uint8_t mac[6], flags;
	enum v6_drop r;

	if ((r = nd_validate_common(rx, icmp, &m, &target)) != V6_DROP_NONE)
		return r;
	flags = v6_na_flags(m);
	/* RFC 4861 7.1.2: "If the IP Destination Address is a multicast
	 * address the Solicited flag is zero." */
	if (rx->dst_mcast && (flags & V6_NA_FLAG_SOLICITED))
		return V6_DROP_NDISC_NA_SOLICITED_MCAST;
	if ((r = nd_parse_opts(m, &o)) != V6_DROP_NONE)
		return r;
	if (o.tlla && (r = v6_ndopt_lladdr(o.tlla, mac)) != V6_DROP_NONE)
		return r;

	a = v6_addr_lookup(s, ifp, &target);
	/* RFC 4862 5.4.5: an address that failed DAD is not ours: the other
	 * node's NA for it resolves that node like any neighbour. */
	if (a && a->state != V6_ADDR_DADFAILED) {
		if (o.tlla && memcmp(mac, ifp->mac, 6) == 0)
			return V6_DROP_NDISC_NA_FROM_US;
		/* RFC 4862 5.4.4: an NA for a tentative address means it is a
		 * duplicate. For a preferred one, Linux logs and ignores it. */
		if (a->state == V6_ADDR_TENTATIVE || a->state == V6_ADDR_OPTIMISTIC)
			v6_addr_dad_failed(s, a, "NA for a tentative address", now);
		return V6_DROP_NDISC_NA_FOR_OUR_ADDR;
	}
	n = v6_neigh_lookup(s, ifp, &target);
	if (!n)
		return V6_DROP_NDISC_NA_NO_ENTRY;
	return v6_neigh_on_advert(s, n, o.tlla ? mac : NULL, flags, now);
}

void
v6_ndisc_tx_ns(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const struct in6_addr *dst,
    const uint8_t *dst_mac, const struct in6_addr *target,
    const uint8_t *nonce, v6_time_t now)
{
	struct v6_ip6_repr ip;
	struct v6_slla slla;

	ip.tclass = 0;
	ip.flow = 0;
	ip.hlim = V6_ND_HOP_LIMIT;
	if (src)
		ip.src = *src;
	else
		memset(&ip.src, 0, sizeof(ip.src));
	if (dst)
		ip.dst = *dst;
	else
		v6_addr_solicited_node(&ip.dst, target);
	memcpy(slla.mac, ifp->mac, 6);
	/* RFC 4861 7.2.2: our link-layer address goes in an SLLA option,
	 * except from :: (RFC 4861 7.1.1, RFC 4862 5.4.2) and from an
	 * optimistic address (RFC 4429 3.3: it could override the rightful
	 * owner's entry). */
	const struct v6_addr *sa = src ? v6_addr_lookup(s, ifp, src) : NULL;
	bool with_slla = src && !(sa && sa->state == V6_ADDR_OPTIMISTIC);
	ip.plen = (uint16_t)v6_ndisc_emit_ns(v6_tx_payload(s), target,
	    with_slla ? &slla : NULL, nonce);
	if (!dst_mac) {
		(void)v6_icmp6_tx(s, ifp, &ip, now);
		return;
	}
	/* RFC 4861 7.3.3: a NUD probe goes unicast to the cached address. */
	v6_icmp6_finish(s, ifp, &ip);
	v6_ip6_tx_lladdr(s, ifp, &ip, dst_mac);
}
