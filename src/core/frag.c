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
 * allocation after v6_stack_new.
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

#define QCOST ((uint64_t)sizeof(struct v6_fragq))
#define RCOST ((uint64_t)sizeof(struct v6_frag_rec))

static uint32_t
n_chunks_for(size_t bytes)
{
	return (uint32_t)((bytes + V6_FRAG_CHUNK - 1) / V6_FRAG_CHUNK);
}

int
v6_frag_init(struct v6_stack *s, char *err, size_t errlen)
{
	uint32_t nb = 16;

	if (s->params.frag_queues_max > (1u << 20))
		return v6_fail(err, errlen, "frag_queues_max too large (max 1048576)");
	if (s->params.frag_mem_max > (1u << 30))
		return v6_fail(err, errlen, "frag_mem_max too large (max 1 GiB)");
	s->frag.queue_cap = (uint32_t)s->params.frag_queues_max;
	s->frag.chunk_cap = n_chunks_for(s->params.frag_mem_max);
	while (nb < 2 * s->frag.queue_cap)
		nb <<= 1;
	s->frag.queues = calloc(s->frag.queue_cap, sizeof(*s->frag.queues));
	s->frag.buckets = malloc(nb * sizeof(uint32_t));
	/* Every record holds at least one chunk: as many records as chunks. */
	s->frag.recs = calloc(s->frag.chunk_cap, sizeof(*s->frag.recs));
	s->frag.arena = malloc((size_t)s->frag.chunk_cap * V6_FRAG_CHUNK);
	s->frag.chunk_next = malloc(s->frag.chunk_cap * sizeof(uint32_t));
	s->frag.reasmbuf = malloc(V6_FRAME_MAX);
	if (!s->frag.queues || !s->frag.buckets || !s->frag.recs || !s->frag.arena ||
	    !s->frag.chunk_next || !s->frag.reasmbuf)
		return v6_fail(err, errlen, "out of memory");
	s->frag.bucket_mask = nb - 1;
	for (uint32_t i = 0; i < nb; i++)
		s->frag.buckets[i] = V6_NIL;
	for (uint32_t i = 0; i < s->frag.queue_cap; i++) {
		s->frag.queues[i].hash_next = i + 1 < s->frag.queue_cap ? i + 1 : V6_NIL;
		v6_timer_init(&s->frag.queues[i].timer, V6_TIMER_FRAG);
	}
	s->frag.queue_free = s->frag.queue_cap ? 0 : V6_NIL;
	for (uint32_t i = 0; i < s->frag.chunk_cap; i++) {
		s->frag.chunk_next[i] = i + 1 < s->frag.chunk_cap ? i + 1 : V6_NIL;
		s->frag.recs[i].next = i + 1 < s->frag.chunk_cap ? i + 1 : V6_NIL;
	}
	s->frag.chunk_free = s->frag.rec_free = s->frag.chunk_cap ? 0 : V6_NIL;
	s->frag.age_head = s->frag.age_tail = V6_NIL;
	/* A secret hash key, so that nobody can aim fragments at one bucket
	 * (Linux keys its rhashtable with a random seed). */
	s->frag.hash_key[0] = v6_rand64(s);
	s->frag.hash_key[1] = v6_rand64(s);
	return 0;
}

void
v6_frag_free(struct v6_stack *s)
{
	free(s->frag.queues);
	free(s->frag.buckets);
	free(s->frag.recs);
	free(s->frag.arena);
	free(s->frag.chunk_next);
	free(s->frag.reasmbuf);
}

void
v6_frag_mem(const struct v6_stack *s, uint64_t *queues, uint64_t *mem,
    uint64_t *mem_peak)
{
	if (queues)
		*queues = s->frag.n_queues;
	if (mem)
		*mem = s->frag.mem;
	if (mem_peak)
		*mem_peak = s->frag.mem_peak;
}

/* ---- chunks: a chain of V6_FRAG_CHUNK-byte blocks per byte run ---- */

