/* SPDX-License-Identifier: BSD-2-Clause */
/* The control socket's request line (ctl_line.h). */
#include <ctype.h>
#include <string.h>

#include "cli/ctl_line.h"

void
ctl_line_parse(char *buf, size_t n, struct ctl_line *out)
{
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	out->line = buf;
	out->verb_len = strcspn(buf, " ");
	out->args = buf + out->verb_len;
	if (*out->args == ' ')
		out->args++;
	out->zero = ctl_line_has_word(out->args, "-z");
	out->json = ctl_line_has_word(out->args, "-j");
}

bool
ctl_line_has_word(const char *args, const char *word)
{
	size_t wl = strlen(word);

	for (const char *p = args + strspn(args, " "); *p; p += strspn(p, " ")) {
		size_t l = strcspn(p, " "); /* > 0: p is at a word */
		if (l == wl && !memcmp(p, word, wl))
			return true;
		p += l;
	}
	return false;
}

/* One character of a bracket expression at *p (a backslash makes the next
 * one itself), and *p past it. */
static int
glob_class_char(const char **p)
{
	if (**p == '\\' && (*p)[1])
		(*p)++;
	return (unsigned char)*(*p)++;
}

/* Whether the POSIX class named name .. end ("alpha" of "[:alpha:]")
 * exists, and then whether c is in it: *in. */
static bool
glob_posix_class(const char *name, const char *end, int c, bool *in)
{
	static const struct {
		const char *name;
		int (*is)(int);
	} classes[] = {
		{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
		{ "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
		{ "lower", islower }, { "print", isprint }, { "punct", ispunct },
		{ "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
	};

	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strlen(classes[i].name) == (size_t)(end - name) &&
		    !memcmp(classes[i].name, name, (size_t)(end - name))) {
			*in = classes[i].is(c) != 0;
			return true;
		}
	return false;
}

/* The bracket expression at pat (its '['), as glibc's fnmatch reads it: a
 * ']' first is a member; "a-z" is a range, a '-' first or last itself;
 * "[:alpha:]" and the other POSIX classes (an unknown name is characters;
 * a class as a range's end makes a pattern that matches nothing). Case is ignored as glibc's
 * FNM_CASEFOLD does: the character and a range's ends in lower case, a
 * class tested on the character as it is. No collating symbols ("[.x.]")
 * or equivalence classes ("[=x=]"): their brackets are characters. */
enum glob_class { GLOB_INCOMPLETE, GLOB_IN, GLOB_OUT, GLOB_INVALID };

static enum glob_class
glob_class(const char *pat, unsigned char c, const char **next)
{
	const int lc = tolower(c);
	const char *p = pat + 1;
	bool negate = *p == '!' || *p == '^', in = false;

	p += negate;
	for (bool first = true; first || *p != ']'; first = false) {
		const char *cls_end;
		bool in_class;
		int lo, hi;
		if (*p == '\0' || (*p == '\\' && p[1] == '\0'))
			return GLOB_INCOMPLETE;
		if (p[0] == '[' && p[1] == ':' && (cls_end = strstr(p + 2, ":]")) &&
		    glob_posix_class(p + 2, cls_end, c, &in_class)) {
			in |= in_class;
			p = cls_end + 2;
			continue;
		}
		lo = hi = glob_class_char(&p);
		if (*p == '-' && p[1] && p[1] != ']') {
			p++;
			if (*p == '\\' && p[1] == '\0')
				return GLOB_INCOMPLETE;
			if (p[0] == '[' && p[1] == ':' && strstr(p + 2, ":]"))
				return GLOB_INVALID; /* a class as a range's end */
			hi = glob_class_char(&p);
		}
		in |= lc >= tolower(lo) && lc <= tolower(hi);
	}
	*next = p + 1;
	return in != negate ? GLOB_IN : GLOB_OUT;
}

/* The element of the pattern at pat, one character long in the name:
 * whether it matches c, and where the pattern goes on. fnmatch(3)'s rules:
 * '?' any; a backslash makes the next character itself (a last one matches
 * nothing); "[...]" one of a set; a '[' without its ']' is itself. */
static bool
glob_one(const char *pat, unsigned char c, const char **next)
{
	if (*pat == '?') {
		*next = pat + 1;
		return true;
	}
	if (*pat == '\\') {
		if (!pat[1])
			return false;
		pat++;
	} else if (*pat == '[') {
		enum glob_class r = glob_class(pat, c, next);
		if (r != GLOB_INCOMPLETE)
			return r == GLOB_IN;
	}
	*next = pat + 1;
	return tolower((unsigned char)*pat) == tolower(c);
}

bool
ctl_glob_match(const char *pat, const char *name)
{
	const char *star = NULL, *resume = NULL, *next;

	while (*name) {
		if (*pat == '*') {
			/* Remember it: on a mismatch later, it takes one more
			 * character and the rest of the pattern goes again.
			 * Every other element is one character of the name, so
			 * the last star is the only one that needs to move. */
			star = ++pat;
			resume = name;
		} else if (*pat && glob_one(pat, (unsigned char)*name, &next)) {
			pat = next;
			name++;
		} else if (star) {
			pat = star;
			name = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}
