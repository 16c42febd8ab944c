/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * UDP (RFC 768, RFC 8200 8.1): input with the mandatory checksum, delivery
 * to the endpoint bound to the port, Port Unreachable otherwise (RFC 4443
 * 3.1), output, and errors about datagrams we sent.
 */
#include <errno.h>

#include "core/udp.h"
#include "core/addrconf.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/stack.h"
#include "core/stats.h"
#include "wire/csum.h"
#include "wire/icmpv6.h"
#include "wire/udp.h"

static uint32_t
port_slot(uint16_t port)
{
	return (uint32_t)(port * 40503u) >> 9 & (V6_UDP_SLOTS - 1);
}

static struct v6_udp_ep *
ep_lookup(struct v6_stack *s, uint16_t port)
{
	for (uint32_t i = port_slot(port), n = 0; n < V6_UDP_SLOTS;
	     i = (i + 1) & (V6_UDP_SLOTS - 1), n++) {
		if (!s->udp.slots[i])
			return NULL;
		struct v6_udp_ep *e = &s->udp.eps[s->udp.slots[i] - 1];
		if (e->used && e->port == port)
			return e;
	}
	return NULL;
}

static void
slots_rebuild(struct v6_stack *s)
{
	memset(s->udp.slots, 0, sizeof(s->udp.slots));
	for (uint32_t k = 0; k < V6_UDP_MAX_EPS; k++) {
		if (!s->udp.eps[k].used)
			continue;
		uint32_t i = port_slot(s->udp.eps[k].port);
		while (s->udp.slots[i])
			i = (i + 1) & (V6_UDP_SLOTS - 1);
		s->udp.slots[i] = (uint8_t)(k + 1);
	}
}

int
v6_udp_bind(struct v6_stack *s, uint16_t port, v6_udp_rx_fn rx,
    v6_udp_err_fn err_cb, void *ctx, char *err, size_t errlen)
{
	if (port == 0)
		return v6_fail(err, errlen, "port 0 cannot be bound");
	if (!rx)
		return v6_fail(err, errlen, "an rx function is needed");
	if (ep_lookup(s, port))
		return v6_fail(err, errlen, "port already bound");
	for (uint32_t k = 0; k < V6_UDP_MAX_EPS; k++) {
		struct v6_udp_ep *e = &s->udp.eps[k];
		if (e->used)
			continue;
		*e = (struct v6_udp_ep){ .port = port, .used = true, .rx = rx,
			.err = err_cb, .ctx = ctx };
		s->udp.n_eps++;
		slots_rebuild(s);
		return 0;
	}
	return v6_fail(err, errlen, "too many bound ports (max %d)", V6_UDP_MAX_EPS);
}

void
v6_udp_unbind(struct v6_stack *s, uint16_t port)
{
	struct v6_udp_ep *e = ep_lookup(s, port);

	if (!e)
		return;
	e->used = false;
	s->udp.n_eps--;
	slots_rebuild(s);
}

int
v6_udp_connect(struct v6_stack *s, uint16_t port, struct v6_iface *ifp,
    const struct in6_addr *src, const struct in6_addr *dst, uint16_t dport,
    char *err, size_t errlen)
{
	struct v6_udp_ep *e = ep_lookup(s, port);

	if (!e)
		return v6_fail(err, errlen, "port %u is not bound", port);
	if (!dst) {
		/* Linux's connect(AF_UNSPEC): any peer again. */
		e->connected = false;
		return 0;
	}
	if (!ifp || dport == 0)
		return v6_fail(err, errlen, "connect needs an interface and a port (1..65535)");
	if (ifp->stack != s)
		return v6_fail(err, errlen, "interface %s is not this stack's", v6_iface_name(ifp));
	e->connected = true;
	e->peer_iface = ifp;
	e->peer_src = src ? *src : in6addr_any;
	e->peer = *dst;
	e->peer_port = dport;
	return 0;
}