static uint8_t *
chunk_data(struct v6_stack *s, uint32_t c)
{
	return s->frag.arena + (size_t)c * V6_FRAG_CHUNK;
}

/* Take a chain holding len bytes and copy src into it. The caller checked
 * that enough chunks are free. */
static uint32_t
chunks_store(struct v6_stack *s, const uint8_t *src, size_t len)
{
	uint32_t head = V6_NIL, *link = &head;

	for (size_t done = 0; done < len; done += V6_FRAG_CHUNK) {
		uint32_t c = s->frag.chunk_free;
		size_t n = len - done < V6_FRAG_CHUNK ? len - done : V6_FRAG_CHUNK;

		s->frag.chunk_free = s->frag.chunk_next[c];
		s->frag.n_chunks++;
		memcpy(chunk_data(s, c), src + done, n);
		*link = c;
		link = &s->frag.chunk_next[c];
	}
	*link = V6_NIL;
	return head;
}

static void
chunks_release(struct v6_stack *s, uint32_t c)
{
	while (c != V6_NIL) {
		uint32_t next = s->frag.chunk_next[c];
		s->frag.chunk_next[c] = s->frag.chunk_free;
		s->frag.chunk_free = c;
		s->frag.n_chunks--;
		c = next;
	}
}

/* Copy the first len bytes of a chain to dst. */
static void
chunks_load(struct v6_stack *s, uint32_t c, uint8_t *dst, size_t len)
{
	for (size_t done = 0; done < len && c != V6_NIL; done += V6_FRAG_CHUNK) {
		size_t n = len - done < V6_FRAG_CHUNK ? len - done : V6_FRAG_CHUNK;
		memcpy(dst + done, chunk_data(s, c), n);
		c = s->frag.chunk_next[c];
	}
}

static bool
chunks_equal(struct v6_stack *s, uint32_t c, const uint8_t *src, size_t len)
{
	for (size_t done = 0; done < len; done += V6_FRAG_CHUNK) {
		size_t n = len - done < V6_FRAG_CHUNK ? len - done : V6_FRAG_CHUNK;
		if (c == V6_NIL || memcmp(chunk_data(s, c), src + done, n) != 0)
			return false;
		c = s->frag.chunk_next[c];
	}
	return true;
}

/* ---- queues ---- */

static uint32_t
fq_hash(const struct v6_stack *s, const struct in6_addr *src,
    const struct in6_addr *dst, uint32_t ident, uint32_t ifindex)
{
	uint64_t w[4], x = s->frag.hash_key[0] ^ ident ^ ((uint64_t)ifindex << 32);

	memcpy(w, src->s6_addr, 16);
	memcpy(w + 2, dst->s6_addr, 16);
	for (int i = 0; i < 4; i++) {
		x = (x ^ w[i]) * 0x9e3779b97f4a7c15ull;
		x ^= (x >> 29) ^ s->frag.hash_key[1];
	}
	x = (x ^ (x >> 32)) * 0xbf58476d1ce4e5b9ull;
	return (uint32_t)(x >> 32) & s->frag.bucket_mask;
}

static uint32_t *
fq_bucket(struct v6_stack *s, const struct v6_fragq *q)
{
	return &s->frag.buckets[fq_hash(s, &q->src, &q->dst, q->ident,
	    q->key_ifindex)];
}

/* Free a queue and everything it holds, uncounted (the caller counts). */
static void
fq_kill(struct v6_stack *s, uint32_t qi)
{
	struct v6_fragq *q = &s->frag.queues[qi];
	uint32_t *link = fq_bucket(s, q);

	while (*link != qi)
		link = &s->frag.queues[*link].hash_next;
	*link = q->hash_next;
	if (q->age_prev != V6_NIL)
		s->frag.queues[q->age_prev].age_next = q->age_next;
	else
		s->frag.age_head = q->age_next;
	if (q->age_next != V6_NIL)
		s->frag.queues[q->age_next].age_prev = q->age_prev;
	else
		s->frag.age_tail = q->age_prev;
	for (uint32_t r = q->head, next; r != V6_NIL; r = next) {
		next = s->frag.recs[r].next;
		chunks_release(s, s->frag.recs[r].chunk);
		s->frag.recs[r].next = s->frag.rec_free;
		s->frag.rec_free = r;
	}
	chunks_release(s, q->hdr_chunk);
	v6_timer_cancel(&s->timers, &q->timer);
	s->frag.mem -= q->mem;
	q->in_use = false;
	q->hash_next = s->frag.queue_free;
	s->frag.queue_free = qi;
	s->frag.n_queues--;
}

