/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * v6stack explain: replay a capture into one core stack per node seen on
 * the link and say which frames a receiver with Linux's rules would not
 * accept or act on, why (the drop reason the stack counted) and what
 * follows for the conversation.
 */
#ifndef V6_CLI_EXPLAIN_H
#define V6_CLI_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Explain the capture buf[0..len) on out (JSON lines when json). Returns
 * 0, or -1 with a message in err when the capture cannot be read. */
int explain_run(const uint8_t *buf, size_t len, FILE *out, bool json,
    char *err, size_t errlen);

/* One line as tcpdump -n prints the frame's IPv6 packet, without the
 * timestamp ("IP6 A > B: ICMP6, neighbor solicitation, who has T, length 32"). */
void explain_summary(const uint8_t *frame, size_t len, char *buf, size_t cap);

#endif