int
v6_udp_send_connected(struct v6_stack *s, uint16_t port, const uint8_t *data,
    size_t len, v6_time_t now)
{
	struct v6_udp_ep *e = ep_lookup(s, port);

	if (!e || !e->connected) {
		v6_drop(s, NULL, V6_DROP_UDP_NOT_CONNECTED, NULL, 0);
		return V6_DROP_UDP_NOT_CONNECTED;
	}
	return v6_udp_send(e->peer_iface,
	    IN6_IS_ADDR_UNSPECIFIED(&e->peer_src) ? NULL : &e->peer_src,
	    &e->peer, port, e->peer_port, data, len, now);
}

/* A connected endpoint takes only its peer's datagrams, to the source it
 * sends from when one was given (Linux's compute_score: another source
 * matches no socket, so it is Port Unreachable as for an unbound port). */
static bool
ep_accepts(const struct v6_udp_ep *e, const struct in6_addr *src,
    uint16_t sport, const struct in6_addr *dst)
{
	if (!e->connected)
		return true;
	if (sport != e->peer_port ||
	    memcmp(src, &e->peer, sizeof(*src)) != 0)
		return false;
	return IN6_IS_ADDR_UNSPECIFIED(&e->peer_src) ||
	    memcmp(dst, &e->peer_src, sizeof(*dst)) == 0;
}

enum v6_drop
v6_udp_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, const uint8_t *pkt, size_t off, v6_time_t now)
{
	struct v6_udp u;
	struct v6_udp_meta m;
	struct v6_udp_ep *e;
	size_t avail = rx->pkt_len - off, ulen;
	enum v6_drop r;

	if ((r = v6_udp_view(&u, pkt + off, avail)) != V6_DROP_NONE)
		return r;
	/* RFC 768: Length covers header and data; Linux trims the packet to
	 * it and drops a datagram whose Length exceeds what arrived. */
	ulen = v6_udp_length(u);
	if (ulen < V6_UDP_HLEN || ulen > avail)
		return V6_DROP_UDP_TRUNCATED;
	/* RFC 8200 8.1: "IPv6 receivers must discard UDP packets containing
	 * a zero checksum and should log the error." */
	if (v6_udp_csum_field(u) == 0) {
		V6_STAT_INC(ifp, Udp6InErrors);
		return V6_DROP_UDP_ZERO_CSUM;
	}
	if (!v6_csum_ok(v6_csum_acc(v6_csum_pseudo(&rx->ip.src, &rx->ip.dst,
		    (uint32_t)ulen, V6_NH_UDP), u.b, ulen))) {
		V6_STAT_INC(ifp, Udp6InErrors);
		return V6_DROP_UDP_BAD_CSUM;
	}
	e = ep_lookup(s, v6_udp_dport(u));
	if (e && !ep_accepts(e, &rx->ip.src, v6_udp_sport(u), &rx->ip.dst))
		e = NULL;
	if (!e) {
		if (rx->dst_mcast)
			return V6_DROP_UDP_MCAST_NO_PORT;
		/* RFC 4443 3.1: code 4, port unreachable, checksum verified
		 * first (Linux __udp6_lib_rcv). */
		(void)v6_icmp6_error(s, ifp, rx, rx->pkt, rx->pkt_len,
		    V6_ICMP6_DST_UNREACH, 4, 0, false, now);
		return V6_DROP_UDP_NO_PORT;
	}
	V6_STAT_INC(ifp, Udp6InDatagrams);
	m.iface = ifp;
	m.src = rx->ip.src;
	m.dst = rx->ip.dst;
	m.sport = v6_udp_sport(u);
	m.dport = v6_udp_dport(u);
	e->rx(e->ctx, &m, u.b + V6_UDP_HLEN, ulen - V6_UDP_HLEN, now);
	return V6_DROP_NONE;
}

