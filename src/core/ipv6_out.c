/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IPv6 output: the header, the path MTU (link, conf.IFACE.mtu, the PMTU
 * cache), fragmentation (RFC 8200 4.5), the next hop (RFC 4861 5.2) and
 * the link-layer destination (RFC 2464 7 for multicast, the neighbour
 * cache for unicast).
 */
#include "core/ipv6.h"
#include "core/iface.h"
#include "core/loopback.h"
#include "core/neigh.h"
#include "core/pmtu.h"
#include "core/route.h"
#include "core/stack.h"
#include "core/stats.h"
#include "wire/eth.h"
#include "wire/exthdr.h"


/* Write the IPv6 header in front of the payload in the tx buffer and count
 * the packet. Returns the frame length. */
static size_t
emit_counted(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip)
{
	v6_ip6_emit(ip, s->txbuf + V6_ETH_HEADROOM);
	V6_STAT_INC(ifp, Ip6OutRequests);
	V6_STAT_ADD(ifp, Ip6OutOctets, V6_IP6_HLEN + (size_t)ip->plen);
	return V6_TX_HEADROOM + ip->plen;
}

void
v6_ip6_tx_lladdr(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip, const uint8_t mac[6])
{
	uint8_t *frame = s->txbuf;
	size_t len = emit_counted(s, ifp, ip);

	if (v6_addr_is_multicast(&ip->dst)) {
		V6_STAT_INC(ifp, Ip6OutMcastPkts);
		V6_STAT_ADD(ifp, Ip6OutMcastOctets, len - V6_ETH_HEADROOM);
	}
	v6_eth_emit(frame, mac, ifp->mac, V6_ETHERTYPE_IPV6);
	v6_link_send(s, ifp, frame, len);
}

/* Send the packet in the tx buffer (header not yet written) to its next
 * hop. */
static enum v6_drop
tx_one(struct v6_stack *s, struct v6_iface *ifp, const struct v6_ip6_repr *ip,
    v6_time_t now)
{
	struct v6_neigh *n;
	struct in6_addr nexthop;
	enum v6_drop r;

	if (v6_addr_is_multicast(&ip->dst)) {
		uint8_t mac[6];
		/* RFC 2464 7: 33:33 and the low 32 bits of the group. */
		v6_mcast_to_mac(mac, &ip->dst);
		v6_ip6_tx_lladdr(s, ifp, ip, mac);
		return V6_DROP_NONE;
	}
	/* RFC 4861 5.2: next-hop determination. A neighbour entry for the
	 * destination means it is on-link (only on-link nodes reach our
	 * cache: ND messages have hop limit 255; a Redirect to the
	 * destination itself says so); otherwise the destination cache and
	 * the routes behind it (route.c) name the next hop: the destination
	 * when on-link, else a router. */
	n = v6_neigh_lookup(s, ifp, &ip->dst);
	if (n)
		return v6_neigh_output(s, ifp, n, &ip->dst, s->txbuf,
		    emit_counted(s, ifp, ip), now);
	if ((r = v6_route_lookup(s, ifp, &ip->dst, &nexthop, now)) != V6_DROP_NONE) {
		v6_drop(s, ifp, r, NULL, 0);
		return r;
	}
	n = v6_addr_eq(&nexthop, &ip->dst) ? NULL : v6_neigh_lookup(s, ifp, &nexthop);
	return v6_neigh_output(s, ifp, n, &nexthop, s->txbuf,
	    emit_counted(s, ifp, ip), now);
}

/*
 * RFC 8200 4.5: the Unfragmentable Part of a payload p (plen bytes, its
 * first header next): "all headers up to and including the Routing header
 * if present, else the Hop-by-Hop Options header if present, else no
 * extension headers". (Linux ip6_find_1stfragopt also keeps a Destination
 * Options header without a Routing header after it in every fragment; the
 * RFC puts that one in the fragmentable part.) Returns the length; *last
 * is the offset in p of the last unfragmentable header (when the length is
 * not 0), whose Next Header field names the first fragmentable header.
 */
static size_t
unfragmentable_len(const uint8_t *p, size_t plen, uint8_t next, size_t *last)
{
	size_t off = 0, len = 0;
	uint8_t nh = next;

	while (nh == V6_NH_HOPOPTS || nh == V6_NH_DSTOPTS || nh == V6_NH_ROUTING) {
		size_t hlen;
		if (plen - off < 8 || (hlen = ((size_t)p[off + 1] + 1) * 8) > plen - off)
			break;
		if ((nh == V6_NH_HOPOPTS && off == 0) || nh == V6_NH_ROUTING) {
			len = off + hlen;
			*last = off;
		}
		nh = p[off];
		off += hlen;
	}
	return len;
}

