/* SPDX-License-Identifier: BSD-2-Clause */
/* v6stack explain, what it prints (explain_out.c): findings, the
 * conversations and the summary per address pair, as text or JSON lines. */
#ifndef V6_CLI_EXPLAIN_OUT_H
#define V6_CLI_EXPLAIN_OUT_H

#include "cli/explain_int.h"

/* Frame f, received by n, dropped for reason (partial: accepted, part of
 * it ignored for reason). */
void ex_out_finding(struct explain *x, const struct ex_node *n,
    const struct cap_frame *f, int reason, bool partial);
void ex_out_timer_drop(struct explain *x, const struct ex_node *n, int reason,
    const uint8_t *frame, size_t len);
void ex_out_truncated(struct explain *x, const struct cap_frame *f);
void ex_pair_count(struct explain *x, const struct cap_frame *f);
void ex_out_end(struct explain *x, const struct cap_reader *r);

#endif
