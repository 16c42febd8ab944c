/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fragment reassembly (RFC 8200 4.5) with the updates that harden it:
 * RFC 5722 (an overlap discards the datagram), RFC 6946 (atomic fragments
 * alone), RFC 7112 (the first fragment holds the whole header chain),
 * RFC 6980 (no Neighbor Discovery in fragments: icmpv6.c, by
 * rx->fragmented), and Linux's net/ipv6/reassembly.c where the RFCs leave
 * room (its counters, its checks' order, ip6frag_* tunables).
 *
 * State (s->frag, struct v6_frag_table in frag.h): queues in a fixed pool, hashed by (source,
 * destination, identification, interface for link-local and multicast
 * destinations) with a secret key, linked in creation order; fragments as
 * records sorted by offset, their bytes in chunks of a fixed arena. No
 * allocation after v6_stack_new. The store (pools, chunks, hash, age
 * list, memory accounting) is frag_store.c; this file, the rules.
 *
 * Memory bound and eviction. Every queue is charged its descriptor, its
 * records and its chunks (Linux charges skb truesize and the queue). When
 * a fragment would take the total above ip6frag_high_thresh, or a pool is
 * empty, the oldest queues are discarded until the total with the new
 * fragment is at most ip6frag_low_thresh: Linux's rule before 4.17 (its
 * inet_frag_evictor). Linux 4.17 and later drop new fragments while over
 * ip6frag_high_thresh instead, which lets anyone who fills the memory with
 * incomplete queues block all reassembly for ip6frag_time (60 s) at the
 * cost of one burst a minute; evicting the oldest keeps new datagrams
 * reassembling, and an attacker has to outpace the legitimate sender
 * continuously. Each eviction counts FRAG_EVICTED and Ip6ReasmFails.
 */
#include <stdlib.h>

#include "core/frag.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/ipv6.h"
#include "core/stack.h"
#include "core/stats.h"
#include "wire/exthdr.h"
#include "wire/icmpv6.h"

#define RCOST ((uint64_t)sizeof(struct v6_frag_rec))

/*
 * RFC 8200 4.5, RFC 7112 5: does the first fragment hold every header
 * through the upper-layer header? Walk from the header after the Fragment
 * header; the upper-layer header must fit as Linux measures it
 * (ipv6frag_thdr_truncated: TCP 20, UDP 8, ICMPv6 8 bytes, any other 1).
 * An extension header cut by the fragment's end is incomplete too (Linux
 * lets that one through; the RFC's condition covers it).
 */
static bool
chain_complete(const uint8_t *pkt, size_t len, uint8_t nh, size_t off,
    size_t nh_off)
{
	struct v6_exthdr_end end;
	size_t need;

	enum v6_drop r = v6_exthdr_skip_from(pkt, len, nh, off, nh_off, &end);

	if (r == V6_DROP_EXTHDR_TRUNCATED)
		return false;
	if (r != V6_DROP_NONE)
		return true; /* too many headers: the chain walk drops it */
	if (end.frag_nonfirst)
		return true;
	switch (end.next) {
	case V6_NH_TCP: need = 20; break;
	case V6_NH_UDP: need = 8; break;
	case V6_NH_ICMPV6: need = 8; break;
	case V6_NH_NONE: need = 0; break;
	default: need = 1; break;
	}
	return end.off + need <= len;
}

/* Put the datagram of a complete queue together in s->frag.reasmbuf and free
 * the queue (RFC 8200 4.5 "reassembly process"). */
static enum v6_drop
reassemble(struct v6_stack *s, struct v6_iface *ifp, uint32_t qi,
    struct v6_frag_out *out)
{
	struct v6_fragq *q = &s->frag.queues[qi];
	uint8_t *b = s->frag.reasmbuf;
	size_t unfrag = q->hdr_len - V6_FRAG_HLEN; /* IPv6 header included */
	size_t plen = unfrag - V6_IP6_HLEN + q->len;
	uint8_t next;

