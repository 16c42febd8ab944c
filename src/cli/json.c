/* SPDX-License-Identifier: BSD-2-Clause */
/* The streaming JSON writer (json.h). */
#include "cli/json.h"

void
v6_json_init(struct v6_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->more[0] = false;
}

void
v6_json_escape(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* The comma before a value and its key ("key":); false when too deep. */
static bool
json_member(struct v6_json *j, const char *key)
{
	if (j->depth > V6_JSON_DEPTH)
		return false;
	if (j->more[j->depth])
		fputc(',', j->f);
	j->more[j->depth] = true;
	if (key) {
		v6_json_escape(j->f, key);
		fputc(':', j->f);
	}
	return true;
}

void
v6_json_open(struct v6_json *j, const char *key, char bracket)
{
	/* At V6_JSON_DEPTH the value is left out, and all inside it. */
	if (j->depth < V6_JSON_DEPTH && json_member(j, key))
		fputc(bracket, j->f);
	j->depth++;
	if (j->depth <= V6_JSON_DEPTH) {
		j->more[j->depth] = false;
		j->closer[j->depth] = bracket == '{' ? '}' : ']';
	}
}

void
v6_json_close(struct v6_json *j)
{
	if (j->depth == 0)
		return;
	if (j->depth <= V6_JSON_DEPTH)
		fputc(j->closer[j->depth], j->f);
	j->depth--;
}

void
v6_json_str(struct v6_json *j, const char *key, const char *v)
{
	if (json_member(j, key))
		v6_json_escape(j->f, v);
}

void
v6_json_u64(struct v6_json *j, const char *key, uint64_t v)
{
	if (json_member(j, key))
		fprintf(j->f, "%llu", (unsigned long long)v);
}

void
v6_json_int(struct v6_json *j, const char *key, long long v)
{
	if (json_member(j, key))
		fprintf(j->f, "%lld", v);
}

void
v6_json_bool(struct v6_json *j, const char *key, bool v)
{
	if (json_member(j, key))
		fputs(v ? "true" : "false", j->f);
}

void
v6_json_null(struct v6_json *j, const char *key)
{
	if (json_member(j, key))
		fputs("null", j->f);
}

void
v6_json_end(struct v6_json *j)
{
	while (j->depth > 0)
		v6_json_close(j);
	fputc('\n', j->f);
}