int
v6_udp_send(struct v6_iface *ifp, const struct in6_addr *src,
    const struct in6_addr *dst, uint16_t sport, uint16_t dport,
    const uint8_t *data, size_t len, v6_time_t now)
{
	struct v6_stack *s = ifp->stack;
	struct v6_ip6_repr ip;
	uint8_t *out = v6_tx_payload(s);
	uint64_t acc;

	now = v6_time_clamp(now);
	if (len > 65535 - V6_UDP_HLEN) {
		v6_drop(s, ifp, V6_DROP_OUT_TOO_BIG, NULL, 0);
		return V6_DROP_OUT_TOO_BIG;
	}
	if (src) {
		ip.src = *src;
	} else {
		const struct v6_addr *a = v6_saddr_select(ifp, dst);
		if (!a) {
			v6_drop(s, ifp, V6_DROP_OUT_NO_SOURCE, NULL, 0);
			return V6_DROP_OUT_NO_SOURCE;
		}
		ip.src = a->addr;
	}
	ip.dst = *dst;
	ip.tclass = 0;
	ip.flow = 0;
	ip.hlim = (uint8_t)ifp->conf.hop_limit;
	ip.next = V6_NH_UDP;
	ip.plen = (uint16_t)(V6_UDP_HLEN + len);
	/* The data may already sit in the tx buffer (an echo of it). */
	memmove(out + V6_UDP_HLEN, data, len);
	v6_udp_emit(out, sport, dport, ip.plen);
	acc = v6_csum_pseudo(&ip.src, &ip.dst, ip.plen, V6_NH_UDP);
	acc = v6_csum_acc(acc, out, ip.plen);
	/* RFC 768: a computed zero is sent as all ones. */
	uint16_t c = (uint16_t)~v6_csum_fold(acc);
	if (c == 0)
		c = 0xffff;
	memcpy(out + V6_UDP_OFF_CSUM, &c, 2);
	V6_STAT_INC(ifp, Udp6OutDatagrams);
	return (int)v6_ip6_tx(s, ifp, &ip, now);
}

/* Linux icmpv6_err_convert: the errno a socket would see. */
static int
error_to_errno(uint8_t type, uint8_t code)
{
	switch (type) {
	case V6_ICMP6_DST_UNREACH:
		switch (code) {
		case 0: return ENETUNREACH;  /* no route */
		case 1: return EACCES;       /* administratively prohibited */
		case 2: return EHOSTUNREACH; /* beyond scope */
		case 3: return EHOSTUNREACH; /* address unreachable */
		case 4: return ECONNREFUSED; /* port unreachable */
		case 5: return EACCES;       /* source address failed policy */
		case 6: return EACCES;       /* reject route */
		default: return EPROTO;
		}
	case V6_ICMP6_PKT_TOO_BIG:
		return EMSGSIZE;
	case V6_ICMP6_PARAM_PROB:
		return EPROTO;
	case V6_ICMP6_TIME_EXCEEDED:
		return EHOSTUNREACH;
	default:
		return EPROTO;
	}
}

enum v6_drop
v6_udp_on_error(struct v6_stack *s, struct v6_iface *ifp, const uint8_t *inner,
    size_t inner_len, size_t udp_off, uint8_t type, uint8_t code, uint32_t info)
{
	struct v6_udp_meta m;
	struct v6_udp_ep *e;

	(void)inner_len;
	v6_rdaddr(&m.src, inner + V6_IP6_OFF_SRC);
	/* Only about datagrams we sent: the quoted source is ours. */
	if (!v6_addr_lookup(s, NULL, &m.src))
		return V6_DROP_ICMP6_ERR_NOT_OURS;
	v6_rdaddr(&m.dst, inner + V6_IP6_OFF_DST);
	m.sport = v6_rd16(inner + udp_off);
	m.dport = v6_rd16(inner + udp_off + 2);
	m.iface = ifp;
	e = ep_lookup(s, m.sport);
	if (!e || !e->err)
		return V6_DROP_ICMP6_ERR_NO_LISTENER;
	e->err(e->ctx, &m, error_to_errno(type, code), type, code, info);
	return V6_DROP_NONE;
}