	/* RFC 8200 4.5: the reassembled Payload Length cannot exceed 65535
	 * (Linux ip6_frag_reasm: out_oversize, no error). */
	if (plen > 65535) {
		v6_fragq_kill(s, qi); /* counted by the caller, as returned */
		return V6_DROP_FRAG_REASM_TOO_BIG;
	}
	/* RFC 3168 5.3 (Linux ip_frag_ecn_table): Not-ECT fragments mixed
	 * with ECT or CE ones make an invalid datagram; CE in any fragment of
	 * an ECT datagram marks the whole CE. */
	bool ce = q->ecn_seen & (1u << 3);
	if ((q->ecn_seen & 1) && (q->ecn_seen & ~1u)) {
		v6_fragq_kill(s, qi);
		return V6_DROP_FRAG_ECN_MIXED;
	}
	/* "The Unfragmentable Part of the reassembled packet consists of all
	 * headers up to, but not including, the Fragment header of the first
	 * fragment packet ... The Next Header field of the last header of
	 * the Unfragmentable Part is obtained from the Next Header field of
	 * the first fragment's Fragment header. The Payload Length of the
	 * reassembled packet is computed from the length of the
	 * Unfragmentable Part and the length and offset of the last
	 * fragment." */
	v6_frag_chunks_load(s, q->hdr_chunk, b, q->hdr_len);
	next = b[unfrag];
	b[q->nh_off] = next;
	v6_wr16(b + V6_IP6_OFF_PLEN, (uint16_t)plen);
	if (ce)
		b[1] |= 0x30; /* the ECN bits of the Traffic Class: CE (11) */
	for (uint32_t r = q->head; r != V6_NIL; r = s->frag.recs[r].next)
		v6_frag_chunks_load(s, s->frag.recs[r].chunk,
		    b + unfrag + s->frag.recs[r].off, s->frag.recs[r].len);
	out->pkt = b;
	out->len = unfrag + q->len;
	out->next = next;
	out->off = unfrag;
	out->nh_off = q->nh_off;
	v6_fragq_kill(s, qi);
	V6_STAT_INC(ifp, Ip6ReasmOKs);
	return V6_DROP_NONE;
}

/*
 * The checks on one fragment before it is queued (RFC 8200 4.5, RFC 7112
 * 5), each with its Parameter Problem. fh_off: the Fragment header;
 * data_off, flen: the fragment's data; end: where it ends in the
 * datagram's fragmentable part.
 */
static enum v6_drop
frag_validate(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, struct v6_frag fh, size_t fh_off,
    size_t data_off, size_t flen, uint32_t end, v6_time_t now)
{
	const uint8_t *pkt = rx->pkt;

	/* RFC 8200 4.5 (RFC 7112 5): "If the first fragment does not include
	 * all headers through an Upper-Layer header, then that fragment
	 * should be discarded and an ICMP Parameter Problem, Code 3, message
	 * should be sent to the source of the fragment, with the Pointer
	 * field set to zero." */
	if (v6_frag_offset(fh) == 0 && !chain_complete(pkt, rx->pkt_len,
			    v6_frag_next(fh), data_off, fh_off)) {
		(void)v6_icmp6_error(s, ifp, rx, pkt, rx->pkt_len,
		    V6_ICMP6_PARAM_PROB, 3, 0, false, now);
		return V6_DROP_FRAG_HDR_CHAIN_INCOMPLETE;
	}
	/* RFC 8200 4.5: "If the length and offset of a fragment are such
	 * that the Payload Length of the packet reassembled from that
	 * fragment would exceed 65,535 octets, then that fragment must be
	 * discarded and an ICMP Parameter Problem, Code 0, message should be
	 * sent to the source of the fragment, pointing to the Fragment
	 * Offset field". The reassembled payload holds the unfragmentable
	 * part too (Linux counts the fragmentable part only). */
	if (fh_off - V6_IP6_HLEN + (size_t)end > 65535) {
		(void)v6_icmp6_error(s, ifp, rx, pkt, rx->pkt_len,
		    V6_ICMP6_PARAM_PROB, 0,
		    (uint32_t)(fh_off + V6_FRAG_OFF_OFFSET), false, now);
		return V6_DROP_FRAG_TOO_BIG;
	}
	/* "If the length of a fragment, as derived from the fragment
	 * packet's Payload Length field, is not a multiple of 8 octets and
	 * the M flag of that fragment is 1, then that fragment must be
	 * discarded and an ICMP Parameter Problem, Code 0, message should be
	 * sent to the source of the fragment, pointing to the Payload Length
	 * field of the fragment packet." */
	if (v6_frag_more(fh) && (flen & 7) != 0) {
		(void)v6_icmp6_error(s, ifp, rx, pkt, rx->pkt_len,
		    V6_ICMP6_PARAM_PROB, 0, V6_IP6_OFF_PLEN, false, now);
		return V6_DROP_FRAG_BAD_LEN;
	}
	return V6_DROP_NONE;
}