/* Discard a queue for reason, counted once on the interface it last heard
 * from (the reason's SNMP counter is Ip6ReasmFails). */
static void
fq_discard(struct v6_stack *s, uint32_t qi, enum v6_drop why)
{
	struct v6_iface *ifp = s->frag.queues[qi].ifp;

	fq_kill(s, qi);
	v6_drop(s, ifp, why, NULL, 0);
}

static bool
pools_have(const struct v6_stack *s, uint32_t chunks, bool queue)
{
	return s->frag.chunk_cap - s->frag.n_chunks >= chunks &&
	    (!queue || s->frag.n_queues < s->frag.queue_cap);
}

/*
 * Make room for need bytes, chunks chunks and (if queue) a queue
 * descriptor, evicting the oldest queues but keep (the one the fragment
 * belongs to) as the header comment says. Returns false if even then it
 * does not fit.
 */
static bool
mem_reserve(struct v6_stack *s, uint64_t need, uint32_t chunks, bool queue,
    uint32_t keep)
{
	uint64_t high = (uint64_t)s->glob.frag_high_thresh;
	uint64_t low = (uint64_t)s->glob.frag_low_thresh;

	if (low > high)
		low = high;
	if (s->frag.mem + need <= high && pools_have(s, chunks, queue))
		return true;
	while (!(s->frag.mem + need <= low && pools_have(s, chunks, queue))) {
		uint32_t victim = s->frag.age_head;
		if (victim == keep && victim != V6_NIL)
			victim = s->frag.queues[victim].age_next;
		if (victim == V6_NIL)
			break;
		fq_discard(s, victim, V6_DROP_FRAG_EVICTED);
	}
	return s->frag.mem + need <= high && pools_have(s, chunks, queue);
}

static uint32_t
fq_find(struct v6_stack *s, const struct in6_addr *src,
    const struct in6_addr *dst, uint32_t ident, uint32_t ifindex)
{
	uint32_t qi = s->frag.buckets[fq_hash(s, src, dst, ident, ifindex)];

	for (; qi != V6_NIL; qi = s->frag.queues[qi].hash_next) {
		const struct v6_fragq *q = &s->frag.queues[qi];
		if (q->ident == ident && q->key_ifindex == ifindex &&
		    v6_addr_eq(&q->src, src) && v6_addr_eq(&q->dst, dst))
			return qi;
	}
	return V6_NIL;
}

