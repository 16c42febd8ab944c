/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * radvd.conf's tokens and values (radvd_conf_lex.h), as radvd 2.19's
 * scanner reads them (radvd.conf(5)): words, { } ;, `#` comments to the
 * end of the line; on|off, low|medium|high, NUMBER, DECIMAL seconds,
 * infinity. Bounded: a word is at most RADVD_CONF_WORD_MAX bytes.
 */
#include "cli/radvd_conf_lex.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* "FILE:LINE: message" into err; returns -1. */
int
rc_fail(struct rc *x, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(x->err, x->errlen, "%s:%u: ", x->file, line);

	if (n < 0 || (size_t)n >= x->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(x->err + n, x->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool
rc_special(unsigned char c)
{
	return c == '{' || c == '}' || c == ';';
}

/* A byte of a word: printable ASCII other than blanks and { } ; (radvd's
 * string class and more; what a value accepts is checked by its reader). */
static bool
rc_wordch(unsigned char c)
{
	return c > ' ' && c < 0x7f && !rc_special(c);
}

/* The next token into x->tok: a word, one of { } ;, or the end. */
int
rc_next(struct rc *x)
{
	for (;;) {
		while (x->p < x->end && strchr(" \t\r\n", *x->p) && *x->p) {
			if (*x->p == '\n')
				x->line++;
			x->p++;
		}
		if (x->p == x->end || *x->p != '#')
			break;
		while (x->p < x->end && *x->p != '\n')
			x->p++;
	}
	x->tok.s = x->p;
	x->tok.line = x->line;
	x->tok.len = 0;
	if (x->p == x->end)
		return 0;
	if (rc_special((unsigned char)*x->p)) {
		x->tok.len = 1;
		x->p++;
		return 0;
	}
	while (x->p < x->end && rc_wordch((unsigned char)*x->p))
		x->p++;
	x->tok.len = (size_t)(x->p - x->tok.s);
	if (x->tok.len == 0)
		return rc_fail(x, x->line, "unexpected byte 0x%02x",
		    (unsigned char)*x->p);
	if (x->tok.len > RADVD_CONF_WORD_MAX)
		return rc_fail(x, x->line, "word longer than %d bytes",
		    RADVD_CONF_WORD_MAX);
	return 0;
}

bool
rc_is(const struct rc *x, const char *s)
{
	return x->tok.len == strlen(s) && !memcmp(x->tok.s, s, x->tok.len);
}

bool
rc_is_word(const struct rc *x)
{
	return x->tok.len > 0 && !rc_special((unsigned char)x->tok.s[0]);
}

/* The current token as a string (words fit: RADVD_CONF_WORD_MAX). */
void
rc_word(const struct rc *x, char *buf)
{
	memcpy(buf, x->tok.s, x->tok.len);
	buf[x->tok.len] = '\0';
}

/* What the current token is, for messages. */
int
rc_unexpected(struct rc *x, const char *want)
{
	if (x->tok.len == 0)
		return rc_fail(x, x->tok.line, "unexpected end of file (want %s)", want);
	return rc_fail(x, x->tok.line, "unexpected '%.*s' (want %s)",
	    (int)x->tok.len, x->tok.s, want);
}

/* The next token must be the character c. */
int
rc_expect(struct rc *x, const char *c)
{
	if (rc_next(x) < 0)
		return -1;
	if (!rc_is(x, c)) {
		char want[8];
		snprintf(want, sizeof(want), "'%s'", c);
		return rc_unexpected(x, want);
	}
	return 0;
}

/* Decimal digits, at most UINT32_MAX (radvd's NUMBER). */
int
rc_u32(const struct rc_tok *t, uint32_t *v)
{
	uint64_t n = 0;

	if (t->len == 0 || t->len > 10)
		return -1;
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			return -1;
		n = n * 10 + (uint64_t)(t->s[i] - '0');
	}
	if (n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

/* N or N.D seconds (radvd's NUMBER or DECIMAL) in milliseconds; digits
 * past the third decimal are dropped. At most 4294967 s. */
static int
rc_secs_ms(const struct rc_tok *t, uint32_t *ms)
{
	const char *dot = memchr(t->s, '.', t->len);
	struct rc_tok ip = { t->s, dot ? (size_t)(dot - t->s) : t->len, t->line };
	uint32_t s, frac = 0, scale = 100;

	if (rc_u32(&ip, &s) < 0 || s > UINT32_MAX / 1000 - 1)
		return -1;
	if (dot) {
		size_t nd = t->len - ip.len - 1;
		if (nd == 0)
			return -1;
		for (size_t i = 0; i < nd; i++) {
			char c = dot[1 + i];
			if (c < '0' || c > '9')
				return -1;
			frac += (uint32_t)(c - '0') * scale;
			scale /= 10;
		}
	}
	*ms = s * 1000 + frac;
	return 0;
}

/* VALUE ";" of option o into the struct at base. */
int
rc_value(struct rc *x, const struct rc_opt *o, void *base)
{
	char *dst = (char *)base + o->off;
	uint32_t u;
	bool inf;

	if (rc_next(x) < 0)
		return -1;
	if (o->line != L_NONE)
		x->lines[o->line] = x->tok.line;
	inf = rc_is(x, "infinity") &&
	    (o->kind == RC_LIFE_U32 || o->kind == RC_LIFE_I64);
	switch (o->kind) {
	case RC_BOOL:
		if (!rc_is(x, "on") && !rc_is(x, "off"))
			return rc_fail(x, x->tok.line, "%s: want on or off", o->name);
		*(bool *)(void *)dst = rc_is(x, "on");
		break;
	case RC_PREF:
		if (!rc_is(x, "low") && !rc_is(x, "medium") && !rc_is(x, "high"))
			return rc_fail(x, x->tok.line, "%s: want low, medium or high",
			    o->name);
		*(int *)(void *)dst = rc_is(x, "low") ? -1 : rc_is(x, "high") ? 1 : 0;
		break;
	case RC_SECS_MS:
		if (rc_secs_ms(&x->tok, (uint32_t *)(void *)dst) < 0)
			return rc_fail(x, x->tok.line, "%s: want seconds, e.g. 200 or 3.5",
			    o->name);
		break;
	case RC_U32:
	case RC_U8:
	case RC_I64:
	case RC_LIFE_U32:
	case RC_LIFE_I64:
		if (inf)
			u = V6_LIFETIME_INFINITE;
		else if (rc_u32(&x->tok, &u) < 0)
			return rc_fail(x, x->tok.line, "%s: want a number%s", o->name,
			    o->kind >= RC_LIFE_U32 ? " or infinity" : "");
		if (o->max && u > o->max)
			return rc_fail(x, x->tok.line, "%s must be at most %u", o->name,
			    o->max);
		if (o->kind == RC_U8)
			*(uint8_t *)(void *)dst = (uint8_t)u;
		else if (o->kind == RC_I64 || o->kind == RC_LIFE_I64)
			*(int64_t *)(void *)dst = u;
		else
			*(uint32_t *)(void *)dst = u;
		break;
	}
	return rc_expect(x, ";");
}