/* The fragment's queue, found or created (V6_NIL: no memory). */
static uint32_t
fq_get(struct v6_stack *s, struct v6_iface *ifp, const struct v6_rx_info *rx,
    uint32_t ident, v6_time_t now)
{
	/* Linux fq_find: the interface is part of the key only for
	 * link-local and multicast destinations. */
	uint32_t ifindex = v6_addr_is_linklocal(&rx->ip.dst) || rx->dst_mcast
	    ? ifp->index : UINT32_MAX;
	uint32_t qi = v6_fragq_find(s, &rx->ip.src, &rx->ip.dst, ident, ifindex);

	if (qi == V6_NIL)
		qi = v6_fragq_create(s, ifp, &rx->ip.src, &rx->ip.dst, ident, ifindex,
		    now);
	return qi;
}

/* Linux ip6_frag_queue: the last fragment fixes the end; nothing may lie
 * beyond it, and two last fragments must agree. An empty fragment goes
 * too. The caller kills the queue on a drop. */
static enum v6_drop
fq_set_end(struct v6_fragq *q, uint32_t end, bool more, size_t flen)
{
	if (!more) {
		if (end < q->len || (q->last_in && end != q->len))
			return V6_DROP_FRAG_BAD_END;
		q->last_in = true;
		q->len = end;
	} else if (end > q->len) {
		if (q->last_in)
			return V6_DROP_FRAG_BAD_END;
		q->len = end;
	}
	if (flen == 0)
		return V6_DROP_FRAG_EMPTY;
	return V6_DROP_NONE;
}

/*
 * Where the fragment [off, end) goes among q's records: after *prev and
 * before *cur. Found after the tail (in order) and before the head
 * (reverse order) at once, else by walking. The records never overlap, so
 * the first one ending after off is the only candidate for an overlap
 * that starts before end. Returns FRAG_DUPLICATE (the queue stays) or
 * FRAG_OVERLAP (the caller kills it).
 */
static enum v6_drop
fq_place(struct v6_stack *s, const struct v6_fragq *q, uint32_t off,
    uint32_t end, const uint8_t *data, size_t flen, uint32_t *prev,
    uint32_t *cur)
{
	*prev = V6_NIL;
	if (q->tail == V6_NIL ||
	    s->frag.recs[q->tail].off + s->frag.recs[q->tail].len <= off) {
		*prev = q->tail;
		*cur = V6_NIL;
		return V6_DROP_NONE;
	}
	if (s->frag.recs[q->head].off >= end) {
		*cur = q->head;
		return V6_DROP_NONE;
	}
	for (*cur = q->head; *cur != V6_NIL &&
	     s->frag.recs[*cur].off + s->frag.recs[*cur].len <= off;
	     *cur = s->frag.recs[*cur].next)
		*prev = *cur;
	if (*cur != V6_NIL && s->frag.recs[*cur].off < end) {
		const struct v6_frag_rec *c = &s->frag.recs[*cur];
		/* RFC 8200 4.5: "an implementation may choose to detect this
		 * case and drop exact duplicate fragments while keeping the
		 * other fragments belonging to the same packet." Exact: same
		 * place, same bytes. (Linux takes any fragment inside what it
		 * holds as a duplicate; RFC 5722 calls that an overlap.) */
		if (c->off == off && c->len == flen &&
		    v6_frag_chunks_equal(s, c->chunk, data, flen))
			return V6_DROP_FRAG_DUPLICATE;
		/* RFC 5722 4 (errata 3089): "if one or more its constituent
		 * fragments is determined to be an overlapping fragment, the
		 * entire datagram (and any constituent fragments) MUST be
		 * silently discarded." */
		return V6_DROP_FRAG_OVERLAP;
	}
	return V6_DROP_NONE;
}

