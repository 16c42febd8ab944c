/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A streaming JSON writer for the control socket's -j answers (ctl_show.c),
 * as iproute2's json_writer: values go out as they are given, commas and
 * nesting kept here, nothing allocated. Strings are escaped: '"', '\\' and
 * every byte outside printable ASCII (control bytes, DEL, and bytes >= 0x80,
 * which may come from the wire, as a DNSSL domain) as \u00XX, so that any
 * input gives valid JSON.
 */
#ifndef V6_CLI_JSON_H
#define V6_CLI_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define V6_JSON_DEPTH 8 /* nesting kept; deeper values are not written */

struct v6_json {
	FILE *f;
	unsigned depth;
	bool more[V6_JSON_DEPTH + 1]; /* a value already written at this depth */
	char closer[V6_JSON_DEPTH + 1]; /* '}' or ']' of the open value */
};

void v6_json_init(struct v6_json *j, FILE *f);
/* A string, escaped, quotes included. */
void v6_json_escape(FILE *f, const char *s);
/* key: the member's name inside an object; NULL inside an array or at the
 * top. open takes '{' or '['; close ends the innermost open one. */
void v6_json_open(struct v6_json *j, const char *key, char bracket);
void v6_json_close(struct v6_json *j);
void v6_json_str(struct v6_json *j, const char *key, const char *v);
void v6_json_u64(struct v6_json *j, const char *key, uint64_t v);
void v6_json_int(struct v6_json *j, const char *key, long long v);
void v6_json_bool(struct v6_json *j, const char *key, bool v);
void v6_json_null(struct v6_json *j, const char *key);
/* The document's end: what is still open closed, then a newline, as ip -j
 * and nstat -j end theirs. */
void v6_json_end(struct v6_json *j);

#endif
