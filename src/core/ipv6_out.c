/*
 * IPv6 output: the header, the next hop (RFC 4861 5.2: on-link or not),
 * the link-layer destination (RFC 2464 7 for multicast, the neighbour cache
 * for unicast).
 */
#include "core/internal.h"
#include "wire/eth.h"

void
v6_ip6_tx_lladdr(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip, const uint8_t mac[6])
{
	uint8_t *frame = s->txbuf;
	size_t len = V6_TX_HEADROOM + ip->plen;

	v6_ip6_emit(ip, frame + V6_ETH_HEADROOM);
	V6_STAT_INC(ifp, Ip6OutRequests);
	V6_STAT_ADD(ifp, Ip6OutOctets, len - V6_ETH_HEADROOM);
	if (v6_addr_is_multicast(&ip->dst)) {
		V6_STAT_INC(ifp, Ip6OutMcastPkts);
		V6_STAT_ADD(ifp, Ip6OutMcastOctets, len - V6_ETH_HEADROOM);
	}
	v6_eth_emit(frame, mac, ifp->mac, V6_ETHERTYPE_IPV6);
	v6_link_send(s, ifp, frame, len);
}

enum v6_drop
v6_ip6_tx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_ip6_repr *ip, v6_time_t now)
{
	uint8_t *frame = s->txbuf;
	size_t len = V6_TX_HEADROOM + ip->plen;
	uint32_t mtu = ifp->link_mtu < (uint32_t)ifp->conf.mtu ? ifp->link_mtu
							     : (uint32_t)ifp->conf.mtu;
	struct v6_neigh *n;
	enum v6_drop r;

	if (V6_IP6_HLEN + (uint32_t)ip->plen > mtu) {
		/* GAP(RFC 8200 5): fragmentation on output. */
		r = V6_DROP_OUT_TOO_BIG;
		v6_drop(s, ifp, r, NULL, 0);
		return r;
	}
	if (v6_addr_is_multicast(&ip->dst)) {
		uint8_t mac[6];
		/* RFC 2464 7: 33:33 and the low 32 bits of the group. */
		v6_mcast_to_mac(mac, &ip->dst);
		v6_ip6_tx_lladdr(s, ifp, ip, mac);
		return V6_DROP_NONE;
	}
	/* RFC 4861 5.2: next-hop determination. A host's only next hops for
	 * now are on-link destinations: a neighbour entry says so at once.
	 * GAP(RFC 4861 6.3.6): default router selection comes with router
	 * discovery. */
	n = v6_neigh_lookup(s, ifp, &ip->dst);
	if (!n && !v6_addr_onlink(ifp, &ip->dst)) {
		r = V6_DROP_OUT_NO_ROUTE;
		v6_drop(s, ifp, r, NULL, 0);
		return r;
	}
	v6_ip6_emit(ip, frame + V6_ETH_HEADROOM);
	V6_STAT_INC(ifp, Ip6OutRequests);
	V6_STAT_ADD(ifp, Ip6OutOctets, len - V6_ETH_HEADROOM);
	return v6_neigh_output(s, ifp, n, &ip->dst, frame, len, now);
}