/*
 * Store the fragment at off (flen bytes of data at data_off of rx->pkt)
 * in queue qi between prev and cur, charging its memory; nh_off as for
 * v6_frag_rx. The caller kills the queue on a drop.
 */
static enum v6_drop
fq_insert(struct v6_stack *s, uint32_t qi, const struct v6_rx_info *rx,
    uint32_t off, size_t data_off, size_t flen, size_t nh_off,
    uint32_t prev, uint32_t cur)
{
	struct v6_fragq *q = &s->frag.queues[qi];
	const uint8_t *pkt = rx->pkt;
	uint32_t ri, n_chunks;
	uint64_t need;

	/* Bound the work per datagram: sorted insertion walks the records;
	 * 256 covers a 65535-byte datagram cut to the minimum MTU five times
	 * over (FreeBSD's maxfragsperpacket is 64; Linux has none). */
	if (q->n_frags >= V6_FRAG_MAX_PER_QUEUE)
		return V6_DROP_FRAG_TOO_MANY;
	n_chunks = v6_frag_n_chunks(flen) + (off == 0 ? v6_frag_n_chunks(data_off) : 0);
	need = RCOST + (uint64_t)n_chunks * V6_FRAG_CHUNK;
	if (!v6_frag_mem_reserve(s, need, n_chunks, false, qi))
		return V6_DROP_FRAG_NO_MEMORY;

	ri = s->frag.rec_free;
	s->frag.rec_free = s->frag.recs[ri].next;
	s->frag.recs[ri].off = off;
	s->frag.recs[ri].len = (uint32_t)flen;
	s->frag.recs[ri].chunk = v6_frag_chunks_store(s, pkt + data_off, flen);
	s->frag.recs[ri].next = cur;
	if (prev == V6_NIL)
		q->head = ri;
	else
		s->frag.recs[prev].next = ri;
	if (cur == V6_NIL)
		q->tail = ri;
	q->n_frags++;
	q->meat += (uint32_t)flen;
	q->ecn_seen |= (uint8_t)(1u << (rx->ip.tclass & 3));
	if (off == 0) {
		/* The first fragment's headers make the reassembled
		 * datagram's unfragmentable part, and its quote in a Time
		 * Exceeded. */
		q->hdr_chunk = v6_frag_chunks_store(s, pkt, data_off);
		q->hdr_len = (uint32_t)data_off;
		q->nh_off = (uint32_t)nh_off;
		q->first_in = true;
		q->l2_mcast = rx->l2_mcast;
	}
	q->mem += (uint32_t)need;
	s->frag.mem += need;
	if (s->frag.mem > s->frag.mem_peak)
		s->frag.mem_peak = s->frag.mem;
	return V6_DROP_NONE;
}

enum v6_drop
v6_frag_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, size_t fh_off, size_t nh_off,
    struct v6_frag_out *out, v6_time_t now)
{
	const uint8_t *pkt = rx->pkt;
	size_t data_off = fh_off + V6_FRAG_HLEN, flen;
	struct v6_frag fh;
	uint32_t off, end, qi, prev, cur;
	bool more;
	enum v6_drop r;

	out->pkt = NULL;
	if (v6_frag_view(&fh, pkt + fh_off, rx->pkt_len - fh_off) !=
	    V6_DROP_NONE)
		return V6_DROP_EXTHDR_TRUNCATED;
	/* Linux ipv6_frag_rcv: a Fragment header in a packet already
	 * reassembled (or an atomic fragment's) is a header error, pointed
	 * at. */
	if (rx->fragmented) {
		(void)v6_icmp6_error(s, ifp, rx, pkt, rx->pkt_len,
		    V6_ICMP6_PARAM_PROB, 0, (uint32_t)fh_off, false, now);
		return V6_DROP_FRAG_NESTED;
	}
	V6_STAT_INC(ifp, Ip6ReasmReqds);
	off = v6_frag_offset(fh);
	more = v6_frag_more(fh);
	flen = rx->pkt_len - data_off;

