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

bool
ctl_glob_match(const char *pat, const char *name)
{
	const char *star = NULL, *resume = NULL;

	while (*name) {
		if (*pat == '*') {
			/* Remember it: on a mismatch later, it takes one more
			 * character and the rest of the pattern goes again. */
			star = ++pat;
			resume = name;
		} else if (*pat && (*pat == '?' ||
			   tolower((unsigned char)*pat) == tolower((unsigned char)*name))) {
			pat++;
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
