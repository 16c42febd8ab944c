/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * src/cli/json.c: the -j answers' writer: commas and nesting, and strings
 * escaped so that any bytes (a DNSSL domain from the wire) give valid JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/json.h"
#include "lib/t.h"

/* What the writer wrote into a memory stream, NUL-terminated. */
struct out {
	FILE *f;
	char *buf;
	size_t len;
};

static void
out_open(struct out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
}

static const char *
out_text(struct out *o)
{
	fflush(o->f);
	return o->buf;
}

static void
out_close(struct out *o)
{
	fclose(o->f);
	free(o->buf);
}

TEST(json_nesting_and_commas)
{
	struct out o;
	struct v6_json j;

	out_open(&o);
	v6_json_init(&j, o.f);
	v6_json_open(&j, NULL, '[');
	v6_json_open(&j, NULL, '{');
	v6_json_str(&j, "dst", "fe80::1");
	v6_json_null(&j, "router");
	v6_json_open(&j, "state", '[');
	v6_json_str(&j, NULL, "STALE");
	v6_json_close(&j);
	v6_json_close(&j);
	v6_json_open(&j, NULL, '{');
	v6_json_u64(&j, "metric", 1024);
	v6_json_int(&j, "pref", -1);
	v6_json_bool(&j, "tentative", true);
	v6_json_close(&j);
	v6_json_end(&j);
	CHECK_STR(out_text(&o),
	    "[{\"dst\":\"fe80::1\",\"router\":null,\"state\":[\"STALE\"]},"
	    "{\"metric\":1024,\"pref\":-1,\"tentative\":true}]\n");
	out_close(&o);
}

TEST(json_empty_array_and_unclosed_closed_at_end)
{
	struct out o;
	struct v6_json j;

	out_open(&o);
	v6_json_init(&j, o.f);
	v6_json_open(&j, NULL, '{');
	v6_json_open(&j, "v6stack", '{');
	v6_json_end(&j);
	CHECK_STR(out_text(&o), "{\"v6stack\":{}}\n");
	out_close(&o);
	out_open(&o);
	v6_json_init(&j, o.f);
	v6_json_open(&j, NULL, '[');
	v6_json_close(&j);
	v6_json_close(&j); /* one too many: ignored */
	v6_json_end(&j);
	CHECK_STR(out_text(&o), "[]\n");
	out_close(&o);
}

/* RFC 8259 7: quotation mark, reverse solidus and the control characters
 * must be escaped; DEL and bytes >= 0x80 are escaped too (as the code
 * point of the byte), so that bytes that are not UTF-8 stay valid JSON. */
TEST(json_strings_escaped)
{
	struct out o;
	struct v6_json j;

	out_open(&o);
	v6_json_init(&j, o.f);
	v6_json_str(&j, NULL, "a\"b\\c\nd\x01\x1f\x7f\xff/e");
	v6_json_end(&j);
	CHECK_STR(out_text(&o),
	    "\"a\\\"b\\\\c\\u000ad\\u0001\\u001f\\u007f\\u00ff/e\"\n");
	out_close(&o);
	out_open(&o);
	v6_json_init(&j, o.f);
	v6_json_open(&j, NULL, '{');
	v6_json_str(&j, "k\"", "");
	v6_json_end(&j);
	CHECK_STR(out_text(&o), "{\"k\\\"\":\"\"}\n");
	out_close(&o);
}

/* Deeper than V6_JSON_DEPTH: left out, what is around it still valid. */
TEST(json_too_deep_left_out)
{
	struct out o;
	struct v6_json j;
	char want[64] = "";

	out_open(&o);
	v6_json_init(&j, o.f);
	for (int i = 0; i < V6_JSON_DEPTH + 3; i++)
		v6_json_open(&j, NULL, '[');
	v6_json_u64(&j, NULL, 1);
	for (int i = 0; i < V6_JSON_DEPTH + 3; i++)
		v6_json_close(&j);
	v6_json_u64(&j, NULL, 2); /* at the top again: a second value */
	v6_json_end(&j);
	for (int i = 0; i < V6_JSON_DEPTH; i++)
		strcat(want, "[");
	for (int i = 0; i < V6_JSON_DEPTH; i++)
		strcat(want, "]");
	strcat(want, ",2\n");
	CHECK_STR(out_text(&o), want);
	out_close(&o);
}

T_MAIN()
