/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer queue: every deadline of the stack (neighbour retransmissions
 * and state expiries, DAD probes) in one binary min-heap, so that v6_poll()
 * finds the earliest in O(1) and runs each due timer in O(log n).
 */
#include <stdlib.h>

#include "core/timer.h"

int
v6_timerq_init(struct v6_timerq *q, uint32_t cap)
{
	q->n = 0;
	q->cap = cap;
	q->heap = calloc(cap, sizeof(*q->heap));
	return q->heap ? 0 : -1;
}

void
v6_timerq_free(struct v6_timerq *q)
{
	free(q->heap);
	q->heap = NULL;
	q->cap = q->n = 0;
}

void
v6_timer_init(struct v6_timer *t, enum v6_timer_kind kind)
{
	t->when = V6_TIME_NEVER;
	t->slot = -1;
	t->kind = (uint8_t)kind;
}

static void
heap_set(struct v6_timerq *q, uint32_t i, struct v6_timer *t)
{
	q->heap[i] = t;
	t->slot = (int32_t)i;
}

static void
sift_up(struct v6_timerq *q, uint32_t i)
{
	struct v6_timer *t = q->heap[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (q->heap[parent]->when <= t->when)
			break;
		heap_set(q, i, q->heap[parent]);
		i = parent;
	}
	heap_set(q, i, t);
}

static void
sift_down(struct v6_timerq *q, uint32_t i)
{
	struct v6_timer *t = q->heap[i];

	for (;;) {
		uint32_t c = 2 * i + 1;
		if (c >= q->n)
			break;
		if (c + 1 < q->n && q->heap[c + 1]->when < q->heap[c]->when)
			c++;
		if (t->when <= q->heap[c]->when)
			break;
		heap_set(q, i, q->heap[c]);
		i = c;
	}
	heap_set(q, i, t);
}

/* Remove the timer at heap index i. */
static void
heap_remove(struct v6_timerq *q, uint32_t i)
{
	struct v6_timer *t = q->heap[i];

	t->slot = -1;
	q->n--;
	if (i == q->n)
		return;
	struct v6_timer *moved = q->heap[q->n];
	heap_set(q, i, moved);
	sift_down(q, i);
	sift_up(q, (uint32_t)moved->slot);
}

void
v6_timer_cancel(struct v6_timerq *q, struct v6_timer *t)
{
	if (t->slot >= 0)
		heap_remove(q, (uint32_t)t->slot);
	t->when = V6_TIME_NEVER;
}

/* Arm (or re-arm) t for when. The queue's capacity covers every timer the
 * stack owns, so this cannot fail. */
void
v6_timer_arm(struct v6_timerq *q, struct v6_timer *t, v6_time_t when)
{
	if (t->slot >= 0)
		heap_remove(q, (uint32_t)t->slot);
	if (q->n >= q->cap)
		return; /* unreachable by construction */
	t->when = when;
	heap_set(q, q->n++, t);
	sift_up(q, q->n - 1);
}

struct v6_timer *
v6_timer_pop_due(struct v6_timerq *q, v6_time_t now)
{
	struct v6_timer *t;

	if (q->n == 0 || q->heap[0]->when > now)
		return NULL;
	t = q->heap[0];
	heap_remove(q, 0);
	t->when = V6_TIME_NEVER;
	return t;
}

v6_time_t
v6_timer_next(const struct v6_timerq *q)
{
	return q->n ? q->heap[0]->when : V6_TIME_NEVER;
}