	/* RFC 6946 4: "A host that receives an IPv6 packet that includes a
	 * Fragment Header with the 'Fragment Offset' equal to 0 and the 'M'
	 * flag equal to 0 MUST process that packet in isolation from any
	 * other packets/fragments, even if such packets/fragments contain
	 * the same set {IPv6 Source Address, IPv6 Destination Address,
	 * Fragment Identification}." Processing goes on after the header. */
	if (off == 0 && !more) {
		V6_STAT_INC(ifp, Ip6ReasmOKs);
		out->pkt = pkt;
		out->len = rx->pkt_len;
		out->next = v6_frag_next(fh);
		out->off = data_off;
		out->nh_off = fh_off;
		return V6_DROP_NONE;
	}
	end = off + (uint32_t)flen;
	r = frag_validate(s, ifp, rx, fh, fh_off, data_off, flen, end, now);
	if (r != V6_DROP_NONE)
		return r;

	qi = fq_get(s, ifp, rx, v6_frag_ident(fh), now);
	if (qi == V6_NIL)
		return V6_DROP_FRAG_NO_MEMORY;
	s->frag.queues[qi].ifp = ifp;
	r = fq_set_end(&s->frag.queues[qi], end, more, flen);
	if (r == V6_DROP_NONE)
		r = fq_place(s, &s->frag.queues[qi], off, end, pkt + data_off, flen,
		    &prev, &cur);
	if (r == V6_DROP_FRAG_DUPLICATE)
		return r;
	if (r == V6_DROP_NONE)
		r = fq_insert(s, qi, rx, off, data_off, flen, nh_off, prev, cur);
	if (r != V6_DROP_NONE) {
		v6_fragq_kill(s, qi);
		return r;
	}

	if (s->frag.queues[qi].first_in && s->frag.queues[qi].last_in &&
	    s->frag.queues[qi].meat == s->frag.queues[qi].len)
		return reassemble(s, ifp, qi, out);
	return V6_DROP_NONE;
}

/*
 * RFC 8200 4.5: ip6frag_time after the first-arriving fragment, abandon
 * the datagram; "If the first fragment (i.e., the one with a Fragment
 * Offset of zero) has been received, an ICMP Time Exceeded -- Fragment
 * Reassembly Time Exceeded message should be sent to the source of that
 * fragment." It quotes that fragment as received (Linux
 * ip6frag_expire_frag_queue). Counted Ip6ReasmTimeout and Ip6ReasmFails.
 */
void
v6_frag_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now)
{
	struct v6_fragq *q = v6_container_of(t, struct v6_fragq, timer);
	uint32_t qi = (uint32_t)(q - s->frag.queues);
	struct v6_iface *ifp = q->ifp;

	V6_STAT_INC(ifp, Ip6ReasmTimeout);
	if (q->first_in) {
		const struct v6_frag_rec *first = &s->frag.recs[q->head];
		size_t cap = V6_IP6_MIN_MTU - V6_IP6_HLEN - 8, len = q->hdr_len;
		struct v6_rx_info rx = { .l2_mcast = q->l2_mcast };

		/* The head record is the first fragment's data (offset 0). */
		v6_frag_chunks_load(s, q->hdr_chunk, s->frag.reasmbuf,
		    q->hdr_len < cap ? q->hdr_len : cap);
		if (len < cap) {
			size_t n = first->len < cap - len ? first->len : cap - len;
			v6_frag_chunks_load(s, first->chunk, s->frag.reasmbuf + len, n);
			len += n;
		}
		rx.pkt = s->frag.reasmbuf;
		rx.pkt_len = len;
		v6_fragq_discard(s, qi, V6_DROP_FRAG_TIMEOUT);
		(void)v6_icmp6_error(s, ifp, &rx, s->frag.reasmbuf, len,
		    V6_ICMP6_TIME_EXCEEDED, 1, 0, false, now);
		return;
	}
	v6_fragq_discard(s, qi, V6_DROP_FRAG_TIMEOUT);
}
