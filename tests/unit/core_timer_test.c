/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The timer queue (core/timer.c): one binary min-heap of every deadline
 * of the stack. v6_poll pops due timers in deadline order and returns the
 * earliest left; arming an armed timer moves it; cancelling one anywhere
 * in the heap keeps the order of the others. Driven directly, with the
 * heap checked after every change: each entry's slot is its index, and no
 * child is due before its parent.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "core/timer.h"
#include "lib/t.h"

#define N 300

/* Is q a min-heap whose entries know their slots? */
static bool
heap_ok(const struct v6_timerq *q)
{
	for (uint32_t i = 0; i < q->n; i++) {
		if (q->heap[i]->slot != (int32_t)i)
			return false;
		if (i > 0 && q->heap[(i - 1) / 2]->when > q->heap[i]->when)
			return false;
	}
	return true;
}

static struct v6_timerq
queue(uint32_t cap)
{
	struct v6_timerq q;

	if (v6_timerq_init(&q, cap) < 0)
		abort();
	return q;
}

/* A deterministic sequence of deadlines with repeats (xorshift32). */
static uint32_t
next_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

TEST(init_leaves_a_timer_unarmed_and_the_queue_empty)
{
	struct v6_timerq q = queue(4);
	struct v6_timer t;

	v6_timer_init(&t, V6_TIMER_ROUTE);
	CHECK_EQ(t.slot, -1);
	CHECK_EQ(t.when, V6_TIME_NEVER);
	CHECK_EQ(t.kind, V6_TIMER_ROUTE);
	CHECK_EQ(q.n, 0);
	CHECK_EQ(q.cap, 4);
	CHECK_EQ(v6_timer_next(&q), V6_TIME_NEVER);
	CHECK(v6_timer_pop_due(&q, UINT64_MAX - 1) == NULL);
	v6_timerq_free(&q);
	CHECK(q.heap == NULL);
}

TEST(pop_due_returns_timers_in_deadline_order_and_only_when_due)
{
	struct v6_timerq q = queue(8);
	struct v6_timer t[5];
	const v6_time_t when[5] = { 50, 10, 40, 20, 30 };

	for (int i = 0; i < 5; i++) {
		v6_timer_init(&t[i], V6_TIMER_NEIGH);
		v6_timer_arm(&q, &t[i], when[i]);
		CHECK(heap_ok(&q));
	}
	CHECK_EQ(q.n, 5);
	CHECK_EQ(v6_timer_next(&q), 10);
	CHECK(v6_timer_pop_due(&q, 9) == NULL);
	/* Due exactly at its deadline. */
	CHECK(v6_timer_pop_due(&q, 10) == &t[1]);
	CHECK_EQ(t[1].slot, -1);
	CHECK_EQ(t[1].when, V6_TIME_NEVER);
	CHECK(v6_timer_pop_due(&q, 10) == NULL);
	/* A late poll runs everything due, earliest first. */
	CHECK(v6_timer_pop_due(&q, 45) == &t[3]);
	CHECK(v6_timer_pop_due(&q, 45) == &t[4]);
	CHECK(v6_timer_pop_due(&q, 45) == &t[2]);
	CHECK(v6_timer_pop_due(&q, 45) == NULL);
	CHECK_EQ(v6_timer_next(&q), 50);
	CHECK(heap_ok(&q));
	v6_timerq_free(&q);
}

TEST(arming_an_armed_timer_moves_it_without_a_second_entry)
{
	struct v6_timerq q = queue(4);
	struct v6_timer a, b;

	v6_timer_init(&a, V6_TIMER_ADDR);
	v6_timer_init(&b, V6_TIMER_ADDR);
	v6_timer_arm(&q, &a, 100);
	v6_timer_arm(&q, &b, 200);
	v6_timer_arm(&q, &a, 300); /* later: b is first now */
	CHECK_EQ(q.n, 2);
	CHECK(heap_ok(&q));
	CHECK_EQ(v6_timer_next(&q), 200);
	v6_timer_arm(&q, &a, 5); /* sooner again */
	CHECK_EQ(q.n, 2);
	CHECK_EQ(v6_timer_next(&q), 5);
	CHECK(v6_timer_pop_due(&q, 1000) == &a);
	CHECK(v6_timer_pop_due(&q, 1000) == &b);
	CHECK(v6_timer_pop_due(&q, 1000) == NULL);
	v6_timerq_free(&q);
}