static uint32_t
fq_create(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const struct in6_addr *dst, uint32_t ident,
    uint32_t ifindex, v6_time_t now)
{
	uint32_t qi, *bucket;
	struct v6_fragq *q;

	if (!mem_reserve(s, QCOST, 0, true, V6_NIL))
		return V6_NIL;
	qi = s->frag.queue_free;
	q = &s->frag.queues[qi];
	s->frag.queue_free = q->hash_next;
	s->frag.n_queues++;
	q->src = *src;
	q->dst = *dst;
	q->ident = ident;
	q->key_ifindex = ifindex;
	q->ifp = ifp;
	q->head = q->tail = V6_NIL;
	q->hdr_chunk = V6_NIL;
	q->hdr_len = q->nh_off = q->len = q->meat = 0;
	q->n_frags = 0;
	q->ecn_seen = 0;
	q->in_use = true;
	q->first_in = q->last_in = q->l2_mcast = false;
	q->mem = (uint32_t)QCOST;
	s->frag.mem += QCOST;
	bucket = &s->frag.buckets[fq_hash(s, src, dst, ident, ifindex)];
	q->hash_next = *bucket;
	*bucket = qi;
	q->age_next = V6_NIL;
	q->age_prev = s->frag.age_tail;
	if (s->frag.age_tail != V6_NIL)
		s->frag.queues[s->frag.age_tail].age_next = qi;
	else
		s->frag.age_head = qi;
	s->frag.age_tail = qi;
	/* RFC 8200 4.5: "If insufficient fragments are received to complete
	 * reassembly of a packet within 60 seconds of the reception of the
	 * first-arriving fragment of that packet, reassembly of that packet
	 * must be abandoned" (ip6frag_time, from the queue's creation). */
	v6_timer_arm(&s->timers, &q->timer,
	    now + (uint64_t)s->glob.frag_time_s * V6_NS_PER_S);
	return qi;
}

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
		fq_kill(s, qi); /* counted by the caller, as returned */
		return V6_DROP_FRAG_REASM_TOO_BIG;
	}
	/* RFC 3168 5.3 (Linux ip_frag_ecn_table): Not-ECT fragments mixed
	 * with ECT or CE ones make an invalid datagram; CE in any fragment of
	 * an ECT datagram marks the whole CE. */
	bool ce = q->ecn_seen & (1u << 3);
	if ((q->ecn_seen & 1) && (q->ecn_seen & ~1u)) {
		fq_kill(s, qi);
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
	chunks_load(s, q->hdr_chunk, b, q->hdr_len);
	next = b[unfrag];
	b[q->nh_off] = next;
	v6_wr16(b + V6_IP6_OFF_PLEN, (uint16_t)plen);
	if (ce)
		b[1] |= 0x30; /* the ECN bits of the Traffic Class: CE (11) */
	for (uint32_t r = q->head; r != V6_NIL; r = s->frag.recs[r].next)
		chunks_load(s, s->frag.recs[r].chunk,
		    b + unfrag + s->frag.recs[r].off, s->frag.recs[r].len);
	out->pkt = b;
	out->len = unfrag + q->len;
	out->next = next;
	out->off = unfrag;
	out->nh_off = q->nh_off;
	fq_kill(s, qi);
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
	uint32_t qi = fq_find(s, &rx->ip.src, &rx->ip.dst, ident, ifindex);

	if (qi == V6_NIL)
		qi = fq_create(s, ifp, &rx->ip.src, &rx->ip.dst, ident, ifindex,
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
		    chunks_equal(s, c->chunk, data, flen))
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
	n_chunks = n_chunks_for(flen) + (off == 0 ? n_chunks_for(data_off) : 0);
	need = RCOST + (uint64_t)n_chunks * V6_FRAG_CHUNK;
	if (!mem_reserve(s, need, n_chunks, false, qi))
		return V6_DROP_FRAG_NO_MEMORY;

	ri = s->frag.rec_free;
	s->frag.rec_free = s->frag.recs[ri].next;
	s->frag.recs[ri].off = off;
	s->frag.recs[ri].len = (uint32_t)flen;
	s->frag.recs[ri].chunk = chunks_store(s, pkt + data_off, flen);
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
		q->hdr_chunk = chunks_store(s, pkt, data_off);
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
		fq_kill(s, qi);
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
		chunks_load(s, q->hdr_chunk, s->frag.reasmbuf,
		    q->hdr_len < cap ? q->hdr_len : cap);
		if (len < cap) {
			size_t n = first->len < cap - len ? first->len : cap - len;
			chunks_load(s, first->chunk, s->frag.reasmbuf + len, n);
			len += n;
		}
		rx.pkt = s->frag.reasmbuf;
		rx.pkt_len = len;
		fq_discard(s, qi, V6_DROP_FRAG_TIMEOUT);
		(void)v6_icmp6_error(s, ifp, &rx, s->frag.reasmbuf, len,
		    V6_ICMP6_TIME_EXCEEDED, 1, 0, false, now);
		return;
	}
	fq_discard(s, qi, V6_DROP_FRAG_TIMEOUT);
}
