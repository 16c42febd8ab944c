/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The reassembly store (frag.h): the fixed pools of queues, fragment
 * records and chunks, the hash of queues and their age list, and the
 * memory accounting with its eviction (the bound and the rule are in
 * frag.c's opening comment). The reassembly rules that use it are frag.c.
 */
#include <stdlib.h>
#include <string.h>

#include "core/frag.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/stack.h"
#include "core/stats.h"

#define QCOST ((uint64_t)sizeof(struct v6_fragq))

uint32_t
v6_frag_n_chunks(size_t bytes)
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
	s->frag.chunk_cap = v6_frag_n_chunks(s->params.frag_mem_max);
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
uint32_t
v6_frag_chunks_store(struct v6_stack *s, const uint8_t *src, size_t len)
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
void
v6_frag_chunks_load(struct v6_stack *s, uint32_t c, uint8_t *dst, size_t len)
{
	for (size_t done = 0; done < len && c != V6_NIL; done += V6_FRAG_CHUNK) {
		size_t n = len - done < V6_FRAG_CHUNK ? len - done : V6_FRAG_CHUNK;
		memcpy(dst + done, chunk_data(s, c), n);
		c = s->frag.chunk_next[c];
	}
}

bool
v6_frag_chunks_equal(struct v6_stack *s, uint32_t c, const uint8_t *src,
    size_t len)
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
void
v6_fragq_kill(struct v6_stack *s, uint32_t qi)
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
void
v6_fragq_discard(struct v6_stack *s, uint32_t qi, enum v6_drop why)
{
	struct v6_iface *ifp = s->frag.queues[qi].ifp;

	v6_fragq_kill(s, qi);
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
 * belongs to) as frag.c's opening comment says. Returns false if even then it
 * does not fit.
 */
bool
v6_frag_mem_reserve(struct v6_stack *s, uint64_t need, uint32_t chunks,
    bool queue, uint32_t keep)
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
		v6_fragq_discard(s, victim, V6_DROP_FRAG_EVICTED);
	}
	return s->frag.mem + need <= high && pools_have(s, chunks, queue);
}

uint32_t
v6_fragq_find(struct v6_stack *s, const struct in6_addr *src,
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

uint32_t
v6_fragq_create(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const struct in6_addr *dst, uint32_t ident,
    uint32_t ifindex, v6_time_t now)
{
	uint32_t qi, *bucket;
	struct v6_fragq *q;

	if (!v6_frag_mem_reserve(s, QCOST, 0, true, V6_NIL))
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
