/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fragment reassembly (frag.c, its store frag_store.c; RFC 8200 4.5, RFC 5722, 6946, 7112).
 *
 * Queues keyed by (source, destination, identification, and the interface
 * when the destination is link-local or multicast, as Linux's fq_find),
 * in a fixed pool of queue_cap descriptors with a hash of twice as
 * many buckets. Fragment data lives in a fixed arena of V6_FRAG_CHUNK-byte
 * chunks; each fragment held is one record (offset, length, its chunks).
 * Memory is accounted per queue (descriptor, records, chunks) against
 * ip6frag_high_thresh: see frag.c for the eviction rule. Bound: the pools;
 * eviction: the oldest queue first (FRAG_EVICTED, Ip6ReasmFails).
 */
#ifndef V6_CORE_FRAG_H
#define V6_CORE_FRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/timer.h"
#include "wire/wire.h"

struct v6_rx_info;

#define V6_FRAG_CHUNK 256
#define V6_FRAG_MAX_PER_QUEUE 256 /* fragments held per datagram */
struct v6_frag_rec {
	uint32_t next;  /* next fragment by offset, V6_NIL at the tail */
	uint32_t chunk; /* first chunk of its data */
	uint32_t off, len; /* bytes in the fragmentable part */
};
struct v6_fragq {
	struct in6_addr src, dst;
	uint32_t ident;
	uint32_t key_ifindex;   /* UINT32_MAX when the key has no interface */
	struct v6_iface *ifp;   /* where the latest fragment arrived */
	struct v6_timer timer;  /* ip6frag_time after the queue's creation */
	uint32_t hash_next;
	uint32_t age_prev, age_next; /* creation order, oldest at the head */
	uint32_t head, tail;    /* fragment records in offset order */
	uint32_t hdr_chunk;     /* first fragment's bytes up to and with its
				 * Fragment header, once it arrived */
	uint32_t hdr_len;       /* those bytes' count (the header at hdr_len - 8) */
	uint32_t nh_off;        /* first fragment: the field naming the Fragment header */
	uint32_t len;           /* end of the datagram's fragmentable part */
	uint32_t meat;          /* fragmentable bytes held */
	uint32_t mem;           /* bytes accounted to this queue */
	uint16_t n_frags;
	uint8_t ecn_seen;       /* RFC 3168 5.3: 1 << ECN codepoint of each fragment */
	bool in_use, first_in, last_in;
	bool l2_mcast;          /* the first fragment came as link-layer multicast */
};

/* The reassembly state of a stack (s->frag), written only by frag.c and frag_store.c. */
struct v6_frag_table {
	struct v6_fragq *queues;  /* queue_cap descriptors */
	uint32_t queue_cap, n_queues, queue_free;
	uint32_t *buckets, bucket_mask;
	uint64_t hash_key[2];
	uint32_t age_head, age_tail;
	struct v6_frag_rec *recs;
	uint32_t rec_free;
	uint8_t *arena;           /* chunk_cap x V6_FRAG_CHUNK bytes */
	uint32_t *chunk_next;
	uint32_t chunk_cap, chunk_free, n_chunks;
	uint64_t mem, mem_peak;   /* bytes accounted, and the most ever */
	uint8_t *reasmbuf;        /* V6_FRAME_MAX bytes: reassembled datagrams */
};

/* Where processing goes on after a Fragment header. */
struct v6_frag_out {
	const uint8_t *pkt; /* NULL: the fragment was queued (or dropped) */
	size_t len;
	uint8_t next;       /* the header after the Fragment header */
	size_t off, nh_off; /* where it starts; the field that names it */
};

/*
 * A Fragment header at fh_off of rx->pkt, named by the field at nh_off
 * (RFC 8200 4.5). Returns V6_DROP_NONE with out->pkt set to the packet to
 * go on with (the atomic fragment itself, or the reassembled datagram in
 * the reassembly buffer, valid until the next fragment), or out->pkt NULL
 * when the fragment was queued; otherwise why it was dropped (errors sent).
 */
enum v6_drop v6_frag_rx(struct v6_stack *s, struct v6_iface *ifp,
    const struct v6_rx_info *rx, size_t fh_off, size_t nh_off,
    struct v6_frag_out *out, v6_time_t now);
int v6_frag_init(struct v6_stack *s, char *err, size_t errlen);
void v6_frag_free(struct v6_stack *s);
void v6_frag_on_timer(struct v6_stack *s, struct v6_timer *t, v6_time_t now);

/* Between the rules (frag.c) and the store (frag_store.c), no one else. */
/* Chunks: a chain of V6_FRAG_CHUNK-byte blocks holding one byte run. */
uint32_t v6_frag_n_chunks(size_t bytes);
uint32_t v6_frag_chunks_store(struct v6_stack *s, const uint8_t *src, size_t len);
void v6_frag_chunks_load(struct v6_stack *s, uint32_t c, uint8_t *dst, size_t len);
bool v6_frag_chunks_equal(struct v6_stack *s, uint32_t c, const uint8_t *src,
    size_t len);
/* Room for need bytes, chunks chunks and (queue) a queue, evicting the
 * oldest queues but keep down to ip6frag_low_thresh; false if none. */
bool v6_frag_mem_reserve(struct v6_stack *s, uint64_t need, uint32_t chunks,
    bool queue, uint32_t keep);
/* Queues by (source, destination, identification, key interface). */
uint32_t v6_fragq_find(struct v6_stack *s, const struct in6_addr *src,
    const struct in6_addr *dst, uint32_t ident, uint32_t ifindex);
uint32_t v6_fragq_create(struct v6_stack *s, struct v6_iface *ifp,
    const struct in6_addr *src, const struct in6_addr *dst, uint32_t ident,
    uint32_t ifindex, v6_time_t now);
/* Free a queue with everything it holds; discard: also count why. */
void v6_fragq_kill(struct v6_stack *s, uint32_t qi);
void v6_fragq_discard(struct v6_stack *s, uint32_t qi, enum v6_drop why);

#endif