/*
 * RFC 8200 4.5: send the packet as fragments no larger than mtu: each is
 * the IPv6 header, the Unfragmentable Part (its last Next Header now 44),
 * a Fragment header and a piece of the Fragmentable Part, a multiple of 8
 * bytes but the last; the identification is unpredictable (RFC 7739). The
 * payload is moved to the fragment buffer first, since resolving the next
 * hop may reuse the tx buffer between fragments.
 */
static enum v6_drop
tx_fragments(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip, uint32_t mtu, v6_time_t now)
{
	size_t last = 0;
	size_t uf = unfragmentable_len(v6_tx_payload(s), ip->plen, ip->next, &last);
	size_t total = ip->plen - uf;
	size_t room = mtu - V6_IP6_HLEN - V6_FRAG_HLEN;
	size_t chunk = room > uf ? (room - uf) & ~(size_t)7 : 0;
	uint32_t id = (uint32_t)v6_rand64(s);
	struct v6_ip6_repr fip = *ip;
	uint8_t *out = v6_tx_payload(s);
	uint8_t frag_next;
	enum v6_drop r = V6_DROP_NONE;

	if (chunk == 0) {
		v6_drop(s, ifp, V6_DROP_OUT_TOO_BIG, NULL, 0);
		return V6_DROP_OUT_TOO_BIG;
	}
	memcpy(s->fragbuf, out, ip->plen);
	frag_next = uf ? s->fragbuf[last] : ip->next;
	if (!uf)
		fip.next = V6_NH_FRAGMENT;
	for (size_t off = 0; off < total; off += chunk) {
		size_t n = total - off < chunk ? total - off : chunk;
		bool more = off + n < total;

		memcpy(out, s->fragbuf, uf);
		if (uf)
			out[last] = V6_NH_FRAGMENT;
		v6_frag_emit(out + uf, frag_next, (uint32_t)off, more, id);
		memcpy(out + uf + V6_FRAG_HLEN, s->fragbuf + uf + off, n);
		fip.plen = (uint16_t)(uf + V6_FRAG_HLEN + n);
		V6_STAT_INC(ifp, Ip6FragCreates);
		if ((r = tx_one(s, ifp, &fip, now)) != V6_DROP_NONE)
			return r;
	}
	V6_STAT_INC(ifp, Ip6FragOKs);
	return V6_DROP_NONE;
}

enum v6_drop
v6_ip6_tx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip, v6_time_t now)
{
	uint32_t mtu = ifp->link_mtu < (uint32_t)ifp->conf.mtu ? ifp->link_mtu
							     : (uint32_t)ifp->conf.mtu;
	struct v6_iface *owner;

	/* To one of our own addresses: Linux's local route (table local,
	 * through lo, MTU 65536: never fragmented) delivers it to the input
	 * path, counted Ip6OutRequests on the way out and Ip6InReceives on
	 * the way in, without resolving anything on the link. */
	if (!v6_addr_is_multicast(&ip->dst) &&
	    (owner = v6_loop_owner(s, ifp, &ip->dst)) != NULL) {
		V6_STAT_INC(ifp, Ip6OutTransmits); /* as lo's, in Linux */
		return v6_loop_tx(s, owner, s->txbuf + V6_ETH_HEADROOM,
		    emit_counted(s, ifp, ip) - V6_ETH_HEADROOM, now);
	}

	/* RFC 8200 5: every link carries 1280 bytes, and the PMTU cache
	 * holds nothing below it (v6_pmtu_on_too_big): a packet within both
	 * the link MTU and 1280 (an echo reply of up to 1232 bytes, an NA)
	 * fits the path whatever the cache says: no lookup. */
	if (V6_IP6_HLEN + (uint32_t)ip->plen <= mtu &&
	    V6_IP6_HLEN + (uint32_t)ip->plen <= V6_IP6_MIN_MTU)
		return tx_one(s, ifp, ip, now);
	/* RFC 8201 4: the smallest of the link MTU (conf.IFACE.mtu, which a
	 * Router Advertisement's MTU option sets, RFC 4861 6.3.4) and what
	 * Packet Too Big taught us about this destination. */
	if (!v6_addr_is_multicast(&ip->dst)) {
		uint32_t pmtu = v6_pmtu_get(s, &ip->dst, now);
		if (pmtu && pmtu < mtu)
			mtu = pmtu;
	}
	if (V6_IP6_HLEN + (uint32_t)ip->plen <= mtu)
		return tx_one(s, ifp, ip, now);
	if ((size_t)ip->plen + V6_FRAG_HLEN > 65535) {
		v6_drop(s, ifp, V6_DROP_OUT_TOO_BIG, NULL, 0);
		return V6_DROP_OUT_TOO_BIG;
	}
	return tx_fragments(s, ifp, ip, mtu, now);
}
