/*
 * The stack object (stack.c): creation, Ethernet input (RFC 2464),
 * v6_input() and v6_poll(), the one exit of frames, events and the seeded
 * random generator. struct v6_stack holds every module's state; all of it
 * is allocated at creation, and nothing on the packet path.
 */
#ifndef V6_CORE_STACK_H
#define V6_CORE_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "v6stack/v6stack.h"
#include "core/addrconf.h"
#include "core/anycast.h"
#include "core/frag.h"
#include "core/icmpv6.h"
#include "core/iface.h"
#include "core/neigh.h"
#include "core/pmtu.h"
#include "core/route.h"
#include "core/stats.h"
#include "core/sysctl.h"
#include "core/timer.h"
#include "core/udp.h"

/* Every frame is built in one buffer with room for the headers in front. */
#define V6_ETH_HEADROOM 14
#define V6_TX_HEADROOM (14 + 40) /* Ethernet + IPv6 before the payload */
#define V6_FRAME_MAX (14 + 40 + 65535)

/* The end of an index list (pools of neigh.c and frag.c). */
#define V6_NIL UINT32_MAX

struct v6_stack {
	struct v6_stack_params params;
	uint64_t rng[4];

	struct v6_sysctl_glob glob;
	struct v6_sysctl_conf conf_default;
	struct v6_sysctl_neigh neigh_default;

	struct v6_iface *ifaces[V6_MAX_IFACES];
	uint32_t n_ifaces;

	/* Stack-wide index of unicast addresses: (iface, address). */
	struct v6_addr *addr_slots[V6_ADDR_SLOTS];
	/* Stack-wide index of anycast addresses, and the delayed NAs. */
	struct v6_acast *acast_slots[V6_ACAST_SLOTS];
	struct v6_acast_na acast_na[V6_ACAST_NA_MAX];
	uint32_t n_acast_na;
	struct v6_timer acast_timer; /* the earliest acast_na deadline */

	struct v6_neigh_table neigh;

	struct v6_timerq timers;

	uint8_t *txbuf; /* V6_FRAME_MAX bytes: every frame is built here */

	struct v6_icmp_state icmp;

	struct v6_udp_table udp;

	struct v6_pmtu_cache pmtu;
	uint8_t *fragbuf; /* V6_FRAME_MAX bytes: fragments are built here */

	/* Reassembly (frag.c). */
	struct v6_fragq *fragq;
	uint32_t frag_queue_cap, n_fragq, fragq_free;
	uint32_t *frag_buckets, frag_bucket_mask;
	uint64_t frag_hash_key[2];
	uint32_t frag_age_head, frag_age_tail;
	struct v6_frag_rec *frag_recs;
	uint32_t frag_rec_free;
	uint8_t *frag_arena;      /* frag_chunk_cap x V6_FRAG_CHUNK bytes */
	uint32_t *frag_chunk_next;
	uint32_t frag_chunk_cap, frag_chunk_free, n_frag_chunks;
	uint64_t frag_mem, frag_mem_peak; /* bytes accounted, and the most ever */
	uint8_t *reasmbuf; /* V6_FRAME_MAX bytes: reassembled datagrams */

	uint64_t drops[V6_DROP__COUNT];

	struct v6_route_table route;

	/* conf.default.stable_secret (RFC 7217), copied by new interfaces. */
	struct in6_addr stable_secret_default;
	bool stable_secret_default_set;
};

int v6_fail(char *err, size_t errlen, const char *msg);
void v6_emit_event(struct v6_stack *s, const struct v6_event *ev);
/* Report a state change or a notable fact as an event (no formatting in
 * the core: the embedding program prints). */
void v6_note(struct v6_stack *s, const struct v6_iface *ifp,
    enum v6_event_kind kind, const struct in6_addr *addr, const char *state,
    const char *text);
uint64_t v6_rand64(struct v6_stack *s);
/* Send a complete frame (Ethernet header included) on ifp. */
void v6_link_send(struct v6_stack *s, struct v6_iface *ifp, uint8_t *frame,
    size_t len);

/* Where the payload of the frame being built goes (ipv6_out.c writes the
 * headers in front of it). */
static inline uint8_t *
v6_tx_payload(struct v6_stack *s)
{
	return s->txbuf + V6_TX_HEADROOM;
}

#endif
