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
	bool zero;        /* "-z" among the arguments, a word of its own */
	bool json;        /* "-j" among the arguments, a word of its own */
};

/* buf holds n bytes read (n < its size): terminate, cut and split it. */
void ctl_line_parse(char *buf, size_t n, struct ctl_line *out);

/* Whether word is one of the space-separated words of args. */
bool ctl_line_has_word(const char *args, const char *word);

/* Whether name matches the shell-style pattern pat, ignoring case, as
 * nstat's patterns (fnmatch with FNM_CASEFOLD): '*' any run, '?' any one
 * character, "[...]" one of a set or range ("[!...]" one outside it), a
 * backslash the next character itself, every other character itself. In
 * time linear in strlen(pat) x strlen(name) at worst (one star
 * remembered, never a backtracking search: a pattern comes from the
 * control socket). */
bool ctl_glob_match(const char *pat, const char *name);

#endif
