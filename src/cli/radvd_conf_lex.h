/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * radvd.conf's tokens and values (radvd_conf_lex.c), shared by the
 * grammar of radvd_conf.c only: not an interface of its own.
 */
#ifndef V6_CLI_RADVD_CONF_LEX_H
#define V6_CLI_RADVD_CONF_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/radvd_conf.h"

struct rc_tok {
	const char *s;
	size_t len; /* 0: end of input */
	unsigned line;
};

/* The lines of the options the checks at the end of a block report. */
enum rc_line { L_NONE, L_MIN, L_MAX, L_DEFLT, L_MTU, L_N };

struct rc {
	const char *file;
	const char *p, *end;
	unsigned line;
	char *err;
	size_t errlen;
	struct rc_tok tok;
	unsigned lines[L_N];
	unsigned rdnss_line[V6_RADV_MAX_RDNSS], dnssl_line[V6_RADV_MAX_DNSSL];
};

/* How an option's value is read and stored (at off in its struct). */
enum rc_kind {
	RC_BOOL,     /* on|off into bool */
	RC_PREF,     /* low|medium|high into int, RFC 4191 2.1: -1, 0, +1 */
	RC_SECS_MS,  /* N or N.D seconds into uint32_t milliseconds */
	RC_U32,      /* N (at most max) into uint32_t */
	RC_U8,       /* N (at most max) into uint8_t */
	RC_I64,      /* N (at most max) into int64_t */
	RC_LIFE_U32, /* N|infinity into uint32_t */
	RC_LIFE_I64, /* N|infinity into int64_t */
};

struct rc_opt {
	const char *name;
	enum rc_kind kind;
	size_t off;
	uint32_t max;
	enum rc_line line;
};

int rc_fail(struct rc *x, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The next token into x->tok: a word, one of { } ;, or the end. */
int rc_next(struct rc *x);
bool rc_is(const struct rc *x, const char *s);
bool rc_is_word(const struct rc *x);
/* The current token as a string (buf of RADVD_CONF_WORD_MAX + 1). */
void rc_word(const struct rc *x, char *buf);
/* "unexpected 'TOKEN' (want WANT)"; -1. */
int rc_unexpected(struct rc *x, const char *want);
/* The next token must be the character c. */
int rc_expect(struct rc *x, const char *c);
/* Decimal digits, at most UINT32_MAX (radvd's NUMBER). 0 or -1. */
int rc_u32(const struct rc_tok *t, uint32_t *v);
/* VALUE ";" of option o into the struct at base. */
int rc_value(struct rc *x, const struct rc_opt *o, void *base);

#endif