TEST(cancel_removes_from_anywhere_and_is_harmless_when_unarmed)
{
	struct v6_timerq q = queue(N);
	struct v6_timer t[16];

	for (int i = 0; i < 16; i++) {
		v6_timer_init(&t[i], V6_TIMER_FRAG);
		v6_timer_arm(&q, &t[i], (v6_time_t)(1000 - 10 * i));
	}
	/* The root, a leaf and one in the middle. */
	v6_timer_cancel(&q, &t[15]);
	v6_timer_cancel(&q, &t[0]);
	v6_timer_cancel(&q, &t[7]);
	CHECK_EQ(q.n, 13);
	CHECK(heap_ok(&q));
	CHECK_EQ(t[7].slot, -1);
	CHECK_EQ(t[7].when, V6_TIME_NEVER);
	/* Twice, and an unarmed one: nothing changes. */
	v6_timer_cancel(&q, &t[7]);
	CHECK_EQ(q.n, 13);
	CHECK(heap_ok(&q));
	CHECK_EQ(v6_timer_next(&q), 1000 - 10 * 14);
	int popped = 0;
	for (struct v6_timer *p; (p = v6_timer_pop_due(&q, 2000)) != NULL; popped++) {
		CHECK(p != &t[0] && p != &t[7] && p != &t[15]);
		CHECK(heap_ok(&q));
	}
	CHECK_EQ(popped, 13);
	v6_timerq_free(&q);
}

TEST(many_timers_with_equal_deadlines_pop_sorted)
{
	struct v6_timerq q = queue(N);
	static struct v6_timer t[N];
	uint32_t x = 2463534242u;
	v6_time_t prev = 0;
	int n = 0;

	for (int i = 0; i < N; i++) {
		v6_timer_init(&t[i], V6_TIMER_NEIGH);
		/* Deadlines in [0, 64): many equal ones. */
		v6_timer_arm(&q, &t[i], next_rand(&x) % 64);
	}
	CHECK_EQ(q.n, N);
	CHECK(heap_ok(&q));
	/* Move a third of them, cancel another third. */
	for (int i = 0; i < N; i += 3)
		v6_timer_arm(&q, &t[i], next_rand(&x) % 64);
	for (int i = 1; i < N; i += 3)
		v6_timer_cancel(&q, &t[i]);
	CHECK(heap_ok(&q));
	for (;;) {
		v6_time_t w = v6_timer_next(&q);
		struct v6_timer *p = v6_timer_pop_due(&q, 63);
		if (!p)
			break;
		/* The one popped was the earliest: deadlines never decrease. */
		CHECK(w >= prev);
		prev = w;
		CHECK(p->when == V6_TIME_NEVER && p->slot == -1);
		CHECK((p - t) % 3 != 1);
		CHECK(heap_ok(&q));
		n++;
	}
	CHECK_EQ(n, N - N / 3);
	CHECK_EQ(q.n, 0);
	v6_timerq_free(&q);
}

TEST(the_queue_holds_its_capacity)
{
	struct v6_timerq q = queue(3);
	struct v6_timer t[4];

	for (int i = 0; i < 4; i++) {
		v6_timer_init(&t[i], V6_TIMER_RS);
		v6_timer_arm(&q, &t[i], (v6_time_t)(10 + i));
	}
	/* The stack sizes the queue for every timer it owns (v6_stack_new);
	 * past the capacity a timer stays unarmed rather than overrun. */
	CHECK_EQ(q.n, 3);
	CHECK_EQ(t[3].slot, -1);
	CHECK(heap_ok(&q));
	v6_timerq_free(&q);
}

T_MAIN()
