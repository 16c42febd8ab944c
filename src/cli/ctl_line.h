/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The control socket's request line (ctl_server.c), parsed without I/O so
 * that fuzz/ctl_line.c can reach it: what the client sent, cut at its
 * first CR or LF, then the verb and its arguments.
 */
#ifndef V6_CLI_CTL_LINE_H
#define V6_CLI_CTL_LINE_H

#include <stdbool.h>
#include <stddef.h>

struct ctl_line {
	const char *line; /* the request, NUL-terminated, without its newline */
	size_t verb_len;  /* the verb: line[0 .. verb_len), up to a space */
	const char *args; /* after the verb and a space; "" when none */
	bool zero;        /* "-z" among the arguments */
};

/* buf holds n bytes read (n < its size): terminate, cut and split it. */
void ctl_line_parse(char *buf, size_t n, struct ctl_line *out);

#endif
